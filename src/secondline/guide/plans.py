"""Session plans (educator_guide/plans/*.md): read from their markdown tables, and checked against the curriculum:
every section planned once, every row's minutes equal to its sections' minutes, each session adding up to its
stated length, and each delivery format's own rule (a day needs breaks, self-paced study needs check-ins)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..content.course import Content
from ..content.load import load
from .common import guide_root

KEYWORDS = ("welcome", "break", "wrap-up", "check-in")  # plan rows that are not a module


@dataclass(frozen=True)
class FormatRule:
    """What a plan of one delivery format must satisfy, beyond covering every section once."""

    sessions: int | None = None  # how many sessions (None: any number)
    session_minutes: int | None = None  # each session's stated length must be this
    contact: tuple[int, int] | None = None  # allowed range of contact minutes (all rows except breaks)
    needs_break: bool = False
    needs_check_in: bool = False
    live_modules: bool = True  # False when module rows are study on the learner's own time (self-paced)


# The plan files in educator_guide/plans/ and their rules. One day: "about 6.5 hours" of contact time (6 h 30 +/- 15
# min), with breaks on top; four sessions of two hours (120 minutes); self-paced study with at least one check-in. The
# rest of the course is pre-work or follow-up homework (issue 16: eleven modules no longer fit a day of 6 hours).
FORMATS: dict[str, FormatRule] = {
    "one-day": FormatRule(sessions=1, contact=(375, 405), needs_break=True),
    "four-sessions": FormatRule(sessions=4, session_minutes=120),
    "self-paced": FormatRule(needs_check_in=True, live_modules=False),
}


# --------------------------------------------------------------------------- markdown tables


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _tables(lines: list[str]) -> Iterable[tuple[int, list[str], list[tuple[int, list[str]]]]]:
    """(line number of the header, header cells, [(line number, cells)]) for every pipe table."""
    i = 0
    while i < len(lines):
        if lines[i].lstrip().startswith("|") and i + 1 < len(lines) and re.match(r"^\s*\|[\s:|-]+\|\s*$", lines[i + 1]):
            header, start, rows = _cells(lines[i]), i + 1, []
            i += 2
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                rows.append((i + 1, _cells(lines[i])))
                i += 1
            yield start, header, rows
        else:
            i += 1


# --------------------------------------------------------------------------- session plans


@dataclass(frozen=True)
class Row:
    """One row of a plan table: a module's sections, or welcome/break/wrap-up/check-in."""

    line: int
    clock: str | None
    minutes: int
    what: str  # a module slug or one of KEYWORDS
    sections: tuple[str, ...]
    text: str = ""  # the row's other cells (what happens)

    @property
    def label(self) -> str:
        return " ".join(x for x in (self.clock, self.what) if x)

    @property
    def is_module(self) -> bool:
        return self.what not in KEYWORDS


@dataclass
class Block:
    """A session (its heading states its length) or a block of pre-work/homework."""

    title: str
    line: int
    stated: int | None
    prework: bool
    rows: list[Row] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        return sum(r.minutes for r in self.rows)


@dataclass
class Plan:
    path: Path
    name: str  # as shown in messages, e.g. "plans/one-day.md"
    title: str
    blocks: list[Block]
    problems: list[str]  # problems found while reading the file

    @property
    def sessions(self) -> list[Block]:
        return [b for b in self.blocks if not b.prework]

    @property
    def prework(self) -> list[Block]:
        return [b for b in self.blocks if b.prework]

    def rows(self, prework: bool | None = None) -> list[Row]:
        return [r for b in self.blocks if prework is None or b.prework == prework for r in b.rows]

    @property
    def contact_minutes(self) -> int:
        """Every minute of the sessions except breaks."""
        return sum(r.minutes for r in self.rows(prework=False) if r.what != "break")

    @property
    def break_minutes(self) -> int:
        return sum(r.minutes for r in self.rows(prework=False) if r.what == "break")

    @property
    def prework_minutes(self) -> int:
        return sum(r.minutes for r in self.rows(prework=True))

    def minutes_of(self, what: str, prework: bool | None = False) -> int:
        return sum(r.minutes for r in self.rows(prework) if r.what == what)

    def prework_sections(self) -> list[str]:
        return [s for r in self.rows(prework=True) for s in r.sections]


