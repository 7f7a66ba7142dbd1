"""`secondline build lite`: the JupyterLite edition in _build/lite/, real Jupyter with live widgets, fully offline.

A static folder (any web server, an intranet share, a USB stick with a small server) that runs each module
notebook on Pyodide (Python compiled to WebAssembly) in the learner's browser: nothing to install, and no request
leaves the folder. How (toolchain-notes.md, "JupyterLite offline"):

- Pyodide's core comes from npm, pinned in package-lock.json to exactly the version jupyterlite-pyodide-kernel
  expects (checked here); its lock names the wheels the kernel needs, which are fetched at build time from the
  package index at those versions (cached in _build/.cache/lite-wheels) and the lock rewritten to match (the
  index's wheels are not byte-identical to Pyodide's repacks). Entries for wheels we do not ship are dropped.
- ipywidgets, comm and our own package (a wheel made here, with the checked content bundled as JSON:
  content/bundle.py) are added to the lock and preloaded, so `from secondline import module` just works.
- The CDN fallback is off, and the build starts from an empty folder every time: a rebuild over an old output
  can quietly put a CDN URL back. The finished folder is scanned for CDN URLs in its configuration.
- Learners first: the site opens on 00-start-here in JupyterLab (the same interface as ./start), with our
  Start module button (lab/extension), the cell-tag classes extension and lab/learner.css, so code stays out of
  sight exactly as in the JupyterLab edition. No source maps (size).

Why not Voici (notebooks as apps, no visible notebook)? Voici 0.10 runs on jupyterlite-xeus, whose Python kernel
environment is built from the emscripten-forge conda channel, which our machines and CI cannot reach; and the
full JupyterLab keeps one interface for learners across ./start and this edition (the same Start module button,
the same hidden code, the file browser listing the modules), which the learner CSS and extension already shape.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from ..content.course import Content
from .common import BuildError, Progress

LITE_VERSION = "0.8.6"  # jupyterlite-core and jupyterlite-pyodide-kernel, as pinned in pyproject's lite extra
# what the kernel preloads (from the rewritten lock), beyond micropip: the kernel then skips installing these
PRELOAD = ("ipython", "jedi", "comm", "ipywidgets", "secondline")
# Pyodide lock entries the kernel needs at start (with their dependencies, from the lock itself)
KERNEL_NEEDS = ("micropip", "packaging", "ipython", "jedi", "platformdirs", "jinja2")
# ...of which the package index has no pure-Python wheel: built from its source with the C speedups off (the
# package falls back to its own pure-Python code). Jinja2 needs MarkupSafe: certificates are Jinja2 templates.
FROM_SOURCE = ("markupsafe",)
# labextensions the learner's JupyterLab needs, by npm name (found in the environment's Jupyter paths)
EXTENSIONS = ("@jupyterlite/pyodide-kernel-extension", "@jupyter-widgets/jupyterlab-manager",
              "jupyterlab-celltagsclasses")
START_PAGE = "00-start-here.ipynb"
KERNELSPEC = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
CDN = re.compile(r"https?://(cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.|files\.pythonhosted\.org|pypi\.org)")


@dataclass
class LiteLanguage:
    """A translation of the course in the lite site: its course (content/i18n.py: translated, strict) and its
    notebooks (file name -> notebook JSON, built from the English ones: editions/i18n.py)."""

    lang: str
    content: Content
    notebooks: dict[str, dict]


# JupyterLab's locale for each translation (its language pack, pyproject.toml extra `author`; lab/learner.py too).
LAB_LOCALES = {"es": "es_ES"}


def build_lite(content: Content, slugs: list[str], out: Path, root: Path, progress: Progress | None = None,
               cache: Path | None = None, notebooks: dict[str, dict] | None = None,
               languages: list[LiteLanguage] = ()) -> list[Path]:
    """Write the JupyterLite site for `slugs` into `out` (emptied first); return the files written. `notebooks`: more
    notebooks (file name -> notebook JSON) to put beside the modules (the benchmark's empty notebook).

    Each of `languages` gets an app of its own in out/<lang>/ (its notebooks, JupyterLab's menus in that language,
    its own browser storage so the two never mix), sharing the English site's Pyodide and wheels: our wheel carries
    every language's course (content/bundle.py)."""
    progress = progress or Progress(enabled=False)
    out = Path(out).resolve()
    work = out.parent / ".lite-src"
    cache = cache or out.parent / ".cache" / "lite-wheels"
    for folder in (out, work):
        if folder.exists():
            shutil.rmtree(folder)
    work.mkdir(parents=True)
    pyodide_version = _kernel_pyodide_version()

    # 1. Pyodide's core from npm, its lock trimmed to what we ship, with our wheels added
    static = work / "static" / "pyodide"
    _copy_pyodide(root, static, pyodide_version)
    lock = json.loads((static / "pyodide-lock.json").read_text(encoding="utf-8"))
    keep = _closure(lock["packages"], KERNEL_NEEDS)
    pins = {name: lock["packages"][name]["version"] for name in keep}
    wheels = _download({n: v for n, v in pins.items() if n not in FROM_SOURCE}, cache, lock["info"]["python"])
    wheels.update({n: _pure_wheel(n, pins[n], cache) for n in FROM_SOURCE if n in pins})
    extra = {
        "comm": (_installed("comm"), ["traitlets"], ["comm"]),
        "ipywidgets": (_installed("ipywidgets"), ["comm", "ipython", "traitlets"], ["ipywidgets"]),
    }
    wheels.update(_download({n: v[0] for n, v in extra.items()}, cache, lock["info"]["python"]))
    own = make_wheel(content, root, cache.parent / "lite-own", {x.lang: x.content for x in languages})
    packages = {}
    for name in keep:
        packages[name] = _entry(lock["packages"][name], wheels[name], static)
    for name, (version, depends, imports) in extra.items():
        packages[name] = _new_entry(name, version, depends, imports, wheels[name], static)
    packages["secondline"] = _new_entry("secondline", _own_version(root), ["ipywidgets", "platformdirs", "jinja2"],
                                        ["secondline"], own, static)
    lock["packages"] = packages
    (static / "pyodide-lock.json").write_text(json.dumps(lock, indent=1), encoding="utf-8")
    progress.message(f"lite: Pyodide {pyodide_version}, {len(packages)} wheels")

    # 2. the notebooks, the learner's look, the app's settings
    files = work / "files"
    files.mkdir()
    for slug in slugs:
        _copy_notebook(root / "notebooks" / f"{slug}.ipynb", files / f"{slug}.ipynb")
    for name, nb in (notebooks or {}).items():
        nb.setdefault("metadata", {})["kernelspec"] = dict(KERNELSPEC)
        (files / name).write_text(json.dumps(nb), encoding="utf-8")
    exts = work / "labextensions"
    for name in EXTENSIONS:
        shutil.copytree(_find_extension(name), exts / name, ignore=shutil.ignore_patterns("*.map"))
    shutil.copytree(root / "lab" / "extension" / "prebuilt", exts / "secondline-jupyterlab",
                    ignore=shutil.ignore_patterns("*.map"))
    # extensions are taken from this folder only (--ignore-sys-prefix: not whatever this environment has)
    (work / "jupyter_lite_config.json").write_text(json.dumps(
        {"FederatedExtensionAddon": {"extra_labextensions_path": [str(exts)]}}), encoding="utf-8")
    (work / "jupyter-lite.json").write_text(json.dumps(lite_config(), indent=1), encoding="utf-8")

    # 3. jupyter lite build, from clean, no source maps, only the lab app
    _jupyter_lite_build(work, out, files)
    _learner_pages(out, root)
    # 4. each translation: an app of its own in out/<lang>/, on the same Pyodide (the wheel holds its course)
    for language in languages:
        _translated_app(work, out, root, language)
    problems = cdn_urls(out)
    if problems:
        raise BuildError("the lite build names a CDN in its configuration: " + "; ".join(problems[:5]))
    shutil.rmtree(work, ignore_errors=True)
    for stray in out.parent.glob(".jupyterlite.doit.db*"):
        stray.unlink()
    return sorted(p for p in out.rglob("*") if p.is_file())


def _jupyter_lite_build(work: Path, out: Path, files: Path) -> None:
    cmd = [sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(work), "--output-dir", str(out),
           "--contents", str(files), "--apps", "lab", "--no-sourcemaps", "--no-unused-shared-packages",
           "--ignore-sys-prefix", "--no-libarchive"]
    env = {**os.environ, "JUPYTERLITE_NO_LIBARCHIVE": "1"}
    proc = subprocess.run(cmd, cwd=work, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-8:])
        raise BuildError(f"`jupyter lite build` failed (is the lite extra installed? pip install -e '.[lite]'):\n{tail}")


