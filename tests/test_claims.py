"""The evidence ledger (issue 12 section 3): every claim names its sources, the audit finds claims resting only on
unopened sources, uncited sources and old trial figures, and prose citations work in every edition.

The tests marked "real content" hold the shipped curriculum to the audit; the others check the logic on small
fixtures that pass and fail as they should.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from secondline.cli import main
from secondline.content import claims as cl
from secondline.content.lint import lint_notebook
from secondline.content.load import load
from secondline.content.schema import SourceCheck
from secondline.views.static import module as static_module
from secondline.views.static.figure import render as render_figure

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
M01 = "01-lines-of-treatment"
OPENED = SourceCheck(extent="abstract", date=dt.date(2026, 1, 5), link="confirmed")
OPENED_UNCONFIRMED = SourceCheck(extent="page", date=dt.date(2026, 1, 5), link="not-confirmed")
UNOPENED = SourceCheck(extent="not-opened", link="not-confirmed")


def with_checks(content, default: SourceCheck, **checks: SourceCheck) -> dict:
    """The content's sources, each checked as `default` unless named (underscores for hyphens)."""
    return {sid: s.model_copy(update={"checked": checks.get(sid.replace("-", "_"), default)})
            for sid, s in content.sources.items()}


def cited_only(content, sources: dict) -> dict:
    """The sources that the content's claims cite, prose aside (the audit tests below leave prose out)."""
    used = set(cl.cited_ids(cl.claims(content, prose=False)))
    return {k: v for k, v in sources.items() if k in used}


def write_notebook(folder: Path, slug: str, cells) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.ipynb"
    nbformat.write(new_notebook(cells=cells), path)
    return path


def open_every_source(tmp_content, keep=lambda s: True) -> None:
    """Mark every source of the fixture as opened and confirmed (and drop those `keep` refuses)."""
    def edit(data):
        data[:] = [s for s in data if keep(s)]
        for s in data:
            s["checked"] = {"extent": "abstract", "date": dt.date(2026, 1, 5), "link": "confirmed",
                            "what": "fixture"}
    tmp_content.edit("sources.yml", edit)


# --------------------------------------------------------------------------- the shipped content (real content)


def test_no_claim_rests_only_on_a_source_nobody_opened(content):
    """Real content: does every claim rest on at least one source a team member opened?"""
    a = cl.audit(content)
    bad = [f"{c.where}: {c.text[:60]} <- {', '.join(c.sources)}" for c in a.on_unopened_only]
    assert not bad, f"{len(bad)} claims rest only on unopened sources, e.g.\n" + "\n".join(bad[:20])


def test_every_listed_source_is_cited(content):
    """Real content: is every source in content/sources.yml cited by at least one claim?"""
    assert [s.id for s in cl.audit(content).uncited] == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_prose_reference_names_a_known_source(path, content):
    """Real content: does every #ref-<id> link in a notebook's markdown name a source in content/sources.yml?"""
    unknown = [(c.cell, c.source) for c in cl.prose_citations(path) if c.source not in content.sources]
    assert not unknown, f"{path.name}: (cell, unknown source) {unknown}"


def test_the_audit_command_holds_on_the_real_content(capsys):
    """Real content: does `secondline sources` pass (exit 0) on the shipped curriculum?"""
    code = main(["sources", "--summary"])
    out = capsys.readouterr().out
    assert code == 0, out[-3000:]
    assert "Audit passed." in out


# --------------------------------------------------------------------------- enumerating claims


def test_every_cited_place_in_content_is_a_claim(content):
    """Are key points, options, choices, statements, figure bars and captions, terms and coverage points all claims,
    each with the sources its content names?"""
    found = cl.claims(content, prose=False)
    by = {}
    for c in found:
        by.setdefault(c.kind, []).append(c)
    mods = list(content.modules.values())
    assert len(by["key point"]) == sum(len(m.module.key_points) for m in mods)
    assert len(by["quiz option"]) == sum(len(it.options) for m in mods for it in m.quiz.items)
    assert len(by["case choice"]) == sum(len(s.choices) for m in mods for c in m.cases for s in c.scenes)
    assert len(by["sort statement"]) == sum(len(s.statements) for m in mods for s in m.sorts)
    assert len(by["figure bar"]) == sum(len(f.bars) for m in mods for f in m.figures)
    assert len(by["figure caption"]) == sum(len(m.figures) for m in mods)
    assert len(by["glossary term"]) == len(content.glossary)
    assert len(by["coverage point"]) == len(content.coverage.points)
    item = content.module("02-what-to-expect").quiz.items[0]
    opt = next(c for c in by["quiz option"] if c.ref.startswith(f"{item.id} option A"))
    assert opt.text == item.options[0].why and opt.context == item.options[0].text
    assert opt.sources == tuple(dict.fromkeys(item.options[0].sources)) and opt.module == "02-what-to-expect"
    assert opt.file == "content/modules/02-what-to-expect/quiz.yml"
    assert all(c.sources for c in found)


