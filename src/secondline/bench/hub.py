"""The JupyterHub rows of the benchmark (issue 18): for N learners on a real hub on this machine (the trial hub of
tests/test_hub.py), how long their servers take to start, how long a module's answers take in all of them at once,
and the facilitator's report and live view; and how each grows with N.

`secondline bench --hub 1 2 4` adds these rows to the benchmark; `--only-hub` runs only them.
"""

from __future__ import annotations

import asyncio
import importlib.util
import statistics
import tempfile
import time
from pathlib import Path

from .common import MODULE, loadavg
from .table import Row

SIZES = (1, 2, 4)


def one_hub(n: int) -> dict[str, float]:
    """A fresh hub with n learners: seconds for each step, and the HTTP status of the facilitator's pages."""
    from ..hub.trial import TrialHub, answer_module, module_answers

    names = [f"learner{i + 1}" for i in range(n)]
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="secondline-bench-hub-") as tmp:
        t = time.perf_counter()
        with TrialHub.start(Path(tmp), {"cohort": names}, {"cohort": ["facilitator"]},
                            cache=Path(tmp) / "cache") as hub:
            out["up"] = time.perf_counter() - t
            t = time.perf_counter()
            hub.start_servers(names)
            out["servers"] = time.perf_counter() - t
            answers = {name: module_answers(MODULE, i) for i, name in enumerate(names)}
            out["items"] = len(answers[names[0]])
            for name in names:
                hub.user_token(name)

            async def all_answer():
                await asyncio.gather(*(asyncio.to_thread(answer_module, hub, name, MODULE, answers[name])
                                       for name in names))
            t = time.perf_counter()
            asyncio.run(all_answer())
            out["answers"] = time.perf_counter() - t
            fac = hub.user_token("facilitator")
            for key, path in (("report", "report"), ("live", "live.json")):
                t = time.perf_counter()
                status, _ = hub.request("GET", f"/services/collector/groups/cohort/{path}", fac, timeout=120)
                out[key] = time.perf_counter() - t
                out[f"{key} status"] = status
    return out


def bench_hub(sizes=SIZES, log=print, runs: int = 1) -> list[Row]:
    """For each N, `runs` fresh hubs; rows (medians) for hub start, servers ready, a module answered in each at
    once, the report and the live view, then how servers and answers grow from the smallest N to the largest."""
    if importlib.util.find_spec("jupyterhub") is None:
        return [Row("hub: N learners", note="not run: jupyterhub is not installed (pip install -e '.[hub]')")]
    rows, per = [], {}
    for n in sizes:
        load = loadavg()
        done = []
        for r in range(runs):
            log(f"hub with {n} learner(s), run {r + 1} of {runs} ...")
            done.append(one_hub(n))
        col = {k: [d[k] for d in done] for k in done[0]}
        statuses = sorted({int(x) for k in ("report status", "live status") for x in col[k]})
        row = Row(f"hub, {n} learner(s): servers started, all ready", col["servers"], load=load)
        row.note = f"{row.median / n:.2f} s per learner"
        rows += [Row(f"hub, {n} learner(s): hub, proxy and collector up", col["up"], load=load), row,
                 Row(f"hub, {n} learner(s): module {MODULE[:2]} answered in each at once", col["answers"], load=load,
                     note=f"a kernel each, {int(col['items'][0])} quiz items and Mark complete, through the proxy"),
                 Row(f"hub, {n} learner(s): facilitator's cohort report", col["report"], load=load,
                     note=f"HTTP {statuses}"),
                 Row(f"hub, {n} learner(s): live view JSON", col["live"], load=load)]
        per[n] = (statistics.median(col["servers"]), statistics.median(col["answers"]))
    if len(per) > 1:
        lo, hi = min(per), max(per)
        grow = [f"servers x{per[hi][0] / per[lo][0]:.1f}", f"answers x{per[hi][1] / per[lo][1]:.1f}"]
        rows.append(Row(f"hub: growth from {lo} to {hi} learners (x{hi / lo:g} learners)",
                        note=", ".join(grow) + " (medians; x1 = flat, x" + f"{hi / lo:g} = linear)"))
    return rows
