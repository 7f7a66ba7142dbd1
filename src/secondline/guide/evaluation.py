"""The evaluation kit: printable knowledge-check forms A and B, their key, and the confidence-rating form."""

from __future__ import annotations

from ..content.course import Content
from ..content.load import load
from ..views.logic.quiz import VERDICTS, answer_key
from .common import GENERATED_NOTE, LETTERS, source_links


def form_markdown(form_id: str, content: Content | None = None) -> str:
    """A printable knowledge-check form (A or B), with no answers."""
    from ..views.logic.knowledge import form_items

    content = content or load()
    kc = content.knowledge_check
    form = kc.form(form_id)
    lines = [GENERATED_NOTE.format(source="content/knowledge-check.yml"), "",
             f"# Knowledge check: {form.title}", "",
             "Name or code: ______________________  Date: ____________  Before ☐ / after ☐ the course", "",
             kc.intro, "", "Choose one answer for each question. Mark the box next to it.", ""]
    for n, it in enumerate(form_items(content, form_id), 1):
        lines += [f"**{n}.** {it.prompt}", ""]
        lines += [f"- ☐ {LETTERS[i]}. {o.text}" for i, o in enumerate(it.options)]
        lines.append("")
    return "\n".join(lines)


def knowledge_check_key_markdown(content: Content | None = None) -> str:
    """The key of forms A and B: which objective and difficulty each item has, its best answer, and every option's
    verdict and rationale (these items are in no module, so no module key has them)."""
    content = content or load()
    kc = content.knowledge_check
    items = {it.id: it for it in kc.items}
    objectives = {o.id: (slug, o.text) for slug, mc in content.modules.items() for o in mc.module.objectives}
    a, b = kc.forms
    lines = [GENERATED_NOTE.format(source="content/knowledge-check.yml"), "",
             "# Knowledge check: forms A and B, objectives covered and key", "",
             "For facilitators. The two forms are parallel: their questions are written for the knowledge check "
             "only (no module uses them, so learners meet them unseen), and they cover the same objectives at the "
             "same difficulties; each covers every module. Half the learners take form A before the course and B "
             "after, half the reverse, so a difference between the forms does not pass for learning. In the course "
             "the order follows each learner's record; on paper, alternate A and B down the class list for the "
             f"pre-test and give each learner the other form after. The pass mark is {kc.pass_mark}%. Only the best "
             "answer scores; an acceptable answer scores as not correct.", ""]
    for form in kc.forms:
        lines += [f"## {form.title}", "", "| # | Item | Objective | Difficulty | Level | Best answer |",
                  "|---|---|---|---|---|---|"]
        for n, ref in enumerate(form.items, 1):
            it = items[ref]
            lines.append(f"| {n} | {ref} | {it.objective} | {it.difficulty} | {it.level} | "
                         f"{LETTERS[it.best_index]} |")
        lines.append("")
    lines += ["## Every question explained", ""]
    for form in (a, b):
        for ref in form.items:
            it = items[ref]
            lines += [f"### {ref}", "", f"Form {form.id.upper()}. Objective {it.objective}: "
                      f"{objectives[it.objective][1]}", "", f"**Question.** {it.prompt}", ""]
            for i, (text, label, why) in enumerate(answer_key(it)):
                lines += [f"- **{LETTERS[i]}.** {text}", f"  - {VERDICTS[it.options[i].verdict].icon} *{label}.* {why}",
                          f"  - Sources: {source_links(it.options[i].sources, content)}."]
            lines += ["", f"Best answer: **{LETTERS[it.best_index]}**.", ""]
    covered = sorted({items[r].objective for r in a.items}, key=lambda o: (objectives[o][0], o))
    lines += ["## Objectives covered", "", f"{len(covered)} objectives, on both forms:", ""]
    lines += [f"- **{o}** (module {int(objectives[o][0][:2])}): {objectives[o][1]}" for o in covered]
    return "\n".join(lines) + "\n"


def confidence_form_markdown(content: Content | None = None) -> str:
    content = content or load()
    lines = [GENERATED_NOTE.format(source="content/modules/*/module.yml"), "",
             "# Confidence ratings, by objective", "",
             "Name or code: ______________________", "",
             "For each statement, write how sure you feel that you can do it now. Use the scale below. Fill in the "
             "Before column when you start the course, and the After column when you finish. There are no right "
             "answers, and this is not a test.", "",
             "**1** = not at all sure · **2** = a little sure · **3** = fairly sure · **4** = very sure · "
             "**5** = completely sure", ""]
    for e in content.curriculum.modules:
        mc = content.module(e.slug)
        lines += [f"## Module {int(e.slug[:2])}: {e.title}", "", "| Id | I can ... | Before (1-5) | After (1-5) |",
                  "|---|---|---|---|"]
        lines += [f"| {o.id} | {o.text} | | |" for o in mc.module.objectives]
        lines.append("")
    return "\n".join(lines)
