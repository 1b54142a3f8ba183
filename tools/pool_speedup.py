"""Measure the speedup of Pool and ProcessPoolExecutor under each start method.

The work is the 10-pool notebook's: tasks of ``mpdemos.pools.busy``, a
pure-Python loop that holds the GIL, timed and checked by
``mpdemos.pools.time_map``. For each start method the pools are started and
warmed first (every worker has answered), so process start-up is not
counted. Each run times the serial loop and both pools in turn; the table
shows medians over the runs, and how many cores the Pool's tasks really got.

    python tools/pool_speedup.py                  # 2 workers, 7 runs
    python tools/pool_speedup.py --workers 4 --runs 9
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
from concurrent.futures import ProcessPoolExecutor

from mpdemos import pools
from mpdemos.context import available_methods


def measure(method: str, workers: int, size: int, tasks: int,
            runs: int) -> dict[str, tuple[float, float]]:
    """Return, per way of running, the medians of wall time and of cores used."""
    ctx = multiprocessing.get_context(method)
    names = ("serial", "Pool", "ProcessPoolExecutor")
    walls: dict[str, list[float]] = {name: [] for name in names}
    cores: dict[str, list[float]] = {name: [] for name in names}
    with (ctx.Pool(workers) as pool,
          ProcessPoolExecutor(workers, mp_context=ctx) as executor):
        pools.warm(pool, workers)
        pools.warm(executor, workers)
        runners = {"serial": map, "Pool": pool.map, "ProcessPoolExecutor": executor.map}
        for _ in range(runs):
            for name, run in runners.items():
                wall, cpu = pools.time_map(run, size, tasks, name=name)
                walls[name].append(wall)
                cores[name].append(cpu / wall)
    return {name: (statistics.median(walls[name]), statistics.median(cores[name]))
            for name in names}


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
    print(f"{args.tasks} tasks of busy({args.size:_}), {args.workers} workers, "
          f"median of {args.runs} runs")
    print(f"{'method':11} {'serial s':>8} {'Pool s':>8} {'PPE s':>8} "
          f"{'Pool x':>7} {'PPE x':>7} {'cores':>6}")
    for method in available_methods():
        m = measure(method, args.workers, args.size, args.tasks, args.runs)
        serial = m["serial"][0]
        pool, executor = m["Pool"][0], m["ProcessPoolExecutor"][0]
        print(f"{method:11} {serial:8.3f} {pool:8.3f} {executor:8.3f} "
              f"{serial / pool:7.2f} {serial / executor:7.2f} "
              f"{m['Pool'][1]:6.2f}")
    print("cores: CPU seconds per wall second the Pool's tasks got (median); "
          "below the\nworker count, other programs took a share of the machine.")


if __name__ == "__main__":
    main()