class PlanError(ValueError):
    """A plan that does not add up; the message names the plan and the row."""


HEADING = re.compile(r"^##\s+(.+?)\s*$")
STATED = re.compile(r"\s*\((\d+) minutes\)")
CLOCK = re.compile(r"^(\d{1,2}):(\d\d)$")
RANGE = re.compile(r"^([a-z]+-s)(\d+)\s+to\s+([a-z]+-s)(\d+)$")


def _section_spec(spec: str) -> list[str]:
    """'visit-s1, visit-s2' or 'visit-s1 to visit-s3' (either may be in backticks) -> section ids."""
    out: list[str] = []
    for part in spec.replace("`", "").split(","):
        part = part.strip()
        if not part or part in {"-", "—"}:
            continue
        m = RANGE.match(part)
        if m and m.group(1) == m.group(3):
            out += [f"{m.group(1)}{n}" for n in range(int(m.group(2)), int(m.group(4)) + 1)]
        else:
            out.append(part)
    return out


def parse_plan(path: Path | str, root: Path | None = None) -> Plan:
    """Read a plan: `## Title (N minutes)` headings, each followed by a table with Minutes, Module and Sections columns
    (and an optional Clock column). A heading that says pre-work or homework marks sections learners do on their own."""
    path = Path(path)
    try:
        name = path.resolve().relative_to((root or path.parent.parent).resolve()).as_posix()
    except ValueError:
        name = path.name
    lines = path.read_text(encoding="utf-8").splitlines()
    title = next((ln[2:].strip() for ln in lines if ln.startswith("# ")), path.stem)
    headings = [(i + 1, m.group(1)) for i, ln in enumerate(lines) if (m := HEADING.match(ln))]
    blocks: list[Block] = []
    problems: list[str] = []
    for header_line, header, rows in _tables(lines):
        cols = {h.lower().strip("* "): k for k, h in enumerate(header)}
        if not {"minutes", "module", "sections"} <= set(cols):
            continue  # another kind of table
        above = [(n, h) for n, h in headings if n < header_line]
        if not above:
            problems.append(f"{name}, line {header_line}: the plan table has no '## ... (N minutes)' heading above it")
            continue
        hline, htitle = above[-1]
        stated = STATED.search(htitle)
        prework = bool(re.search(r"pre-work|homework", htitle, re.I))
        block = Block(STATED.sub("", htitle, count=1).strip(), hline, int(stated.group(1)) if stated else None, prework)
        if block.stated is None and not prework:
            problems.append(f"{name}, line {hline}: the heading '{htitle}' must state its length, as '(N minutes)'")
        for line, cells in rows:
            cells += [""] * (len(header) - len(cells))
            get = {k: cells[v] for k, v in cols.items()}
            what = get["module"].replace("`", "").strip()
            clock = get.get("clock", "").strip() or None
            label = " ".join(x for x in (clock, what) if x) or "(empty row)"
            try:
                minutes = int(get["minutes"].strip("* "))
            except ValueError:
                problems.append(f"{name}, line {line} (row '{label}'): minutes '{get['minutes']}' is not a whole number")
                continue
            rest = " ".join(c for k, c in get.items() if k not in {"clock", "minutes", "module", "sections"})
            block.rows.append(Row(line, clock, minutes, what, tuple(_section_spec(get["sections"])), rest))
        blocks.append(block)
    if not blocks:
        problems.append(f"{name}: no plan table found (a table needs Minutes, Module and Sections columns)")
    return Plan(path, name, title, blocks, problems)


