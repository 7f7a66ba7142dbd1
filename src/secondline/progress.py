"""The learner's record (answers, completed modules, pre/post results, confidence) in SQLite, kept safe.

One file per learner, in the user's data folder (or SECONDLINE_PROGRESS_DB). The only identity is a display name
the learner chooses: no patient data is asked for or stored. The file is SQLite in WAL mode, written in short
transactions with a busy timeout and retries, so several notebooks (kernels) can record at once and a killed
process loses nothing it had committed. A file that is not a readable record is kept as a backup, never deleted;
a location that cannot be written gives a store that records nothing, so notebooks still work.

The JSON export is the website's format (editions/page_assets/site.js), extended compatibly:
    {"format": "secondline-progress", "version": 1, "attempts": [{"kind", "id", "choice", "verdict", "time"}],
     "learner": {"display_name", "key"}, "modules_completed": [{"module", "time"}],
     "tests": [{"form", "variant", "answers", "percent", "correct", "total", "per_objective", "time"}],
     "confidence": [{"objective", "when", "rating", "time"}]}
Every answer is kept, in order, so the first attempt at each item (the one item analysis reads) and every later one
are there. A test's "form" is when it was taken ("pre" or "post"); "variant" is which parallel form ("a" or "b"),
and "answers" each item's choice; records made with the first version's forms have neither, and still load.
"learner.key" is a random key made once per record: it sets the order of the forms (counterbalancing).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import random
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FORMAT = "secondline-progress"
FORMAT_VERSION = 1
ENV = "SECONDLINE_PROGRESS_DB"
OFF = {"off", "none", "0", "false", "no"}  # SECONDLINE_PROGRESS_DB=off: record nothing (builds, CI)
FILE_NAME = "progress.sqlite3"
SQLITE_HEADER = b"SQLite format 3\x00"
MAX_TEXT = 10_000  # the longest display name kept (characters)
MAX_IMPORT_BYTES = 20_000_000
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


def now() -> str:
    """UTC time as ISO 8601 with a Z, like JavaScript's toISOString() but to the microsecond."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def parse_time(text: str) -> dt.datetime:
    t = dt.datetime.fromisoformat(text)
    return t if t.tzinfo else t.replace(tzinfo=dt.UTC)


def default_path() -> Path | None:
    """SECONDLINE_PROGRESS_DB if set (None when it says off), else progress.sqlite3 in the user's data folder."""
    env = os.environ.get(ENV, "").strip()
    if env.lower() in OFF and env:
        return None
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("secondline", appauthor=False)) / FILE_NAME


# --------------------------------------------------------------------------- the record, in memory and as JSON

@dataclass(frozen=True)
class Attempt:
    kind: str
    id: str
    choice: int | None
    verdict: str | None
    time: str
    module: str | None = None
    scene: str | None = None
    score: tuple[int, int] | None = None  # (right, total) of a sort or a knowledge check

    def to_json(self) -> dict:
        out: dict[str, Any] = {"kind": self.kind, "id": self.id, "choice": self.choice, "verdict": self.verdict,
                               "time": self.time}
        if self.module is not None:
            out["module"] = self.module
        if self.scene is not None:
            out["scene"] = self.scene
        if self.score is not None:
            out["score"] = {"right": self.score[0], "total": self.score[1]}
        return out


@dataclass(frozen=True)
class TestResult:
    form: str  # "pre" or "post": when it was taken
    percent: float
    time: str
    correct: int | None = None
    total: int | None = None
    per_objective: dict[str, tuple[int, int]] = field(default_factory=dict)  # objective -> (correct, asked)
    variant: str | None = None  # the parallel form taken, "a" or "b"; None for the first version's forms
    answers: dict[str, int | None] = field(default_factory=dict)  # item id -> option chosen (None: unanswered)

    def to_json(self) -> dict:
        out = {"form": self.form, "percent": self.percent, "correct": self.correct, "total": self.total,
               "per_objective": {k: list(v) for k, v in self.per_objective.items()}, "time": self.time}
        if self.variant is not None:
            out["variant"] = self.variant
        if self.answers:
            out["answers"] = dict(self.answers)
        return out


