"""Knowledge check (pre-test and post-test): which parallel form a learner takes when (counterbalanced), score a
form, break it down by objective, and compute normalized gain."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...content.course import Content

if TYPE_CHECKING:
    from ...content.schema import QuizItem


@dataclass(frozen=True)
class Score:
    form: str
    correct: int
    total: int
    per_objective: dict[str, tuple[int, int]]  # objective id -> (correct, asked)
    unanswered: tuple[str, ...]
    pass_mark: int

    @property
    def percent(self) -> float:
        return round(100 * self.correct / self.total, 1) if self.total else 0.0

    @property
    def passed(self) -> bool:
        return self.percent >= self.pass_mark


OCCASIONS = ("pre", "post")


def form_items(content: Content, form: str) -> list[QuizItem]:
    """The items of a form: 'a' or 'b' (knowledge-check items), or a legacy 'pre' or 'post' (module quiz items)."""
    kc = content.knowledge_check
    if kc is None:
        raise KeyError("no content/knowledge-check.yml")
    spec = kc.form(form)
    items = {it.id: it for it in kc.items} if spec in kc.forms else {it.id: it for it in content.items()}
    return [items[i] for i in spec.items]


def form_order(learner_key: str | None) -> tuple[str, str]:
    """Which form a learner takes before and after: ('a', 'b') or ('b', 'a').

    Chosen by a stable hash of the learner's record key (progress.Store.learner_key), so the same learner always
    gets the same order and a cohort splits about evenly. With no record (recording off), A then B."""
    if not learner_key:
        return ("a", "b")
    return ("a", "b") if hashlib.sha256(learner_key.encode("utf-8")).digest()[0] % 2 == 0 else ("b", "a")


def form_for(occasion: str, learner_key: str | None) -> str:
    """The form ('a' or 'b') a learner takes on an occasion ('pre' or 'post')."""
    if occasion not in OCCASIONS:
        raise KeyError(f"the knowledge check is taken 'pre' or 'post', not {occasion!r}")
    return form_order(learner_key)[OCCASIONS.index(occasion)]


def score(items: list[QuizItem], answers: Mapping[str, int | None], form: str = "pre", pass_mark: int = 80) -> Score:
    """Only the best option counts as correct; an unanswered item counts as not correct, and is listed."""
    per: dict[str, list[int]] = {}
    correct, unanswered = 0, []
    for it in items:
        choice = answers.get(it.id)
        ok = choice is not None and choice == it.best_index
        if choice is None:
            unanswered.append(it.id)
        correct += ok
        tally = per.setdefault(it.objective, [0, 0])
        tally[0] += ok
        tally[1] += 1
    return Score(form, correct, len(items), {k: (v[0], v[1]) for k, v in per.items()}, tuple(unanswered), pass_mark)


def normalized_gain(pre: float, post: float) -> float | None:
    """(post - pre) / (100 - pre), from percentages; None when the pre-test was already 100%."""
    if not (0 <= pre <= 100 and 0 <= post <= 100):
        raise ValueError(f"scores are percentages from 0 to 100 (got pre={pre}, post={post})")
    return None if pre == 100 else round((post - pre) / (100 - pre), 3)
