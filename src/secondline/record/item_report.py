"""The item analysis in the cohort report: a section of HTML (items and objectives named in words), a plot of
difficulty against discrimination, and item-analysis.csv. The figures come from item_analysis.py (pure)."""

from __future__ import annotations

from collections.abc import Sequence

from ..templating import render
from .exports import short
from .item_analysis import FLAG_WORDS, LOW_DISCRIMINATION, MIN_LEARNERS, TOO_EASY, TOO_HARD, ItemStat
from .plots import Plot, figure_bytes

PROMPT_SHOWN = 160  # characters of a question shown in the report's table (the CSV keeps all of it)


def mathtext_safe(text: str) -> str:
    """Text for a matplotlib label: a $ would start mathtext, so every $ is escaped."""
    return text.replace("$", r"\$")


def plot(stats: Sequence[ItemStat]) -> Plot | None:
    """Difficulty against discrimination, one point per item with enough answers; the flag zones shaded."""
    shown = [s for s in stats if s.learners >= MIN_LEARNERS and s.difficulty is not None
             and s.discrimination is not None]
    if not shown:
        return None
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"svg.hashsalt": "secondline", "svg.fonttype": "path", "font.size": 9,
                                "axes.spines.top": False, "axes.spines.right": False}):
        fig = Figure(figsize=(7.5, 4.2), layout="constrained")
        ax = fig.add_subplot()
        low = min(-0.2, min(s.discrimination for s in shown) - 0.05)
        ax.axvspan(0, TOO_HARD, color="#f3e3e3", zorder=0)
        ax.axvspan(TOO_EASY, 1.0, color="#f3e3e3", zorder=0)
        ax.axhspan(low, LOW_DISCRIMINATION, color="#f3e3e3", zorder=0)
        flagged = [s for s in shown if s.flags]
        fine = [s for s in shown if not s.flags]
        ax.scatter([s.difficulty for s in fine], [s.discrimination for s in fine], s=18, color="#0b4f8a",
                   marker="o", label="no flag")
        ax.scatter([s.difficulty for s in flagged], [s.discrimination for s in flagged], s=26, color="#a3161a",
                   marker="^", label="flagged: see the table")
        for s in flagged if len(flagged) <= 30 else ():  # more would be unreadable: the table names them all
            ax.annotate(mathtext_safe(s.item), (s.difficulty, s.discrimination), fontsize=7,
                        xytext=(3, 3), textcoords="offset points")
        ax.set_xlim(0, 1)
        ax.set_ylim(low, 1)
        ax.set_xlabel("Difficulty: share choosing the best answer first time (shaded: under 0.2 or over 0.9)")
        ax.set_ylabel("Discrimination (point-biserial)")
        ax.legend(frameon=False, loc="upper left")
        alt = (f"Scatter plot of {len(shown)} items: difficulty from {min(s.difficulty for s in shown):.2f} to "
               f"{max(s.difficulty for s in shown):.2f}, discrimination from "
               f"{min(s.discrimination for s in shown):.2f} to {max(s.discrimination for s in shown):.2f}; "
               f"{len(flagged)} flagged: {', '.join(s.item for s in flagged) or 'none'}.")
        return figure_bytes(fig, alt, "item-analysis")


def section_html(stats: Sequence[ItemStat], figure: Plot | None) -> str:
    """The report's item-analysis section (templates/item-analysis.html.j2): what the figures mean, the plot, and
    every flagged item in words."""
    flagged = [s for s in stats if s.flags]
    counts = {f: sum(f in s.flags for s in flagged) for f in FLAG_WORDS}
    return render(__package__, "item-analysis.html.j2", stats=stats, figure=figure, flagged=flagged,
                  groups=list(dict.fromkeys(s.group for s in stats)), low_discrimination=LOW_DISCRIMINATION,
                  min_learners=MIN_LEARNERS, counts="; ".join(f"{n} {FLAG_WORDS[f]}" for f, n in counts.items() if n),
                  short=short, prompt_shown=PROMPT_SHOWN, two=_f)


def _f(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"
