"""The educator guide as the site build writes it beside the site (`_build/guide/`, editions/site.py calls
guide.pages.write_guide): every link of every HTML page lands on a page and an anchor that exist, and every page has
zero WCAG 2.2 AA violations in axe in Debian's Chromium, opened from file:// with nothing loaded from elsewhere.

test_guide.py checks the Markdown pages' links; the HTML pages are what a facilitator opens from the built site.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from browser import browser_page, require_chromium
from secondline.guide.pages import write_guide

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "_build" / "screenshots"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]}}


class Links(HTMLParser):
    """A page's ids (and <a name>) and every href/src it holds."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for key in ("href", "src"):
            if a.get(key):
                self.links.append((tag, a[key]))


@pytest.fixture(scope="module")
def guide(tmp_path_factory, content) -> Path:
    out = tmp_path_factory.mktemp("site") / "guide"
    write_guide(out, content)
    return out


def pages(guide: Path) -> list[Path]:
    found = sorted(guide.rglob("*.html"))
    assert len(found) >= 40, f"only {len(found)} guide pages"
    return found


def broken_links(guide: Path) -> tuple[int, list[str]]:
    """(links followed, problems): a relative link must reach an HTML page in the guide, and its #anchor an id there."""
    parsed: dict[Path, Links] = {}

    def read(path: Path) -> Links:
        if path not in parsed:
            parsed[path] = Links(path.read_text(encoding="utf-8"))
        return parsed[path]

    followed, problems = 0, []
    for page in pages(guide):
        for tag, url in read(page).links:
            if re.match(r"(https?:|mailto:|tel:)", url):
                continue
            followed += 1
            where = f"{page.relative_to(guide)}: <{tag}> {url}"
            path, _, frag = url.partition("#")
            dest = (page.parent / path).resolve() if path else page.resolve()
            if url.startswith("/") or guide.resolve() not in dest.parents:
                problems.append(f"{where}: leaves the guide folder")
            elif not dest.is_file():
                problems.append(f"{where}: no such file")
            elif dest.suffix == ".md":
                problems.append(f"{where}: links the Markdown source, not its page")
            elif frag and dest.suffix == ".html" and frag not in read(dest).ids:
                problems.append(f"{where}: no id {frag!r} there")
    return followed, problems


def test_every_guide_link_lands(guide):
    """Does every relative link on every guide page reach a page of the guide, and the anchor it names?"""
    followed, problems = broken_links(guide)
    assert followed > 200, f"only {followed} links followed"
    assert not problems, "\n".join(problems)


def test_the_link_check_finds_a_broken_link(guide, tmp_path):
    """Would it notice a missing page, a missing anchor and a link to the Markdown source?"""
    import shutil

    copy = tmp_path / "guide"
    shutil.copytree(guide, copy)
    page = copy / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</body>", '<a href="nowhere.html">a</a><a href="index.html#no-such-part">b</a><a href="index.md">c</a></body>'),
        encoding="utf-8")
    _, problems = broken_links(copy)
    assert [p.split(": ")[-1] for p in problems] == ["no such file", "no id 'no-such-part' there",
                                                     "links the Markdown source, not its page"], problems


def test_axe_every_guide_page(guide):
    """Has every page of the educator guide zero WCAG 2.2 AA violations in axe, with no request leaving the guide
    folder and no script error?"""
    require_chromium()
    from axe_playwright_python.sync_playwright import Axe

    axe, found = Axe(), {}
    with browser_page() as page:
        urls: list[str] = []
        page.context.on("request", lambda r: urls.append(r.url))
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        for html in pages(guide):
            page.goto(html.as_uri())
            result = axe.run(page, options=WCAG)
            found[html.relative_to(guide).as_posix()] = [
                f"{v['id']} ({len(v['nodes'])}): {v['help']} at {v['nodes'][0]['target']}"
                for v in result.response["violations"]]
        page.goto((guide / "index.html").as_uri())
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "guide-index.png"))
    inside = guide.resolve().as_uri() + "/"
    outside = [u for u in urls if not u.startswith((inside, "data:", "blob:"))]
    assert not outside, f"requests outside the guide folder: {outside}"
    assert not errors, errors
    print(f"\naxe: {len(found)} guide pages, {sum(map(len, found.values()))} violations")
    assert not any(found.values()), {k: v for k, v in found.items() if v}
