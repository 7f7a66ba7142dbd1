"""Values exercise: the patient's priorities in her words become the same questions about EVERY option; nothing scores,
tallies, matches or ranks an option (issue 12). Logic, live widgets read back by value, static view, and the browser."""

from __future__ import annotations

import base64
import html
import inspect
import itertools
import re

import pytest
import yaml

from secondline.content.errors import ContentError
from secondline.content.load import load
from secondline.content.schema import DecisionPath, Weighing
from secondline.notebook import ModuleBook
from secondline.views.live.weighing import WeighingView
from secondline.views.logic import weighing as logic
from secondline.views.logic.weighing import LEVELS, MAX_PRIORITIES, QuestionSheet, priorities, sheet
from secondline.views.static import asset
from secondline.views.static import weighing as static
from secondline.views.static.weighing import printable, render, sheet_html

M01 = "modules/01-lines-of-treatment"

WEIGHING_YML = """\
exercises:
  - id: lines-w1
    title: What matters to a fictional patient
    case: >-
      Ms. Test, a fictional patient of 60, has heard that her first treatment stopped working. Her oncologist
      has talked about a second-line treatment, a clinical trial, and focusing on comfort.
    says:
      - Time with my grandson matters most.
      - I hate feeling sick.
    prompts:
      - What are you hoping for?
      - What worries you most?
    factors:
      - {id: benefit, label: The chance of benefit, question: "How likely is this option to help me?"}
      - {id: side-effects, label: Side effects, question: "What side effects could this option bring?"}
      - {id: costs, label: Costs, question: "What would this option cost me?"}
      - {id: schedule, label: Visits, question: "How often would I need visits with this option?"}
      - {id: quality-of-life, label: Daily life, question: "How might this option change my days?"}
      - {id: family-time, label: Time with family, question: "How would this option affect my time with family?"}
    paths:
      - id: next-line
        label: Second-line treatment
        description: The treatment her oncologist offers; it may slow the cancer for some people.
      - id: trial
        label: A clinical trial
        description: A study of a newer treatment; no one can promise it will help.
      - id: comfort
        label: A focus on comfort
        description: Treatment aimed at the cancer pauses or stops, and care goes on.
    closing: >-
      There is no single right answer. Ms. Test decides with her care team; a navigator helps her ask and never
      chooses for her.
"""

ROWS = [("Time with my grandson", "How would this option affect my time with my grandson?", 0),
        ("Not feeling sick", "What side effects could this option bring?", 1),
        ("Staying out of hospital", "How often would I need to be in hospital with this option?", 2)]
# Words that would mean an option is being judged, counted or put in order; none may appear about an option.
JUDGING = re.compile(r"\b(best|better|worse|fits?|match(es)?|lines? up|scores?|ranks?|ranked|recommend\w*|"
                     r"points?|tally|count)\b", re.I)


@pytest.fixture(scope="module")
def ex():
    return Weighing.model_validate(yaml.safe_load(WEIGHING_YML)).exercises[0]


def words(value: str) -> str:
    """The visible words of some HTML: style and script blocks and tags dropped, spaces collapsed. The printable
    page a view carries as escaped text in a template is read as the page it becomes (its words, not its CSS)."""
    value = re.sub(r'<template class="sl-w-page">(.*?)</template>', lambda m: html.unescape(m.group(1)), value,
                   flags=re.S)
    value = re.sub(r"<(style|script)\b.*?</\1>", " ", value, flags=re.S | re.I)
    inline = re.sub(r"</?(span|strong|em|a)\b[^>]*>", "", value)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def options_part(out: str, questions) -> str:
    """The options part of a rendered sheet or page with the learner's own questions removed."""
    for q in questions:
        out = out.replace(html.escape(q, quote=True), "")
    start = out.index('data-sl-path="')
    return out[start:]


def fill(view: WeighingView, rows) -> None:
    for i, (value, question, level) in enumerate(rows):
        view.values[i].value, view.questions[i].value, view.levels[i].value = value, question, level


# ---------------------------------------------------------------- logic

