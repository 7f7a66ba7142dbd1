"""In a real browser: the JupyterLab that `./start --lang es` opens for a Spanish-speaking learner.

The Spanish notebooks are built from the English ones (`secondline build notebooks --lang es`), lab/learner.py makes
the Spanish workspace (its own folder, JupyterLab's locale set to the es-ES language pack) and the server starts with
the options ./start uses. Screenshots land in _build/screenshots/ (jupyterlab-learner-es-*.png).
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import pytest

from browser import browser_page, jupyterlab, wait_kernel_ready

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "_build" / "screenshots"
MODULE = "01-lines-of-treatment"
ITEM = "lines-q01"
CURRENT = "window.jupyterapp.shell.currentWidget"
START_ITEM = ".jp-NotebookPanel:not(.lm-mod-hidden) [data-jp-item-name='secondline-start']"

spec = importlib.util.spec_from_file_location("learner", ROOT / "lab" / "learner.py")
learner = importlib.util.module_from_spec(spec)
spec.loader.exec_module(learner)


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.ipynb"))}


@pytest.fixture(scope="module")
def spanish(content):
    from secondline.content.i18n import translated

    return translated(content, "es", strict=True)


@pytest.fixture(scope="module")
def lab_es(tmp_path_factory, content):
    """The Spanish learner's JupyterLab, started as `./start --lang es` starts it: (base, token, workspace)."""
    from secondline.editions.languages import build_notebooks

    tmp = tmp_path_factory.mktemp("learner-lab-es")
    files, left_out = build_notebooks(content, ["00-start-here", MODULE], tmp / "build", "es")
    assert len(files) == 2 and not left_out, left_out
    target = tmp / "learner"
    root = learner.prepare(target, source=tmp / "build" / "es" / "notebooks", lang="es")
    options = tuple(o for o in learner.lab_options(root) if not o.startswith("--ServerApp.root_dir="))
    settings = target / "jupyter" / learner.LOCALE_SETTINGS.parent.parent.parent  # JupyterLab's default place
    with jupyterlab(root, tmp, config_dir=target / "jupyter", extra_args=options,
                    settings_dir=settings) as (base, token):
        yield base, token, target


def test_spanish_learner_gets_spanish_menus_notebooks_and_views(lab_es, spanish, content):
    """Does the Spanish workspace open on its start page with JupyterLab's menus in Spanish and the page in Spanish;
    does Iniciar módulo run module 01 with its content and the views' own words in Spanish (the quiz, its button,
    its verdict after an answer), no facilitator notes in the notebook, and the tracked notebooks unchanged?"""
    from playwright.sync_api import expect

    base, token, target = lab_es
    tracked = digests(ROOT / "notebooks")
    item = spanish.module(MODULE).item(ITEM)
    with browser_page((1280, 800)) as page:
        page.goto(f"{base}/?token={token}")
        wait_kernel_ready(page)
        assert page.evaluate(f"() => {CURRENT}.context.path") == "00-start-here.ipynb"
        assert page.evaluate("() => document.documentElement.lang").startswith("es")
        menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
        assert "Archivo" in menus and "Ayuda" in menus and "File" not in menus, menus

        page.locator(".jp-DirListing-content .jp-DirListing-item", has_text=MODULE).dblclick()
        page.wait_for_function(f"() => {CURRENT}.context.path === '{MODULE}.ipynb'")
        wait_kernel_ready(page)
        start = page.locator(START_ITEM).get_by_role("button", name="Iniciar módulo")  # its accessible name
        expect(start).to_be_visible()
        start.click()
        quiz = page.locator(f".jp-NotebookPanel:not(.lm-mod-hidden) .sl-id-{ITEM}")
        quiz.wait_for(timeout=120_000)
        assert page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell.cell-tag-facilitator").count() == 0
        quiz.scroll_into_view_if_needed()
        quiz.get_by_text(item.prompt[:40], exact=False).first.wait_for()
        quiz.get_by_label(item.options[item.best_index].text).check()
        quiz.get_by_role("button", name="Revisar la respuesta").click()
        feedback = quiz.locator("[aria-live]").last
        feedback.get_by_text(item.options[item.best_index].why[:40], exact=False).wait_for(timeout=30_000)
        assert "Mejor respuesta" in feedback.inner_text()
        english = content.module(MODULE).item(ITEM)
        assert english.prompt[:40] not in quiz.inner_text()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "jupyterlab-learner-es-module.png"))
    assert digests(ROOT / "notebooks") == tracked
