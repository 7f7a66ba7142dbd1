"""Every learner edition in Spanish, single-sourced from the English notebooks (issue 19): the machinery.

Built from a project whose Spanish catalog is complete by pseudo-translation (conftest.pseudo_root: "ES " before
each missing string, one of module 05's left empty), so these tests hold while the real catalog is being translated;
tests/test_i18n.py checks the real build (which needs the complete catalog). Three modules are built: 00 and 04 in
both languages, 05 in English only (its Spanish is incomplete), so the language switch's fallback is exercised.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import nbformat
import pytest

from conftest import PSEUDO_LEFT_OUT, PSEUDO_MODULES
from secondline.content.load import load
from secondline.editions.common import BuildError
from secondline.editions.languages import learner_languages, translate_notebook

ROOT = Path(__file__).resolve().parents[1]
LANG = "es"
BOTH = [s for s in PSEUDO_MODULES if s != PSEUDO_LEFT_OUT]
SWITCH = re.compile(r'<p class="site-lang"><a href="([^"]+)" lang="(\w+)" hreflang="\2">([^<]+)</a></p>')


@pytest.fixture(scope="module")
def pseudo_content(pseudo_root):
    return load(pseudo_root / "content")


@pytest.fixture(scope="module")
def es_build(pseudo_content, tmp_path_factory):
    from secondline.editions.build import build

    return build(["site", "slides", "scorm"], out=tmp_path_factory.mktemp("es-build") / "_build",
                 modules=PSEUDO_MODULES, content=pseudo_content)


@pytest.fixture(scope="module")
def es_out(es_build) -> Path:
    return es_build.out


def es_build_language(content):
    (language,), _ = learner_languages(content, BOTH)
    return language


# The site's own words, as the English shell shows them (a module's prose may name them, as module 00 does).
SHELL_WORDS = ('class="site-skip" href="#main">Skip to main content', 'aria-label="Contents"',
               'id="site-answers-title">My answers', ">Course home</a>", '"site-toc-title">Look up<')


def local_links(html: str) -> list[str]:
    return [u for u in re.findall(r'(?:href|src)="([^"]+)"', html)
            if not u.startswith(("http://", "https://", "#", "mailto:", "data:", "blob:", "javascript:"))]


# ----------------------------------------------------------------------------- the Spanish notebook


def test_a_notebook_is_translated_block_by_block(pseudo_content, pseudo_root):
    """Is a Spanish notebook the English one with each learner markdown block translated, facilitator cells left
    out, `module(slug)` opened with lang="es", its language in the metadata, and cell ids and tags kept?"""
    slug = "04-preparing-for-the-visit"
    english = json.loads((ROOT / "notebooks" / f"{slug}.ipynb").read_text(encoding="utf-8"))
    (language,), _ = learner_languages(pseudo_content, [slug])
    nb = language.notebook(pseudo_root, slug)
    facilitator = [c for c in english["cells"] if "facilitator" in c["metadata"].get("tags", [])]
    assert facilitator and nb["metadata"]["secondline"]["lang"] == LANG
    assert [c["id"] for c in nb["cells"]] == [c["id"] for c in english["cells"] if c not in facilitator]
    by_id = {c["id"]: c for c in english["cells"]}
    for cell in nb["cells"]:
        before = by_id[cell["id"]]
        assert cell["metadata"].get("tags") == before["metadata"].get("tags")
        if cell["cell_type"] == "markdown":
            text = "".join(before["source"])
            assert cell["source"] != text and cell["source"].count("\n\n") >= text.strip().count("\n\n") - text.count("```")
    opening = [c["source"] for c in nb["cells"] if c["cell_type"] == "code" and "module(" in c["source"]]
    assert opening == [f'from secondline import module\nm = module("{slug}", lang="es")\nm.header()']
    nbformat.validate(nbformat.from_dict(nb))


def test_a_notebook_without_its_module_call_fails_loudly():
    """Does a notebook whose code never opens its module with `module("<slug>")` stop the build, naming it?"""
    nb = {"cells": [{"cell_type": "code", "id": "a", "metadata": {}, "source": 'm = module("other")', "outputs": [],
                     "execution_count": None}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    with pytest.raises(BuildError, match=r'notebooks/01-x\.ipynb: 0 code cells open the module as `m = module\("01-x"\)`'):
        translate_notebook(nb, "01-x", LANG, lambda c, e: e)


def test_an_untranslated_block_stops_the_notebook(pseudo_content, pseudo_root):
    """Is a Spanish notebook strict: a block without a current translation is a KeyError naming the catalog entry,
    never English text in a Spanish notebook?"""
    (language,), _ = learner_languages(pseudo_content, [PSEUDO_LEFT_OUT])
    assert language.slugs == []
    with pytest.raises(KeyError, match=rf"messages\.po has no current translation for 'notebook:{PSEUDO_LEFT_OUT}:"):
        language.notebook(pseudo_root, PSEUDO_LEFT_OUT)


def test_only_complete_modules_in_scope_are_built(pseudo_content, content, tmp_path):
    """Are only the modules in scope and completely translated built in Spanish, each other module left out with one
    line naming the catalog entry; and is the whole language left out, in one line, when a shared string is missing?"""
    languages, left_out = learner_languages(pseudo_content, list(PSEUDO_MODULES))
    assert [x.lang for x in languages] == [LANG] and languages[0].slugs == BOTH
    assert len(left_out) == 1 and left_out[0].startswith(f"module {PSEUDO_LEFT_OUT} is left out of the 'es' editions: 1 ")
    assert f"msgctxt 'notebook:{PSEUDO_LEFT_OUT}:" in left_out[0]
    import shutil

    shutil.copytree(pseudo_content.root, tmp_path / "content")
    (tmp_path / "notebooks").symlink_to(ROOT / "notebooks")  # the notebooks' prose is in each module's scope
    scope = tmp_path / "content" / "i18n" / "scope.yml"
    scope.write_text(scope.read_text().replace("      - kind: module:04-preparing-for-the-visit\n", ""))
    po = tmp_path / "content" / "i18n" / LANG / "messages.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Saltar al contenido principal"', 'msgstr ""'),
                  encoding="utf-8")
    fewer = load(tmp_path / "content")
    languages, left_out = learner_languages(fewer, list(PSEUDO_MODULES))
    assert languages == [] and len(left_out) == 1
    assert "the 'es' editions are left out: 1 shared string(s)" in left_out[0] and "Skip to main content" in left_out[0]
    po.write_text(po.read_text(encoding="utf-8").replace('msgid "Skip to main content"\nmsgstr ""',
                                                         'msgid "Skip to main content"\nmsgstr "Saltar"'), encoding="utf-8")
    languages, left_out = learner_languages(load(tmp_path / "content"), list(PSEUDO_MODULES))
    assert languages[0].slugs == ["00-start-here"]
    assert any("module 04-preparing-for-the-visit is left out" in x and "does not list" in x for x in left_out)


def test_build_notebooks_command(pseudo_root, tmp_path, monkeypatch, capsys):
    """Does `secondline build notebooks --lang es` write _build/es/notebooks/ with each complete module, and say
    which module it left out?"""
    from secondline.cli import main

    monkeypatch.setenv("SECONDLINE_CONTENT", str(pseudo_root / "content"))
    assert main(["build", "notebooks", "--lang", LANG, "--out", str(tmp_path), "--modules", *PSEUDO_MODULES]) == 0
    written = sorted(p.name for p in (tmp_path / LANG / "notebooks").glob("*.ipynb"))
    assert written == [f"{s}.ipynb" for s in BOTH]
    err = capsys.readouterr().err
    assert f"note: module {PSEUDO_LEFT_OUT} is left out of the 'es' editions" in err


# ----------------------------------------------------------------------------- the build


def test_spanish_notebooks_are_executed_and_cached_apart(es_build, es_out, pseudo_content):
    """Are the Spanish notebooks executed into executed/es/ under keys of their own, the English ones kept in
    executed/, and a second build reuses both?"""
    assert es_build.errors == [line for line in es_build.errors if f"module {PSEUDO_LEFT_OUT} is left out" in line]
    assert len(es_build.errors) == 1
    runs = es_build.translated[LANG]
    assert [r.slug for r in runs] == BOTH and all(r.path.parent == es_out / "executed" / LANG for r in runs)
    english = {r.slug: r.path.name for r in es_build.executions}
    assert all(english[r.slug] != r.path.name for r in runs)
    assert (es_out / LANG / "notebooks" / f"{BOTH[0]}.ipynb").is_file()
    from secondline.editions.build import build

    again = build(["site"], out=es_out, modules=PSEUDO_MODULES, content=pseudo_content)
    assert all(r.cached for r in again.executions) and all(r.cached for r in again.translated[LANG])
    executed = nbformat.read(runs[0].path, as_version=4)
    header = next(c for c in executed.cells if c.cell_type == "code" and "module(" in c.source)
    html = header.outputs[-1]["data"]["text/html"]
    from html import escape

    summary = es_build_language(pseudo_content).content.module(BOTH[0]).module.summary
    assert escape(summary, quote=False) in html and "sl-broken" not in html  # the kernel opened it in Spanish


def test_spanish_site_pages(es_out, pseudo_content):
    """Does site/es/ hold the Spanish course (home, each complete module, glossary, references, handouts), each page
    with lang="es", the translation status, the site's words in Spanish and a switch to its English page?"""
    site = out_site = es_out / "site"
    spanish = sorted((site / LANG).glob("*.html"))
    assert [p.name for p in spanish] == sorted(["index.html", "glossary.html", "references.html",
                                                *[f"{s}.html" for s in BOTH]])
    for page in spanish:
        html = page.read_text(encoding="utf-8")
        assert html.count('<html lang="es">') == 1, page
        assert '<p class="translation-status" role="note">Esta página es una traducción' in html, page
        (href, lang, text), = SWITCH.findall(html)
        assert (lang, text) == ("en", "English") and (page.parent / href).resolve() == (out_site / page.name).resolve()
        for english in SHELL_WORDS:
            assert english not in html, (page.name, english)
        assert "Saltar al contenido principal" in html and "Mis respuestas" in html
    home = (site / LANG / "index.html").read_text(encoding="utf-8")
    assert pseudo_content.curriculum.title.split(":")[0] in home and "Inicio del curso" in home
    module = (site / LANG / "04-preparing-for-the-visit.html").read_text(encoding="utf-8")
    assert "<title>Módulo 4: " in module and 'data-sl-kind="question-list"' in module
    assert 'href="handouts/index.html">Hojas para pacientes y familias' in module
    handouts = sorted(p.relative_to(site / LANG).as_posix() for p in (site / LANG / "handouts").rglob("*.html"))
    assert "handouts/index.html" in handouts and "handouts/question-builder.html" in handouts


