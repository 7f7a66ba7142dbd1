"""The hub's pure parts, with no hub running: the live view's counts and the record API's reading of the store."""

from __future__ import annotations

import pytest

from secondline.record.format import Attempt, Record


@pytest.fixture(scope="module")
def content():
    from secondline.content.cache import cached

    return cached()


def quiz(item: str, choice: int | None, t: str) -> Attempt:
    return Attempt("quiz", item, choice, None, f"2026-12-03T10:{t}Z")


def test_the_live_view_counts_each_learners_latest_answer_to_the_last_item(content):
    """Does the item answered last win, each learner count once with their latest choice, and nothing else count?"""
    from secondline.hub.live import room_counts

    items = content.module("01-lines-of-treatment").quiz.items
    a, b = items[0].id, items[1].id
    records = [
        Record("Zed Quill", [quiz(a, 0, "00:00"), quiz(b, 1, "00:05"), quiz(b, 2, "00:09")]),  # changed their mind
        Record("Yara Voss", [quiz(b, 2, "00:07"), quiz(a, 1, "00:08")]),
        Record("Xan Pell", [quiz(b, 0, "00:06"), quiz("no-such-item", 0, "00:59"), quiz(b, 99, "00:58"),
                         quiz(b, None, "00:57")]),  # unknown item, impossible option and no choice are ignored
        Record("Wu Kai", []),
    ]
    r = room_counts(records, content)
    assert r.item == b and r.at == "2026-12-03T10:00:09Z"
    assert [o.count for o in r.options] == [1, 0, 2] + [0] * (len(items[1].options) - 3)
    assert r.answered == 3 and r.learners == 4
    assert [o.letter for o in r.options][:3] == ["A", "B", "C"] and r.options[0].text == items[1].options[0].text
    assert not any(n in str(r.to_json()) for n in ("Zed Quill", "Yara Voss", "Xan Pell", "Wu Kai"))


def test_the_live_view_waits_before_any_answer(content):
    """With no answers yet, is there no item and no count (rather than an error)?"""
    from secondline.hub.live import room_counts

    r = room_counts([Record("x", [Attempt("case", "lines-c1", 0, None, "2026-12-03T10:00:00Z")])], content)
    assert r.item is None and r.options == [] and r.answered == 0 and r.learners == 1


def test_the_record_api_reads_the_learners_store_and_never_creates_one(tmp_path, monkeypatch):
    """Does the server extension return the learner's export, and None (never a new file) when there is none?"""
    pytest.importorskip("jupyter_server")
    from secondline.hub.record_api import read_record
    from secondline.record.store import Store

    db = tmp_path / "secondline" / "progress.sqlite3"
    monkeypatch.setenv("SECONDLINE_PROGRESS_DB", str(db))
    assert read_record() is None and not db.exists()
    db.parent.mkdir()
    s = Store(db)
    s.set_display_name("Ana")
    s.record_attempt("quiz", "lines-q01", 1, "best")
    s.close()
    record = read_record()
    assert record["learner"]["display_name"] == "Ana" and [a["id"] for a in record["attempts"]] == ["lines-q01"]
    monkeypatch.setenv("SECONDLINE_PROGRESS_DB", "off")
    assert read_record() is None