def test_every_option_gets_the_same_questions_in_content_order(ex):
    """Does the sheet list EVERY option, in content order, each with exactly the same questions?"""
    s = sheet(ex, ROWS)
    assert [o.id for o, _ in s.per_option] == ["next-line", "trial", "comfort"]
    assert {qs for _, qs in s.per_option} == {tuple(q for _, q, _ in ROWS)}
    text = s.text()
    assert text.count("How would this option affect my time with my grandson?") == 3
    assert logic.NEUTRAL in text


def test_ratings_order_her_priorities_never_the_options(ex):
    """For all 27 ways to rate three priorities, do the options keep their order and carry the same questions?"""
    order = [p.id for p in ex.paths]
    for levels in itertools.product(range(len(LEVELS)), repeat=3):
        rows = [(v, q, lv) for (v, q, _), lv in zip(ROWS, levels, strict=True)]
        s = sheet(ex, rows)
        assert [o.id for o in s.options] == order
        assert [p.level for p in s.priorities] == sorted(levels)
        assert all(qs == s.questions for _, qs in s.per_option)


def test_logic_exposes_no_scoring_function():
    """Does the logic module offer nothing that scores, ranks, tallies or matches an option?"""
    names = [n for n, v in vars(logic).items() if callable(v) and not n.startswith("__")]
    bad = [n for n in names if re.search(r"score|rank|tally|count|match|fit|best|recommend|reflect|compare", n, re.I)]
    assert not bad
    for cls in (logic.QuestionSheet, logic.Priority):
        members = [n for n, _ in inspect.getmembers(cls) if not n.startswith("_")]
        assert not [n for n in members if re.search(r"score|rank|tally|count|match|fit|best", n, re.I)], members
    assert "fits" not in DecisionPath.model_fields and not hasattr(WeighingView, "compare")


def test_blank_rows_are_dropped_and_ties_keep_the_learner_order():
    """Are blank rows dropped, and priorities of equal weight kept in the order the learner wrote them?"""
    ps = priorities([("", "", 1), ("B", "Qb?", 1), ("A", "Qa?", 0), ("C", "Qc?", 1)])
    assert [p.text for p in ps] == ["A", "B", "C"]
    assert priorities([("  ", " ", 0)]) == ()


@pytest.mark.parametrize(("rows", "message"), [
    ([("Time with family", "", 0)], "Write the question that this priority raises"),
    ([("", "What would it cost?", 0)], logic.EMPTY),
    ([("x" * 201, "Q?", 0)], "row 1: the priority is 201 characters long"),
    ([("A", "Q?", 3)], "row 1: how much it matters must be a whole number from 0 to 2, not 3"),
    ([("A", "Q?", True)], "not True"),
    ([("A", 5, 0)], "row 1: the question must be text, not 5"),
    ([("A", "Q?", 0)] * (MAX_PRIORITIES + 1), f"use at most {MAX_PRIORITIES} priorities"),
])
def test_bad_rows_are_refused_with_a_clear_message(ex, rows, message):
    """Is a priority without a question (or the reverse), an unknown level, or too much text refused, saying why?"""
    with pytest.raises(ValueError, match=re.escape(message)):
        sheet(ex, rows)


# ---------------------------------------------------------------- no option is ever judged

def test_rendered_options_never_change_with_the_ratings(ex):
    """With different ratings, are the rendered options (order and words, apart from the questions) identical, with no
    counts, scores or judging words?"""
    seen = set()
    for levels in itertools.product(range(len(LEVELS)), repeat=3):
        rows = [(v, q, lv) for (v, q, _), lv in zip(ROWS, levels, strict=True)]
        s = sheet(ex, rows)
        questions = [q for _, q, _ in rows]
        for out in (sheet_html(ex, s), printable(ex, s)):
            part = options_part(out, questions)
            visible = words(part)
            assert [m for m in re.findall(r'data-sl-path="([^"]+)"', part)] == ["next-line", "trial", "comfort"]
            assert not re.search(r"\d", visible), visible
            assert not JUDGING.search(visible.replace(logic.NEUTRAL, "")), visible
            seen.add(part)
    assert len(seen) == 2  # one for the sheet, one for the printed page: the same whatever the ratings


