"""Static view of the trial-search practice: labelled filters over pre-rendered fictional record cards (trials.js)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ...content.words import N_, _
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
from . import esc, lang_attr, runtime_tags

if TYPE_CHECKING:
    from ...content.schema import TrialRecord

# Words shown inside the HTML below (N_ here, so the catalog finds them; _() where shown).
FICTIONAL_PRACTICE_RECORD = N_("FICTIONAL practice record")
FILTERED_OUT_BECAUSE = N_("Filtered out because:")
ELIGIBILITY_CRITERIA_AS_THE = N_("Eligibility criteria, as the study wrote them")
PRACTICE_SEARCH_FICTIONAL_TRIAL = N_("Practice: search fictional trial records")
RECORD = N_("Record")
TITLE = N_("Title")
EARLIER_TREATMENT = N_("Earlier treatment")

FICTIONAL_NOTE = N_("Every record here is FICTIONAL, made up for practice. None of these trials, drugs or places "
                    "exists, and the NCT9… numbers are not real registry numbers.")
ANY = {"condition": N_("Any condition"), "phase": N_("Any phase"), "prior": N_("Not set (show all)")}  # as _(words)


def fictional_badge() -> str:
    return (f'<p class="sl-fictional"><span class="sl-icon" aria-hidden="true">⚠</span>'
            f'{esc(_(FICTIONAL_PRACTICE_RECORD))}</p>')


LEGEND = N_("Filter the practice records")
RECRUITING_ONLY = N_("Recruiting now only")
PATIENT = N_("Your fictional patient")
SEARCH = N_("Search practice records")
KEY_HEAD = N_("Check your reading: each record's rule on earlier treatment")


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
    facts = ((_("Phase"), esc(phase_label(t.phase)), False), (_("Status"), esc(status_label(t.status)), False),
             (_("Minimum age"), esc(_("%(age)s years") % {"age": t.min_age}), False),
             (_("Conditions"), esc(", ".join(t.conditions)), True),
             (_("Locations"), f'<ul class="sl-trial-places">{places}</ul>', True))
    wide = ' class="sl-wide"'
    dl = "".join(f"<div{wide if w else ''}><dt>{esc(k)}</dt><dd>{v}</dd></div>" for k, v, w in facts)
    why = "".join(f"<li>{esc(r)}</li>" for r in reasons)
    return (
        f'<li class="sl-trial"{attrs}><article aria-labelledby="{hid}">{fictional_badge()}'
        f'<h4 class="sl-trial-title" id="{hid}"><span class="sl-nct">{esc(t.nct_id)}</span> {esc(t.title)}</h4>'
        f'<div class="sl-why"{"" if reasons else " hidden"}><p class="sl-why-head">'
        f'<span class="sl-icon" aria-hidden="true">✖</span>{esc(_(FILTERED_OUT_BECAUSE))}</p><ul>{why}</ul></div>'
        f'<dl class="sl-trial-facts">{dl}</dl>'
        f'<details class="sl-eligibility"><summary>{esc(_(ELIGIBILITY_CRITERIA_AS_THE))}</summary>'
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
        f'<div class="sl-api"><p class="sl-api-head">{esc(_(API_HEAD))}</p>'
        f'<p><code class="sl-url"{attrs}>{esc(url)}</code></p>'
        f'<p class="sl-api-note">{esc(_(KEYWORD_CAVEAT))}</p>'
        f'<p class="sl-not-eligibility"><span class="sl-icon" aria-hidden="true">⚠</span>{esc(_(NOT_ELIGIBILITY))}</p></div>'
    )


API_HEAD = N_("To run this search for real, open ClinicalTrials.gov and choose the same condition, phase and status "
              "there. For a trial office or IT team, here is the same search written as the registry's data address "
              "(text to copy; nothing is fetched):")


def _select(uid: str, name: str, label: str, options: list[tuple[str, str, str]]) -> str:
    """A labelled <select>; each option carries its pre-encoded URL piece (data-sl-part)."""
    opts = "".join(f'<option value="{esc(v)}" data-sl-part="{esc(part)}">{esc(text)}</option>' for v, text, part in options)
    return (f'<div class="sl-field"><label for="{uid}-{name}">{esc(label)}</label>'
            f'<select id="{uid}-{name}" data-sl-filter="{name}">{opts}</select></div>')


def render(trials: Sequence[TrialRecord], runtime: bool = True) -> str:
    uid = f"sl-{SEARCH_ID}"
    total = len(trials)
    conditions = [("", _(ANY["condition"]), "")] + [(c, c, url_part("query.cond", c)) for c in conditions_in(trials)]
    canon = {c.lower(): c for c in conditions_in(trials)}
    phases = [("", _(ANY["phase"]), "")] + [(p, _(PHASE_LABELS[p]), url_part("filter.advanced", f"AREA[Phase]{p}"))
                                         for p in PHASES]
    priors = [("", _(ANY["prior"]), "")] + [(p, _(PRIOR_LABELS[p]), url_part("query.term", PRIOR_TERMS[p])) for p in PRIORS]
    # trials.js joins the chosen pieces in the order ctgov_query_url uses, then the fixed tail.
    pieces = dict(url_parts(fields=",".join(DEFAULT_FIELDS)))
    tail = "&".join(url_part(k, pieces[k]) for k in ("fields", "pageSize"))
    base = ctgov_query_url().split("?")[0] + "?"
    url_attrs = f' data-sl-base="{esc(base)}" data-sl-tail="{esc(tail)}" data-sl-order="condition prior recruiting_only phase"'
    counts = "".join(f'<template data-sl-count="{n}">{esc(count_text(n, total))}</template>'
                     f'<template data-sl-out="{n}">{esc(filtered_out_text(n))}</template>' for n in range(total + 1))
    key = "".join(f"<tr><th scope=\"row\">{esc(t.nct_id)}</th><td>{esc(t.title)}</td>"
                  f"<td>{esc(_(PRIOR_RULES[t.prior_treatment]))}</td></tr>" for t in trials)
    return (
        f'<section class="sl sl-trials" data-sl-kind="trials" data-sl-id="{SEARCH_ID}" aria-labelledby="{uid}-head"{lang_attr()}>'
        f'<h3 class="sl-trials-head" id="{uid}-head">{esc(_(PRACTICE_SEARCH_FICTIONAL_TRIAL))}</h3>'
        f'<p class="sl-fictional-note"><span class="sl-icon" aria-hidden="true">⚠</span>{esc(_(FICTIONAL_NOTE))}</p>'
        f'<form class="sl-trial-form" onsubmit="return false"><fieldset><legend>{esc(_(LEGEND))}</legend>'
        f'{_select(uid, "condition", _("Condition"), conditions)}{_select(uid, "phase", _("Phase"), phases)}'
        f'<div class="sl-field sl-check"><input type="checkbox" id="{uid}-recruiting" value="on" data-sl-filter="recruiting_only"'
        f' data-sl-part="{esc(url_part("filter.overallStatus", "RECRUITING"))}">'
        f'<label for="{uid}-recruiting">{esc(_(RECRUITING_ONLY))}</label></div>'
        f'{_select(uid, "prior", _(PATIENT), priors)}</fieldset>'
        f'<button type="button" class="sl-button" data-sl-action="trials-search">{esc(_(SEARCH))}</button></form>'
        f'<p class="sl-feedback sl-trial-count" role="status" aria-live="polite">{esc(count_text(total, total))}</p>'
        f"{api_html(search_url(None), url_attrs)}"
        f'<ul class="sl-trial-list sl-matches" role="list">{"".join(card_html(t, templates=True, canon=canon) for t in trials)}</ul>'
        f'<details class="sl-filtered-out" hidden><summary></summary><ul class="sl-trial-list sl-out" role="list"></ul></details>'
        f"{counts}"
        f"<details><summary>{esc(_(KEY_HEAD))}</summary>"
        f'<table class="sl-key-table"><thead><tr><th scope="col">{esc(_(RECORD))}</th>'
        f'<th scope="col">{esc(_(TITLE))}</th>'
        f'<th scope="col">{esc(_(EARLIER_TREATMENT))}</th></tr></thead><tbody>{key}</tbody></table></details>'
        f"</section>" + (runtime_tags() if runtime else "")
    )
