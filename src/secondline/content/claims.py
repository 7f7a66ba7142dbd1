"""Every claim the curriculum makes, where it is made and which sources it rests on, and the source audit (issue 12).

A claim is a piece of teaching that cites sources: a module's key point, a quiz option's rationale, a case choice's
debrief, a sorting statement, a figure's bar and caption, a glossary definition, a coverage point, and a passage of
notebook prose that links a source with the reference convention `[Eisenhauer 2009](#ref-eisenhauer-2009)`.
`claims(content)` lists them all; `audit(content)` says which rest only on sources nobody opened, which sources are
never cited, and which trial figures are old enough to re-check. Pure Python (standard library only), so a notebook
kernel can use it to list a module's references.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .course import Content, ModuleContent

LETTERS = "ABCDEFGH"
TRIAL_FIGURE_YEARS = 5  # a figure bar whose source is older than this many years is listed for re-checking

# Claim kinds, in the order a module's claims are listed.
KINDS = ("key point", "notebook prose", "quiz option", "case choice", "sort statement", "figure caption",
         "figure bar", "glossary term", "coverage point", "bank question")

# A link to a module's reference list: markdown `[text](#ref-id)` or HTML `href="#ref-id"`.
REF_LINK = re.compile(r"\]\(\s*<?#ref-([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)|href\s*=\s*[\"']#ref-([^\"']*)[\"']")
MD_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?#ref-[^)]*\)")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s|^\s*\|")


@dataclass(frozen=True)
class Claim:
    """One claim: the module it is made in (None: course-wide), what kind it is, where (file and a reference inside
    it), its text, what it is about (the option, choice or bin) and the ids of the sources it rests on."""

    module: str | None
    kind: str
    file: str
    ref: str
    text: str
    sources: tuple[str, ...]
    context: str = ""

    @property
    def where(self) -> str:
        return f"{self.file}: {self.ref}"


@dataclass(frozen=True)
class ProseCitation:
    """A reference link in a notebook's markdown: the cell index and the source id it names."""

    cell: int
    source: str
    facilitator: bool = False


# --------------------------------------------------------------------------- notebook prose


def notebook_path(content: Content, slug: str) -> Path:
    """notebooks/<slug>.ipynb beside content/."""
    return Path(content.root).resolve().parent / "notebooks" / f"{slug}.ipynb"


def _cells(path: Path) -> list[dict]:
    """The notebook's cells as plain JSON (no nbformat: this runs in a kernel listing references)."""
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    cells = nb.get("cells", []) if isinstance(nb, dict) else []
    return [c for c in cells if isinstance(c, dict)]


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _is_facilitator(cell: dict) -> bool:
    meta = cell.get("metadata", {}) or {}
    return "facilitator" in (meta.get("tags") or []) or (meta.get("slideshow") or {}).get("slide_type") == "notes"


def ref_ids(text: str) -> list[str]:
    """The source ids a piece of markdown links to with #ref-<id>, in order, repeats kept."""
    return [a or b for a, b in REF_LINK.findall(text)]


def prose_citations(path: Path | str) -> list[ProseCitation]:
    """Every #ref-<id> link in the notebook's markdown cells (for the lint and the References list)."""
    out = []
    for i, cell in enumerate(_cells(Path(path))):
        if cell.get("cell_type") == "markdown":
            fac = _is_facilitator(cell)
            out += [ProseCitation(i, sid, fac) for sid in ref_ids(_source(cell))]
    return out


def chunks(markdown: str) -> Iterator[str]:
    """A markdown cell as claim-sized pieces: paragraphs, and each item of a list or row of a table on its own."""
    for block in re.split(r"\n[ \t]*\n", markdown):
        lines = block.strip("\n").splitlines()
        if not lines:
            continue
        if LIST_ITEM.match(lines[0]):
            item: list[str] = []
            for line in lines:
                if LIST_ITEM.match(line) and item:
                    yield "\n".join(item)
                    item = []
                item.append(line)
            if item:
                yield "\n".join(item)
        else:
            yield "\n".join(lines)


def plain_text(markdown: str) -> str:
    """A chunk of prose as a reviewer reads it: reference links become their text, whitespace is tidied."""
    text = re.sub(r"^\s*(?:[-*+]|\d+[.)]|#{1,6})\s+", "", MD_LINK.sub(r"\1", markdown))
    return " ".join(text.split())


