"""Live slides: a notebook opened in RISE in a real JupyterLab runs a cell on a slide.

The test starts JupyterLab on 127.0.0.1 (a free port, a token, its own
configuration, settings and runtime folders), opens a notebook it wrote in
headless Chromium, presses Alt+R as an instructor would (the RISE preview),
opens the speaker view with T, advances one slide with Space, runs the slide's cell with Shift+Enter and
reads the output from the page: the line a child process printed must be
there. Then it stops the server and checks that no process it started is
left. About 20-25 s.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import psutil
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from mpdemos.course import browser
from mpdemos.course.export import expected_slide_count

REASON = browser.unavailable()
try:
    import jupyterlab_rise  # noqa: F401
except ImportError:
    REASON = REASON or "jupyterlab-rise is not installed (python tools/bootstrap.py)"
pytestmark = pytest.mark.skipif(REASON is not None, reason=f"no live slides: {REASON}")

START_METHOD = "spawn"  # the child must print through the kernel's fd capture
CHILD_LINE = "Worker"  # what mpdemos.process.worker prints, from the child
PARENT_LINE = "child exit code 0"
NOTE = "Say: the next slide starts a child."
WAIT = 60  # seconds for any one step; the whole test takes far less


def slide_cell(kind: str, source: str, slide_type: str) -> Any:
    cell = new_code_cell(source) if kind == "code" else new_markdown_cell(source)
    cell.metadata["slideshow"] = {"slide_type": slide_type}
    return cell


def live_notebook() -> Any:
    """Two slides, a subslide, a fragment, notes and a skipped cell; slide 2 runs
    a child process that prints."""
    code = "\n".join([
        "import mpdemos",
        "from mpdemos import output, process",
        "ctx = mpdemos.get_context()",
        "child = ctx.Process(target=process.worker)",
        "child.start()",
        "child.join(timeout=20)",
        "output.settle()",
        "print('child exit code', child.exitcode)",
    ])
    nb = new_notebook(cells=[
        slide_cell("markdown", "# Live slides", "slide"),
        slide_cell("markdown", NOTE, "notes"),
        slide_cell("markdown", "## A child prints", "slide"),
        slide_cell("code", code, "-"),
        slide_cell("markdown", "### A subslide", "subslide"),
        slide_cell("markdown", "A fragment", "fragment"),
        slide_cell("markdown", "Not shown", "skip"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


class Lab:
    """A JupyterLab server of the test's own; ``stop()`` shuts it down."""

    def __init__(self, folder: Path) -> None:
        from mpdemos.course.kernels import kernel_env

        self.root = folder / "root"
        self.root.mkdir()
        self.token = secrets.token_hex(16)
        # The kernel inherits the server's environment: the one validation gives.
        env = kernel_env(START_METHOD)
        for variable, name in (("JUPYTER_CONFIG_DIR", "config"),
                               ("JUPYTER_RUNTIME_DIR", "runtime"),
                               ("JUPYTER_DATA_DIR", "data"),
                               ("JUPYTERLAB_SETTINGS_DIR", "settings"),
                               ("JUPYTERLAB_WORKSPACES_DIR", "workspaces")):
            env[variable] = str(folder / name)
        # No news from the internet, no question about it on screen.
        news = folder / "settings" / "@jupyterlab" / "apputils-extension"
        news.mkdir(parents=True)
        (news / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
        self.runtime = folder / "runtime"
        self.log_path = folder / "server.log"
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser",
               "--ServerApp.ip=127.0.0.1", "--ServerApp.port=0",
               f"--IdentityProvider.token={self.token}",
               f"--ServerApp.root_dir={self.root}",
               "--LabApp.extension_manager=readonly",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL,
                                            stdout=log, stderr=subprocess.STDOUT)
        self.url = self._wait_for_url()

    def _wait_for_url(self) -> str:
        """The server writes its URL (with the port it got) to its runtime file."""
        info = self.runtime / f"jpserver-{self.process.pid}.json"
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited: {self.log_tail()}")
            try:
                return str(json.loads(info.read_text())["url"])
            except (OSError, ValueError, KeyError):
                time.sleep(0.1)
        raise RuntimeError(f"JupyterLab did not start in {WAIT} s: {self.log_tail()}")

    def log_tail(self, size: int = 3000) -> str:
        return self.log_path.read_bytes()[-size:].decode(errors="replace")

    def descendants(self) -> dict[psutil.Process, str]:
        """The server's processes below it now, with their command lines."""
        found = {}
        try:
            for child in psutil.Process(self.process.pid).children(recursive=True):
                found[child] = " ".join(child.cmdline())
        except psutil.NoSuchProcess:
            pass
        return found

    def stop(self) -> None:
        """Shut down as JupyterLab's File > Shut Down does; kill only if that hangs."""
        request = urllib.request.Request(
            f"{self.url}api/shutdown", method="POST",
            headers={"Authorization": f"token {self.token}"})
        try:
            urllib.request.urlopen(request, timeout=10).close()
            self.process.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait(timeout=10)


