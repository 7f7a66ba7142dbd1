"""Hand-broken content folders (issue 14): each fault gives a clear error naming the file (and the line and key
where there is one), never a traceback, never silence; `secondline check` lists every problem, one line each.

Tests run as root, where chmod does not stop a read: an unreadable file and a read error (EIO) are simulated by
making Path.read_bytes raise for that one file, as the operating system would.
"""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import secondline.notebook as notebook_mod
from secondline.content.errors import ContentError
from secondline.content.load import load

M01 = "modules/01-lines-of-treatment"
SLUG01 = "01-lines-of-treatment"


def problems_of(root) -> list[ContentError]:
    with pytest.raises(ContentError) as info:
        load(root)
    return list(getattr(info.value, "problems", [info.value]))


def only_problem(root) -> ContentError:
    found = problems_of(root)
    assert len(found) == 1, "\n".join(map(str, found))
    return found[0]


def check(root) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "secondline.cli", "check", "--content", str(root)],
                          capture_output=True, text=True, timeout=60)


def add_duplicate_verdict(path: Path) -> int:
    """Give the first unsafe option a second `verdict: best` line; return that line's number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    i = next(i for i, line in enumerate(lines) if line.strip() == "verdict: unsafe")
    indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
    lines.insert(i + 1, f"{indent}verdict: best")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return i + 2


# ---------------------------------------------------------------- duplicate keys

def test_a_duplicate_key_is_an_error_naming_file_line_and_key(tmp_content):
    """Is a second `verdict: best` under an unsafe option an error (it used to win silently: 'content OK')?"""
    line = add_duplicate_verdict(tmp_content.root / M01 / "quiz.yml")
    err = only_problem(tmp_content.root)
    assert err.path.name == "quiz.yml" and err.line == line
    assert "key 'verdict' is given twice" in str(err) and f"quiz.yml:{line}:" in str(err)


@pytest.mark.parametrize("name", ["curriculum.yml", "sources.yml", "glossary.yml", "coverage.yml",
                                  "knowledge-check.yml", "question-bank.yml", f"{M01}/module.yml",
                                  f"{M01}/cases.yml", "modules/03-clinical-trials/trials.yml"])
def test_duplicate_keys_are_refused_in_every_file(tmp_content, name):
    """Is a repeated key an error in every kind of YAML file in content/, at the repeated key's line?"""
    path = tmp_content.root / name
    lines = path.read_text(encoding="utf-8").splitlines()
    # a one-line key: value (not a list item, not folded text), repeated on the next line
    i = next(i for i, line in enumerate(lines)
             if re.match(r"^\s*[a-z_]+: [^'\"|>\s]", line) and not re.match(r"^\s*- ", lines[i + 1]))
    lines.insert(i + 1, lines[i])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = only_problem(tmp_content.root)
    assert err.path.name == path.name and err.line == i + 2 and "given twice" in str(err), str(err)


def test_an_error_points_at_the_key_the_data_holds(tmp_content):
    """With a key repeated, is the line an error gives for that field the second copy's (the one YAML keeps),
    not the first one's?"""
    from secondline.content.load import Doc, FastLoader, _load_yaml

    path = tmp_content.root / M01 / "quiz.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    i = next(i for i, line in enumerate(lines) if line.strip().startswith("objective:"))
    lines.insert(i + 1, lines[i].replace(lines[i].strip(), "objective: lines-o9"))
    text = "\n".join(lines) + "\n"
    data, duplicates = _load_yaml(text, FastLoader)
    assert duplicates == [(i + 2, "objective", i + 1)]
    assert data["items"][0]["objective"] == "lines-o9"
    assert Doc(path, data, text=text).line(("items", 0, "objective")) == i + 2


# ---------------------------------------------------------------- file problems

@pytest.mark.parametrize("make,words", [
    (lambda p: p.symlink_to(p.name), "loops back on itself"),
    (lambda p: p.symlink_to("nowhere.yml"), "a link to a file that does not exist"),
    (lambda p: p.mkdir(), "a folder where a file should be"),
    (lambda p: os.mkfifo(p), "a named pipe (FIFO) where a file should be"),
    (lambda p: p.symlink_to("/dev/zero"), "a device where a file should be"),
    (lambda p: p.write_text(""), "empty file"),
    (lambda p: p.write_text("\n\n   \n"), "empty file"),
    (lambda p: p.write_text("# only a comment\n"), "empty file"),
])
@pytest.mark.parametrize("name", ["quiz.yml", "cases.yml"])
def test_a_file_that_is_not_a_readable_file_is_named(tmp_content, make, words, name):
    """Does a link loop, a dangling link, a folder, a FIFO, /dev/zero or an empty file in place of a content file
    give one clear error naming it (and never hang, exhaust memory, or skip the module's cases silently)?"""
    path = tmp_content.root / M01 / name
    path.unlink()
    make(path)
    err = only_problem(tmp_content.root)
    assert err.path.name == name and words in str(err) and f"{name}: " in str(err)
    r = check(tmp_content.root)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines() == [f"error: {err}"]


