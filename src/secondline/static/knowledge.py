"""Static knowledge check: every item as a native radio group, scored in the browser with a per-objective table."""

from __future__ import annotations

from ..catalog import Content
from ..interactions.knowledge import form_items
from ..interactions.quiz import grade
from . import esc, feedback_html, message_html, runtime_tags


def objective_texts(content: Content) -> dict[str, str]:
    return {o.id: o.text for mc in content.modules.values() for o in mc.module.objectives}


def render(content: Content, form: str, runtime: bool = True) -> str:
    kc = content.knowledge_check
    spec = next(f for f in kc.forms if f.id == form)
    texts = objective_texts(content)
    blocks = []
    for n, item in enumerate(form_items(content, form), 1):
        name = f"sl-kc-{form}-{item.id}"
        opts = "".join(f'<label class="sl-option"><input type="radio" name="{name}" value="{i}"><span>{esc(o.text)}</span></label>'
                       for i, o in enumerate(item.options))
        tpls = "".join(f'<template data-sl-choice="{i}" data-sl-verdict="{o.verdict}">'
                       f"{feedback_html(grade(item, i, content.sources))}</template>" for i, o in enumerate(item.options))
        blocks.append(f'<fieldset class="sl-kc-item" data-sl-item="{esc(item.id)}" data-sl-objective="{esc(item.objective)}">'
                      f"<legend>{n}. {esc(item.prompt)}</legend>{opts}{tpls}<div class=\"sl-kc-fb\"></div></fieldset>")
    labels = "".join(f'<template data-sl-objective="{esc(oid)}">{esc(texts[oid])}</template>'
                     for oid in dict.fromkeys(it.objective for it in form_items(content, form)))
    return (
        f'<section class="sl sl-kc" data-sl-kind="knowledge-check" data-sl-id="{esc(form)}" data-sl-pass="{kc.pass_mark}"'
        f' aria-label="{esc(spec.title)}"><h3>{esc(spec.title)}</h3><p>{esc(kc.intro)}</p>'
        f'<form onsubmit="return false">{"".join(blocks)}'
        f'<button type="button" class="sl-button" data-sl-action="kc-score">Score my answers</button></form>'
        f'<div class="sl-feedback" role="status" aria-live="polite"></div>{labels}'
        f'<template class="sl-unanswered">{message_html("Some questions have no answer yet; they count as not correct. You can answer them and score again.")}</template>'
        "</section>" + (runtime_tags() if runtime else "")
    )
