"""The learner website: one page per module (from the executed notebooks), a home page, glossary and references.

Pages share one shell (language, skip link, header, contents, previous/next, the "My answers" footer), link the
interaction runtime once from assets/, use relative links only, and load nothing from the network. Facilitator
cells are removed: they belong to the slides' speaker notes and the educator guide. The educator guide, with the
answer keys, is written beside the site (`_build/guide/`), never inside it or linked from it: learners' devices get
the site, and answer keys belong to facilitators (issue 13). That facilitator edition (facilitator.py) has the same shell, style
and navigation as the learner site, and a way back to it.

A translated site (editions/languages.py) is built by the same code into site/<lang>/, from the translated notebooks
executed, in a `Voice`: its lang attribute, its own words (`{{ _("...") }}` in the templates and `voice._("...")`
here, kind `ui:site` of the catalog), and the translation status on every page. Its patient pages (editions/i18n.py:
SiteLanguage) go in site/<lang>/handouts/. Every page of each language links to its counterpart in the other (or,
when it has none, to the other's home page).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ..content.course import Content
from ..guide.pages import MARKER
from ..templating import markup, render, translated
from ..views.static import asset, esc, runtime_tags
from ..views.static import module as static_module
from .assets import write, write_runtime

SITE_ASSETS = ("site.css", "site.js")
MODULE_LINK = re.compile(r'href="(?:\./|\.\./notebooks/)?([0-9]{2}-[a-z0-9]+(?:-[a-z0-9]+)*)\.ipynb(#[^"]*)?"')
ANCHOR_LINK = re.compile(r'<a class="anchor-link" href="#[^"]*">[^<]*</a>')
# Fallback for a runtime string that differs from this process's (say, a notebook executed by an older package).
INLINE_RUNTIME = re.compile(r"<style>/\* Second Line interactions.*?</style><script>.*?window\.SecondLine\.ready = true;"
                            r"</script>", re.S)
INLINE_STYLE = re.compile(r"<style>/\* Second Line interactions.*?</style>", re.S)
SOURCE_LINKS = re.compile(r'<p class="sl-sources">.*?</p>', re.S)
TITLE_ATTR = re.compile(r' title="[^"]*"')
LAB_ONLY_TAG = "jupyterlab-only"  # cells only JupyterLab shows (how to run a notebook there)
SITE_ONLY_TAG = "website-only"  # cells only the website shows (how to use it); JupyterLab and the slides hide them
LAB_ONLY_CALL = re.compile(r"\bm\.(confidence|complete_button|progress)\(")


# --------------------------------------------------------------------------- executed notebooks


def is_facilitator(cell) -> bool:
    """Facilitator-only cells: tagged `facilitator`, or speaker notes (slide type `notes`)."""
    return ("facilitator" in cell.metadata.get("tags", [])
            or cell.metadata.get("slideshow", {}).get("slide_type") == "notes")


def strip_runtime(html: str) -> str:
    """Remove the inline runtime (and the inline stylesheet some views carry alone, such as figures)."""
    html = INLINE_RUNTIME.sub("", html.replace(runtime_tags(), ""))
    return INLINE_STYLE.sub("", html.replace(f"<style>{asset('style.css')}</style>", ""))


def load_executed(path: Path):
    """An executed notebook with each output's inline runtime removed (pages link assets/secondline.js once)
    and widget views dropped (there is no widget state; the text/html twin is what every edition shows)."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if "outputs" in cell:  # kernel messages on stderr are for whoever runs the notebook, not for readers
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "stream" and o.get("name") == "stderr")]
        for out in cell.get("outputs", []):
            data = out.get("data")
            if not data:
                continue
            data.pop("application/vnd.jupyter.widget-view+json", None)
            if "text/html" in data:
                data["text/html"] = strip_runtime(data["text/html"])
    return nb


def drop_citation_titles(html: str) -> str:
    """Source links keep their text and DOI but lose the full citation in their tooltip (title), which a page
    repeated for every answer's rationale: about a fifth of a module page's weight. The site's references page
    lists every full citation once."""
    return SOURCE_LINKS.sub(lambda m: TITLE_ATTR.sub("", m.group(0)), html)


