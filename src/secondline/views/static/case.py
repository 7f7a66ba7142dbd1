"""Static view of a branching case: every scene pre-rendered, runtime.js shows one at a time; all readable without JS."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...content.words import N_, _
from ..logic.case import NO_CHOICE, CaseRun
from ..logic.quiz import VERDICTS
from . import esc, lang_attr, message_html, runtime_tags, verdict_html

if TYPE_CHECKING:
    from ...content.schema import Case, Source

# Words shown inside the HTML below (N_ here, so the catalog finds them; _() where shown).
YOU_CHOSE_CHOICE = N_("You chose: %(choice)s")
READ_THE_WHOLE_CASE = N_("Read the whole case, with every choice explained")
PRACTICE_CASE_TITLE = N_("Practice case: %(title)s")


QUESTION = N_("What do you say or do?")
BADGE = N_("Fictional case")
PATH_HEAD = N_("Your path through the case")


def step_html(icon: str, label: str, verdict: str, text: str, debrief: str, sources) -> str:
    """A choice's debrief: the same block in the live view, the static view and the end-of-case path."""
    said = text if text[:1] in "\"“'" else f"“{text}”"  # a choice that is itself a quotation keeps its own marks
    body = f'<p class="sl-said">{esc(_(YOU_CHOSE_CHOICE) % {"choice": said})}</p><p>{esc(debrief)}</p>'
    return verdict_html(verdict, icon, label, body, sources)


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{esc(p.strip())}</p>" for p in text.split("\n\n") if p.strip())


def render(case: Case, sources: dict[str, Source], runtime: bool = True) -> str:
    run = CaseRun(case, sources)
    scenes = []
    for scene in case.scenes:
        name = f"sl-{case.id}-{scene.id}"
        if scene.is_end:
            body = (f'<div class="sl-ending">{_paragraphs(scene.text)}</div>'
                    f'<div class="sl-path" aria-live="polite"></div>'
                    f'<div class="sl-closing">{_paragraphs(case.summary)}</div>'
                    f'<button type="button" class="sl-button" data-sl-action="case-restart">{esc(_("Start the case again"))}</button>')
        else:
            opts = "".join(f'<label class="sl-option"><input type="radio" name="{name}" value="{i}">'
                           f"<span>{esc(ch.text)}</span></label>" for i, ch in enumerate(scene.choices))
            steps = "".join(
                f'<template data-sl-choice="{i}" data-sl-next="{esc(ch.next)}" data-sl-verdict="{ch.verdict}">'
                f"{step_html(VERDICTS[ch.verdict].icon, _(VERDICTS[ch.verdict].label), ch.verdict, ch.text, ch.debrief, [sources[s] for s in ch.sources])}"
                f"</template>" for i, ch in enumerate(scene.choices))
            body = (f"{_paragraphs(scene.text)}<fieldset><legend>{esc(_(QUESTION))}</legend>{opts}</fieldset>"
                    f'<button type="button" class="sl-button" data-sl-action="case-choose">{esc(_("Choose"))}</button>'
                    f"{steps}")
        hidden = "" if scene.id == run.current else " hidden"
        scenes.append(f'<div class="sl-scene" data-sl-scene="{esc(scene.id)}"{hidden}>{body}</div>')
    key = []
    for scene in case.scenes:
        if scene.is_end:
            continue
        rows = "".join(f"<li><strong>{esc(_(VERDICTS[ch.verdict].label))}:</strong> {esc(ch.text)} "
                       f"<em>{esc(ch.debrief)}</em></li>" for ch in scene.choices)
        key.append(f"<li>{esc(scene.text)}<ul>{rows}</ul></li>")
    return (
        f'<section class="sl sl-case" data-sl-kind="case" data-sl-id="{esc(case.id)}" data-sl-start="{esc(case.start)}"'
        f' data-sl-path-head="{esc(_(PATH_HEAD))}"'
        f' aria-label="{esc(_(PRACTICE_CASE_TITLE) % {"title": case.title})}"{lang_attr()}>'
        f'<h3 class="sl-case-title">{esc(case.title)} <span class="sl-badge">{esc(_(BADGE))}</span></h3>'
        f'<div class="sl-intro">{_paragraphs(case.intro)}</div>'
        f'<div class="sl-feedback" role="status" aria-live="polite"></div>{"".join(scenes)}'
        f'<template class="sl-nochoice">{message_html(_(NO_CHOICE))}</template>'
        f'<details><summary>{esc(_(READ_THE_WHOLE_CASE))}</summary><ol class="sl-key">{"".join(key)}</ol></details>'
        f"</section>" + (runtime_tags() if runtime else "")
    )
