"""Sort it: logic on every outcome, the live view driven by named dropdowns, the static view in a real browser."""

from __future__ import annotations

import html
import re

import pytest
import yaml

from secondline.content.errors import ContentError
from secondline.content.load import load
from secondline.content.schema import Sorts
from secondline.notebook import ModuleBook
from secondline.views.live.sort import SortView
from secondline.views.logic.sort import NO_PLACEMENT, OUTCOMES, answer_key, check
from secondline.views.static.sort import render

M01 = "modules/01-lines-of-treatment"

SORTS_YML = """\
sorts:
  - id: lines-sort1
    prompt: Sort each statement. Is it about first-line treatment, second-line treatment, or could it be either?
    bins:
      - {id: first, label: First-line treatment}
      - {id: second, label: Second-line treatment}
      - {id: either, label: Could be either}
    statements:
      - id: lines-sort1-s01
        text: The first treatment plan used for a cancer.
        bin: first
        why: First-line treatment is the first plan, often the one expected to help most.
        sources: [nci-dictionary, verywell-second-line]
      - id: lines-sort1-s02
        text: Used after the first plan stopped working or caused side effects that were too hard.
        bin: second
        why: Second-line treatment follows a first plan that did not work, stopped working or could not be tolerated.
        sources: [nci-dictionary]
      - id: lines-sort1-s03
        text: Can combine drugs, surgery and radiation.
        bin: either
        why: Any line of treatment may combine several kinds of treatment.
        sources: [saini-2021]
      - id: lines-sort1-s04
        text: Chosen after scans show the cancer grew during the first plan.
        bin: second
        why: Progression on the first plan is a common reason to move to the next line.
        sources: [eisenhauer-2009, saini-2021]
"""

RIGHT = {"lines-sort1-s01": "first", "lines-sort1-s02": "second", "lines-sort1-s03": "either",
         "lines-sort1-s04": "second"}


@pytest.fixture(scope="module")
def sort():
    return Sorts.model_validate(yaml.safe_load(SORTS_YML)).sorts[0]


def unescaped(value: str) -> str:
    """The visible words of some HTML, tags dropped and spaces collapsed."""
    inline = re.sub(r"</?(span|strong|em|a)\b[^>]*>", "", value)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


# ---------------------------------------------------------------- logic

def test_all_right_scores_full_marks(sort, content):
    """With every statement in its bin, is each line right, with its why and sources, and the score full?"""
    result = check(sort, RIGHT, content.sources)
    assert (result.right, result.total, result.unplaced, result.complete) == (4, 4, 0, True)
    assert result.score_text == "In the right group: 4 of 4."
    for fb, st in zip(result.lines, sort.statements, strict=True):
        assert fb.correct and fb.outcome == "right" and fb.why == st.why
        assert [s.id for s in fb.sources] == st.sources
        assert fb.style.label == "Right group" and fb.style.icon == "✔"


def test_wrong_bin_names_the_right_one(sort, content):
    """Does a statement in the wrong bin say so in words, name the right bin's label and give the why?"""
    result = check(sort, {**RIGHT, "lines-sort1-s03": "first"}, content.sources)
    fb = result.lines[2]
    assert fb.outcome == "wrong" and not fb.correct and fb.placed.id == "first"
    assert fb.right_bin.label == "Could be either" and fb.answer == "It belongs in: Could be either."
    assert fb.style.label == "Not this group" and "✖" in fb.text() and sort.statements[2].why in fb.text()
    assert result.right == 3 and result.score_text == "In the right group: 3 of 4."


@pytest.mark.parametrize("placements", [{}, {"lines-sort1-s01": None}, {"lines-sort1-s01": ""}])
def test_unplaced_statements_are_not_placed_yet(sort, content, placements):
    """Is a statement that is missing, None or empty reported as 'not placed yet', without giving its answer away?"""
    result = check(sort, {**placements, "lines-sort1-s02": "second"}, content.sources)
    first = result.lines[0]
    assert first.outcome == "unplaced" and first.style.label == "Not placed yet"
    assert first.why == "" and first.answer == "" and first.placed is None
    assert result.unplaced == 3 and result.placed == 1 and not result.complete
    assert result.score_text == "In the right group: 1 of 4. Not placed yet: 3."


