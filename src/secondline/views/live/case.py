"""Live branching-case view: `view.choices.index = 0; view.choose.click()` then read `view.feedback.value`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as widgets

from ...content.words import _
from ..logic.case import NO_CHOICE, CaseRun
from ..static import esc, message_html
from ..static.case import BADGE, PATH_HEAD, QUESTION, _paragraphs, render, step_html
from . import LiveView, button, choices, html, live_region

if TYPE_CHECKING:
    from ...content.schema import Case, Source


class CaseView(LiveView):
    def __init__(self, case: Case, sources: dict[str, Source], on_event=None):
        self.run = CaseRun(case, sources)
        self.title = html(f'<h3 class="sl-case-title">{esc(case.title)} <span class="sl-badge">{esc(_(BADGE))}</span></h3>'
                          f'<div class="sl-intro">{_paragraphs(case.intro)}</div>')
        self.scene = html()
        # These three show and hide themselves (layout.display), so each keeps a layout of its own.
        self.choices = choices([], _(QUESTION), layout=widgets.Layout(width="auto"))
        self.choose = button(_("Choose"), layout=widgets.Layout(), button_style="primary",
                             tooltip=_("Make this choice and read the debrief"))
        self.feedback = html(live_region(""))
        self.path = html()
        self.restart = button(_("Start the case again"), layout=widgets.Layout(), icon="refresh")
        self.choose.on_click(self._on_choose)
        self.restart.on_click(self._on_restart)
        super().__init__([self.title, self.feedback, self.scene, self.choices, self.choose, self.path, self.restart],
                         on_event=on_event, ident=case.id)
        self.static_html = render(case, sources, runtime=False)
        self._show()

    def _show(self) -> None:
        scene = self.run.scene
        self.scene.value = f'<div class="sl-scene">{_paragraphs(scene.text)}</div>'
        over = self.run.is_over
        self.choices.options = [] if over else [(c.text, i) for i, c in enumerate(scene.choices)]
        self.choices.index = None
        self.choices.layout.display = "none" if over else None
        self.choose.layout.display = "none" if over else None
        self.restart.layout.display = None if over else "none"
        if over:
            s = self.run.summary()
            steps = "".join(f"<li>{step_html(st.icon, st.label, st.verdict, st.text, st.debrief, st.sources)}</li>"
                            for st in s.steps)
            self.path.value = (f'<div class="sl-path"><h4>{esc(_(PATH_HEAD))}</h4><p>{esc(s.headline())}</p>'
                               f'<ol>{steps}</ol><div class="sl-closing">{_paragraphs(s.closing)}</div></div>')
        else:
            self.path.value = ""

    def _on_choose(self, _button=None) -> None:
        if self.choices.index is None:
            self.feedback.value = live_region(message_html(_(NO_CHOICE)))
            return
        step = self.run.choose(self.choices.index)
        self.feedback.value = live_region(step_html(step.icon, step.label, step.verdict, step.text, step.debrief,
                                                    step.sources))
        self.emit({"kind": "case", "id": self.run.case.id, "scene": step.scene_id, "choice": step.choice,
                   "verdict": step.verdict})
        self._show()
        if self.run.is_over:  # the path, shown in full, replaces the last debrief
            self.feedback.value = live_region("")

    def _on_restart(self, _button=None) -> None:
        self.run.restart()
        self.feedback.value = live_region("")
        self._show()