INTERACTION_ID = re.compile(r"\b([a-z]+-(?:q[0-9][0-9]|c[0-9]|sort[0-9]|w[0-9]))\b")
NOTEBOOK_CALL = re.compile(r'\.(?:quiz|case|sort|weighing)\("([^"]+)"\)')


def interaction_sections(content: Content) -> dict[str, str]:
    """Quiz item, case, sort or values-exercise id -> the id of the section whose notebook heading it sits under."""
    root = content.root.resolve().parent / "notebooks"
    out: dict[str, str] = {}
    for slug, mc in content.modules.items():
        path = root / f"{slug}.ipynb"
        if not path.is_file():
            continue
        by_title = {s.title: s.id for s in mc.module.sections}
        current = None
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] == "markdown":
                for title in re.findall(r"^## (.+?)\s*$", source, re.M):
                    current = by_title.get(title, current)
            elif current:
                for ident in NOTEBOOK_CALL.findall(source):
                    out[ident] = current
    return out


def _clock_minutes(clock: str) -> int | None:
    m = CLOCK.match(clock)
    return int(m.group(1)) * 60 + int(m.group(2)) if m else None


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def check_plan(plan: Plan, content: Content, rule: FormatRule | None = None,
               placement: dict[str, str] | None = None) -> list[str]:
    """Every problem in one plan, each naming the plan and the row; [] when it adds up.

    A module row's minutes must equal its sections' minutes in module.yml; every section of every module must be in
    exactly one session row or pre-work row, so each module's minutes (in sessions plus pre-work) equal its minutes in
    curriculum.yml; each session's rows must add up to the length its heading states; clock times must follow on;
    an item, case or sort a row names must sit in one of that row's sections of the notebook.
    """
    rule = rule if rule is not None else FORMATS.get(plan.path.stem, FormatRule())
    placement = interaction_sections(content) if placement is None else placement
    problems = list(plan.problems)
    sections = {s.id: (mc.slug, s) for mc in content.modules.values() for s in mc.module.sections}
    seen: dict[str, int] = {}
    for block in plan.blocks:
        previous_end = None
        for row in block.rows:
            where = f"{plan.name}, line {row.line} (row '{row.label}')"
            if row.minutes <= 0:
                problems.append(f"{where}: minutes must be more than 0")
            if row.clock is not None:
                start = _clock_minutes(row.clock)
                if start is None:
                    problems.append(f"{where}: clock '{row.clock}' is not a time such as 9:05 or 13:40")
                elif previous_end is not None and start != previous_end:
                    problems.append(f"{where}: starts at {row.clock}, but the row before ends at {_clock(previous_end)}")
                previous_end = None if start is None else start + row.minutes
            if not row.is_module:
                if block.prework:
                    problems.append(f"{where}: pre-work rows name a module, not '{row.what}'")
                if row.sections:
                    problems.append(f"{where}: a '{row.what}' row lists no sections")
                continue
            if row.what not in content.modules:
                problems.append(f"{where}: '{row.what}' is neither a module slug in content/curriculum.yml nor one "
                                f"of {', '.join(KEYWORDS)}")
                continue
            if not row.sections:
                problems.append(f"{where}: list the module's sections this row covers (ids from module.yml)")
                continue
            total = 0
            for sid in row.sections:
                if sid not in sections:
                    problems.append(f"{where}: unknown section '{sid}'")
                    continue
                slug, sec = sections[sid]
                if slug != row.what:
                    problems.append(f"{where}: section '{sid}' belongs to {slug}, not {row.what}")
                total += sec.minutes
                if sid in seen:
                    problems.append(f"{where}: section '{sid}' is already planned on line {seen[sid]}")
                seen.setdefault(sid, row.line)
            if total != row.minutes:
                problems.append(f"{where}: {row.minutes} minutes given, but its sections ({', '.join(row.sections)}) "
                                f"take {total} minutes in module.yml")
            for ident in INTERACTION_ID.findall(row.text):
                if ident in placement and placement[ident] not in row.sections:
                    problems.append(f"{where}: names {ident}, which is in section {placement[ident]}, not in this row")
        if block.stated is not None and block.minutes != block.stated:
            problems.append(f"{plan.name}, line {block.line} (session '{block.title}'): the rows add up to "
                            f"{block.minutes} minutes, but the heading states {block.stated}")
    for sid, (slug, sec) in sections.items():
        if sid not in seen:
            problems.append(f"{plan.name}: section '{sid}' of {slug} ({sec.minutes} minutes) is in no session row and "
                            "not listed as pre-work or homework")
    for entry in content.curriculum.modules:
        planned = plan.minutes_of(entry.slug, prework=False) + plan.minutes_of(entry.slug, prework=True)
        if planned != entry.minutes:
            problems.append(f"{plan.name}: module {entry.slug} has {plan.minutes_of(entry.slug, False)} minutes in "
                            f"sessions and {plan.minutes_of(entry.slug, True)} as pre-work or homework, "
                            f"{planned} in all; curriculum.yml gives {entry.minutes}")
    sessions = plan.sessions
    if rule.sessions is not None and len(sessions) != rule.sessions:
        problems.append(f"{plan.name}: {len(sessions)} sessions found, {rule.sessions} expected")
    if rule.session_minutes is not None:
        for b in sessions:
            if b.stated != rule.session_minutes:
                problems.append(f"{plan.name}, line {b.line} (session '{b.title}'): states {b.stated} minutes; "
                                f"each session of this format is {rule.session_minutes}")
    if rule.contact is not None:
        low, high = rule.contact
        live = plan_totals(plan, rule).live
        if not low <= live <= high:
            problems.append(f"{plan.name}: {live} minutes of contact time (breaks not counted); "
                            f"this format needs {low} to {high}")
    if rule.needs_break and not plan.break_minutes:
        problems.append(f"{plan.name}: no break row; a day needs breaks")
    if rule.needs_check_in and not any(r.what == "check-in" for r in plan.rows()):
        problems.append(f"{plan.name}: no check-in row; self-paced study needs check-ins")
    return problems