@dataclass(frozen=True)
class Rating:
    objective: str
    when: str  # "before" or "after"
    rating: int  # 1 (not at all confident) to 5 (very confident)
    time: str

    def to_json(self) -> dict:
        return {"objective": self.objective, "when": self.when, "rating": self.rating, "time": self.time}


@dataclass
class Record:
    """One learner's record: what the store holds and what an export file carries."""

    display_name: str = ""
    attempts: list[Attempt] = field(default_factory=list)
    completed: dict[str, str] = field(default_factory=dict)  # module slug -> time first marked complete
    tests: list[TestResult] = field(default_factory=list)
    confidence: list[Rating] = field(default_factory=list)
    learner_key: str = ""  # random, made once per record; sets the order of the pre/post forms

    def first_attempts(self, kind: str = "quiz") -> dict[str, Attempt]:
        """Item id -> the learner's first answer to it (the later ones stay in `attempts`, in order)."""
        out: dict[str, Attempt] = {}
        for a in sorted((a for a in self.attempts if a.kind == kind and a.choice is not None),
                        key=lambda a: parse_time(a.time)):  # stable: answers at the same instant keep their order
            out.setdefault(a.id, a)
        return out

    def first_test(self, form: str) -> TestResult | None:
        """The first attempt at a form: a retake after seeing the answers would overstate what was learned."""
        done = sorted((t for t in self.tests if t.form == form), key=lambda t: parse_time(t.time))
        return done[0] if done else None

    def latest_ratings(self) -> dict[tuple[str, str], int]:
        """(objective, "before"|"after") -> the latest rating given."""
        out: dict[tuple[str, str], int] = {}
        for r in sorted(self.confidence, key=lambda r: parse_time(r.time)):
            out[(r.objective, r.when)] = r.rating
        return out

    def to_json(self) -> dict:
        return {"format": FORMAT, "version": FORMAT_VERSION, "exported": now(),
                "learner": {"display_name": self.display_name, **({"key": self.learner_key} if self.learner_key else {})},
                "attempts": [a.to_json() for a in self.attempts],
                "modules_completed": [{"module": m, "time": t} for m, t in self.completed.items()],
                "tests": [t.to_json() for t in self.tests],
                "confidence": [r.to_json() for r in self.confidence]}


class RecordError(ValueError):
    """An export file that cannot be read as a record; the message names the problem (and the file, if given)."""


