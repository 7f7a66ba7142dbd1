"""The learner's record in a browser kernel (JupyterLite, Pyodide): SQLite in memory, saved to browser storage.

Pyodide's SQLite cannot open a file on JupyterLite's drive (/drive, kept in the browser's IndexedDB): it reports
"disk I/O error". So the record lives in an in-memory database, with the same schema and code as on a computer
(store.Store), and after every write the whole database (a few kilobytes) is serialized to one file on the
drive; on start it is read back. Several notebooks (each its own kernel) may be open at once: before each write
a store re-reads the file if another kernel changed it since, so one kernel never overwrites another's answers.
When the file cannot be written (storage full, private browsing, storage cleared), the answer still counts for
this visit and the learner is told, once, that it is not saved and that exporting from My progress keeps it.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

from ..content.words import N_
from .store import SQLITE_HEADER, NullStore, ProgressError, Store

DRIVE = Path("/drive")
FOLDER = "my-progress"  # shown in JupyterLite's file browser, so the learner sees where the record is
FILE_NAME = "progress.sqlite3"


def in_browser() -> bool:
    """Is this a browser kernel (Pyodide under JupyterLite)?"""
    return sys.platform == "emscripten"


def browser_path() -> Path:
    return DRIVE / FOLDER / FILE_NAME


class BrowserStore(Store):
    """store.Store on an in-memory database, written whole to `path` after each write and read from it on start."""

    where = N_("in this web browser")  # My progress says where the record is kept (in the language in use)

    def __init__(self, path: Path | str, notice: str | None = None):
        self._seen: tuple | None = None
        super().__init__(path, notice)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)

    def _setup(self) -> None:
        self._load()
        super()._setup()

    # ---- the file on the drive
    def _stamp(self) -> tuple | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_size, st.st_mtime_ns)

    def _load(self) -> None:
        """Read the saved record into the in-memory database (nothing saved yet: start empty)."""
        stamp = self._stamp()
        if stamp is None or stamp[0] == 0:
            self._seen = stamp
            return
        data = self.path.read_bytes()
        if not data.startswith(SQLITE_HEADER):
            raise sqlite3.DatabaseError(f"file is not a database: {self.path}")
        self._db.deserialize(data)
        self._seen = stamp

    @staticmethod
    def _not_saved(exc: Exception) -> ProgressError:
        why = getattr(exc, "strerror", None) or exc
        return ProgressError(f"Your answer counts for this visit, but this browser did not let Second Line save it "
                             f"({why}). Open My progress and export your record to keep it.")

    def _save(self) -> None:
        data = self._db.serialize()
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
            os.replace(tmp, self.path)
        except OSError as exc:
            raise self._not_saved(exc) from exc
        self._seen = self._stamp()

    def _write(self, fn):
        with self._lock:
            stamp = self._stamp()
            if stamp != self._seen and stamp is not None and stamp[0] > 0:
                try:
                    self._load()  # another notebook saved since: build on its record, not over it
                except (OSError, sqlite3.Error) as exc:
                    raise self._not_saved(exc) from exc
            result = super()._write(fn)
            self._save()
            return result


def open_browser_store(path: Path | None = None) -> BrowserStore | NullStore:
    """The browser's record. Never raises: a record that cannot be read is kept as a backup and a new one started."""
    path = Path(path) if path else browser_path()
    try:
        return BrowserStore(path)
    except Exception as exc:  # noqa: BLE001 - an unreadable saved record: keep it aside, start again, say so
        try:
            backup = path.with_name(f"{path.stem}-unreadable{path.suffix}")
            os.replace(path, backup)
            return BrowserStore(path, notice=f"Your saved record could not be read ({exc}); it was kept as "
                                             f"{backup.name} and a new record was started.")
        except Exception as again:  # noqa: BLE001
            return NullStore(f"Your answers still work, but they are not being saved in this browser ({again}).",
                             path)
