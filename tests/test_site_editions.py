"""The website's two editions, read back from the shared build: one numbering, one "Start here", an outline on
long pages, plain learner text (no JupyterLab-only parts, no developer words, no authoring notes, no year said
twice), and a facilitator edition in the same shell with a way back to the learner site (issue 15)."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import nbformat

from secondline.editions.site import is_jupyterlab_only, learner_notebook, outline
from test_build import MODULES, Doc, facilitator_snippets, read, site_pages

ROOT = Path(__file__).resolve().parents[1]

# Words a learner on the website should never meet: JupyterLab's parts, and a developer's.
LAB_WORDS = re.compile(r"\bkernel\b|\bRun All\b|\bJupyter(Lab)?\b|Shift\+Enter|\btoolbar\b|\bStart module\b|"
                       r"\bhidden code\b|\bcode cell|\bwidget", re.I)
DEV_WORDS = re.compile(r"\bAPIs?\b|\b[\w./-]+\.(?:ya?ml|py|ipynb|json|md)\b|\bcontent/|\bnotebooks/|\bpip\b|"
                       r"\bsecondline\b|\bslug\b")
AUTHORING = re.compile(r"seed page|curriculum author|TODO|FIXME|\bissue \d+|not for learners", re.I)
URL = re.compile(r"https?://\S+")


class LearnerText(HTMLParser):
    """The words a learner reads on a page: every text node (hidden feedback included) outside scripts, styles,
    the page's header, and the citations of works (a cited title is the work's own, kept as published)."""

    SKIP_TAGS = {"script", "style"}
    SKIP_CLASSES = {"sl-cite", "sl-references", "site-references", "site-cite", "sl-sources", "sl-g-sources"}
    VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area", "base", "embed", "track"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        self.stack.append(tag in self.SKIP_TAGS or bool(classes & self.SKIP_CLASSES) or any(self.stack[-1:]))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not any(self.stack[-1:]):
            self.text.append(data)

    @property
    def plain(self) -> str:
        return URL.sub(" ", " ".join(" ".join(self.text).split()))


def learner_text(path: Path) -> str:
    return LearnerText(path.read_text(encoding="utf-8")).plain


def hits(pattern: re.Pattern, text: str) -> list[str]:
    return [text[max(0, m.start() - 50):m.end() + 50] for m in pattern.finditer(text)]


def toc(html: str) -> str:
    start = html.index('<nav class="site-toc"')
    return html[start:html.index("</nav>", start)]


# --------------------------------------------------------------------------- one numbering, one "Start here"


def test_modules_have_one_number_everywhere(out, content):
    """Is each module "Module N" (N from its slug, 0 to 10) in the contents, its page title, its heading's line,
    every link to it that names a number, and the home page's map, and no page numbers a module otherwise?"""
    number = {e.slug: int(e.slug[:2]) for e in content.curriculum.modules}
    assert sorted(number.values()) == list(range(len(number)))
    for page in site_pages(out):
        html = page.read_text(encoding="utf-8")
        nav = toc(html)
        assert "<ol" not in nav.split('class="site-outline"')[0], f"{page.name}: contents numbered by a list"
        labels = re.findall(r'<a href="([0-9]{2}-[^"]+)\.html"[^>]*><span class="site-toc-num">Module (\d+):</span>', nav)
        assert [(s, int(n)) for s, n in labels] == [(s, number[s]) for s in MODULES], page.name
        for slug, text in re.findall(r'<a href="([0-9]{2}-[a-z0-9-]+)\.html(?:#[^"]*)?"[^>]*>(.*?)</a>', html, re.S):
            for n in re.findall(r"Module (\d+)", re.sub(r"<[^>]+>", "", text)):
                assert int(n) == number[slug], f"{page.name}: a link to {slug} says Module {n}"
        text = Doc(html).plain
        for n in re.findall(r"\b[Mm]odules? (\d+)\b", text):
            assert 0 <= int(n) <= 10 and not n.startswith("0") or n == "0", f"{page.name}: 'Module {n}'"
    for slug in MODULES:
        doc = read(out / "site" / f"{slug}.html")
        title = re.search(r"<title>([^<]+)</title>", (out / "site" / f"{slug}.html").read_text()).group(1)
        assert title.startswith(f"Module {number[slug]}: "), title
        assert f"Module {number[slug]} of Second Line" in doc.plain
    home = (out / "site" / "index.html").read_text()
    assert re.findall(r"<tr><td>(\d+)</td>", home) == [str(number[s]) for s in MODULES]


def test_one_start_here(out):
    """Is there exactly one "Start here" in the contents (Module 0), and does every "Start here" link anywhere on
    the site go to Module 0?"""
    for page in site_pages(out):
        html = page.read_text(encoding="utf-8")
        entries = [e for e in re.findall(r"<li[^>]*>(.*?)</li>", toc(html), re.S) if "Start here" in e]
        assert len(entries) == 1 and 'href="00-start-here.html"' in entries[0], page.name
        for href, text in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', html, re.S):
            if "start here" in re.sub(r"<[^>]+>", "", text).lower():
                assert href.split("#")[0] == "00-start-here.html", f"{page.name}: 'Start here' links to {href}"


