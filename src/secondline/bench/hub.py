"""The JupyterHub rows of the benchmark (issue 18): for N learners on a real hub on this machine (the trial hub of
tests/test_hub.py), how long their servers take to start, how long a module's answers take in all of them at once,
and the facilitator's report and live view; and how each grows with N.

`secondline bench --hub 1 2 4` adds these rows to the benchmark; `--only-hub` runs only them.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from .common import MODULE, loadavg
from .table import Row

SIZES = (1, 2, 4)


def bench_hub(sizes=SIZES, log=print) -> list[Row]:
    """One fresh hub per N; rows for hub start, servers ready, module answered in each, report, live view."""
    try:
        from ..hub.trial import TrialHub, answer_module, module_answers
    except ImportError as exc:
        return [Row("hub: N learners", note=f"not run: {exc} (pip install -e '.[hub]')")]
    rows, per = [], {}
    for n in sizes:
        log(f"hub with {n} learner(s) ...")
        names = [f"learner{i + 1}" for i in range(n)]
        with tempfile.TemporaryDirectory(prefix="secondline-bench-hub-") as tmp:
            load = loadavg()
            t0 = time.perf_counter()
            with TrialHub.start(Path(tmp), {"cohort": names}, {"cohort": ["facilitator"]},
                                cache=Path(tmp) / "cache") as hub:
                up = time.perf_counter() - t0
                t = time.perf_counter()
                hub.start_servers(names)
                servers = time.perf_counter() - t
                answers = {name: module_answers(MODULE, i) for i, name in enumerate(names)}
                for name in names:
                    hub.user_token(name)

                async def all_answer(hub=hub, names=names, answers=answers):
                    await asyncio.gather(*(asyncio.to_thread(answer_module, hub, name, MODULE, answers[name])
                                           for name in names))
                t = time.perf_counter()
                asyncio.run(all_answer())
                answered = time.perf_counter() - t
                fac = hub.user_token("facilitator")
                t = time.perf_counter()
                status, _ = hub.request("GET", "/services/collector/groups/cohort/report", fac, timeout=120)
                report = time.perf_counter() - t
                t = time.perf_counter()
                live_status, _ = hub.request("GET", "/services/collector/groups/cohort/live.json", fac)
                live = time.perf_counter() - t
            per[n] = (servers, answered)
            items = len(answers[names[0]])
            rows += [Row(f"hub, {n} learner(s): hub, proxy and collector up", [up], load=load),
                     Row(f"hub, {n} learner(s): servers started, all ready", [servers], load=load,
                         note=f"{servers / n:.2f} s per learner"),
                     Row(f"hub, {n} learner(s): module {MODULE[:2]} answered in each at once", [answered], load=load,
                         note=f"a kernel each, {items} quiz items and Mark complete, through the proxy"),
                     Row(f"hub, {n} learner(s): facilitator's cohort report", [report], load=load,
                         note=f"HTTP {status}"),
                     Row(f"hub, {n} learner(s): live view JSON", [live], load=load, note=f"HTTP {live_status}")]
    if len(per) > 1:
        lo, hi = min(per), max(per)
        grow = [f"servers x{per[hi][0] / per[lo][0]:.1f}", f"answers x{per[hi][1] / per[lo][1]:.1f}"]
        rows.append(Row(f"hub: growth from {lo} to {hi} learners (x{hi / lo:g} learners)",
                        note=", ".join(grow) + " (1.0 = flat; the learners' count = linear)"))
    return rows
