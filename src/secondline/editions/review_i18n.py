"""The translation review packet (issue 19): what a qualified medical translator needs to review one language, as
HTML, CSV and PDF, beside the clinical review packet (review.py, whose CSV cells and print path it uses).

`secondline build review --lang es` (and `secondline build all`, for every language of content/i18n/scope.yml) writes
_build/review/<lang>/:
- `index.html` (+ `.pdf`): each kind of the scope with its messages, English words and how many are translated, the
  review status (content/i18n/<lang>/reviews.yml, never anything not recorded there), the term base with each term's
  source, the pages, and how to record a review;
- one bilingual page (+ `.pdf`) per group of documents: each module, the knowledge check, the question list, the
  glossary, and the handouts' and certificate's own words. A row per message: its place in words, the English,
  the translation (or "not yet translated"), flags, and an empty "Reviewer comment" column;
- `<page>.csv` for each page and `messages.csv` for all, with columns COLUMNS, for a spreadsheet.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..content.course import Content
from ..content.errors import ContentError
from ..content.i18n import (
    NUMBERS_ADAPTED,
    STATUS,
    Message,
    Translator,
    language,
    load_catalog,
    load_reviews,
    load_terms,
    scope_kinds,
    status_line,
    terms_in,
    uses_term,
)
from .assets import write
from .i18n import ui_kinds
from .review import LETTERS, print_pages, start_packet, write_csv

COLUMNS = ("place", "msgctxt", "English", "Spanish", "flags", "reviewer comment", "suggested Spanish")
NOT_TRANSLATED = "not yet translated"
OUT_OF_DATE = "out of date: the English changed since it was translated"

# ----------------------------------------------------------------------------- a message's place, in words

# A segment of a msgctxt followed by an id: "case:trials-c1" is "case trials-c1".
NAMED = {"item": "item", "case": "case", "scene": "scene", "figure": "figure", "section": "section",
         "sort": "sorting exercise", "bin": "bin", "statement": "statement", "weighing": "weighing exercise",
         "factor": "factor", "path": "path", "trial": "fictional trial", "objective": "learning objective",
         "form": "form", "group": "group of questions"}
# A segment that is the field itself (the last, or followed by another field).
FIELDS = {"option": "option", "why": "rationale", "prompt": "question", "choice": "choice", "debrief": "debrief",
          "label": "label", "title": "title", "summary": "summary", "intro": "introduction", "caveat": "caveat",
          "measure": "what is measured", "unit": "unit", "eligibility": "who can join", "description": "description",
          "question": "question", "closing": "closing words", "case": "the case", "key-point": "key point",
          "term": "the term", "bar": "bar", "definition": "definition", "reminder": "reminder",
          "prompts": "prompt", "says": "what the person says, part"}
# Messages that share a msgctxt (options, choices, key points, a notebook cell's paragraphs) are told apart by order.
LETTERED = ("option", "choice")
NUMBERED = ("key-point", "bar")
UI = {"ui:handouts": "Handout page words", "ui:certificate": "Certificate words",
      "ui:question-list": "Question list page words", "ui:question-list:builder": "Question builder words",
      "ui:translation-status": "Translation status line", "ui:views": "Module page words (buttons, labels, feedback)",
      "ui:site": "Website and slides words"}


def _module(slug: str) -> str:
    return f"Module {int(slug[:2])}"


def _fields(parts: list[str], n: int | None) -> list[str]:
    """Words for the segments after a place's first ones: ids named, fields translated, the n-th of a shared one."""
    out, i, prefix = [], 0, ""
    while i < len(parts):
        seg = parts[i]
        last = i == len(parts) - 1
        if seg == "quiz" and not last:  # "quiz:item:trials-q06" is "quiz item trials-q06"
            prefix = "quiz "
        elif seg in ("prompts", "says") and not last:
            out.append(f"{FIELDS[seg]} {parts[i + 1]}")
            i += 1
        elif seg in NAMED and not last:  # a weighing exercise's `case` is its last segment, a field
            out.append(f"{prefix}{NAMED[seg]} {parts[i + 1]}")
            prefix = ""
            i += 1
        elif seg in FIELDS:
            word = FIELDS[seg]
            if seg in LETTERED and n is not None:
                word = f"{word} {LETTERS[n] if n < len(LETTERS) else n + 1}"
            elif seg in NUMBERED and n is not None:
                word = f"{word} {n + 1}"
            out.append(word)
        else:
            raise KeyError(seg)
        i += 1
    return out


