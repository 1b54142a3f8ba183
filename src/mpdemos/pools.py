"""Workers for 10-pool (tests: tests/test_pools.py), also run by 12 and 15.

Pool workers are started once and fed many tasks; each function here is
one task (or an ``initializer`` run once per worker). They live in a module
because ``spawn`` and ``forkserver`` workers import them by name. The
CPU-bound job (:func:`busy`, :func:`busy_cpu`), the warm-up (:func:`warm`)
and the timing of a map (:func:`time_map`) serve the performance lab
(:mod:`mpdemos.bench`) and 15-beyond-one-machine too.

This module imports nothing heavy at the top: every spawn worker imports
it, and matplotlib alone would add a third of a second to each start.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from mpdemos.arguments import (
    check_counts,
    check_int,
    check_map_like,
    check_positive_seconds,
    check_seconds,
)


def do_calculation(data: int) -> int:
    """Return ``data * 2``: the lecture's task."""
    return data * 2


def start_process(started: Any = None) -> None:
    """Pool ``initializer``: runs once in each new worker, before any task.

    The lecture printed the worker's name. Here the name goes on the queue
    ``started`` (if given), and the parent prints the names in order.
    """
    if started is not None:
        started.put(multiprocessing.current_process().name)


def calculation_and_worker(data: int) -> tuple[int, str]:
    """Return ``(data * 2, name of the worker that ran this task)``."""
    return data * 2, multiprocessing.current_process().name


def add(a: int, b: int) -> int:
    """Return ``a + b``: a task with two arguments, for ``starmap``."""
    return a + b


def nap(seconds: float) -> float:
    """Sleep ``seconds``, then return it: a slow task."""
    check_seconds(seconds)
    time.sleep(seconds)
    return seconds


def fail_on(data: int, bad: int = 3) -> int:
    """Return ``data * 2``, but raise ``ValueError`` when ``data == bad``."""
    if data == bad:
        raise ValueError(f"cannot process {data}")
    return data * 2


def die_on(data: int, bad: int = 3) -> int:
    """Return ``data * 2``, but kill this worker with ``SIGKILL`` when ``data == bad``.

    POSIX only. This stands in for a worker killed by the out-of-memory
    killer or a crash in C code: it dies without a word.
    """
    if data == bad:
        if not hasattr(signal, "SIGKILL"):
            raise OSError("SIGKILL needs a POSIX system")
        os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(5)  # the signal arrives first
    return data * 2


def ignore_sigint() -> None:
    """Pool ``initializer``: ignore ``SIGINT`` (Ctrl-C, "Interrupt kernel").

    Then only the parent gets ``KeyboardInterrupt``, and it can terminate the
    pool cleanly; the workers are not killed halfway through a task.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def busy(n: int) -> int:
    """Do ``n`` steps of pure-Python arithmetic and return the sum.

    CPU-bound and holding the GIL all the time: threads cannot run it in
    parallel, processes can.
    """
    check_int("n", n)
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def busy_cpu(n: int) -> tuple[int, float]:
    """Run :func:`busy` and return ``(its result, CPU seconds it used)``.

    The CPU time is this thread's own (``time.thread_time()``), so it does
    not count time spent waiting for the GIL or for a core. Summed over tasks
    and divided by the wall time, it says how many cores ran at once.
    """
    start = time.thread_time()
    result = busy(n)
    return result, time.thread_time() - start


def worker_pid(seconds: float = 0.0) -> int:
    """Sleep ``seconds`` and return this worker's process id."""
    check_seconds(seconds)
    time.sleep(seconds)
    return os.getpid()


#: A map-like callable: ``run_map(task, items)`` gives the results in order,
#: as ``map``, ``pool.map`` and ``executor.map`` do.
MapLike = Callable[[Callable[[int], Any], Iterable[int]], Iterable[Any]]


def warm(pool: Any, workers: int, timeout: float = 60.0) -> set[int]:
    """Run short tasks on ``pool`` until ``workers`` different workers answered.

    ``pool`` is a ``Pool`` or a ``ProcessPoolExecutor`` (its ``map`` is
    used), or a map-like callable such as a wrapper around joblib's
    ``Parallel``. Under spawn a worker takes a while to start; warming the
    pool first keeps that out of a timing. Returns the workers' process ids;
    raises ``TimeoutError`` if fewer answered within ``timeout`` seconds.
    """
    check_int("workers", workers, minimum=1)
    check_map_like("pool", pool)
    run_map = getattr(pool, "map", pool)
    deadline = time.monotonic() + timeout
    pids: set[int] = set()
    while len(pids) < workers:
        if time.monotonic() > deadline:
            raise TimeoutError(f"only {len(pids)} of {workers} workers answered")
        # each task sleeps a moment, so one fast worker cannot take them all
        pids.update(run_map(worker_pid, [0.005] * (2 * workers)))
    return pids


def time_map(run_map: MapLike, n: int, tasks: int, *,
             task: Callable[[int], Any] = busy_cpu,
             name: str = "the map") -> tuple[float, float]:
    """Run ``tasks`` tasks of ``busy_cpu(n)`` through ``run_map``; time them.

    Returns ``(wall seconds, the tasks' CPU seconds)``: their ratio is how
    many cores ran at once. Every result is checked against ``busy(n)``,
    computed before the clock starts; a wrong one raises ``RuntimeError``
    naming ``name``. ``task`` must return what :func:`busy_cpu` returns.
    """
    check_counts(n=n, tasks=tasks)
    expected = busy(n)
    t0 = time.perf_counter()
    results = list(run_map(task, [n] * tasks))
    wall = time.perf_counter() - t0
    if [value for value, _ in results] != [expected] * tasks:
        raise RuntimeError(f"{name} returned wrong results")
    return wall, sum(cpu for _, cpu in results)


def draw_times(times: Mapping[str, float], title: str = "Same work, four ways") -> Any:
    """Draw one bar per way of running the work; return the matplotlib figure.

    ``times`` maps a label (``"serial"``, ``"threads"``...) to seconds. Each
    bar is labelled with its speedup over the first entry.
    """
    if not isinstance(times, Mapping) or not times:
        raise ValueError("times must be a non-empty mapping of label to seconds")
    for label, seconds in times.items():
        check_positive_seconds(seconds, f"the time for {label!r}")
    from matplotlib.figure import Figure

    labels = list(times)
    base = times[labels[0]]
    fig = Figure(figsize=(7, 3), layout="constrained")
    ax = fig.subplots()
    bars = ax.bar(labels, [times[k] for k in labels],
                  color=[f"C{i}" for i in range(len(labels))], edgecolor="black")
    ax.bar_label(bars, [f"{base / times[k]:.2f}x" for k in labels])
    ax.set_ylabel("seconds (lower is better)")
    ax.set_title(title)
    ax.margins(y=0.15)
    return fig


def show_times(times: Mapping[str, float], title: str = "Same work, four ways") -> None:
    """Draw :func:`draw_times` as a PNG image in the notebook cell."""
    from IPython.display import Image, display

    buffer = io.BytesIO()
    draw_times(times, title).savefig(buffer, format="png", dpi=100)
    display(Image(buffer.getvalue()))
