"""Measure the speedup of Pool and ProcessPoolExecutor under each start method.

The work is the 09-pool notebook's: tasks of ``mpdemos.pools.busy``, a
pure-Python loop that holds the GIL. For each start method the pools are
started and warmed first (every worker has answered), so process start-up is
not counted. Each run times the serial loop and both pools; the table shows
medians over the runs.

    python tools/pool_speedup.py                  # 2 workers, 7 runs
    python tools/pool_speedup.py --workers 4 --runs 9
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from mpdemos import pools
from mpdemos.validation import available_methods


def seconds(run: Callable[[Callable[[int], int], Iterable[int]], Iterable[Any]],
            work: list[int]) -> float:
    """Time one ``run(pools.busy, work)``, consuming all results."""
    t0 = time.perf_counter()
    list(run(pools.busy, work))
    return time.perf_counter() - t0


def measure(method: str, workers: int, work: list[int], runs: int) -> dict[str, float]:
    """Return median seconds for serial, Pool and ProcessPoolExecutor."""
    ctx = multiprocessing.get_context(method)
    times: dict[str, list[float]] = {"serial": [], "Pool": [], "ProcessPoolExecutor": []}
    with ctx.Pool(workers) as pool, \
            ProcessPoolExecutor(workers, mp_context=ctx) as executor:
        pools.warm(pool, workers)
        pools.warm(executor, workers)
        for _ in range(runs):
            times["serial"].append(seconds(map, work))
            times["Pool"].append(seconds(pool.map, work))
            times["ProcessPoolExecutor"].append(seconds(executor.map, work))
    return {name: statistics.median(values) for name, values in times.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=7, help="runs per method (>= 5)")
    parser.add_argument("--tasks", type=int, default=8)
    parser.add_argument("--size", type=int, default=750_000, help="busy(n) per task")
    args = parser.parse_args(argv)
    if args.runs < 5:
        parser.error("--runs must be at least 5, for a meaningful median")
    if args.workers < 1 or args.tasks < 1 or args.size < 1:
        parser.error("--workers, --tasks and --size must be positive")
    work = [args.size] * args.tasks
    print(f"{args.tasks} tasks of busy({args.size:_}), {args.workers} workers, "
          f"median of {args.runs} runs")
    print(f"{'method':11} {'serial':>8} {'Pool':>8} {'PPE':>8} {'Pool x':>7} {'PPE x':>7}")
    for method in available_methods():
        m = measure(method, args.workers, work, args.runs)
        print(f"{method:11} {m['serial']:8.3f} {m['Pool']:8.3f} "
              f"{m['ProcessPoolExecutor']:8.3f} "
              f"{m['serial'] / m['Pool']:7.2f} "
              f"{m['serial'] / m['ProcessPoolExecutor']:7.2f}")


if __name__ == "__main__":
    main()
