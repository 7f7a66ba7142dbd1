"""`secondline build review --lang es`: the translation review packet (issue 19), built into a temporary folder and
read back: every message in the scope on a bilingual page with its place in words, the English and the Spanish (or
"not yet translated"), as HTML, CSV and (where Chromium is installed, and always in CI) PDF; the review status only
from content/i18n/es/reviews.yml."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
from collections import Counter
from html import escape

import pytest
import yaml

from browser import left_out, require_chromium
from secondline.cli import main
from secondline.content.i18n import load_catalog, save_catalog, translation
from secondline.content.load import load
from secondline.editions.i18n import messages
from secondline.editions.review_i18n import COLUMNS, NOT_TRANSLATED, OUT_OF_DATE, build_translation_review, place

LANG = "es"
M03 = "03-clinical-trials"
TODAY = dt.date(2026, 6, 1)


def esc(text: str) -> str:
    return escape(text, quote=True)


def rows(path, raw: bool = False):
    """A CSV's rows; unless `raw`, each cell as it was before review.py's _cell defused it (a markdown list's "- "
    is written "'- ", so a spreadsheet does not read it as a formula)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        found = list(csv.DictReader(f))
    if raw:
        return found
    return [{k: v[1:] if v[:2] in ("'=", "'+", "'-", "'@") else v for k, v in r.items()} for r in found]


@pytest.fixture(scope="module")
def packet(tmp_path_factory):
    content = load()
    out = tmp_path_factory.mktemp("review-es") / "es"
    files, problem = build_translation_review(content, LANG, out, pdf=False, today=TODAY)
    return content, out, files, problem


def test_packet_covers_every_message_in_scope(packet):
    """Is every message of the scope on exactly one page and in messages.csv, once, in scope order?"""
    content, out, files, problem = packet
    msgs = messages(content, LANG)
    assert problem is None
    every = rows(out / "messages.csv")
    assert list(every[0]) == list(COLUMNS)
    assert [(r["msgctxt"], r["English"]) for r in every] == [(m.context, m.english) for m in msgs]
    pages = [p for p in files if p.suffix == ".csv" and p.name != "messages.csv"]
    assert {p.stem for p in pages} >= {*content.modules, "knowledge-check", "question-list", "glossary", "handouts"}
    assert sum(len(rows(p)) for p in pages) == len(msgs)
    for p in pages:  # each HTML page has one table row per row of its CSV
        html = p.with_suffix(".html").read_text(encoding="utf-8")
        assert html.count('<tr id="m') == len(rows(p)), p.name
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f"{len(msgs)} messages" in index


def test_every_row_shows_english_and_spanish(packet):
    """Does every row carry its English and its current Spanish (or say it is not yet translated), in the CSV and on
    the page?"""
    content, out, _, _ = packet
    cat = load_catalog(content.root, LANG)
    by_key = {(m.context, m.english): m for m in messages(content, LANG)}
    for p in out.glob("*.csv"):
        if p.name == "messages.csv":
            continue
        html = p.with_suffix(".html").read_text(encoding="utf-8")
        for r in rows(p):
            m = by_key[(r["msgctxt"], r["English"])]
            spanish = translation(cat, m)
            assert r["English"] and esc(r["English"]) in html
            if spanish is None:
                assert NOT_TRANSLATED in r["flags"] or OUT_OF_DATE in r["flags"]
            else:
                assert r["Spanish"] == spanish and esc(spanish) in html
            assert r["reviewer comment"] == "" and r["suggested Spanish"] == ""
    assert "Reviewer comment" in (out / f"{M03}.html").read_text(encoding="utf-8")


def test_place_in_words_for_every_msgctxt(packet):
    """Is every message's place said in words (never only its msgctxt), with options lettered and shared contexts
    numbered as the learner sees them?"""
    content, out, _, _ = packet
    every = rows(out / "messages.csv")
    assert all(r["place"] and not r["place"].startswith("msgctxt") for r in every)
    kinds = Counter(r["msgctxt"].split(":")[0] for r in every)
    assert set(kinds) >= {"module", "notebook", "curriculum", "glossary", "knowledge-check", "question-bank", "ui"}
    item = content.module(M03).quiz.items[0]
    num = int(M03[:2])
    found = {(r["msgctxt"], r["English"]): r["place"] for r in every}
    base = f"module:{M03}:quiz:item:{item.id}"
    assert found[(f"{base}:option:why", item.options[1].why)] == f"Module {num}, quiz item {item.id}, option B, rationale"
    assert found[(f"{base}:prompt", item.prompt)] == f"Module {num}, quiz item {item.id}, question"
    assert found[(f"{base}:option", item.options[0].text)] == f"Module {num}, quiz item {item.id}, option A"
    term = next(iter(content.glossary.values()))
    assert found[(f"glossary:{term.id}:definition", term.definition)] == f"Glossary, entry {term.id}, definition"
    notebook = [r["place"] for r in every if r["msgctxt"].startswith(f"notebook:{M03}:")]
    assert notebook and all(p.startswith(f"Module {num}, notebook text, cell ") for p in notebook)
    assert any(p.endswith("paragraph 2") for p in notebook)
    with pytest.raises(KeyError):
        place(f"module:{M03}:widget:w1")  # a kind with no words yet is caught by this test, not shown raw


