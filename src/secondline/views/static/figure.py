"""Static figure: cited trial numbers as an accessible horizontal bar chart in plain HTML and CSS (no JS, no images).

The chart is a real <table> (row header = label, cell = bar + the number as text), so a screen reader reads the
same numbers a sighted reader sees, and it prints: the numbers are text, and each bar has a border as well as a fill.
The caveat comes before the bars, in words with an icon: these are historic medians, never anyone's prognosis.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...content.words import N_, _
from . import asset, esc, lang_attr, source_links

if TYPE_CHECKING:
    from ...content.schema import Figure, Source

# Words shown inside the HTML below (N_ here, so the catalog finds them; _() where shown).
SOURCES = N_("Sources:")
MEASURE_IN_UNIT = N_("%(measure)s, in %(unit)s")
MEASURE_IN_UNIT_ONE = N_("%(measure)s in %(unit)s, one row per group; bars start at zero")

CAVEAT_HEAD = N_("Not a prognosis")


def decimals(values: list[float]) -> int:
    """How many decimals the figure needs so every value keeps its precision (8.0 next to 8.5 prints as 8.0)."""
    return max((len(f"{v:.6f}".rstrip("0").split(".")[1]) for v in values), default=0)


def widths(values: list[float]) -> list[float]:
    """Each bar's width in percent of the longest bar; bars start at zero, so widths are proportional to values."""
    top = max(values, default=0)
    return [round(100 * v / top, 2) if top > 0 else 0.0 for v in values]


def _short(src: Source) -> str:
    return f"{src.authors.split(',')[0]} {src.year}"


def caption_sources(distinct: list[Source]) -> str:
    """The caption's sources: author-year links to the module's References list (`#ref-<id>`), so the chart says
    where its numbers come from where it is shown; the DOI links below the chart go to the publishers."""
    links = "; ".join(f'<a href="#ref-{esc(s.id)}">{esc(_short(s))}</a>' for s in distinct)
    return f'<span class="sl-figure-sources">{esc(_(SOURCES))} {links}</span>'


def render(fig: Figure, sources: dict[str, Source], style: bool = True) -> str:
    cited = [sources[b.source] for b in fig.bars]
    distinct = list({s.id: s for s in cited}.values())
    many = len(distinct) > 1  # with one source the column would repeat itself; it is listed below the chart
    places = decimals([b.value for b in fig.bars])
    uid = f"sl-fig-{fig.id}"
    rows = "".join(
        f'<tr><th scope="row" class="sl-bar-label">{esc(b.label)}</th>'
        f'<td class="sl-bar-cell"><div class="sl-bar-row"><span class="sl-bar-track" aria-hidden="true">'
        f'<span class="sl-bar" style="width: {w}%"></span></span>'
        f'<span class="sl-bar-value">{b.value:.{places}f} {esc(fig.unit)}</span></div></td>'
        + (f'<td class="sl-bar-source">{esc(_short(src))}</td>' if many else "") + "</tr>"
        for b, w, src in zip(fig.bars, widths([b.value for b in fig.bars]), cited, strict=True))
    head = "".join(f'<th scope="col"><span class="sl-visually-hidden">{esc(h)}</span></th>'
                   for h in [_("Group"), f"{fig.measure} ({fig.unit})", *([_("Source")] if many else [])])
    return (
        f'<figure class="sl sl-figure" data-sl-kind="figure" data-sl-id="{esc(fig.id)}" aria-labelledby="{uid}-cap"{lang_attr()}>'
        f'<figcaption id="{uid}-cap"><span class="sl-figure-title">{esc(fig.title)}</span>'
        f'<span class="sl-figure-measure">{esc(_(MEASURE_IN_UNIT) % {"measure": fig.measure, "unit": fig.unit})}'
        f"</span>{caption_sources(distinct)}"
        "</figcaption>"
        f'<div class="sl-caveat" role="note"><p class="sl-caveat-head"><span class="sl-icon" aria-hidden="true">⚠</span>'
        f"{esc(_(CAVEAT_HEAD))}</p><p>{esc(fig.caveat)}</p></div>"
        f'<table class="sl-bars"><caption class="sl-visually-hidden">'
        f'{esc(_(MEASURE_IN_UNIT_ONE) % {"measure": fig.measure, "unit": fig.unit})}'
        f"</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        f"{source_links(distinct)}</figure>" + (f"<style>{asset('style.css')}</style>" if style else "")
    )