def test_a_module_lists_its_glossary_terms_and_the_course_lists_each_term_once(content):
    """Does a module's claim list hold the terms it teaches, while the whole list holds each term once?"""
    mc = content.module("02-what-to-expect")
    terms = [c.ref for c in cl.module_claims(mc, content, prose=False) if c.kind == "glossary term"]
    assert terms == [f"term {t}" for t in mc.module.terms]
    whole = [c.ref for c in cl.claims(content, prose=False) if c.kind == "glossary term"]
    assert sorted(whole) == sorted(f"term {t}" for t in content.glossary)


def test_prose_claims_are_paragraphs_list_items_and_rows_that_cite(tmp_path):
    """Is each cited paragraph, list item or table row of a markdown cell one claim with its sources (code cells
    and uncited text left out, facilitator notes marked)?"""
    path = write_notebook(tmp_path, "99-x", [
        new_markdown_cell("# Title\n\nNo citation here.\n\nStable disease is not a response "
                          "([Eisenhauer 2009](#ref-eisenhauer-2009); [NCI](#ref-nci-dictionary))."),
        new_code_cell('m.quiz("x")  # [not prose](#ref-code-cell)'),
        new_markdown_cell("- One item [Saini 2021](#ref-saini-2021)\n  continues here.\n- Two, uncited\n"
                          "- Three <a href=\"#ref-oken-1982\">Oken</a>\n\n| a | b |\n|---|---|\n"
                          "| row | [Hanker 2012](#ref-hanker-2012) |"),
        new_markdown_cell("Tell the group [Back 2005](#ref-back-2005).", metadata={"tags": ["facilitator"]}),
    ])
    got = cl.prose_claims(path, "99-x")
    assert [(c.ref, c.sources) for c in got] == [
        ("cell 0, paragraph 3", ("eisenhauer-2009", "nci-dictionary")),
        ("cell 2, paragraph 1", ("saini-2021",)),
        ("cell 2, paragraph 3", ("oken-1982",)),
        ("cell 2, paragraph 6", ("hanker-2012",)),
        ("cell 3, paragraph 1 (facilitator note)", ("back-2005",)),
    ]
    assert got[0].text == "Stable disease is not a response (Eisenhauer 2009; NCI)."
    assert got[1].text == "One item Saini 2021 continues here."
    assert all(c.kind == "notebook prose" and c.file == "notebooks/99-x.ipynb" for c in got)
    assert [c.source for c in cl.prose_citations(path)] == ["eisenhauer-2009", "nci-dictionary", "saini-2021",
                                                              "oken-1982", "hanker-2012", "back-2005"]
    assert cl.prose_claims(tmp_path / "missing.ipynb") == []


def test_module_claims_read_the_module_notebook_beside_content(tmp01):
    """Does a module's claim list include its notebook's cited prose (notebooks/ beside content/)?"""
    write_notebook(tmp01.root.parent / "notebooks", M01, [new_markdown_cell("Fact [S](#ref-shepherd-2000).")])
    content = load(tmp01.root)
    prose = [c for c in cl.module_claims(content.module(M01), content) if c.kind == "notebook prose"]
    assert [(c.module, c.sources) for c in prose] == [(M01, ("shepherd-2000",))]
    assert not any(c.kind == "notebook prose" for c in cl.module_claims(content.module(M01), content, prose=False))


# --------------------------------------------------------------------------- the audit's logic


def test_audit_passes_when_every_claim_has_an_opened_source_and_every_source_is_cited(content):
    """With every cited source opened and no uncited source listed, does the audit pass and say so?"""
    found = cl.claims(content, prose=False)
    sources = cited_only(content, with_checks(content, OPENED))
    a = cl.Audit(found, sources, dt.date(2026, 6, 1))
    assert a.ok and not a.on_unopened_only and not a.uncited and not a.unconfirmed
    assert cl.report(a).endswith("Audit passed.")


