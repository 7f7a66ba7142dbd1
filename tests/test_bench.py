"""The benchmark (`secondline bench`, benchmarks/run.py) runs end to end in its quick form and reports every row.

A smoke test only: one run of module 01, no warm-up, a few clicks. It checks the table's rows and the results file,
never a timing (a slow machine is not a failure).
"""

from __future__ import annotations

import datetime as dt

from browser import left_out, missing, require_chromium
from secondline.bench.common import Options, machine_facts
from secondline.bench.run import record, row_names
from secondline.bench.run import run as run_bench
from secondline.bench.table import markdown_table, table
from secondline.bench.waits import ROWS as WAIT_ROWS
from secondline.bench.waits import bench_learner_waits
from secondline.cli import main as cli_main
from secondline.editions.common import select_modules


def quick_options(content, root) -> Options:
    """What `--quick` sets up (one run, no warm-up, module 01, a few clicks, no ./test), minus the JupyterLab
    timing: starting a JupyterLab inside the test run proved flaky on a loaded 2-core machine, and the JupyterLab
    click itself is covered by tests/test_browser.py; and minus the JupyterLite visits (minutes of Pyodide starts),
    whose site tests/test_browser_lite.py opens."""
    return Options(root=root, runs=1, warmup=0, modules=select_modules(content, ["01"]), clicks=3,
                         lab_clicks=0, waits=False, with_tests=False, browser=True, lite=False, log=lambda _m: None)


def test_quick_benchmark_reports_every_row(content, tmp_path):
    """Does one quick run measure every row (floor, module, builds, imports, weights, clicks) and record it?"""
    opts = quick_options(content, content.root.resolve().parent)
    rows, details = run_bench(opts)
    names = [r.name for r in rows]
    for name in row_names(opts.modules):
        assert name in names, f"the table has no row {name!r}"
    assert "page 01-lines-of-treatment.html" in names and "page index.html" in names
    for row in rows:
        assert not row.note.startswith("failed"), f"{row.name}: {row.note}"
        if not row.note.startswith(("skipped", "not run")):
            assert row.values, f"{row.name} was not measured: {row.note}"
    # The quick run leaves out the JupyterLab click, the learner's waits, the JupyterLite visits and ./test on
    # purpose (each has its own test); any other row skipped means a tool was missing (Chromium, Playwright): under
    # CI a failure, as for the browser tests.
    on_purpose = ("skipped: no JupyterLab clicks asked for", "skipped: not asked for")
    unasked = [r for r in rows if r.note.startswith("skipped") and not r.note.startswith(on_purpose)]
    if unasked:
        left_out("benchmark rows skipped: " + "; ".join(f"{r.name} ({r.note})" for r in unasked))
    assert details and details[0].startswith("01-lines-of-treatment")
    text = table(rows)
    assert all(name in text for name in names)

    results = tmp_path / "results.md"
    record(results, rows, details, machine_facts(), opts, started=dt.datetime.now(), seconds=1.0)
    written = results.read_text()
    assert "load average" in written and "| measure |" in written and "targets met" in written
    assert all(markdown_table([r]).splitlines()[-1] in written for r in rows)


def test_learner_waits_are_measured_in_a_real_browser(content, tmp_path):
    """Are the learner's waits (the printed link to the start page's first widget; module 01 opened to ready) and
    bare JupyterLab's (an empty notebook opened, its first cell run) all measured in one run, in Chromium against
    real JupyterLab servers, with the two learner rows as ratios to the bare one? A row that cannot run says why,
    and under SECONDLINE_REQUIRE_BROWSER=1 that fails this test instead of skipping it."""
    require_chromium()
    opts = Options(root=content.root.resolve().parent, runs=1, warmup=0, modules=select_modules(content, ["01"]),
                   log=lambda _m: None)
    rows = bench_learner_waits(opts, tmp_path)
    assert [r.name for r in rows] == list(WAIT_ROWS)
    for row in rows:
        if row.note.startswith("skipped"):
            missing(f"{row.name}: {row.note}")  # a failure under SECONDLINE_REQUIRE_BROWSER=1
        assert not row.note.startswith("failed"), f"{row.name}: {row.note}"
        assert len(row.values) == 1 and row.values[0] > 0, row
    start, module, bare = rows
    assert start.versus == module.versus == bare.name
    assert start.ratio == start.median / bare.median and module.ratio == module.median / bare.median
    assert all(r.name in table(rows) for r in rows)
    print("\n" + table(rows))


def test_bench_is_a_subcommand(capsys):
    """Is the benchmark reachable as `secondline bench`?"""
    try:
        cli_main(["bench", "--help"])
    except SystemExit as exc:
        assert exc.code == 0
    assert "--with-tests" in capsys.readouterr().out
