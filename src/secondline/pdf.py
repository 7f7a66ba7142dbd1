"""Print an HTML page to PDF with Debian's Chromium through Playwright (certificates and cohort reports).

Chromium is never downloaded: it is /usr/bin/chromium (or SECONDLINE_CHROMIUM). When it or Playwright is missing,
`missing()` says why in one line, and callers write the HTML only.
"""

from __future__ import annotations

import asyncio
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# As in tests/browser.py: without the background-networking flags Chromium keeps trying to reach the internet.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium() -> str:
    return os.environ.get("SECONDLINE_CHROMIUM", "/usr/bin/chromium")


def missing() -> str | None:
    """Why a PDF cannot be printed here (with the fix), or None when it can."""
    if sys.platform == "emscripten":  # the JupyterLite edition: the learner's own browser prints
        return "To keep it as a PDF, open the HTML file and print it to PDF from your browser."
    if not Path(chromium()).exists():
        return (f"PDF skipped: there is no Chromium at {chromium()}. Install it (Debian/Ubuntu: apt-get install "
                "chromium) or set SECONDLINE_CHROMIUM; the HTML file prints to PDF from any browser meanwhile.")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "PDF skipped: Playwright is not installed (pip install playwright); the HTML file prints from any browser."
    return None


def _print(pages: list[tuple[str, Path]]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page()
            # Everything is inline: any request that tries to leave the page is refused.
            page.route("**/*", lambda route: route.abort() if not route.request.url.startswith(("data:", "about:"))
                       else route.continue_())
            for html, path in pages:
                page.set_content(html, wait_until="load")
                page.pdf(path=str(path), prefer_css_page_size=True, print_background=True, tagged=True)
        finally:
            browser.close()


def html_to_pdf(pages: list[tuple[str, Path]]) -> None:
    """Print each (html, pdf path). Works inside a running event loop (a Jupyter kernel) by using a thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        _print(pages)
        return
    with ThreadPoolExecutor(max_workers=1) as pool:  # Playwright's sync API refuses to run inside an event loop
        pool.submit(_print, pages).result()
