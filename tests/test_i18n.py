"""The Spanish edition (issue 19): every string in scope translated and current, the term base held, patient text
at "bastante fácil" or easier, honest translation status, and the Spanish handouts built."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import pytest
import textstat

from secondline.content.errors import ContentError
from secondline.content.i18n import (
    Message,
    load_catalog,
    load_reviews,
    load_terms,
    problems,
    scope_messages,
    term_problems,
    translation,
    write_catalog,
)
from secondline.editions.i18n import STATUS, Edition, messages

LANG = "es"
# Fernández-Huerta 70 and up reads "bastante fácil" (fairly easy) or easier.
FAIRLY_EASY = 70


@pytest.fixture(scope="module")
def msgs(content):
    return messages(content, LANG)


@pytest.fixture(scope="module")
def catalog(content):
    return load_catalog(content.root, LANG)


def test_every_string_in_scope_is_translated_and_current(msgs, catalog):
    """Does every string of the Spanish scope have a translation that is neither empty, fuzzy nor out of date?"""
    kinds = {m.context.split(":")[0] for m in msgs}
    assert {"question-bank", "glossary", "curriculum", "module", "ui"} <= kinds, kinds
    assert problems(msgs, catalog, LANG) == []


def test_changed_english_is_caught(msgs, catalog):
    """Does a string whose English changed, or whose translation is fuzzy or empty, count as not translated?"""
    m = next(x for x in msgs if x.context == "question-bank:qb-compare-1")
    changed = Message(m.context, m.english.replace("help me", "help"), m.document)
    found = problems([changed], catalog, LANG)
    assert len(found) == 1 and "out of date with its English source" in found[0] and m.context in found[0]
    cat = copy.deepcopy(catalog)
    cat.get(m.english, context=m.context).flags.add("fuzzy")
    assert "fuzzy" in problems([m], cat, LANG)[0]
    cat.get(m.english, context=m.context).flags.discard("fuzzy")
    cat.get(m.english, context=m.context).string = ""
    assert "not yet translated" in problems([m], cat, LANG)[0]


def test_update_keeps_the_old_translation_as_fuzzy(content, msgs, tmp_path):
    """Does `secondline i18n update` mark a changed string fuzzy, keeping its previous English for the translator?"""
    target = tmp_path / "i18n" / LANG / "messages.po"
    target.parent.mkdir(parents=True)
    shutil.copy(Path(content.root) / "i18n" / LANG / "messages.po", target)
    m = next(x for x in msgs if x.context == "question-bank:qb-compare-1")
    changed = [Message(x.context, x.english.replace("help me", "help"), x.document) if x == m else x for x in msgs]
    counts = write_catalog(tmp_path, LANG, changed)
    assert counts["missing or out of date"] == 1
    entry = load_catalog(tmp_path, LANG).get(changed[msgs.index(m)].english, context=m.context)
    assert entry.fuzzy and entry.string  # the old translation kept, for the translator to revise
    text = target.read_text(encoding="utf-8")  # with the previous English beside it (Babel's read_po drops it)
    assert f'#, fuzzy\n#| msgid "{m.english}"\nmsgctxt "{m.context}"' in text


def test_update_round_trips_previous_english_without_junk(content, msgs, tmp_path):
    """Babel reads a fuzzy entry's `#| msgid` lines as translator comments and would write them back as wrapped
    `# | msgid` junk. Does update keep the previous English as real `#|` lines, long ones included, through a second
    update unchanged, and drop them once the translator has revised the entry and removed its fuzzy flag?"""
    target = tmp_path / "i18n" / LANG / "messages.po"
    target.parent.mkdir(parents=True)
    shutil.copy(Path(content.root) / "i18n" / LANG / "messages.po", target)
    short, long = "question-bank:qb-compare-1", "question-bank:reminder"
    old = {m.context: m.english for m in msgs if m.context in (short, long)}
    assert len(old[long]) > 200  # long enough that its previous msgid spans several quoted lines
    changed = [Message(m.context, m.english.replace("help me", "help").replace("Bring someone", "Bring a person"),
                       m.document) if m.context in old else m for m in msgs]
    new = {m.context: m.english for m in changed if m.context in old}
    assert write_catalog(tmp_path, LANG, changed)["missing or out of date"] == 2
    first = target.read_text(encoding="utf-8")
    assert "#| msgid \"\"\n#| \"Bring someone you trust" in first and "# |" not in first
    cat = load_catalog(tmp_path, LANG)
    for ctx in old:
        entry = cat.get(new[ctx], context=ctx)
        assert entry.fuzzy and entry.previous_id == [old[ctx]] and not entry.user_comments, ctx
    write_catalog(tmp_path, LANG, changed)  # nothing changed: the file is the same, junk-free
    assert target.read_text(encoding="utf-8") == first
    # The translator revises the short one and removes its fuzzy flag by hand, leaving its `#|` line behind.
    head = f'#, fuzzy\n#| msgid "{old[short]}"\nmsgctxt "{short}"\nmsgid "{new[short]}"\nmsgstr "'
    assert head in first
    revised = "¿Qué tan probable es que este tratamiento ayude, comparado con el anterior?"
    edited = re.sub(re.escape(head) + r'[^"]*"', lambda _: head.replace("#, fuzzy\n", "") + revised + '"', first)
    target.write_text(edited, encoding="utf-8")
    assert write_catalog(tmp_path, LANG, changed)["missing or out of date"] == 1  # only the long one is left
    text = target.read_text(encoding="utf-8")
    assert "# |" not in text and f'#| msgid "{old[short]}"' not in text and text.count("\n#| msgid ") == 1
    entry = load_catalog(tmp_path, LANG).get(new[short], context=short)
    assert entry.string == revised and not entry.fuzzy and not entry.previous_id and not entry.user_comments


def test_scope_is_data(content, tmp_path):
    """Does a scope entry of an unknown kind give an error naming the file and the entry?"""
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n" / "scope.yml").write_text(
        "languages:\n  es:\n    name: Español\n    scope:\n      - kind: glossary\n      - kind: quizz\n", encoding="utf-8")
    fake = copy.copy(content)
    fake.root = tmp_path
    with pytest.raises(ContentError, match=r"scope\.yml.*scope\[2\], field kind: unknown kind 'quizz'"):
        scope_messages(fake, LANG)


def test_translations_use_the_term_base(content, msgs, catalog):
    """Where the English uses a term of the term base, does the Spanish use its Spanish term?"""
    terms = load_terms(content.root, LANG)
    assert len(terms) >= 15
    assert term_problems(msgs, catalog, terms, LANG) == []


def test_the_term_check_can_fail(content, msgs, catalog):
    """Does a translation that uses another word for a term (ensayo médico for clinical trial) fail?"""
    m = next(x for x in msgs if x.context == "question-bank:group:trials")
    cat = copy.deepcopy(catalog)
    entry = cat.get(m.english, context=m.context)
    entry.string = re.sub("ensayos clínicos", "estudios médicos", entry.string, flags=re.I)
    found = term_problems([m], cat, load_terms(content.root, LANG), LANG)
    assert found and "ensayo clínico" in found[0]


def test_term_base_names_its_sources(content):
    """Does every term-base entry say where its Spanish term was checked, or that it was not yet checked?"""
    for t in load_terms(content.root, LANG):
        assert t.source == "not yet checked" or re.search(r"https?://\S+.*opened \d{4}-\d{2}-\d{2}", t.source), t


def documents(msgs, catalog) -> dict[str, str]:
    docs: dict[str, list[str]] = {}
    for m in msgs:
        text = translation(catalog, m)
        patient = m.document in ("question-list", "glossary") or m.document.startswith("summary:")
        if text is not None and patient:  # page furniture and the learner's certificate are not measured
            docs.setdefault(m.document, []).append(text if text.rstrip().endswith((".", "?", ":", "!")) else text + ".")
    return {d: " ".join(t) for d, t in docs.items()}


def fernandez_huerta(text: str) -> float:
    textstat.set_lang("es")
    try:
        return textstat.fernandez_huerta(text)
    finally:
        textstat.set_lang("en_US")


def test_patient_text_reads_fairly_easy(msgs, catalog, content):
    """Does each Spanish patient document (question list, glossary, each module summary) read "bastante fácil" or
    easier by Fernández-Huerta?"""
    docs = documents(msgs, catalog)
    assert {"question-list", "glossary"} | {f"summary:{s}" for s in content.modules} <= set(docs)
    scores = {d: round(fernandez_huerta(t), 1) for d, t in docs.items()}
    hard = {d: s for d, s in scores.items() if s < FAIRLY_EASY}
    assert not hard, f"below Fernández-Huerta {FAIRLY_EASY}: {hard}"


def test_the_formula_tells_hard_from_easy():
    """Does the reading-level check score plain Spanish above the line and dense Spanish below it?"""
    easy = "Lleve a alguien de confianza a su cita. Esa persona puede escuchar y tomar notas."
    dense = ("La administración concomitante de quimioterapia citotóxica e inmunoterapia prolongó significativamente "
             "la supervivencia global mediana en pacientes previamente tratados con enfermedad metastásica.")
    assert fernandez_huerta(easy) >= FAIRLY_EASY > fernandez_huerta(dense)


def test_no_translation_review_is_invented(content):
    """Is no translation review recorded, and does every Spanish handout say it is an unreviewed translation?"""
    assert load_reviews(content.root, LANG) == []
    edition = Edition(content, LANG)
    assert edition.status == edition.tr("ui:translation-status:unreviewed", STATUS["unreviewed"])
    assert "traducción" in edition.status.lower() and "no" in edition.status.lower()
    for name, html, _ in edition.documents(list(content.modules)):
        assert '<html lang="es">' in html, name
        assert edition.status in html, name


def test_a_review_is_named_once_recorded(content, tmp_path):
    """Once a review is recorded, does the status name the reviewer, and is a future-dated review refused?"""
    from secondline.content.i18n import status_line

    shutil.copytree(Path(content.root) / "i18n", tmp_path / "i18n")
    fake = copy.copy(content)
    fake.root = tmp_path
    reviews = tmp_path / "i18n" / LANG / "reviews.yml"
    reviews.write_text("- translator: Test Person\n  credentials: CHI\n  date: 2026-01-05\n  scope: [glossary]\n"
                       "  decision: approved\n", encoding="utf-8")
    edition = Edition(fake, LANG)
    assert "Test Person" in status_line(fake.root, LANG, edition.tr)
    reviews.write_text("- translator: Test Person\n  credentials: CHI\n  date: 2999-01-05\n  scope: [glossary]\n"
                       "  decision: approved\n", encoding="utf-8")
    with pytest.raises(ContentError, match="reviews.yml.*date.*future"):
        load_reviews(tmp_path, LANG)


def test_spanish_handouts_have_no_english_left(content):
    """Do the Spanish handouts carry the Spanish text, and none of the English page words?"""
    edition = Edition(content, LANG)
    summary = edition.summary_html("04-preparing-for-the-visit")
    for english in ("Key points", "By the end of this module", "About 55 minutes", "Sources for these key points"):
        assert english not in summary
    assert "Puntos clave" in summary
    qlist = edition.question_list_html()
    assert "Mis preguntas" in qlist and "My questions" not in qlist and "Answer:" not in qlist
    glossary = edition.glossary_html()
    assert "Glosario" in glossary and "words a care team uses" not in glossary


def test_english_handouts_are_unchanged(content):
    """Does the English handout still read in English, with lang="en" and no translation line?"""
    from secondline.editions.handouts import glossary_html, summary_html

    html = summary_html(content, "01-lines-of-treatment")
    assert '<html lang="en">' in html and "Key points" in html and 'class="translation-status"' not in html
    assert "About 50 minutes." in html and "Glossary" in glossary_html(content)


def test_spanish_handouts_print(content, tmp_path):
    """Does `build handouts --lang es` print each Spanish handout to PDF, a summary on one sheet?"""
    from browser import require_chromium

    require_chromium()
    from secondline.editions.i18n import build_handouts

    files = build_handouts(content, ["04-preparing-for-the-visit"], tmp_path, LANG)
    pdfs = sorted(p.name for p in files if p.suffix == ".pdf")
    assert pdfs == ["04-preparing-for-the-visit-summary.pdf", "glossary.pdf", "question-list.pdf"]
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{p}"' in index for p in pdfs) and 'href="html/glossary.html"' in index
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", (tmp_path / pdfs[0]).read_bytes()))
    assert 1 <= pages <= 2


def test_spanish_handout_pages_pass_axe(content, tmp_path):
    """Do the Spanish handouts' HTML pages (the accessible alternative to the PDFs) declare lang="es", pass axe's
    WCAG 2.2 AA checks, and load nothing from outside their folder?"""
    from browser import browser_page, require_chromium

    require_chromium()
    from test_browser_editions import axe_violations

    edition = Edition(content, LANG)
    found, urls = {}, []
    for name, html, _ in edition.documents(["04-preparing-for-the-visit"]):
        (tmp_path / f"{name}.html").write_text(html, encoding="utf-8")
    (tmp_path / "index.html").write_text(edition.index_html(["04-preparing-for-the-visit"]), encoding="utf-8")
    with browser_page((1000, 900)) as page:
        page.context.on("request", lambda r: urls.append(r.url))
        for path in sorted(tmp_path.glob("*.html")):
            page.goto(path.as_uri())
            assert page.evaluate("document.documentElement.lang") == "es", path.name
            assert page.get_by_role("note").first.inner_text().startswith("Esta página es una traducción"), path.name
            found[path.name] = axe_violations(page)
    outside = [u for u in urls if not u.startswith(tmp_path.resolve().as_uri())]
    assert len(found) == 4 and not outside, outside
    assert not any(found.values()), found


def test_certificate_in_spanish(content, tmp_path):
    """Is the certificate in Spanish with --lang es: its words, module titles, Spanish dates and hours, the review
    status, and the unreviewed-translation notice, with the name still escaped?"""
    from secondline.record.certificate import certificate_html, write_certificate
    from secondline.record.format import Record

    done = ["00-start-here", "04-preparing-for-the-visit"]
    rec = Record(display_name="<b>Ana</b> Pérez", completed={s: f"2025-03-0{i + 1}T10:00:00Z" for i, s in enumerate(done)})
    page = certificate_html(rec, content, lang=LANG, issued=__import__("datetime").date(2026, 1, 5))
    n = len(content.curriculum.modules)
    assert '<html lang="es">' in page and "Certificado de módulo" in page and "Certificado del curso" not in page
    assert f"completó 2 de los {n} módulos de" in page and "2 de marzo de 2025" in page and "5 de enero de 2026" in page
    minutes = sum(content.entry(s).minutes for s in done)
    assert f"{minutes / 60:.1f} horas ({minutes} minutos)" in page
    assert "Cómo prepararse para la cita sobre el próximo tratamiento" in page
    assert "Todavía sin revisión clínica" in page and "Todavía no la ha revisado un traductor médico calificado" in page
    assert "&lt;b&gt;Ana&lt;/b&gt; Pérez" in page
    for english in ("Module certificate", "Course certificate", "This certifies that", "Study time", "has completed", "March"):
        assert english not in page
    english = certificate_html(rec, content)
    assert '<html lang="en">' in english and "has completed 2 of the" in english and "traducción" not in english
    one = Record(display_name="Ana", completed={"04-preparing-for-the-visit": "2025-03-02T10:00:00Z"})
    assert "completó el módulo 4 de" in certificate_html(one, content, lang=LANG)
    every = Record(display_name="Ana", completed={e.slug: "2025-03-02T10:00:00Z" for e in content.curriculum.modules})
    assert "Certificado del curso" in certificate_html(every, content, lang=LANG)
    written = write_certificate(rec, content, tmp_path, lang=LANG)
    assert "Certificado de módulo" in written.html.read_text(encoding="utf-8")


def test_bad_i18n_files_name_the_file_and_field(content, tmp_path):
    """Does a term-base entry without its Spanish, or a review with an unknown decision, give an error naming the
    file, the entry and the field?"""
    (tmp_path / "i18n" / LANG).mkdir(parents=True)
    terms = tmp_path / "i18n" / LANG / "terms.yml"
    terms.write_text("- en: [clinical trial]\n  definition: Un estudio de investigación.\n  source: not yet checked\n",
                     encoding="utf-8")
    with pytest.raises(ContentError, match=r"terms\.yml.*entry 1 \(\['clinical trial'\]\), field es: Field required"):
        load_terms(tmp_path, LANG)
    (tmp_path / "i18n" / LANG / "reviews.yml").write_text(
        "- translator: A\n  credentials: B\n  date: 2026-01-01\n  scope: [glossary]\n  decision: looks fine\n",
        encoding="utf-8")
    with pytest.raises(ContentError, match=r"reviews\.yml.*review 1, field decision"):
        load_reviews(tmp_path, LANG)


def test_spanish_question_builder_in_a_browser(content, tmp_path):
    """In Chromium from file://, does the Spanish builder make a Spanish list from ticked and typed questions, warn
    in Spanish past ten, pass axe, and load nothing from outside its folder?"""
    from browser import browser_page, require_chromium

    require_chromium()
    from test_browser_editions import axe_violations

    path = tmp_path / "question-builder.html"
    path.write_text(Edition(content, LANG).builder_html(), encoding="utf-8")
    urls: list[str] = []
    with browser_page((1000, 900)) as page:
        page.context.on("request", lambda r: urls.append(r.url))
        page.goto(path.as_uri())
        assert page.evaluate("document.documentElement.lang") == "es"
        page.get_by_role("button", name="Hacer mi lista").click()
        status = page.get_by_role("status")
        assert "Escoja al menos una pregunta" in status.inner_text()
        page.get_by_label("¿Cuál es la meta de este tratamiento?", exact=False).check()
        page.get_by_label("Mis propias preguntas").fill("¿Puedo seguir trabajando?")
        page.get_by_role("button", name="Hacer mi lista").click()
        page.wait_for_function("document.querySelector('.sl-feedback').textContent.includes('2 preguntas')")
        listed = page.evaluate("fetch(document.querySelector('a.sl-download').href).then(r => r.text())")
        assert '<html lang="es">' in listed and "¿Puedo seguir trabajando?" in listed and "Respuesta:" in listed
        assert "Todavía no la ha revisado un traductor médico calificado" in listed and "Answer:" not in listed
        for box in page.locator("input[type=checkbox]").all()[:11]:
            box.check()
        page.get_by_role("button", name="Hacer mi lista").click()
        page.wait_for_function("document.querySelector('.sl-feedback').textContent.includes('Escogió más de 10')")
        violations = axe_violations(page)
    outside = [u for u in urls if not u.startswith((tmp_path.resolve().as_uri(), "blob:", "data:"))]
    assert not outside and not violations, (outside, violations)


# ----------------------------------------------------------------------------- `build all`: the Spanish pages in the site


SWITCH = re.compile(r'<p class="site-lang"><a href="([^"]+)" lang="es" hreflang="es">Español</a></p>')
BACK = re.compile(r'<a href="([^"]+)" lang="en" hreflang="en">English</a>')
MODULES = tuple(sorted(p.stem for p in (Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb")))


def local_links(html: str) -> list[str]:
    return [u for u in re.findall(r'(?:href|src)="([^"]+)"', html)
            if not u.startswith(("http://", "https://", "#", "mailto:", "data:", "blob:"))]


def test_build_all_writes_the_spanish_handouts(out, content):
    """Does `build all` print the Spanish handouts too, beside the English ones, with their index?"""
    handouts = out / LANG / "handouts"
    pdfs = {p.name for p in handouts.glob("*.pdf")}
    assert pdfs == {f"{e.slug}-summary.pdf" for e in content.curriculum.modules} | {"question-list.pdf", "glossary.pdf"}
    assert '<html lang="es">' in (handouts / "index.html").read_text(encoding="utf-8")
    assert not BACK.search((handouts / "index.html").read_text(encoding="utf-8"))  # no English site beside the handouts


def test_build_all_writes_every_edition_in_spanish(out):
    """With the catalog complete, does `build all` write every module in Spanish: its notebook, site page, deck,
    SCO in the Spanish SCORM package (which passes the package checks), and the JupyterLite app's notebooks?"""
    import zipfile

    assert sorted(p.stem for p in (out / LANG / "notebooks").glob("*.ipynb")) == list(MODULES)
    assert sorted(p.stem for p in (out / "site" / LANG).glob("[0-9]*.html")) == list(MODULES)
    assert sorted(p.stem for p in (out / "slides" / LANG).glob("[0-9]*.html")) == list(MODULES)
    from secondline.editions.scorm import check_package, xsd_folder

    package = out / "scorm" / "second-line-scorm12-es.zip"
    with zipfile.ZipFile(package) as z:
        assert {f"{s}.html" for s in MODULES} <= set(z.namelist())
    assert check_package(package, xsd_folder(Path(__file__).resolve().parents[1])) == []
    assert (out / "lite" / LANG / "files" / f"{MODULES[0]}.ipynb").is_file()  # JupyterLite's Spanish app


