"""A cohort adds up: each learner's modules, hours, answers and pre/post results, each objective's pre and post,
modules completed, and confidence before and after. Pure: reports.py draws and writes it."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..content.course import Content
from ..views.logic.progress import (
    completed_modules,
    confidence_rows,
    gain,
    objective_modules,
    objective_texts,
    pre_post,
)
from .exports import clean, shown
from .format import Record


@dataclass
class LearnerRow:
    file: str
    name: str
    modules: int
    minutes: int
    answers: int
    pre: float | None
    post: float | None
    gain: float | None


@dataclass
class ObjectiveStat:
    objective: str  # the id, which only the item-analysis CSV shows: the report names objectives in words
    text: str
    module: str = ""  # "Module 3", or "" for an objective the course does not have
    pre: list[int] = field(default_factory=lambda: [0, 0])  # correct, asked (first pre-tests)
    post: list[int] = field(default_factory=lambda: [0, 0])

    @staticmethod
    def pct(x: list[int]) -> float | None:
        return round(100 * x[0] / x[1], 1) if x[1] else None


@dataclass
class Cohort:
    learners: list[LearnerRow]
    objectives: list[ObjectiveStat]
    completions: list[tuple[str, str, int]]  # slug, title, learners who completed it
    confidence: list[tuple[str, float | None, float | None, int, int]]  # text, mean before, mean after, n, n
    shared_names: int = 0

    @property
    def gains(self) -> list[float]:
        return [r.gain for r in self.learners if r.gain is not None]

    @property
    def matched(self) -> list[LearnerRow]:
        return [r for r in self.learners if r.pre is not None and r.post is not None]

    def class_gain(self) -> float | None:
        """Hake's class-average gain: from the mean pre and post of learners who took both."""
        m = self.matched
        if not m:
            return None
        return gain(round(statistics.fmean(r.pre for r in m), 3), round(statistics.fmean(r.post for r in m), 3))


def cohort(records: list[tuple[Path, Record]], content: Content) -> Cohort:
    texts, modules = objective_texts(content), objective_modules(content)
    objectives: dict[str, ObjectiveStat] = {}
    learners = []
    for path, rec in records:
        pp = pre_post(rec, content)
        done, minutes = completed_modules(rec, content)
        learners.append(LearnerRow(shown(path.name), clean(rec.display_name), len(done), minutes, len(rec.attempts),
                                   pp.pre.percent if pp.pre else None, pp.post.percent if pp.post else None,
                                   pp.gain))
        for row in pp.rows:
            oid = clean(row.objective)
            slug = modules.get(row.objective)
            st = objectives.setdefault(oid, ObjectiveStat(oid, clean(texts.get(row.objective, row.objective)),
                                                          f"Module {int(slug[:2])}" if slug else ""))
            for side, x in (("pre", row.pre), ("post", row.post)):
                if x:
                    getattr(st, side)[0] += x[0]
                    getattr(st, side)[1] += x[1]
    completions = [(e.slug, e.title, sum(e.completed_in(rec.completed) is not None for _, rec in records))
                   for e in content.curriculum.modules]
    before: dict[str, list[int]] = {}
    after: dict[str, list[int]] = {}
    order: list[str] = []
    for _, rec in records:
        for r in confidence_rows(rec, content):
            text = clean(r.text)
            order.append(text)
            if r.before is not None:
                before.setdefault(text, []).append(r.before)
            if r.after is not None:
                after.setdefault(text, []).append(r.after)
    conf = [(t, _mean(before.get(t)), _mean(after.get(t)), len(before.get(t, [])), len(after.get(t, [])))
            for t in dict.fromkeys(order)]
    names = Counter(clean(r.display_name) for _, r in records if r.display_name)
    in_order = sorted(objectives.values(), key=lambda s: int(s.module.split()[1]) if s.module else len(modules))
    return Cohort(learners, in_order, completions, conf,
                  sum(n for n in names.values() if n > 1))


def _mean(xs: list[int] | None) -> float | None:
    return round(statistics.fmean(xs), 2) if xs else None
