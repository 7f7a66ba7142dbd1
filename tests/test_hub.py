"""Cohorts on a real JupyterHub (issue 18): a hub on 127.0.0.1 with configurable-http-proxy from npm, the local
spawner and the dummy authenticator; learners' servers started and a module answered in each through the hub's API;
the facilitators' collector checked for its report, its live view and who may see what.

Marked `hub` (about a minute on two cores): `./test -m "not hub"` leaves it out; CI runs it.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from browser import _missing, browser_page
from test_browser_editions import axe_violations  # WCAG 2.2 AA, the editions' accessibility check

pytestmark = pytest.mark.hub
ROOT = Path(__file__).resolve().parents[1]
SLUG = "01-lines-of-treatment"
GROUPS = {"cohort-a": ["ana1", "ben2", "cal3"], "cohort-b": ["dan4"]}
FACILITATORS = {"cohort-a": ["fay5"], "cohort-b": ["gus6"]}
STARTED = ["ana1", "ben2"]  # cal is in the group with no server: the report must say so, not fail
COLLECTOR = "/services/collector/groups"
SHOTS = ROOT / "_build" / "screenshots"


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    if importlib.util.find_spec("jupyterhub") is None:
        _missing("jupyterhub is not installed (pip install -e '.[hub]'; ./test installs it)")
    if shutil.which("npm") is None and not (ROOT / "node_modules/.bin/configurable-http-proxy").exists():
        _missing("npm is missing, so configurable-http-proxy cannot be installed")
    from secondline.hub.trial import TrialHub, answer_module, module_answers

    work = tmp_path_factory.mktemp("hub")
    with TrialHub.start(work, GROUPS, FACILITATORS, cache=work / "cache") as h:
        h.start_servers(STARTED)
        h.sent = {n: module_answers(SLUG, i) for i, n in enumerate(STARTED)}

        async def answer_all():
            return await asyncio.gather(*(asyncio.to_thread(answer_module, h, n, SLUG, h.sent[n]) for n in STARTED))
        h.printed = asyncio.run(answer_all())
        yield h


def get(hub, path: str, who: str) -> tuple[int, bytes]:
    return hub.request("GET", path, hub.user_token(who))


def test_each_learner_answered_in_their_own_server_and_record(hub):
    """Did each learner's kernel, reached through the hub, keep every answer in a record of their own?"""
    n = len(hub.sent["ana1"])
    assert n >= 5 and hub.printed == [f"Store {n}\n"] * len(STARTED)
    for name in STARTED:
        status, body = get(hub, f"/user/{name}/secondline/record", name)
        assert status == 200
        record = json.loads(body)
        assert record["learner"]["display_name"] == name
        assert [(a["id"], a["choice"]) for a in record["attempts"]] == hub.sent[name]
        assert [m["module"] for m in record["modules_completed"]] == [SLUG]


def test_the_facilitator_gets_the_groups_report(hub):
    """Does the facilitator's report cover the group's learners, name the one with no server, and match the files?"""
    status, page = get(hub, f"{COLLECTOR}/cohort-a/report", "fay5")
    text = page.decode()
    assert status == 200 and "<h1>Group cohort-a</h1>" in text
    assert "<strong>2</strong>learners" in text
    for name in STARTED:  # the learner's row: name, file, modules completed, hours, answers
        row = re.search(rf'<td class="name"><bdi>{name}</bdi></td><td class="file"><code>{name}.json</code></td>'
                        r'<td class="num">(\d+)</td><td class="num">[\d.]+</td><td class="num">(\d+)</td>', text)
        assert row and row.groups() == ("1", str(len(hub.sent[name]))), name
    assert "cal3.json" in text and "server not running" in text
    assert "dan4" not in text  # another group's learner
    for name in STARTED:
        status, body = get(hub, f"{COLLECTOR}/cohort-a/records/{name}.json", "fay5")
        assert status == 200 and [(a["id"], a["choice"]) for a in json.loads(body)["attempts"]] == hub.sent[name]
    status, page = get(hub, "/services/collector/", "fay5")
    assert status == 200 and b"cohort-a" in page and b"cohort-b" not in page


def live(hub, who="fay5", group="cohort-a") -> dict:
    status, body = get(hub, f"{COLLECTOR}/{group}/live.json", who)
    assert status == 200, body[:300]
    return json.loads(body)


