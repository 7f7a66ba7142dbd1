"""Reports for program managers: `secondline report cohort FILES...` turns learners' exported progress files into
one self-contained HTML page (and a PDF) with tables and plots; `secondline report certificate FILE` prints one
learner's certificate. matplotlib is imported only here, when a report is made, so `import secondline` stays fast.
"""

from __future__ import annotations

import argparse
import base64
import errno
import io
import os
import stat
import statistics
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from .content.course import Content
from .progress import MAX_IMPORT_BYTES, Record, RecordError, now, parse_record
from .views.logic.progress import completed_modules, confidence_rows, gain, objective_texts, pre_post

NAME_SHOWN = 80  # characters of a display name shown in the table (the file keeps all of it)


def esc(text: str) -> str:
    return escape(str(text), quote=True)


def short(text: str, limit: int = NAME_SHOWN) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


# --------------------------------------------------------------------------- reading and adding up

def expand(paths: list[str | Path]) -> list[Path]:
    """Files as given; a folder stands for the .json files in it, sorted."""
    out: list[Path] = []
    for p in map(Path, paths):
        out += sorted(p.glob("*.json")) if p.is_dir() else [p]
    return out


def clean(text: str) -> str:
    """Text from an export as it can be written out: a lone surrogate (JSON's "\\udcff") becomes U+FFFD."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)


def shown(name: str) -> str:
    """A file name (or path) as it can be shown on one line: bytes that are not UTF-8 and control characters (a
    newline, an escape) are written as escapes, so a name never breaks a line, a report or a terminal."""
    out = []
    for ch in name:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:  # a byte that is not UTF-8, kept by the file system's surrogateescape
            out.append(f"\\x{o - 0xDC00:02x}")
        elif o < 0x20 or 0x7F <= o < 0xA0 or 0xD800 <= o <= 0xDFFF or o in (0x2028, 0x2029):
            out.append(f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}")
        else:
            out.append(ch)
    return "".join(out)


class ExportError(OSError):
    """An exported file that cannot be read as one; the message says why."""


def read_export(path: Path) -> bytes:
    """The bytes of one exported file. Only a regular file is read, and only after its size is checked: a FIFO
    would hang the read and a link to /dev/zero would fill the memory."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise ExportError(_why(exc)) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise ExportError("a folder, not a progress file")
        if not stat.S_ISREG(st.st_mode):
            raise ExportError("not a regular file (a pipe, device or socket), so it is not read")
        if st.st_size > MAX_IMPORT_BYTES:
            raise ExportError(f"the file is {st.st_size:,} bytes; a progress file is far smaller")
        chunks, size = [], 0
        while size <= MAX_IMPORT_BYTES:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_IMPORT_BYTES:
            raise ExportError(f"the file is over {MAX_IMPORT_BYTES:,} bytes; a progress file is far smaller")
        return b"".join(chunks)
    except ExportError:
        raise
    except OSError as exc:
        raise ExportError(_why(exc)) from None
    finally:
        os.close(fd)


