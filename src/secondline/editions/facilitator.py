"""The facilitator edition: the educator guide (hand-written pages, answer keys, plans, evaluation, CE packet) as web
pages in the learner site's shell, style and navigation, with a way back to the learner site.

It is written beside the learner site (`_build/guide/` next to `_build/site/`), never inside it and never linked from
it: learners' devices get the site, answer keys belong to facilitators. `secondline build site` writes both.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..content.course import Content
from ..guide.pages import markdown_parts, write_guide
from .assets import generated_note, site_asset, write
from .common import project_root
from .site import NavEntry, NavGroup, is_facilitator, module_label, render_page, site_name

GUIDE_ASSETS = ("site.css", "site.js")
LEARNER_SITE = "../site/index.html"  # from the guide's top folder to the learner site beside it

# The guide's contents after the modules: (group title, pages in order). A page missing from a build is left out.
SECTIONS = (
    ("Running sessions", ("plans/one-day.html", "plans/four-sessions.html", "plans/self-paced.html",
                          "plans/plan-check.html", "role-plays/index.html", "making-slides.html")),
    ("Answers and evaluation", ("answer-keys/index.html", "evaluation/index.html", "item-writing.html",
                                "item-analysis.html")),
    ("Continuing education", ("ce-packet/index.html",)),
    ("Translations", ("translation-review.html",)),
)


@dataclass(frozen=True)
class GuidePage:
    rel: str  # path of the .html page inside the guide, with forward slashes
    title: str
    body: str

    @property
    def up(self) -> str:
        return "../" * self.rel.count("/")


@dataclass(frozen=True)
class Link:
    href: str
    title: str


def parent(rel: str, listed: set[str]) -> str:
    """The listed page a page belongs under in the contents: itself, its plan (a plan's learner sheet), its
    folder's index (an answer key, a role-play kit), or the guide's home."""
    if rel in listed:
        return rel
    sheet = rel.replace("-learner-sheet.html", ".html")
    if sheet in listed:
        return sheet
    index = rel.rsplit("/", 1)[0] + "/index.html" if "/" in rel else "index.html"
    return index if index in listed else "index.html"


def guide_nav(content: Content, pages: dict[str, GuidePage], here: GuidePage) -> tuple[list[NavGroup], dict[str, str]]:
    """The facilitator edition's contents (links relative to `here`) and the listed pages in reading order, each
    with its name in the contents ("Module 3: Clinical trials...")."""
    modules = [(f"{e.slug}.html", e.title, module_label(content, e.slug)) for e in content.curriculum.modules
               if f"{e.slug}.html" in pages]
    home = [("index.html", "Guide home", "")] if "index.html" in pages else []
    groups: list[tuple[str, list[tuple[str, str, str]]]] = [("", home), ("Modules", modules)]
    for title, rels in SECTIONS:
        rows = [(rel, pages[rel].title, "") for rel in rels if rel in pages]
        if rows:
            groups.append((title, rows))
    groups = [(title, rows) for title, rows in groups if rows]
    order = {rel: f"{label}: {text}" if label else text for _, rows in groups for rel, text, label in rows}
    under = parent(here.rel, set(order))
    nav = [NavGroup(title, tuple(NavEntry(here.up + rel, text, label=label, current=rel == here.rel, here=rel == under)
                                 for rel, text, label in rows)) for title, rows in groups]
    return nav, order


def notebook_notes(notebook: Path) -> str:
    """The module's facilitator notes (its notebook's cells tagged `facilitator`, which the learner site leaves
    out), in order under the section they sit in, as HTML for the end of the module's facilitator page."""
    import re

    import mistune
    import nbformat

    if not notebook.is_file():
        return ""
    to_html = mistune.create_markdown(escape=True, plugins=["table"])
    section, parts = "", []
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type != "markdown":
            continue
        if is_facilitator(cell):
            if section:
                parts.append(f'<p class="site-note-section">In “{mistune.escape(section)}”:</p>')
                section = ""
            parts.append(f'<div class="site-facilitator-note">{to_html(cell.source)}</div>')
        else:
            heading = re.search(r"^##+ (.+)$", cell.source, re.M)
            section = heading.group(1).strip() if heading else section
    if not parts:
        return ""
    return ('<h2 id="notes-from-the-module">Facilitator notes from the module</h2><p>The notes kept in the module '
            "itself, in order, under the section each belongs to. Learners never see them; in the slides they are the "
            f"speaker notes.</p>{''.join(parts)}")


def build_facilitator(content: Content, out: Path) -> list[Path]:
    """Write the facilitator edition into `out` (normally _build/guide): the guide's markdown pages (write_guide) and
    each page's HTML in the site's shell, with the site's stylesheet and script in out/assets/."""
    files = write_guide(out, content, html=False)
    pages: dict[str, GuidePage] = {}
    for path in files:
        if path.suffix != ".md":
            continue
        rel = path.relative_to(out).with_suffix(".html").as_posix()
        _, title, body = markdown_parts(path.read_text(encoding="utf-8"))
        if content.curriculum.modules and rel.removesuffix(".html") in {e.slug for e in content.curriculum.modules}:
            body += notebook_notes(project_root(content) / "notebooks" / f"{rel.removesuffix('.html')}.ipynb")
        pages[rel] = GuidePage(rel, title, body)
    (out / "assets").mkdir(exist_ok=True)
    for name in GUIDE_ASSETS:
        files.append(write(out / "assets" / name, generated_note(f"secondline/editions/page_assets/{name}")
                           + site_asset(name)))
    for rel, page in sorted(pages.items()):
        nav, names = guide_nav(content, pages, page)
        order = list(names)
        i = order.index(rel) if rel in order else None
        previous = Link(page.up + order[i - 1], names[order[i - 1]]) if i else None
        following = Link(page.up + order[i + 1], names[order[i + 1]]) if i is not None and i + 1 < len(order) else None
        html = render_page(content, edition="facilitator", title=f"{page.title} | {site_name(content)} facilitator edition",
                           kind="guide", body=page.body, source="educator_guide/ and content/", nav=nav,
                           previous=previous, next=following, up=page.up, stylesheets=("site.css",),
                           scripts=("site.js",), back=NavEntry(page.up + LEARNER_SITE, "Back to the learner site"))
        files.append(write(out / rel, html))
    return files