def _translated_app(work: Path, out: Path, root: Path, language: LiteLanguage) -> None:
    """out/<lang>/: the same JupyterLab app with the translated notebooks, JupyterLab's own words in that language
    (its language pack, written as the translations API JupyterLite reads), and its own storage names, so a learner
    using both languages in one browser keeps two separate sets of files and settings."""
    lang = language.lang
    files = work / f"files-{lang}"
    if files.exists():
        shutil.rmtree(files)
    files.mkdir()
    for name, nb in sorted(language.notebooks.items()):
        nb = json.loads(json.dumps(nb))
        nb.setdefault("metadata", {})["kernelspec"] = dict(KERNELSPEC)
        nb["metadata"]["language_info"] = {"name": "python"}
        (files / name).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    shutil.rmtree(work / "static", ignore_errors=True)  # Pyodide stays in the English site's static/ only
    (work / "jupyter-lite.json").write_text(json.dumps(lite_config(lang), indent=1), encoding="utf-8")
    _jupyter_lite_build(work, out / lang, files)
    _lab_translations(out / lang, lang)
    _learner_pages(out / lang, root, lang)


def _lab_translations(site: Path, lang: str) -> None:
    """api/translations/: the languages JupyterLab offers and its words in this one, from the language pack
    installed here (jupyterlite-core's own translation step is skipped by --ignore-sys-prefix, which keeps the
    environment's other extensions out of the site)."""
    from jupyterlab_server.translation_utils import get_language_pack, get_language_packs

    locale = LAB_LOCALES[lang]
    packs, _ = get_language_packs()
    if locale not in packs:
        raise BuildError(f"JupyterLab's language pack for {locale} is not installed (pip install -e '.[author]')")
    api = site / "api" / "translations"
    api.mkdir(parents=True, exist_ok=True)
    keep = {k: v for k, v in packs.items() if k in ("en", locale)}
    (api / "all.json").write_text(json.dumps({"data": keep, "message": ""}), encoding="utf-8")
    (api / f"{locale}.json").write_text(json.dumps({"data": get_language_pack(locale)[0], "message": ""}),
                                        encoding="utf-8")


