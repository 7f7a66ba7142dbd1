"""Glossary logic: search terms (term matches before definition matches) and a deck of flashcards."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...content.words import N_, _

if TYPE_CHECKING:
    from ...content.schema import Term


SEARCH_LABEL = N_("Search the glossary")
SEARCH_HINT = N_("Type part of a word, such as “line” or “scan”. Terms and their meanings are both searched.")
# Phrased so that no number needs a plural; the static view fills the same {slots} in the browser.
COUNT = N_("Terms shown: {shown} of {total}.")
NO_MATCH = N_("No term or meaning contains “{query}”. Check the spelling, or try a shorter or different word.")
CARD_POSITION = N_("Card {number} of {total}")
CARDS_HINT = N_("Read the term and say what it means in plain words. Then show the meaning to check.")
SHOW_MEANING = N_("Show the meaning")
HIDE_MEANING = N_("Hide the meaning")
NEXT, PREVIOUS = N_("Next card"), N_("Previous card")
SEE_ALSO = N_("See also:")
EMPTY = N_("There are no glossary terms to show here yet.")


def normalise(query: str) -> str:
    """Lower case, trimmed, inner spaces collapsed; the static view's JavaScript does the same."""
    return re.sub(r"\s+", " ", query).strip().lower()


def search(terms: Iterable[Term], query: str) -> list[Term]:
    """Terms containing `query` (any case): terms whose name starts with it, then whose name contains it, then
    whose definition contains it; each group keeps the glossary's order. An empty query gives every term."""
    terms = list(terms)
    q = normalise(query)
    if not q:
        return terms
    starts = [t for t in terms if t.term.lower().startswith(q)]
    named = [t for t in terms if q in t.term.lower() and t not in starts]
    defined = [t for t in terms if q in t.definition.lower() and t not in starts and t not in named]
    return starts + named + defined


@dataclass
class Deck:
    """Flashcards over `terms`: one current card, face up (term) or flipped (definition); moving wraps around.

    Deterministic: glossary order, or a shuffle fixed by `seed`. Moving to another card shows its term side.
    """

    terms: Sequence[Term]
    seed: int | None = None
    order: list[int] = field(init=False)
    position: int = field(default=0, init=False)
    flipped: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        if not self.terms:
            raise ValueError("a deck needs at least one term")
        self.order = list(range(len(self.terms)))
        if self.seed is not None:
            random.Random(self.seed).shuffle(self.order)

    def __len__(self) -> int:
        return len(self.terms)

    @property
    def current(self) -> Term:
        return self.terms[self.order[self.position]]

    @property
    def number(self) -> int:
        """The current card's number, counting from 1 (for "Card 3 of 10")."""
        return self.position + 1

    @property
    def position_text(self) -> str:
        return _(CARD_POSITION).format(number=self.number, total=len(self))

    def flip(self) -> Term:
        self.flipped = not self.flipped
        return self.current

    def next(self) -> Term:
        return self._go(+1)

    def previous(self) -> Term:
        return self._go(-1)

    def go_to(self, term_id: str) -> Term:
        """Jump to the card of a term, by id."""
        for pos, i in enumerate(self.order):
            if self.terms[i].id == term_id:
                self.position, self.flipped = pos, False
                return self.current
        raise KeyError(f"no card for term '{term_id}'")

    def _go(self, step: int) -> Term:
        self.position = (self.position + step) % len(self)
        self.flipped = False
        return self.current
