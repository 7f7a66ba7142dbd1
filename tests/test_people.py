"""The cast (content/people.yml) against the names in content/ and notebooks/: every named person is listed, one
surname is one person (or one family), and no surname turns up in more than two modules (issue 16)."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from secondline.content.errors import ContentError
from secondline.content.load import load_cast

ROOT = Path(__file__).resolve().parents[1]
TITLED = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Mx)\.\s+([^\W\d_][\w'’-]*)")
PAIR = re.compile(r"\b([^\W\d_][\w'’-]*) ([^\W\d_][\w'’-]*)")
# "Name Surname, 47" or "Name Surname is 47": how a case or exercise introduces a new person.
INTRO = re.compile(r"\b([A-Z][\w'’-]*) ([A-Z][\w'’-]*)(?:,| is) [0-9]{1,3}(?![0-9-])")

# Titled names that are not surnames, each with its reason.
TITLES = {"Mr", "Ms", "Mrs", "Dr", "Mx", "Pastor"}
# Capitalized words that start a sentence or a phrase before a surname ("The Morales family", "Ask Mr. ...").
NOT_GIVEN = {"The", "A", "An", "And", "But", "If", "So", "Then", "This", "That", "When", "Whether", "Whatever", "Ask",
             "Tell", "Meet", "Greet", "Give", "Thank", "Follow", "Quiz", "Naming", "Promise", "Afterward", "Afterwards"}
NOT_SURNAMES = {
    "Minh": "Mr. Tran Van Minh (04) asks to be called Mr. Minh, by his given name",
}


def _place(path: Path) -> str:
    if path.parts[-3] == "modules":
        return path.parts[-2][:2]
    if path.suffix == ".ipynb":
        return path.stem[:2]
    return path.stem


def _texts() -> list[tuple[str, str]]:
    """(place, text) for every content file that can name a person, and every notebook's markdown. The source list
    names real authors, so it is left out."""
    out = []
    for path in sorted((ROOT / "content").rglob("*.yml")):
        if path.name not in {"sources.yml", "people.yml"}:
            out.append((_place(path), path.read_text(encoding="utf-8")))
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        out.append((_place(path), "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")))
    return out


def _surname(word: str) -> str:
    return re.sub(r"['’]+s$", "", word)  # "Okafor's", and "Brennan''s" inside a single-quoted YAML string


@pytest.fixture(scope="module")
def cast():
    return load_cast(ROOT / "content")


@pytest.fixture(scope="module")
def texts():
    return _texts()


def test_every_titled_name_is_in_the_cast_for_that_module(cast, texts):
    """Is every "Mr./Ms./Mrs./Dr./Mx. Surname" in content and notebooks a listed person, listed for that module?"""
    by_surname = {p.surname: p for p in cast.people if p.surname}
    missing = set()
    for place, text in texts:
        for m in TITLED.finditer(text):
            s = _surname(m.group(1))
            if s in NOT_SURNAMES:
                continue
            person = by_surname.get(s)
            if person is None or place not in person.modules:
                missing.add(f"{m.group(0)} in {place}")
    assert not missing, "add to content/people.yml (or fix the module list): " + "; ".join(sorted(missing))


def test_every_full_name_is_in_the_cast(cast, texts):
    """Is every full name one listed person, in a module the cast lists for them? A full name is a pair of words
    with a listed surname or a listed given name in it, or a person introduced as "Name Surname, 47"."""
    by_surname = {p.surname: p for p in cast.people if p.surname}
    by_given = {p.name: p for p in cast.people if p.name and p.surname}
    wrong = set()
    for place, text in texts:
        pairs = {(m.group(1), _surname(m.group(2))) for m in PAIR.finditer(text)}
        intro = {(m.group(1), m.group(2)) for m in INTRO.finditer(text)}
        for first, last in pairs | intro:
            if last in NOT_SURNAMES or first in NOT_GIVEN:
                continue
            person = by_surname.get(last)
            if person is None and (first, last) in intro:
                wrong.add(f"{first} {last} in {place}: not in the cast")
                continue
            if person is None and first in by_given and last[0].isupper() and (first, last) in intro:
                person = by_given[first]
            if person is None or first in TITLES | NOT_GIVEN or not first[0].isupper():
                continue
            relatives = {f.split()[0] for f in person.family}
            if first != person.name and first not in relatives:
                wrong.add(f"{first} {last} in {place}: the cast has {person.name or '(no name)'} {last}")
            elif place not in person.modules:
                wrong.add(f"{first} {last} in {place}: the cast lists {person.modules}")
    assert not wrong, "fix content/people.yml or the text: " + "; ".join(sorted(wrong))


def test_no_surname_in_more_than_two_modules(cast, texts):
    """Does each surname appear in at most two modules, counted from the text, not only from the cast?"""
    seen: dict[str, set[str]] = defaultdict(set)
    surnames = {p.surname for p in cast.people if p.surname}
    for place, text in texts:
        for m in TITLED.finditer(text):
            seen[_surname(m.group(1))].add(place)
        for m in PAIR.finditer(text):
            if _surname(m.group(2)) in surnames and m.group(1)[0].isupper():
                seen[_surname(m.group(2))].add(place)
    too_many = {s: sorted(p) for s, p in seen.items() if s in surnames and len(p) > 2}
    assert not too_many, f"surnames in more than two modules (give the others new names): {too_many}"
    assert all(len(p.modules) <= 2 for p in cast.people if p.surname), "a surname is listed for more than two modules"


def test_no_two_people_share_a_surname(cast):
    """Is each surname one person (with their family), never two unrelated people?"""
    surnames = [p.surname.casefold() for p in cast.people if p.surname]
    assert len(surnames) == len(set(surnames))


def test_every_listed_person_appears_where_the_cast_says(cast, texts):
    """Does each listed person really appear in each module the cast names, so the list cannot go stale?"""
    text_by_place: dict[str, str] = defaultdict(str)
    for place, text in texts:
        text_by_place[place] += "\n" + text
    stale = []
    for p in cast.people:
        for place in p.modules:
            words = [w for w in (p.surname, p.name) if w]
            if not any(re.search(rf"\b{re.escape(w)}\b", text_by_place[place]) for w in words):
                stale.append(f"{p.name or ''} {p.surname or ''} not found in {place}".strip())
    assert not stale, stale


def test_a_shared_surname_in_the_cast_is_refused(tmp_path):
    """Does the loader refuse two entries with one surname, naming the file and the entry?"""
    (tmp_path / "curriculum.yml").write_text((ROOT / "content" / "curriculum.yml").read_text(encoding="utf-8"))
    (tmp_path / "people.yml").write_text(
        "people:\n"
        "  - {surname: Okafor, modules: ['02'], role: patient}\n"
        "  - {surname: Okafor, modules: ['05'], role: another patient}\n")
    with pytest.raises(ContentError) as err:
        load_cast(tmp_path)
    assert "people.yml" in str(err.value) and "Okafor" in str(err.value)


@pytest.mark.parametrize("entry, expected", [
    ("{surname: Okafor, modules: ['12'], role: patient}", "not a module"),
    ("{surname: Okafor, modules: [five], role: patient}", "module number"),
    ("{modules: ['02'], role: patient}", "a name, a surname or both"),
    ("{surname: Okafor, modules: ['02'], role: patient, age: 70}", "age"),
])
def test_a_bad_cast_entry_names_its_problem(tmp_path, entry, expected):
    """Does a bad entry (unknown module, a person with no name, an unknown field) fail with a clear message?"""
    (tmp_path / "curriculum.yml").write_text((ROOT / "content" / "curriculum.yml").read_text(encoding="utf-8"))
    (tmp_path / "people.yml").write_text(f"people:\n  - {entry}\n")
    with pytest.raises(ContentError) as err:
        load_cast(tmp_path)
    assert expected in str(err.value) and "people.yml" in str(err.value)
