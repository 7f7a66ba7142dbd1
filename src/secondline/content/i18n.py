"""Translations of the course: English stays the source; each language is a gettext catalog of content/.

content/i18n/scope.yml says, per language, which kinds of text are translated (the scope, as data: extending it is
adding an entry). content/i18n/<lang>/messages.po is the catalog (read and written with Babel): each message's
msgctxt says where the text lives (`glossary:progression:definition`), its msgid is the English as it is now and
its msgstr the translation. When the English changes, its old entry no longer matches, so the text counts as
untranslated until `secondline i18n update` marks the nearest old translation fuzzy (with the previous English) and
a translator revises it. content/i18n/<lang>/terms.yml is the bilingual term base the translations are checked
against; content/i18n/<lang>/reviews.yml records translation reviews (none yet: never invent one).

This room knows only content kinds; the words of pages and views (kinds `ui:...`) are listed by editions/i18n.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import yaml
from pydantic import Field, ValidationError

from .errors import ContentError
from .schema import Strict
from .words import CONTEXT as WORDS_CONTEXT

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

    from .course import Content

SOURCE_LANG = "en"


@dataclass(frozen=True)
class Message:
    """One translatable string: where it lives, its English, and the document that shows it (for reading level)."""

    context: str
    english: str
    document: str


class ScopeEntry(Strict):
    kind: str = Field(description="a kind of text: question-bank, glossary, module-summaries, or ui:<page>")
    why: str | None = None


class Language(Strict):
    name: str = Field(description="the language's own name, e.g. Español")
    scope: list[ScopeEntry] = Field(min_length=1)


class Scope(Strict):
    languages: dict[str, Language] = Field(min_length=1)


class TermEntry(Strict):
    """One row of the term base: the English forms, the Spanish forms a translation must use, a definition, a source."""

    en: list[str] = Field(min_length=1, description="the English term and its forms (plural), matched as whole words")
    es: list[str] = Field(min_length=1, description="the accepted Spanish forms; one must appear where the English does")
    definition: str = Field(min_length=10, description="what the term means, in Spanish")
    source: str = Field(description="where the Spanish term was checked, or 'not yet checked'")


class TranslationReview(Strict):
    """A review a qualified medical translator actually completed (content/i18n/<lang>/reviews.yml)."""

    translator: str
    credentials: str
    date: dt.date
    scope: list[str] = Field(min_length=1, description="the scope kinds reviewed (scope.yml)")
    decision: Literal["approved", "approved-with-changes", "changes-required"]
    notes: str | None = None


def i18n_root(content_root: Path | str) -> Path:
    return Path(content_root) / "i18n"


def _yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ContentError(path, f"cannot read: {exc}") from exc


def _model(model, path: Path, data, what: str):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "(top)"
        raise ContentError(path, f"{what}, field {field}: {err['msg']}") from exc


def load_scope(content_root: Path | str) -> Scope:
    path = i18n_root(content_root) / "scope.yml"
    return _model(Scope, path, _yaml(path), "scope")


def language(content_root: Path | str, lang: str) -> Language:
    scope = load_scope(content_root)
    if lang not in scope.languages:
        known = ", ".join(scope.languages)
        raise ContentError(i18n_root(content_root) / "scope.yml", f"no language '{lang}' (known: {known})")
    return scope.languages[lang]


def load_terms(content_root: Path | str, lang: str) -> list[TermEntry]:
    path = i18n_root(content_root) / lang / "terms.yml"
    data = _yaml(path) or []
    if not isinstance(data, list):
        raise ContentError(path, "the term base is a list of entries")
    return [_model(TermEntry, path, row, f"entry {n} ({(row or {}).get('en', '?')})") for n, row in enumerate(data, 1)]


def load_reviews(content_root: Path | str, lang: str) -> list[TranslationReview]:
    path = i18n_root(content_root) / lang / "reviews.yml"
    data = _yaml(path) or []
    if not isinstance(data, list):
        raise ContentError(path, "translation reviews are a list (empty until one is recorded)")
    reviews = [_model(TranslationReview, path, row, f"review {n}") for n, row in enumerate(data, 1)]
    for n, r in enumerate(reviews, 1):
        if r.date > dt.date.today():
            raise ContentError(path, f"review {n}, field date: {r.date} is in the future")
    return reviews


# ----------------------------------------------------------------------------- what is translated, by kind


def _question_bank(content: Content) -> Iterable[Message]:
    bank = content.question_bank
    if bank is None:
        return
    yield Message("question-bank:reminder", bank.reminder, "question-list")
    for g in bank.groups:
        yield Message(f"question-bank:group:{g.id}", g.title, "question-list")
        for q in g.questions:
            yield Message(f"question-bank:{q.id}", q.text, "question-list")


def _glossary(content: Content) -> Iterable[Message]:
    for t in content.glossary.values():
        yield Message(f"glossary:{t.id}:term", t.term, "glossary")
        yield Message(f"glossary:{t.id}:definition", t.definition, "glossary")


def _module_summaries(content: Content) -> Iterable[Message]:
    yield Message("curriculum:title", content.curriculum.title, "handouts")
    for entry in content.curriculum.modules:
        slug, doc = entry.slug, f"summary:{entry.slug}"
        m = content.module(slug).module
        yield Message(f"curriculum:{slug}:title", entry.title, doc)
        yield Message(f"module:{slug}:summary", m.summary, doc)
        for o in m.objectives:
            yield Message(f"module:{slug}:objective:{o.id}", o.text, doc)
        for k in m.key_points:  # key points have no ids: the English itself tells them apart
            yield Message(f"module:{slug}:key-point", k.text, doc)


# ----------------------------------------------------------------------------- the learner edition: every module

# Which fields of which content records are words a learner reads, and so translated: everything else (ids, verdicts,
# sources, numbers, next-scene links, trial conditions, which are search terms for an English registry) is kept.
TRANSLATED: dict[str, tuple[str, ...]] = {
    "Module": ("summary",), "Objective": ("text",), "KeyPoint": ("text",), "Section": ("title",),
    "QuizItem": ("prompt",), "KnowledgeItem": ("prompt",), "Option": ("text", "why"),
    "Case": ("title", "intro", "summary"), "Scene": ("text",), "Choice": ("text", "debrief"),
    "Figure": ("title", "measure", "unit", "caveat"), "Bar": ("label",),
    "TrialRecord": ("title", "eligibility"),
    "SortExercise": ("prompt",), "Bin": ("label",), "Statement": ("text", "why"),
    "WeighingExercise": ("title", "case", "says", "prompts", "closing"), "Factor": ("label", "question"),
    "DecisionPath": ("label", "description"),
    "KnowledgeCheck": ("intro",), "Form": ("title",),
}
# A list field's name as one element of a context ("module:03-clinical-trials:quiz:item:trials-q03:option:why").
SEGMENT = {"objectives": "objective", "key_points": "key-point", "sections": "section", "items": "item",
           "options": "option", "cases": "case", "scenes": "scene", "choices": "choice", "figures": "figure",
           "bars": "bar", "trials": "trial", "sorts": "sort", "bins": "bin", "statements": "statement",
           "weighing": "weighing", "factors": "factor", "paths": "path", "forms": "form", "legacy_forms": "form"}
MODULE_PARTS = ("module", "quiz", "cases", "figures", "trials", "sorts", "weighing")


def _fields(value) -> tuple[str, ...]:
    return getattr(type(value), "_fields", None) or tuple(getattr(type(value), "model_fields", ()))


def _walk(value, where: str, visit: Callable[[str, str], str]):
    """`value` (a record or model tree) with every translated string replaced by visit(context, english), as records.

    A context is the record's place: list elements by id (or, with no id, by nothing: the English tells them
    apart, as for key points), a field called `text` by nothing, any other field by its name, and a list of strings
    by position ("...:says:2")."""
    from .readonly import rebuild, to_records

    if isinstance(value, list):
        return [_walk(x, f"{where}:{x.id}" if "id" in _fields(x) else where, visit) for x in value]
    names = _fields(value)
    if not names:
        return value
    value = to_records(value)
    kind = type(value).__name__
    translated = TRANSLATED.get(kind, ())
    values = []
    for name in names:
        v = getattr(value, name)
        here = where if name == "text" else f"{where}:{name}"
        if name in translated and isinstance(v, str):
            v = visit(here, v)
        elif name in translated and isinstance(v, list):
            v = [visit(f"{here}:{n}", s) for n, s in enumerate(v, 1)]
        elif isinstance(v, list) and v and _fields(v[0]):
            v = _walk(v, f"{where}:{SEGMENT.get(name, name)}", visit)
        elif _fields(v):
            v = _walk(v, f"{where}:{name}", visit)
        values.append(v)
    return rebuild(kind, names, tuple(values))


def _module_part(mc, part: str, where: str, visit):
    value = getattr(mc, part)
    if part == "module":  # the module's own fields sit at the module's place: "module:<slug>:summary"
        return _walk(value, where, visit)
    return _walk(value, f"{where}:{SEGMENT.get(part, part)}", visit)


def module_messages(content: Content, slug: str) -> list[Message]:
    """Every word a learner reads in one module's content (module.yml, quiz, cases, figures, trials, sorts,
    weighing) and in its notebook's prose (notebook_messages)."""
    found: list[Message] = []

    def visit(context: str, english: str) -> str:
        found.append(Message(context, english, f"module:{slug}"))
        return english

    mc = content.module(slug)
    for part in MODULE_PARTS:
        _module_part(mc, part, f"module:{slug}", visit)
    found.extend(notebook_messages(content.root, slug))
    return found