def _why(exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "cannot be read (no such file)"
    if exc.errno == errno.ELOOP:
        return "cannot be read (a link that loops back on itself)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot be read (permission denied)"
    return f"cannot be read ({exc.strerror or exc})"


def read_records(paths: list[str | Path]) -> tuple[list[tuple[Path, Record]], list[tuple[Path, str]]]:
    """Every readable record, and for each unreadable file, why (the others are still read)."""
    good, bad = [], []
    for path in expand(paths):
        try:
            data = read_export(path)
        except ExportError as exc:
            bad.append((path, str(exc)))
            continue
        try:
            good.append((path, parse_record(data)))
        except RecordError as exc:
            bad.append((path, clean(str(exc))))
    return good, bad


@dataclass
class LearnerRow:
    file: str
    name: str
    modules: int
    minutes: int
    answers: int
    pre: float | None
    post: float | None
    gain: float | None


@dataclass
class ObjectiveStat:
    objective: str
    text: str
    pre: list[int] = field(default_factory=lambda: [0, 0])  # correct, asked (first pre-tests)
    post: list[int] = field(default_factory=lambda: [0, 0])

    @staticmethod
    def pct(x: list[int]) -> float | None:
        return round(100 * x[0] / x[1], 1) if x[1] else None


@dataclass
class Cohort:
    learners: list[LearnerRow]
    objectives: list[ObjectiveStat]
    completions: list[tuple[str, str, int]]  # slug, title, learners who completed it
    confidence: list[tuple[str, float | None, float | None, int, int]]  # text, mean before, mean after, n, n
    shared_names: int = 0

    @property
    def gains(self) -> list[float]:
        return [r.gain for r in self.learners if r.gain is not None]

    @property
    def matched(self) -> list[LearnerRow]:
        return [r for r in self.learners if r.pre is not None and r.post is not None]

    def class_gain(self) -> float | None:
        """Hake's class-average gain: from the mean pre and post of learners who took both."""
        m = self.matched
        if not m:
            return None
        return gain(round(statistics.fmean(r.pre for r in m), 3), round(statistics.fmean(r.post for r in m), 3))


def cohort(records: list[tuple[Path, Record]], content: Content) -> Cohort:
    texts = objective_texts(content)
    objectives: dict[str, ObjectiveStat] = {}
    learners = []
    for path, rec in records:
        pp = pre_post(rec, content)
        done, minutes = completed_modules(rec, content)
        learners.append(LearnerRow(shown(path.name), clean(rec.display_name), len(done), minutes, len(rec.attempts),
                                   pp.pre.percent if pp.pre else None, pp.post.percent if pp.post else None,
                                   pp.gain))
        for row in pp.rows:
            oid = clean(row.objective)
            st = objectives.setdefault(oid, ObjectiveStat(oid, clean(texts.get(row.objective, row.objective))))
            for side, x in (("pre", row.pre), ("post", row.post)):
                if x:
                    getattr(st, side)[0] += x[0]
                    getattr(st, side)[1] += x[1]
    completions = [(e.slug, e.title, sum(e.slug in rec.completed for _, rec in records))
                   for e in content.curriculum.modules]
    before: dict[str, list[int]] = {}
    after: dict[str, list[int]] = {}
    order: list[str] = []
    for _, rec in records:
        for r in confidence_rows(rec, content):
            text = clean(r.text)
            order.append(text)
            if r.before is not None:
                before.setdefault(text, []).append(r.before)
            if r.after is not None:
                after.setdefault(text, []).append(r.after)
    conf = [(t, _mean(before.get(t)), _mean(after.get(t)), len(before.get(t, [])), len(after.get(t, [])))
            for t in dict.fromkeys(order)]
    names = Counter(clean(r.display_name) for _, r in records if r.display_name)
    return Cohort(learners, list(objectives.values()), completions, conf,
                  sum(n for n in names.values() if n > 1))


def _mean(xs: list[int] | None) -> float | None:
    return round(statistics.fmean(xs), 2) if xs else None


# --------------------------------------------------------------------------- plots (matplotlib, lazily)

@dataclass
class Plot:
    name: str
    png: bytes
    svg: str
    alt: str


def _figure_bytes(fig, alt: str, name: str) -> Plot:
    import warnings

    png, svg = io.BytesIO(), io.BytesIO()
    with warnings.catch_warnings():  # a character the font lacks (from an export) is drawn as a box, quietly
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        fig.savefig(png, format="png", dpi=150, metadata={"Software": None})
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    return Plot(name, png.getvalue(), svg.getvalue().decode("utf-8"), alt)


def plots(c: Cohort) -> list[Plot]:
    """Pre vs post per objective, and the spread of normalized gains; none when there is nothing to plot."""
    if not c.learners:
        return []
    import matplotlib
    from matplotlib.figure import Figure

    out = []
    # text.parse_math off: an objective key from an export such as "$\\foo$" is text, never mathtext (which
    # raised and killed the whole report)
    with matplotlib.rc_context({"svg.hashsalt": "secondline", "svg.fonttype": "path", "font.size": 9,
                                "axes.spines.top": False, "axes.spines.right": False, "text.parse_math": False}):
        stats = [s for s in c.objectives if s.pre[1] or s.post[1]]
        if stats:
            labels = [shown(short(s.objective, 40)) for s in stats][::-1]
            pre = [ObjectiveStat.pct(s.pre) or 0 for s in stats][::-1]
            post = [ObjectiveStat.pct(s.post) or 0 for s in stats][::-1]
            fig = Figure(figsize=(7.5, 0.32 * len(stats) + 1.3), layout="constrained")
            ax = fig.add_subplot()
            y = range(len(labels))
            bars = [ax.barh([i + 0.2 for i in y], pre, height=0.4, color="#9ab8d6", edgecolor="#0b4f8a",
                            hatch="///", label="Pre-test"),
                    ax.barh([i - 0.2 for i in y], post, height=0.4, color="#0b4f8a", edgecolor="#0b4f8a",
                            label="Post-test")]
            for b in bars:  # the number at each bar's end, so a 0% bar is seen as 0, not as missing
                ax.bar_label(b, fmt="%.0f%%", fontsize=7, padding=2)
            ax.set_yticks(list(y), labels)
            ax.set_xlim(0, 109)
            ax.set_xticks(range(0, 101, 20))
            ax.set_xlabel("Learners' answers correct (%)")
            ax.xaxis.grid(True, color="#dddddd")
            ax.set_axisbelow(True)
            ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False)
            alt = "Bar chart of percent correct per objective, pre-test and post-test: " + "; ".join(
                f"{short(s.objective, 40)} {_p(ObjectiveStat.pct(s.pre))} before, {_p(ObjectiveStat.pct(s.post))} after"
                for s in stats) + "."
            out.append(_figure_bytes(fig, alt, "pre-post-by-objective"))
        gains = c.gains
        if gains:
            low, high = -1.0, 1.0
            clipped = [min(max(g, low), high) for g in gains]
            fig = Figure(figsize=(7.5, 2.8), layout="constrained")
            ax = fig.add_subplot()
            bins = [round(low + 0.1 * i, 1) for i in range(21)]
            ax.hist(clipped, bins=bins, color="#0b4f8a", edgecolor="white")
            mean, median = statistics.fmean(gains), statistics.median(gains)
            ax.axvline(mean, color="#a3161a", linestyle="--", linewidth=1.5, label=f"mean {mean:+.2f}")
            ax.axvline(median, color="#1a1a1a", linestyle=":", linewidth=1.5, label=f"median {median:+.2f}")
            ax.set_xlim(low, high)
            ax.set_xlabel("Normalized gain, (post − pre) ÷ (100 − pre)")
            ax.set_ylabel("Learners")
            ax.yaxis.get_major_locator().set_params(integer=True)
            ax.legend(frameon=False, loc="upper left")
            outside = sum(g != x for g, x in zip(gains, clipped, strict=True))
            if outside:
                ax.set_title(f"{outside} gain{'s' * (outside > 1)} below −1 shown at −1", fontsize=8, loc="left")
            alt = (f"Histogram of {len(gains)} learners' normalized gains from {min(gains):+.2f} to "
                   f"{max(gains):+.2f}; mean {mean:+.2f}, median {median:+.2f}.")
            out.append(_figure_bytes(fig, alt, "normalized-gains"))
    return out


