"""`python -m secondline.guide [OUT]`: check the plans, then write the built guide (default _build/guide)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..content.load import load
from .ce_packet import contact_hours, curriculum_minutes
from .pages import write_guide
from .plans import check_plans


def main(argv: list[str] | None = None) -> int:
    """`python -m secondline.guide [OUT]`: check the plans, then write the built guide (default _build/guide)."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else Path("_build") / "guide"
    content = load()
    problems = [p for ps in check_plans(content).values() for p in ps]
    for p in problems:
        print(f"plan problem: {p}", file=sys.stderr)
    files = write_guide(out, content)
    print(f"educator guide: {len(files)} files in {out}; contact hours "
          f"{contact_hours(curriculum_minutes(content)):.2f} ({curriculum_minutes(content)} minutes)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
