"""Shared fixtures: the real content, and a throw-away copy of it to break on purpose."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml

from secondline.content.load import load

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"


def pytest_configure(config):
    """Tests (and the notebook kernels nbval starts) record progress in a throw-away file, never the user's, and keep
    content snapshots (content/cache.py) in a throw-away folder."""
    scratch = Path(tempfile.mkdtemp(prefix="secondline-tests-"))
    os.environ["SECONDLINE_PROGRESS_DB"] = str(scratch / "progress.sqlite3")
    os.environ["SECONDLINE_CACHE"] = str(scratch / "cache")


@pytest.fixture(scope="session")
def content():
    return load(CONTENT)


@pytest.fixture
def tmp_content(tmp_path):
    """A copy of content/ plus an `edit(relpath, fn)` helper that rewrites one YAML file after fn(data) changes it in place."""
    dst = tmp_path / "content"
    shutil.copytree(CONTENT, dst)

    class Copy:
        root = dst

        def edit(self, rel: str, fn) -> Path:
            path = dst / rel
            data = yaml.safe_load(path.read_text())
            fn(data)  # fn changes data in place
            path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
            return path

        def write(self, rel: str, text: str) -> Path:
            path = dst / rel
            path.write_text(text)
            return path

    return Copy()


@pytest.fixture
def tmp01(tmp_content):
    """The content copy with module 01 only (for tests that add small files to module 01's folder).

    Top-level files other than the curriculum, sources and glossary (knowledge check, coverage ...) draw on
    every module, so they go too, and so do the other modules' folders.
    """
    tmp_content.edit("curriculum.yml", lambda d: d.update(modules=[m for m in d["modules"]
                                                                     if m["slug"] == "01-lines-of-treatment"]))
    for path in tmp_content.root.glob("*.yml"):
        if path.name not in {"curriculum.yml", "sources.yml", "glossary.yml"}:
            path.unlink()
    for folder in (tmp_content.root / "modules").iterdir():  # a folder not in curriculum.yml is an error
        if folder.name != "01-lines-of-treatment":
            shutil.rmtree(folder)
    return tmp_content


@pytest.fixture(scope="session")
def out(tmp_path_factory) -> Path:
    """The output folder of the shared `build all` (tests/test_build.py's shared_build: built once per session,
    whichever test asks first); needs Chromium, which prints the handouts."""
    from browser import require_chromium
    from test_build import shared_build

    require_chromium()
    result = shared_build(tmp_path_factory.getbasetemp())
    assert result.ok, result.errors
    return result.out


PSEUDO_LEFT_OUT = "05-deciding-whether-to-continue"  # the module the pseudo catalog leaves incomplete on purpose
PSEUDO_MODULES = ("00-start-here", "04-preparing-for-the-visit", PSEUDO_LEFT_OUT)


def pseudo(english: str) -> str:
    """A pseudo-translation that keeps the markup a translation must keep: "ES " after a heading's hashes or a
    list's marker, before plain text; a table, code fence or HTML block as it is."""
    import re

    if english.lstrip().startswith(("|", "```", "~~~", "<")):
        return english
    m = re.match(r"(\s*(?:#{1,6} |[-*+] |\d+\. |> )?)(.*)", english, re.S)
    return f"{m.group(1)}ES {m.group(2)}"


@pytest.fixture(scope="session")
def pseudo_root(tmp_path_factory) -> Path:
    """A project folder whose Spanish catalog is complete: every string the real one lacks pseudo-translated
    (conftest.pseudo), except one of module 05's, so module 05 is left out of the Spanish editions. content/ is a
    copy; notebooks/, node_modules/ and the npm files are links to the repository's. For testing the machinery of
    the translated editions while the real catalog is still being translated."""
    from secondline.content.i18n import load_catalog, module_messages, save_catalog
    from secondline.editions.i18n import messages

    root = tmp_path_factory.mktemp("pseudo") / "project"
    root.mkdir()
    shutil.copytree(CONTENT, root / "content")
    for name in ("notebooks", "educator_guide", "node_modules", "package.json", "package-lock.json", "pyproject.toml",
                 "src", "lab"):
        if (ROOT / name).exists():
            (root / name).symlink_to(ROOT / name)
    content = load(root / "content")
    cat = load_catalog(content.root, "es")
    held_back = next(m for m in module_messages(content, PSEUDO_LEFT_OUT) if m.context.startswith("notebook:"))
    for m in messages(content, "es"):
        entry = cat.get(m.english, context=m.context)
        if entry is None:
            cat.add(m.english, context=m.context)
            entry = cat.get(m.english, context=m.context)
        if (m.context, m.english) == (held_back.context, held_back.english):
            entry.string = ""
        elif not entry.string or entry.fuzzy:
            entry.string = pseudo(m.english)
            entry.flags.discard("fuzzy")
    save_catalog(content.root, "es", cat)
    return root
