"""Branching-case logic: walk a fictional conversation scene by scene, with a verdict and debrief for each choice."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...content.words import N_, _
from .quiz import VERDICTS

if TYPE_CHECKING:
    from ...content.schema import Case, Scene, Source


@dataclass(frozen=True)
class Step:
    scene_id: str
    choice: int
    text: str
    verdict: str
    icon: str
    label: str
    debrief: str
    sources: tuple[Source, ...]
    next: str


@dataclass(frozen=True)
class Summary:
    steps: tuple[Step, ...]
    counts: dict[str, int]
    ending: str
    closing: str

    def headline(self) -> str:
        """'You made 3 choices: 2 best answer, 1 acceptable, 0 inaccurate.' One sentence per language, numbers in
        named slots."""
        made = HEADLINE_ONE if len(self.steps) == 1 else HEADLINE_MANY
        return _(made) % {"n": len(self.steps), **{v: self.counts.get(v, 0) for v in VERDICTS}}


HEADLINE_ONE = N_("You made 1 choice: %(best)s best answer, %(acceptable)s acceptable, %(unsafe)s inaccurate.")
HEADLINE_MANY = N_("You made %(n)s choices: %(best)s best answer, %(acceptable)s acceptable, %(unsafe)s inaccurate.")
NO_CHOICE = N_("Choose what you would say or do first.")


@dataclass
class CaseRun:
    """One learner's walk through a case. Pure state; the views only display it."""

    case: Case
    sources: dict[str, Source]
    current: str = ""
    steps: list[Step] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.current = self.current or self.case.start

    @property
    def scene(self) -> Scene:
        return self.case.scene(self.current)

    @property
    def is_over(self) -> bool:
        return self.scene.is_end

    def choose(self, index: int | None) -> Step:
        if self.is_over:
            raise ValueError("the case has ended; restart to walk it again")
        if index is None:
            raise ValueError(_(NO_CHOICE))
        choices = self.scene.choices
        if not 0 <= index < len(choices):
            raise IndexError(f"scene {self.current} has {len(choices)} choices; there is no choice {index}")
        ch = choices[index]
        style = VERDICTS[ch.verdict]
        step = Step(self.current, index, ch.text, ch.verdict, style.icon, _(style.label), ch.debrief,
                    tuple(self.sources[s] for s in ch.sources), ch.next)
        self.steps.append(step)
        self.current = ch.next
        return step

    def summary(self) -> Summary:
        if not self.is_over:
            raise ValueError("the summary comes at the end of the case")
        return Summary(tuple(self.steps), dict(Counter(s.verdict for s in self.steps)), self.scene.text,
                       self.case.summary)

    def restart(self) -> None:
        self.current, self.steps = self.case.start, []
