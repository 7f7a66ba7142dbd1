"""Knowledge check (pre/post, issue 13): unseen parallel forms, counterbalanced order, no feedback before scoring,
scoring and gain, and records made with the first version's forms still loading and reporting."""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from pathlib import Path

import pytest

from fake_learners import fake_export
from secondline.content.errors import ContentError
from secondline.content.load import load
from secondline.record.certificate import certificate_html
from secondline.record.cohort import cohort
from secondline.record.report import report_html
from secondline.record.schema import parse_record
from secondline.record.store import Store
from secondline.views.live.knowledge import KnowledgeCheckView
from secondline.views.logic.knowledge import form_for, form_items, form_order, normalized_gain, score
from secondline.views.logic.progress import pre_post
from secondline.views.static.knowledge import render

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def form_a(content):
    return form_items(content, "a")


def wrong_index(item):
    return next(i for i, o in enumerate(item.options) if o.verdict != "best")


def test_all_best_scores_100(form_a):
    """Does choosing every best option score 100% and pass, with every objective full?"""
    s = score(form_a, {it.id: it.best_index for it in form_a}, pass_mark=80)
    assert (s.correct, s.total, s.percent, s.passed) == (len(form_a), len(form_a), 100.0, True)
    assert all(c == n for c, n in s.per_objective.values())


def test_mixed_answers_break_down_by_objective(form_a):
    """With the first item wrong and the second unanswered, are both counted not correct and listed by objective?"""
    answers = {it.id: it.best_index for it in form_a}
    answers[form_a[0].id] = wrong_index(form_a[0])
    answers[form_a[1].id] = None
    s = score(form_a, answers, pass_mark=80)
    assert s.correct == len(form_a) - 2 and s.unanswered == (form_a[1].id,)
    assert s.per_objective[form_a[0].objective][0] == s.per_objective[form_a[0].objective][1] - 1
    assert s.percent == round(100 * (len(form_a) - 2) / len(form_a), 1)


@pytest.mark.parametrize("pre_pct,post_pct,gain", [(40, 70, 0.5), (50, 50, 0.0), (80, 60, -1.0), (100, 100, None)])
def test_normalized_gain(pre_pct, post_pct, gain):
    """Is normalized gain (post - pre) / (100 - pre), and undefined when the pre-test was perfect?"""
    assert normalized_gain(pre_pct, post_pct) == gain


def test_normalized_gain_rejects_non_percentages():
    """Is a score outside 0-100 refused clearly?"""
    with pytest.raises(ValueError, match="percentages"):
        normalized_gain(120, 50)


# --------------------------------------------------------------------------- the forms, in content


def test_forms_are_unseen_parallel_and_cover_every_module(content):
    """Are forms A and B made of items no module uses, matched by objective and difficulty, each on every module?"""
    kc = content.knowledge_check
    module_items = list(content.items())
    a, b = form_items(content, "a"), form_items(content, "b")
    assert not {i.id for i in a} & {i.id for i in b}
    assert sorted((i.objective, i.difficulty) for i in a) == sorted((i.objective, i.difficulty) for i in b)
    prompts = {" ".join(it.prompt.lower().split()) for it in module_items}
    for it in kc.items:
        assert it.id not in {m.id for m in module_items}
        assert " ".join(it.prompt.lower().split()) not in prompts, f"{it.id} repeats a module question"
    objective_module = {o.id: slug for slug, mc in content.modules.items() for o in mc.module.objectives}
    for form in (a, b):
        assert {objective_module[i.objective] for i in form} == set(content.modules)


def test_no_module_or_notebook_uses_a_knowledge_check_item(content):
    """Is no knowledge-check item id used in any module's files or notebook (they must stay unseen)?"""
    ids = {it.id for it in content.knowledge_check.items}
    texts = [*ROOT.glob("content/modules/*/*.yml"), *ROOT.glob("notebooks/*.ipynb")]
    for path in texts:
        found = set(re.findall(r"\bkc-[a-z0-9-]+", path.read_text(encoding="utf-8"))) & ids
        assert not found, f"{path.name} uses {sorted(found)}"


