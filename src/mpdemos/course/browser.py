"""Headless Chromium for the course's checks and PDF handouts, through Playwright.

Playwright (the library nbconvert's WebPDF exporter uses) drives a Chromium
that is already installed: Debian's ``chromium``, Chrome, Chromium or Edge,
found by :func:`find_chromium` (or named by ``MPDEMOS_CHROMIUM``). It never
downloads one (``playwright install`` needs the internet); where no Chromium
or no Playwright is found, :func:`unavailable` says why and the callers skip.
Playwright gives every launch a fresh, empty profile and removes it after.

For every page, :class:`PageReport` records each request the page made
(anything but ``file:``, ``data:``, ``about:`` and ``blob:`` would leave the
machine; the browser is also told that every host name is unknown and that
its proxy is a dead port), failed requests, console errors and uncaught
exceptions, and, for a deck, whether reveal.js came up, how many slides it
has, which slides overflow the slide area, and a PNG of the first slide.
:func:`print_pdfs` prints handouts to PDF in the same browser.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

VIEWPORT = (1280, 720)
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:", "chrome-error:")
#: Set this to the path of a Chromium-based browser to use that one.
CHROMIUM_ENV = "MPDEMOS_CHROMIUM"
#: Seconds any one wait in the browser may take.
TIMEOUT = 30

CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--mute-audio",
    # Tabs load side by side; none may be slowed down for being in the background.
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
    "--hide-scrollbars",
    f"--window-size={VIEWPORT[0]},{VIEWPORT[1]}",
)
#: No request may leave the machine: no name resolves, the proxy is a dead port.
#: 127.0.0.1 is excepted and, as loopback, bypasses the proxy: a server the
#: caller started there (JupyterLab, for the live slides) still answers.
OFFLINE_FLAGS = (
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--proxy-server=127.0.0.1:9",
)

_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable",
          "chrome", "msedge", "microsoft-edge")
_MACOS = ("/Applications/Chromium.app/Contents/MacOS/Chromium",
          "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
          "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge")
_WINDOWS = (r"Google\Chrome\Application\chrome.exe", r"Chromium\Application\chrome.exe",
            r"Microsoft\Edge\Application\msedge.exe")


class BrowserError(RuntimeError):
    """Chromium did not start, died, or did not answer in time."""


def find_chromium() -> str | None:
    """Return the path of an installed Chromium-based browser, or None."""
    named = os.environ.get(CHROMIUM_ENV)
    if named:
        return named if Path(named).is_file() else None
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return found
    places: list[Path] = []
    if sys.platform == "darwin":
        places = [Path(p) for p in _MACOS]
    elif sys.platform == "win32":
        roots = {os.environ.get(v) for v in ("PROGRAMFILES", "PROGRAMFILES(X86)",
                                             "LOCALAPPDATA")}
        places = [Path(root) / p for root in sorted(r for r in roots if r)
                  for p in _WINDOWS]
    return next((str(p) for p in places if p.is_file()), None)


def unavailable() -> str | None:
    """Say why the browser checks cannot run here, or return None if they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return ("Playwright is not installed (pip install playwright, or "
                "python tools/bootstrap.py)")
    if find_chromium() is None:
        where = f"set {CHROMIUM_ENV} to its path, or install one"
        if sys.platform.startswith("linux"):
            where += " (`apt-get install chromium`; tools/bootstrap.py does it as root)"
        return f"no Chromium, Chrome or Edge was found: {where}"
    return None


@contextmanager
def chromium(executable: str | None = None, offline: bool = True,
             timeout: float = TIMEOUT) -> Iterator[Any]:
    """Start one headless Chromium; yield a Playwright ``Browser``.

    ``offline`` cuts the browser off from every host but this machine's
    addresses. The browser and Playwright's driver are gone when this returns.
    """
    reason = unavailable() if executable is None else None
    if reason:
        raise BrowserError(reason)
    from playwright.sync_api import Error, sync_playwright

    executable = executable or find_chromium()
    flags = [*CHROMIUM_FLAGS, *(OFFLINE_FLAGS if offline else ())]
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=executable, headless=True, args=flags,
                timeout=timeout * 1000, handle_sigint=False,
            )
        except Error as e:
            raise BrowserError(f"Chromium ({executable}) did not start: {e}") from e
        try:
            yield browser
        finally:
            browser.close()


