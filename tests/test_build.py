"""`secondline build`: the site, slides and handouts, built from one source into a temporary folder and read back.

One build (modules 01 and 04, every edition) is shared by this file and test_browser_editions.py.
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
import time
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from browser import require_tool
from secondline.editions.build import build
from secondline.editions.common import BuildError, Progress, select_modules
from secondline.editions.execute import execute_all
from secondline.editions.site import fix_links, is_facilitator
from secondline.views.static import runtime_tags

ROOT = Path(__file__).resolve().parents[1]
# Build every module once per test session: "every page and every deck" is checked, not a sample.
MODULES = tuple(sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb")))
CDNS = ("unpkg", "cdnjs", "jsdelivr", "googleapis")
TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".ipynb", ".txt", ".md"}


@functools.cache
def shared_build(base: Path):
    """The one build every test reuses: modules 01 and 04, all editions, timed."""
    out = base / "_build"
    start = time.perf_counter()
    result = build(["all"], out=out, modules=MODULES)
    result.wall = time.perf_counter() - start
    print(f"\nshared build: {result.wall:.1f} s\n{result.table()}")
    return result


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    return shared_build(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="session")
def out(built) -> Path:
    return built.out


# --------------------------------------------------------------------------- HTML reading helpers


class Doc(HTMLParser):
    """The parts of a page the tests look at: tags with attributes, ids, links and visible text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag in ("script", "style", "template"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)

    def all(self, tag: str) -> list[dict]:
        return [a for t, a in self.tags if t == tag]

    @property
    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.tags if a.get("id")}

    @property
    def plain(self) -> str:
        return " ".join(" ".join(self.text).split())


def read(path: Path) -> Doc:
    return Doc(path.read_text(encoding="utf-8"))


def plain_markdown(source: str) -> str:
    """Markdown as the words a reader sees (for finding a cell's text in a page)."""
    return " ".join(re.sub(r"[*_`#>]", "", source).split())


def facilitator_snippets(slug: str) -> list[str]:
    nb = nbformat.read(ROOT / "notebooks" / f"{slug}.ipynb", as_version=4)
    return [plain_markdown(c.source)[:60] for c in nb.cells if is_facilitator(c) and c.source.strip()]


def site_pages(out: Path) -> list[Path]:
    return sorted((out / "site").glob("*.html"))


def all_files(out: Path) -> list[Path]:
    """Every file a learner's browser opens in the site, slides, handouts and review editions. The lite edition is
    not scanned by name: Pyodide's and JupyterLite's own scripts name CDNs as unused defaults; its configuration is
    checked by the build (editions/lite.py: cdn_urls) and its requests in Chromium (test_browser_lite.py)."""
    return [p for p in out.rglob("*") if p.is_file() and not {"executed", "lite"} & set(p.relative_to(out).parts)]


# --------------------------------------------------------------------------- the build as a whole


def test_build_succeeds_and_reports(built, out):
    """Does `build all` finish without errors and report each edition's folder, files, size and seconds?"""
    assert built.ok, built.errors
    assert [e.name for e in built.editions] == ["site", "slides", "handouts", "review", "lite", "scorm"]
    table = built.table()
    for e in built.editions:
        assert e.files and e.size > 0 and e.name in table
    assert [x.slug for x in built.executions] == list(MODULES)
    assert all(x.path and x.path.parent == out / "executed" for x in built.executions)


def test_executed_notebooks_are_cached(built, out):
    """Is each notebook executed once and reused (from _build/executed/) by a later build?"""
    again = execute_all(ROOT, list(MODULES), out / "executed")
    assert all(x.cached and x.error is None for x in again)
    assert [x.path for x in again] == [x.path for x in built.executions]
    nb = nbformat.read(again[0].path, as_version=4)
    assert "widgets" not in nb.metadata  # executed without widget state: outputs keep their static twin


