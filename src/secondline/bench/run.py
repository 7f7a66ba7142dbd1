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
- the learner's waits in Chromium against ./start's JupyterLab: the printed link to the start page's first widget,
  and a module opened to ready, each against bare JupyterLab opening an empty notebook and running its first cell
  (waits.py);
- the JupyterLite edition (bench/lite.py): its size, navigation to module 01's first widget against an empty
  notebook's first executed cell in the same build, and a second visit;
- with --with-tests, the wall time of `./test` in a clean clone, first run (creates .venv) and second run;
- with --hub 1 2 4, a real JupyterHub per N learners: servers started, a module answered in each, the
  facilitator's report and live view, and how each grows with N (bench/hub.py).

It is a benchmark, not a test: nothing fails on a slow machine. This is a developer tool for a checkout of the
repository (it uses notebooks/, tests/browser.py and, for the builds, node_modules/).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .builds import bench_builds, bench_weights
from .clicks import bench_lab_clicks, bench_site_clicks
from .common import CASE, MODULE, QUIZ, TARGETS, Options, loadavg, machine_facts
from .hub import bench_hub
from .kernels import FLOOR, bench_imports, bench_notebooks
from .lite import NAMES as LITE_ROWS
from .lite import bench_lite
from .table import Row, markdown_table, table
from .waits import ROWS as WAIT_ROWS
from .waits import bench_learner_waits

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
            f"site click-to-feedback: case {CASE} choice", f"JupyterLab click-to-feedback: quiz {QUIZ}", *WAIT_ROWS,
            *LITE_ROWS, "./test in a clean clone: first run (creates .venv)", "./test in a clean clone: second run"]


def run(opts: Options) -> tuple[list[Row], list[str]]:
    """Measure everything; returns the rows and detail lines (per-cell timings)."""
    rows: list[Row] = []
    details: list[str] = []
    log = opts.log
    if opts.only_hub:
        return bench_hub(opts.hub or (1, 2, 4), log, opts.runs), details
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
        log("the learner's waits in JupyterLab, against bare JupyterLab ...")
        rows += bench_learner_waits(opts, scratch)
        log("the JupyterLite edition: size, first widget against the floor, second visit ...")
        rows += bench_lite(opts, scratch)
        if opts.with_tests:
            log("./test in a clean clone (twice) ...")
        rows += bench_tests(opts)
        if opts.hub:
            log(f"JupyterHub with {', '.join(map(str, opts.hub))} learners ...")
            rows += bench_hub(opts.hub, log, opts.runs)
        else:
            rows.append(Row("hub: N learners' servers and a module in each", note="not run (use --hub 1 2 4)"))
    return rows, details


def record(path: Path, rows: list[Row], details: list[str], facts: dict[str, str], opts: Options,
           started: dt.datetime, seconds: float) -> None:
    """Append this run to benchmarks/results.md."""
    met = [r for r in rows if r.met is not None]
    missed = [r.name for r in met if not r.met]
    kind = 'quick' if opts.warmup == 0 else f'{opts.runs} runs after a warm-up'
    if opts.only_hub:
        kind = f"JupyterHub rows only, {opts.runs} run(s) of each, a fresh hub each run"
    lines = [f"\n## {started:%Y-%m-%d %H:%M} ({kind})",
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
    parser.add_argument("--no-lite", action="store_true", help="skip the JupyterLite rows (its build and visits)")
    parser.add_argument("--with-tests", action="store_true", help="also time ./test in a clean clone (long)")
    parser.add_argument("--hub", type=int, nargs="+", metavar="N", default=[],
                        help="also start a real JupyterHub for N learners each (e.g. --hub 1 2 4; minutes)")
    parser.add_argument("--only-hub", action="store_true", help="only the JupyterHub rows (--hub, default 1 2 4)")
    parser.add_argument("--results", default=None,
                        help="append to this file (default: benchmarks/results.md; 'none' to skip)")


def main(argv: list[str] | None = None, args: argparse.Namespace | None = None) -> int:
    from ..content.cache import cached
    from ..content.course import default_root
    from ..editions.common import select_modules

    args = args or parse(argv)
    content = cached()
    root = default_root().resolve().parent
    modules = select_modules(content, args.modules or (["01"] if args.quick else None))
    opts = Options(root=root, runs=1 if args.quick else max(1, args.runs), warmup=0 if args.quick else 1,
                   modules=modules, clicks=3 if args.quick else max(20, args.clicks),
                   lab_clicks=1 if args.quick else max(5, args.lab_clicks), with_tests=args.with_tests,
                   browser=not args.no_browser, lite=not args.no_lite, log=lambda m: print(m, file=sys.stderr, flush=True),
                   hub=tuple(args.hub), only_hub=args.only_hub)
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
