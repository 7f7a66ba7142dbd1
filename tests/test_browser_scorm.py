"""The SCORM package in a real browser against a real SCORM 1.2 runtime (issue 18).

A test LMS page (tests/data/scorm-lms.html) holds scorm-again's Scorm12API (npm, pinned in package-lock.json) as
window.API and launches a SCO from the built zip in an iframe, all served from 127.0.0.1. Every request that would
leave 127.0.0.1 is aborted and recorded, and there must be none. Between launches the test keeps what an LMS keeps
(status, score, location, suspend_data, the manifest's mastery score) and loads it into a new API, as an LMS would.
Screenshots land in _build/screenshots/ (scorm-*.png).
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
import xml.etree.ElementTree as ET
import zipfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

from browser import _missing, browser_page, free_port, require_chromium
from secondline.editions import scorm
from secondline.editions.assets import ensure_node_modules
from test_build import shared_build

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "_build" / "screenshots"
HARNESS = ROOT / "tests" / "data" / "scorm-lms.html"
TIMESPAN = re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$")  # SCORM 1.2 CMITimespan


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """The built package unzipped in pkg/, the test LMS and scorm-again in lms/, served on 127.0.0.1."""
    require_chromium()
    if not shutil.which("npm") and not (ROOT / "node_modules" / "scorm-again").is_dir():
        _missing("the test LMS is scorm-again from npm, and npm is missing (apt-get install -y npm)")
    result = shared_build(tmp_path_factory.getbasetemp())
    assert result.ok, result.errors
    site = tmp_path_factory.mktemp("scorm-served")
    with zipfile.ZipFile(result.out / "scorm" / scorm.ZIP_NAME) as z:
        z.extractall(site / "pkg")
    (site / "lms").mkdir()
    shutil.copy2(ensure_node_modules(ROOT, "scorm-again") / "dist" / "scorm12.min.js", site / "lms")
    shutil.copy2(HARNESS, site / "lms" / "index.html")
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", site
    finally:
        server.shutdown()


@contextmanager
def lms_page(served, viewport=(1280, 900)):
    """The test LMS in Chromium; every request leaving 127.0.0.1 is aborted, recorded and must number zero."""
    base, _ = served
    with browser_page(viewport) as page:
        outside: list[str] = []

        def guard(route):
            url = urlparse(route.request.url)
            if url.scheme in ("data", "blob", "about") or url.hostname == "127.0.0.1":
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        page.context.route("**/*", guard)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base}/lms/index.html")
        yield page
        assert outside == [], f"requests that left 127.0.0.1: {outside}"
        assert not errors, f"JavaScript errors: {errors}"


def launch(page, slug: str, saved: dict | None = None):
    """Launch a SCO the way an LMS does, and wait until it has initialised and shows its status line."""
    page.evaluate("([href, saved]) => launch(href, saved)", [f"../pkg/{slug}.html", saved])
    frame = page.frame(name="sco")
    frame.wait_for_function("() => window.SecondLineScorm && window.SecondLineScorm.connected")
    frame.locator(".scorm-status").wait_for()
    assert page.evaluate("API.isInitialized()")
    return frame


def leave(page) -> dict:
    """The learner leaves (the LMS unloads the SCO): the SCO must commit and call LMSFinish. Returns what the LMS
    received, cmi.core.exit and session_time included (a SCO cannot read them back)."""
    page.evaluate("leave()")
    page.wait_for_function("API.isTerminated()")
    return page.evaluate("lastCommit")["cmi"]


def kept(cmi: dict, student: str, mastery: str = "") -> dict:
    """What an LMS keeps for the next launch of a SCO left with exit 'suspend'."""
    core = cmi["core"]
    return {"core": {"student_id": student, "student_name": "Test, Learner", "entry": "resume",
                     "lesson_status": core["lesson_status"], "lesson_location": core["lesson_location"],
                     "score": core["score"]},
            "suspend_data": cmi["suspend_data"], "student_data": {"mastery_score": mastery}}


def lms(page, name: str) -> str:
    return page.evaluate(f"String(API.cmi.{name})")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"scorm-{name}.png"))


def attempts(frame) -> int:
    data = frame.evaluate("JSON.parse(localStorage.getItem('secondline.answers'))")
    return len(data["attempts"]) if data else 0


# --------------------------------------------------------------------------- a module completed and resumed


def test_module_completes_and_resumes(served, content):
    """Module 01 in the test LMS: is it incomplete at launch, completed once every question and the case are done,
    left with exit 'suspend', a session time and a location, and on relaunch are the answers back on the page
    (without counting them twice)?"""
    module = content.module("01-lines-of-treatment")
    student = "nurse-0001"
    with lms_page(served) as page:
        frame = launch(page, "01-lines-of-treatment", {"core": {"student_id": student, "student_name": "Test, Learner"}})
        assert lms(page, "core.lesson_status") == "incomplete"
        picks = {}
        quizzes = frame.locator('[data-sl-kind="quiz"]')
        for i in range(quizzes.count()):
            quiz = quizzes.nth(i)
            qid = quiz.get_attribute("data-sl-id")
            item = module.item(qid)
            picks[qid] = (i + 1) % len(item.options)  # best, acceptable and unsafe answers alike count as answered
            quiz.get_by_label(item.options[picks[qid]].text).check()
            quiz.get_by_role("button", name="Check answer").click()
            quiz.locator(".sl-feedback .sl-verdict").wait_for()
        assert picks and lms(page, "core.lesson_status") == "incomplete", "the case is not done yet"
        case = frame.locator('[data-sl-kind="case"]')
        steps = 0
        while not case.locator(".sl-path li").count():
            scene = case.locator("[data-sl-scene]:not([hidden])")
            scene.locator("input[type=radio]").first.check()
            scene.get_by_role("button", name="Choose").click()
            steps += 1
            assert steps <= 10, "the case did not end within 10 choices"
        frame.locator(".scorm-status").get_by_text("completed").wait_for()
        assert lms(page, "core.lesson_status") == "completed"
        assert lms(page, "core.score.raw") == "", "practice questions are not a score"
        answered = attempts(frame)
        assert answered == len(picks) + steps
        shot(page, "module-completed")

        cmi = leave(page)
        core = cmi["core"]
        assert core["exit"] == "suspend" and TIMESPAN.match(core["session_time"]), core
        assert core["lesson_status"] == "completed"
        assert core["lesson_location"], "the heading the learner was reading is kept"
        data = cmi["suspend_data"]
        assert 0 < len(data) <= 4096
        for qid, pick in picks.items():
            assert f"q{qid}={pick}" in data.split("|")

        frame = launch(page, "01-lines-of-treatment", kept(cmi, student))
        for qid, pick in picks.items():
            quiz = frame.locator(f'[data-sl-kind="quiz"][data-sl-id="{qid}"]')
            assert quiz.locator(f'input[type=radio][value="{pick}"]').is_checked()
            assert quiz.locator(".sl-feedback .sl-verdict").count() == 1
        assert frame.locator('[data-sl-kind="case"] .sl-path li').count() == steps
        assert "completed" in frame.locator(".scorm-status").inner_text()
        assert attempts(frame) == answered, "restored answers are not new attempts"
        top = frame.evaluate("id => document.getElementById(id).getBoundingClientRect().top", core["lesson_location"])
        assert -2 <= top <= 60, "the page opens where the learner left it"
        assert lms(page, "core.lesson_status") == "completed"
        assert frame.locator(".site-toc").is_hidden() and frame.locator(".site-pager").is_hidden()
        with page.expect_popup() as popup:  # a link followed inside the SCO would end its session
            frame.locator(".site-header a[href='index.html']").click()
        home = popup.value
        home.wait_for_function("() => window.SecondLineScorm && window.SecondLine.ready")
        assert home.evaluate("SecondLineScorm.connected") is False, "a page opened from a SCO is not a SCO"
        assert page.evaluate("API.isInitialized() && !API.isTerminated()")
        home.close()
        shot(page, "module-resumed")
        again = leave(page)
        assert again["suspend_data"] == data and again["core"]["exit"] == "suspend"


# --------------------------------------------------------------------------- the post-test: failed, then passed


def mastery_in_manifest(served, slug: str) -> str:
    _, site = served
    manifest = ET.parse(site / "pkg" / scorm.MANIFEST).getroot()
    item = manifest.find(f".//{{{scorm.IMSCP}}}item[@identifier='item-{slug}']")
    return item.findtext(f"{{{scorm.ADLCP}}}masteryscore")


def answer_form(frame, best: bool, occasion: str = "post") -> dict[str, int]:
    """Answer every item of the visible form of a knowledge check, all best or all not best, and score it."""
    kc = frame.locator(f'[data-sl-kind="knowledge-check"][data-sl-id="{occasion}"]')
    chosen = {}
    items = kc.locator(".sl-kc-form:not([hidden]) fieldset.sl-kc-item")
    for i in range(items.count()):
        item = items.nth(i)
        verdicts = [t.get_attribute("data-sl-verdict") for t in item.locator("template[data-sl-choice]").all()]
        pick = next(n for n, v in enumerate(verdicts) if (v == "best") == best)
        item.locator(f'input[type=radio][value="{pick}"]').check()
        chosen[item.get_attribute("data-sl-item")] = pick
    kc.get_by_role("button", name="Score my answers").click()
    kc.locator(".sl-kc-total").wait_for()
    return chosen


def test_post_test_fails_then_passes_and_resumes(served, content):
    """Module 10 with the manifest's mastery score: failed with a low score, passed with a high one, a worse retake
    keeps the pass and the best score, and on relaunch the scored form is back."""
    slug, student = "10-capstone", "nurse-0002"
    mastery = mastery_in_manifest(served, slug)
    assert mastery == str(content.knowledge_check.pass_mark)
    with lms_page(served) as page:
        frame = launch(page, slug, {"core": {"student_id": student, "student_name": "Test, Learner"},
                                    "student_data": {"mastery_score": mastery}})
        assert lms(page, "core.lesson_status") == "incomplete"
        wrong = answer_form(frame, best=False)
        assert lms(page, "core.lesson_status") == "failed"
        assert (lms(page, "core.score.raw"), lms(page, "core.score.min"), lms(page, "core.score.max")) == ("0", "0", "100")
        frame.locator(".scorm-status").get_by_text("not yet passed").wait_for()
        shot(page, "post-test-failed")

        right = answer_form(frame, best=True)
        assert lms(page, "core.lesson_status") == "passed" and lms(page, "core.score.raw") == "100"
        answer_form(frame, best=False)  # a worse retake after passing
        assert lms(page, "core.lesson_status") == "passed" and lms(page, "core.score.raw") == "100"
        assert set(wrong) == set(right) and len(right) == len(content.knowledge_check.forms[0].items)

        cmi = leave(page)
        assert cmi["core"]["lesson_status"] == "passed" and cmi["core"]["score"]["raw"] == "100"
        assert cmi["core"]["exit"] == "suspend" and TIMESPAN.match(cmi["core"]["session_time"])
        data = cmi["suspend_data"]
        assert len(data) <= 4096 and any(r.startswith("kpost=") for r in data.split("|"))

        frame = launch(page, slug, kept(cmi, student, mastery))
        kc = frame.locator('[data-sl-kind="knowledge-check"][data-sl-id="post"]')
        total = kc.locator(".sl-kc-total").inner_text()
        assert total.startswith("You scored 0 of"), "the last scored answers come back, as the learner left them"
        for iid, pick in wrong.items():
            assert kc.locator(f'fieldset[data-sl-item="{iid}"] input[value="{pick}"]').is_checked()
        assert lms(page, "core.lesson_status") == "passed" and lms(page, "core.score.raw") == "100"
        assert "passed" in frame.locator(".scorm-status").inner_text()
        leave(page)


def test_pre_test_reports_its_first_score_and_no_pass_or_fail(served, content):
    """Module 00's pre-test: is its first score reported as the baseline (a retake does not replace it), with no
    mastery score, so the module is never failed, and stays incomplete until every question is answered?"""
    assert mastery_in_manifest(served, "00-start-here") is None
    with lms_page(served) as page:
        frame = launch(page, "00-start-here", {"core": {"student_id": "nurse-0003", "student_name": "Test, Learner"}})
        answer_form(frame, best=True, occasion="pre")
        assert lms(page, "core.score.raw") == "100" and lms(page, "core.lesson_status") == "incomplete"
        answer_form(frame, best=False, occasion="pre")
        assert lms(page, "core.score.raw") == "100" and lms(page, "core.lesson_status") == "incomplete"
        assert "complete when every question" in frame.locator(".scorm-status").inner_text()
        leave(page)


# --------------------------------------------------------------------------- outside an LMS, and the 4,096 limit


def test_outside_an_lms_the_page_is_the_site(served):
    """Opened with no LMS, is a package page the site's page: contents and pager shown, no status line, answers
    kept in the browser as the site keeps them?"""
    base, _ = served
    with lms_page(served) as page:
        page.goto(f"{base}/pkg/01-lines-of-treatment.html")
        page.wait_for_function("() => window.SecondLineScorm && window.SecondLine.ready")
        assert page.evaluate("SecondLineScorm.connected") is False
        assert page.locator(".site-toc").is_visible() and page.locator(".site-pager").is_visible()
        assert page.locator(".scorm-status").count() == 0
        quiz = page.locator('[data-sl-kind="quiz"]').first
        quiz.locator("input[type=radio]").first.check()
        quiz.get_by_role("button", name="Check answer").click()
        quiz.locator(".sl-feedback .sl-verdict").wait_for()
        assert attempts(page) == 1


def full_state_js() -> str:
    """The largest state a learner can leave on the page: every question answered, every sort placed, both forms'
    items of a knowledge check answered, and each case's path as long as its scene count allows."""
    return """() => {
      const st = {q: {}, s: {}, c: {}, k: {}};
      document.querySelectorAll('[data-sl-kind="quiz"]').forEach(r => st.q[r.dataset.slId] = 3);
      document.querySelectorAll('[data-sl-kind="sort"]').forEach(r =>
        st.s[r.dataset.slId] = Array.from(r.querySelectorAll('select[data-sl-statement]'), s => s.options.length - 1));
      document.querySelectorAll('[data-sl-kind="case"]').forEach(r => st.c[r.dataset.slId] = {ended: true,
        path: Array.from(r.querySelectorAll('[data-sl-scene]'), s => [s.dataset.slScene, 3])});
      document.querySelectorAll('[data-sl-kind="knowledge-check"]').forEach(r => {
        const forms = Array.from(r.querySelectorAll('.sl-kc-form'));
        const longest = Math.max(...forms.map(f => f.querySelectorAll('fieldset.sl-kc-item').length));
        st.k[r.dataset.slId] = {form: forms[0].dataset.slForm, answers: Array(longest).fill(3)};
      });
      return st;
    }"""


