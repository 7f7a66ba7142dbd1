"""Static view of the trial-search practice: labelled filters over pre-rendered fictional record cards (trials.js)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..logic.trials import (
    DEFAULT_FIELDS,
    KEYWORD_CAVEAT,
    NOT_ELIGIBILITY,
    PHASE_LABELS,
    PHASES,
    PRIOR_LABELS,
    PRIOR_RULES,
    PRIOR_TERMS,
    PRIORS,
    SEARCH_ID,
    TrialFilters,
    condition_reason,
    conditions_in,
    count_text,
    ctgov_query_url,
    filtered_out_text,
    fits_prior,
    phase_label,
    phase_reason,
    prior_reason,
    search_url,
    status_label,
    status_reason,
    url_part,
    url_parts,
    why_not,
)
from . import esc, runtime_tags

if TYPE_CHECKING:
    from ...content.schema import TrialRecord

FICTIONAL_BADGE = '<p class="sl-fictional"><span class="sl-icon" aria-hidden="true">⚠</span>FICTIONAL practice record</p>'
FICTIONAL_NOTE = ("Every record here is FICTIONAL, made up for practice. None of these trials, drugs or places exists, "
                  "and the NCT9… numbers are not real registry numbers.")
ANY = {"condition": "Any condition", "phase": "Any phase", "prior": "Not set (show all)"}


def eligibility_html(text: str) -> str:
    """Free-text criteria as the registry shows them: 'Inclusion Criteria:' headings, '- ' lines as a list."""
    out, items = [], []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith(("- ", "* ")):
            items.append(f"<li>{esc(line[2:].strip())}</li>")
            continue
        if items:
            out.append(f"<ul>{''.join(items)}</ul>")
            items = []
        if line.endswith(":"):
            out.append(f'<p class="sl-elig-head">{esc(line)}</p>')
        elif line:
            out.append(f"<p>{esc(line)}</p>")
    if items:
        out.append(f"<ul>{''.join(items)}</ul>")
    return "".join(out)


def _ok(values: Iterable[str]) -> str:
    """The values a card passes, as '|a|b|' so trials.js can test '|value|' without parsing."""
    return "|" + "|".join(v.replace("|", "/") for v in values) + "|"


def _why_templates(t: TrialRecord) -> str:
    reasons = {"condition": condition_reason(t), "phase": phase_reason(t), "recruiting_only": status_reason(t),
               "prior": prior_reason(t)}
    return "".join(f'<template data-sl-why="{k}"><li>{esc(v)}</li></template>' for k, v in reasons.items() if v)


def card_html(t: TrialRecord, reasons: Sequence[str] = (), templates: bool = False,
              canon: dict[str, str] | None = None) -> str:
    """One record as a card: badge in words, NCT id, title, facts, eligibility text in <details>, locations.

    `reasons` (from why_not) fill the 'filtered out because' list; `templates` adds what trials.js needs;
    `canon` maps a lower-cased condition to the spelling the Condition menu uses.
    """
    canon = canon or {}
    hid = f"sl-trial-{t.id}"
    attrs = (f' data-sl-trial="{esc(t.id)}" data-sl-ok-condition="{esc(_ok(canon.get(c.lower(), c) for c in t.conditions))}"'
             f' data-sl-ok-phase="{esc(_ok(t.phase))}" data-sl-ok-recruiting_only="{_ok(["on"] if t.status == "RECRUITING" else [])}"'
             f' data-sl-ok-prior="{_ok(p for p in PRIORS if fits_prior(t, p))}"')
    places = "".join(f"<li>{esc(loc.facility)}, {esc(loc.city)}, {esc(loc.state)}</li>" for loc in t.locations)
    facts = (("Phase", esc(phase_label(t.phase))), ("Status", esc(status_label(t.status))),
             ("Minimum age", f"{t.min_age} years"), ("Conditions", esc(", ".join(t.conditions))),
             ("Locations", f'<ul class="sl-trial-places">{places}</ul>'))
    wide = ' class="sl-wide"'
    dl = "".join(f"<div{wide if k in ('Conditions', 'Locations') else ''}><dt>{k}</dt><dd>{v}</dd></div>"
                 for k, v in facts)
    why = "".join(f"<li>{esc(r)}</li>" for r in reasons)
    return (
        f'<li class="sl-trial"{attrs}><article aria-labelledby="{hid}">{FICTIONAL_BADGE}'
        f'<h4 class="sl-trial-title" id="{hid}"><span class="sl-nct">{esc(t.nct_id)}</span> {esc(t.title)}</h4>'
        f'<div class="sl-why"{"" if reasons else " hidden"}><p class="sl-why-head">'
        f'<span class="sl-icon" aria-hidden="true">✖</span>Filtered out because:</p><ul>{why}</ul></div>'
        f'<dl class="sl-trial-facts">{dl}</dl>'
        f'<details class="sl-eligibility"><summary>Eligibility criteria, as the study wrote them</summary>'
        f'<div class="sl-elig">{eligibility_html(t.eligibility)}</div></details>'
        f"{_why_templates(t) if templates else ''}</article></li>"
    )


def results_html(trials: Sequence[TrialRecord], filters: TrialFilters | None = None) -> str:
    """Matching cards, then the filtered-out ones with their reasons (folded), for the live view."""
    f = TrialFilters.of(filters)
    matched = [t for t in trials if not why_not(t, f)]
    out = [(t, why_not(t, f)) for t in trials if why_not(t, f)]
    html = f'<ul class="sl-trial-list sl-matches" role="list">{"".join(card_html(t) for t in matched)}</ul>'
    if out:
        html += (f'<details class="sl-filtered-out"><summary>{esc(filtered_out_text(len(out)))}</summary>'
                 f'<ul class="sl-trial-list sl-out" role="list">{"".join(card_html(t, r) for t, r in out)}</ul></details>')
    return html


def api_html(url: str, attrs: str = "") -> str:
    """The equivalent real search, shown as text to copy (never fetched), with the two warnings that go with it."""
    return (
        '<div class="sl-api"><p class="sl-api-head">To run this search for real, open ClinicalTrials.gov and choose '
        "the same condition, phase and status there. For a trial office or IT team, here is the same search written "
        "as the registry's data address (text to copy; nothing is fetched):</p>"
        f'<p><code class="sl-url"{attrs}>{esc(url)}</code></p>'
        f'<p class="sl-api-note">{esc(KEYWORD_CAVEAT)}</p>'
        f'<p class="sl-not-eligibility"><span class="sl-icon" aria-hidden="true">⚠</span>{esc(NOT_ELIGIBILITY)}</p></div>'
    )


def _select(uid: str, name: str, label: str, options: list[tuple[str, str, str]]) -> str:
    """A labelled <select>; each option carries its pre-encoded URL piece (data-sl-part)."""
    opts = "".join(f'<option value="{esc(v)}" data-sl-part="{esc(part)}">{esc(text)}</option>' for v, text, part in options)
    return (f'<div class="sl-field"><label for="{uid}-{name}">{esc(label)}</label>'
            f'<select id="{uid}-{name}" data-sl-filter="{name}">{opts}</select></div>')


def render(trials: Sequence[TrialRecord], runtime: bool = True) -> str:
    uid = f"sl-{SEARCH_ID}"
    total = len(trials)
    conditions = [("", ANY["condition"], "")] + [(c, c, url_part("query.cond", c)) for c in conditions_in(trials)]
    canon = {c.lower(): c for c in conditions_in(trials)}
    phases = [("", ANY["phase"], "")] + [(p, PHASE_LABELS[p], url_part("filter.advanced", f"AREA[Phase]{p}"))
                                         for p in PHASES]
    priors = [("", ANY["prior"], "")] + [(p, PRIOR_LABELS[p], url_part("query.term", PRIOR_TERMS[p])) for p in PRIORS]
    # trials.js joins the chosen pieces in the order ctgov_query_url uses, then the fixed tail.
    pieces = dict(url_parts(fields=",".join(DEFAULT_FIELDS)))
    tail = "&".join(url_part(k, pieces[k]) for k in ("fields", "pageSize"))
    base = ctgov_query_url().split("?")[0] + "?"
    url_attrs = f' data-sl-base="{esc(base)}" data-sl-tail="{esc(tail)}" data-sl-order="condition prior recruiting_only phase"'
    counts = "".join(f'<template data-sl-count="{n}">{esc(count_text(n, total))}</template>'
                     f'<template data-sl-out="{n}">{esc(filtered_out_text(n))}</template>' for n in range(total + 1))
    key = "".join(f"<tr><th scope=\"row\">{esc(t.nct_id)}</th><td>{esc(t.title)}</td>"
                  f"<td>{esc(PRIOR_RULES[t.prior_treatment])}</td></tr>" for t in trials)
    return (
        f'<section class="sl sl-trials" data-sl-kind="trials" data-sl-id="{SEARCH_ID}" aria-labelledby="{uid}-head">'
        f'<h3 class="sl-trials-head" id="{uid}-head">Practice: search fictional trial records</h3>'
        f'<p class="sl-fictional-note"><span class="sl-icon" aria-hidden="true">⚠</span>{esc(FICTIONAL_NOTE)}</p>'
        f'<form class="sl-trial-form" onsubmit="return false"><fieldset><legend>Filter the practice records</legend>'
        f'{_select(uid, "condition", "Condition", conditions)}{_select(uid, "phase", "Phase", phases)}'
        f'<div class="sl-field sl-check"><input type="checkbox" id="{uid}-recruiting" value="on" data-sl-filter="recruiting_only"'
        f' data-sl-part="{esc(url_part("filter.overallStatus", "RECRUITING"))}">'
        f'<label for="{uid}-recruiting">Recruiting now only</label></div>'
        f'{_select(uid, "prior", "Your fictional patient", priors)}</fieldset>'
        f'<button type="button" class="sl-button" data-sl-action="trials-search">Search practice records</button></form>'
        f'<p class="sl-feedback sl-trial-count" role="status" aria-live="polite">{esc(count_text(total, total))}</p>'
        f"{api_html(search_url(None), url_attrs)}"
        f'<ul class="sl-trial-list sl-matches" role="list">{"".join(card_html(t, templates=True, canon=canon) for t in trials)}</ul>'
        f'<details class="sl-filtered-out" hidden><summary></summary><ul class="sl-trial-list sl-out" role="list"></ul></details>'
        f"{counts}"
        f"<details><summary>Check your reading: each record's rule on earlier treatment</summary>"
        f'<table class="sl-key-table"><thead><tr><th scope="col">Record</th><th scope="col">Title</th>'
        f'<th scope="col">Earlier treatment</th></tr></thead><tbody>{key}</tbody></table></details>'
        f"</section>" + (runtime_tags() if runtime else "")
    )