def is_jupyterlab_only(cell) -> bool:
    """A cell that only means something in JupyterLab: tagged `jupyterlab-only`, or a call to a part that needs the
    kernel and the learner's record there (confidence ratings, Mark complete, My progress). The site keeps answers
    in the browser instead (its "My answers" footer), so these would be controls that do nothing."""
    return (LAB_ONLY_TAG in cell.metadata.get("tags", [])
            or (cell.cell_type == "code" and LAB_ONLY_CALL.search(cell.source) is not None))


def is_website_only(cell) -> bool:
    return SITE_ONLY_TAG in cell.metadata.get("tags", [])


def introduces_lab_only(cells, i: int) -> bool:
    """Is markdown cell i only the lead-in of JupyterLab-only cells ("### Before you start ... rate", "## Finishing
    this module")? True when every cell up to the next markdown cell is JupyterLab-only, and there is one."""
    following = []
    for c in cells[i + 1:]:
        if c.cell_type == "markdown":
            break
        following.append(c)
    return bool(following) and all(is_jupyterlab_only(c) for c in following)


def learner_notebook(nb):
    """The cells a learner reads on the website: no facilitator cells, no JupyterLab-only cells (nor their lead-ins)."""
    nb = copy.deepcopy(nb)
    cells = [c for c in nb.cells if not is_facilitator(c)]
    nb.cells = [c for i, c in enumerate(cells) if not is_jupyterlab_only(c)
                and not (c.cell_type == "markdown" and introduces_lab_only(cells, i))]
    return nb


def export_body(nb) -> str:
    """The cells as HTML: nbconvert's `basic` template (no page, no scripts), code and prompts hidden."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="basic", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb)
    return fix_links(ANCHOR_LINK.sub("", strip_runtime(body)))


def fix_links(html: str) -> str:
    """Links between notebooks (`03-clinical-trials.ipynb#x`) become links between pages (`03-clinical-trials.html#x`)."""
    return MODULE_LINK.sub(lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', html)


# --------------------------------------------------------------------------- the page shell (templates/site-page.html.j2)


@dataclass(frozen=True)
class Page:
    file: str
    title: str  # short title for navigation
    kind: str  # home, module, glossary, references

    @property
    def href(self) -> str:
        return self.file


@dataclass(frozen=True)
class NavEntry:
    """One line of the contents: a link (`href`), or a module listed but not in this edition (`href` None)."""

    href: str | None
    text: str
    label: str = ""  # "Module 3"
    note: str = ""  # "(60 min)"
    current: bool = False  # this entry is the page shown (aria-current="page")
    here: bool = False  # the page's own outline goes under this entry (the page itself, or the section it is in)


@dataclass(frozen=True)
class LanguageSwitch:
    """A link in the header to this page's counterpart in another language, in that language."""

    href: str
    text: str
    lang: str


def _english(text: str) -> str:
    return text


@dataclass(frozen=True)
class Voice:
    """The language a site is written in: `lang` for its pages, `_` for its own words (English when None), and
    the translation status every page shows (None in English). `words` is the translated course (content/words.py:
    speaking), so the views' own words come out in the same language."""

    lang: str = "en"
    gettext: Callable[[str], str] | None = None
    status: str | None = None
    words: object = None
    env: dict = field(default_factory=dict, compare=False, repr=False)

    def _(self, english: str) -> str:
        return self.gettext(english) if self.gettext is not None else english

    def render(self, template: str, **values) -> str:
        if self.gettext is None:
            return render(__package__, template, lang=self.lang, status=self.status, **values)
        if "env" not in self.env:
            self.env["env"] = translated(__package__, self.gettext)
        return self.env["env"].get_template(template).render(lang=self.lang, status=self.status, **values)


ENGLISH = Voice()


@dataclass(frozen=True)
class OtherLanguage:
    """The site in another language, for the switch on every page: its code, the link's words (in that language),
    the way from this site's top to its top, and its pages."""

    lang: str
    label: str
    prefix: str
    pages: frozenset[str]

    def switch(self, page: str) -> LanguageSwitch:
        return LanguageSwitch(self.prefix + (page if page in self.pages else "index.html"), self.label, self.lang)


