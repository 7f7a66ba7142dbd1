"""What every edition shares: BuildError, the progress bar, what an edition wrote (and the summary table), and
choosing modules."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..content.course import Content


class BuildError(RuntimeError):
    """A problem that stops one edition (missing Chromium, npm, a bad --modules value); its message is one line."""


# --------------------------------------------------------------------------- progress and the summary


class Progress:
    """A plain text progress bar on stderr (redrawn in place on a terminal, one line per step otherwise)."""

    def __init__(self, total: int = 0, stream=None, width: int = 28, enabled: bool = True):
        self.total, self.done, self.width, self.enabled = total, 0, width, enabled
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def add(self, n: int) -> None:
        self.total += n

    def step(self, label: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        total = max(self.total, self.done, 1)
        filled = round(self.width * self.done / total)
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {self.done}/{total} {label}"
        if self.tty:
            self.stream.write("\r\033[K" + line + ("\n" if self.done >= total else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def message(self, text: str) -> None:
        """A line that must not be overwritten by the bar (errors); silent when disabled, like the bar."""
        if not self.enabled:
            return
        if self.tty:
            self.stream.write("\r\033[K")
        self.stream.write(text + "\n")
        self.stream.flush()


@dataclass
class Edition:
    """What one edition wrote: its folder, its files and how long it took."""

    name: str
    folder: Path
    files: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def size(self) -> int:
        return sum(p.stat().st_size for p in self.files if p.is_file())


@dataclass
class BuildResult:
    out: Path
    editions: list[Edition] = field(default_factory=list)
    executions: list = field(default_factory=list)  # list[execute.Executed]
    translated: dict = field(default_factory=dict)  # lang -> list[execute.Executed] of its translated notebooks
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    def edition(self, name: str) -> Edition:
        return next(e for e in self.editions if e.name == name)

    def table(self) -> str:
        """The summary: what was written where, with sizes and seconds, then each notebook's execution."""
        rows = [("edition", "folder", "files", "size", "seconds")]
        for e in self.editions:
            rows.append((e.name, _rel(e.folder), str(len(e.files)), human_size(e.size), f"{e.seconds:.1f}"))
        for lang, runs in [("", self.executions), *self.translated.items()]:
            for x in runs:
                state = "failed" if x.error else ("cached" if x.cached else "executed")
                what = f"notebook {lang} ({state})" if lang else f"notebook ({state})"
                rows.append((what, _rel(x.path) if x.path else x.slug, "", "", f"{x.seconds:.1f}"))
        files = [f for e in self.editions for f in e.files]
        size = sum(e.size for e in self.editions)
        rows.append(("total", _rel(self.out), str(len(files)), human_size(size), f"{self.seconds:.1f}"))
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines = ["  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
                 for r in rows]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(line.rstrip() for line in lines)


def human_size(n: float) -> str:
    if n < 1000:
        return f"{n:.0f} B"
    for unit in ("kB", "MB", "GB"):
        n /= 1000
        if n < 1000 or unit == "GB":
            break
    return f"{n:.1f} {unit}"


def _rel(path: Path) -> str:
    """Relative to the working folder when it is inside it, else absolute."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


# --------------------------------------------------------------------------- choosing modules


def select_modules(content: Content, wanted: Iterable[str] | None) -> list[str]:
    """Slugs in curriculum order; each wanted entry is a full slug or its two-digit number ("01")."""
    slugs = [e.slug for e in content.curriculum.modules]
    if not wanted:
        return slugs
    picked = set()
    for w in wanted:
        for part in str(w).split(","):
            part = part.strip().removesuffix(".ipynb")
            if not part:
                continue
            match = [s for s in slugs if s == part or s[:2] == part.zfill(2)]
            if not match:
                raise BuildError(f"no module '{part}' in content/curriculum.yml (known: {', '.join(slugs)})")
            picked.update(match)
    return [s for s in slugs if s in picked]


def project_root(content: Content) -> Path:
    """The repository: the folder holding content/, notebooks/ and package.json."""
    return content.root.resolve().parent
