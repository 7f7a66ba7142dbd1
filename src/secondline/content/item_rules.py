"""The measurable item-writing rules (issue 13): length and position are no cue, and most items ask for judgement.

Pure functions over quiz items (models or snapshot records alike), so tests, the built guide and an author's
terminal print the same figures. The rules themselves, and how to meet them, are in educator_guide/item-writing.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .course import Content

LEVELS = ("remember", "understand", "apply", "analyse", "evaluate")
HIGH_LEVELS = ("apply", "analyse", "evaluate")  # scenarios that ask what to say or do, or which is better and why

# The rules over the whole bank (module quizzes and the knowledge check together).
MAX_BEST_LONGEST = 0.40  # share of items whose best option is the longest (a tie for longest counts)
MAX_LENGTH_GAP = 0.15  # mean length of best options within 15% of the mean length of the other options
# Each position's share of the best option: A, B and C over the items with 3 or 4 options, D over the items with 4
# (the only ones that have a D; counting D over 3-option items too would make it fail whatever authors did).
POSITION_SHARE = (0.15, 0.45)
MIN_HIGH_LEVEL = 0.60  # share of items at apply, analyse or evaluate


def length(text: str) -> int:
    """An option's length in characters, with runs of white space counted as one space."""
    return len(" ".join(text.split()))


@dataclass(frozen=True)
class Figures:
    """What the rules measure, for one group of items."""

    items: int = 0
    best_longest: int = 0  # items whose best option is the longest (ties count)
    best_chars: int = 0  # characters of all best options
    other_chars: int = 0  # characters of all other options
    others: int = 0  # how many other options
    positions: Counter = field(default_factory=Counter)  # 0-based position of the best option -> items (3-4 options)
    positioned: int = 0  # items with 3 or 4 options
    fours: int = 0  # items with 4 options
    levels: Counter = field(default_factory=Counter)  # level (None when missing) -> items

    @property
    def best_longest_share(self) -> float:
        return self.best_longest / self.items if self.items else 0.0

    @property
    def best_mean(self) -> float:
        return self.best_chars / self.items if self.items else 0.0

    @property
    def other_mean(self) -> float:
        return self.other_chars / self.others if self.others else 0.0

    @property
    def length_gap(self) -> float:
        """Mean best length over mean other length, minus 1: +0.30 means best options are 30% longer."""
        return self.best_mean / self.other_mean - 1 if self.other_mean else 0.0

    def position_shares(self) -> dict[int, float]:
        """Position (0-based) -> share of the items that have it (among items with 3-4 options) holding the best."""
        if not self.positioned:
            return {}
        out = {p: self.positions[p] / self.positioned for p in range(3)}
        if self.fours:
            out[3] = self.positions[3] / self.fours
        return out

    def position_count(self, p: int) -> int:
        """How many items (with 3-4 options) have position p."""
        return self.fours if p == 3 else self.positioned

    @property
    def unlevelled(self) -> int:
        return self.levels[None]

    @property
    def high_level_share(self) -> float:
        return sum(self.levels[k] for k in HIGH_LEVELS) / self.items if self.items else 0.0


def measure(items: Iterable) -> Figures:
    """The figures for a group of quiz items (each with .options[].text/.verdict and an optional .level)."""
    n = longest = best_chars = other_chars = others = positioned = fours = 0
    positions: Counter = Counter()
    levels: Counter = Counter()
    for it in items:
        lens = [length(o.text) for o in it.options]
        best = next(i for i, o in enumerate(it.options) if o.verdict == "best")
        n += 1
        longest += lens[best] == max(lens)
        best_chars += lens[best]
        other_chars += sum(lens) - lens[best]
        others += len(lens) - 1
        if 3 <= len(lens) <= 4:
            positions[best] += 1
            positioned += 1
            fours += len(lens) == 4
        levels[getattr(it, "level", None)] += 1
    return Figures(n, longest, best_chars, other_chars, others, positions, positioned, fours, levels)