def test_site_links_to_the_spanish_pages_and_back(out, content):
    """Does every page of the English site link, in Spanish, to its Spanish page in site/es/ (every module has one),
    does every Spanish page say lang="es", show the translation status and link back to its English page, and do
    the patient pages in site/es/handouts/ link back to theirs, every link resolving to a file, relatively?"""
    site = out / "site"
    for page in sorted(site.glob("*.html")):
        (href,) = SWITCH.findall(page.read_text(encoding="utf-8"))
        assert (page.parent / href).resolve() == (site / LANG / page.name).resolve(), page.name
    spanish = sorted((site / LANG).glob("*.html"))
    assert [p.name for p in spanish] == [p.name for p in sorted(site.glob("*.html"))]
    builder_module = next(p.name for p in site.glob("*.html")
                          if 'data-sl-kind="question-list"' in p.read_text(encoding="utf-8"))
    backs = {}
    for page in [*spanish, *sorted((site / LANG / "handouts").rglob("*.html"))]:
        html = page.read_text(encoding="utf-8")
        assert html.count('<html lang="es">') == 1 and "traducción" in html, page
        backs[page.relative_to(site).as_posix()] = (page.parent / BACK.findall(html)[0]).resolve()
        for url in local_links(html):
            assert not url.startswith("/") and (page.parent / url.split("#")[0]).is_file(), (page, url)
    for page in spanish:
        assert backs[f"es/{page.name}"] == (site / page.name).resolve()
    handouts = list((site / LANG / "handouts").rglob("*.html"))  # summaries, glossary, question list, builder, index
    assert len(handouts) == len(content.curriculum.modules) + 4
    assert backs["es/handouts/index.html"] == (site / "index.html").resolve()
    assert backs["es/handouts/html/glossary.html"] == (site / "glossary.html").resolve()
    assert (backs["es/handouts/question-builder.html"] == backs["es/handouts/html/question-list.html"]
            == (site / builder_module).resolve())
    assert backs["es/handouts/html/01-lines-of-treatment-summary.html"] == (site / "01-lines-of-treatment.html").resolve()


