"""Live quiz view: `view.choices.index = 1; view.check.click()` then read `view.feedback.value`.

"Every answer explained" (every option with its verdict and rationale) joins the feedback, below its live region,
only once an answer has been checked: before that it is in no widget."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from ...content.words import _
from ..logic.quiz import NO_CHOICE, Feedback, grade
from ..static import feedback_html, message_html
from ..static.quiz import explained_html, key_items, render
from . import LiveView, button, choices, html, live_region

if TYPE_CHECKING:
    from ...content.schema import QuizItem, Source


class QuizView(LiveView):
    def __init__(self, item: QuizItem, sources: dict[str, Source], on_event=None):
        self.item, self.sources = item, sources
        self.last: Feedback | None = None
        self.prompt = html(f'<p class="sl-prompt" id="sl-live-{item.id}">{escape(item.prompt)}</p>')
        self.choices = choices([(o.text, i) for i, o in enumerate(item.options)], _("Your answer"))
        self.check = button(_("Check answer"), icon="check", button_style="primary",
                            tooltip=_("Check your answer and read why"))
        self.feedback = html(live_region(""))
        self.check.on_click(self._on_check)
        super().__init__([self.prompt, self.choices, self.check, self.feedback], on_event=on_event, ident=item.id)
        self.static_html = render(item, sources, runtime=False)

    def _on_check(self, _button=None) -> None:
        if self.choices.index is None:
            self.feedback.value = live_region(message_html(_(NO_CHOICE)))
            return
        self.last = grade(self.item, self.choices.index, self.sources)
        # the key sits outside the live region, so a screen reader announces only the verdict
        self.feedback.value = (live_region(feedback_html(self.last))
                               + f'<div class="sl">{explained_html(key_items(self.item))}</div>')
        self.emit({"kind": "quiz", "id": self.item.id, "choice": self.last.choice, "verdict": self.last.verdict})
