"""Command line: `secondline check` validates content/; `secondline lint [--fix]` checks notebooks' house rules."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _check(args) -> int:
    from .content import ContentError, load

    try:
        c = load(args.content)
    except ContentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    items = sum(len(m.quiz.items) for m in c.modules.values())
    print(f"content OK: {len(c.modules)} modules, {items} quiz items, {len(c.sources)} sources, {len(c.glossary)} terms")
    return 0


def _lint(args) -> int:
    import nbformat

    from .authoring import normalise
    from .lint import lint_notebook

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="secondline", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="validate every file in content/")
    p.add_argument("--content", default=None, help="the content folder (default: the repository's)")
    p.set_defaults(func=_check)
    p = sub.add_parser("lint", help="check notebooks: one H1, no outputs, hidden inputs")
    p.add_argument("notebooks", nargs="?", default="notebooks")
    p.add_argument("--fix", action="store_true", help="strip outputs and hide inputs in place first")
    p.set_defaults(func=_lint)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