def test_legacy_forms_name_module_items(content):
    """Are the first version's pre/post forms kept, naming module quiz items, so old records can be read?"""
    kc = content.knowledge_check
    assert sorted(f.id for f in kc.legacy_forms) == ["post", "pre"]
    assert all(it in {i.id for i in content.items()} for f in kc.legacy_forms for it in f.items)
    assert form_items(content, "pre")[0].id == kc.legacy_forms[0].items[0]


def _first(d: dict, prefix: str) -> dict:
    return next(it for it in d["items"] if it["id"].startswith(prefix))


@pytest.mark.parametrize("change,message", [
    (lambda d: d["forms"][1]["items"].__setitem__(0, "lines-q05"), "'lines-q05' is a module quiz item"),
    (lambda d: d["forms"][1]["items"].__setitem__(0, "kc-b99"), "unknown knowledge-check item 'kc-b99'"),
    (lambda d: d["forms"][1]["items"].__setitem__(0, d["forms"][0]["items"][0]), "may appear in only one form"),
    (lambda d: _first(d, "kc-b").update(difficulty=1 + _first(d, "kc-b")["difficulty"] % 3), "not parallel"),
    (lambda d: _first(d, "kc-b").update(objective="start-o1" if _first(d, "kc-b")["objective"] != "start-o1" else "start-o2"),
     "not parallel"),
    (lambda d: [it.update(objective="lines-o1") for it in d["items"] if it["objective"].startswith("start-")],
     "has no item on module 00"),
    (lambda d: _first(d, "kc-a").pop("level"), "level"),
    (lambda d: _first(d, "kc-a").update(level="create"), "level"),
    (lambda d: _first(d, "kc-a").update(id="lines-q01"), "should match pattern"),
    (lambda d: d["forms"][0].update(id="pre"), "needs form 'a' then form 'b'"),
    (lambda d: _first(d, "kc-a").update(objective="lines-o9"), "unknown objective 'lines-o9'"),
    (lambda d: _first(d, "kc-a")["options"][0].update(sources=["nobody-2099"]), "unknown source 'nobody-2099'"),
    (lambda d: d["legacy_forms"][0]["items"].__setitem__(0, "lines-q99"), "unknown quiz item 'lines-q99'"),
])
def test_bad_forms_are_refused(tmp_content, change, message):
    """Are module items on a form, unknown or shared items, unparallel forms, a module left out, a missing level and
    bad references refused, naming knowledge-check.yml?"""
    tmp_content.edit("knowledge-check.yml", change)
    with pytest.raises(ContentError) as info:
        load(tmp_content.root)
    assert "knowledge-check.yml" in str(info.value) and message in str(info.value)


# --------------------------------------------------------------------------- counterbalancing


def test_a_cohort_splits_evenly_and_each_learner_keeps_one_order():
    """Over 4,000 simulated record keys, do about half take A first, and does each key always give the same order?"""
    rng = random.Random(13)
    keys = [f"{rng.getrandbits(128):032x}" for _ in range(4000)]
    orders = Counter(form_order(k) for k in keys)
    assert set(orders) == {("a", "b"), ("b", "a")}
    assert abs(orders[("a", "b")] / len(keys) - 0.5) < 0.03, orders
    for k in keys[:200]:
        assert form_order(k) == form_order(k)
        assert {form_for("pre", k), form_for("post", k)} == {"a", "b"}
    small = Counter(form_order(f"{rng.getrandbits(128):032x}") for _ in range(40))  # one class
    assert min(small.values()) >= 12, small
    assert form_order(None) == ("a", "b") and form_order("") == ("a", "b")
    with pytest.raises(KeyError, match="'pre' or 'post'"):
        form_for("mid", "x")


def test_the_record_key_sets_the_form_in_the_notebook(tmp_path, content, monkeypatch):
    """Does a learner's record keep one random key across sessions, and do the notebook's pre- and post-test
    show the two forms in the order that key sets?"""
    from secondline.notebook import ModuleBook
    from secondline.record.recorder import Recorder, close_shared

    path = tmp_path / "p.sqlite3"
    s = Store(path)
    key = s.learner_key()
    assert re.fullmatch(r"[0-9a-f]{32}", key) and s.learner_key() == key
    s.close()
    assert Store(path).learner_key() == key and Store(tmp_path / "q.sqlite3").learner_key() != key
    close_shared()
    book = ModuleBook("00-start-here", content, on_event=Recorder("00-start-here", path))
    pre = book.knowledge_check("pre")
    post = ModuleBook("10-capstone", content, on_event=Recorder("10-capstone", path)).knowledge_check("post")
    assert (pre.form, post.form) == form_order(key)
    assert f"Pre-test: Form {pre.form.upper()}" in pre.static_html
    close_shared()


