"""Static view of a weighing exercise: labelled range inputs; weighing.js composes the reflection from fragments.

Python renders every sentence. The reflection and comparison are rendered here as skeletons holding both
variants of each part (one hidden), and weighing.js only fills factor names into lists and shows or hides
parts, so the live and static views say exactly the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..interactions.weighing import (
    ALL_EQUAL,
    COMPARE_INTRO,
    COMPARE_SAME,
    FITS,
    HIGH,
    LEVELS,
    LOW,
    NO_FIT,
    NOT_A_RANKING,
    START,
    THEIRS,
    TOP,
    YOURS,
    Comparison,
    Reflection,
    level,
)
from . import esc, runtime_tags

if TYPE_CHECKING:
    from ..models import Factor, WeighingExercise

NO_MATCH = "No direct match with the factors rated highest"
PATHS_HEAD = "The paths being weighed"
MOST = "Matters most"
FACTORS_LEGEND = "How much does each of these matter to the patient?"


def _hidden(flag: bool) -> str:
    return " hidden" if flag else ""


def factor_items(factors: Iterable[Factor], ratings: dict[str, int] | None = None) -> str:
    """List items naming factors (with the level in words when ratings are given)."""
    out = ""
    for f in factors:
        lvl = f' <span class="sl-w-level">({esc(level(ratings[f.id]))})</span>' if ratings else ""
        out += f'<li data-sl-factor="{esc(f.id)}">{esc(f.label)}{lvl}</li>'
    return out


def reflection_html(ex: WeighingExercise, r: Reflection | None = None) -> str:
    """The reflection: top factors, then EVERY path with the top factors it fits, the caution and the closing.

    With r=None it is the empty skeleton that weighing.js fills in the browser.
    """
    by_path = {p.path.id: p for p in r.paths} if r else {}
    paths = ""
    for p in ex.paths:
        pr = by_path.get(p.id)
        matches = pr.matches if pr else ()
        paths += (f'<li class="sl-w-path" data-sl-path="{esc(p.id)}" data-sl-fits="{esc(" ".join(p.fits))}">'
                  f'<p class="sl-w-path-label">{esc(p.label)}</p>'
                  f'<div class="sl-w-fit"{_hidden(bool(r) and not matches)}><p>{esc(FITS)}</p>'
                  f'<ul data-sl-slot="matches">{factor_items(matches)}</ul></div>'
                  f'<p class="sl-w-nofit"{_hidden(not r or bool(matches))}>{esc(NO_FIT)}</p></li>')
    return (f'<div class="sl-verdict sl-w-reflection">'
            f'<p class="sl-verdict-head">{esc(TOP)}</p>'
            f'<ul class="sl-w-top" data-sl-slot="top">{factor_items(r.top, r.ratings) if r else ""}</ul>'
            f'<p class="sl-w-note sl-w-all-equal"{_hidden(not (r and r.all_equal))}>{esc(ALL_EQUAL)}</p>'
            f'<ul class="sl-w-paths">{paths}</ul>'
            f'<p class="sl-w-note">{esc(NOT_A_RANKING)}</p>'
            f'<p class="sl-w-closing">{esc(ex.closing)}</p></div>')


def _cell(which: str, matches: tuple[Factor, ...], filled: bool) -> str:
    return (f'<td data-sl-side="{which}"><ul data-sl-slot="matches">{factor_items(matches)}</ul>'
            f'<span class="sl-w-none"{_hidden(not filled or bool(matches))}>{esc(NO_MATCH)}</span></td>')


def comparison_html(ex: WeighingExercise, c: Comparison | None = None) -> str:
    """Every path, side by side for the learner's values and the other way round. No path is ranked."""
    rows = ""
    by_path = {p.id: (a, b) for p, a, b in c.rows} if c else {}
    for p in ex.paths:
        a, b = by_path.get(p.id, ((), ()))
        rows += (f'<tr data-sl-path="{esc(p.id)}" data-sl-fits="{esc(" ".join(p.fits))}">'
                 f'<th scope="row">{esc(p.label)}</th>{_cell("mine", a, bool(c))}{_cell("theirs", b, bool(c))}</tr>')
    top_mine = factor_items(c.mine.top, c.mine.ratings) if c else ""
    top_theirs = factor_items(c.theirs.top, c.theirs.ratings) if c else ""
    same = bool(c) and c.mine.all_equal
    return (f'<div class="sl-verdict sl-w-compare">'
            f'<p class="sl-w-compare-intro"{_hidden(same)}>{esc(COMPARE_INTRO)}</p>'
            f'<p class="sl-w-compare-same"{_hidden(not same)}>{esc(COMPARE_SAME)}</p>'
            f'<table class="sl-w-table"><thead><tr><th scope="col">Path</th><th scope="col">{esc(YOURS)}</th>'
            f'<th scope="col">{esc(THEIRS)}</th></tr></thead><tbody>'
            f'<tr class="sl-w-toprow"><th scope="row">{esc(MOST)}</th>'
            f'<td data-sl-side="mine"><ul data-sl-slot="top">{top_mine}</ul></td>'
            f'<td data-sl-side="theirs"><ul data-sl-slot="top">{top_theirs}</ul></td></tr>'
            f"{rows}</tbody></table>"
            f'<p class="sl-w-note">{esc(NOT_A_RANKING)}</p></div>')