def test_switch_on_every_page_both_ways(es_out):
    """Does every page of both sites link to its counterpart in the other language, or to the other's home when it
    has none (module 05 is English only), and does every local link of every page resolve to a file?"""
    site = es_out / "site"
    english = sorted(site.glob("*.html"))
    assert len(english) == len(PSEUDO_MODULES) + 3
    for page in english:
        (href, lang, text), = SWITCH.findall(page.read_text(encoding="utf-8"))
        target = (site / LANG / page.name) if (site / LANG / page.name).is_file() else site / LANG / "index.html"
        assert (lang, text) == ("es", "Español") and (page.parent / href).resolve() == target.resolve(), page.name
    assert SWITCH.findall((site / f"{PSEUDO_LEFT_OUT}.html").read_text())[0][0] == "es/index.html"
    unbuilt = re.compile(r"^(?:\.\./)?(\d\d-[a-z0-9-]+)\.html")  # prose links to modules not in this partial build
    for page in [*english, *sorted((site / LANG).rglob("*.html"))]:
        for url in local_links(page.read_text(encoding="utf-8")):
            m = unbuilt.match(url)
            if m and m.group(1) not in PSEUDO_MODULES:
                continue
            assert not url.startswith("/") and (page.parent / url.split("#")[0]).is_file(), (page, url)


