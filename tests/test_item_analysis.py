"""Item analysis (issue 13): difficulty, point-biserial discrimination, option frequencies and flags, checked on
small hand-made data and on simulated cohorts with known item parameters (two-parameter logistic model)."""

from __future__ import annotations

import csv
import io
import json
import math
import random
from types import SimpleNamespace

import pytest

from fake_learners import fake_export
from secondline.record import item_analysis as ia
from secondline.record.schema import parse_record


def opt(verdict: str) -> SimpleNamespace:
    return SimpleNamespace(verdict=verdict)


def make_item(iid: str, best: int = 0, n_options: int = 4, unsafe: tuple[int, ...] = ()) -> SimpleNamespace:
    verdicts = ["best" if i == best else ("unsafe" if i in unsafe else "acceptable") for i in range(n_options)]
    return SimpleNamespace(id=iid, objective="x-o1", prompt=f"Question {iid}?", level="apply",
                           options=[opt(v) for v in verdicts], best_index=best)


def ranks(xs):
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    r = [0.0] * len(xs)
    i = 0
    while i < len(order):  # ties share their mean rank
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2
        i = j + 1
    return r


def spearman(xs, ys) -> float:
    rx, ry = ranks(xs), ranks(ys)
    return ia.point_biserial(rx, ry)  # Pearson's r on ranks


# --------------------------------------------------------------------------- small, hand-made


def test_difficulty_counts_and_flags_on_a_small_table():
    """With 10 learners, are difficulty, option counts, an option nobody chose and a popular unsafe option right?"""
    items = [make_item("q1", best=0, unsafe=(1,)), make_item("q2", best=2)]
    choices_q1 = [0, 0, 0, 1, 1, 1, 1, 2, 2, 0]  # D (3) never chosen; unsafe B chosen by 4 of 10
    responses = {str(k): {"q1": c, "q2": 2} for k, c in enumerate(choices_q1)}
    q1, q2 = ia.analyse(responses, items, "test")
    assert (q1.learners, q1.counts, q1.difficulty) == (10, (4, 4, 2, 0), 0.4)
    assert "option-never-chosen" in q1.flags and q1.never_chosen == (3,)
    assert "unsafe-popular" in q1.flags and q1.unsafe_popular == (1,)
    assert "(D)" in q1.flag_text() and "(B)" in q1.flag_text()
    assert q1.choices_text().startswith("A best 40%, B unsafe 40%")
    assert q2.difficulty == 1.0 and "too-easy" in q2.flags and q2.discrimination is None


def test_discrimination_is_against_the_rest_score():
    """Does an item that the stronger learners get right correlate positively, one they get wrong negatively, and
    is the item itself left out of the rest-score?"""
    items = [make_item(f"q{i}") for i in range(5)]
    responses = {}
    for k in range(20):
        strong = k >= 10
        ans = {f"q{i}": 0 if (strong or (k + i) % 4 == 0) else 1 for i in range(1, 4)}
        ans["q0"] = 0 if strong else 1  # follows strength
        ans["q4"] = 1 if strong else 0  # runs against it
        responses[str(k)] = ans
    stats = {s.item: s for s in ia.analyse(responses, items)}
    assert stats["q0"].discrimination > 0.7 and stats["q4"].discrimination < -0.5
    assert "low-discrimination" in stats["q4"].flags and "low-discrimination" not in stats["q0"].flags


def test_few_learners_are_shown_but_not_flagged():
    """With fewer than 10 first answers, are the figures there but no flag raised?"""
    items = [make_item("q1")]
    s, = ia.analyse({str(k): {"q1": 0} for k in range(5)}, items)
    assert s.difficulty == 1.0 and s.learners == 5 and s.flags == ()


def test_csv_has_a_row_per_item_and_defuses_formulas():
    """Does the CSV have its header and one row per item, with text that starts like a formula made inert?"""
    item = make_item("q1")
    item.prompt = "=HYPERLINK(\"http://x\")"
    text = ia.to_csv(ia.analyse({str(k): {"q1": k % 4} for k in range(12)}, [item], "g", {"x-o1": "Explain x"}))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(ia.CSV_COLUMNS) and len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["prompt"].startswith("'=") and row["objective_text"] == "Explain x" and row["difficulty"] == "0.25"


# --------------------------------------------------------------------------- simulated cohorts (2PL)