def test_spanish_site_pages_in_a_browser(out):
    """From file:// in Chromium: does the English home page's switch lead to the Spanish home, which passes axe,
    its contents to the Spanish patient handouts and builder, and does "English" lead back, nothing loaded from
    outside?"""
    from test_browser_editions import axe_violations, offline_page, shot

    site = out / "site"
    with offline_page(out, viewport=(1100, 850)) as page:
        page.goto((site / "index.html").as_uri())
        link = page.get_by_role("link", name="Español")
        assert link.get_attribute("lang") == "es"
        shot(page, "site-home-language-link")
        link.click()
        page.wait_for_url("**/es/index.html")
        assert page.evaluate("document.documentElement.lang") == "es"
        assert page.get_by_role("note").first.inner_text().startswith("Esta página es una traducción")
        found = {"es/index.html": axe_violations(page)}
        shot(page, "site-es-index")
        page.get_by_role("link", name="Hojas para pacientes y familias").click()
        page.wait_for_url("**/es/handouts/index.html")
        found["es/handouts/index.html"] = axe_violations(page)
        page.get_by_role("link", name="Arme una lista de preguntas para el oncólogo").click()
        page.wait_for_url("**/es/handouts/question-builder.html")
        page.get_by_role("button", name="Hacer mi lista").wait_for()
        found["es/handouts/question-builder.html"] = axe_violations(page)
        shot(page, "site-es-question-builder", full_page=False)
        page.get_by_role("link", name="English").click()
        page.wait_for_selector('[data-sl-kind="question-list"]')
        assert page.evaluate("document.documentElement.lang") == "en"
        page.get_by_role("link", name="Español").click()
        page.wait_for_selector('[data-sl-kind="question-list"]')
        assert page.evaluate("document.documentElement.lang") == "es"
    assert not any(found.values()), found


