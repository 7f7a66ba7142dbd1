"""Fuzzing content files with hypothesis: however a YAML file is broken, loading it gives one ContentError naming
the file, never another exception.

Mutations of module 01's module.yml, quiz.yml and cases.yml (dropped keys, changed types, junk keys and items,
broken YAML text, invalid UTF-8) are loaded through secondline.content.load on a temporary copy of content/.
Only the files left untouched are parsed once and reused, so several hundred loads take seconds.
SECONDLINE_FUZZ_EXAMPLES raises the number of examples; SECONDLINE_FUZZ_RANDOM=1 draws new ones each run.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import secondline.content.load as content_mod
from secondline.content.errors import ContentError
from secondline.content.load import load

ROOT = Path(__file__).resolve().parents[1]
MODULE = "modules/01-lines-of-treatment"
TARGETS = ["module.yml", "quiz.yml", "cases.yml"]
EXAMPLES = int(os.environ.get("SECONDLINE_FUZZ_EXAMPLES", "250"))
OUTCOMES: Counter = Counter()


@pytest.fixture(scope="module")
def tree():
    """A temporary copy of content/, and load() that re-parses only the file being fuzzed."""
    tmp = Path(tempfile.mkdtemp(prefix="secondline-fuzz-"))
    root = tmp / "content"
    shutil.copytree(ROOT / "content", root)
    originals = {name: (root / MODULE / name).read_bytes() for name in TARGETS}
    real, cache = content_mod.read_yaml, {}

    def read_yaml(path: Path):
        if path.parent.name == Path(MODULE).name and path.name in TARGETS:
            return real(path)  # the fuzzed file always goes through the real reader
        key = (str(path), path.read_bytes())
        if key not in cache:
            cache[key] = real(path)
        return cache[key]

    mp = pytest.MonkeyPatch()
    mp.setattr(content_mod, "read_yaml", read_yaml)
    load(root)  # the unmodified copy loads (and fills the cache)

    class Tree(tuple):
        def __repr__(self) -> str:  # keeps hypothesis's report of a failing example short
            return f"<copy of content/ at {root}>"

    yield Tree((root, originals))
    mp.undo()
    shutil.rmtree(tmp, ignore_errors=True)


# --------------------------------------------------------------------------- mutations

JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True), st.text(max_size=30),
    st.just(""), st.just("x" * 5000), st.dates(min_value=dt.date(1000, 1, 1)),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.just([[["deep"]]]), st.just({"id": None}), st.just({"id": 5}), st.just("lines-q01"), st.just("lines-o1"),
    st.just({"text": "t", "verdict": "best", "why": "a reason long enough", "sources": ["nope"]}),
)
YAML_BITS = [":", ": ", "- ", "{", "}", "[", "]", "&a ", "*a", "*nope", "!!python/object:os.system ", "!!binary x",
             "%YAML 1.1\n", "---\n", "...\n", "\t", "'", '"', "|", ">", "? ", "#", "@", "`", "\x00", "\ufeff",
             "\n  - \n", "key: [1, 2", "<<: *a\n", "!!int x", "!!float nope", "!!timestamp 2020-99-99"]


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


def _get(node, path):
    for k in path:
        node = node[k]
    return node


@st.composite
def tree_mutation(draw, original: str):
    """Parse, change one place in the tree, write it back as YAML."""
    data = yaml.safe_load(original)
    places = list(_paths(data))
    path = draw(st.sampled_from(places))
    op = draw(st.sampled_from(["drop", "retype", "junk-key", "junk-item", "duplicate", "empty", "swap-root"]))
    if op == "swap-root":
        data = draw(JUNK)
    elif not path:
        data = draw(JUNK) if op == "retype" else ([] if isinstance(data, dict) else {})
    else:
        parent, key = _get(data, path[:-1]), path[-1]
        if op == "drop":
            del parent[key]
        elif op == "retype":
            parent[key] = draw(JUNK)
        elif op == "junk-key" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["colour", "id", "Id", "verdict ", "sources", "x"]))] = draw(JUNK)
        elif op == "junk-item" and isinstance(parent, list):
            parent.insert(draw(st.integers(0, len(parent))), draw(JUNK))
        elif op == "duplicate" and isinstance(parent, list):
            parent.append(parent[key])
        elif op == "empty":
            parent[key] = type(parent[key])() if isinstance(parent[key], dict | list | str) else None
        else:
            parent[key] = draw(JUNK)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return f"tree {op} at {list(path)}", text.encode("utf-8")


@st.composite
def text_mutation(draw, original: str):
    """Break the text itself: insert YAML syntax, cut, duplicate lines, or invalid UTF-8."""
    raw = original.encode("utf-8")
    op = draw(st.sampled_from(["insert", "cut", "truncate", "dup-line", "indent", "bytes", "replace-char"]))
    at = draw(st.integers(0, len(original)))
    if op == "insert":
        bit = draw(st.sampled_from(YAML_BITS) | st.text(min_size=1, max_size=8))
        return f"text insert {bit!r} at {at}", (original[:at] + bit + original[at:]).encode("utf-8")
    if op == "cut":
        n = draw(st.integers(1, 200))
        return f"text cut {n} at {at}", (original[:at] + original[at + n:]).encode("utf-8")
    if op == "truncate":
        return f"text truncate at {at}", original[:at].encode("utf-8")
    lines = original.splitlines(keepends=True)
    i = draw(st.integers(0, len(lines) - 1))
    if op == "dup-line":
        return f"text duplicate line {i + 1}", "".join(lines[: i + 1] + lines[i:]).encode("utf-8")
    if op == "indent":
        spaces = draw(st.sampled_from([" ", "   ", "\t", "      "]))
        return f"text indent line {i + 1}", "".join(lines[:i] + [spaces + lines[i]] + lines[i + 1:]).encode("utf-8")
    if op == "bytes":
        junk = draw(st.binary(min_size=1, max_size=6))
        pos = min(at, len(raw))
        return f"bytes {junk!r} at {pos}", raw[:pos] + junk + raw[pos:]
    ch = draw(st.sampled_from(["", "'", '"', ":", "-", "#", "\\", "é", "\u202e"]))
    return f"text replace char at {at}", (original[:at] + ch + original[at + 1:]).encode("utf-8")


@st.composite
def mutation(draw):
    name = draw(st.sampled_from(TARGETS))
    original = (ROOT / "content" / MODULE / name).read_text(encoding="utf-8")
    what, data = draw(st.one_of(tree_mutation(original), text_mutation(original)))
    return name, what, data


# --------------------------------------------------------------------------- the property

@settings(max_examples=EXAMPLES, deadline=None, database=None,
          derandomize=os.environ.get("SECONDLINE_FUZZ_RANDOM") != "1",
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(m=mutation())
def test_broken_content_gives_a_content_error_naming_the_file(tree, m):
    """Does every mutation of a content file either load or fail with a ContentError that names a file?"""
    root, originals = tree
    name, what, data = m
    target = root / MODULE / name
    target.write_bytes(data)
    try:
        load(root)
        OUTCOMES["loaded"] += 1
    except ContentError as exc:
        message = str(exc)
        assert exc.path.name in message, f"{what}: the message does not name the file: {message}"
        assert root in exc.path.resolve().parents or exc.path.resolve() == root, message
        OUTCOMES["error in the mutated file" if exc.path.name == name else f"error in {exc.path.name}"] += 1
    finally:
        target.write_bytes(originals[name])


HOSTILE = {  # each escaped as another exception type before content/load.py's read_yaml caught it
    "invalid UTF-8": lambda t: b"\x80" + t.encode("utf-8"),
    "nested 5,000 deep": lambda t: (t + "deep: " + "[" * 5000 + "]" * 5000 + "\n").encode("utf-8"),
    "an integer of 5,001 digits": lambda t: (t + "big: 1" + "0" * 5000 + "\n").encode("utf-8"),
    "a date with month 13": lambda t: (t + "when: 2025-13-01\n").encode("utf-8"),
    "an alias to itself": lambda t: (t + "loop: &x [*x]\n").encode("utf-8"),
}


@pytest.mark.parametrize("name", TARGETS)
@pytest.mark.parametrize("how", list(HOSTILE))
def test_hostile_yaml_gives_a_content_error(tree, name, how):
    """Do the cases fuzzing found (and a few like them) give a ContentError naming the file?"""
    root, originals = tree
    target = root / MODULE / name
    target.write_bytes(HOSTILE[how](originals[name].decode("utf-8")))
    try:
        with pytest.raises(ContentError) as info:
            load(root)
        assert info.value.path.name == name and name in str(info.value)
    finally:
        target.write_bytes(originals[name])


def test_fuzzing_mostly_breaks_the_mutated_file():
    """Did the mutations above mostly produce errors, and name the mutated file (not only cross-references)?"""
    if not OUTCOMES:
        pytest.skip("the fuzz test did not run in this session")
    total = sum(OUTCOMES.values())
    print(f"\nfuzzing outcomes over {total} loads: {dict(OUTCOMES)}")
    assert total >= min(EXAMPLES, 200)
    assert OUTCOMES["error in the mutated file"] >= total // 2
