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
