"""A learner's certificate, as one self-contained HTML page and a PDF printed from it by Chromium: the course
certificate once every module of the curriculum is complete, a module certificate before that (never a "course"
certificate after one module).

It shows the learner's chosen display name, the modules completed (each with its clinical review status from
content/reviews.yml), the date and the study hours (the modules' minutes in content/curriculum.yml). The page is
templates/certificate.html.j2, where every value is escaped; nothing is loaded from elsewhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..content.course import Content
from ..content.reviews import review_line
from ..templating import render
from ..views.logic.progress import completed_modules, day
from .format import Record, parse_time

NAME_SHOWN = 200  # characters of a (very long) display name printed on the one-page certificate


class CertificateError(ValueError):
    """The record cannot be certified yet; the message says what to do."""


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


def certificate_name(record: Record, content: Content) -> str:
    """What the certificate is: "Course certificate" once every module is complete, else "Module certificate"."""
    done, _ = completed_modules(record, content)
    return "Course certificate" if len(done) == len(content.curriculum.modules) else "Module certificate"


def file_stem(record: Record, content: Content) -> str:
    """secondline-course-certificate or secondline-module-certificate: the download's name says what it is."""
    return "secondline-" + certificate_name(record, content).lower().replace(" ", "-")


def certificate_html(record: Record, content: Content, note: str = "", issued: dt.date | None = None) -> str:
    """The certificate page. `note` is an optional line from the program (e.g. the cohort), escaped like the name."""
    if not record.display_name.strip():
        raise CertificateError("Type your name (as it should appear on the certificate) in My progress first.")
    done, minutes = completed_modules(record, content)
    if not done:
        raise CertificateError("No module is marked complete yet: select “Mark this module complete” at the end "
                               "of each module you finish.")
    total = len(content.curriculum.modules)
    last = max((e.completed_in(record.completed) for e in done), key=parse_time)
    issued = issued or dt.datetime.now(dt.UTC).date()
    name = shown_name(record.display_name)
    what = (f"has completed all {total} modules of" if len(done) == total
            else f"has completed module {int(done[0].slug[:2])} of" if len(done) == 1
            else f"has completed {len(done)} of the {total} modules of")
    return render(__package__, "certificate.html.j2", name=name, name_size=name_size(name), what=what,
                  heading=certificate_name(record, content),
                  title=content.curriculum.title, modules=[(e, review_line(content, e.slug)) for e in done],
                  note=_clean(note) if note.strip() else "", completed=day(last), hours=hours_text(minutes),
                  issued=day(issued.isoformat()), version=content.curriculum.version)


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
