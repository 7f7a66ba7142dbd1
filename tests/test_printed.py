"""What is printed for people: every handout PDF, a module and a course certificate, the cohort report and the CE
packet, built here and read back as a reader gets them (poppler's pdftotext), plus the patient question list's
room to write, measured in Chromium as it prints.

A printed page speaks to nurses, navigators, facilitators, patients, program managers and CE reviewers: it names no
file, folder or command of ours and uses no code words. That includes the full educator guide (educator-guide.pdf):
what only whoever keeps the course needs (files, build commands, what the tests check) sits in each guide page's
"For maintainers" section, which stays on the web guide and is left out of print.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from browser import _missing, browser_page
from fake_learners import write_cohort
from secondline import pdf
from secondline.editions.build import build
from secondline.record.certificate import write_certificate
from secondline.record.format import Record
from secondline.record.report import write_cohort as write_report

# Words that belong to the code, not to the page. "test" is a clinical and a course word (a biomarker test, the
# pre-test), so only the code's own sense is caught: tests that check or run, a test suite, unit tests. "API" is let
# through only as part of a cited work's own title (ClinicalTrials.gov API, its Data API documentation).
DEV_WORDS = re.compile(r"""
    \b[\w-]+\.(?:ya?ml|py|ipynb|json|toml|md|sh|cfg|sqlite3?|j2)\b
  | (?<![\w./-])(?:content|notebooks|src|tests|scripts|educator_guide|_build|_learner|\.venv|lab)/
  | (?<!ClinicalTrials\.gov\ )(?<!Data\ )\bAPI\b | \b[Kk]ernels?\b | \bpytest\b | \bnbval\b | \bJSON\b | \bYAML\b | \bipykernel\b | \bslugs?\b
  | \bsecondline\b | \b[Pp]ython\b | \bnpm\b | \bgit\b | \bcurriculum\.yml\b | \bcheck_plan\b
  | \b(?:a|the|unit|browser)\s+tests?\s+(?:checks?|runs?|keeps?|fails?|pass(?:es)?)\b
  | \btests\s+(?:check|run|keep)\b | \btest\s+suite\b
