"""Branching case: logic on every path, the live view driven by clicks, and the static view in a real browser."""

from __future__ import annotations

import html

import pytest
import yaml

from secondline.content.schema import Case
from secondline.views.live.case import CaseView
from secondline.views.logic.case import CaseRun
from secondline.views.static.case import render

CASE = yaml.safe_load("""
id: lines-c9
title: Mrs. Test asks about her scan
objectives: [lines-o2]
fictional: true
intro: A fictional patient, Mrs. Test, calls after a scan.
start: ask
scenes:
  - id: ask
    text: She asks whether the scan means her cancer is growing.
    choices:
      - {text: Explain the word and help her write the question down, verdict: best, debrief: That keeps to the role and prepares her., next: prepare, sources: [gw-navigator-training]}
      - {text: Tell her it is probably fine, verdict: unsafe, debrief: That interprets a result and predicts., next: repair, sources: [gw-navigator-training]}
  - id: repair
    text: She sounds relieved, then asks how you know.
    choices:
      - {text: Say you spoke too soon and that her oncologist will explain the scan, verdict: best, debrief: Owning the slip repairs trust., next: prepare, sources: [gw-navigator-training]}
      - {text: Say you have seen many scans like hers, verdict: unsafe, debrief: This doubles down on interpreting., next: end, sources: [gw-navigator-training]}
  - id: prepare
    text: She wants to bring her son to the visit.
    choices:
      - {text: Encourage it and offer a question list, verdict: best, debrief: A companion helps her remember., next: end, sources: [acs-stop-working-2025]}
      - {text: Say it is better to go alone, verdict: acceptable, debrief: "Her choice, but a companion often helps.", next: end, sources: [acs-stop-working-2025]}
  - id: end
    text: The call ends.
summary: A navigator explains words and prepares questions; results go to the oncologist.
""")


@pytest.fixture(scope="module")
def case():
    return Case.model_validate(CASE)


def paths(case):
    """Every sequence of choice indices from the start to an ending."""
    out = []

    def walk(run_choices, scene_id):
        scene = case.scene(scene_id)
        if scene.is_end:
            out.append(run_choices)
            return
        for i, ch in enumerate(scene.choices):
            walk(run_choices + [i], ch.next)

    walk([], case.start)
    return out


def test_every_path_reaches_an_ending(case, content):
    """Does walking every possible path end, with a summary listing each choice made?"""
    all_paths = paths(case)
    assert sorted(all_paths) == [[0, 0], [0, 1], [1, 0, 0], [1, 0, 1], [1, 1]]
    for choices in all_paths:
        run = CaseRun(case, content.sources)
        for i in choices:
            run.choose(i)
        s = run.summary()
        assert run.is_over and len(s.steps) == len(choices)
        assert sum(s.counts.values()) == len(choices) and s.closing == case.summary


def test_choice_gives_verdict_and_debrief(case, content):
    """Does a choice return its verdict in words, its debrief and sources, and move to the next scene?"""
    run = CaseRun(case, content.sources)
    step = run.choose(1)
    assert (step.verdict, step.debrief, run.current) == ("unsafe", "That interprets a result and predicts.", "repair")
    assert "navigator" in step.label and step.sources[0].id == "gw-navigator-training"


def test_errors_and_restart(case, content):
    """Are choosing nothing, a missing choice, choosing after the end and an early summary refused; does restart reset?"""
    run = CaseRun(case, content.sources)
    with pytest.raises(ValueError):
        run.choose(None)
    with pytest.raises(IndexError):
        run.choose(5)
    with pytest.raises(ValueError):
        run.summary()
    run.choose(1)
    run.choose(1)
    assert run.is_over
    with pytest.raises(ValueError):
        run.choose(0)
    run.restart()
    assert run.current == "ask" and run.steps == []