QUESTION_LIST = 'data-sl-kind="question-list"'  # a module page with the question-list builder (views/static/questions.py)


@dataclass(frozen=True)
class NavGroup:
    title: str
    entries: tuple[NavEntry, ...]


HEADING2 = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.S)
TAG = re.compile(r"<[^>]+>")
OUTLINE_MIN = 3  # a page with fewer sections than this needs no outline


def outline(body: str) -> list[tuple[str, str]]:
    """The page's sections (its H2 headings with their ids), for the outline under its entry in the contents;
    empty for a page with fewer than OUTLINE_MIN of them."""
    from html import unescape

    found = [(unescape(i), " ".join(unescape(TAG.sub("", text)).split())) for i, text in HEADING2.findall(body)]
    found = [(i, t) for i, t in found if t]
    return found if len(found) >= OUTLINE_MIN else []


def site_name(content: Content) -> str:
    return content.curriculum.title.split(":")[0].strip()


def module_label(content: Content, slug: str, voice: Voice = ENGLISH) -> str:
    """How every page names a module: "Module 3" (the number of its slug, as each notebook says it)."""
    return voice._("Module {number}").format(number=int(slug[:2]))


def my_answers() -> str:
    """The footer's "My answers" section (templates/site-answers.html.j2), which site.js drives."""
    return render(__package__, "site-answers.html.j2")


def render_page(content: Content, *, edition: str, title: str, kind: str, body: str, source: str,
                nav: list[NavGroup], previous=None, next=None, up: str = "", back: NavEntry | None = None,
                stylesheets=("secondline.css", "site.css"), scripts=("secondline.js", "site.js"),
                switch: tuple[LanguageSwitch, ...] = (), voice: Voice = ENGLISH) -> str:
    """Any page of either edition in the one shell (templates/site-page.html.j2); `body` is HTML already escaped."""
    return voice.render("site-page.html.j2", edition=edition, title=title, kind=kind, body=markup(body),
                        source=source, nav=nav, outline=outline(body), previous=previous, next=next, up=up, back=back,
                        course=content.curriculum.title, name=site_name(content), version=content.curriculum.version,
                        stylesheets=stylesheets, scripts=scripts, switch=switch)


def learner_nav(content: Content, pages: list[Page], here: Page, built: set[str], voice: Voice = ENGLISH,
                handouts: bool = False) -> list[NavGroup]:
    """The learner site's contents: the course home, every module of curriculum.yml by its number (those not
    built listed, not linked), then the glossary, references and (in a translated site) the patient handouts."""
    def entry(page: Page, text: str, **kw) -> NavEntry:
        on = page.file == here.file
        return NavEntry(page.file, text, current=on, here=on, **kw)

    by_file = {p.file: p for p in pages}
    modules = []
    for e in content.curriculum.modules:
        label, note = module_label(content, e.slug, voice), voice._("({minutes} min)").format(minutes=e.minutes)
        page = by_file.get(f"{e.slug}.html")
        modules.append(entry(page, e.title, label=label, note=note) if e.slug in built and page
                       else NavEntry(None, e.title, label=label, note=note))
    look_up = [entry(by_file["glossary.html"], voice._("Glossary")),
               entry(by_file["references.html"], voice._("References"))]
    if handouts:  # a translated site has its patient handouts inside it (editions/i18n.py: SiteLanguage)
        look_up.append(NavEntry(HANDOUTS, voice._("Handouts for patients and families")))
    return [NavGroup("", (entry(pages[0], voice._("Course home")),)), NavGroup(voice._("Modules"), tuple(modules)),
            NavGroup(voice._("Look up"), tuple(look_up))]


HANDOUTS = "handouts/index.html"  # a translated site's patient pages, from its top


