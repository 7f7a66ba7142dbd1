"""The clinical review packet: what a reviewer needs to check a module, as HTML, CSV and PDF (issue 12 section 4).

For each module, `_build/review/` holds every claim (claims.py) with its sources and how far each was checked, and
every quiz item with its keyed answer and every option's verdict and rationale:
- `index.html` (+ `.pdf`): the modules, their review status, the audit in brief and every source;
- `NN-slug.html` (+ `.pdf`): one page per module, with an empty "Reviewer comment" column and a sign-off block;
- `NN-slug-claims.csv`, `NN-slug-items.csv` and, for all modules, `claims.csv` and `items.csv`: one row per claim
  or per option, with an empty "reviewer comment" column, for a spreadsheet.
HTML is rendered by Jinja2 with autoescaping (templates/review-*.html.j2, through templating.py); PDFs are printed by Debian's Chromium.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..content.claims import Claim, audit, course_claims, module_claims, opened, short_label, status
from ..content.course import Content
from ..content.reviews import module_reviews, review_line, review_text
from ..templating import environment
from ..views.logic.quiz import VERDICTS
from .assets import chromium_missing, chromium_page, write

LETTERS = "ABCDEFGH"
CLAIM_COLUMNS = ("module", "kind", "file", "where in the file", "claim", "about", "sources", "how far each source was "
                 "checked", "rests only on unopened sources", "reviewer comment")
ITEM_COLUMNS = ("module", "item", "objective", "level", "question", "option", "option text", "verdict", "keyed answer",
                "rationale", "sources", "how far each source was checked", "reviewer comment")


@dataclass(frozen=True)
class SourceRow:
    id: str
    label: str  # 'Saini KS 2021'
    citation: str
    link: str
    status: str  # 'not opened', 'abstract read 2026-12-02'
    opened: bool
    confirmed: bool
    claims: int = 0


def _source_rows(content: Content, ids, counts: dict[str, int] | None = None) -> list[SourceRow]:
    out = []
    for sid in ids:
        s = content.sources.get(sid)
        if s is None:
            out.append(SourceRow(sid, sid, "not in content/sources.yml", "", "unknown source", False, False))
            continue
        out.append(SourceRow(s.id, short_label(s), s.citation(), s.link, status(s), opened(s),
                             opened(s) and s.checked.link == "confirmed", (counts or {}).get(s.id, 0)))
    return out


def packet_claims(content: Content, slug: str) -> list[Claim]:
    """The module's claims, its glossary terms, and the coverage points filed under it."""
    mc = content.module(slug)
    return module_claims(mc, content) + [c for c in course_claims(content)
                                         if c.module == slug and c.kind != "glossary term"]


def _claim_view(claim: Claim, content: Content) -> dict:
    sources = _source_rows(content, claim.sources)
    return {"claim": claim, "sources": sources, "unopened_only": bool(sources) and not any(s.opened for s in sources)}


def _item_view(item, mc, content: Content) -> dict:
    objectives = {o.id: o.text for o in mc.module.objectives}
    options = [{"letter": LETTERS[i], "text": o.text, "verdict": o.verdict, "label": VERDICTS[o.verdict].label,
                "icon": VERDICTS[o.verdict].icon, "why": o.why, "sources": _source_rows(content, o.sources)}
               for i, o in enumerate(item.options)]
    return {"item": item, "objective": objectives.get(item.objective, ""), "options": options,
            "best": LETTERS[item.best_index]}


def module_context(content: Content, slug: str, today: dt.date) -> dict:
    mc = content.module(slug)
    claims = [_claim_view(c, content) for c in packet_claims(content, slug)]
    return {"title": content.curriculum.title, "version": content.curriculum.version, "today": today.isoformat(),
            "slug": slug, "number": int(slug[:2]), "module_title": content.entry(slug).title,
            "summary": mc.module.summary, "review": review_line(content, slug),
            "reviews": [review_text(r) for r in module_reviews(content, slug)],
            "claims": claims, "unopened": sum(c["unopened_only"] for c in claims),
            "items": [_item_view(it, mc, content) for it in mc.quiz.items],
            "decisions": ("approved", "approved with changes", "changes required")}


def index_context(content: Content, slugs: list[str], today: dt.date) -> dict:
    a = audit(content, today=today)
    in_module = set(slugs)
    modules = []
    for slug in slugs:
        claims = packet_claims(content, slug)
        modules.append({"slug": slug, "number": int(slug[:2]), "title": content.entry(slug).title,
                        "claims": len(claims), "quiz_items": len(content.module(slug).quiz.items),
                        "unopened": sum(_claim_view(c, content)["unopened_only"] for c in claims),
                        "review": review_line(content, slug)})
    used_terms = {t for s in slugs for t in content.module(s).module.terms}
    other = [_claim_view(c, content) for c in course_claims(content)
             if (c.kind == "glossary term" and c.ref.removeprefix("term ") not in used_terms)
             or (c.kind != "glossary term" and c.module not in in_module)]
    counts = {sid: len(cl) for sid, cl in a.by_source.items()}
    sources = sorted(_source_rows(content, content.sources, counts), key=lambda s: s.label.lower())
    return {"title": content.curriculum.title, "version": content.curriculum.version, "today": today.isoformat(),
            "modules": modules, "other": other, "sources": sources,
            "unconfirmed": len(a.unconfirmed), "uncited": [s.id for s in a.uncited],
            "old_figures": [{"where": f.claim.where, "text": f.claim.text, "source": f.source, "year": f.year}
                            for f in a.old_figures],
            "total_claims": len(a.claims), "unopened_only": len(a.on_unopened_only)}