@pytest.mark.parametrize("choices", [[0, 0], [1, 0, 1], [1, 1]])
def test_live_view_walks_a_path(case, content, choices):
    """Clicking through the live view: does each click show the debrief, and the end show the path and summary?"""
    events = []
    view = CaseView(case, content.sources, on_event=events.append)
    for i in choices:
        step_choice = view.run.scene.choices[i]
        view.choices.index = i
        view.choose.click()
        shown = view.path.value if view.run.is_over else view.feedback.value
        assert html.escape(step_choice.debrief, quote=True) in shown
    assert view.run.is_over and view.choices.layout.display == "none"
    assert "Your path through the case" in view.path.value and html.escape(case.summary, quote=True) in view.path.value
    assert [e["choice"] for e in events] == choices
    view.restart.click()
    assert view.run.current == "ask" and view.path.value == "" and view.choices.index is None


def test_finishing_one_case_hides_nothing_in_another(case, content):
    """Views share layouts where they never change them: does ending one case leave another's controls showing?"""
    done, other = CaseView(case, content.sources), CaseView(case, content.sources)
    for i in (0, 0):
        done.choices.index = i
        done.choose.click()
    assert done.run.is_over and done.choices.layout.display == "none" and done.choose.layout.display == "none"
    assert other.choices.layout.display is None and other.choose.layout.display is None
    assert other.restart.layout.display == "none" and done.restart.layout.display is None


def test_live_view_asks_for_a_choice(case, content):
    """Does clicking Choose with nothing selected ask the learner to choose first, without moving on?"""
    view = CaseView(case, content.sources)
    view.choose.click()
    assert "Choose what you would say or do first" in view.feedback.value and view.run.current == "ask"


def test_static_view_structure(case, content):
    """Does the static view show only the first scene, carry a template per choice, and say it is fictional?"""
    out = render(case, content.sources, runtime=False)
    assert out.count('data-sl-scene="') == 4 and out.count(" hidden>") == 3
    assert out.count("<template data-sl-choice=") == 6
    assert "Fictional case" in out and 'aria-live="polite"' in out


def test_static_view_escapes(case, content):
    """Is case text escaped in the static view?"""
    evil = case.model_copy(update={"intro": "<img src=x onerror=alert(1)>"})
    assert "<img src=x" not in render(evil, content.sources)


def test_static_case_in_browser(case, content, tmp_path):
    """In Chromium with no kernel, can a learner walk the case to its end and read the path taken, then restart?"""
    from browser import browser_page

    page_file = tmp_path / "case.html"
    page_file.write_text(f'<!doctype html><html lang="en"><body>{render(case, content.sources)}</body></html>')
    with browser_page() as page:
        page.goto(page_file.as_uri())
        page.get_by_label("Tell her it is probably fine").check()
        page.get_by_role("button", name="Choose").click()
        assert "That interprets a result and predicts." in page.locator(".sl-feedback").inner_text()
        page.get_by_label("Say you spoke too soon").check()
        page.get_by_role("button", name="Choose").click()
        page.get_by_label("Encourage it and offer a question list").check()
        page.get_by_role("button", name="Choose").click()
        path = page.locator(".sl-path")
        path.wait_for()
        text = path.inner_text()
        for said in ("Tell her it is probably fine", "Say you spoke too soon", "Encourage it"):
            assert said in text
        page.screenshot(path=str(tmp_path / "case.png"), full_page=True)
        page.get_by_role("button", name="Start the case again").click()
        assert page.get_by_label("Tell her it is probably fine").is_visible()
        assert not page.get_by_label("Tell her it is probably fine").is_checked()


def longest_path(case) -> int:
    """The most choices on any path from the start to an ending, without listing every path (the capstone's long
    cases, ten scenes of three or four choices, have some 10^5 paths)."""
    memo: dict[str, int] = {}

    def longest(scene_id):
        scene = case.scene(scene_id)
        if scene.is_end:
            return 0
        if scene_id not in memo:
            memo[scene_id] = 1 + max(longest(ch.next) for ch in scene.choices)
        return memo[scene_id]

    return longest(case.start)


def test_longest_path_counts_choices(case):
    """Does the longest-path count agree with listing every path, on the small case?"""
    assert longest_path(case) == max(map(len, paths(case))) == 3


def test_real_cases_have_reasonable_paths(content):
    """Does every path of every shipped case end within 10 choices (a walk a learner can finish)?"""
    for mc in content.modules.values():
        for c in mc.cases:
            assert 1 <= longest_path(c) <= 10, c.id
