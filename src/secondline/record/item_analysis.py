"""Item analysis for program managers (issue 13): how hard each question was, how well it told stronger learners from
weaker ones, how often each option was chosen, and which items need a look. Pure functions: no files, no plots
(report.py draws and writes them).

- Difficulty: the share of learners who chose the best option on their FIRST attempt (later tries come after
  feedback, so they measure something else).
- Discrimination: the point-biserial correlation between getting the item right and the rest-score (the share
  right of the learner's other first answers in the same group, this item left out, so it does not correlate with
  itself).
- Groups: the module quizzes together, and each knowledge-check form on each occasion (form A before the course is
  one test, form A after it another).
How to read the figures and what to do with a flagged item: educator_guide/item-analysis.md.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..content.course import Content
    from .format import Record

TOO_EASY = 0.9  # difficulty above this: nearly everyone gets it
TOO_HARD = 0.2  # difficulty below this: nearly nobody does
LOW_DISCRIMINATION = 0.2  # point-biserial below this
UNSAFE_PICKED = 0.3  # an unsafe option chosen by more than this share
MIN_LEARNERS = 10  # fewer first answers than this: figures are shown, but nothing is flagged
LETTERS = "ABCDEFGH"

FLAG_WORDS = {
    "too-easy": f"too easy (over {TOO_EASY:.0%} right)",
    "too-hard": f"too hard (under {TOO_HARD:.0%} right)",
    "low-discrimination": f"discriminates poorly (under {LOW_DISCRIMINATION})",
    "option-never-chosen": "an option nobody chose",
    "unsafe-popular": f"an unsafe option chosen by over {UNSAFE_PICKED:.0%}",
}


@dataclass(frozen=True)
class ItemStat:
    group: str
    item: str
    objective: str
    objective_text: str
    prompt: str
    level: str | None
    verdicts: tuple[str, ...]  # each option's verdict, in order
    learners: int  # first answers
    counts: tuple[int, ...]  # first answers per option
    difficulty: float | None  # share choosing the best option
    discrimination: float | None  # point-biserial with the rest-score; None when undefined
    flags: tuple[str, ...]  # keys of FLAG_WORDS, with the options concerned in never_chosen / unsafe_popular
    never_chosen: tuple[int, ...] = ()
    unsafe_popular: tuple[int, ...] = ()

    def shares(self) -> tuple[float, ...]:
        return tuple(c / self.learners if self.learners else 0.0 for c in self.counts)

    def flag_text(self) -> str:
        out = []
        for f in self.flags:
            words = FLAG_WORDS[f]
            if f == "option-never-chosen":
                words += f" ({', '.join(LETTERS[i] for i in self.never_chosen)})"
            if f == "unsafe-popular":
                words += f" ({', '.join(LETTERS[i] for i in self.unsafe_popular)})"
            out.append(words)
        return "; ".join(out)

    def choices_text(self) -> str:
        """'A best 40%, B unsafe 35%, C acceptable 25%'."""
        return ", ".join(f"{LETTERS[i]} {v} {s:.0%}" for i, (v, s) in enumerate(zip(self.verdicts, self.shares(),
                                                                                      strict=True)))


def point_biserial(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r between a 0/1 variable and a score (the point-biserial); None when either does not vary."""
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx, syy = sum((x - mx) ** 2 for x in xs), sum((y - my) ** 2 for y in ys)
    if sxx <= 0 or syy <= 1e-12:
        return None
    return sxy / math.sqrt(sxx * syy)