def _knowledge_check(content: Content) -> Iterable[Message]:
    found: list[Message] = []
    if content.knowledge_check is not None:
        _walk(content.knowledge_check, "knowledge-check",
              lambda c, e: found.append(Message(c, e, "knowledge-check")) or e)
    return found


# ----------------------------------------------------------------------------- notebook prose

FENCE = re.compile(r"^\s*(```|~~~)")


def notebooks_dir(content_root: Path | str) -> Path:
    return Path(content_root).resolve().parent / "notebooks"


def blocks(markdown: str) -> list[str]:
    """A markdown cell's blocks, split at blank lines outside code fences: each block is one message, so a change to
    one paragraph leaves the translations of the others current."""
    out, cur, fenced = [], [], False
    for line in markdown.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        if not line.strip() and not fenced:
            if cur:
                out.append("\n".join(cur))
            cur = []
        else:
            cur.append(line)
    if cur:
        out.append("\n".join(cur))
    return out


def learner_cells(nb: dict) -> Iterable[dict]:
    """The markdown cells a learner reads: facilitator notes stay in English, in the educator guide's language."""
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown" and "facilitator" not in cell.get("metadata", {}).get("tags", []):
            yield cell


def read_notebook(path: Path) -> dict:
    import json

    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ContentError(path, f"cannot read the notebook: {exc}") from exc


