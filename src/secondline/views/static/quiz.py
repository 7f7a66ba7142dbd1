"""Static view of a quiz item: a native form whose feedback runs in runtime.js. "Every answer explained" waits in a
<template> and appears under the feedback once the learner has checked an answer (issue 13: no key before trying)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...content.words import N_, _
from ..logic.quiz import NO_CHOICE, answer_key, grade
from . import esc, feedback_html, lang_attr, message_html, runtime_tags

if TYPE_CHECKING:
    from ...content.schema import QuizItem, Source

# Words shown inside the HTML below (N_ here, so the catalog finds them; _() where shown).
EVERY_ANSWER_EXPLAINED = N_("Every answer explained")


def explained_html(key_items: str) -> str:
    """Every option with its verdict and rationale, in a <details> the learner can open after checking."""
    return f'<details><summary>{esc(_(EVERY_ANSWER_EXPLAINED))}</summary><ul class="sl-key">{key_items}</ul></details>'


def key_items(item: QuizItem) -> str:
    return "".join(f"<li><strong>{esc(label)}:</strong> {esc(text)} <em>{esc(why)}</em></li>"
                   for text, label, why in answer_key(item))


def render(item: QuizItem, sources: dict[str, Source], runtime: bool = True) -> str:
    name = f"sl-{item.id}"
    options = "".join(
        f'<label class="sl-option"><input type="radio" name="{name}" value="{i}"><span>{esc(o.text)}</span></label>'
        for i, o in enumerate(item.options))
    templates = "".join(
        f'<template data-sl-choice="{i}" data-sl-verdict="{o.verdict}">{feedback_html(grade(item, i, sources))}</template>'
        for i, o in enumerate(item.options))
    key = key_items(item)
    return (
        f'<section class="sl sl-quiz" data-sl-kind="quiz" data-sl-id="{esc(item.id)}" aria-labelledby="{name}-prompt"'
        f'{lang_attr()}>'
        f'<form onsubmit="return false"><fieldset><legend id="{name}-prompt" class="sl-prompt">{esc(item.prompt)}</legend>'
        f'{options}</fieldset>'
        f'<button type="button" class="sl-button" data-sl-action="check">{esc(_("Check answer"))}</button>'
        f'<div class="sl-feedback" role="status" aria-live="polite"></div></form>'
        f'<template class="sl-nochoice">{message_html(_(NO_CHOICE))}</template>{templates}'
        f'<template class="sl-explained">{explained_html(key)}</template><div class="sl-explained-slot"></div>'
        f"</section>" + (runtime_tags() if runtime else "")
    )
