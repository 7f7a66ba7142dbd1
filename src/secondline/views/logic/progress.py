"""My progress as pure logic: answers per module, pre/post results per objective with normalized gain, confidence."""

from __future__ import annotations

from dataclasses import dataclass

from ...content.course import Content
from ...content.words import N_, _
from ...record.format import Record, TestResult, parse_time
from .knowledge import normalized_gain

PRE_POST = "pre-post"  # the row for knowledge-check answers whose module is not known
# Who makes the certificate and who decides what it counts for: said the same way in My progress, on the
# certificate and in module 10's Completion section (tests/test_report.py checks all three).
CERTIFICATE_SOURCE = N_("My progress makes your certificate from the record on this computer: a module certificate "
                        "for the modules you have completed, and the course certificate once you have completed all "
                        "of them. Your employer or training program decides what counts, such as your post-test "
                        "result or joining a group session, and gives any official record or continuing-education "
                        "credit: this curriculum does not award credit by itself.")


@dataclass(frozen=True)
class ModuleRow:
    slug: str
    title: str
    minutes: int
    attempts: int  # answers given, every try counted
    tried: int  # different questions, cases or sorts answered
    best: int  # of those, how many had a best answer at least once
    completed_on: str | None  # when first marked complete (ISO time)


def item_modules(content: Content) -> dict[str, str]:
    """Every answerable id (quiz item, case, sort) -> its module's slug. Published ids are unique and never change."""
    out: dict[str, str] = {}
    for slug, mc in content.modules.items():
        for it in mc.quiz.items:
            out[it.id] = slug
        for x in (*mc.cases, *mc.sorts):
            out[x.id] = slug
    return out


def objective_texts(content: Content) -> dict[str, str]:
    return {o.id: o.text for mc in content.modules.values() for o in mc.module.objectives}


def objective_modules(content: Content) -> dict[str, str]:
    return {o.id: slug for slug, mc in content.modules.items() for o in mc.module.objectives}


def module_rows(record: Record, content: Content) -> list[ModuleRow]:
    """One row per module of the curriculum, in order (knowledge checks count where they were taken)."""
    where = item_modules(content)
    per: dict[str, list] = {e.slug: [0, set(), set()] for e in content.curriculum.modules}
    for a in record.attempts:
        slug = a.module if a.module in per else where.get(a.id)
        if slug is None:
            continue
        tally = per[slug]
        tally[0] += 1
        tally[1].add((a.kind, a.id))
        if a.verdict == "best" or (a.score is not None and a.score[1] and a.score[0] == a.score[1]):
            tally[2].add((a.kind, a.id))
    return [ModuleRow(e.slug, e.title, e.minutes, per[e.slug][0], len(per[e.slug][1]), len(per[e.slug][2]),
                      e.completed_in(record.completed)) for e in content.curriculum.modules]


def completed_modules(record: Record, content: Content) -> tuple[list, int]:
    """The curriculum entries the learner completed, in course order, and their minutes from curriculum.yml."""
    done = [e for e in content.curriculum.modules if e.completed_in(record.completed)]
    return done, sum(e.minutes for e in done)


def gain(pre: float | None, post: float | None) -> float | None:
    """Normalized gain from two percentages, None when either is missing or the pre-test was already 100%."""
    if pre is None or post is None:
        return None
    return normalized_gain(pre, post)


@dataclass(frozen=True)
class ObjectiveRow:
    objective: str
    text: str
    pre: tuple[int, int] | None  # (correct, asked)
    post: tuple[int, int] | None

    @staticmethod
    def _pct(x: tuple[int, int] | None) -> float | None:
        return round(100 * x[0] / x[1], 1) if x and x[1] else None

    @property
    def pre_percent(self) -> float | None:
        return self._pct(self.pre)

    @property
    def post_percent(self) -> float | None:
        return self._pct(self.post)

    @property
    def gain(self) -> float | None:
        return gain(self.pre_percent, self.post_percent)


@dataclass(frozen=True)
class PrePost:
    pre: TestResult | None
    post: TestResult | None
    rows: list[ObjectiveRow]
    pre_tries: int
    post_tries: int

    @property
    def gain(self) -> float | None:
        return gain(self.pre.percent if self.pre else None, self.post.percent if self.post else None)


def form_objectives(content: Content) -> list[str]:
    """The objectives the pre/post forms assess, in form A's order (forms A and B cover the same ones)."""
    kc = content.knowledge_check
    if kc is None:
        return []
    items = {it.id: it for it in kc.items}
    return list(dict.fromkeys(items[i].objective for i in kc.forms[0].items if i in items))


def pre_post(record: Record, content: Content) -> PrePost:
    """The first pre-test and first post-test, and each objective's result in both."""
    pre, post = record.first_test("pre"), record.first_test("post")
    texts = objective_texts(content)
    order = form_objectives(content)
    for t in (pre, post):
        for oid in t.per_objective if t else ():
            if oid not in order:
                order.append(oid)
    rows = [ObjectiveRow(oid, texts.get(oid, oid), pre.per_objective.get(oid) if pre else None,
                         post.per_objective.get(oid) if post else None) for oid in order]
    if not ((pre and pre.per_objective) or (post and post.per_objective)):
        rows = []
    return PrePost(pre, post, rows, sum(t.form == "pre" for t in record.tests),
                   sum(t.form == "post" for t in record.tests))


@dataclass(frozen=True)
class ConfidenceRow:
    objective: str
    text: str
    module: str | None
    before: int | None
    after: int | None


def confidence_rows(record: Record, content: Content) -> list[ConfidenceRow]:
    """The latest before and after rating of each objective rated, in course order."""
    latest = record.latest_ratings()
    texts, modules = objective_texts(content), objective_modules(content)
    rated = list(dict.fromkeys(oid for oid, _ in latest))
    course = [oid for mc in content.modules.values() for oid in (o.id for o in mc.module.objectives)]
    rated.sort(key=lambda oid: course.index(oid) if oid in course else len(course))
    return [ConfidenceRow(oid, texts.get(oid, oid), modules.get(oid), latest.get((oid, "before")),
                          latest.get((oid, "after"))) for oid in rated]


def day(iso: str) -> str:
    """'2025-03-01T14:30:00Z' -> '1 March 2025' (month names in the language in use, whatever the machine's
    locale: '1 de marzo de 2025')."""
    t = parse_time(iso)
    return _("%(day)s %(month)s %(year)s") % {"day": t.day, "month": _(MONTHS[t.month - 1]), "year": t.year}


MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"), N_("August"),
          N_("September"), N_("October"), N_("November"), N_("December"))
