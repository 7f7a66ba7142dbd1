"""Live sort view: `view.placements["care-sort1-s01"].value = "palliative"; view.check.click()`, then read `view.feedback.value`."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import TYPE_CHECKING

import ipywidgets as widgets
from ipywidgets.widgets.widget_description import DescriptionStyle

from ...content.words import _
from ..logic.sort import NO_PLACEMENT, SortResult, check
from ..static import message_html
from ..static.sort import CHOOSE, lines_html, render, score_html
from . import LiveView, button, html, layout, live_region, style

if TYPE_CHECKING:
    from ...content.schema import SortExercise, Source


class SortView(LiveView):
    def __init__(self, sort: SortExercise, sources: Mapping[str, Source], on_event=None):
        self.sort, self.sources = sort, sources
        self.last: SortResult | None = None
        self.prompt = html(f'<p class="sl-prompt">{escape(sort.prompt)}</p>')
        # ipywidgets shows a None value as a blank box, so "not placed yet" is the empty string here.
        choices = [(_(CHOOSE), "")] + [(b.label, b.id) for b in sort.bins]
        # One keyboard-operable dropdown per statement, labelled with the statement itself.
        self.placements: dict[str, widgets.Dropdown] = {
            st.id: widgets.Dropdown(options=choices, value="", description=st.text,
                                    style=style(DescriptionStyle, description_width="initial"), layout=layout(width="auto"))
            for st in sort.statements}
        for dd in self.placements.values():
            dd.add_class("sl-sort-choice")
        self.check = button(_("Check my sorting"), icon="check", button_style="primary",
                            tooltip=_("Check where you placed each statement and read why"))
        self.score = html(live_region(""))
        self.feedback = html(live_region(""))
        self.check.on_click(self._on_check)
        super().__init__([self.prompt, *self.placements.values(), self.check, self.score, self.feedback],
                         on_event=on_event)
        self.static_html = render(sort, sources, runtime=False)

    def _on_check(self, _button=None) -> None:
        placements = {sid: dd.value or None for sid, dd in self.placements.items()}
        result = check(self.sort, placements, self.sources)
        if result.placed == 0:
            self.score.value = live_region("")
            self.feedback.value = live_region(message_html(_(NO_PLACEMENT)))
            return
        self.last = result
        self.score.value = live_region(score_html(result.right, result.total, result.unplaced))
        self.feedback.value = live_region(lines_html(result))
        self.emit({"kind": "sort", "id": self.sort.id, "placements": placements, "right": result.right,
                   "total": result.total})
