"""`secondline bench` (also benchmarks/run.py): what users wait for, as ratios against the floor (issue 8).

Every figure is a median over --runs runs after one warm-up run (none with --quick), printed with its min and max,
its target and whether it met it, and appended to benchmarks/results.md with the machine's facts and load average:

- the floor: an empty notebook executed with nbclient (a kernel started and stopped);
- each module's run-all time, the same way (no widget state, SECONDLINE_PROGRESS_DB=off), as a ratio to the floor;
- `secondline build site|slides` (a fresh output folder, so nothing is cached) against plain
  `jupyter nbconvert --execute --to html|slides` over the same notebooks;
- `import secondline` in a fresh process, and loading a module's content (`module("01-...")`);
- the weight of each site page and of the shared assets/ folder;
- click-to-feedback latency in Chromium (site: a quiz item and a case choice; JupyterLab: a quiz item);
- with --with-tests, the wall time of `./test` in a clean clone, first run (creates .venv) and second run.

It is a benchmark, not a test: nothing fails on a slow machine. This is a developer tool for a checkout of the
repository (it uses notebooks/, tests/browser.py and, for the builds, node_modules/).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

KB, MB = 1000, 1000 * 1000
TARGETS = {  # the targets
    "module": 1.3,  # run-all time / floor
    "build": 1.5,  # ours / plain nbconvert
    "import": 0.5,  # seconds
    "page": 300 * KB,
    "shared": 2 * MB,
    "site_click": 50.0,  # ms
    "lab_click": 250.0,  # ms
    "tests": 6 * 60.0,  # seconds
}
QUIZ, CASE, MODULE = "lines-q01", "lines-c1", "01-lines-of-treatment"  # the interactions clicked in the browser


# --------------------------------------------------------------------------- rows and the table


@dataclass
class Row:
    """One line of the table: its values (seconds, ms or bytes), an optional ratio and the target it is held to."""

    name: str
    values: list[float] = field(default_factory=list)
    unit: str = "s"  # s, ms or B
    target: float | None = None  # compared with the ratio when `versus` is set, else with the median (or max)
    versus: str | None = None  # the row this one is a ratio against
    ratio: float | None = None
    worst: bool = False  # hold the maximum (not the median) to the target: page weights
    load: float | None = None  # 1-minute load average when the row was measured
    note: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.values) if self.values else None

    @property
    def met(self) -> bool | None:
        if self.target is None or not self.values:
            return None
        if self.versus:
            return self.ratio is not None and self.ratio <= self.target
        return (max(self.values) if self.worst else self.median) <= self.target


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "B":
        return f"{value / MB:.2f} MB" if value >= MB else f"{value / KB:.1f} kB"
    if unit == "ms":
        return f"{value:.1f} ms"
    return f"{value:.2f} s"


def target_text(row: Row) -> str:
    if row.target is None:
        return ""
    if row.versus:
        return f"<= {row.target:g}x"
    return ("max " if row.worst else "") + "<= " + fmt(row.target, row.unit)


def cells(row: Row) -> list[str]:
    values = row.values
    met = {True: "yes", False: "NO", None: ""}[row.met]
    return [row.name, fmt(row.median, row.unit), fmt(min(values) if values else None, row.unit),
            fmt(max(values) if values else None, row.unit), str(len(values)),
            f"{row.ratio:.2f}x" if row.ratio is not None else "", target_text(row), met,
            f"{row.load:.2f}" if row.load is not None else "", row.note]


HEADER = ["measure", "median", "min", "max", "runs", "ratio", "target", "met", "load", "note"]


def table(rows: list[Row]) -> str:
    """A plain text table for the terminal."""
    body = [HEADER, *[cells(r) for r in rows]]
    widths = [max(len(line[i]) for line in body) for i in range(len(HEADER))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in body]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(rows: list[Row]) -> str:
    def esc(text: str) -> str:
        return text.replace("|", "\\|")

    out = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    out += ["| " + " | ".join(esc(c) for c in cells(r)) + " |" for r in rows]
    return "\n".join(out)


# --------------------------------------------------------------------------- the machine


def loadavg() -> float | None:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def machine_facts() -> dict[str, str]:
    """CPU model and count (/proc/cpuinfo), memory (free), Python, and the load average now."""
    facts = {"python": platform.python_version(), "system": platform.platform()}
    try:
        info = Path("/proc/cpuinfo").read_text()
        models = [ln.split(":", 1)[1].strip() for ln in info.splitlines() if ln.startswith("model name")]
        mhz = [ln.split(":", 1)[1].strip() for ln in info.splitlines() if ln.startswith("cpu MHz")]
        facts["cpu"] = f"{len(models)} x {models[0]}" if models else "unknown"
        if mhz:
            facts["cpu"] += f" ({float(mhz[0]):.0f} MHz)"
    except OSError:
        facts["cpu"] = f"{os.cpu_count()} CPUs"
    try:
        mem = subprocess.run(["free", "-m"], capture_output=True, text=True, check=True).stdout.splitlines()[1].split()
        facts["memory"] = f"{mem[1]} MB total, {mem[-1]} MB available"
    except (OSError, subprocess.CalledProcessError, IndexError):
        facts["memory"] = "unknown"
    try:
        facts["load average"] = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        facts["load average"] = "unknown"
    return facts


# --------------------------------------------------------------------------- helpers


@dataclass
class Options:
    root: Path
    runs: int = 5
    warmup: int = 1
    modules: list[str] = field(default_factory=list)
    clicks: int = 25  # site clicks per interaction
    lab_clicks: int = 7
    with_tests: bool = False
    browser: bool = True
    log: Callable[[str], None] = print


def repeat(fn: Callable[[], float], opts: Options) -> list[float]:
    """fn() returns one measurement; runs it warm-up times untimed, then `runs` times."""
    for _ in range(opts.warmup):
        fn()
    return [fn() for _ in range(opts.runs)]


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bin_path(name: str) -> str:
    """A console script of this environment (secondline, jupyter), else whatever is on PATH."""
    return shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name) or name


def bench_env() -> dict[str, str]:
    """Nothing the benchmark runs records a learner's progress."""
    return dict(os.environ, SECONDLINE_PROGRESS_DB="off")


