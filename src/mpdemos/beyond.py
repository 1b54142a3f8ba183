"""One job on every engine, for 15-beyond-one-machine (tests: tests/test_beyond.py).

The CPU-bound job is the Pool notebook's: ``TASKS`` calls of
:func:`mpdemos.pools.busy_cpu`, pure-Python arithmetic that holds the GIL.
Each engine (a ``multiprocessing`` Pool, MPI, IPython parallel, Dask,
Parallel Python) runs it through a ``map``-like callable, and
:func:`time_job` times it the same way for all (with
:func:`mpdemos.pools.time_map`). :func:`table` lines the results up
beside the serial loop; :func:`did_all_the_work` judges a run against it.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mpdemos.arguments import check_int
from mpdemos.pools import MapLike, busy_cpu, time_map

#: The job: ``TASKS`` tasks of ``busy_cpu(N)``.
N = 200_000
TASKS = 8
#: How often :func:`time_job` runs the job; it keeps the fastest run. The
#: engines run it once: their table is not checked, and a cluster takes far
#: longer to start than the job. The checked yardstick takes :data:`TURNS` turns.
REPEATS = 1
#: How many turns the loop and the Pool take in :func:`serial_and_pool`.
TURNS = 3


@dataclass(frozen=True)
class Run:
    """One engine's figures: seconds to start, seconds for the job, CPU seconds."""

    engine: str
    job: float
    cpu: float
    start: float | None = None

    @property
    def cores(self) -> float:
        """How many cores worked at once: CPU seconds / wall seconds."""
        return self.cpu / self.job

    def speedup(self, serial: Run) -> float:
        """How many times faster than ``serial``."""
        return serial.job / self.job


def time_job(engine: str, run_map: MapLike, *, start: float | None = None,
             task: Callable[[int], Any] = busy_cpu, n: int = N, tasks: int = TASKS,
             repeats: int = REPEATS) -> Run:
    """Run ``task`` over the job with ``run_map`` ``repeats`` times; keep the fastest.

    ``run_map(task, [n] * tasks)`` must return ``(result, cpu_seconds)`` pairs
    in order, as ``map(busy_cpu, ...)`` does. Every result is checked against
    ``busy(n)`` (:func:`mpdemos.pools.time_map`): a wrong answer raises
    ``RuntimeError``.
    """
    check_int("repeats", repeats, minimum=1)
    wall, cpu = min(time_map(run_map, n, tasks, task=task, name=engine)
                    for _ in range(repeats))
    return Run(engine, job=wall, cpu=cpu, start=start)


def serial(n: int = N, tasks: int = TASKS, repeats: int = REPEATS) -> Run:
    """The yardstick: the job in a plain loop, in this process."""
    return time_job("serial loop", map, n=n, tasks=tasks, repeats=repeats)


def serial_and_pool(pool_map: MapLike, *, start: float | None = None,
                    turns: int = TURNS, n: int = N,
                    tasks: int = TASKS) -> tuple[Run, Run]:
    """The yardstick: the loop and a Pool take ``turns`` turns at the job.

    Returns ``(serial run, Pool run)``, each the fastest of its turns. On a
    shared machine a busy moment only ever adds time; taking turns makes it
    hit both sides alike, and the fastest turn is what the machine can do
    (the advice of the ``timeit`` docs).
    """
    check_int("turns", turns, minimum=1)
    loops: list[Run] = []
    maps: list[Run] = []
    for _ in range(turns):
        loops.append(serial(n, tasks))
        maps.append(time_job("multiprocessing.Pool", pool_map, start=start,
                             n=n, tasks=tasks))
    return fastest(loops), fastest(maps)


def fastest(runs: Sequence[Run]) -> Run:
    """The run with the shortest job time."""
    if not runs:
        raise ValueError("no runs to choose from")
    return min(runs, key=lambda run: run.job)


def pp_task(n: int) -> tuple[int, float]:
    """:func:`mpdemos.pools.busy_cpu` for Parallel Python.

    pp sends a function's *source code* to its workers, not a reference to
    it, so a task must import whatever it uses inside its body.
    """
    from mpdemos.pools import busy_cpu

    return busy_cpu(n)


def remove_scratch(path: str | Path) -> None:
    """Delete a cluster's scratch folder and everything in it.

    A worker that is still exiting may delete its own files while we walk
    the folder; a file that is already gone is fine. Anything else raises,
    and so does a folder that is not there at all.
    """
    if not Path(path).is_dir():
        raise FileNotFoundError(f"no scratch folder {str(path)!r}")
    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=_gone_is_fine)
    else:
        shutil.rmtree(path, onerror=_gone_is_fine)


def _gone_is_fine(function: Any, name: str, error: Any) -> None:
    """rmtree's error handler: ignore files that vanished, raise the rest."""
    if not isinstance(error, BaseException):  # onerror gives (type, value, tb)
        error = error[1]
    if not isinstance(error, FileNotFoundError):
        raise error


def did_all_the_work(run: Run, serial_run: Run, workers: int = 2) -> bool:
    """False when ``run`` finished too fast to have done all the work.

    ``workers`` workers need at least ``serial_run.cpu / workers`` seconds for
    the loop's CPU work. CPU time barely changes with load, so allowing half
    of that keeps a busy machine from failing a correct engine, yet catches
    one that skipped work (Dask without ``pure=False`` runs 1 task, not 8).
    """
    check_int("workers", workers, minimum=1)
    return run.job >= serial_run.cpu / workers / 2


def table(runs: Sequence[Run], serial_run: Run) -> str:
    """The runs as a text table: start, job, speedup over serial, cores used."""
    if not runs:
        raise ValueError("no runs to show")
    width = max(len(r.engine) for r in [serial_run, *runs])
    lines = [f"{'engine':{width}}  {'start':>8}  {'job':>8}  {'speedup':>7}  cores"]
    for r in [serial_run, *runs]:
        start = "-" if r.start is None else f"{r.start:6.2f} s"
        lines.append(f"{r.engine:{width}}  {start:>8}  {r.job:6.3f} s  "
                     f"{r.speedup(serial_run):6.2f}x  {r.cores:5.2f}")
    return "\n".join(lines)