def test_select_modules_by_slug_or_number(content):
    """Can --modules name a module by slug or two-digit number, and is a wrong name one clear error?"""
    assert select_modules(content, ["04", "01-lines-of-treatment"]) == ["01-lines-of-treatment", "04-preparing-for-the-visit"]
    assert select_modules(content, None) == [e.slug for e in content.curriculum.modules]
    with pytest.raises(BuildError, match="no module '99'"):
        select_modules(content, ["99"])


# --------------------------------------------------------------------------- the site


def test_site_pages_have_shell(out, content):
    """Has every site page lang="en", a title, a skip link to <main>, the contents and prev/next links that exist?"""
    pages = site_pages(out)
    names = {p.name for p in pages}
    assert names == {"index.html", "glossary.html", "references.html", *(f"{m}.html" for m in MODULES)}
    for page in pages:
        html = page.read_text()
        doc = Doc(html)
        assert doc.all("html")[0].get("lang") == "en", page.name
        assert re.search(r"<title>[^<]{5,}</title>", html), page.name
        skip = doc.all("a")[0]
        assert skip.get("href") == "#main" and "main" in doc.ids
        rels = {a["rel"]: a["href"] for a in doc.all("a") if a.get("rel") in ("prev", "next")}
        assert rels, f"{page.name} has neither a previous nor a next link"
        for href in rels.values():
            assert (page.parent / href).is_file(), f"{page.name} links to missing {href}"
    order = ["index.html", *(f"{m}.html" for m in MODULES), "glossary.html", "references.html"]
    for before, after in zip(order, order[1:], strict=False):
        doc = read(out / "site" / before)
        assert any(a.get("rel") == "next" and a["href"] == after for a in doc.all("a"))


def test_contents_come_from_the_manifest(out, content):
    """Does the table of contents list every module of curriculum.yml in order, linking only the built ones?"""
    html = (out / "site" / "01-lines-of-treatment.html").read_text()
    toc = html[html.index('<nav class="site-toc"'):html.index("</nav>", html.index('<nav class="site-toc"'))]
    positions = [toc.find(e.title.replace("'", "&#x27;").replace('"', "&quot;")) for e in content.curriculum.modules]
    assert -1 not in positions and positions == sorted(positions)
    hrefs = [h for h in re.findall(r'href="([^"]+)"', toc) if not h.startswith("#")]  # "#...": the page's outline
    assert hrefs == ["index.html", *(f"{m}.html" for m in MODULES), "glossary.html", "references.html"]
    assert 'aria-current="page"' in toc


def test_home_page_maps_the_curriculum(out, content):
    """Does the home page list every module with minutes and objectives, linking the built ones as .html?"""
    doc = read(out / "site" / "index.html")
    for e in content.curriculum.modules:
        assert e.title in doc.plain
        for o in content.module(e.slug).module.objectives:
            assert o.text in doc.plain
    links = {a["href"] for a in doc.all("a")}
    assert {f"{m}.html" for m in MODULES} <= links
    assert not any(h.endswith(".ipynb") for h in links)


def test_learner_pages_have_no_facilitator_text(out):
    """Are facilitator cells removed from learner pages (and kept as speaker notes in the slides)?"""
    for slug in MODULES:
        snippets = facilitator_snippets(slug)
        assert snippets, f"{slug} has no facilitator cells to check"
        page = read(out / "site" / f"{slug}.html").plain
        deck = read(out / "slides" / f"{slug}.html").plain
        for s in snippets:
            assert s not in page
            assert s in deck


def test_module_page_shows_static_interactions(out, content):
    """Does a module page show every quiz as a working static form, with no code and no inline runtime?"""
    html = (out / "site" / "01-lines-of-treatment.html").read_text()
    items = content.module("01-lines-of-treatment").quiz.items
    assert html.count('data-sl-kind="quiz"') == len(items)
    assert 'data-sl-kind="case"' in html and 'data-sl-id="lines-c1"' in html
    assert "m.quiz(" not in html and "from secondline import" not in html
    assert runtime_tags() not in html and "window.SecondLine.ready" not in html and "<style" not in html
    scripts = [a.get("src") for a in read(out / "site" / "01-lines-of-treatment.html").all("script")]
    assert scripts == ["assets/secondline.js", "assets/site.js"]
    assert "window.SecondLine.ready = true" in (out / "site" / "assets" / "secondline.js").read_text()
    assert ".sl-verdict" in (out / "site" / "assets" / "secondline.css").read_text()
    assert 'data-sl-kind="question-list"' in (out / "site" / "04-preparing-for-the-visit.html").read_text()