def shell(content: Content, pages: list[Page], here: Page, body: str, built: set[str], source: str,
          switch: tuple[LanguageSwitch, ...] = (), voice: Voice = ENGLISH, handouts: bool = False) -> str:
    """A learner page in the shell every site page shares; `body` is HTML already escaped."""
    i = next(k for k, p in enumerate(pages) if p.file == here.file)
    return render_page(content, edition="learner", kind=here.kind, body=body, source=source, switch=switch,
                       title=here.title if here.kind == "home" else f"{here.title} | {site_name(content)}",
                       nav=learner_nav(content, pages, here, built, voice, handouts), voice=voice,
                       previous=pages[i - 1] if i > 0 else None, next=pages[i + 1] if i + 1 < len(pages) else None)


# --------------------------------------------------------------------------- the pages


def home_body(content: Content, built: set[str], voice: Voice = ENGLISH) -> str:
    table = static_module.curriculum_map(content, suffix=".html")
    for e in content.curriculum.modules:
        if e.slug not in built:  # a module left out of this edition is listed, not linked
            table = table.replace(f'<a href="{esc(e.slug)}.html">{esc(e.title)}</a>', esc(e.title))
    return (f"<h1>{esc(content.curriculum.title)}</h1>"
            '<p class="site-lead">' + voice._(
                "A free course for oncology nurses and patient navigators about what happens when a patient's first "
                "cancer treatment stops working. Work through the modules in order, or go straight to the one you "
                "need. Every question explains why each answer is best, acceptable or unsafe.") + "</p>"
            f"{table}<p>" + voice._(
                'Look up a word in the <a href="glossary.html">glossary</a>, or check a claim in the '
                '<a href="references.html">references</a>: every source has a link and says how far the team has '
                "checked it.") + "</p>")


def glossary_body(content: Content, voice: Voice = ENGLISH) -> str:
    terms = sorted(content.glossary.values(), key=lambda t: t.term.lower())
    try:
        from ..views.static.glossary import render
    except ImportError:
        render = None
    if render is not None:
        listing = render(terms, content.sources, mode="search", runtime=False)
    else:
        rows = "".join(f'<dt id="term-{esc(t.id)}">{esc(t.term)}</dt><dd>{esc(t.definition)}</dd>' for t in terms)
        listing = f'<dl class="sl-g-list">{rows}</dl>'
    lead = voice._("{count} words a care team uses, in plain language. A navigator can explain what a word means in "
                   "general; whether it applies to a person is for the care team to say.").format(count=len(terms))
    return f"<h1>{esc(voice._('Glossary'))}</h1><p class=\"site-lead\">{esc(lead)}</p>{listing}"


def references_body(content: Content, built: set[str], voice: Voice = ENGLISH) -> str:
    cited_in: dict[str, list[str]] = {}
    for slug, mc in content.modules.items():
        for sid in static_module.cited_source_ids(mc, content):
            cited_in.setdefault(sid, []).append(slug)
    groups: dict[str, list[str]] = {}
    for s in sorted(content.sources.values(), key=lambda s: (s.authors.lower(), s.year)):
        where = ", ".join(f'<a href="{esc(m)}.html">{esc(module_label(content, m, voice))}</a>' if m in built
                          else esc(module_label(content, m, voice)) for m in cited_in.get(s.id, []))
        first = s.authors.strip()[:1]
        letter = first.upper() if first.isalpha() else "0-9"
        checked = esc(voice._("Checked: {how}.").format(how=s.check_label()))
        cited = voice._("Cited in {where}.").format(where=where)  # `where` is HTML already escaped
        groups.setdefault(letter, []).append(
            f'<li id="ref-{esc(s.id)}"><span class="site-cite">{esc(s.citation())}</span> '
            f'<a href="{esc(s.link)}">{esc(s.link)}</a> '
            f'<span class="sl-reviewed">{checked}</span>'
            + (f' <span class="site-cited-in">{cited}</span>' if where else "") + "</li>")
    lists = "".join(f'<h2 id="refs-{esc(letter.lower())}" class="site-letter">{esc(letter)}</h2>'
                    f'<ul class="site-references">{"".join(items)}</ul>' for letter, items in groups.items())
    lead = voice._("Every source the course cites, with its DOI or web address and how far a team member has checked "
                   "it (what was opened, and when), listed by the first author's name. Links go to the publishers' "
                   "sites.")
    return f"<h1>{esc(voice._('References'))}</h1><p class=\"site-lead\">{esc(lead)}</p>{lists}"


