"""Click-to-feedback latency in Chromium: on the built site (a quiz item and a case choice) and in JupyterLab."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from .common import CASE, MODULE, QUIZ, TARGETS, Options, loadavg
from .table import Row

# Runs in the page: for each click, pick an answer, then time from just before a dispatched click on the button to
# the MutationObserver callback for the feedback region (the handler has run and changed it).
SITE_CLICKS_JS = """async ({sel, kind, n}) => {
  const root = document.querySelector(sel);
  const fb = root.querySelector('.sl-feedback');
  const visible = () => [...root.querySelectorAll('[data-sl-scene]')].find(s => !s.hidden);
  const times = [];
  for (let i = 0; i < n; i++) {
    let button;
    if (kind === 'quiz') {
      const radios = root.querySelectorAll('input[type=radio]');
      radios[i % radios.length].checked = true;
      button = root.querySelector('[data-sl-action=check]');
    } else {
      if (!visible().querySelector('input[type=radio]')) {  // an ending: start again (not timed)
        visible().querySelector('[data-sl-action=case-restart]').click();
      }
      const radios = visible().querySelectorAll('input[type=radio]');
      radios[i % radios.length].checked = true;
      button = visible().querySelector('[data-sl-action=case-choose]');
    }
    const changed = new Promise((resolve, reject) => {
      const obs = new MutationObserver(() => { obs.disconnect(); resolve(performance.now()); });
      obs.observe(fb, {childList: true, subtree: true, characterData: true});
      setTimeout(() => { obs.disconnect(); reject(new Error('no feedback within 5 s')); }, 5000);
    });
    const t0 = performance.now();
    button.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, view: window}));
    times.push((await changed) - t0);
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));  // let the page paint between clicks
  }
  return times;
}"""

LAB_CLICK_JS = """async (sel) => {
  const root = document.querySelector(sel);
  const text = () => { const fb = root.querySelector('.sl-feedback'); return fb ? fb.innerText.trim() : ''; };
  const before = text();
  const button = [...root.querySelectorAll('button')].find(b => b.textContent.includes('Check answer'));
  const done = new Promise((resolve, reject) => {
    const obs = new MutationObserver(() => {
      const now = text();
      if (now && now !== before) { obs.disconnect(); resolve(performance.now()); }
    });
    obs.observe(root, {childList: true, subtree: true, characterData: true});
    setTimeout(() => { obs.disconnect(); reject(new Error('no feedback within 10 s')); }, 10000);
  });
  const t0 = performance.now();
  button.click();
  return (await done) - t0;
}"""


def _browser():
    from ..editions.assets import CHROMIUM, chromium_missing
    from ..pdf import CHROMIUM_ARGS

    reason = chromium_missing()
    if reason:
        raise RuntimeError(reason)
    return CHROMIUM, CHROMIUM_ARGS


def bench_site_clicks(site: Path | None, opts: Options) -> list[Row]:
    names = (f"site click-to-feedback: quiz {QUIZ}", f"site click-to-feedback: case {CASE} choice")
    page_file = site / f"{MODULE}.html" if site else None
    if not opts.browser or page_file is None or not page_file.is_file():
        why = "--no-browser" if not opts.browser else f"no built {MODULE}.html"
        return [Row(n, unit="ms", note=f"skipped: {why}") for n in names]
    try:
        chromium, args = _browser()
    except RuntimeError as exc:
        return [Row(n, unit="ms", note=f"skipped: {exc}") for n in names]
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=args, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(page_file.resolve().as_uri())
            page.wait_for_function("window.SecondLine && window.SecondLine.ready")
            for name, sel, kind in zip(names, (f'[data-sl-id="{QUIZ}"]', f'[data-sl-id="{CASE}"]'),
                                       ("quiz", "case"), strict=True):
                load = loadavg()
                page.locator(sel).scroll_into_view_if_needed()
                if opts.warmup:
                    page.evaluate(SITE_CLICKS_JS, {"sel": sel, "kind": kind, "n": 3})
                times = page.evaluate(SITE_CLICKS_JS, {"sel": sel, "kind": kind, "n": opts.clicks})
                rows.append(Row(name, times, "ms", target=TARGETS["site_click"], load=load,
                                note="dispatched click to MutationObserver on .sl-feedback"))
        finally:
            browser.close()
    return rows


def bench_lab_clicks(opts: Options, scratch: Path) -> list[Row]:
    name = f"JupyterLab click-to-feedback: quiz {QUIZ}"
    if not opts.browser:
        return [Row(name, unit="ms", note="skipped: --no-browser")]
    if opts.lab_clicks < 1:
        return [Row(name, unit="ms", note="skipped: no JupyterLab clicks asked for")]
    try:
        chromium, args = _browser()
        sys.path.insert(0, str(opts.root / "tests"))
        from browser import (  # tests/browser.py: what the browser tests use
            jupyterlab,
            open_notebook,
            run_all_until,
            wait_kernel_ready,
        )
    except (RuntimeError, ImportError) as exc:
        return [Row(name, unit="ms", note=f"skipped: {exc}")]
    finally:
        if sys.path and sys.path[0] == str(opts.root / "tests"):
            sys.path.pop(0)
    from playwright.sync_api import sync_playwright

    from ..content.cache import cached

    content = cached()
    item = content.module(MODULE).item(QUIZ)
    lab_tmp = scratch / "lab"
    lab_tmp.mkdir(parents=True, exist_ok=True)
    # JupyterLab autosaves: it serves a copy of the notebook, so a run never writes outputs into notebooks/.
    served = scratch / "lab-root"
    served.mkdir(parents=True, exist_ok=True)
    shutil.copy2(opts.root / "notebooks" / f"{MODULE}.ipynb", served / f"{MODULE}.ipynb")
    # The kernel inherits these: no learner record is touched, and the copy still finds the course's content.
    env = {"SECONDLINE_PROGRESS_DB": "off", "SECONDLINE_CONTENT": str(content.root.resolve())}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        with jupyterlab(served, lab_tmp) as (base, token), sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=args, headless=True)
            try:
                page = browser.new_page(viewport={"width": 1200, "height": 900})
                open_notebook(page, base, token, f"{MODULE}.ipynb")
                quiz = page.locator(f".sl-id-{QUIZ}")
                run_all_until(page, quiz)
                wait_kernel_ready(page)  # every cell has run
                quiz.scroll_into_view_if_needed()
                load = loadavg()
                times = []
                for i in range(opts.lab_clicks + (1 if opts.warmup else 0)):
                    quiz.get_by_label(item.options[i % len(item.options)].text).check()
                    page.wait_for_timeout(400)  # the choice reaches the kernel before the click is timed
                    ms = page.evaluate(LAB_CLICK_JS, f".sl-id-{QUIZ}")
                    if i >= (1 if opts.warmup else 0):
                        times.append(ms)
            except Exception:
                shot = opts.root / "_build" / "bench-jupyterlab-failure.png"
                shot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(shot))
                raise
            finally:
                browser.close()
    except Exception as exc:  # a benchmark row, never a crash: say what went wrong
        log = (lab_tmp / "lab.log").read_text(errors="replace").strip().splitlines()[-2:] if (
            lab_tmp / "lab.log").is_file() else []
        return [Row(name, unit="ms", note=f"failed: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
                                          f" (screenshot: _build/bench-jupyterlab-failure.png; lab.log: "
                                          f"{' | '.join(log)[:300]})")]
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return [Row(name, times, "ms", target=TARGETS["lab_click"], load=load,
                note="click on Check answer to new .sl-feedback text (kernel round trip)")]
