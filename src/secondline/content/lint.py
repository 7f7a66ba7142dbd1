"""House rules for module notebooks, shared by `secondline lint` and the test suite."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import nbformat

MAX_CALL_LINES = 3  # the opening cell imports, picks the module and shows the header; every other cell is one call


def lint_notebook(path: Path, sources: Iterable[str] | None = None) -> list[str]:
    """The notebook's problems, one line each naming the cell. `sources` are the known source ids for prose
    citations (`[Author Year](#ref-<id>)`); by default, those of the checked content (read only when needed)."""
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
    problems += citation_problems(path, sources)
    if nb.metadata.get("widgets"):
        problems.append("stores widget state in its metadata")
    return problems


def citation_problems(path: Path, sources: Iterable[str] | None = None) -> list[str]:
    """A prose link to the reference list must name a source in content/sources.yml: the References list renders
    one `<li id="ref-<id>">` per source the module cites, so an unknown id is a link that goes nowhere."""
    from .claims import prose_citations

    cites = prose_citations(path)
    if not cites:
        return []
    if sources is None:
        from .cache import cached
        from .errors import ContentError

        try:
            sources = cached().sources
        except ContentError as exc:
            return [f"cannot check its source links: {exc}"]
    known = set(sources)
    return [f"cell {c.cell} links to an unknown source '{c.source}' (#ref-{c.source}); use an id from "
            "content/sources.yml" for c in cites if c.source not in known]
