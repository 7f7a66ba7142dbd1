"""Opening the learner's record, whatever is at the path: a NullStore (with a message) where nothing can be saved,
and an unreadable file kept as a timestamped backup, set aside so that a kill at any moment loses nothing."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from .store import BUSY_MS, ENV, SQLITE_HEADER, NullStore, ProgressError, Store, default_path, error_kind

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- opening, whatever is at the path

def open_store(path: Path | str | None = None) -> Store | NullStore:
    """The learner's store. Never raises: a problem gives a NullStore or a fresh Store, with a notice saying why."""
    if path is None and not os.environ.get(ENV, "").strip():
        from .browser import in_browser, open_browser_store

        if in_browser():  # JupyterLite: SQLite in memory, saved to the browser's storage after each write
            return open_browser_store()
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
        kind = error_kind(exc)
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