def run_command(cmd: list[str], cwd: Path, what: str) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=bench_env(), capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise RuntimeError(f"{what} failed (exit {proc.returncode}): {' | '.join(tail)}")
    return seconds


# --------------------------------------------------------------------------- notebooks with nbclient


def execute(nb, cwd: Path) -> tuple[float, float, float]:
    """Execute a notebook with nbclient (no widget state, no progress record), its kernel asked to shut down at the
    end as nbconvert does (the build stops its kernels at once instead: editions/execute.py says why).

    Returns seconds in three phases: start (the kernel started and ready), cells (every cell run) and stop (the
    kernel asked to shut down until its process has gone; jupyter_client looks every 0.1 s, and terminates a
    kernel that has not gone after 2.5 s: the 4.0 s maxima in benchmarks/results.md)."""
    import asyncio

    from nbclient import NotebookClient

    client = NotebookClient(nb, timeout=180, kernel_name="python3", store_widget_state=False,
                            resources={"metadata": {"path": str(cwd)}})

    async def run() -> tuple[float, float, float]:
        t0 = time.perf_counter()
        async with client.async_setup_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=bench_env()):
            t1 = time.perf_counter()
            for index, cell in enumerate(client.nb.cells):
                await client.async_execute_cell(cell, index)
            t2 = time.perf_counter()
        return t1 - t0, t2 - t1, time.perf_counter() - t2

    return asyncio.run(run())


def trivial_twin(nb):
    """The same notebook with every code cell replaced by `pass`: what its number of cells costs by itself."""
    import copy

    twin = copy.deepcopy(nb)
    for cell in twin.cells:
        if cell.cell_type == "code":
            cell.source, cell.outputs = "pass", []
    return twin


