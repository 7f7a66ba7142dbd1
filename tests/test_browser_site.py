"""In Debian's Chromium, from file://: the website's navigation stays in reach and its two editions read as one site
(issue 15). A long page keeps its contents and outline on screen while scrolling, at 1280x800 and at a phone's
390 px; the facilitator edition has the same shell and leads back; axe finds nothing on the pages these change.

Screenshots land in _build/screenshots/ (site-*.png): a learner page at its top and scrolled, the contents opened
on a phone, and a facilitator guide page, each wide and narrow.
"""

from __future__ import annotations

import json

import pytest

from test_browser_editions import SHOTS, axe_violations, offline_page
from test_build import MODULES

WIDE, NARROW = (1280, 800), (390, 844)
LONG = "05-deciding-whether-to-continue"  # one of the longest module pages


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"site-{name}.png"))


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def in_view(page, selector: str) -> bool:
    """Is the element's box inside the window (at least partly, and its top not above it)?"""
    return page.evaluate("""sel => { const r = document.querySelector(sel).getBoundingClientRect();
        return r.height > 0 && r.top >= -1 && r.top < innerHeight && r.left >= 0 && r.right <= innerWidth + 1; }""",
                         selector)


def scroll_to(page, y: int) -> None:
    page.evaluate("y => window.scrollTo(0, y)", y)
    page.wait_for_function("y => Math.abs(window.scrollY - y) < 2", arg=y)


