"""What a notebook kernel costs: the floor (an empty notebook, a kernel started and stopped), each module's run-all as
a ratio to it, and `import secondline` and a module's content load in a fresh process."""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import time
from pathlib import Path

from .common import MODULE, TARGETS, Options, bench_env, fresh_process, loadavg, repeat, timed
from .table import Row

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


# --------------------------------------------------------------------------- import and content load


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
