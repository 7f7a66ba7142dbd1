"""A module that changed its slug (the capstone, 08 -> 10, when modules 08 and 09 were added) still counts in records
made before: progress view, certificate and cohort report read the old slug as the new module."""

from __future__ import annotations

from pathlib import Path

import pytest

from secondline.content.cache import cached
from secondline.content.schema import Curriculum
from secondline.record.certificate import certificate_html
from secondline.record.cohort import cohort
from secondline.record.format import Record
from secondline.views.logic.progress import completed_modules, module_rows


@pytest.fixture(scope="module")
def content():
    return cached()


def old_record(**kw) -> Record:
    """A record made when the capstone was 08-capstone: it completed modules 00 and the capstone."""
    return Record(display_name="Ana", completed={"00-start-here": "2026-01-02T10:00:00.000Z",
                                                  "08-capstone": "2026-02-03T10:00:00.000Z"}, **kw)


def test_the_capstone_remembers_its_former_slug(content):
    """Does the manifest say the capstone was 08-capstone, so records made then can be read?"""
    entry = content.entry("10-capstone")
    assert entry.slugs == ("10-capstone", "08-capstone")
    assert entry.completed_in({"08-capstone": "t1"}) == "t1"
    assert entry.completed_in({"10-capstone": "2026-03-01", "08-capstone": "2026-02-01"}) == "2026-02-01"
    assert entry.completed_in({"07-emotions-hope-and-the-navigators-role": "t"}) is None


def test_an_old_record_counts_the_capstone_everywhere(content):
    """Do the progress rows, the certificate and the cohort report count a capstone completed under 08-capstone?"""
    rec = old_record()
    done, minutes = completed_modules(rec, content)
    assert [e.slug for e in done] == ["00-start-here", "10-capstone"]
    assert minutes == content.entry("00-start-here").minutes + content.entry("10-capstone").minutes
    rows = {r.slug: r for r in module_rows(rec, content)}
    assert rows["10-capstone"].completed_on == "2026-02-03T10:00:00.000Z"
    assert "Capstone" in certificate_html(rec, content)
    report = cohort([(Path("ana.json"), rec)], content)
    assert dict((slug, n) for slug, _, n in report.completions)["10-capstone"] == 1


def test_a_former_slug_may_not_name_a_current_module():
    """Is a former slug that is another module's current slug (or listed twice) refused with a clear message?"""
    entries = [{"slug": "00-a", "title": "A", "minutes": 10},
               {"slug": "01-b", "title": "B", "minutes": 10, "formerly": ["00-a"]}]
    with pytest.raises(ValueError, match="former slug '00-a' of 01-b is a current slug"):
        Curriculum(title="t", version="1", modules=entries)