def _cell(text) -> str:
    """A spreadsheet cell: text that a spreadsheet would run as a formula starts with an apostrophe."""
    text = "" if text is None else str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _sources_cells(rows: list[SourceRow]) -> tuple[str, str]:
    return "; ".join(r.id for r in rows), "; ".join(f"{r.id}: {r.status}" for r in rows)


def claim_rows(content: Content, slug: str) -> list[list[str]]:
    out = []
    for view in (_claim_view(c, content) for c in packet_claims(content, slug)):
        c = view["claim"]
        ids, checked = _sources_cells(view["sources"])
        out.append([slug, c.kind, c.file, c.ref, c.text, c.context, ids, checked,
                    "yes" if view["unopened_only"] else "no", ""])
    return out


def item_rows(content: Content, slug: str) -> list[list[str]]:
    mc = content.module(slug)
    out = []
    for view in (_item_view(it, mc, content) for it in mc.quiz.items):
        it = view["item"]
        for o in view["options"]:
            ids, checked = _sources_cells(o["sources"])
            out.append([slug, it.id, f"{it.objective}: {view['objective']}", it.level or "", it.prompt, o["letter"],
                        o["text"], o["label"], "yes" if o["letter"] == view["best"] else "no", o["why"], ids, checked, ""])
    return out


def write_csv(path: Path, header, rows) -> Path:
    """UTF-8 with a byte-order mark, so a spreadsheet opens ✔, ◐ and curly quotes as they are."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows([_cell(x) for x in row] for row in rows)
    return path


def print_pages(pages: list[Path], pdfs: bool, progress=None, label: str = "review") -> list[Path]:
    """Print each page beside itself as a PDF (landscape letter, tagged, with an outline), in Debian's Chromium;
    with `pdfs` false, only count the pages as done. Returns the PDFs printed."""
    printed: list[Path] = []
    if pdfs:
        with chromium_page() as page:
            for html in pages:
                page.goto(html.resolve().as_uri())
                target = html.with_suffix(".pdf")
                page.pdf(path=str(target), prefer_css_page_size=True, print_background=True, tagged=True, outline=True)
                printed.append(target)
                if progress is not None:
                    progress.step(f"{label} {target.name}")
    elif progress is not None:
        for html in pages:
            progress.step(f"{label} {html.name}")
    return printed


def start_packet(out: Path, pdf: bool):
    """A packet's folder emptied of the last one's pages, whether its PDFs can be printed (and if not, why), and the
    templates: (problem, pdfs, env). Shared by the clinical and the translation review packets."""
    out.mkdir(parents=True, exist_ok=True)
    for old in [*out.glob("*.html"), *out.glob("*.pdf"), *out.glob("*.csv")]:
        old.unlink()
    problem = chromium_missing() if pdf else None
    return problem, pdf and problem is None, environment(__package__)


def build_review(content: Content, slugs: list[str], out: Path, progress=None, pdf: bool = True,
                 today: dt.date | None = None) -> tuple[list[Path], str | None]:
    """Write the packet into `out`. Returns the files written and, when the PDFs could not be printed, why (the HTML
    and CSV files are written either way)."""
    today = today or dt.date.today()
    problem, pdfs, env = start_packet(out, pdf)
    pages: list[Path] = []
    if progress is not None:
        progress.add(len(slugs) + 1)
    pages.append(write(out / "index.html", env.get_template("review-index.html.j2").render(
        index_context(content, slugs, today), pdfs=pdfs)))
    all_claims, all_items = [], []
    files: list[Path] = []
    for slug in slugs:
        pages.append(write(out / f"{slug}.html", env.get_template("review-module.html.j2").render(
            module_context(content, slug, today))))
        claims, items = claim_rows(content, slug), item_rows(content, slug)
        all_claims += claims
        all_items += items
        files.append(write_csv(out / f"{slug}-claims.csv", CLAIM_COLUMNS, claims))
        files.append(write_csv(out / f"{slug}-items.csv", ITEM_COLUMNS, items))
    files.append(write_csv(out / "claims.csv", CLAIM_COLUMNS, all_claims))
    files.append(write_csv(out / "items.csv", ITEM_COLUMNS, all_items))
    files = pages + files + print_pages(pages, pdfs, progress)
    if problem:
        problem = f"the review packet's HTML and CSV files were written, its PDFs were not: {problem}"
    return files, problem
