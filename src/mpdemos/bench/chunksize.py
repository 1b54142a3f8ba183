"""Chunksize, for 12-performance (tests: tests/test_bench_chunksize.py).

The ``chunksize`` section of ``mpdemos bench``: many tasks far cheaper than
sending them to a worker (the lecture's :func:`mpdemos.pools.do_calculation`)
mapped on a warm Pool with each chunksize, beside the serial loop.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Sequence

from mpdemos.arguments import check_counts
from mpdemos.bench.settings import QUICK, Progress, Settings, show_progress, usable_cpus
from mpdemos.bench.stats import Row, make_row, median
from mpdemos.pools import do_calculation, warm


def auto_chunksize(tasks: int, workers: int) -> int:
    """The chunksize ``Pool.map`` picks when given none: tasks / (4 * workers), up."""
    check_counts(tasks=tasks, workers=workers)
    chunksize, extra = divmod(tasks, workers * 4)
    return chunksize + 1 if extra else max(chunksize, 1)


def measure_chunksize(methods: Sequence[str], settings: Settings = QUICK,
                      progress: Progress | None = None) -> list[Row]:
    """Map ``tiny_tasks`` tiny tasks on a warm Pool(N) with each chunksize.

    The ceiling is the serial loop: for tasks this small, a pool can at best
    come close to it. ``None`` is Pool.map's own choice, about
    ``len(items) / (4 * workers)``.
    """
    workers = usable_cpus()
    items = list(range(settings.tiny_tasks))
    expected = [do_calculation(i) for i in items]
    rows: list[Row] = []
    for method in methods:
        ctx = multiprocessing.get_context(method)
        show_progress(progress, f"chunksize/{method}: starting Pool({workers})")
        with ctx.Pool(workers) as pool:
            warm(pool, workers)
            serial: list[float] = []
            times: dict[int | None, list[float]] = {c: [] for c in settings.chunksizes}
            for r in range(settings.repeats):
                show_progress(progress,
                              f"chunksize/{method}: repeat {r + 1}/{settings.repeats}")
                t0 = time.perf_counter()
                list(map(do_calculation, items))
                serial.append(time.perf_counter() - t0)
                for c in settings.chunksizes:
                    t0 = time.perf_counter()
                    results = pool.map(do_calculation, items, chunksize=c)
                    times[c].append(time.perf_counter() - t0)
                    if results != expected:
                        raise RuntimeError("Pool.map returned wrong results")
        base = median(serial)
        rows.append(make_row("chunksize", "serial loop", method, "s", serial,
                             "serial loop", base, tasks=len(items), chunksize=None))
        for c, samples in times.items():
            label = "chunksize=auto" if c is None else f"chunksize={c}"
            used = c or auto_chunksize(len(items), workers)
            rows.append(make_row("chunksize", label, method, "s", samples,
                                 "serial loop", base, tasks=len(items), chunksize=c,
                                 workers=workers, chunksize_used=used))
    return rows
