"""Figure: cited trial numbers as an accessible HTML/CSS bar chart, with the 'not a prognosis' caveat up front."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
import yaml

from secondline.content.errors import ContentError
from secondline.content.load import load
from secondline.content.schema import Figure, Figures, Source, SourceCheck
from secondline.notebook import ModuleBook
from secondline.views.static.figure import CAVEAT_HEAD, decimals, render, widths

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "_build" / "screenshots"
REAL = ROOT / "content" / "modules" / "02-what-to-expect" / "figures.yml"
M01 = "modules/01-lines-of-treatment"
CAVEAT = "Historic medians from selected trial patients; they show a trend and are not anyone's prognosis."

FIXTURE = f"""\
figures:
  - id: lines-f1
    title: Same patients, first line then second line (fictional numbers for the test)
    measure: Median progression-free survival
    unit: months
    caveat: "{CAVEAT}"
    bars:
      - {{label: First line, value: 8.5, source: trial-a}}
      - {{label: Second line, value: 4.2, source: trial-a}}
      - {{label: First line again, value: 8.0, source: trial-b}}
      - {{label: Second line again, value: 2.5, source: trial-b}}
"""


def source(ident: str, doi: str) -> Source:
    return Source(id=ident, authors=f"{ident.title()} A, Other B", title="A trial", venue="J Test", year=2004,
                  doi=doi, checked=SourceCheck(extent="abstract", date=dt.date(2025, 1, 1), link="confirmed"))


SOURCES = {"trial-a": source("trial-a", "10.1000/a.1"), "trial-b": source("trial-b", "10.1000/b.2")}


@pytest.fixture(scope="module")
def fig() -> Figure:
    return Figures.model_validate(yaml.safe_load(FIXTURE)).figures[0]


def bar_widths(out: str) -> list[float]:
    return [float(w) for w in re.findall(r'class="sl-bar" style="width: ([\d.]+)%"', out)]


# ---------------------------------------------------------------- numbers

def test_widths_are_proportional_and_start_at_zero():
    """Is each bar's width its value over the largest value (so a bar twice as long means twice the number)?"""
    assert widths([8.5, 4.25, 0]) == [100.0, 50.0, 0.0]
    assert widths([0, 0]) == [0.0, 0.0] and widths([]) == []


def test_decimals_keep_every_value_comparable():
    """Is 8.0 printed as 8.0 next to 8.5, and whole numbers without a decimal point?"""
    assert decimals([8.5, 8.0]) == 1 and decimals([10, 6]) == 0 and decimals([1.25, 3.0]) == 2


# ---------------------------------------------------------------- the rendered chart

def test_every_label_and_value_is_printed_as_text(fig):
    """Is every bar's label and value (with its unit) in the HTML as words, not only as a bar length?"""
    text = html.unescape(render(fig, SOURCES))
    for bar in fig.bars:
        assert bar.label in text and f"{bar.value:.1f} months" in text
    assert "8.0 months" in text  # not "8 months" next to "8.5 months"


def test_bar_widths_follow_the_values(fig):
    """Are the drawn widths proportional to the values, with the largest at 100%?"""
    drawn = bar_widths(render(fig, SOURCES))
    top = max(b.value for b in fig.bars)
    assert len(drawn) == len(fig.bars) and max(drawn) == 100.0
    for width, bar in zip(drawn, fig.bars, strict=True):
        assert width == pytest.approx(100 * bar.value / top, abs=0.01)


def test_caption_names_title_measure_and_unit(fig):
    """Does the <figcaption> give the title, the measure and the unit?"""
    cap = re.search(r"<figcaption[^>]*>(.*?)</figcaption>", render(fig, SOURCES), re.S).group(1)
    assert fig.title in cap and "Median progression-free survival, in months" in cap


def test_caveat_comes_first_in_words_with_an_icon(fig):
    """Is the caveat shown before the bars, as a note with a heading in words and an icon?"""
    out = render(fig, SOURCES)
    note = re.search(r'<div class="sl-caveat" role="note">(.*?)</div>', out, re.S)
    assert note and out.index("sl-caveat") < out.index("<table")
    assert CAVEAT_HEAD in note.group(1) and "⚠" in note.group(1) and html.escape(CAVEAT, quote=True) in note.group(1)


def test_chart_is_a_table_a_screen_reader_can_read(fig):
    """Is the chart a table with a caption, column headers and one row header per bar (bars hidden from AT)?"""
    out = render(fig, SOURCES)
    assert '<figure class="sl sl-figure" data-sl-kind="figure" data-sl-id="lines-f1"' in out
    assert re.search(r'<caption class="sl-visually-hidden">Median progression-free survival in months', out)
    assert out.count('<th scope="col">') == 3 and out.count('<th scope="row"') == len(fig.bars)
    assert out.count('<span class="sl-bar-track" aria-hidden="true">') == len(fig.bars)


def test_no_script_images_or_plotting(fig):
    """Is the chart plain HTML and CSS: no script, image, canvas or SVG?"""
    out = render(fig, SOURCES)
    for tag in ("<script", "<img", "<canvas", "<svg"):
        assert tag not in out
    assert "<style>" in out and "<style>" not in render(fig, SOURCES, style=False)