def test_status_says_not_yet_reviewed_and_the_term_base_is_listed(packet):
    """With no review recorded, do the index and every page say the Spanish is not yet reviewed, and does the index
    list each term with its source and whether it was checked?"""
    content, out, _, _ = packet
    from secondline.content.i18n import load_reviews, load_terms

    assert load_reviews(content.root, LANG) == []
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<strong>Translation review:</strong> Not yet reviewed by a qualified medical translator." in index
    assert "No qualified medical translator has reviewed" in index
    assert all("Not yet reviewed by a qualified medical translator." in p.read_text(encoding="utf-8")
               for p in out.glob("*.html"))
    terms = load_terms(content.root, LANG)
    for t in terms:
        assert esc(t.source) in index and esc(", ".join(t.es)) in index
    unchecked = sum(t.source == "not yet checked" for t in terms)
    assert unchecked and index.count("✘</span> not yet checked</td>") == unchecked
    assert index.count("<td>✔ yes</td>") == len(terms) - unchecked
    for field in ("translator", "credentials", "date", "scope", "decision", "notes"):  # TranslationReview's fields
        assert field in index.lower()


def test_untranslated_and_out_of_date_messages_are_rows_not_errors(tmp_content, tmp_path):
    """A message with no translation, and one whose English changed (fuzzy), are rows saying so, with the old
    Spanish shown for the second; the packet is still built."""
    content = load(tmp_content.root)
    msgs = [m for m in messages(content, LANG) if m.context.startswith("glossary:")]
    cat = load_catalog(content.root, LANG)
    blank, fuzzy = cat.get(msgs[0].english, context=msgs[0].context), cat.get(msgs[1].english, context=msgs[1].context)
    old = fuzzy.string
    blank.string = ""
    fuzzy.flags.add("fuzzy")
    save_catalog(content.root, LANG, cat)
    build_translation_review(load(tmp_content.root), LANG, tmp_path / "es", pdf=False, today=TODAY)
    glossary = {r["msgctxt"]: r for r in rows(tmp_path / "es" / "glossary.csv")}
    assert glossary[msgs[0].context]["Spanish"] == "" and NOT_TRANSLATED in glossary[msgs[0].context]["flags"]
    assert glossary[msgs[1].context]["Spanish"] == old and OUT_OF_DATE in glossary[msgs[1].context]["flags"]
    page = (tmp_path / "es" / "glossary.html").read_text(encoding="utf-8")
    assert f'<span class="state">{NOT_TRANSLATED}</span>' in page and esc(old) in page


