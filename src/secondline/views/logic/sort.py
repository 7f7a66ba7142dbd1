"""Sort logic: each statement placed in a bin is right or not, with the right bin, the why and its sources."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ...content.words import N_, _
from .quiz import VERDICTS

if TYPE_CHECKING:
    from ...content.schema import Bin, SortExercise, Source, Statement

NO_PLACEMENT = N_("Choose a group for at least one statement, then select Check my sorting.")

Outcome = Literal["right", "wrong", "unplaced"]


@dataclass(frozen=True)
class OutcomeStyle:
    icon: str
    label: str  # English (N_): shown as _(label)
    css: str  # the verdict class shared with the quiz, so colours match across interactions


# Words and an icon for each outcome (icons shared with the quiz verdicts); colour only repeats the words.
OUTCOMES: dict[str, OutcomeStyle] = {
    "right": OutcomeStyle(VERDICTS["best"].icon, N_("Right group"), "best"),
    "wrong": OutcomeStyle(VERDICTS["unsafe"].icon, N_("Not this group"), "unsafe"),
    "unplaced": OutcomeStyle("○", N_("Not placed yet"), "none"),
}


@dataclass(frozen=True)
class StatementFeedback:
    statement: Statement
    outcome: Outcome
    placed: Bin | None
    right_bin: Bin
    sources: tuple[Source, ...]  # empty when check() was given no sources mapping; source ids are on the statement

    @property
    def correct(self) -> bool:
        return self.outcome == "right"

    @property
    def style(self) -> OutcomeStyle:
        return OUTCOMES[self.outcome]

    @property
    def answer(self) -> str:
        """Where the statement belongs, said in words (empty until the learner has placed it)."""
        if self.outcome == "unplaced":
            return ""
        return _("It belongs in: %(group)s.") % {"group": self.right_bin.label}

    @property
    def why(self) -> str:
        """The rationale, revealed only once the statement is placed, so the learner can still try."""
        return "" if self.outcome == "unplaced" else self.statement.why

    def text(self) -> str:
        parts = [f"{self.style.icon} {_(self.style.label)}: {self.statement.text}", self.answer, self.why]
        return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class SortResult:
    sort_id: str
    lines: tuple[StatementFeedback, ...]

    @property
    def total(self) -> int:
        return len(self.lines)

    @property
    def right(self) -> int:
        return sum(f.outcome == "right" for f in self.lines)

    @property
    def unplaced(self) -> int:
        return sum(f.outcome == "unplaced" for f in self.lines)

    @property
    def placed(self) -> int:
        return self.total - self.unplaced

    @property
    def complete(self) -> bool:
        return self.unplaced == 0

    @property
    def score_text(self) -> str:
        return score_text(self.right, self.total, self.unplaced)


# Phrased so that no number needs a plural; the static view fills the same {slots} in the browser.
SCORE = N_("In the right group: {right} of {total}.")
SCORE_UNPLACED = N_("Not placed yet: {unplaced}.")


def score_text(right: int, total: int, unplaced: int) -> str:
    """The score in words."""
    text = _(SCORE).format(right=right, total=total)
    return text + (" " + _(SCORE_UNPLACED).format(unplaced=unplaced) if unplaced else "")


def feedback_for(sort: SortExercise, statement: Statement, placed: str | None,
                 sources: Mapping[str, Source] | None = None) -> StatementFeedback:
    bins = {b.id: b for b in sort.bins}
    if placed is not None and placed not in bins:
        raise ValueError(f"sort {sort.id} has no bin '{placed}' (bins: {', '.join(bins)})")
    outcome: Outcome = "unplaced" if placed is None else "right" if placed == statement.bin else "wrong"
    return StatementFeedback(statement, outcome, bins.get(placed) if placed else None, bins[statement.bin],
                             tuple(sources[s] for s in statement.sources) if sources is not None else ())


def check(sort: SortExercise, placements: Mapping[str, str | None],
          sources: Mapping[str, Source] | None = None) -> SortResult:
    """Feedback for every statement of `sort`, in content order; a statement missing from `placements` is unplaced.

    `placements` maps statement id to bin id (or None). Unknown statement or bin ids are errors, not silence.
    """
    known = {st.id for st in sort.statements}
    unknown = sorted(set(placements) - known)
    if unknown:
        raise ValueError(f"sort {sort.id} has no statement {', '.join(repr(u) for u in unknown)}")
    return SortResult(sort.id, tuple(feedback_for(sort, st, placements.get(st.id) or None, sources)
                                     for st in sort.statements))


def answer_key(sort: SortExercise) -> list[tuple[str, str, str]]:
    """(statement, right bin label, why) for every statement: the no-JavaScript fallback and printed keys."""
    labels = {b.id: b.label for b in sort.bins}
    return [(st.text, labels[st.bin], st.why) for st in sort.statements]
