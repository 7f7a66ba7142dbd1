"""Shared helpers for browser tests: Debian's Chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("SECONDLINE_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps trying to reach the internet and is refused.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def required_here() -> bool:
    """CI sets SECONDLINE_REQUIRE_BROWSER=1 (.ci/run): there a missing browser, PDF tool or PDF output is a failure,
    never a quiet skip."""
    return os.environ.get("SECONDLINE_REQUIRE_BROWSER") == "1"


def missing(reason: str):
    """A tool the test needs is missing: fail under CI, skip (with the reason) elsewhere."""
    if required_here():
        pytest.fail(f"required here (SECONDLINE_REQUIRE_BROWSER=1), but {reason}")
    pytest.skip(reason)


_missing = missing  # the name older tests import


def left_out(reason: str) -> None:
    """A part of a test that needs a missing tool: fail under CI; elsewhere the test goes on without that part."""
    if required_here():
        pytest.fail(f"required here (SECONDLINE_REQUIRE_BROWSER=1), but {reason}")


def require_tool(name: str, package: str = "poppler-utils") -> str:
    """The path of a command-line tool (pdftoppm, pdfinfo, pdftotext ...), or a skip (under CI, a failure)."""
    path = shutil.which(name)
    if not path:
        missing(f"{name} ({package}) is not installed")
    return path


def require_pdf() -> None:
    """PDF output needs Chromium and Playwright (secondline.pdf): skip without them (under CI, fail)."""
    from secondline import pdf

    reason = pdf.missing()
    if reason:
        missing(reason)


def require_chromium():
    """Skip (with the reason) when Chromium or Playwright is missing; ./test installs both where it can."""
    if not Path(CHROMIUM).exists():
        _missing(f"no Chromium at {CHROMIUM}: run ./test as root on Debian to install it, or set SECONDLINE_CHROMIUM")
    try:
        import playwright  # noqa: F401
    except ImportError:
        _missing("python playwright is not installed (pip install -e '.[test]')")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def browser_page(viewport=(1200, 900)):
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        try:
            yield page
        finally:
            browser.close()


@contextmanager
def jupyterlab(root: Path, tmp: Path, config_dir: Path | None = None, extra_args: tuple[str, ...] = (),
               settings_dir: Path | None = None):
    """A JupyterLab server on 127.0.0.1 with a token, isolated config (`config_dir`, or a fresh one) and user settings
    (`settings_dir`, or a fresh one), stopped afterwards. `extra_args` go to `jupyter lab`."""
    port, token = free_port(), "secondline-test-token"
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(config_dir or tmp / "cfg"), JUPYTER_RUNTIME_DIR=str(tmp / "rt"),
               JUPYTERLAB_SETTINGS_DIR=str(settings_dir or tmp / "settings"), JUPYTERLAB_WORKSPACES_DIR=str(tmp / "ws"))
    jupyter = shutil.which("jupyter", path=str(Path(sys.executable).parent)) or "jupyter"
    cmd = [jupyter, "lab", "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--LabApp.news_url=None",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--LabApp.expose_app_in_browser=True", *extra_args]
    log = open(tmp / "lab.log", "w")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=1)
                break
            except OSError:
                time.sleep(0.25)
        else:
            raise RuntimeError("JupyterLab did not start: " + (tmp / "lab.log").read_text()[-2000:])
        yield base, token
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


# The test server exposes JupyterLab's application object (--LabApp.expose_app_in_browser), so a test can wait for
# what Run All needs, the notebook's session ready with a connected, idle kernel, instead of the status bar's
# "Idle", which can show before the session is ready. Clicking Run All in that gap makes JupyterLab ask for a kernel.
KERNEL_READY_JS = """() => {
  const app = window.jupyterapp, w = app && app.shell.currentWidget;
  const sc = w && w.context && w.context.sessionContext, k = sc && sc.session && sc.session.kernel;
  return !!(sc && sc.isReady && !sc.hasNoKernel && k && k.connectionStatus === 'connected' && k.status === 'idle');
}"""


def wait_kernel_ready(page, timeout_ms: int = 90_000) -> None:
    page.wait_for_function(KERNEL_READY_JS, timeout=timeout_ms)


def open_notebook(page, base: str, token: str, path: str) -> None:
    """Open `path` (relative to the server's root) in JupyterLab and wait until its kernel is ready to run cells."""
    page.goto(f"{base}/lab/tree/{path}?token={token}")
    wait_kernel_ready(page)


def select_kernel(page) -> bool:
    """Accept JupyterLab's "Select Kernel" dialog (Python 3, the preferred kernel) when it is showing, and wait for
    the kernel. Its accept button reads "Select" but is named "Select Kernel" for screen readers, so it is found by
    its place in the dialog (.jp-mod-accept). Any other dialog is a failure that says what the dialog said."""
    dialog = page.locator(".jp-Dialog")
    if not (dialog.count() and dialog.first.is_visible()):
        return False
    text = " ".join(dialog.first.inner_text().split())
    if "Select Kernel" not in text:
        raise AssertionError(f"JupyterLab showed an unexpected dialog: {text!r}")
    dialog.first.locator("button.jp-mod-accept").click()
    wait_kernel_ready(page)
    return True


def run_all(page) -> None:
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.locator("li[data-command='runmenu:run-all']").click()


def run_all_until(page, locator, timeout_ms: int = 60_000) -> None:
    """Run > Run All Cells in JupyterLab until `locator` appears. Should JupyterLab still ask which kernel to use,
    accept Python 3, wait for it and run all again."""
    run_all(page)
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        if locator.count() and locator.first.is_visible():
            return
        if select_kernel(page):
            run_all(page)
        if time.monotonic() > deadline:
            locator.wait_for(timeout=1)  # raises Playwright's TimeoutError, naming the locator
        page.wait_for_timeout(250)