def test_markup_escaped_and_spreadsheet_formulas_defused(tmp_content, tmp_path):
    """Is English that looks like markup escaped on the page, and a cell a spreadsheet would run as a formula written
    as text?"""
    def edit(d):
        entry = d[0] if isinstance(d, list) else next(iter(d.values()))
        entry["definition"] = '=HYPERLINK("http://x") <script>alert(1)</script>'
    tmp_content.edit("glossary.yml", edit)
    content = load(tmp_content.root)
    build_translation_review(content, LANG, tmp_path / "es", pdf=False, today=TODAY)
    page = (tmp_path / "es" / "glossary.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    cell = [r for r in rows(tmp_path / "es" / "glossary.csv", raw=True) if "HYPERLINK" in r["English"]]
    assert len(cell) == 1 and cell[0]["English"].startswith("'=HYPERLINK")
    assert NOT_TRANSLATED in cell[0]["flags"]  # the English changed, so its old Spanish no longer counts


def test_a_recorded_review_shows_who_reviewed_when(tmp_content, tmp_path):
    """With a review in reviews.yml (a fixture, never real data), do the index and pages say who reviewed it, with
    which credentials and when, and does the line every Spanish page shows change too?"""
    tmp_content.write(f"i18n/{LANG}/reviews.yml", yaml.safe_dump([{
        "translator": "Fixture Translator", "credentials": "test fixture credentials", "date": dt.date(2026, 1, 15),
        "scope": ["glossary"], "decision": "approved-with-changes", "notes": "fixture"}]))
    build_translation_review(load(tmp_content.root), LANG, tmp_path / "es", pdf=False, today=TODAY)
    index = (tmp_path / "es" / "index.html").read_text(encoding="utf-8")
    shown = "Reviewed by Fixture Translator, test fixture credentials, on 2026-01-15 (approved with changes)"
    assert shown in index and shown in (tmp_path / "es" / "glossary.html").read_text(encoding="utf-8")
    assert "Not yet reviewed" not in index
    assert "Fixture Translator, test fixture credentials" in index.split("What every Español page says now")[1][:400]


def test_review_pdfs_are_printed_and_pass_axe(tmp_path, capsys):
    """Does `secondline build review --lang es` print a PDF of the index and of each page (Chromium; required in
    CI), and does a bilingual page pass axe with nothing loaded from outside its folder?"""
    require_chromium()
    code = main(["build", "review", "--lang", LANG, "--out", str(tmp_path), "--modules", "01"])
    assert code == 0, capsys.readouterr().err
    folder = tmp_path / "review" / LANG
    names = {p.stem for p in folder.glob("*.html")}
    assert names == {"index", "01-lines-of-treatment", "knowledge-check", "question-list", "glossary", "handouts"}
    for name in names:
        assert (folder / f"{name}.pdf").read_bytes().startswith(b"%PDF")
    assert 'href="01-lines-of-treatment.pdf"' in (folder / "index.html").read_text(encoding="utf-8")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(folder / "01-lines-of-treatment.pdf"), "-"], capture_output=True,
                              text=True).stdout
        text = " ".join(text.split())  # table cells wrap
        assert "Reviewer" in text and "Español" in text and "Module 1, title in the course list" in text
    else:
        left_out("pdftotext (poppler-utils) is not installed")
    from browser import browser_page
    from test_browser_editions import axe_violations

    outside = []
    with browser_page() as page:
        page.route("**/*", lambda r: (outside.append(r.request.url), r.abort()) if not r.request.url.startswith(
            "file://") else r.continue_())
        page.goto((folder / "question-list.html").as_uri())
        page.wait_for_selector("table.bilingual")
        assert axe_violations(page) == []
    assert outside == []


def test_guide_page_quotes_the_status_lines_and_the_review_fields(content):
    """Does the educator guide's translation-review page quote the Spanish status lines as the catalog has them now,
    name every field a recorded review has, and is it linked from the guide's start page?"""
    from pathlib import Path

    from secondline.content.i18n import TranslationReview

    guide = Path(content.root).parent / "educator_guide"
    page = (guide / "translation-review.md").read_text(encoding="utf-8")
    cat = load_catalog(content.root, LANG)
    unreviewed = next(m.string for m in cat if m.context == "ui:translation-status:unreviewed")
    reviewed = next(m.string for m in cat if m.context == "ui:translation-status:reviewed")
    assert f"> {unreviewed}" in page
    assert reviewed.split("%(")[0] in page  # "Esta página es una traducción del inglés. La revisó "
    table = page.split("## Recording the review")[1].split("## For maintainers")[0]
    assert all(f"| {name.capitalize()} |" in table for name in TranslationReview.model_fields)
    maintainers = page.split("## For maintainers")[1]
    assert all(f"{name}:" in maintainers for name in TranslationReview.model_fields)
    assert "(translation-review.md)" in (guide / "index.md").read_text(encoding="utf-8")


def test_build_all_writes_each_language_packet_and_reports_missing_pdfs(content, tmp_path, monkeypatch):
    """What `build all` calls: each language of scope.yml gets review/<lang>/; without Chromium its HTML and CSV
    are written and the missing PDFs are one problem line naming the language."""
    from secondline.content.i18n import load_scope
    from secondline.editions import assets
    from secondline.editions.review_i18n import build_translation_reviews

    monkeypatch.setattr(assets, "CHROMIUM", str(tmp_path / "no-chromium"))
    files, problems = build_translation_reviews(content, ["01-lines-of-treatment"], tmp_path / "review")
    for lang in load_scope(content.root).languages:
        assert (tmp_path / "review" / lang / "index.html") in files
        assert (tmp_path / "review" / lang / "01-lines-of-treatment.csv").is_file()
        assert not (tmp_path / "review" / lang / "03-clinical-trials.html").exists()  # only the modules built
    assert len(problems) == len(load_scope(content.root).languages)
    assert all("PDFs were not" in p and "translation review packet" in p for p in problems)