def test_an_incomplete_catalog_leaves_the_site_in_english(content, monkeypatch):
    """When a string in scope has no current Spanish, is Spanish left out of the site and the handouts (which stay
    English, without the link), with one line naming the catalog and the string?"""
    import secondline.editions.i18n as i18n

    made = i18n.messages
    monkeypatch.setattr(i18n, "messages", lambda c, lang, **kw: [*made(c, lang, **kw),
                                                                   Message("ui:handouts", "New words", "x")])
    languages, left_out = i18n.site_languages(content)
    assert languages == [] and len(left_out) == 1
    assert "left out of the site" in left_out[0] and "content/i18n/es/messages.po" in left_out[0]
    assert "New words" in left_out[0]
    from secondline.editions.languages import learner_languages

    languages, left_out = learner_languages(content, [])
    assert languages == [] and len(left_out) == 1 and "the 'es' editions are left out" in left_out[0]
    monkeypatch.setattr(i18n, "messages", made)
    assert [lang.lang for lang in i18n.site_languages(content)[0]] == [LANG]


# ---------------------------------------------------------------------------------- the learner edition's content


def test_the_learner_edition_is_in_scope(msgs, content):
    """Is every module's learner text (its content and its notebook's prose) and the knowledge check in the Spanish
    scope, with facilitator notes left to the English educator guide?"""
    from secondline.content.i18n import modules_in_scope

    assert modules_in_scope(content.root, LANG) == list(content.modules)
    kinds = {m.context.split(":")[0] for m in msgs}
    assert {"notebook", "knowledge-check"} <= kinds
    notebook_text = " ".join(m.english for m in msgs if m.context.startswith("notebook:"))
    assert "Facilitator note" not in notebook_text and "facilitator" not in {
        t for m in msgs if m.context.startswith("notebook:") for t in m.document.split(":")}


