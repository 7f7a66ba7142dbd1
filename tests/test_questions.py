"""Question-list builder: logic, plain language, the live view by clicks, and the static page in a real browser."""

from __future__ import annotations

import base64
import html
import re

import pytest
import textstat

from secondline.views.live.questions import QuestionListView
from secondline.views.logic.questions import MAX_LEN, PAGE, SUGGESTED_MAX, TOO_MANY, build, own_questions
from secondline.views.static.questions import printable, render


@pytest.fixture(scope="module")
def bank(content):
    assert content.question_bank is not None, "content/question-bank.yml is missing"
    return content.question_bank


def first_ids(bank, n):
    return [q.id for g in bank.groups for q in g.questions][:n]


# ---------------------------------------------------------------- content and plain language

GROUPS = ["compare", "side-effects", "other-options", "waiting", "after-this-line", "trials", "what-to-expect",
          "costs-schedule", "quality-of-life"]


def test_bank_has_every_group(bank):
    """Does the bank have the nine groups the curriculum promises, in order, each with questions?"""
    assert [g.id for g in bank.groups] == GROUPS
    assert all(len(g.questions) >= 3 for g in bank.groups)


def grade(texts) -> float:
    """Flesch-Kincaid grade of short texts read together (the formula is meaningless on a two-word title)."""
    return textstat.flesch_kincaid_grade(" ".join(t if t.rstrip()[-1:] in ".?!:" else t + "." for t in texts))


def test_patient_facing_text_is_grade_8_or_below(bank):
    """Are the questions, the group titles, the reminder and the printed page's words at grade 8 or below?"""
    questions = [q.text for g in bank.groups for q in g.questions]
    assert grade(questions) <= 8
    assert grade([g.title for g in bank.groups]) <= 8
    assert grade([bank.reminder]) <= 8
    assert grade([*PAGE.values(), TOO_MANY]) <= 8
    for g in bank.groups:  # no group on its own drifts far above the target either
        assert grade([q.text for q in g.questions]) <= 9, g.id


# ---------------------------------------------------------------- logic

def test_build_keeps_bank_order_and_adds_own(bank):
    """Are picked questions grouped in bank order (not click order), with the learner's own questions last?"""
    ids = first_ids(bank, 6)
    qlist = build(bank, reversed(ids), "What about my dog?\n\n  What about   my dog?  \nCan I travel?")
    flat = [q for _, qs in qlist.sections for q in qs]
    bank_texts = [q.text for g in bank.groups for q in g.questions if q.id in ids]
    assert flat == bank_texts + ["What about my dog?", "Can I travel?"]
    assert qlist.sections[-1][0] == PAGE["own"] and qlist.count == 8


def test_build_rejects_unknown_id(bank):
    """Is an unknown question id refused by name?"""
    with pytest.raises(KeyError, match="qb-nope"):
        build(bank, ["qb-nope"])


def test_own_questions_limits_are_clear():
    """Is an over-long question refused with its line number, and too many questions refused, losing nothing silently?"""
    with pytest.raises(ValueError, match="line 2"):
        own_questions(["ok", "x" * (MAX_LEN + 1)])
    with pytest.raises(ValueError, match="11 questions"):
        own_questions([f"Question {i}?" for i in range(11)])


def test_advice_for_empty_and_long_lists(bank):
    """Does an empty list ask for a pick, and a very long list suggest a shorter one?"""
    assert build(bank, []).advice.startswith("Pick at least one")
    assert build(bank, first_ids(bank, SUGGESTED_MAX + 1)).advice == TOO_MANY
    assert build(bank, first_ids(bank, 3)).advice is None


def test_printable_page_escapes_and_has_room_to_write(bank):
    """Does the printed page escape typed text, show the reminder, and leave an answer line per question?"""
    qlist = build(bank, first_ids(bank, 2), "<script>alert(1)</script>")
    page = printable(qlist)
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert page.count('class="answer"') == 3 and html.escape(bank.reminder, quote=True) in page
    assert '<html lang="en">' in page and PAGE["companion"] in page


# ---------------------------------------------------------------- live view

def test_live_view_makes_list_and_download(bank):
    """Ticking boxes, typing a question and clicking Make: does the preview and the downloadable page hold them?"""
    events = []
    view = QuestionListView(bank, on_event=events.append)
    ids = first_ids(bank, 3)
    for qid in ids:
        view.picks[qid].value = True
    view.own.value = "Can I still go to my grandson's wedding in May?"
    view.make.click()
    assert "Your list has 4 questions" in view.feedback.value
    for qid in ids:
        assert html.escape(view.picks[qid].description, quote=True) in view.preview.value
    data = re.search(r"base64,([A-Za-z0-9+/=]+)", view.download.value).group(1)
    page = base64.b64decode(data).decode()
    assert "grandson&#x27;s wedding" in page and PAGE["title"] in page
    assert events == [{"kind": "question-list", "id": "question-bank", "count": 4}], "typed text must never be recorded"


def test_live_view_empty_and_error(bank):
    """With nothing picked, or an over-long typed question, does the view say what to do and keep the typing?"""
    view = QuestionListView(bank)
    view.make.click()
    assert "Pick at least one" in view.feedback.value and view.download.value == ""
    view.own.value = "y" * (MAX_LEN + 5)
    view.make.click()
    assert "under 300 characters" in view.feedback.value and view.own.value == "y" * (MAX_LEN + 5)


def test_static_view_structure(bank):
    """Does the static builder have a labelled checkbox per question, a labelled text box and a live region?"""
    out = render(bank, runtime=False)
    n = sum(len(g.questions) for g in bank.groups)
    assert out.count('type="checkbox"') == n and out.count("<legend>") == len(bank.groups)
    assert 'for="sl-qb-own"' in out and 'id="sl-qb-own"' in out and 'aria-live="polite"' in out


# ---------------------------------------------------------------- in a real browser

def test_static_builder_in_browser(bank, tmp_path):
    """In Chromium with no kernel: tick, type (with markup), make; is the downloaded page right, and does it print on
    one sheet (two pages at most), with a box to write in under each question?"""
    from browser import browser_page

    f = tmp_path / "qb.html"
    f.write_text(f'<!doctype html><html lang="en"><body>{render(bank)}</body></html>')
    texts = [q.text for g in bank.groups for q in g.questions]
    with browser_page() as page:
        page.goto(f.as_uri())
        for t in texts[:9]:
            page.get_by_label(t, exact=True).check()
        page.get_by_label("My own questions").fill("Is it safe to <b>garden</b>?")
        page.get_by_role("button", name="Make my list").click()
        assert "Your list has 10 questions" in page.locator(".sl-feedback").inner_text()
        link = page.get_by_role("link", name="Download the list (HTML)")
        assert link.is_visible()
        doc = page.evaluate("async (u) => await (await fetch(u)).text()", link.get_attribute("href"))
        assert "Is it safe to &lt;b&gt;garden&lt;/b&gt;?" in doc and all(html.escape(t, quote=False) in doc for t in texts[:9])
        page.set_content(doc)
        pdf = page.pdf(format="Letter", print_background=True)
        (tmp_path / "list.pdf").write_bytes(pdf)
        assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 2, "a 10-question list should print on one sheet"
        page.emulate_media(media="print")
        heights = page.evaluate("() => [...document.querySelectorAll('li .answer')].map(a => a.offsetHeight)")
        assert len(heights) == 10 and min(heights) >= 0.9 * 96, heights
        page.screenshot(path=str(tmp_path / "list.png"), full_page=True)
