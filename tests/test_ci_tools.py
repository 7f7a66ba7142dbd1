"""Under CI (SECONDLINE_REQUIRE_BROWSER=1) a test whose browser, PDF tool or PDF output is missing fails; elsewhere it
skips, or leaves out only the part that needs the tool. The helpers every such test uses live in tests/browser.py."""

from __future__ import annotations

import pytest

import browser
from browser import left_out, missing, require_pdf, require_tool

NO_TOOL = "secondline-no-such-tool"


def test_a_missing_tool_skips_here_and_fails_under_ci(monkeypatch):
    """Does a missing tool skip the test (saying which) without CI, and fail it under CI?"""
    monkeypatch.delenv("SECONDLINE_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match=NO_TOOL):
        require_tool(NO_TOOL)
    left_out("nothing")  # outside CI the test goes on without that part
    monkeypatch.setenv("SECONDLINE_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match=NO_TOOL):
        require_tool(NO_TOOL)
    with pytest.raises(pytest.fail.Exception, match="pdfinfo"):
        left_out("pdfinfo (poppler-utils) is not installed")
    with pytest.raises(pytest.fail.Exception, match="reason"):
        missing("reason")


def test_missing_pdf_output_and_chromium_fail_under_ci(monkeypatch, tmp_path):
    """With no Chromium, do PDF output and the browser tests fail under CI (and skip elsewhere)?"""
    monkeypatch.setenv("SECONDLINE_CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setattr(browser, "CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setenv("SECONDLINE_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="PDF skipped"):
        require_pdf()
    with pytest.raises(pytest.fail.Exception, match="no Chromium"):
        browser.require_chromium()
    monkeypatch.delenv("SECONDLINE_REQUIRE_BROWSER")
    with pytest.raises(pytest.skip.Exception):
        require_pdf()
