"""Weighing it up: reflection logic (never a recommendation), live sliders driven by value, static view in a browser."""

from __future__ import annotations

import html
import itertools
import re

import pytest
import yaml

from secondline.content import ContentError, load
from secondline.interactions import weighing as logic
from secondline.interactions.weighing import LEVELS, compare, inverted, reflect, top_factors
from secondline.live.weighing import WeighingView
from secondline.models import Weighing
from secondline.notebook import ModuleBook
from secondline.static import asset
from secondline.static.weighing import comparison_html, reflection_html, render

M01 = "modules/01-lines-of-treatment"

WEIGHING_YML = """\
exercises:
  - id: lines-w1
    title: Weighing it up with a fictional patient
    case: >-
      Ms. Test, a fictional patient of 60, has heard that her first treatment stopped working. Her oncologist
      has talked about a second-line treatment, a clinical trial, and focusing on comfort.
    factors:
      - {id: benefit, label: The chance that more treatment helps, question: "How much does the chance of the cancer slowing matter to her?"}
      - {id: side-effects, label: Side effects, question: "How much does she want to avoid side effects?"}
      - {id: costs, label: Money and costs, question: "How much do bills and travel costs weigh on her?"}
      - {id: schedule, label: The schedule of visits, question: "How much does time spent at the clinic matter to her?"}
      - {id: quality-of-life, label: Quality of life day to day, question: "How much does feeling well each day matter to her?"}
      - {id: family-time, label: Time with family, question: "How much does time with her family matter to her?"}
    paths:
      - id: next-line
        label: Start second-line treatment
        fits: [benefit, family-time]
        description: Start the treatment her oncologist offers; it may slow the cancer.
      - id: trial
        label: Ask about the clinical trial
        fits: [benefit]
        description: Find out whether she can join the trial; no one can promise it will help.
      - id: comfort
        label: Focus on comfort
        fits: [side-effects, quality-of-life, schedule, costs]
        description: Pause or stop treatment aimed at the cancer and put comfort first.
    closing: >-
      There is no single right answer. Ms. Test decides with her care team; a navigator helps her think it
      through and never chooses for her.
"""

FACTORS = ("benefit", "side-effects", "costs", "schedule", "quality-of-life", "family-time")
BENEFIT_FIRST = {"benefit": 4, "side-effects": 1, "costs": 2, "schedule": 0, "quality-of-life": 2, "family-time": 4}


@pytest.fixture(scope="module")
def ex():
    return Weighing.model_validate(yaml.safe_load(WEIGHING_YML)).exercises[0]


def words(value: str) -> str:
    """The visible words of some HTML: hidden parts and tags dropped, spaces collapsed."""
    value = re.sub(r"<(p|div|span)\b[^>]*\bhidden\b[^>]*>.*?</\1>", "", value, flags=re.S)
    inline = re.sub(r"</?(span|strong|em|a)\b[^>]*>", "", value)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


# ---------------------------------------------------------------- logic

def test_reflection_names_top_factors_and_every_path(ex):
    """Does the reflection name the factors rated highest, and list EVERY path with the top factors it fits?"""
    r = reflect(ex, BENEFIT_FIRST)
    assert [f.id for f in r.top] == ["benefit", "family-time"]
    assert [p.path.id for p in r.paths] == ["next-line", "trial", "comfort"]
    assert [[f.id for f in p.matches] for p in r.paths] == [["benefit", "family-time"], ["benefit"], []]
    text = r.text()
    assert "Start second-line treatment: Lines up with what matters most here: The chance that more treatment helps, Time with family." in text
    assert f"Focus on comfort: {logic.NO_FIT}" in text
    assert text.endswith(ex.closing) and logic.NOT_A_RANKING in text


def test_every_set_of_ratings_lists_every_path_in_content_order(ex):
    """For all 15,625 ways to rate the six factors, are all paths listed in content order, none ranked?"""
    order = [p.id for p in ex.paths]
    for values in itertools.product(range(5), repeat=6):
        r = reflect(ex, dict(zip(FACTORS, values, strict=True)))
        assert [p.path.id for p in r.paths] == order
        top = {f.id for f in r.top}
        assert top and all(r.ratings[f] == max(values) for f in top)
        for p in r.paths:
            assert {f.id for f in p.matches} == top & set(p.path.fits)
        assert r.closing == ex.closing


def test_reflection_never_recommends(ex):
    """Apart from the fixed caution and closing, does the reflection avoid 'best', 'better', 'should' and 'recommend'?"""
    for ratings in (BENEFIT_FIRST, inverted(BENEFIT_FIRST), dict.fromkeys(FACTORS, 2)):
        text = reflect(ex, ratings).text().replace(logic.NOT_A_RANKING, "").replace(ex.closing, "").lower()
        for word in ("best", "better", "should", "recommend", "rank", "score"):
            assert word not in text, word
    assert not hasattr(reflect(ex, BENEFIT_FIRST), "best")


