"""Helpers for 16-what-to-use-when (tests: tests/test_choices.py).

What this interpreter offers (a GIL or not, subinterpreters, the CPU count
it reports), and the cost of starting a thread beside a process, measured
here.
"""

from __future__ import annotations

import concurrent.futures
import os
import subprocess
import sys
import sysconfig
import threading
import time
from typing import Any

from mpdemos.arguments import check_int


def features() -> dict[str, Any]:
    """What this Python offers, each answer as this interpreter gives it."""
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()  # 3.13+ can run without
    return {
        "Python": sys.version.split()[0],
        "free-threaded build (3.13t, 3.14t)": bool(
            sysconfig.get_config_var("Py_GIL_DISABLED")),
        "GIL enabled now": gil,
        "InterpreterPoolExecutor (3.14)": hasattr(concurrent.futures,
                                                  "InterpreterPoolExecutor"),
        "os.process_cpu_count() (3.13)": hasattr(os, "process_cpu_count"),
    }


def nothing() -> None:
    """Do nothing: what a started thread or process runs to measure the start."""


def thread_start(turns: int = 5) -> float:
    """Seconds to start and join one thread that does nothing: the best of ``turns``."""
    check_int("turns", turns, minimum=1)
    best = float("inf")
    for _ in range(turns):
        t0 = time.perf_counter()
        t = threading.Thread(target=nothing)
        t.start()
        t.join(10)
        best = min(best, time.perf_counter() - t0)
    return best


def cpu_count_in_child(count: int) -> str:
    """What ``os.cpu_count()`` says in a new interpreter run with ``-X cpu_count=count``.

    Python 3.13 added the option (and ``PYTHON_CPU_COUNT``): it overrides
    ``os.cpu_count()`` and ``os.process_cpu_count()``, for a container or a
    batch job that knows better. Older versions ignore an unknown ``-X``.
    """
    check_int("count", count, minimum=1)
    done = subprocess.run(
        [sys.executable, "-X", f"cpu_count={count}", "-c",
         "import os; print(os.cpu_count())"],
        capture_output=True, text=True, timeout=30, check=True)
    return done.stdout.strip()
