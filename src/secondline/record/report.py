"""The cohort report for program managers: learners' exported progress files become one self-contained HTML page
(and a PDF) with tables and plots (plots.py), the item analysis (item_report.py) and item-analysis.csv."""

from __future__ import annotations

import os
import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..content.course import Content
from ..templating import markup, render
from ..views.logic.progress import gain
from .cohort import Cohort, LearnerRow, ObjectiveStat, cohort
from .exports import NAME_SHOWN, clean, expand, read_records, short, shown
from .format import Record, now
from .plots import Plot, gain_text, percent_text, plots

# --------------------------------------------------------------------------- the page (templates/cohort-report.html.j2)


def report_html(c: Cohort, figures: list[Plot], problems: list[tuple[Path, str]], content: Content,
                title: str = "", items_html: str = "") -> str:
    """The report page; `items_html` is the item analysis section (item_report.section_html), already HTML."""
    gains = c.gains
    matched = c.matched
    facts = [("learners", len(c.learners)), ("took pre- and post-test", len(matched)),
             ("class-average gain", gain_text(c.class_gain())),
             ("median individual gain", gain_text(statistics.median(gains)) if gains else "—")]
    objectives = [_Objective(s.module, s.text, ObjectiveStat.pct(s.pre), ObjectiveStat.pct(s.post))
                  for s in c.objectives] if any(s.pre[1] or s.post[1] for s in c.objectives) else []
    n = len(c.learners)
    return render(__package__, "cohort-report.html.j2", title=title.strip() or "Cohort report",
                  course=content.curriculum.title, made=now()[:16].replace("T", " "), files=n + len(problems),
                  facts=facts, problems=[(shown(p.name), msg.removeprefix(p.name + ": ")) for p, msg in problems],
                  learners=[_Learner(short(r.name), r) for r in c.learners], shared_names=c.shared_names,
                  objectives=objectives, figures=figures, gains=gains, matched=len(matched),
                  undefined=len(matched) - len(gains),
                  mean_pre=round(statistics.fmean(r.pre for r in matched), 1) if matched else None,
                  mean_post=round(statistics.fmean(r.post for r in matched), 1) if matched else None,
                  class_gain=c.class_gain(), items_html=markup(items_html), name_shown=NAME_SHOWN,
                  completions=[(slug, t, k, round(100 * k / n) if n else 0) for slug, t, k in c.completions],
                  confidence=c.confidence, percent=percent_text, signed=gain_text, rating=_rating)


@dataclass(frozen=True)
class _Objective:
    module: str  # "Module 3"; objectives are named in words, never by id
    text: str
    pre: float | None
    post: float | None

    @property
    def gain(self) -> float | None:
        return gain(self.pre, self.post)


@dataclass(frozen=True)
class _Learner:
    shown: str  # the display name as the table shows it (shortened)
    row: LearnerRow

    def __getattr__(self, name):
        return getattr(self.row, name)


def _rating(x: float | None, n: int) -> str:
    return "—" if x is None else f"{x:.2f} (n={n})"


# --------------------------------------------------------------------------- writing files, and the command line

@dataclass
class Written:
    html: Path
    pdf: Path | None
    images: list[Path]
    learners: int
    problems: list[tuple[Path, str]]
    message: str


class ReportError(ValueError):
    """The report cannot be made as asked (no input, or --out is not a folder); nothing was written."""


def check_out(out: Path) -> None:
    """--out must be a folder (made if missing), never an existing file."""
    if os.path.lexists(out) and not out.is_dir():
        raise ReportError(f"--out {out} is a file, not a folder: name a folder for the report (it is made if "
                          "missing)")


def check_inputs(paths: list[str | Path]) -> None:
    """Something to read: a cohort report of nothing would replace the last good one with an empty page."""
    if not paths:
        raise ReportError("name the learners' exported files, or a folder of them")
    existing = [p for p in map(Path, paths) if os.path.lexists(p)]
    if not existing:
        raise ReportError(f"{shown(str(paths[0]))}: no such file or folder" if len(paths) == 1
                          else "none of the files or folders named exists")
    if not expand(paths):
        raise ReportError(f"no exported files (.json) in {', '.join(shown(str(p)) for p in paths)}")


def _write(path: Path, data: bytes) -> None:
    """Write whole or not at all: a crash part way leaves the previous file as it was."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cohort_page(records: list[tuple[Path, Record]], problems: list[tuple[Path, str]], content: Content,
                title: str = "") -> tuple[str, list[Plot], list]:
    """The report page for records already read (files, or the hub's collector), its plots and the item stats."""
    from . import item_report
    from .item_analysis import analyse_cohort

    c = cohort(records, content)
    figures = plots(c)
    stats = analyse_cohort([r for _, r in records], content)
    item_plot = item_report.plot(stats)
    figures += [item_plot] if item_plot else []
    page = report_html(c, figures, problems, content, clean(title),
                       item_report.section_html(stats, item_plot) if records else "")
    return page, figures, stats


def write_cohort(paths: list[str | Path], out: Path | str, content: Content, title: str = "") -> Written:
    """Read every file (naming the unreadable ones), then write cohort-report.html/.pdf and the plots into out."""
    from .. import pdf
    from .item_analysis import to_csv

    out = Path(out)
    check_out(out)
    out.mkdir(parents=True, exist_ok=True)
    records, problems = read_records(paths)
    page, figures, stats = cohort_page(records, problems, content, title)
    _write(out / "item-analysis.csv", to_csv(stats).encode("utf-8"))
    images = []
    for f in figures:
        _write(out / f"{f.name}.png", f.png)
        _write(out / f"{f.name}.svg", f.svg.encode("utf-8", "replace"))
        images += [out / f"{f.name}.png", out / f"{f.name}.svg"]
    html = out / "cohort-report.html"
    _write(html, page.encode("utf-8", "replace"))
    reason = pdf.missing()
    pdf_path = None
    if reason is None:
        pdf_path = out / "cohort-report.pdf"
        pdf.html_to_pdf([(page.encode("utf-8", "replace").decode("utf-8"), pdf_path)])
    message = f"Wrote {html}" + (f" and {pdf_path}" if pdf_path else "") + f" ({len(records)} learners)."
    if reason:
        message += f" {reason}"
    return Written(html, pdf_path, images, len(records), problems, message)
