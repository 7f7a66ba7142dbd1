"""The quiz in three parts: pure logic, the live ipywidgets view (driven by clicks), and the static HTML view."""

from __future__ import annotations

import html
import re

import pytest

from secondline.views.live.quiz import QuizView
from secondline.views.logic.quiz import NO_CHOICE, VERDICTS, answer_key, grade
from secondline.views.static.quiz import render


@pytest.fixture(scope="module")
def item(content):
    return content.module("01-lines-of-treatment").item("lines-q05")


# ---------------------------------------------------------------- logic

def test_each_option_gets_its_own_verdict_and_rationale(item, content):
    """Does every choice return the verdict, rationale and sources written for that option?"""
    for i, opt in enumerate(item.options):
        fb = grade(item, i, content.sources)
        assert (fb.verdict, fb.why) == (opt.verdict, opt.why)
        assert [s.id for s in fb.sources] == opt.sources
        assert fb.correct == (opt.verdict == "best")


def test_verdicts_use_words_and_icons():
    """Is every verdict expressed in words plus an icon, never by colour alone?"""
    for style in VERDICTS.values():
        assert style.icon.strip() and len(style.label.split()) >= 2


def test_no_choice_and_out_of_range(item, content):
    """Does checking with nothing chosen, or an option that does not exist, fail clearly?"""
    with pytest.raises(ValueError, match="Choose one answer"):
        grade(item, None, content.sources)
    with pytest.raises(IndexError, match="no option 7"):
        grade(item, 7, content.sources)


def test_answer_key_lists_every_option(item):
    """Does the answer key give each option's verdict label and rationale?"""
    key = answer_key(item)
    assert len(key) == len(item.options)
    assert {label for _, label, _ in key} <= {v.label for v in VERDICTS.values()}


# ---------------------------------------------------------------- live view

def test_clicking_best_option_shows_best_feedback(item, content):
    """Does choosing the best option and clicking Check show 'Best answer' and its rationale?"""
    view = QuizView(item, content.sources)
    view.choices.index = item.best_index
    view.check.click()
    text = html.unescape(view.feedback.value)
    assert "Best answer" in text and item.options[item.best_index].why in text and "✔" in text


def test_clicking_unsafe_option_explains_why(item, content):
    """Does an unsafe choice say so in words, with the rationale and a source link?"""
    view = QuizView(item, content.sources)
    unsafe = next(i for i, o in enumerate(item.options) if o.verdict == "unsafe")
    view.choices.index = unsafe
    view.check.click()
    text = html.unescape(view.feedback.value)
    assert "outside a navigator's role" in text and item.options[unsafe].why in text
    assert 'href="https://' in view.feedback.value


def test_check_without_choice_prompts(item, content):
    """Does clicking Check with nothing chosen ask the learner to choose first?"""
    view = QuizView(item, content.sources)
    view.check.click()
    assert NO_CHOICE in html.unescape(view.feedback.value)


def test_feedback_is_in_live_region(item, content):
    """Is the feedback inside an aria-live region so screen readers announce it?"""
    view = QuizView(item, content.sources)
    view.choices.index = 0
    view.check.click()
    assert 'aria-live="polite"' in view.feedback.value and 'role="status"' in view.feedback.value


def test_changing_answer_updates_feedback(item, content):
    """After a second choice and click, does the feedback follow the new choice?"""
    view = QuizView(item, content.sources)
    for i, opt in enumerate(item.options):
        view.choices.index = i
        view.check.click()
        assert html.escape(opt.why, quote=True) in view.feedback.value.split("<details>")[0]


def test_answer_event_is_emitted(item, content):
    """Does a checked answer emit an event (for the progress record) with id, choice and verdict?"""
    events = []
    view = QuizView(item, content.sources, on_event=events.append)
    view.choices.index = 1
    view.check.click()
    assert events == [{"kind": "quiz", "id": item.id, "choice": 1, "verdict": item.options[1].verdict}]


def test_widget_has_labelled_keyboard_controls(item, content):
    """Are the controls native, labelled widgets (radio group with a description, a named button)?"""
    view = QuizView(item, content.sources)
    assert view.choices.description == "Your answer"
    assert view.check.description == "Check answer"
    assert [label for label, _ in view.choices.options] == [o.text for o in item.options]


