"""Workers for 02-process (tests: tests/test_process.py).

Each function here is handed to a child process by the notebook. They live
in a module, not in the notebook, because ``spawn`` and ``forkserver``
children import the function by name, and they cannot import a notebook.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
import time
from pathlib import Path
from typing import Any

from mpdemos.arguments import check_seconds
from mpdemos.context import get_context
from mpdemos.output import say
from mpdemos.timeline import record

#: The example scripts of 02-process (run with ``python script.py``), shipped with
#: the package so that a notebook finds them from any folder.
SCRIPTS = Path(__file__).resolve().parent / "scripts"


def worker() -> None:
    """Print ``Worker``: the lecture's first example."""
    say("Worker")


def worker_with_number(num: int) -> None:
    """Print ``Worker: num``. Several of these print in an unpredictable order."""
    say("Worker:", num)


def square(results: Any, num: int) -> None:
    """Put ``(num, num * num)`` on the ``results`` queue, for the parent to print."""
    results.put((num, num * num))


def sleepy(spans: Any, seconds: float, label: str = "work") -> None:
    """Sleep for ``seconds`` and record it on the ``spans`` queue for a timeline."""
    check_seconds(seconds)
    with record(spans, label):
        time.sleep(seconds)


def wait_forever(ready: Any) -> None:
    """Set the ``ready`` event, then sleep until killed (at most a minute)."""
    ready.set()
    time.sleep(60)


def consume_until_pill(tasks: Any, results: Any) -> None:
    """Square numbers from ``tasks`` until the poison pill ``None`` arrives.

    Then put ``"done"`` on ``results`` and return normally: exit code 0.
    """
    while True:
        item = tasks.get(timeout=10)
        if item is None:
            results.put("done")
            return
        results.put(item * item)


def exit_error() -> None:
    """Exit with status 1 through ``sys.exit``."""
    sys.exit(1)


def exit_ok() -> None:
    """Return normally: exit code 0."""
    return


def return_value() -> int:
    """Return 1. A process's return value is thrown away: exit code 0."""
    return 1


def raises() -> None:
    """Raise an exception: the child prints a traceback and exits with 1."""
    raise RuntimeError("There was an error!")


def kill_myself(signum: int) -> None:
    """Send the signal ``signum`` to this very process (POSIX)."""
    import os

    if signum not in {s.value for s in signal.Signals}:
        raise ValueError(f"{signum!r} is not a signal number")
    os.kill(os.getpid(), signum)
    time.sleep(5)


def log_some_work() -> None:
    """Log one message through the ``multiprocessing`` logger, at INFO level."""
    multiprocessing.get_logger().info("doing some work")


class Worker(get_context().Process):  # type: ignore[misc,name-defined]
    """The lecture's Process subclass: ``run()`` is what the child executes.

    It reports its name on the queue given to it. The base class is the
    Process class of the start method in force when this module is imported
    (``MPDEMOS_START_METHOD``), so it obeys the notebook's choice too.
    """

    def __init__(self, results: Any) -> None:
        super().__init__()
        self.results = results

    def run(self) -> None:
        self.results.put(f"In {self.name}")



#: A module global that the parent changes before it starts a child.
SETTING = "as the module defines it"


def report_setting(results: Any) -> None:
    """Put this process's view of :data:`SETTING` on ``results``.

    A fork child is a copy of the parent, changes included. A spawn or
    forkserver child imports this module afresh and sees what it defines.
    """
    results.put(SETTING)


def report_value(results: Any, value: Any) -> None:
    """Put ``value``, received as an argument, on ``results``: it travels with the child."""
    results.put(value)


def report_parent(results: Any) -> None:
    """Put the process id of this child's parent (``parent_process()``) on ``results``."""
    results.put(multiprocessing.parent_process().pid)


def finish_when_told(go: Any) -> None:
    """Wait for the event ``go`` (at most a minute), then end."""
    go.wait(60)
