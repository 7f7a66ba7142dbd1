"""Command line: `secondline check` validates content/; `secondline lint [--fix]` checks notebooks' house rules;
`secondline sources` prints the source audit (claims resting only on unopened sources, uncited sources, old trial
figures, claims per source); `secondline build site|slides|handouts|review|lite|scorm|all` writes every edition
into _build/ (lite: JupyterLite in the browser; scorm: a SCORM 1.2 zip for a learning-management system);
`secondline report cohort FILES...` and `secondline report certificate FILE` read learners' exported progress;
`secondline bench` times what users wait for (benchmarks/run.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _check(args) -> int:
    from .content.cache import remember
    from .content.errors import ContentError
    from .content.load import load

    try:
        c = load(args.content)
    except ContentError as exc:
        problems = getattr(exc, "problems", [exc])  # every problem found, one line each
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        print(f"{len(problems)} problem{'s' * (len(problems) != 1)} in the content: fix each line above")
        return 1
    remember(c)  # notebook kernels read this checked content without checking it again (content/cache.py)
    items = sum(len(m.quiz.items) for m in c.modules.values())
    print(f"content OK: {len(c.modules)} modules, {items} quiz items, {len(c.sources)} sources, {len(c.glossary)} terms")
    return 0


def _sources(args) -> int:
    """The source audit; exit 1 when a claim rests only on unopened sources or a listed source is never cited."""
    from .content.claims import audit, report
    from .content.errors import ContentError
    from .content.load import load

    try:
        c = load(args.content)
    except ContentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    result = audit(c)
    print(report(result, summary=args.summary))
    return 0 if result.ok else 1


def _lint(args) -> int:
    import nbformat

    from .content.authoring import normalise
    from .content.lint import lint_notebook

    problems = 0
    for path in sorted(Path(args.notebooks).glob("*.ipynb")):
        if args.fix:
            nb = nbformat.read(path, as_version=4)
            nbformat.write(normalise(nb), path)
        for msg in lint_notebook(path):
            problems += 1
            print(f"{path}: {msg}", file=sys.stderr)
    print("notebooks OK" if not problems else f"{problems} problem(s)")
    return 1 if problems else 0


def _build(args) -> int:
    if args.target == "notebooks":
        from .editions.languages import notebooks_cli

        return notebooks_cli(args)
    if args.lang != "en" and args.target == "review":
        from .editions.review_i18n import build_cli

        return build_cli(args)
    if args.lang != "en":
        from .editions.i18n import build_cli

        return build_cli(args)
    from .editions.build import run_cli

    return run_cli(args)


def _bench(args) -> int:
    from .bench.run import main as bench_main

    return bench_main(args=args)


def _add_bench(sub) -> None:
    from .bench.run import add_arguments  # the standard library only; the benchmark's own imports wait until it runs

    p = sub.add_parser("bench", help="time what users wait for, as ratios against the floor (benchmarks/results.md)")
    add_arguments(p)
    p.set_defaults(func=_bench)


def _add_report(sub) -> None:
    from .record.commands import configure  # matplotlib is imported only when a report is made

    configure(sub.add_parser("report", help="cohort reports and certificates from learners' exported progress files"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="secondline", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="validate every file in content/")
    p.add_argument("--content", default=None, help="the content folder (default: the repository's)")
    p.set_defaults(func=_check)
    p = sub.add_parser("sources", help="audit the sources: unopened, uncited, old trial figures, claims per source")
    p.add_argument("--content", default=None, help="the content folder (default: the repository's)")
    p.add_argument("--summary", action="store_true", help="counts per module instead of every claim")
    p.set_defaults(func=_sources)
    p = sub.add_parser("lint", help="check notebooks: one H1, no outputs, hidden inputs, known source links")
    p.add_argument("notebooks", nargs="?", default="notebooks")
    p.add_argument("--fix", action="store_true", help="strip outputs and hide inputs in place first")
    p.set_defaults(func=_lint)
    p = sub.add_parser("build", help="build the website, slides, PDF handouts, clinical review packet, JupyterLite "
                                     "edition and SCORM 1.2 package into _build/")
    p.add_argument("target", choices=["site", "slides", "handouts", "review", "lite", "scorm", "notebooks", "all"])
    p.add_argument("--out", default="_build", help="the output folder (default: _build)")
    p.add_argument("--modules", nargs="+", metavar="SLUG", help="only these modules (slugs, or numbers such as 01)")
    p.add_argument("--jobs", type=int, default=2, help="notebooks executed at once (default: 2)")
    p.add_argument("--lang", default="en", help="a translation (content/i18n/scope.yml): `build handouts --lang es` "
                   "and `build notebooks --lang es` write OUT/es/ (`build review --lang es` the translation review packet); site, slides and scorm build every ready "
                   "translation beside the English")
    p.set_defaults(func=_build)
    from .editions.i18n import add_commands as _add_i18n

    _add_i18n(sub)
    _add_report(sub)
    _add_bench(sub)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
