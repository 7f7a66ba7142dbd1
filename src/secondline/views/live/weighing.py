"""Live values exercise: `view.values[0].value = "..."; view.questions[0].value = "..."; view.levels[0].index = 0;
view.make.click()`, then read `view.feedback.value` (the sheet) and `view.download.value` (the printable page)."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

import ipywidgets as widgets
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import TextStyle

from ...content.words import N_, _
from ..logic.weighing import DEFAULT_LEVEL, EMPTY, LEVELS, MAX_PRIORITIES, PRIVACY, QuestionSheet, sheet
from ..static import esc, message_html
from ..static.weighing import (
    DOWNLOAD,
    FILE_NAME,
    LEVEL_LABEL,
    MAKE,
    PRIORITY,
    QUESTION_LABEL,
    ROWS_LEGEND,
    VALUE_LABEL,
    intro_html,
    printable,
    render,
    sheet_html,
)
from . import LiveView, button, html, layout, live_region, style

if TYPE_CHECKING:
    from ...content.schema import WeighingExercise


OPEN_TO_PRINT = N_("Open it in your browser and choose Print to print it or save it as a PDF.")


class WeighingView(LiveView):
    def __init__(self, ex: WeighingExercise, on_event=None):
        self.ex = ex
        self.last: QuestionSheet | None = None
        self.intro = html(intro_html(ex))
        self.values: list[widgets.Text] = []
        self.questions: list[widgets.Text] = []
        self.levels: list[widgets.Dropdown] = []
        desc = style(DescriptionStyle, description_width="20rem")
        text_style = style(TextStyle, description_width="20rem")
        wide = layout(width="44rem", max_width="100%")
        rows: list[widgets.Widget] = []
        for n in range(1, MAX_PRIORITIES + 1):
            priority = _(PRIORITY) % {"n": n}
            value = widgets.Text(description=_(VALUE_LABEL), placeholder=priority, style=text_style, layout=wide)
            question = widgets.Text(description=_(QUESTION_LABEL), style=text_style, layout=wide)
            level = widgets.Dropdown(options=[(_(w), i) for i, w in enumerate(LEVELS)], value=DEFAULT_LEVEL,
                                     description=_(LEVEL_LABEL), style=desc, layout=layout(width="32rem", max_width="100%"))
            self.values.append(value)
            self.questions.append(question)
            self.levels.append(level)
            rows.append(widgets.VBox([html(f'<p class="sl-prompt">{esc(priority)}</p>'), value, question, level],
                                     layout=layout(margin="0 0 0.5rem")))
        self.make = button(_(MAKE), width="auto", icon="list", button_style="primary",
                           tooltip=_("List her priorities, and the same questions under every option"))
        self.feedback = html(live_region(""))
        self.download = html()
        self.make.on_click(self._on_make)
        super().__init__([self.intro, html(f'<p class="sl-note">{esc(_(PRIVACY))}</p>'),
                          html(f'<p class="sl-prompt">{esc(_(ROWS_LEGEND))}</p>'), *rows, self.make, self.feedback,
                          self.download], on_event=on_event)
        self.add_class("sl-weighing")
        self.static_html = render(ex, runtime=False)

    def rows(self) -> list[tuple[str, str, int]]:
        """What the learner has typed and chosen, row by row, read back from the widgets."""
        return [(v.value, q.value, lv.value) for v, q, lv in zip(self.values, self.questions, self.levels, strict=True)]

    def _on_make(self, _button=None) -> None:
        try:
            s = sheet(self.ex, self.rows())
        except ValueError as exc:
            self.feedback.value = live_region(message_html(str(exc)))
            self.download.value = ""
            return
        if not s.priorities:
            self.feedback.value = live_region(message_html(_(EMPTY)))
            self.download.value = ""
            return
        self.last = s
        self.feedback.value = live_region(sheet_html(self.ex, s))
        data = base64.b64encode(printable(self.ex, s).encode("utf-8")).decode("ascii")
        self.download.value = (f'<a class="sl-download" download="{FILE_NAME}" '
                               f'href="data:text/html;charset=utf-8;base64,{data}">{esc(_(DOWNLOAD))}</a> '
                               f"{esc(_(OPEN_TO_PRINT))}")
        # Only the count leaves the view: typed words may mention a real person, so they are never recorded.
        self.emit({"kind": "weighing", "id": self.ex.id, "action": "questions", "count": len(s.priorities)})