def test_notebook_links_become_page_links():
    """Is a link to another notebook (NN-slug.ipynb, with or without #anchor) rewritten to its page?"""
    html = '<a href="03-clinical-trials.ipynb">x</a> <a href="./02-what-to-expect.ipynb#benefit">y</a> <a href="https://x.org/a.ipynb">z</a>'
    assert fix_links(html) == ('<a href="03-clinical-trials.html">x</a> <a href="02-what-to-expect.html#benefit">y</a> '
                               '<a href="https://x.org/a.ipynb">z</a>')


def test_glossary_and_references_pages(out, content):
    """Has the glossary every term with a term-<id> anchor, and references every source with its link and review date?"""
    glossary = read(out / "site" / "glossary.html")
    assert {f"term-{t}" for t in content.glossary} <= glossary.ids
    refs = (out / "site" / "references.html").read_text()
    doc = Doc(refs)
    for s in content.sources.values():
        assert f'id="ref-{s.id}"' in refs
        assert any(a.get("href") == s.link for a in doc.all("a")), s.id
        assert f"Checked: {s.check_label()}." in doc.plain


# --------------------------------------------------------------------------- nothing from the network


def test_no_output_loads_from_the_network(out):
    """Does no src= or <link href> in any output point at http(s), and no CDN name appear in any text file?"""
    checked = 0
    for path in all_files(out):
        if path.suffix not in TEXT_SUFFIXES:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for cdn in CDNS:
            assert cdn not in text, f"{path.relative_to(out)} mentions {cdn}"
        if path.suffix == ".html":
            doc = Doc(text)
            for tag, attrs in doc.tags:
                urls = [attrs.get("src", "")] + ([attrs.get("href", "")] if tag == "link" else [])
                for url in urls:
                    assert not url.startswith(("http://", "https://", "//")), f"{path.relative_to(out)}: <{tag}> {url}"
            checked += 1
        if path.suffix == ".css":
            for url in re.findall(r"@import\s+(?:url\()?['\"]?([^'\")\s;]+)", text) + re.findall(r"url\(['\"]?([^'\")]+)", text):
                assert not url.startswith(("http:", "https:", "//")), f"{path.relative_to(out)} loads {url}"
    assert checked >= 10


def test_site_assets_are_relative(out):
    """Is every local src/href of the site and slides, in every language (site/es/, slides/es/), relative and
    present, so file:// and any host work?"""
    translated = [*sorted((out / "site" / "es").rglob("*.html")), *sorted((out / "slides" / "es").glob("*.html"))]
    assert translated, "no Spanish site or slides in the build (is the Spanish catalog complete?)"
    for page in [*site_pages(out), *sorted((out / "slides").glob("*.html")), *translated]:
        doc = read(page)
        for tag, attrs in doc.tags:
            url = attrs.get("src") or (attrs.get("href") if tag in ("link", "a") else "")
            if not url or url.startswith(("http://", "https://", "#", "mailto:", "data:")):
                continue
            assert not url.startswith("/"), f"{page.name}: absolute path {url}"
            assert (page.parent / url.split("#")[0]).exists(), f"{page.name}: {url} is missing"


# --------------------------------------------------------------------------- slides


