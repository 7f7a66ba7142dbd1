"""In a real browser: a learner opens module 01 in JupyterLab, runs it, answers a quiz item and reads the rationale."""

from __future__ import annotations

from pathlib import Path

from browser import browser_page, jupyterlab, run_all_until

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "_build" / "screenshots"


def test_jupyterlab_quiz_answer_shows_rationale(tmp_path, content):
    """In JupyterLab, after Run All, does choosing an answer and clicking Check show its verdict and rationale?"""
    item = content.module("01-lines-of-treatment").item("lines-q01")
    best = item.options[item.best_index]
    with jupyterlab(ROOT, tmp_path) as (base, token), browser_page() as page:
        page.goto(f"{base}/lab/tree/notebooks/01-lines-of-treatment.ipynb?token={token}")
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
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