def lite_config(lang: str = "en") -> dict:
    """jupyter-lite.json: Pyodide from this folder, no package index fallback, the learner's settings. A translation's
    app (out/<lang>/) reads the English site's Pyodide, opens in its language and keeps its own storage."""
    config = _lite_config()
    if lang != "en":
        data = config["jupyter-config-data"]
        data["appName"] = f"Second Line ({lang})"
        data["contentsStorageName"] = f"Second Line {lang} files"
        data["settingsStorageName"] = f"Second Line {lang} settings"
        data["settingsOverrides"]["@jupyterlab/translation-extension:plugin"] = {"locale": LAB_LOCALES[lang]}
        kernel = data["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
        kernel["pyodideUrl"] = "./../static/pyodide/pyodide.mjs"  # "./" is read from the app folder (es/)
    return config


def _lite_config() -> dict:
    return {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "Second Line",
            "exposeAppInBrowser": True,
            # JupyterLite's service worker answers from its cache, then refreshes the cache in the background:
            # a second visit reads the 38 MB from the disk cache, and an updated site shows on the visit after next
            "enableServiceWorkerCache": True,
            "settingsOverrides": {
                # every cell rendered (no windowing): the browser's find and screen readers reach the whole module
                "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
                "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
            },
            "litePluginSettings": {
                "@jupyterlite/pyodide-kernel-extension:kernel": {
                    "pyodideUrl": "./static/pyodide/pyodide.mjs",
                    "disablePyPIFallback": True,
                    "loadPyodideOptions": {"packages": list(PRELOAD)},
                },
            },
        },
    }


def cdn_urls(out: Path) -> list[str]:
    """CDN or package-index URLs in the site's configuration files (jupyter-lite.json, settings, the lock)."""
    found = []
    for p in [*out.rglob("jupyter-lite.json"), *out.rglob("pyodide-lock.json"), *out.rglob("all.json")]:
        for m in CDN.finditer(p.read_text(encoding="utf-8", errors="replace")):
            found.append(f"{p.relative_to(out)}: {m.group(0)}")
    return found


# --------------------------------------------------------------------------- Pyodide and its wheels


def _kernel_pyodide_version() -> str:
    try:
        from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION
    except ImportError as exc:
        raise BuildError("the lite edition needs jupyterlite-core and jupyterlite-pyodide-kernel: "
                         "pip install -e '.[lite]'") from exc
    return PYODIDE_VERSION


