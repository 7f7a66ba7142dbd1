"""Branching-case logic: walk a fictional conversation scene by scene, with a verdict and debrief for each choice."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

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
        parts = [f"{self.counts.get(v, 0)} {VERDICTS[v].label.split(',')[0].lower()}" for v in VERDICTS]
        return f"You made {len(self.steps)} choice{'s' * (len(self.steps) != 1)}: " + ", ".join(parts) + "."


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
            raise ValueError("Choose what you would say or do first.")
        choices = self.scene.choices
        if not 0 <= index < len(choices):
            raise IndexError(f"scene {self.current} has {len(choices)} choices; there is no choice {index}")
        ch = choices[index]
        style = VERDICTS[ch.verdict]
        step = Step(self.current, index, ch.text, ch.verdict, style.icon, style.label, ch.debrief,
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