""", re.X)
URL = re.compile(r"(?:https?://|doi\.org/|www\.)\S*")
# JupyterLab's own words on the learner's screen, which module 00 teaches learners to click and its quiz explains
# ("the kernel, the engine behind the hidden code"); the facilitator reads them as printed in the guide's module 00
# page and answer key. Only the educator guide is let off these, and only these.
JUPYTERLAB_WORDS = re.compile(r"Kernel\s+>\s+Restart\s+Kernel\s+and\s+Run\s+All\s+Cells|Select\s+Kernel"
                              r"|Python\s+3\s+\(ipykernel\)|\bkernel\b")


def pdf_text(path: Path) -> str:
    """The PDF's words as a reader gets them (pdftotext), each line's words single-spaced, links taken out."""
    if shutil.which("pdftotext") is None:
        _missing("pdftotext (poppler-utils) is not installed")
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    lines = [" ".join(URL.sub(" ", line).split()) for line in done.stdout.splitlines()]
    # a link that runs onto the next line leaves its tail there: a line that is one unbroken path is a link's end
    return "\n".join(ln for ln in lines if not re.fullmatch(r"[\w.~%/#?=&+-]*/[\w.~%/#?=&+-]*", ln))


def readers_text(path: Path) -> str:
    """The PDF's text, less what is the reader's own data: the cohort report names the files the program manager
    collected (ana.json) and why one could not be read ("not valid JSON"), so that they can find and fix it."""
    text = pdf_text(path)
    inputs = path.with_suffix(".inputs")
    if inputs.is_file():
        for name in sorted(inputs.read_text().splitlines(), key=len, reverse=True):
            text = text.replace(name, " ")
        text = text.replace(": not valid JSON (", ": not valid (")
    if path.name == "educator-guide.pdf":
        text = JUPYTERLAB_WORDS.sub(" ", text)
    return text


def hits(text: str) -> list[str]:
    return [f"{m.group(0)!r} in “{text[max(0, m.start() - 60):m.end() + 40]}”".replace("\n", " ")
            for m in DEV_WORDS.finditer(text)]


@pytest.fixture(scope="module")
def printed(tmp_path_factory, content) -> dict[str, Path]:
    """Every printed PDF: the handouts (all modules), the educator guide, the CE packet, a module and a course
    certificate, and a cohort report: name -> PDF."""
    if pdf.missing():
        _missing(pdf.missing())
    tmp = tmp_path_factory.mktemp("printed")
    result = build(["handouts"], out=tmp / "_build", modules=[e.slug for e in content.curriculum.modules],
                   content=content)
    assert result.ok, result.errors
    files = {p.name: p for p in sorted((tmp / "_build" / "handouts").glob("*.pdf"))}
    modules = [e.slug for e in content.curriculum.modules]
    for kind, done in (("module", modules[1:2]), ("course", modules)):
        rec = Record(display_name="Ana", completed=dict.fromkeys(done, "2026-11-20T10:00:00Z"))
        files[f"{kind}-certificate.pdf"] = write_certificate(rec, content, tmp / "cert", stem=kind).pdf
    write_cohort(content, tmp / "exports", 12, seed=4)
    (tmp / "exports" / "broken.json").write_text("{not an export")
    write_report([tmp / "exports"], tmp / "report", content, "Spring cohort")
    files["cohort-report.pdf"] = tmp / "report" / "cohort-report.pdf"
    files["cohort-report.pdf"].with_suffix(".inputs").write_text("\n".join(p.name for p in (tmp / "exports").iterdir()))
    return files


def test_every_printed_page_is_free_of_developer_words(printed, content):
    """Does every printed PDF (each module's summary, the question list, the glossary, the educator guide, the CE
    packet, both kinds of certificate and the cohort report) read without file names, folders, commands or code
    words?"""
    expected = {f"{e.slug}-summary.pdf" for e in content.curriculum.modules} | {
        "question-list.pdf", "glossary.pdf", "educator-guide.pdf", "ce-packet.pdf", "module-certificate.pdf",
        "course-certificate.pdf", "cohort-report.pdf"}
    assert expected <= set(printed), sorted(expected - set(printed))
    found = {name: hits(readers_text(path)) for name, path in printed.items()}
    found = {name: h for name, h in found.items() if h}
    assert not found, "developer words on printed pages:\n" + "\n".join(
        f"{name}: {len(h)}: " + "; ".join(h[:6]) for name, h in found.items())


def test_the_printed_guide_leaves_out_only_the_maintainers_sections(content, tmp_path):
    """Does the printed guide leave out every "For maintainers" section (where file names and commands belong) and
    keep the rest of each page, while the web guide keeps those sections for whoever looks after the course?"""
    from secondline.editions.handouts import guide_html
    from secondline.guide.pages import write_guide

    web = [p.read_text() for p in write_guide(tmp_path / "guide", content) if p.suffix == ".html"]
    kept = [t for t in web if 'id="for-maintainers' in t]
    assert len(kept) >= len(content.modules) + 1, "each module page and the home page have a maintainers section"
    printed = guide_html(content)
    assert 'id="for-maintainers' not in printed and "secondline build slides" not in printed
    assert 'id="answer-key"' in printed and 'id="what-changed-in-this-version"' in printed
    assert 'id="keeping-the-guide-right"' in printed and 'id="get-the-decks"' in printed


def test_the_word_list_catches_what_it_should():
    """Does the check catch file names, folders and code words, and pass the course's own words (a biomarker test,
    the pre-test, a treatment's results) and links?"""
    for bad in ("see content/curriculum.yml", "run pytest", "a test checks it", "the API", "Restart Kernel",
                "export the JSON file", "module.yml", ".venv/bin/secondline build", "tests check both"):
        assert hits(bad), bad
    for good in ("Ask whether a biomarker test is planned.", "Take the pre-test and the post-test.",
                 "the test results go to the oncologist", "Second Line: when treatment stops working"):
        assert not hits(good), good
    assert not hits(URL.sub(" ", "https://www.cancer.org/cancer/diagnosis-staging/tests/biomarker-tests.html"))


def test_question_list_gives_room_to_write(printed, content, tmp_path):
    """As it prints (letter, print media): does every question of the patient question list have a ruled box of at
    least 0.9 inch under it, kept on one page with its question, and is each printed?"""
    html = printed["question-list.pdf"].parent / "html" / "question-list.html"
    n = sum(len(g.questions) for g in content.question_bank.groups)
    with browser_page((816, 1056)) as page:
        page.goto(html.resolve().as_uri())
        page.emulate_media(media="print")
        boxes = page.evaluate("""() => [...document.querySelectorAll('li')].map(li => {
            const a = li.querySelector('.answer'), s = a && getComputedStyle(a);
            return a ? {h: a.getBoundingClientRect().height, keep: getComputedStyle(li).breakInside,
                        ruled: s.backgroundImage.includes('gradient'), exact: s.printColorAdjust} : null; })""")
    assert len(boxes) == n and all(boxes), "every question has an answer box"
    assert all(b["h"] >= 0.9 * 96 and b["keep"] == "avoid" and b["ruled"] and b["exact"] == "exact" for b in boxes), \
        boxes[:3]
    assert pdf_text(printed["question-list.pdf"]).count("Answer:") == n