def notebook_messages(content_root: Path | str, slug: str) -> list[Message]:
    path = notebooks_dir(content_root) / f"{slug}.ipynb"
    if not path.is_file():
        return []
    found = []
    for cell in learner_cells(read_notebook(path)):
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        found.extend(Message(f"notebook:{slug}:{cell['id']}", b, f"module:{slug}") for b in blocks(source))
    return found


def translate_markdown(markdown: str, context: str, tr: Callable[[str, str], str]) -> str:
    return "\n\n".join(tr(context, b) for b in blocks(markdown))


# ----------------------------------------------------------------------------- a translated Content


def localize(content: Content, tr: Callable[[str, str], str], lang: str) -> Content:
    """The same course with every translated string in `lang`: tr(context, english) gives each translation (a
    Translator raises KeyError for one that is missing or out of date). Records, like a snapshot's."""
    from .readonly import to_records

    modules = {}
    for slug, mc in content.modules.items():
        parts = {part: _module_part(mc, part, f"module:{slug}", tr) for part in MODULE_PARTS}
        modules[slug] = dataclasses.replace(to_records(mc), **parts)
    glossary = {}
    for tid, t in content.glossary.items():
        t = to_records(t)
        glossary[tid] = _replace(t, term=tr(f"glossary:{tid}:term", t.term),
                                 definition=tr(f"glossary:{tid}:definition", t.definition))
    cur = to_records(content.curriculum)
    entries = [_replace(e, title=tr(f"curriculum:{e.slug}:title", e.title)) for e in cur.modules]
    curriculum = _replace(cur, title=tr("curriculum:title", cur.title), modules=entries)
    bank = content.question_bank
    if bank is not None:
        bank = to_records(bank)
        groups = [_replace(g, title=tr(f"question-bank:group:{g.id}", g.title),
                           questions=[_replace(q, text=tr(f"question-bank:{q.id}", q.text)) for q in g.questions])
                  for g in bank.groups]
        bank = _replace(bank, reminder=tr("question-bank:reminder", bank.reminder), groups=groups)
    kc = content.knowledge_check
    if kc is not None:
        kc = _walk(kc, "knowledge-check", tr)
    return dataclasses.replace(to_records(content), modules=modules, glossary=glossary, curriculum=curriculum,
                               question_bank=bank, knowledge_check=kc, lang=lang)


