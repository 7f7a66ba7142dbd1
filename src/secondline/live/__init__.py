"""Live views: thin ipywidgets classes with named sub-widgets; their text/html twin is the static view."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from ..static import asset, message_html


class LiveView(widgets.VBox):
    """Base for every live view: adds the static HTML as the text/html entry of the mimebundle.

    JupyterLab shows the live widget; an export of a notebook executed without widget state falls
    back to the text/html entry, whose runtime.js gives the same feedback with no kernel.
    """

    static_html: str = ""

    def __init__(self, children, on_event: Callable[[dict], None] | None = None, ident: str | None = None, **kwargs):
        style = widgets.HTML(f"<style>{asset('style.css')}</style>", layout=widgets.Layout(display="none"))
        super().__init__([style, *children], **kwargs)
        self.add_class("sl")
        if ident:  # lets browser tests and facilitators find one interaction on a page: .sl-id-lines-q01
            self.add_class(f"sl-id-{ident}")
        self.on_event = on_event

    def emit(self, event: dict) -> None:
        if self.on_event is not None:
            note = self.on_event(event)
            if isinstance(note, str) and note:  # e.g. the progress recorder's one warning: shown under this view
                warning = widgets.HTML(live_region(message_html(note)))
                warning.add_class("sl-record-warning")
                self.children = (*self.children, warning)

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None and self.static_html:
            bundle["text/html"] = self.static_html
        return bundle


def live_region(inner_html: str) -> str:
    return f'<div class="sl-feedback" role="status" aria-live="polite">{inner_html}</div>'
