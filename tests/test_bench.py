"""The benchmark (`secondline bench`, benchmarks/run.py) runs end to end in its quick form and reports every row.

A smoke test only: one run of module 01, no warm-up, a few clicks. It checks the table's rows and the results file,
never a timing (a slow machine is not a failure).
"""

from __future__ import annotations

import datetime as dt

from secondline.bench.common import Options, machine_facts
from secondline.bench.run import record, row_names
from secondline.bench.run import run as run_bench
from secondline.bench.table import markdown_table, table
from secondline.cli import main as cli_main
from secondline.editions.common import select_modules


def quick_options(content, root) -> Options:
    """What `--quick` sets up (one run, no warm-up, module 01, a few clicks, no ./test), minus the JupyterLab
    timing: starting a JupyterLab inside the test run proved flaky on a loaded 2-core machine, and the JupyterLab
    click itself is covered by tests/test_browser.py; and minus the JupyterLite visits (minutes of Pyodide starts),
    whose site tests/test_browser_lite.py opens."""
    return Options(root=root, runs=1, warmup=0, modules=select_modules(content, ["01"]), clicks=3,
                         lab_clicks=0, with_tests=False, browser=True, lite=False, log=lambda _m: None)


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
    assert details and details[0].startswith("01-lines-of-treatment")
    text = table(rows)
    assert all(name in text for name in names)

    results = tmp_path / "results.md"
    record(results, rows, details, machine_facts(), opts, started=dt.datetime.now(), seconds=1.0)
    written = results.read_text()
    assert "load average" in written and "| measure |" in written and "targets met" in written
    assert all(markdown_table([r]).splitlines()[-1] in written for r in rows)


def test_bench_is_a_subcommand(capsys):
    """Is the benchmark reachable as `secondline bench`?"""
    try:
        cli_main(["bench", "--help"])
    except SystemExit as exc:
        assert exc.code == 0
    assert "--with-tests" in capsys.readouterr().out
