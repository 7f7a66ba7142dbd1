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


# nbconvert's own page template (lab) loads require.js and MathJax from a CDN; our output must load nothing.
NBCONVERT_TEMPLATE_SCRIPTS = ("https://cdnjs.cloudflare.com/ajax/libs/require.js/",
                              "https://cdnjs.cloudflare.com/ajax/libs/mathjax/")


def test_export_runtime_works_in_a_browser_offline(exported_html, content, tmp_path):
    """Opened from file:// in Debian's Chromium with every request outside the file aborted, does the exported
    notebook's runtime check a quiz answer (verdict and rationale) and walk a case scene, with no script error, and
    does nothing in it but nbconvert's own template ask the network for anything?"""
    from browser import browser_page

    page_file = tmp_path / "01-lines-of-treatment.html"
    page_file.write_text(exported_html, encoding="utf-8")
    mc = content.module("01-lines-of-treatment")
    item = mc.item("lines-q01")
    pick = next(i for i, o in enumerate(item.options) if o.verdict != "best")
    case = mc.case("lines-c1")
    first = case.scene(case.start)
    with browser_page() as page:
        outside: list[str] = []

        def refuse(route):
            outside.append(route.request.url)
            route.abort()

        page.context.route(lambda url: not url.startswith(("file://", "data:", "blob:")), refuse)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_file.as_uri())
        page.wait_for_function("window.SecondLine && window.SecondLine.ready === true")
        quiz = page.locator(f'[data-sl-kind="quiz"][data-sl-id="{item.id}"]')
        quiz.get_by_label(item.options[pick].text).check()
        quiz.get_by_role("button", name="Check answer").click()
        feedback = quiz.locator(".sl-feedback")
        feedback.get_by_text(item.options[pick].why).wait_for()
        assert "Best answer" not in feedback.inner_text()
        quiz.get_by_label(item.options[item.best_index].text).check()
        quiz.get_by_role("button", name="Check answer").click()
        feedback.get_by_text(item.options[item.best_index].why).wait_for()
        assert "Best answer" in feedback.inner_text()
        quiz.scroll_into_view_if_needed()
        page.screenshot(path=str(_shots() / "nbconvert-export-quiz.png"))

        root = page.locator(f'[data-sl-kind="case"][data-sl-id="{case.id}"]')
        choice = first.choices[0]
        box = root.locator(f'[data-sl-scene="{first.id}"]')
        box.get_by_label(choice.text).check()
        box.get_by_role("button", name="Choose").click()
        root.get_by_text(choice.debrief).first.wait_for()
        root.locator(f'[data-sl-scene="{choice.next}"]').wait_for()
    assert not errors, errors
    ours = [u for u in outside if not u.startswith(NBCONVERT_TEMPLATE_SCRIPTS)]
    assert not ours, f"the exported output asked the network for {ours}"


def _shots() -> Path:
    shots = ROOT / "_build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    return shots
