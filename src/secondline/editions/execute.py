"""Execute each module notebook once, without widget state, and cache it for the site and the slides.

Run with `store_widget_state=False`, every interaction's output keeps its `text/html` static twin, which is what
the editions show. The cache key is a hash of the notebook, every file in content/, the package's own files
(except editions/, which only shapes the editions) and the versions of the libraries that make a notebook's outputs
(OUTPUT_LIBRARIES), so an edit or an upgrade that could change an output re-executes.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import os
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import nbformat

TIMEOUT = 180  # seconds per cell


@dataclass
class Executed:
    slug: str
    source: Path
    path: Path | None  # the executed copy in the cache, None when it failed
    seconds: float
    cached: bool = False
    error: str | None = None


def _hash_tree(h, folder: Path, skip: tuple[str, ...] = ()) -> None:
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if not p.is_file() or "__pycache__" in p.parts or rel.startswith(skip) or p.suffix == ".pyc":
            continue
        h.update(rel.encode() + b"\0" + p.read_bytes() + b"\0")


# What turns a notebook's code into its stored outputs: the kernel, the widgets and their HTML twins' renderers,
# and nbformat/nbclient, which write them. An upgrade of any of them can change an executed notebook.
OUTPUT_LIBRARIES = ("ipykernel", "ipywidgets", "nbclient", "nbformat", "jupyter_client", "comm", "jinja2",
                    "markupsafe", "pyyaml", "pydantic")


def library_versions(names: tuple[str, ...] = OUTPUT_LIBRARIES) -> str:
    """"name==version" of each library in `names` ("name==absent" when not installed), one per line."""
    from importlib.metadata import PackageNotFoundError, version

    def one(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "absent"

    return "\n".join(f"{n}=={one(n)}" for n in names)


@functools.cache
def _shared_key(content: Path, package: Path, stamp: tuple, libraries: str) -> str:
    h = hashlib.sha256()
    _hash_tree(h, content)
    _hash_tree(h, package, skip=("editions/",))
    h.update(libraries.encode())
    return h.hexdigest()


def _stamp(*folders: Path) -> tuple:
    """Cheap change detector for the functools cache: newest mtime and file count of each folder."""
    out = []
    for f in folders:
        stats = [p.stat() for p in f.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        out.append((len(stats), max((s.st_mtime_ns for s in stats), default=0), sum(s.st_size for s in stats)))
    return tuple(out)


def cache_key(notebook: Path, content: Path, package: Path) -> str:
    shared = _shared_key(content.resolve(), package.resolve(), _stamp(content, package), library_versions())
    return hashlib.sha256(notebook.read_bytes() + shared.encode()).hexdigest()[:16]


def package_dir() -> Path:
    from importlib.resources import files

    return Path(str(files("secondline")))


def _last_line(text: str) -> str:
    """The last non-blank line: a cell's call (`m.quiz("x")`), or an error's summary."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else ""


def describe_failure(rel: str, nb, index: int | None, exc: BaseException) -> str:
    """One line: which notebook, which cell (1-based, with its code), and the error."""
    where = ""
    if index is not None and 0 <= index < len(nb.cells):
        code = _last_line(nb.cells[index].source)
        where = f" cell {index + 1} of {len(nb.cells)}" + (f" ({code})" if code else "")
    name, value = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    what = f"{name}: {value}" if name else f"{type(exc).__name__}: {_last_line(str(exc)) or 'no message'}"
    return f"{rel}:{where} failed: {what}"


def execute_one(source: Path, target: Path, cwd: Path, display: str, content: Path | None = None
                ) -> tuple[float, str | None]:
    """Execute `source` into `target`; returns (seconds, one-line error or None). Safe to run in a thread."""
    from nbclient import NotebookClient

    start = time.perf_counter()
    nb = nbformat.read(source, as_version=4)
    current: dict = {}

    def on_cell_start(cell, cell_index):
        current["index"] = cell_index

    # shutdown_kernel="immediate": once every cell has run and its outputs are in, the kernel is stopped at once
    # (as nbval does) instead of asked to exit. An ipykernel asked to exit hangs for 2.5 s in about one stop in ten
    # (6.29 to 7.4 alike: its control thread waits on the IOPub thread that its main thread has just stopped) and
    # jupyter_client then terminates it; a polite exit saves nothing here, since a build kernel writes nothing.
    client = NotebookClient(nb, timeout=TIMEOUT, kernel_name="python3", store_widget_state=False,
                            shutdown_kernel="immediate", resources={"metadata": {"path": str(cwd)}},
                            on_cell_start=on_cell_start)
    log = target.with_suffix(".kernel.log")
    try:
        # The kernel's own chatter (a TCP warning on every start) goes to a log kept only when execution fails.
        with open(log, "w") as err:
            # A fresh event loop per thread: nbclient's own run_sync is not meant for concurrent threads.
            # Building must never create or touch a learner's progress record.
            env = dict(os.environ, SECONDLINE_PROGRESS_DB="off")
            if content is not None:  # the kernel reads the same content/ (and catalogs) as the build
                env["SECONDLINE_CONTENT"] = str(content)
            asyncio.run(client.async_execute(stdout=subprocess.DEVNULL, stderr=err, env=env))
    except Exception as exc:  # any kernel, timeout or cell error becomes the one line
        return time.perf_counter() - start, describe_failure(display, nb, current.get("index"), exc)
    log.unlink(missing_ok=True)
    nb.metadata.pop("widgets", None)
    nb.metadata.setdefault("secondline", {})["executed_from"] = display
    tmp = target.with_suffix(".tmp")
    nbformat.write(nb, tmp)
    tmp.replace(target)
    return time.perf_counter() - start, None


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def execute_all(root: Path, slugs: list[str], cache: Path, jobs: int = 2, progress=None,
                notebooks: Path | None = None) -> list[Executed]:
    """Execute (or reuse from `cache`) notebooks/<slug>.ipynb for every slug, `jobs` kernels at a time.

    notebooks: another folder of notebooks to execute (a translation's, built by editions/languages.py), run from
    notebooks/ all the same; give it a cache folder of its own, since its notebooks share their English names."""
    cache.mkdir(parents=True, exist_ok=True)
    folder = notebooks or root / "notebooks"
    notebooks = root / "notebooks"
    content, package = root / "content", package_dir()

    def one(slug: str) -> Executed:
        source = folder / f"{slug}.ipynb"
        display = f"notebooks/{slug}.ipynb" if folder == notebooks else _shown(source, root)
        if not source.is_file():
            return Executed(slug, source, None, 0.0, error=f"{display}: no such notebook")
        target = cache / f"{slug}.{cache_key(source, content, package)}.ipynb"
        if target.is_file():
            return Executed(slug, source, target, 0.0, cached=True)
        seconds, error = execute_one(source, target, notebooks, display, content)
        if not error:
            for old in cache.glob(f"{slug}.*.ipynb"):
                if old != target:
                    old.unlink(missing_ok=True)
        return Executed(slug, source, None if error else target, seconds, error=error)

    results: dict[str, Executed] = {}
    with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="secondline-kernel") as pool:
        for future in as_completed([pool.submit(one, s) for s in slugs]):
            x = future.result()
            results[x.slug] = x
            if progress is not None:
                if x.error:
                    progress.message(f"error: {x.error}")
                progress.step(f"execute {x.slug}" + (" (cached)" if x.cached else f" ({x.seconds:.1f} s)"))
    return [results[s] for s in slugs]
