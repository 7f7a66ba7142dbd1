"""Live glossary: search (`view.query.value = "line"`, read `view.results.value`) or flashcards
(`view.flip.click()`, `view.next.click()`, read `view.card.value`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING

import ipywidgets as widgets

from ...content.words import _
from ..logic.glossary import (
    CARDS_HINT,
    EMPTY,
    HIDE_MEANING,
    NEXT,
    PREVIOUS,
    SEARCH_HINT,
    SEARCH_LABEL,
    SHOW_MEANING,
    Deck,
    normalise,
    search,
)
from ..static import esc, message_html, source_links
from ..static.glossary import MODES, count_html, list_html, no_match_html, position_html, render, see_also_html
from . import LiveView, button, html, live_region

if TYPE_CHECKING:
    from ...content.schema import Source, Term


class GlossaryView(LiveView):
    def __init__(self, terms: Sequence[Term], sources: Mapping[str, Source], mode: str = "search", on_event=None,
                 seed: int | None = None):
        if mode not in MODES:
            raise ValueError(f"glossary mode must be one of {', '.join(MODES)}, not {mode!r}")
        self.terms, self.sources, self.mode = list(terms), sources, mode
        self.names = {t.id: t.term for t in self.terms}
        self.deck: Deck | None = None
        if not self.terms:
            children = [html(message_html(_(EMPTY)))]
        elif mode == "search":
            children = self._search_widgets()
        else:
            children = self._card_widgets(seed)
        super().__init__(children, on_event=on_event)
        self.static_html = render(self.terms, sources, mode, runtime=False)

    # ---------------------------------------------------------------- search
    def _search_widgets(self) -> list:
        self.query = widgets.Text(value="", description=_(SEARCH_LABEL), placeholder=_("for example: line"),
                                  continuous_update=True, style={"description_width": "initial"},
                                  layout=widgets.Layout(width="32rem", max_width="100%"))
        self.query.add_class("sl-g-query")
        hint = html(f'<p class="sl-hint">{escape(_(SEARCH_HINT))}</p>')
        self.results = html()
        self.query.observe(self._on_query, "value")
        self._show_results("")
        return [self.query, hint, self.results]

    def _on_query(self, change) -> None:
        found = self._show_results(change["new"])
        self.emit({"kind": "glossary", "id": "glossary", "action": "search", "query": change["new"],
                   "found": [t.id for t in found]})

    def _show_results(self, query: str) -> list[Term]:
        found = search(self.terms, query)
        if not normalise(query):
            status = ""
        elif not found:
            status = no_match_html(query.strip())
        else:
            status = count_html(len(found), len(self.terms))
        self.results.value = live_region(status) + (list_html(found, self.sources, self.names, links=False)
                                                    if found else "")
        return found

    # ---------------------------------------------------------------- cards
    def _card_widgets(self, seed: int | None) -> list:
        self.deck = Deck(self.terms, seed=seed)
        hint = html(f'<p class="sl-hint">{escape(_(CARDS_HINT))}</p>')
        self.card = html()
        self.flip = button(_(SHOW_MEANING), width="auto", icon="eye", button_style="primary")
        self.previous = button(_(PREVIOUS), width="auto", icon="arrow-left")
        self.next = button(_(NEXT), width="auto", icon="arrow-right")
        self.flip.on_click(lambda _b: self._act("flip"))
        self.next.on_click(lambda _b: self._act("next"))
        self.previous.on_click(lambda _b: self._act("previous"))
        self._show_card()
        return [hint, self.card, widgets.HBox([self.flip, self.previous, self.next])]

    def _act(self, action: str) -> None:
        getattr(self.deck, action)()
        self._show_card()
        self.emit({"kind": "glossary", "id": "glossary", "action": action, "term": self.deck.current.id,
                   "flipped": self.deck.flipped})

    def _show_card(self) -> None:
        deck, term = self.deck, self.deck.current
        back = ""
        if deck.flipped:
            back = (f'<div class="sl-g-back"><p class="sl-g-def">{esc(term.definition)}</p>'
                    f"{see_also_html(term, self.names, links=False)}"
                    f"{source_links([self.sources[s] for s in term.sources])}</div>")
        self.card.value = live_region(
            f'<div class="sl-g-card sl-g-live-card" data-sl-term="{esc(term.id)}">'
            f'<p class="sl-g-position">{position_html(deck.number, len(deck))}</p>'
            f'<p class="sl-g-card-term">{esc(term.term)}</p>{back}</div>')
        self.flip.description = _(HIDE_MEANING) if deck.flipped else _(SHOW_MEANING)