def test_localize_translates_every_word_field_and_nothing_else(content):
    """With a marker for a translation, does localize() change every field TRANSLATED names (prompts, options and
    their rationales, scenes, choices and debriefs, figures, sorts, weighing, the knowledge check) and keep every
    other field (ids, verdicts, sources, numbers, next-scene links) as it was?"""
    from secondline.content.i18n import TRANSLATED, localize
    from secondline.content.readonly import plain

    marked = localize(content, lambda context, english: "§" + english, LANG)
    seen: dict[str, set[str]] = {}

    def compare(a, b, path="content"):
        pa, pb = plain(a), plain(b)
        walk(pa, pb, path)

    def walk(a, b, path, model=None, field=None):
        if isinstance(a, dict) and len(a) == 1 and isinstance(next(iter(a.values())), dict) and \
                next(iter(a)) == next(iter(b)):
            name = next(iter(a))
            for f in a[name]:
                walk(a[name][f], b[name][f], f"{path}.{f}", name, f)
        elif isinstance(a, dict):
            for k in a:
                walk(a[k], b[k], f"{path}[{k}]", model, field)
        elif isinstance(a, list):
            assert len(a) == len(b), path
            for i, (x, y) in enumerate(zip(a, b, strict=True)):
                walk(x, y, f"{path}[{i}]", model, field)
        elif isinstance(a, str) and field in TRANSLATED.get(model or "", ()):
            assert b == "§" + a, path
            seen.setdefault(model, set()).add(field)
        else:
            assert a == b, f"{path} ({model}.{field}) changed"

    for slug in content.modules:
        compare(content.module(slug).quiz, marked.module(slug).quiz, f"{slug}.quiz")
        for part in ("module", "cases", "figures", "trials", "sorts", "weighing"):
            compare(getattr(content.module(slug), part), getattr(marked.module(slug), part), f"{slug}.{part}")
    compare(content.knowledge_check, marked.knowledge_check, "knowledge_check")
    assert marked.lang == LANG
    assert {m for m in seen} >= {"QuizItem", "Option", "Case", "Scene", "Choice", "Figure", "Statement",
                                 "WeighingExercise", "KnowledgeItem"}, seen
    assert marked.module("01-lines-of-treatment").quiz.items[0].options[0].sources == \
        content.module("01-lines-of-treatment").quiz.items[0].options[0].sources


