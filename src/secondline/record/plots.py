"""The cohort report's plots, drawn with matplotlib (imported only when a report is made, so `import secondline`
stays fast): pre vs post per objective, and the spread of normalized gains. Text from an export is never mathtext."""

from __future__ import annotations

import base64
import io
import statistics
from dataclasses import dataclass

from .cohort import Cohort, ObjectiveStat
from .exports import short, shown

LABEL_CHARS, LABEL_LINE = 90, 52  # an objective on a chart: two lines of 52 characters (90 in its alt text)


@dataclass
class Plot:
    name: str
    png: bytes
    svg: str
    alt: str

    @property
    def data_uri(self) -> str:
        """The SVG as a data: URI, so the report page carries its plots inside it."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")


def figure_bytes(fig, alt: str, name: str) -> Plot:
    import warnings

    png, svg = io.BytesIO(), io.BytesIO()
    with warnings.catch_warnings():  # a character the font lacks (from an export) is drawn as a box, quietly
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        fig.savefig(png, format="png", dpi=150, metadata={"Software": None})
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    return Plot(name, png.getvalue(), svg.getvalue().decode("utf-8"), alt)


def plots(c: Cohort) -> list[Plot]:
    """Pre vs post per objective, and the spread of normalized gains; none when there is nothing to plot."""
    if not c.learners:
        return []
    import matplotlib
    from matplotlib.figure import Figure

    out = []
    # text.parse_math off: an objective key from an export such as "$\\foo$" is text, never mathtext (which
    # raised and killed the whole report)
    with matplotlib.rc_context({"svg.hashsalt": "secondline", "svg.fonttype": "path", "font.size": 9,
                                "axes.spines.top": False, "axes.spines.right": False, "text.parse_math": False}):
        stats = [s for s in c.objectives if s.pre[1] or s.post[1]]
        if stats:
            labels = [objective_label(s) for s in stats][::-1]
            pre = [ObjectiveStat.pct(s.pre) or 0 for s in stats][::-1]
            post = [ObjectiveStat.pct(s.post) or 0 for s in stats][::-1]
            fig = Figure(figsize=(7.5, 0.1 + sum(0.16 * (label.count("\n") + 1) + 0.16 for label in labels) + 1.1),
                         layout="constrained")
            ax = fig.add_subplot()
            y = range(len(labels))
            bars = [ax.barh([i + 0.2 for i in y], pre, height=0.4, color="#9ab8d6", edgecolor="#0b4f8a",
                            hatch="///", label="Pre-test"),
                    ax.barh([i - 0.2 for i in y], post, height=0.4, color="#0b4f8a", edgecolor="#0b4f8a",
                            label="Post-test")]
            for b in bars:  # the number at each bar's end, so a 0% bar is seen as 0, not as missing
                ax.bar_label(b, fmt="%.0f%%", fontsize=7, padding=2)
            ax.set_yticks(list(y), labels)
            ax.set_xlim(0, 109)
            ax.set_xticks(range(0, 101, 20))
            ax.set_xlabel("Learners' answers correct (%)")
            ax.xaxis.grid(True, color="#dddddd")
            ax.set_axisbelow(True)
            ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False)
            alt = "Bar chart of percent correct per objective, pre-test and post-test: " + "; ".join(
                f"{objective_label(s, wrap=False)}: {percent_text(ObjectiveStat.pct(s.pre))} before, {percent_text(ObjectiveStat.pct(s.post))} after"
                for s in stats) + "."
            out.append(figure_bytes(fig, alt, "pre-post-by-objective"))
        gains = c.gains
        if gains:
            low, high = -1.0, 1.0
            clipped = [min(max(g, low), high) for g in gains]
            fig = Figure(figsize=(7.5, 2.8), layout="constrained")
            ax = fig.add_subplot()
            bins = [round(low + 0.1 * i, 1) for i in range(21)]
            ax.hist(clipped, bins=bins, color="#0b4f8a", edgecolor="white")
            mean, median = statistics.fmean(gains), statistics.median(gains)
            ax.axvline(mean, color="#a3161a", linestyle="--", linewidth=1.5, label=f"mean {mean:+.2f}")
            ax.axvline(median, color="#1a1a1a", linestyle=":", linewidth=1.5, label=f"median {median:+.2f}")
            ax.set_xlim(low, high)
            ax.set_xlabel("Normalized gain, (post − pre) ÷ (100 − pre)")
            ax.set_ylabel("Learners")
            ax.yaxis.get_major_locator().set_params(integer=True)
            ax.legend(frameon=False, loc="upper left")
            outside = sum(g != x for g, x in zip(gains, clipped, strict=True))
            if outside:
                ax.set_title(f"{outside} gain{'s' * (outside > 1)} below −1 shown at −1", fontsize=8, loc="left")
            alt = (f"Histogram of {len(gains)} learners' normalized gains from {min(gains):+.2f} to "
                   f"{max(gains):+.2f}; mean {mean:+.2f}, median {median:+.2f}.")
            out.append(figure_bytes(fig, alt, "normalized-gains"))
    return out


def objective_label(s: ObjectiveStat, wrap: bool = True) -> str:
    """An objective named in words for a chart: its module and the start of its text, on two short lines."""
    import textwrap

    words = shown(short(s.text, LABEL_CHARS) if not wrap else " ".join(s.text.split()))
    label = f"{s.module}: {words}" if s.module else words
    if not wrap:
        return label
    # long words are broken too: one unbroken word from an export must not widen the chart until its axes vanish
    lines = textwrap.wrap(label, LABEL_LINE) or [""]
    if len(lines) > 2:
        lines = [lines[0], lines[1].rstrip(" ,;:.…") + "…"]
    return "\n".join(lines)


def percent_text(x: float | None) -> str:
    return "—" if x is None else f"{x:g}%"


def gain_text(x: float | None) -> str:
    return "—" if x is None else f"{x:+.2f}"
