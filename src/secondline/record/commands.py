"""`secondline report cohort FILES...` (report.py) and `secondline report certificate FILE` (certificate.py): the
command line, with one clear line for every problem."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..content.course import Content
from .exports import ExportError, clean, read_export, shown
from .format import RecordError
from .report import ReportError, check_inputs, check_out, write_cohort


def configure(parser: argparse.ArgumentParser) -> None:
    """The `secondline report` subcommands (called from cli.py)."""
    sub = parser.add_subparsers(dest="report", required=True)
    p = sub.add_parser("cohort", help="learners' exported progress files -> an HTML and PDF report with plots")
    p.add_argument("files", nargs="*", metavar="FILE", help="exported progress files (.json), or folders of them")
    p.add_argument("--out", default="_build/report", help="the output folder (default: _build/report)")
    p.add_argument("--title", default="", help="the report's title, e.g. the cohort's name")
    p.add_argument("--content", default=None, help="the content folder (default: the repository's)")
    p.set_defaults(func=run_cohort)
    p = sub.add_parser("certificate", help="one learner's exported progress file -> certificate HTML and PDF")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--out", default="_build/certificates", help="the output folder (default: _build/certificates)")
    p.add_argument("--note", default="", help="an optional line printed on the certificate, e.g. the program")
    p.add_argument("--content", default=None, help="the content folder (default: the repository's)")
    p.add_argument("--lang", default="en", help="the certificate's language, e.g. es (content/i18n/scope.yml)")
    p.set_defaults(func=run_certificate)


def _content(args) -> Content | None:
    from ..content.errors import ContentError
    from ..content.load import load

    try:
        return load(args.content)
    except ContentError as exc:
        for problem in getattr(exc, "problems", [exc]):
            print(f"error: {problem}", file=sys.stderr)
        return None


def run_cohort(args) -> int:
    try:
        check_inputs(args.files)
        check_out(Path(args.out))
    except ReportError as exc:
        print(f"error: {exc}; the last report was left as it was", file=sys.stderr)
        return 2
    content = _content(args)
    if content is None:
        return 1
    try:
        w = write_cohort(args.files, args.out, content, args.title)
    except (ReportError, OSError) as exc:
        print(f"error: cannot write the report in {shown(str(args.out))} ({getattr(exc, 'strerror', None) or exc})",
              file=sys.stderr)
        return 1
    for path, problem in w.problems:
        print(f"warning: {shown(str(path))}: {shown(problem.removeprefix(path.name + ': '))} (left out of the report)",
              file=sys.stderr)
    print(w.message)
    return 0


def run_certificate(args) -> int:
    from ..content.errors import ContentError
    from .certificate import CertificateError, write_certificate
    from .schema import parse_record

    path = Path(args.file)
    try:
        check_out(Path(args.out))
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    content = _content(args)
    if content is None:
        return 1
    try:
        record = parse_record(read_export(path), path.name)
    except ExportError as exc:
        print(f"error: {shown(str(path))}: {exc}", file=sys.stderr)
        return 1
    except RecordError as exc:
        print(f"error: {shown(str(path))}: {shown(clean(str(exc)).removeprefix(path.name + ': '))}", file=sys.stderr)
        return 1
    try:
        w = write_certificate(record, content, args.out, note=args.note, stem=f"certificate-{_stem(path)}",
                              lang=args.lang)
    except (CertificateError, KeyError, ContentError) as exc:  # an unknown --lang, or a word not translated into it
        print(f"error: {shown(str(path))}: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: cannot write the certificate in {shown(str(args.out))} ({exc.strerror or exc})",
              file=sys.stderr)
        return 1
    print(w.message)
    return 0


def _stem(path: Path) -> str:
    """The file's stem as a safe file name: letters, digits, '-', '_' and '.' (others become '_')."""
    import re

    stem = re.sub(r"[^\w.-]", "_", clean(path.stem)).lstrip(".")
    return stem[:80] or "learner"
