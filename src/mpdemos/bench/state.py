"""Shared-state costs, for 12-performance (tests: tests/test_bench_state.py).

The ``state`` section of ``mpdemos bench``: one increment of a shared
counter with and without its lock, and through a Manager proxy, beside the
same ``+= 1`` on a plain ``dict``.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Sequence

from mpdemos.bench.settings import QUICK, Progress, Settings, show_progress
from mpdemos.bench.stats import Row, make_row, median


def _per_op(ops: int, step: Callable[[], None]) -> float:
    """Seconds per call of ``step``, over ``ops`` calls."""
    t0 = time.perf_counter()
    for _ in range(ops):
        step()
    return (time.perf_counter() - t0) / ops


def measure_state(methods: Sequence[str], settings: Settings = QUICK,
                  progress: Progress | None = None) -> list[Row]:
    """Seconds for one increment of a shared counter, several ways.

    A plain ``dict`` (the ceiling: nothing is shared), a ``Value`` without a
    lock (``lock=False``: fast, and loses updates under contention), a
    ``Value`` with ``with v.get_lock():``, and a ``Manager().dict()`` proxy,
    where ``d["k"] += 1`` is two round trips to the manager process (a get
    and a set) and is not atomic either.
    """
    rows: list[Row] = []
    for method in methods:
        ctx = multiprocessing.get_context(method)
        show_progress(progress, f"state/{method}: starting a Manager")
        plain = {"k": 0}
        raw = ctx.Value("q", 0, lock=False)
        locked = ctx.Value("q", 0)

        def dict_inc() -> None:
            plain["k"] += 1

        def raw_inc() -> None:
            raw.value += 1

        def locked_inc() -> None:
            with locked.get_lock():
                locked.value += 1

        samples: dict[str, list[float]] = {}
        with ctx.Manager() as manager:
            proxy = manager.dict({"k": 0})

            def proxy_inc() -> None:
                proxy["k"] += 1

            steps = [("dict", dict_inc, settings.state_ops),
                     ("Value(lock=False)", raw_inc, settings.state_ops),
                     ("Value with get_lock()", locked_inc, settings.state_ops),
                     ("Manager dict proxy", proxy_inc, settings.manager_ops)]
            for r in range(settings.repeats):
                show_progress(progress,
                              f"state/{method}: repeat {r + 1}/{settings.repeats}")
                for name, step, ops in steps:
                    samples.setdefault(name, []).append(_per_op(ops, step))
            del proxy
        ceiling = median(samples["dict"])
        for name, values in samples.items():
            rows.append(make_row("state", name, method, "s/op", values, "dict", ceiling,
                                 operation="+= 1"))
    return rows
