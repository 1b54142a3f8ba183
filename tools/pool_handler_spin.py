"""Show the CPU a Pool's worker-handler thread burns on many tiny results.

CPython's ``multiprocessing.Pool`` (3.8 and later) keeps three threads in the
parent. One of them, the worker handler, waits on the result pipe as well as
on the workers; it wakes whenever a result is waiting and loops until the
result thread has read it. Under forkserver each loop also polls every
worker, so with ``chunksize=1`` and tiny tasks the handler can hold a whole
core, and a map runs many times slower than under fork or spawn.

For each start method this maps ``--tasks`` tiny tasks with
``chunksize=1`` and with Pool's own chunksize on a warm ``Pool(2)``, and
prints the wall time, the handler thread's CPU time and its loops per result
(Linux only: thread CPU times come from ``/proc``).

    python tools/pool_handler_spin.py
    python tools/pool_handler_spin.py --tasks 5000 --runs 7
"""

from __future__ import annotations

import argparse
import multiprocessing
import multiprocessing.pool
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from mpdemos import pools
from mpdemos.bench.chunksize import auto_chunksize
from mpdemos.context import available_methods

_loops = [0]
_real_wait = multiprocessing.pool.Pool._wait_for_updates


def _counting_wait(*args: Any, **kwargs: Any) -> None:
    """Pool's own wait for the worker handler, counted."""
    _loops[0] += 1
    _real_wait(*args, **kwargs)


def thread_cpu(native_id: int) -> float:
    """CPU seconds (user + system) a thread of this process has used."""
    stat = Path(f"/proc/self/task/{native_id}/stat").read_text()
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(method: str, tasks: int, runs: int) -> list[str]:
    """Table lines for one start method: median wall time, handler CPU, loops."""
    items = list(range(tasks))
    lines = []
    with multiprocessing.get_context(method).Pool(2) as pool:
        pools.warm(pool, 2)
        handler = pool._worker_handler.native_id  # type: ignore[attr-defined]
        for chunksize in (1, None):
            walls, cpus, loops = [], [], []
            for _ in range(runs):
                cpu0, _loops[0] = thread_cpu(handler), 0
                t0 = time.perf_counter()
                pool.map(pools.do_calculation, items, chunksize=chunksize)
                walls.append(time.perf_counter() - t0)
                cpus.append(thread_cpu(handler) - cpu0)
                results = -(-tasks // (chunksize or auto_chunksize(tasks, 2)))
                loops.append(_loops[0] / results)
            label = "auto" if chunksize is None else str(chunksize)
            lines.append(f"{method:<11} {label:>9} {statistics.median(walls):>8.3f} "
                         f"{min(walls):>7.3f} {max(walls):>7.3f} "
                         f"{statistics.median(cpus):>11.2f} "
                         f"{statistics.median(loops):>14.1f}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=2000, help="tiny tasks per map")
    parser.add_argument("--runs", type=int, default=5, help="maps per chunksize")
    args = parser.parse_args()
    if not sys.platform.startswith("linux"):
        parser.error("thread CPU times come from /proc: Linux only")
    if args.tasks < 1 or args.runs < 1:
        parser.error("--tasks and --runs must be >= 1")
    pool_class: Any = multiprocessing.pool.Pool
    pool_class._wait_for_updates = staticmethod(_counting_wait)
    print(f"Python {sys.version.split()[0]}, Pool(2), {args.tasks} tiny tasks, "
          f"{args.runs} runs; seconds")
    print(f"{'method':<11} {'chunksize':>9} {'median':>8} {'min':>7} {'max':>7} "
          f"{'handler CPU':>11} {'loops/result':>14}")
    for method in available_methods():
        print("\n".join(measure(method, args.tasks, args.runs)), flush=True)


if __name__ == "__main__":
    main()