def test_no_option_is_judged_anywhere_in_the_exercise(ex):
    """Do the static view and the live view name every option without judging, counting or ranking any of them?"""
    for out in (render(ex, runtime=False), WeighingView(ex).static_html):
        visible = words(out).replace(logic.NEUTRAL, "")
        for p in ex.paths:
            assert html.escape(p.label, quote=True) in out
        assert not JUDGING.search(visible), JUDGING.search(visible)
    js = asset("weighing.js")
    assert not re.search(r"\b(score|rank|tally|fits|match)\w*\s*[=(]", js)
    assert "data-sl-path" not in js.split("function sheet")[0]  # reading the rows never looks at the options


# ---------------------------------------------------------------- live view

def test_live_fields_are_named_and_read_back_from_the_widgets(ex):
    """Is there a named text field pair and level per row, and does rows() read back what was typed and chosen?"""
    view = WeighingView(ex)
    assert len(view.values) == len(view.questions) == len(view.levels) == MAX_PRIORITIES
    assert view.values[0].description == static.VALUE_LABEL and view.questions[0].description == static.QUESTION_LABEL
    assert [label for label, _ in view.levels[0].options] == list(LEVELS)
    fill(view, ROWS)
    assert view.rows()[:3] == ROWS
    assert view.rows()[3] == ("", "", logic.DEFAULT_LEVEL)


def test_live_make_shows_priorities_and_every_option_with_the_same_questions(ex):
    """After typing and clicking Make, does the feedback list her priorities by weight and every option with the same
    questions, and offer the printable page?"""
    events = []
    view = WeighingView(ex, on_event=events.append)
    fill(view, [ROWS[2], ROWS[0], ROWS[1]])
    view.make.click()
    text = words(view.feedback.value)
    assert text.index("Time with my grandson") < text.index("Not feeling sick") < text.index("Staying out of hospital")
    for p in ex.paths:
        assert p.label in text
    assert text.count(ROWS[0][1]) == len(ex.paths)
    assert 'role="status" aria-live="polite"' in view.feedback.value
    assert view.last and [o.id for o in view.last.options] == ["next-line", "trial", "comfort"]
    data = re.search(r'base64,([A-Za-z0-9+/=]+)"', view.download.value).group(1)
    page = base64.b64decode(data).decode("utf-8")
    assert logic.PAGE["title"] in page and page.count(html.escape(ROWS[0][1], quote=True)) == len(ex.paths)
    assert events == [{"kind": "weighing", "id": "lines-w1", "action": "questions", "count": 3}]


def test_live_make_refuses_empty_and_half_rows(ex):
    """With nothing typed, or a priority without its question, does Make say what to do and offer no page?"""
    view = WeighingView(ex)
    view.make.click()
    assert logic.EMPTY in words(view.feedback.value) and view.download.value == ""
    view.values[1].value = "Time with my grandson"
    view.make.click()
    assert "Write the question that this priority raises" in words(view.feedback.value)
    assert view.download.value == "" and view.last is None


def test_live_view_keeps_no_typed_words(ex):
    """Does the event for the progress record carry only a count, never the words typed about the patient?"""
    events = []
    view = WeighingView(ex, on_event=events.append)
    fill(view, ROWS[:1])
    view.make.click()
    assert set(events[-1]) == {"kind", "id", "action", "count"}
    assert "grandson" not in repr(events)


def test_mimebundle_carries_static_twin(ex):
    """Does the widget's mimebundle carry the static HTML as its text/html fallback?"""
    bundle = WeighingView(ex)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and bundle["text/html"] == render(ex, runtime=False)


# ---------------------------------------------------------------- static view

