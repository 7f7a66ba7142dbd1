"""The content snapshot a notebook kernel reads (content/cache.py, content/readonly.py): the same content, fast, never stale."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from secondline.content import cache as snapshots
from secondline.content.cache import cached, snapshot_path
from secondline.content.errors import ContentError
from secondline.content.load import load
from secondline.content.readonly import Record, plain, rebuild


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A throw-away snapshot folder, and nothing kept in this process from earlier calls."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(snapshots.CACHE_ENV, str(folder))
    monkeypatch.setattr(snapshots, "_CACHE", {})
    return folder


def parts(c) -> dict:
    """Everything a Content holds, as plain data (models and records alike)."""
    return plain({"curriculum": c.curriculum, "sources": c.sources, "glossary": c.glossary,
                  "question_bank": c.question_bank, "knowledge_check": c.knowledge_check, "coverage": c.coverage,
                  "modules": {slug: [mc.module, mc.quiz, mc.cases, mc.figures, mc.trials, mc.sorts, mc.weighing]
                              for slug, mc in c.modules.items()}})


def test_snapshot_holds_exactly_the_checked_content(cache, tmp_content):
    """Does a kernel that reads the snapshot get the same content, field for field, as one that checks content/?"""
    first = cached(tmp_content.root)  # checks content/ and writes the snapshot
    path = snapshot_path(tmp_content.root)
    assert path is not None and path.is_file() and path.parent == cache
    snapshots._CACHE.clear()
    second = cached(tmp_content.root)  # a new kernel: read from the snapshot
    assert isinstance(second.sources[next(iter(second.sources))], Record)
    assert parts(second) == parts(first) == parts(load(tmp_content.root))
    assert second.root == first.root


def test_records_keep_the_models_methods_and_stay_read_only(cache, content):
    """Can views call what they call on models (link, citation, best_index, scene, minutes), and is a record frozen?"""
    cached()
    snapshots._CACHE.clear()
    snap = cached()
    mc, real = snap.module("01-lines-of-treatment"), content.module("01-lines-of-treatment")
    item, case = mc.item("lines-q01"), mc.case("lines-c1")
    assert item.best_index == real.item("lines-q01").best_index
    assert case.scene(case.start).text == real.case("lines-c1").scene(real.case("lines-c1").start).text
    assert [s.is_end for s in case.scenes] == [s.is_end for s in real.case("lines-c1").scenes]
    assert mc.module.minutes == real.module.minutes == snap.entry("01-lines-of-treatment").minutes
    sid = next(iter(snap.sources))
    assert snap.sources[sid].link == content.sources[sid].link
    assert snap.sources[sid].citation() == content.sources[sid].citation()
    with pytest.raises(AttributeError, match="read-only"):
        item.prompt = "changed"
    assert item == rebuild("QuizItem", item._fields, item._values()) and hash(item) == hash(rebuild(
        "QuizItem", item._fields, item._values()))


def test_an_edit_to_content_makes_the_snapshot_stale(cache, tmp_content):
    """After an edit to a content file, does the next kernel see the edit rather than the old snapshot?"""
    cached(tmp_content.root)
    snapshots._CACHE.clear()
    time.sleep(0.01)
    tmp_content.edit("modules/01-lines-of-treatment/quiz.yml",
                     lambda d: d["items"][0].update(prompt="An edited prompt for the snapshot test?"))
    assert cached(tmp_content.root).module("01-lines-of-treatment").item("lines-q01").prompt == \
        "An edited prompt for the snapshot test?"
    snapshots._CACHE.clear()
    assert cached(tmp_content.root).module("01-lines-of-treatment").item("lines-q01").prompt == \
        "An edited prompt for the snapshot test?"


@pytest.fixture
def package_copy(tmp_path, monkeypatch):
    """The content room's code as an installed copy would hold it (cache.py reads its own folder's files to know
    which code wrote a snapshot), so a test can change the package without touching the source tree."""
    import shutil

    room = tmp_path / "site-packages" / "secondline" / "content"
    shutil.copytree(Path(snapshots.__file__).parent, room, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(snapshots, "__file__", str(room / "cache.py"))
    return room


def loads_counted(monkeypatch) -> list[int]:
    """Count the times content/ is read and checked again (a snapshot not used)."""
    from secondline.content import load as load_module

    calls: list[int] = []
    real = load_module.load
    monkeypatch.setattr(load_module, "load", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


@pytest.mark.parametrize("change", ["schema.py", "load.py", "readonly.py", "format", "python"])
def test_a_package_change_makes_the_snapshot_stale(cache, tmp_content, package_copy, monkeypatch, change):
    """After the package that shapes content changes (a new schema, loader or record class, a new snapshot format,
    another Python), does the next kernel check content/ again instead of reading the old snapshot, and then
    reuse the snapshot it wrote?"""
    loads = loads_counted(monkeypatch)
    cached(tmp_content.root)
    snapshots._CACHE.clear()
    cached(tmp_content.root)
    assert len(loads) == 1, "an unchanged package should reuse the snapshot"
    time.sleep(0.01)
    if change.endswith(".py"):
        path = package_copy / change
        path.write_text(path.read_text(encoding="utf-8") + "\n# a new version\n", encoding="utf-8")
    elif change == "format":
        monkeypatch.setattr(snapshots, "SNAPSHOT_FORMAT", snapshots.SNAPSHOT_FORMAT + 1)
    else:
        monkeypatch.setattr(snapshots.sys, "version_info", (3, 99, 0, "final", 0))
    snapshots._CACHE.clear()
    assert cached(tmp_content.root).module("01-lines-of-treatment").item("lines-q01").id == "lines-q01"
    assert len(loads) == 2, f"a snapshot written before the change ({change}) was read"
    snapshots._CACHE.clear()
    cached(tmp_content.root)
    assert len(loads) == 2, "the snapshot written after the change is not reused"


def test_a_broken_edit_still_gives_its_content_error(cache, tmp_content):
    """With a good snapshot on disk, does a bad edit to content/ still raise the ContentError naming file and field?"""
    cached(tmp_content.root)
    snapshots._CACHE.clear()
    tmp_content.edit("modules/01-lines-of-treatment/quiz.yml",
                     lambda d: d["items"][0]["options"][0].update(verdict="great"))
    with pytest.raises(ContentError, match=r"quiz\.yml:\d+: item lines-q01, field options\[0\]\.verdict"):
        cached(tmp_content.root)


def test_a_damaged_snapshot_is_only_a_slower_start(cache, tmp_content):
    """Is a truncated or foreign snapshot ignored (content checked again) and replaced by a good one?"""
    cached(tmp_content.root)
    path = snapshot_path(tmp_content.root)
    for junk in (path.read_bytes()[:100], b"not a pickle", b""):
        path.write_bytes(junk)
        snapshots._CACHE.clear()
        assert cached(tmp_content.root).module("01-lines-of-treatment").item("lines-q01").id == "lines-q01"
        assert path.stat().st_size > 1000  # written again


def test_snapshots_can_be_switched_off_or_unwritable(tmp_path, monkeypatch, tmp_content):
    """SECONDLINE_CACHE=off writes nothing; a folder that cannot be made leaves the notebook working."""
    monkeypatch.setattr(snapshots, "_CACHE", {})
    monkeypatch.setenv(snapshots.CACHE_ENV, "off")
    assert snapshot_path(tmp_content.root) is None and cached(tmp_content.root).modules
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(snapshots.CACHE_ENV, str(blocker / "cache"))
    snapshots._CACHE.clear()
    assert cached(tmp_content.root).modules and not (blocker / "cache").exists()


KERNEL_PATH = """
import json, sys
from secondline import module
calls = {"01-lines-of-treatment": ["header()", "confidence('before')", "case('lines-c1')", "quiz('lines-q01')",
                                  "glossary()", "glossary(mode='cards')", "complete_button()", "key_points()",
                                  "references()", "progress()", "knowledge_check('pre')", "map()", "completion()"],
         "02-what-to-expect": ["figure('expect-fig1')"], "03-clinical-trials": ["trial_search()"],
         "04-preparing-for-the-visit": ["question_list()"], "05-deciding-whether-to-continue": ["weighing('decide-w1')"],
         "06-palliative-care-and-hospice": ["sort('care-sort1')"]}
for slug, names in calls.items():
    m = module(slug)
    for call in names:
        view = eval("m." + call)
        view._repr_mimebundle_() if hasattr(view, "_repr_mimebundle_") else view._repr_html_()
print(json.dumps(sorted({n.split(".")[0] for n in sys.modules} & {"pydantic", "pydantic_core", "yaml"})))
"""


def test_a_notebook_kernel_never_imports_pydantic_or_yaml(cache, content):
    """With a current snapshot, does every call a notebook makes run without importing pydantic or PyYAML?"""
    for slug, kind in (("02-what-to-expect", "figures"), ("05-deciding-whether-to-continue", "weighing"),
                       ("06-palliative-care-and-hospice", "sorts")):
        assert getattr(content.module(slug), kind), f"{slug} has no {kind} for this test"
    code = KERNEL_PATH.replace("expect-fig1", content.module("02-what-to-expect").figures[0].id)
    env = dict(os.environ, SECONDLINE_PROGRESS_DB="off")
    subprocess.run([sys.executable, "-c", "from secondline.content.cache import cached; cached()"], env=env, check=True)
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True).stdout
    assert json.loads(out.strip().splitlines()[-1]) == []
