"""Certificates and the cohort report: right numbers, every name escaped, nothing loaded from elsewhere, 0, 1 and 100
learners, a malformed file named while the rest are reported. Pages are rendered to PNG in _build/screenshots/
(report-*.png, certificate-*.png) for people to look at.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from browser import left_out
from fake_learners import NASTY_NAMES, fake_export, write_cohort
from secondline import pdf
from secondline.cli import main
from secondline.record.certificate import CertificateError, certificate_html, write_certificate
from secondline.record.cohort import cohort
from secondline.record.exports import read_records
from secondline.record.format import Record
from secondline.record.report import report_html
from secondline.record.report import write_cohort as write_report
from secondline.record.schema import parse_record

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "_build" / "screenshots"


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def no_external_loads(html: str) -> None:
    """No script, no stylesheet link, and every src or href a data: URI (parsed, so escaped text does not count)."""
    parser = _Tags()
    parser.feed(html)
    names = {t for t, _ in parser.tags}
    assert not names & {"script", "link", "iframe", "object", "embed"}, names
    for tag, attrs in parser.tags:
        for key in ("src", "href"):
            assert key not in attrs or attrs[key].startswith("data:"), (tag, attrs)
    assert "url(" not in html


def escaped_everywhere(html: str, all_names: bool = True) -> None:
    assert '<script>alert("x")' not in html and "<img src=x" not in html and '"Sons" </td>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    if all_names:
        assert "O&#x27;Brien &amp; &quot;Sons&quot; &lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;" in html


# Under CI (SECONDLINE_REQUIRE_BROWSER=1, as for the browser tests) a missing PDF tool fails the run; elsewhere the
# check is left out (tests/browser.py).
required = left_out


def shoot(pdf_path: Path, name: str, pages: int = 1) -> list[Path]:
    """PDF pages -> PNG in _build/screenshots (pdftoppm), for a person to look at."""
    if not shutil.which("pdftoppm"):
        required("pdftoppm (poppler-utils) is not installed")
        return []
    SHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", str(pages), str(pdf_path), str(SHOTS / name)],
                   check=True)
    return sorted(SHOTS.glob(f"{name}-*.png"))


# --------------------------------------------------------------------------- certificate

def test_certificate_numbers_and_escaping(content):
    """Does the certificate list the modules done, their hours from curriculum.yml and the date, all escaped?"""
    done = ["00-start-here", "01-lines-of-treatment", "03-clinical-trials"]
    rec = Record(display_name=NASTY_NAMES[0], completed={s: f"2025-03-0{i + 1}T10:00:00Z" for i, s in enumerate(done)})
    page = certificate_html(rec, content, note="<b>Riverside</b> & co")
    minutes = sum(content.entry(s).minutes for s in done)
    assert f"{minutes / 60:.1f} hours ({minutes} minutes)" in page and "3 March 2025" in page
    n = len(content.curriculum.modules)
    assert f"has completed 3 of the {n} modules" in page
    assert all(content.entry(s).title.replace("'", "&#x27;") in page for s in done)
    assert "&lt;b&gt;Riverside&lt;/b&gt; &amp; co" in page
    escaped_everywhere(page, all_names=False)
    no_external_loads(page)
    full = Record(display_name="Ana", completed={e.slug: "2025-03-01T10:00:00Z" for e in content.curriculum.modules})
    assert f"has completed all {n} modules" in certificate_html(full, content)


def test_module_and_course_certificates_are_named_as_what_they_are(content):
    """Is a certificate for one or some modules a "Module certificate" (never a course certificate or a "certificate
    of completion" of the course), the one for every module the "Course certificate", and does each say it was made
    from the learner's record and that the program, not this curriculum, gives any credit?"""
    from secondline.record.certificate import certificate_name, file_stem

    modules = [e.slug for e in content.curriculum.modules]
    for done in (modules[3:4], modules[:3], modules[:-1], modules):
        rec = Record(display_name="Ana", completed=dict.fromkeys(done, "2025-03-01T10:00:00Z"))
        page = certificate_html(rec, content)
        kind = "Course certificate" if done == modules else "Module certificate"
        other = "Module certificate" if done == modules else "Course certificate"
        assert f"<h1>{kind}</h1>" in page and f"<title>{kind}: Ana</title>" in page and other not in page
        assert certificate_name(rec, content) == kind and file_stem(rec, content) == "secondline-" + kind.lower().replace(" ", "-")
        assert "completion" not in page.lower()
        assert "Made from the learner's own Second Line record" in page and "does not award credit" in page
        assert "content/" not in page and ".yml" not in page
    one = certificate_html(Record(display_name="Ana", completed={modules[3]: "2025-03-01T10:00:00Z"}), content)
    assert "has completed module 3 of" in one


@pytest.mark.parametrize("name", NASTY_NAMES, ids=["html", "rtl", "emoji", "quotes", "10k"])
def test_certificate_shows_any_name_safely(content, name):
    """Is every hostile name escaped on the certificate, a right-to-left one isolated, a 10,000-character one cut?"""
    page = certificate_html(Record(display_name=name, completed={"00-start-here": "2025-03-01T10:00:00Z"}), content)
    no_external_loads(page)
    assert "<bdi>" in page
    if len(name) > 200:
        assert "x" * 200 + "…" in page and "x" * 201 not in page
    else:
        from html import escape

        assert escape(" ".join(name.split()), quote=True) in page


def test_certificate_needs_a_name_and_a_module(content):
    """Does a record with no name, or no completed module, give a clear message instead of a certificate?"""
    with pytest.raises(CertificateError, match="Type your name"):
        certificate_html(Record(completed={"00-start-here": "2025-03-01T10:00:00Z"}), content)
    with pytest.raises(CertificateError, match="No module is marked complete"):
        certificate_html(Record(display_name="Ana"), content)


def test_certificate_pdf_and_picture(content, tmp_path, monkeypatch):
    """Is the certificate one PDF page (or a clear message without Chromium)? A picture lands in _build/screenshots."""
    rec = Record(display_name=NASTY_NAMES[1] + " " + NASTY_NAMES[0],
                 completed={e.slug: "2025-05-01T10:00:00Z" for e in content.curriculum.modules})
    w = write_certificate(rec, content, tmp_path, note="Spring cohort")
    assert w.html.is_file()
    if pdf.missing():
        required(pdf.missing())
        assert w.pdf is None and "PDF skipped" in w.message
    else:
        assert w.pdf.read_bytes().startswith(b"%PDF")
        if not shutil.which("pdfinfo"):
            required("pdfinfo (poppler-utils) is not installed")
        else:
            info = subprocess.run(["pdfinfo", str(w.pdf)], capture_output=True, text=True).stdout
            assert re.search(r"Pages:\s+1\b", info), info
        shoot(w.pdf, "certificate")
    monkeypatch.setenv("SECONDLINE_CHROMIUM", str(tmp_path / "no-chromium"))
    w = write_certificate(rec, content, tmp_path / "b")
    assert w.pdf is None and "PDF skipped: there is no Chromium" in w.message and w.html.is_file()


def test_certificate_command(content, tmp_path, capsys):
    """Does `secondline report certificate FILE` write it, and name the file and problem when it cannot?"""
    path = tmp_path / "ana.json"
    data = fake_export(content, __import__("random").Random(1), "Ana <b>")
    data["modules_completed"] = [{"module": "00-start-here", "time": "2025-03-01T10:00:00Z"}]
    path.write_text(json.dumps(data))
    assert main(["report", "certificate", str(path), "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "certificate-ana.html").is_file()
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "secondline-progress", "version": 1, "attempts": "none"}')
    assert main(["report", "certificate", str(bad), "--out", str(tmp_path / "out")]) == 1
    assert "bad.json: attempts: Input should be a valid list" in capsys.readouterr().err


# --------------------------------------------------------------------------- cohort report

@pytest.mark.parametrize("n", [0, 1, 100])
def test_cohort_report(content, tmp_path, n, capsys):
    """For 0, 1 and 100 learners plus a malformed file: is every readable file reported, the bad one named, each name
    escaped, the plots inline, and the PDF printed?"""
    folder = tmp_path / "in"
    paths = write_cohort(content, folder, n, seed=n + 2)  # seed 3: the one learner takes both tests, gain defined
    bad = folder / "zz-broken <learner>.json"
    bad.write_text('{"format": "secondline-progress", "version": 1, "attempts": [{"kind": "quiz", "id": "q1", '
                   '"choice": "two", "verdict": "best", "time": "2025-03-01T10:00:00Z"}]}')
    out = tmp_path / "out"
    start = time.perf_counter()
    code = main(["report", "cohort", str(folder), "--out", str(out), "--title", "Spring <cohort> & co"])
    took = time.perf_counter() - start
    err = capsys.readouterr().err
    assert code == 0
    assert "zz-broken <learner>.json: attempts[0].choice: Input should be a valid integer" in err
    html = (out / "cohort-report.html").read_text(encoding="utf-8")
    no_external_loads(html)
    assert "Spring &lt;cohort&gt; &amp; co" in html and "zz-broken &lt;learner&gt;.json" in html
    assert f"<strong>{n}</strong>learners" in html
    images = sorted(p.name for p in out.glob("*.p*g")) + sorted(p.name for p in out.glob("*.svg"))
    if n == 0:
        assert "No learner records were read" in html and "data:image" not in html and not images
    else:
        items = n >= 10  # the item analysis plots items with at least 10 first answers
        assert html.count('<img src="data:image/svg+xml;base64,') == 2 + items
        assert images == [*["item-analysis.png"] * items, "normalized-gains.png", "pre-post-by-objective.png",
                          *["item-analysis.svg"] * items, "normalized-gains.svg", "pre-post-by-objective.svg"]
        assert "<h2>Item analysis</h2>" in html and (out / "item-analysis.csv").is_file()
        assert html.count('<td class="file">') == len(paths)
    if n == 100:
        escaped_everywhere(html)
        assert "מרים כהן · مريم الحسن" in html and "x" * 80 + "…" in html and "x" * 81 not in html
    pdf_path = out / "cohort-report.pdf"
    if pdf.missing():
        required(pdf.missing())
    else:
        assert pdf_path.read_bytes().startswith(b"%PDF")
        shoot(pdf_path, f"report-{n}", pages=3)
    print(f"\ncohort report, {n} learners + 1 malformed file: {took:.2f} s (HTML, plots and PDF)")


def test_cohort_numbers(content, tmp_path):
    """Are the per-objective percentages and gains computed from each learner's first pre- and post-test?"""
    a = {"format": "secondline-progress", "version": 1, "attempts": [], "learner": {"display_name": "A"},
         "tests": [{"form": "pre", "percent": 50, "per_objective": {"lines-o1": [0, 1], "lines-o2": [1, 1]},
                    "time": "2025-03-01T10:00:00Z"},
                   {"form": "post", "percent": 100, "per_objective": {"lines-o1": [1, 1], "lines-o2": [1, 1]},
                    "time": "2025-04-01T10:00:00Z"},
                   {"form": "post", "percent": 0, "per_objective": {"lines-o1": [0, 1], "lines-o2": [0, 1]},
                    "time": "2025-05-01T10:00:00Z"}]}
    b = {"format": "secondline-progress", "version": 1, "attempts": [], "learner": {"display_name": "B"},
         "tests": [{"form": "pre", "percent": 0, "per_objective": {"lines-o1": [0, 1], "lines-o2": [0, 1]},
                    "time": "2025-03-01T10:00:00Z"},
                   {"form": "post", "percent": 50, "per_objective": {"lines-o1": [1, 1], "lines-o2": [0, 1]},
                    "time": "2025-04-01T10:00:00Z"}]}
    for name, data in (("a.json", a), ("b.json", b)):
        (tmp_path / name).write_text(json.dumps(data))
    records, problems = read_records([tmp_path])
    assert not problems and [r.display_name for _, r in records] == ["A", "B"]
    c = cohort(records, content)
    assert [(r.pre, r.post, r.gain) for r in c.learners] == [(50, 100, 1.0), (0, 50, 0.5)]
    assert c.class_gain() == round((75 - 25) / (100 - 25), 3)
    o1 = next(s for s in c.objectives if s.objective == "lines-o1")
    assert (o1.pre, o1.post) == ([0, 2], [2, 2])
    html = report_html(c, [], [], content)
    assert "+0.67" in html and "<strong>2</strong>took pre- and post-test" in html


def test_a_missing_file_is_named_too(content, tmp_path):
    """Is a file that does not exist named, while the others are still read?"""
    good = tmp_path / "good.json"
    good.write_text(json.dumps(parse_record(json.dumps(
        {"format": "secondline-progress", "version": 1, "attempts": []})).to_json()))
    w = write_report([good, tmp_path / "missing.json"], tmp_path / "out", content)
    assert w.learners == 1 and [p.name for p, _ in w.problems] == ["missing.json"]
    assert "cannot be read" in w.problems[0][1]


def test_report_uses_the_content_it_is_given(content, tmp_path, capsys):
    """Is the content given by --content used: a folder with no content gives one clear error naming the missing
    curriculum.yml, exit 1, and writes no report?"""
    good = tmp_path / "a.json"
    good.write_text(json.dumps(fake_export(content, __import__("random").Random(2), "Ana")))
    code = main(["report", "cohort", str(good), "--out", str(tmp_path / "o"), "--content", str(tmp_path / "nothing")])
    err = capsys.readouterr().err
    assert code == 1
    assert [re.sub(r"^error: \S*nothing/", "", line) for line in err.splitlines()] == [
        "curriculum.yml: file is missing", "sources.yml: file is missing", "glossary.yml: file is missing"], err
    assert not (tmp_path / "o").exists()


def test_cohort_report_names_objectives_in_words(content, tmp_path):
    """Do the cohort report's objective table, its chart (alt text and labels), its item analysis and its PDF name
    each objective in words, with its module, and never by an id such as lines-o1?"""
    from secondline.record.plots import objective_label

    write_cohort(content, tmp_path / "in", 30, seed=11)
    out = tmp_path / "out"
    assert main(["report", "cohort", str(tmp_path / "in"), "--out", str(out)]) == 0
    html = (out / "cohort-report.html").read_text(encoding="utf-8")
    objectives = {o.id: (slug, o.text) for slug, mc in content.modules.items() for o in mc.module.objectives}
    ids = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, objectives)) + r")(?![\w-])")
    table = html.split("<h2>Pre-test and post-test by objective</h2>", 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<tr><td class="mod">(Module \d+)</td><td>(.*?)</td>', table)
    assert rows, "the report has no objective rows"
    by_text = {unescape(text): slug for slug, text in objectives.values()}
    for module, text in rows:
        assert unescape(text) in by_text and module == f"Module {int(by_text[unescape(text)][:2])}", (module, text)
    alt = unescape(re.search(r'<img src="data:image/svg\+xml;base64,[^"]*" alt="(Bar chart of [^"]*)"', html)[1])
    assert all(" ".join(unescape(t).split())[:40] in alt for _, t in rows)
    assert not ids.findall(html), f"objective ids in the report: {sorted(set(ids.findall(html)))}"
    c = cohort(read_records([tmp_path / "in"])[0], content)
    labels = [objective_label(s) for s in c.objectives]
    assert all(lb.startswith("Module ") and len(lb.splitlines()) <= 2 and not ids.search(lb) for lb in labels)
    if pdf.missing():
        required(pdf.missing())
    elif shutil.which("pdftotext") is None:
        required("pdftotext (poppler-utils) is not installed")
    else:
        text = subprocess.run(["pdftotext", str(out / "cohort-report.pdf"), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "Module 1" in text and not ids.findall(text), sorted(set(ids.findall(text)))
