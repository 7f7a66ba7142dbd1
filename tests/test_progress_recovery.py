"""The learner's record when its file is against us (issue 14): a read-only record in a writable folder is found
on opening and the learner is told once that answers are not being saved; setting an unreadable record aside is
atomic: a start killed at any step of it loses nothing, and the next start finishes the job and says so.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from secondline.record.opening import open_store
from secondline.record.recorder import Recorder, close_shared
from secondline.record.store import NullStore, Store
from test_progress import _without_root_powers, full_store, quiz_event


@pytest.fixture(autouse=True)
def _fresh_shared():
    yield
    close_shared()


# ---------------------------------------------------------------- a read-only record in a writable folder

READ_ONLY_FILE = textwrap.dedent("""
    import os, sys
    os.environ["SECONDLINE_PROGRESS_DB"] = sys.argv[1]
    import secondline
    m = secondline.module("01-lines-of-treatment")
    q = m.quiz("lines-q01")
    for i in (1, 0, 2):
        q.choices.index = i
        q.check.click()
    warnings = [w.value for w in q.children if "sl-record-warning" in w._dom_classes]
    print(type(m._store()).__name__)
    print(len(warnings))
    print(warnings[0] if warnings else "")
""")


def test_a_read_only_record_in_a_writable_folder_is_found_on_opening(tmp_path):
    """With root's powers dropped so permissions bite: is a read-only record file (its folder writable) found when
    it is opened, the learner told once that answers are not being saved (not 'restart the kernel' on every
    answer), and the file left as it was?"""
    db = tmp_path / "progress.sqlite3"
    full_store(db).close()
    before = db.read_bytes()
    db.chmod(0o444)
    kwargs = {"preexec_fn": _without_root_powers} if os.geteuid() == 0 else {}
    r = subprocess.run([sys.executable, "-c", READ_ONLY_FILE, str(db)], capture_output=True, text=True, timeout=120,
                       **kwargs)
    assert r.returncode == 0, r.stderr[-3000:]
    kind, count, warning = r.stdout.splitlines()[:3]
    assert kind == "NullStore" and count == "1", r.stdout
    assert "is read-only" in warning and "not being saved" in warning and "Restart the kernel" not in warning
    assert db.read_bytes() == before


def test_a_read_only_record_is_told_once_through_the_recorder(tmp_path, monkeypatch):
    """The same in-process (SQLite made to open the file read-only, as it does when it cannot write it): one
    notice, on the first answer, and no error on the next ones."""
    db = tmp_path / "progress.sqlite3"
    full_store(db).close()
    real = sqlite3.connect

    def read_only(database, *args, **kwargs):
        return real(f"file:{database}?mode=ro", *args, uri=True, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", read_only)
    rec = Recorder("01-lines-of-treatment", path=db)
    assert isinstance(rec.store, NullStore)
    first = rec(quiz_event(1))
    assert first and "is read-only" in first and "not being saved" in first
    assert rec(quiz_event(2)) is None and rec(quiz_event(3)) is None


# ---------------------------------------------------------------- setting an unreadable record aside, killed

class Killed(BaseException):
    """The process dying at this point (not an Exception: nothing may catch it)."""


ORIGINAL = {"": b"These are my notes, not a database.\n" * 40, "-wal": os.urandom(3000), "-shm": os.urandom(800)}


def _lay_out(db: Path) -> None:
    for side, data in ORIGINAL.items():
        Path(f"{db}{side}").write_bytes(data)


def _backups(db: Path) -> list[Path]:
    return sorted(p for p in db.parent.glob(f"{db.name}.unreadable-*") if not p.name.endswith(("-wal", "-shm")))


def _kill_at(monkeypatch, step: int) -> list[str]:
    """Make the step-th file operation of the recovery (a rename, a replace or an unlink) kill the process."""
    seen: list[str] = []
    for name in ("rename", "replace", "unlink"):
        real = getattr(os, name)

        def op(*args, _real=real, _name=name, **kwargs):
            seen.append(f"{_name} {Path(args[0]).name}")
            if len(seen) == step + 1:
                raise Killed(seen[-1])
            return _real(*args, **kwargs)

        monkeypatch.setattr(os, name, op)
    return seen


def test_the_recovery_has_the_steps_this_test_kills(tmp_path, monkeypatch):
    """Are the steps below what the recovery does (so killing 'each step' means each step)?"""
    db = tmp_path / "progress.sqlite3"
    _lay_out(db)
    seen = _kill_at(monkeypatch, 10**6)
    store = open_store(db)
    assert isinstance(store, Store)
    store.close()
    assert seen == ["replace progress.sqlite3.recovering.tmp", "rename progress.sqlite3-wal",
                    "rename progress.sqlite3-shm", "rename progress.sqlite3", "unlink progress.sqlite3.recovering"]


@pytest.mark.parametrize("step", range(5), ids=["writing-the-intent", "moving-the-wal", "moving-the-shm",
                                                 "moving-the-record", "removing-the-intent"])
def test_a_start_killed_at_any_step_of_the_backup_loses_nothing(tmp_path, monkeypatch, step):
    """Killed at each step of setting an unreadable record aside: does the next start finish the job, keep
    every byte of the record and its -wal and -shm in one backup, leave no old -wal beside the new record, and
    say what it did?"""
    db = tmp_path / "progress.sqlite3"
    _lay_out(db)
    _kill_at(monkeypatch, step)
    with pytest.raises(Killed):
        open_store(db)
    monkeypatch.undo()
    close_shared()

    store = open_store(db)
    assert isinstance(store, Store), getattr(store, "notice", None)
    [backup] = _backups(db)
    for side, data in ORIGINAL.items():
        assert Path(f"{backup}{side}").read_bytes() == data, f"{side or 'the record'} was not kept whole"
    assert str(backup) in store.notice and "Nothing was deleted" in store.notice
    if step > 0:  # the intent had been written: the next start says it finished an interrupted backup
        assert "An earlier start was interrupted" in store.notice
    assert not Path(f"{db}.recovering").exists()
    store.record_event(quiz_event(1))
    store.close()
    con = sqlite3.connect(db)  # committed: another connection sees it
    assert con.execute("SELECT item FROM attempt").fetchall() == [("lines-q01",)]
    con.close()
    again = open_store(db)
    assert isinstance(again, Store) and again.notice is None and len(_backups(db)) == 1
    again.close()


def test_an_intent_file_that_is_not_whole_is_ignored(tmp_path):
    """Is an intent that cannot be read (it is written whole and renamed, so this is not ours) removed, and the
    record then treated as usual?"""
    db = tmp_path / "progress.sqlite3"
    full_store(db).close()
    Path(f"{db}.recovering").write_text("{half")
    store = open_store(db)
    assert isinstance(store, Store) and store.notice is None and not Path(f"{db}.recovering").exists()
    assert store.count_attempts() > 0
    store.close()
