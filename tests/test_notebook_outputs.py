"""Each module notebook, executed in a kernel, renders what it names: every call's output is there, carries its
content from content/ and no error message; and nbval compares the outputs that are stable from run to run.

nbval's own run (`./test` passes `notebooks/` with --nbval-lax) compares nothing, since notebooks are committed
without outputs: it proves only that cells run, and a view that catches its own error passes it. Here each notebook is
executed once, as the build executes it (editions/execute.py, no widget state, so every interaction keeps its
`text/html` twin), into the session's `_build/executed/`, the same cache test_build.py's shared build reads.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import nbformat
import pytest

from secondline.editions.execute import execute_all
from secondline.notebook import BrokenBook, ModuleBook
from secondline.views.static import message_html

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WIDGET = "application/vnd.jupyter.widget-view+json"
# Calls that give a live widget (and its static text/html twin); the rest give plain HTML.
WIDGETS = {"quiz", "case", "sort", "weighing", "trial_search", "question_list", "glossary", "knowledge_check",
           "progress", "complete_button", "confidence"}
# What an output shows when something went wrong: a traceback, the broken-content message or note, or a view's own
# message with the exception it caught ("Your record could not be read just now (...)").
ERROR_SIGNS = re.compile("|".join([re.escape("Traceback (most recent call last)"), "sl-broken", re.escape(BrokenBook.NOTE),
                                   "cannot be shown", r"\w+Error\b", r"\bException\b", r"could not be [a-z ]+\(",
                                   r"not being saved \("]))

RECORDING_OFF = "Recording is switched off (SECONDLINE_PROGRESS_DB=off)"


@pytest.fixture(scope="session")
def executed(tmp_path_factory) -> dict[str, nbformat.NotebookNode]:
    """Every module notebook executed once (editions/execute.py), read back with its outputs."""
    slugs = [p.stem for p in NOTEBOOKS]
    cache = tmp_path_factory.getbasetemp() / "_build" / "executed"  # the shared build's cache (test_build.py)
    runs = execute_all(ROOT, slugs, cache)
    failed = [x.error for x in runs if x.error]
    assert not failed, "\n".join(failed)
    return {x.slug: nbformat.read(x.path, as_version=4) for x in runs}


def calls(source: str) -> list[tuple[str, list, dict]]:
    """The `m.<name>(...)` calls of a code cell: name, positional and keyword arguments (literals)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "m"):
            found.append((node.func.attr, [ast.literal_eval(a) for a in node.args],
                          {k.arg: ast.literal_eval(k.value) for k in node.keywords}))
    return found