def test_equal_ratings_say_so(ex):
    """When every factor has the same weight, does the reflection say so and still list every path?"""
    r = reflect(ex, dict.fromkeys(FACTORS, 3))
    assert r.all_equal and len(r.top) == 6 and logic.ALL_EQUAL in r.text()
    assert all(p.lines_up for p in r.paths)


@pytest.mark.parametrize(("ratings", "message"), [
    ({**BENEFIT_FIRST, "hope": 3}, "no factor 'hope'"),
    ({k: v for k, v in BENEFIT_FIRST.items() if k != "costs"}, "missing: costs"),
    ({**BENEFIT_FIRST, "costs": 5}, "from 0 to 4, not 5"),
    ({**BENEFIT_FIRST, "costs": -1}, "from 0 to 4, not -1"),
    ({**BENEFIT_FIRST, "costs": 2.5}, "not 2.5"),
    ({**BENEFIT_FIRST, "costs": True}, "not True"),
])
def test_bad_ratings_are_refused(ex, ratings, message):
    """Are unknown factors, missing factors and levels outside 0-4 refused with a clear message?"""
    with pytest.raises(ValueError, match=re.escape(message)):
        reflect(ex, ratings)


def test_different_values_lead_to_different_reasonable_paths(ex):
    """Does weighing things the other way round give other top factors, and other paths that line up?"""
    assert inverted(BENEFIT_FIRST) == {"benefit": 0, "side-effects": 3, "costs": 2, "schedule": 4,
                                       "quality-of-life": 2, "family-time": 0}
    c = compare(ex, BENEFIT_FIRST)
    assert [f.id for f in c.theirs.top] == ["schedule"] and not c.same
    assert [(p.id, [f.id for f in a], [f.id for f in b]) for p, a, b in c.rows] == [
        ("next-line", ["benefit", "family-time"], []), ("trial", ["benefit"], []), ("comfort", [], ["schedule"])]
    other = compare(ex, BENEFIT_FIRST, other=dict(BENEFIT_FIRST))
    assert other.same


def test_levels_are_words():
    """Is each of the five levels a distinct phrase in words, so a slider never shows only a number?"""
    assert len(LEVELS) == 5 == len(set(LEVELS)) and all(re.search(r"[a-z]{3}", w) for w in LEVELS)
    assert logic.level(3) == "matters a lot"


def test_top_factors_keep_ties(ex):
    """When two factors share the highest rating, are both named, in the exercise's order?"""
    assert [f.id for f in top_factors(ex, {**dict.fromkeys(FACTORS, 1), "costs": 3, "benefit": 3})] == ["benefit", "costs"]


# ---------------------------------------------------------------- live view

def test_live_sliders_are_named_and_read_their_level(ex):
    """Is there a 0-4 slider per factor, labelled and named by factor id, with its level shown in words?"""
    view = WeighingView(ex)
    assert list(view.sliders) == list(FACTORS)
    for f in ex.factors:
        s = view.sliders[f.id]
        assert (s.min, s.max, s.value, s.description) == (0, 4, 2, f.label)
        assert "matters somewhat" in view.levels[f.id].value
    view.sliders["benefit"].value = 3
    assert "matters a lot" in view.levels["benefit"].value
    view.sliders["benefit"].value = 0
    assert "does not matter" in view.levels["benefit"].value


def test_live_reflect_lists_every_path(ex):
    """After moving sliders and clicking Reflect, does the feedback name the top factors and every path, with the closing?"""
    view = WeighingView(ex)
    for fid, v in BENEFIT_FIRST.items():
        view.sliders[fid].value = v
    view.reflect.click()
    text = words(view.feedback.value)
    assert "What you rated as mattering most here: The chance that more treatment helps (matters very much) Time with family (matters very much)" in text
    for p in ex.paths:
        assert p.label in text
    assert text.count(logic.FITS) == 2 and text.count(logic.NO_FIT) == 1
    assert ex.closing in text and logic.NOT_A_RANKING in text and logic.ALL_EQUAL not in text
    assert 'role="status" aria-live="polite"' in view.feedback.value


def test_live_compare_shows_both_sets_of_values(ex):
    """Does 'Compare with someone who weighs things differently' show every path for both sets of values?"""
    events = []
    view = WeighingView(ex, on_event=events.append)
    assert view.compare.description == "Compare with someone who weighs things differently"
    for fid, v in BENEFIT_FIRST.items():
        view.sliders[fid].value = v
    view.compare.click()
    text = words(view.comparison.value)
    assert logic.COMPARE_INTRO in text and logic.YOURS in text and logic.THEIRS in text
    assert "The schedule of visits (matters very much)" in text
    assert all(p.label in text for p in ex.paths)
    assert events[-1]["action"] == "compare" and events[-1]["other_top"] == ["schedule"]


