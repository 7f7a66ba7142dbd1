"""`cached()`: the checked content a notebook reads, given to a kernel fast (no YAML, no pydantic).

load.py reads content/ and checks it (YAML, pydantic); that costs a kernel about 0.2 s, most of it imports. A
notebook only reads content that has passed the check, so `cached()` keeps a snapshot of the checked content
(readonly.py: read-only records, pickled) in the user's cache folder, keyed by every content file's path, size and
modification time and by the code that shapes it. A kernel that finds a current snapshot reads it in a few
milliseconds; any edit to content/ (or to the models) makes it stale, and the next call checks content/ again and
writes a new one. SECONDLINE_CACHE names another folder, or "off" for none. A snapshot that cannot be read or
written is only a slower start: it never stops a notebook. A snapshot is a pickle, so it is read only from the
user's own cache folder (or the one SECONDLINE_CACHE names): never point that at a folder others can write to.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
from pathlib import Path

from .course import Content, default_root

CACHE_ENV = "SECONDLINE_CACHE"
OFF = {"off", "none", "0", "false", "no"}
SNAPSHOT_FORMAT = 1
# The code that gives content its shape: a snapshot written by other versions of these files is not read.
SHAPING_CODE = ("schema.py", "readonly.py", "course.py", "errors.py", "cache.py", "load.py", "i18n.py")


# --------------------------------------------------------------------------- cached(): this process, then a snapshot

_CACHE: dict[str, tuple[tuple, Content]] = {}
_FROZEN = False


def _stamp(root: Path) -> tuple:
    """A cheap change detector for content/: every file's path, size and modification time (a few dozen stats)."""
    out = []
    for p in sorted(root.rglob("*")):
        if p.is_file():
            st = p.stat()
            out.append((p.relative_to(root).as_posix(), st.st_size, st.st_mtime_ns))
    return tuple(out)


def _code_stamp() -> tuple:
    here = Path(__file__).parent
    out = []
    for name in SHAPING_CODE:
        st = (here / name).stat()
        out.append((name, st.st_size, st.st_mtime_ns))
    return (SNAPSHOT_FORMAT, sys.version_info[:2], *out)


def cache_dir() -> Path | None:
    """Where snapshots go: SECONDLINE_CACHE, else the user's cache folder; None when switched off."""
    env = os.environ.get(CACHE_ENV, "").strip()
    if env.lower() in OFF:
        return None
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("secondline", appauthor=False))


def snapshot_path(root: Path) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    return folder / f"content-{hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]}.pickle"


def read_snapshot(path: Path | None, key: tuple) -> Content | None:
    """The snapshot's content if it was written for this key (content files and code); else None."""
    if path is None:
        return None
    try:
        with path.open("rb") as f:
            if pickle.load(f) != key:
                return None
            content = pickle.load(f)
        return content if isinstance(content, Content) else None
    except Exception:  # missing, half-written by a crash, or from another version: check content/ again
        return None


def write_snapshot(path: Path | None, key: tuple, content: Content) -> None:
    """Write atomically (two kernels may start at once); a folder that cannot be written is left alone."""
    if path is None:
        return
    from .readonly import to_records

    light = to_records(content)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as f:
            pickle.dump(key, f, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(light, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def _key(path: Path, stamp: tuple) -> tuple:
    return (str(path.resolve()), stamp, _code_stamp())


def remember(content: Content) -> None:
    """Snapshot content that content.load() has just checked (`secondline check` does, so the first notebook a
    learner opens after set-up starts fast too)."""
    write_snapshot(snapshot_path(content.root), _key(content.root, _stamp(content.root)), content)


def cached_in(lang: str, root: Path | str | None = None) -> Content:
    """The checked content in `lang` ("en": cached() itself): the English, translated through the language's catalog
    (content/i18n.py: translated), kept for this process and as a snapshot beside the English one, keyed by the same
    stamp (the catalog lives under content/, so an edit to it makes the snapshot stale too)."""
    english = cached(root)
    if lang == "en":
        return english
    if root is None and "bundled" in _CACHE:  # a build's wheel: its translations are bundled beside the English
        if f"bundled:{lang}" not in _CACHE:
            from .bundle import read_bundled

            _CACHE[f"bundled:{lang}"] = ((), read_bundled(lang))
        if _CACHE[f"bundled:{lang}"][1] is not None:
            return _CACHE[f"bundled:{lang}"][1]
    path = Path(root) if root else default_root()
    where, stamp = f"{path.resolve()}:{lang}", _stamp(path)
    hit = _CACHE.get(where)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    key = (*_key(path, stamp), lang)
    snap = snapshot_path(path)
    snap = snap.with_name(f"{snap.stem}-{lang}{snap.suffix}") if snap is not None else None
    content = read_snapshot(snap, key)
    if content is None:
        from .i18n import translated

        content = translated(english, lang)
        write_snapshot(snap, key, content)
    _CACHE[where] = (stamp, content)
    return content


def cached(root: Path | str | None = None) -> Content:
    """The checked content of root: kept for this process, else read from a current snapshot, else loaded and
    checked by content.load() (which raises ContentError for a bad file) and snapshotted for the next kernel.

    A notebook re-run after an edit to content/ sees the edit: both caches are keyed by every file's stats."""
    global _FROZEN
    if root is None and os.environ.get("SECONDLINE_CONTENT") is None and "bundled" not in _CACHE:
        from .bundle import read_bundled  # a build's wheel (JupyterLite) carries the checked content: trusted, as is

        bundled = read_bundled()
        if bundled is not None:
            _CACHE["bundled"] = ((), bundled)
    if root is None and "bundled" in _CACHE:
        return _CACHE["bundled"][1]
    path = Path(root) if root else default_root()
    where, stamp = str(path.resolve()), _stamp(path)
    hit = _CACHE.get(where)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    key = _key(path, stamp)
    snap = snapshot_path(path)
    content = read_snapshot(snap, key)
    if content is None:
        from .load import load

        content = load(path)
        write_snapshot(snap, key, content)
    _CACHE[where] = (stamp, content)
    if not _FROZEN:
        # The content, and every module imported so far, lives as long as the process. Moving them out of the
        # garbage collector's view spares every later full collection, and the one at exit: a kernel holding
        # the content took 0.15 s to exit instead of 0.02 s (benchmarks/results.md), paid by every run-all.
        gc.freeze()
        _FROZEN = True
    return content