def place(context: str, n: int | None = None) -> str:
    """Where a message is, in words: "Module 3, quiz, item trials-q06, option B, rationale". `n` is the message's
    position among the messages with the same msgctxt (0 for the first). KeyError for a segment with no words."""
    parts = context.split(":")
    head, rest = parts[0], parts[1:]
    if head == "module":
        words = [_module(rest[0]), *_fields(rest[1:], n)]
    elif head == "notebook":
        words = [_module(rest[0]), "notebook text", f"cell {rest[1]}"]
        if n is not None:
            words.append(f"paragraph {n + 1}")
    elif head == "curriculum":
        words = ["Course title"] if rest == ["title"] else [_module(rest[0]), "title in the course list"]
    elif head == "glossary":
        words = ["Glossary", f"entry {rest[0]}", *_fields(rest[1:], n)]
    elif head == "knowledge-check":
        words = ["Knowledge check", *_fields(rest, n)]
    elif head == "question-bank":
        words = ["Question list", *_fields(rest, n)] if rest[0] in ("group", "reminder") else \
            ["Question list", f"question {rest[0]}"]
    elif head == "ui":
        key = ":".join(parts[:3]) if parts[1:3] == ["question-list", "builder"] else ":".join(parts[:2])
        if key not in UI:
            raise KeyError(key)
        words = [UI[key]]
        tail = parts[len(key.split(":")):]
        if tail:
            words.append(f"“{' '.join(tail).replace('_', ' ')}”")
        elif n is not None:
            words.append(f"string {n + 1}")
    else:
        raise KeyError(head)
    return ", ".join(words)


# ----------------------------------------------------------------------------- rows and pages


@dataclass(frozen=True)
class Row:
    message: Message
    place: str
    spanish: str  # the current translation; for one out of date, the old translation; else ""
    state: str  # "translated", NOT_TRANSLATED or OUT_OF_DATE
    flags: tuple[str, ...]
    terms: tuple[str, ...]  # "second opinion → segunda opinión (used)"

    def csv(self) -> list[str]:
        return [self.place, self.message.context, self.message.english, self.spanish,
                "; ".join([*([] if self.state == "translated" else [self.state]), *self.flags,
                           *(f"term: {t}" for t in self.terms)]), "", ""]


def group_of(m: Message) -> str:
    """The page a message is on: its module's (module text and summary handout), or its document's."""
    doc = m.document
    if doc.startswith(("module:", "summary:")):
        return doc.split(":", 1)[1]
    return "handouts" if doc in ("handouts", "certificate", "views", "site") else doc


GROUP_TITLES = {"knowledge-check": "Knowledge check (pre- and post-test)", "question-list": "Question list",
                "glossary": "Glossary", "handouts": "Handouts, certificate, website and module page words"}


def _rows(content: Content, lang: str, msgs: list[Message], cat, terms) -> list[Row]:
    seen: Counter = Counter()
    shared = Counter(m.context for m in msgs)
    out = []
    for m in msgs:
        n = seen[m.context] if shared[m.context] > 1 or m.context.endswith(LETTERED) else None
        seen[m.context] += 1
        try:
            where = place(m.context, n)
        except (KeyError, IndexError, ValueError):
            where = f"msgctxt {m.context}"  # a kind with no words yet: its msgctxt, never nothing
        entry = cat.get(m.english, context=m.context)
        if entry is not None and entry.string and not entry.fuzzy:
            spanish, state = entry.string, "translated"
        elif entry is not None and entry.string:
            spanish, state = entry.string, OUT_OF_DATE
        else:
            spanish, state = "", NOT_TRANSLATED
        flags = (NUMBERS_ADAPTED,) if entry is not None and NUMBERS_ADAPTED in entry.flags else ()
        used = tuple(f"{t.en[0]} → {t.es[0]}" + ("" if state != "translated" else " (used)"
                                                 if uses_term(t, spanish) else " (NOT used)")
                     for t in terms_in(m.english, terms))
        out.append(Row(m, where, spanish, state, flags, used))
    return out


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def review_status(content_root, lang: str) -> tuple[str, list[dict]]:
    """The review status in English, and each recorded review, from content/i18n/<lang>/reviews.yml only."""
    reviews = load_reviews(content_root, lang)
    listed = [{"translator": r.translator, "credentials": r.credentials, "date": r.date.isoformat(),
               "scope": ", ".join(r.scope), "decision": r.decision.replace("-", " "), "notes": r.notes or ""}
              for r in reviews]
    if not reviews:
        return "Not yet reviewed by a qualified medical translator.", listed
    r = listed[-1]
    return (f"Reviewed by {r['translator']}, {r['credentials']}, on {r['date']} ({r['decision']}); "
            f"scope: {r['scope']}."), listed


