"""CPU-bound scaling, for 12-performance (tests: tests/test_bench_scaling.py).

The ``scaling`` section of ``mpdemos bench``: one CPU-bound job (tasks of
:func:`mpdemos.pools.busy_cpu`, timed and checked by
:func:`mpdemos.pools.time_map`) run serially and on 1..N workers by a Pool,
a ProcessPoolExecutor, joblib (loky) and threads, with Amdahl's law fitted
to each. joblib runs in a helper interpreter (:class:`JoblibRunner`, whose
loop is :func:`joblib_helper`).
"""

from __future__ import annotations

import multiprocessing
import queue
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

from mpdemos.arguments import check_int
from mpdemos.bench.settings import (
    QUICK,
    TIMEOUT,
    Progress,
    Settings,
    show_progress,
    usable_cpus,
    worker_counts,
)
from mpdemos.bench.stats import Row, fit_amdahl, make_row, median
from mpdemos.pools import MapLike, time_map, warm

#: The runners of the scaling section, in the order of its rows.
SCALING_KINDS = ("Pool", "ProcessPoolExecutor", "joblib (loky)", "threads")


class JoblibRunner:
    """joblib (loky) in a helper interpreter, driven line by line.

    joblib keeps its loky workers, a resource tracker and temporary folders
    alive after ``Parallel`` returns, and cleans them up only when its
    interpreter exits normally. Running it in a helper interpreter (started
    with ``subprocess``, so the same under every start method) keeps the
    caller, a notebook kernel say, free of leftovers. The helper times each
    job itself, exactly as a user's ``Parallel(...)(...)`` call would see it.
    """

    def __init__(self, timeout: float = TIMEOUT) -> None:
        self.timeout = timeout
        self._stderr = tempfile.TemporaryFile(mode="w+")
        code = "from mpdemos.bench.scaling import joblib_helper; joblib_helper()"
        self._proc = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self._stderr, text=True, bufsize=1)
        self._lines: queue.Queue[str] = queue.Queue()
        assert self._proc.stdout is not None
        stdout = self._proc.stdout
        self._reader = threading.Thread(
            target=lambda: [self._lines.put(line) for line in stdout], daemon=True)
        self._reader.start()

    def _ask(self, request: str) -> str:
        assert self._proc.stdin is not None
        self._proc.stdin.write(request + "\n")
        self._proc.stdin.flush()
        try:
            answer = self._lines.get(timeout=self.timeout).strip()
        except queue.Empty:
            raise TimeoutError(
                f"the joblib helper did not answer {request!r}") from None
        if answer.startswith("error"):
            raise RuntimeError(f"the joblib helper failed: {answer}")
        return answer

    def warm(self, workers: int) -> None:
        """Start ``workers`` loky workers and wait until each has answered."""
        check_int("workers", workers, minimum=1)
        self._ask(f"warm {workers}")

    def time(self, workers: int, tasks: int, size: int) -> float:
        """Seconds for ``Parallel(n_jobs=workers)`` to run ``tasks`` busy_cpu(size)."""
        return float(self._ask(f"run {workers} {tasks} {size}"))

    def close(self) -> None:
        """Let the helper exit normally (joblib cleans up), then wait for it."""
        if self._proc.stdin is not None and not self._proc.stdin.closed:
            self._proc.stdin.close()
        try:
            code = self._proc.wait(self.timeout)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait(5)
            raise TimeoutError("the joblib helper did not exit") from None
        finally:
            self._reader.join(5)
            if self._proc.stdout is not None:
                self._proc.stdout.close()
        self._stderr.seek(0)
        errors = self._stderr.read()
        self._stderr.close()
        if code != 0:
            raise RuntimeError(f"the joblib helper exited with {code}: {errors[-500:]}")

    def __enter__(self) -> JoblibRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def joblib_helper() -> None:
    """The helper's loop: answer ``warm W`` and ``run W TASKS SIZE`` lines.

    Runs in its own interpreter (see :class:`JoblibRunner`); ends at EOF.
    ``run`` answers the seconds :func:`mpdemos.pools.time_map` measured.
    """
    from joblib import Parallel, delayed

    def parallel_map(workers: int) -> MapLike:
        return lambda task, items: Parallel(n_jobs=workers)(delayed(task)(item)
                                                             for item in items)

    for line in sys.stdin:
        try:
            verb, *numbers = line.split()
            args = [int(n) for n in numbers]
            if verb == "warm":
                (workers,) = args
                warm(parallel_map(workers), workers)
                answer = "ok"
            elif verb == "run":
                workers, tasks, size = args
                seconds, _ = time_map(parallel_map(workers), size, tasks, name="joblib")
                answer = repr(seconds)
            else:
                answer = f"error: unknown request {line.strip()!r}"
        except Exception as e:  # report, keep serving
            answer = f"error: {type(e).__name__}: {e}"
        print(answer, flush=True)


