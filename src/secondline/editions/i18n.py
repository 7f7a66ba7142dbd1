"""Translated editions (issue 19): the patient-facing handouts in another language, from the English source and
the language's catalog (content/i18n.py), with the words of the pages themselves as `ui:` kinds of the scope.

`secondline build handouts --lang es` writes _build/es/handouts/: each module's one-page summary, the patient
question list and the glossary, each saying at its top that it is a translation and whether a qualified medical
translator has reviewed it (content/i18n/es/reviews.yml; none is recorded, and none may be invented).
`secondline i18n update es` brings the catalog in step with the English; `secondline i18n check es` reports coverage,
untranslated or out-of-date strings, and term-base problems.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Iterable
from html import escape
from pathlib import Path
from types import SimpleNamespace

from ..content.course import Content
from ..content.i18n import (
    STATUS,
    Message,
    Translator,
    coverage,
    load_catalog,
    load_terms,
    problems,
    scope_messages,
    status_line,
    term_problems,
    write_catalog,
)
from ..content.words import CONTEXT as WORDS_CONTEXT
from ..templating import markup, translated
from ..views.logic.questions import BUILDER, PAGE
from ..views.static import short_author
from .handouts import _css, print_pdfs

# Templates whose `{{ _("...") }}` strings are in the `ui:handouts` kind.
HANDOUT_TEMPLATES = ("handout.html.j2", "handout-summary.html.j2", "handout-glossary.html.j2", "handout-index.html.j2")
# Words the handout code itself puts on a page (the English build writes the same words in handouts.py), and the
# link the English site shows to this language's pages, in this language ("En español: hojas para pacientes").
HANDOUT_TEXT = ("Module %(number)s summary: %(title)s", "Glossary", "Handouts for patients and families")

def _template_messages(folder: Path, names: Iterable[str], context: str, document: str,
                       extra: Iterable[str] = ()) -> list[Message]:
    """The `{{ _("...") }}` strings of some templates, plus words the code itself puts on the same pages."""
    from jinja2.ext import babel_extract

    found = [Message(context, t, document) for t in extra]
    for name in names:
        with (folder / name).open("rb") as f:
            opts = {"trim_blocks": "true", "lstrip_blocks": "true", "extensions": "jinja2.ext.i18n"}
            for _line, _func, text, _comments in babel_extract(f, ("_", "gettext"), [], opts):
                text = text[0] if isinstance(text, tuple) else text  # a call with arguments: its message first
                if isinstance(text, str):
                    found.append(Message(context, text, document))
    return list(dict.fromkeys(found))


# The Python files whose `_("...")` and `N_("...")` strings are the views' own words (kind `ui:views`, the context
# content/words.py reads), as paths under src/secondline/: every view a learner sees in a notebook or on a page.
VIEW_SOURCES = ("views/logic/*.py", "views/static/*.py", "views/live/*.py", "notebook.py", "content/reviews.py",
                "record/browser.py", "record/certificate.py", "record/recorder.py", "record/store.py")


def view_sources() -> list[Path]:
    root = Path(__file__).resolve().parent.parent
    return sorted({p for pattern in VIEW_SOURCES for p in root.glob(pattern)})


def _view_messages() -> list[Message]:
    """Every `_("...")` and `N_("...")` string of VIEW_SOURCES (Babel's Python extractor), plus the question-list
    builder's words, which the handouts translate by key (ui:question-list) and a view through words.py."""
    from babel.messages.extract import extract_from_file

    found = []
    for path in view_sources():
        for _line, text, _comments, _context in extract_from_file("python", str(path), keywords={"_": None, "N_": None}):
            if isinstance(text, str) and text:
                found.append(Message(WORDS_CONTEXT, text, "views"))
    found += [Message(WORDS_CONTEXT, v, "views") for v in (*PAGE.values(), *BUILDER.values())]
    return list(dict.fromkeys(found))


def _handout_messages() -> list[Message]:
    return _template_messages(Path(__file__).parent / "templates", HANDOUT_TEMPLATES, "ui:handouts", "handouts",
                              HANDOUT_TEXT)


# The learner site's and the slides' templates and code whose `_("...")` words are the `ui:site` kind.
SITE_TEMPLATES = ("site-page.html.j2", "site-answers.html.j2")
SITE_CODE = ("site.py", "slides.py")


def _code_messages(files: Iterable[Path], context: str, document: str) -> list[Message]:
    """The `_("...")` strings of some Python files (`voice._("...")` in site.py), found by Babel's extractor."""
    from babel.messages.extract import extract_python

    found = []
    for path in files:
        with path.open("rb") as f:
            for _line, _func, text, _comments in extract_python(f, {"_": None}, [], {}):
                if isinstance(text, str):
                    found.append(Message(context, text, document))
    return found


def _site_messages() -> list[Message]:
    here = Path(__file__).parent
    code = _code_messages([here / name for name in SITE_CODE], "ui:site", "site")
    return _template_messages(here / "templates", SITE_TEMPLATES, "ui:site", "site", [m.english for m in code])


def _certificate_messages() -> list[Message]:
    from ..content.reviews import NOT_REVIEWED
    from ..record import certificate

    return _template_messages(Path(certificate.__file__).parent / "templates", ["certificate.html.j2"],
                              "ui:certificate", "certificate",
                              [certificate.WHAT_ALL, certificate.WHAT_ONE, certificate.WHAT_SOME, certificate.COURSE,
                               certificate.MODULE, *certificate.HOURS, NOT_REVIEWED])


def ui_kinds() -> dict:
    """The `ui:` kinds of the scope: the words of the pages, by page."""
    return {
        "ui:question-list": lambda: [Message(f"ui:question-list:{k}", v, "question-list") for k, v in PAGE.items()]
        + [Message(f"ui:question-list:builder:{k}", v, "question-list") for k, v in BUILDER.items()],
        "ui:handouts": _handout_messages,
        "ui:site": _site_messages,
        "ui:certificate": _certificate_messages,
        "ui:views": _view_messages,
        "ui:translation-status": lambda: [Message(f"ui:translation-status:{k}", v, "handouts")
                                          for k, v in STATUS.items()],
    }


def messages(content: Content, lang: str, modules: bool = True) -> list[Message]:
    """Every string in `lang`'s scope (content/i18n/scope.yml), content and page words alike; modules=False: only
    those every translated edition shares (not the `module:<slug>` kinds, which each build only when complete)."""
    return scope_messages(content, lang, ui_kinds(), modules=modules)


class Edition:
    """One language's handouts: the catalog, the templates translated through it, the status line."""

    def __init__(self, content: Content, lang: str, english: dict[str, str] | None = None):
        """`english`: for the pages inside the learner site (site/<lang>/), the English page to link back to for
        each role (home, glossary, question-list) and module slug, as a path from the site's top. None for the
        handouts edition, which has PDFs and no English site beside it."""
        self.content, self.lang, self.english = content, lang, english
        self.tr = Translator(content.root, lang)
        self.env = translated(__package__, lambda english: self.tr("ui:handouts", english))
        self.status = status_line(content.root, lang, self.tr)

    def render(self, template: str, english: str | None = None, **values) -> str:
        return self.env.get_template(template).render(lang=self.lang, translation=self.status, css=_css(),
                                                      english=english, pdfs=self.english is None, **values)

    def back(self, key: str, depth: int) -> str | None:
        """The relative link from a page `depth` folders under the site's top back to its English page."""
        if self.english is None:
            return None
        return "../" * depth + self.english.get(key, self.english["home"])

    def _common(self) -> dict:
        cur = self.content.curriculum
        return {"site": cur.title.split(":")[0], "course": self.tr("curriculum:title", cur.title),
                "version": cur.version}

    def summary_html(self, slug: str) -> str:
        tr, content = self.tr, self.content
        mc, entry = content.module(slug), content.entry(slug)
        m = mc.module
        title = tr(f"curriculum:{slug}:title", entry.title)
        module = SimpleNamespace(
            summary=tr(f"module:{slug}:summary", m.summary),
            objectives=[SimpleNamespace(text=tr(f"module:{slug}:objective:{o.id}", o.text)) for o in m.objectives],
            key_points=[SimpleNamespace(text=tr(f"module:{slug}:key-point", k.text)) for k in m.key_points])
        cited = [content.sources[i] for i in dict.fromkeys(i for k in m.key_points for i in k.sources)]
        heading = tr("ui:handouts", HANDOUT_TEXT[0]) % {"number": int(slug[:2]), "title": title}
        return self.render("handout-summary.html.j2", title=heading, number=int(slug[:2]),
                           source=f"content/modules/{slug}/ and content/i18n/{self.lang}/messages.po",
                           entry=SimpleNamespace(title=title, minutes=entry.minutes), module=module, cited=cited,
                           author=short_author, english=self.back(slug, 2), **self._common())

    def glossary_html(self) -> str:
        tr, content = self.tr, self.content
        terms = [SimpleNamespace(id=t.id, term=tr(f"glossary:{t.id}:term", t.term),
                                 definition=tr(f"glossary:{t.id}:definition", t.definition), sources=t.sources)
                 for t in content.glossary.values()]
        terms.sort(key=lambda t: _sort_key(t.term))
        listed = [(t, "; ".join(f"{short_author(content.sources[s])} {content.sources[s].year}" for s in t.sources))
                  for t in terms]
        return self.render("handout-glossary.html.j2", title=tr("ui:handouts", HANDOUT_TEXT[1]), terms=listed,
                           source=f"content/glossary.yml and content/i18n/{self.lang}/messages.po",
                           english=self.back("glossary", 2), **self._common())

    def question_list_html(self) -> str:
        from ..views.logic.questions import build
        from ..views.static.questions import printable

        local = self._bank()
        html = printable(build(local, [q.id for g in local.groups for q in g.questions]), page=self._page_words(),
                         lang=self.lang)
        note = (f"<!-- Generated by `secondline build handouts --lang {self.lang}` from content/question-bank.yml and "
                f"content/i18n/{self.lang}/messages.po; edit those, not this file. -->")
        back = self.back("question-list", 2)
        if back is not None:  # the printable page is the builder's own shell (views/static/questions.py), not a template
            html = html.replace("<body>", f"<body>{english_link(back)}", 1)
        return html.replace("<head>", f"<head>\n{note}\n", 1)

    def _bank(self):
        tr, bank = self.tr, self.content.question_bank
        groups = [SimpleNamespace(id=g.id, title=tr(f"question-bank:group:{g.id}", g.title),
                                  questions=[SimpleNamespace(id=q.id, text=tr(f"question-bank:{q.id}", q.text))
                                             for q in g.questions]) for g in bank.groups]
        return SimpleNamespace(groups=groups, reminder=tr("question-bank:reminder", bank.reminder))

    def _page_words(self) -> dict[str, str]:
        page = {k: self.tr(f"ui:question-list:{k}", v) for k, v in PAGE.items()}
        page["notice"] = self.status  # at the top of the page (views/static/questions.py), and again in the footer
        page["footer"] = f"{page['footer']} {self.status}"
        return page

    def builder_html(self) -> str:
        """The question-list builder on a page of its own: tick questions, add your own, print the list, all in
        this language, in the browser, with nothing saved or sent (views/static/questions.py and questions.js)."""
        from ..views.static.questions import render as builder

        words = {k: self.tr(f"ui:question-list:builder:{k}", v) for k, v in BUILDER.items()}
        page = self._page_words()
        body = (f'<h1>{escape(page["title"])}</h1>'  # the builder opens with its own note (what to do, nothing kept)
                + builder(self._bank(), page=page, words=words, lang=self.lang))
        return self.render("handout.html.j2", title=words["label"], body=markup(body),
                           source=f"content/question-bank.yml and content/i18n/{self.lang}/messages.po",
                           english=self.back("question-list", 1))

    def index_html(self, slugs: Iterable[str]) -> str:
        """The list of this language's handouts, each as PDF and web page (index.html beside the PDFs)."""
        tr, content = self.tr, self.content
        docs = [(f"{s}-summary", tr("ui:handouts", HANDOUT_TEXT[0]) % {
            "number": int(s[:2]), "title": tr(f"curriculum:{s}:title", content.entry(s).title)}) for s in slugs]
        if content.question_bank is not None:
            docs.append(("question-list", tr("ui:question-list:title", PAGE["title"])))
        docs.append(("glossary", tr("ui:handouts", HANDOUT_TEXT[1])))
        builder = (tr("ui:question-list:builder:label", BUILDER["label"])
                   if content.question_bank is not None else None)
        return self.render("handout-index.html.j2", builder=builder, title=tr("ui:handouts", HANDOUT_TEXT[2]),
                           source=f"content/ and content/i18n/{self.lang}/messages.po", docs=docs,
                           english=self.back("home", 1), **self._common())

    def documents(self, slugs: Iterable[str]) -> list[tuple[str, str, bool]]:
        """(name, html, one page?) for every handout in this language."""
        docs = [(f"{s}-summary", self.summary_html(s), True) for s in slugs]
        if self.content.question_bank is not None:
            docs.append(("question-list", self.question_list_html(), False))
        docs.append(("glossary", self.glossary_html(), False))
        return docs


def english_link(href: str) -> str:
    """The way back from a translated page to its English one (handout.html.j2 writes the same)."""
    return f'<p class="language-switch"><a href="{escape(href)}" lang="en" hreflang="en">English</a></p>'


def _sort_key(term: str) -> str:
    """Dictionary order: accents sort with their letter (á with a), ñ after n."""
    base = unicodedata.normalize("NFD", term.lower().replace("ñ", "n~"))
    return "".join(c for c in base if not unicodedata.combining(c))


def build_handouts(content: Content, slugs: list[str], out: Path, lang: str, progress=None) -> list[Path]:
    """Write each translated handout's HTML into out/html/, print each to out/<name>.pdf, and list them all in
    out/index.html."""
    from .assets import write

    edition = Edition(content, lang)
    docs = edition.documents(slugs)
    out.mkdir(parents=True, exist_ok=True)
    for old in [*out.glob("*.pdf"), *(out / "html").glob("*.html")]:
        old.unlink()
    if progress is not None:
        progress.add(len(docs))
    sources = [write(out / "html" / f"{name}.html", html) for name, html, _ in docs]
    files = [write(out / "index.html", edition.index_html(slugs)), *sources]
    if content.question_bank is not None:
        files.append(write(out / "question-builder.html", edition.builder_html()))
    return files + print_pdfs(docs, sources, out, progress, label=f"{lang}/")


# ----------------------------------------------------------------------------- inside the learner site


class SiteLanguage:
    """One language's patient pages inside its learner site (site/<lang>/handouts/): the handouts' web pages, the
    question builder and their index, each with a link back to its English page."""

    def __init__(self, content: Content, lang: str):
        self.content, self.lang = content, lang

    def write(self, out: Path, slugs: list[str], english: dict[str, str]) -> list[Path]:
        """Write the pages into `out`; `english` is the English page of each role (home, glossary, question-list)
        and built module, as a path from `out`'s parent (the translated site's top)."""
        from .assets import write

        edition = Edition(self.content, self.lang, english=english)
        for old in [*out.glob("*.html"), *(out / "html").glob("*.html")]:
            old.unlink()
        files = [write(out / "html" / f"{name}.html", html) for name, html, _ in edition.documents(slugs)]
        files.append(write(out / "index.html", edition.index_html(slugs)))
        if self.content.question_bank is not None:
            files.append(write(out / "question-builder.html", edition.builder_html()))
        return files


def site_languages(content: Content, where: str = "site") -> tuple[list[SiteLanguage], list[str]]:
    """The languages whose patient pages are built: every language of content/i18n/scope.yml whose shared strings
    (all but the `module:<slug>` kinds) are translated and current. A language that is not is left out, with one
    line saying why."""
    from ..content.errors import ContentError
    from ..content.i18n import load_scope

    found, left_out = [], []
    for lang in load_scope(content.root).languages:
        try:
            missing = problems(messages(content, lang, modules=False), load_catalog(content.root, lang), lang)
            if not missing:
                found.append(SiteLanguage(content, lang))
                continue
            why = f"{len(missing)} string(s) not translated or out of date, first: {missing[0]}"
        except (ContentError, KeyError) as exc:
            why = str(exc)
        left_out.append(f"the '{lang}' pages are left out of the {where}: {why} (`secondline i18n check {lang}`)")
    return found, left_out


def build_translated_handouts(content: Content, slugs: list[str], out: Path, progress=None
                              ) -> tuple[list[Path], list[str]]:
    """`build handouts` (and `build all`): every language's handouts, into out/<lang>/handouts/, beside the English
    ones. A language whose catalog is not complete is left out, with one line saying why."""
    languages, left_out = site_languages(content, where="handouts")
    files: list[Path] = []
    for language in languages:
        files += build_handouts(content, slugs, out / language.lang / "handouts", language.lang, progress=progress)
    return files, left_out


# ----------------------------------------------------------------------------- commands


def build_cli(args) -> int:
    """`secondline build handouts --lang es`: the translated handouts (`build notebooks --lang es` is
    editions/languages.py's; `build review --lang es` is review_i18n.build_cli). The site, slides and SCORM package of every ready translation are built beside the
    English ones by `secondline build site|slides|scorm|all`."""
    from ..content.errors import ContentError
    from ..content.load import load
    from .common import BuildError, Progress, select_modules

    if args.target != "handouts":
        print(f"error: `secondline build {args.target}` builds the '{args.lang}' {args.target} beside the English "
              f"ones (into {args.out}/{args.target}/{args.lang}/); --lang is for handouts, notebooks and the review packet",
              file=sys.stderr)
        return 2
    content = load()
    try:
        files = build_handouts(content, select_modules(content, args.modules), Path(args.out) / args.lang / "handouts",
                               args.lang, progress=Progress())
    except (ContentError, KeyError, BuildError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{len(files)} files in {Path(args.out) / args.lang / 'handouts'}")
    return 0


def i18n_cli(args) -> int:
    """`secondline i18n update|check LANG`."""
    from ..content.errors import ContentError
    from ..content.load import load

    content = load()
    try:
        msgs = messages(content, args.lang)
        if args.action == "update":
            counts = write_catalog(content.root, args.lang, msgs)
        else:
            cat = load_catalog(content.root, args.lang)
            counts = coverage(msgs, cat)
            found = problems(msgs, cat, args.lang) + term_problems(msgs, cat, load_terms(content.root, args.lang),
                                                                   args.lang)
            for line in found:
                print(f"error: {line}", file=sys.stderr)
    except ContentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(", ".join(f"{v} {k}" for k, v in counts.items()))
    return 1 if args.action == "check" and (found or counts["missing or out of date"]) else 0


def add_commands(sub) -> None:
    p = sub.add_parser("i18n", help="translations: bring a catalog in step with the English, or check it")
    p.add_argument("action", choices=["update", "check"])
    p.add_argument("lang", help="a language of content/i18n/scope.yml, e.g. es")
    p.set_defaults(func=i18n_cli)
