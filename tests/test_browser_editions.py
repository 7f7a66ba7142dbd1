"""In Debian's Chromium, from file://: the built site and slides work with no kernel and no network, and pass axe.

Every request a page makes is recorded; each must stay inside the build folder (or be data:/blob:).
Screenshots land in _build/screenshots/ (edition-*.png).
"""

from __future__ import annotations

import json
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from browser import browser_page, require_tool
from test_build import MODULES

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "_build" / "screenshots"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]}}


@contextmanager
def offline_page(out: Path, viewport=(1200, 900)):
    """A Chromium page that records every request (popups included) and checks them all at the end."""
    with browser_page(viewport) as page:
        urls: list[str] = []
        page.context.on("request", lambda r: urls.append(r.url))
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        yield page
        inside = out.resolve().as_uri() + "/"
        outside = [u for u in urls if not u.startswith((inside, "data:", "blob:"))]
        assert urls and not outside, f"requests outside the build folder: {outside}"
        assert not errors, f"JavaScript errors: {errors}"


def shot(page, name: str, **kw) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"edition-{name}.png"), **kw)


def answers(page) -> dict | None:
    return page.evaluate("JSON.parse(localStorage.getItem('secondline.answers'))")


# --------------------------------------------------------------------------- the site


def test_home_page(out, content):
    """Does the home page open from file:// with every module listed and the built ones linked?"""
    with offline_page(out) as page:
        page.goto((out / "site" / "index.html").as_uri())
        for slug in MODULES:
            page.get_by_role("link", name=content.entry(slug).title).first.wait_for()
        shot(page, "site-home")


def test_quiz_answer_is_explained_kept_and_exported(out, content):
    """Does answering a quiz show the verdict and rationale, keep it in localStorage, export it as JSON and clear it?"""
    item = content.module("01-lines-of-treatment").item("lines-q01")
    pick = next(i for i, o in enumerate(item.options) if o.verdict != "best")
    with offline_page(out) as page:
        page.goto((out / "site" / "01-lines-of-treatment.html").as_uri())
        quiz = page.locator(f'[data-sl-kind="quiz"][data-sl-id="{item.id}"]')
        quiz.get_by_label(item.options[pick].text).check()
        quiz.get_by_role("button", name="Check answer").click()
        feedback = quiz.locator(".sl-feedback")
        feedback.get_by_text(item.options[pick].why).wait_for()
        assert "Acceptable" in feedback.inner_text() or "unsafe" in feedback.inner_text().lower()
        quiz.scroll_into_view_if_needed()
        shot(page, "site-quiz-answered")

        stored = answers(page)
        assert stored["format"] == "secondline-progress" and stored["version"] == 1
        last = stored["attempts"][-1]
        assert {k: last[k] for k in ("kind", "id", "choice", "verdict")} == {
            "kind": "quiz", "id": item.id, "choice": pick, "verdict": item.options[pick].verdict}
        assert last["time"].endswith("Z")
        footer = page.locator(".site-answers")
        assert "1 answer is saved" in footer.inner_text()

        with page.expect_download() as info:
            footer.get_by_role("button", name="Export my answers (JSON)").click()
        download = info.value
        assert download.suggested_filename.endswith(".json")
        exported = json.loads(Path(download.path()).read_text())
        assert exported["format"] == "secondline-progress" and exported["attempts"] == stored["attempts"]

        page.reload()  # kept across visits
        assert len(answers(page)["attempts"]) == 1
        page.once("dialog", lambda d: d.accept())
        footer.get_by_role("button", name="Clear my answers").click()
        footer.get_by_text("No answers saved yet.").wait_for()
        assert answers(page) is None