def test_a_claim_resting_only_on_an_unopened_source_fails(content):
    """Does a claim whose every source was not opened fail the audit, named with its place, while a claim that
    also rests on an opened source does not?"""
    found = cl.claims(content, prose=False)
    sources = cited_only(content, with_checks(content, OPENED, jupyterlab_docs=UNOPENED, pont_2022=UNOPENED))
    a = cl.Audit(found, sources, dt.date(2026, 6, 1))
    assert not a.ok
    failing = a.on_unopened_only
    assert failing and all(set(c.sources) <= {"jupyterlab-docs", "pont-2022"} for c in failing)
    mixed = [c for c in found if "pont-2022" in c.sources and set(c.sources) - {"jupyterlab-docs", "pont-2022"}]
    assert mixed and not set(map(id, mixed)) & set(map(id, failing))
    text = cl.report(a)
    assert "content/modules/00-start-here/module.yml: key point 1" in text
    assert re.search(r"^   ! content/modules/00-start-here/module\.yml: key point 1 ", text, re.M)
    assert f"FAILED: {len(failing)} claims rest only on sources nobody opened" in text
    assert "jupyterlab-docs (Project Jupyter" in text and "not opened" in text


def test_an_opened_source_with_an_unconfirmed_link_is_listed_but_does_not_fail(content):
    """Is a source opened without its link confirmed listed as not confirmed, with its claims, yet no failure?"""
    found = cl.claims(content, prose=False)
    sources = cited_only(content, with_checks(content, OPENED, jupyterlab_docs=OPENED_UNCONFIRMED))
    a = cl.Audit(found, sources, dt.date(2026, 6, 1))
    assert a.ok and [s.id for s in a.unconfirmed] == ["jupyterlab-docs"]
    assert a.on_unconfirmed_only and all(c.sources == ("jupyterlab-docs",) for c in a.on_unconfirmed_only)
    text = cl.report(a)
    assert "jupyterlab-docs (Project Jupyter 2026): page read 2026-01-05, link not confirmed" in text


def test_a_listed_source_nobody_cites_fails(content):
    """Does a source listed in sources.yml but cited by no claim fail the audit, by id?"""
    found = cl.claims(content, prose=False)
    sources = with_checks(content, OPENED)
    uncited = sorted(set(sources) - set(cl.cited_ids(found)))
    a = cl.Audit(found, sources, dt.date(2026, 6, 1))
    assert uncited and sorted(s.id for s in a.uncited) == uncited and not a.ok
    assert f"{len(uncited)} sources are listed but never cited" in cl.report(a)


def test_trial_figures_older_than_five_years_are_listed(content):
    """Are figure bars whose source is more than five years older than today listed, and newer ones not?"""
    found = cl.claims(content, prose=False)
    bars = [c for c in found if c.kind == "figure bar"]
    years = {c.ref: content.sources[c.sources[0]].year for c in bars}
    for today in (dt.date(2016, 1, 1), dt.date(2020, 6, 1), dt.date(2030, 1, 1)):
        a = cl.Audit(found, dict(content.sources), today)
        assert sorted(f.claim.ref for f in a.old_figures) == sorted(r for r, y in years.items() if y < today.year - 5)
    text = cl.report(cl.Audit(found, dict(content.sources), dt.date(2030, 1, 1)))
    assert "4. Trial figures from before 2025" in text


def test_a_citation_of_an_unknown_source_fails(content):
    """Does a claim naming a source that sources.yml does not list fail the audit, by name?"""
    found = [cl.Claim("01-lines-of-treatment", "notebook prose", "notebooks/x.ipynb", "cell 1", "x", ("no-such",))]
    a = cl.Audit(found + cl.claims(content, prose=False), cited_only(content, with_checks(content, OPENED)),
                 dt.date(2026, 6, 1))
    a.unknown = [(found[0], "no-such")]
    assert not a.ok and "unknown source 'no-such'" in cl.report(a)


def test_sources_command_exit_codes(tmp01, capsys):
    """Does `secondline sources` exit 1 (saying why) on the unopened fixture, 0 once every cited source is opened and
    the uncited ones are gone, and 2 with the file named when content is broken?"""
    assert main(["sources", "--content", str(tmp01.root)]) == 1
    out = capsys.readouterr().out
    for heading in ("1. Sources not confirmed", "2. Claims resting only on sources not confirmed",
                    "3. Sources never cited", "4. Trial figures from before", "5. Claims per source"):
        assert heading in out
    assert "Audit FAILED" in out
    used = set(cl.cited_ids(cl.claims(load(tmp01.root))))
    open_every_source(tmp01, keep=lambda s: s["id"] in used)
    assert main(["sources", "--content", str(tmp01.root)]) == 0
    assert capsys.readouterr().out.rstrip().endswith("Audit passed.")
    tmp01.write("reviews.yml", "- module: 99-nope\n  reviewer: x\n")
    assert main(["sources", "--content", str(tmp01.root)]) == 2
    assert "reviews.yml" in capsys.readouterr().err


# --------------------------------------------------------------------------- prose citations in every edition