def test_mimebundle_carries_static_twin(item, content):
    """Does the widget's mimebundle carry both the live widget and the static HTML fallback (without the runtime,
    which the module header carries once a page)?"""
    bundle = QuizView(item, content.sources)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"] == render(item, content.sources, runtime=False)


def test_views_share_the_stylesheet_and_plain_layouts(content):
    """Does a quiz open few widget models (one stylesheet per kernel, shared layouts and styles), and do two quizzes
    still answer independently?"""
    from ipywidgets.widgets.widget import _instances

    mc = content.module("01-lines-of-treatment")
    first = QuizView(mc.item("lines-q01"), content.sources)
    before = set(_instances)
    second = QuizView(mc.item("lines-q02"), content.sources)
    opened = set(_instances) - before
    assert len(opened) <= 5, f"a quiz opened {len(opened)} widget models"  # box, prompt, choices, button, feedback
    assert first.children[0] is second.children[0] and "<style>" in first.children[0].value
    assert first.prompt.layout is second.prompt.layout and first.check.style is second.check.style
    first.choices.index = first.item.best_index
    first.check.click()
    assert "sl-verdict-best" in first.feedback.value and second.feedback.value.count("sl-verdict") == 0


def test_module_header_carries_the_runtime_once(content):
    """Does the module header bring the stylesheet and runtime.js for every static twin below it, so an export of
    the notebook works with no kernel, while the interactions carry no copy of their own?"""
    from secondline.notebook import ModuleBook
    from secondline.views.static import runtime_tags

    m = ModuleBook("01-lines-of-treatment", content)
    assert m.header()._repr_html_().count(runtime_tags()) == 1
    assert "window.SecondLine" not in m.quiz("lines-q01")._repr_mimebundle_()["text/html"]
    assert "window.SecondLine" not in m.case("lines-c1")._repr_mimebundle_()["text/html"]


# ---------------------------------------------------------------- static view

def test_static_view_has_native_form_and_templates(item, content):
    """Does the static view have a labelled radio group, a Check button, a live region and one feedback per option?"""
    out = render(item, content.sources)
    assert out.count('type="radio"') == len(item.options)
    assert "<legend" in out and 'data-sl-action="check"' in out and 'aria-live="polite"' in out
    for i, opt in enumerate(item.options):
        m = re.search(rf'<template data-sl-choice="{i}" data-sl-verdict="{opt.verdict}">(.*?)</template>', out)
        assert m and html.escape(opt.why, quote=True) in m.group(1)
    assert "window.SecondLine" in out  # the runtime travels with the view


def test_static_view_escapes_text(content, item):
    """Is content text escaped, so markup in a prompt cannot run?"""
    evil = item.model_copy(update={"prompt": "<script>alert(1)</script>"})
    out = render(evil, content.sources)
    assert "<script>alert(1)</script>" not in out and "&lt;script&gt;" in out


def test_every_answer_explained_waits_for_an_attempt(item, content):
    """Static view: is "Every answer explained" held in a <template> (not shown) until an answer is checked?"""
    out = render(item, content.sources, runtime=False)
    outside = re.sub(r"<template\b.*?</template>", "", out, flags=re.S)
    assert "Every answer explained" not in outside and "<details" not in outside
    tpl = re.search(r'<template class="sl-explained">(.*?)</template>', out, re.S).group(1)
    assert "<summary>Every answer explained</summary>" in tpl
    for opt in item.options:
        assert html.escape(opt.why, quote=True) in tpl
    assert '<div class="sl-explained-slot"></div>' in out
    assert 'slot.innerHTML = SL.tpl(root, ".sl-explained")' in render(item, content.sources)  # runtime, on Check


def test_live_view_explains_every_answer_only_after_checking(item, content):
    """Live view: is every option explained only after Check answer, and not after a check with no choice?"""
    view = QuizView(item, content.sources)
    assert "Every answer explained" not in view.feedback.value
    view.check.click()
    assert "Every answer explained" not in view.feedback.value
    view.choices.index = item.best_index
    view.check.click()
    region, key = view.feedback.value.split("<details>")
    assert "Every answer explained" in key and 'aria-live="polite"' in region and "<summary" not in region
    for opt in item.options:
        assert html.escape(opt.why, quote=True) in key