def _p(x: float | None) -> str:
    return "—" if x is None else f"{x:g}%"


def _g(x: float | None) -> str:
    return "—" if x is None else f"{x:+.2f}"


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
             ("class-average gain", _g(cg)), ("median individual gain", _g(statistics.median(gains)) if gains else "—")]
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
                parts.append(_figure(f, "Percent of answers correct for each objective, on each learner's first "
                                        "pre-test and first post-test."))
        rows = "".join(f'<tr><td class="id">{esc(s.objective)}</td><td>{esc(s.text)}</td>'
                       f'<td class="num">{_p(ObjectiveStat.pct(s.pre))}</td>'
                       f'<td class="num">{_p(ObjectiveStat.pct(s.post))}</td>'
                       f'<td class="num">{_g(gain(ObjectiveStat.pct(s.pre), ObjectiveStat.pct(s.post)))}</td></tr>'
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
                     f"({_p(round(statistics.fmean(r.pre for r in c.matched), 1))}) and mean post-test "
                     f"({_p(round(statistics.fmean(r.post for r in c.matched), 1))}), is {_g(cg)}.</p>")
        for f in figures:
            if f.name == "normalized-gains":
                parts.append(_figure(f, "How learners' normalized gains are spread, with the mean and median."))
        parts.append("</section>")
    else:
        parts.append("<h2>Normalized gain</h2><p>No learner has taken both the pre-test and the post-test yet.</p>")
    parts.append(items_html)  # the item analysis (item_report.py), when write_cohort made one
    parts.append("<h2>Learners</h2>")
    if n:
        rows = "".join(f'<tr><td class="name"><bdi>{esc(short(r.name)) or "<em>(no name)</em>"}</bdi></td>'
                       f'<td class="file"><code>{esc(r.file)}</code></td>'
                       f'<td class="num">{r.modules}</td><td class="num">{r.minutes / 60:.1f}</td>'
                       f'<td class="num">{r.answers}</td><td class="num">{_p(r.pre)}</td>'
                       f'<td class="num">{_p(r.post)}</td><td class="num">{_g(r.gain)}</td></tr>' for r in c.learners)
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


def _figure(f: Plot, caption: str) -> str:
    data = base64.b64encode(f.svg.encode("utf-8")).decode("ascii")
    return (f'<figure><img src="data:image/svg+xml;base64,{data}" alt="{esc(f.alt)}">'
            f"<figcaption>{esc(caption)}</figcaption></figure>")


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
    from . import pdf

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
    p.set_defaults(func=run_certificate)


def _content(args) -> Content | None:
    from .content.errors import ContentError
    from .content.load import load

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
    from .certificate import CertificateError, write_certificate

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
        w = write_certificate(record, content, args.out, note=args.note, stem=f"certificate-{_stem(path)}")
    except CertificateError as exc:
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
