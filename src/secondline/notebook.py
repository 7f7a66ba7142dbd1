"""What a notebook calls: `module(slug)` gives one-line calls that render content and interactions."""

from __future__ import annotations

from collections.abc import Callable

from .content import Content, cached
from .static import module as static_module


class _HTML:
    """Minimal display object (avoids importing IPython for plain HTML)."""

    def __init__(self, html: str):
        self.html = html

    def _repr_html_(self) -> str:
        return self.html


class ModuleBook:
    """The calls a module notebook makes; each returns something Jupyter displays.

    Live views import ipywidgets only when first shown, so `import secondline` stays fast.
    """

    def __init__(self, slug: str, content: Content, on_event: Callable[[dict], None] | None = None):
        self.content = content
        self.mc = content.module(slug)
        self.on_event = on_event

    # fixed parts, rendered from content/
    def header(self) -> _HTML:
        return _HTML(static_module.header(self.mc, self.content))

    def objectives(self) -> _HTML:
        return _HTML(static_module.objectives(self.mc))

    def key_points(self) -> _HTML:
        return _HTML(static_module.key_points(self.mc))

    def references(self) -> _HTML:
        return _HTML(static_module.references(self.mc, self.content))

    def map(self) -> _HTML:
        """The whole curriculum, rendered from content/curriculum.yml (used by 00-start-here)."""
        return _HTML(static_module.curriculum_map(self.content))

    def completion(self) -> _HTML:
        return _HTML(static_module.completion(self.content))

    def figure(self, figure_id: str) -> _HTML:
        from .static.figure import render

        return _HTML(render(self.mc.find("figures", figure_id), self.content.sources))

    # interactions
    def quiz(self, item_id: str):
        from .live.quiz import QuizView

        return QuizView(self.mc.item(item_id), self.content.sources, on_event=self.on_event)

    def case(self, case_id: str):
        from .live.case import CaseView

        return CaseView(self.mc.case(case_id), self.content.sources, on_event=self.on_event)

    def sort(self, sort_id: str):
        from .live.sort import SortView

        return SortView(self.mc.find("sorts", sort_id), self.content.sources, on_event=self.on_event)

    def weighing(self, exercise_id: str):
        from .live.weighing import WeighingView

        return WeighingView(self.mc.find("weighing", exercise_id), on_event=self.on_event)

    def trial_search(self):
        from .live.trials import TrialSearchView

        return TrialSearchView(self.mc.trials, on_event=self.on_event)

    def question_list(self):
        from .live.questions import QuestionListView

        return QuestionListView(self.content.question_bank, on_event=self.on_event)

    def glossary(self, mode: str = "search", everything: bool = False):
        """This module's terms (or the whole glossary), searchable, or as flashcards with mode="cards"."""
        from .live.glossary import GlossaryView

        ids = list(self.content.glossary) if everything else self.mc.module.terms
        return GlossaryView([self.content.glossary[t] for t in ids], self.content.sources, mode=mode,
                            on_event=self.on_event)

    def knowledge_check(self, form: str):
        from .live.knowledge import KnowledgeCheckView

        return KnowledgeCheckView(self.content, form, on_event=self.on_event)


def module(slug: str) -> ModuleBook:
    return ModuleBook(slug, cached())
