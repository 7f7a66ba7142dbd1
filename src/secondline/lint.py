"""House rules for module notebooks, shared by `secondline lint` and the test suite."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

MAX_CALL_LINES = 3  # the opening cell imports, picks the module and shows the header; every other cell is one call


def lint_notebook(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    problems: list[str] = []
    h1 = [c for c in nb.cells if c.cell_type == "markdown" and re.search(r"^# ", c.source, re.M)]
    if len(h1) != 1:
        problems.append(f"has {len(h1)} H1 headings; a module notebook has exactly one")
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        where = f"cell {i}"
        if cell.get("outputs") or cell.get("execution_count") is not None:
            problems.append(f"{where} carries outputs; notebooks are committed without outputs (secondline lint --fix)")
        if not cell.metadata.get("jupyter", {}).get("source_hidden"):
            problems.append(f"{where} shows its code; set jupyter.source_hidden (secondline lint --fix)")
        if "hide-input" not in cell.metadata.get("tags", []):
            problems.append(f"{where} lacks the hide-input tag (secondline lint --fix)")
        lines = [ln for ln in cell.source.splitlines() if ln.strip()]
        if len(lines) > MAX_CALL_LINES:
            problems.append(f"{where} has {len(lines)} lines of code; notebooks are thin: one call per cell")
    if nb.metadata.get("widgets"):
        problems.append("stores widget state in its metadata")
    return problems
