"""Helpers for writing module notebooks with the house conventions (hidden inputs, slide and facilitator metadata)."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HIDE = {"source_hidden": True}


def md(text: str, slide: str = "-", tags: list[str] | None = None):
    """A teaching cell. slide: 'slide' (new slide), 'subslide', 'fragment', 'skip', 'notes' or '-' (same slide)."""
    cell = new_markdown_cell(text.strip())
    cell.metadata["slideshow"] = {"slide_type": slide}
    if tags:
        cell.metadata["tags"] = tags
    return cell


def facilitator(text: str):
    """A facilitator-only cell: speaker notes in the slides, the facilitator view on the site."""
    return md(text, slide="notes", tags=["facilitator"])


def code(source: str, slide: str = "-"):
    """A one-line call; its input is hidden so learners see only the result."""
    cell = new_code_cell(source.strip())
    cell.metadata["jupyter"] = dict(HIDE)
    cell.metadata["tags"] = ["hide-input"]
    cell.metadata["slideshow"] = {"slide_type": slide}
    return cell


def notebook(cells) -> nbformat.NotebookNode:
    nb = new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip outputs and execution counts, and hide every code input (what `secondline lint --fix` does)."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.metadata["jupyter"] = dict(HIDE)
            tags = cell.metadata.setdefault("tags", [])
            if "hide-input" not in tags:
                tags.append("hide-input")
            cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    return nb


def write(nb: nbformat.NotebookNode, path) -> None:
    nbformat.validate(nb)
    nbformat.write(normalise(nb), str(path))