def test_translations_keep_links_code_numbers_and_markup(msgs, catalog):
    """Does every translation keep its English's link targets (citations), code, placeholders, HTML tags, heading
    level and numbers (unless a translator flagged numbers said another way on purpose)?"""
    from secondline.content.i18n import markup_problems

    assert markup_problems(msgs, catalog, LANG) == []


def test_the_markup_check_can_fail(msgs, catalog):
    """Does the markup check catch a dropped citation target, a changed number and a lost heading?"""
    from secondline.content.i18n import markup_problems

    linked = next(m for m in msgs if "](#ref-" in m.english and translation(catalog, m))
    numbered = next(m for m in msgs if re.search(r"\b\d{2,}\b", m.english) and translation(catalog, m)
                    and "numbers-adapted" not in catalog.get(m.english, context=m.context).flags)
    heading = next(m for m in msgs if m.english.startswith("## ") and translation(catalog, m))
    cat = copy.deepcopy(catalog)
    entry = cat.get(linked.english, context=linked.context)
    entry.string = re.sub(r"\]\(#ref-[^)]+\)", "](#ref-elsewhere)", entry.string)
    entry = cat.get(numbered.english, context=numbered.context)
    entry.string = re.sub(r"\d{2,}", "999999", entry.string, count=1)
    entry = cat.get(heading.english, context=heading.context)
    entry.string = entry.string.lstrip("# ")
    found = markup_problems([linked, numbered, heading], cat, LANG)
    assert len(found) == 3 and "link targets" in found[0] and "numbers" in found[1] and "headings" in found[2], found


