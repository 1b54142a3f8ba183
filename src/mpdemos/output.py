"""Child processes' output in the right notebook cell (tests: tests/test_output.py).

In Jupyter on Linux and macOS, a child process writes to file descriptor 1,
which ipykernel has pointed at a pipe. A thread in the kernel reads that pipe
and forwards the text to the notebook. If the cell ends before that thread
has caught up, the child's last line shows up in the next cell, or is lost.
:func:`settle` waits until the pipe is empty, then flushes, so the text lands
in the cell that started the child. Outside ipykernel it only flushes.
"""

from __future__ import annotations

import os
import select
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager


def _pipe_fds() -> list[int]:
    """Return the read ends of the pipes that ipykernel watches, if any."""
    fds = []
    for stream in (sys.stdout, sys.stderr):
        fd = getattr(stream, "_fid", None)
        if isinstance(fd, int):
            fds.append(fd)
    return fds


def settle(timeout: float = 2.0) -> None:
    """Wait until the kernel has forwarded what children printed, then flush.

    Call it after joining the processes whose output the cell should show.
    It returns after at most ``timeout`` seconds, even if children keep
    writing.
    """
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(f"timeout must be a number of seconds, not {timeout!r}")
    if timeout <= 0:
        raise ValueError(f"timeout must be positive, not {timeout!r}")
    deadline = time.monotonic() + timeout
    fds = _pipe_fds()
    quiet_checks = 0
    # The pipe must be seen empty several times in a row: the reader thread
    # takes the bytes out first and hands them to the notebook just after.
    while fds and quiet_checks < 5 and time.monotonic() < deadline:
        readable, _, _ = select.select(fds, [], [], 0)
        quiet_checks = 0 if readable else quiet_checks + 1
        time.sleep(0.01)
    sys.stdout.flush()
    sys.stderr.flush()


def say(*parts: object) -> None:
    """Print one line from a child process in a single write, and flush.

    ``print()`` writes the text and its newline separately. When several
    processes share the notebook's output (always under ``fork``, and with
    ``PYTHONUNBUFFERED=1`` under every method), another process's text can
    land between the two: ``WorkerWorker`` and a blank line. One write per
    line keeps lines whole; their order is still up to the scheduler.
    """
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")
    sys.stdout.flush()


@contextmanager
def capture_fd_stderr() -> Iterator[list[str]]:
    """Send file descriptor 2 to a temporary file while the block runs.

    Child processes started inside the block inherit it, so their error
    messages are captured instead of going to the notebook. After the block,
    the list it yields holds the captured lines. Join the children inside the
    block. Only ``spawn`` children are caught: ``fork`` children write to a
    copy of ``sys.stderr``, and ``forkserver`` children to the server's
    stderr. The kernel's own stderr is restored after the block.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    lines: list[str] = []
    with tempfile.TemporaryFile(mode="w+b") as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield lines
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            lines.extend(sink.read().decode(errors="replace").splitlines())