@pytest.mark.parametrize("exc,words", [
    (PermissionError(errno.EACCES, "Permission denied"), "cannot be read (permission denied)"),
    (OSError(errno.EIO, "Input/output error"), "cannot be read (Input/output error)"),
])
def test_a_file_that_cannot_be_read_is_named(tmp_content, monkeypatch, exc, words):
    """Does an unreadable file (permissions) or a read error (EIO) give an error naming the file, not a traceback?"""
    target = tmp_content.root / M01 / "module.yml"
    real = Path.read_bytes

    def read_bytes(self):
        if self == target:
            raise exc
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    err = only_problem(tmp_content.root)
    assert err.path == target and words in str(err)


def test_a_module_folder_not_in_the_curriculum_is_an_error(tmp_content):
    """Is a module folder that curriculum.yml does not list an error (it was silently ignored)?"""
    stray = tmp_content.root / "modules" / "09-stray"
    stray.mkdir()
    (stray / "module.yml").write_text("slug: 09-stray\n")
    err = only_problem(tmp_content.root)
    assert err.path == stray and "not listed in curriculum.yml" in str(err)


def test_hidden_folders_in_modules_are_not_modules(tmp_content):
    """Is a hidden folder (an editor's or Jupyter's checkpoints) left alone?"""
    (tmp_content.root / "modules" / ".ipynb_checkpoints").mkdir()
    assert load(tmp_content.root).modules


@pytest.mark.parametrize("slug", ["\u0660\u0661-lines-of-treatment", "\uff10\uff11-lines-of-treatment"])
def test_slugs_are_ascii(tmp_content, slug):
    """Is a slug whose number is written in non-ASCII digits (Arabic-Indic, full-width) refused, in the
    curriculum and in a module's own file?"""
    tmp_content.edit(f"{M01}/module.yml", lambda d: d.update(slug=slug))
    err = only_problem(tmp_content.root)
    assert err.path.name == "module.yml" and err.field == "slug" and "[0-9]{2}" in str(err)
    tmp_content.edit("curriculum.yml", lambda d: d["modules"][1].update(slug=slug))
    err = problems_of(tmp_content.root)[0]
    assert err.path.name == "curriculum.yml" and err.field == "modules[1].slug"


def test_a_doi_and_an_nct_number_are_ascii(tmp_content):
    """Are a DOI and a practice NCT number with non-ASCII digits refused?"""
    tmp_content.edit("sources.yml", lambda d: d[0].update(doi="10.\u0661\u0662\u0663\u0664/x"))
    err = only_problem(tmp_content.root)
    assert err.field == "doi"


# ---------------------------------------------------------------- every problem, one line each

def five_faults(root: Path) -> None:
    """Five different faults in five places (none of them a consequence of another)."""
    add_duplicate_verdict(root / M01 / "quiz.yml")                        # 1. a duplicate key
    (root / "modules/02-what-to-expect/cases.yml").unlink()
    (root / "modules/02-what-to-expect/cases.yml").mkdir()                # 2. a folder in place of a file
    (root / "modules/04-preparing-for-the-visit/quiz.yml").write_text("")  # 3. an empty file
    (root / "modules/09-stray").mkdir()                                   # 4. a module folder nobody listed
    text = (root / "glossary.yml").read_text(encoding="utf-8")            # 5. an unknown field
    (root / "glossary.yml").write_text(re.sub(r"(\n- id: [a-z0-9-]+\n)", r"\1  colour: red\n", text, count=1),
                                       encoding="utf-8")


def test_check_reports_every_problem_one_line_each(tmp_content):
    """Does `secondline check` on a folder with five different faults print five lines, and a count?"""
    five_faults(tmp_content.root)
    r = check(tmp_content.root)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 5, r.stderr
    assert all(line.startswith("error: ") for line in lines)
    for words in ["quiz.yml:", "given twice", "cases.yml: a folder where a file should be",
                  "04-preparing-for-the-visit/quiz.yml: empty file", "09-stray", "glossary.yml:", "colour"]:
        assert words in r.stderr, words
    assert r.stdout.strip() == "5 problems in the content: fix each line above"


