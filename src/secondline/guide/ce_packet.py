"""The continuing-education packet's generated pages: time on task and contact hours, the evidence list, the
learning objectives, and the clinical review record."""

from __future__ import annotations

import math

from ..content.course import Content
from ..content.load import load
from ..content.reviews import NOT_REVIEWED, module_reviews, review_text
from .common import GENERATED_NOTE, guide_root, hours_minutes
from .plans import parse_plan, plan_paths, plan_totals

CONTACT_HOUR_MINUTES = 60  # ANCC NCPD: 1 contact hour = 60 minutes of organized learning


def contact_hours(minutes: int) -> float:
    """Minutes / 60, rounded down to two decimals so the figure never overstates the time."""
    return math.floor(minutes * 100 / CONTACT_HOUR_MINUTES) / 100


def curriculum_minutes(content: Content) -> int:
    return sum(e.minutes for e in content.curriculum.modules)


def time_on_task_markdown(content: Content | None = None) -> str:
    content = content or load()
    total = curriculum_minutes(content)
    lines = [GENERATED_NOTE.format(source="content/curriculum.yml, the modules' module.yml and educator_guide/plans/"),
             "", "# Time on task and contact hours", "",
             f"Computed from the course's module times (curriculum version {content.curriculum.version}). Every "
             "module's minutes are the sum of its sections' minutes, and the course checks that the two agree. ANCC "
             f"counts 1 contact hour as {CONTACT_HOUR_MINUTES} minutes of organized learning, so contact hours = "
             f"total minutes / {CONTACT_HOUR_MINUTES}, rounded down to two decimals here so the figure never overstates "
             "the time. The accredited provider unit that awards credit makes the final calculation and decides what "
             "counts (for example, the welcome and the evaluation); Second Line awards no credit itself.", "",
             "## The curriculum", "",
             "| Module | Title | Sections | Minutes | Contact hours |", "|---|---|---|---|---|"]
    for e in content.curriculum.modules:
        n = len(content.module(e.slug).module.sections)
        lines.append(f"| {e.slug[:2]} | {e.title} | {n} | {e.minutes} | {contact_hours(e.minutes):.2f} |")
    lines += [f"| **Total** | | | **{total}** | **{contact_hours(total):.2f}** |", "",
              f"**Learning time: {total} minutes ({hours_minutes(total)}), that is {contact_hours(total):.2f} contact hours.**", "",
              "Every delivery format covers all of these minutes, live or as study on the learner's own time, so the "
              "learning time is the same in each. What changes is how much of it is live.", "",
              "## By delivery format", "",
              "Figures from the session plans, which the course checks against the curriculum: every section planned once. "
              "Breaks and meals never count as learning time.", "",
              "| Plan | Sessions | Module minutes taught live | Module minutes studied alone | "
              "Welcome, check-ins and wrap-up | Live time (no breaks) | Breaks |", "|---|---|---|---|---|---|---|"]
    for path in plan_paths(content):
        if not path.is_file():
            continue
        plan = parse_plan(path, guide_root(content))
        t = plan_totals(plan)
        lines.append(f"| [{plan.title}](../plans/{path.name}) | {t.sessions} | {t.live_modules} | {t.own_study} | "
                     f"{t.facilitated} | {t.live} ({hours_minutes(t.live)}) | {t.breaks} |")
    lines += ["", "If the provider unit also counts the facilitated welcome, check-in and wrap-up time (which include "
              "the confidence ratings and the evaluation), it adds that column's minutes to the learning time before "
              f"dividing by {CONTACT_HOUR_MINUTES}.", ""]
    return "\n".join(lines)


