"""Trial-search practice in three parts: filter logic and real API URLs, the live view (clicks), the static view."""

from __future__ import annotations

import html
import re
import socket
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from secondline.content.errors import ContentError
from secondline.content.load import load
from secondline.content.schema import Trials
from secondline.notebook import ModuleBook
from secondline.views.live.trials import TrialSearchView
from secondline.views.logic.trials import (
    KEYWORD_CAVEAT,
    NOT_ELIGIBILITY,
    SEARCH_ID,
    TrialFilters,
    conditions_in,
    count_text,
    ctgov_query_url,
    ctgov_study_url,
    filter_trials,
    filtered_out_text,
    phase_label,
    search_url,
    url_part,
    why_not,
)
from secondline.views.static.trials import render

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "_build" / "screenshots"
M01 = "modules/01-lines-of-treatment"

# Five fictional records, one for each path through the filters (t-d spells its condition in lower case).
FIXTURE = """\
trials:
  - id: t-a
    nct_id: NCT90000101
    fictional: true
    title: A Phase 2 Study of AB-1 in Colorectal Cancer That Grew After Earlier Treatment (fictional)
    phase: [PHASE2]
    status: RECRUITING
    conditions: [Colorectal Cancer]
    prior_treatment: required
    eligibility: |
      Inclusion Criteria:
      - Cancer grew after 1 earlier line of treatment
      Exclusion Criteria:
      - More than 2 earlier lines
    min_age: 18
    locations:
      - {facility: Fictional North Clinic, city: Springfield, state: IL}
  - id: t-b
    nct_id: NCT90000102
    fictional: true
    title: A Phase 3 Study of CD-2 as First Treatment for Lung Cancer (fictional)
    phase: [PHASE3]
    status: RECRUITING
    conditions: [Non-Small Cell Lung Cancer]
    prior_treatment: excluded
    eligibility: |
      Inclusion Criteria:
      - No earlier drug treatment for advanced disease
    min_age: 18
    locations:
      - {facility: Fictional South Hospital, city: Tulsa, state: OK}
  - id: t-c
    nct_id: NCT90000103
    fictional: true
    title: A Phase 1/2 Study of EF-3 in Colorectal or Pancreatic Cancer (fictional)
    phase: [PHASE1, PHASE2]
    status: NOT_YET_RECRUITING
    conditions: [Colorectal Cancer, Pancreatic Cancer]
    prior_treatment: any
    eligibility: |
      Inclusion Criteria:
      - A solid tumor that has spread
    min_age: 18
    locations:
      - {facility: Fictional East Institute, city: Sacramento, state: CA}
      - {facility: Fictional West Center, city: Madison, state: WI}
  - id: t-d
    nct_id: NCT90000104
    fictional: true
    title: A Completed Phase 3 Study of GH-4 in Colorectal Cancer (fictional)
    phase: [PHASE3]
    status: COMPLETED
    conditions: [colorectal cancer]
    prior_treatment: required
    eligibility: |
      Inclusion Criteria:
      - Exactly 1 earlier line of treatment
    min_age: 18
    locations:
      - {facility: Fictional North Clinic, city: Springfield, state: IL}
  - id: t-e
    nct_id: NCT90000105
    fictional: true
    title: An Early Phase 1 Study of IJ-5 Before Surgery in Breast Cancer (fictional)
    phase: [EARLY_PHASE1]
    status: ACTIVE_NOT_RECRUITING
    conditions: [Breast Cancer]
    prior_treatment: excluded
    eligibility: |
      Exclusion Criteria:
      - Any earlier treatment for this breast cancer
    min_age: 21
    locations:
      - {facility: Fictional Harbor Care, city: Portland, state: ME}
"""


@pytest.fixture(scope="module")
def trials():
    return Trials.model_validate(yaml.safe_load(FIXTURE)).trials


@pytest.fixture(scope="module")
def records():
    """Module 03's real practice records, through the same loader as the notebooks: a missing or broken file fails
    here (it used to fall back to the fixture silently, so these tests passed whatever the real file held)."""
    from secondline.content.load import load

    return load().module("03-clinical-trials").trials


def ids(found) -> list[str]:
    return [t.id for t in found]


def by_id(trials, ident):
    return next(t for t in trials if t.id == ident)