def translated(content: Content, lang: str, strict: bool = False) -> Content:
    """The course in `lang`: its content (localize) and its views' words (words.py), from the language's catalog.

    strict: raise KeyError for any string without a current translation (a build of a translated edition checks
    first: editions/i18n.py). Not strict: such a string stays English, so a kernel opening a module not yet
    translated still shows it (the Spanish editions list only modules whose translation is complete)."""
    cat = load_catalog(content.root, lang)
    strict_tr = Translator(content.root, lang, catalog=cat)

    def tr(context: str, english: str) -> str:
        try:
            return strict_tr(context, english)
        except KeyError:
            if strict:
                raise
            return english

    words = {m.id: m.string for m in cat if m.context == WORDS_CONTEXT and m.id and m.string and not m.fuzzy}
    return dataclasses.replace(localize(content, tr, lang), words=words)


def _replace(record, **changes):
    from .readonly import rebuild

    return rebuild(type(record).__name__, record._fields, tuple(changes.get(f, getattr(record, f))
                                                                for f in record._fields))


def _module_kind(slug: str) -> Callable[[Content], Iterable[Message]]:
    return lambda content: module_messages(content, slug)


CONTENT_KINDS: dict[str, Callable[[Content], Iterable[Message]]] = {
    "question-bank": _question_bank,
    "glossary": _glossary,
    "module-summaries": _module_summaries,
    "knowledge-check": _knowledge_check,
}


def content_kind(kind: str) -> Callable[[Content], Iterable[Message]] | None:
    """The extractor of a content kind: one of CONTENT_KINDS, or `module:<slug>` (one module, all of it)."""
    if kind.startswith("module:"):
        return _module_kind(kind.removeprefix("module:"))
    return CONTENT_KINDS.get(kind)


def scope_kinds(content: Content, lang: str, ui: dict[str, Callable[[], Iterable[Message]]] | None = None,
                modules: bool = True) -> dict[str, list[Message]]:
    """The messages of each kind of `lang`'s scope, in scope order: content kinds from here, `ui:` kinds from `ui`
    (editions/i18n.py). The same words in two kinds are one message, counted in the first kind that has them.
    modules=False: without the `module:<slug>` kinds (the words every translated edition shares)."""
    ui = ui or {}
    seen: set[tuple[str, str]] = set()
    kinds: dict[str, list[Message]] = {}
    for n, entry in enumerate(language(content.root, lang).scope, 1):
        if not modules and entry.kind.startswith("module:"):
            continue
        made = content_kind(entry.kind)
        if entry.kind.startswith("module:") and entry.kind.removeprefix("module:") not in content.modules:
            made = None
        if made is None and entry.kind not in ui:
            known = ", ".join(sorted([*CONTENT_KINDS, *ui, "module:<slug>"]))
            raise ContentError(i18n_root(content.root) / "scope.yml",
                               f"languages.{lang}.scope[{n}], field kind: unknown kind '{entry.kind}' (known: {known})")
        mine = kinds.setdefault(entry.kind, [])
        for m in (made(content) if made is not None else ui[entry.kind]()):
            if (m.context, m.english) not in seen:
                seen.add((m.context, m.english))
                mine.append(m)
    return kinds


def scope_messages(content: Content, lang: str, ui: dict[str, Callable[[], Iterable[Message]]] | None = None,
                   modules: bool = True) -> list[Message]:
    """Every message in `lang`'s scope: content kinds from here, `ui:` kinds from `ui` (editions/i18n.py).
    modules=False: without the `module:<slug>` kinds (the words every translated edition shares)."""
    return [m for found in scope_kinds(content, lang, ui, modules).values() for m in found]


def modules_in_scope(content_root: Path | str, lang: str) -> list[str]:
    """The modules whose whole learner text is in `lang`'s scope (kind `module:<slug>`), in scope order."""
    return [e.kind.removeprefix("module:") for e in language(content_root, lang).scope if e.kind.startswith("module:")]


# ----------------------------------------------------------------------------- the catalog


