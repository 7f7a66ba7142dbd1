"""Static view of a sort: one labelled select per statement; sort.js shows pre-rendered feedback for each."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ...content.words import N_, _
from ..logic.sort import NO_PLACEMENT, SCORE, SCORE_UNPLACED, SortResult, StatementFeedback, answer_key, feedback_for
from . import esc, lang_attr, message_html, runtime_tags, source_links

if TYPE_CHECKING:
    from ...content.schema import SortExercise, Source

# Words shown inside the HTML below (N_ here, so the catalog finds them; _() where shown).
THE_GROUPS = N_("The groups:")
WHERE_EACH_STATEMENT_BELONGS = N_("Where each statement belongs, and why")

CHOOSE = N_("Choose a group…")


def line_html(fb: StatementFeedback) -> str:
    """One statement's feedback: icon and words, the statement, where it belongs, why, and sources."""
    st = fb.style
    body = ""
    if fb.outcome != "unplaced":
        body = (f'<p><strong>{esc(fb.answer)}</strong> {esc(fb.why)}</p>'
                f"{source_links(fb.sources)}")
    return (f'<li class="sl-verdict sl-verdict-{st.css} sl-sort-line" data-sl-statement="{esc(fb.statement.id)}" '
            f'data-sl-outcome="{fb.outcome}">'
            f'<p class="sl-verdict-head"><span class="sl-icon" aria-hidden="true">{st.icon}</span> {esc(_(st.label))}: '
            f'<span class="sl-sort-text">{esc(fb.statement.text)}</span></p>{body}</li>')


def score_html(right: int, total: int, unplaced: int) -> str:
    """The score sentence, its numbers in slots (the static template leaves them empty for sort.js to fill)."""
    return _score(right, total, unplaced, with_unplaced=unplaced > 0)


def _score(right, total, unplaced, with_unplaced: bool) -> str:
    def slot(name: str, value) -> str:
        return f'<span data-sl-slot="{name}">{esc(str(value))}</span>'

    first = esc(_(SCORE)).replace("{right}", slot("right", right)).replace("{total}", slot("total", total))
    second = esc(_(SCORE_UNPLACED)).replace("{unplaced}", slot("unplaced", unplaced))
    rest = f' <span class="sl-score-unplaced">{second}</span>' if with_unplaced else ""
    return f'<p class="sl-score"><strong>{first}</strong>{rest}</p>'


def lines_html(result: SortResult) -> str:
    return f'<ol class="sl-sort-results">{"".join(line_html(f) for f in result.lines)}</ol>'


def result_html(result: SortResult) -> str:
    """The whole result, as the static view composes it: score, then a line per statement."""
    return score_html(result.right, result.total, result.unplaced) + lines_html(result)


def render(sort: SortExercise, sources: Mapping[str, Source], runtime: bool = True) -> str:
    name = f"sl-{sort.id}"
    options = f'<option value="">{esc(_(CHOOSE))}</option>' + "".join(
        f'<option value="{esc(b.id)}">{esc(b.label)}</option>' for b in sort.bins)
    rows = "".join(
        f'<li class="sl-sort-item"><label for="{name}-{esc(st.id)}">{esc(st.text)}</label>'
        f'<select id="{name}-{esc(st.id)}" data-sl-statement="{esc(st.id)}">{options}</select></li>'
        for st in sort.statements)
    templates = "".join(
        f'<template data-sl-statement="{esc(st.id)}" data-sl-outcome="{outcome}"'
        + (f' data-sl-bin="{esc(st.bin)}">' if outcome == "right" else ">") +
        f"{line_html(feedback_for(sort, st, placed, sources))}</template>"
        for st in sort.statements
        for outcome, placed in (("right", st.bin), ("wrong", next(b.id for b in sort.bins if b.id != st.bin)),
                                ("unplaced", None)))
    key = "".join(f"<li>{esc(text)} <strong>{esc(label)}.</strong> <em>{esc(why)}</em></li>"
                  for text, label, why in answer_key(sort))
    groups = "".join(f"<li>{esc(b.label)}</li>" for b in sort.bins)
    return (
        f'<section class="sl sl-sort" data-sl-kind="sort" data-sl-id="{esc(sort.id)}" aria-labelledby="{name}-prompt"{lang_attr()}>'
        f'<form onsubmit="return false"><fieldset><legend id="{name}-prompt" class="sl-prompt">{esc(sort.prompt)}</legend>'
        f'<p class="sl-sort-groups">{esc(_(THE_GROUPS))}</p><ul class="sl-sort-bins">{groups}</ul>'
        f'<ol class="sl-sort-items">{rows}</ol></fieldset>'
        f'<button type="button" class="sl-button" data-sl-action="sort-check">{esc(_("Check my sorting"))}</button>'
        f'<div class="sl-feedback" role="status" aria-live="polite"></div></form>'
        f'<template class="sl-nochoice">{message_html(_(NO_PLACEMENT))}</template>'
        f'<template class="sl-score-tpl">{_score("", "", "", with_unplaced=True)}</template>{templates}'
        f"<details><summary>{esc(_(WHERE_EACH_STATEMENT_BELONGS))}</summary><ul class=\"sl-key\">{key}</ul></details>"
        f"</section>" + (runtime_tags() if runtime else "")
    )
