"""Live question-list builder: tick `view.picks[qid].value = True`, type in `view.own`, click `view.make`."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

import ipywidgets as widgets
from ipywidgets.widgets.widget_bool import CheckboxStyle

from ...content.words import _
from ..logic.questions import QuestionList, build, builder, page
from ..static import esc, message_html
from ..static.questions import printable, render
from . import LiveView, button, html, layout, live_region, style
from .weighing import OPEN_TO_PRINT

if TYPE_CHECKING:
    from ...content.schema import QuestionBank


class QuestionListView(LiveView):
    def __init__(self, bank: QuestionBank, on_event=None):
        self.bank = bank
        self.last: QuestionList | None = None
        self.picks: dict[str, widgets.Checkbox] = {}
        words, self.words = page(), builder()
        rows: list[widgets.Widget] = [html(f'<p class="sl-note">{esc(self.words["note"])}</p>')]
        for g in bank.groups:
            rows.append(html(f'<p class="sl-prompt">{esc(g.title)}</p>'))
            for q in g.questions:
                box = widgets.Checkbox(value=False, description=q.text, indent=False,
                                       layout=layout(width="auto"), style=style(CheckboxStyle))
                box.add_class("sl-check")
                self.picks[q.id] = box
                rows.append(box)
        self.own = widgets.Textarea(placeholder=_("Type your own questions, one on each line"),
                                    description=words["own"], layout=widgets.Layout(width="100%", height="6em"),
                                    style={"description_width": "initial"})
        self.make = button(self.words["make"], button_style="primary", icon="list")
        self.feedback = html(live_region(""))
        self.preview = html()
        self.download = html()
        self.make.on_click(self._on_make)
        super().__init__([*rows, self.own, self.make, self.feedback, self.download, self.preview], on_event=on_event)
        self.add_class("sl-qb")
        self.static_html = render(bank, runtime=False)

    def _on_make(self, _button=None) -> None:
        picked = [qid for qid, box in self.picks.items() if box.value]
        try:
            qlist = build(self.bank, picked, self.own.value)
        except ValueError as exc:
            self.feedback.value = live_region(message_html(str(exc)))
            return
        self.last = qlist
        if not qlist.count:
            self.feedback.value = live_region(message_html(qlist.advice))
            self.preview.value = self.download.value = ""
            return
        note = (_("Your list has 1 question. Download it, then print it.") if qlist.count == 1
                else _("Your list has %(count)s questions. Download it, then print it.") % {"count": qlist.count})
        self.feedback.value = live_region(f"<p>{esc(note)}</p>" + (message_html(qlist.advice) if qlist.advice else ""))
        sheet = printable(qlist)
        data = base64.b64encode(sheet.encode("utf-8")).decode("ascii")
        self.download.value = (f'<a class="sl-download" download="{esc(self.words["file"])}" '
                               f'href="data:text/html;charset=utf-8;base64,{data}">{esc(self.words["download"])}</a> '
                               f"{esc(_(OPEN_TO_PRINT))}")
        sections = "".join(f"<p><strong>{esc(t)}</strong></p><ol>{''.join(f'<li>{esc(q)}</li>' for q in qs)}</ol>"
                           for t, qs in qlist.sections)
        self.preview.value = f'<div class="sl-preview">{sections}</div>'
        # Only the count leaves the view: typed questions may mention a real person, so they are never recorded.
        self.emit({"kind": "question-list", "id": "question-bank", "count": qlist.count})