def catalog_path(content_root: Path | str, lang: str) -> Path:
    return i18n_root(content_root) / lang / "messages.po"


def load_catalog(content_root: Path | str, lang: str) -> Catalog:
    from babel.messages.pofile import PoFileError, read_po

    path = catalog_path(content_root, lang)
    if not path.is_file():
        raise ContentError(path, f"no catalog for '{lang}': run `secondline i18n update {lang}`")
    try:
        with path.open("rb") as f:
            cat = read_po(f, locale=lang, abort_invalid=True)
    except (PoFileError, ValueError) as exc:
        raise ContentError(path, f"cannot read the catalog: {exc}") from exc
    for message in [*cat, *cat.obsolete.values()]:
        _take_previous(message)
    return cat


PREVIOUS_FIELD = re.compile(r"\|\s*(msgctxt|msgid_plural|msgid)?\s*(.*)$", re.S)
QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _take_previous(message) -> None:
    """Babel's read_po takes a fuzzy entry's `#| msgid "..."` lines (the English it translated before) for translator
    comments ("| msgid ..."), which write_po would then write back as `# | msgid` junk, wrapped mid-string. Take
    them out of the comments and into `previous_id`, where they belong (write_catalog writes them back as `#|`)."""
    from babel.messages.pofile import unescape

    kept, fields, field, whole = [], {}, "msgid", True
    for comment in message.user_comments:
        m = PREVIOUS_FIELD.match(comment)
        if m is None:
            kept.append(comment)
            continue
        field = m.group(1) or field
        fields.setdefault(field, []).extend(unescape(f'"{q}"') for q in QUOTED.findall(m.group(2)))
        whole = whole and not QUOTED.sub("", m.group(2)).strip()  # junk wrapped mid-string: drop, never half-read
    message.user_comments = kept
    if whole and "msgid" in fields and not message.previous_id:
        previous = ["".join(fields["msgid"])]
        if "msgid_plural" in fields:
            previous.append("".join(fields["msgid_plural"]))
        message.previous_id = previous


def template(messages: Iterable[Message]) -> Catalog:
    from babel.messages.catalog import Catalog

    cat = Catalog(project="Second Line", charset="utf-8", fuzzy=False)
    for m in messages:
        cat.add(m.english, context=m.context, auto_comments=[f"document: {m.document}"])
    return cat


def write_catalog(content_root: Path | str, lang: str, messages: list[Message]) -> dict[str, int]:
    """Bring the catalog in step with the English: new strings added empty, changed ones marked fuzzy with their
    previous English (Babel's update), removed ones kept as obsolete comments. Returns counts for the command."""
    from babel.messages.catalog import Catalog

    path = catalog_path(content_root, lang)
    cat = load_catalog(content_root, lang) if path.is_file() else Catalog(locale=lang, project="Second Line")
    # Babel's update drops the previous English of an entry that was already fuzzy: keep it until it is revised.
    before = {(m.id, m.context): list(m.previous_id) for m in cat if m.id and m.fuzzy and m.previous_id}
    new = template(messages)
    new.creation_date = cat.creation_date  # an update that changes no string changes nothing in the file
    cat.update(new, no_fuzzy_matching=True, update_header_comment=False)
    _match_changed(cat)
    for m in cat:
        if not m.id:
            continue
        if m.fuzzy:
            m.previous_id = m.previous_id or before.get((m.id, m.context), [])
        else:  # revised and no longer fuzzy: its old English is history, not a note for the translator
            m.previous_id = []
    save_catalog(content_root, lang, cat)
    return coverage(messages, cat)


def save_catalog(content_root: Path | str, lang: str, cat: Catalog) -> None:
    """Write the catalog as `secondline i18n update` does (a PO editor's save is fine too)."""
    from babel.messages.pofile import write_po

    path = catalog_path(content_root, lang)
    cat.header_comment = (f"# The {lang} translation of Second Line: content/i18n/scope.yml says what is in it.\n"
                          "# English is the source; `secondline i18n update` keeps this file in step with it, and\n"
                          "# translators edit only the msgstr lines (any PO editor, such as Poedit, will do).\n"
                          "# Content CC BY 4.0, like the English it translates.")
    cat.msgid_bugs_address = "the project's issue tracker"
    buf = io.BytesIO()
    write_po(buf, cat, width=PO_WIDTH, include_previous=False, sort_by_file=False, ignore_obsolete=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_with_previous(buf.getvalue().decode("utf-8"), cat).encode("utf-8"))


