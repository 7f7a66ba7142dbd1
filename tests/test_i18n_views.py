"""The views' own words in Spanish (issue 19, kind ui:views): every `_()` and `N_()` string of the views is extracted
and translated, and a Spanish render of every kind of view (static twin and live widgets) has none of the views'
English words left, while English renders stay English.

The renders use a Spanish "skeleton" course: every content string (content/i18n.py: TRANSLATED) replaced by a mark,
so what is left in English can only be the views' own words (the module translations are filled separately)."""

from __future__ import annotations

import ast
import dataclasses
import html
import json
import random
import re

import pytest

from secondline.content.i18n import load_catalog, localize, problems, translated
from secondline.content.words import CONTEXT, _, speaking
from secondline.editions.i18n import _view_messages, view_sources

LANG = "es"
MARK = "¤"


@pytest.fixture(scope="module")
def view_messages():
    return _view_messages()


@pytest.fixture(scope="module")
def spanish_words(content):
    return translated(content, LANG).words


@pytest.fixture(scope="module")
def skeleton(content, spanish_words):
    """The course with every content string a mark, speaking the views' Spanish words."""
    return dataclasses.replace(localize(content, lambda _context, _english: MARK, LANG), words=spanish_words)


def test_every_view_string_is_translated(content, view_messages):
    """Does every ui:views string have a current Spanish translation (msgctxt "ui:views")?"""
    assert len(view_messages) > 250 and {m.context for m in view_messages} == {CONTEXT}
    assert problems(view_messages, load_catalog(content.root, LANG), LANG) == []


def test_extraction_finds_every_marked_string(view_messages):
    """Does Babel's extractor find every `_("...")` and `N_("...")` in the views (a call inside an f-string is
    invisible to it on Python 3.11, so such a word would silently stay English)?"""
    found = {m.english for m in view_messages}
    hidden = []
    for path in view_sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_")
                    and node.args and isinstance(node.args[0], ast.Constant)
                    and node.args[0].value not in found):
                hidden.append(f"{path.name}:{node.lineno}: {node.args[0].value!r}")
    assert not hidden, hidden


# ----------------------------------------------------------------------------- what counts as English left


def _pattern(english: str) -> re.Pattern | None:
    """The English as it can appear on a page: placeholders (%(x)s, {x}) match anything short; None when no word of
    three letters or more is left to find."""
    parts = re.split(r"%\(\w+\)[sd]|\{\w+\}", english)
    if not any(re.search(r"[A-Za-z]{3,}", p) for p in parts):
        return None
    return re.compile(r"(?<![\w])" + r".{0,300}?".join(re.escape(p) for p in parts) + r"(?![\w])", re.S)


def english_left(text: str, view_messages, words: dict[str, str]) -> list[str]:
    """The views' English strings (not the same in Spanish) that appear in `text` (HTML unescaped)."""
    text = html.unescape(text)
    left = []
    for m in view_messages:
        if words.get(m.english) == m.english:
            continue  # the same in both languages
        pattern = _pattern(m.english)
        if pattern is not None and pattern.search(text):
            left.append(m.english)
    return left


def kept_english(content) -> list[str]:
    """Content the Spanish course keeps in English on purpose: sources (English publications) and trial conditions
    and places (search terms for an English registry), and the registry's field names in the real search URL."""
    from secondline.views.logic.trials import DEFAULT_FIELDS

    kept = [",".join(DEFAULT_FIELDS)]
    for s in content.sources.values():
        kept += [s.citation(), s.authors, s.title, s.venue, s.link]
    for mc in content.modules.values():
        for t in mc.trials:
            kept += [*t.conditions, t.nct_id, *(f"{loc.facility}, {loc.city}, {loc.state}" for loc in t.locations)]
            kept += [loc.facility for loc in t.locations]
    return sorted({k for k in kept if k}, key=len, reverse=True)


def _strip(text: str, kept: list[str]) -> str:
    text = html.unescape(text)
    for k in kept:
        text = text.replace(k, " ")
    return text


# ----------------------------------------------------------------------------- static twins