def packet(content: Content, lang: str, slugs: list[str] | None = None) -> dict:
    """Everything the packet shows: rows by page, counts by scope kind, the term base and the review status."""
    kinds = scope_kinds(content, lang, ui_kinds())
    cat = load_catalog(content.root, lang)
    terms = load_terms(content.root, lang)
    msgs = [m for found in kinds.values() for m in found]
    rows = _rows(content, lang, msgs, cat, terms)
    if slugs is not None:  # only these modules' pages (the other pages are always built)
        rows = [r for r in rows if group_of(r.message) not in content.modules or group_of(r.message) in slugs]
    by_row = {(r.message.context, r.message.english): r for r in rows}
    groups: dict[str, list[Row]] = {}
    for r in rows:
        groups.setdefault(group_of(r.message), []).append(r)
    order = [s for s in content.modules if s in groups] + [g for g in GROUP_TITLES if g in groups]
    pages = []
    for name in order:
        mine = groups[name]
        title = (f"Module {int(name[:2])}: {content.entry(name).title}" if name in content.modules
                 else GROUP_TITLES[name])
        pages.append({"name": name, "title": title, "rows": mine, "messages": len(mine),
                      "translated": sum(r.state == "translated" for r in mine),
                      "out_of_date": sum(r.state == OUT_OF_DATE for r in mine),
                      "words": sum(_words(r.message.english) for r in mine)})
    why = {e.kind: e.why or "" for e in language(content.root, lang).scope}
    kind_rows = []
    for kind, found in kinds.items():
        mine = [by_row[(m.context, m.english)] for m in found if (m.context, m.english) in by_row]
        kind_rows.append({"kind": kind, "why": why.get(kind, ""), "messages": len(mine),
                          "words": sum(_words(r.message.english) for r in mine),
                          "translated": sum(r.state == "translated" for r in mine)})
    status, reviews = review_status(content.root, lang)
    try:
        shown = status_line(content.root, lang, Translator(content.root, lang, catalog=cat))
    except KeyError:
        shown = STATUS["reviewed" if reviews else "unreviewed"]
    return {"lang": lang, "language": language(content.root, lang).name, "pages": pages, "kinds": kind_rows,
            "rows": rows, "status": status, "reviews": reviews, "shown": shown,
            "terms": [{"en": ", ".join(t.en), "es": ", ".join(t.es), "definition": t.definition, "source": t.source,
                       "checked": t.source.strip().lower() != "not yet checked"} for t in terms],
            "total": len(rows), "translated": sum(r.state == "translated" for r in rows),
            "words": sum(_words(r.message.english) for r in rows),
            "scope_kinds": list(kinds), "decisions": ("approved", "approved-with-changes", "changes-required")}


def build_translation_review(content: Content, lang: str, out: Path, slugs: list[str] | None = None, progress=None,
                             pdf: bool = True, today: dt.date | None = None) -> tuple[list[Path], str | None]:
    """Write `lang`'s translation review packet into `out`. Returns the files written and, when the PDFs could not be
    printed, why (the HTML and CSV files are written either way)."""
    today = today or dt.date.today()
    data = packet(content, lang, slugs)
    problem, pdfs, env = start_packet(out, pdf)
    common = {"title": content.curriculum.title, "version": content.curriculum.version, "today": today.isoformat(),
              "pdfs": pdfs, **data}
    if progress is not None:
        progress.add(len(data["pages"]) + 1)
    pages = [write(out / "index.html", env.get_template("review-i18n-index.html.j2").render(common))]
    csvs = []
    for page in data["pages"]:
        pages.append(write(out / f"{page['name']}.html",
                           env.get_template("review-i18n-page.html.j2").render(common, page=page)))
        csvs.append(write_csv(out / f"{page['name']}.csv", COLUMNS, [r.csv() for r in page["rows"]]))
    csvs.append(write_csv(out / "messages.csv", COLUMNS, [r.csv() for r in data["rows"]]))
    files = pages + csvs + print_pages(pages, pdfs, progress, label=f"review/{lang}")
    if problem:
        problem = f"the {lang} translation review packet's HTML and CSV files were written, its PDFs were not: {problem}"
    return files, problem


def build_translation_reviews(content: Content, slugs: list[str], out: Path, progress=None
                              ) -> tuple[list[Path], list[str]]:
    """`build all`: every language's packet into out/<lang>/. A language whose catalog cannot be read is left out,
    with one line saying why."""
    from ..content.i18n import load_scope

    files: list[Path] = []
    problems: list[str] = []
    for lang in load_scope(content.root).languages:
        try:
            made, problem = build_translation_review(content, lang, out / lang, slugs=slugs, progress=progress)
        except ContentError as exc:
            problems.append(f"the '{lang}' translation review packet was not built: {exc}")
            continue
        files += made
        if problem:
            problems.append(problem)
    return files, problems


def build_cli(args) -> int:
    """`secondline build review --lang es [--modules ...] [--out _build]`: into OUT/review/LANG/."""
    import sys

    from ..content.load import load
    from .common import Progress, select_modules

    content = load()
    folder = Path(args.out) / "review" / args.lang
    try:
        files, problem = build_translation_review(
            content, args.lang, folder, slugs=select_modules(content, args.modules) if args.modules else None,
            progress=Progress())
    except ContentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{len(files)} files in {folder}")
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    return 0
