"""Every learner edition in each translated language (issue 19), single-sourced from the English notebooks.

A translated notebook is built, never kept: `translate_notebook` turns notebooks/<slug>.ipynb into the same notebook
in another language, its learner markdown translated block by block through the catalog (content/i18n.py:
translate_markdown, context `notebook:<slug>:<cell id>`, strict), its facilitator cells left out (their notes stay
English, in the educator guide), and its `m = module("<slug>")` opening the module in that language. Cell ids and
tags are kept, and the notebook says its language in metadata.secondline.lang.

`learner_languages` says which languages, and which of their modules, go into the editions: a language whose shared
words (glossary, question bank, summaries, knowledge check, the pages' own words) are all translated and current,
with each module whose whole learner text is too (content/i18n/scope.yml lists it and its catalog entries are
complete). Anything left out gets one line saying why, as site_languages does for the patient pages.

`secondline build notebooks --lang es` writes _build/es/notebooks/; `secondline build site|slides|scorm|all` builds
each ready language beside the English (site/es/, slides/es/, scorm/second-line-scorm12-es.zip), from those
notebooks executed once into executed/es/.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..content.course import Content
from ..content.errors import ContentError
from ..content.i18n import (
    Translator,
    language,
    learner_cells,
    load_catalog,
    load_scope,
    module_messages,
    modules_in_scope,
    notebooks_dir,
    problems,
    read_notebook,
    status_line,
    translate_markdown,
    translated,
)
from .common import BuildError

# The one code cell every module notebook opens its module with (notebooks/<slug>.ipynb).
MODULE_CALL = r'(\bmodule\(\s*)(["\']){slug}\2(\s*\))'


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def translate_notebook(nb: dict, slug: str, lang: str, tr: Callable[[str, str], str]) -> dict:
    """The notebook of module `slug` in `lang`: `tr(context, english)` gives each translation and raises KeyError for
    one that is missing (content/i18n.py: Translator). Raises BuildError when no code cell opens the module as
    `module("<slug>")`, the one line a translated notebook must change."""
    nb = copy.deepcopy(nb)
    learner = {id(c) for c in learner_cells(nb)}
    call = re.compile(MODULE_CALL.format(slug=re.escape(slug)))
    cells, opened = [], 0
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            if id(cell) not in learner:  # a facilitator note: English, in the educator guide
                continue
            cell["source"] = translate_markdown(_source(cell), f"notebook:{slug}:{cell['id']}", tr)
        elif cell["cell_type"] == "code":
            source, n = call.subn(lambda m: f'{m.group(1)}{m.group(2)}{slug}{m.group(2)}, lang="{lang}"{m.group(3)}',
                                  _source(cell))
            cell["source"], opened = source, opened + n
        cells.append(cell)
    if opened != 1:
        raise BuildError(f"notebooks/{slug}.ipynb: {opened} code cells open the module as `m = module(\"{slug}\")`; "
                         f"a translated notebook opens it with lang=\"{lang}\" in exactly one")
    nb["cells"] = cells
    meta = nb.setdefault("metadata", {})
    meta.setdefault("secondline", {}).update(lang=lang, translated_from=f"notebooks/{slug}.ipynb")
    return nb


@dataclass
class LearnerLanguage:
    """One translated language ready for the learner editions: its course (content/i18n.py: translated), the
    modules complete in it, its own name (scope.yml), the translation status every page shows, and, once built,
    its executed notebooks."""

    lang: str
    name: str
    content: Content
    slugs: list[str]
    status: str
    translator: Translator
    executed: dict[str, Path] = field(default_factory=dict)

    def gettext(self, context: str) -> Callable[[str], str]:
        """The page words of one `ui:` kind in this language (a missing one is a KeyError naming it)."""
        return lambda english: self.translator(context, english)

    def voice(self):
        """The site's and slides' Voice in this language (site.py)."""
        from .site import Voice

        return Voice(self.lang, self.gettext("ui:site"), self.status, self.content)

    def other(self, prefix: str):
        """This language's site as the other language of the English one, `prefix` from the English site's top."""
        from .site import OtherLanguage, page_list

        return OtherLanguage(self.lang, self.name, prefix,
                             frozenset(p.file for p in page_list(self.content, self.executed, self.voice())))

    def notebook(self, root: Path, slug: str) -> dict:
        path = notebooks_dir(root / "content") / f"{slug}.ipynb"
        return translate_notebook(read_notebook(path), slug, self.lang, self.translator)

    def write_notebooks(self, root: Path, out: Path) -> list[Path]:
        """Write out/<slug>.ipynb for each module complete in this language (out emptied of old ones first)."""
        out.mkdir(parents=True, exist_ok=True)
        for old in out.glob("*.ipynb"):
            old.unlink()
        files = []
        for slug in self.slugs:
            path = out / f"{slug}.ipynb"
            path.write_text(json.dumps(self.notebook(root, slug), indent=1, ensure_ascii=False) + "\n",
                            encoding="utf-8")
            files.append(path)
        return files


def learner_languages(content: Content, slugs: list[str]) -> tuple[list[LearnerLanguage], list[str]]:
    """The languages of content/i18n/scope.yml whose shared words are complete, each with those of `slugs` whose
    module is in its scope and completely translated; and one line for each language or module left out, and why."""
    from .i18n import messages

    found, left_out = [], []
    for lang in load_scope(content.root).languages:
        try:
            cat = load_catalog(content.root, lang)
            shared = problems(messages(content, lang, modules=False), cat, lang)
            if shared:
                left_out.append(f"the '{lang}' editions are left out: {len(shared)} shared string(s) not translated "
                                f"or out of date, first: {shared[0]} (`secondline i18n check {lang}`)")
                continue
            in_scope, ready = modules_in_scope(content.root, lang), []
            for slug in slugs:
                if slug not in in_scope:
                    left_out.append(f"module {slug} is left out of the '{lang}' editions: content/i18n/scope.yml does "
                                    f"not list module:{slug} for '{lang}'")
                    continue
                missing = problems(module_messages(content, slug), cat, lang)
                if missing:
                    left_out.append(f"module {slug} is left out of the '{lang}' editions: {len(missing)} string(s) "
                                    f"not translated or out of date, first: {missing[0]}")
                else:
                    ready.append(slug)
            tr = Translator(content.root, lang, catalog=cat)
            found.append(LearnerLanguage(lang, language(content.root, lang).name, translated(content, lang), ready,
                                         status_line(content.root, lang, tr), tr))
        except (ContentError, KeyError) as exc:
            left_out.append(f"the '{lang}' editions are left out: {exc}")
    return found, left_out


def build_notebooks(content: Content, slugs: list[str], out: Path, lang: str) -> tuple[list[Path], list[str]]:
    """`secondline build notebooks --lang LANG`: out/<lang>/notebooks/, and the lines of what was left out."""
    from .common import project_root

    languages, left_out = learner_languages(content, slugs)
    picked = [x for x in languages if x.lang == lang]
    if not picked:
        if lang not in load_scope(content.root).languages:
            raise BuildError(f"no language '{lang}' in content/i18n/scope.yml")
        return [], [line for line in left_out if f"'{lang}'" in line]
    mine = [line for line in left_out if f"'{lang}'" in line]
    return picked[0].write_notebooks(project_root(content), out / lang / "notebooks"), mine


def notebooks_cli(args) -> int:
    """`secondline build notebooks --lang LANG [--modules ...] [--out _build]`."""
    import sys

    from ..content.load import load
    from .common import select_modules

    if args.lang == "en":
        print("error: the English notebooks are notebooks/ itself; `build notebooks --lang es` builds a translation's",
              file=sys.stderr)
        return 2
    content = load()
    try:
        files, left_out = build_notebooks(content, select_modules(content, args.modules), Path(args.out), args.lang)
    except (ContentError, KeyError, BuildError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for line in left_out:
        print(f"note: {line}", file=sys.stderr)
    print(f"{len(files)} notebooks in {Path(args.out) / args.lang / 'notebooks'}")
    return 0 if files else 1