def words(html: str) -> str:
    """What a reader sees of some HTML (template contents included): tags dropped, entities read, spaces folded."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def plain(text: str) -> str:
    """Content text as rendered words: Markdown links, emphasis and code marks dropped, spaces folded."""
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    return " ".join(re.sub(r"[*`]", "", text).split())


def expected(content, slug: str, name: str, args: list, kwargs: dict) -> tuple[str | None, list[str]]:
    """For one call: the `data-sl-kind="..." data-sl-id="..."` it must render (or None), and the content texts
    (from content/, never from the views) a reader must find in it."""
    mc = content.module(slug)
    ident = args[0] if args else None
    if name == "header":
        return None, [f"About {content.entry(slug).minutes} minutes", *(o.text for o in mc.module.objectives)]
    if name == "confidence":
        return None, [o.text for o in mc.module.objectives]
    if name == "quiz":
        item = mc.item(ident)
        return (f'data-sl-kind="quiz" data-sl-id="{ident}"',
                [item.prompt, *(o.text for o in item.options), *(o.why for o in item.options)])
    if name == "case":
        case = mc.case(ident)
        return f'data-sl-kind="case" data-sl-id="{ident}"', [case.title, *(s.text for s in case.scenes)]
    if name == "sort":
        sort = mc.find("sorts", ident)
        return (f'data-sl-kind="sort" data-sl-id="{ident}"',
                [sort.prompt, *(b.label for b in sort.bins), *(s.text for s in sort.statements)])
    if name == "weighing":
        ex = mc.find("weighing", ident)
        return (f'data-sl-kind="weighing" data-sl-id="{ident}"',
                [ex.title, *ex.says, *ex.prompts, *(p.label for p in ex.paths)])
    if name == "figure":
        fig = mc.find("figures", ident)
        return f'data-sl-kind="figure" data-sl-id="{ident}"', [fig.title, fig.caveat]
    if name == "trial_search":
        return 'data-sl-kind="trials"', [t.title for t in mc.trials]
    if name == "question_list":
        bank = content.question_bank
        return 'data-sl-kind="question-list"', [q.text for g in bank.groups for q in g.questions]
    if name == "glossary":
        mode = kwargs.get("mode", "search")
        return f'data-sl-kind="glossary" data-sl-id="glossary" data-sl-mode="{mode}"', []
    if name == "knowledge_check":
        return f'data-sl-kind="knowledge-check" data-sl-id="{ident}"', [content.knowledge_check.intro]
    if name == "key_points":
        return None, [k.text for k in mc.module.key_points]
    if name == "references":
        return '<li id="ref-', []
    if name == "map":
        return None, [e.title for e in content.curriculum.modules]
    if name == "complete_button":
        return None, ["Mark this module complete"]
    if name == "progress":
        return None, ["My progress"]
    if name == "completion":
        return None, [f"{e.title} ({e.minutes} minutes)" for e in content.curriculum.modules]
    raise AssertionError(f"{slug}: m.{name}() has no expectation here; add one")


def rendered(cell) -> list[dict]:
    """The cell's displayed outputs, after checking it printed no error and no warning (but the one notice that
    recording is off: the build, and so this run, executes with SECONDLINE_PROGRESS_DB=off)."""
    for out in cell.outputs:
        assert out.output_type != "error", f"{out.ename}: {out.evalue}"
        if out.output_type == "stream" and out.name == "stderr":
            assert out.text.startswith(RECORDING_OFF) and out.text.count("\n") <= 1, out.text
    return [out for out in cell.outputs if out.output_type in ("display_data", "execute_result")]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_call_renders_its_content_and_no_error(path, executed, content):
    """Executed in a kernel, does each call the notebook makes show one output (a widget with its static twin for
    an interaction) carrying its content from content/ (every option and rationale of a quiz item, every scene of a
    case ...) and no traceback, broken-content note or error message?"""
    nb = executed[path.stem]
    checked = 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        where = f"{path.stem} cell {index + 1} ({cell.source.splitlines()[-1].strip()})"
        made = calls(cell.source)
        assert made, f"{where}: a code cell that calls nothing on the module"
        shown = rendered(cell)
        assert len(shown) == 1, f"{where}: {len(shown)} outputs, expected one"
        data = shown[0]["data"]
        html = data.get("text/html", "")
        assert html, f"{where}: no text/html output"
        name, args, kwargs = made[-1]  # the cell's last call is what it displays
        assert (WIDGET in data) == (name in WIDGETS), f"{where}: widget view {'missing' if name in WIDGETS else 'unexpected'}"
        sign = ERROR_SIGNS.search(html + data.get("text/plain", ""))
        assert not sign, f"{where} shows {sign.group(0)!r}"
        marker, texts = expected(content, path.stem, name, args, kwargs)
        if marker:
            assert marker in html, f"{where}: no {marker}"
        seen = words(html)
        for text in texts:
            assert plain(text) in seen, f"{where}: does not show {plain(text)[:80]!r}"
        checked += 1
    assert checked >= 5, f"{path.stem}: only {checked} calls"


def test_the_checks_catch_a_broken_module(tmp_path, content):
    """Would the check above notice a notebook whose content is broken (the BrokenBook's note in every cell) or a
    quiz cell naming the wrong item? (A check that cannot fail proves nothing.)"""
    broken = BrokenBook("01-lines-of-treatment", ["quiz.yml: something is wrong"])
    html = broken.quiz("lines-q01")._repr_html_()
    assert ERROR_SIGNS.search(html)
    assert ERROR_SIGNS.search(broken.header()._repr_html_())
    assert ERROR_SIGNS.search(message_html("Your record could not be read just now (OSError: disk I/O error). "
                                           "Select Refresh to try again."))
    assert ERROR_SIGNS.search("Your answers still work, but they are not being saved (disk full).")

    book = ModuleBook("01-lines-of-treatment", content)
    other = book.quiz("lines-q02")._repr_mimebundle_()["text/html"]
    marker, texts = expected(content, "01-lines-of-treatment", "quiz", ["lines-q01"], {})
    assert marker not in other and not all(plain(t) in words(other) for t in texts)


SANITIZE = r"""[regex1]
regex: 0x[0-9a-fA-F]+
replace: 0xADDRESS
"""


def test_nbval_compares_the_stable_outputs(executed, tmp_path):
    """Run by nbval (strict: every output compared) against the outputs of the run above, does every cell of every
    notebook give the same outputs again? Widget views are left out by nbval itself (their model ids are random)
    and object addresses in text/plain are masked; everything else, the HTML every reader sees, must match. A copy
    with one quiz's stored HTML altered must fail, and only that cell."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    cells = 0
    for slug, nb in executed.items():
        nbformat.write(nb, folder / f"{slug}.ipynb")
        cells += sum(c.cell_type == "code" for c in nb.cells)
    altered = nbformat.from_dict(executed["01-lines-of-treatment"])
    quiz = next(c for c in altered.cells if c.cell_type == "code" and "m.quiz(" in c.source)
    quiz.outputs[-1]["data"]["text/html"] = quiz.outputs[-1]["data"]["text/html"].replace("Best answer", "Good answer")
    nbformat.write(altered, folder / "zz-altered.ipynb")
    extra = sum(c.cell_type == "code" for c in altered.cells)
    (tmp_path / "sanitize.cfg").write_text(SANITIZE)
    # The build executes with no progress record (SECONDLINE_PROGRESS_DB=off); so does this run, so the progress
    # views say the same thing.
    env = dict(os.environ, SECONDLINE_PROGRESS_DB="off")
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
                           "--nbval-current-env", "--nbval-sanitize-with", str(tmp_path / "sanitize.cfg"),
                           "--rootdir", str(tmp_path), "-c", os.devnull, str(folder)],
                          cwd=ROOT / "notebooks", env=env, capture_output=True, text=True, timeout=900)
    tail = done.stdout[-3000:]
    assert re.search(rf"\b1 failed, {cells + extra - 1} passed\b", done.stdout), tail
    failed = re.findall(r"^FAILED (\S+)", done.stdout, re.M)
    assert len(failed) == 1 and "zz-altered.ipynb" in failed[0], failed