def new_context(browser: Any, timeout: float = TIMEOUT) -> Any:
    """A browser context with a 1280x720 viewport and bounded waits."""
    context = browser.new_context(
        viewport={"width": VIEWPORT[0], "height": VIEWPORT[1]}, device_scale_factor=1,
    )
    context.set_default_timeout(timeout * 1000)
    context.set_default_navigation_timeout(timeout * 1000)
    return context


@dataclass
class PageReport:
    """What one page did in the browser."""

    url: str
    outside_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    ready: bool = False
    slide_count: int | None = None
    notes_slides: int | None = None
    visible_notes: int | None = None
    overflowing: list[dict[str, Any]] = field(default_factory=list)
    math_rendered: int = 0
    images: int = 0
    linked_images: list[str] = field(default_factory=list)
    screenshot: Path | None = None
    speaker_notes: str | None = None


def watch(page: Any, report: PageReport) -> None:
    """Record the page's requests, failures, console errors and exceptions."""

    def on_request(request: Any) -> None:
        if not request.url.startswith(LOCAL_SCHEMES):
            report.outside_requests.append(request.url)

    def on_failed(request: Any) -> None:
        report.failed_requests.append(
            f"{request.resource_type}: {request.failure} ({request.url})")

    def on_console(message: Any) -> None:
        if message.type in ("error", "assert"):
            report.console_errors.append(f"console.{message.type}: {message.text}")

    page.on("request", on_request)
    page.on("requestfailed", on_failed)
    page.on("console", on_console)
    page.on("pageerror", lambda error: report.console_errors.append(
        f"exception: {error}"))


