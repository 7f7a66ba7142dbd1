"""In a real browser: a learner opens module 01 in JupyterLab, runs it, answers a quiz item and reads the rationale."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from browser import browser_page, jupyterlab, open_notebook, run_all, run_all_until, select_kernel

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "_build" / "screenshots"


def test_jupyterlab_quiz_answer_shows_rationale(tmp_path, content):
    """In JupyterLab, after Run All, does choosing an answer and clicking Check show its verdict and rationale?
    JupyterLab autosaves, so it opens a copy of the notebook: the tracked one must be left byte for byte as it was."""
    item = content.module("01-lines-of-treatment").item("lines-q01")
    best = item.options[item.best_index]
    tracked = ROOT / "notebooks" / "01-lines-of-treatment.ipynb"
    before = hashlib.sha256(tracked.read_bytes()).hexdigest()
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy2(tracked, work / tracked.name)
    with jupyterlab(work, tmp_path) as (base, token), browser_page() as page:
        open_notebook(page, base, token, tracked.name)
        quiz = page.locator(".sl-id-lines-q01")
        run_all_until(page, quiz)
        quiz.get_by_label(best.text).check()
        quiz.get_by_role("button", name="Check answer").click()
        feedback = quiz.locator(".sl-feedback")
        feedback.get_by_text("Best answer").wait_for(timeout=10_000)
        assert best.why in feedback.inner_text()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "jupyterlab-quiz.png"))
        page.locator(".sl-id-lines-q02").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "jupyterlab-quiz-long-options.png"))
    assert hashlib.sha256(tracked.read_bytes()).hexdigest() == before, "the tracked notebook was changed"


def test_select_kernel_dialog_is_accepted(tmp_path):
    """When JupyterLab asks which kernel to use (here: the notebook names a kernel that does not exist), does the
    helper the browser tests fall back on accept Python 3 and leave a running, idle kernel?"""
    work = tmp_path / "work"
    work.mkdir()
    notebook = {"cells": [{"cell_type": "code", "execution_count": None, "id": "one", "metadata": {}, "outputs": [],
                           "source": "print('kernel ' + 'ready')"}],
                "metadata": {"kernelspec": {"name": "no-such-kernel", "display_name": "Nowhere", "language": "python"}},
                "nbformat": 4, "nbformat_minor": 5}
    (work / "ask.ipynb").write_text(json.dumps(notebook))
    with jupyterlab(work, tmp_path) as (base, token), browser_page() as page:
        page.goto(f"{base}/lab/tree/ask.ipynb?token={token}")
        page.locator(".jp-Dialog").first.wait_for(timeout=60_000)
        assert select_kernel(page)
        assert page.locator(".jp-Dialog").count() == 0
        run_all(page)
        page.get_by_text("kernel ready").wait_for(timeout=60_000)