PO_WIDTH = 116


def _match_changed(cat: Catalog) -> None:
    """A string whose English changed keeps its place (msgctxt) but not its msgid: give the new entry the old one's
    translation, marked fuzzy with the old English as previous, so a translator revises rather than restarts.
    (Babel's own fuzzy matching compares every new string with every old one: minutes for a few thousand.)"""
    old_by_context: dict[str, list] = {}
    for key, m in list(cat.obsolete.items()):
        if m.context and m.string:
            old_by_context.setdefault(m.context, []).append((key, m))
    for m in cat:
        if not m.id or m.string or m.context not in old_by_context:
            continue
        import difflib

        candidates = old_by_context[m.context]
        key, old = max(candidates, key=lambda km: difflib.SequenceMatcher(None, km[1].id, m.id).quick_ratio())
        candidates.remove((key, old))
        m.string, m.previous_id = old.string, [old.id]
        m.flags.add("fuzzy")
        del cat.obsolete[key]


def _with_previous(text: str, cat: Catalog) -> str:
    """Write each fuzzy entry's previous English as gettext does, `#| msgid ""` then `#| "..."` lines, just above its
    msgctxt. (Babel's own include_previous re-wraps a long previous msgid as prose, splitting its quoted lines.)"""
    from babel.messages.pofile import normalize

    for m in cat:
        if not (m.id and m.fuzzy and m.previous_id and isinstance(m.id, str)):
            continue
        head = f"msgctxt {normalize(m.context, width=PO_WIDTH)}\n" if m.context else ""
        head += f"msgid {normalize(m.id, width=PO_WIDTH)}\n"
        lines = normalize(m.previous_id[0], width=PO_WIDTH - 3).splitlines()
        previous = "".join(f"#| {'msgid ' if i == 0 else ''}{line}\n" for i, line in enumerate(lines))
        at = text.find("\n" + head)
        if at >= 0:
            text = f"{text[:at + 1]}{previous}{text[at + 1:]}"
    return text


def translation(cat: Catalog, m: Message) -> str | None:
    """The current translation of `m`, or None when missing, empty or fuzzy (out of date with its English)."""
    entry = cat.get(m.english, context=m.context)
    if entry is None or not entry.string or entry.fuzzy:
        return None
    return entry.string


def coverage(messages: list[Message], cat: Catalog) -> dict[str, int]:
    done = sum(translation(cat, m) is not None for m in messages)
    return {"in scope": len(messages), "translated": done, "missing or out of date": len(messages) - done}


def problems(messages: list[Message], cat: Catalog, lang: str) -> list[str]:
    """One line per message in scope that lacks a current translation, saying whether it is new or out of date."""
    out = []
    by_context: dict[str | None, list] = {}
    for entry in cat:
        if entry.id:
            by_context.setdefault(entry.context, []).append(entry)
    for m in messages:
        entry = cat.get(m.english, context=m.context)
        where = f"content/i18n/{lang}/messages.po, msgctxt {m.context!r}"
        if entry is not None and entry.fuzzy:
            out.append(f"{where}: fuzzy: the English changed to {m.english[:70]!r}; revise the translation, then "
                       "remove the fuzzy flag")
        elif entry is not None and not entry.string:
            out.append(f"{where}: not yet translated: {m.english[:70]!r}")
        elif entry is None:
            stale = [e for e in by_context.get(m.context, []) if e.id != m.english]
            state = "out of date with its English source" if stale else "missing"
            out.append(f"{where}: {state}: {m.english[:70]!r} (run `secondline i18n update {lang}`)")
    return out


class Translator:
    """gettext for one language: `tr(context, english)` is the current translation, or an error naming the string."""

    def __init__(self, content_root: Path | str, lang: str, catalog: Catalog | None = None):
        self.lang = lang
        self.catalog = catalog if catalog is not None else load_catalog(content_root, lang)

    def __call__(self, context: str, english: str) -> str:
        entry = self.catalog.get(english, context=context)
        if entry is None or not entry.string or entry.fuzzy:
            raise KeyError(f"content/i18n/{self.lang}/messages.po has no current translation for {context!r}: "
                           f"{english[:70]!r} (run `secondline i18n update {self.lang}` and translate it)")
        return entry.string


# ----------------------------------------------------------------------------- honest status