def intro_html(ex: WeighingExercise) -> str:
    """The case and every path with its description, shown before the learner rates anything."""
    paths = "".join(f'<li><p class="sl-w-path-label">{esc(p.label)}</p><p>{esc(p.description)}</p></li>'
                    for p in ex.paths)
    return (f'<p class="sl-prompt sl-w-title">{esc(ex.title)}</p><p class="sl-w-case">{esc(ex.case)}</p>'
            f'<p class="sl-w-head">{esc(PATHS_HEAD)}</p><ul class="sl-w-intro-paths">{paths}</ul>')


def render(ex: WeighingExercise, runtime: bool = True) -> str:
    name = f"sl-{ex.id}"
    sliders = "".join(
        f'<div class="sl-w-factor"><label for="{name}-{f.id}">{esc(f.label)}</label>'
        f'<p class="sl-w-question" id="{name}-{f.id}-q">{esc(f.question)}</p>'
        f'<div class="sl-w-range"><input type="range" id="{name}-{f.id}" data-sl-factor="{f.id}" min="{LOW}" '
        f'max="{HIGH}" step="1" value="{START}" aria-describedby="{name}-{f.id}-q" '
        f'aria-valuetext="{esc(level(START))}">'
        f'<output for="{name}-{f.id}" aria-hidden="true">{esc(level(START))}</output></div></div>'
        for f in ex.factors)
    names = "".join(f'<template data-sl-factor-name="{f.id}">{esc(f.label)}</template>' for f in ex.factors)
    levels = "".join(f'<template data-sl-level="{i}">{esc(t)}</template>' for i, t in enumerate(LEVELS))
    return (
        f'<section class="sl sl-weighing" data-sl-kind="weighing" data-sl-id="{esc(ex.id)}" aria-labelledby="{name}-legend">'
        f"{intro_html(ex)}"
        f'<form onsubmit="return false"><fieldset><legend id="{name}-legend" class="sl-prompt">{esc(FACTORS_LEGEND)}</legend>'
        f"{sliders}</fieldset>"
        f'<button type="button" class="sl-button" data-sl-action="weighing-reflect">Reflect on these values</button>'
        f'<div class="sl-feedback" role="status" aria-live="polite"></div>'
        f'<button type="button" class="sl-button sl-button-secondary" data-sl-action="weighing-compare">'
        f"Compare with someone who weighs things differently</button>"
        f'<div class="sl-feedback sl-w-comparison" role="status" aria-live="polite"></div></form>'
        f'<template class="sl-w-reflection-tpl">{reflection_html(ex)}</template>'
        f'<template class="sl-w-compare-tpl">{comparison_html(ex)}</template>{names}{levels}'
        f'<details><summary>Which factors each path lines up with</summary><ul class="sl-key">'
        + "".join(f"<li><strong>{esc(p.label)}:</strong> {esc(', '.join(_label(ex, x) for x in p.fits))}.</li>"
                  for p in ex.paths)
        + f'</ul><p>{esc(NOT_A_RANKING)}</p><p>{esc(ex.closing)}</p></details>'
        f"</section>" + (runtime_tags() if runtime else "")
    )


def _label(ex: WeighingExercise, fid: str) -> str:
    return next(f.label for f in ex.factors if f.id == fid)
