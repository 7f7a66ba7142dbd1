"""The learner's real waits in JupyterLab, measured in Chromium, each against bare JupyterLab in the same run.

Two JupyterLab servers run side by side on 127.0.0.1, and each round measures all three rows in turn, so a busy
machine slows them alike:

- the learner's JupyterLab, started as ./start starts it (lab/learner.py makes the learner's copy and prints the
  options: only the copy served, the printed link opening the start page, custom.css, the Start module button);
- bare JupyterLab: the same installation with a fresh configuration, our extensions disabled, serving a folder
  that holds one notebook with one cell.

Rows (seconds, from page.goto in a fresh browser context, so nothing is cached, to what the learner waits for):

- the printed link (the server's default URL) to the first interactive widget (an input or button inside a live
  ipywidget) on the start page, the Start module button clicked as soon as it shows;
- module 01 opened to ready: Start module clicked as soon as it shows, every code cell run, the kernel idle and
  every widget output rendered;
- bare JupyterLab: the empty notebook opened, its kernel ready, its first cell run with Shift+Enter and its
  output shown.

Between rounds every kernel is shut down, the learner's copy of each notebook is put back as ./start made it and
the saved workspaces are cleared, so each round is a learner's first open. A row that cannot run says why. The
last round's end states are saved as _build/screenshots/bench-wait-1.png (start page), -2 (module), -3 (bare).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

from .common import MODULE, Options, keep_local, loadavg
from .table import Row

START_ROW = "learner wait: printed link to first widget on the start page (./start's JupyterLab)"
MODULE_ROW = f"learner wait: {MODULE} opened to ready (Start module, widgets rendered)"
BARE_ROW = "bare JupyterLab: empty notebook opened to its first cell's output"
ROWS = (START_ROW, MODULE_ROW, BARE_ROW)

PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
START_BUTTON = f"{PANEL} [data-jp-item-name='secondline-start'] button"
# An input or button inside a live widget (an ipywidget's view, not the static HTML twin).
FIRST_WIDGET = (f"{PANEL} .jp-OutputArea-output .jupyter-widgets input, "
                f"{PANEL} .jp-OutputArea-output .jupyter-widgets button")
# Module ready: every code cell has run, the kernel is idle, and each widget output is drawn as a widget.
MODULE_READY = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!w || !w.content || !w.sessionContext) return false;
  const code = w.content.widgets.filter(c => c.model.type === 'code');
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  if (!code.length || code.some(c => c.model.executionCount === null) || !k || k.status !== 'idle') return false;
  let wanted = 0;
  for (const c of code) {
    const outs = c.model.outputs;
    for (let i = 0; i < outs.length; i++) {
      if (outs.get(i).data['application/vnd.jupyter.widget-view+json']) wanted++;
    }
  }
  const drawn = [...w.node.querySelectorAll('.jp-OutputArea-output')]
    .filter(n => n.querySelector(':scope > .jupyter-widgets')).length;
  return wanted > 0 && drawn >= wanted;
}"""
BARE_CELL = '"ready"'
BARE_NOTEBOOK = {"cells": [{"cell_type": "code", "execution_count": None, "id": "first", "metadata": {},
                            "outputs": [], "source": BARE_CELL}],
                 "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                             "name": "python3"}},
                 "nbformat": 4, "nbformat_minor": 5}