def test_the_term_check_reads_words_not_link_targets(catalog):
    """Is a term inside a citation's address (#ref-verywell-second-line) not a term the translation must use, while
    the same term in the words still is?"""
    from secondline.content.i18n import load_terms

    terms = load_terms(Path(__file__).resolve().parents[1] / "content", LANG)
    cat = copy.deepcopy(catalog)
    cited = Message("test:cited", "Ask the team [Verywell 2024](#ref-verywell-second-line).", "test")
    said = Message("test:said", "Ask about second-line treatment.", "test")
    cat.add(cited.english, "Pregunte al equipo [Verywell 2024](#ref-verywell-second-line).", context=cited.context)
    cat.add(said.english, "Pregunte por el tratamiento siguiente.", context=said.context)
    found = term_problems([cited, said], cat, terms, LANG)
    assert len(found) == 1 and "test:said" in found[0]


def test_the_spanish_bank_meets_the_item_writing_rules(content):
    """Do the Spanish quiz items and knowledge check meet the same measurable rules as the English (the best answer
    not the longest in more than 40% of items, best and other options of like length), so a translation cannot
    make the longest answer a cue again?"""
    from secondline.content import item_rules
    from secondline.content.i18n import translated

    spanish = translated(content, LANG, strict=True)
    whole = item_rules.measure(it for items in item_rules.bank(spanish).values() for it in items)
    assert whole.items == sum(len(x) for x in item_rules.bank(content).values())
    assert item_rules.problems(whole) == []


def test_blocks_split_at_blank_lines_outside_code():
    """Is a markdown cell split into paragraphs at blank lines, never inside a fenced block?"""
    from secondline.content.i18n import blocks

    text = "# Title\n\nOne.\nStill one.\n\n```\ncode\n\nmore code\n```\n\n- a\n- b"
    assert blocks(text) == ["# Title", "One.\nStill one.", "```\ncode\n\nmore code\n```", "- a\n- b"]