def test_lint_names_the_notebook_and_cell_of_an_unknown_source(tmp_path, capsys):
    """Does the lint report a prose link to an unknown source id as an error naming the notebook and the cell,
    and accept a known one?"""
    folder = tmp_path / "nbs"
    write_notebook(folder, "bad", [new_markdown_cell("# One"), new_markdown_cell("A fact [X 2020](#ref-made-up-2020).")])
    problems = lint_notebook(folder / "bad.ipynb", sources={"eisenhauer-2009"})
    assert problems == ["cell 1 links to an unknown source 'made-up-2020' (#ref-made-up-2020); use an id from "
                        "content/sources.yml"]
    assert lint_notebook(folder / "bad.ipynb") == problems  # by default, the ids of the checked content
    assert main(["lint", str(folder)]) == 1
    err = capsys.readouterr().err
    assert f"{folder / 'bad.ipynb'}: cell 1 links to an unknown source 'made-up-2020'" in err
    write_notebook(folder, "bad", [new_markdown_cell("# One"), new_markdown_cell("A [E](#ref-eisenhauer-2009).")])
    assert lint_notebook(folder / "bad.ipynb") == []


def test_references_list_sources_cited_only_in_prose(tmp01):
    """Does the module's References list include a source cited only in its notebook's prose, so the link lands?"""
    content = load(tmp01.root)
    mc = content.module(M01)
    assert "shepherd-2000" not in static_module.cited_source_ids(mc, content)
    write_notebook(tmp01.root.parent / "notebooks", M01, [new_markdown_cell("Fact [S](#ref-shepherd-2000).")])
    assert "shepherd-2000" in static_module.cited_source_ids(mc, content)
    assert '<li id="ref-shepherd-2000">' in static_module.references(mc, content)


@pytest.mark.parametrize("slug", [e.slug for e in load().curriculum.modules])
def test_every_reference_link_on_a_module_page_lands(slug, content):
    """Does every #ref- link a module shows (key points, figure captions, notebook prose) have its <li id> in the
    module's References list, and does each key point link its sources?"""
    mc = content.module(slug)
    refs = set(re.findall(r'<li id="ref-([^"]+)"', static_module.references(mc, content)))
    shown = static_module.key_points(mc, content) + "".join(render_figure(f, content.sources) for f in mc.figures)
    linked = set(re.findall(r'href="#ref-([^"]+)"', shown))
    linked |= {c.source for c in cl.prose_citations(cl.notebook_path(content, slug)) if c.source in content.sources}
    assert linked <= refs, sorted(linked - refs)
    points = re.findall(r"<li>(.*?)</li>", static_module.key_points(mc, content), re.S)
    for kp, html in zip(mc.module.key_points, points, strict=True):
        assert [m for m in re.findall(r'href="#ref-([^"]+)"', html)] == list(dict.fromkeys(kp.sources))


def test_key_points_show_short_author_year_links(content):
    """Is each key point followed by short author-year links to its references (not only after Check answer)?"""
    mc = content.module("02-what-to-expect")
    html = static_module.key_points(mc, content)
    s = content.sources[mc.module.key_points[0].sources[0]]
    assert f'<a href="#ref-{s.id}" title="' in html and f">{static_module.short_author(s)} {s.year}</a>" in html
    assert "sl-cite" not in static_module.key_points(mc)  # without content, the plain list as before


def test_figure_captions_name_their_sources(content):
    """Does each figure's caption link the sources of its bars to the References list?"""
    for mc in content.modules.values():
        for fig in mc.figures:
            cap = re.search(r"<figcaption[^>]*>(.*?)</figcaption>", render_figure(fig, content.sources), re.S).group(1)
            assert set(re.findall(r'href="#ref-([^"]+)"', cap)) == {b.source for b in fig.bars}


def test_on_the_site_a_prose_link_jumps_to_its_reference(content):
    """Does the site's page keep the prose link `#ref-<id>` and the References item with that id, on one page?"""
    from secondline.editions.site import export_body

    mc = content.module("02-what-to-expect")
    sid = mc.module.key_points[0].sources[0]
    refs = new_code_cell("m.references()", outputs=[new_output(
        "display_data", data={"text/html": static_module.references(mc, content), "text/plain": "refs"})])
    nb = new_notebook(cells=[new_markdown_cell(f"A claim [Author 2020](#ref-{sid})."), refs])
    html = export_body(nb)
    assert f'href="#ref-{sid}"' in html and f'id="ref-{sid}"' in html


def test_claims_module_stays_light():
    """Can a kernel list a module's references without pydantic, yaml or nbformat (claims.py is standard library)?"""
    text = (ROOT / "src" / "secondline" / "content" / "claims.py").read_text()
    imports = set(re.findall(r"^(?:from|import) ([\w.]+)", text, re.M))
    assert imports <= {"__future__", "datetime", "json", "re", "collections.abc", "dataclasses", "functools",
                       "pathlib", "typing", ".cache", ".course"}, imports