def _copy_pyodide(root: Path, dest: Path, wanted: str) -> None:
    from .assets import ensure_node_modules

    src = ensure_node_modules(root, "pyodide")
    have = json.loads((src / "package.json").read_text())["version"]
    if have != wanted:
        raise BuildError(f"package.json pins pyodide {have}, but jupyterlite-pyodide-kernel expects {wanted}: "
                         f"pin npm's pyodide to exactly {wanted}")
    dest.mkdir(parents=True)
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json",
                 "package.json"):
        shutil.copy2(src / name, dest / name)


def _closure(packages: dict, names) -> list[str]:
    """The lock's keys for names and everything they depend on (the lock spells a name "prompt-toolkit" as a key
    and "prompt_toolkit" in depends)."""
    keys = {_norm(k): k for k in packages}
    todo, seen = list(names), []
    while todo:
        name = todo.pop()
        key = keys.get(_norm(name))
        if key is None:
            raise BuildError(f"Pyodide's lock has no package {name!r}")
        if key in seen:
            continue
        seen.append(key)
        todo.extend(packages[key].get("depends", []))
    return sorted(seen)


def _installed(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError as exc:
        raise BuildError(f"the lite edition ships {dist} at the version installed here, and it is not installed") \
            from exc


def _download(pins: dict[str, str], cache: Path, python: str) -> dict[str, Path]:
    """Pure-Python wheels for Pyodide's Python, name -> path, from the package index (cached between builds)."""
    cache.mkdir(parents=True, exist_ok=True)
    pyver = ".".join(python.split(".")[:2])
    found, missing = {}, {}
    for name, version in pins.items():
        hit = _cached_wheel(cache, name, version)
        if hit:
            found[name] = hit
        else:
            missing[name] = version
    if missing:
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
               "--only-binary=:all:", "--python-version", pyver, "--dest", str(cache),
               *[f"{n}=={v}" for n, v in missing.items()]]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-2:]
            raise BuildError(f"could not fetch the wheels Pyodide needs ({', '.join(missing)}): {' '.join(tail)}")
        for name, version in missing.items():
            hit = _cached_wheel(cache, name, version)
            if not hit:
                raise BuildError(f"pip download gave no pure-Python wheel for {name}=={version}")
            found[name] = hit
    return found


def _pure_wheel(name: str, version: str, cache: Path) -> Path:
    """A py3-none-any wheel built from the package's source with no C compiler (its pure-Python fallback)."""
    hit = _cached_wheel(cache, name, version)
    if hit:
        return hit
    cmd = [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps",
           f"--no-binary={name}", "--wheel-dir", str(cache), f"{name}=={version}"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "CC": "/bin/false"})
    hit = _cached_wheel(cache, name, version)
    if proc.returncode != 0 or not hit:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-2:]
        raise BuildError(f"could not build a pure-Python wheel of {name}=={version}: {' '.join(tail)}")
    return hit


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _cached_wheel(cache: Path, name: str, version: str) -> Path | None:
    for p in cache.glob("*.whl"):
        dist, ver = p.name.split("-")[:2]
        if _norm(dist) == _norm(name) and ver == version and p.name.endswith("-none-any.whl"):
            return p
    return None


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _entry(old: dict, wheel: Path, static: Path) -> dict:
    shutil.copy2(wheel, static / wheel.name)
    return {**old, "file_name": wheel.name, "sha256": _sha256(wheel), "unvendored_tests": False}


def _new_entry(name: str, version: str, depends: list[str], imports: list[str], wheel: Path, static: Path) -> dict:
    shutil.copy2(wheel, static / wheel.name)
    return {"name": name, "version": version, "file_name": wheel.name, "install_dir": "site",
            "sha256": _sha256(wheel), "package_type": "package", "imports": imports, "depends": depends,
            "unvendored_tests": False, "shared_library": False}


# --------------------------------------------------------------------------- our own wheel, with the content bundled


def _own_version(root: Path) -> str:
    return tomllib.loads((root / "pyproject.toml").read_text())["project"]["version"]


