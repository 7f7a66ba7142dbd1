"""Static view of the glossary: a labelled search over a definition list (with #term-<id> anchors), or flashcards.

Both work with no JavaScript (the full list; every card as a <details>); glossary.js adds filtering as the
learner types, and one-card-at-a-time navigation.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ...content.words import N_, _
from ..logic.glossary import (
    CARD_POSITION,
    CARDS_HINT,
    COUNT,
    EMPTY,
    HIDE_MEANING,
    NEXT,
    NO_MATCH,
    PREVIOUS,
    SEARCH_HINT,
    SEARCH_LABEL,
    SEE_ALSO,
    SHOW_MEANING,
)
from . import esc, lang_attr, message_html, runtime_tags, source_links

if TYPE_CHECKING:
    from ...content.schema import Source, Term

# Words shown inside the HTML below (N_ here, so the catalog finds them; _() where shown).
GLOSSARY_FLASHCARDS = N_("Glossary flashcards")
GLOSSARY = N_("Glossary")
FLASHCARDS = N_("Flashcards")

MODES = ("search", "cards")


def anchor(term_id: str) -> str:
    """The element id of a term in the search view: notebooks and pages link to `#term-<id>`."""
    return f"term-{term_id}"


def uid(terms: Sequence[Term], mode: str) -> str:
    """A stable id prefix for this glossary's inputs (the same terms and mode always give the same one)."""
    return "sl-g-" + hashlib.sha1(f"{mode}:{','.join(t.id for t in terms)}".encode()).hexdigest()[:8]


def _slot(name: str, value) -> str:
    return f'<span data-sl-slot="{name}">{esc(str(value))}</span>'


def count_html(shown: int | str, total: int | str) -> str:
    return f"<p>{esc(_(COUNT)).replace('{shown}', _slot('shown', shown)).replace('{total}', _slot('total', total))}</p>"


def no_match_html(query: str) -> str:
    return message_html(_(NO_MATCH)).replace(esc("{query}"), _slot("query", query), 1)


def see_also_html(term: Term, names: Mapping[str, str], links: bool) -> str:
    """Related terms that are in this glossary view (others are left out rather than linked to nowhere)."""
    related = [r for r in term.see_also if r in names]
    if not related:
        return ""
    if links:
        items = ", ".join(f'<a href="#{anchor(r)}" data-sl-action="glossary-see" data-sl-target="{esc(r)}">'
                          f"{esc(names[r])}</a>" for r in related)
    else:
        items = ", ".join(esc(names[r]) for r in related)
    return f'<p class="sl-g-see">{esc(_(SEE_ALSO))} {items}</p>'


def entry_html(term: Term, sources: Mapping[str, Source], names: Mapping[str, str], anchors: bool = True,
               links: bool = True, index: int | None = None) -> str:
    """One term of the definition list: <dt> term, <dd> definition, related terms and sources."""
    ident = f' id="{anchor(term.id)}" tabindex="-1"' if anchors else ""
    idx = f' data-sl-index="{index}"' if index is not None else ""
    return (f'<div class="sl-g-term"{ident} data-sl-term="{esc(term.id)}"{idx}>'
            f'<dt>{esc(term.term)}</dt><dd><p class="sl-g-def">{esc(term.definition)}</p>'
            f"{see_also_html(term, names, links)}{source_links([sources[s] for s in term.sources])}</dd></div>")


def list_html(terms: Sequence[Term], sources: Mapping[str, Source], names: Mapping[str, str],
              anchors: bool = True, links: bool = True, list_id: str = "") -> str:
    ident = f' id="{list_id}"' if list_id else ""
    return (f'<dl class="sl-g-list"{ident}>'
            + "".join(entry_html(t, sources, names, anchors, links, i) for i, t in enumerate(terms)) + "</dl>")


def card_html(term: Term, sources: Mapping[str, Source], names: Mapping[str, str], open_: bool = False) -> str:
    """One flashcard: the term, and its meaning behind a native <details> (a flip that needs no JavaScript)."""
    return (f'<details class="sl-g-card-inner"{" open" if open_ else ""}><summary>'
            f'<span class="sl-g-card-term">{esc(term.term)}</span>'
            f'<span class="sl-g-show">{esc(_(SHOW_MEANING))}</span><span class="sl-g-hide">{esc(_(HIDE_MEANING))}</span>'
            f'</summary><div class="sl-g-back"><p class="sl-g-def">{esc(term.definition)}</p>'
            f"{see_also_html(term, names, links=False)}{source_links([sources[s] for s in term.sources])}</div></details>")


def position_html(number: int | str, total: int | str) -> str:
    return esc(_(CARD_POSITION)).replace("{number}", _slot("number", number)).replace("{total}", _slot("total", total))


def render(terms: Sequence[Term], sources: Mapping[str, Source], mode: str = "search", runtime: bool = True,
           anchors: bool = True) -> str:
    """The glossary as HTML. `anchors=False` drops the `term-<id>` ids, for a second search view on one page."""
    if mode not in MODES:
        raise ValueError(f"glossary mode must be one of {', '.join(MODES)}, not {mode!r}")
    terms = list(terms)
    names = {t.id: t.term for t in terms}
    name = uid(terms, mode)
    head = (f'<section class="sl sl-glossary" data-sl-kind="glossary" data-sl-id="glossary" data-sl-mode="{mode}" '
            f'aria-label="{esc(_(GLOSSARY_FLASHCARDS) if mode == "cards" else _(GLOSSARY))}"{lang_attr()}>')
    if not terms:
        body = f'<p class="sl-prompt">{esc(_(GLOSSARY))}</p>{message_html(_(EMPTY))}'
    elif mode == "search":
        body = (f'<form role="search" onsubmit="return false"><label for="{name}-q" class="sl-prompt">'
                f"{esc(_(SEARCH_LABEL))}</label>"
                f'<p class="sl-hint" id="{name}-hint">{esc(_(SEARCH_HINT))}</p>'
                f'<input type="search" class="sl-g-query" id="{name}-q" aria-describedby="{name}-hint" '
                f'aria-controls="{name}-list" autocomplete="off" spellcheck="false"></form>'
                f'<div class="sl-feedback sl-g-status" role="status" aria-live="polite"></div>'
                f"{list_html(terms, sources, names, anchors, True, f'{name}-list')}"
                f'<template class="sl-g-count">{count_html("", "")}</template>'
                f'<template class="sl-g-nomatch">{no_match_html("")}</template>')
    else:
        cards = "".join(f'<li class="sl-g-card" data-sl-term="{esc(t.id)}">{card_html(t, sources, names)}</li>'
                        for t in terms)
        body = (f'<p class="sl-prompt">{esc(_(FLASHCARDS))}</p><p class="sl-hint">{esc(_(CARDS_HINT))}</p>'
                f'<p class="sl-g-position" aria-live="polite" hidden>{position_html(1, len(terms))}</p>'
                f'<ol class="sl-g-cards">{cards}</ol>'
                f'<div class="sl-g-nav" hidden>'
                f'<button type="button" class="sl-button sl-button-secondary" data-sl-action="glossary-previous">'
                f'<span aria-hidden="true">← </span>{esc(_(PREVIOUS))}</button>'
                f'<button type="button" class="sl-button" data-sl-action="glossary-next">{esc(_(NEXT))}'
                f'<span aria-hidden="true"> →</span></button></div>')
    return head + body + "</section>" + (runtime_tags() if runtime else "")
