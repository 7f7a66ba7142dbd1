"""The learner's record (answers, completed modules, pre/post results, confidence) in SQLite, kept safe.

One file per learner, in the user's data folder (or SECONDLINE_PROGRESS_DB). The only identity is a display name
the learner chooses: no patient data is asked for or stored. The file is SQLite in WAL mode, written in short
transactions with a busy timeout and retries, so several notebooks (kernels) can record at once and a killed
process loses nothing it had committed. A file that is not a readable record is kept as a backup, never deleted;
a location that cannot be written gives a store that records nothing, so notebooks still work.

The record's shape and its JSON export are in format.py; opening.py opens whatever is at the path.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.words import N_, _
from .format import MAX_TEXT, Attempt, Rating, Record, TestResult, now, parse_time

ENV = "SECONDLINE_PROGRESS_DB"
OFF = {"off", "none", "0", "false", "no"}  # SECONDLINE_PROGRESS_DB=off: record nothing (builds, CI)
FILE_NAME = "progress.sqlite3"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_MS = 10_000  # SQLite waits this long for another writer before it reports "busy"...
RETRIES = 6  # ...and a write is then tried this many times in all, with a growing, jittered pause
# The kinds of answer kept, as on the website: the question-list builder promises to keep nothing, and glossary
# browsing, trial searches and the values exercise are not answers.
ANSWER_KINDS = ("quiz", "case", "sort", "knowledge-check")

# Each entry brings the schema from version i to i + 1 (PRAGMA user_version). Never edit a released entry:
# append a new one. tests/test_progress.py keeps a frozen copy of version 1 and checks it migrates.
MIGRATIONS: list[tuple[str, ...]] = [
    (  # 1: answers, completed modules and the learner's chosen display name
        "CREATE TABLE attempt (n INTEGER PRIMARY KEY, kind TEXT NOT NULL, item TEXT NOT NULL, choice INTEGER,"
        " verdict TEXT, time TEXT NOT NULL)",
        "CREATE TABLE completion (module TEXT PRIMARY KEY, time TEXT NOT NULL)",
        "CREATE TABLE learner (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ),
    (  # 2: where an answer was given and what it scored; pre/post results; confidence ratings
        "ALTER TABLE attempt ADD COLUMN module TEXT",
        "ALTER TABLE attempt ADD COLUMN scene TEXT",
        "ALTER TABLE attempt ADD COLUMN score_right INTEGER",
        "ALTER TABLE attempt ADD COLUMN score_total INTEGER",
        "CREATE INDEX attempt_item ON attempt (kind, item)",
        "CREATE TABLE test_result (n INTEGER PRIMARY KEY, form TEXT NOT NULL CHECK (form IN ('pre', 'post')),"
        " percent REAL NOT NULL CHECK (percent BETWEEN 0 AND 100), correct INTEGER, total INTEGER,"
        " per_objective TEXT NOT NULL DEFAULT '{}', time TEXT NOT NULL)",
        "CREATE TABLE confidence (n INTEGER PRIMARY KEY, objective TEXT NOT NULL,"
        " phase TEXT NOT NULL CHECK (phase IN ('before', 'after')),"
        " rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5), time TEXT NOT NULL)",
    ),
    (  # 3: which parallel form (a or b) a test was and each item's answer (issue 13); the record's stable key
        "ALTER TABLE test_result ADD COLUMN variant TEXT",
        "ALTER TABLE test_result ADD COLUMN answers TEXT NOT NULL DEFAULT '{}'",
        "INSERT OR IGNORE INTO learner (key, value) VALUES ('key', lower(hex(randomblob(16))))",
    ),
]
SCHEMA_VERSION = len(MIGRATIONS)
OUR_TABLES = {"attempt", "completion", "learner", "test_result", "confidence"}


def default_path() -> Path | None:
    """SECONDLINE_PROGRESS_DB if set (None when it says off), else progress.sqlite3 in the user's data folder."""
    env = os.environ.get(ENV, "").strip()
    if env.lower() in OFF and env:
        return None
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("secondline", appauthor=False)) / FILE_NAME