PAGE_LINK = re.compile(r'href="([0-9]{2}-[a-z0-9]+(?:-[a-z0-9]+)*)\.html(#[^"]*)?"')


def elsewhere(body: str, built: set[str], others: tuple[OtherLanguage, ...]) -> str:
    """A link to a module not in this site (a translation not complete yet) goes to the first other language's
    page for it, where there is one."""
    def link(m: re.Match) -> str:
        if m.group(1) in built:
            return m.group(0)
        for other in others:
            if f"{m.group(1)}.html" in other.pages:
                return f'href="{other.prefix}{m.group(1)}.html{m.group(2) or ""}" hreflang="{other.lang}"'
        return m.group(0)

    return PAGE_LINK.sub(link, body)


def page_list(content: Content, slugs, voice: Voice = ENGLISH) -> list[Page]:
    """The learner site's pages in reading order: home, each built module, glossary, references."""
    pages = [Page("index.html", content.curriculum.title, "home")]
    pages += [Page(f"{s}.html", f"{module_label(content, s, voice)}: {content.entry(s).title}", "module")
              for s in slugs]
    return pages + [Page("glossary.html", voice._("Glossary"), "glossary"),
                    Page("references.html", voice._("References"), "references")]


def question_list_page(site: Path) -> str | None:
    """The page of a built site with the question-list builder (views/static/questions.py), if any."""
    return next((p.name for p in sorted(site.glob("*.html")) if QUESTION_LIST in p.read_text(encoding="utf-8")), None)


def build_site(content: Content, executed: dict[str, Path], out: Path, progress=None, voice: Voice = ENGLISH,
               others: tuple[OtherLanguage, ...] = (), handouts=None) -> list[Path]:
    """Write the learner site into `out`; `executed` maps each built module's slug to its executed notebook (in the
    voice's language). The facilitator edition (facilitator.py) goes beside it, never inside it. `others`: the
    site in other languages, which every page links to. `handouts` (editions/i18n.py: SiteLanguage, for a
    translated site) writes its patient pages into out/handouts/, each linking back to its English page."""
    from ..content.words import speaking

    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.html"):  # a module dropped from this build must not linger from the last one
        old.unlink()
    built = set(executed)
    pages = page_list(content, executed, voice)
    if progress is not None:
        progress.add(len(pages))

    files = write_runtime(out / "assets", SITE_ASSETS)
    with speaking(voice.words if voice.words is not None else content):
        for page in pages:
            if page.kind == "module":
                slug = page.file.removesuffix(".html")
                body = export_body(learner_notebook(load_executed(executed[slug])))
                source = f"notebooks/{slug}.ipynb and content/"
            elif page.kind == "home":
                body, source = home_body(content, built, voice), "content/curriculum.yml and content/modules/"
            elif page.kind == "glossary":
                body, source = glossary_body(content, voice), "content/glossary.yml"
            else:
                body, source = references_body(content, built, voice), "content/sources.yml"
            if voice.lang != "en":
                source += f" and content/i18n/{voice.lang}/messages.po"
            body = elsewhere(drop_citation_titles(body), built, others)
            switch = tuple(other.switch(page.file) for other in others)
            files.append(write(out / page.file, shell(content, pages, page, body, built, source, switch, voice,
                                                      handouts is not None)))
            if progress is not None:
                progress.step(f"site {page.file}")
    if handouts is not None:
        english = {"home": "index.html", "glossary": "glossary.html", **{s: f"{s}.html" for s in built}}
        builder = question_list_page(out)
        english["question-list"] = builder or "index.html"
        back = next((o.prefix for o in others if o.lang == "en"), None)
        if back is not None:  # from the translated site's top to the English page
            english = {k: back + (v if v in next(o.pages for o in others if o.lang == "en") else "index.html")
                       for k, v in english.items()}
        files += handouts.write(out / "handouts", list(executed), english)
    stale = out / "guide"  # where an earlier version put the educator guide, inside the site
    if (stale / MARKER).is_file():
        import shutil

        shutil.rmtree(stale)
    return files
