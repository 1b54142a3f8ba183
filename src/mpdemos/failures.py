"""Workers that fail on purpose, for 13-failures (tests: tests/test_failures.py).

Each one fails in one specific way: it raises, hangs, kills itself, ignores
Ctrl-C, or dies holding a shared-memory segment. The notebook shows how the
parent notices each failure, and cleans up after it.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import signal
import sys
import time
from multiprocessing import shared_memory
from typing import Any

from mpdemos.arguments import check_seconds


def refuse_negative(x: int) -> int:
    """Return ``x``, or raise ``ValueError`` for a negative ``x``."""
    if x < 0:
        raise ValueError(f"x must be >= 0, got {x}")
    return x


def crash_on(value: int, bad: int) -> int:
    """Return ``2 * value``; but when ``value == bad``, die by ``SIGKILL``.

    A killed worker runs no ``except`` or ``finally`` block: the pool that
    sent the task never hears back about it.
    """
    if value == bad:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
        time.sleep(10)  # the signal arrives first
    return 2 * value


def hang(seconds: float = 60.0) -> None:
    """Sleep for ``seconds``: a worker stuck on a lock or a network call."""
    check_seconds(seconds)
    time.sleep(seconds)


def slow_square(x: int) -> int:
    """Return ``x * x`` after 0.1 s of pretend work."""
    time.sleep(0.1)
    return x * x


def ignore_sigint(ready: Any = None) -> None:
    """Pool initializer: let only the parent handle Ctrl-C (``SIGINT``).

    Interrupting a Jupyter kernel sends ``SIGINT`` to its whole process group,
    pool workers included. Workers that ignore it keep quiet, and the parent
    alone gets ``KeyboardInterrupt`` and shuts the pool down. If ``ready`` is
    a barrier, the worker waits at it afterwards, so the parent can know that
    every worker is protected.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if ready is not None:
        ready.wait(timeout=30)


def interrupt_like_jupyter() -> None:
    """Send ``SIGINT`` to this process's group, as Jupyter's interrupt does.

    Only when this process leads its own group (a Jupyter kernel does);
    otherwise only this process gets the signal, so a test runner that
    shares the group is never hit. POSIX only.
    """
    if sys.platform == "win32":
        raise OSError("process groups and SIGINT delivery differ on Windows")
    if os.getpgrp() == os.getpid():
        os.killpg(os.getpgrp(), signal.SIGINT)
    else:
        os.kill(os.getpid(), signal.SIGINT)


def leak_segment(name: str, payload: bytes) -> None:
    """Create the shared-memory segment ``name``, fill it, then die by SIGKILL.

    The segment outlives its creator: nobody called ``unlink()``.
    """
    segment = shared_memory.SharedMemory(name=name, create=True, size=len(payload))
    segment.buf[: len(payload)] = payload
    os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
    time.sleep(10)


def setup_worker_logging(log_queue: Any) -> None:
    """Pool initializer: send this worker's log records to ``log_queue``."""
    root = logging.getLogger()
    root.handlers[:] = [logging.handlers.QueueHandler(log_queue)]
    root.setLevel(logging.INFO)


def logged_square(x: int) -> int:
    """Return ``x * x``, logging what it does through the root logger."""
    logging.getLogger("mpdemos.worker").info("squaring %s", x)
    return x * x


class CollectingHandler(logging.Handler):
    """A logging handler that keeps formatted records in a list, ``lines``."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))
