"""Trial-search practice: filter fictional records, say in plain words why a record is filtered out, build real API URLs.

The filters mirror what a navigator can set on ClinicalTrials.gov (condition, phase, recruiting status) plus one
that no search box offers: whether the learner's fictional patient has had earlier treatment. On the real registry
that rule lives only in the free-text eligibility criteria (`EligibilityCriteria`), so a keyword such as
"previously treated" in `query.term` finds only the records that happen to use those words: keyword search is
incomplete, a search list is not eligibility, and every match goes to the care team or the trial office.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, get_args
from urllib.parse import quote, urlencode

from ...content.readonly import Phase
from ...content.words import N_, _

if TYPE_CHECKING:
    from ...content.schema import TrialRecord

CTGOV_API = "https://clinicaltrials.gov/api/v2/studies"
PHASES: tuple[str, ...] = get_args(Phase)
PRIORS = ("had-treatment", "no-treatment")
SEARCH_ID = "trial-search"  # the exercise's id in progress records (the trials file has one search per module)

# Labels in English (N_), shown as _(label) in the language in use.
PHASE_LABELS = {"EARLY_PHASE1": N_("Early phase 1"), "PHASE1": N_("Phase 1"), "PHASE2": N_("Phase 2"),
                "PHASE3": N_("Phase 3"), "PHASE4": N_("Phase 4")}
STATUS_LABELS = {"RECRUITING": N_("Recruiting"), "NOT_YET_RECRUITING": N_("Not yet recruiting"),
                 "ACTIVE_NOT_RECRUITING": N_("Active, not recruiting"), "COMPLETED": N_("Completed")}
PRIOR_LABELS = {"had-treatment": N_("Has had earlier treatment"), "no-treatment": N_("Has had no earlier treatment")}
PRIOR_RULES = {"required": N_("Only for people who have already had treatment for this cancer"),
               "excluded": N_("Only for people who have had no earlier treatment for this cancer"),
               "any": N_("Open to people whether or not they have had earlier treatment")}
# What a navigator might type in "Other terms" (query.term) for each kind of patient; it only finds records
# whose text uses these words, which is the lesson.
PRIOR_TERMS = {"had-treatment": "previously treated", "no-treatment": "previously untreated"}
# Fields a navigator reads first; EligibilityCriteria is the free text that holds the prior-treatment rules.
DEFAULT_FIELDS = ("NCTId", "BriefTitle", "Phase", "OverallStatus", "Condition", "EligibilityCriteria", "LocationCity")

NOT_ELIGIBILITY = N_("A search list is not eligibility. Only the trial team can say whether someone can join: "
                     "take every match to the patient's care team or the trial office.")
KEYWORD_CAVEAT = N_("There is no search filter for earlier treatment: that rule lives in the free-text eligibility "
                    "criteria, so a keyword finds only records that use those exact words.")


@dataclass(frozen=True)
class TrialFilters:
    """What the learner chose; None (or False) means 'any'."""

    condition: str | None = None
    phase: str | None = None
    recruiting_only: bool = False
    prior: str | None = None

    def __post_init__(self) -> None:
        if self.phase is not None and self.phase not in PHASES:
            raise ValueError(f"unknown phase '{self.phase}' (choose one of {', '.join(PHASES)})")
        if self.prior is not None and self.prior not in PRIORS:
            raise ValueError(f"unknown prior-treatment choice '{self.prior}' (choose None, {' or '.join(PRIORS)})")

    @classmethod
    def of(cls, filters: TrialFilters | Mapping | None) -> TrialFilters:
        if filters is None:
            return cls()
        return filters if isinstance(filters, TrialFilters) else cls(**dict(filters))

    def as_dict(self) -> dict:
        return asdict(self)


def phase_label(phases: Sequence[str]) -> str:
    """'Phase 2', or 'Phase 1/2' for a record with two phases, as the registry shows them."""
    if len(phases) > 1 and all(p.startswith("PHASE") for p in phases):
        return _("Phase %(phases)s") % {"phases": "/".join(p.removeprefix("PHASE") for p in phases)}
    return " / ".join(_(PHASE_LABELS[p]) for p in phases)


def status_label(status: str) -> str:
    """'Active, not recruiting' for ACTIVE_NOT_RECRUITING; a status added to the model later still reads as words."""
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status.replace("_", " ").capitalize()


def conditions_in(trials: Iterable[TrialRecord]) -> list[str]:
    """Every condition named in the records, once each (ignoring case), alphabetically (for the Condition menu)."""
    seen: dict[str, str] = {}
    for t in trials:
        for c in t.conditions:
            seen.setdefault(c.lower(), c)
    return sorted(seen.values(), key=str.lower)


def fits_prior(trial: TrialRecord, prior: str | None) -> bool:
    """Does the record's earlier-treatment rule fit the patient? ('any' fits everyone)."""
    if prior == "had-treatment":
        return trial.prior_treatment != "excluded"
    if prior == "no-treatment":
        return trial.prior_treatment != "required"
    return True


def why_not(trial: TrialRecord, filters: TrialFilters | Mapping | None) -> list[str]:
    """Plain reasons this record is filtered out (empty when it matches), one per filter it fails.

    The reasons do not depend on which value was chosen, so the static view can pre-render them per record.
    """
    f = TrialFilters.of(filters)
    reasons = []
    if f.condition and f.condition.lower() not in {c.lower() for c in trial.conditions}:
        reasons.append(condition_reason(trial))
    if f.phase and f.phase not in trial.phase:
        reasons.append(phase_reason(trial))
    if f.recruiting_only and trial.status != "RECRUITING":
        reasons.append(status_reason(trial))
    if not fits_prior(trial, f.prior):
        reasons.append(prior_reason(trial))
    return reasons