def test_english_site_is_unchanged_but_for_its_switch(es_out, pseudo_content, tmp_path):
    """Is each English page the same as the English site built with no Spanish, apart from its language switch?"""
    from secondline.editions.site import build_site

    executed = {p.name.split(".")[0]: p for p in sorted((es_out / "executed").glob("*.ipynb"))}
    build_site(pseudo_content, executed, tmp_path / "site")
    for page in sorted((es_out / "site").glob("*.html")):
        with_switch = SWITCH.sub("", page.read_text(encoding="utf-8"))
        assert with_switch == (tmp_path / "site" / page.name).read_text(encoding="utf-8"), page.name
        assert '<html lang="en">' in with_switch and 'class="translation-status"' not in with_switch


def test_spanish_slides(es_out):
    """Are the Spanish decks in slides/es/ with lang="es", their polls and index in Spanish, the index saying it is
    an unreviewed translation?"""
    slides = es_out / "slides" / LANG
    assert sorted(p.name for p in slides.glob("*.html")) == sorted(["index.html", *[f"{s}.html" for s in BOTH]])
    deck = (slides / "04-preparing-for-the-visit.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in deck and 'sl-poll-label">Encuesta<' in deck and "Mejor respuesta: " in deck
    assert ">Poll<" not in deck and "<aside class=\"notes\">" not in deck  # no facilitator notes in Spanish
    index = (slides / "index.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in index and "Diapositivas para facilitadores" in index and "traducción" in index
    for url in local_links(deck):
        assert (slides / url.split("#")[0]).exists(), url


def test_spanish_scorm_package(es_out, pseudo_content):
    """Is there a Spanish SCORM 1.2 package beside the English one, passing the same checks, its organization and
    SCOs titled in Spanish and its pages in Spanish?"""
    from secondline.editions.scorm import check_package, xsd_folder

    zips = sorted(p.name for p in (es_out / "scorm").glob("*.zip"))
    assert zips == ["second-line-scorm12-es.zip", "second-line-scorm12.zip"]
    package = es_out / "scorm" / "second-line-scorm12-es.zip"
    assert check_package(package, xsd_folder(pseudo_content.root.parent)) == []
    with zipfile.ZipFile(package) as z:
        manifest = z.read("imsmanifest.xml").decode()
        page = z.read("04-preparing-for-the-visit.html").decode()
        names = set(z.namelist())
    assert "<title>Módulo 0: " in manifest and "<title>Módulo 4: " in manifest
    assert '<html lang="es">' in page and "assets/scorm-runtime.js" in page and "translation-status" in page
    assert f"{PSEUDO_LEFT_OUT}.html" not in names and not SWITCH.search(page)  # a package links outside it never


def test_spanish_notebooks_pass_nbval(es_build, pseudo_root, tmp_path):
    """Run by nbval against their executed outputs (the build's cache), do the Spanish notebooks give the same
    outputs again, cell by cell?"""
    import os
    import subprocess
    import sys

    from test_notebook_outputs import SANITIZE

    folder = tmp_path / "notebooks"
    folder.mkdir()
    cells = 0
    for run in es_build.translated[LANG]:
        nb = nbformat.read(run.path, as_version=4)
        nbformat.write(nb, folder / f"{run.slug}.ipynb")
        cells += sum(c.cell_type == "code" for c in nb.cells)
    (tmp_path / "sanitize.cfg").write_text(SANITIZE)
    env = dict(os.environ, SECONDLINE_PROGRESS_DB="off", SECONDLINE_CONTENT=str(pseudo_root / "content"))
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
                           "--nbval-current-env", "--nbval-sanitize-with", str(tmp_path / "sanitize.cfg"),
                           "--rootdir", str(tmp_path), "-c", os.devnull, str(folder)],
                          cwd=ROOT / "notebooks", env=env, capture_output=True, text=True, timeout=900)
    assert re.search(rf"\b{cells} passed\b", done.stdout) and "failed" not in done.stdout, done.stdout[-3000:]


