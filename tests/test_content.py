"""Content: every file validates, cross-references resolve, and each kind of mistake gives one clear error."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import pytest

from secondline.content.errors import ContentError
from secondline.content.load import load
from secondline.content.schema import SourceCheck

M01 = "modules/01-lines-of-treatment"


def error_of(root) -> ContentError:
    with pytest.raises(ContentError) as info:
        load(root)
    return info.value


# ---------------------------------------------------------------- the real content

def test_real_content_loads(content):
    """Does the shipped content load without a single error?"""
    assert content.modules, "no modules loaded"


def test_every_objective_has_two_items(content):
    """Is each objective assessed by at least two quiz items?"""
    for mc in content.modules.values():
        for obj in mc.module.objectives:
            n = sum(1 for it in mc.quiz.items if it.objective == obj.id)
            assert n >= 2, f"{obj.id} has {n} items"


def test_every_option_is_cited_and_explained(content):
    """Does every option carry a verdict, a rationale and at least one resolvable source?"""
    for item in content.items():
        for opt in item.options:
            assert opt.why and opt.sources and all(s in content.sources for s in opt.sources)


def test_every_source_is_linked_and_says_how_far_it_was_checked(content):
    """Does every source have a DOI or https URL, and a check record with a date exactly when it was opened?"""
    for s in content.sources.values():
        assert s.link.startswith("https://")
        assert (s.checked.date is not None) == (s.checked.extent != "not-opened"), s.id


def test_a_check_date_on_an_unopened_source_is_refused():
    """Is a review date on a source nobody opened an error, and a missing date on an opened one?"""
    with pytest.raises(ValueError, match="not opened carries no check date"):
        SourceCheck(extent="not-opened", date=dt.date(2026, 1, 1), link="not-confirmed")
    with pytest.raises(ValueError, match="needs the date it was opened"):
        SourceCheck(extent="abstract", link="confirmed")


def test_ids_are_unique_across_modules(content):
    """Is every published id (objective, section, item, case) used once in the whole curriculum?"""
    ids = []
    for mc in content.modules.values():
        ids += [o.id for o in mc.module.objectives] + [s.id for s in mc.module.sections]
        ids += [i.id for i in mc.quiz.items] + [c.id for c in mc.cases]
    assert len(ids) == len(set(ids))


def test_cases_are_fictional_and_scenes_reachable(content):
    """Is every case marked fictional, with every scene reachable from the start and every path ending?"""
    for mc in content.modules.values():
        for case in mc.cases:
            assert case.fictional is True
            seen, stack = set(), [(case.start, ())]
            while stack:  # every path from the start, each walked to its end
                sid, trail = stack.pop()
                assert sid not in trail, f"{case.id}: the path {' -> '.join((*trail, sid))} loops"
                seen.add(sid)
                stack += [(ch.next, (*trail, sid)) for ch in case.scene(sid).choices]
            assert seen == {s.id for s in case.scenes}, f"{case.id}: unreachable {sorted({s.id for s in case.scenes} - seen)}"


# ---------------------------------------------------------------- each kind of failure

def test_broken_yaml_names_file_and_line(tmp_content):
    """Does broken YAML give the file and the line, not a traceback?"""
    path = tmp_content.root / M01 / "quiz.yml"
    lines = path.read_text().splitlines()
    lines[5] = lines[5] + " : : ["
    path.write_text("\n".join(lines))
    err = error_of(tmp_content.root)
    assert "quiz.yml:" in str(err) and "broken YAML" in str(err) and err.line is not None


def test_unknown_field_is_refused(tmp_content):
    """Is a misspelt key (extra field) an error naming the item and the field?"""
    tmp_content.edit(f"{M01}/quiz.yml", lambda d: d["items"][2].update(promt="typo"))
    err = error_of(tmp_content.root)
    assert err.item == "lines-q03" and err.field == "promt" and "quiz.yml" in str(err)


def test_missing_field_named(tmp_content):
    """Does a missing rationale name the item and the option's field?"""
    tmp_content.edit(f"{M01}/quiz.yml", lambda d: d["items"][0]["options"][1].pop("why"))
    err = error_of(tmp_content.root)
    assert err.item == "lines-q01" and err.field == "options[1].why"
    assert re.search(r"quiz\.yml:\d+: item lines-q01, field options\[1\]\.why: Field required", str(err))


def test_bad_verdict(tmp_content):
    """Is a verdict other than best / acceptable / unsafe refused?"""
    tmp_content.edit(f"{M01}/quiz.yml", lambda d: d["items"][1]["options"][0].update(verdict="correct"))
    err = error_of(tmp_content.root)
    assert err.item == "lines-q02" and err.field == "options[0].verdict"


@pytest.mark.parametrize("verdicts,found", [(["best", "best", "unsafe"], 2), (["acceptable", "acceptable", "unsafe"], 0)])
def test_exactly_one_best(tmp_content, verdicts, found):
    """Does an item with two best options, or none, fail with the count?"""
    def fn(d):
        for opt, v in zip(d["items"][3]["options"], verdicts, strict=True):
            opt["verdict"] = v
    tmp_content.edit(f"{M01}/quiz.yml", fn)
    err = error_of(tmp_content.root)
    assert err.item == "lines-q04" and f"found {found}" in str(err)


def test_unknown_objective(tmp_content):
    """Does an item pointing at a missing objective say which one?"""
    tmp_content.edit(f"{M01}/quiz.yml", lambda d: d["items"][4].update(objective="lines-o9"))
    err = error_of(tmp_content.root)
    assert err.item == "lines-q05" and err.field == "objective" and "lines-o9" in str(err)


