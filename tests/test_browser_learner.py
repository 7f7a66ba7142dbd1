"""In a real browser: the JupyterLab that ./start opens, as a learner and as a facilitator sees it.

The server is launched with the options ./start uses (lab/learner.py makes the learner's copy and prints them).
Screenshots land in _build/screenshots/ (jupyterlab-learner-*.png).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import pytest

from browser import browser_page, jupyterlab, wait_kernel_ready

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "_build" / "screenshots"
MODULE = "01-lines-of-treatment.ipynb"

spec = importlib.util.spec_from_file_location("learner", ROOT / "lab" / "learner.py")
learner = importlib.util.module_from_spec(spec)
spec.loader.exec_module(learner)

CURRENT = "window.jupyterapp.shell.currentWidget"
# Everything a learner could see that is not curriculum text: a visible "..." stub of hidden code, a visible
# run number ([4]:) or a visible facilitator note.
VISIBLE_ROUGH_EDGES = """() => {
  const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const all = sel => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) ' + sel)];
  const count = sel => all(sel).filter(shown);
  return {placeholders: count('.jp-InputPlaceholder').length,
          prompts: count('.jp-InputPrompt, .jp-OutputPrompt').map(p => p.textContent.trim()),
          notes: count('.jp-Cell.cell-tag-facilitator').length,
          notesInModule: all('.jp-Cell.cell-tag-facilitator').length};
}"""
# Start module has finished: every code cell has run, the kernel is idle, and the notebook is saved.
RUN_DONE = f"""() => {{
  const w = {CURRENT}, k = w.sessionContext.session && w.sessionContext.session.kernel;
  const code = w.content.widgets.filter(c => c.model.type === 'code');
  return code.length > 0 && code.every(c => c.model.executionCount !== null) && k && k.status === 'idle'
         && !w.context.model.dirty;
}}"""
AT_TOP = f"""() => {{
  const w = {CURRENT}, nb = w.content, first = nb.widgets[0].node.getBoundingClientRect();
  const view = nb.node.getBoundingClientRect();
  return {{active: nb.activeCellIndex, scrollTop: nb.node.scrollTop, firstTop: first.top - view.top}};
}}"""


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.ipynb"))}


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"jupyterlab-learner-{name}.png"))


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """The learner's JupyterLab, started as ./start starts it: (base, token, learner folder)."""
    tmp = tmp_path_factory.mktemp("learner-lab")
    target = tmp / "learner"
    root = learner.prepare(target)
    options = tuple(o for o in learner.lab_options(root) if not o.startswith("--ServerApp.root_dir="))  # given below
    with jupyterlab(root, tmp, config_dir=target / "jupyter", extra_args=options) as (base, token):
        yield base, token, target


def test_learner_lands_on_start_page_runs_a_module_and_leaves_it_saved(lab):
    """Does the printed link land on 00-start-here with only the modules in the file browser; does a module show no
    code stubs, run numbers or facilitator notes; does one Start module click run it, leave the view at its top
    and the notebook saved (not dirty), with the tracked notebooks unchanged on disk?"""
    base, token, target = lab
    tracked = digests(ROOT / "notebooks")
    with browser_page((1280, 800)) as page:
        page.goto(f"{base}/?token={token}")  # the server's default URL: the link ./start prints
        wait_kernel_ready(page)
        assert page.evaluate(f"() => {CURRENT}.context.path") == "00-start-here.ipynb"
        assert page.locator(".jp-Launcher").count() == 0
        listed = page.locator(".jp-DirListing-content .jp-DirListing-itemName").all_inner_texts()
        assert sorted(listed) == sorted(tracked), f"file browser shows {listed}"
        shot(page, "start")

        page.locator(".jp-DirListing-content .jp-DirListing-item", has_text=MODULE).dblclick()
        page.wait_for_function(f"() => {CURRENT}.context.path === '{MODULE}'")
        wait_kernel_ready(page)
        assert not page.evaluate(f"() => {CURRENT}.context.model.dirty"), "a module just opened is already unsaved"
        page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) [data-jp-item-name='secondline-start'] button").click()
        page.wait_for_function(RUN_DONE, timeout=120_000)
        page.locator(".sl-id-lines-q01").wait_for()
        top = page.evaluate(AT_TOP)
        assert top == {"active": 0, "scrollTop": 0, "firstTop": top["firstTop"]} and 0 <= top["firstTop"] < 40, top
        rough = page.evaluate(VISIBLE_ROUGH_EDGES)
        assert rough["notesInModule"] > 0, "module 01 should have facilitator notes to hide"
        assert rough["placeholders"] == 0 and rough["prompts"] == [] and rough["notes"] == 0, rough
        shot(page, "after-start-module")

    saved = json.loads((target / "notebooks" / MODULE).read_text())
    assert any(c.get("outputs") for c in saved["cells"]), "the learner's copy was not saved with the run"
    assert digests(ROOT / "notebooks") == tracked, "running a module changed a tracked notebook"


def test_facilitator_view_labels_the_notes(lab):
    """With ./start --facilitator, are the facilitator notes shown, labelled "Facilitator note" and folded by
    JupyterLab's collapser to their label (and opened again), while code stubs and run numbers stay hidden?"""
    base, token, target = lab
    learner.write_css(target / "jupyter", facilitator=True)
    try:
        with browser_page((1280, 800)) as page:
            page.goto(f"{base}/lab/tree/{MODULE}?token={token}")
            wait_kernel_ready(page)
            rough = page.evaluate(VISIBLE_ROUGH_EDGES)
            assert rough["notes"] == rough["notesInModule"] > 0 and rough["placeholders"] == 0, rough
            note = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell.cell-tag-facilitator").first
            note.scroll_into_view_if_needed()
            label = note.evaluate("n => getComputedStyle(n, '::before').content")
            assert label == '"Facilitator note"'
            shot(page, "facilitator")
            text = note.locator(".jp-RenderedMarkdown")
            assert text.is_visible()
            note.click()  # select the note, then fold it with the bar at its left
            note.locator(".jp-InputCollapser").click()
            text.wait_for(state="hidden")
            folded = note.locator(".jp-InputPlaceholder .jp-Placeholder-contentContainer")
            assert "select here to open it" in folded.evaluate("n => getComputedStyle(n, '::after').content")
            assert note.evaluate("n => getComputedStyle(n, '::before').content") == '"Facilitator note"'
            shot(page, "facilitator-folded")
            folded.click()
            text.wait_for(state="visible")
    finally:
        learner.write_css(target / "jupyter", facilitator=False)
