"""A certificate of completion, as one self-contained HTML page and a PDF printed from it by Chromium.

It shows the learner's chosen display name, the modules completed (each with its clinical review status from
content/reviews.yml), the date and the study hours (the modules' minutes in content/curriculum.yml). Every piece of text is escaped; nothing is loaded from elsewhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape
from pathlib import Path

from ..content.course import Content
from ..content.reviews import review_line
from ..views.logic.progress import completed_modules, day
from .format import Record, parse_time

NAME_SHOWN = 200  # characters of a (very long) display name printed on the one-page certificate


class CertificateError(ValueError):
    """The record cannot be certified yet; the message says what to do."""


def esc(text: str) -> str:
    return escape(text, quote=True)


def shown_name(name: str, limit: int = NAME_SHOWN) -> str:
    """The name as printed: whitespace tidied, and cut with an ellipsis past `limit` characters."""
    name = " ".join(_clean(name).split())
    return name if len(name) <= limit else name[:limit].rstrip() + "…"


def _clean(text: str) -> str:
    """A lone surrogate (JSON allows "\\udcff") cannot be written as UTF-8: it becomes U+FFFD."""
    return "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)


def name_size(name: str) -> str:
    n = len(name)
    return "30pt" if n <= 40 else "22pt" if n <= 80 else "15pt" if n <= 140 else "12pt"


def hours_text(minutes: int) -> str:
    h = minutes / 60
    return f"{h:.1f} hour{'s' * (round(h, 1) != 1)} ({minutes} minutes)"


CSS = """
@page { size: A4 landscape; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: "DejaVu Serif", "Liberation Serif", Georgia, serif; color: #1a1a1a; background: #fff; }
.cert { width: 297mm; height: 210mm; padding: 12mm; }
.frame { height: 100%; border: 3px double #0b4f8a; outline: 1px solid #0b4f8a; outline-offset: -7mm;
  padding: 13mm 18mm 10mm; display: flex; flex-direction: column; text-align: center; overflow: hidden; }
.course { font-family: "DejaVu Sans", "Liberation Sans", system-ui, sans-serif; letter-spacing: 0.12em;
  text-transform: uppercase; font-size: 10.5pt; color: #0b4f8a; margin: 0; }
h1 { font-size: 30pt; font-weight: normal; margin: 4mm 0 5mm; letter-spacing: 0.02em; }
.certifies { font-style: italic; margin: 0; font-size: 12pt; }
.name { font-weight: bold; margin: 3mm auto 4mm; max-width: 220mm; line-height: 1.2; overflow-wrap: anywhere;
  word-break: break-word; border-bottom: 1px solid #6b6b6b; padding-bottom: 2mm; }
.what { margin: 0 0 3mm; font-size: 12pt; }
.body { flex: 1; display: flex; flex-direction: column; justify-content: center; }
.modules { font-family: "DejaVu Sans", "Liberation Sans", system-ui, sans-serif; font-size: 10.5pt; text-align: left;
  margin: 0 auto; padding: 0; list-style: none; max-width: 200mm; }
.modules li { padding: 0.5mm 0 0.5mm 9mm; text-indent: -9mm; }
.modules .num { display: inline-block; width: 9mm; text-indent: 0; color: #0b4f8a; font-weight: bold; }
.modules .min { color: #444; white-space: nowrap; }
.modules .rev { color: #444; font-size: 8.5pt; }
.facts { display: flex; justify-content: center; gap: 18mm; margin: 0; padding-top: 4mm; font-size: 11pt; }
.facts div { text-align: center; }
.facts .label { display: block; font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 8.5pt;
  letter-spacing: 0.08em; text-transform: uppercase; color: #444; border-top: 1px solid #6b6b6b; padding-top: 1mm;
  margin-top: 1mm; min-width: 45mm; }
.note { font-size: 10pt; margin: 3mm 0 0; overflow-wrap: anywhere; }
.small { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 7.5pt; color: #444; margin: 3mm 0 0; }
@media screen { body { background: #e9eef3; } .cert { margin: 1rem auto; background: #fff;
  box-shadow: 0 1px 6px rgba(0,0,0,.25); } }
"""


def certificate_html(record: Record, content: Content, note: str = "", issued: dt.date | None = None) -> str:
    """The certificate page. `note` is an optional line from the program (e.g. the cohort), escaped like the name."""
    if not record.display_name.strip():
        raise CertificateError("Type your name (as it should appear on the certificate) in My progress first.")
    done, minutes = completed_modules(record, content)
    if not done:
        raise CertificateError("No module is marked complete yet: select “Mark this module complete” at the end "
                               "of each module you finish.")
    total = len(content.curriculum.modules)
    last = max((record.completed[e.slug] for e in done), key=parse_time)
    name = shown_name(record.display_name)
    title = esc(content.curriculum.title)
    what = (f"has completed all {total} modules of" if len(done) == total
            else f"has completed {len(done)} of the {total} modules of")
    items = "".join(f'<li><span class="num">{esc(e.slug[:2])}</span>{esc(e.title)} '
                    f"<span class=\"min\">({e.minutes} min)</span> "
                    f'<span class="rev">· {esc(review_line(content, e.slug))}</span></li>' for e in done)
    issued = issued or dt.datetime.now(dt.UTC).date()
    note_html = f'<p class="note"><bdi>{esc(_clean(note))}</bdi></p>' if note.strip() else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Certificate of completion: {esc(name)}</title><style>{CSS}</style></head>
<body><main class="cert"><div class="frame">
<p class="course">Second Line · an open curriculum for oncology nurses and patient navigators</p>
<h1>Certificate of completion</h1>
<p class="certifies">This certifies that</p>
<p class="name" dir="auto" style="font-size: {name_size(name)}"><bdi>{esc(name)}</bdi></p>
<p class="what">{what} <strong>{title}</strong>:</p>
<div class="body"><ul class="modules">{items}</ul>
{note_html}</div>
<div class="facts">
  <div>{esc(day(last))}<span class="label">Completed on</span></div>
  <div>{esc(hours_text(minutes))}<span class="label">Study time</span></div>
  <div>{esc(day(issued.isoformat()))}<span class="label">Issued on</span></div>
</div>
<p class="small">Study time is the sum of the published times of the modules completed (content/curriculum.yml,
version {esc(content.curriculum.version)}). This curriculum does not award continuing-education credit by itself.</p>
</div></main></body></html>
"""


@dataclass
class Written:
    html: Path
    pdf: Path | None
    message: str  # what was written, or why the PDF was skipped


def write_certificate(record: Record, content: Content, out: Path | str, note: str = "",
                      stem: str = "certificate") -> Written:
    """Write out/<stem>.html and, where Chromium is installed, out/<stem>.pdf."""
    from .. import pdf

    out = Path(out)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(20, "a file, not a folder", str(out))
    page = certificate_html(record, content, note)
    out.mkdir(parents=True, exist_ok=True)
    html_path = out / f"{stem}.html"
    html_path.write_bytes(page.encode("utf-8", "replace"))
    reason = pdf.missing()
    if reason:
        return Written(html_path, None, f"Wrote {html_path}. {reason}")
    pdf_path = out / f"{stem}.pdf"
    pdf.html_to_pdf([(page, pdf_path)])
    return Written(html_path, pdf_path, f"Wrote {html_path} and {pdf_path}.")