def test_sources_are_linked_and_named_per_row_when_they_differ(fig):
    """Are the sources linked below the chart, and named on each row when bars come from different trials?"""
    out = render(fig, SOURCES, style=False)
    assert 'href="https://doi.org/10.1000/a.1"' in out and 'href="https://doi.org/10.1000/b.2"' in out
    assert out.count('class="sl-bar-source"') == len(fig.bars) and "Trial-B A 2004" in out
    one = fig.model_copy(update={"bars": [b.model_copy(update={"source": "trial-a"}) for b in fig.bars]})
    single = render(one, SOURCES, style=False)
    assert "sl-bar-source" not in single and single.count('<th scope="col">') == 2
    assert single.count("doi.org/10.1000/a.1") == 1


def test_text_is_escaped(fig):
    """Is every piece of content text escaped, so markup cannot run?"""
    evil = "<script>alert(1)</script>"
    bars = [fig.bars[0].model_copy(update={"label": evil}), *fig.bars[1:]]
    bad = fig.model_copy(update={"title": evil, "measure": evil, "unit": evil, "caveat": evil + CAVEAT, "bars": bars})
    out = render(bad, SOURCES, style=False)
    assert "<script" not in out and out.count("&lt;script&gt;") >= 5


def test_prints_with_bars_and_on_one_page():
    """Does the stylesheet keep the bar fills when printing and keep a figure on one page?"""
    from secondline.views.static import asset

    css = asset("style.css")
    assert re.search(r"\.sl-figure \.sl-bar \{[^}]*print-color-adjust: exact", css)
    assert re.search(r"\.sl-figure \{[^}]*break-inside: avoid", css)


# ---------------------------------------------------------------- content errors and the facade

def fixture_with_real_sources(content_root: Path) -> dict:
    data = yaml.safe_load(FIXTURE)
    known = yaml.safe_load((content_root / "sources.yml").read_text())[0]["id"]
    for bar in data["figures"][0]["bars"]:
        bar["source"] = known
    return data


def figure_error(tmp01, fn) -> ContentError:
    data = fixture_with_real_sources(tmp01.root)
    fn(data["figures"][0])
    tmp01.write(f"{M01}/figures.yml", yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    with pytest.raises(ContentError) as info:
        load(tmp01.root)
    return info.value


@pytest.mark.parametrize(("change", "field", "words"), [
    (lambda f: f["bars"][2].update(source="nobody-2099"), "bars[2].source", "unknown source 'nobody-2099'"),
    (lambda f: f.update(caveat="Not a prognosis."), "caveat", "at least 40 characters"),
    (lambda f: f["bars"][1].update(value=-1), "bars[1].value", "greater than or equal to 0"),
    (lambda f: f.update(bars=f["bars"][:1]), "bars", "at least 2 items"),
    (lambda f: f.update(colour="red"), "colour", "not permitted"),
])
def test_bad_figure_is_named(tmp01, change, field, words):
    """Does a bad figure fail with the file, the figure id, the field and a line number?"""
    err = figure_error(tmp01, change)
    assert err.item == "lines-f1" and err.field == field and err.line and words in str(err)
    assert "figures.yml" in str(err)


def test_figure_id_needs_the_module_prefix(tmp01):
    """Is a figure id without the module's 'lines-f' prefix refused?"""
    err = figure_error(tmp01, lambda f: f.update(id="chart-1"))
    assert "should start with 'lines-f'" in str(err)


def test_facade_renders_the_figure(tmp01):
    """Does m.figure(id) display this static chart (styled by the module header above it, not by a copy of its own)?"""
    data = fixture_with_real_sources(tmp01.root)
    tmp01.write(f"{M01}/figures.yml", yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    content = load(tmp01.root)
    shown = ModuleBook("01-lines-of-treatment", content).figure("lines-f1")
    fig = content.module("01-lines-of-treatment").find("figures", "lines-f1")
    assert shown._repr_html_() == render(fig, content.sources, style=False)


def test_drafted_figures_render(content):
    """Do the drafted module 02 figures (when they load) render with every value and their caveat?"""
    mc = content.modules.get("02-what-to-expect")
    if mc is None or not mc.figures:
        pytest.skip(f"no figures loaded from {REAL.relative_to(ROOT)} yet")
    for fig in mc.figures:
        text = html.unescape(render(fig, content.sources))
        assert fig.caveat in text and all(b.label in text for b in fig.bars)


# ---------------------------------------------------------------- in a real browser

def test_browser_bars_measure_true_and_read_as_a_table(tmp_path, fig):
    """In Chromium, are drawn bar lengths proportional, the numbers readable as table cells, and fills kept in print?"""
    from browser import browser_page

    page_file = tmp_path / "figure.html"
    page_file.write_text(f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Figure</title></head>'
                         f"<body>{render(fig, SOURCES)}</body></html>", encoding="utf-8")
    with browser_page() as page:
        page.goto(page_file.as_uri())
        bars = page.locator(".sl-bar")
        px = [bars.nth(i).bounding_box()["width"] for i in range(bars.count())]
        for width, bar in zip(px, fig.bars, strict=True):
            assert width / px[0] == pytest.approx(bar.value / fig.bars[0].value, rel=0.02)
        table = page.get_by_role("table")
        for bar in fig.bars:
            row = table.get_by_role("row", name=re.compile(re.escape(bar.label)))
            assert f"{bar.value:.1f} months" in row.first.inner_text()
        assert page.get_by_role("note").inner_text().startswith("⚠" + CAVEAT_HEAD)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.locator("figure").screenshot(path=str(SHOTS / "static-figure.png"))
        page.emulate_media(media="print")
        assert bars.first.evaluate("b => getComputedStyle(b).printColorAdjust") == "exact"
        assert bars.first.evaluate("b => getComputedStyle(b).borderTopStyle") == "solid"