def cell_seconds(nb) -> list[tuple[float, str]]:
    """Each code cell's time from its execution metadata (request sent to reply), slowest first, with its code."""
    out = []
    for cell in nb.cells:
        timing = cell.get("metadata", {}).get("execution", {})
        start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
        if cell.cell_type == "code" and start and end:
            seconds = (dt.datetime.fromisoformat(end.replace("Z", "+00:00"))
                       - dt.datetime.fromisoformat(start.replace("Z", "+00:00"))).total_seconds()
            out.append((seconds, cell.source.strip().splitlines()[-1] if cell.source.strip() else ""))
    return sorted(out, reverse=True)


FLOOR = "floor: empty notebook (kernel start + stop)"


def phases_note(phases: list[tuple[float, float, float]]) -> str:
    start, cells, stop = (statistics.median(p[i] for p in phases) for i in range(3))
    return f"start {start:.2f} s, cells {cells:.2f} s, stop {stop:.2f} s"


def bench_notebooks(opts: Options, details: list[str]) -> list[Row]:
    """The floor and each module's run-all, measured in rounds (the floor, then every module once, and the same
    module with its code cells emptied), so a machine that speeds up or slows down during the benchmark moves the
    floor and the modules alike. Each is split into start, cells and stop (the profile behind the ratio)."""
    import nbformat
    from nbformat.v4 import new_notebook

    folder = opts.root / "notebooks"
    names = [FLOOR, *opts.modules, *(f"{slug} as pass" for slug in opts.modules)]
    phases: dict[str, list[tuple[float, float, float]]] = {name: [] for name in names}
    loads: dict[str, float | None] = {}
    last, counts = {}, {}
    for round_ in range(opts.warmup + opts.runs):
        timed_round = round_ >= opts.warmup
        runs = [(FLOOR, new_notebook())]
        for slug in opts.modules:
            nb = nbformat.read(folder / f"{slug}.ipynb", as_version=4)
            counts[slug] = sum(c.cell_type == "code" for c in nb.cells)
            runs += [(slug, nb), (f"{slug} as pass", trivial_twin(nb))]
        for name, nb in runs:
            measured = execute(nb, folder)
            if timed_round:
                phases[name].append(measured)
                loads.setdefault(name, loadavg())
                last[name] = nb
    floor = Row(FLOOR, [sum(p) for p in phases[FLOOR]], "s", load=loads.get(FLOOR),
                note=phases_note(phases[FLOOR]) + "; measured in rounds with the modules")
    rows = [floor]
    for slug in opts.modules:
        row = Row(f"run-all {slug}", [sum(p) for p in phases[slug]], "s", target=TARGETS["module"], versus=FLOOR,
                  load=loads.get(slug))
        twin = Row(f"  {slug[:2]}: its {counts.get(slug, 0)} code cells, each `pass`",
                   [sum(p) for p in phases[f"{slug} as pass"]], "s", versus=FLOOR, load=loads.get(f"{slug} as pass"), note=phases_note(phases[f"{slug} as pass"])
                   + "; what the number of cells costs by itself")
        for r in (row, twin):
            if floor.median and r.median:
                r.ratio = r.median / floor.median
        row.note = phases_note(phases[slug])
        slow = cell_seconds(last[slug]) if slug in last else []
        if slow:
            code = sum(s for s, _ in slow)
            row.note += f"; slowest cell {slow[0][0]:.2f} s ({slow[0][1]})"
            details.append(f"{slug}: {counts.get(slug, 0)} code cells, {code:.2f} s in all (request to reply); "
                           "slowest: " + "; ".join(f"{s * 1000:.0f} ms {c}" for s, c in slow[:5]))
        rows += [row, twin]
    return rows


# --------------------------------------------------------------------------- builds: ours against plain nbconvert