@pytest.mark.parametrize("lang", ["", "es"], ids=["en", "es"])
def test_wide_contents_and_outline_stay_in_reach(out, lang):
    """At 1280x800, after scrolling a long module page half way down, are the contents still on screen with the
    page's own entry and its outline, the section being read marked, and does an outline link bring its section
    to the top? In English and in Spanish (site/es/, which needs the complete catalog)."""
    with offline_page(out, WIDE) as page:
        page.goto((out / "site" / lang / f"{LONG}.html").as_uri())
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height > 3 * WIDE[1]
        assert in_view(page, ".site-toc-here") and in_view(page, ".site-outline")
        shot(page, f"learner-wide-top{'-' + lang if lang else ''}")
        scroll_to(page, height // 2)
        assert page.locator(".site-toc").first.is_visible()
        nav = box(page, ".site-toc")
        assert nav["y"] >= -1 and nav["y"] + nav["height"] <= WIDE[1] + 1, nav  # sticky, within the window
        assert in_view(page, ".site-outline")
        current = page.locator('.site-outline a[aria-current="location"]')
        current.wait_for()
        target = current.get_attribute("href")[1:]
        top = page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", target)
        assert top < WIDE[1] / 3  # the marked section is the one being read
        shot(page, f"learner-wide-scrolled{'-' + lang if lang else ''}")
        links = page.locator(".site-outline a")
        last = links.nth(links.count() - 2)
        name = last.get_attribute("href")[1:]
        last.click()
        page.wait_for_function("id => decodeURIComponent(location.hash.slice(1)) === id", arg=name)
        heading = page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", name)
        assert 0 <= heading < 120, heading  # at the top, with a little room above it
        print(f"\n{LONG}: {height} px tall at 1280 px; outline of {links.count()} sections")


@pytest.mark.parametrize("lang", ["", "es"], ids=["en", "es"])
def test_narrow_contents_bar_stays_and_opens(out, lang):
    """At 390 px, is the contents a closed bar that stays at the top while scrolling, that opens to the page's
    entry and outline, closes on following a link, and leaves the heading it jumped to in sight below it? In
    English and in Spanish."""
    with offline_page(out, NARROW) as page:
        page.goto((out / "site" / lang / f"{LONG}.html").as_uri())
        summary = page.locator(".site-toc-summary")
        assert summary.is_visible() and not page.locator(".site-outline").first.is_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW[0], f"the page is {width} px wide at {NARROW[0]} px"
        shot(page, f"learner-narrow-top{'-' + lang if lang else ''}")
        scroll_to(page, page.evaluate("document.documentElement.scrollHeight") // 2)
        bar = box(page, ".site-toc-summary")
        assert abs(bar["y"]) <= 1 and bar["height"] >= 44, bar
        shot(page, f"learner-narrow-scrolled{'-' + lang if lang else ''}")
        summary.click()
        page.locator(".site-outline").first.wait_for()
        assert in_view(page, ".site-toc-here")
        shot(page, f"learner-narrow-contents{'-' + lang if lang else ''}")
        link = page.locator(".site-outline a").nth(2)
        name = link.get_attribute("href")[1:]
        link.click()
        page.wait_for_function("() => !document.querySelector('.site-toc-box').open")
        page.wait_for_function("id => decodeURIComponent(location.hash.slice(1)) === id", arg=name)
        heading = page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", name)
        assert box(page, ".site-toc-summary")["height"] <= heading < NARROW[1] / 2, heading


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["wide", "narrow"])
def test_facilitator_page_has_the_shell_and_leads_back(out, viewport):
    """Does a facilitator guide page show the facilitator edition's label and contents (modules as "Module N"),
    keep them in reach while scrolling, and lead back to the learner site's home?"""
    with offline_page(out, viewport) as page:
        page.goto((out / "guide" / f"{MODULES[3]}.html").as_uri())
        assert page.locator(".site-edition").inner_text() == "Facilitator edition"
        nums = page.locator(".site-toc-num").all_text_contents()  # closed behind the bar on a phone
        assert nums == [f"Module {int(s[:2])}:" for s in MODULES]
        name = "wide" if viewport == WIDE else "narrow"
        shot(page, f"facilitator-{name}")
        scroll_to(page, page.evaluate("document.documentElement.scrollHeight") // 2)
        assert in_view(page, ".site-toc-here" if viewport == WIDE else ".site-toc-summary")
        page.get_by_role("link", name="Back to the learner site").click()
        page.wait_for_url("**/site/index.html")
        assert page.locator("h1").inner_text().startswith("Second Line")


def test_answers_are_kept_by_item_not_by_module_slug(out, content):
    """Does the site keep answers by item id only (no module slug in what it stores), so the capstone's move from
    08-capstone to 10-capstone strands nothing and needs no migration in the browser?"""
    with offline_page(out, WIDE) as page:
        page.goto((out / "site" / f"{MODULES[-1]}.html").as_uri())
        quiz = page.locator('[data-sl-kind="quiz"]').first
        quiz.locator("input[type=radio]").first.check()
        quiz.get_by_role("button", name="Check answer").click()
        page.wait_for_function("() => localStorage.getItem('secondline.answers')")
        stored = page.evaluate("Object.fromEntries(Object.keys(localStorage).map(k => [k, localStorage.getItem(k)]))")
    assert set(stored) <= {"secondline.answers", "secondline.learner-key"}
    text = json.dumps(stored)
    assert not any(s in text for s in (*MODULES, "08-capstone")), text
    attempts = json.loads(stored["secondline.answers"])["attempts"]
    assert attempts and attempts[0]["id"] == content.module(MODULES[-1]).quiz.items[0].id


def test_axe_on_the_changed_shell(out):
    """Do a learner page with its contents opened on a phone, and facilitator pages of each kind, have zero WCAG
    2.2 AA violations in axe?"""
    found: dict[str, list[str]] = {}
    guide_pages = ["index.html", f"{MODULES[0]}.html", f"answer-keys/{MODULES[3]}.html", "plans/one-day.html",
                   "evaluation/index.html", "ce-packet/index.html"]
    with offline_page(out, WIDE) as page:
        for rel in guide_pages:
            page.goto((out / "guide" / rel).as_uri())
            found[f"guide/{rel}"] = axe_violations(page)
        page.set_viewport_size({"width": NARROW[0], "height": NARROW[1]})
        page.goto((out / "site" / f"{LONG}.html").as_uri())
        page.locator(".site-toc-summary").click()
        page.locator(".site-outline").first.wait_for()
        found["site narrow, contents open"] = axe_violations(page)
    assert not any(found.values()), {k: v for k, v in found.items() if v}