def static_renders(c) -> dict[str, str]:
    """Every kind of static view, for the modules that have one, in the language `c` speaks (without runtime.js,
    whose words all come from these renders: test_the_runtime_holds_no_words)."""
    from fake_learners import fake_export
    from secondline.record.format import Record
    from secondline.record.schema import parse_record
    from secondline.views.static import (
        case,
        figure,
        glossary,
        knowledge,
        module,
        progress,
        questions,
        quiz,
        sort,
        trials,
        weighing,
    )

    m3, m5, m6, m2 = (c.module(s) for s in ("03-clinical-trials", "05-deciding-whether-to-continue",
                                            "06-palliative-care-and-hospice", "02-what-to-expect"))
    terms = [c.glossary[t] for t in m3.module.terms]
    record = parse_record(fake_export(c, random.Random(3), "Ana"), "fake.json")
    return {
        "header": module.header(m3, c), "objectives": module.objectives(m3), "key points": module.key_points(m3, c),
        "references": module.references(m3, c), "map": module.curriculum_map(c), "completion": module.completion(c),
        "quiz": quiz.render(m3.quiz.items[0], c.sources, runtime=False),
        "case": case.render(m3.cases[0], c.sources, runtime=False),
        "sort": sort.render(m6.sorts[0], c.sources, runtime=False),
        "weighing": weighing.render(m5.weighing[0], runtime=False),
        "trials": trials.render(m3.trials, runtime=False),
        "figure": figure.render(m2.figures[0], c.sources, style=False),
        "glossary": glossary.render(terms, c.sources, runtime=False),
        "cards": glossary.render(terms, c.sources, mode="cards", runtime=False),
        "empty glossary": glossary.render([], c.sources, runtime=False),
        "knowledge check": knowledge.render(c, "pre", runtime=False) + knowledge.render(c, "post", runtime=False),
        "progress": progress.summary_html(record, c) + progress.summary_html(Record(), c),
        "progress twins": (progress.progress_note() + progress.complete_note()
                           + progress.confidence_note([MARK], "before") + progress.confidence_note([MARK], "after")),
        "question list": questions.render(c.question_bank, runtime=False),
    }


def test_spanish_static_views_have_no_english_words(skeleton, content, view_messages, spanish_words):
    """Does every kind of static view, rendered in Spanish, carry none of the views' English words, say it is in
    Spanish (lang="es"), and keep the JavaScript's words in Spanish too (data-sl-words, data-sl-path-head)?"""
    kept = kept_english(content)
    with speaking(skeleton):
        renders = static_renders(skeleton)
    found = {name: english_left(_strip(h, kept), view_messages, spanish_words) for name, h in renders.items()}
    assert not {k: v for k, v in found.items() if v}
    for name in ("quiz", "case", "sort", "weighing", "trials", "figure", "glossary", "knowledge check"):
        assert f'lang="{LANG}"' in renders[name], name
    words = json.loads(html.unescape(re.search(r'data-sl-words="([^"]+)"', renders["knowledge check"]).group(1)))
    assert words["scored"].startswith("Obtuvo") and "{percent}" in words["scored"]
    assert 'data-sl-path-head="Su camino por el caso"' in renders["case"]
    assert "Revisar la respuesta" in renders["quiz"] and "Mejor respuesta" in renders["quiz"]


def test_english_static_views_stay_english(content, view_messages):
    """Without a translation the same renders are English, with no lang attribute of their own (the page says it)."""
    renders = static_renders(content)
    assert "Check answer" in renders["quiz"] and "Best answer" in renders["quiz"]
    assert "About " in renders["header"] and "Your path through the case" in renders["case"]
    assert not any(' lang="es"' in h for h in renders.values())
    words = json.loads(html.unescape(re.search(r'data-sl-words="([^"]+)"', renders["knowledge check"]).group(1)))
    assert words == {"scored": "You scored {correct} of {total} ({percent}%).", "of": "{correct} of {asked}",
                     "objective": "Objective", "correct": "Correct"}


def test_an_untranslated_word_is_caught(skeleton, content, view_messages, spanish_words):
    """Can the check fail: with one word missing from the catalog, does the Spanish quiz show it and the check name
    it?"""
    from secondline.views.static import quiz

    missing = {k: v for k, v in spanish_words.items() if k != "Check answer"}
    with speaking(dataclasses.replace(skeleton, words=missing)):
        page = quiz.render(skeleton.module("03-clinical-trials").quiz.items[0], skeleton.sources, runtime=False)
    assert english_left(_strip(page, kept_english(content)), view_messages, spanish_words) == ["Check answer"]