def test_unknown_source(tmp_content):
    """Does a citation of a source not in sources.yml name the source id and where it is cited?"""
    tmp_content.edit(f"{M01}/quiz.yml", lambda d: d["items"][0]["options"][0].update(sources=["nobody-2099"]))
    err = error_of(tmp_content.root)
    assert err.item == "lines-q01" and err.field == "options[0].sources[0]" and "nobody-2099" in str(err)


def test_unknown_glossary_term(tmp_content):
    """Does a module listing a term missing from the glossary fail?"""
    tmp_content.edit(f"{M01}/module.yml", lambda d: d["terms"].append("flux-capacitor"))
    err = error_of(tmp_content.root)
    assert "module.yml" in str(err) and "flux-capacitor" in str(err) and err.field.startswith("terms[")


def test_duplicate_item_id(tmp_content):
    """Is a reused item id refused?"""
    tmp_content.edit(f"{M01}/quiz.yml", lambda d: d["items"][1].update(id="lines-q01"))
    err = error_of(tmp_content.root)
    assert "duplicate item id 'lines-q01'" in str(err)


def test_duplicate_source_id(tmp_content):
    """Is a source listed twice refused, with the entry's line?"""
    tmp_content.edit("sources.yml", lambda d: d.append(dict(d[0])))
    err = error_of(tmp_content.root)
    assert "duplicate source id" in str(err) and err.line


def test_source_needs_doi_or_url(tmp_content):
    """Does a source with neither DOI nor URL fail, naming the source id?"""
    def fn(d):
        d[0].pop("doi", None)
        d[0].pop("url", None)
    tmp_content.edit("sources.yml", fn)
    err = error_of(tmp_content.root)
    assert err.item == "saini-2021" and "doi or a url" in str(err)


def test_objective_needs_bloom_verb(tmp_content):
    """Is an objective with a vague verb ('understand', 'know') refused?"""
    def fn(d):
        d["objectives"][0]["verb"] = "Know"
        d["objectives"][0]["text"] = "Know about lines of treatment."
    tmp_content.edit(f"{M01}/module.yml", fn)
    err = error_of(tmp_content.root)
    assert err.item == "lines-o1" and err.field == "verb" and "Bloom" in str(err)


def test_minutes_must_add_up(tmp_content):
    """Do section minutes that disagree with curriculum.yml fail?"""
    tmp_content.edit("curriculum.yml", lambda d: d["modules"][0].update(minutes=999 - 900))
    err = error_of(tmp_content.root)
    assert "add up to" in str(err)


def test_missing_module_folder(tmp_content):
    """Does a curriculum entry without a folder name the missing folder?"""
    tmp_content.edit("curriculum.yml", lambda d: d["modules"].append(
        {"slug": "99-nowhere", "title": "Nowhere", "minutes": 10}))
    err = error_of(tmp_content.root)
    assert "99-nowhere" in str(err) and "curriculum.yml" in str(err)


def test_missing_file(tmp_content):
    """Does a missing quiz.yml say the file is missing?"""
    (tmp_content.root / M01 / "quiz.yml").unlink()
    err = error_of(tmp_content.root)
    assert "quiz.yml" in str(err) and "missing" in str(err)


def test_wrong_top_level_shape(tmp_content):
    """Does a glossary that is a mapping instead of a list fail clearly?"""
    tmp_content.write("glossary.yml", "term: oops\n")
    err = error_of(tmp_content.root)
    assert "glossary.yml" in str(err) and "list" in str(err)


# ---------------------------------------------------------------- branching-case graphs

CASE = """cases:
  - id: lines-c1
    title: A test case
    objectives: [lines-o1]
    fictional: true
    intro: A fictional patient.
    start: a
    scenes:
      - id: a
        text: Start.
        choices:
          - {text: Go on, verdict: best, debrief: Good choice here., next: b, sources: [nci-dictionary]}
      - id: b
        text: The end.
    summary: Done.
"""


def test_valid_case_loads(tmp_content):
    """Does a small well-formed case load?"""
    tmp_content.write(f"{M01}/cases.yml", CASE)
    assert load(tmp_content.root).module("01-lines-of-treatment").case("lines-c1").scene("b").is_end


@pytest.mark.parametrize("change,expected", [
    (("next: b", "next: zz"), "does not exist"),
    (("start: a", "start: q"), "start scene 'q' does not exist"),
    (("      - id: b\n        text: The end.\n",
      "      - id: b\n        text: Again.\n        choices:\n          - {text: Back, verdict: best, debrief: Loop back here., next: a, sources: [nci-dictionary]}\n"),
     "loop"),
    (("    summary: Done.", "      - id: c\n        text: Orphan.\n    summary: Done."), "cannot be reached"),
    (("fictional: true", "fictional: false"), "fictional"),
])
def test_case_graph_errors(tmp_content, change, expected):
    """Is a dangling link, a missing start, a loop, an unreachable scene or a non-fictional case refused?"""
    tmp_content.write(f"{M01}/cases.yml", CASE.replace(*change))
    err = error_of(tmp_content.root)
    assert "cases.yml" in str(err) and expected in str(err)


# ---------------------------------------------------------------- the command line

def test_cli_gives_one_line_error(tmp_content):
    """Does `secondline check` on a malformed file print one line naming the file and the field, and exit 1?"""
    tmp_content.edit(f"{M01}/quiz.yml", lambda d: d["items"][0]["options"][1].pop("why"))
    r = subprocess.run([sys.executable, "-m", "secondline.cli", "check", "--content", str(tmp_content.root)],
                       capture_output=True, text=True)
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "quiz.yml" in lines[0] and "options[1].why" in lines[0]
    assert "Traceback" not in r.stderr


def test_cli_ok_on_real_content():
    """Does `secondline check` pass on the shipped content?"""
    r = subprocess.run([sys.executable, "-m", "secondline.cli", "check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "content OK" in r.stdout