def bench_builds(opts: Options, scratch: Path) -> tuple[list[Row], Path | None]:
    """`secondline build site|slides` into a fresh folder each run, against `jupyter nbconvert --execute`.

    Returns the rows and the last site built (for the page weights and the browser)."""
    notebooks = [f"notebooks/{slug}.ipynb" for slug in opts.modules]
    numbers = [slug[:2] for slug in opts.modules]
    rows: list[Row] = []
    site: Path | None = None
    counter = iter(range(10**6))
    for target, plain_to in (("site", "html"), ("slides", "slides")):
        plain_name = f"plain: jupyter nbconvert --execute --to {plain_to}"
        load = loadavg()

        def plain(plain_to=plain_to) -> float:
            out = scratch / f"nbconvert-{plain_to}-{next(counter)}"
            cmd = [bin_path("jupyter"), "nbconvert", "--execute", "--to", plain_to, "--output-dir", str(out),
                   *notebooks]
            seconds = run_command(cmd, opts.root, "nbconvert")
            shutil.rmtree(out, ignore_errors=True)
            return seconds

        def ours(target=target) -> float:
            nonlocal site
            out = scratch / f"build-{target}-{next(counter)}"  # a fresh folder: no executed/ cache
            cmd = [bin_path("secondline"), "build", target, "--out", str(out), "--modules", *numbers]
            seconds = run_command(cmd, opts.root, f"secondline build {target}")
            if target == "site":
                if site is not None:
                    shutil.rmtree(site.parent, ignore_errors=True)
                site = out / "site"
            else:
                shutil.rmtree(out, ignore_errors=True)
            return seconds

        try:
            base = Row(plain_name, repeat(plain, opts), "s", load=load)
        except RuntimeError as exc:
            base = Row(plain_name, note=str(exc), load=load)
        mine = Row(f"secondline build {target} (fresh --out, --jobs 2)", unit="s", target=TARGETS["build"],
                   versus=plain_name, load=loadavg())
        try:
            mine.values = repeat(ours, opts)
        except RuntimeError as exc:
            mine.note = str(exc)
        if mine.values and base.median:
            mine.ratio = mine.median / base.median
        rows += [base, mine]
    return rows, site


# --------------------------------------------------------------------------- import and content load


def fresh_process(code: str, opts: Options, **env: str) -> float:
    """Seconds printed by `code` run in a new interpreter."""
    proc = subprocess.run([sys.executable, "-c", code], cwd=opts.root, env=dict(bench_env(), **env),
                          capture_output=True, text=True, check=True)
    return float(proc.stdout.strip().splitlines()[-1])


def bench_imports(opts: Options) -> list[Row]:
    """Milliseconds: `python -c "import secondline"` end to end, and `module(slug)` (imports and content load)."""
    def wall(code: str) -> float:
        return 1000 * timed(lambda: subprocess.run([sys.executable, "-c", code], cwd=opts.root, env=bench_env(),
                                                   check=True))

    load = loadavg()
    whole = repeat(lambda: wall("import secondline"), opts)
    bare = repeat(lambda: wall("pass"), opts)
    inside = repeat(lambda: 1000 * fresh_process(
        "import time; t = time.perf_counter(); import secondline; print(time.perf_counter() - t)", opts), opts)
    code = ("import time; t = time.perf_counter(); from secondline import module; "
            f"module({MODULE!r}); print(time.perf_counter() - t)")
    fresh_process(code, opts)  # leaves a current snapshot (content/cache.py) if there was none
    content = repeat(lambda: 1000 * fresh_process(code, opts), opts)
    cold = repeat(lambda: 1000 * fresh_process(code, opts, SECONDLINE_CACHE="off"), opts)
    return [
        Row("import secondline: fresh process, wall", whole, "ms", target=TARGETS["import"] * 1000, load=load,
            note=f"python -c pass alone: {statistics.median(bare):.0f} ms; the import itself: "
                 f"{statistics.median(inside):.1f} ms"),
        Row(f"content load: from secondline import module; module({MODULE!r})", content, "ms", load=loadavg(),
            note="in a fresh process, as a notebook kernel does: the checked content read from its snapshot"),
        Row("  the same with no snapshot (SECONDLINE_CACHE=off)", cold, "ms", load=loadavg(),
            note="imports (pydantic, PyYAML) and every file of content/ read and checked"),
    ]


