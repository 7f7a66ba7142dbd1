"""The cohort report for program managers: learners' exported progress files become one self-contained HTML page
(and a PDF) with tables and plots (plots.py), the item analysis (item_report.py) and item-analysis.csv."""

from __future__ import annotations

import os
import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..content.course import Content
from ..views.logic.progress import gain
from .cohort import Cohort, ObjectiveStat, cohort
from .exports import NAME_SHOWN, clean, esc, expand, read_records, short, shown
from .format import now
from .plots import Plot, figure_html, gain_text, percent_text, plots

# --------------------------------------------------------------------------- the page

CSS = """
@page { size: A4; margin: 14mm 12mm; }
body { font-family: "DejaVu Sans", "Liberation Sans", system-ui, sans-serif; color: #1a1a1a; font-size: 10.5pt;
  line-height: 1.45; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 20pt; margin: 0 0 0.2rem; } h2 { font-size: 14pt; margin: 1.6rem 0 0.4rem; break-after: avoid; }
.meta { color: #444; margin: 0 0 1rem; }
.facts { display: flex; flex-wrap: wrap; gap: 0.6rem; padding: 0; list-style: none; }
.facts li { border: 1px solid #b8c7d6; border-radius: 6px; padding: 0.4rem 0.8rem; background: #f3f7fb; }
.facts strong { display: block; font-size: 15pt; color: #0b4f8a; }
table { border-collapse: collapse; width: 100%; margin: 0.4rem 0 0.8rem; font-size: 9.5pt; }
th, td { border: 1px solid #b3b3b3; padding: 0.25rem 0.45rem; text-align: left; vertical-align: top; }
th { background: #e8eef4; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.name { overflow-wrap: anywhere; max-width: 18rem; }
td.id, td.file { white-space: nowrap; }
section.keep { break-inside: avoid; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
figure { margin: 0.6rem 0 1rem; break-inside: avoid; } figure img { width: 100%; height: auto; }
figcaption { font-size: 9pt; color: #444; }
.problems { border-left: 5px solid #a3161a; background: #fbeeee; padding: 0.4rem 0.9rem; }
.problems li { overflow-wrap: anywhere; }
.note { font-size: 9pt; color: #444; }
"""


