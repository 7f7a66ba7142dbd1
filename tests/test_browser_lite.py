"""In a real browser with the network cut: the JupyterLite edition (`secondline build lite`) as a learner meets it.

The site is built into a temporary folder (the wheels Pyodide needs are cached in _build/.cache/lite-wheels) and
served from 127.0.0.1; every request that leaves that server is aborted and recorded, and none is allowed.
Screenshots land in _build/screenshots/ (lite-*.png).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import CHROMIUM, CHROMIUM_ARGS, _missing, require_chromium, wait_kernel_ready
from secondline.bench.common import keep_local

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "_build" / "screenshots"
MODULE = "01-lines-of-treatment"
ITEM = "lines-q01"
CURRENT = "window.jupyterapp.shell.currentWidget"
START = ".jp-NotebookPanel:not(.lm-mod-hidden) [data-jp-item-name='secondline-start'] button"
VISIBLE_CODE = """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputArea-editor')]
  .filter(el => el.getClientRects().length > 0).length"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The lite edition of modules 00 and 01, built from clean."""
    try:
        import jupyterlite_core  # noqa: F401
    except ImportError:  # under CI (SECONDLINE_REQUIRE_BROWSER=1) a failure, never a quiet skip
        _missing("the lite extra is not installed (pip install -e '.[lite]'; ./test installs it)")
    from secondline.content.cache import cached
    from secondline.editions.lite import build_lite

    out = tmp_path_factory.mktemp("lite") / "lite"
    build_lite(cached(ROOT / "content"), ["00-start-here", MODULE], out, root=ROOT,
               cache=ROOT / "_build" / ".cache" / "lite-wheels")
    return out


def test_lite_site_runs_a_module_keeps_the_answer_over_a_reload_and_exports_it(site, tmp_path):
    """Does the lite site open on the start page with no request leaving it; does Start module run module 01 with
    its code out of sight; does a quiz answer show its rationale; after a reload (another page), is the answer still
    in the record; do the name, completion and certificate (Jinja2 in Pyodide) work; and is the export that My
    progress gives read by the cohort report?"""
    require_chromium()
    from playwright.sync_api import sync_playwright

    from secondline.content.cache import cached
    from secondline.editions.lite import serve
    from secondline.record.exports import read_records

    item = cached(ROOT / "content").module(MODULE).item(ITEM)
    outside: list[str] = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        keep_local(context, base, outside)
        page = context.new_page()
        try:
            page.goto(f"{base}/")  # lands on the start page (its kernel is not waited for: the module's is)
            page.wait_for_function(f"() => window.jupyterapp && {CURRENT} && {CURRENT}.context", timeout=240_000)
            assert page.evaluate(f"() => {CURRENT}.context.path") == "00-start-here.ipynb"
            page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedMarkdown h1").first.wait_for()
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "lite-start.png"))

            page.goto(f"{base}/lab/index.html?path={MODULE}.ipynb")
            wait_kernel_ready(page, 240_000)
            page.locator(START).click()
            quiz = page.locator(f".sl-id-{ITEM}")
            quiz.wait_for(timeout=240_000)
            quiz.scroll_into_view_if_needed()
            assert page.evaluate(VISIBLE_CODE) == 0, "the learner sees code"
            quiz.get_by_label(item.options[item.best_index].text).check()
            quiz.get_by_role("button", name="Check answer").click()
            feedback = quiz.locator("[aria-live]").last
            feedback.get_by_text(item.options[item.best_index].why[:40], exact=False).wait_for(timeout=30_000)
            wait_kernel_ready(page)  # idle again: the answer is written to the browser's storage
            page.screenshot(path=str(SHOTS / "lite-module-01.png"))

            page.goto(f"{base}/lab/index.html?path=00-start-here.ipynb")
            wait_kernel_ready(page, 240_000)
            page.locator(START).click()
            progress = page.locator(".sl-progress")
            progress.wait_for(timeout=240_000)
            progress.scroll_into_view_if_needed()
            progress.locator("input[type=text]").first.fill("Lite Tester")
            progress.get_by_role("button", name="Save name").click()
            progress.get_by_text("Name saved.").wait_for(timeout=60_000)
            page.get_by_role("button", name="Mark this module complete").click()
            page.get_by_text("You completed this module", exact=False).first.wait_for(timeout=60_000)
            progress.get_by_role("button", name="Make my certificate").click()  # Jinja2 in Pyodide
            progress.get_by_text("Download your module certificate (HTML)").wait_for(timeout=60_000)  # one module done
            progress.get_by_role("button", name="Export my record (JSON)").click()
            link = progress.get_by_role("link", name="Download my record (JSON)")
            link.wait_for(timeout=30_000)
            with page.expect_download() as got:
                link.click()
            data = Path(got.value.path()).read_bytes()
            progress.locator("h3").first.scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / "lite-progress.png"))
        finally:
            browser.close()
    assert outside == [], f"requests left the site: {outside[:5]}"
    exported = tmp_path / "exports" / "lite.json"
    exported.parent.mkdir()
    exported.write_bytes(data)
    good, bad = read_records([exported.parent])  # what `secondline report cohort` reads
    assert bad == [] and len(good) == 1, bad
    answered = [a for a in good[0][1].attempts if a.id == ITEM]
    assert answered and answered[-1].verdict == "best" and answered[-1].module == MODULE, good[0][1].attempts
    assert good[0][1].display_name == "Lite Tester" and "00-start-here" in good[0][1].completed
