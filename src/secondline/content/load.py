"""Load content/ into validated models and check every cross-reference; a bad file gives one clear ContentError."""

from __future__ import annotations

import contextvars
import datetime as dt
import errno
import os
import stat
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .course import Content, ModuleContent, default_root
from .errors import ContentError, ContentProblems, display_path
from .schema import (
    Case,
    Cases,
    Cast,
    Coverage,
    Curriculum,
    Figure,
    Figures,
    KnowledgeCheck,
    Module,
    QuestionBank,
    Quiz,
    Review,
    SortExercise,
    Sorts,
    Source,
    Term,
    TrialRecord,
    Trials,
    Weighing,
    WeighingExercise,
)

# --------------------------------------------------------------------------- YAML with line numbers

# libyaml's parser when PyYAML has it (every wheel does): about ten times faster than the pure-Python one, which
# matters because every notebook kernel loads content/ when it starts.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 4_000_000  # the largest content file is a few tens of kB; anything near this is not content
MERGE_TAG = "tag:yaml.org,2002:merge"


class _NoDuplicates:
    """A SafeLoader that notes every mapping key given twice (YAML's own rule; PyYAML lets the last one win
    silently, so a second `verdict: best` would quietly change an item's best answer)."""

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[tuple[int, str, int]] = []  # (line, key, line of the first use)

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == MERGE_TAG:
                    continue
                try:
                    key = self.construct_object(key_node)
                    hash(key)
                except Exception:  # an unhashable or unreadable key is reported by the constructor itself
                    continue
                line = key_node.start_mark.line + 1
                if key in seen:
                    self.duplicates.append((line, key_node.value, seen[key]))
                else:
                    seen[key] = line
        return super().construct_mapping(node, deep=deep)


class FastLoader(_NoDuplicates, FAST_LOADER):
    pass


class SafeLoader(_NoDuplicates, yaml.SafeLoader):
    pass


def _load_yaml(text: str, loader: type) -> tuple[Any, list[tuple[int, str, int]]]:
    ldr = loader(text)
    try:
        return ldr.get_single_data(), ldr.duplicates
    finally:
        ldr.dispose()


# which problems load() is collecting (a list), so a check can note a problem and go on to the next one
_PROBLEMS: contextvars.ContextVar[list[ContentError] | None] = contextvars.ContextVar("content_problems",
                                                                                       default=None)


def _problem(err: ContentError) -> None:
    """Note one problem and go on (inside load()); raise it when no one is collecting."""
    found = _PROBLEMS.get()
    if found is None:
        raise err
    found.extend(getattr(err, "problems", [err]))


def _attempt(fn: Callable, *args) -> Any:
    """Run one step of load(); a ContentError it raises is noted and the step gives None."""
    try:
        return fn(*args)
    except ContentError as exc:
        _problem(exc)
        return None


def _count() -> int:
    found = _PROBLEMS.get()
    return len(found) if found is not None else 0


class Known(dict):
    """Ids a reference may point at; when the file that defines them had a problem the list is incomplete, and an
    id missing from it is not reported again as an unknown reference."""

    complete = True


