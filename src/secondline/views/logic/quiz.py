"""Quiz logic: a chosen option gives a verdict (best / acceptable / unsafe), its rationale and its sources."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...content.words import N_, _

if TYPE_CHECKING:
    from ...content.schema import QuizItem, Source


NO_CHOICE = N_("Choose one answer first, then select Check answer.")


@dataclass(frozen=True)
class VerdictStyle:
    icon: str
    label: str  # English (N_): say it with _(label) where it is shown


# Words and an icon for every verdict, so meaning never rests on colour alone.
VERDICTS: dict[str, VerdictStyle] = {
    "best": VerdictStyle("✔", N_("Best answer")),
    "acceptable": VerdictStyle("◐", N_("Acceptable, but there is a better answer")),
    "unsafe": VerdictStyle("✖", N_("Inaccurate, unsafe, or outside a navigator's role")),
}


@dataclass(frozen=True)
class Feedback:
    verdict: str
    icon: str
    label: str
    why: str
    sources: tuple[Source, ...]
    choice: int

    @property
    def correct(self) -> bool:
        return self.verdict == "best"

    def text(self) -> str:
        return f"{self.icon} {self.label}. {self.why}"


def grade(item: QuizItem, choice: int | None, sources: dict[str, Source]) -> Feedback:
    """The feedback for choosing option number `choice` (0-based) of `item`."""
    if choice is None:
        raise ValueError(_(NO_CHOICE))
    if not 0 <= choice < len(item.options):
        raise IndexError(f"item {item.id} has {len(item.options)} options; there is no option {choice}")
    opt = item.options[choice]
    style = VERDICTS[opt.verdict]
    return Feedback(opt.verdict, style.icon, _(style.label), opt.why, tuple(sources[s] for s in opt.sources), choice)


def answer_key(item: QuizItem) -> list[tuple[str, str, str]]:
    """(option text, verdict label, rationale) for every option: the source of generated answer keys."""
    return [(o.text, _(VERDICTS[o.verdict].label), o.why) for o in item.options]