def wait_for(page: Any, expression: str, timeout: float = TIMEOUT) -> bool:
    """Wait until the JavaScript ``expression`` is true; return whether it became so."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(f"() => !!({expression})", timeout=timeout * 1000,
                               polling=50)
    except PlaywrightTimeout:
        return False
    return True


# What the deck check runs in the page once reveal.js is ready.
# The deck loads reveal.js through require.js, which leaves no global ``Reveal``;
# the course's deck template keeps it as ``window.mpdemosReveal`` (wherever the
# assets are: ``../assets`` for an edition in a subfolder).
_REVEAL = "window.mpdemosReveal"
_DECK_SCRIPT = """() => {
  const Reveal = REVEAL;
  const config = Reveal.getConfig();
  const overflowing = [];
  let notesSlides = 0;
  Reveal.getSlides().forEach((slide, index) => {
    const where = Reveal.getIndices(slide);
    Reveal.slide(where.h, where.v);
    if (Reveal.getSlideNotes(slide)) notesSlides += 1;
    const wide = [...slide.querySelectorAll("pre")]
      .filter(pre => pre.scrollWidth > pre.clientWidth + 1).length;
    const height = slide.scrollHeight, width = slide.scrollWidth;
    if (height > config.height || width > config.width || wide) {
      const heading = slide.querySelector("h1, h2, h3");
      overflowing.push({
        slide: index + 1, height: height, width: width, wide_code_blocks: wide,
        type_scale: slide.style.getPropertyValue("--mpdemos-fit") || "1",
        heading: heading ? heading.textContent.replace("\\u00b6", "").trim() : ""});
    }
  });
  Reveal.slide(0, 0);
  const visibleNotes = [...document.querySelectorAll("aside.notes")]
    .filter(aside => aside.offsetHeight > 0 || aside.offsetWidth > 0).length;
  return {total: Reveal.getTotalSlides(), notesSlides: notesSlides,
          overflowing: overflowing, visibleNotes: visibleNotes};
}""".replace("REVEAL", _REVEAL)

# MathJax 2 is done once its startup has ended and everything queued so far has run.
# (The hook must return nothing: a hook that returns a callback holds the signal up.)
_MATH_ON_PAGE = """() => !!document.querySelector('script[src*="MathJax.js"]')"""
_MATH_LOADED = "window.MathJax && MathJax.Hub && MathJax.Hub.Register"
_MATH_SETTLED = """() => new Promise(done => MathJax.Hub.Register.StartupHook(
    "End", () => { MathJax.Hub.Queue(() => done(true)); }))"""
_MATH_COUNT = "() => document.querySelectorAll('.MJXc-display, .mjx-chtml').length"
# On the slide shown, every formula has been drawn (re-rendering after a slide change
# runs outside MathJax's queue).
_SLIDE_MATH_SHOWN = """(() => {
  const present = [...document.querySelectorAll(".reveal .slides section.present")]
    .pop();
  if (!present) return false;
  const formulas = present.querySelectorAll('script[type^="math/tex"]').length;
  const drawn = [...present.querySelectorAll(".mjx-chtml")]
    .filter(e => e.offsetWidth > 0);
  return drawn.length >= formulas;
})()"""
_IMAGES = """() => [...document.images].map(img => img.getAttribute('src') || '')
  .filter(src => !src.startsWith('data:'))"""
_IMAGE_COUNT = "() => document.images.length"


def wait_for_math(page: Any, timeout: float = TIMEOUT) -> bool:
    """Wait until MathJax has typeset everything queued.

    False at once for a page that does not load MathJax, or after ``timeout``
    seconds if it never came up.
    """
    if not page.evaluate(_MATH_ON_PAGE) or not wait_for(page, _MATH_LOADED, timeout):
        return False
    return bool(page.evaluate(_MATH_SETTLED))


def check_deck(page: Any, report: PageReport, screenshot: Path | None = None,
               timeout: float = 15) -> PageReport:
    """Check an opened deck: reveal.js, slides, overflow, math; maybe save a PNG."""
    page.wait_for_load_state("load")
    report.ready = wait_for(page, "document.querySelector('div.reveal.ready')", timeout)
    if report.ready:
        wait_for(page, "document.querySelector('div.reveal.mpdemos-fitted')", timeout)
        wait_for_math(page, timeout)
        report.math_rendered = page.evaluate(_MATH_COUNT)
        result = page.evaluate(_DECK_SCRIPT)
        report.slide_count = result["total"]
        report.notes_slides = result["notesSlides"]
        report.overflowing = result["overflowing"]
        report.visible_notes = result["visibleNotes"]
        wait_for_math(page, timeout)  # slide changes re-render math
        report.linked_images = page.evaluate(_IMAGES)
        report.images = page.evaluate(_IMAGE_COUNT)
        if screenshot is not None:
            wait_for(page, _SLIDE_MATH_SHOWN, timeout)
            page.wait_for_timeout(100)  # let the first slide paint
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=screenshot)
            report.screenshot = screenshot
    return report


def check_handout(page: Any, report: PageReport, timeout: float = 15) -> PageReport:
    """Check an opened handout: MathJax finished, images embedded."""
    page.wait_for_load_state("load")
    report.ready = wait_for_math(page, timeout)
    report.math_rendered = page.evaluate(_MATH_COUNT)
    report.linked_images = page.evaluate(_IMAGES)
    report.images = page.evaluate(_IMAGE_COUNT)
    return report


def speaker_view_notes(context: Any, path: Path, timeout: float = 15) -> str:
    """Open a deck, press ``s`` for its speaker view; return the notes it shows.

    The speaker view is a pop-up window of reveal.js's notes plugin that
    shows the current slide's notes (here the first slide's).
    """
    page = context.new_page()
    try:
        page.goto(Path(path).resolve().as_uri())
        if not wait_for(page, "document.querySelector('div.reveal.ready')", timeout):
            raise BrowserError(f"{path}: reveal.js never got ready")
        with page.expect_popup(timeout=timeout * 1000) as popup:
            page.keyboard.press("s")
        view = popup.value
        shown = ("(document.querySelector('.speaker-controls-notes .value') || {})"
                 ".innerText")
        wait_for(view, shown, timeout)
        text = str(view.evaluate(f"() => {shown} || ''"))
        view.close()
        return text
    finally:
        page.close()


def check_pages(decks: Sequence[Path], handouts: Sequence[Path],
                screenshots: Path | None = None, tabs: int = 6,
                executable: str | None = None,
                speaker_views: Sequence[Path] = ()) -> dict[Path, PageReport]:
    """Check decks and handouts in one Chromium, ``tabs`` pages loading at a time.

    A deck's first slide is saved as ``screenshots/<deck name>.png``. For the
    decks in ``speaker_views``, the report's ``speaker_notes`` holds what the
    speaker view shows for the first slide. Returns a report per page, keyed
    by the path given.
    """
    if tabs < 1:
        raise ValueError(f"tabs must be at least 1, not {tabs!r}")
    jobs = [(Path(p), True) for p in decks] + [(Path(p), False) for p in handouts]
    reports: dict[Path, PageReport] = {}
    with chromium(executable) as browser:
        context = new_context(browser)
        for start in range(0, len(jobs), tabs):
            batch = []
            for path, is_deck in jobs[start:start + tabs]:
                report = PageReport(url=path.resolve().as_uri())
                page = context.new_page()
                watch(page, report)
                page.goto(report.url, wait_until="commit")  # the others load meanwhile
                batch.append((path, is_deck, page, report))
            for path, is_deck, page, report in batch:
                try:
                    if is_deck:
                        shot = None
                        if screenshots is not None:
                            shot = screenshots / f"{path.name.split('.')[0]}.png"
                        reports[path] = check_deck(page, report, shot)
                    else:
                        reports[path] = check_handout(page, report)
                    page.wait_for_timeout(50)  # late console messages
                finally:
                    page.close()
        for path in speaker_views:
            reports[Path(path)].speaker_notes = speaker_view_notes(context, Path(path))
        context.close()
    return reports


# ---------------------------------------------------------------- PDF handouts

#: Printed at the foot of every PDF page (Chromium fills in the classed spans).
PDF_FOOTER = (
    '<div style="font: 8px sans-serif; color: #666; width: 100%; '
    'margin: 0 12mm; display: flex; justify-content: space-between;">'
    '<span class="title"></span>'
    '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span>'
    "</div>"
)
# On paper, a link that names a PDF in ``data-pdf`` leads to that PDF, not the page.
_LINK_PDFS = """() => document.querySelectorAll("a[data-pdf]")
  .forEach(a => a.setAttribute("href", a.dataset.pdf))"""
PDF_MARGIN = {"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"}


def print_pdfs(jobs: Sequence[tuple[Path, Path]], executable: str | None = None,
               timeout: float = 60) -> dict[Path, PageReport]:
    """Print each ``(html, pdf)`` pair: open the page as print media, wait for its
    math, write an A4 PDF with page numbers and an outline of its headings.

    Returns a report per HTML page (requests, errors), keyed by the path given.
    """
    reports: dict[Path, PageReport] = {}
    with chromium(executable) as browser:
        context = new_context(browser, timeout)
        for source, target in jobs:
            report = PageReport(url=Path(source).resolve().as_uri())
            page = context.new_page()
            try:
                watch(page, report)
                page.emulate_media(media="print")
                page.goto(report.url)
                report.ready = wait_for_math(page, timeout)
                page.evaluate(_LINK_PDFS)
                page.pdf(path=target, format="A4", print_background=True,
                         margin=PDF_MARGIN, display_header_footer=True,
                         header_template="<span></span>", footer_template=PDF_FOOTER,
                         outline=True)
            finally:
                page.close()
            reports[Path(source)] = report
        context.close()
    return reports