def test_live_reflect_with_equal_weights_asks_to_move_sliders(ex):
    """Untouched sliders (all equal): does Reflect say every factor has the same weight?"""
    view = WeighingView(ex)
    view.reflect.click()
    assert logic.ALL_EQUAL in words(view.feedback.value)
    view.compare.click()
    assert logic.COMPARE_SAME in words(view.comparison.value)


def test_live_reflect_emits_an_event(ex):
    """Does Reflect emit the ratings and top factors for the progress record?"""
    events = []
    view = WeighingView(ex, on_event=events.append)
    view.sliders["quality-of-life"].value = 4
    view.reflect.click()
    assert events == [{"kind": "weighing", "id": "lines-w1", "action": "reflect",
                       "ratings": {**dict.fromkeys(FACTORS, 2), "quality-of-life": 4}, "top": ["quality-of-life"]}]


def test_mimebundle_carries_static_twin(ex):
    """Does the widget's mimebundle carry the static HTML as its text/html fallback?"""
    bundle = WeighingView(ex)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and bundle["text/html"] == render(ex, runtime=False)


# ---------------------------------------------------------------- static view

def test_static_ranges_are_labelled_and_speak_words(ex):
    """Is each factor a labelled 0-4 range input, described by its question, with its level as aria-valuetext?"""
    out = render(ex, runtime=False)
    assert out.count('type="range"') == 6
    for f in ex.factors:
        rid = f"sl-lines-w1-{f.id}"
        assert f'<label for="{rid}">{html.escape(f.label, quote=True)}</label>' in out
        tag = re.search(rf'<input type="range" id="{rid}"[^>]*>', out).group(0)
        for attr in ('min="0"', 'max="4"', 'step="1"', 'value="2"', 'aria-valuetext="matters somewhat"',
                     f'aria-describedby="{rid}-q"'):
            assert attr in tag
        assert f'id="{rid}-q">{html.escape(f.question, quote=True)}</p>' in out
    assert "<fieldset>" in out and "<legend" in out
    assert 'data-sl-action="weighing-reflect"' in out and 'data-sl-action="weighing-compare"' in out
    assert out.count('role="status" aria-live="polite"') == 2


def test_static_fragments_are_prerendered(ex):
    """Are the level words, factor names, and the reflection and comparison skeletons pre-rendered by Python?"""
    out = render(ex, runtime=False)
    for i, w in enumerate(LEVELS):
        assert f'<template data-sl-level="{i}">{w}</template>' in out
    for f in ex.factors:
        assert f'<template data-sl-factor-name="{f.id}">{html.escape(f.label, quote=True)}</template>' in out
    for tpl in ("sl-w-reflection-tpl", "sl-w-compare-tpl"):
        body = re.search(rf'<template class="{tpl}">(.*?)</template>', out, re.S).group(1)
        for p in ex.paths:
            assert f'data-sl-path="{p.id}" data-sl-fits="{" ".join(p.fits)}"' in body
    assert html.escape(ex.closing, quote=True) in out


def test_weighing_js_holds_no_content(ex):
    """Does weighing.js hold none of the wording (levels, sentences, labels), only the logic that composes them?"""
    js = asset("weighing.js")
    for text in (*LEVELS, logic.TOP, logic.FITS, logic.NO_FIT, logic.ALL_EQUAL, logic.NOT_A_RANKING,
                 logic.COMPARE_INTRO, logic.COMPARE_SAME, logic.YOURS, logic.THEIRS, *(f.label for f in ex.factors)):
        assert text not in js
    assert "eval(" not in js and "http" not in js


def test_static_view_escapes_text(ex):
    """Are case, labels and path descriptions escaped?"""
    p = ex.paths[0].model_copy(update={"description": "<script>alert(1)</script>"})
    f = ex.factors[0].model_copy(update={"label": "<b onclick=x>"})
    evil = ex.model_copy(update={"case": "<img src=x onerror=alert(2)>", "paths": [p, *ex.paths[1:]],
                                 "factors": [f, *ex.factors[1:]]})
    out = render(evil)
    assert "<script>alert(1)" not in out and "<img src=x" not in out and "<b onclick" not in out


def test_static_view_works_without_javascript(ex):
    """With no JavaScript, can a learner still read the case, every path and which factors each lines up with?"""
    out = render(ex)
    details = re.search(r"<details>(.*?)</details>", out, re.S).group(1)
    for p in ex.paths:
        assert html.escape(p.description, quote=True) in out and html.escape(p.label, quote=True) in details
    assert "Focus on comfort:</strong> Side effects, Quality of life day to day, The schedule of visits, Money and costs." in details
    assert html.escape(logic.NOT_A_RANKING, quote=True) in details


