"""The course in memory, as checked content: Content (curriculum, sources, glossary, modules) and ModuleContent.

load.py builds it from content/ (pydantic models); cache.py keeps it as a snapshot of read-only records.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ContentError

if TYPE_CHECKING:
    from .schema import Case, Coverage, Curriculum, KnowledgeCheck, Module, QuestionBank, Quiz, QuizItem, Source, Term


@dataclass
class ModuleContent:
    module: Module
    quiz: Quiz
    cases: list[Case] = field(default_factory=list)
    figures: list = field(default_factory=list)
    trials: list = field(default_factory=list)
    sorts: list = field(default_factory=list)
    weighing: list = field(default_factory=list)
    # content.Doc per file, for line numbers in errors: only load() has them, a snapshot does not keep them
    docs: dict[str, Any] = field(default_factory=dict, repr=False, metadata={"snapshot": False})

    def find(self, kind: str, ident: str):
        """One case, figure, trial, sort or weighing exercise of this module, by id."""
        for x in getattr(self, kind):
            if x.id == ident:
                return x
        known = ", ".join(x.id for x in getattr(self, kind)) or "none"
        raise KeyError(f"no {kind} entry '{ident}' in {self.slug} (known: {known})")

    @property
    def slug(self) -> str:
        return self.module.slug

    def item(self, item_id: str) -> QuizItem:
        for it in self.quiz.items:
            if it.id == item_id:
                return it
        known = ", ".join(it.id for it in self.quiz.items)
        raise KeyError(f"no quiz item '{item_id}' in {self.slug} (known: {known})")

    def case(self, case_id: str) -> Case:
        return self.find("cases", case_id)


@dataclass
class Content:
    root: Path
    curriculum: Curriculum
    sources: dict[str, Source]
    glossary: dict[str, Term]
    modules: dict[str, ModuleContent]
    question_bank: QuestionBank | None = None
    knowledge_check: KnowledgeCheck | None = None
    coverage: Coverage | None = None
    reviews: list = field(default_factory=list)  # list[models.Review]: content/reviews.yml, oldest first
    lang: str = "en"  # the language of the words: English, or a translation (content/i18n.py: translated)
    words: dict = field(default_factory=dict)  # the views' words in that language, English -> translation (words.py)

    def module(self, slug: str) -> ModuleContent:
        if slug not in self.modules:
            raise KeyError(f"no module '{slug}' in {self.root / 'curriculum.yml'} (known: {', '.join(self.modules)})")
        return self.modules[slug]

    def entry(self, slug: str):
        return next(e for e in self.curriculum.modules if e.slug == slug)

    def items(self) -> Iterable[QuizItem]:
        for mc in self.modules.values():
            yield from mc.quiz.items


def default_root() -> Path:
    env = os.environ.get("SECONDLINE_CONTENT")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parents[3] / "content"
    if (here / "curriculum.yml").is_file():
        return here
    for parent in [Path.cwd(), *Path.cwd().parents]:
        if (parent / "content" / "curriculum.yml").is_file():
            return parent / "content"
    raise ContentError(here / "curriculum.yml", "cannot find the content folder; set SECONDLINE_CONTENT")
