"""`secondline build`: every edition (site, slides, handouts) and the clinical review packet, from one source,
written into _build/.

Notebooks are executed once (execute.py) and the executed copies are shared by the site and the slides;
handouts and the review packet are rendered from content/ (and the notebooks' prose) alone. Nothing that is written loads anything from the network.

Each translated language ready for it (editions/languages.py) is built beside the English from the same notebooks,
translated into <out>/<lang>/notebooks/ and executed once into executed/<lang>/: site/<lang>/ (with its patient
handouts in site/<lang>/handouts/), slides/<lang>/, scorm/second-line-scorm12-<lang>.zip, and lite/<lang>/ (the
notebooks themselves, in JupyterLite). What is left out of a
language, and why, is one line each in `result.errors`; the English editions are built all the same.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from pathlib import Path

from ..content.course import Content
from ..content.load import load
from .common import BuildError, BuildResult, Edition, Progress, project_root, select_modules

TARGETS = ("site", "slides", "handouts", "review", "lite", "scorm")


# --------------------------------------------------------------------------- the whole build


def build(targets: Iterable[str], out: Path | str = "_build", modules: Iterable[str] | None = None,
          content: Content | None = None, progress: Progress | None = None, jobs: int = 2) -> BuildResult:
    """Build the named editions into `out` (site/, slides/, handouts/, review/, scorm/, with executed/ as the notebook cache).

    Never raises for a notebook that fails to execute: its one-line error is in `result.errors`, and the other
    editions and modules are still built.
    """
    from . import execute

    started = time.perf_counter()
    requested = set(targets)
    targets = [t for t in TARGETS if t in requested or "all" in requested]
    content = content or load()
    root = project_root(content)
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    slugs = select_modules(content, modules)
    progress = progress or Progress(enabled=False)
    result = BuildResult(out)

    executed: dict[str, Path] = {}
    languages = []
    if {"site", "slides", "scorm"} & set(targets):
        progress.add(len(slugs))
        result.executions = execute.execute_all(root, slugs, out / "executed", jobs=jobs, progress=progress)
        for x in result.executions:
            if x.error:
                result.errors.append(x.error)
            else:
                executed[x.slug] = x.path
        # Keep curriculum order whatever order the threads finished in.
        executed = {s: executed[s] for s in slugs if s in executed}
        languages = _translated_notebooks(root, content, list(executed), out, result, progress, jobs)
    elif "lite" in targets:  # the lite edition's translated apps need the notebooks, not their execution
        from .languages import learner_languages

        languages, left_out = learner_languages(content, slugs)
        result.errors += left_out

    for name in targets:
        start = time.perf_counter()
        try:
            if name == "site":
                from .facilitator import build_facilitator
                from .i18n import SiteLanguage
                from .site import OtherLanguage, build_site, page_list

                # The learner site, each translated language's site inside it (site/es/, with its patient pages in
                # site/es/handouts/), every page linking to its counterpart; and beside it (never inside) the
                # facilitator edition with the answer keys.
                english = OtherLanguage("en", "English", "../", frozenset(p.file for p in page_list(content, executed)))
                others = tuple(x.other(f"{x.lang}/") for x in languages)
                files = build_site(content, executed, out / "site", progress=progress, others=others)
                for x in languages:
                    files += build_site(x.content, x.executed, out / "site" / x.lang, progress=progress,
                                        voice=x.voice(), others=(english,), handouts=SiteLanguage(content, x.lang))
                files += build_facilitator(content, out / "guide")
            elif name == "slides":
                from .slides import build_slides

                files = build_slides(content, executed, out / "slides", root=root, progress=progress)
                for x in languages:
                    files += build_slides(x.content, x.executed, out / "slides" / x.lang, root=root,
                                          progress=progress, voice=x.voice())
            elif name == "handouts":
                from .handouts import build_handouts
                from .i18n import build_translated_handouts

                files = build_handouts(content, slugs, out / "handouts", progress=progress)
                translated, left_out = build_translated_handouts(content, slugs, out, progress=progress)
                files += translated
                result.errors += [f"{name}: {line}" for line in left_out]
            elif name == "lite":
                from .lite import LiteLanguage, build_lite

                # Each ready translation is an app of its own in lite/<lang>/, with its notebooks built from the
                # English ones (editions/languages.py), facilitator notes left out.
                lite_languages = [LiteLanguage(x.lang, x.content, {f"{s}.ipynb": x.notebook(root, s) for s in x.slugs})
                                  for x in languages if x.slugs]
                files = build_lite(content, slugs, out / "lite", root=root, progress=progress,
                                   languages=lite_languages)
            elif name == "scorm":
                from .scorm import build_scorm

                files = build_scorm(content, executed, out / "scorm", root=root, progress=progress)
                for x in languages:
                    if x.executed:
                        files += build_scorm(x.content, x.executed, out / "scorm", root=root, progress=progress,
                                             voice=x.voice())
            else:
                from .review import build_review

                files, problem = build_review(content, slugs, out / "review", progress=progress)
                if problem:
                    result.errors.append(f"{name}: {problem}")
                    progress.message(f"error: {name}: {problem}")
                if "all" in requested:  # and each translation's review packet, review/<lang>/ (review_i18n.py)
                    from .review_i18n import build_translation_reviews

                    translated, left_out = build_translation_reviews(content, slugs, out / "review",
                                                                     progress=progress)
                    files += translated
                    result.errors += [f"{name}: {line}" for line in left_out]
        except BuildError as exc:
            result.errors.append(f"{name}: {exc}")
            progress.message(f"error: {name}: {exc}")
            files = []
        result.editions.append(Edition(name, out / name, files, time.perf_counter() - start))
    result.seconds = time.perf_counter() - started
    return result


def _translated_notebooks(root: Path, content: Content, slugs: list[str], out: Path, result: BuildResult,
                          progress: Progress, jobs: int) -> list:
    """Each ready language's notebooks, translated from the English into out/<lang>/notebooks/ and executed (or
    reused) into out/executed/<lang>/; what is left out goes into result.errors, one line each."""
    from . import execute
    from .languages import learner_languages

    languages, left_out = learner_languages(content, slugs)
    result.errors += left_out
    for line in left_out:
        progress.message(f"note: {line}")
    for x in languages:
        try:
            x.write_notebooks(root, out / x.lang / "notebooks")
        except (BuildError, KeyError) as exc:
            result.errors.append(f"the '{x.lang}' notebooks: {exc}")
            x.slugs = []
            continue
        progress.add(len(x.slugs))
        runs = execute.execute_all(root, x.slugs, out / "executed" / x.lang, jobs=jobs, progress=progress,
                                   notebooks=out / x.lang / "notebooks")
        result.translated[x.lang] = runs
        result.errors += [r.error for r in runs if r.error]
        x.executed = {r.slug: r.path for r in runs if not r.error}
    return languages


def run_cli(args) -> int:
    """`secondline build site|slides|handouts|review|lite|scorm|all [--out _build] [--modules 01 ...]`; exit 1 if anything failed."""
    progress = Progress()
    try:
        result = build([args.target], out=args.out, modules=args.modules, progress=progress, jobs=args.jobs)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(result.table())
    if result.errors:
        print(f"\n{len(result.errors)} problem(s):", file=sys.stderr)
        for e in result.errors:
            print(f"  {e}", file=sys.stderr)
        return 1
    return 0
