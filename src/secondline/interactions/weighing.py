"""Weighing logic: which factors were rated highest, and which of them each path lines up with. Never a recommendation.

Every path is always listed, in the order the content gives, and none is ranked, scored or called best: the
reflection only names which of the learner's top factors each path fits, then gives the exercise's closing text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..models import DecisionPath, Factor, WeighingExercise


LOW, HIGH, START = 0, 4, 2

# A slider's level in words (index = rating); the static view shows the same words and uses them as aria-valuetext.
LEVELS = ("does not matter", "matters a little", "matters somewhat", "matters a lot", "matters very much")

TOP = "What you rated as mattering most here:"
FITS = "Lines up with what matters most here:"
NO_FIT = "Does not line up directly with the factors you rated highest. It may still fit other things the patient values."
ALL_EQUAL = ("You gave every factor the same weight, so every path lines up with something. Move the sliders "
             "to show what matters more and what matters less, then reflect again.")
NOT_A_RANKING = ("This is not a recommendation, and no path is ranked. A path that lines up with more factors is "
                 "not a better path: one thing that matters very much can outweigh several others.")
COMPARE_INTRO = ("Here is someone who weighs the same factors the other way round: what you rated as mattering "
                 "least matters most to them. The same facts line up with different paths, and both sets of values "
                 "are reasonable.")
COMPARE_SAME = ("The other way round looks the same as your values, because every factor has the same weight. Move "
                "the sliders to show what matters more and what matters less, then compare again.")
YOURS, THEIRS = "As you rated it", "Weighed the other way round"


def level(rating: int) -> str:
    return LEVELS[rating]


@dataclass(frozen=True)
class PathReflection:
    path: DecisionPath
    matches: tuple[Factor, ...]  # the learner's top factors this path fits, in the exercise's factor order

    @property
    def lines_up(self) -> bool:
        return bool(self.matches)

    def text(self) -> str:
        if not self.matches:
            return f"{self.path.label}: {NO_FIT}"
        return f"{self.path.label}: {FITS} {', '.join(f.label for f in self.matches)}."


@dataclass(frozen=True)
class Reflection:
    exercise_id: str
    ratings: dict[str, int]
    top: tuple[Factor, ...]
    paths: tuple[PathReflection, ...]  # every path, always, in content order
    closing: str

    @property
    def all_equal(self) -> bool:
        return len(set(self.ratings.values())) == 1

    def text(self) -> str:
        lines = [f"{TOP} {', '.join(f'{f.label} ({level(self.ratings[f.id])})' for f in self.top)}."]
        if self.all_equal:
            lines.append(ALL_EQUAL)
        lines += [p.text() for p in self.paths]
        lines += [NOT_A_RANKING, self.closing]
        return "\n".join(lines)


def validate(ex: WeighingExercise, ratings: Mapping[str, int]) -> dict[str, int]:
    """The ratings for every factor of `ex`, in factor order; unknown factors and levels outside 0-4 are errors."""
    ids = [f.id for f in ex.factors]
    unknown = sorted(set(ratings) - set(ids))
    if unknown:
        raise ValueError(f"exercise {ex.id} has no factor {', '.join(repr(u) for u in unknown)} (factors: {', '.join(ids)})")
    missing = [i for i in ids if i not in ratings]
    if missing:
        raise ValueError(f"rate every factor of {ex.id}; missing: {', '.join(missing)}")
    out = {}
    for fid in ids:
        r = ratings[fid]
        if isinstance(r, bool) or not isinstance(r, int) or not LOW <= r <= HIGH:
            raise ValueError(f"factor '{fid}' must be rated with a whole number from {LOW} to {HIGH}, not {r!r}")
        out[fid] = r
    return out


def top_factors(ex: WeighingExercise, ratings: Mapping[str, int]) -> tuple[Factor, ...]:
    """The factors rated highest (all that share the highest rating), in the exercise's factor order."""
    ratings = validate(ex, ratings)
    best = max(ratings.values())
    return tuple(f for f in ex.factors if ratings[f.id] == best)


def reflect(ex: WeighingExercise, ratings: Mapping[str, int]) -> Reflection:
    """Name the top factors and, for EVERY path, which of them it fits. Nothing here ranks or recommends a path."""
    ratings = validate(ex, ratings)
    top = top_factors(ex, ratings)
    paths = tuple(PathReflection(p, tuple(f for f in top if f.id in p.fits)) for p in ex.paths)
    return Reflection(ex.id, ratings, top, paths, ex.closing)


def inverted(ratings: Mapping[str, int]) -> dict[str, int]:
    """Someone who weighs things the other way round: what mattered most to the learner matters least to them."""
    return {fid: HIGH - r for fid, r in ratings.items()}


@dataclass(frozen=True)
class Comparison:
    mine: Reflection
    theirs: Reflection

    @property
    def same(self) -> bool:
        return [p.matches for p in self.mine.paths] == [p.matches for p in self.theirs.paths]

    @property
    def rows(self) -> list[tuple[DecisionPath, tuple[Factor, ...], tuple[Factor, ...]]]:
        """(path, factors it fits for the learner, factors it fits for the other person): every path, in order."""
        return [(a.path, a.matches, b.matches) for a, b in zip(self.mine.paths, self.theirs.paths, strict=True)]


def compare(ex: WeighingExercise, ratings: Mapping[str, int], other: Mapping[str, int] | None = None) -> Comparison:
    """Two sets of values side by side (by default the learner's and their inverse): different, reasonable paths."""
    ratings = validate(ex, ratings)
    return Comparison(reflect(ex, ratings), reflect(ex, inverted(ratings) if other is None else other))