def make_wheel(content: Content, root: Path, dest: Path, translations: dict[str, Content] | None = None) -> Path:
    """A wheel of src/secondline with content/bundled.json added (the checked content, content/bundle.py), and a
    bundled-<lang>.json for each of `translations` (the course translated, content/i18n.py: translated), whose
    Requires-Dist is the runtime dependencies only: it installs in Pyodide. Written with zipfile: a wheel is a zip
    with a dist-info folder, and no build backend is needed for that."""
    from ..content.bundle import BUNDLE_NAME, bundle_name, dumps

    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    name, version = project["name"], project["version"]
    pkg = root / "src" / "secondline"
    dest.mkdir(parents=True, exist_ok=True)
    wheel = dest / f"{name}-{version}-py3-none-any.whl"
    info = f"{name}-{version}.dist-info"
    entries: list[tuple[str, bytes]] = []
    for p in sorted(pkg.rglob("*")):
        if (p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc",)
                and not p.name.startswith(BUNDLE_NAME.removesuffix(".json"))):
            entries.append((f"secondline/{p.relative_to(pkg).as_posix()}", p.read_bytes()))
    entries.append((f"secondline/content/{BUNDLE_NAME}", dumps(content).encode("utf-8")))
    for lang, translated in sorted((translations or {}).items()):
        entries.append((f"secondline/content/{bundle_name(lang)}", dumps(translated).encode("utf-8")))
    meta = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}",
            f"Summary: {project.get('description', '')}", f"Requires-Python: {project.get('requires-python', '')}"]
    meta += [f"Requires-Dist: {r}" for r in project.get("dependencies", [])]
    entries.append((f"{info}/METADATA", ("\n".join(meta) + "\n").encode()))
    entries.append((f"{info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: secondline build lite\nRoot-Is-Purelib: true\n"
                                     b"Tag: py3-none-any\n"))
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    for arc, data in entries:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        writer.writerow([arc, f"sha256={digest}", len(data)])
    writer.writerow([f"{info}/RECORD", "", ""])
    entries.append((f"{info}/RECORD", record.getvalue().encode()))
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as z:
        for arc, data in entries:
            z.writestr(zipfile.ZipInfo(arc, date_time=(2026, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return wheel


# --------------------------------------------------------------------------- notebooks, extensions, pages


def _copy_notebook(src: Path, dest: Path) -> None:
    nb = json.loads(src.read_text(encoding="utf-8"))
    nb.setdefault("metadata", {})["kernelspec"] = dict(KERNELSPEC)
    nb["metadata"]["language_info"] = {"name": "python"}
    dest.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _find_extension(name: str) -> Path:
    from jupyter_core.paths import jupyter_path

    for base in jupyter_path("labextensions"):
        p = Path(base) / name
        if (p / "package.json").is_file():
            return p
    raise BuildError(f"the lab extension {name} is not installed here (pip install -e '.[lite]')")


def _learner_pages(out: Path, root: Path, lang: str = "en") -> None:
    """The learner's CSS in the lab page, and a front page that opens the start page."""
    css = out / "static" / "secondline" / "learner.css"
    css.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(root / "lab" / "learner.css", css)
    lab = out / "lab" / "index.html"
    html = lab.read_text(encoding="utf-8")
    link = '<link rel="stylesheet" href="../static/secondline/learner.css">'
    if link not in html:
        html = html.replace("</head>", f"  {link}\n  </head>", 1)
    lab.write_text(html, encoding="utf-8")
    target = f"lab/index.html?path={START_PAGE}"
    opening = {"en": ("Opening the course... If nothing happens, ", "open the start page"),
               "es": ("Abriendo el curso... Si no pasa nada, ", "abra la página de inicio")}[lang]
    (out / "index.html").write_text(
        f"<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>Second Line</title>\n"
        # the app pages read this page's (empty) config block: JupyterLite's own root page has it too
        "<script id=\"jupyter-config-data\" type=\"application/json\" data-jupyter-lite-root=\".\">{}</script>\n"
        f"<meta http-equiv=\"refresh\" content=\"0; url={target}\"></head>\n"
        f"<body><p>{opening[0]}<a href=\"{target}\">{opening[1]}</a>.</p>"
        "</body></html>\n", encoding="utf-8")


# --------------------------------------------------------------------------- serving a build (tests, benchmark)


@contextmanager
def serve(folder: Path):
    """Serve a built lite folder on 127.0.0.1 (a free port) in a thread; yields the base URL. For tests and the
    benchmark; a learner's site is served by any static web server."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".mjs": "text/javascript",
                          ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json"}

        def log_message(self, *args) -> None:
            pass

    class Server(http.server.ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request, client_address) -> None:
            pass  # a browser that navigates away mid-download breaks the pipe: not news

    server = Server(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