def test_branching_case_walks_to_its_end(out, content):
    """Can a learner walk case lines-c1 choice by choice to an ending that lists the path with every debrief?"""
    case = content.module("01-lines-of-treatment").case("lines-c1")
    with offline_page(out) as page:
        page.goto((out / "site" / "01-lines-of-treatment.html").as_uri())
        root = page.locator(f'[data-sl-kind="case"][data-sl-id="{case.id}"]')
        scene, debriefs = case.scene(case.start), []
        while not scene.is_end:
            box = root.locator(f'[data-sl-scene="{scene.id}"]')
            choice = scene.choices[-1] if len(debriefs) == 0 else scene.choices[0]  # one detour, then the best path
            box.get_by_label(choice.text).check()
            box.get_by_role("button", name="Choose").click()
            debriefs.append(choice.debrief)
            scene = case.scene(choice.next)
        end = root.locator(f'[data-sl-scene="{scene.id}"]')
        end.get_by_text("Your path through the case").wait_for()
        path = end.locator(".sl-path").inner_text()
        assert all(d in path for d in debriefs)
        assert end.get_by_role("button", name="Start the case again").is_visible()
        kinds = [a["kind"] for a in answers(page)["attempts"]]
        assert kinds == ["case"] * len(debriefs)
        end.scroll_into_view_if_needed()
        shot(page, "site-case-end")


def test_question_list_builder_keeps_nothing(out, content):
    """On module 04, does the builder make a downloadable list of the picked questions, and store none of it?"""
    bank = content.question_bank
    picked = [bank.groups[0].questions[0].text, bank.groups[1].questions[0].text]
    with offline_page(out) as page:
        page.goto((out / "site" / "04-preparing-for-the-visit.html").as_uri())
        builder = page.locator('[data-sl-kind="question-list"]')
        for text in picked:
            builder.get_by_label(text).check()
        builder.locator("textarea").fill("Can my daughter join the video visit?")
        builder.get_by_role("button", name="Make my list").click()
        builder.get_by_text("Your list has 3 questions").wait_for()
        with page.expect_download() as info:
            builder.get_by_role("link", name="Download the list (HTML)").click()
        html = Path(info.value.path()).read_text()
        assert all(t in html for t in picked) and "Can my daughter join the video visit?" in html
        assert answers(page) is None  # the builder promises to keep nothing
        builder.scroll_into_view_if_needed()
        shot(page, "site-question-list")


# --------------------------------------------------------------------------- the slides


def present_poll(page):
    return page.locator(".reveal .slides section.present:not(.stack) .sl-poll")


def next_step(page) -> None:
    """Press ArrowRight and wait until the deck has moved (to the next slide, or the next fragment of this one)."""
    before = page.evaluate("() => JSON.stringify(Reveal.getIndices())")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("b => JSON.stringify(Reveal.getIndices()) !== b", arg=before)


def wait_shown(locator) -> None:
    """Wait until an element is shown and its fade-in has ended (for a screenshot that shows it fully)."""
    locator.wait_for()
    locator.evaluate("el => Promise.all(el.getAnimations({subtree: true}).map(a => a.finished))")
    locator.page.wait_for_function("el => getComputedStyle(el).opacity === '1'", arg=locator.element_handle())


def reveal_first_poll(page, steps: int) -> None:
    """Move through a deck to its first poll (at most `steps` slides), reveal its answer and wait until it shows
    fully."""
    for _ in range(steps):
        if present_poll(page).count():
            break
        next_step(page)
    next_step(page)
    wait_shown(present_poll(page).locator(".sl-poll-best.visible"))


def test_slides_move_and_reveal_the_poll_answer(out, content):
    """Does a deck move on with ArrowRight, and does the next press reveal a poll's verdicts in large type?"""
    with offline_page(out, viewport=(1920, 1080)) as page:
        page.goto((out / "slides" / "01-lines-of-treatment.html").as_uri())
        page.wait_for_selector(".reveal.ready")
        start = page.url
        for _ in range(20):
            if present_poll(page).count():
                break
            next_step(page)
        assert page.url != start, "ArrowRight did not move the deck"
        poll = present_poll(page)
        item = content.module("01-lines-of-treatment").item(poll.get_attribute("data-sl-id"))
        assert poll.locator(".sl-poll-why.visible").count() == 0
        next_step(page)
        wait_shown(poll.locator(".sl-poll-best.visible"))
        assert poll.locator(".sl-poll-why.visible").count() == len(item.options)
        assert f"Best answer: {'ABCDEF'[item.best_index]}" in poll.inner_text()
        shot(page, "slides-poll-revealed")


TEXT_SIZES = """() => {
    const scale = Reveal.getScale(), out = [];
    for (const el of document.querySelectorAll('.reveal .slides *')) {
        if (el.closest('aside.notes, .sl-visually-hidden, script, style')) continue;
        if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
        out.push([parseFloat(getComputedStyle(el).fontSize) * scale, el.tagName + '.' + el.className,
                  el.textContent.trim().slice(0, 50)]);
    }
    return out;
}"""