# --------------------------------------------------------------------------- page weight


def bench_weights(site: Path | None, opts: Options) -> list[Row]:
    if site is None or not site.is_dir():
        return [Row("site pages", note="no site was built"), Row("shared assets/", note="no site was built")]
    rows = []
    for page in sorted(site.glob("*.html")):
        rows.append(Row(f"page {page.name}", [page.stat().st_size], "B", target=TARGETS["page"], worst=True))
    guide = sorted((site / "guide").rglob("*.html"))
    if guide:
        rows.append(Row(f"guide pages ({len(guide)}, median/min/max)", [p.stat().st_size for p in guide], "B",
                        target=TARGETS["page"], worst=True))
    assets = [p for p in (site / "assets").rglob("*") if p.is_file()]
    rows.append(Row("shared assets/ (all files)", [sum(p.stat().st_size for p in assets)], "B",
                    target=TARGETS["shared"], note=f"{len(assets)} files"))
    return rows


# --------------------------------------------------------------------------- click-to-feedback latency

# Runs in the page: for each click, pick an answer, then time from just before a dispatched click on the button to
# the MutationObserver callback for the feedback region (the handler has run and changed it).
SITE_CLICKS_JS = """async ({sel, kind, n}) => {
  const root = document.querySelector(sel);
  const fb = root.querySelector('.sl-feedback');
  const visible = () => [...root.querySelectorAll('[data-sl-scene]')].find(s => !s.hidden);
  const times = [];
  for (let i = 0; i < n; i++) {
    let button;
    if (kind === 'quiz') {
      const radios = root.querySelectorAll('input[type=radio]');
      radios[i % radios.length].checked = true;
      button = root.querySelector('[data-sl-action=check]');
    } else {
      if (!visible().querySelector('input[type=radio]')) {  // an ending: start again (not timed)
        visible().querySelector('[data-sl-action=case-restart]').click();
      }
      const radios = visible().querySelectorAll('input[type=radio]');
      radios[i % radios.length].checked = true;
      button = visible().querySelector('[data-sl-action=case-choose]');
    }
    const changed = new Promise((resolve, reject) => {
      const obs = new MutationObserver(() => { obs.disconnect(); resolve(performance.now()); });
      obs.observe(fb, {childList: true, subtree: true, characterData: true});
      setTimeout(() => { obs.disconnect(); reject(new Error('no feedback within 5 s')); }, 5000);
    });
    const t0 = performance.now();
    button.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, view: window}));
    times.push((await changed) - t0);
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));  // let the page paint between clicks
  }
  return times;
}"""

LAB_CLICK_JS = """async (sel) => {
  const root = document.querySelector(sel);
  const text = () => { const fb = root.querySelector('.sl-feedback'); return fb ? fb.innerText.trim() : ''; };
  const before = text();
  const button = [...root.querySelectorAll('button')].find(b => b.textContent.includes('Check answer'));
  const done = new Promise((resolve, reject) => {
    const obs = new MutationObserver(() => {
      const now = text();
      if (now && now !== before) { obs.disconnect(); resolve(performance.now()); }
    });
    obs.observe(root, {childList: true, subtree: true, characterData: true});
    setTimeout(() => { obs.disconnect(); reject(new Error('no feedback within 10 s')); }, 10000);
  });
  const t0 = performance.now();
  button.click();
  return (await done) - t0;
}"""


def _browser():
    from .editions.assets import CHROMIUM, CHROMIUM_ARGS, chromium_missing

    reason = chromium_missing()
    if reason:
        raise RuntimeError(reason)
    return CHROMIUM, CHROMIUM_ARGS