def test_suspend_data_fits_for_a_full_course_and_is_capped(served, content):
    """For every module, does a learner's fullest state fit in suspend_data with nothing left out, and read back the
    same; and does a state too big for 4,096 characters get cut to fit, keeping the knowledge check first?"""
    base, _ = served
    sizes = {}
    with lms_page(served) as page:
        for entry in content.curriculum.modules:
            page.goto(f"{base}/pkg/{entry.slug}.html")
            page.wait_for_function("() => window.SecondLineScorm")
            state = page.evaluate(full_state_js())
            enc = page.evaluate("st => SecondLineScorm.encode(st)", state)
            assert enc["dropped"] == 0 and len(enc["text"]) <= 4096, (entry.slug, len(enc["text"]))
            assert page.evaluate("t => SecondLineScorm.decode(t)", enc["text"]) == state
            sizes[entry.slug] = len(enc["text"])
        big = page.evaluate("""() => {
          const st = {q: {}, s: {}, c: {}, k: {post: {form: 'a', answers: Array(18).fill(1)}}};
          for (let i = 0; i < 600; i++) st.q['made-up-question-' + i] = i % 4;
          return SecondLineScorm.encode(st);
        }""")
    print(f"\nsuspend_data for a full module, characters: {sizes}")
    assert len(big["text"]) <= 4096 and big["dropped"] > 0
    assert big["text"].split("|")[1] == "kpost=a." + "1" * 18, "the knowledge check is kept first"
    assert max(sizes.values()) < 4096


def test_sco_in_an_lms_passes_axe(served):
    """With the LMS connected (status line shown, contents hidden, a post-test scored), does a SCO page still pass
    axe's WCAG 2.2 AA checks? (The API is put on the SCO's own window here, so axe sees the page at the top.)"""
    from test_browser_editions import axe_violations

    base, site = served
    with lms_page(served) as page:
        page.add_init_script(path=str(site / "lms" / "scorm12.min.js"))
        page.add_init_script("window.API = new Scorm12API({autocommit: false, logLevel: 5});"
                             "window.API.loadFromJSON({core: {student_id: 'nurse-0004'}, student_data: {mastery_score: '80'}});")
        page.goto(f"{base}/pkg/10-capstone.html")
        page.wait_for_function("() => window.SecondLineScorm && window.SecondLineScorm.connected")
        answer_form(page, best=True)
        page.locator(".scorm-status").get_by_text("passed").wait_for()
        assert axe_violations(page) == []