# --------------------------------------------------------------------------- an outline on long pages


def test_long_pages_have_an_outline(out):
    """Has every page with three or more sections an outline in its contents entry ("On this page"), linking each
    section in order to a heading on the page, and every module page one?"""
    with_outline = 0
    for page in site_pages(out):
        html = page.read_text(encoding="utf-8")
        main = html[html.index("<main"):html.index("</main>")]
        sections = [unescape(x) for x in re.findall(r'<h2 id="([^"]+)"', main)]
        if len(sections) < 3:
            assert 'class="site-outline"' not in html, page.name
            continue
        box = re.search(r'<div class="site-outline">(.*?)</div>', toc(html), re.S)
        assert box, f"{page.name} has {len(sections)} sections and no outline"
        assert [unescape(x) for x in re.findall(r'<a href="#([^"]+)">', box.group(1))] == sections, page.name
        with_outline += 1
    assert with_outline >= len(MODULES) + 1  # every module, and the references by initial
    print(f"\noutline on {with_outline} of {len(site_pages(out))} learner pages")


def test_outline_needs_three_sections():
    """Does a page with fewer than three sections get no outline, and a longer one its sections in order?"""
    two = '<h2 id="a">A</h2><h2 id="b">B <em>b</em></h2>'
    assert outline(two) == []
    assert outline(two + '<h2 id="c&amp;d">C &amp; D</h2>') == [("a", "A"), ("b", "B b"), ("c&d", "C & D")]


# --------------------------------------------------------------------------- plain learner text


def test_no_jupyterlab_only_parts_on_the_site(out):
    """Are JupyterLab's parts (confidence ratings, Mark complete, My progress, the "no kernel" placeholders, Run All
    and kernel advice) left off every learner page, with the website's own how-to in Module 0 instead?"""
    found = {}
    for page in site_pages(out):
        html = page.read_text(encoding="utf-8")
        for kind in ("sl-confidence", "sl-complete", "sl-progress"):
            assert f'class="sl {kind}' not in html, f"{page.name} shows {kind} without its controls"
        words = hits(LAB_WORDS, learner_text(page))
        if words:
            found[page.name] = words
    assert not found, found
    start = read(out / "site" / "00-start-here.html").plain
    assert "How to use this website" in start and "How to use these notebooks" not in start


def test_jupyterlab_only_cells_are_chosen_by_tag_or_call():
    """Are the cells the site leaves out exactly those tagged jupyterlab-only, the confidence, Mark complete and My
    progress calls, and a markdown cell that only leads into them, while the teaching around them stays?"""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    cells = [new_markdown_cell("# T"), new_markdown_cell("### Before you start\n\nRate."),
             new_code_cell('m.confidence("before")'), new_markdown_cell("## Teaching"), new_code_cell('m.quiz("x-q01")'),
             new_markdown_cell("How to run it", metadata={"tags": ["jupyterlab-only"]}),
             new_markdown_cell("How to use the site", metadata={"tags": ["website-only"]}),
             new_markdown_cell("## Finishing this module"), new_code_cell('m.confidence("after")'),
             new_code_cell("m.complete_button()"), new_markdown_cell("## Key points"), new_code_cell("m.key_points()")]
    kept = [c.source for c in learner_notebook(new_notebook(cells=cells)).cells]
    assert kept == ["# T", "## Teaching", 'm.quiz("x-q01")', "How to use the site", "## Key points", "m.key_points()"]
    assert is_jupyterlab_only(new_code_cell("m.progress()")) and not is_jupyterlab_only(new_code_cell("m.map()"))


def test_every_notebook_loses_only_lab_parts_on_the_site():
    """In every module, are the cells the site drops only JupyterLab parts (never a quiz, case or teaching heading
    other than the how-to of Module 0 and the finishing section)?"""
    for slug in MODULES:
        nb = nbformat.read(ROOT / "notebooks" / f"{slug}.ipynb", as_version=4)
        kept = {c.get("id") for c in learner_notebook(nb).cells}
        dropped = [c for c in nb.cells if c.get("id") not in kept and "facilitator" not in c.metadata.get("tags", [])]
        for c in dropped:
            if is_jupyterlab_only(c):
                continue
            assert c.cell_type == "markdown", (slug, c.source[:60])
            first = c.source.strip().splitlines()[0]
            assert first in ("### Before you start", "## Finishing this module", "### My progress"), (slug, first)