# --------------------------------------------------------------------------- the store

class ProgressError(Exception):
    """The record cannot be used; the message says why in plain words."""


@dataclass
class ImportResult:
    attempts: int = 0
    completed: int = 0
    tests: int = 0
    ratings: int = 0
    name_taken: bool = False
    already_had: int = 0

    def summary(self) -> str:
        """What an import added, in the language in use (content/words.py): each count its own singular or plural."""
        def count(n: int, one: str, many: str) -> str:
            return _(one) if n == 1 else _(many) % {"n": n}

        text = _("Added %(answers)s, %(modules)s, %(tests)s, %(ratings)s.") % {
            "answers": count(self.attempts, N_("1 answer"), N_("%(n)s answers")),
            "modules": count(self.completed, N_("1 completed module"), N_("%(n)s completed modules")),
            "tests": count(self.tests, N_("1 test result"), N_("%(n)s test results")),
            "ratings": count(self.ratings, N_("1 confidence rating"), N_("%(n)s confidence ratings"))}
        if self.already_had:
            text += " " + count(self.already_had, N_("1 entry was already in your record."),
                                N_("%(n)s entries were already in your record."))
        if self.name_taken:
            text += " " + _("Your display name was taken from the file.")
        return text


def _busy(exc: sqlite3.Error) -> bool:
    return getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or \
        "locked" in str(exc) or "busy" in str(exc)


def error_kind(exc: sqlite3.Error) -> str:
    """'readonly', 'corrupt', 'busy' or 'other', from SQLite's error code (Python 3.11+) or its message."""
    name, text = getattr(exc, "sqlite_errorname", ""), str(exc).lower()
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")) or "readonly" in text \
            or "unable to open" in text:
        return "readonly"
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text or "not a database" in text:
        return "corrupt"
    if _busy(exc):
        return "busy"
    return "other"


