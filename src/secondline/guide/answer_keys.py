"""Answer keys, one per module, generated from its content so they cannot drift from what learners see: every quiz
item's options with verdicts, rationales and sources, every case scene, every sorting activity, and the values
exercises (which have no key)."""

from __future__ import annotations

from ..content.course import Content
from ..content.load import load
from ..content.reviews import review_line
from ..views.logic.quiz import VERDICTS, answer_key
from ..views.logic.sort import answer_key as sort_answer_key
from .common import GENERATED_NOTE, LETTERS, source_links, verdict_text


def _forms_of(content: Content) -> dict[str, str]:
    """Module item id -> 'pre' or 'post', for the first version's forms (today's forms use unseen items only)."""
    kc = content.knowledge_check
    return {i: f.id for f in kc.legacy_forms for i in f.items} if kc else {}


def answer_key_markdown(slug: str, content: Content | None = None) -> str:
    """The answer key of one module, from its content: every quiz item (options, verdict labels, rationales and
    sources, through `views.logic.quiz.answer_key`), every case scene's choices with verdict and debrief, every
    sorting activity and the values exercises."""
    content = content or load()
    mc = content.module(slug)
    entry = content.entry(slug)
    kinds = {"quiz.yml": "questions", "cases.yml": "cases", "sorts.yml": "sorting exercises",
             "weighing.yml": "values exercises"}
    found = [k for n, k in kinds.items() if (content.root / "modules" / slug / n).is_file()]
    files = ", ".join(found[:-1]) + (" and " if len(found) > 1 else "") + found[-1]  # named for people, not files
    forms = _forms_of(content)
    objectives = {o.id: o.text for o in mc.module.objectives}
    out = [GENERATED_NOTE.format(source=f"content/modules/{slug}/"), "",
           f"# Answer key: module {int(slug[:2])}, {entry.title}", "",
           f"**Clinical review:** {review_line(content, slug)} ([every module's review](../ce-packet/clinical-review.md)).",
           "",
           f"For facilitators. Generated from the module's own {files}, so it always matches what learners see. Letters follow the "
           "order of the options in the notebook, the website and the slide polls. Learners read the same "
           "rationales after they answer, under \"Every answer explained\".", "",
           "Verdicts: " + " · ".join(f"{v.icon} {v.label}" for v in VERDICTS.values()) + ".", ""]
    out += [f"## Quiz items ({len(mc.quiz.items)})", ""]
    for item in mc.quiz.items:
        used = {"pre": " It was on the first version's pre-test.",
                "post": " It was on the first version's post-test."}.get(forms.get(item.id, ""), "")
        out += [f"### {item.id}", "",
                f"Objective {item.objective}: {objectives[item.objective]}{used}", "",
                f"**Question.** {item.prompt}", ""]
        for i, ((text, label, why), opt) in enumerate(zip(answer_key(item), item.options, strict=True)):
            icon = VERDICTS[opt.verdict].icon
            out += [f"- **{LETTERS[i]}.** {text}",
                    f"  - {icon} *{label}.* {why}",
                    f"  - Sources: {source_links(opt.sources, content)}."]
        out += ["", f"Best answer: **{LETTERS[item.best_index]}**.", ""]
    if mc.cases:
        out += [f"## Branching cases ({len(mc.cases)})", "",
                "Every scene, every choice with its verdict and debrief, and the scene it leads to. Scenes with no "
                "choices are endings.", ""]
    for case in mc.cases:
        out += [f"### {case.id}: {case.title}", "",
                f"Objectives: {', '.join(case.objectives)}. Starts at scene `{case.start}`.", "",
                f"**Introduction.** {case.intro}", ""]
        for scene in case.scenes:
            kind = " (an ending)" if scene.is_end else ""
            out += [f"#### Scene `{scene.id}`{kind}", "", scene.text, ""]
            for i, ch in enumerate(scene.choices):
                out += [f"- **{LETTERS[i]}.** {ch.text} (leads to `{ch.next}`)",
                        f"  - {verdict_text(ch.verdict)} {ch.debrief}",
                        f"  - Sources: {source_links(ch.sources, content)}."]
            if scene.choices:
                best = [LETTERS[i] for i, ch in enumerate(scene.choices) if ch.verdict == "best"]
                out += ["", f"Best choice: **{', '.join(best) or 'none marked'}**.", ""]
        out += [f"**Case summary.** {case.summary}", ""]
    if mc.sorts:
        out += [f"## Sorting activities ({len(mc.sorts)})", ""]
    for sort in mc.sorts:
        out += [f"### {sort.id}", "", f"**Task.** {sort.prompt} Groups: {', '.join(b.label for b in sort.bins)}.", ""]
        for st, (text, bin_label, why) in zip(sort.statements, sort_answer_key(sort), strict=True):
            out += [f"- `{st.id}` {text}", f"  - Belongs in: **{bin_label}**. {why}",
                    f"  - Sources: {source_links(st.sources, content)}."]
        out.append("")
    if mc.weighing:
        out += [f"## Values exercises ({len(mc.weighing)}): no right answer", "",
                "In these exercises the learner helps a fictional patient say what matters to her, in her own words, "
                "and turns each priority into a question to ask about every option. They have no key: no option is "
                "scored, matched or ranked, and a learner's list is never right or wrong.", ""]
    for ex in mc.weighing:
        out += [f"### {ex.id}: {ex.title}", "", "Options (every one gets the same questions): "
                + "; ".join(p.label for p in ex.paths) + ".", "", "Example questions, one per area:"]
        out += [f"- **{f.label}:** {f.question}" for f in ex.factors]
        out.append("")
    return "\n".join(out)


def answer_keys_index_markdown(content: Content) -> str:
    lines = [GENERATED_NOTE.format(source="content/modules/"), "", "# Answer keys", "",
             "One key per module, generated from the module's content every time the guide is built. They are never "
             "typed by hand, so they cannot drift from what learners see. The keys for the pre-test and post-test "
             "are in [the evaluation kit](../evaluation/knowledge-check-key.md).", ""]
    for e in content.curriculum.modules:
        mc = content.module(e.slug)
        parts = [f"{len(mc.quiz.items)} quiz items"]
        if mc.cases:
            parts.append(f"{len(mc.cases)} case{'s' * (len(mc.cases) > 1)}")
        if mc.sorts:
            parts.append(f"{len(mc.sorts)} sorting activities")
        if mc.weighing:
            parts.append(f"{len(mc.weighing)} values exercises")
        lines.append(f"- [Module {int(e.slug[:2])}: {e.title}]({e.slug}.md): {', '.join(parts)}. "
                     f"{review_line(content, e.slug)}.")
    lines += ["", "Clinical reviews are recorded in the course's [review record](../ce-packet/clinical-review.md)."]
    return "\n".join(lines) + "\n"