def test_static_fields_are_labelled_and_keyboard_reachable(ex):
    """Is every field a native, labelled input or select (keyboard reachable), with a live region for the result?"""
    out = render(ex, runtime=False)
    for n in range(1, MAX_PRIORITIES + 1):
        for kind in ("v", "q", "l"):
            fid = f"sl-lines-w1-{kind}{n}"
            assert f'<label for="{fid}">' in out and f'id="{fid}"' in out
    assert out.count('type="text"') == 2 * MAX_PRIORITIES and out.count("<select") == MAX_PRIORITIES
    assert "tabindex=\"-1\"" not in out
    assert 'data-sl-action="weighing-make"' in out and 'data-sl-action="weighing-print"' in out
    assert out.count('role="status" aria-live="polite"') == 1
    assert html.escape(logic.PRIVACY, quote=True) in out


def test_static_fragments_are_prerendered(ex):
    """Are the level words, the sheet skeleton (every option) and the printable page pre-rendered by Python?"""
    out = render(ex, runtime=False)
    for i, w in enumerate(LEVELS):
        assert f'<template data-sl-level="{i}">{w}</template>' in out
    body = re.search(r'<template class="sl-w-sheet-tpl">(.*?)</template>', out, re.S).group(1)
    assert re.findall(r'data-sl-path="([^"]+)"', body) == ["next-line", "trial", "comfort"]
    assert html.escape(ex.closing, quote=True) in out


def test_weighing_js_holds_no_content(ex):
    """Does weighing.js hold none of the wording (levels, sentences, labels), only the logic that fills them in?"""
    js = asset("weighing.js")
    for text in (*LEVELS, logic.EMPTY, logic.NEUTRAL, logic.PRIVACY, *logic.PAGE.values(),
                 *(p.label for p in ex.paths), *(f.label for f in ex.factors)):
        assert text not in js
    assert "eval(" not in js and "http" not in js and "innerHTML = r" not in js


def test_static_view_escapes_text(ex):
    """Are case, quotes, labels and descriptions escaped, and typed words escaped on the sheet and page?"""
    p = ex.paths[0].model_copy(update={"description": "<script>alert(1)</script>"})
    evil = ex.model_copy(update={"case": "<img src=x onerror=alert(2)>", "paths": [p, *ex.paths[1:]],
                                 "says": ["<b onclick=x>", "ok"]})
    out = render(evil)
    assert "<script>alert(1)" not in out and "<img src=x" not in out and "<b onclick" not in out
    s = sheet(ex, [("<i>me</i>", "<script>q</script>", 0)])
    assert "<script>q" not in sheet_html(ex, s) and "<script>q" not in printable(ex, s)


def test_static_view_works_without_javascript(ex):
    """With no JavaScript, can a learner still read the case, every option, her words and how to do the exercise?"""
    out = render(ex)
    for p in ex.paths:
        assert html.escape(p.description, quote=True) in out
    for said in ex.says:
        assert html.escape(said, quote=True) in out
    details = re.findall(r"<details>(.*?)</details>", out, re.S)[-1]
    assert "the same questions for each" in details and html.escape(logic.NEUTRAL, quote=True) in details


def test_printed_page_is_for_the_patient(ex):
    """Does the printed page list her priorities, then every option with the same questions and room to write?"""
    s = sheet(ex, ROWS)
    page = printable(ex, s)
    assert page.startswith("<!doctype html>") and logic.PAGE["title"] in page
    assert page.count('<div class="answer">') == len(ex.paths) * len(ROWS)
    assert re.findall(r'<section data-sl-path="([^"]+)">', page) == ["next-line", "trial", "comfort"]


