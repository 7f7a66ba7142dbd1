"""The benchmark's rows and how they are written: a plain text table for the terminal and markdown for
benchmarks/results.md."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

KB, MB = 1000, 1000 * 1000


# --------------------------------------------------------------------------- rows and the table


@dataclass
class Row:
    """One line of the table: its values (seconds, ms or bytes), an optional ratio and the target it is held to."""

    name: str
    values: list[float] = field(default_factory=list)
    unit: str = "s"  # s, ms or B
    target: float | None = None  # compared with the ratio when `versus` is set, else with the median (or max)
    versus: str | None = None  # the row this one is a ratio against
    ratio: float | None = None
    worst: bool = False  # hold the maximum (not the median) to the target: page weights
    load: float | None = None  # 1-minute load average when the row was measured
    note: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.values) if self.values else None

    @property
    def met(self) -> bool | None:
        if self.target is None or not self.values:
            return None
        if self.versus:
            return self.ratio is not None and self.ratio <= self.target
        return (max(self.values) if self.worst else self.median) <= self.target


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "B":
        return f"{value / MB:.2f} MB" if value >= MB else f"{value / KB:.1f} kB"
    if unit == "ms":
        return f"{value:.1f} ms"
    return f"{value:.2f} s"


def target_text(row: Row) -> str:
    if row.target is None:
        return ""
    if row.versus:
        return f"<= {row.target:g}x"
    return ("max " if row.worst else "") + "<= " + fmt(row.target, row.unit)


def cells(row: Row) -> list[str]:
    values = row.values
    met = {True: "yes", False: "NO", None: ""}[row.met]
    return [row.name, fmt(row.median, row.unit), fmt(min(values) if values else None, row.unit),
            fmt(max(values) if values else None, row.unit), str(len(values)),
            f"{row.ratio:.2f}x" if row.ratio is not None else "", target_text(row), met,
            f"{row.load:.2f}" if row.load is not None else "", row.note]


HEADER = ["measure", "median", "min", "max", "runs", "ratio", "target", "met", "load", "note"]


def table(rows: list[Row]) -> str:
    """A plain text table for the terminal."""
    body = [HEADER, *[cells(r) for r in rows]]
    widths = [max(len(line[i]) for line in body) for i in range(len(HEADER))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in body]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(rows: list[Row]) -> str:
    def esc(text: str) -> str:
        return text.replace("|", "\\|")

    out = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    out += ["| " + " | ".join(esc(c) for c in cells(r)) + " |" for r in rows]
    return "\n".join(out)