# --------------------------------------------------------------------------- views: nothing marked before scoring


def test_nothing_is_marked_before_the_form_is_scored(content, form_a):
    """Choosing answers shows no verdict; only Score my answers shows the total, the table and each verdict."""
    events = []
    view = KnowledgeCheckView(content, "pre", on_event=events.append, form="a")
    for it in form_a:
        view.answers[it.id].index = it.best_index
    view.answers[form_a[0].id].index = wrong_index(form_a[0])
    assert all(w.value == "" for w in view.item_feedback.values()) and "scored" not in view.result.value
    assert not events
    view.submit.click()
    assert f"You scored {len(form_a) - 1} of {len(form_a)}" in view.result.value and "<table" in view.result.value
    assert "Best answer" in view.item_feedback[form_a[1].id].value
    ev = events[-1]
    assert (ev["id"], ev["form"], ev["correct"]) == ("pre", "a", len(form_a) - 1)
    assert ev["answers"][form_a[0].id] == wrong_index(form_a[0]) and len(ev["answers"]) == len(form_a)


def test_static_form_shows_no_verdict_until_scored(content):
    """In the static form, is every verdict and rationale inside a <template> (shown only by Score my answers)?"""
    html = render(content, "post", runtime=False, form="b")
    assert 'data-sl-form="b"' in html and 'data-sl-id="post"' in html and "data-sl-choose" not in html
    outside = re.sub(r"<template\b.*?</template>", "", html, flags=re.S)
    assert "Best answer" not in outside and "sl-verdict-" not in outside
    for it in form_items(content, "b"):
        assert all(o.why.split(",")[0] not in outside for o in it.options)


def js_form_order(key: str) -> tuple[str, str]:
    """knowledge.js's SL.formOrder, in Python: FNV-1a over the key's characters, bit 15 of the hash."""
    h = 2166136261
    for ch in key:
        h = ((h ^ ord(ch)) * 16777619) & 0xFFFFFFFF
    return ("b", "a") if (h >> 15) & 1 else ("a", "b")


def test_with_no_record_the_browser_chooses_the_form(content):
    """With no record (the website, an exported notebook), does the static form carry both forms, the default
    shown and the other hidden, for knowledge.js to choose from this browser's key, and does that choice split
    learners evenly?"""
    from secondline.views.static import runtime_js

    html = render(content, "pre", runtime=False)
    assert "data-sl-choose" in html and 'data-sl-form="a"' in html
    assert '<div class="sl-kc-form" data-sl-form="a">' in html and '<div class="sl-kc-form" data-sl-form="b" hidden>' in html
    assert html.count('class="sl-kc-item"') == len(form_items(content, "a")) + len(form_items(content, "b"))
    one = render(content, "pre", runtime=False, learner_key="k")
    assert "data-sl-choose" not in one and one.count('class="sl-kc-form"') == 1
    view = KnowledgeCheckView(content, "post")
    assert "data-sl-choose" in view.static_html
    js = runtime_js()
    assert "2166136261" in js and "16777619" in js and "(h >>> 15) & 1" in js  # the hash js_form_order mirrors
    rng = random.Random(15)
    orders = Counter(js_form_order(f"{rng.getrandbits(128):032x}") for _ in range(4000))
    assert abs(orders[("a", "b")] / 4000 - 0.5) < 0.03, orders


