"""Live views: thin ipywidgets classes with named sub-widgets; their text/html twin is the static view.

Every widget is a model the kernel opens in the front end, one message each, so a module's run-all time grows
with their number (issue 8). The helpers below keep it low: the stylesheet is one hidden widget per kernel that
every view shows, and widgets whose layout and style never change share one Layout and one style per distinct
set of values, where ipywidgets would otherwise open two more models for every widget.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from ..static import asset, message_html

_SHARED: dict[tuple, widgets.Widget] = {}


def _shared(key: tuple, make: Callable[[], widgets.Widget]) -> widgets.Widget:
    """One widget per key in this kernel, made again if it was closed (Widget.close_all, tests)."""
    w = _SHARED.get(key)
    if w is None or getattr(w, "comm", None) is None:
        w = _SHARED[key] = make()
    return w


def layout(**attrs) -> widgets.Layout:
    """A Layout shared by every widget with these values: only for widgets whose layout is never changed."""
    return _shared(("Layout", *sorted(attrs.items())), lambda: widgets.Layout(**attrs))


def style(cls: type, **attrs) -> widgets.Widget:
    """A style (ButtonStyle, DescriptionStyle...) shared by every widget with these values."""
    return _shared((cls.__name__, *sorted(attrs.items())), lambda: cls(**attrs))


def html(value: str = "", **kwargs) -> widgets.HTML:
    """An HTML widget with the shared plain layout and style."""
    from ipywidgets.widgets.widget_string import HTMLStyle

    kwargs.setdefault("layout", layout())
    return widgets.HTML(value, style=style(HTMLStyle), **kwargs)


def button(description: str, width: str | None = None, **kwargs) -> widgets.Button:
    """A button with the shared default style and a shared layout (width="auto": as wide as its label)."""
    kwargs.setdefault("layout", layout(width=width or "auto"))  # a longer label (Spanish) is never cut off
    return widgets.Button(description=description, style=style(widgets.ButtonStyle), **kwargs)


def choices(options, description: str, **kwargs) -> widgets.RadioButtons:
    """A labelled radio group as quizzes and cases use it, nothing chosen yet."""
    from ipywidgets.widgets.widget_description import DescriptionStyle

    kwargs.setdefault("layout", layout(width="auto"))
    radios = widgets.RadioButtons(options=options, index=None, description=description,
                                  style=style(DescriptionStyle, description_width="initial"), **kwargs)
    radios.add_class("sl-choices")
    return radios


def stylesheet() -> widgets.HTML:
    """style.css, in one hidden widget per kernel that every view shows (JupyterLab applies it once it is on the
    page; sent once, not with every view)."""
    return _shared(("stylesheet",), lambda: html(f"<style>{asset('style.css')}</style>", layout=widgets.Layout(display="none")))


class LiveView(widgets.VBox):
    """Base for every live view: adds the static HTML as the text/html entry of the mimebundle.

    JupyterLab shows the live widget; an export of a notebook executed without widget state falls
    back to the text/html entry, which runtime.js makes work with no kernel. The twin does not carry runtime.js:
    the module header does, once a page (notebook.ModuleBook.header), instead of 57 kB with every view.
    """

    static_html: str = ""

    def __init__(self, children, on_event: Callable[[dict], None] | None = None, ident: str | None = None, **kwargs):
        kwargs.setdefault("layout", layout())
        super().__init__([stylesheet(), *children], **kwargs)
        self.add_class("sl")
        if ident:  # lets browser tests and facilitators find one interaction on a page: .sl-id-lines-q01
            self.add_class(f"sl-id-{ident}")
        self.on_event = on_event
        self._label = f"{type(self).__name__}({ident!r})" if ident else f"{type(self).__name__}()"

    def __repr__(self) -> str:
        """Short, and cheap: ipywidgets builds the text/plain entry of every display from repr(), which would walk
        every child and trait (1.5 ms a view) only to cut the result to 110 characters."""
        return getattr(self, "_label", type(self).__name__)

    def emit(self, event: dict) -> None:
        if self.on_event is not None:
            note = self.on_event(event)
            if isinstance(note, str) and note:  # e.g. the progress recorder's one warning: shown under this view
                warning = html(live_region(message_html(note)))
                warning.add_class("sl-record-warning")
                self.children = (*self.children, warning)

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None and self.static_html:
            bundle["text/html"] = self.static_html
        return bundle


def live_region(inner_html: str) -> str:
    return f'<div class="sl-feedback" role="status" aria-live="polite">{inner_html}</div>'
