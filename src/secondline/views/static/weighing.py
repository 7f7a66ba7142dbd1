"""Static view of a values exercise: labelled text fields for the patient's priorities and the questions they raise;
weighing.js fills the pre-rendered question sheet and the printable page with DOM text only (no kernel, no network).

Python renders every sentence. The sheet is rendered here as a skeleton holding EVERY option in content order, and
weighing.js only fills the patient's priorities and the same questions under each option, so the live and static
views say exactly the same thing. Nothing here scores, matches or ranks an option.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...content.words import N_, _, lang
from ..logic.weighing import (
    DEFAULT_LEVEL,
    EMPTY,
    LEVELS,
    MAX_LEN,
    MAX_PRIORITIES,
    NEUTRAL,
    NO_QUESTION,
    PAGE,
    PRIVACY,
    QuestionSheet,
    page,
)
from . import esc, lang_attr, message_html, runtime_tags
from .questions import PAGE_CSS

if TYPE_CHECKING:
    from ...content.schema import WeighingExercise

# Words shown inside the HTML below (N_ here, so the catalog finds them; _() where shown).
WITHOUT_JAVASCRIPT_HOW_TO = N_("Without JavaScript: how to use this exercise")

OPTIONS_HEAD = N_("The options her oncologist described")
SAYS_HEAD = N_("What she has said, in her own words")
PROMPTS_HEAD = N_("Questions that help her say what matters")
FACTORS_HEAD = N_("Areas to ask about for every option, with an example question")
ROWS_LEGEND = N_("Help her say what matters, then turn each priority into a question to ask about every option")
VALUE_LABEL = N_("What matters to her, in her words")
QUESTION_LABEL = N_("The question it raises, to ask about every option")
LEVEL_LABEL = N_("How much it matters to her")
SHEET_PRIORITIES = N_("What matters most to her")
SHEET_OPTIONS = N_("The same questions, for every option")
MAKE, PRINT, DOWNLOAD = N_("Make the question list"), N_("Print or save as PDF"), N_("Download the list (HTML)")
PRIORITY = N_("Priority %(n)s")
ON_PAPER = N_("Write each question on paper under every option above: the same questions for each.")
FILE_NAME = "my-questions-about-each-option.html"


def intro_html(ex: WeighingExercise) -> str:
    """The case, EVERY option with its neutral description (content order), her own words, and the helps."""
    options = "".join(f'<li data-sl-path="{esc(p.id)}"><p class="sl-w-path-label">{esc(p.label)}</p>'
                      f"<p>{esc(p.description)}</p></li>" for p in ex.paths)
    says = "".join(f"<li>{esc(s)}</li>" for s in ex.says)
    prompts = "".join(f"<li>{esc(s)}</li>" for s in ex.prompts)
    factors = "".join(f"<li><strong>{esc(f.label)}:</strong> {esc(f.question)}</li>" for f in ex.factors)
    return (f'<p class="sl-prompt sl-w-title">{esc(ex.title)}</p><p class="sl-w-case">{esc(ex.case)}</p>'
            f'<p class="sl-w-head">{esc(_(OPTIONS_HEAD))}</p><ul class="sl-w-intro-paths">{options}</ul>'
            f'<p class="sl-w-head">{esc(_(SAYS_HEAD))}</p><ul class="sl-w-says">{says}</ul>'
            f"<details><summary>{esc(_(PROMPTS_HEAD))}</summary><ul>{prompts}</ul></details>"
            f"<details><summary>{esc(_(FACTORS_HEAD))}</summary><ul>{factors}</ul></details>")


def sheet_html(ex: WeighingExercise, s: QuestionSheet | None = None) -> str:
    """Her priorities, then EVERY option (content order) with the same questions, the note and the closing.

    With s=None it is the empty skeleton that weighing.js fills in the browser.
    """
    prios = "".join(f'<li>{esc(p.text)} <span class="sl-w-level">({esc(p.level_words)})</span></li>'
                    for p in s.priorities) if s else ""
    questions = "".join(f"<li>{esc(q)}</li>" for q in s.questions) if s else ""
    options = "".join(f'<li class="sl-w-option" data-sl-path="{esc(p.id)}"><p class="sl-w-path-label">{esc(p.label)}</p>'
                      f'<ol data-sl-slot="questions">{questions}</ol></li>' for p in ex.paths)
    return (f'<div class="sl-verdict sl-w-sheet">'
            f'<p class="sl-verdict-head">{esc(_(SHEET_PRIORITIES))}</p>'
            f'<ol class="sl-w-priorities" data-sl-slot="priorities">{prios}</ol>'
            f'<p class="sl-verdict-head">{esc(_(SHEET_OPTIONS))}</p>'
            f'<ul class="sl-w-options">{options}</ul>'
            f'<p class="sl-w-note">{esc(_(NEUTRAL))}</p>'
            f'<p class="sl-w-closing">{esc(ex.closing)}</p></div>')


def page_shell(body: str) -> str:
    return (f'<!doctype html><html lang="{esc(lang())}"><head><meta charset="utf-8"><title>{esc(_(PAGE["title"]))}</title>'
            f"<style>{PAGE_CSS}</style></head><body>{body}</body></html>")


def _page_body(ex: WeighingExercise, s: QuestionSheet | None) -> str:
    words = page()
    prios = "".join(f"<li>{esc(p.text)}</li>" for p in s.priorities) if s else ""
    questions = "".join(f'<li>{esc(q)}<div class="answer">{esc(words["answer"])}</div></li>'
                        for q in s.questions) if s else ""
    options = "".join(f'<section data-sl-path="{esc(p.id)}"><h2>{esc(p.label)}</h2><ol>{questions}</ol></section>'
                      for p in ex.paths)
    return (f'<h1>{esc(words["title"])}</h1><p>{esc(words["intro"])}</p>'
            f'<h2>{esc(words["priorities"])}</h2><ol class="priorities">{prios}</ol>'
            f'<h2>{esc(words["options"])}</h2><main>{options}</main><footer>{esc(words["footer"])}</footer>')


def printable(ex: WeighingExercise, s: QuestionSheet) -> str:
    """The patient-facing page as a standalone HTML document: her priorities, and every option with the same questions."""
    return page_shell(_page_body(ex, s))


def render(ex: WeighingExercise, runtime: bool = True) -> str:
    name = f"sl-{ex.id}"
    levels = "".join(f'<option value="{i}"{" selected" if i == DEFAULT_LEVEL else ""}>{esc(w)}</option>'
                     for i, w in enumerate(map(_, LEVELS)))
    rows = "".join(
        f'<fieldset class="sl-w-row" data-sl-row="{n}"><legend>{esc(_(PRIORITY) % {"n": n})}</legend>'
        f'<label for="{name}-v{n}">{esc(_(VALUE_LABEL))}</label>'
        f'<input type="text" id="{name}-v{n}" data-sl-w="value" maxlength="{MAX_LEN}" autocomplete="off">'
        f'<label for="{name}-q{n}">{esc(_(QUESTION_LABEL))}</label>'
        f'<input type="text" id="{name}-q{n}" data-sl-w="question" maxlength="{MAX_LEN}" autocomplete="off">'
        f'<label for="{name}-l{n}">{esc(_(LEVEL_LABEL))}</label>'
        f'<select id="{name}-l{n}" data-sl-w="level">{levels}</select></fieldset>'
        for n in range(1, MAX_PRIORITIES + 1))
    level_words = "".join(f'<template data-sl-level="{i}">{esc(_(w))}</template>' for i, w in enumerate(LEVELS))
    return (
        f'<section class="sl sl-weighing" data-sl-kind="weighing" data-sl-id="{esc(ex.id)}" aria-labelledby="{name}-legend"{lang_attr()}>'
        f"{intro_html(ex)}"
        f'<p class="sl-note">{esc(_(PRIVACY))}</p>'
        f'<form onsubmit="return false"><fieldset><legend id="{name}-legend" class="sl-prompt">{esc(_(ROWS_LEGEND))}</legend>'
        f"{rows}</fieldset>"
        f'<p><button type="button" class="sl-button" data-sl-action="weighing-make">{esc(_(MAKE))}</button> '
        f'<button type="button" class="sl-button sl-button-secondary" data-sl-action="weighing-print">{esc(_(PRINT))}</button> '
        f'<a class="sl-download" download="{FILE_NAME}" href="#" hidden>{esc(_(DOWNLOAD))}</a></p>'
        f'<div class="sl-feedback" role="status" aria-live="polite"></div></form>'
        f'<template class="sl-w-sheet-tpl">{sheet_html(ex)}</template>'
        f'<template class="sl-w-page">{esc(page_shell(_page_body(ex, None)))}</template>'
        f'<template class="sl-w-answer">{esc(_(PAGE["answer"]))}</template>'
        f'<template class="sl-w-empty">{message_html(_(EMPTY))}</template>'
        f'<template class="sl-w-noquestion">{esc(_(NO_QUESTION))}</template>'
        f"{level_words}"
        f'<details><summary>{esc(_(WITHOUT_JAVASCRIPT_HOW_TO))}</summary>'
        f"<p>{esc(_(ROWS_LEGEND))}. {esc(_(ON_PAPER))} "
        f"{esc(_(NEUTRAL))}</p><p>{esc(ex.closing)}</p></details>"
        f"</section>" + (runtime_tags() if runtime else "")
    )