def test_unknown_statement_or_bin_is_an_error(sort):
    """Are placements for a statement or bin that does not exist refused with a clear message?"""
    with pytest.raises(ValueError, match="no statement 'lines-sort1-s99'"):
        check(sort, {"lines-sort1-s99": "first"})
    with pytest.raises(ValueError, match="no bin 'third'"):
        check(sort, {"lines-sort1-s01": "third"})


def test_check_without_sources_still_grades(sort):
    """Can the logic grade with no sources mapping (sources left empty, ids still on the statement)?"""
    result = check(sort, RIGHT)
    assert result.right == 4 and result.lines[0].sources == ()


def test_outcomes_use_words_and_icons():
    """Is every outcome expressed in words plus an icon, never colour alone?"""
    for style in OUTCOMES.values():
        assert style.icon.strip() and len(style.label.split()) >= 2


def test_answer_key_gives_every_statement(sort):
    """Does the answer key list every statement with its bin label and why?"""
    key = answer_key(sort)
    assert [k[1] for k in key] == ["First-line treatment", "Second-line treatment", "Could be either",
                                   "Second-line treatment"]


# ---------------------------------------------------------------- live view

def test_live_view_checks_placements(sort, content):
    """After choosing groups in the named dropdowns and clicking Check, does each line say right or not, with the why?"""
    view = SortView(sort, content.sources)
    view.placements["lines-sort1-s01"].value = "first"
    view.placements["lines-sort1-s02"].value = "either"
    view.check.click()
    text = unescaped(view.feedback.value)
    assert "✔ Right group: The first treatment plan used for a cancer." in text
    assert "✖ Not this group: Used after the first plan" in text and "It belongs in: Second-line treatment." in text
    assert sort.statements[1].why in text
    assert text.count("Not placed yet") == 2 and sort.statements[2].why not in text
    score = unescaped(view.score.value)
    assert "In the right group: 1 of 4." in score and "Not placed yet: 2." in score


def test_live_view_asks_to_place_first(sort, content):
    """Does Check with nothing placed ask the learner to choose a group first, and record nothing?"""
    events = []
    view = SortView(sort, content.sources, on_event=events.append)
    view.check.click()
    assert NO_PLACEMENT in html.unescape(view.feedback.value) and events == []


def test_live_view_feedback_is_announced(sort, content):
    """Are the score and feedback inside aria-live regions?"""
    view = SortView(sort, content.sources)
    view.placements["lines-sort1-s01"].value = "first"
    view.check.click()
    for w in (view.feedback, view.score):
        assert 'role="status"' in w.value and 'aria-live="polite"' in w.value


def test_live_view_emits_an_event(sort, content):
    """Does a check emit the placements and score for the progress record?"""
    events = []
    view = SortView(sort, content.sources, on_event=events.append)
    for sid, bin_id in RIGHT.items():
        view.placements[sid].value = bin_id
    view.check.click()
    assert events == [{"kind": "sort", "id": "lines-sort1", "placements": RIGHT, "right": 4, "total": 4}]
    assert unescaped(view.score.value) == "In the right group: 4 of 4."


def test_live_dropdowns_are_labelled_by_statement(sort, content):
    """Is there one keyboard-operable dropdown per statement, labelled with its text and offering every bin?"""
    view = SortView(sort, content.sources)
    assert list(view.placements) == [st.id for st in sort.statements]
    for st in sort.statements:
        dd = view.placements[st.id]
        assert dd.description == st.text and dd.value == "" and dd.label == "Choose a group…"
        assert [label for label, _ in dd.options][1:] == [b.label for b in sort.bins]
    assert view.check.description == "Check my sorting"


def test_mimebundle_carries_static_twin(sort, content):
    """Does the widget's mimebundle carry the static HTML as its text/html fallback?"""
    bundle = SortView(sort, content.sources)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"] == render(sort, content.sources, runtime=False)


# ---------------------------------------------------------------- static view