STATUS = {
    "unreviewed": "This page is a translation from English. A qualified medical translator has not yet reviewed it.",
    "reviewed": "This page is a translation from English. It was reviewed by %(translator)s, %(credentials)s, "
                "on %(date)s.",
}


def status_line(content_root: Path | str, lang: str, tr: Translator) -> str:
    """The translation's review status, from content/i18n/<lang>/reviews.yml (never anything not recorded there)."""
    reviews = load_reviews(content_root, lang)
    if not reviews:
        return tr("ui:translation-status:unreviewed", STATUS["unreviewed"])
    r = reviews[-1]
    return tr("ui:translation-status:reviewed", STATUS["reviewed"]) % {
        "translator": r.translator, "credentials": r.credentials, "date": r.date.isoformat()}


# ----------------------------------------------------------------------------- terminology


def _forms(words: list[str]) -> re.Pattern:
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?!\w)",
                      re.I)


def term_problems(messages: list[Message], cat: Catalog, terms: list[TermEntry], lang: str) -> list[str]:
    """Where the English uses a term of the term base, the translation must use one of its Spanish forms."""
    out = []
    compiled = [(t, _forms(t.en), _forms(t.es)) for t in terms]
    for m in messages:
        text = translation(cat, m)
        if text is None:
            continue
        english = _words_only(m.english)  # a link's target (#ref-verywell-second-line) is an address, not words
        for t, en, es in compiled:
            if en.search(english) and not es.search(text):
                out.append(f"content/i18n/{lang}/messages.po, msgctxt {m.context!r}: the English says "
                           f"{en.search(english).group(0)!r}; the translation must use {' / '.join(t.es)!r} "
                           f"(content/i18n/{lang}/terms.yml)")
    return out


def terms_in(english: str, terms: list[TermEntry]) -> list[TermEntry]:
    """The entries of the term base whose English the words of `english` use (as term_problems matches them)."""
    words = _words_only(english)
    return [t for t in terms if _forms(t.en).search(words)]


def uses_term(term: TermEntry, translation: str) -> bool:
    """Does a translation use one of the term's accepted forms?"""
    return bool(_forms(term.es).search(translation))


def _words_only(text: str) -> str:
    """The words of a message: markdown link targets and HTML attributes left out."""
    return re.sub(r"<[^>]+>", " ", re.sub(r"\]\([^)\s]+\)", "]", text))


# ----------------------------------------------------------------------------- what a translation must keep

KEPT = {
    "link target": re.compile(r"\]\(([^)\s]+)\)"),  # markdown links: [words](#ref-id) or (https://...)
    "code": re.compile(r"`[^`]+`"),
    "placeholder": re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}"),
    "HTML tag": re.compile(r"</?[a-z][a-z0-9]*(?=[\s>/])"),
    "heading": re.compile(r"^#{1,6}(?= )"),
    "number": re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?(?![\w])"),
}


def _kept(pattern: re.Pattern, text: str) -> list[str]:
    found = pattern.findall(text)
    return sorted(f.replace(",", ".") for f in found) if pattern is KEPT["number"] else sorted(found)


# A translator's flag (`#, numbers-adapted`) for a translation that says a number another way on purpose
# ("1-800-4-CANCER" dialled as 1-800-422-6237, "grade 6" as "sexto grado"): the reviewer sees the flag.
NUMBERS_ADAPTED = "numbers-adapted"


def markup_problems(messages: list[Message], cat: Catalog, lang: str) -> list[str]:
    """A translation keeps what is not words: the same link targets (a citation's #ref- id), code, placeholders,
    HTML tags, heading level and numbers (a decimal comma for a point is the same number) as its English."""
    out = []
    for m in messages:
        text = translation(cat, m)
        if text is None:
            continue
        entry = cat.get(m.english, context=m.context)
        for what, pattern in KEPT.items():
            if what == "number" and NUMBERS_ADAPTED in entry.flags:
                continue
            en, tr = _kept(pattern, m.english), _kept(pattern, text)
            if en != tr:
                gone = [x for x in en if x not in tr] or ["(count differs)"]
                added = [x for x in tr if x not in en]
                out.append(f"content/i18n/{lang}/messages.po, msgctxt {m.context!r}: the {what}s differ from the "
                           f"English: missing {gone[:3]}" + (f", not in the English {added[:3]}" if added else ""))
                break
    return out
