"""Notebook lint: one H1 matching the manifest, no outputs, hidden one-line calls, and twins in content/ and the guide."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from secondline.content.lint import lint_notebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_notebooks_match_manifest(content):
    """Is there exactly one notebook per module in curriculum.yml, and no stray notebook?"""
    assert [p.stem for p in NOTEBOOKS] == [e.slug for e in content.curriculum.modules]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_house_rules(path):
    """Does the notebook pass the lint (one H1, no outputs, hidden inputs, thin cells)?"""
    assert lint_notebook(path) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_title_and_twins(path, content):
    """Does the H1 match the manifest title, and do the content folder and educator page exist?"""
    nb = nbformat.read(path, as_version=4)
    h1 = next(re.search(r"^# (.+)$", c.source, re.M).group(1) for c in nb.cells
              if c.cell_type == "markdown" and re.search(r"^# ", c.source, re.M))
    assert h1.strip() == content.entry(path.stem).title
    assert (ROOT / "content" / "modules" / path.stem / "module.yml").is_file()
    assert (ROOT / "educator_guide" / f"{path.stem}.md").is_file()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_item_shown_once(path, content):
    """Does each quiz item of the module appear in its notebook exactly once, and nothing unknown?"""
    src = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    shown = re.findall(r'\.quiz\("([^"]+)"\)', src)
    assert sorted(shown) == sorted(it.id for it in content.module(path.stem).quiz.items)


def test_lint_catches_outputs_and_visible_code(tmp_path):
    """Does the lint fail a notebook with stored outputs, visible code, a thick cell and two H1s?"""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    cell = new_code_cell("a = 1\nb = 2\nc = 3\nd = 4", outputs=[new_output("stream", text="x")], execution_count=1)
    nb = new_notebook(cells=[new_markdown_cell("# One"), new_markdown_cell("# Two"), cell])
    path = tmp_path / "bad.ipynb"
    nbformat.write(nb, path)
    problems = " | ".join(lint_notebook(path))
    for needle in ("2 H1", "carries outputs", "shows its code", "hide-input", "4 lines of code"):
        assert needle in problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_facilitator_cells_are_speaker_notes(path):
    """Are facilitator cells tagged and marked as slide notes, so they become speaker notes?"""
    for c in nbformat.read(path, as_version=4).cells:
        if "facilitator" in c.metadata.get("tags", []):
            assert c.metadata.get("slideshow", {}).get("slide_type") == "notes"


def test_educator_pages_list_objectives_from_content(content):
    """Does each educator page list every objective with its exact text from content/?"""
    for slug, mc in content.modules.items():
        page = (ROOT / "educator_guide" / f"{slug}.md").read_text()
        listed = dict(re.findall(r"^- \*\*([a-z]+-o\d+)\*\*: (.+)$", page, re.M))
        assert listed == {o.id: o.text for o in mc.module.objectives}, slug


def test_educator_page_misconceptions_use_real_item_ids(content):
    """Do the item ids an educator page mentions all exist?"""
    ids = {it.id for it in content.items()}
    for slug in content.modules:
        page = (ROOT / "educator_guide" / f"{slug}.md").read_text()
        for ref in re.findall(r"\b([a-z]+-q\d\d)\b", page):
            assert ref in ids, f"{slug}.md mentions unknown item {ref}"