def report_html(c: Cohort, figures: list[Plot], problems: list[tuple[Path, str]], content: Content,
                title: str = "", items_html: str = "") -> str:
    title = title.strip() or "Cohort report"
    n = len(c.learners)
    cg = c.class_gain()
    gains = c.gains
    facts = [("learners", str(n)), ("took pre- and post-test", str(len(c.matched))),
             ("class-average gain", gain_text(cg)), ("median individual gain", gain_text(statistics.median(gains)) if gains else "—")]
    parts = [f"<h1>{esc(title)}</h1>",
             f'<p class="meta">{esc(content.curriculum.title)} · made {esc(now()[:16].replace("T", " "))} UTC from '
             f"{n + len(problems)} file{'s' * (n + len(problems) != 1)}</p>",
             '<ul class="facts">' + "".join(f"<li><strong>{esc(v)}</strong>{esc(k)}</li>" for k, v in facts) + "</ul>"]
    if problems:
        items = "".join(f"<li><code>{esc(shown(p.name))}</code>: {esc(msg.removeprefix(p.name + ': '))}</li>"
                        for p, msg in problems)
        parts.append(f'<div class="problems" role="alert"><p><strong>{len(problems)} file'
                     f"{'s' * (len(problems) != 1)} could not be read and {'are' if len(problems) != 1 else 'is'} "
                     f"left out:</strong></p><ul>{items}</ul></div>")
    if not n:
        parts.append("<p>No learner records were read, so there is nothing to summarise yet. Learners export "
                     "their record from <em>My progress</em> (or the website's footer) and send you the file.</p>")
        return _page(title, parts)
    if c.shared_names:
        parts.append(f'<p class="note">{c.shared_names} files share a display name with another file; they may be '
                     "one learner's record exported twice, and are counted separately.</p>")
    parts.append("<h2>Pre-test and post-test by objective</h2>")
    if any(s.pre[1] or s.post[1] for s in c.objectives):
        for f in figures:
            if f.name == "pre-post-by-objective":
                parts.append(figure_html(f, "Percent of answers correct for each objective, on each learner's first "
                                        "pre-test and first post-test."))
        rows = "".join(f'<tr><td class="id">{esc(s.objective)}</td><td>{esc(s.text)}</td>'
                       f'<td class="num">{percent_text(ObjectiveStat.pct(s.pre))}</td>'
                       f'<td class="num">{percent_text(ObjectiveStat.pct(s.post))}</td>'
                       f'<td class="num">{gain_text(gain(ObjectiveStat.pct(s.pre), ObjectiveStat.pct(s.post)))}</td></tr>'
                       for s in c.objectives)
        parts.append('<table><thead><tr><th scope="col">Id</th><th scope="col">Objective</th>'
                     '<th scope="col" class="num">Pre</th><th scope="col" class="num">Post</th>'
                     f'<th scope="col" class="num">Gain</th></tr></thead><tbody>{rows}</tbody></table>')
    else:
        parts.append("<p>No per-objective results yet (files from the website edition carry totals only).</p>")
    if gains:
        parts.append(f"<section class=\"keep\"><h2>Normalized gain</h2><p>Each learner's normalized gain is (post − pre) ÷ (100 − pre): the share of what they did "
                     f"not know at the pre-test that they knew at the post-test. {len(c.matched)} learner"
                     f"{'s' * (len(c.matched) != 1)} took both tests{_undefined(len(c.matched) - len(gains))}; "
                     "the class-average gain, from the mean pre-test "
                     f"({percent_text(round(statistics.fmean(r.pre for r in c.matched), 1))}) and mean post-test "
                     f"({percent_text(round(statistics.fmean(r.post for r in c.matched), 1))}), is {gain_text(cg)}.</p>")
        for f in figures:
            if f.name == "normalized-gains":
                parts.append(figure_html(f, "How learners' normalized gains are spread, with the mean and median."))
        parts.append("</section>")
    else:
        parts.append("<h2>Normalized gain</h2><p>No learner has taken both the pre-test and the post-test yet.</p>")
    parts.append(items_html)  # the item analysis (item_report.py), when write_cohort made one
    parts.append("<h2>Learners</h2>")
    if n:
        rows = "".join(f'<tr><td class="name"><bdi>{esc(short(r.name)) or "<em>(no name)</em>"}</bdi></td>'
                       f'<td class="file"><code>{esc(r.file)}</code></td>'
                       f'<td class="num">{r.modules}</td><td class="num">{r.minutes / 60:.1f}</td>'
                       f'<td class="num">{r.answers}</td><td class="num">{percent_text(r.pre)}</td>'
                       f'<td class="num">{percent_text(r.post)}</td><td class="num">{gain_text(r.gain)}</td></tr>' for r in c.learners)
        parts.append('<table><thead><tr><th scope="col">Display name</th><th scope="col">File</th>'
                     '<th scope="col" class="num">Modules done</th><th scope="col" class="num">Hours</th>'
                     '<th scope="col" class="num">Answers</th><th scope="col" class="num">Pre</th>'
                     '<th scope="col" class="num">Post</th><th scope="col" class="num">Gain</th></tr></thead>'
                     f"<tbody>{rows}</tbody></table>")
        parts.append(f'<p class="note">Names longer than {NAME_SHOWN} characters are shortened here. Pre and post '
                     "are each learner's first attempt at each form: a retake after seeing the answers would "
                     "overstate learning.</p>")
        rows = "".join(f'<tr><td>{esc(slug[:2])}</td><td>{esc(t)}</td><td class="num">{k}</td>'
                       f'<td class="num">{round(100 * k / n)}%</td></tr>' for slug, t, k in c.completions)
        parts.append('<h2>Modules completed</h2><table><thead><tr><th scope="col">No.</th><th scope="col">Module'
                     '</th><th scope="col" class="num">Learners</th><th scope="col" class="num">Share</th></tr>'
                     f"</thead><tbody>{rows}</tbody></table>")
    if c.confidence:
        rows = "".join(f'<tr><td>{esc(t)}</td><td class="num">{_c(b, nb)}</td><td class="num">{_c(a, na)}</td></tr>'
                       for t, b, a, nb, na in c.confidence)
        parts.append('<h2>Confidence (1 to 5)</h2><table><thead><tr><th scope="col">Objective</th>'
                     '<th scope="col" class="num">Before (mean, n)</th><th scope="col" class="num">After (mean, n)'
                     f"</th></tr></thead><tbody>{rows}</tbody></table>")
    return _page(title, parts)


def _page(title: str, parts: list[str]) -> str:
    parts = [*parts, '<p class="note">Made by <code>secondline report cohort</code> from learners\' exported '
             "progress files. The files hold only the display names learners chose, never patient information.</p>"]
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f"<style>{CSS}</style></head><body><main>{''.join(parts)}</main></body></html>")


def _undefined(k: int) -> str:
    return f" ({k} scored 100% on the pre-test, so their gain is not defined)" if k else ""


def _c(x: float | None, n: int) -> str:
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


def write_cohort(paths: list[str | Path], out: Path | str, content: Content, title: str = "") -> Written:
    """Read every file (naming the unreadable ones), then write cohort-report.html/.pdf and the plots into out."""
    from .. import pdf

    out = Path(out)
    check_out(out)
    out.mkdir(parents=True, exist_ok=True)
    records, problems = read_records(paths)
    c = cohort(records, content)
    figures = plots(c)
    from . import item_report
    from .item_analysis import analyse_cohort, to_csv

    stats = analyse_cohort([r for _, r in records], content)
    item_plot = item_report.plot(stats)
    _write(out / "item-analysis.csv", to_csv(stats).encode("utf-8"))
    figures += [item_plot] if item_plot else []
    images = []
    for f in figures:
        _write(out / f"{f.name}.png", f.png)
        _write(out / f"{f.name}.svg", f.svg.encode("utf-8", "replace"))
        images += [out / f"{f.name}.png", out / f"{f.name}.svg"]
    page = report_html(c, figures, problems, content, clean(title),
                       item_report.section_html(stats, item_plot) if records else "")
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