def test_a_scored_form_is_kept_with_its_form_and_answers(tmp_path, content, form_a):
    """Is a submitted form kept with which form it was and every answer, through export and import?"""
    s = Store(tmp_path / "p.sqlite3")
    view = KnowledgeCheckView(content, "pre", on_event=lambda e: s.record_event(e, module="00-start-here"), form="a")
    for it in form_a:
        view.answers[it.id].index = it.best_index
    view.submit.click()
    t = s.record().tests[0]
    assert (t.form, t.variant, t.percent) == ("pre", "a", 100.0)
    assert t.answers == {it.id: it.best_index for it in form_a}
    data = s.export()
    assert data["tests"][0]["variant"] == "a" and data["learner"]["key"] == s.learner_key()
    other = Store(tmp_path / "q.sqlite3")
    other.import_record(json.dumps(data))
    assert other.record().tests[0].answers == t.answers
    assert other.learner_key() == s.learner_key(), "a record moved before any test here keeps its order of forms"


def test_the_website_keeps_the_form_and_answers_too(content, form_a):
    """Does a website export (a knowledge check as an answer with its score) carry the form and answers?"""
    answers = {it.id: it.best_index for it in form_a}
    rec = parse_record({"format": "secondline-progress", "version": 1, "attempts": [
        {"kind": "knowledge-check", "id": "pre", "choice": None, "verdict": None, "time": "2025-03-01T10:00:00Z",
         "score": {"right": len(form_a), "total": len(form_a)}, "form": "a", "answers": answers}]})
    assert rec.tests[0].variant == "a" and rec.tests[0].answers == answers


# --------------------------------------------------------------------------- records made with the first version


def test_records_from_the_first_version_still_load_and_report(content, tmp_path):
    """Does a record made with the old pre/post forms (module items, no form, no answers, no key) still load, show
    its pre/post by objective, appear in the cohort report beside a new one, and print a certificate?"""
    rng = random.Random(3)
    old = fake_export(content, rng, "Old Format", legacy=True)
    while len(old["tests"]) < 2:
        old = fake_export(content, rng, "Old Format", legacy=True)
    assert "key" not in old["learner"] and all("variant" not in t for t in old["tests"])
    rec = parse_record(json.dumps(old))
    assert rec.learner_key == "" and all(t.variant is None and t.answers == {} for t in rec.tests)
    pp = pre_post(rec, content)
    assert pp.pre and pp.post and pp.rows and pp.gain is not None or pp.pre.percent == 100
    new = parse_record(json.dumps(fake_export(content, rng, "New Format")))
    c = cohort([(Path("old.json"), rec), (Path("new.json"), new)], content)
    assert [r.name for r in c.learners] == ["Old Format", "New Format"]
    assert c.learners[0].pre == rec.first_test("pre").percent
    page = report_html(c, [], [], content, "Mixed")
    assert "old.json" in page and "new.json" in page
    rec.completed.setdefault("00-start-here", "2025-03-02T10:00:00Z")
    assert "Old Format" in certificate_html(rec, content)
    # and through the store: an old record imported into today's store keeps its results
    s = Store(tmp_path / "p.sqlite3")
    s.import_record(json.dumps(old))
    assert [t.percent for t in s.record().tests] == [t.percent for t in rec.tests]


def test_static_check_in_browser(content, tmp_path):
    """In Chromium with no kernel: does the page show the form this browser's key sets (the same one after a
    reload), no verdict before scoring, then the score and a per-objective table?"""
    from browser import browser_page

    f = tmp_path / "kc.html"
    f.write_text(f'<!doctype html><html lang="en"><body>{render(content, "pre")}</body></html>')
    with browser_page() as page:
        page.goto(f.as_uri())
        key = page.evaluate("localStorage.getItem('secondline.learner-key')")
        form = js_form_order(key)[0]
        assert page.locator("section.sl-kc").get_attribute("data-sl-form") == form
        page.reload()
        assert page.locator("section.sl-kc").get_attribute("data-sl-form") == form
        items = form_items(content, form)
        for it in items[:-1]:
            page.locator(f'fieldset[data-sl-item="{it.id}"]').get_by_label(it.options[it.best_index].text, exact=True).check()
        assert page.locator(".sl-kc-fb .sl-verdict").count() == 0
        page.get_by_role("button", name="Score my answers").click()
        out = page.locator(".sl-feedback").inner_text()
        assert f"You scored {len(items) - 1} of {len(items)}" in out and "no answer yet" in out
        assert page.locator(".sl-kc-table tr").count() == 1 + len({it.objective for it in items})