# ----------------------------------------------------------------------------- in Chromium


def test_spanish_site_in_a_browser(es_out):
    """From file:// in Chromium: does every Spanish page (and its handouts' index and builder) say lang="es" and show
    the translation status, pass axe's WCAG 2.2 AA checks at 1280 px and 390 px (contents opened), and do the
    switches lead from an English page to its Spanish one and back, with nothing loaded from outside the build?"""
    from browser import require_chromium

    require_chromium()
    from test_browser_editions import SHOTS, axe_violations, offline_page

    site = es_out / "site"
    slug = "04-preparing-for-the-visit"
    found: dict[str, list[str]] = {}
    SHOTS.mkdir(parents=True, exist_ok=True)
    with offline_page(es_out, (1280, 800)) as page:
        page.goto((site / f"{slug}.html").as_uri())
        link = page.get_by_role("link", name="Español")
        assert link.get_attribute("lang") == "es"
        page.screenshot(path=str(SHOTS / "es-switch-on-english-page.png"))
        link.click()
        page.wait_for_url(f"**/site/es/{slug}.html")
        assert page.evaluate("document.documentElement.lang") == "es"
        assert page.get_by_role("note").first.inner_text().startswith("Esta página es una traducción")
        page.screenshot(path=str(SHOTS / "es-module-1280.png"))
        page.get_by_role("link", name="English").click()
        page.wait_for_url(f"**/site/{slug}.html")
        pages = [*sorted((site / LANG).glob("*.html")), site / LANG / "handouts" / "index.html",
                 site / LANG / "handouts" / "question-builder.html"]
        for path in pages:
            page.goto(path.as_uri())
            assert page.evaluate("document.documentElement.lang") == "es", path.name
            found[path.relative_to(site).as_posix()] = axe_violations(page)
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto((site / LANG / f"{slug}.html").as_uri())
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the Spanish page is {width} px wide at 390 px"
        page.screenshot(path=str(SHOTS / "es-module-390.png"))
        page.locator(".site-toc-summary").click()
        page.locator(".site-outline").first.wait_for()
        assert page.locator(".site-toc-summary").inner_text() == "Contenido y secciones de esta página"
        found["es narrow, contents open"] = axe_violations(page)
    assert not any(found.values()), {k: v for k, v in found.items() if v}