def test_static_weighing_in_browser(ex, tmp_path):
    """In Chromium with no kernel: keyboard only, do the fields work, and does Make show what Python shows, with the
    options in the same order whatever the ratings?"""
    from browser import browser_page

    page_file = tmp_path / "weighing.html"
    page_file.write_text(f'<!doctype html><html lang="en"><body>{render(ex)}</body></html>')
    rows = [ROWS[1], ROWS[0]]  # typed in this order; the second matters more
    with browser_page() as page:
        page.goto(page_file.as_uri())
        for n, (value, question, level) in enumerate(rows, 1):
            page.get_by_label(static.VALUE_LABEL).nth(n - 1).focus()
            page.keyboard.type(value)
            page.keyboard.press("Tab")
            page.keyboard.type(question)
            page.locator(f"#sl-lines-w1-l{n}").select_option(str(level))
        page.get_by_role("button", name=static.MAKE).focus()
        page.keyboard.press("Enter")
        feedback = page.locator(".sl-feedback").first
        same = page.evaluate("html => { const d = document.createElement('div'); d.innerHTML = html; return d.innerHTML; }",
                             sheet_html(ex, sheet(ex, rows)))
        assert feedback.inner_html() == same
        order = page.locator(".sl-feedback .sl-w-option").evaluate_all("els => els.map(e => e.dataset.slPath)")
        assert order == ["next-line", "trial", "comfort"]
        assert page.locator("a.sl-download").is_visible()
        page.locator("#sl-lines-w1-l1").select_option("0")
        page.get_by_role("button", name=static.MAKE).click()
        assert page.locator(".sl-feedback .sl-w-option").evaluate_all("els => els.map(e => e.dataset.slPath)") == order
        page.screenshot(path=str(tmp_path / "weighing.png"), full_page=True)


# ---------------------------------------------------------------- content

def test_weighing_file_loads_and_the_facade_shows_it(tmp_content):
    """Does a weighing.yml in a module folder load, and does m.weighing(id) give a WeighingView?"""
    tmp_content.write(f"{M01}/weighing.yml", WEIGHING_YML)
    view = ModuleBook("01-lines-of-treatment", load(tmp_content.root)).weighing("lines-w1")
    assert isinstance(view, WeighingView) and 'data-sl-id="lines-w1"' in view.static_html


@pytest.mark.parametrize(("old", "new", "message"), [
    ("        label: A clinical trial\n", "        label: A clinical trial\n        fits: [benefit]\n",
     "field fits: Extra inputs are not permitted"),
    ("{id: costs,", "{id: money,", "weighing.yml:16: item money, field id: Input should be 'benefit'"),
    ("{id: costs,", "{id: benefit,", "duplicate factor id 'benefit'"),
    ("id: trial\n", "id: next-line\n", "duplicate path id 'next-line'"),
    ("id: lines-w1\n", "id: w1\n", "should start with 'lines-w'"),
    ("      - I hate feeling sick.\n", "", "says: List should have at least 2 items"),
    ("    closing: >-", "    ending: >-", "Field required"),
])
def test_weighing_content_errors(tmp_content, old, new, message):
    """Does each kind of mistake in weighing.yml (including an old 'fits' score) give one error naming file and field?"""
    assert old in WEIGHING_YML
    tmp_content.write(f"{M01}/weighing.yml", WEIGHING_YML.replace(old, new, 1))
    with pytest.raises(ContentError) as info:
        load(tmp_content.root)
    assert "weighing.yml" in str(info.value) and message in str(info.value)


def test_every_shipped_exercise_is_neutral(content):
    """Does every shipped exercise render all its options, and describe none of them with judging words or numbers?"""
    for mc in content.modules.values():
        for ex in mc.weighing:
            out = render(ex, runtime=False)
            assert all(html.escape(p.label, quote=True) in out for p in ex.paths)
            for p in ex.paths:
                assert not JUDGING.search(p.description), (ex.id, p.id)
            assert isinstance(sheet(ex, ROWS), QuestionSheet)


def test_patient_facing_words_are_grade_8_or_below(content):
    """Are the printed page's words, and each shipped patient's words and example questions, at grade 8 or below?"""
    textstat = pytest.importorskip("textstat")

    def grade(texts) -> float:
        return textstat.flesch_kincaid_grade(" ".join(t if t.rstrip()[-1:] in ".?!:" else t + "." for t in texts))

    assert grade(logic.PAGE.values()) <= 8
    for mc in content.modules.values():
        for ex in mc.weighing:
            assert grade(ex.says) <= 8, ex.id
            assert grade([f.question for f in ex.factors]) <= 8, ex.id
