"""What a progress export file may hold (pydantic), read only when a learner imports one.

Kept out of store.py so that a notebook kernel, which records answers but seldom imports a file, never imports
pydantic (issue 8: run-all time).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from .format import (
    FORMAT,
    FORMAT_VERSION,
    MAX_IMPORT_BYTES,
    MAX_TEXT,
    Attempt,
    Rating,
    Record,
    RecordError,
    TestResult,
    now,
    parse_time,
)


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


def parse_record(data: bytes | str | dict, name: str = "") -> Record:
    """Check an export (the website's or ours) and read it; RecordError names the first problem and where."""
    where = f"{name}: " if name else ""
    if isinstance(data, bytes | bytearray | memoryview):
        if len(data) > MAX_IMPORT_BYTES:
            raise RecordError(f"{where}the file is {len(data):,} bytes; a progress file is far smaller")
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise RecordError(f"{where}not a text file (a progress file is JSON text)") from None
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as exc:
            raise RecordError(f"{where}not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
        except RecursionError:
            raise RecordError(f"{where}not valid JSON (nested too deeply)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RecordError(f'{where}not a Second Line progress file (it needs "format": "{FORMAT}")')
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise RecordError(f'{where}"version" should be a whole number such as {FORMAT_VERSION}')
    if version > FORMAT_VERSION:
        raise RecordError(f"{where}written by a newer Second Line (format version {version}; this one reads up to "
                          f"{FORMAT_VERSION}): update Second Line to read it")
    try:
        rec = RecordIn.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        more = len(exc.errors()) - 1
        at = loc_text(first["loc"])
        msg = first["msg"].removeprefix("Value error, ").replace(
            "a valid dictionary or instance of _CompletedIn", 'a module slug or an object with "module" and "time"')
        if first["type"] not in ("missing", "value_error") and not isinstance(first.get("input"), dict | list):
            msg += f" (found {json.dumps(first.get('input'))[:60]})"
        raise RecordError(f"{where}{at + ': ' if at else ''}{msg}"
                          + (f" (and {more} more problem{'s' * (more > 1)})" if more else "")) from None
    attempts = [Attempt(a.kind, a.id, a.choice, a.verdict, a.time, a.module, a.scene,
                        (a.score.right, a.score.total) if a.score else None) for a in rec.attempts]
    exported = data.get("exported")
    try:  # a bare module slug (an older or simpler writer) counts as completed when the file was exported
        fallback = stamp(exported) if isinstance(exported, str) else now()
    except ValueError:
        fallback = now()
    completed: dict[str, str] = {}
    for c in rec.modules_completed:
        slug, when = (c, fallback) if isinstance(c, str) else (c.module, c.time)
        if slug not in completed or parse_time(when) < parse_time(completed[slug]):
            completed[slug] = when
    if rec.tests is not None:
        tests = [TestResult(t.form, t.percent, t.time, t.correct, t.total,
                            {k: (v[0], v[1]) for k, v in t.per_objective.items()}, t.variant, dict(t.answers))
                 for t in rec.tests]
    else:  # the website keeps a knowledge check as an answer with its score (and, since issue 13, its form)
        tests = [TestResult(a.id, round(100 * a.score.right / a.score.total, 1), a.time, a.score.right,
                            a.score.total, {}, a.form, dict(a.answers))
                 for a in rec.attempts if a.kind == "knowledge-check" and a.id in ("pre", "post") and a.score
                 and a.score.total and a.score.right <= a.score.total]
    ratings = [Rating(r.objective, r.when, r.rating, r.time) for r in rec.confidence]
    return Record(rec.learner.display_name if rec.learner else "", attempts, completed, tests, ratings,
                  rec.learner.key if rec.learner else "")
