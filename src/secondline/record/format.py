"""The learner's record in memory, and as the JSON export that carries it between machines.

The JSON export is the website's format (editions/page_assets/site.js), extended compatibly:
    {"format": "secondline-progress", "version": 1, "attempts": [{"kind", "id", "choice", "verdict", "time"}],
     "learner": {"display_name", "key"}, "modules_completed": [{"module", "time"}],
     "tests": [{"form", "variant", "answers", "percent", "correct", "total", "per_objective", "time"}],
     "confidence": [{"objective", "when", "rating", "time"}]}
Every answer is kept, in order, so the first attempt at each item (the one item analysis reads) and every later one
are there. A test's "form" is when it was taken ("pre" or "post"); "variant" is which parallel form ("a" or "b"),
and "answers" each item's choice; records made with the first version's forms have neither, and still load.
"learner.key" is a random key made once per record: it sets the order of the forms (counterbalancing).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

FORMAT = "secondline-progress"
FORMAT_VERSION = 1
MAX_TEXT = 10_000  # the longest display name kept (characters)
MAX_IMPORT_BYTES = 20_000_000


def now() -> str:
    """UTC time as ISO 8601 with a Z, like JavaScript's toISOString() but to the microsecond."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def parse_time(text: str) -> dt.datetime:
    t = dt.datetime.fromisoformat(text)
    return t if t.tzinfo else t.replace(tzinfo=dt.UTC)


# --------------------------------------------------------------------------- the record, in memory and as JSON

@dataclass(frozen=True)
class Attempt:
    kind: str
    id: str
    choice: int | None
    verdict: str | None
    time: str
    module: str | None = None
    scene: str | None = None
    score: tuple[int, int] | None = None  # (right, total) of a sort or a knowledge check

    def to_json(self) -> dict:
        out: dict[str, Any] = {"kind": self.kind, "id": self.id, "choice": self.choice, "verdict": self.verdict,
                               "time": self.time}
        if self.module is not None:
            out["module"] = self.module
        if self.scene is not None:
            out["scene"] = self.scene
        if self.score is not None:
            out["score"] = {"right": self.score[0], "total": self.score[1]}
        return out


@dataclass(frozen=True)
class TestResult:
    form: str  # "pre" or "post": when it was taken
    percent: float
    time: str
    correct: int | None = None
    total: int | None = None
    per_objective: dict[str, tuple[int, int]] = field(default_factory=dict)  # objective -> (correct, asked)
    variant: str | None = None  # the parallel form taken, "a" or "b"; None for the first version's forms
    answers: dict[str, int | None] = field(default_factory=dict)  # item id -> option chosen (None: unanswered)

    def to_json(self) -> dict:
        out = {"form": self.form, "percent": self.percent, "correct": self.correct, "total": self.total,
               "per_objective": {k: list(v) for k, v in self.per_objective.items()}, "time": self.time}
        if self.variant is not None:
            out["variant"] = self.variant
        if self.answers:
            out["answers"] = dict(self.answers)
        return out


@dataclass(frozen=True)
class Rating:
    objective: str
    when: str  # "before" or "after"
    rating: int  # 1 (not at all confident) to 5 (very confident)
    time: str

    def to_json(self) -> dict:
        return {"objective": self.objective, "when": self.when, "rating": self.rating, "time": self.time}


@dataclass
class Record:
    """One learner's record: what the store holds and what an export file carries."""

    display_name: str = ""
    attempts: list[Attempt] = field(default_factory=list)
    completed: dict[str, str] = field(default_factory=dict)  # module slug -> time first marked complete
    tests: list[TestResult] = field(default_factory=list)
    confidence: list[Rating] = field(default_factory=list)
    learner_key: str = ""  # random, made once per record; sets the order of the pre/post forms

    def first_attempts(self, kind: str = "quiz") -> dict[str, Attempt]:
        """Item id -> the learner's first answer to it (the later ones stay in `attempts`, in order)."""
        out: dict[str, Attempt] = {}
        for a in sorted((a for a in self.attempts if a.kind == kind and a.choice is not None),
                        key=lambda a: parse_time(a.time)):  # stable: answers at the same instant keep their order
            out.setdefault(a.id, a)
        return out

    def first_test(self, form: str) -> TestResult | None:
        """The first attempt at a form: a retake after seeing the answers would overstate what was learned."""
        done = sorted((t for t in self.tests if t.form == form), key=lambda t: parse_time(t.time))
        return done[0] if done else None

    def latest_ratings(self) -> dict[tuple[str, str], int]:
        """(objective, "before"|"after") -> the latest rating given."""
        out: dict[tuple[str, str], int] = {}
        for r in sorted(self.confidence, key=lambda r: parse_time(r.time)):
            out[(r.objective, r.when)] = r.rating
        return out

    def to_json(self) -> dict:
        return {"format": FORMAT, "version": FORMAT_VERSION, "exported": now(),
                "learner": {"display_name": self.display_name, **({"key": self.learner_key} if self.learner_key else {})},
                "attempts": [a.to_json() for a in self.attempts],
                "modules_completed": [{"module": m, "time": t} for m, t in self.completed.items()],
                "tests": [t.to_json() for t in self.tests],
                "confidence": [r.to_json() for r in self.confidence]}


class RecordError(ValueError):
    """An export file that cannot be read as a record; the message names the problem (and the file, if given)."""