def test_slides_turn_quizzes_into_polls(out, content):
    """Is each quiz a poll slide: prompt and lettered options, then a fragment with every verdict and the best answer?"""
    for slug in MODULES:
        html = (out / "slides" / f"{slug}.html").read_text()
        items = content.module(slug).quiz.items
        assert 'data-sl-kind="quiz"' not in html
        assert html.count('data-sl-kind="poll"') == len(items)
        item = items[0]
        poll = html[html.index(f'data-sl-id="{item.id}"'):]
        poll = poll[:poll.index("</ol>") + 200]
        assert re.search(r"Best answer: ([A-F])", poll).group(1) == "ABCDEF"[item.best_index]
        assert poll.count('class="fragment sl-poll-why"') == len(item.options)
        for o in item.options:
            assert o.why in unescape(poll)


def test_slides_are_offline_reveal_with_notes(out):
    """Does each deck load reveal.js (white theme, pinned version) and its notes plugin from slides/reveal.js/?"""
    lock = json.loads((ROOT / "package-lock.json").read_text())
    pinned = lock["packages"]["node_modules/reveal.js"]["version"]
    assert pinned.startswith("5.")
    assert json.loads((ROOT / "package.json").read_text())["dependencies"]["reveal.js"] == pinned
    reveal = out / "slides" / "reveal.js"
    assert (reveal / "dist" / "reveal.js").read_text().count(pinned) >= 1
    theme = (reveal / "dist" / "theme" / "white.css").read_text()
    assert all(i.startswith("./") for i in re.findall(r"@import url\(([^)]+)\)", theme))
    assert not (reveal / "dist" / "theme" / "simple.css").exists()  # themes that @import web fonts are not copied
    doc = read(out / "slides" / "01-lines-of-treatment.html")
    srcs = [a["src"] for a in doc.all("script") if a.get("src")]
    assert srcs == ["assets/secondline.js", "reveal.js/dist/reveal.js", "reveal.js/plugin/notes/notes.js"]
    assert "reveal.js/dist/theme/white.css" in [a["href"] for a in doc.all("link")]
    html = (out / "slides" / "01-lines-of-treatment.html").read_text()
    assert '<aside class="notes">' in html
    assert "require(" not in html and "MathJax" not in html and "mermaid" not in html


# --------------------------------------------------------------------------- handouts


def pdf_pages(path: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", path.read_bytes()))


def pdf_page_text(path: Path, page: int) -> str:
    """The words of one page of a PDF (poppler's pdftotext), spaces folded."""
    require_tool("pdftotext")
    done = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(path), "-"],
                          capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


def questions_in(bank) -> list:
    return [q for g in bank.groups for q in g.questions]


def test_handouts_are_pdfs(out, content):
    """Is each module's summary (objectives and key points) on one page, with its sources on that page or, for a
    long module, overleaf; and are there the blank question list and the glossary, as PDFs?"""
    handouts = out / "handouts"
    for slug in MODULES:
        pdf = handouts / f"{slug}-summary.pdf"
        assert pdf.read_bytes()[:5] == b"%PDF-"
        pages = pdf_pages(pdf)
        assert pages in (1, 2), f"{pdf.name} has {pages} pages: a summary is one sheet at most"
        if pages == 2:  # a long module: the sources (and only then any key points that do not fit) go overleaf
            front, back = pdf_page_text(pdf, 1), pdf_page_text(pdf, 2)
            assert "Key points" in front and "Sources for these key points" in back, pdf.name
        html = read(handouts / "html" / f"{slug}-summary.html").plain
        mc = content.module(slug)
        assert content.entry(slug).title in html and f"About {content.entry(slug).minutes} minutes" in html
        assert all(o.text in html for o in mc.module.objectives) and all(k.text in html for k in mc.module.key_points)
    questions = read(handouts / "html" / "question-list.html").plain
    bank = content.question_bank
    assert " ".join(bank.reminder.split()) in questions
    assert all(q.text in questions for g in bank.groups for q in g.questions)
    # room to write under each question (tests/test_printed.py measures it): about six questions a page
    assert 1 <= pdf_pages(handouts / "question-list.pdf") <= len(questions_in(bank)) // 5 + 2
    glossary = read(handouts / "html" / "glossary.html").plain
    assert all(t.term in glossary for t in content.glossary.values())
    assert pdf_pages(handouts / "glossary.pdf") >= 1


