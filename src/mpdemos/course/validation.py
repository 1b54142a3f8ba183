"""Validate the notebooks' stored outputs (tests: tests/test_course_validation.py).

A pytest plugin, loaded by the project's ``conftest.py``: every course
notebook runs once under each start method the platform offers (or, with
``--windows-kernel``, as a Windows kernel runs it), in a kernel started with
:func:`mpdemos.course.kernels.kernel_env`, and each cell's fresh output is
compared with the stored one. After each notebook it checks that nothing was
left behind (live children, ``/dev/shm`` segments).
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import pytest
from jupyter_client.manager import KernelManager
from nbval.plugin import IPyNbCell, IPyNbFile, coalesce_streams

from mpdemos import shm
from mpdemos.context import available_methods
from mpdemos.course.kernels import (  # noqa: F401
    KEEP_PYTEST_ENV,
    STORE_METHOD,
    kernel_env,
)
from mpdemos.course.notebooks import NOTEBOOK_DIR
from mpdemos.i18n import TRANSLATED

SANITIZE_FILE = NOTEBOOK_DIR / "sanitize.cfg"


# ---------------------------------------------------------------- pytest plugin


def pytest_addoption(parser: Any) -> None:
    group = parser.getgroup("mpdemos", "mpdemos notebook validation")
    group.addoption(
        "--start-methods",
        default=",".join(available_methods()),
        help="comma-separated start methods to validate every notebook under "
        "(default: all this platform offers)",
    )
    group.addoption(
        "--windows-kernel", action="store_true",
        help="validate as a Windows student's kernel runs: spawn, and children's "
        "output not captured (IPKernelApp.capture_fd_output=False). Cells tagged "
        f"{WINDOWS_TAG!r} must then differ, and only they may",
    )


def pytest_configure(config: Any) -> None:
    import nbval.kernel

    methods = [m.strip() for m in config.option.start_methods.split(",") if m.strip()]
    for method in methods:
        if method not in available_methods():
            raise ValueError(
                f"--start-methods: {method!r} is not one of {', '.join(available_methods())}"
            )
    config.mpdemos_methods = [WINDOWS] if config.option.windows_kernel else methods
    real_start = getattr(nbval.kernel.start_new_kernel, "mpdemos_real", None)
    real_start = real_start or nbval.kernel.start_new_kernel

    def start_new_kernel(*args: Any, **kwargs: Any) -> Any:
        method = _active["method"]
        if method == WINDOWS:  # spawn, and what ipykernel does on Windows
            method = "spawn"
            kwargs["extra_arguments"] = ["--IPKernelApp.capture_fd_output=False"]
        kwargs["env"] = kernel_env(method)
        return real_start(*args, **kwargs)

    start_new_kernel.mpdemos_real = real_start  # type: ignore[attr-defined]
    nbval.kernel.start_new_kernel = start_new_kernel
    if KERNEL_TRANSPORT == "ipc":
        nbval.kernel.KernelManager = UnixSocketKernelManager


_active: dict[str, str | None] = {"method": None}

#: The pseudo start method of ``--windows-kernel``: spawn, without fd capture.
WINDOWS = "windows"
#: The tag of a cell whose output a Windows student sees differently.
WINDOWS_TAG = "windows-output"

#: How validation talks to its kernels: Unix sockets on Linux, else TCP.
KERNEL_TRANSPORT = "ipc" if sys.platform.startswith("linux") else "tcp"


class UnixSocketKernelManager(KernelManager):
    """A kernel manager whose kernel listens on Unix sockets, not TCP ports.

    Over TCP, the manager picks free ports and closes them, and the kernel
    binds them a moment later. A program on the other xdist worker (notebook
    12 starts clusters that open many ports) can take one in between: the
    kernel then never answers, and nbval waits 60 s ("Kernel didn't respond
    in 60 seconds", seen once in the suite). A socket file has no such race.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("transport", "ipc")
        # An absolute path: the kernel runs in the notebook's folder, and a
        # relative one ("kernel-ipc", the default) would not meet the client.
        name = f"mpdemos-kernel-{uuid.uuid4().hex[:12]}"
        kwargs.setdefault("ip", os.path.join(tempfile.gettempdir(), name))
        super().__init__(**kwargs)


class StartMethodNotebook(IPyNbFile):
    """A notebook validated under one start method, in a kernel of its own."""

    def __init__(self, *args: Any, start_method: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_method = start_method

    def setup(self) -> None:
        _active["method"] = self.start_method
        self.config.option.nbval_current_env = True
        self._lock = take_turn(exclusive=_is_exclusive(self.nb))
        self._shm_before = shm.entries()
        super().setup()

    def teardown(self) -> None:
        leaks: list[str] = []
        try:
            if self.kernel is not None and self.kernel.is_alive():
                leaks = find_leaks(_kernel_pid(self.kernel), self._shm_before)
                _stop_kernel_only(self.kernel)
            super().teardown()
        finally:
            lock = getattr(self, "_lock", None)
            if lock is not None:
                lock.close()  # closing the file releases the lock
        if leaks:
            name = f"{self.path.name} under {self.start_method}"
            raise LeakError(f"{name} left behind: " + "; ".join(leaks))

    def get_sanitize_files(self) -> list[str]:
        return [str(SANITIZE_FILE)]

    def collect(self) -> Iterable[Any]:
        for item in super().collect():
            tags = item.cell.metadata.get("tags", [])
            if self.start_method == WINDOWS and WINDOWS_TAG in tags:
                yield WindowsCell.from_parent(self, name=item.name,
                                              cell_num=item.cell_num, cell=item.cell,
                                              options=item.options)
            else:
                yield item


class WindowsCell(IPyNbCell):
    """A cell tagged ``windows-output``, run as a Windows kernel runs it.

    Children's output does not reach a Windows notebook (ipykernel captures
    file descriptors on Linux and macOS only), so the cell must print
    something else than its stored output; if it prints the same, its tag
    and its note for Windows students are wrong.
    """

    def runtest(self) -> None:
        self.options["check"] = False
        super().runtest()
        if self.compare_outputs(self.test_outputs, coalesce_streams(self.cell.outputs)):
            self.raise_cell_error(
                f"tagged {WINDOWS_TAG!r}, but a kernel without fd capture prints the "
                "same: remove the tag and the note for Windows students")


class LeakError(Exception):
    """A notebook left a child process or a shared-memory object behind."""


def _stop_kernel_only(kernel: Any, timeout: float = 10.0) -> None:
    """Stop the kernel process alone, leaving its resource tracker to clean up.

    nbval kills the kernel's whole process group with SIGKILL, the resource
    tracker included, which leaks every semaphore still registered. Ending
    only the kernel lets the tracker see it go and unlink what is left, and
    takes a moment, where a polite shutdown request takes seconds.
    """
    kernel.kc.stop_channels()
    os.kill(_kernel_pid(kernel), signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while kernel.km.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    if not kernel.km.is_alive():
        kernel.km.cleanup_resources()  # the connection file and socket files


def _kernel_pid(kernel: Any) -> int:
    """Return the process id of an nbval ``RunningKernel``."""
    return int(kernel.km.provisioner.process.pid)


#: Helpers that multiprocessing keeps for the kernel's whole life, on purpose.
_LONG_LIVED = ("multiprocessing.resource_tracker", "multiprocessing.forkserver")


def find_leaks(kernel_pid: int, shm_before: set[str], grace: float = 1.0) -> list[str]:
    """Describe what a notebook's kernel left behind after its last cell.

    Any live descendant of the kernel is a leak, except the resource tracker
    and the fork server, which live as long as the kernel. A ``/dev/shm``
    entry created since ``shm_before`` that no process maps any more was
    never unlinked. (Checked before the kernel shuts down: at shutdown, the
    resource tracker would clean up leaked segments and hide them.) An entry
    another notebook's kernel has open is mapped, so it is not counted. Nor is
    one gone or mapped ``grace`` seconds later: another program on the machine
    (a test on the other xdist worker) was creating or removing it.
    """
    import psutil

    leaks = []
    try:
        children = psutil.Process(kernel_pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    for child in children:
        try:
            cmdline = " ".join(child.cmdline())
        except psutil.Error:
            continue
        if not any(helper in cmdline for helper in _LONG_LIVED):
            leaks.append(f"live child process {child.pid} ({cmdline[:80]})")
    suspects = shm.unmapped(shm.entries() - shm_before)
    if suspects and grace > 0:
        time.sleep(grace)
        suspects = shm.unmapped(suspects)
    for name in sorted(suspects):
        leaks.append(f"/dev/shm/{name} closed but never unlinked")
    return leaks


def _is_exclusive(nb: Any) -> bool:
    """Whether the notebook measures speed and must run with no other notebook.

    Set ``"mpdemos": {"exclusive": true}`` in the notebook's metadata.
    """
    return bool(nb.metadata.get("mpdemos", {}).get("exclusive", False))


def take_turn(exclusive: bool, folder: Path | None = None) -> IO[str] | None:
    """Share the machine with other pytest-xdist workers, or have it alone.

    Every notebook holds a shared lock while it runs; a timing notebook holds
    an exclusive one, so with ``-n 2`` no other notebook steals its CPUs.
    Everyone passes a turnstile first, which a timing notebook keeps while it
    waits: otherwise notebooks starting back to back on the other worker
    could keep it waiting for as long as they like. POSIX only; elsewhere
    notebooks simply run side by side. ``folder`` holds the lock files (the
    temporary folder, shared by all workers).
    """
    try:
        import fcntl
    except ImportError:
        return None
    folder = Path(tempfile.gettempdir()) if folder is None else folder
    with open(folder / "mpdemos-nbval.turnstile", "a") as turnstile:
        fcntl.flock(turnstile.fileno(), fcntl.LOCK_EX)
        lock = open(folder / "mpdemos-nbval.lock", "a")  # noqa: SIM115
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
    return lock


class CourseNotebook(pytest.File):
    """A course notebook: one validation run per start method."""

    def collect(self) -> Iterable[StartMethodNotebook]:
        methods = self.config.mpdemos_methods
        if self.path.parent.name in TRANSLATED:
            # An edition has the English notebook's code cells, which the English
            # runs validate under every method; its own run checks what the
            # language changes (the exercises' feedback) under the stored method.
            methods = [m for m in methods if m == STORE_METHOD]
        for method in methods:
            yield StartMethodNotebook.from_parent(
                self, path=self.path, name=method, nodeid=f"{self.nodeid}::{method}",
                start_method=method,
            )


def pytest_collect_file(file_path: Path, parent: Any) -> Any:
    if file_path.suffix != ".ipynb" or parent.config.option.nbval:
        return None
    if ".ipynb_checkpoints" in file_path.parts or not file_path.name[:2].isdigit():
        return None
    return CourseNotebook.from_parent(parent, path=file_path)
