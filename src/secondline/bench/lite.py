"""The JupyterLite edition in the benchmark: its size, and what a learner waits for in the browser.

One build (modules 00 and 01 plus an empty notebook, the floor) served from 127.0.0.1 with every other request
aborted. Each visit is a fresh browser profile (nothing cached), timed from navigation:
- the floor: the empty notebook's first executed cell (kernel ready, Start module, its output shown);
- module 01: its first interactive widget (kernel ready, Start module, the first live view drawn);
- module 01 again in the same profile (a second visit: the browser's cache and JupyterLite's service worker).
"""

from __future__ import annotations

import time
from pathlib import Path

from .common import MODULE, Options, keep_local, loadavg
from .table import MB, Row

SIZE = "lite build: size on disk (no source maps)"
FLOOR = "lite floor: empty notebook, navigation to first executed cell"
FIRST = f"lite {MODULE[:2]}: navigation to first interactive widget"
AGAIN = f"lite {MODULE[:2]}: second visit (cached), navigation to first widget"
NAMES = (SIZE, FLOOR, FIRST, AGAIN)
TARGET_SIZE = 40 * MB
TARGET_RATIO = 1.3
EMPTY = "zz-bench-empty.ipynb"
START = ".jp-NotebookPanel:not(.lm-mod-hidden) [data-jp-item-name='secondline-start'] button"
KERNEL_READY = """() => {
  const app = window.jupyterapp, w = app && app.shell.currentWidget;
  const sc = w && w.context && w.context.sessionContext, k = sc && sc.session && sc.session.kernel;
  return !!(sc && sc.isReady && !sc.hasNoKernel && k && k.connectionStatus === 'connected' && k.status === 'idle');
}"""


def empty_notebook() -> dict:
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
            "cells": [{"cell_type": "code", "id": "floor", "metadata": {}, "execution_count": None, "outputs": [],
                       "source": "6 * 7"}]}


def bench_lite(opts: Options, scratch: Path) -> list[Row]:
    if not getattr(opts, "lite", True):
        return [Row(n, unit="B" if n == SIZE else "s", note="skipped: not asked for") for n in NAMES]
    from ..content.cache import cached
    from ..editions.common import BuildError
    from ..editions.lite import build_lite, serve

    out = scratch / "lite" / "lite"
    try:
        build_lite(cached(), ["00-start-here", MODULE], out, root=opts.root, notebooks={EMPTY: empty_notebook()},
                   cache=opts.root / "_build" / ".cache" / "lite-wheels")
    except (BuildError, ImportError) as exc:
        return [Row(n, unit="B" if n == SIZE else "s", note=f"skipped: {exc}"[:200]) for n in NAMES]
    files = [p for p in out.rglob("*") if p.is_file()]
    maps = sum(p.name.endswith(".map") for p in files)
    size = Row(SIZE, [float(sum(p.stat().st_size for p in files))], "B", target=TARGET_SIZE, load=loadavg(),
               note=f"{len(files)} files, {maps} source maps; modules 00 and 01 (each other module adds ~30 kB)")
    if not opts.browser:
        return [size, *[Row(n, note="skipped: --no-browser") for n in NAMES[1:]]]
    try:
        from .clicks import _browser

        chromium, args = _browser()
    except RuntimeError as exc:
        return [size, *[Row(n, note=f"skipped: {exc}") for n in NAMES[1:]]]
    from playwright.sync_api import sync_playwright

    runs = max(1, min(opts.runs, 3))  # each visit starts Pyodide: tens of seconds on a loaded machine
    floor, first, again, outside = [], [], [], []
    load = loadavg()
    with serve(out) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=args, headless=True)
        try:
            for _ in range(runs):
                floor.append(_visit(browser, base, EMPTY, ".jp-OutputArea-output", outside)[0])
                a, b = _visit(browser, base, f"{MODULE}.ipynb", ".jp-OutputArea-output .widget-box.sl", outside,
                              twice=True)
                first.append(a)
                again.append(b)
        finally:
            browser.close()
    note = f"{runs} visit(s), fresh profile each; requests leaving 127.0.0.1: {len(outside)}"
    floor_row = Row(FLOOR, floor, "s", load=load, note=note)
    first_row = Row(FIRST, first, "s", target=TARGET_RATIO, versus=FLOOR, load=load,
                    note="Start module, then the first live view (confidence sliders) drawn")
    again_row = Row(AGAIN, again, "s", versus=FLOOR, load=load, note="the same profile, right after the first visit")
    for r in (first_row, again_row):
        r.ratio = r.median / floor_row.median if floor_row.median else None
    return [size, floor_row, first_row, again_row]


def _visit(browser, base: str, path: str, ready: str, outside: list[str], twice: bool = False) -> tuple[float, ...]:
    """Seconds from navigation to `ready` visible after Start module, in a fresh profile (twice: then again)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    keep_local(context, base, outside)
    times = []
    try:
        page = context.new_page()
        for _ in range(2 if twice else 1):
            start = time.perf_counter()
            page.goto(f"{base}/lab/index.html?path={path}")
            page.wait_for_function(KERNEL_READY, timeout=300_000)
            page.locator(START).click()
            page.locator(ready).first.wait_for(timeout=300_000)
            times.append(time.perf_counter() - start)
    finally:
        context.close()
    return tuple(times)