def problems(f: Figures) -> list[str]:
    """Each rule the figures break, in words with the figure and the limit; empty when all are met."""
    out = []
    if f.best_longest_share > MAX_BEST_LONGEST:
        out.append(f"the best option is the longest in {f.best_longest} of {f.items} items "
                   f"({f.best_longest_share:.0%}; at most {MAX_BEST_LONGEST:.0%})")
    if abs(f.length_gap) > MAX_LENGTH_GAP:
        out.append(f"best options average {f.best_mean:.0f} characters and the others {f.other_mean:.0f} "
                   f"({f.length_gap:+.0%}; within ±{MAX_LENGTH_GAP:.0%})")
    low, high = POSITION_SHARE
    for p, share in f.position_shares().items():
        if not low <= share <= high:
            out.append(f"position {'ABCD'[p]} holds the best option in {f.positions[p]} of the {f.position_count(p)} "
                       f"items that have it ({share:.0%}; {low:.0%} to {high:.0%})")
    if f.unlevelled:
        out.append(f"{f.unlevelled} of {f.items} items have no level")
    if f.high_level_share < MIN_HIGH_LEVEL:
        high_n = sum(f.levels[k] for k in HIGH_LEVELS)
        out.append(f"{high_n} of {f.items} items are at apply or above ({f.high_level_share:.0%}; at least "
                   f"{MIN_HIGH_LEVEL:.0%})")
    return out


def bank(content: Content) -> dict[str, list]:
    """The whole bank by group: each module's prefix -> its quiz items, and "knowledge check" -> the forms' items."""
    out: dict[str, list] = {mc.module.prefix: list(mc.quiz.items) for mc in content.modules.values()}
    kc = content.knowledge_check
    if kc is not None and kc.items:
        out["knowledge check"] = list(kc.items)
    return out


def summary_line(name: str, f: Figures) -> str:
    pos = ", ".join(f"{'ABCD'[p]} {s:.0%}" for p, s in f.position_shares().items())
    high = sum(f.levels[k] for k in HIGH_LEVELS)
    return (f"{name}: {f.items} items; best is longest in {f.best_longest} ({f.best_longest_share:.0%}); best "
            f"{f.best_mean:.0f} vs other {f.other_mean:.0f} characters ({f.length_gap:+.0%}); best by position "
            f"{pos or 'none'}; apply or above {high} ({f.high_level_share:.0%}); no level {f.unlevelled}")


def report(content: Content) -> str:
    """The figures per group and over the whole bank, and the rules the bank breaks (plain text)."""
    groups = bank(content)
    lines = [summary_line(name, measure(items)) for name, items in groups.items()]
    whole = measure(it for items in groups.values() for it in items)
    lines.append(summary_line("whole bank", whole))
    broken = problems(whole)
    lines.append("Rules met." if not broken else "Rules broken: " + "; ".join(broken) + ".")
    return "\n".join(lines)


def markdown(content: Content) -> str:
    """The figures as a page of the built guide (evaluation/item-figures.md)."""
    groups = bank(content)
    rows = [(name, measure(items)) for name, items in groups.items()]
    whole = measure(it for items in groups.values() for it in items)
    rows.append(("**whole bank**", whole))
    lines = ["# Item-writing figures", "",
             "Generated from the quiz items of every module and the knowledge check. The rules are in "
             "[writing quiz items](../item-writing.md); a test holds the whole bank to them.", "",
             "| Group | Items | Best is longest | Best vs other length (characters) | Best by position | Apply or above "
             "| No level |", "|---|---|---|---|---|---|---|"]
    for name, f in rows:
        pos = ", ".join(f"{'ABCD'[p]} {x:.0%}" for p, x in f.position_shares().items()) or "—"
        high = sum(f.levels[k] for k in HIGH_LEVELS)
        lines.append(f"| {name} | {f.items} | {f.best_longest} ({f.best_longest_share:.0%}) | {f.best_mean:.0f} vs "
                     f"{f.other_mean:.0f} ({f.length_gap:+.0%}) | {pos} | {high} ({f.high_level_share:.0%}) | "
                     f"{f.unlevelled} |")
    broken = problems(whole)
    lines += ["", "Every rule is met." if not broken else "Rules the bank breaks today: " + "; ".join(broken) + "."]
    return "\n".join(lines) + "\n"


def main() -> int:
    """`python -m secondline.content.item_rules`: print the figures; exit 1 when the whole bank breaks a rule."""
    from .load import load

    content = load()
    print(report(content))
    return 1 if problems(measure(it for items in bank(content).values() for it in items)) else 0


if __name__ == "__main__":
    raise SystemExit(main())
