"""Static knowledge check: every item as a native radio group, scored in the browser with a per-objective table.

No verdict is shown until the learner scores the whole form (the verdicts wait in <template> elements)."""

from __future__ import annotations

from ...content.course import Content
from ...content.words import N_, _
from ..logic.knowledge import OCCASIONS, form_for, form_items
from ..logic.quiz import grade
from . import esc, feedback_html, lang_attr, message_html, runtime_tags

KNOWLEDGE_CHECK = N_("Knowledge check")
OCCASION_WORDS = {"pre": N_("Pre-test"), "post": N_("Post-test")}  # shown as _(words)
UNANSWERED = N_("Some questions have no answer yet; they count as not correct. You can answer them and score again.")
# The score and the table knowledge.js writes in the browser: its words, from here (data-sl-words), in the language
# in use; {slots} are filled by knowledge.js.
SCORED = N_("You scored {correct} of {total} ({percent}%).")
OF = N_("{correct} of {asked}")
OBJECTIVE, CORRECT = N_("Objective"), N_("Correct")


def js_words() -> str:
    """The words knowledge.js writes, as a JSON object for a data- attribute."""
    import json

    return json.dumps({"scored": _(SCORED), "of": _(OF), "objective": _(OBJECTIVE), "correct": _(CORRECT)},
                      ensure_ascii=False)


def objective_texts(content: Content) -> dict[str, str]:
    return {o.id: o.text for mc in content.modules.values() for o in mc.module.objectives}


def heading(content: Content, occasion: str, form: str) -> str:
    """'Pre-test: Form A' (a legacy form keeps its own title)."""
    spec = content.knowledge_check.form(form)
    return f"{_(OCCASION_WORDS[occasion])}: {spec.title}" if occasion in OCCASIONS and form not in OCCASIONS \
        else spec.title


def _form_html(content: Content, occasion: str, form: str, hidden: bool) -> str:
    """One form's questions (each a native radio group) with its heading; verdicts wait in <template> elements."""
    blocks = []
    for n, item in enumerate(form_items(content, form), 1):
        name = f"sl-kc-{occasion}-{item.id}"
        opts = "".join(f'<label class="sl-option"><input type="radio" name="{name}" value="{i}"><span>{esc(o.text)}</span></label>'
                       for i, o in enumerate(item.options))
        tpls = "".join(f'<template data-sl-choice="{i}" data-sl-verdict="{o.verdict}">'
                       f"{feedback_html(grade(item, i, content.sources))}</template>" for i, o in enumerate(item.options))
        blocks.append(f'<fieldset class="sl-kc-item" data-sl-item="{esc(item.id)}" data-sl-objective="{esc(item.objective)}">'
                      f"<legend>{n}. {esc(item.prompt)}</legend>{opts}{tpls}<div class=\"sl-kc-fb\"></div></fieldset>")
    return (f'<div class="sl-kc-form" data-sl-form="{esc(form)}"{" hidden" if hidden else ""}>'
            f'<h3>{esc(heading(content, occasion, form))}</h3><p>{esc(content.knowledge_check.intro)}</p>'
            f'{"".join(blocks)}</div>')


def render(content: Content, occasion: str, runtime: bool = True, learner_key: str | None = None,
           form: str | None = None) -> str:
    """The form a learner takes on an occasion ('pre' or 'post').

    Given a form or a learner key, that form only. Given neither (the website, an exported notebook: no record
    here), both forms, the other one hidden: knowledge.js shows the one this browser's learner key sets (kept in
    localStorage), so website learners are counterbalanced too; without storage, A before and B after."""
    kc = content.knowledge_check
    choose = form is None and learner_key is None
    form = form or form_for(occasion, learner_key)
    texts = objective_texts(content)
    forms = [f.id for f in kc.forms] if choose else [form]
    blocks = "".join(_form_html(content, occasion, f, hidden=f != form) for f in forms)
    objectives = dict.fromkeys(it.objective for f in forms for it in form_items(content, f))
    labels = "".join(f'<template data-sl-objective="{esc(oid)}">{esc(texts[oid])}</template>' for oid in objectives)
    title = _(OCCASION_WORDS.get(occasion, KNOWLEDGE_CHECK))
    return (
        f'<section class="sl sl-kc" data-sl-kind="knowledge-check" data-sl-id="{esc(occasion)}" data-sl-form="{esc(form)}"'
        f'{" data-sl-choose" if choose else ""} data-sl-pass="{kc.pass_mark}" aria-label="{esc(title)}"'
        f' data-sl-words="{esc(js_words())}"{lang_attr()}>'
        f'<form onsubmit="return false">{blocks}'
        f'<button type="button" class="sl-button" data-sl-action="kc-score">{esc(_("Score my answers"))}</button></form>'
        f'<div class="sl-feedback" role="status" aria-live="polite"></div>{labels}'
        f'<template class="sl-unanswered">{message_html(_(UNANSWERED))}</template>'
        "</section>" + (runtime_tags() if runtime else "")
    )
