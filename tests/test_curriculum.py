"""The whole curriculum: coverage of the source pages, module completeness, reading level, own words."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
import textstat

ROOT = Path(__file__).resolve().parents[1]
SEED_SOURCES = {"verywell-second-line", "acs-stop-working-2025"}


def test_every_seed_point_is_taught_and_assessed(content):
    """Does coverage.yml map points of both source pages, each to a section that teaches it and an item that assesses it?"""
    assert content.coverage is not None, "content/coverage.yml is missing"
    by_source = {s: [p for p in content.coverage.points if p.source == s] for s in SEED_SOURCES}
    assert len(by_source["verywell-second-line"]) >= 10 and len(by_source["acs-stop-working-2025"]) >= 15
    for p in content.coverage.points:
        assert p.sections and p.items, p.id  # the schema also refuses empty lists


def test_modules_are_complete(content):
    """Has every module 3-5 objectives, at least 8 items (2 per objective), a case, and terms from the glossary?"""
    for slug, mc in content.modules.items():
        assert 3 <= len(mc.module.objectives) <= 5, slug
        assert len(mc.quiz.items) >= 8, slug
        assert mc.cases, f"{slug} has no fictional case"
        assert mc.module.terms, f"{slug} lists no glossary terms"


def test_glossary_is_large_enough(content):
    """Does the glossary hold at least 40 terms?"""
    assert len(content.glossary) >= 40


def test_best_answer_position_varies(content):
    """Is the best answer not always in the same position (so learners cannot game it)?"""
    for slug, mc in content.modules.items():
        positions = {it.best_index for it in mc.quiz.items}
        assert len(positions) >= 2, slug


def prose(cell_source: str) -> str:
    """Markdown reduced to sentences: tables, code, links' URLs and markup removed."""
    text = "\n".join(ln for ln in cell_source.splitlines() if not ln.lstrip().startswith("|"))
    text = re.sub(r"`[^`]*`", "", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return re.sub(r"[#>*_\[\]]", "", text)


@pytest.mark.parametrize("slug", sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb")))
def test_learner_prose_is_grade_11_or_below(slug):
    """Is each notebook's learner-facing text at Flesch-Kincaid grade 11 or lower?"""
    nb = nbformat.read(ROOT / "notebooks" / f"{slug}.ipynb", as_version=4)
    text = "\n".join(prose(c.source) for c in nb.cells
                     if c.cell_type == "markdown" and "facilitator" not in c.metadata.get("tags", []))
    assert textstat.flesch_kincaid_grade(text) <= 11


def test_glossary_is_plain(content):
    """Are the glossary's definitions, read together, at grade 8 or lower, and none far above it?"""
    defs = [t.definition for t in content.glossary.values()]
    assert textstat.flesch_kincaid_grade(" ".join(defs)) <= 8
    for t in content.glossary.values():
        assert textstat.flesch_kincaid_grade(t.definition) <= 11, t.id


@pytest.mark.parametrize("slug", sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb")))
def test_sections_are_headings(slug, content):
    """Does every section in module.yml appear as a heading in its notebook (so slides and timing line up)?"""
    nb = nbformat.read(ROOT / "notebooks" / f"{slug}.ipynb", as_version=4)
    headings = {m.strip() for c in nb.cells if c.cell_type == "markdown" for m in re.findall(r"^##+ (.+)$", c.source, re.M)}
    for s in content.module(slug).module.sections:
        assert s.title in headings, f"{slug}: section '{s.title}' has no heading"


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def test_nothing_is_copied_from_the_seed_pages():
    """Does no file repeat 9 or more words in a row from a seed page (the curriculum says things in its own words)?
    Checked against the pages' fingerprints kept in tests/data (tests/own_words.py), so it runs in any clone."""
    from own_words import copied, seed_fingerprints

    kept = seed_fingerprints()
    hits = []
    for path in [*ROOT.glob("content/**/*.yml"), *ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("educator_guide/*.md")]:
        text = path.read_text()
        if path.suffix == ".ipynb":
            text = "\n".join("".join(c["source"]) for c in json.loads(text)["cells"])
        hits += [f"{path.relative_to(ROOT)}: {g}" for g in copied(text, kept)]
    assert not hits, "\n".join(hits)


def test_the_own_words_check_catches_a_copied_run():
    """Does the fingerprint check find a 9-word run taken from a seed page (so the test above can fail)?"""
    from own_words import SEEDS, copied, runs, seed_fingerprints

    kept = seed_fingerprints()
    assert copied("one two three four five six seven eight nine ten", kept) == []
    if SEEDS.is_dir() and any(SEEDS.glob("*.txt")):
        page = next(iter(sorted(SEEDS.glob("*.txt")))).read_text(errors="ignore")
        run = sorted(runs(page))[0]
        assert copied(f"Our words. {run} More of ours.", kept) == [run]


def test_readme_module_table_matches_manifest(content):
    """Does the README's module table list exactly the manifest's modules, titles and minutes?"""
    readme = (ROOT / "README.md").read_text()
    rows = re.findall(r"^\| (\d\d) (.+?)(?: \((?:pre|post)-test\))? \| (\d+) \|$", readme, re.M)
    assert [(n, t, int(m)) for n, t, m in rows] == [(e.slug[:2], e.title, e.minutes) for e in content.curriculum.modules]
