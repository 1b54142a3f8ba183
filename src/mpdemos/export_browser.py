"""Check exported decks and handouts in headless Chromium, with the network cut off.

Used by ``tests/test_export.py``. It drives one Chromium through the Chrome
DevTools Protocol over a pipe (``--remote-debugging-pipe``), so it needs no
driver, no websocket library and no open port. Linux and macOS only.

For every page it records each request the page made (anything but
``file:``, ``data:``, ``about:`` and ``blob:`` would leave the machine; the
browser is also told that every host name is unknown and that its proxy is a
dead port), console errors and uncaught exceptions, and, for a deck, whether
reveal.js came up, how many slides it has, which slides overflow the slide
area, and a PNG of the first slide.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from collections.abc import Sequence
from pathlib import Path
from typing import Any

VIEWPORT = (1280, 720)
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:", "chrome-error:")

CHROMIUM_FLAGS = (
    "--headless",
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
    # No request may leave the machine: no name resolves, the proxy is a dead port.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9",
    f"--window-size={VIEWPORT[0]},{VIEWPORT[1]}",
)


def find_chromium() -> str | None:
    """Return the path of a Chromium or Chrome executable, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


class BrowserError(RuntimeError):
    """Chromium did not start, died, or did not answer in time."""


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


class Chromium:
    """One headless Chromium, spoken to over the DevTools pipe. Use as a context manager."""

    def __init__(self, executable: str | None = None, timeout: float = 30) -> None:
        executable = executable or find_chromium()
        if executable is None:
            raise BrowserError("Chromium is not installed (run python tools/bootstrap.py)")
        import fcntl  # POSIX only, like the pipe this class talks through

        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="mpdemos-chromium-")
        # Chromium's own messages go to a file: an unread pipe would fill and stall it.
        self._log = open(Path(self._profile.name) / "chromium.log", "wb")  # noqa: SIM115
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def wire_pipes() -> None:  # in the child: Chromium reads fd 3, writes fd 4
            # Move both ends out of the way first: either may already be fd 3 or 4.
            reads = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
            writes = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
            os.dup2(reads, 3)  # dup2 onto another number makes it inheritable
            os.dup2(writes, 4)

        cmd = [executable, *CHROMIUM_FLAGS, "--remote-debugging-pipe",
               f"--user-data-dir={Path(self._profile.name) / 'profile'}", "about:blank"]
        self.process = subprocess.Popen(  # noqa: S603
            cmd, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT,
            preexec_fn=wire_pipes, close_fds=False,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def log_tail(self, size: int = 2000) -> str:
        """Return the end of what Chromium printed (for error messages)."""
        self._log.flush()
        text = (Path(self._profile.name) / "chromium.log").read_bytes()[-size:]
        return text.decode(errors="replace")

    def close(self) -> None:
        """Stop the browser and remove its profile."""
        if self.process.poll() is None:
            try:
                self.call("Browser.close", timeout=5)
            except (BrowserError, OSError):
                pass
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass
        self._log.close()
        self._profile.cleanup()

    # ------------------------------------------------------------ protocol

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("Chromium did not answer in time")
            ready, _, _ = select.select([self._from_browser], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise BrowserError(f"Chromium exited (code {self.process.poll()}): "
                                   f"{self.log_tail()}")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, params: dict[str, Any] | None = None,
             session: str | None = None, timeout: float | None = None) -> dict[str, Any]:
        """Send one DevTools command and return its result (events are kept in ``events``)."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method,
                                   "params": params or {}}
        if session:
            message["sessionId"] = session
        try:
            os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        except BrokenPipeError:
            raise BrowserError(f"Chromium exited (code {self.process.poll()}): "
                               f"{self.log_tail()}") from None
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            self.events.append(reply)

    def pump(self, seconds: float) -> None:
        """Collect events for a while."""
        deadline = time.monotonic() + seconds
        try:
            while True:
                self.events.append(self._read_message(deadline))
        except BrowserError:
            if self.process.poll() is not None:
                raise

    def evaluate(self, session: str, expression: str, timeout: float | None = None) -> Any:
        """Evaluate JavaScript in the page (promises are awaited); return its value."""
        result = self.call("Runtime.evaluate", {
            "expression": expression, "returnByValue": True, "awaitPromise": True,
        }, session=session, timeout=timeout)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise BrowserError(f"JavaScript failed: {text}")
        return result.get("result", {}).get("value")

    def wait_for(self, session: str, expression: str, timeout: float) -> bool:
        """Poll ``expression`` until it is true; return whether it became true."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.evaluate(session, f"!!({expression})"):
                return True
            self.pump(0.05)
        return False

    # ------------------------------------------------------------ pages

    def open(self, url: str, wait: bool = True) -> str:
        """Open ``url`` in a new 1280x720 tab; return the tab's session id.

        With ``wait=False`` it returns at once, so several tabs load side by
        side; call :meth:`wait_loaded` before looking at the page.
        """
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget",
                            {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.call(f"{domain}.enable", session=session)
        self.call("Emulation.setDeviceMetricsOverride", {
            "width": VIEWPORT[0], "height": VIEWPORT[1], "deviceScaleFactor": 1,
            "mobile": False,
        }, session=session)
        self.events = [e for e in self.events if e.get("sessionId") != session]
        self.call("Page.navigate", {"url": url}, session=session)
        if wait:
            self.wait_loaded(session)
        return session

    def wait_loaded(self, session: str) -> None:
        """Wait until the tab's page fired its load event."""
        deadline = time.monotonic() + self.timeout
        while not any(e.get("method") == "Page.loadEventFired"
                      and e.get("sessionId") == session for e in self.events):
            self.events.append(self._read_message(deadline))

    def close_tab(self, session: str) -> None:
        target = self.call("Target.getTargetInfo", session=session)["targetInfo"]["targetId"]
        self.call("Target.closeTarget", {"targetId": target})

    def record(self, session: str, report: PageReport) -> None:
        """Move this tab's network and console events into ``report``."""
        for event in self.events:
            if event.get("sessionId") != session:
                continue
            method, params = event.get("method"), event.get("params", {})
            if method == "Network.requestWillBeSent":
                url = params["request"]["url"]
                if not url.startswith(LOCAL_SCHEMES):
                    report.outside_requests.append(url)
            elif method == "Network.loadingFailed":
                report.failed_requests.append(
                    f"{params.get('type')}: {params.get('errorText')} ({params.get('requestId')})"
                )
            elif method == "Runtime.exceptionThrown":
                details = params["exceptionDetails"]
                text = details.get("exception", {}).get("description") or details.get("text")
                report.console_errors.append(f"exception: {text}")
            elif method == "Runtime.consoleAPICalled" and params.get("type") in (
                    "error", "assert"):
                args = " ".join(str(a.get("value", a.get("description", "")))
                                for a in params.get("args", []))
                report.console_errors.append(f"console.{params['type']}: {args}")
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                entry = params["entry"]
                report.console_errors.append(f"{entry.get('source')}: {entry.get('text')} "
                                             f"{entry.get('url', '')}".strip())
        self.events = [e for e in self.events if e.get("sessionId") != session]


# What the deck check runs in the page once reveal.js is ready.
# The deck loads reveal.js through require.js, which leaves no global ``Reveal``.
_DECK_SCRIPT = """
(() => {
  const Reveal = require("assets/reveal.js/dist/reveal.js");
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
      overflowing.push({slide: index + 1, height: height, width: width,
                        wide_code_blocks: wide,
                        type_scale: slide.style.getPropertyValue("--mpdemos-fit") || "1",
                        heading: heading ? heading.textContent.replace("\u00b6", "").trim() : ""});
    }
  });
  Reveal.slide(0, 0);
  const visibleNotes = [...document.querySelectorAll("aside.notes")]
    .filter(aside => aside.offsetHeight > 0 || aside.offsetWidth > 0).length;
  return {total: Reveal.getTotalSlides(), notesSlides: notesSlides, overflowing: overflowing,
          visibleNotes: visibleNotes};
})()
"""

# MathJax 2 is done once its startup has ended and everything queued so far has run.
# (The hook must return nothing: a hook that returns a callback holds the signal up.)
_MATH_LOADED = "window.MathJax && MathJax.Hub && MathJax.Hub.Register"
_MATH_SETTLED = """new Promise(done => MathJax.Hub.Register.StartupHook(
    "End", () => { MathJax.Hub.Queue(() => done(true)); }))"""
_MATH_COUNT = "document.querySelectorAll('.MJXc-display, .mjx-chtml').length"
# On the slide shown, every formula has been drawn (re-rendering after a slide change
# runs outside MathJax's queue).
_SLIDE_MATH_SHOWN = """(() => {
  const present = [...document.querySelectorAll(".reveal .slides section.present")].pop();
  if (!present) return false;
  const formulas = present.querySelectorAll('script[type^="math/tex"]').length;
  const drawn = [...present.querySelectorAll(".mjx-chtml")].filter(e => e.offsetWidth > 0);
  return drawn.length >= formulas;
})()"""
_IMAGES = ("[...document.images].map(img => img.getAttribute('src') || '')"
           ".filter(src => !src.startsWith('data:'))")


def _wait_for_math(browser: Chromium, session: str, timeout: float) -> bool:
    if not browser.wait_for(session, _MATH_LOADED, timeout):
        return False
    return bool(browser.evaluate(session, _MATH_SETTLED, timeout=timeout))


def check_deck(browser: Chromium, path: Path, screenshot: Path | None = None,
               ready_timeout: float = 15, session: str | None = None) -> PageReport:
    """Open a deck; check reveal.js, slides, overflow, math; optionally save a PNG.

    ``session`` is a tab already opened on ``path`` (see :func:`check_pages`).
    """
    report = PageReport(url=Path(path).resolve().as_uri())
    session = session or browser.open(report.url)
    browser.wait_loaded(session)
    try:
        report.ready = browser.wait_for(
            session, "document.querySelector('div.reveal.ready')", ready_timeout)
        if report.ready:
            browser.wait_for(session, "document.querySelector('div.reveal.mpdemos-fitted')",
                             ready_timeout)
            _wait_for_math(browser, session, ready_timeout)
            report.math_rendered = browser.evaluate(session, _MATH_COUNT)
            result = browser.evaluate(session, _DECK_SCRIPT)
            report.slide_count = result["total"]
            report.notes_slides = result["notesSlides"]
            report.overflowing = result["overflowing"]
            report.visible_notes = result["visibleNotes"]
            _wait_for_math(browser, session, ready_timeout)  # slide changes re-render math
            report.linked_images = browser.evaluate(session, _IMAGES)
            report.images = browser.evaluate(session, "document.images.length")
            if screenshot is not None:
                browser.call("Page.bringToFront", session=session)
                browser.wait_for(session, _SLIDE_MATH_SHOWN, ready_timeout)
                browser.pump(0.1)  # let the first slide paint
                shot = browser.call("Page.captureScreenshot", {"format": "png"},
                                    session=session)
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                screenshot.write_bytes(base64.b64decode(shot["data"]))
                report.screenshot = screenshot
        browser.pump(0.05)
        browser.record(session, report)
    finally:
        browser.close_tab(session)
    return report


def check_handout(browser: Chromium, path: Path, ready_timeout: float = 15,
                  session: str | None = None) -> PageReport:
    """Open a handout; check that MathJax finished and nothing was fetched from outside."""
    report = PageReport(url=Path(path).resolve().as_uri())
    session = session or browser.open(report.url)
    browser.wait_loaded(session)
    try:
        report.ready = _wait_for_math(browser, session, ready_timeout)
        report.math_rendered = browser.evaluate(session, _MATH_COUNT)
        report.linked_images = browser.evaluate(session, _IMAGES)
        report.images = browser.evaluate(session, "document.images.length")
        browser.pump(0.05)
        browser.record(session, report)
    finally:
        browser.close_tab(session)
    return report


def speaker_view_notes(browser: Chromium, path: Path, timeout: float = 15) -> str:
    """Open a deck, press its speaker-view button (``s``); return the notes it shows.

    The speaker view is a pop-up window of reveal.js's notes plugin that
    shows the current slide's notes (here the first slide's).
    """
    session = browser.open(Path(path).resolve().as_uri())
    before = {t["targetId"] for t in browser.call("Target.getTargets")["targetInfos"]}
    try:
        if not browser.wait_for(session, "document.querySelector('div.reveal.ready')", timeout):
            raise BrowserError(f"{path}: reveal.js never got ready")
        browser.call("Runtime.evaluate", {  # a pop-up needs a user gesture
            "expression": 'require("assets/reveal.js/dist/reveal.js")'
                          '.getPlugin("notes").open()',
            "userGesture": True,
        }, session=session)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            new = [t for t in browser.call("Target.getTargets")["targetInfos"]
                   if t["type"] == "page" and t["targetId"] not in before]
            if new:
                break
            browser.pump(0.05)
        else:
            raise BrowserError(f"{path}: the speaker view did not open")
        popup = browser.call("Target.attachToTarget",
                             {"targetId": new[0]["targetId"], "flatten": True})["sessionId"]
        shown = ("(document.querySelector('.speaker-controls-notes .value') || {})"
                 ".innerText || ''")
        browser.wait_for(popup, shown, timeout)
        text = str(browser.evaluate(popup, shown))
        browser.call("Target.closeTarget", {"targetId": new[0]["targetId"]})
        return text
    finally:
        browser.events = [e for e in browser.events if e.get("sessionId") != session]
        browser.close_tab(session)


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
    with Chromium(executable) as browser:
        for start in range(0, len(jobs), tabs):
            batch = jobs[start:start + tabs]
            sessions = [browser.open(path.resolve().as_uri(), wait=False) for path, _ in batch]
            for (path, is_deck), session in zip(batch, sessions):
                if is_deck:
                    shot = None
                    if screenshots is not None:
                        shot = screenshots / f"{path.name.split('.')[0]}.png"
                    reports[path] = check_deck(browser, path, shot, session=session)
                else:
                    reports[path] = check_handout(browser, path, session=session)
        for path in speaker_views:
            reports[Path(path)].speaker_notes = speaker_view_notes(browser, Path(path))
    return reports