def clinical_review_markdown(content: Content | None = None) -> str:
    """Each module's clinical review as recorded in content/reviews.yml (reviewer, credentials, date, decision,
    notes), or that none is recorded. Nothing is filled in where no review exists."""
    content = content or load()
    lines = [GENERATED_NOTE.format(source="content/reviews.yml"), "", "# Clinical review record", "",
             "Which modules a clinician has reviewed, as recorded in the course's review record. A module with no "
             "entry there has not been clinically reviewed, and says so on its page, in its answer key and on "
             "certificates. A reviewer works from the course's review packet: every claim with its sources and how "
             "far each was checked, and every quiz item with its key.", "",
             "| Module | Status | Notes |", "|---|---|---|"]
    for e in content.curriculum.modules:
        found = module_reviews(content, e.slug)
        if not found:
            lines.append(f"| {int(e.slug[:2])}. {e.title} | {NOT_REVIEWED} | |")
        for r in reversed(found):
            notes = " ".join((r.notes or "").split()).replace("|", "\\|")
            lines.append(f"| {int(e.slug[:2])}. {e.title} | {review_text(r)} | {notes} |")
    reviewed = sum(bool(module_reviews(content, e.slug)) for e in content.curriculum.modules)
    lines += ["", f"{reviewed} of {len(content.curriculum.modules)} modules have a recorded clinical review."]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- evidence list


def citations(content: Content) -> dict[str, list[str]]:
    """Source id -> the modules that cite it anywhere (key points, notebook prose, items, cases, sorts, figures,
    glossary terms): the claims of claims.module_claims."""
    from ..content.claims import cited_ids, module_claims

    out: dict[str, list[str]] = {}
    for slug, mc in content.modules.items():
        for sid in cited_ids(module_claims(mc, content)):
            out.setdefault(sid, []).append(slug)
    return out


def evidence_list_markdown(content: Content | None = None) -> str:
    content = content or load()
    cited = citations(content)
    sources = sorted(content.sources.values(), key=lambda s: (s.authors.lower(), s.year))
    dates = sorted(s.checked.date for s in sources if s.opened)
    unopened = sum(not s.opened for s in sources)
    lines = [GENERATED_NOTE.format(source="content/sources.yml"), "", "# Evidence list", "",
             f"Every source the curriculum cites: {len(sources)} in all, generated from the course's list of sources. Each "
             "entry gives the DOI or web address, how far a team member checked it (what was opened, and when; no "
             "date where nothing was opened), and the modules that cite it. Notes flag what is still to be confirmed.",
             "",
             (f"Checks run from {dates[0].isoformat()} to {dates[-1].isoformat()}; " if dates else "No source has been opened yet; ")
             + f"{unopened} of {len(sources)} sources are not yet opened by the team. Facts such as Medicare rules, "
             "trial-cost coverage and helpline hours change; check them, and every source, at least once a year.", ""]
    for n, s in enumerate(sources, 1):
        where = ", ".join(f"{m[:2]}" for m in cited.get(s.id, [])) or "not cited by a module (kept for coverage)"
        note = f" *Note:* {s.note}" if s.note else ""
        lines.append(f"{n}. **{s.authors}.** {s.title}. {s.venue}. {s.year}. <{s.link}>  ")
        lines.append(f"   Id `{s.id}`. Checked: **{s.check_label()}**. Cited in modules: {where}.{note}")
    return "\n".join(lines) + "\n"


def objectives_markdown(content: Content | None = None) -> str:
    """Every learning objective, by module: the measurable outcomes of the CE packet."""
    content = content or load()
    lines = [GENERATED_NOTE.format(source="content/modules/*/module.yml"), "", "# Learning objectives by module", "",
             "Each objective starts with an observable verb (revised Bloom taxonomy). Each is assessed by at least "
             "two quiz items; the pre-test and post-test sample them.", ""]
    for e in content.curriculum.modules:
        mc = content.module(e.slug)
        lines += [f"## Module {int(e.slug[:2])}: {e.title} ({e.minutes} minutes)", ""]
        for o in mc.module.objectives:
            n = sum(it.objective == o.id for it in mc.quiz.items)
            lines.append(f"- **{o.id}**: {o.text} ({n} quiz items)")
        lines.append("")
    return "\n".join(lines)