class Store:
    """The learner's record in one SQLite file. Every method is safe to call from several processes at once."""

    recording = True

    def __init__(self, path: Path | str, notice: str | None = None):
        self.path = Path(path)
        self.notice = notice  # something the learner should know about this record (e.g. a backup was made)
        self._lock = threading.RLock()
        self._db = self._connect()
        try:
            self._setup()
        except BaseException:
            self._db.close()
            raise

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(str(self.path), timeout=BUSY_MS / 1000, isolation_level=None, check_same_thread=False)

    def _setup(self) -> None:
        db = self._db
        db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        # Check before changing anything, so a file that is not ours (or is newer) is left byte for byte as it was.
        check = db.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise sqlite3.DatabaseError(f"database disk image is malformed ({check})")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise ProgressError(f"Your progress record {self.path} was written by a newer version of Second Line "
                                f"(record version {version}; this one knows up to {SCHEMA_VERSION}). It is left as "
                                "it is and nothing is recorded: update Second Line to keep recording.")
        if version == 0:
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables - OUR_TABLES:
                raise sqlite3.DatabaseError("file is not a database: an SQLite file of another program")
        self._probe_write()
        _retry(lambda: db.execute("PRAGMA journal_mode = WAL").fetchone())
        db.execute("PRAGMA synchronous = FULL")  # a commit is on disk before the answer is acknowledged
        db.execute("PRAGMA secure_delete = ON")  # a reset overwrites what it deletes
        if version < SCHEMA_VERSION:
            self._write(self._migrate)

    def _probe_write(self) -> None:
        """Fail now (SQLITE_READONLY) if this file cannot be written, rather than on every answer: SQLite opens a
        read-only file read-only without a word. The table is created and rolled back, so nothing changes."""
        def probe():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("CREATE TABLE secondline_write_probe (x)")
            finally:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
        with self._lock:
            _retry(probe)

    @staticmethod
    def _migrate(db: sqlite3.Connection) -> None:
        # Inside BEGIN IMMEDIATE: read the version again, as another process may have migrated meanwhile.
        version = db.execute("PRAGMA user_version").fetchone()[0]
        for i, statements in enumerate(MIGRATIONS[version:], start=version + 1):
            for sql in statements:
                db.execute(sql)
            db.execute(f"PRAGMA user_version = {i}")

    def _write(self, fn: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run fn in one write transaction (all or nothing), retrying while another process holds the lock."""
        with self._lock:
            def attempt():
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    result = fn(self._db)
                    self._db.execute("COMMIT")
                    return result
                except BaseException:
                    if self._db.in_transaction:
                        self._db.execute("ROLLBACK")
                    raise
            return _retry(attempt)

    @contextmanager
    def _snapshot(self):
        """Several reads that see one consistent state."""
        with self._lock:
            self._db.execute("BEGIN")
            try:
                yield self._db
            finally:
                if self._db.in_transaction:
                    self._db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # ---- writing
    def record_attempt(self, kind: str, item: str, choice: int | None = None, verdict: str | None = None,
                       when: str | None = None, module: str | None = None, scene: str | None = None,
                       score: tuple[int, int] | None = None) -> None:
        a = Attempt(kind, item, choice, verdict, when or now(), module, scene, score)
        self._write(lambda db: _insert_attempts(db, [a]))

    def record_event(self, event: dict, module: str | None = None) -> None:
        """Keep what a live view emitted (LiveView.emit): answers, test scores, completion, confidence."""
        kind, ident = event.get("kind"), event.get("id")
        if kind == "module-complete":
            self.mark_complete(str(ident))
        elif kind == "confidence":
            self.record_confidence(event["ratings"], event["when"])
        elif kind in ANSWER_KINDS and isinstance(ident, str):
            choice = event.get("choice")
            a = Attempt(kind, ident, choice if isinstance(choice, int) and not isinstance(choice, bool) else None,
                        event.get("verdict") if isinstance(event.get("verdict"), str) else None, now(), module,
                        event.get("scene") if isinstance(event.get("scene"), str) else None)
            if kind == "sort" and isinstance(event.get("right"), int):
                a = _with_score(a, event["right"], event.get("total", 0))
            test = None
            if kind == "knowledge-check" and ident in ("pre", "post"):
                a = _with_score(a, event["correct"], event["total"])
                per = {k: (int(v[0]), int(v[1])) for k, v in (event.get("per_objective") or {}).items()}
                form = event.get("form") if event.get("form") in ("a", "b") else None
                answers = {str(k): (v if isinstance(v, int) and not isinstance(v, bool) else None)
                           for k, v in (event.get("answers") or {}).items()}
                test = TestResult(ident, float(event["percent"]), a.time, event["correct"], event["total"], per,
                                  form, answers)

            def write(db):
                _insert_attempts(db, [a])
                if test:
                    _insert_tests(db, [test])
            self._write(write)

    def record_test(self, form: str, percent: float, per_objective: dict[str, tuple[int, int]] | None = None,
                    correct: int | None = None, total: int | None = None, when: str | None = None) -> None:
        t = TestResult(form, percent, when or now(), correct, total, dict(per_objective or {}))
        self._write(lambda db: _insert_tests(db, [t]))

    def mark_complete(self, module: str, when: str | None = None) -> str:
        """Record a module as complete (the first time counts); return when it was first completed."""
        def write(db):
            db.execute("INSERT OR IGNORE INTO completion (module, time) VALUES (?, ?)", (module, when or now()))
            return db.execute("SELECT time FROM completion WHERE module = ?", (module,)).fetchone()[0]
        return self._write(write)

    def record_confidence(self, ratings: dict[str, int], when: str) -> None:
        if when not in ("before", "after"):
            raise ValueError(f"when is 'before' or 'after', not {when!r}")
        stamp = now()
        rows = [Rating(oid, when, int(r), stamp) for oid, r in ratings.items()]
        self._write(lambda db: _insert_ratings(db, rows))

    def set_display_name(self, name: str) -> None:
        if len(name) > MAX_TEXT:
            raise ValueError(f"a display name can have up to {MAX_TEXT:,} characters")
        self._write(lambda db: db.execute("INSERT OR REPLACE INTO learner (key, value) VALUES ('display_name', ?)",
                                          (name,)))

    def reset(self) -> None:
        """Delete the whole record (the learner asked, and confirmed)."""
        def write(db):
            for table in ("attempt", "completion", "learner", "test_result", "confidence"):
                db.execute(f"DELETE FROM {table}")
        self._write(write)
        with self._lock:  # the write-ahead log still holds the old pages until it is checkpointed and emptied
            try:
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            except sqlite3.OperationalError:
                pass  # another process is reading; SQLite checkpoints it later

    def import_record(self, data: bytes | str | dict | Record, name: str = "") -> ImportResult:
        """Add an export to this record: all of it or, if it has a problem (RecordError), nothing.

        Nothing stored is changed or removed; entries already in the record are not added twice.
        """
        from .schema import parse_record  # pydantic, only when a file is imported

        rec = data if isinstance(data, Record) else parse_record(data, name)

        def write(db) -> ImportResult:
            res = ImportResult()
            have = Counter(_attempt_key(a) for a in _read_attempts(db))
            new = []
            for a in rec.attempts:
                key = _attempt_key(a)
                if have[key]:
                    have[key] -= 1
                    res.already_had += 1
                else:
                    new.append(a)
            _insert_attempts(db, new)
            res.attempts = len(new)
            for slug, when in rec.completed.items():
                old = db.execute("SELECT time FROM completion WHERE module = ?", (slug,)).fetchone()
                if old is None:
                    db.execute("INSERT INTO completion (module, time) VALUES (?, ?)", (slug, when))
                    res.completed += 1
                else:
                    res.already_had += 1
                    if parse_time(when) < parse_time(old[0]):  # keep the first completion
                        db.execute("UPDATE completion SET time = ? WHERE module = ?", (when, slug))
            had_tests = db.execute("SELECT 1 FROM test_result LIMIT 1").fetchone() is not None
            tests = Counter(_test_key(t) for t in _read_tests(db))
            fresh = [t for t in rec.tests if not _take(tests, _test_key(t))]
            _insert_tests(db, fresh)
            res.tests = len(fresh)
            ratings = Counter(_read_ratings(db))
            fresh_r = [r for r in rec.confidence if not _take(ratings, r)]
            _insert_ratings(db, fresh_r)
            res.ratings = len(fresh_r)
            res.already_had += len(rec.tests) - len(fresh) + len(rec.confidence) - len(fresh_r)
            if rec.display_name and not _name(db):
                db.execute("INSERT OR REPLACE INTO learner (key, value) VALUES ('display_name', ?)",
                           (rec.display_name,))
                res.name_taken = True
            if rec.learner_key and not had_tests:
                # a record moved to a new computer, before any test here: keep its order of the forms
                db.execute("INSERT OR REPLACE INTO learner (key, value) VALUES ('key', ?)", (rec.learner_key,))
            return res
        return self._write(write)

    # ---- reading
    def record(self) -> Record:
        with self._snapshot() as db:
            return Record(_name(db), _read_attempts(db),
                          dict(db.execute("SELECT module, time FROM completion ORDER BY time").fetchall()),
                          _read_tests(db), _read_ratings(db), _key(db))

    def learner_key(self) -> str:
        """The record's stable key (random; made by the migration, or again after a reset)."""
        def write(db) -> str:
            db.execute("INSERT OR IGNORE INTO learner (key, value) VALUES ('key', lower(hex(randomblob(16))))")
            return _key(db)
        return self._write(write)

    def export(self) -> dict:
        return self.record().to_json()

    def display_name(self) -> str:
        with self._lock:
            return _name(self._db)

    def count_attempts(self) -> int:
        with self._lock:
            return self._db.execute("SELECT count(*) FROM attempt").fetchone()[0]

    def completed(self) -> dict[str, str]:
        with self._lock:
            return dict(self._db.execute("SELECT module, time FROM completion").fetchall())


class NullStore:
    """A store that records nothing (read-only location, newer record, recording switched off): same calls."""

    recording = False

    def __init__(self, notice: str, path: Path | None = None):
        self.notice, self.path = notice, path

    def _nothing(self, *args, **kwargs) -> None:
        return None

    record_attempt = record_event = record_test = record_confidence = set_display_name = reset = close = _nothing

    def mark_complete(self, module: str, when: str | None = None) -> str:
        return when or now()

    def import_record(self, data, name: str = "") -> ImportResult:
        from .schema import parse_record

        if not isinstance(data, Record):
            parse_record(data, name)  # a problem in the file is still named first
        raise ProgressError(self.notice)

    def record(self) -> Record:
        return Record()

    def export(self) -> dict:
        return Record().to_json()

    def display_name(self) -> str:
        return ""

    def learner_key(self) -> None:
        return None  # no record: the forms go in their default order (A before, B after)

    def count_attempts(self) -> int:
        return 0

    def completed(self) -> dict[str, str]:
        return {}


def _retry(fn: Callable[[], Any]) -> Any:
    for n in range(RETRIES):
        try:
            return fn()
        except sqlite3.OperationalError as exc:
            if not _busy(exc) or n == RETRIES - 1:
                raise
            time.sleep(min(2.0, 0.05 * 2 ** n) * (0.5 + random.random()))


def _with_score(a: Attempt, right: int, total: int) -> Attempt:
    return Attempt(a.kind, a.id, a.choice, a.verdict, a.time, a.module, a.scene, (int(right), int(total)))


def _take(counter: Counter, key) -> bool:
    if counter[key]:
        counter[key] -= 1
        return True
    return False


def _attempt_key(a: Attempt) -> tuple:
    return (a.kind, a.id, a.choice, a.verdict, a.time, a.scene)


def _test_key(t: TestResult) -> tuple:
    return (t.form, round(t.percent, 3), t.time)


def _name(db) -> str:
    row = db.execute("SELECT value FROM learner WHERE key = 'display_name'").fetchone()
    return row[0] if row else ""


def _key(db) -> str:
    row = db.execute("SELECT value FROM learner WHERE key = 'key'").fetchone()
    return row[0] if row else ""


def _insert_attempts(db, attempts: list[Attempt]) -> None:
    db.executemany("INSERT INTO attempt (kind, item, choice, verdict, time, module, scene, score_right, score_total)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [(a.kind, a.id, a.choice, a.verdict, a.time, a.module, a.scene,
                     *(a.score if a.score else (None, None))) for a in attempts])