def simulate(n_learners: int, a: list[float], b: list[float], seed: int):
    """Each learner has an ability from N(0, 1); P(best) = 1 / (1 + exp(-a (ability - b))). A wrong answer picks
    one of the three other options at random."""
    rng = random.Random(seed)
    items = [make_item(f"q{i:02d}", best=i % 4) for i in range(len(a))]
    responses = {}
    for k in range(n_learners):
        theta = rng.gauss(0, 1)
        ans = {}
        for it, ai, bi in zip(items, a, b, strict=True):
            if rng.random() < 1 / (1 + math.exp(-ai * (theta - bi))):
                ans[it.id] = it.best_index
            else:
                ans[it.id] = rng.choice([i for i in range(4) if i != it.best_index])
        responses[str(k)] = ans
    return items, responses


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_recovers_the_hardest_and_least_discriminating_items(seed):
    """On 500 simulated learners and 24 items with known difficulty (b) and discrimination (a), does the analysis
    rank items by difficulty as the model does, rank discrimination with the true a, flag the least discriminating
    item and find the three hardest among its four hardest?"""
    rng = random.Random(100 + seed)
    a = [rng.uniform(0.6, 2.5) for _ in range(24)]
    b = [rng.uniform(-2.0, 2.0) for _ in range(24)]
    a[5] = 0.05  # an item that tells nobody apart
    b[5] = 0.0
    items, responses = simulate(500, a, b, seed)
    stats = ia.analyse(responses, items)
    p = [s.difficulty for s in stats]
    r = [s.discrimination for s in stats]
    # the model's own share right for each item: P(best) averaged over abilities from N(0, 1) (quadrature)
    grid = [-4 + 0.05 * k for k in range(161)]
    weights = [math.exp(-t * t / 2) for t in grid]
    expected = [sum(w / (1 + math.exp(-ai * (t - bi))) for t, w in zip(grid, weights, strict=True)) / sum(weights)
                for ai, bi in zip(a, b, strict=True)]
    assert spearman(p, expected) > 0.95
    assert spearman(p, b) < -0.8  # harder items (higher b): fewer right
    assert spearman(r, a) > 0.6
    weakest = min(range(len(stats)), key=lambda i: r[i])
    assert weakest == 5 and "low-discrimination" in stats[5].flags
    hardest_true = sorted(range(24), key=lambda i: expected[i])[:3]
    hardest_found = sorted(range(24), key=lambda i: p[i])[:4]
    assert set(hardest_true) <= set(hardest_found)
    for i in range(24):  # every very hard or very easy item is flagged as such
        if p[i] < ia.TOO_HARD:
            assert "too-hard" in stats[i].flags
        if p[i] > ia.TOO_EASY:
            assert "too-easy" in stats[i].flags


# --------------------------------------------------------------------------- from learners' records


def test_first_attempts_only(content):
    """Is a learner's later, corrected answer to an item ignored (it came after feedback)?"""
    it = content.module("01-lines-of-treatment").quiz.items[0]
    wrong = next(i for i, o in enumerate(it.options) if o.verdict != "best")
    rec = parse_record({"format": "secondline-progress", "version": 1, "attempts": [
        {"kind": "quiz", "id": it.id, "choice": it.best_index, "verdict": "best", "time": "2025-03-01T10:05:00Z"},
        {"kind": "quiz", "id": it.id, "choice": wrong, "verdict": "unsafe", "time": "2025-03-01T10:00:00Z"}]})
    assert rec.first_attempts()[it.id].choice == wrong
    groups = ia.cohort_responses([rec], content)
    assert groups["Module quizzes"]["0"] == {it.id: wrong}


def test_cohort_groups_forms_by_occasion(content):
    """Do knowledge-check answers go to their form and occasion, and old-format records add no item answers?"""
    rng = random.Random(5)
    recs = [parse_record(json.dumps(fake_export(content, rng, f"L{k}"))) for k in range(30)]
    recs.append(parse_record(json.dumps(fake_export(content, rng, "Old", legacy=True))))
    groups = ia.cohort_responses(recs, content)
    assert {"Form A, before the course", "Form B, before the course"} <= set(groups)
    for name, responses in groups.items():
        if name.startswith("Form A"):
            assert all(i.startswith("kc-a") for a in responses.values() for i in a)
    stats = ia.analyse_cohort(recs, content)
    assert {s.group for s in stats} >= {"Module quizzes", "Form A, before the course"}
    assert all(s.objective_text != s.objective for s in stats)  # objectives in words


# --------------------------------------------------------------------------- in the cohort report


def test_cohort_report_carries_the_item_analysis(content, tmp_path):
    """Does `report cohort` write item-analysis.csv and put the analysis in the HTML, items and objectives in words?"""
    from fake_learners import write_cohort
    from secondline.record.report import write_cohort as write_report

    paths = write_cohort(content, tmp_path / "in", 60, seed=11)
    w = write_report(paths, tmp_path / "out", content, "Items")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "item-analysis.csv").read_text(encoding="utf-8"))))
    assert rows and {r["group"] for r in rows} >= {"Module quizzes", "Form A, before the course"}
    html = w.html.read_text(encoding="utf-8")
    assert "<h2>Item analysis</h2>" in html and (tmp_path / "out" / "item-analysis.svg").is_file()
    flagged = [r for r in rows if r["flags"]]
    assert flagged, "random answers to 137 items flag some"
    first = next(s for s in ia.analyse_cohort([parse_record(p.read_bytes()) for p in paths], content) if s.flags)
    from html import escape
    assert escape(first.objective_text, quote=True) in html and escape(first.prompt[:40], quote=True) in html


def test_plot_labels_are_safe_from_mathtext():
    """Is every $ escaped before matplotlib sees it, so a label cannot switch to mathtext?"""
    from secondline.record.item_report import mathtext_safe, plot

    assert mathtext_safe("cost $5 or $10") == r"cost \$5 or \$10"
    stat = ia.ItemStat("g", "q$1$", "x-o1", "x", "p", "apply", ("best", "unsafe"), 20, (4, 16), 0.2, 0.1,
                       ("low-discrimination",))
    fig = plot([stat])
    assert fig is not None and fig.svg.startswith("<?xml")
