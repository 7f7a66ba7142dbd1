"""Pages made from the session plans: the plan check (each plan's result and totals) and, per plan, a plain-language
sheet for learners."""

from __future__ import annotations

from ..content.course import Content
from ..content.load import load
from .common import GENERATED_NOTE, guide_root, hours_minutes
from .plans import Plan, Row, check_plan, parse_plan, plan_paths, plan_totals


def plan_report_markdown(content: Content | None = None) -> str:
    """The result of checking every plan, with its totals: part of the built guide."""
    content = content or load()
    lines = [GENERATED_NOTE.format(source="educator_guide/plans/ and content/"), "", "# Plan check", "",
             "Each plan was checked against the course's modules and their sections: every section is "
             "planned once (in a session or as pre-work), every row's minutes equal its sections' minutes, and each "
             "session adds up to its stated length.", ""]
    for path in plan_paths(content):
        if not path.is_file():
            lines += [f"## {path.stem}", "", "Missing.", ""]
            continue
        plan = parse_plan(path, guide_root(content))
        problems = check_plan(plan, content)
        t = plan_totals(plan)
        lines += [f"## [{plan.title}]({path.name})", "",
                  "Result: " + ("**adds up**." if not problems else f"**{len(problems)} problem(s)**:"), ""]
        lines += [f"- {p}" for p in problems] + ([""] if problems else [])
        lines += ["| Session | Stated minutes | Rows add up to | Breaks |", "|---|---|---|---|"]
        for b in plan.sessions:
            breaks = sum(r.minutes for r in b.rows if r.what == "break")
            lines.append(f"| {b.title} | {b.stated} | {b.minutes} | {breaks} |")
        lines += ["", f"Live time: {t.live} minutes ({hours_minutes(t.live)}), breaks not counted; breaks: {t.breaks} minutes; "
                  f"module minutes studied alone (pre-work, homework or self-paced study): {t.own_study}; "
                  f"module minutes in all: {t.module_minutes}.", ""]
    return "\n".join(lines)


def learner_sheet_markdown(plan: Plan, content: Content) -> str:
    """A plain-language sheet for learners: what to do on their own, and when the group meets."""
    titles = {s.id: s.title for mc in content.modules.values() for s in mc.module.sections}
    lines = [GENERATED_NOTE.format(source=f"educator_guide/{plan.name} and content/"), "",
             f"# Your plan: {plan.title}", "",
             "This sheet is for you, the learner. It lists the parts of the course to do on your own and when the "
             "group meets. Open the course on the website or in JupyterLab. Each part is a heading in its module. "
             "All patients in the course are made up. Never type details about a real patient. If your facilitator sent you a "
             "form to rate how sure you feel, fill in its Before column first.", ""]
    for block in plan.blocks:
        mins = block.minutes
        if block.prework:
            lines += [f"## {block.title}: on your own (about {mins} minutes)", ""]
        else:
            lines += [f"## {block.title} ({mins} minutes)", ""]
        merged: list[list[Row]] = []  # consecutive rows of one module read as one line
        for r in block.rows:
            if merged and r.is_module and merged[-1][-1].what == r.what:
                merged[-1].append(r)
            else:
                merged.append([r])
        for group in merged:
            r, minutes = group[0], sum(x.minutes for x in group)
            when = f"{r.clock} " if r.clock else ""
            if r.is_module and r.what in content.modules:
                label = f"Module {int(r.what[:2])}: {content.entry(r.what).title}"
                parts = "; ".join(titles.get(s, s) for x in group for s in x.sections)
                lines.append(f"- {when}{label} ({minutes} min). Parts: {parts}.")
            else:
                lines.append(f"- {when}{r.what.replace('-', ' ').capitalize()} ({minutes} min).")
        lines.append("")
    return "\n".join(lines)