def prose_claims(path: Path | str, slug: str | None = None, label: str | None = None) -> list[Claim]:
    """Each paragraph, list item or table row of the notebook's markdown that links a source is one claim."""
    path = Path(path)
    label = label or f"notebooks/{path.name}"
    out = []
    for i, cell in enumerate(_cells(path)):
        if cell.get("cell_type") != "markdown":
            continue
        note = " (facilitator note)" if _is_facilitator(cell) else ""
        for n, chunk in enumerate(chunks(_source(cell)), 1):
            ids = tuple(dict.fromkeys(ref_ids(chunk)))
            if ids:
                out.append(Claim(slug, "notebook prose", label, f"cell {i}, paragraph {n}{note}", plain_text(chunk), ids))
    return out


# --------------------------------------------------------------------------- content claims


def _unique(ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def module_claims(mc: ModuleContent, content: Content, prose: bool = True) -> list[Claim]:
    """Every claim made in one module: its content files, its notebook's prose (when prose is true) and the
    glossary terms it teaches, in the order a reader meets them kind by kind."""
    slug = mc.slug
    folder = f"content/modules/{slug}"
    out: list[Claim] = []
    for n, kp in enumerate(mc.module.key_points, 1):
        out.append(Claim(slug, "key point", f"{folder}/module.yml", f"key point {n}", kp.text, _unique(kp.sources)))
    if prose:
        out += prose_claims(notebook_path(content, slug), slug)
    for item in mc.quiz.items:
        for j, opt in enumerate(item.options):
            out.append(Claim(slug, "quiz option", f"{folder}/quiz.yml", f"{item.id} option {LETTERS[j]} ({opt.verdict})",
                             opt.why, _unique(opt.sources), context=opt.text))
    for case in mc.cases:
        for scene in case.scenes:
            for j, ch in enumerate(scene.choices):
                out.append(Claim(slug, "case choice", f"{folder}/cases.yml",
                                 f"{case.id} scene {scene.id} choice {LETTERS[j]} ({ch.verdict})", ch.debrief,
                                 _unique(ch.sources), context=ch.text))
    for sort in mc.sorts:
        bins = {b.id: b.label for b in sort.bins}
        for st in sort.statements:
            out.append(Claim(slug, "sort statement", f"{folder}/sorts.yml", f"{sort.id} {st.id}",
                             f"{st.text} Belongs in: {bins.get(st.bin, st.bin)}. {st.why}", _unique(st.sources),
                             context=st.text))
    for fig in mc.figures:
        out.append(Claim(slug, "figure caption", f"{folder}/figures.yml", f"{fig.id} caption",
                         f"{fig.title}. {fig.measure}, in {fig.unit}. {fig.caveat}", _unique(b.source for b in fig.bars)))
        for j, bar in enumerate(fig.bars, 1):
            out.append(Claim(slug, "figure bar", f"{folder}/figures.yml", f"{fig.id} bar {j}",
                             f"{bar.label}: {bar.value:g} {fig.unit} ({fig.measure.lower()})", (bar.source,),
                             context=fig.title))
    for tid in mc.module.terms:
        if tid in content.glossary:
            out.append(term_claim(content, tid))
    return out


def term_claim(content: Content, tid: str) -> Claim:
    t = content.glossary[tid]
    return Claim(None, "glossary term", "content/glossary.yml", f"term {t.id}", f"{t.term}: {t.definition}",
                 _unique(t.sources), context=t.term)


def course_claims(content: Content) -> list[Claim]:
    """Claims that belong to no one module: every glossary definition, the coverage points and any bank question
    that cites a source. A coverage point is filed under the module of the first section that teaches it."""
    out = [term_claim(content, tid) for tid in content.glossary]
    section_module = {s.id: slug for slug, mc in content.modules.items() for s in mc.module.sections}
    if content.coverage is not None:
        for p in content.coverage.points:
            module = next((section_module[s] for s in p.sections if s in section_module), None)
            out.append(Claim(module, "coverage point", "content/coverage.yml", f"point {p.id}", p.point, (p.source,),
                             context=", ".join(p.sections)))
    if content.question_bank is not None:
        for g in content.question_bank.groups:
            for q in g.questions:
                cited = tuple(getattr(q, "sources", None) or ())
                if cited:
                    out.append(Claim(None, "bank question", "content/question-bank.yml", f"{g.id} {q.id}", q.text, cited))
    return out


def claims(content: Content, prose: bool = True) -> list[Claim]:
    """Every claim in the curriculum: each module's (glossary terms once, course-wide), then course-wide ones."""
    out = []
    for mc in content.modules.values():
        out += [c for c in module_claims(mc, content, prose=prose) if c.kind != "glossary term"]
    return out + course_claims(content)


def cited_ids(claim_list: Iterable[Claim]) -> list[str]:
    """The source ids the claims rest on, in first-use order."""
    return list(dict.fromkeys(s for c in claim_list for s in c.sources))


# --------------------------------------------------------------------------- the audit


def confirmed(source) -> bool:
    """Opened by a team member, and its DOI or URL seen to lead to the work."""
    return source.checked.extent != "not-opened" and source.checked.link == "confirmed"


def opened(source) -> bool:
    return source.checked.extent != "not-opened"


@dataclass
class OldFigure:
    claim: Claim
    source: str
    year: int


@dataclass
class Audit:
    """What `secondline sources` prints, worked out once (tests read the same object)."""

    claims: list[Claim]
    sources: dict  # id -> Source
    today: dt.date
    unknown: list[tuple[Claim, str]] = field(default_factory=list)  # a claim naming a source that is not listed

    @cached_property
    def by_source(self) -> dict[str, list[Claim]]:
        out: dict[str, list[Claim]] = {sid: [] for sid in self.sources}
        for c in self.claims:
            for sid in c.sources:
                out.setdefault(sid, []).append(c)
        return out

    @cached_property
    def unconfirmed(self) -> list:
        return [s for s in self.sources.values() if not confirmed(s)]

    def rests_only_on(self, claim: Claim, test) -> bool:
        return bool(claim.sources) and all(sid in self.sources and test(self.sources[sid]) for sid in claim.sources)

    @cached_property
    def on_unconfirmed_only(self) -> list[Claim]:
        """Claims none of whose sources is confirmed (opened, link seen): a reviewer should look at these first."""
        return [c for c in self.claims if self.rests_only_on(c, lambda s: not confirmed(s))]

    @cached_property
    def on_unopened_only(self) -> list[Claim]:
        """Claims whose every source is not opened: these fail the audit."""
        return [c for c in self.claims if self.rests_only_on(c, lambda s: not opened(s))]

    @cached_property
    def uncited(self) -> list:
        cited = set(cited_ids(self.claims))
        return [s for s in self.sources.values() if s.id not in cited]

    @cached_property
    def old_figures(self) -> list[OldFigure]:
        """Figure bars whose source is more than TRIAL_FIGURE_YEARS years old: to re-check against newer trials."""
        limit = self.today.year - TRIAL_FIGURE_YEARS
        out = []
        for c in self.claims:
            if c.kind == "figure bar":
                s = self.sources.get(c.sources[0])
                if s is not None and s.year < limit:
                    out.append(OldFigure(c, s.id, s.year))
        return out

    @property
    def ok(self) -> bool:
        return not (self.on_unopened_only or self.uncited or self.unknown)


def audit(content: Content, today: dt.date | None = None, prose: bool = True) -> Audit:
    found = claims(content, prose=prose)
    unknown = [(c, sid) for c in found for sid in c.sources if sid not in content.sources]
    return Audit(found, dict(content.sources), today or dt.date.today(), unknown)


# --------------------------------------------------------------------------- the printed report


def short_label(source) -> str:
    """'Saini KS, Twelves C' 2021 -> 'Saini KS 2021'."""
    return f"{source.authors.split(',')[0].split(' (')[0].strip()} {source.year}"


def status(source) -> str:
    """How far the source was checked, in words, with a flag when the link was not confirmed."""
    c = source.checked
    if c.extent == "not-opened":
        return "not opened"
    label = {"full-text": "full text read", "abstract": "abstract read", "page": "page read"}[c.extent]
    return f"{label} {c.date.isoformat()}" + ("" if c.link == "confirmed" else ", link not confirmed")


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _module_name(slug: str | None) -> str:
    return slug or "course-wide (glossary, coverage, question bank)"


def _group(claim_list: Iterable[Claim]) -> dict[str | None, list[Claim]]:
    out: dict[str | None, list[Claim]] = {}
    for c in claim_list:
        out.setdefault(c.module, []).append(c)
    return out


def report(a: Audit, summary: bool = False, width: int = 100) -> str:
    """The audit as text: one numbered section per question, grouped by module, with a verdict at the end."""
    lines: list[str] = []
    add = lines.append
    unopened_ids = {id(c) for c in a.on_unopened_only}
    unconfirmed_ids = {id(c) for c in a.on_unconfirmed_only}
    by_source = a.by_source
    add(f"Source audit: {len(a.sources)} sources, {len(a.claims)} claims ({a.today.isoformat()})")
    add("A source is confirmed when a team member opened it (page, abstract or full text) and saw its DOI or URL "
        "lead to it.")
    add("")

    bad = a.unconfirmed
    add(f"1. Sources not confirmed ({len(bad)} of {len(a.sources)})")
    for s in sorted(bad, key=lambda s: (opened(s), s.id)):
        only = [c for c in by_source.get(s.id, []) if id(c) in unconfirmed_ids]
        n = len(by_source.get(s.id, []))
        cited = f"{n} claim{'s' * (n != 1)}, {len(only)} resting only on unconfirmed sources" if n else "never cited"
        add(f"   {s.id} ({short_label(s)}): {status(s)}; {cited}")
    if not bad:
        add("   none")
    add("")

    add(f"2. Claims resting only on sources not confirmed ({len(a.on_unconfirmed_only)}; "
        f"{len(a.on_unopened_only)} of them only on sources nobody opened, marked !)")
    if not summary:
        for module, group in _group(a.on_unconfirmed_only).items():
            add(f"   {_module_name(module)} ({len(group)})")
            for c in group:
                mark = "!" if id(c) in unopened_ids else " "
                add(f"   {mark} {c.where} [{c.kind}] {_clip(c.text, width)}  <- {', '.join(c.sources)}")
    elif a.on_unconfirmed_only:
        for module, group in _group(a.on_unconfirmed_only).items():
            n = sum(id(c) in unopened_ids for c in group)
            add(f"   {_module_name(module)}: {len(group)} claims ({n} only on unopened sources)")
    if not a.on_unconfirmed_only:
        add("   none")
    add("")

    add(f"3. Sources never cited ({len(a.uncited)})")
    for s in a.uncited:
        add(f"   {s.id} ({short_label(s)}): cite it where a claim rests on it, or remove it from content/sources.yml")
    if not a.uncited:
        add("   none")
    if a.unknown:
        add(f"   and {len(a.unknown)} citations of sources that are not in content/sources.yml:")
        for c, sid in a.unknown:
            add(f"   {c.where}: unknown source '{sid}'")
    add("")

    old = a.old_figures
    add(f"4. Trial figures from before {a.today.year - TRIAL_FIGURE_YEARS}, to re-check against newer evidence ({len(old)})")
    for f in old:
        add(f"   {f.claim.where}: {_clip(f.claim.text, width)} ({f.source}, {f.year})")
    if not old:
        add("   none")
    add("")

    add("5. Claims per source")
    rows = sorted(a.sources.values(), key=lambda s: (-len(by_source.get(s.id, [])), s.id))
    w = max((len(s.id) for s in rows), default=10)
    for s in rows:
        cl = by_source.get(s.id, [])
        mods = ", ".join(sorted({c.module[:2] if c.module else "course" for c in cl}))
        add(f"   {s.id.ljust(w)} {len(cl):5d}  {status(s)}" + (f"  (modules {mods})" if mods else ""))
    add("")

    problems = []
    if a.on_unopened_only:
        problems.append(f"{len(a.on_unopened_only)} claims rest only on sources nobody opened")
    if a.uncited:
        problems.append(f"{len(a.uncited)} sources are listed but never cited")
    if a.unknown:
        problems.append(f"{len(a.unknown)} citations name unknown sources")
    add("Audit " + ("passed." if not problems else "FAILED: " + "; ".join(problems) + "."))
    return "\n".join(lines)