def plan_paths(content: Content) -> list[Path]:
    return [guide_root(content) / "plans" / f"{name}.md" for name in FORMATS]


def check_plans(content: Content | None = None) -> dict[str, list[str]]:
    """Problems per plan file in educator_guide/plans/ (an empty list when a plan adds up)."""
    content = content or load()
    out = {}
    for path in plan_paths(content):
        if not path.is_file():
            out[path.stem] = [f"plans/{path.name}: file is missing"]
            continue
        out[path.stem] = check_plan(parse_plan(path, guide_root(content)), content)
    return out


@dataclass(frozen=True)
class PlanTotals:
    """A plan's minutes, by kind. own_study = pre-work or homework, plus self-paced study rows."""

    sessions: int
    live: int  # with the facilitator, breaks not counted
    live_modules: int  # module minutes taught live
    facilitated: int  # welcome, check-in and wrap-up
    breaks: int
    own_study: int

    @property
    def module_minutes(self) -> int:
        return self.live_modules + self.own_study


def plan_totals(plan: Plan, rule: FormatRule | None = None) -> PlanTotals:
    rule = rule if rule is not None else FORMATS.get(plan.path.stem, FormatRule())
    session_modules = sum(r.minutes for r in plan.rows(prework=False) if r.is_module)
    facilitated = sum(r.minutes for r in plan.rows(prework=False) if not r.is_module and r.what != "break")
    live_modules = session_modules if rule.live_modules else 0
    return PlanTotals(len(plan.sessions), live_modules + facilitated, live_modules, facilitated, plan.break_minutes,
                      plan.prework_minutes + session_modules - live_modules)