def test_the_live_view_counts_the_last_item_without_names(hub):
    """For the item answered last, does the live view count each learner's latest choice, and never name anyone?"""
    last = hub.sent["ana1"][-1][0]
    data = live(hub)
    expected = Counter(hub.sent[n][-1][1] for n in STARTED)
    assert data["item"] == last and data["answered"] == len(STARTED) and data["learners"] == len(STARTED)
    assert [o["count"] for o in data["options"]] == [expected[i] for i in range(len(data["options"]))]
    assert data["unread"] == 1  # cal: no server
    flat = json.dumps(data)
    assert not any(name in flat for name in GROUPS["cohort-a"]) and "display_name" not in flat


def test_no_learner_reaches_another_learners_record(hub):
    """Does learner A get 403 for B's record, whether from B's server or through the collector, and does each
    facilitator see only their own group?"""
    assert get(hub, "/user/ana1/secondline/record", "ana1")[0] == 200
    assert get(hub, "/user/ben2/secondline/record", "ana1")[0] == 403
    assert get(hub, "/user/ben2/api/contents", "ana1")[0] == 403
    for path in ("records/ben2.json", "report", "live.json", "live"):
        assert get(hub, f"{COLLECTOR}/cohort-a/{path}", "ana1")[0] == 403, path
    status, page = get(hub, "/services/collector/", "ana1")
    assert status == 403 and b"ana1 is not a facilitator of any group" in page
    assert get(hub, f"{COLLECTOR}/cohort-b/report", "fay5")[0] == 403
    assert get(hub, f"{COLLECTOR}/cohort-a/live.json", "gus6")[0] == 403
    assert get(hub, "/user/ana1/secondline/record", "fay5")[0] == 403  # a facilitator reads the group, not a server


def test_the_live_view_follows_the_room_in_a_browser(hub):
    """Signed in as the facilitator in Chromium, does the live page show the counts (with no WCAG 2.2 AA violation
    in axe), and move on by itself when the room answers another item (no reload), with no request leaving
    127.0.0.1?"""
    from secondline.hub.trial import answer_module

    SHOTS.mkdir(parents=True, exist_ok=True)
    outside: list[str] = []

    def only_local(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:")):
            return route.continue_()
        outside.append(url)
        return route.abort()

    with browser_page(viewport=(1100, 760)) as page:
        page.route("**/*", only_local)
        page.goto(hub.url + f"{COLLECTOR}/cohort-a/live")  # the hub asks who you are, then sends you back
        page.fill("input[name=username]", "fay5")
        page.fill("input[name=password]", "any")
        page.click("[type=submit]")
        first = hub.sent["ana1"][-1][0]
        page.wait_for_selector(f"#options[data-item='{first}'] tbody tr")
        counts = [int(c) for c in page.locator("#options td.count").all_inner_texts()]
        assert sum(counts) == len(STARTED)
        page.screenshot(path=str(SHOTS / "hub-live-view.png"), full_page=True)
        assert axe_violations(page) == []
        # The room moves on: each learner answers the module's first item again, both choosing option A.
        item = hub.sent["ana1"][0][0]
        for name in STARTED:
            answer_module(hub, name, SLUG, [(item, 0)])
        page.wait_for_selector(f"#options[data-item='{item}'][data-answered='{len(STARTED)}']", timeout=30_000)
        counts = [int(c) for c in page.locator("#options td.count").all_inner_texts()]
        assert counts[0] == len(STARTED) and sum(counts) == len(STARTED)
        assert "ana1" not in page.inner_text("main") and "ben2" not in page.inner_text("main")
        page.screenshot(path=str(SHOTS / "hub-live-view-next.png"), full_page=True)
        page.goto(hub.url + "/services/collector/")
        page.wait_for_selector("a[href$='cohort-a/live']")
        page.screenshot(path=str(SHOTS / "hub-collector-index.png"))
        assert axe_violations(page) == []
        page.goto(hub.url + f"{COLLECTOR}/cohort-a/report")
        page.wait_for_selector("h1")
        page.screenshot(path=str(SHOTS / "hub-collector-report.png"), full_page=False)
    assert outside == []