def test_spanish_answers_footer_speaks_spanish(es_out):
    """After answering a quiz on a Spanish page, does the "My answers" footer count it in Spanish?"""
    from browser import require_chromium

    require_chromium()
    from test_browser_editions import offline_page

    with offline_page(es_out, (1280, 800)) as page:
        page.goto((es_out / "site" / LANG / "04-preparing-for-the-visit.html").as_uri())
        quiz = page.locator('[data-sl-kind="quiz"]').first
        quiz.locator("input[type=radio]").first.check()
        quiz.locator("button").first.click()
        page.wait_for_function("() => document.querySelector('.site-answers-count').textContent.includes('1')")
        assert page.locator(".site-answers-count").inner_text() == "Hay 1 respuesta guardada en este navegador."


def test_spanish_slides_fit_and_pass_axe(es_out):
    """At 1280x720, does every Spanish slide fit the screen or scroll clear of the controls (the English decks'
    check), and do the decks' opening slides and index pass axe?"""
    from browser import require_chromium

    require_chromium()
    from test_browser_editions import SHOTS, axe_violations, offline_page, present_poll, reveal_first_poll
    from test_browser_slides_fit import HEIGHT, MEASURE, WIDTH

    found: dict[str, list[str]] = {}
    problems = []
    with offline_page(es_out, (WIDTH, HEIGHT)) as page:
        for slug in BOTH:
            page.goto((es_out / "slides" / LANG / f"{slug}.html").as_uri())
            page.wait_for_selector(".reveal.ready")
            assert page.evaluate("document.documentElement.lang") == "es"
            found[slug] = axe_violations(page)
            slides = page.evaluate(MEASURE)
            assert len(slides) > 5
            for s in slides:
                left, top, right, bottom = s["box"]
                taller = s["scrollHeight"] > s["clientHeight"] + 1
                if left < 0 or top < 0 or right > WIDTH or bottom > HEIGHT or s["overlaps"]:
                    problems.append(f"{slug} slide {s['n']}: box {s['box']}, covered by {s['overlaps']}")
                if taller and (s["overflowY"] not in ("auto", "scroll") or s["list"]):
                    problems.append(f"{slug} slide {s['n']} ({s['title']!r}): taller than the slide")
        page.goto((es_out / "slides" / LANG / "04-preparing-for-the-visit.html").as_uri())
        page.wait_for_selector(".reveal.ready")
        reveal_first_poll(page, 30)
        assert "Mejor respuesta" in present_poll(page).inner_text()
        page.screenshot(path=str(SHOTS / "es-slide-poll.png"))
        page.goto((es_out / "slides" / LANG / "index.html").as_uri())
        found["index"] = axe_violations(page)
    assert not problems, "\n".join(problems)
    assert not any(found.values()), {k: v for k, v in found.items() if v}