def test_static_view_has_a_labelled_select_per_statement(sort, content):
    """Does every statement have a <select> whose <label for> carries the statement text, with every bin offered?"""
    out = render(sort, content.sources, runtime=False)
    assert out.count("<select ") == len(sort.statements)
    for st in sort.statements:
        sel_id = f"sl-lines-sort1-{st.id}"
        assert f'<label for="{sel_id}">{html.escape(st.text, quote=True)}</label>' in out
        assert f'<select id="{sel_id}" data-sl-statement="{st.id}">' in out
    for b in sort.bins:
        assert out.count(f'<option value="{b.id}">') == len(sort.statements)
    assert "<fieldset>" in out and "<legend" in out and 'data-sl-action="sort-check"' in out
    assert 'role="status" aria-live="polite"' in out and 'data-sl-kind="sort" data-sl-id="lines-sort1"' in out


def test_static_view_prerenders_every_outcome(sort, content):
    """Is there a right, a wrong and a not-placed-yet template per statement, the right one naming its bin?"""
    out = render(sort, content.sources, runtime=False)
    for st in sort.statements:
        right = re.search(rf'<template data-sl-statement="{st.id}" data-sl-outcome="right" data-sl-bin="{st.bin}">(.*?)</template>', out)
        wrong = re.search(rf'<template data-sl-statement="{st.id}" data-sl-outcome="wrong">(.*?)</template>', out)
        unplaced = re.search(rf'<template data-sl-statement="{st.id}" data-sl-outcome="unplaced">(.*?)</template>', out)
        assert right and "Right group" in right.group(1) and html.escape(st.why, quote=True) in right.group(1)
        assert wrong and "Not this group" in wrong.group(1) and html.escape(st.why, quote=True) in wrong.group(1)
        assert unplaced and "Not placed yet" in unplaced.group(1) and html.escape(st.why, quote=True) not in unplaced.group(1)
    assert 'class="sl-score-tpl"' in out and 'class="sl-nochoice"' in out


def test_static_view_escapes_text(sort, content):
    """Are prompt, bin labels and statements escaped, so markup in content cannot run?"""
    st = sort.statements[0].model_copy(update={"text": "<script>alert(1)</script>"})
    b = sort.bins[0].model_copy(update={"label": "<b onmouseover=x>"})
    evil = sort.model_copy(update={"prompt": "<img src=x onerror=alert(2)>", "statements": [st, *sort.statements[1:]],
                                   "bins": [b, *sort.bins[1:]]})
    out = render(evil, content.sources)
    assert "<script>alert(1)" not in out and "&lt;script&gt;alert(1)" in out
    assert "<img src=x" not in out and "<b onmouseover" not in out


def test_static_view_works_without_javascript(sort, content):
    """With no JavaScript, can a learner still read where every statement belongs, and why?"""
    out = render(sort, content.sources)
    details = re.search(r"<details>(.*?)</details>", out, re.S).group(1)
    for text, label, why in answer_key(sort):
        for part in (text, label, why):
            assert html.escape(part, quote=True) in details
    assert "window.SecondLine" in out