def test_load_names_every_problem(tmp_content):
    """Does load() itself carry every problem (a ContentError that reads as the first, prints all)?"""
    five_faults(tmp_content.root)
    found = problems_of(tmp_content.root)
    assert len(found) == 5 and len(str(ContentError.__str__(found[0])).splitlines()) == 1


def test_one_bad_file_does_not_hide_problems_in_other_modules(tmp_content):
    """With module 01's module.yml broken, is a bad quiz in module 03 still reported (and nothing invented)?"""
    tmp_content.write(f"{M01}/module.yml", "slug: [\n")
    tmp_content.edit("modules/03-clinical-trials/quiz.yml", lambda d: d["items"][0].update(objective="trials-o9"))
    found = problems_of(tmp_content.root)
    assert [p.path.name for p in found] == ["module.yml", "quiz.yml"], found
    assert "broken YAML" in str(found[0]) and "trials-o9" in str(found[1])


def test_a_broken_sources_file_does_not_make_every_citation_unknown(tmp_content):
    """With one source entry invalid, is that entry the one problem (not every citation of every source)?"""
    tmp_content.edit("sources.yml", lambda d: d[0].update(year="soon"))
    err = only_problem(tmp_content.root)
    assert err.path.name == "sources.yml" and err.field == "year"


def test_a_file_name_with_a_newline_stays_on_one_line(tmp_content):
    """Does a folder named with a newline still give one line per problem?"""
    (tmp_content.root / "modules" / "09-bad\nname").mkdir()
    r = check(tmp_content.root)
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1 and "09-bad\\nname" in r.stderr


# ---------------------------------------------------------------- a notebook over broken content

def test_a_notebook_over_broken_content_shows_one_message(tmp_content, monkeypatch):
    """Does module(slug) over broken content give one clear message from m.header(), and a short note (no
    exception) from every later call?"""
    five_faults(tmp_content.root)
    monkeypatch.setattr(notebook_mod, "cached_in", lambda lang: load(tmp_content.root))
    m = notebook_mod.module(SLUG01)
    html = m.header()._repr_html_()
    assert "the course content has 5 problems" in html and "secondline check" in html and "given twice" in html
    for call in (lambda: m.quiz("lines-q01"), lambda: m.case("lines-c1"), lambda: m.glossary(mode="cards"),
                 m.references, m.complete_button, lambda: m.confidence("before")):
        assert call()._repr_html_() == f'<p class="sl-note"><em>{notebook_mod.BrokenBook.NOTE}</em></p>'


def test_a_notebook_naming_an_unknown_module_shows_one_message(monkeypatch, content):
    """Does a notebook asking for a module that does not exist get a message, not a KeyError?"""
    monkeypatch.setattr(notebook_mod, "cached_in", lambda lang: content)
    html = notebook_mod.module("99-nowhere").header()._repr_html_()
    assert "no module &#x27;99-nowhere&#x27;" in html or "no module '99-nowhere'" in html


def test_a_notebook_run_over_broken_content_has_no_error_output(tmp_content):
    """Run all of a real module notebook in a kernel over broken content: no cell errors, the first shows the
    message, and the others show at most the short note."""
    import nbformat
    from nbclient import NotebookClient

    five_faults(tmp_content.root)
    nb = nbformat.read(Path(__file__).resolve().parents[1] / "notebooks" / f"{SLUG01}.ipynb", as_version=4)
    env = dict(os.environ, SECONDLINE_CONTENT=str(tmp_content.root), SECONDLINE_CACHE="off",
               SECONDLINE_PROGRESS_DB="off")
    old = os.environ.copy()
    os.environ.update(env)
    try:
        NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True).execute()
    finally:
        os.environ.clear()
        os.environ.update(old)
    code = [c for c in nb.cells if c.cell_type == "code"]
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors, [f"{e.ename}: {e.evalue}" for e in errors]
    first = "".join(o.get("data", {}).get("text/html", "") for o in code[0].outputs)
    assert "the course content has 5 problems" in first
    for c in code[1:]:
        html = "".join(o.get("data", {}).get("text/html", "") for o in c.outputs)
        assert html in ("", f'<p class="sl-note"><em>{notebook_mod.BrokenBook.NOTE}</em></p>'), html