def test_learner_text_has_no_developer_words_or_authoring_notes(out):
    """Does the text of every learner page (feedback included, cited titles aside) avoid developer words (API,
    kernel, file names such as .yml or .py) and authoring notes, and does no citation give its year twice?"""
    found: dict[str, list[str]] = {}
    for page in site_pages(out):
        text = learner_text(page)
        problems = hits(DEV_WORDS, text) + hits(AUTHORING, text)
        full = Doc(page.read_text(encoding="utf-8")).plain  # citations included
        problems += hits(re.compile(r"seed page"), full)
        problems += hits(re.compile(r"\b((?:19|20)\d\d)\b[^.]{0,80}\. \1\.(?!\d)"), full)
        if problems:
            found[page.name] = problems
    assert not found, found


def test_citation_gives_its_year_once(content):
    """Does a citation whose venue already has its year ("revised 31 July 2025") leave the year off the end, and
    one without keep it?"""
    src = next(iter(content.sources.values()))
    with_year = src.model_copy(update={"venue": f"Some Bulletin {src.year} Mar-Apr", "year": src.year})
    assert with_year.citation().count(str(src.year)) == 1 + src.title.count(str(src.year))
    plain = src.model_copy(update={"venue": "Some Journal 12(3):4-5"})
    assert plain.citation().endswith(f"Some Journal 12(3):4-5. {src.year}.")


# --------------------------------------------------------------------------- two audiences, two editions


def test_learner_site_has_no_answer_keys_or_facilitator_notes(out):
    """Has the learner site no answer key, facilitator note or link into the facilitator edition?"""
    for page in site_pages(out):
        html = page.read_text(encoding="utf-8")
        text = Doc(html).plain
        assert "Answer key" not in text and "Facilitator note" not in text and "Facilitator edition" not in text
        assert "guide/" not in html and "answer-keys" not in html, page.name
    assert not (out / "site" / "guide").exists()


def test_facilitator_edition_shares_the_shell_and_leads_back(out, content):
    """Is every page of the facilitator edition in the site's shell (its stylesheet, skip link, contents with the
    modules as "Module N", an outline on long pages), labelled as the facilitator edition, with a working link
    back to the learner site, and does it hold every module's answer key?"""
    guide = out / "guide"
    pages = sorted(guide.rglob("*.html"))
    assert len(pages) > 40
    with_outline = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        up = "../" * (len(page.relative_to(guide).parts) - 1)
        assert f'<link rel="stylesheet" href="{up}assets/site.css">' in html, page
        assert 'class="site-skip" href="#main"' in html and '<nav class="site-toc"' in html, page
        assert "Facilitator edition" in html
        back = re.search(r'<p class="site-back"><a href="([^"]+)">Back to the learner site</a>', html)
        assert back and (page.parent / back.group(1)).resolve() == (out / "site" / "index.html").resolve(), page
        labels = re.findall(r'<span class="site-toc-num">Module (\d+):</span>', toc(html))
        assert labels == [str(int(s[:2])) for s in MODULES], page
        with_outline += 'class="site-outline"' in html
        for href in re.findall(r'href="([^"#]+)', html):
            if not href.startswith(("http", "mailto:")):
                assert (page.parent / href).exists(), f"{page.relative_to(guide)} links to missing {href}"
    assert (guide / "assets" / "site.css").is_file() and (guide / "assets" / "site.js").is_file()
    for slug in MODULES:
        key = (guide / "answer-keys" / f"{slug}.html").read_text(encoding="utf-8")
        assert all(it.id in key for it in content.module(slug).quiz.items)
    print(f"\nfacilitator edition: {len(pages)} pages, outline on {with_outline}")
    assert with_outline >= len(MODULES)


def test_website_only_cells_stay_off_jupyterlab_and_the_slides(out):
    """Are Module 0's website-only cells (how to use the website) hidden in JupyterLab's learner view and left out
    of the slides, and its jupyterlab-only how-to kept there?"""
    css = (ROOT / "lab" / "learner.css").read_text()
    assert re.search(r"\.cell-tag-website-only\s*\{\s*display:\s*none", css)
    nb = nbformat.read(ROOT / "notebooks" / "00-start-here.ipynb", as_version=4)
    tagged = {t: [c for c in nb.cells if t in c.metadata.get("tags", [])] for t in ("website-only", "jupyterlab-only")}
    assert tagged["website-only"] and tagged["jupyterlab-only"]
    deck = read(out / "slides" / "00-start-here.html").plain
    assert "How to use this website" not in deck and "How to use these notebooks" in deck


def test_facilitator_edition_has_the_modules_facilitator_notes(out):
    """Does each module's facilitator page carry every facilitator note of its notebook (the ones the learner site
    leaves out), in the notebook's order?"""
    for slug in MODULES:
        page = read(out / "guide" / f"{slug}.html").plain
        snippets = facilitator_snippets(slug)
        assert snippets and "Facilitator notes from the module" in page
        places = [page.find(" ".join(s.split()[:8])) for s in snippets]
        assert -1 not in places and places == sorted(places), slug
