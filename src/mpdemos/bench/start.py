"""Start costs, for 12-performance (tests: tests/test_bench_start.py).

The ``start`` section of ``mpdemos bench``: what it costs to start and join
one process, and to start a Pool until every worker answered, beside the
floor of each start method: a bare ``os.fork()`` (fork, forkserver) or a
fresh interpreter (spawn). :func:`noop` is the child's target; spawn and
forkserver children import it from here by name.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from mpdemos.arguments import check_int
from mpdemos.bench.settings import (
    QUICK,
    TIMEOUT,
    Progress,
    Settings,
    check_methods,
    show_progress,
    usable_cpus,
)
from mpdemos.bench.stats import Row, make_row, median
from mpdemos.context import available_methods
from mpdemos.pools import warm


def noop() -> None:
    """Do nothing: the target for timing a process start."""


def fork_floor() -> float:
    """Seconds for a bare ``os.fork()``, ``os._exit(0)`` and ``waitpid``."""
    with warnings.catch_warnings():
        # 3.12+ warns when a process with threads forks; the child exits at once.
        warnings.simplefilter("ignore", DeprecationWarning)
        t0 = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
    return time.perf_counter() - t0


def interpreter_floor() -> float:
    """Seconds to start and end a fresh interpreter: ``python -c pass``."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True, timeout=TIMEOUT)
    return time.perf_counter() - t0


def start_floor(method: str) -> tuple[str, Callable[[], float]]:
    """The fastest way to get a process like ``method`` does: name and timer."""
    if method == "spawn" or not hasattr(os, "fork"):
        return "python -c pass", interpreter_floor
    return "bare os.fork()", fork_floor


def time_process_start(ctx: Any) -> float:
    """Seconds to start one process of context ``ctx`` and join it."""
    t0 = time.perf_counter()
    p = ctx.Process(target=noop, name="bench-start")
    p.start()
    p.join(TIMEOUT)
    seconds = time.perf_counter() - t0
    if p.exitcode is None:
        p.terminate()
        p.join(5)
        raise TimeoutError("a process did not end")
    if p.exitcode != 0:
        raise RuntimeError(f"a process exited with code {p.exitcode}")
    return seconds


def time_pool_start(ctx: Any, workers: int) -> float:
    """Seconds from ``Pool(workers)`` until every worker has answered."""
    t0 = time.perf_counter()
    with ctx.Pool(workers) as pool:
        warm(pool, workers)
        seconds = time.perf_counter() - t0
    return seconds


def process_start_costs(methods: Sequence[str] | None = None,
                        turns: int = 3) -> dict[str, float]:
    """Seconds to start and join one process, per start method: the best of ``turns``.

    Every method's first start is not timed (the fork server starts then).
    ``methods`` defaults to every method this platform offers.
    """
    check_int("turns", turns, minimum=1)
    costs = {}
    for method in check_methods(available_methods() if methods is None else methods):
        ctx = multiprocessing.get_context(method)
        time_process_start(ctx)
        costs[method] = min(time_process_start(ctx) for _ in range(turns))
    return costs


def measure_start(methods: Sequence[str], settings: Settings = QUICK,
                  progress: Progress | None = None) -> list[Row]:
    """Start + join of one process, and a Pool until all its workers answered.

    One untimed start per method comes first (the fork server starts then).
    The ceiling is the method's floor: a bare ``os.fork()`` for fork and
    forkserver, a fresh ``python -c pass`` for spawn.
    """
    workers = usable_cpus()
    rows: list[Row] = []
    for method in methods:
        ctx = multiprocessing.get_context(method)
        floor_name, floor = start_floor(method)
        show_progress(progress, f"start/{method}: warming up")
        time_process_start(ctx)
        floors, starts, pools = [], [], []
        for r in range(settings.repeats):
            show_progress(progress,
                          f"start/{method}: repeat {r + 1}/{settings.repeats}")
            floors.append(floor())
            starts.append(time_process_start(ctx))
            pools.append(time_pool_start(ctx, workers))
        ceiling = median(floors)
        rows.append(make_row("start", floor_name, method, "s", floors, floor_name,
                             ceiling))
        rows.append(make_row("start", "Process start+join", method, "s", starts,
                             floor_name, ceiling))
        rows.append(make_row("start", f"Pool({workers}) until ready", method, "s",
                             pools, floor_name, ceiling, workers=workers))
    return rows
