"""What every measurement shares: the options, the targets, repeating a measurement, the machine's facts and load,
and running a command or a fresh interpreter with nothing recorded."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .table import KB, MB

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
    waits: bool = True  # the learner's waits in JupyterLab (waits.py)
    with_tests: bool = False
    browser: bool = True
    lite: bool = True  # build the JupyterLite edition and time it in Chromium (bench/lite.py)
    log: Callable[[str], None] = print
    hub: tuple[int, ...] = ()  # learners per JupyterHub run (bench/hub.py); empty: not run
    only_hub: bool = False  # only the hub rows


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


def fresh_process(code: str, opts: Options, **env: str) -> float:
    """Seconds printed by `code` run in a new interpreter."""
    proc = subprocess.run([sys.executable, "-c", code], cwd=opts.root, env=dict(bench_env(), **env),
                          capture_output=True, text=True, check=True)
    return float(proc.stdout.strip().splitlines()[-1])


def keep_local(target, base: str, outside: list[str]) -> None:
    """Route every request of a Playwright page or context: those under `base` (and data:/blob: URLs) go on, any
    other is aborted and its URL appended to `outside`, so a run can say that nothing left the machine."""
    def guard(route) -> None:
        url = route.request.url
        if url.startswith((base, "data:", "blob:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()
    target.route("**/*", guard)