def measure_scaling(methods: Sequence[str], settings: Settings = QUICK,
                    progress: Progress | None = None,
                    cpus: int | None = None) -> list[Row]:
    """Time one CPU-bound job serially and on 1..N workers, N usable CPUs.

    The job is ``tasks_per_cpu * N`` tasks of ``busy_cpu(task_size)``. For
    each worker count a Pool, a ProcessPoolExecutor, joblib (loky) and a
    thread pool are started and warmed, then all take turns with the serial
    loop, ``repeats`` times; medians count. A row's value is seconds; its
    ceiling is the ideal time (serial / workers), so its ratio is speedup /
    workers. Each kind also gets an ``amdahl_p`` fitted over all its rows.
    Rows keep the serial samples of their turns (``serial_samples``) and,
    except for joblib, the cores the tasks got in each turn (``cores_samples``).

    joblib runs in a helper interpreter (see :class:`JoblibRunner`), if
    ``settings.joblib``; with one worker it runs the job in that process,
    without workers.
    """
    cpus = usable_cpus() if cpus is None else cpus
    check_int("cpus", cpus, minimum=1)
    size, tasks = settings.task_size, settings.tasks_per_cpu * cpus
    rows: list[Row] = []
    joblib = JoblibRunner() if settings.joblib else None
    try:
        for method in methods:
            ctx = multiprocessing.get_context(method)
            serial: dict[int, list[float]] = {}  # per worker count, the same turns
            times: dict[tuple[str, int], list[float]] = {}
            cores_seen: dict[tuple[str, int], list[float]] = {}  # CPU s / wall s
            for w in worker_counts(cpus):
                show_progress(progress, f"scaling/{method}: starting {w} worker(s)")
                with ctx.Pool(w) as pool, \
                        ProcessPoolExecutor(w, mp_context=ctx) as executor, \
                        ThreadPoolExecutor(w) as threads:
                    maps: dict[str, MapLike] = {"Pool": pool.map,
                                                "ProcessPoolExecutor": executor.map,
                                                "threads": threads.map}
                    warm(pool, w)
                    warm(executor, w)
                    if joblib is not None:
                        joblib.warm(w)
                    for r in range(settings.repeats):
                        show_progress(progress, f"scaling/{method}: {w} worker(s), "
                                                f"repeat {r + 1}/{settings.repeats}")
                        seconds, _ = time_map(map, size, tasks, name="the serial loop")
                        serial.setdefault(w, []).append(seconds)
                        for name, run_map in maps.items():
                            seconds, cpu = time_map(run_map, size, tasks, name=name)
                            times.setdefault((name, w), []).append(seconds)
                            cores_seen.setdefault((name, w), []).append(cpu / seconds)
                        if joblib is not None:
                            times.setdefault(("joblib (loky)", w), []).append(
                                joblib.time(w, tasks, size))
            rows.extend(scaling_rows(method, serial, times, cores_seen))
    finally:
        if joblib is not None:
            joblib.close()
    return rows


def scaling_rows(method: str, serial: dict[int, list[float]],
                 times: dict[tuple[str, int], list[float]],
                 cores_seen: dict[tuple[str, int], list[float]]) -> list[Row]:
    """The rows of one method's scaling run: the serial loop, then each runner.

    ``serial`` holds the loop's samples per worker count, taken in the same
    turns as that count's ``times``; ``cores_seen`` the cores the tasks got,
    where known. Runners are sorted by workers, then as :data:`SCALING_KINDS`.
    """
    every_serial = [s for samples in serial.values() for s in samples]
    base = median(every_serial)
    rows = [make_row("scaling", "serial loop", method, "s", every_serial, "serial loop",
                     base, workers=1, speedup=1.0)]
    fits: dict[str, list[tuple[int, float]]] = {}
    runners = []
    for (name, w), samples in times.items():
        speedup = base / median(samples)
        fits.setdefault(name, []).append((w, speedup))
        seen = cores_seen.get((name, w))
        extra: dict[str, Any] = {"cores_samples": seen} if seen else {}
        runners.append(make_row("scaling", name, method, "s", samples, f"serial / {w}",
                                base / w, workers=w, speedup=speedup,
                                serial_samples=serial[w], **extra))
    runners.sort(key=lambda r: (r["params"]["workers"], SCALING_KINDS.index(r["name"])))
    for row in runners:
        points = fits[row["name"]]
        if any(w > 1 for w, _ in points):
            row["params"]["amdahl_p"] = fit_amdahl(*zip(*points))
    return rows + runners
