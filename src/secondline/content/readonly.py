"""Content as a notebook kernel reads it: light, read-only records with no pydantic (issue 8: run-all time).

schema.py defines every shape and validates it (pydantic). Once content/ has passed that check, a notebook only
reads it, so `cache.cached()` keeps a snapshot in which each model instance is a `Record`: a slotted object with
the same fields, and the same methods, which live here in one mixin per model (schema.py inherits them too).
Importing pydantic and building the models costs a kernel about 0.1 s; reading a snapshot costs a few ms.

Types that views read at run time (the Literal aliases below) live here for the same reason.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Literal

Verdict = Literal["best", "acceptable", "unsafe"]
Phase = Literal["EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4"]
Status = Literal["RECRUITING", "NOT_YET_RECRUITING", "ACTIVE_NOT_RECRUITING", "COMPLETED"]
WEIGHING_FACTORS = ("benefit", "side-effects", "costs", "schedule", "quality-of-life", "family-time")


# --------------------------------------------------------------------------- methods shared by models and records


class SourceMethods:
    __slots__ = ()

    @property
    def link(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else str(self.url)

    def citation(self) -> str:
        """One-line citation in a Vancouver-like style. The year follows the venue unless the venue already gives
        it ("revised 31 July 2025", "NLM Technical Bulletin 2024 Mar-Apr"), so no citation says its year twice."""
        year = "" if re.search(rf"(?<!\d){self.year}(?!\d)", self.venue) else f" {self.year}."
        return f"{self.authors}. {self.title}. {self.venue}.{year}"

    @property
    def opened(self) -> bool:
        """Did a team member open this source (its page, abstract or full text)?"""
        return self.checked.extent != "not-opened"

    def check_label(self) -> str:
        """How far the source was checked, in words: 'full text read 2026-12-02', 'not yet opened by the team'."""
        c = self.checked
        if c.extent == "not-opened":
            return "not yet opened by the team"
        what = {"full-text": "full text read", "abstract": "abstract read", "page": "page read"}[c.extent]
        link = "" if c.link == "confirmed" else "; link not confirmed"
        return f"{what} {c.date.isoformat()}{link}"


class ModuleMethods:
    __slots__ = ()

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.sections)

    def objective(self, oid: str):
        return next(o for o in self.objectives if o.id == oid)


class QuizItemMethods:
    __slots__ = ()

    @property
    def best_index(self) -> int:
        return next(i for i, o in enumerate(self.options) if o.verdict == "best")


class CurriculumEntryMethods:
    __slots__ = ()

    @property
    def slugs(self) -> tuple[str, ...]:
        """This module's slug, then any slugs it had before (a record made then names one of those)."""
        return (self.slug, *self.formerly)

    def completed_in(self, completed: dict[str, str]) -> str | None:
        """When a record's completed modules (slug -> time) first count this module as done, under any of its slugs."""
        times = [completed[s] for s in self.slugs if s in completed]
        return min(times) if times else None


class SceneMethods:
    __slots__ = ()

    @property
    def is_end(self) -> bool:
        return not self.choices


class CaseMethods:
    __slots__ = ()

    def scene(self, sid: str):
        return next(s for s in self.scenes if s.id == sid)


class KnowledgeCheckMethods:
    __slots__ = ()

    def form(self, form_id: str):
        """A form by id: 'a' or 'b', or a legacy 'pre' or 'post'."""
        for f in (*self.forms, *self.legacy_forms):
            if f.id == form_id:
                return f
        known = ", ".join(f.id for f in (*self.forms, *self.legacy_forms))
        raise KeyError(f"no form '{form_id}' in knowledge-check.yml (known: {known})")


METHODS: dict[str, type] = {"Source": SourceMethods, "Module": ModuleMethods, "QuizItem": QuizItemMethods,
                            "CurriculumEntry": CurriculumEntryMethods,
                            "KnowledgeItem": QuizItemMethods, "Scene": SceneMethods, "Case": CaseMethods,
                            "KnowledgeCheck": KnowledgeCheckMethods}


# --------------------------------------------------------------------------- records


class Record:
    """A read-only model instance: the model's name, its field names (in order) and their values."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()
    _setters: tuple = ()

    def _values(self) -> tuple:
        return tuple(getattr(self, f) for f in self._fields)

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} content is read-only")

    def __eq__(self, other) -> bool:
        return type(self) is type(other) and self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self).__name__, *(_hashable(v) for v in self._values())))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{f}={getattr(self, f)!r}' for f in self._fields)})"

    def __reduce__(self):
        return rebuild, (type(self).__name__, self._fields, self._values())


def _hashable(value):
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple((k, _hashable(v)) for k, v in value.items())
    return value


_CLASSES: dict[tuple[str, tuple[str, ...]], type] = {}


def record_class(name: str, fields: tuple[str, ...]) -> type:
    """The record class for a model name and its fields (made once per process), with that model's methods."""
    cls = _CLASSES.get((name, fields))
    if cls is None:
        bases = (METHODS[name], Record) if name in METHODS else (Record,)
        cls = type(name, bases, {"__slots__": fields, "__module__": __name__, "_fields": fields})
        type.__setattr__(cls, "_setters", tuple(cls.__dict__[f].__set__ for f in fields))
        _CLASSES[(name, fields)] = cls
    return cls


def rebuild(name: str, fields: tuple[str, ...], values: tuple):
    """Unpickling a record: slot setters bypass the read-only guard."""
    cls = record_class(name, fields)
    obj = object.__new__(cls)
    for setter, value in zip(cls._setters, values, strict=True):
        setter(obj, value)
    return obj


def to_records(value):
    """A validated model tree (pydantic instances in dataclasses, lists and dicts) as the same tree of records.

    Dataclasses (course.Content, ModuleContent) stay themselves; a field marked metadata={"snapshot": False}
    goes back to its default."""
    fields = getattr(type(value), "model_fields", None)
    if fields is not None:
        names = tuple(fields)
        return rebuild(type(value).__name__, names, tuple(to_records(getattr(value, f)) for f in names))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        kept = {f.name: to_records(getattr(value, f.name)) if f.metadata.get("snapshot", True) else f.default_factory()
                for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **kept)
    if isinstance(value, list):
        return [to_records(v) for v in value]
    if isinstance(value, tuple):
        return tuple(to_records(v) for v in value)
    if isinstance(value, dict):
        return {k: to_records(v) for k, v in value.items()}
    return value


def plain(value):
    """Models and records alike as plain data ({"Model": {field: value}}): lets a test compare the two."""
    fields = getattr(type(value), "model_fields", None) or getattr(type(value), "_fields", None)
    if fields and not isinstance(value, tuple):
        return {type(value).__name__: {f: plain(getattr(value, f)) for f in fields}}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value