def test_handouts_without_chromium_fail_in_one_line(tmp_path, monkeypatch, content):
    """Without Chromium, does the handouts build stop with one line saying how to install it?"""
    from secondline.editions import assets

    monkeypatch.setattr(assets, "CHROMIUM", str(tmp_path / "no-chromium"))
    result = build(["handouts"], out=tmp_path / "out", modules=["01"], content=content)
    assert not result.ok and len(result.errors) == 1
    line = result.errors[0]
    assert "\n" not in line and "apt-get install -y chromium" in line and "SECONDLINE_CHROMIUM" in line


# --------------------------------------------------------------------------- a notebook that fails


def test_failing_notebook_is_named_and_others_still_build(tmp_path, monkeypatch, capsys):
    """When one notebook fails, does the build name the notebook and cell in one line, build the rest, and exit 1?"""
    import shutil

    from secondline import cli

    root = tmp_path / "repo"
    shutil.copytree(ROOT / "content", root / "content")
    (root / "notebooks").mkdir()
    good = new_notebook(cells=[new_markdown_cell("# Lines of treatment and why treatment changes"),
                               new_code_cell("print('fine')")])
    bad = new_notebook(cells=[new_markdown_cell("# What to expect"), new_code_cell("x = 1"),
                              new_code_cell("raise ValueError('the figure is missing')")])
    for nb in (good, bad):
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(good, root / "notebooks" / "01-lines-of-treatment.ipynb")
    nbformat.write(bad, root / "notebooks" / "02-what-to-expect.ipynb")
    monkeypatch.setenv("SECONDLINE_CONTENT", str(root / "content"))
    out = tmp_path / "_build"
    code = cli.main(["build", "site", "--out", str(out), "--modules", "01", "02"])
    err = capsys.readouterr().err
    assert code == 1
    lines = [ln for ln in err.splitlines() if "02-what-to-expect.ipynb" in ln]
    assert lines and all(
        "cell 3 of 3" in ln and "raise ValueError" in ln and "ValueError: the figure is missing" in ln for ln in lines)
    assert (out / "site" / "01-lines-of-treatment.html").is_file()
    assert not (out / "site" / "02-what-to-expect.html").exists()
    for page in ("index.html", "01-lines-of-treatment.html"):  # listed, never linked to a missing page
        assert 'href="02-what-to-expect.html"' not in (out / "site" / page).read_text()


def test_progress_bar_counts_to_the_end():
    """Does the text progress bar end at N/N, one line per step when stderr is not a terminal?"""
    import io

    stream = io.StringIO()
    bar = Progress(total=2, stream=stream, width=10)
    bar.step("one")
    bar.step("two")
    lines = stream.getvalue().splitlines()
    assert lines == ["[#####.....] 1/2 one", "[##########] 2/2 two"]


def test_educator_guide_is_beside_the_site_and_a_pdf(out, content):
    """Is the educator guide, answer keys included, built beside the learner site (never in it, never linked from
    it) and printed as one PDF?"""
    guide = out / "guide"
    assert (guide / "index.html").is_file() and (guide / "plans" / "one-day.html").is_file()
    assert not (out / "site" / "guide").exists() and not list((out / "site").rglob("answer-keys"))
    for page in site_pages(out):
        assert "guide/" not in page.read_text() and "answer-keys" not in page.read_text()
    key = (guide / "answer-keys" / f"{MODULES[0]}.html").read_text()
    assert all(it.id in key for it in content.module(MODULES[0]).quiz.items)
    handouts = out / "handouts"
    assert pdf_pages(handouts / "educator-guide.pdf") > 20
    text = read(handouts / "html" / "educator-guide.html").plain
    assert "educator guide" in text.lower() and content.module(MODULES[0]).quiz.items[0].id in text