@dataclass
class Doc:
    """One parsed YAML file: its data and its node tree (for line numbers, composed only when an error needs one)."""

    path: Path
    data: Any
    _node: yaml.Node | None = None
    text: str | None = field(default=None, repr=False)

    @property
    def node(self) -> yaml.Node | None:
        if self._node is None and self.text is not None:
            try:
                self._node = yaml.compose(self.text, Loader=FAST_LOADER)
            except Exception:  # a line number is a courtesy; the error it was wanted for is still reported
                return None
        return self._node

    def line(self, loc: Iterable[Any]) -> int | None:
        node, line = self.node, None
        for key in loc:
            if node is None:
                break
            line = node.start_mark.line + 1
            if isinstance(node, yaml.MappingNode):
                # the last use of a key, which is the one the data holds
                node = next((v for k, v in reversed(node.value) if k.value == str(key)), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                node = node.value[key]
            else:
                node = None
        return node.start_mark.line + 1 if node is not None else line

    def item_and_field(self, loc: tuple) -> tuple[str | None, str]:
        """The id of the innermost object along loc that has one, and the rest of loc as a field path."""
        item, start, obj = None, 0, self.data
        for i, key in enumerate(loc):
            if isinstance(obj, dict) and isinstance(obj.get("id"), str) and i > 0:
                item, start = obj["id"], i
            try:
                obj = obj[key]
            except (KeyError, IndexError, TypeError):
                break
        else:
            if isinstance(obj, dict) and isinstance(obj.get("id"), str) and loc:
                item, start = obj["id"], len(loc)
        return item, _loc_str(loc[start:])

    def error(self, loc: tuple, message: str) -> ContentError:
        item, fld = self.item_and_field(loc)
        return ContentError(self.path, message, item=item, field=fld or None, line=self.line(loc))


def _loc_str(loc: Iterable[Any]) -> str:
    out = ""
    for key in loc:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


def file_problem(path: Path) -> str | None:
    """Why path cannot be read as a content file ("file is missing", a folder, a FIFO, a link that loops ...),
    or None for a regular file of a sensible size. Nothing is opened, so a FIFO cannot hang the check."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return "a link to a file that does not exist" if path.is_symlink() else "file is missing"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link that loops back on itself, not a file"
        if exc.errno == errno.ENOTDIR:
            return "file is missing (a part of its path is a file, not a folder)"
        return f"cannot be read ({exc.strerror or exc})"
    if stat.S_ISDIR(st.st_mode):
        return "a folder where a file should be"
    if not stat.S_ISREG(st.st_mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode)
                else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "not a regular file")
        return f"{kind} where a file should be"
    if st.st_size > MAX_BYTES:
        return f"too large for a content file ({st.st_size:,} bytes; the limit is {MAX_BYTES:,})"
    return None


def read_yaml(path: Path) -> Doc:
    problem = file_problem(path)
    if problem:
        raise ContentError(path, problem)
    try:
        raw = path.read_bytes()
    except PermissionError:
        raise ContentError(path, "cannot be read (permission denied); check the file's permissions") from None
    except OSError as exc:
        raise ContentError(path, f"cannot be read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError(path, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8", line=line) from None
    if not text.strip():
        raise ContentError(path, "empty file")
    try:
        # One fast pass for a good file; the node tree for line numbers is composed only when an error needs it.
        data, duplicates = _load_yaml(text, FastLoader)
    except Exception:  # a broken file is read again below by the pure-Python parser, for the same message as ever
        data, duplicates = None, None
    if duplicates is None:
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
            data, duplicates = _load_yaml(text, SafeLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise ContentError(path, f"broken YAML: {problem}", line=mark.line + 1 if mark else None) from None
        except RecursionError:
            raise ContentError(path, "broken YAML: lists or mappings nested too deeply") from None
        except ValueError as exc:  # a value YAML cannot build: a date such as 2025-13-01, an integer of 5,000 digits
            raise ContentError(path, f"a value YAML cannot read ({exc})") from None
        doc = Doc(path, data, node)
    else:
        doc = Doc(path, data, text=text)
    if duplicates:
        raise ContentProblems([ContentError(path, f"key '{key}' is given twice in one mapping (first at line "
                                                  f"{first}); YAML would silently keep only the last", line=line)
                               for line, key, first in duplicates])
    if data is None:
        raise ContentError(path, "empty file (only comments, or a bare null)")
    return doc


# --------------------------------------------------------------------------- the whole content tree

def _validation_problems(doc: Doc, exc: ValidationError, at: tuple = ()) -> list[ContentError]:
    return [doc.error((*at, *e["loc"]), e["msg"].removeprefix("Value error, ")) for e in exc.errors()]


def _parse_list(model: type[BaseModel], doc: Doc) -> list:
    """The file's entries that validate; every problem in the others is noted, one line each."""
    if not isinstance(doc.data, list) or not doc.data:
        raise ContentError(doc.path, "expected a non-empty list of entries at the top of the file")
    out = []
    for i, entry in enumerate(doc.data):
        if not isinstance(entry, dict):
            _problem(doc.error((i,), f"expected a mapping, found {type(entry).__name__}"))
            continue
        try:
            out.append(model.model_validate(entry))
        except ValidationError as exc:
            for err in _validation_problems(doc, exc, (i,)):
                _problem(err)
    return out


def _parse_one(model: type[BaseModel], doc: Doc) -> Any:
    if not isinstance(doc.data, dict):
        raise ContentError(doc.path, f"expected a mapping at the top of the file, found {type(doc.data).__name__}")
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems = _validation_problems(doc, exc)
        raise (problems[0] if len(problems) == 1 else ContentProblems(problems)) from None


def _unique(doc: Doc, ids: list[tuple[tuple, str]], what: str, seen: dict[str, Path] | None = None) -> None:
    seen = {} if seen is None else seen
    for loc, i in ids:
        if i in seen:
            _problem(doc.error(loc, f"duplicate {what} id '{i}' (first used in {display_path(seen[i])})"))
            continue
        seen[i] = doc.path


def _read(path: Path, model: type[BaseModel], many: bool = False) -> tuple[Doc | None, Any]:
    """One file read and validated: (doc, model), with None for what could not be had (the problem is noted)."""
    doc = _attempt(read_yaml, path)
    if doc is None:
        return None, None
    return doc, _attempt(_parse_list if many else _parse_one, model, doc)


def load(root: Path | str | None = None) -> Content:
    """Read and check every file under content/; raise a ContentError naming every problem found (a
    ContentProblems, one line each, when there are several)."""
    root = Path(root) if root else default_root()
    found: list[ContentError] = []
    token = _PROBLEMS.set(found)
    try:
        content = _load(root)
    finally:
        _PROBLEMS.reset(token)
    if found:
        raise found[0] if len(found) == 1 else ContentProblems(found)
    assert content is not None
    return content


def _load(root: Path) -> Content | None:
    cur_doc, curriculum = _read(root / "curriculum.yml", Curriculum)
    if curriculum is not None:
        _unique(cur_doc, [(("modules", i, "slug"), e.slug) for i, e in enumerate(curriculum.modules)], "module")

    before = _count()
    src_doc, sources_list = _read(root / "sources.yml", Source, many=True)
    sources = Known()
    if sources_list is not None:
        _unique(src_doc, [((i, "id"), s.id) for i, s in enumerate(sources_list)], "source")
        sources.update((s.id, s) for s in sources_list)
    sources.complete = _count() == before

    before = _count()
    glo_doc, terms = _read(root / "glossary.yml", Term, many=True)
    glossary = Known()
    if terms is not None:
        _unique(glo_doc, [((i, "id"), t.id) for i, t in enumerate(terms)], "term")
        glossary.update((t.id, t) for t in terms)
        glossary.complete = _count() == before
        for i, t in enumerate(terms):
            _refs(glo_doc, (i, "sources"), t.sources, sources, "source")
            _refs(glo_doc, (i, "see_also"), t.see_also, glossary, "glossary term")
    else:
        glossary.complete = False

    modules: dict[str, ModuleContent] = {}
    all_ids: dict[str, Path] = {}
    listed = [] if curriculum is None else curriculum.modules
    for i, entry in enumerate(listed):
        mc = _load_module(root, cur_doc, i, entry, sources, glossary, all_ids)
        if mc is not None:
            modules[entry.slug] = mc
    if curriculum is not None:
        _unlisted_folders(root, {e.slug for e in curriculum.modules})

    # the files below draw on every module: their cross-references are checked only when all else is sound
    sound = _count() == 0
    content = None if curriculum is None else Content(root, curriculum, dict(sources), dict(glossary), modules)
    for name, model, attr, check in TOP_FILES:
        path = root / name
        if not os.path.lexists(path):
            continue
        doc, parsed = _read(path, model)
        if parsed is not None and content is not None and sound:
            setattr(content, attr, parsed)
            _attempt(check, doc, content)
    reviews_path = root / "reviews.yml"
    if content is not None and sound and os.path.lexists(reviews_path) and not _only_comments(reviews_path):
        doc = _attempt(read_yaml, reviews_path)
        reviews = None if doc is None else _attempt(_load_reviews, doc, content)
        if reviews is not None:
            content.reviews = reviews
    return content


def _unlisted_folders(root: Path, listed: set[str]) -> None:
    folder = root / "modules"
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        _problem(ContentError(folder, f"cannot list the modules folder ({exc.strerror or exc})"))
        return
    for path in entries:
        if path.name.startswith(".") or path.name in listed or not path.is_dir():
            continue
        _problem(ContentError(path, f"module folder '{path.name}' is not listed in curriculum.yml: add it there "
                                    "(slug, title, minutes) or move the folder out of content/modules"))


def _load_module(root: Path, cur_doc: Doc, i: int, entry, sources: Known, glossary: Known,
                 all_ids: dict) -> ModuleContent | None:
    folder = root / "modules" / entry.slug
    if not folder.is_dir():
        _problem(cur_doc.error(("modules", i, "slug"), f"no folder {display_path(folder)} for module '{entry.slug}'"))
        return None
    mod_doc, module = _read(folder / "module.yml", Module)
    if module is not None:
        if module.slug != entry.slug:
            _problem(mod_doc.error(("slug",), f"slug '{module.slug}' does not match its folder '{entry.slug}'"))
        if module.minutes != entry.minutes:
            _problem(mod_doc.error(("sections",), f"section minutes add up to {module.minutes}, "
                                   f"but curriculum.yml gives {entry.minutes} for {entry.slug}"))
        _attempt(_check_module, mod_doc, module, sources, glossary, all_ids)
    quiz_doc, quiz = _read(folder / "quiz.yml", Quiz)
    if module is not None and quiz is not None:
        _attempt(_check_quiz, quiz_doc, quiz, module, sources, all_ids)
    mc = None
    if module is not None and quiz is not None:
        mc = ModuleContent(module, quiz, docs={"module": mod_doc, "quiz": quiz_doc})
    for name, (model, key, attr, check) in OPTIONAL_FILES.items():
        path = folder / name
        if not os.path.lexists(path):  # absent is fine; a folder, a FIFO or a broken link in its place is not
            continue
        doc, parsed = _read(path, model)
        if parsed is not None and mc is not None:
            mc.docs[attr] = doc
            setattr(mc, attr, getattr(parsed, key))
            _attempt(check, doc, getattr(mc, attr), module, sources, all_ids)
    return mc


def _refs(doc: Doc, loc: tuple, ids: Iterable[str], known: dict, what: str) -> None:
    if not getattr(known, "complete", True):
        return  # the file that lists them had a problem, already reported
    for j, ref in enumerate(ids):
        if ref not in known:
            _problem(doc.error((*loc, j), f"unknown {what} '{ref}'"))


def _own_prefix(doc: Doc, loc: tuple, ident: str, prefix: str, kind: str) -> None:
    if not ident.startswith(f"{prefix}-{kind}"):
        _problem(doc.error(loc, f"id '{ident}' should start with '{prefix}-{kind}' (the module's prefix)"))


def _check_module(doc: Doc, module: Module, sources: dict, glossary: dict, all_ids: dict) -> None:
    _unique(doc, [(("objectives", i, "id"), o.id) for i, o in enumerate(module.objectives)], "objective", all_ids)
    _unique(doc, [(("sections", i, "id"), s.id) for i, s in enumerate(module.sections)], "section", all_ids)
    for i, o in enumerate(module.objectives):
        _own_prefix(doc, ("objectives", i, "id"), o.id, module.prefix, "o")
    for i, s in enumerate(module.sections):
        _own_prefix(doc, ("sections", i, "id"), s.id, module.prefix, "s")
    for i, kp in enumerate(module.key_points):
        _refs(doc, ("key_points", i, "sources"), kp.sources, sources, "source")
    _refs(doc, ("terms",), module.terms, glossary, "glossary term")


def _check_quiz(doc: Doc, quiz: Quiz, module: Module, sources: dict, all_ids: dict) -> None:
    _unique(doc, [(("items", i, "id"), it.id) for i, it in enumerate(quiz.items)], "item", all_ids)
    objectives = {o.id for o in module.objectives}
    for i, it in enumerate(quiz.items):
        _own_prefix(doc, ("items", i, "id"), it.id, module.prefix, "q")
        if it.objective not in objectives:
            _problem(doc.error(("items", i, "objective"),
                     f"unknown objective '{it.objective}' (this module has {', '.join(sorted(objectives))})"))
        for j, opt in enumerate(it.options):
            _refs(doc, ("items", i, "options", j, "sources"), opt.sources, sources, "source")


def _check_cases(doc: Doc, cases: list[Case], module: Module, sources: dict, all_ids: dict) -> None:
    _unique(doc, [(("cases", i, "id"), c.id) for i, c in enumerate(cases)], "case", all_ids)
    objectives = {o.id for o in module.objectives}
    for i, case in enumerate(cases):
        at = ("cases", i)
        _own_prefix(doc, (*at, "id"), case.id, module.prefix, "c")
        for j, oid in enumerate(case.objectives):
            if oid not in objectives:
                _problem(doc.error((*at, "objectives", j), f"unknown objective '{oid}'"))
        _unique(doc, [((*at, "scenes", j, "id"), s.id) for j, s in enumerate(case.scenes)], "scene")
        ids = {s.id: j for j, s in enumerate(case.scenes)}
        before = _count()
        if case.start not in ids:
            _problem(doc.error((*at, "start"), f"start scene '{case.start}' does not exist"))
        for j, scene in enumerate(case.scenes):
            for k, ch in enumerate(scene.choices):
                loc = (*at, "scenes", j, "choices", k)
                _refs(doc, (*loc, "sources"), ch.sources, sources, "source")
                if ch.next is None:
                    _problem(doc.error((*loc, "next"),
                                       "choice has no next scene; end a path with a scene that has no choices"))
                elif ch.next not in ids:
                    _problem(doc.error((*loc, "next"), f"choice leads to scene '{ch.next}', which does not exist"))
        if _count() == before:  # the paths are walked only when every link leads somewhere
            _attempt(_check_paths, doc, at, case, ids)


def _check_paths(doc: Doc, at: tuple, case: Case, ids: dict[str, int]) -> None:
    """Every scene is reachable from the start, and no path loops forever (depth-first search)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished

    def visit(sid: str, trail: tuple[str, ...]) -> None:
        if state.get(sid) == 1:
            loop = " -> ".join((*trail, sid))
            raise doc.error((*at, "scenes", ids[sid]), f"scenes loop back ({loop}); every path must end")
        if state.get(sid) == 2:
            return
        state[sid] = 1
        for ch in case.scene(sid).choices:
            visit(ch.next, (*trail, sid))
        state[sid] = 2

    visit(case.start, ())
    for sid, j in ids.items():
        if sid not in state:
            _problem(doc.error((*at, "scenes", j, "id"), f"scene '{sid}' cannot be reached from the start scene"))


def _check_figures(doc: Doc, figures: list[Figure], module: Module, sources: dict, all_ids: dict) -> None:
    _unique(doc, [(("figures", i, "id"), f.id) for i, f in enumerate(figures)], "figure", all_ids)
    for i, fig in enumerate(figures):
        _own_prefix(doc, ("figures", i, "id"), fig.id, module.prefix, "f")
        for j, bar in enumerate(fig.bars):
            if getattr(sources, "complete", True) and bar.source not in sources:
                _problem(doc.error(("figures", i, "bars", j, "source"), f"unknown source '{bar.source}'"))


def _check_trials(doc: Doc, trials: list[TrialRecord], module: Module, sources: dict, all_ids: dict) -> None:
    _unique(doc, [(("trials", i, "id"), t.id) for i, t in enumerate(trials)], "trial")
    _unique(doc, [(("trials", i, "nct_id"), t.nct_id) for i, t in enumerate(trials)], "NCT")


def _check_sorts(doc: Doc, sorts: list[SortExercise], module: Module, sources: dict, all_ids: dict) -> None:
    _unique(doc, [(("sorts", i, "id"), x.id) for i, x in enumerate(sorts)], "sort", all_ids)
    for i, sort in enumerate(sorts):
        _own_prefix(doc, ("sorts", i, "id"), sort.id, module.prefix, "sort")
        bins = {b.id for b in sort.bins}
        _unique(doc, [(("sorts", i, "bins", j, "id"), b.id) for j, b in enumerate(sort.bins)], "bin")
        _unique(doc, [(("sorts", i, "statements", j, "id"), st.id) for j, st in enumerate(sort.statements)],
                "statement", all_ids)
        for j, st in enumerate(sort.statements):
            if st.bin not in bins:
                _problem(doc.error(("sorts", i, "statements", j, "bin"),
                                   f"unknown bin '{st.bin}' (this sort has {', '.join(sorted(bins))})"))
            _refs(doc, ("sorts", i, "statements", j, "sources"), st.sources, sources, "source")


def _check_weighing(doc: Doc, exercises: list[WeighingExercise], module: Module, sources: dict, all_ids: dict) -> None:
    _unique(doc, [(("exercises", i, "id"), x.id) for i, x in enumerate(exercises)], "exercise", all_ids)
    for i, ex in enumerate(exercises):
        _own_prefix(doc, ("exercises", i, "id"), ex.id, module.prefix, "w")
        factors = [f.id for f in ex.factors]
        _unique(doc, [(("exercises", i, "factors", j, "id"), f) for j, f in enumerate(factors)], "factor")
        _unique(doc, [(("exercises", i, "paths", j, "id"), p.id) for j, p in enumerate(ex.paths)], "path")


def _check_bank(doc: Doc, bank: QuestionBank) -> None:
    _unique(doc, [(("groups", i, "id"), g.id) for i, g in enumerate(bank.groups)], "group")
    _unique(doc, [(("groups", i, "questions", j, "id"), q.id)
                  for i, g in enumerate(bank.groups) for j, q in enumerate(g.questions)], "question")


def _check_knowledge(doc: Doc, content: Content) -> None:
    """Forms A and B: unseen items (never in a module), parallel (same objectives, same difficulties), each covering
    every module; the legacy pre/post forms refer to module quiz items."""
    kc = content.knowledge_check
    module_items = {it.id: it for it in content.items()}
    objective_module = {o.id: mc.module for mc in content.modules.values() for o in mc.module.objectives}
    _unique(doc, [(("items", i, "id"), it.id) for i, it in enumerate(kc.items)], "knowledge-check item")
    items = {}
    for i, it in enumerate(kc.items):
        if it.id in module_items:
            raise doc.error(("items", i, "id"), f"'{it.id}' is also a module quiz item; knowledge-check items are "
                            "written for the knowledge check only, so learners meet them unseen")
        if it.objective not in objective_module:
            raise doc.error(("items", i, "objective"), f"unknown objective '{it.objective}'")
        for j, opt in enumerate(it.options):
            _refs(doc, ("items", i, "options", j, "sources"), opt.sources, content.sources, "source")
        items[it.id] = it
    if [f.id for f in kc.forms] != ["a", "b"]:
        raise doc.error(("forms",), f"needs form 'a' then form 'b' (found {', '.join(f.id for f in kc.forms)})")
    placed: dict[str, str] = {}
    for i, form in enumerate(kc.forms):
        _unique(doc, [(("forms", i, "items", j), x) for j, x in enumerate(form.items)], "item")
        for j, ref in enumerate(form.items):
            if ref in module_items:
                raise doc.error(("forms", i, "items", j), f"'{ref}' is a module quiz item that learners have already "
                                "answered with feedback; forms use knowledge-check items only")
            if ref not in items:
                raise doc.error(("forms", i, "items", j), f"unknown knowledge-check item '{ref}'")
            if ref in placed:
                raise doc.error(("forms", i, "items", j), f"'{ref}' is already on form {placed[ref]}; an item "
                                "may appear in only one form")
            placed[ref] = form.id
        missing = [mc.slug for mc in content.modules.values()
                   if not any(objective_module[items[r].objective].slug == mc.slug for r in form.items)]
        if missing:
            raise doc.error(("forms", i, "items"), f"form {form.id} has no item on module "
                            f"{', '.join(m[:2] for m in missing)}; each form covers every module")
    a, b = ([(items[r].objective, items[r].difficulty) for r in f.items] for f in kc.forms)
    if sorted(a) != sorted(b):
        only_a, only_b = Counter(a) - Counter(b), Counter(b) - Counter(a)
        def words(c: Counter) -> str:
            return ", ".join(f"{o} at difficulty {d}" + (f" ({n} times)" if n > 1 else "") for (o, d), n in
                             sorted(c.items())) or "nothing"
        raise doc.error(("forms",), "forms a and b are not parallel: they need the same objectives at the same "
                        f"difficulties (only on a: {words(only_a)}; only on b: {words(only_b)})")
    if kc.legacy_forms and sorted(f.id for f in kc.legacy_forms) != ["post", "pre"]:
        raise doc.error(("legacy_forms",), "the first version's forms are 'pre' and 'post'")
    for i, form in enumerate(kc.legacy_forms):
        for j, ref in enumerate(form.items):
            if ref not in module_items:
                raise doc.error(("legacy_forms", i, "items", j), f"unknown quiz item '{ref}'")


def _check_coverage(doc: Doc, content: Content) -> None:
    points = content.coverage.points
    _unique(doc, [(("points", i, "id"), p.id) for i, p in enumerate(points)], "point")
    sections = {s.id for mc in content.modules.values() for s in mc.module.sections}
    items = {it.id for it in content.items()}
    for i, p in enumerate(points):
        _refs(doc, ("points", i, "source"), [p.source], content.sources, "source")
        _refs(doc, ("points", i, "sections"), p.sections, dict.fromkeys(sections), "section")
        _refs(doc, ("points", i, "items"), p.items, dict.fromkeys(items), "quiz item")


def _only_comments(path: Path) -> bool:
    """Is this a small regular file of comments and blank lines only? (reviews.yml before any review is recorded)"""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode) or os.stat(path).st_size > 1_000_000:
            return False
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False  # read_yaml says what is wrong
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _load_reviews(doc: Doc, content: Content) -> list[Review]:
    """content/reviews.yml: a list of clinical reviews (empty until one is recorded), each naming a real module and
    a day that has come."""
    if doc.data is None or doc.data == []:
        return []
    reviews: list[Review] = _parse_list(Review, doc)
    today = dt.date.today()
    for i, r in enumerate(reviews):
        if r.module not in content.modules:
            raise doc.error((i, "module"), f"unknown module '{r.module}' (known: {', '.join(content.modules)})")
        if r.date > today:
            raise doc.error((i, "date"), f"review date {r.date.isoformat()} is in the future (today is {today.isoformat()})")
    return sorted(reviews, key=lambda r: r.date)


# optional file in a module folder -> (model, its top-level key, ModuleContent attribute, cross-reference check)
OPTIONAL_FILES = {
    "cases.yml": (Cases, "cases", "cases", _check_cases),
    "figures.yml": (Figures, "figures", "figures", _check_figures),
    "trials.yml": (Trials, "trials", "trials", _check_trials),
    "sorts.yml": (Sorts, "sorts", "sorts", _check_sorts),
    "weighing.yml": (Weighing, "exercises", "weighing", _check_weighing),
}

# top-level files that draw on every module -> (model, Content attribute, cross-reference check)
TOP_FILES = [
    ("question-bank.yml", QuestionBank, "question_bank", lambda doc, content: _check_bank(doc, content.question_bank)),
    ("knowledge-check.yml", KnowledgeCheck, "knowledge_check", _check_knowledge),
    ("coverage.yml", Coverage, "coverage", _check_coverage),
]


# --------------------------------------------------------------------------- the cast (content/people.yml)


def load_cast(root: Path | str | None = None) -> Cast:
    """content/people.yml, validated: every place a person appears is a module in the curriculum (or the knowledge
    check), and no surname is listed twice. The tests compare it with the names in content/ and notebooks/."""
    root = Path(root) if root else default_root()
    cur = _parse_one(Curriculum, read_yaml(root / "curriculum.yml"))
    doc = read_yaml(root / "people.yml")
    cast = _parse_one(Cast, doc)
    places = {m.slug[:2] for m in cur.modules} | {"knowledge-check"}
    surnames: dict[str, int] = {}
    for i, person in enumerate(cast.people):
        for j, place in enumerate(person.modules):
            if place not in places:
                raise doc.error(("people", i, "modules", j), f"'{place}' is not a module in content/curriculum.yml")
        if person.surname:
            key = person.surname.casefold()
            if key in surnames:
                raise doc.error(("people", i, "surname"),
                                f"surname '{person.surname}' is already used by entry {surnames[key]}; "
                                "one surname, one person")
            surnames[key] = i
    return cast