def alive(processes: list[psutil.Process], wait: float) -> list[psutil.Process]:
    """Those of ``processes`` still running after up to ``wait`` seconds."""
    _, left = psutil.wait_procs(processes, timeout=wait)
    return [p for p in left if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


@pytest.fixture
def machine_turn() -> Iterator[None]:
    """Take a shared turn with the notebooks: no timing notebook runs meanwhile."""
    from mpdemos.course.validation import take_turn

    lock = take_turn(exclusive=False)
    try:
        yield
    finally:
        if lock is not None:
            lock.close()


def test_a_cell_runs_on_a_live_slide(tmp_path: Path, machine_turn: None) -> None:
    nb = live_notebook()
    ours_before = {p.pid for p in psutil.Process().children(recursive=True)}
    lab = Lab(tmp_path)
    started: dict[psutil.Process, str] = {}
    try:
        nbformat.write(nb, lab.root / "live.ipynb")
        shown, slides, notes, speaker = run_in_rise(lab, tmp_path / "rise.png")
        started = lab.descendants()
    finally:
        lab.stop()
    assert slides == expected_slide_count(nb), "RISE's slides are not the deck's"
    assert notes == 1, "the notes cell is not a speaker note in RISE"
    assert NOTE in speaker, f"the speaker view (T) shows {speaker!r}"
    expected = [CHILD_LINE, PARENT_LINE] if os.name == "posix" else [PARENT_LINE]
    # (On Windows, ipykernel does not capture children's output: ipykernel#882.)
    assert [line for line in shown.splitlines() if line in expected] == expected, (
        f"the slide shows {shown!r}; server log:\n{lab.log_tail()}")
    assert any("ipykernel" in cmdline for cmdline in started.values()), (
        f"no kernel ran under the server: {list(started.values())}")
    left = alive(list(started), wait=10)
    assert not left, f"left behind by JupyterLab: {[started[p] for p in left]}"
    ours = [p for p in psutil.Process().children(recursive=True)
            if p.pid not in ours_before]
    left = alive(ours, wait=10)
    assert not left, f"left behind by the test: {left}"


def run_in_rise(lab: Lab, screenshot: Path) -> tuple[str, int, int, str]:
    """Open the notebook, Alt+R, T, Space, Shift+Enter; return the output shown on
    the slide, the number of slides RISE made, how many carry speaker notes, and
    what the speaker view showed for the first slide."""
    with browser.chromium() as chromium:
        context = browser.new_context(chromium, timeout=WAIT)
        page = context.new_page()
        try:
            page.goto(f"{lab.url}lab/tree/live.ipynb?token={lab.token}")
            first = page.locator(".jp-Notebook .jp-Cell").first
            first.click()  # the notebook has the focus, in command mode
            page.keyboard.press("Escape")
            page.keyboard.press("Alt+r")  # RISE: render as a slideshow, beside it
            rise = page.frame_locator(".jp-IFrame iframe, iframe.jp-IFrame").first
            present = rise.locator(".reveal.ready section.present").first
            present.wait_for()
            slides = rise.locator(".reveal .slides section:not(:has(section))").count()
            notes = rise.locator(".reveal aside.notes").count()
            present.click()
            with page.expect_popup() as popup:
                page.keyboard.press("t")  # the speaker view, a window of its own
            view = popup.value
            notes_shown = view.locator(".speaker-controls-notes .value")
            notes_shown.filter(has_text=NOTE).wait_for()
            speaker = notes_shown.inner_text()
            view.close()
            present.click()
            page.keyboard.press("Space")  # the next slide
            heading = rise.locator(
                ".reveal section.present .jp-RenderedHTMLCommon h2", has_text="A child")
            heading.wait_for()
            selected = ".reveal section.present .jp-CodeCell.jp-mod-selected"
            rise.locator(selected).wait_for()  # RISE selects the slide's code cell
            page.keyboard.press("Shift+Enter")  # run the cell, on the slide
            output = rise.locator(".reveal section.present .jp-OutputArea")
            output.filter(has_text=PARENT_LINE).wait_for()
            shown = output.inner_text()
        finally:
            page.screenshot(path=screenshot)
            context.close()
    return shown, slides, notes, speaker
