"""The JupyterLite edition's parts that run without a browser: the content bundle, the browser's record store, the
wheel and the site's configuration. (The site itself, in Chromium: test_browser_lite.py.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from secondline.content.bundle import dumps, loads
from secondline.content.load import load
from secondline.content.readonly import plain, to_records
from secondline.record.browser import BrowserStore, open_browser_store
from secondline.record.recorder import Recorder
from secondline.record.store import SQLITE_HEADER

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def content():
    return load(ROOT / "content")


def test_bundle_holds_exactly_the_checked_content(content):
    """Does the JSON bundle give back the same content, field for field, as the checked models (and as the pickled
    snapshot's records), with the records' methods working?"""
    back = loads(dumps(content))
    assert plain(back.curriculum) == plain(to_records(content.curriculum))
    assert plain(back.modules) == plain(to_records(content.modules))
    assert plain(back.sources) == plain(to_records(content.sources))
    assert plain(back.glossary) == plain(to_records(content.glossary))
    assert plain(back.knowledge_check) == plain(to_records(content.knowledge_check))
    item = back.module("01-lines-of-treatment").item("lines-q01")
    assert item.options[item.best_index].verdict == "best"
    source = next(iter(back.sources.values()))
    assert source.check_label() == next(iter(content.sources.values())).check_label()


def test_bundle_refuses_another_format(content):
    """Is a bundle from another format version refused with a message that says so?"""
    data = json.loads(dumps(content))
    data["format"] = 99
    with pytest.raises(ValueError, match="format 99"):
        loads(json.dumps(data))


def test_kernel_reads_the_bundle_without_pydantic_or_yaml(tmp_path, content):
    """With a bundle beside the package and no content/ folder, does module() run a quiz with neither pydantic nor
    PyYAML imported (they do not install in the browser)?"""
    out = run_bundled(tmp_path, {"bundled.json": content},
                      "import sys; from secondline import module; m = module('01-lines-of-treatment'); "
                      "v = m.quiz('lines-q01'); assert type(m).__name__ == 'ModuleBook', m; "
                      "print(sorted(k for k in ('pydantic', 'yaml') if k in sys.modules))")
    assert out.stdout.strip() == "[]"


def run_bundled(tmp_path, bundles: dict, code: str) -> subprocess.CompletedProcess:
    """Run `code` in a fresh Python whose secondline package is a copy with these bundles (file name -> content)
    beside it and no content/ folder, as in a browser kernel; it must succeed."""
    import shutil

    pkg = tmp_path / "secondline"
    shutil.copytree(ROOT / "src" / "secondline", pkg, ignore=shutil.ignore_patterns("__pycache__"))
    for name, course in bundles.items():
        (pkg / "content" / name).write_text(dumps(course), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("SECONDLINE_CONTENT",)}
    env.update(PYTHONPATH=str(tmp_path), SECONDLINE_PROGRESS_DB="off", SECONDLINE_CACHE="off")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    return out


def test_browser_store_survives_a_reload(tmp_path):
    """Is each answer written to the saved file at once, and read back by a new store (a reloaded page)?"""
    path = tmp_path / "my-progress" / "progress.sqlite3"
    store = BrowserStore(path)
    store.record_event({"kind": "quiz", "id": "lines-q01", "choice": 0, "verdict": "best"}, module="01-lines")
    assert path.read_bytes().startswith(SQLITE_HEADER)
    again = BrowserStore(path)
    assert [(a.id, a.verdict) for a in again.record().attempts] == [("lines-q01", "best")]


def test_two_notebooks_do_not_overwrite_each_other(tmp_path):
    """With two notebooks open (two kernels, one saved file), does each keep the other's answers?"""
    path = tmp_path / "progress.sqlite3"
    one, two = BrowserStore(path), BrowserStore(path)
    one.record_event({"kind": "quiz", "id": "a-q1", "choice": 0, "verdict": "best"})
    os.utime(path, ns=(1, 1))  # the drive's clock may be coarse: make the change visible by its stamp
    two.record_event({"kind": "quiz", "id": "b-q1", "choice": 1, "verdict": "unsafe"})
    assert sorted(a.id for a in BrowserStore(path).record().attempts) == ["a-q1", "b-q1"]


def test_learner_is_told_when_saving_fails(tmp_path):
    """When the browser's storage cannot be written, does the learner's next answer bring a plain message that
    says the answer is not saved and how to keep it?"""
    path = tmp_path / "progress.sqlite3"
    store = BrowserStore(path)
    recorder = Recorder("01-lines-of-treatment")
    recorder._store = store
    path.unlink()
    path.mkdir()  # the saved file can no longer be replaced
    message = recorder({"kind": "quiz", "id": "lines-q01", "choice": 0, "verdict": "best"})
    assert message and "not" in message and "export" in message.lower(), message


def test_unreadable_saved_record_is_kept_and_a_new_one_started(tmp_path):
    """Is a saved record that is not SQLite kept as a backup, with a notice, and a new record started?"""
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(b"not a database at all")
    store = open_browser_store(path)
    assert store.recording and "kept" in store.notice
    assert (tmp_path / "progress-unreadable.sqlite3").read_bytes() == b"not a database at all"


def test_kernel_reads_a_translated_bundle_without_pydantic_yaml_or_babel(tmp_path, content):
    """With bundled-es.json beside the English bundle, does module(slug, lang="es") show the module in Spanish, with
    none of pydantic, PyYAML or Babel (which read catalogs on an author's machine) imported?"""
    from secondline.content.i18n import translated

    spanish = translated(content, "es")
    out = run_bundled(tmp_path, {"bundled.json": content, "bundled-es.json": spanish},
                      "import sys; from secondline import module; m = module('01-lines-of-treatment', lang='es'); "
                      "assert type(m).__name__ == 'ModuleBook', m; print(m.mc.module.summary); "
                      "print(sorted(k for k in ('pydantic', 'yaml', 'babel') if k in sys.modules))")
    summary, imported = out.stdout.strip().splitlines()
    assert summary == spanish.module("01-lines-of-treatment").module.summary != \
        content.module("01-lines-of-treatment").module.summary
    assert imported == "[]"


def test_wheel_needs_only_the_runtime_dependencies(tmp_path, content):
    """Does the wheel the lite build makes carry the bundled content and require only what installs in Pyodide?"""
    from secondline.content.i18n import translated
    from secondline.editions.lite import make_wheel

    wheel = make_wheel(content, ROOT, tmp_path, translations={"es": translated(content, "es")})
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        meta = z.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "secondline/content/bundled.json" in names and "secondline/notebook.py" in names
    assert "secondline/content/bundled-es.json" in names
    requires = sorted(line.split(": ", 1)[1].split(">")[0].split("=")[0].split("<")[0]
                      for line in meta.splitlines() if line.startswith("Requires-Dist"))
    assert requires == ["ipywidgets", "platformdirs"], requires


def test_site_config_points_nowhere_but_the_site():
    """Does jupyter-lite.json load Pyodide from the site, with the package-index fallback off, and preload our
    package; and does the CDN scan find a CDN URL where one is?"""
    from secondline.editions.lite import cdn_urls, lite_config

    kernel = lite_config()["jupyter-config-data"]["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["pyodideUrl"].startswith("./") and kernel["disablePyPIFallback"] is True
    assert "secondline" in kernel["loadPyodideOptions"]["packages"]
    assert cdn_urls(Path("/nonexistent")) == []


def test_cdn_scan_finds_a_cdn_url(tmp_path):
    """Does the build's CDN scan name a jupyter-lite.json that loads Pyodide from a CDN?"""
    from secondline.editions.lite import cdn_urls

    (tmp_path / "jupyter-lite.json").write_text('{"pyodideUrl": "https://cdn.jsdelivr.net/pyodide/v1/full/pyodide.mjs"}')
    assert cdn_urls(tmp_path) == ["jupyter-lite.json: https://cdn.jsdelivr.net"]
