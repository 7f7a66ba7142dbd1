"""What a progress export file may hold (pydantic), read only when a learner imports one.

Kept out of progress.py so that a notebook kernel, which records answers but seldom imports a file, never imports
pydantic (issue 8: run-all time).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from .progress import MAX_TEXT, parse_time


def stamp(v: str) -> str:
    try:
        parse_time(v)
    except ValueError:
        raise ValueError(f"'{v[:40]}' is not a date and time such as 2025-03-01T14:30:00Z") from None
    return v


Stamp = Annotated[str, AfterValidator(stamp)]


# A knowledge check's answers: item id -> the option chosen (0-based), or null where unanswered.
Answers = Annotated[dict[Annotated[str, Field(max_length=200)], Annotated[int, Field(ge=0)] | None],
                    Field(max_length=500)]


class _In(BaseModel):
    # Strict: a "2" is not silently taken for 2. Unknown fields are ignored, so newer writers stay readable.
    model_config = ConfigDict(extra="ignore", strict=True)


class _ScoreIn(_In):
    right: int = Field(ge=0)
    total: int = Field(ge=0)


class _AttemptIn(_In):
    kind: str = Field(min_length=1, max_length=100)
    id: str = Field(min_length=1, max_length=200)
    choice: int | None = None
    verdict: Literal["best", "acceptable", "unsafe"] | None = None
    time: Stamp
    module: str | None = Field(default=None, max_length=200)
    scene: str | None = Field(default=None, max_length=200)
    score: _ScoreIn | None = None
    form: Literal["a", "b"] | None = None  # a knowledge check on the website: which parallel form
    answers: Answers = {}


class _LearnerIn(_In):
    display_name: str = Field(default="", max_length=MAX_TEXT)
    key: str = Field(default="", max_length=200)


class _CompletedIn(_In):
    module: str = Field(min_length=1, max_length=200)
    time: Stamp


class _TestIn(_In):
    form: Literal["pre", "post"]
    variant: Literal["a", "b"] | None = None
    answers: Answers = {}
    percent: float = Field(ge=0, le=100)
    correct: int | None = Field(default=None, ge=0)
    total: int | None = Field(default=None, ge=0)
    per_objective: dict[str, Annotated[list[Annotated[int, Field(ge=0)]], Field(min_length=2, max_length=2)]] = {}
    time: Stamp

    @model_validator(mode="after")
    def _counts(self) -> _TestIn:
        for oid, (c, n) in self.per_objective.items():
            if c > n:
                raise ValueError(f"objective '{oid}' has {c} correct of {n} asked")
        return self


class _RatingIn(_In):
    objective: str = Field(min_length=1, max_length=200)
    when: Literal["before", "after"]
    rating: int = Field(ge=1, le=5)
    time: Stamp


class RecordIn(_In):
    format: str
    version: int
    learner: _LearnerIn | None = None
    attempts: list[_AttemptIn]
    modules_completed: list[_CompletedIn | Annotated[str, Field(min_length=1, max_length=200)]] = []
    tests: list[_TestIn] | None = None
    confidence: list[_RatingIn] = []


def loc_text(loc: Iterable) -> str:
    out = ""
    for key in loc:
        if isinstance(key, int):
            out += f"[{key}]"
        elif key in ("_CompletedIn", "str") or "[" in str(key):
            continue  # pydantic names the union member it tried; the path alone is clearer
        else:
            out += f".{key}" if out else str(key)
    return out
