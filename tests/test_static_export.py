"""A notebook executed without widget state and exported by nbconvert still lets a learner answer with no kernel."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def exported_html(content):
    nb = nbformat.read(ROOT / "notebooks" / "01-lines-of-treatment.ipynb", as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", store_widget_state=False,
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    body, _ = HTMLExporter(exclude_input=True).from_notebook_node(nb)
    return body


def test_export_falls_back_to_static_quiz(exported_html, content):
    """Does the export contain every quiz as a working static form instead of an empty widget placeholder?"""
    items = content.module("01-lines-of-treatment").quiz.items
    assert exported_html.count('data-sl-kind="quiz"') == len(items)
    assert exported_html.count('data-sl-action="check"') == len(items)
    assert "application/vnd.jupyter.widget-view+json" not in exported_html.split("<body", 1)[1]


def test_export_hides_code(exported_html):
    """Is the Python hidden from learners in the export?"""
    assert "m.quiz(" not in exported_html and "from secondline import" not in exported_html


def test_export_renders_objectives_and_references(exported_html, content):
    """Are objectives and references rendered from content/ (not typed in the notebook)?"""
    mc = content.module("01-lines-of-treatment")
    for o in mc.module.objectives:
        assert o.text.replace("'", "&#x27;") in exported_html or o.text in exported_html
    assert "doi.org/10.1038/s41416-021-01319-8" in exported_html
