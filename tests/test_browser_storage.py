"""The website's answer store when the browser will not keep more (issue 14): with localStorage.setItem throwing
QuotaExceededError, the footer says answers are not being saved; with storage blocked, it says nothing is kept.

The page is the site's own footer (editions/templates/site-answers.html.j2) and its own site.js, opened from file:// in
Debian's Chromium; an answer is the `secondline:answer` event the interaction runtime sends. No build is needed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import browser_page, require_chromium
from secondline.editions.site import my_answers

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "_build" / "screenshots"
SITE_JS = Path(__import__("secondline").__file__).parent / "editions" / "page_assets" / "site.js"

FULL = """
(() => {
  const real = Storage.prototype.setItem;
  window.__fillUp = () => {
    Storage.prototype.setItem = function (k, v) {
      if (k === "secondline.answers") throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      return real.call(this, k, v);
    };
  };
  window.__makeRoom = () => { Storage.prototype.setItem = real; };
})();
"""
BLOCKED = """
Storage.prototype.setItem = function () { throw new DOMException("The operation is insecure.", "SecurityError"); };
"""


@pytest.fixture
def page_file(tmp_path) -> Path:
    require_chromium()
    (tmp_path / "site.js").write_text(SITE_JS.read_text(encoding="utf-8"), encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>'
                    f'<main>{my_answers()}</main><script src="site.js"></script></body></html>', encoding="utf-8")
    return page


def answer(page, n: int) -> None:
    page.evaluate("n => document.dispatchEvent(new CustomEvent('secondline:answer', {detail: "
                  "{kind: 'quiz', id: 'lines-q0' + n, choice: 1, verdict: 'best'}}))", n)


def test_a_full_storage_says_answers_are_not_being_saved(page_file):
    """When setItem throws QuotaExceededError, does the footer say answers are not being saved (not '1 answer is
    saved'), and go back to counting once a save works again?"""
    with browser_page() as page:
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.add_init_script(FULL)
        page.goto(page_file.as_uri())
        status = page.locator(".site-answers-count")
        answer(page, 1)
        assert status.inner_text() == "1 answer is saved in this browser."
        page.evaluate("window.__fillUp()")
        answer(page, 2)
        text = status.inner_text()
        assert text.startswith("Your answers are not being saved: this browser's storage for this site is full"), text
        assert status.get_attribute("role") == "status"
        page.evaluate("window.__makeRoom()")
        answer(page, 3)
        assert status.inner_text() == "2 answers are saved in this browser."
        assert not errors, errors


def test_blocked_storage_says_nothing_is_kept(page_file):
    """When the browser refuses storage altogether, does the footer say so, with no script error?"""
    with browser_page() as page:
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.add_init_script(BLOCKED)
        page.goto(page_file.as_uri())
        answer(page, 1)
        assert page.locator(".site-answers-count").inner_text() == (
            "This browser does not allow saving answers here, so nothing is kept.")
        assert not errors, errors


# Chromium with site data blocked: reading window.localStorage itself throws, before any setItem.
NO_STORAGE = """
Object.defineProperty(window, "localStorage", {configurable: true, get() {
  throw new DOMException("Access is denied for this document.", "SecurityError"); }});
"""


@pytest.fixture(scope="module")
def built_page(tmp_path_factory, content) -> Path:
    """Module 01 as the website edition builds it (`secondline build site --modules 01`)."""
    require_chromium()
    from secondline.editions.build import build

    out = tmp_path_factory.mktemp("storage") / "_build"
    result = build(["site"], out=out, modules=["01"], content=content)
    assert result.ok, result.errors
    return out / "site" / "01-lines-of-treatment.html"


@pytest.mark.parametrize("how", ["blocked", "full"])
def test_the_built_site_with_storage_refused_still_checks_answers_and_says_so(built_page, content, how):
    """On the built module page, with the browser refusing storage (reading localStorage throws, as when site data
    is blocked) or with storage full, does a quiz answer still get its verdict and rationale, does the footer say
    the answers are not being kept, and is there no script error and no request outside the build?"""
    item = content.module("01-lines-of-treatment").item("lines-q01")
    best = item.options[item.best_index]
    with browser_page() as page:
        urls: list[str] = []
        page.context.on("request", lambda r: urls.append(r.url))
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.add_init_script(NO_STORAGE if how == "blocked" else FULL + "window.__fillUp();")
        page.goto(built_page.as_uri())
        quiz = page.locator(f'[data-sl-kind="quiz"][data-sl-id="{item.id}"]')
        quiz.get_by_label(best.text).check()
        quiz.get_by_role("button", name="Check answer").click()
        quiz.locator(".sl-feedback").get_by_text(best.why).wait_for()
        status = page.locator(".site-answers-count")
        expected = ("This browser does not allow saving answers here, so nothing is kept." if how == "blocked"
                    else "Your answers are not being saved: this browser's storage for this site is full")
        assert status.inner_text().startswith(expected), status.inner_text()
        assert page.locator(".site-answers").is_visible()
        if how == "blocked":
            status.scroll_into_view_if_needed()
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "edition-site-storage-blocked.png"))
    assert not errors, errors
    inside = built_page.parent.parent.resolve().as_uri() + "/"
    assert not [u for u in urls if not u.startswith((inside, "data:", "blob:"))]
