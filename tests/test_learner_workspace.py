"""lab/learner.py: the learner's own copy of the modules that ./start serves (no browser needed)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("learner", ROOT / "lab" / "learner.py")
learner = importlib.util.module_from_spec(spec)
spec.loader.exec_module(learner)


def test_copy_holds_only_the_modules_and_matches_the_kernel(tmp_path):
    """Does the served folder hold exactly the module notebooks, with the kernel's metadata (so opening one does
    not make it "unsaved"), the cells of the tracked notebook, and the learner CSS beside it?"""
    root = learner.prepare(tmp_path / "l")
    assert sorted(p.name for p in root.iterdir()) == sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    copy = json.loads((root / "01-lines-of-treatment.ipynb").read_text())
    tracked = json.loads((ROOT / "notebooks" / "01-lines-of-treatment.ipynb").read_text())
    assert copy["cells"] == tracked["cells"]
    assert copy["metadata"]["language_info"]["version"].count(".") == 2
    assert copy["metadata"]["kernelspec"]["name"] == "python3"
    css = (tmp_path / "l" / "jupyter" / "custom" / "custom.css").read_text()
    assert ".cell-tag-facilitator { display: none; }" in css and '"Facilitator note"' not in css
    learner.write_css(tmp_path / "l" / "jupyter", facilitator=True)
    assert '"Facilitator note"' in (tmp_path / "l" / "jupyter" / "custom" / "custom.css").read_text()


def test_a_run_is_kept_and_a_curriculum_update_sets_the_old_copy_aside(tmp_path):
    """Is a learner's saved copy kept at the next start, and replaced (the old one moved to backup/) only when the
    curriculum's notebook changed?"""
    source = tmp_path / "src"
    source.mkdir()
    (source / "01-a.ipynb").write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    target = tmp_path / "l"
    assert learner.copy_notebooks(source, target) == ["01-a.ipynb"]
    mine = target / "notebooks" / "01-a.ipynb"
    mine.write_text(mine.read_text().replace('"cells": []', '"cells": [{"run": 1}]'))  # the learner ran and saved it
    assert learner.copy_notebooks(source, target) == []
    assert '"run": 1' in mine.read_text()
    (source / "01-a.ipynb").write_text(json.dumps({"cells": [{"new": 1}], "metadata": {}, "nbformat": 4,
                                                   "nbformat_minor": 5}))
    assert learner.copy_notebooks(source, target) == ["01-a.ipynb"]
    assert '"new": 1' in mine.read_text()
    [old] = (target / "backup").iterdir()
    assert '"run": 1' in old.read_text()


def test_lab_options_serve_the_copy_and_open_the_start_page(tmp_path):
    """Do the options ./start passes serve the copy, load custom.css and make the printed link the start page?"""
    options = learner.lab_options(tmp_path / "nb")
    assert f"--ServerApp.root_dir={tmp_path / 'nb'}" in options
    assert "--LabApp.default_url=/lab/tree/00-start-here.ipynb" in options and "--LabApp.custom_css=True" in options