def test_static_sort_in_browser(sort, content, tmp_path):
    """In Chromium with no kernel, can a learner choose groups by label, check, and read per-statement feedback?"""
    from browser import browser_page

    page_file = tmp_path / "sort.html"
    page_file.write_text(f'<!doctype html><html lang="en"><body>{render(sort, content.sources)}</body></html>')
    events = []
    with browser_page() as page:
        page.on("console", lambda m: events.append(m.text))
        page.goto(page_file.as_uri())
        page.evaluate("document.addEventListener('secondline:answer', e => console.log(JSON.stringify(e.detail)))")
        check_button = page.get_by_role("button", name="Check my sorting")
        check_button.click()
        feedback = page.get_by_role("status")
        assert NO_PLACEMENT in feedback.inner_text()
        page.get_by_label("The first treatment plan used for a cancer.").select_option(label="First-line treatment")
        page.get_by_label("Can combine drugs, surgery and radiation.").select_option(label="Second-line treatment")
        page.get_by_label("Chosen after scans show").focus()
        page.keyboard.press("ArrowDown")  # keyboard only: the first group, "First-line treatment"
        check_button.click()
        text = feedback.inner_text()
        assert "In the right group: 1 of 4." in text and "Not placed yet: 1." in text
        assert "✔ Right group: The first treatment plan used for a cancer." in text
        assert "✖ Not this group: Can combine drugs" in text and "It belongs in: Could be either." in text
        assert sort.statements[2].why in text and sort.statements[3].why in text
        assert "Not placed yet: Used after the first plan" in text and sort.statements[1].why not in text
        page.screenshot(path=str(tmp_path / "sort.png"), full_page=True)
        page.get_by_label("Used after the first plan").select_option("second")
        page.get_by_label("Can combine drugs").select_option("either")
        page.get_by_label("Chosen after scans show").select_option("second")
        check_button.click()
        text = feedback.inner_text()
        assert "In the right group: 4 of 4." in text and "Not placed yet:" not in text
    answers = [e for e in events if '"kind":"sort"' in e]
    assert len(answers) == 2 and '"right":4' in answers[-1]


# ---------------------------------------------------------------- content

def test_sort_file_loads_and_the_facade_shows_it(tmp_content):
    """Does a sorts.yml in a module folder load, and does m.sort(id) give a SortView with its static twin?"""
    tmp_content.write(f"{M01}/sorts.yml", SORTS_YML)
    content = load(tmp_content.root)
    view = ModuleBook("01-lines-of-treatment", content).sort("lines-sort1")
    assert isinstance(view, SortView) and 'data-sl-id="lines-sort1"' in view.static_html


@pytest.mark.parametrize(("old", "new", "message"), [
    ("bin: either", "bin: neither", "item lines-sort1-s03, field bin: unknown bin 'neither'"),
    ("sources: [saini-2021]", "sources: [nobody-2099]", "item lines-sort1-s03, field sources[0]: unknown source 'nobody-2099'"),
    ("id: lines-sort1\n", "id: sort1\n", "should start with 'lines-sort'"),
    ("id: lines-sort1-s04", "id: lines-sort1-s01", "duplicate statement id 'lines-sort1-s01'"),
    ("{id: either, label: Could be either}", "{id: first, label: Could be either}", "duplicate bin id 'first'"),
    ("        why: Any line of treatment", "        wyh: Any line of treatment", "item lines-sort1-s03, field why: Field required"),
])
def test_sort_content_errors(tmp_content, old, new, message):
    """Does each kind of mistake in sorts.yml give one error naming the file, the item and the field?"""
    assert old in SORTS_YML
    tmp_content.write(f"{M01}/sorts.yml", SORTS_YML.replace(old, new, 1))
    with pytest.raises(ContentError) as info:
        load(tmp_content.root)
    assert "sorts.yml" in str(info.value) and message in str(info.value)


def test_too_few_statements_is_refused(tmp_content):
    """Is a sort with fewer than three statements refused?"""
    short = SORTS_YML.split("      - id: lines-sort1-s03")[0]
    tmp_content.write(f"{M01}/sorts.yml", short)
    with pytest.raises(ContentError, match="statements"):
        load(tmp_content.root)


def test_every_shipped_sort_renders(content):
    """Does every sort in the curriculum render one labelled select per statement?"""
    for mc in content.modules.values():
        for s in mc.sorts:
            assert render(s, content.sources, runtime=False).count("<select ") == len(s.statements)


def test_sort_js_holds_no_content():
    """Does sort.js hold none of the wording (outcomes, score, prompts), only the logic that shows templates?"""
    from secondline.views.logic.sort import SCORE, SCORE_UNPLACED
    from secondline.views.static import asset
    from secondline.views.static.sort import CHOOSE

    js = asset("sort.js")
    for text in (NO_PLACEMENT, CHOOSE, SCORE.split("{")[0], SCORE_UNPLACED.split("{")[0],
                 *(o.label for o in OUTCOMES.values())):
        assert text not in js
    assert "eval(" not in js and "http" not in js