def bench_site_clicks(site: Path | None, opts: Options) -> list[Row]:
    names = (f"site click-to-feedback: quiz {QUIZ}", f"site click-to-feedback: case {CASE} choice")
    page_file = site / f"{MODULE}.html" if site else None
    if not opts.browser or page_file is None or not page_file.is_file():
        why = "--no-browser" if not opts.browser else f"no built {MODULE}.html"
        return [Row(n, unit="ms", note=f"skipped: {why}") for n in names]
    try:
        chromium, args = _browser()
    except RuntimeError as exc:
        return [Row(n, unit="ms", note=f"skipped: {exc}") for n in names]
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=args, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(page_file.resolve().as_uri())
            page.wait_for_function("window.SecondLine && window.SecondLine.ready")
            for name, sel, kind in zip(names, (f'[data-sl-id="{QUIZ}"]', f'[data-sl-id="{CASE}"]'),
                                       ("quiz", "case"), strict=True):
                load = loadavg()
                page.locator(sel).scroll_into_view_if_needed()
                if opts.warmup:
                    page.evaluate(SITE_CLICKS_JS, {"sel": sel, "kind": kind, "n": 3})
                times = page.evaluate(SITE_CLICKS_JS, {"sel": sel, "kind": kind, "n": opts.clicks})
                rows.append(Row(name, times, "ms", target=TARGETS["site_click"], load=load,
                                note="dispatched click to MutationObserver on .sl-feedback"))
        finally:
            browser.close()
    return rows


def bench_lab_clicks(opts: Options, scratch: Path) -> list[Row]:
    name = f"JupyterLab click-to-feedback: quiz {QUIZ}"
    if not opts.browser:
        return [Row(name, unit="ms", note="skipped: --no-browser")]
    if opts.lab_clicks < 1:
        return [Row(name, unit="ms", note="skipped: no JupyterLab clicks asked for")]
    try:
        chromium, args = _browser()
        sys.path.insert(0, str(opts.root / "tests"))
        from browser import (  # tests/browser.py: what the browser tests use
            jupyterlab,
            open_notebook,
            run_all_until,
            wait_kernel_ready,
        )
    except (RuntimeError, ImportError) as exc:
        return [Row(name, unit="ms", note=f"skipped: {exc}")]
    finally:
        if sys.path and sys.path[0] == str(opts.root / "tests"):
            sys.path.pop(0)
    from playwright.sync_api import sync_playwright

    from .content.cache import cached

    item = cached().module(MODULE).item(QUIZ)
    lab_tmp = scratch / "lab"
    lab_tmp.mkdir(parents=True, exist_ok=True)
    saved = os.environ.get("SECONDLINE_PROGRESS_DB")
    os.environ["SECONDLINE_PROGRESS_DB"] = "off"  # the kernel inherits it: no learner record is touched
    try:
        with jupyterlab(opts.root, lab_tmp) as (base, token), sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=args, headless=True)
            try:
                page = browser.new_page(viewport={"width": 1200, "height": 900})
                open_notebook(page, base, token, f"notebooks/{MODULE}.ipynb")
                quiz = page.locator(f".sl-id-{QUIZ}")
                run_all_until(page, quiz)
                wait_kernel_ready(page)  # every cell has run
                quiz.scroll_into_view_if_needed()
                load = loadavg()
                times = []
                for i in range(opts.lab_clicks + (1 if opts.warmup else 0)):
                    quiz.get_by_label(item.options[i % len(item.options)].text).check()
                    page.wait_for_timeout(400)  # the choice reaches the kernel before the click is timed
                    ms = page.evaluate(LAB_CLICK_JS, f".sl-id-{QUIZ}")
                    if i >= (1 if opts.warmup else 0):
                        times.append(ms)
            except Exception:
                shot = opts.root / "_build" / "bench-jupyterlab-failure.png"
                shot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(shot))
                raise
            finally:
                browser.close()
    except Exception as exc:  # a benchmark row, never a crash: say what went wrong
        log = (lab_tmp / "lab.log").read_text(errors="replace").strip().splitlines()[-2:] if (
            lab_tmp / "lab.log").is_file() else []
        return [Row(name, unit="ms", note=f"failed: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
                                          f" (screenshot: _build/bench-jupyterlab-failure.png; lab.log: "
                                          f"{' | '.join(log)[:300]})")]
    finally:
        if saved is None:
            os.environ.pop("SECONDLINE_PROGRESS_DB", None)
        else:
            os.environ["SECONDLINE_PROGRESS_DB"] = saved
    return [Row(name, times, "ms", target=TARGETS["lab_click"], load=load,
                note="click on Check answer to new .sl-feedback text (kernel round trip)")]