# ---------------------------------------------------------------- logic: filters

def test_no_filters_keep_every_record(trials):
    """With nothing chosen, does every record stay, in its original order?"""
    assert ids(filter_trials(trials)) == ["t-a", "t-b", "t-c", "t-d", "t-e"]


def test_condition_filter_ignores_case(trials):
    """Does choosing a condition keep each record that lists it, however its case is written?"""
    assert ids(filter_trials(trials, condition="Colorectal Cancer")) == ["t-a", "t-c", "t-d"]
    assert ids(filter_trials(trials, condition="Breast Cancer")) == ["t-e"]


def test_phase_filter_counts_each_phase_of_a_phase_1_2_study(trials):
    """Does a Phase 1/2 record match both 'Phase 1' and 'Phase 2', as on the registry?"""
    assert ids(filter_trials(trials, phase="PHASE2")) == ["t-a", "t-c"]
    assert ids(filter_trials(trials, phase="PHASE1")) == ["t-c"]
    assert ids(filter_trials(trials, phase="EARLY_PHASE1")) == ["t-e"]
    assert filter_trials(trials, phase="PHASE4") == []


def test_recruiting_only_drops_every_other_status(trials):
    """Does 'recruiting only' drop not-yet-recruiting, active-not-recruiting and completed records?"""
    assert ids(filter_trials(trials, recruiting_only=True)) == ["t-a", "t-b"]


@pytest.mark.parametrize(("prior", "kept"), [
    (None, ["t-a", "t-b", "t-c", "t-d", "t-e"]),
    ("had-treatment", ["t-a", "t-c", "t-d"]),  # 'excluded' records do not fit
    ("no-treatment", ["t-b", "t-c", "t-e"]),  # 'required' records do not fit
])
def test_prior_treatment_rules(trials, prior, kept):
    """Does 'excluded' rule out a treated patient, 'required' an untreated one, and 'any' fit both?"""
    assert ids(filter_trials(trials, prior=prior)) == kept


def test_filters_combine(trials):
    """Must a record pass every chosen filter at once?"""
    assert ids(filter_trials(trials, condition="Colorectal Cancer", recruiting_only=True, prior="had-treatment")) == ["t-a"]
    assert ids(filter_trials(trials, condition="Colorectal Cancer", phase="PHASE3", prior="no-treatment")) == []


def test_unknown_choices_fail_clearly(trials):
    """Does a phase or prior-treatment value the data cannot hold fail with the allowed values named?"""
    with pytest.raises(ValueError, match="unknown phase 'PHASE5'.*PHASE2"):
        filter_trials(trials, phase="PHASE5")
    with pytest.raises(ValueError, match="unknown prior-treatment choice 'yes'.*had-treatment"):
        filter_trials(trials, prior="yes")


# ---------------------------------------------------------------- logic: why a record is filtered out

def test_why_not_is_empty_for_a_match(trials):
    """Does a record that passes every filter get no reasons (filters as a dict or a TrialFilters)?"""
    assert why_not(by_id(trials, "t-a"), {"condition": "Colorectal Cancer", "prior": "had-treatment"}) == []
    assert why_not(by_id(trials, "t-a"), TrialFilters(recruiting_only=True)) == []
    assert why_not(by_id(trials, "t-a"), None) == []


def test_why_not_gives_one_plain_reason_per_failed_filter(trials):
    """Does a record failing every filter get one reason per filter, in the order of the form?"""
    reasons = why_not(by_id(trials, "t-d"), TrialFilters("Breast Cancer", "PHASE2", True, "no-treatment"))
    assert [r.split(":")[0] for r in reasons] == ["Condition", "Phase", "Status", "Earlier treatment"]
    assert "colorectal cancer" in reasons[0] and "Phase 3" in reasons[1] and "Completed" in reasons[2]
    assert "inclusion criteria" in reasons[3] and "had no treatment" in reasons[3]


def test_why_not_points_to_the_right_part_of_the_criteria(trials):
    """Does the earlier-treatment reason send the learner to the exclusion or inclusion criteria as fits?"""
    excluded = why_not(by_id(trials, "t-b"), {"prior": "had-treatment"})
    required = why_not(by_id(trials, "t-a"), {"prior": "no-treatment"})
    assert len(excluded) == 1 and "exclusion criteria" in excluded[0] and "no earlier treatment" in excluded[0]
    assert len(required) == 1 and "inclusion criteria" in required[0]
    assert why_not(by_id(trials, "t-c"), {"prior": "had-treatment"}) == why_not(by_id(trials, "t-c"), {"prior": "no-treatment"}) == []