def _read_attempts(db) -> list[Attempt]:
    rows = db.execute("SELECT kind, item, choice, verdict, time, module, scene, score_right, score_total"
                      " FROM attempt ORDER BY n").fetchall()
    return [Attempt(*r[:7], (r[7], r[8]) if r[7] is not None else None) for r in rows]


def _insert_tests(db, tests: list[TestResult]) -> None:
    db.executemany("INSERT INTO test_result (form, percent, correct, total, per_objective, time, variant, answers)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   [(t.form, t.percent, t.correct, t.total,
                     json.dumps({k: list(v) for k, v in t.per_objective.items()}), t.time, t.variant,
                     json.dumps(t.answers)) for t in tests])


def _read_tests(db) -> list[TestResult]:
    rows = db.execute("SELECT form, percent, time, correct, total, per_objective, variant, answers"
                      " FROM test_result ORDER BY n")
    return [TestResult(f, p, t, c, n, {k: (v[0], v[1]) for k, v in json.loads(per).items()}, var, json.loads(ans))
            for f, p, t, c, n, per, var, ans in rows.fetchall()]


def _insert_ratings(db, ratings: list[Rating]) -> None:
    db.executemany("INSERT INTO confidence (objective, phase, rating, time) VALUES (?, ?, ?, ?)",
                   [(r.objective, r.when, r.rating, r.time) for r in ratings])


def _read_ratings(db) -> list[Rating]:
    return [Rating(*r) for r in db.execute("SELECT objective, phase, rating, time FROM confidence ORDER BY n")]