def parse_record(data: bytes | str | dict, name: str = "") -> Record:
    """Check an export (the website's or ours) and read it; RecordError names the first problem and where."""
    where = f"{name}: " if name else ""
    if isinstance(data, bytes | bytearray | memoryview):
        if len(data) > MAX_IMPORT_BYTES:
            raise RecordError(f"{where}the file is {len(data):,} bytes; a progress file is far smaller")
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise RecordError(f"{where}not a text file (a progress file is JSON text)") from None
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as exc:
            raise RecordError(f"{where}not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
        except RecursionError:
            raise RecordError(f"{where}not valid JSON (nested too deeply)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RecordError(f'{where}not a Second Line progress file (it needs "format": "{FORMAT}")')
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise RecordError(f'{where}"version" should be a whole number such as {FORMAT_VERSION}')
    if version > FORMAT_VERSION:
        raise RecordError(f"{where}written by a newer Second Line (format version {version}; this one reads up to "
                          f"{FORMAT_VERSION}): update Second Line to read it")
    from pydantic import ValidationError

    from .progress_schema import RecordIn, loc_text, stamp

    try:
        rec = RecordIn.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        more = len(exc.errors()) - 1
        at = loc_text(first["loc"])
        msg = first["msg"].removeprefix("Value error, ").replace(
            "a valid dictionary or instance of _CompletedIn", 'a module slug or an object with "module" and "time"')
        if first["type"] not in ("missing", "value_error") and not isinstance(first.get("input"), dict | list):
            msg += f" (found {json.dumps(first.get('input'))[:60]})"
        raise RecordError(f"{where}{at + ': ' if at else ''}{msg}"
                          + (f" (and {more} more problem{'s' * (more > 1)})" if more else "")) from None
    attempts = [Attempt(a.kind, a.id, a.choice, a.verdict, a.time, a.module, a.scene,
                        (a.score.right, a.score.total) if a.score else None) for a in rec.attempts]
    exported = data.get("exported")
    try:  # a bare module slug (an older or simpler writer) counts as completed when the file was exported
        fallback = stamp(exported) if isinstance(exported, str) else now()
    except ValueError:
        fallback = now()
    completed: dict[str, str] = {}
    for c in rec.modules_completed:
        slug, when = (c, fallback) if isinstance(c, str) else (c.module, c.time)
        if slug not in completed or parse_time(when) < parse_time(completed[slug]):
            completed[slug] = when
    if rec.tests is not None:
        tests = [TestResult(t.form, t.percent, t.time, t.correct, t.total,
                            {k: (v[0], v[1]) for k, v in t.per_objective.items()}, t.variant, dict(t.answers))
                 for t in rec.tests]
    else:  # the website keeps a knowledge check as an answer with its score (and, since issue 13, its form)
        tests = [TestResult(a.id, round(100 * a.score.right / a.score.total, 1), a.time, a.score.right,
                            a.score.total, {}, a.form, dict(a.answers))
                 for a in rec.attempts if a.kind == "knowledge-check" and a.id in ("pre", "post") and a.score
                 and a.score.total and a.score.right <= a.score.total]
    ratings = [Rating(r.objective, r.when, r.rating, r.time) for r in rec.confidence]
    return Record(rec.learner.display_name if rec.learner else "", attempts, completed, tests, ratings,
                  rec.learner.key if rec.learner else "")


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
        parts = [f"{self.attempts} answer{'s' * (self.attempts != 1)}", f"{self.completed} completed module"
                 f"{'s' * (self.completed != 1)}", f"{self.tests} test result{'s' * (self.tests != 1)}",
                 f"{self.ratings} confidence rating{'s' * (self.ratings != 1)}"]
        text = "Added " + ", ".join(parts) + "."
        if self.already_had:
            text += f" {self.already_had} entr{'ies' if self.already_had != 1 else 'y'} were already in your record."
        if self.name_taken:
            text += " Your display name was taken from the file."
        return text


def _busy(exc: sqlite3.Error) -> bool:
    return getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or \
        "locked" in str(exc) or "busy" in str(exc)


def _kind(exc: sqlite3.Error) -> str:
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
        self._db = sqlite3.connect(str(self.path), timeout=BUSY_MS / 1000, isolation_level=None,
                                   check_same_thread=False)
        try:
            self._setup()
        except BaseException:
            self._db.close()
            raise

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


# --------------------------------------------------------------------------- opening, whatever is at the path

def open_store(path: Path | str | None = None) -> Store | NullStore:
    """The learner's store. Never raises: a problem gives a NullStore or a fresh Store, with a notice saying why."""
    if path is None:
        try:
            path = default_path()
        except Exception as exc:  # e.g. no home folder: recording is simply off
            return NullStore(f"Your answers are not being saved: no data folder could be found ({exc}).")
        if path is None:
            return NullStore(f"Recording is switched off ({ENV}={os.environ.get(ENV)}); your answers still work.")
    path = Path(path)
    not_saved = "Your answers still work, but they are not being saved"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return NullStore(f"{not_saved}: the folder {path.parent} cannot be created ({exc.strerror or exc}). "
                         f"Set {ENV} to a file in a folder you can write to.", path)
    if path.is_dir():
        return NullStore(f"{not_saved}: {path} is a folder, not a file. Set {ENV} to a file path.", path)
    try:
        if _intent_path(path).exists():
            with _file_lock(path):
                resumed = _resume_locked(path)
            if resumed is not None:
                return resumed
    except OSError as exc:
        return NullStore(f"{not_saved}: an earlier start was setting aside {path} as a backup and this one could not "
                         f"finish it ({exc.strerror or exc}); nothing was changed.", path)
    try:
        reason = _unreadable(path)
        if reason is None:
            return Store(path)
    except ProgressError as exc:
        return NullStore(str(exc), path)
    except sqlite3.Error as exc:
        kind = _kind(exc)
        if kind == "readonly" and path.is_file() and os.access(path.parent, os.W_OK):
            return NullStore(f"{not_saved}: your progress record {path} is read-only, so nothing you answer is "
                             "kept. Make the file writable (or ask a facilitator to), or set "
                             f"{ENV} to another file, then restart the kernel.", path)
        if kind == "readonly":
            return NullStore(f"{not_saved}: {path} is in a place that cannot be written to ({exc}). "
                             f"Set {ENV} to a file in a folder you can write to.", path)
        if kind == "busy":
            return NullStore(f"{not_saved}: another program has kept {path} locked for over "
                             f"{BUSY_MS // 1000} seconds. Restart the kernel to try again.", path)
        if kind != "corrupt":
            return NullStore(f"{not_saved}: {path} cannot be used ({exc}).", path)
        reason = f"{exc}"
    except OSError as exc:
        return NullStore(f"{not_saved}: {path} cannot be read ({exc.strerror or exc}).", path)
    return _recover(path, reason)


def _unreadable(path: Path) -> str | None:
    """Why the file at path is plainly not an SQLite file, or None (it may still fail SQLite's own checks)."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    with open(path, "rb") as f:
        head = f.read(len(SQLITE_HEADER))
    return None if head == SQLITE_HEADER else "it is not an SQLite file"


SIDE_FILES = ("-wal", "-shm", "-journal")  # SQLite's own files beside the record; their pages belong to it


def _intent_path(path: Path) -> Path:
    return Path(f"{path}.recovering")


def _recover(path: Path, reason: str) -> Store | NullStore:
    """Keep the unreadable file as a timestamped backup (never delete it) and start a new record.

    Setting it aside is several renames (the record, then SQLite's -wal, -shm and -journal files), so it is
    written down first: an intent file names the backup, the moves follow (side files first, the record last),
    and the intent goes only once the new record is open. A start killed at any moment leaves the intent behind,
    and the next start (_resume) finishes the same moves and says so: nothing committed is lost, and no old -wal
    is ever left beside a new record."""
    with _file_lock(path):
        if _intent_path(path).exists():  # another start was killed part way: finish its backup, not a new one
            try:
                resumed = _resume_locked(path)
            except OSError as exc:
                return NullStore(f"Your progress record {path} could not be read ({reason}) and an earlier backup of "
                                 f"it could not be finished ({exc.strerror or exc}); nothing was deleted and your "
                                 "answers are not being saved.", path)
            if resumed is not None:
                return resumed
        try:  # another process may have recovered it while we waited for the lock
            if _unreadable(path) is None:
                store = Store(path)
                store.notice = (f"Your progress record {path} could not be read ({reason}), so it was kept as a "
                                "backup and a new record was started.")
                return store
        except (sqlite3.Error, ProgressError, OSError):
            pass
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        backup = path.with_name(f"{path.name}.unreadable-{stamp}")
        n = 1
        while any(os.path.lexists(f"{backup}{side}") for side in ("", *SIDE_FILES)):
            backup, n = path.with_name(f"{path.name}.unreadable-{stamp}-{n}"), n + 1
        notice = (f"Your progress record could not be read ({reason}). It was kept, unchanged, as {backup}, and a "
                  "new record was started. Nothing was deleted; a facilitator can help recover the old file.")
        try:
            _write_intent(path, backup, reason)
            _set_aside(path, backup)
        except OSError as exc:
            return NullStore(f"Your progress record {path} could not be read ({reason}) and could not be set aside "
                             f"({exc.strerror or exc}); nothing was deleted and your answers are not being saved.",
                             path)
        log.warning("progress record %s unreadable (%s); kept as %s", path, reason, backup)
        return _fresh(path, notice)


def _fresh(path: Path, notice: str) -> Store | NullStore:
    """The new record after a backup, with its notice; the intent goes only now, so a kill before this point is
    finished (and told) by the next start."""
    try:
        store = Store(path, notice=notice)
    except (sqlite3.Error, ProgressError, OSError) as exc:
        return NullStore(f"{notice} The new record could not be started either ({exc}); your answers are not "
                         "being saved.", path)
    try:
        _intent_path(path).unlink(missing_ok=True)
        _sync_dir(path.parent)
    except OSError:
        pass  # the next start finds every move done and only repeats the notice
    return store


def _write_intent(path: Path, backup: Path, reason: str) -> None:
    intent, tmp = _intent_path(path), Path(f"{path}.recovering.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump({"backup": backup.name, "reason": reason}, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, intent)  # the intent exists whole, or not at all
    _sync_dir(path.parent)


def _set_aside(path: Path, backup: Path) -> None:
    """Move the record's side files, then the record, to the backup's names. Safe to run again after a kill:
    a move already made is skipped, and once the record itself has moved everything has."""
    if os.path.lexists(backup):
        return
    for side in SIDE_FILES:
        src, dst = Path(f"{path}{side}"), Path(f"{backup}{side}")
        if os.path.lexists(src) and not os.path.lexists(dst):
            os.rename(src, dst)
    if os.path.lexists(path):
        os.rename(path, backup)
    _sync_dir(path.parent)


def _resume_locked(path: Path) -> Store | NullStore | None:
    """Finish a backup that an earlier start began and did not finish (it was killed), and say so; None when
    there is nothing to finish. The caller holds the file lock."""
    intent = _intent_path(path)
    try:
        plan = json.loads(intent.read_text(encoding="utf-8"))
        backup, reason = path.with_name(Path(plan["backup"]).name), str(plan.get("reason", "unreadable"))
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError, AttributeError):
        # an intent that cannot be read was never whole (it is written whole, then renamed): nothing moved on it
        intent.unlink(missing_ok=True)
        return None
    _set_aside(path, backup)
    log.warning("finished setting aside the unreadable progress record %s as %s", path, backup)
    return _fresh(path, f"An earlier start was interrupted while it set aside your progress record, which could not "
                        f"be read ({reason}). This start finished the job: the old record is kept, unchanged, as "
                        f"{backup}, and a new record was started. Nothing was deleted; a facilitator can help recover "
                        "the old file.")


def _sync_dir(folder: Path) -> None:
    """Make renames in folder durable (POSIX); a file system that cannot is left to its own order."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def _file_lock(path: Path):
    """An exclusive lock beside the record, so two processes never both set the same file aside (POSIX only)."""
    try:
        import fcntl
    except ImportError:  # Windows: the race is narrow and the worst case is one extra backup
        yield
        return
    try:
        fd = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- one store per process, and the recorder

_shared: dict[str, Store | NullStore] = {}
_shared_lock = threading.Lock()


def shared_store(path: Path | str | None = None) -> Store | NullStore:
    """The store for path (default: default_path()), opened once per process and shared by every notebook call."""
    try:
        key = str(Path(path).expanduser().resolve()) if path else f"default:{os.environ.get(ENV, '')}"
    except OSError:
        key = str(path)
    with _shared_lock:
        if key not in _shared:
            _shared[key] = open_store(path)
        return _shared[key]


def close_shared() -> None:
    """Close every shared store (tests, and a kernel that wants to let go of the file)."""
    with _shared_lock:
        for store in _shared.values():
            try:
                store.close()
            except sqlite3.Error:
                pass
        _shared.clear()


class Recorder:
    """A ModuleBook's on_event: keeps each answer in the learner's store, opened on first use.

    It never raises into the notebook. The first problem (or a notice such as "your old record was kept as a
    backup") is returned once as a message, which the live view that emitted the event shows under itself.
    """

    def __init__(self, module: str | None = None, path: Path | str | None = None):
        self.module, self._path = module, path
        self._store: Store | NullStore | None = None
        self.warned: str | None = None

    @property
    def store(self) -> Store | NullStore:
        if self._store is None:
            try:
                self._store = shared_store(self._path)
            except Exception as exc:  # never into the notebook
                self._store = NullStore(f"Your answers still work, but they are not being saved ({exc}).")
        return self._store

    def warn_once(self, message: str) -> str | None:
        if self.warned is not None:
            return None
        self.warned = message
        log.warning("%s", message)
        return message

    def pending_notice(self) -> str | None:
        """The store's notice, if not yet shown."""
        notice = self.store.notice
        return self.warn_once(notice) if notice else None

    def __call__(self, event: dict) -> str | None:
        try:
            store = self.store
            store.record_event(event, module=self.module)
        except Exception as exc:  # recording must never break a notebook
            return self.warn_once(f"Your answers still work, but this one could not be saved ({_plain(exc)}). "
                                  "Restart the kernel to try again; My progress shows what is saved.")
        return self.pending_notice()


def _plain(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}" if not isinstance(exc, ProgressError) else str(exc)
