"""Load content/ into validated models and check every cross-reference; a bad file gives one clear ContentError."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .catalog import Content, ContentError, ModuleContent, _display, cached, default_root  # noqa: F401 (re-exported)
from .models import (
    Case,
    Cases,
    Coverage,
    Curriculum,
    Figure,
    Figures,
    KnowledgeCheck,
    Module,
    QuestionBank,
    Quiz,
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
            self._node = yaml.compose(self.text, Loader=FAST_LOADER)
        return self._node

    def line(self, loc: Iterable[Any]) -> int | None:
        node, line = self.node, None
        for key in loc:
            if node is None:
                break
            line = node.start_mark.line + 1
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == str(key)), None)
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


def read_yaml(path: Path) -> Doc:
    if not path.is_file():
        raise ContentError(path, "file is missing")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise ContentError(path, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8", line=line) from None
    try:
        # One fast pass for a good file; the node tree for line numbers is composed only when an error needs it.
        return Doc(path, yaml.load(text, Loader=FAST_LOADER), text=text)
    except Exception:  # a broken file is read again below by the pure-Python parser, for the same message as ever
        pass
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ContentError(path, f"broken YAML: {problem}", line=mark.line + 1 if mark else None) from None
    except RecursionError:
        raise ContentError(path, "broken YAML: lists or mappings nested too deeply") from None
    except ValueError as exc:  # a value YAML cannot build: a date such as 2025-13-01, an integer of 5,000 digits
        raise ContentError(path, f"a value YAML cannot read ({exc})") from None
    return Doc(path, data, node)


# --------------------------------------------------------------------------- the whole content tree

def _parse_list(model: type[BaseModel], doc: Doc) -> list:
    if not isinstance(doc.data, list) or not doc.data:
        raise ContentError(doc.path, "expected a non-empty list of entries at the top of the file")
    out = []
    for i, entry in enumerate(doc.data):
        if not isinstance(entry, dict):
            raise doc.error((i,), f"expected a mapping, found {type(entry).__name__}")
        try:
            out.append(model.model_validate(entry))
        except ValidationError as exc:
            first = exc.errors()[0]
            more = len(exc.errors()) - 1
            msg = first["msg"].removeprefix("Value error, ") + (f" (and {more} more problem{'s' * (more > 1)} in this entry)" if more else "")
            raise doc.error((i, *first["loc"]), msg) from None
    return out


def _parse_one(model: type[BaseModel], doc: Doc) -> Any:
    if not isinstance(doc.data, dict):
        raise ContentError(doc.path, f"expected a mapping at the top of the file, found {type(doc.data).__name__}")
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        first = exc.errors()[0]
        more = len(exc.errors()) - 1
        msg = first["msg"].removeprefix("Value error, ") + (f" (and {more} more problem{'s' * (more > 1)} in this file)" if more else "")
        raise doc.error(tuple(first["loc"]), msg) from None


def _unique(doc: Doc, ids: list[tuple[tuple, str]], what: str, seen: dict[str, Path] | None = None) -> None:
    seen = {} if seen is None else seen
    for loc, i in ids:
        if i in seen:
            raise doc.error(loc, f"duplicate {what} id '{i}' (first used in {_display(seen[i])})")
        seen[i] = doc.path


def load(root: Path | str | None = None) -> Content:
    """Read and check every file under content/; raise one ContentError for the first problem found."""
    root = Path(root) if root else default_root()
    cur_doc = read_yaml(root / "curriculum.yml")
    curriculum: Curriculum = _parse_one(Curriculum, cur_doc)
    _unique(cur_doc, [(("modules", i, "slug"), e.slug) for i, e in enumerate(curriculum.modules)], "module")

    src_doc = read_yaml(root / "sources.yml")
    sources_list: list[Source] = _parse_list(Source, src_doc)
    _unique(src_doc, [((i, "id"), s.id) for i, s in enumerate(sources_list)], "source")
    sources = {s.id: s for s in sources_list}

    glo_doc = read_yaml(root / "glossary.yml")
    terms: list[Term] = _parse_list(Term, glo_doc)
    _unique(glo_doc, [((i, "id"), t.id) for i, t in enumerate(terms)], "term")
    glossary = {t.id: t for t in terms}
    for i, t in enumerate(terms):
        _refs(glo_doc, (i, "sources"), t.sources, sources, "source")
        _refs(glo_doc, (i, "see_also"), t.see_also, glossary, "glossary term")

    modules: dict[str, ModuleContent] = {}
    all_ids: dict[str, Path] = {}
    for i, entry in enumerate(curriculum.modules):
        folder = root / "modules" / entry.slug
        if not folder.is_dir():
            raise cur_doc.error(("modules", i, "slug"), f"no folder {_display(folder)} for module '{entry.slug}'")
        mod_doc = read_yaml(folder / "module.yml")
        module: Module = _parse_one(Module, mod_doc)
        if module.slug != entry.slug:
            raise mod_doc.error(("slug",), f"slug '{module.slug}' does not match its folder '{entry.slug}'")
        if module.minutes != entry.minutes:
            raise mod_doc.error(("sections",), f"section minutes add up to {module.minutes}, "
                                f"but curriculum.yml gives {entry.minutes} for {entry.slug}")
        _check_module(mod_doc, module, sources, glossary, all_ids)

        quiz_doc = read_yaml(folder / "quiz.yml")
        quiz: Quiz = _parse_one(Quiz, quiz_doc)
        _check_quiz(quiz_doc, quiz, module, sources, all_ids)
        mc = ModuleContent(module, quiz, docs={"module": mod_doc, "quiz": quiz_doc})
        for name, (model, key, attr, check) in OPTIONAL_FILES.items():
            if (folder / name).is_file():
                doc = mc.docs[attr] = read_yaml(folder / name)
                setattr(mc, attr, getattr(_parse_one(model, doc), key))
                check(doc, getattr(mc, attr), module, sources, all_ids)
        modules[entry.slug] = mc
    content = Content(root, curriculum, sources, glossary, modules)
    if (root / "question-bank.yml").is_file():
        doc = read_yaml(root / "question-bank.yml")
        content.question_bank = _parse_one(QuestionBank, doc)
        _check_bank(doc, content.question_bank)
    if (root / "knowledge-check.yml").is_file():
        doc = read_yaml(root / "knowledge-check.yml")
        content.knowledge_check = _parse_one(KnowledgeCheck, doc)
        _check_knowledge(doc, content)
    if (root / "coverage.yml").is_file():
        doc = read_yaml(root / "coverage.yml")
        content.coverage = _parse_one(Coverage, doc)
        _check_coverage(doc, content)
    return content


def _refs(doc: Doc, loc: tuple, ids: Iterable[str], known: dict, what: str) -> None:
    for j, ref in enumerate(ids):
        if ref not in known:
            raise doc.error((*loc, j), f"unknown {what} '{ref}'")


def _own_prefix(doc: Doc, loc: tuple, ident: str, prefix: str, kind: str) -> None:
    if not ident.startswith(f"{prefix}-{kind}"):
        raise doc.error(loc, f"id '{ident}' should start with '{prefix}-{kind}' (the module's prefix)")


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
            raise doc.error(("items", i, "objective"),
                            f"unknown objective '{it.objective}' (this module has {', '.join(sorted(objectives))})")
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
                raise doc.error((*at, "objectives", j), f"unknown objective '{oid}'")
        _unique(doc, [((*at, "scenes", j, "id"), s.id) for j, s in enumerate(case.scenes)], "scene")
        ids = {s.id: j for j, s in enumerate(case.scenes)}
        if case.start not in ids:
            raise doc.error((*at, "start"), f"start scene '{case.start}' does not exist")
        for j, scene in enumerate(case.scenes):
            for k, ch in enumerate(scene.choices):
                loc = (*at, "scenes", j, "choices", k)
                _refs(doc, (*loc, "sources"), ch.sources, sources, "source")
                if ch.next is not None and ch.next not in ids:
                    raise doc.error((*loc, "next"), f"choice leads to scene '{ch.next}', which does not exist")
                if ch.next is None:
                    raise doc.error((*loc, "next"), "choice has no next scene; end a path with a scene that has no choices")
        _check_paths(doc, at, case, ids)


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
            raise doc.error((*at, "scenes", j, "id"), f"scene '{sid}' cannot be reached from the start scene")


def _check_figures(doc: Doc, figures: list[Figure], module: Module, sources: dict, all_ids: dict) -> None:
    _unique(doc, [(("figures", i, "id"), f.id) for i, f in enumerate(figures)], "figure", all_ids)
    for i, fig in enumerate(figures):
        _own_prefix(doc, ("figures", i, "id"), fig.id, module.prefix, "f")
        for j, bar in enumerate(fig.bars):
            if bar.source not in sources:
                raise doc.error(("figures", i, "bars", j, "source"), f"unknown source '{bar.source}'")


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
                raise doc.error(("sorts", i, "statements", j, "bin"),
                                f"unknown bin '{st.bin}' (this sort has {', '.join(sorted(bins))})")
            _refs(doc, ("sorts", i, "statements", j, "sources"), st.sources, sources, "source")


def _check_weighing(doc: Doc, exercises: list[WeighingExercise], module: Module, sources: dict, all_ids: dict) -> None:
    _unique(doc, [(("exercises", i, "id"), x.id) for i, x in enumerate(exercises)], "exercise", all_ids)
    for i, ex in enumerate(exercises):
        _own_prefix(doc, ("exercises", i, "id"), ex.id, module.prefix, "w")
        factors = [f.id for f in ex.factors]
        _unique(doc, [(("exercises", i, "factors", j, "id"), f) for j, f in enumerate(factors)], "factor")
        _unique(doc, [(("exercises", i, "paths", j, "id"), p.id) for j, p in enumerate(ex.paths)], "path")
        for j, path in enumerate(ex.paths):
            _refs(doc, ("exercises", i, "paths", j, "fits"), path.fits, dict.fromkeys(factors), "factor")


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


# optional file in a module folder -> (model, its top-level key, ModuleContent attribute, cross-reference check)
OPTIONAL_FILES = {
    "cases.yml": (Cases, "cases", "cases", _check_cases),
    "figures.yml": (Figures, "figures", "figures", _check_figures),
    "trials.yml": (Trials, "trials", "trials", _check_trials),
    "sorts.yml": (Sorts, "sorts", "sorts", _check_sorts),
    "weighing.yml": (Weighing, "exercises", "weighing", _check_weighing),
}
