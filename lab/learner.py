"""Prepare the learner's JupyterLab: a private copy of the module notebooks and the learner's (or facilitator's) CSS.

./start runs this, then serves only the copy: the file browser lists the modules and nothing of the source
tree, and running and saving a module changes the learner's copy, never the tracked notebooks in notebooks/.

Layout (under _learner/ in this folder, ignored by git; SECONDLINE_LEARNER_DIR moves it):
  notebooks/   the copies JupyterLab serves (its root folder)
  jupyter/     JupyterLab's configuration for the learner (JUPYTER_CONFIG_DIR): custom/custom.css, settings
  backup/      a learner copy set aside when the curriculum's notebook changed (an update replaces the copy)
  sources.json the hash of each tracked notebook when it was copied

A translated course (--lang es) gets a workspace of its own (_learner/es/), copied from the translated notebooks the
build made (_build/es/notebooks/, `secondline build notebooks --lang es`), and JupyterLab's menus in that language
(the language pack from the package index, chosen in the learner's settings).

Usage: python lab/learner.py [--facilitator] [--lang LANG] [--dir DIR]
Prints, one a line, the JUPYTER_CONFIG_DIR for the learner and then the `jupyter lab` options that serve the copy
(./start reads them), so ./start and the browser test (tests/test_browser_learner.py) launch the same JupyterLab.
Standard library only: it runs before the curriculum's own package is imported.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
START_PAGE = "00-start-here.ipynb"


def default_dir() -> Path:
    return Path(os.environ.get("SECONDLINE_LEARNER_DIR") or ROOT / "_learner")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def kernel_metadata() -> dict:
    """The kernelspec and language_info this environment's Python kernel reports. Written into each copy so that
    JupyterLab, which records them on opening, finds nothing to change: a module just opened is not "unsaved"."""
    try:
        from ipykernel.ipkernel import IPythonKernel
        from jupyter_client.kernelspec import KernelSpecManager

        spec = KernelSpecManager().get_kernel_spec("python3")
    except Exception:  # noqa: BLE001 - without them the copy keeps its own metadata; JupyterLab updates it
        return {}
    return {"kernelspec": {"name": "python3", "display_name": spec.display_name, "language": spec.language},
            "language_info": dict(IPythonKernel.language_info)}


def copy_notebook(source: Path, target: Path, metadata: dict) -> None:
    nb = json.loads(source.read_text(encoding="utf-8"))
    nb.setdefault("metadata", {}).update(metadata)
    target.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def copy_notebooks(source: Path, target: Path) -> list[str]:
    """Copy each tracked notebook that is new or changed since it was copied; return the names copied.

    A learner's copy of a notebook the curriculum has since changed is moved to backup/ first (it holds at most
    the outputs of a run: answers and ratings live in the progress record, not in the notebook)."""
    notebooks, backup = target / "notebooks", target / "backup"
    notebooks.mkdir(parents=True, exist_ok=True)
    manifest_path = target / "sources.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    copied, metadata = [], kernel_metadata()
    for nb in sorted(source.glob("*.ipynb")):
        mine, wanted = notebooks / nb.name, digest(nb)
        if mine.is_file() and manifest.get(nb.name) == wanted:
            continue
        if mine.is_file():
            backup.mkdir(exist_ok=True)
            shutil.move(mine, backup / f"{nb.stem}.{time.strftime('%Y%m%d-%H%M%S')}.ipynb")
        copy_notebook(nb, mine, metadata)
        manifest[nb.name] = wanted
        copied.append(nb.name)
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return copied


def write_css(config_dir: Path, facilitator: bool) -> Path:
    """custom/custom.css in JupyterLab's config folder (served with --LabApp.custom_css=True): the learner view,
    plus the facilitator notes when `facilitator`."""
    parts = [(HERE / "learner.css").read_text()]
    if facilitator:
        parts.append((HERE / "facilitator.css").read_text())
    css = config_dir / "custom" / "custom.css"
    css.parent.mkdir(parents=True, exist_ok=True)
    css.write_text("/* Written by lab/learner.py at each start; edit lab/*.css instead. */\n" + "\n".join(parts))
    return css


# JupyterLab's locale for each translation of the course (its language pack: pyproject.toml, extra `author`).
LAB_LOCALES = {"es": "es_ES"}
LOCALE_SETTINGS = Path("lab", "user-settings", "@jupyterlab", "translation-extension", "plugin.jupyterlab-settings")


def write_locale(config_dir: Path, lang: str) -> Path:
    """The learner's JupyterLab setting for its interface language (English: JupyterLab's default)."""
    path = config_dir / LOCALE_SETTINGS
    path.parent.mkdir(parents=True, exist_ok=True)
    locale = LAB_LOCALES.get(lang, "en")
    path.write_text(json.dumps({"locale": locale}, indent=1) + "\n", encoding="utf-8")
    return path


def notebook_source(lang: str) -> Path:
    """Where a language's notebooks are: the tracked English ones, or a build's translation of them."""
    return ROOT / "notebooks" if lang == "en" else ROOT / "_build" / lang / "notebooks"


def prepare(target: Path, facilitator: bool = False, source: Path = ROOT / "notebooks", lang: str = "en") -> Path:
    """Make (or refresh) the learner workspace in `target`; return the folder JupyterLab should serve."""
    if not any(source.glob("*.ipynb")):
        raise SystemExit(f"error: no notebooks in {source}" + (
            "" if lang == "en" else f": build them first (`secondline build notebooks --lang {lang}`)"))
    copy_notebooks(source, target)
    write_css(target / "jupyter", facilitator)
    write_locale(target / "jupyter", lang)
    return target / "notebooks"


def lab_options(root: Path, start_page: str = START_PAGE) -> list[str]:
    """The `jupyter lab` options for the learner's copy in `root`: serve only it, load custom.css, and make the link
    JupyterLab prints (and opens) go straight to the start page instead of the Launcher."""
    return [f"--ServerApp.root_dir={root}", f"--LabApp.default_url=/lab/tree/{start_page}", "--LabApp.custom_css=True"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facilitator", action="store_true", help="show the facilitator notes, labelled")
    parser.add_argument("--dir", type=Path, default=None, help="the learner folder (default: _learner/)")
    parser.add_argument("--start-page", default=os.environ.get("START_PAGE") or START_PAGE)
    parser.add_argument("--lang", default="en", help="a translation of the course, e.g. es (default: English)")
    args = parser.parse_args(argv)
    target = args.dir or (default_dir() if args.lang == "en" else default_dir() / args.lang)
    root = prepare(target, args.facilitator, notebook_source(args.lang), args.lang)
    print("\n".join([str(root.parent / "jupyter"), *lab_options(root, args.start_page)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
