"""Clinical reviews (issue 12 section 4): content/reviews.yml is validated like the rest of content, and every module
page, certificate and educator-guide page says who reviewed a module, or that nobody has yet. The reviewed state is
tested on a fixture copy of content/: no review is ever recorded in the real content by a test."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from secondline.content.errors import ContentError
from secondline.content.load import load
from secondline.content.reviews import NOT_REVIEWED, latest_review, review_line
from secondline.guide.answer_keys import answer_key_markdown, answer_keys_index_markdown
from secondline.guide.ce_packet import clinical_review_markdown
from secondline.guide.pages import generated_pages, markdown_to_html
from secondline.notebook import ModuleBook
from secondline.record.certificate import certificate_html
from secondline.record.format import Record

M02 = "02-what-to-expect"
# A fixture reviewer: clearly not a person, never in the real content.
REVIEW = {"module": M02, "reviewer": "Fixture Reviewer", "credentials": "RN, OCN (test fixture)",
          "date": dt.date(2026, 1, 15), "decision": "approved-with-changes", "notes": "Fixture <b>notes</b> | piped."}
SHOWN = "Clinically reviewed by Fixture Reviewer, RN, OCN (test fixture) on 2026-01-15 (approved with changes)"


def write_reviews(tmp_content, entries) -> None:
    tmp_content.write("reviews.yml", yaml.safe_dump(entries, sort_keys=False, allow_unicode=True))


@pytest.fixture
def reviewed(tmp_content):
    write_reviews(tmp_content, [REVIEW])
    return load(tmp_content.root)


# --------------------------------------------------------------------------- the file


def test_real_content_records_no_review(content):
    """Is reviews.yml shipped empty, with a header that says none is recorded yet (none may be invented)?"""
    text = (content.root / "reviews.yml").read_text()
    assert content.reviews == [] and "None is recorded yet" in text and "never invent" in text
    assert yaml.safe_load(text) == []


def test_a_review_loads_with_every_field(reviewed):
    """Does a recorded review load with its module, reviewer, credentials, date and decision?"""
    r = latest_review(reviewed, M02)
    assert (r.module, r.reviewer, r.credentials, r.date, r.decision) == (
        M02, "Fixture Reviewer", "RN, OCN (test fixture)", dt.date(2026, 1, 15), "approved-with-changes")
    assert latest_review(reviewed, "01-lines-of-treatment") is None


def test_the_latest_review_is_shown(tmp_content):
    """With two reviews of one module, is the most recent one shown, whatever the file order?"""
    later = {**REVIEW, "date": dt.date(2026, 3, 1), "decision": "approved"}
    write_reviews(tmp_content, [later, REVIEW])
    content = load(tmp_content.root)
    assert review_line(content, M02).endswith("on 2026-03-01 (approved)")


def test_a_file_with_only_comments_is_no_review(tmp_content):
    """Is a reviews.yml holding only comments read as no review, not as an error?"""
    tmp_content.write("reviews.yml", "# nothing yet\n")
    assert load(tmp_content.root).reviews == []


@pytest.mark.parametrize(("change", "words"), [
    ({"module": "99-no-such-module"}, "unknown module '99-no-such-module'"),
    ({"module": "two words"}, "module"),
    ({"decision": "looks fine"}, "decision"),
    ({"date": dt.date.today() + dt.timedelta(days=1)}, "is in the future"),
    ({"reviewer": ""}, "reviewer"),
    ({"signature": "x"}, "signature"),
])
def test_a_bad_review_is_named_by_file_and_field(tmp_content, change, words):
    """Does a review naming no real module, an unknown decision, a future date, an empty name or an unknown field fail
    with the file and the field named?"""
    write_reviews(tmp_content, [REVIEW, {**REVIEW, **change}])
    with pytest.raises(ContentError) as info:
        load(tmp_content.root)
    msg = str(info.value)
    assert "reviews.yml" in msg and words in msg and "[1]" in msg


def test_a_review_needs_a_date_and_credentials(tmp_content):
    """Is a review without a date or credentials refused?"""
    entry = {k: v for k, v in REVIEW.items() if k not in ("date", "credentials")}
    write_reviews(tmp_content, [entry])
    with pytest.raises(ContentError, match=r"reviews\.yml.*(date|credentials).*Field required"):
        load(tmp_content.root)


# --------------------------------------------------------------------------- where the status is shown


def test_module_header_says_not_yet_reviewed(content):
    """Does every module's header (JupyterLab and the site) say it is not yet clinically reviewed?"""
    for slug in content.modules:
        html = ModuleBook(slug, content).header()._repr_html_()
        assert f"<strong>Clinical review:</strong> {NOT_REVIEWED}." in html


def test_module_header_names_the_recorded_review(reviewed):
    """Does the header of a reviewed module name reviewer, credentials, date and decision (escaped), and leave the
    others as not yet reviewed?"""
    assert SHOWN in ModuleBook(M02, reviewed).header()._repr_html_()
    assert NOT_REVIEWED in ModuleBook("01-lines-of-treatment", reviewed).header()._repr_html_()


def test_certificate_gives_each_module_its_review_status(content, reviewed):
    """Does the certificate say, for each module completed, who reviewed it or that nobody has yet?"""
    rec = Record(display_name="Ana", completed={M02: "2025-03-01T10:00:00Z",
                                                "01-lines-of-treatment": "2025-03-01T10:00:00Z"})
    page = certificate_html(rec, content)
    assert page.count(f"· {NOT_REVIEWED}") == 2 and "Clinically reviewed by" not in page
    page = certificate_html(rec, reviewed)
    assert page.count(f"· {NOT_REVIEWED}") == 1 and SHOWN in page


def test_guide_answer_keys_and_review_record_say_the_status(content, reviewed):
    """Do the generated answer keys, their index and the CE packet's review record say the status in both states,
    with a reviewer's notes kept in one table cell?"""
    key = answer_key_markdown(M02, content)
    assert f"**Clinical review:** {NOT_REVIEWED} (" in key
    record = clinical_review_markdown(content)
    n = len(content.modules)
    assert record.count(f"| {NOT_REVIEWED} |") == n and f"0 of {n} modules" in record
    assert f"**Clinical review:** {SHOWN} (" in answer_key_markdown(M02, reviewed)
    assert f"{SHOWN}." in answer_keys_index_markdown(reviewed)
    record = clinical_review_markdown(reviewed)
    assert f"| {SHOWN} | Fixture <b>notes</b> \\| piped. |" in record and f"1 of {n} modules" in record
    assert "ce-packet/clinical-review.md" in generated_pages(reviewed)
    html = markdown_to_html(record, "ce-packet/clinical-review.md")
    assert "<b>notes</b>" not in html and "&lt;b&gt;notes&lt;/b&gt;" in html
