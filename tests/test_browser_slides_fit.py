"""In Chromium at 1280x720: every slide of every deck fits the screen, or scrolls in a panel the controls never cover.

The decks are built with `secondline build slides` into a temporary folder. Each slide is shown with reveal.js's
own API and measured: its box must lie inside the viewport; a slide whose content is taller than its box must be a
scroll panel (overflow-y auto or scroll); reveal's controls and slide number must not overlap the box; and the
lists that slides.py splits (key points, references) must fit without scrolling. The Spanish decks (slides/es/) are
checked the same way. Screenshots of two long slides
land in _build/screenshots/ (slides-fit-*.png).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import browser_page, require_chromium

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "_build" / "screenshots"
MODULES = tuple(sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb")))
WIDTH, HEIGHT = 1280, 720

MEASURE = """() => {
  const rect = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const covers = ['.controls', '.slide-number'].map(s => document.querySelector('.reveal ' + s))
      .filter(el => el && el.getClientRects().length && getComputedStyle(el).display !== 'none');
  return Reveal.getSlides().map((s, i) => {
    const at = Reveal.getIndices(s);
    Reveal.slide(at.h, at.v, 0);
    const box = rect(s), style = getComputedStyle(s);
    const overlaps = covers.map(c => [c.className, rect(c)]).filter(([, r]) =>
        r[0] < box[2] && r[2] > box[0] && r[1] < box[3] && r[3] > box[1]).map(([name]) => name);
    const heading = s.querySelector('h1, h2, h3, .sl-poll-label');
    return {n: i + 1, title: heading ? heading.textContent.trim().slice(0, 50) : '',
            scrollHeight: s.scrollHeight, clientHeight: s.clientHeight, box, overflowY: style.overflowY, overlaps,
            list: !!s.querySelector('.sl-references, .sl-keypoints')};
  });
}"""


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> Path:
    require_chromium()
    from secondline.editions.build import build

    out = tmp_path_factory.mktemp("slides-fit")
    result = build(["slides"], out=out, modules=MODULES)
    assert result.ok, result.errors
    return out / "slides"


def measure(deck: Path) -> list[dict]:
    with browser_page((WIDTH, HEIGHT)) as page:
        page.goto(deck.as_uri())
        page.wait_for_selector(".reveal.ready")
        return page.evaluate(MEASURE)


@pytest.mark.parametrize("slug", [*MODULES, *(f"es/{s}" for s in MODULES)])
def test_every_slide_fits_or_scrolls_clear_of_the_controls(decks, slug):
    """At 1280x720, is each slide's box inside the screen and clear of the controls and slide number; does content
    taller than the box scroll inside it; and does every part of a split list fit without scrolling? The Spanish
    decks (slides/es/, needing the complete catalog) too: Spanish runs longer than English."""
    slides = measure(decks / f"{slug}.html")
    assert len(slides) > 5
    problems = []
    for s in slides:
        where = f"{slug} slide {s['n']} ({s['title']!r}, {s['scrollHeight']} px tall)"
        left, top, right, bottom = s["box"]
        if left < 0 or top < 0 or right > WIDTH or bottom > HEIGHT:
            problems.append(f"{where}: box {s['box']} is outside the {WIDTH}x{HEIGHT} screen")
        if s["overlaps"]:
            problems.append(f"{where}: covered by {s['overlaps']}")
        taller = s["scrollHeight"] > s["clientHeight"] + 1
        if taller and s["overflowY"] not in ("auto", "scroll"):
            problems.append(f"{where}: taller than the slide and cut off (overflow-y {s['overflowY']})")
        if taller and s["list"]:
            problems.append(f"{where}: a key-points or references slide that scrolls instead of continuing")
    assert not problems, "\n".join(problems)


def test_long_slides_screenshots(decks):
    """Pictures of a split References slide and of the tallest scroll panel (03's trial search), for the record:
    the References continuation starts numbering where the first part stopped."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    with browser_page((WIDTH, HEIGHT)) as page:
        page.goto((decks / "01-lines-of-treatment.html").as_uri())
        page.wait_for_selector(".reveal.ready")
        parts = page.locator(".reveal .slides section:not(.stack):has(.sl-references)")
        assert parts.count() >= 2, "module 01's references should continue on a second slide"
        starts = [parts.nth(i).locator("ol").get_attribute("start") for i in range(parts.count())]
        assert starts[0] is None and all(s and int(s) > 1 for s in starts[1:]), starts
        page.evaluate("() => { const s = document.querySelectorAll('.reveal .slides section:not(.stack)')"
                      ".values().find(x => x.querySelector('.sl-references')); const i = Reveal.getIndices(s);"
                      " Reveal.slide(i.h, i.v); }")
        page.screenshot(path=str(SHOTS / "slides-fit-01-references.png"))
        page.goto((decks / "03-clinical-trials.html").as_uri())
        page.wait_for_selector(".reveal.ready")
        page.evaluate("() => { const s = document.querySelector('.reveal [data-sl-kind=\"trials\"]').closest('section');"
                      " const i = Reveal.getIndices(s); Reveal.slide(i.h, i.v); s.scrollTop = 600; }")
        page.screenshot(path=str(SHOTS / "slides-fit-03-trial-search.png"))