def test_dates_and_sentences_follow_the_language(skeleton):
    """Are dates, counts and plurals said the Spanish way (whole sentences, not English pieces)?"""
    from secondline.views.logic.progress import day
    from secondline.views.logic.trials import count_text, filtered_out_text

    with speaking(skeleton):
        assert day("2025-03-01T14:30:00Z") == "1 de marzo de 2025"
        assert count_text(1, 12) == "1 de 12 registros de práctica coincide"
        assert filtered_out_text(3) == "3 registros filtrados, y por qué"
        assert _("Best answer") == "Mejor respuesta"
    assert day("2025-03-01T14:30:00Z") == "1 March 2025" and _("Best answer") == "Best answer"


def test_the_runtime_holds_no_words(view_messages):
    """Does the static twins' JavaScript hold none of the views' words (outside its comments), so it is the same in
    every language?"""
    from secondline.views.static import runtime_js

    code = re.sub(r"/\*.*?\*/|(?<![:\\])//[^\n]*", "", runtime_js(), flags=re.S)
    literals = " ".join(re.findall(r'"((?:[^"\\]|\\.)*)"', code) + re.findall(r"'((?:[^'\\]|\\.)*)'", code))
    assert english_left(literals, view_messages, {}) == []
    assert english_left('"Your path through the case"', view_messages, {}) == ["Your path through the case"]


# ----------------------------------------------------------------------------- live widgets


def _widget_texts(w) -> list[str]:
    """Every word a widget shows: its value (HTML), description, tooltip, placeholder and option labels, depth first."""
    out = []
    for attr in ("description", "tooltip", "placeholder"):
        v = getattr(w, attr, None)
        if isinstance(v, str):
            out.append(v)
    v = getattr(w, "value", None)
    if isinstance(v, str) and type(w).__name__ in ("HTML", "Label"):
        out.append(re.sub(r"<style>.*?</style>", "", v, flags=re.S))  # the stylesheet widget: CSS, not words
    labels = getattr(w, "_options_labels", None)
    if labels:
        out += list(labels)
    return out + [t for child in getattr(w, "children", ()) for t in _widget_texts(child)]


def live_views(c) -> dict[str, list[str]]:
    """Each live view's words, before and after the learner acts, in the language `c` speaks."""
    from secondline.record.store import NullStore
    from secondline.views.live.case import CaseView
    from secondline.views.live.glossary import GlossaryView
    from secondline.views.live.knowledge import KnowledgeCheckView
    from secondline.views.live.progress import CompleteButtonView, ConfidenceView, ProgressView
    from secondline.views.live.questions import QuestionListView
    from secondline.views.live.quiz import QuizView
    from secondline.views.live.sort import SortView
    from secondline.views.live.trials import TrialSearchView
    from secondline.views.live.weighing import WeighingView

    m3, m5, m6 = (c.module(s) for s in ("03-clinical-trials", "05-deciding-whether-to-continue",
                                        "06-palliative-care-and-hospice"))
    seen: dict[str, list[str]] = {}

    def look(name, view, *acts):
        texts = _widget_texts(view)
        for act in acts:
            act(view)
            texts += _widget_texts(view)
        seen[name] = texts

    def answer_quiz(v):
        v.choices.index = 0
        v.check.click()

    def walk_case(v):
        while not v.run.is_over:
            v.choices.index = 0
            v.choose.click()

    def place(v):
        next(iter(v.placements.values())).value = v.sort.bins[0].id
        v.check.click()

    def fill(v):
        v.values[0].value, v.questions[0].value = "estar en casa", "¿Puedo estar en casa?"
        v.make.click()

    def make_list(v):
        next(iter(v.picks.values())).value = True
        v.make.click()

    terms = [c.glossary[t] for t in m3.module.terms]
    look("quiz", QuizView(m3.quiz.items[0], c.sources), lambda v: v.check.click(), answer_quiz)
    look("case", CaseView(m3.cases[0], c.sources), lambda v: v.choose.click(), walk_case)
    look("sort", SortView(m6.sorts[0], c.sources), lambda v: v.check.click(), place)
    look("weighing", WeighingView(m5.weighing[0]), lambda v: v.make.click(), fill)
    look("trials", TrialSearchView(m3.trials), lambda v: setattr(v.recruiting, "value", True),
         lambda v: v.search.click())
    look("glossary", GlossaryView(terms, c.sources), lambda v: setattr(v.query, "value", "zzzz"),
         lambda v: setattr(v.query, "value", MARK))
    look("cards", GlossaryView(terms, c.sources, mode="cards"), lambda v: v.flip.click(), lambda v: v.next.click())
    look("knowledge check", KnowledgeCheckView(c, "pre"), lambda v: v.submit.click())
    look("question list", QuestionListView(c.question_bank), lambda v: v.make.click(), make_list)
    store = NullStore("")
    look("progress", ProgressView(store, c), lambda v: v.reset.click(), lambda v: v.cancel.click())
    look("complete", CompleteButtonView("03-clinical-trials", MARK, recording=False), lambda v: v.mark.click())
    look("confidence", ConfidenceView("03-clinical-trials", m3.module.objectives, "after", recording=False),
         lambda v: v.save.click())
    return seen