TIMEOUT_MS = 180_000


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _api(base: str, token: str, path: str, method: str = "GET"):
    req = urllib.request.Request(f"{base}{path}", method=method, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(req, timeout=30) as r:  # 127.0.0.1 only: the servers started here
        body = r.read()
    return json.loads(body) if body else None


def _fresh_state(base: str, token: str, workspaces: Path) -> None:
    """Every kernel shut down and no saved workspace: the next open is a first open."""
    for session in _api(base, token, "/api/sessions") or []:
        _api(base, token, f"/api/sessions/{session['id']}", "DELETE")
    for kernel in _api(base, token, "/api/kernels") or []:
        _api(base, token, f"/api/kernels/{kernel['id']}", "DELETE")
    if workspaces.is_dir():
        shutil.rmtree(workspaces)


def _skipped(why: str) -> list[Row]:
    return [Row(n, unit="s", note=f"skipped: {why}") for n in ROWS]


def bench_learner_waits(opts: Options, scratch: Path) -> list[Row]:
    """The three rows above, measured over the same rounds (one warm-up round when opts.warmup)."""
    if not opts.browser:
        return _skipped("--no-browser")
    if not opts.waits:
        return _skipped("not asked for (the smoke test leaves them to tests/test_bench.py's own test)")
    from .clicks import _browser

    try:
        chromium, args = _browser()
        sys.path.insert(0, str(opts.root / "tests"))
        from playwright.sync_api import sync_playwright

        from browser import KERNEL_READY_JS, jupyterlab  # tests/browser.py: what the browser tests use
    except (RuntimeError, ImportError) as exc:
        return _skipped(str(exc))
    finally:
        if sys.path and sys.path[0] == str(opts.root / "tests"):
            sys.path.pop(0)
    learner_py = opts.root / "lab" / "learner.py"
    if not learner_py.is_file():
        return _skipped(f"no {learner_py.relative_to(opts.root)} (./start's setup) in this checkout")
    learner = _load(learner_py, "secondline_bench_learner")
    start_page = learner.START_PAGE

    work = scratch / "waits"
    lab_tmp, bare_tmp = work / "learner-lab", work / "bare-lab"
    for d in (lab_tmp, bare_tmp / "root", bare_tmp / "cfg" / "labconfig"):
        d.mkdir(parents=True, exist_ok=True)
    target = work / "learner"
    root = learner.prepare(target)
    options = tuple(o for o in learner.lab_options(root) if not o.startswith("--ServerApp.root_dir="))
    metadata = learner.kernel_metadata()
    # bare: the same installation, none of ours (the Start module button, the cell-tag classes)
    (bare_tmp / "cfg" / "labconfig" / "page_config.json").write_text(json.dumps(
        {"disabledExtensions": {"secondline-jupyterlab": True, "jupyterlab-celltagsclasses": True}}))

    times: dict[str, list[float]] = {n: [] for n in ROWS}
    shots = opts.root / "_build" / "screenshots"
    loads: list[float] = []
    saved = os.environ.get("SECONDLINE_PROGRESS_DB")
    os.environ["SECONDLINE_PROGRESS_DB"] = "off"  # the kernels inherit it: no learner record is touched
    page = None
    try:
        with ExitStack() as stack:
            base, token = stack.enter_context(jupyterlab(root, lab_tmp, config_dir=target / "jupyter",
                                                         extra_args=options))
            bare, bare_token = stack.enter_context(jupyterlab(bare_tmp / "root", bare_tmp,
                                                              config_dir=bare_tmp / "cfg"))
            p = stack.enter_context(sync_playwright())
            browser = p.chromium.launch(executable_path=chromium, args=args, headless=True)
            stack.callback(browser.close)
            off_machine: list[str] = []

            def fresh_page():
                nonlocal page
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                page = context.new_page()
                keep_local(page, "http://127.0.0.1", off_machine)  # nothing may leave: abort it, the round fails
                return context, page

            def reset():
                _fresh_state(base, token, lab_tmp / "ws")
                _fresh_state(bare, bare_token, bare_tmp / "ws")
                for nb in (opts.root / "notebooks").glob("*.ipynb"):  # as ./start copied it: no outputs
                    learner.copy_notebook(nb, root / nb.name, metadata)
                # autosave may have kept the last round's output: the empty notebook is written again, unrun
                (bare_tmp / "root" / "empty.ipynb").write_text(json.dumps(BARE_NOTEBOOK))

            def start_page_wait(page) -> float:
                t0 = time.perf_counter()
                page.goto(f"{base}/?token={token}")  # the server's default URL: the link ./start prints
                page.locator(START_BUTTON).click(timeout=TIMEOUT_MS)
                page.locator(FIRST_WIDGET).first.wait_for(state="visible", timeout=TIMEOUT_MS)
                took = time.perf_counter() - t0
                here = page.evaluate("() => window.jupyterapp.shell.currentWidget.context.path")
                if here != start_page:
                    raise RuntimeError(f"the printed link opened {here}, not {start_page}")
                return took

            def module_wait(page) -> float:
                t0 = time.perf_counter()
                page.goto(f"{base}/lab/tree/{MODULE}.ipynb?token={token}")
                page.locator(START_BUTTON).click(timeout=TIMEOUT_MS)
                page.wait_for_function(MODULE_READY, timeout=TIMEOUT_MS, polling=50)
                return time.perf_counter() - t0

            def bare_wait(page) -> float:
                t0 = time.perf_counter()
                page.goto(f"{bare}/lab/tree/empty.ipynb?token={bare_token}")
                page.wait_for_function(KERNEL_READY_JS, timeout=TIMEOUT_MS, polling=50)
                page.locator(f"{PANEL} .jp-Cell .jp-InputArea-editor").first.click()
                page.keyboard.press("Shift+Enter")
                page.locator(f"{PANEL} .jp-OutputArea-output", has_text="ready").first.wait_for(timeout=TIMEOUT_MS)
                return time.perf_counter() - t0

            for i in range(opts.warmup + opts.runs):
                for name, measure in ((BARE_ROW, bare_wait), (START_ROW, start_page_wait), (MODULE_ROW, module_wait)):
                    reset()
                    context, page = fresh_page()
                    try:
                        took = measure(page)
                    finally:
                        if off_machine:
                            raise RuntimeError(f"a request left 127.0.0.1: {off_machine[0]}")
                    if i == opts.warmup + opts.runs - 1:  # what was waited for, for a person to look at
                        shots.mkdir(parents=True, exist_ok=True)
                        page.screenshot(path=str(shots / f"bench-wait-{ROWS.index(name) + 1}.png"))
                    context.close()
                    if i >= opts.warmup:
                        times[name].append(took)
                if i >= opts.warmup and (load := loadavg()) is not None:
                    loads.append(load)
    except Exception as exc:  # a benchmark row, never a crash: say what went wrong
        shot = opts.root / "_build" / "bench-waits-failure.png"
        try:
            if page is not None:
                shot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(shot))
        except Exception:  # noqa: BLE001 - the page may be gone with the browser
            pass
        why = f"failed: {type(exc).__name__}: {str(exc).splitlines()[0][:200]} (screenshot: _build/{shot.name})"
        return [Row(n, times[n], "s", note=why if not times[n] else f"{why}; {len(times[n])} run(s) before it")
                for n in ROWS]
    finally:
        if saved is None:
            os.environ.pop("SECONDLINE_PROGRESS_DB", None)
        else:
            os.environ["SECONDLINE_PROGRESS_DB"] = saved
    load = max(loads) if loads else None
    bare_row = Row(BARE_ROW, times[BARE_ROW], "s", load=load,
                   note="fresh config, our extensions off; open, kernel ready, Shift+Enter, output shown")
    rows = [Row(START_ROW, times[START_ROW], "s", versus=BARE_ROW, load=load,
                note="default URL; Start module clicked when shown; first input or button in a live widget"),
            Row(MODULE_ROW, times[MODULE_ROW], "s", versus=BARE_ROW, load=load,
                note="Start module clicked when shown; every cell run, kernel idle, every widget output drawn"),
            bare_row]
    for row in rows[:2]:
        if row.values and bare_row.values:
            row.ratio = row.median / bare_row.median
    return rows