def test_static_weighing_in_browser(ex, tmp_path):
    """In Chromium with no kernel, do the sliders work by keyboard, and do Reflect and Compare say what Python says?"""
    from browser import browser_page

    page_file = tmp_path / "weighing.html"
    page_file.write_text(f'<!doctype html><html lang="en"><body>{render(ex)}</body></html>')
    with browser_page() as page:
        page.goto(page_file.as_uri())
        family = page.get_by_label("Time with family")
        family.focus()
        page.keyboard.press("End")
        assert family.get_attribute("aria-valuetext") == "matters very much"
        assert page.locator('output[for="sl-lines-w1-family-time"]').inner_text() == "matters very much"
        benefit = page.get_by_role("slider", name="The chance that more treatment helps")
        benefit.focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        assert benefit.get_attribute("aria-valuetext") == "matters very much"
        for fid in ("side-effects", "schedule"):
            page.locator(f"#sl-lines-w1-{fid}").focus()
            page.keyboard.press("ArrowLeft")
        page.locator("#sl-lines-w1-schedule").focus()
        page.keyboard.press("Home")
        ratings = {"benefit": 4, "side-effects": 1, "costs": 2, "schedule": 0, "quality-of-life": 2, "family-time": 4}
        assert ratings == BENEFIT_FIRST

        page.get_by_role("button", name="Reflect on these values").click()
        feedback = page.locator(".sl-feedback").first
        text = feedback.inner_text()
        assert "The chance that more treatment helps (matters very much)" in text and ex.closing in text
        assert all(p.label in text for p in ex.paths) and logic.NO_FIT in text
        # the same words and structure as the live view's Python rendering
        same = page.evaluate("html => { const d = document.createElement('div'); d.innerHTML = html; return d.innerHTML; }",
                             reflection_html(ex, reflect(ex, ratings)))
        assert feedback.inner_html() == same

        page.get_by_role("button", name="Compare with someone who weighs things differently").click()
        table = page.get_by_role("table")
        assert table.get_by_role("row", name=re.compile("Focus on comfort")).inner_text().count("The schedule of visits") == 1
        same = page.evaluate("html => { const d = document.createElement('div'); d.innerHTML = html; return d.innerHTML; }",
                             comparison_html(ex, compare(ex, ratings)))
        assert page.locator(".sl-w-comparison").inner_html() == same
        page.screenshot(path=str(tmp_path / "weighing.png"), full_page=True)


# ---------------------------------------------------------------- content

def test_weighing_file_loads_and_the_facade_shows_it(tmp_content):
    """Does a weighing.yml in a module folder load, and does m.weighing(id) give a WeighingView?"""
    tmp_content.write(f"{M01}/weighing.yml", WEIGHING_YML)
    view = ModuleBook("01-lines-of-treatment", load(tmp_content.root)).weighing("lines-w1")
    assert isinstance(view, WeighingView) and 'data-sl-id="lines-w1"' in view.static_html


@pytest.mark.parametrize(("old", "new", "message"), [
    ("fits: [benefit]\n", "fits: [hope]\n", "item trial, field fits[0]: unknown factor 'hope'"),
    ("{id: costs,", "{id: money,", "weighing.yml:10: item money, field id: Input should be 'benefit'"),
    ("{id: costs,", "{id: benefit,", "duplicate factor id 'benefit'"),
    ("id: trial\n", "id: next-line\n", "duplicate path id 'next-line'"),
    ("id: lines-w1\n", "id: w1\n", "should start with 'lines-w'"),
    ('      - {id: costs, label: Money and costs, question: "How much do bills and travel costs weigh on her?"}\n', "",
     "factors: List should have at least 6 items"),
    ("    closing: >-", "    ending: >-", "Field required"),
])
def test_weighing_content_errors(tmp_content, old, new, message):
    """Does each kind of mistake in weighing.yml give one error naming the file, the item and the field?"""
    assert old in WEIGHING_YML
    tmp_content.write(f"{M01}/weighing.yml", WEIGHING_YML.replace(old, new, 1))
    with pytest.raises(ContentError) as info:
        load(tmp_content.root)
    assert "weighing.yml" in str(info.value) and message in str(info.value)


def test_every_shipped_exercise_renders_every_path(content):
    """Does every weighing exercise in the curriculum render all its paths in the static view?"""
    for mc in content.modules.values():
        for ex in mc.weighing:
            out = render(ex, runtime=False)
            assert all(html.escape(p.label, quote=True) in out for p in ex.paths)
