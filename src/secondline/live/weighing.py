"""Live weighing view: `view.sliders["benefit"].value = 4; view.reflect.click()`, then read `view.feedback.value`."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import ipywidgets as widgets
from ipywidgets.widgets.widget_int import SliderStyle

from ..interactions.weighing import HIGH, LOW, START, Comparison, Reflection, compare, level, reflect
from ..static.weighing import FACTORS_LEGEND, comparison_html, intro_html, reflection_html, render
from . import LiveView, button, html, layout, live_region, style

if TYPE_CHECKING:
    from ..models import WeighingExercise


class WeighingView(LiveView):
    def __init__(self, ex: WeighingExercise, on_event=None):
        self.ex = ex
        self.last: Reflection | None = None
        self.last_comparison: Comparison | None = None
        self.intro = html(intro_html(ex))
        self.sliders: dict[str, widgets.IntSlider] = {}
        self.levels: dict[str, widgets.HTML] = {}  # the level in words beside each slider ("matters a lot")
        rows = []
        for f in ex.factors:
            slider = widgets.IntSlider(value=START, min=LOW, max=HIGH, step=1, description=f.label, readout=False,
                                       style=style(SliderStyle, description_width="16rem"),
                                       layout=layout(width="34rem", max_width="100%"))
            slider.add_class("sl-w-slider")
            words = html(self._level_html(START))
            slider.observe(lambda change, w=words: setattr(w, "value", self._level_html(change["new"])), "value")
            self.sliders[f.id], self.levels[f.id] = slider, words
            question = html(f'<p class="sl-w-question">{escape(f.question)}</p>')
            row = widgets.HBox([slider, words], layout=layout(align_items="center"))
            rows.append(widgets.VBox([row, question], layout=layout(margin="0 0 0.5rem")))
        legend = html(f'<p class="sl-prompt">{escape(FACTORS_LEGEND)}</p>')
        self.reflect = button("Reflect on these values", width="auto", icon="balance-scale", button_style="primary",
                                      tooltip="See which of the paths line up with what you rated highest")
        self.feedback = html(live_region(""))
        self.compare = button("Compare with someone who weighs things differently", width="auto", icon="exchange",
                                      tooltip="See the same paths for someone whose values are the other way round")
        self.comparison = html(live_region(""))
        self.reflect.on_click(self._on_reflect)
        self.compare.on_click(self._on_compare)
        super().__init__([self.intro, legend, *rows, self.reflect, self.feedback, self.compare, self.comparison],
                         on_event=on_event)
        self.static_html = render(ex, runtime=False)

    @staticmethod
    def _level_html(value: int) -> str:
        return f'<span class="sl-w-readout">{escape(level(value))}</span>'

    def ratings(self) -> dict[str, int]:
        return {fid: s.value for fid, s in self.sliders.items()}

    def _on_reflect(self, _button=None) -> None:
        self.last = reflect(self.ex, self.ratings())
        self.feedback.value = live_region(reflection_html(self.ex, self.last))
        self.emit({"kind": "weighing", "id": self.ex.id, "action": "reflect", "ratings": self.last.ratings,
                   "top": [f.id for f in self.last.top]})

    def _on_compare(self, _button=None) -> None:
        self.last_comparison = c = compare(self.ex, self.ratings())
        self.comparison.value = live_region(comparison_html(self.ex, c))
        self.emit({"kind": "weighing", "id": self.ex.id, "action": "compare", "ratings": c.mine.ratings,
                   "top": [f.id for f in c.mine.top], "other_top": [f.id for f in c.theirs.top]})
