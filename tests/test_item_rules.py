"""Item-writing rules (issue 13): the measuring on small fixtures, then the rules over the whole bank."""

from __future__ import annotations

import pytest

from secondline.content import item_rules
from secondline.content.item_rules import measure, problems
from secondline.content.schema import QuizItem


def item(texts: list[str], best: int, level: str | None = "apply", n: int = 0) -> QuizItem:
    verdicts = ["best" if i == best else "unsafe" for i in range(len(texts))]
    return QuizItem(id=f"x-q{n:02d}", objective="x-o1", level=level, prompt="What do you say?",
                    options=[{"text": t, "verdict": v, "why": "Because it is so.", "sources": ["s"]}
                             for t, v in zip(texts, verdicts, strict=True)])


def test_best_longest_counts_ties_and_ignores_spacing():
    """Is an item counted when its best option is the longest, ties and runs of spaces included, and not otherwise?"""
    items = [item(["aaaa", "bb", "cc"], 0), item(["aaa", "bbb", "c"], 1, n=1), item(["a  b", "cccc", "dd"], 0, n=2)]
    f = measure(items)
    # a  b is 3 characters once spaces are folded, shorter than cccc
    assert (f.items, f.best_longest) == (3, 2)
    assert f.best_longest_share == pytest.approx(2 / 3)


def test_mean_lengths_and_gap():
    """Are the mean lengths of best and other options, and the gap between them, computed over all options?"""
    f = measure([item(["x" * 30, "y" * 10, "z" * 20], 0), item(["x" * 10, "y" * 30, "z" * 20, "w" * 20], 0, n=1)])
    assert f.best_mean == 20 and f.other_mean == pytest.approx(100 / 5)
    assert f.length_gap == pytest.approx(0.0)
    f = measure([item(["x" * 60, "y" * 40, "z" * 40], 0)])
    assert f.length_gap == pytest.approx(0.5)
    assert any("+50%" in p for p in problems(f))


def test_positions_counted_over_items_that_have_them():
    """Are A-C shared over items with 3-4 options, D over items with 4, and 2- or 5-option items left out?"""
    items = [item(["a", "b", "c"], 0), item(["a", "b", "c"], 1, n=1), item(["a", "b", "c", "d"], 3, n=2),
             item(["a", "b", "c", "d"], 2, n=3), item(["a", "b"], 0, n=4), item(list("abcde"), 4, n=5)]
    f = measure(items)
    assert f.positioned == 4 and f.fours == 2
    assert f.position_shares() == {0: 0.25, 1: 0.25, 2: 0.25, 3: 0.5}
    broken = problems(f)
    assert any(p.startswith("position D holds the best option in 1 of the 2 items") for p in broken)
    assert not any(p.startswith(("position A", "position B", "position C")) for p in broken)


def test_an_item_without_a_level_is_refused():
    """Does content validation refuse a quiz item with no cognitive level, naming the field?"""
    with pytest.raises(ValueError, match="level"):
        item(["a", "bb", "cc"], 0, level=None)


def test_levels_missing_and_high_share():
    """Is an item without a level reported (as a model built without validation can be), and the share at apply or
    above compared with 60%?"""
    items = [item(["a", "bb", "cc"], 0, level=lv, n=i) for i, lv in enumerate(["apply", "evaluate", "remember"])]
    items.append(items[0].model_copy(update={"level": None, "id": "x-q03"}))
    f = measure(items)
    assert f.unlevelled == 1 and f.high_level_share == 0.5
    broken = problems(f)
    assert "1 of 4 items have no level" in broken
    assert any("2 of 4 items are at apply or above (50%" in p for p in broken)


def test_a_bank_that_meets_the_rules_has_no_problems():
    """Does a balanced bank (best never the longest, positions spread, all apply) pass every rule?"""
    items = [item(["a" * 10 if i != b else "a" * 9 for i in range(3)], b, n=k) for k, b in enumerate([0, 1, 2] * 3)]
    assert problems(measure(items)) == []


# --------------------------------------------------------------------------- the rules over the whole bank
# These measure content/: the bank as a whole (every module's quiz and the knowledge check's items).


@pytest.fixture(scope="module")
def whole(content):
    return measure(it for items in item_rules.bank(content).values() for it in items)


def test_best_is_rarely_the_longest(whole):
    """Is the best option the longest in at most 40% of the bank's items?"""
    assert whole.best_longest_share <= item_rules.MAX_BEST_LONGEST, item_rules.problems(whole)[0]


def test_best_options_are_not_longer_than_the_others(whole):
    """Is the mean length of best options within 15% of the mean length of the other options?"""
    assert abs(whole.length_gap) <= item_rules.MAX_LENGTH_GAP, (
        f"best {whole.best_mean:.0f} vs other {whole.other_mean:.0f} characters ({whole.length_gap:+.0%})")


def test_best_position_is_spread(whole):
    """Does each position hold the best option in 15% to 45% of the items (with 3-4 options) that have it?"""
    low, high = item_rules.POSITION_SHARE
    shares = whole.position_shares()
    assert shares and all(low <= s <= high for s in shares.values()), {"ABCD"[p]: f"{s:.0%}" for p, s in shares.items()}


def test_every_item_has_a_level(content):
    """Does every item in the bank say what it asks (remember, understand, apply, analyse, evaluate)?"""
    missing = [it.id for items in item_rules.bank(content).values() for it in items if it.level is None]
    assert not missing, f"{len(missing)} items have no level, e.g. {', '.join(missing[:5])}"


def test_most_items_ask_for_judgement(whole):
    """Are at least 60% of the bank's items at apply, analyse or evaluate?"""
    assert whole.high_level_share >= item_rules.MIN_HIGH_LEVEL, f"{whole.high_level_share:.0%}"


def test_report_prints_every_group(content):
    """Does the printed report name every module's prefix, the knowledge check and the whole bank?"""
    text = item_rules.report(content)
    for mc in content.modules.values():
        assert f"{mc.module.prefix}: " in text
    assert "whole bank: " in text and ("Rules met." in text or "Rules broken: " in text)
