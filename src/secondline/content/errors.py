"""ContentError: a problem in one content file, named by file, item id, field and line, always on one line."""

from __future__ import annotations

from pathlib import Path


class ContentError(ValueError):
    """A problem in one content file, named by file, item id, field and line."""

    def __init__(self, path: Path | str, message: str, item: str | None = None, field: str | None = None,
                 line: int | None = None):
        self.path, self.message, self.item, self.field, self.line = Path(path), message, item, field, line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = display_path(self.path) + (f":{self.line}" if self.line else "")
        what = ", ".join(x for x in (f"item {self.item}" if self.item else "",
                                     f"field {self.field}" if self.field else "") if x)
        # one line, whatever a file name or a key holds
        return one_line(f"{where}: {what + ': ' if what else ''}{self.message}")


class ContentProblems(ContentError):
    """Every problem load() found (two or more), one ContentError each; it reads as the first, and prints as
    one line per problem."""

    def __init__(self, problems: list[ContentError]):
        self.problems = list(problems)
        first = self.problems[0]
        super().__init__(first.path, first.message, item=first.item, field=first.field, line=first.line)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def one_line(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n")


def display_path(path: Path) -> str:
    try:
        # the folder resolved, not the file: a link that loops has no resolved path (RuntimeError before 3.13)
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):
        return str(path)
