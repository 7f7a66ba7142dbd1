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
from types import SimpleNamespace

from ..content.course import Content
from ..content.reviews import review_line
from ..content.words import _, speaking
from ..templating import render
from ..views.logic.progress import completed_modules, day
from .format import Record, parse_time

NAME_SHOWN = 200  # characters of a (very long) display name printed on the one-page certificate
# Words the code puts on the certificate; a translation (content/i18n/<lang>/messages.po, context ui:certificate)
# translates these and the template's `{{ _("...") }}` strings.
WHAT_ALL = "has completed all %(total)s modules of"
WHAT_ONE = "has completed module %(number)s of"
WHAT_SOME = "has completed %(done)s of the %(total)s modules of"
COURSE, MODULE = "Course certificate", "Module certificate"
HOURS = ("%(hours).1f hour (%(minutes)s minutes)", "%(hours).1f hours (%(minutes)s minutes)")


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


def hours_text(minutes: int, tr=lambda s: s) -> str:
    h = minutes / 60
    return tr(HOURS[round(h, 1) != 1]) % {"hours": h, "minutes": minutes}


def certificate_name(record: Record, content: Content) -> str:
    """What the certificate is: "Course certificate" once every module is complete, else "Module certificate"."""
    done, _ = completed_modules(record, content)
    return COURSE if len(done) == len(content.curriculum.modules) else MODULE


def file_stem(record: Record, content: Content) -> str:
    """secondline-course-certificate or secondline-module-certificate: the download's name says what it is."""
    return "secondline-" + certificate_name(record, content).lower().replace(" ", "-")


def _what(done, total: int) -> tuple[str, dict]:
    """The sentence after the name, untranslated, with its values."""
    if len(done) == total:
        return WHAT_ALL, {"total": total}
    if len(done) == 1:
        return WHAT_ONE, {"number": int(done[0].slug[:2])}
    return WHAT_SOME, {"done": len(done), "total": total}


def certificate_html(record: Record, content: Content, note: str = "", issued: dt.date | None = None,
                     lang: str = "en") -> str:
    """The certificate page. `note` is an optional line from the program (e.g. the cohort), escaped like the name;
    `lang` a translation of content/i18n/scope.yml whose scope has ui:certificate (then module titles, dates and
    the review status are in that language too)."""
    if not record.display_name.strip():
        raise CertificateError(_("Type your name (as it should appear on the certificate) in My progress first."))
    done, minutes = completed_modules(record, content)
    if not done:
        raise CertificateError(_("No module is marked complete yet: select “Mark this module complete” at the end "
                                 "of each module you finish."))
    total = len(content.curriculum.modules)
    last = max((e.completed_in(record.completed) for e in done), key=parse_time)
    issued = issued or dt.datetime.now(dt.UTC).date()
    name = shown_name(record.display_name)
    if lang != "en":
        return _translated(record, content, note, issued, lang, done, minutes, total, last, name)
    words, values = _what(done, total)
    with speaking(ENGLISH):  # an English certificate says its dates in English, whatever the kernel speaks
        completed, issued_on = day(last), day(issued.isoformat())
    return render(__package__, "certificate.html.j2", name=name, name_size=name_size(name), what=words % values,
                  heading=certificate_name(record, content),
                  title=content.curriculum.title, modules=[(e, review_line(content, e.slug)) for e in done],
                  note=_clean(note) if note.strip() else "", completed=completed, hours=hours_text(minutes),
                  issued=issued_on, version=content.curriculum.version)


ENGLISH = SimpleNamespace(lang="en", words={})


def _translated(record, content, note, issued, lang, done, minutes, total, last, name) -> str:
    """The certificate in `lang`: the template's words and the code's through the catalog, dates by Babel."""
    from types import SimpleNamespace

    from babel.dates import format_date

    from ..content.i18n import Translator, status_line
    from ..content.reviews import NOT_REVIEWED
    from ..templating import translated

    tr = Translator(content.root, lang)
    ui = lambda english: tr("ui:certificate", english)  # noqa: E731

    def when(iso: str) -> str:
        return format_date(parse_time(iso).date(), format="long", locale=lang)

    def review(slug: str) -> str:
        line = review_line(content, slug)
        return ui(NOT_REVIEWED) if line == NOT_REVIEWED else line  # a recorded review: its reviewer's own words

    modules = [(SimpleNamespace(slug=e.slug, minutes=e.minutes, title=tr(f"curriculum:{e.slug}:title", e.title)),
                review(e.slug)) for e in done]
    words, values = _what(done, total)
    env = translated(__package__, ui)
    return env.get_template("certificate.html.j2").render(
        lang=lang, name=name, name_size=name_size(name), what=ui(words) % values, modules=modules,
        heading=ui(COURSE if len(done) == total else MODULE),
        title=tr("curriculum:title", content.curriculum.title), note=_clean(note) if note.strip() else "",
        completed=when(last), hours=hours_text(minutes, ui), issued=when(issued.isoformat()),
        version=content.curriculum.version, translation=status_line(content.root, lang, tr))


@dataclass
class Written:
    html: Path
    pdf: Path | None
    message: str  # what was written, or why the PDF was skipped


def write_certificate(record: Record, content: Content, out: Path | str, note: str = "",
                      stem: str = "certificate", lang: str = "en") -> Written:
    """Write out/<stem>.html and, where Chromium is installed, out/<stem>.pdf."""
    from .. import pdf

    out = Path(out)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(20, "a file, not a folder", str(out))
    page = certificate_html(record, content, note, lang=lang)
    out.mkdir(parents=True, exist_ok=True)
    html_path = out / f"{stem}.html"
    html_path.write_bytes(page.encode("utf-8", "replace"))
    reason = pdf.missing()
    if reason:
        return Written(html_path, None, f"Wrote {html_path}. {reason}")
    pdf_path = out / f"{stem}.pdf"
    pdf.html_to_pdf([(page, pdf_path)])
    return Written(html_path, pdf_path, f"Wrote {html_path} and {pdf_path}.")