def condition_reason(trial: TrialRecord) -> str:
    return _("Condition: it studies %(conditions)s, not the condition you chose.") % {
        "conditions": ", ".join(trial.conditions)}


def phase_reason(trial: TrialRecord) -> str:
    return _("Phase: it is a %(phase)s study, not the phase you chose.") % {"phase": phase_label(trial.phase)}


def status_reason(trial: TrialRecord) -> str:
    return _("Status: %(status)s. It is not taking new people now.") % {"status": status_label(trial.status)}


def prior_reason(trial: TrialRecord) -> str:
    """Why the earlier-treatment rule rules the patient out ('' for a record that is open to everyone)."""
    if trial.prior_treatment == "excluded":
        return _("Earlier treatment: it is only for people who have had no earlier treatment for this cancer, and "
                 "your patient has had some. Look for it in the exclusion criteria.")
    if trial.prior_treatment == "required":
        return _("Earlier treatment: it is only for people whose cancer was treated before, and your patient has "
                 "had no treatment. Look for it in the inclusion criteria.")
    return ""


def filter_trials(trials: Iterable[TrialRecord], condition: str | None = None, phase: str | None = None,
                  recruiting_only: bool = False, prior: str | None = None) -> list[TrialRecord]:
    """The records that pass every chosen filter, in their original order."""
    f = TrialFilters(condition, phase, recruiting_only, prior)
    return [t for t in trials if not why_not(t, f)]


def count_text(matches: int, total: int) -> str:
    """'3 of 12 practice records match' (the words the live region announces)."""
    if matches == 0:
        return _("0 of %(total)s practice records match. Try fewer filters.") % {"total": total}
    words = _("1 of %(total)s practice records matches") if matches == 1 else \
        _("%(matches)s of %(total)s practice records match")
    return words % {"matches": matches, "total": total}


def filtered_out_text(count: int) -> str:
    words = _("1 record filtered out, and why") if count == 1 else _("%(count)s records filtered out, and why")
    return words % {"count": count}


# --------------------------------------------------------------------------- the real registry (text only)

def _params(pairs: Iterable[tuple[str, str | None]]) -> str:
    # %20 for spaces and %5B/%5D for brackets (RFC 3986); commas stay readable in `fields`.
    return urlencode([(k, v) for k, v in pairs if v], quote_via=quote, safe=",")


def ctgov_query_url(condition: str | None = None, term: str | None = None, phase: str | None = None,
                    recruiting_only: bool = False, location: str | None = None, page_size: int = 20,
                    fields: Sequence[str] | str | None = None) -> str:
    """The ClinicalTrials.gov API v2 search URL for these choices (built as text; nothing is fetched).

    Parameters, in this order: `query.cond` (conditions or disease), `query.term` (other terms),
    `query.locn` (location terms), `filter.overallStatus=RECRUITING`, `filter.advanced=AREA[Phase]PHASE2`
    (the API has no `filter.phase`), `fields` (comma-separated) and `pageSize` (1 to 1000).

    Earlier treatment has no parameter: it lives in the free-text eligibility criteria, so a `term` such as
    "previously treated" finds only records that use those words. Keyword search is incomplete.
    """
    if phase is not None and phase not in PHASES:
        raise ValueError(f"unknown phase '{phase}' (choose one of {', '.join(PHASES)})")
    if not 1 <= page_size <= 1000:
        raise ValueError(f"page_size must be between 1 and 1000, not {page_size}")
    if fields is not None and not isinstance(fields, str):
        fields = ",".join(fields)
    return CTGOV_API + "?" + _params(url_parts(condition, term, phase, recruiting_only, location, page_size, fields))


def url_parts(condition: str | None = None, term: str | None = None, phase: str | None = None,
              recruiting_only: bool = False, location: str | None = None, page_size: int = 20,
              fields: str | None = None) -> list[tuple[str, str | None]]:
    """The (parameter, value) pairs of a search URL, in order; a None value is left out of the URL."""
    return [("query.cond", condition), ("query.term", term), ("query.locn", location),
            ("filter.overallStatus", "RECRUITING" if recruiting_only else None),
            ("filter.advanced", f"AREA[Phase]{phase}" if phase else None),
            ("fields", fields or None), ("pageSize", str(page_size))]


def url_part(name: str, value: str) -> str:
    """One encoded 'name=value' piece, exactly as ctgov_query_url writes it (pre-rendered for the static view)."""
    return _params([(name, value)])


def ctgov_study_url(nct_id: str) -> str:
    """The API v2 URL of one record, by its NCT number (the practice NCT9... numbers are not real records)."""
    nct = nct_id.strip().upper()
    if not (len(nct) == 11 and nct.startswith("NCT") and nct[3:].isascii() and nct[3:].isdigit()):
        raise ValueError(f"'{nct_id}' is not an NCT number (NCT followed by 8 digits)")
    return f"{CTGOV_API}/{nct}"


def search_url(filters: TrialFilters | Mapping | None) -> str:
    """The real search a navigator would run for the learner's choices (prior treatment becomes a keyword)."""
    f = TrialFilters.of(filters)
    return ctgov_query_url(condition=f.condition, term=PRIOR_TERMS.get(f.prior or ""), phase=f.phase,
                           recruiting_only=f.recruiting_only, fields=DEFAULT_FIELDS)