# --------------------------------------------------------------------------- ./test in a clean clone


def clone_with_changes(root: Path, dest: Path) -> str:
    """`git clone root dest`, then the working tree's uncommitted changes and new files on top; says which."""
    if dest.exists():
        shutil.rmtree(dest)
    subprocess.run(["git", "clone", "--quiet", str(root), str(dest)], check=True)
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True,
                          check=True).stdout.strip()
    diff = subprocess.run(["git", "diff", "HEAD", "--binary"], cwd=root, capture_output=True, check=True).stdout
    if diff:
        subprocess.run(["git", "apply", "--whitespace=nowarn"], cwd=dest, input=diff, check=True)
    new = subprocess.run(["git", "ls-files", "--others", "--exclude-standard", "-z"], cwd=root, capture_output=True,
                         check=True).stdout.decode().split("\0")
    for rel in filter(None, new):
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / rel, dest / rel)
    changed = bool(diff) or any(new)
    return f"clone of {head}" + (" plus the working tree's uncommitted changes" if changed else "")


def bench_tests(opts: Options) -> list[Row]:
    names = ("./test in a clean clone: first run (creates .venv)", "./test in a clean clone: second run")
    if not opts.with_tests:
        return [Row(n, note="not run (use --with-tests)") for n in names]
    dest = Path(tempfile.gettempdir()) / "benchclone"
    what = clone_with_changes(opts.root, dest)
    rows = []
    for n in names:
        load = loadavg()
        env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "SECONDLINE_PROGRESS_DB")}
        start = time.perf_counter()
        with open(dest / f"test-{len(rows) + 1}.log", "w") as log:
            proc = subprocess.run(["./test", "-q"], cwd=dest, env=env, stdout=log, stderr=subprocess.STDOUT)
        seconds = time.perf_counter() - start
        tail = (dest / f"test-{len(rows) + 1}.log").read_text().strip().splitlines()[-1:] or [""]
        rows.append(Row(n, [seconds], "s", target=TARGETS["tests"], load=load,
                        note=f"{what}; exit {proc.returncode}: {tail[0][:120]}"))
    return rows


# --------------------------------------------------------------------------- the whole benchmark


def row_names(modules: list[str]) -> list[str]:
    """Every row the table has, in order (pages aside, which depend on the build): the smoke test checks these."""
    return [FLOOR, *[f"run-all {s}" for s in modules],
            "plain: jupyter nbconvert --execute --to html", "secondline build site (fresh --out, --jobs 2)",
            "plain: jupyter nbconvert --execute --to slides", "secondline build slides (fresh --out, --jobs 2)",
            "import secondline: fresh process, wall", f"content load: from secondline import module; module({MODULE!r})",
            "  the same with no snapshot (SECONDLINE_CACHE=off)", "shared assets/ (all files)", f"site click-to-feedback: quiz {QUIZ}",
            f"site click-to-feedback: case {CASE} choice", f"JupyterLab click-to-feedback: quiz {QUIZ}",
            "./test in a clean clone: first run (creates .venv)", "./test in a clean clone: second run"]