def analyse(responses: Mapping[str, Mapping[str, int]], items: Sequence, group: str = "",
            objective_texts: Mapping[str, str] | None = None) -> list[ItemStat]:
    """Item statistics for one group of items (a test), from each learner's first choice per item.

    responses: learner -> {item id: option chosen (0-based)}; answers to items not in `items` are ignored."""
    texts = objective_texts or {}
    ids = {it.id for it in items}
    best = {it.id: it.best_index for it in items}
    right: dict[str, dict[str, int]] = {}  # learner -> item -> 1/0
    for learner, answers in responses.items():
        mine = {i: int(c == best[i]) for i, c in answers.items() if i in ids and c is not None}
        if mine:
            right[learner] = mine
    out = []
    for it in items:
        counts = [0] * len(it.options)
        xs, ys = [], []
        for learner, mine in right.items():
            if it.id not in mine:
                continue
            choice = responses[learner][it.id]
            if 0 <= choice < len(counts):
                counts[choice] += 1
            others = [v for k, v in mine.items() if k != it.id]
            if others:
                xs.append(mine[it.id])
                ys.append(sum(others) / len(others))
        n = sum(counts)
        p = counts[it.best_index] / n if n else None
        r = point_biserial(xs, ys)
        flags, never, unsafe = [], (), ()
        if n >= MIN_LEARNERS:
            if p is not None and p > TOO_EASY:
                flags.append("too-easy")
            if p is not None and p < TOO_HARD:
                flags.append("too-hard")
            if r is not None and r < LOW_DISCRIMINATION:  # undefined when all or none are right: see difficulty
                flags.append("low-discrimination")
            never = tuple(i for i, c in enumerate(counts) if c == 0)
            if never:
                flags.append("option-never-chosen")
            unsafe = tuple(i for i, (o, c) in enumerate(zip(it.options, counts, strict=True))
                           if o.verdict == "unsafe" and c / n > UNSAFE_PICKED)
            if unsafe:
                flags.append("unsafe-popular")
        out.append(ItemStat(group, it.id, it.objective, texts.get(it.objective, it.objective), it.prompt,
                            getattr(it, "level", None), tuple(o.verdict for o in it.options), n, tuple(counts),
                            None if p is None else round(p, 3), None if r is None else round(r, 3), tuple(flags),
                            never, unsafe))
    return out


def cohort_responses(records: Iterable[Record], content: Content) -> dict[str, dict[str, dict[str, int]]]:
    """Group name -> learner -> {item id: first choice}: module quizzes from each learner's first attempt per item,
    knowledge-check forms from each learner's first test on each occasion (records of the first version's forms
    carry no item answers, so they add nothing here)."""
    groups: dict[str, dict[str, dict[str, int]]] = {"Module quizzes": {}}
    for n, rec in enumerate(records):
        learner = str(n)
        firsts = {i: a.choice for i, a in rec.first_attempts("quiz").items()}
        if firsts:
            groups["Module quizzes"][learner] = firsts
        for occasion, words in (("pre", "before the course"), ("post", "after the course")):
            t = rec.first_test(occasion)
            if t is None or t.variant is None or not t.answers:
                continue
            answers = {i: c for i, c in t.answers.items() if c is not None}
            groups.setdefault(f"Form {t.variant.upper()}, {words}", {})[learner] = answers
    return groups


def analyse_cohort(records: Iterable[Record], content: Content) -> list[ItemStat]:
    """Every item that some learner answered, by group (module quizzes, then each knowledge-check form)."""
    texts = {o.id: o.text for mc in content.modules.values() for o in mc.module.objectives}
    module_items = list(content.items())
    kc = content.knowledge_check
    kc_items = {it.id: it for it in kc.items} if kc is not None else {}
    out: list[ItemStat] = []
    for group, responses in sorted(cohort_responses(list(records), content).items(),
                                   key=lambda g: (g[0] != "Module quizzes", g[0])):
        if group == "Module quizzes":
            items = module_items
        else:
            form = kc.form(group.split(",")[0].removeprefix("Form ").lower())
            items = [kc_items[i] for i in form.items]
        answered = {i for a in responses.values() for i in a}
        out += [s for s in analyse(responses, [it for it in items if it.id in answered], group, texts)]
    return out


CSV_COLUMNS = ("group", "item", "objective", "objective_text", "level", "prompt", "learners", "difficulty",
               "discrimination", "choices", "flags")


def _cell(value) -> str:
    """A CSV cell; text that a spreadsheet would run as a formula (=, +, -, @) is prefixed with an apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not _number(text) else text


def _number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def to_csv(stats: Iterable[ItemStat]) -> str:
    """One row per item, for the team that revises items (UTF-8; open it in any spreadsheet)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for s in stats:
        w.writerow([_cell(x) for x in (s.group, s.item, s.objective, s.objective_text, s.level or "", s.prompt,
                                       s.learners, s.difficulty, s.discrimination, s.choices_text(),
                                       s.flag_text())])
    return buf.getvalue()
