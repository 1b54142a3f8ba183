"""mpdemos.course.browser: finding Chromium, and what a page did in it.

The browser tests open small pages written here: one that asks the network,
logs an error and throws, so the report can be seen to catch each, and one
printed to PDF. They skip, saying why, where Playwright or Chromium is
missing; in CI on Linux (where `python tools/bootstrap.py` installs
Chromium) a missing browser fails instead.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from mpdemos.course import browser

NO_BROWSER = browser.unavailable()
needs_browser = pytest.mark.skipif(NO_BROWSER is not None,
                                   reason=f"no browser checks: {NO_BROWSER}")

NOISY_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>noisy</title></head>
<body><p>hello</p>
<img src="https://example.invalid/picture.png" alt="from outside">
<script>console.error("something broke"); throw new Error("uncaught here");</script>
</body></html>
"""

PRINTED_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>printed page</title>
<style>.tall { height: 200mm; }</style></head>
<body><h1>First</h1><div class="tall"></div>
<p><a href="next.html" data-pdf="next.pdf">the next handout</a></p>
<h1>Second</h1><div class="tall"></div></body></html>
"""


def test_ci_on_linux_has_a_browser() -> None:
    if not (os.environ.get("CI") and sys.platform.startswith("linux")):
        pytest.skip("only CI on Linux must have Chromium (bootstrap installs it)")
    assert NO_BROWSER is None, NO_BROWSER


def test_the_named_browser_wins(tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "my-chromium"
    fake.write_text("")
    monkeypatch.setenv(browser.CHROMIUM_ENV, str(fake))
    assert browser.find_chromium() == str(fake)


def test_a_missing_named_browser_is_said(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv(browser.CHROMIUM_ENV, str(tmp_path / "gone"))
    assert browser.find_chromium() is None
    reason = browser.unavailable()
    assert reason is not None and browser.CHROMIUM_ENV in reason


def test_a_browser_that_cannot_start_raises(tmp_path: Path) -> None:
    pytest.importorskip("playwright.sync_api")
    not_a_browser = tmp_path / "chromium"
    not_a_browser.write_text("")
    with pytest.raises(browser.BrowserError, match="did not start"):
        with browser.chromium(str(not_a_browser), timeout=10):
            pass


def test_check_pages_needs_a_tab() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        browser.check_pages([], [], tabs=0)


@needs_browser
def test_a_page_that_asks_the_network_and_fails_is_reported(tmp_path: Path) -> None:
    page = tmp_path / "noisy.html"
    page.write_text(NOISY_PAGE)
    report = browser.check_pages([], [page])[page]
    assert report.outside_requests == ["https://example.invalid/picture.png"]
    assert any("example.invalid" in failed for failed in report.failed_requests)
    assert any("something broke" in error for error in report.console_errors)
    assert any("uncaught here" in error for error in report.console_errors)
    assert report.linked_images == ["https://example.invalid/picture.png"]
    assert report.ready is False  # no MathJax on this page


@needs_browser
def test_print_pdfs_writes_pages_that_link_pdfs(tmp_path: Path) -> None:
    from pypdf import PdfReader

    page, pdf = tmp_path / "printed.html", tmp_path / "printed.pdf"
    page.write_text(PRINTED_PAGE)
    report = browser.print_pdfs([(page, pdf)])[page]
    assert report.console_errors == [] and report.outside_requests == []
    reader = PdfReader(pdf)
    assert len(reader.pages) >= 2
    text = reader.pages[0].extract_text()
    assert "First" in text and f"1 / {len(reader.pages)}" in text  # numbered footer
    uris = [str(a.get_object()["/A"]["/URI"]) for p in reader.pages
            for a in p.get("/Annots") or []]
    assert [uri.rsplit("/", 1)[-1] for uri in uris] == ["next.pdf"]