def run(opts: Options) -> tuple[list[Row], list[str]]:
    """Measure everything; returns the rows and detail lines (per-cell timings)."""
    rows: list[Row] = []
    details: list[str] = []
    log = opts.log
    with tempfile.TemporaryDirectory(prefix="secondline-bench-") as tmp:
        scratch = Path(tmp)
        log(f"floor (empty notebook) and run-all of {len(opts.modules)} module(s), in rounds ...")
        rows += bench_notebooks(opts, details)
        log("builds: ours against plain nbconvert ...")
        builds, site = bench_builds(opts, scratch)
        rows += builds
        log("import and content load ...")
        rows += bench_imports(opts)
        rows += bench_weights(site, opts)
        log("click-to-feedback in Chromium ...")
        rows += bench_site_clicks(site, opts)
        log("click-to-feedback in JupyterLab ...")
        rows += bench_lab_clicks(opts, scratch)
        if opts.with_tests:
            log("./test in a clean clone (twice) ...")
        rows += bench_tests(opts)
    return rows, details


def record(path: Path, rows: list[Row], details: list[str], facts: dict[str, str], opts: Options,
           started: dt.datetime, seconds: float) -> None:
    """Append this run to benchmarks/results.md."""
    met = [r for r in rows if r.met is not None]
    missed = [r.name for r in met if not r.met]
    lines = [f"\n## {started:%Y-%m-%d %H:%M} ({'quick' if opts.warmup == 0 else f'{opts.runs} runs after a warm-up'})",
             "", *[f"- {k}: {v}" for k, v in facts.items()],
             f"- load average at the end: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}"
             if Path("/proc/loadavg").exists() else "",
             f"- modules: {', '.join(opts.modules)}; benchmark took {seconds / 60:.1f} min",
             f"- targets met: {len(met) - len(missed)} of {len(met)}"
             + (f"; missed: {', '.join(missed)}" if missed else ""), "", markdown_table(rows), ""]
    if details:
        lines += ["Cells of the last run of each module (nbclient execution metadata, request to reply):", "",
                  *[f"- {d}" for d in details], ""]
    new = not path.is_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as f:
        if new:
            f.write("# Benchmark results\n\nAppended by `secondline bench` (benchmarks/run.py); newest last. "
                    "Medians with min and max; `load` is the 1-minute load average when a row was measured.\n")
        f.write("\n".join(line for line in lines if line is not None) + "\n")


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="secondline bench", description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    return parser.parse_args(argv)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=int, default=5, help="timed runs per figure, after one warm-up (default: 5)")
    parser.add_argument("--quick", action="store_true", help="1 run, no warm-up, module 01 only, few clicks")
    parser.add_argument("--modules", nargs="+", metavar="SLUG", help="only these modules (slugs, or numbers)")
    parser.add_argument("--clicks", type=int, default=25, help="site clicks per interaction (default: 25)")
    parser.add_argument("--lab-clicks", type=int, default=7, help="JupyterLab clicks (default: 7)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium and JupyterLab rows")
    parser.add_argument("--with-tests", action="store_true", help="also time ./test in a clean clone (long)")
    parser.add_argument("--results", default=None,
                        help="append to this file (default: benchmarks/results.md; 'none' to skip)")


def main(argv: list[str] | None = None, args: argparse.Namespace | None = None) -> int:
    from .content.cache import cached
    from .content.course import default_root
    from .editions.common import select_modules

    args = args or parse(argv)
    content = cached()
    root = default_root().resolve().parent
    modules = select_modules(content, args.modules or (["01"] if args.quick else None))
    opts = Options(root=root, runs=1 if args.quick else max(1, args.runs), warmup=0 if args.quick else 1,
                   modules=modules, clicks=3 if args.quick else max(20, args.clicks),
                   lab_clicks=1 if args.quick else max(5, args.lab_clicks), with_tests=args.with_tests,
                   browser=not args.no_browser, log=lambda m: print(m, file=sys.stderr, flush=True))
    facts = machine_facts()
    started = dt.datetime.now()
    start = time.perf_counter()
    rows, details = run(opts)
    seconds = time.perf_counter() - start
    print(table(rows))
    for d in details:
        print(d)
    if (args.results or "").lower() != "none":
        path = Path(args.results) if args.results else root / "benchmarks" / "results.md"
        record(path, rows, details, facts, opts, started, seconds)
        print(f"\nappended to {path}", file=sys.stderr)
    return 0