@pytest.mark.parametrize("slug", MODULES)
def test_slide_text_is_large(out, slug):
    """On a 1920x1080 screen, is every piece of text on every slide at least 28 px tall (speaker notes aside)?"""
    with offline_page(out, viewport=(1920, 1080)) as page:
        page.goto((out / "slides" / f"{slug}.html").as_uri())
        page.wait_for_selector(".reveal.ready")
        sizes = page.evaluate(TEXT_SIZES)
        assert len(sizes) > 50
        small = sorted({(round(px, 1), what, text) for px, what, text in sizes if px < 28})
        assert not small, f"text under 28 px: {small[:8]}"


def test_speaker_view_shows_facilitator_notes(out):
    """Does pressing S open reveal's speaker view with the facilitator's notes for the slide?"""
    with offline_page(out, viewport=(1600, 900)) as page:
        page.goto((out / "slides" / "01-lines-of-treatment.html").as_uri())
        page.wait_for_selector(".reveal.ready")
        notes = page.locator(".reveal .slides section.present:not(.stack) aside.notes").first.text_content().strip()
        with page.context.expect_page() as info:
            page.keyboard.press("s")
        speaker = info.value
        speaker.wait_for_load_state()
        box = speaker.locator(".speaker-controls-notes")
        box.wait_for()
        speaker.wait_for_function("() => document.querySelector('.speaker-controls-notes').innerText.length > 40")
        assert " ".join(notes.split())[:40] in " ".join(box.inner_text().split())


# --------------------------------------------------------------------------- accessibility


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options=WCAG)
    return [f"{v['id']} ({len(v['nodes'])}): {v['help']} at {v['nodes'][0]['target']}"
            for v in result.response["violations"]]


def test_axe_every_site_page_and_a_deck(out):
    """Do every site page (English and Spanish), every deck's opening slide and every slide of one deck (and a
    revealed poll) have zero WCAG 2.2 AA violations in axe, with every request staying inside the build folder?"""
    found: dict[str, list[str]] = {}
    with offline_page(out) as page:
        spanish = sorted((out / "site" / "es").glob("*.html")) + [out / "slides" / "es" / "index.html"]
        for html in sorted((out / "site").glob("*.html")) + [out / "slides" / "index.html"] + spanish:
            page.goto(html.as_uri())
            found[html.relative_to(out).as_posix()] = axe_violations(page)
        page.set_viewport_size({"width": 1920, "height": 1080})
        for slug in MODULES:
            page.goto((out / "slides" / f"{slug}.html").as_uri())
            page.wait_for_selector(".reveal.ready")
            found[f"slides/{slug} opening slide"] = axe_violations(page)
        page.goto((out / "slides" / f"{MODULES[-1]}.html").as_uri())
        page.wait_for_selector(".reveal.ready")
        slides = page.evaluate("Reveal.getSlides().map(s => Reveal.getIndices(s))")
        for ix in slides:
            page.evaluate("ix => Reveal.slide(ix.h, ix.v || 0)", ix)
            found[f"slides/{MODULES[-1]} #/{ix['h']}/{ix.get('v') or 0}"] = axe_violations(page)
        page.goto((out / "slides" / "01-lines-of-treatment.html").as_uri())
        page.wait_for_selector(".reveal.ready")
        reveal_first_poll(page, 20)
        found["slides/01 poll revealed"] = axe_violations(page)
    print(f"\naxe: {len(found)} pages or slides, {sum(map(len, found.values()))} violations")
    assert len(slides) >= 10 and len(found) >= 16
    assert not any(found.values()), {k: v for k, v in found.items() if v}


# --------------------------------------------------------------------------- a handout page, as a picture


def test_handout_page_picture(out):
    """Can the module summary PDF be rendered to a picture (for a person to look at), and is it one page?"""
    require_tool("pdftoppm")  # under CI a failure, as for the browser
    SHOTS.mkdir(parents=True, exist_ok=True)
    prefix = SHOTS / "edition-handout-01-summary"
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-singlefile",
                    str(out / "handouts" / "01-lines-of-treatment-summary.pdf"), str(prefix)], check=True)
    assert prefix.with_suffix(".png").stat().st_size > 10_000