def test_labels_and_counts_read_as_the_registry_does(trials):
    """Are phases, counts and the condition menu worded as a navigator would read them?"""
    assert phase_label(["PHASE1", "PHASE2"]) == "Phase 1/2" and phase_label(["EARLY_PHASE1"]) == "Early phase 1"
    assert count_text(3, 12) == "3 of 12 practice records match"
    assert count_text(1, 12) == "1 of 12 practice records matches"
    assert count_text(0, 12) == "0 of 12 practice records match. Try fewer filters."
    assert filtered_out_text(1) == "1 record filtered out, and why"
    assert conditions_in(trials) == ["Breast Cancer", "Colorectal Cancer", "Non-Small Cell Lung Cancer", "Pancreatic Cancer"]


# ---------------------------------------------------------------- logic: the real ClinicalTrials.gov API v2 URL

@pytest.fixture
def no_network(monkeypatch):
    def refuse(*_a, **_k):
        raise AssertionError("a URL builder tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_query_url_matches_the_documented_example(no_network):
    """Does the URL use the API v2 parameter names, in order, with spaces and brackets percent-encoded?"""
    url = ctgov_query_url(condition="colorectal cancer", term="previously treated", phase="PHASE2",
                          recruiting_only=True, fields=["NCTId", "BriefTitle", "Phase", "OverallStatus"])
    assert url == ("https://clinicaltrials.gov/api/v2/studies?query.cond=colorectal%20cancer"
                   "&query.term=previously%20treated&filter.overallStatus=RECRUITING"
                   "&filter.advanced=AREA%5BPhase%5DPHASE2&fields=NCTId,BriefTitle,Phase,OverallStatus&pageSize=20")


def test_query_url_leaves_out_what_was_not_chosen(no_network):
    """With nothing chosen, is the URL just the endpoint and the page size?"""
    assert ctgov_query_url() == "https://clinicaltrials.gov/api/v2/studies?pageSize=20"
    assert ctgov_query_url(location="Tulsa, OK", page_size=50, fields="NCTId") == (
        "https://clinicaltrials.gov/api/v2/studies?query.locn=Tulsa,%20OK&fields=NCTId&pageSize=50")


def test_query_url_encodes_awkward_text(no_network):
    """Do '&', '#', quotes and accents in a search survive the round trip through the URL?"""
    cond, term = "Crohn's & \"colitis\" #2", "café / résumé?"
    url = ctgov_query_url(condition=cond, term=term, location="St. Louis")
    query = parse_qs(urlsplit(url).query)
    assert query["query.cond"] == [cond] and query["query.term"] == [term] and query["query.locn"] == ["St. Louis"]
    assert " " not in url and "+" not in url and "&#" not in url


def test_query_url_refuses_bad_values(no_network):
    """Are a phase the API does not know and a page size outside 1-1000 refused?"""
    with pytest.raises(ValueError, match="unknown phase"):
        ctgov_query_url(phase="Phase 2")
    for size in (0, 1001):
        with pytest.raises(ValueError, match="between 1 and 1000"):
            ctgov_query_url(page_size=size)


def test_study_url_for_one_record(no_network):
    """Does one NCT number give the single-study API URL, and a malformed one fail?"""
    assert ctgov_study_url("NCT04280705") == "https://clinicaltrials.gov/api/v2/studies/NCT04280705"
    assert ctgov_study_url(" nct90000001 ") == "https://clinicaltrials.gov/api/v2/studies/NCT90000001"
    for bad in ("NCT123", "04280705", "NCT0428070X"):
        with pytest.raises(ValueError, match="not an NCT number"):
            ctgov_study_url(bad)


def test_url_builder_warns_that_keyword_search_is_incomplete():
    """Does the builder's docstring say prior treatment lives in free-text eligibility, so keywords miss records?"""
    doc = " ".join(ctgov_query_url.__doc__.split())
    assert "free-text eligibility" in doc and "incomplete" in doc and "filter.phase" in doc


def test_search_url_turns_the_patient_into_a_keyword(no_network):
    """Does the learner's choice about earlier treatment become a query.term keyword (and nothing else)?"""
    url = search_url({"condition": "Colorectal Cancer", "prior": "had-treatment", "recruiting_only": True})
    query = parse_qs(urlsplit(url).query)
    assert query["query.term"] == ["previously treated"] and query["query.cond"] == ["Colorectal Cancer"]
    assert query["filter.overallStatus"] == ["RECRUITING"] and "EligibilityCriteria" in query["fields"][0]
    assert "query.term" not in search_url(None)


# ---------------------------------------------------------------- live view

def test_live_widgets_are_named_and_labelled(trials):
    """Are the filters named, labelled widgets with 'any' first in each menu?"""
    view = TrialSearchView(trials)
    assert view.condition.description == "Condition" and view.condition.options[0] == ("Any condition", "")
    assert [v for _, v in view.condition.options[1:]] == conditions_in(trials)
    assert view.phase.description == "Phase" and ("Phase 1", "PHASE1") in view.phase.options
    assert view.recruiting.description == "Recruiting now only" and view.recruiting.value is False
    assert [label for label, _ in view.prior.options] == [
        "Not set (show all)", "Has had earlier treatment", "Has had no earlier treatment"]
    assert view.search.description == "Search practice records"


def test_live_search_filters_and_counts(trials):
    """After choosing filters and clicking Search, does the count announce the matches and list the reasons?"""
    view = TrialSearchView(trials)
    view.condition.value = "Colorectal Cancer"
    view.recruiting.value = True
    view.prior.value = "had-treatment"
    view.search.click()
    assert "1 of 5 practice records matches" in view.count.value
    assert 'role="status"' in view.count.value and 'aria-live="polite"' in view.count.value
    matches, _, out = view.results.value.partition('class="sl-filtered-out"')
    assert "NCT90000101" in matches and "NCT90000103" not in matches
    assert "4 records filtered out, and why" in out
    for t in trials[1:]:
        for reason in why_not(t, view.filters):
            assert html.escape(reason, quote=True) in out
    assert ids(view.last) == ["t-a"]


def test_live_api_url_is_text_with_the_warnings(trials):
    """Does the API box show the real URL as text (not a link), with 'not eligibility' and the keyword caveat?"""
    view = TrialSearchView(trials)
    view.phase.value = "PHASE3"
    view.prior.value = "no-treatment"
    view.search.click()
    expected = search_url(TrialFilters(phase="PHASE3", prior="no-treatment"))
    assert html.escape(expected) in view.api_url.value and "<a " not in view.api_url.value
    text = html.unescape(view.api_url.value)
    assert NOT_ELIGIBILITY in text and KEYWORD_CAVEAT in text and "care team or the trial office" in text


def test_live_cards_show_what_a_navigator_reads(trials):
    """Does each card show the FICTIONAL badge in words, NCT id, title, phase, status, conditions, criteria, places?"""
    view = TrialSearchView(trials)
    cards = re.findall(r'<li class="sl-trial".*?</article></li>', view.results.value, re.S)
    assert len(cards) == len(trials)
    t, card = trials[2], html.unescape(cards[2])
    for text in ("FICTIONAL practice record", t.nct_id, t.title, "Phase 1/2", "Not yet recruiting",
                 "Colorectal Cancer, Pancreatic Cancer", "Fictional West Center, Madison, WI"):
        assert text in card
    assert re.search(r"<details class=\"sl-eligibility\"><summary>.*A solid tumor that has spread.*</details>", card, re.S)


def test_live_search_emits_an_event(trials):
    """Does each search emit the filters and the matching record ids for the progress record?"""
    events = []
    view = TrialSearchView(trials, on_event=events.append)
    view.phase.value = "PHASE2"
    view.search.click()
    assert events == [{"kind": "trials", "id": SEARCH_ID, "matches": ["t-a", "t-c"],
                       "filters": {"condition": None, "phase": "PHASE2", "recruiting_only": False, "prior": None}}]


def test_live_search_with_no_match_says_so(trials):
    """When nothing matches, does the count say so and suggest fewer filters?"""
    view = TrialSearchView(trials)
    view.phase.value = "PHASE4"
    view.search.click()
    assert "0 of 5 practice records match. Try fewer filters." in view.count.value


def test_mimebundle_carries_static_twin(trials):
    """Does the widget's mimebundle carry the static HTML fallback?"""
    bundle = TrialSearchView(trials)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and bundle["text/html"] == render(trials, runtime=False)


# ---------------------------------------------------------------- static view

def test_static_view_has_labelled_native_controls(trials):
    """Is every select and the checkbox labelled (label for=id), inside a fieldset with a legend?"""
    out = render(trials)
    assert "<fieldset><legend>" in out and 'data-sl-action="trials-search"' in out
    controls = re.findall(r'<(select|input)[^>]* id="([^"]+)"', out)
    assert sorted(kind for kind, _ in controls) == ["input", "select", "select", "select"]
    for _, cid in controls:
        assert f'<label for="{cid}">' in out
    assert 'data-sl-kind="trials"' in out and f'data-sl-id="{SEARCH_ID}"' in out and "window.SecondLine" in out


def test_static_view_prerenders_counts_reasons_and_url_parts(trials):
    """Does Python pre-render every count, every reason and every URL piece, so trials.js holds no words?"""
    out = render(trials)
    for n in range(len(trials) + 1):
        assert f'<template data-sl-count="{n}">{count_text(n, len(trials))}' in out.replace("&#x27;", "'")
    assert 'role="status" aria-live="polite">5 of 5 practice records match<' in out
    assert f'data-sl-part="{html.escape(url_part("filter.advanced", "AREA[Phase]PHASE2"))}"' in out
    assert f'data-sl-part="{html.escape(url_part("query.term", "previously treated"))}"' in out
    base = re.search(r'data-sl-base="([^"]+)"', out).group(1)
    tail = html.unescape(re.search(r'data-sl-tail="([^"]+)"', out).group(1))
    assert base + tail == search_url(None)
    assert out.count('data-sl-why="prior"') == 4  # t-c is open to everyone, so it never fails this filter
    js = (ROOT / "src" / "secondline" / "views" / "static" / "trials.js").read_text()
    assert "practice records" not in js and "fetch(" not in js and "http" not in js


def test_static_view_works_without_javascript(trials):
    """With no JavaScript, are all records readable, and does a key give each one's rule on earlier treatment?"""
    out = render(trials)
    assert all(t.nct_id in out for t in trials)
    key = re.search(r"<details><summary>Check your reading.*?</details>", out, re.S).group(0)
    assert key.count("<tr>") == len(trials) + 1 and "Only for people who have had no earlier treatment" in key


def test_static_view_escapes_text(trials):
    """Is record text escaped, so markup in a title, criteria, condition or place cannot run?"""
    evil = "<script>alert(1)</script>"
    t = trials[0]
    bad = t.model_copy(update={"title": evil, "eligibility": f"- {evil}", "conditions": [evil],
                               "locations": [t.locations[0].model_copy(update={"facility": evil})]})
    out = render([bad, *trials[1:]])
    assert evil not in out and out.count("&lt;script&gt;") >= 4


# ---------------------------------------------------------------- content errors and the facade

def trials_error(tmp01, fn) -> ContentError:
    data = yaml.safe_load(FIXTURE)
    fn(data["trials"])
    tmp01.write(f"{M01}/trials.yml", yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(ContentError) as info:
        load(tmp01.root)
    return info.value


@pytest.mark.parametrize(("change", "item", "field", "words"), [
    (lambda ts: ts[1].update(nct_id="NCT01234567"), "t-b", "nct_id", "NCT9"),
    (lambda ts: ts[0].update(fictional=False), "t-a", "fictional", "True"),
    (lambda ts: ts[2].update(phase=["PHASE2", "PHASE5"]), "t-c", "phase[1]", "PHASE4"),
    (lambda ts: ts[3].update(prior_treatment="sometimes"), "t-d", "prior_treatment", "required"),
    (lambda ts: ts[4].update(status="RECRUITING_SOON"), "t-e", "status", "RECRUITING"),
    (lambda ts: ts[0].update(pre_treated=True), "t-a", "pre_treated", "not permitted"),
])
def test_bad_trial_record_is_named(tmp01, change, item, field, words):
    """Does a bad record fail with the file, the record id, the field and a line number?"""
    err = trials_error(tmp01, change)
    assert err.item == item and err.field == field and err.line and words in str(err)
    assert "trials.yml" in str(err)


def test_duplicate_nct_number(tmp01):
    """Are two records with the same NCT number refused, naming the number's field?"""
    err = trials_error(tmp01, lambda ts: ts[2].update(nct_id="NCT90000101"))
    assert "duplicate NCT id 'NCT90000101'" in str(err) and err.field == "nct_id"


def test_too_few_records(tmp01):
    """Is a search file with fewer than three records refused?"""
    err = trials_error(tmp01, lambda ts: ts.__delitem__(slice(2, None)))
    assert "trials.yml" in str(err) and "at least 3" in str(err)


def test_facade_builds_the_view(tmp01):
    """Does m.trial_search() give the live view over the module's records?"""
    tmp01.write(f"{M01}/trials.yml", FIXTURE)
    view = ModuleBook("01-lines-of-treatment", load(tmp01.root)).trial_search()
    assert isinstance(view, TrialSearchView) and ids(view.trials) == ["t-a", "t-b", "t-c", "t-d", "t-e"]


def test_drafted_records_render(records):
    """Do module 03's real records render with every NCT id and a full count?"""
    assert records, "module 03 has no practice trial records"
    out = render(records)
    assert all(t.nct_id in out for t in records)
    assert f"{len(records)} of {len(records)} practice records match" in out


# ---------------------------------------------------------------- in a real browser

def test_browser_static_search(tmp_path, records):
    """In Chromium, does a learner's search by label show the count, the reasons, the exact API URL and an event?"""
    from browser import browser_page

    page_file = tmp_path / "trials.html"
    page_file.write_text(f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Trials</title></head>'
                         f"<body>{render(records)}</body></html>", encoding="utf-8")
    condition = "Colorectal Cancer" if "Colorectal Cancer" in conditions_in(records) else conditions_in(records)[0]
    chosen = TrialFilters(condition, None, True, "had-treatment")
    kept = filter_trials(records, **chosen.as_dict())
    with browser_page() as page:
        page.goto(page_file.as_uri())
        page.evaluate("document.addEventListener('secondline:answer', e => { window.slEvents = (window.slEvents || [])"
                      ".concat([e.detail]); })")
        page.get_by_label("Condition").select_option(condition)
        page.get_by_label("Recruiting now only").check()
        page.get_by_label("Your fictional patient").select_option(label="Has had earlier treatment")
        page.get_by_role("button", name="Search practice records").click()
        assert page.get_by_role("status").inner_text() == count_text(len(kept), len(records))
        assert page.locator(".sl-url").inner_text() == search_url(chosen)
        matches = page.locator(".sl-matches > .sl-trial")
        assert [matches.nth(i).get_attribute("data-sl-trial") for i in range(matches.count())] == ids(kept)
        out = next(t for t in records if why_not(t, chosen))
        page.get_by_text(filtered_out_text(len(records) - len(kept))).click()
        card = page.locator(f'.sl-out [data-sl-trial="{out.id}"]')
        assert card.locator(".sl-why li").all_inner_texts() == why_not(out, chosen)
        assert page.evaluate("window.slEvents") == [{"kind": "trials", "id": SEARCH_ID, "matches": ids(kept),
                                                     "filters": chosen.as_dict()}]
        card.get_by_text("Eligibility criteria, as the study wrote them").click()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "static-trials.png"), full_page=True)


def test_browser_keyboard_only(tmp_path, trials):
    """Can a keyboard user change a filter and run the search with Enter, with no mouse at all?"""
    from browser import browser_page

    page_file = tmp_path / "trials.html"
    page_file.write_text(f'<!doctype html><html lang="en"><body>{render(trials)}</body></html>', encoding="utf-8")
    with browser_page() as page:
        page.goto(page_file.as_uri())
        page.get_by_label("Recruiting now only").focus()
        page.keyboard.press("Space")
        page.keyboard.press("Tab")  # to "Your fictional patient"
        page.keyboard.press("Tab")  # to the Search button
        page.keyboard.press("Enter")
        assert page.get_by_role("status").inner_text() == "2 of 5 practice records match"
        assert page.locator(".sl-filtered-out > summary").inner_text() == "3 records filtered out, and why"
