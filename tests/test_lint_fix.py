"""`secondline lint --fix`: strips what a run leaves in a notebook (outputs, run numbers, widget state), hides every
code input, keeps the teaching, the code and every other tag and setting, and still reports what it cannot fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_output

from secondline.cli import main
from secondline.content.lint import lint_notebook

ROOT = Path(__file__).resolve().parents[1]
SLUG = "04-preparing-for-the-visit"


def run_over(nb) -> None:
    """What a learner's or author's run leaves behind, and an input shown again."""
    code = [c for c in nb.cells if c.cell_type == "code"]
    for i, cell in enumerate(code, 1):
        cell.execution_count = i
        cell.outputs = [new_output("display_data", data={"text/html": "<p>shown</p>", "text/plain": "x"}),
                        new_output("stream", name="stderr", text="a warning\n")]
        cell.metadata["execution"] = {"iopub.status.idle": "2026-12-01T10:00:00Z"}
    code[1].metadata["jupyter"] = {"source_hidden": False}
    code[2].metadata["tags"] = [t for t in code[2].metadata.get("tags", []) if t != "hide-input"]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2}}


def test_lint_fix_strips_a_run_and_keeps_the_notebook(tmp_path, capsys):
    """After a run, does `lint --fix` make the notebook pass the lint again, byte for byte as committed, with
    its teaching, code, facilitator tags and slide settings kept?"""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    tracked = ROOT / "notebooks" / f"{SLUG}.ipynb"
    path = folder / tracked.name
    shutil.copy2(tracked, path)
    nb = nbformat.read(path, as_version=4)
    run_over(nb)
    nbformat.write(nb, path)
    problems = lint_notebook(path)
    for words in ("carries outputs", "shows its code", "lacks the hide-input tag", "stores widget state"):
        assert any(words in p for p in problems), words

    assert main(["lint", str(folder)]) == 1  # without --fix: reported, file unchanged
    assert nbformat.read(path, as_version=4) == nb
    assert main(["lint", "--fix", str(folder)]) == 0
    assert "notebooks OK" in capsys.readouterr().out
    assert lint_notebook(path) == []
    fixed, original = nbformat.read(path, as_version=4), nbformat.read(tracked, as_version=4)
    assert fixed == original, "lint --fix changed more than the run left behind"
    assert path.read_bytes() == tracked.read_bytes()
    assert any("facilitator" in c.metadata.get("tags", []) for c in fixed.cells)  # the notebook has some to keep
    once = path.read_bytes()
    assert main(["lint", "--fix", str(folder)]) == 0 and path.read_bytes() == once  # and again: nothing to do


def test_lint_fix_reports_what_it_cannot_fix(tmp_path, capsys):
    """Does `lint --fix` still name, and exit 1 for, what only an author can fix (a thick cell, a second H1)?"""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    nb = nbformat.read(ROOT / "notebooks" / f"{SLUG}.ipynb", as_version=4)
    run_over(nb)
    nb.cells.append(new_code_cell("a = 1\nb = 2\nc = 3\nd = 4", execution_count=9))
    h1 = next(c for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("# "))
    nb.cells.append(nbformat.v4.new_markdown_cell(h1.source.splitlines()[0]))
    nbformat.write(nb, folder / "thick.ipynb")
    assert main(["lint", "--fix", str(folder)]) == 1
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 2, err
    assert "has 2 H1 headings" in err and "4 lines of code" in err
    assert "carries outputs" not in err and "shows its code" not in err