def test_spanish_live_views_have_no_english_words(skeleton, content, view_messages, spanish_words):
    """Do the live widgets (labels, buttons, tooltips, menus, and the feedback after each action) carry none of the
    views' English words in Spanish, while the same views in English still say "Check answer"?"""
    kept = kept_english(content)
    with speaking(skeleton):
        views = live_views(skeleton)
    found = {name: english_left(_strip(" ".join(t), kept), view_messages, spanish_words)
             for name, t in views.items()}
    assert not {k: v for k, v in found.items() if v}
    assert "Revisar la respuesta" in views["quiz"] and any("Su camino por el caso" in t for t in views["case"])
    english = live_views(content)
    assert "Check answer" in english["quiz"] and any("Your path through the case" in t for t in english["case"])


def test_spanish_twins_in_a_browser(skeleton, content, view_messages, spanish_words, tmp_path):
    """In Chromium, do the JavaScript's own words come out in Spanish (the knowledge check's score and table, the
    case's path heading), with nothing fetched from outside the page?"""
    from browser import browser_page, require_chromium
    from secondline.views.static import case, knowledge, runtime_tags

    require_chromium()
    with speaking(skeleton):
        body = (case.render(skeleton.module("03-clinical-trials").cases[0], skeleton.sources, runtime=False)
                + knowledge.render(skeleton, "pre", runtime=False, form="a") + runtime_tags())
    page_file = tmp_path / "es.html"
    page_file.write_text(f'<!doctype html><html lang="es"><head><meta charset="utf-8"><title>es</title></head>'
                         f"<body>{body}</body></html>", encoding="utf-8")
    outside: list[str] = []
    with browser_page() as page:
        page.route("**/*", lambda r: (outside.append(r.request.url), r.abort())
                   if not r.request.url.startswith(("file://", "data:")) else r.continue_())
        page.goto(page_file.as_uri())
        kc = page.locator('[data-sl-kind="knowledge-check"]')
        kc.locator('[data-sl-action="kc-score"]').click()
        kc.locator(".sl-kc-total").wait_for()
        assert kc.locator(".sl-kc-total").inner_text().startswith("Obtuvo 0 de ")
        assert kc.locator(".sl-kc-table th").all_inner_texts() == ["Objetivo", "Correctas"]
        assert re.fullmatch(r"0 de \d+", kc.locator(".sl-kc-table td").nth(1).inner_text())
        c = page.locator('[data-sl-kind="case"]')
        for _step in range(20):
            scene = c.locator(".sl-scene:not([hidden])")
            if scene.locator('[data-sl-action="case-choose"]').count() == 0:
                break
            scene.locator("input[type=radio]").first.check()
            scene.locator('[data-sl-action="case-choose"]').click()
        c.locator(".sl-path h4").wait_for()
        assert c.locator(".sl-path h4").inner_text() == "Su camino por el caso"
        shown = page.locator("body").inner_text()
    assert english_left(_strip(shown, kept_english(content)), view_messages, spanish_words) == []
    assert outside == []
