"""One store per process, shared by every notebook call, and the Recorder that keeps each answer in it without
ever raising into a notebook."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import weakref
from pathlib import Path

from ..content.words import _
from .opening import open_store
from .store import ENV, NullStore, ProgressError, Store

log = logging.getLogger(__name__)


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
        self._on_complete: list[weakref.WeakMethod] = []

    def when_completed(self, method) -> None:
        """Call the bound `method` (for example My progress's show) after a module is recorded complete, so what
        the learner sees follows the button at once. Held weakly: a view that is gone is dropped, never kept."""
        self._on_complete.append(weakref.WeakMethod(method))

    def _completed(self) -> None:
        alive = [ref for ref in self._on_complete if ref() is not None]
        self._on_complete = alive
        for ref in alive:
            try:
                ref()()
            except Exception as exc:  # a view's refresh never breaks the answer that was just saved
                log.warning("refresh after completion failed: %s", exc)

    @property
    def store(self) -> Store | NullStore:
        if self._store is None:
            try:
                self._store = shared_store(self._path)
            except Exception as exc:  # never into the notebook
                self._store = NullStore(_("Your answers still work, but they are not being saved (%(error)s).")
                                        % {"error": exc})
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
            if event.get("kind") == "module-complete":
                self._completed()
        except ProgressError as exc:  # says itself what happened and what to do
            return self.warn_once(str(exc))
        except Exception as exc:  # recording must never break a notebook
            return self.warn_once(_("Your answers still work, but this one could not be saved (%(error)s). Restart "
                                    "the kernel to try again; My progress shows what is saved.")
                                  % {"error": _plain(exc)})
        return self.pending_notice()


def _plain(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}" if not isinstance(exc, ProgressError) else str(exc)
