"""Knowledge check (pre/post): scoring, per-objective breakdown, normalized gain, parallel forms, views."""

from __future__ import annotations

import pytest

from secondline.content import ContentError, load
from secondline.interactions.knowledge import form_items, normalized_gain, score
from secondline.live.knowledge import KnowledgeCheckView
from secondline.static.knowledge import render


@pytest.fixture(scope="module")
def pre(content):
    return form_items(content, "pre")


def wrong_index(item):
    return next(i for i, o in enumerate(item.options) if o.verdict != "best")


def test_all_best_scores_100(pre):
    """Does choosing every best option score 100% and pass, with every objective full?"""
    s = score(pre, {it.id: it.best_index for it in pre}, pass_mark=80)
    assert (s.correct, s.total, s.percent, s.passed) == (len(pre), len(pre), 100.0, True)
    assert all(c == n for c, n in s.per_objective.values())


def test_mixed_answers_break_down_by_objective(pre):
    """With the first item wrong and the second unanswered, are both counted not correct and listed by objective?"""
    answers = {it.id: it.best_index for it in pre}
    answers[pre[0].id] = wrong_index(pre[0])
    answers[pre[1].id] = None
    s = score(pre, answers, pass_mark=80)
    assert s.correct == len(pre) - 2 and s.unanswered == (pre[1].id,)
    assert s.per_objective[pre[0].objective][0] == s.per_objective[pre[0].objective][1] - 1
    assert s.percent == round(100 * (len(pre) - 2) / len(pre), 1)


@pytest.mark.parametrize("pre_pct,post_pct,gain", [(40, 70, 0.5), (50, 50, 0.0), (80, 60, -1.0), (100, 100, None)])
def test_normalized_gain(pre_pct, post_pct, gain):
    """Is normalized gain (post - pre) / (100 - pre), and undefined when the pre-test was perfect?"""
    assert normalized_gain(pre_pct, post_pct) == gain


def test_normalized_gain_rejects_non_percentages():
    """Is a score outside 0-100 refused clearly?"""
    with pytest.raises(ValueError, match="percentages"):
        normalized_gain(120, 50)


def test_forms_are_parallel_and_disjoint(content):
    """Do the pre and post forms cover the same objectives, drawn from several modules, with no shared item?"""
    pre_items, post_items = form_items(content, "pre"), form_items(content, "post")
    assert sorted(i.objective for i in pre_items) == sorted(i.objective for i in post_items)
    assert not {i.id for i in pre_items} & {i.id for i in post_items}
    assert len({i.id.split("-")[0] for i in pre_items}) >= 5


@pytest.mark.parametrize("change,message", [
    (lambda d: d["forms"][1]["items"].__setitem__(0, "lines-q05"), "not parallel"),
    (lambda d: d["forms"][1]["items"].__setitem__(0, "lines-q99"), "unknown quiz item 'lines-q99'"),
    (lambda d: d["forms"][1]["items"].__setitem__(0, d["forms"][0]["items"][0]), "only one form"),
])
def test_bad_forms_are_refused(tmp_content, change, message):
    """Are non-parallel forms, unknown items and an item in both forms refused, naming knowledge-check.yml?"""
    tmp_content.edit("knowledge-check.yml", change)
    with pytest.raises(ContentError) as info:
        load(tmp_content.root)
    assert "knowledge-check.yml" in str(info.value) and message in str(info.value)


def test_live_view_scores_by_clicks(content, pre):
    """Choosing answers and clicking Score: does the result show the score, the objective table and item feedback?"""
    events = []
    view = KnowledgeCheckView(content, "pre", on_event=events.append)
    for it in pre:
        view.answers[it.id].index = it.best_index
    view.answers[pre[0].id].index = wrong_index(pre[0])
    view.submit.click()
    assert f"You scored {len(pre) - 1} of {len(pre)}" in view.result.value and "<table" in view.result.value
    assert "Best answer" in view.item_feedback[pre[1].id].value
    assert events[-1]["correct"] == len(pre) - 1 and events[-1]["id"] == "pre"


def test_static_check_in_browser(content, pre, tmp_path):
    """In Chromium with no kernel, does answering and scoring show the same score and a per-objective table?"""
    from browser import browser_page

    f = tmp_path / "kc.html"
    f.write_text(f'<!doctype html><html lang="en"><body>{render(content, "pre")}</body></html>')
    with browser_page() as page:
        page.goto(f.as_uri())
        for it in pre[:-1]:
            page.locator(f'fieldset[data-sl-item="{it.id}"]').get_by_label(it.options[it.best_index].text, exact=True).check()
        page.get_by_role("button", name="Score my answers").click()
        out = page.locator(".sl-feedback").inner_text()
        assert f"You scored {len(pre) - 1} of {len(pre)}" in out and "no answer yet" in out
        assert page.locator(".sl-kc-table tr").count() == 1 + len({it.objective for it in pre})
