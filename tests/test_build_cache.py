"""The build's cache of executed notebooks (editions/execute.py, `_build/executed/`): reused while nothing that could
change an output has changed, executed again after an edit to content/, to the package, or to the notebook; an edit
to editions/ (which only shapes the editions, never a notebook's output) keeps it; an upgrade of a library that
makes the outputs executes again."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from secondline.editions import execute
from secondline.editions.execute import execute_all

ROOT = Path(__file__).resolve().parents[1]
SLUG = "01-lines-of-treatment"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A copy of content/, one small notebook that reads it, and a copy of the package the cache key hashes."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "content", root / "content")
    (root / "notebooks").mkdir()
    nb = new_notebook(cells=[new_markdown_cell("# Lines"), new_code_cell("print('ran')")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, root / "notebooks" / f"{SLUG}.ipynb")
    package = tmp_path / "site-packages" / "secondline"
    shutil.copytree(execute.package_dir(), package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(execute, "package_dir", lambda: package)
    return root, package


def run(root: Path, cache: Path):
    [x] = execute_all(root, [SLUG], cache)
    assert x.error is None and x.path and x.path.is_file(), x.error
    return x


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_executed_cache_goes_stale_after_content_package_or_notebook_change(repo, tmp_path):
    """Is a cached executed notebook reused unchanged, but executed again (and the stale copy removed) after an edit
    to a content file, to a package file, or to the notebook, while an edit under editions/ keeps it?"""
    root, package = repo
    cache = tmp_path / "cache"
    first = run(root, cache)
    assert not first.cached
    assert run(root, cache).cached and run(root, cache).path == first.path

    append(root / "content" / "glossary.yml", "\n# an edit\n")
    after_content = run(root, cache)
    assert not after_content.cached and after_content.path != first.path
    assert not first.path.exists(), "the stale copy is left in the cache"
    assert run(root, cache).cached

    append(package / "views" / "static" / "quiz.py", "\n# a package change\n")
    after_package = run(root, cache)
    assert not after_package.cached and after_package.path != after_content.path

    append(package / "editions" / "site.py", "\n# shapes the site only\n")
    assert run(root, cache).cached

    nb = nbformat.read(root / "notebooks" / f"{SLUG}.ipynb", as_version=4)
    nb.cells.append(new_code_cell("print('more')"))
    nbformat.write(nb, root / "notebooks" / f"{SLUG}.ipynb")
    after_notebook = run(root, cache)
    assert not after_notebook.cached
    outputs = [o.text for c in nbformat.read(after_notebook.path, as_version=4).cells if c.cell_type == "code"
               for o in c.outputs]
    assert outputs == ["ran\n", "more\n"]
    assert sorted(p.name for p in cache.glob("*.ipynb")) == [after_notebook.path.name]


def test_cache_key_follows_every_content_and_package_file(repo):
    """Does the key change with any one file of content/ or of the package (outside editions/), even when the edit
    keeps its size, and stay the same for the same files?"""
    root, package = repo
    notebook, content = root / "notebooks" / f"{SLUG}.ipynb", root / "content"
    key = execute.cache_key(notebook, content, package)
    assert execute.cache_key(notebook, content, package) == key
    target = content / "modules" / SLUG / "quiz.yml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("a", "b", 1), encoding="utf-8")  # same size, different bytes
    changed = execute.cache_key(notebook, content, package)
    assert changed != key
    (package / "content" / "schema.py").touch()  # only the time changes: the same bytes give the same key
    assert execute.cache_key(notebook, content, package) == changed
    append(package / "content" / "schema.py", "\n")
    assert execute.cache_key(notebook, content, package) != changed


def test_cache_key_follows_the_libraries_that_make_outputs(repo, monkeypatch):
    """Does an upgrade of ipywidgets (or any library in OUTPUT_LIBRARIES) give a new key, and the same versions the
    same key?"""
    from importlib import metadata

    root, package = repo
    notebook, content = root / "notebooks" / f"{SLUG}.ipynb", root / "content"
    key = execute.cache_key(notebook, content, package)
    assert "ipywidgets==" in execute.library_versions() and "ipywidgets==absent" not in execute.library_versions()
    real = metadata.version

    def upgraded(name):
        return "99.0" if name == "ipywidgets" else real(name)
    monkeypatch.setattr(metadata, "version", upgraded)
    assert "ipywidgets==99.0" in execute.library_versions()
    assert execute.cache_key(notebook, content, package) != key
    monkeypatch.setattr(metadata, "version", real)
    assert execute.cache_key(notebook, content, package) == key
