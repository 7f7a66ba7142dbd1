"""Live knowledge check: set `view.answers[item_id].index`, click `view.submit`, read `view.result.value`.

Nothing is marked until the whole form is submitted; then the score, the table by objective and each item's
verdict appear. The form (A or B) follows the learner's counterbalanced order (views/logic/knowledge.py, form_for)."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from ...content.course import Content
from ...content.words import _
from ..logic.knowledge import Score, form_for, form_items, score
from ..logic.quiz import grade
from ..static import esc, feedback_html, message_html
from ..static.knowledge import CORRECT, OBJECTIVE, OF, SCORED, UNANSWERED, heading, objective_texts, render
from . import LiveView, button, choices, html, live_region


class KnowledgeCheckView(LiveView):
    def __init__(self, content: Content, occasion: str, on_event=None, learner_key: str | None = None,
                 form: str | None = None):
        self.content, self.occasion = content, occasion
        self.form = form or form_for(occasion, learner_key)
        self.items = form_items(content, self.form)
        self.last: Score | None = None
        kc = content.knowledge_check
        rows: list[widgets.Widget] = [html(f"<h3>{esc(heading(content, occasion, self.form))}</h3>"
                                           f"<p>{esc(kc.intro)}</p>")]
        self.answers: dict[str, widgets.RadioButtons] = {}
        self.item_feedback: dict[str, widgets.HTML] = {}
        for n, item in enumerate(self.items, 1):
            rows.append(html(f'<p class="sl-prompt">{n}. {escape(item.prompt)}</p>'))
            radios = choices([(o.text, i) for i, o in enumerate(item.options)], _("Your answer"))
            self.answers[item.id] = radios
            self.item_feedback[item.id] = html()
            rows += [radios, self.item_feedback[item.id]]
        self.submit = button(_("Score my answers"), button_style="primary", icon="check")
        self.result = html(live_region(""))
        self.submit.on_click(self._on_submit)
        super().__init__([*rows, self.submit, self.result], on_event=on_event)
        # with no record (recording off, or a build), the static twin lets the browser choose the form
        self.static_html = render(content, occasion, runtime=False, form=form or (self.form if learner_key else None))

    def _on_submit(self, _button=None) -> None:
        answers = {iid: w.index for iid, w in self.answers.items()}
        s = self.last = score(self.items, answers, self.occasion, self.content.knowledge_check.pass_mark)
        texts = objective_texts(self.content)
        rows = "".join(f"<tr><td>{esc(texts[oid])}</td><td>{esc(_(OF).format(correct=c, asked=n))}</td></tr>"
                       for oid, (c, n) in s.per_objective.items())
        total = _(SCORED).format(correct=s.correct, total=s.total, percent=f"{s.percent:g}")
        body = (f'<p class="sl-kc-total">{esc(total)}</p>'
                f'<table class="sl-kc-table"><tr><th>{esc(_(OBJECTIVE))}</th><th>{esc(_(CORRECT))}</th></tr>{rows}</table>')
        if s.unanswered:
            body += message_html(_(UNANSWERED))
        self.result.value = live_region(body)
        for item in self.items:
            choice = answers[item.id]
            self.item_feedback[item.id].value = "" if choice is None else feedback_html(
                grade(item, choice, self.content.sources))
        self.emit({"kind": "knowledge-check", "id": self.occasion, "form": self.form, "answers": answers,
                   "correct": s.correct, "total": s.total, "percent": s.percent,
                   "per_objective": {k: list(v) for k, v in s.per_objective.items()}})
