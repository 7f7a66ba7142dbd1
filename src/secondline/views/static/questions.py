"""Question-list builder, static view and the printable patient page (large type, room to write, no data kept)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...content.words import lang as lang_in_use
from ..logic.questions import SUGGESTED_MAX, QuestionList, builder
from ..logic.questions import page as page_words
from . import esc, message_html, runtime_tags

if TYPE_CHECKING:
    from ...content.schema import QuestionBank

PAGE_CSS = """
/* Large print (14 pt and up); under each question a ruled box with room to write the answer (three lines, about an
   inch), ruled even when the browser prints no backgrounds (print-color-adjust); a ten-question list fits one sheet,
   both sides. */
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; font-size: 14pt;
  line-height: 1.3; color: #000; margin: 0 auto; max-width: 46rem; padding: 1rem; }
h1 { font-size: 20pt; margin: 0 0 0.2rem; } h2 { font-size: 15pt; margin: 0.4rem 0 0.05rem; break-after: avoid; }
p { margin: 0.25rem 0; }
.reminder { border: 2px solid #000; border-radius: 8px; padding: 0.25rem 0.6rem; margin: 0.35rem 0; font-size: 13pt; }
.fill { border-bottom: 1px solid #000; display: inline-block; min-width: 13rem; }
ol { padding-left: 1.6rem; margin: 0; } li { margin: 0.2rem 0 0; break-inside: avoid; }
.answer { box-sizing: border-box; height: 1in; margin: 0.1rem 0 0.35rem; padding: 0.03in 0.1in 0;
  border: 1px solid #555; border-radius: 4px; color: #444; font-size: 10pt;
  background: repeating-linear-gradient(to bottom, transparent 0 calc(0.3in - 1px), #999 calc(0.3in - 1px) 0.3in);
  background-position: 0 0.02in; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
footer { font-size: 10pt; margin-top: 0.6rem; color: #333; }
.translation-status { font-size: 11pt; border: 1px solid #000; padding: 0.1rem 0.4rem; margin: 0 0 0.3rem; }
@page { size: letter; margin: 0.45in 0.5in; }
.language-switch { text-align: right; font-size: 12pt; margin: 0 0 0.3rem; }
@media print { body { padding: 0; } .language-switch { display: none; } }
"""


def page_shell(body: str, page: dict[str, str] | None = None, lang: str | None = None) -> str:
    """`page` and `lang`: the page's words in another language (editions/i18n.py); by default, the language in use
    (content/words.py)."""
    page, lang = page or page_words(), lang or lang_in_use()
    return (f'<!doctype html><html lang="{esc(lang)}"><head><meta charset="utf-8"><title>{esc(page["title"])}</title>'
            f"<style>{PAGE_CSS}</style></head><body>{body}</body></html>")


def page_top(reminder: str, page: dict[str, str] | None = None) -> str:
    page = page or page_words()
    notice = (f'<p class="translation-status" role="note">{esc(page["notice"])}</p>' if page.get("notice") else "")
    return (f'{notice}<h1>{esc(page["title"])}</h1><p>{esc(page["intro"])}</p>'
            f'<p>{esc(page["date"])} <span class="fill"></span><br>{esc(page["companion"])} <span class="fill"></span></p>'
            f'<p class="reminder">{esc(reminder)}</p>')


def question_html(text: str, page: dict[str, str] | None = None) -> str:
    page = page or page_words()
    return f'<li>{esc(text)}<div class="answer">{esc(page["answer"])}</div></li>'


def printable(qlist: QuestionList, page: dict[str, str] | None = None, lang: str | None = None) -> str:
    """The patient-facing page as a standalone HTML document (print it, or save it as PDF from the browser);
    `page` and `lang` for a translated page (editions/i18n.py), by default the language in use."""
    page = page or page_words()
    sections = "".join(f"<h2>{esc(title)}</h2><ol>{''.join(question_html(q, page) for q in qs)}</ol>"
                       for title, qs in qlist.sections)
    return page_shell(f'{page_top(qlist.reminder, page)}<main>{sections}</main><footer>{esc(page["footer"])}</footer>',
                      page, lang)


def render(bank: QuestionBank, runtime: bool = True, page: dict[str, str] | None = None,
           words: dict[str, str] | None = None, lang: str | None = None) -> str:
    """The builder; `page`, `words` and `lang` for a translated builder (editions/i18n.py), by default the language
    in use (content/words.py)."""
    page, words, lang = page or page_words(), words or builder(), lang or lang_in_use()
    spoken = "" if lang == "en" else f' lang="{esc(lang)}"'
    groups = []
    for g in bank.groups:
        boxes = "".join(f'<label class="sl-option"><input type="checkbox" value="{esc(q.id)}">'
                        f'<span class="sl-q">{esc(q.text)}</span></label>' for q in g.questions)
        groups.append(f'<fieldset data-sl-group="{esc(g.title)}"><legend>{esc(g.title)}</legend>{boxes}</fieldset>')
    # The JS fills a copy of this page: DOM text nodes only, so typed text can never become markup.
    shell = page_shell(f'{page_top(bank.reminder, page)}<main></main><footer>{esc(page["footer"])}</footer>', page, lang)
    return (
        f'<section class="sl sl-qb" data-sl-kind="question-list" data-sl-id="question-bank" data-sl-max="{SUGGESTED_MAX}" '
        f'aria-label="{esc(words["label"])}"{spoken}>'
        f'<p class="sl-note">{esc(words["note"])}</p>'
        f'{"".join(groups)}'
        f'<label class="sl-own-label" for="sl-qb-own">{esc(page["own"])} {esc(words["own_hint"])}</label>'
        '<textarea id="sl-qb-own" class="sl-own" rows="4"></textarea>'
        f'<p><button type="button" class="sl-button" data-sl-action="qb-make">{esc(words["make"])}</button> '
        f'<button type="button" class="sl-button sl-secondary" data-sl-action="qb-print">{esc(words["print"])}</button> '
        f'<a class="sl-download" download="{esc(words["file"])}" href="#" hidden>{esc(words["download"])}</a></p>'
        '<div class="sl-feedback" role="status" aria-live="polite"></div>'
        f'<template class="sl-qb-page">{esc(shell)}</template>'
        f'<template class="sl-qb-answer">{esc(page["answer"])}</template>'
        f'<template class="sl-qb-own-title">{esc(page["own"])}</template>'
        f'<template class="sl-qb-done-one">{esc(words["done_one"])}</template>'
        f'<template class="sl-qb-done-many">{esc(words["done_many"])}</template>'
        f'<template class="sl-nochoice">{message_html(words["empty"])}</template>'
        f'<template class="sl-toomany">{message_html(words["too_many"])}</template>'
        "</section>" + (runtime_tags() if runtime else "")
    )
