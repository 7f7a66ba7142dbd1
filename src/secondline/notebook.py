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
    """The calls a module notebook makes; each returns something Jupyter displays."""

    def __init__(self, slug: str, content: Content, on_event: Callable[[dict], None] | None = None):
        self.content = content
        self.mc = content.module(slug)
        self.on_event = on_event

    def header(self) -> _HTML:
        return _HTML(static_module.header(self.mc, self.content))

    def objectives(self) -> _HTML:
        return _HTML(static_module.objectives(self.mc))

    def key_points(self) -> _HTML:
        return _HTML(static_module.key_points(self.mc))

    def references(self) -> _HTML:
        return _HTML(static_module.references(self.mc, self.content))

    def quiz(self, item_id: str):
        from .live.quiz import QuizView  # ipywidgets only when a widget is shown

        return QuizView(self.mc.item(item_id), self.content.sources, on_event=self.on_event)


def module(slug: str) -> ModuleBook:
    return ModuleBook(slug, cached())
