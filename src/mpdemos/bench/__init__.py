"""Performance lab: what a process, a message and a lock cost on this machine.

``python -m mpdemos bench`` (or ``mpdemos bench``) and the ``10-performance``
notebook both call this module. It measures five things, each beside its
*ceiling*, the best this machine could possibly do:

=========  ===============================================  =====================
section    what is measured                                 ceiling
=========  ===============================================  =====================
start      start + join of one process; a Pool until every   a bare ``os.fork()``
           worker answered                                   (fork, forkserver) or
                                                             a fresh interpreter
                                                             (spawn)
scaling    CPU-bound job on 1..N workers: Pool,              the ideal time,
           ProcessPoolExecutor, joblib (loky), threads       serial time / workers
chunksize  many tiny tasks through ``Pool.map``              the serial loop
ipc        messages of 1 KiB, 64 KiB, 1 MiB through Queue,   ``memcpy`` of the same
           Pipe and shared_memory                            bytes, in-process
state      one increment on a Value with and without its     a plain ``dict``
           lock, and through a Manager proxy
=========  ===============================================  =====================

Every figure is a :class:`dict` row with an absolute ``value`` (a median over
the repeats) and a ``ratio``: the fraction of the ceiling reached, where 1.0
means "at the limit" and 0.1 means ten times short of it.

Worker functions (``busy``, ``tiny``, ``noop``, ``ipc_consumer``...) live
here because spawn and forkserver children import them by name. This module
imports nothing heavy at the top; plots are in :mod:`mpdemos.bench_plots`.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from mpdemos.arguments import check_int
from mpdemos.context import KNOWN_METHODS, available_methods

SECTIONS = ("start", "scaling", "chunksize", "ipc", "state")
KIB = 1024
MIB = 1024 * 1024
#: Seconds any single wait (join, get, acquire) may take before we give up.
TIMEOUT = 60.0
#: The targets the issue sets for full mode (medians of at least 5 repeats).
TARGET_SPEEDUP_2 = 1.8
TARGET_SHM_RATIO = 0.8
MIN_REPEATS_FOR_TARGETS = 5

#: The IPC section's transports; memcpy, the ceiling, is always measured.
IPC_TRANSPORTS = ("Queue", "Pipe", "shared_memory", "shared_memory+copy")

Progress = Callable[[str], None]
Row = dict[str, Any]


# ------------------------------------------------------------------ settings


@dataclass(frozen=True)
class Settings:
    """How much work each section does. See :data:`QUICK`, :data:`FULL`."""

    mode: str
    #: Samples per figure; the figure is their median.
    repeats: int
    #: Scaling: ``busy(task_size)`` tasks, ``tasks_per_cpu`` per usable CPU.
    task_size: int
    tasks_per_cpu: int
    #: Chunksize: this many ``tiny`` tasks, mapped with each chunksize.
    tiny_tasks: int
    chunksizes: tuple[int | None, ...]
    #: IPC: message sizes; each round sends about ``ipc_round_bytes``, at
    #: least ``ipc_min_messages`` and at most ``ipc_max_messages`` messages.
    ipc_sizes: tuple[int, ...]
    ipc_round_bytes: int
    ipc_min_messages: int
    ipc_max_messages: int
    #: Shared-memory ring: the producer may be up to ``ipc_slots`` messages
    #: ahead, as long as the ring stays within ``ipc_ring_bytes`` (a ring
    #: that outgrows the CPU caches makes every write slower).
    ipc_slots: int
    ipc_ring_bytes: int
    #: Messages cycle through this much fresh data (more than the CPU caches
    #: hold), as real messages would; memcpy copies the same messages.
    ipc_source_bytes: int
    #: State: operations timed per sample (a Manager proxy op is ~1000x slower).
    state_ops: int
    manager_ops: int
    #: IPC: which of :data:`IPC_TRANSPORTS` to measure.
    ipc_transports: tuple[str, ...] = IPC_TRANSPORTS
    #: Scaling: also time joblib (loky), which starts a helper interpreter.
    joblib: bool = True

    def __post_init__(self) -> None:
        for name in ("repeats", "task_size", "tasks_per_cpu", "tiny_tasks",
                     "ipc_round_bytes", "ipc_min_messages", "ipc_max_messages",
                     "ipc_slots", "ipc_ring_bytes", "ipc_source_bytes", "state_ops",
                     "manager_ops"):
            check_int(name, getattr(self, name), minimum=1)
        if not self.chunksizes:
            raise ValueError("chunksizes must not be empty")
        for c in self.chunksizes:
            if c is not None:
                check_int("chunksize", c, minimum=1)
        if not self.ipc_sizes:
            raise ValueError("ipc_sizes must not be empty")
        for s in self.ipc_sizes:
            check_int("message size", s, minimum=1)
        if isinstance(self.ipc_transports, str) or not self.ipc_transports:
            raise ValueError("ipc_transports must be a non-empty tuple of names")
        for t in self.ipc_transports:
            if t not in IPC_TRANSPORTS:
                raise ValueError(f"{t!r} is not a transport; choose from "
                                 f"{', '.join(IPC_TRANSPORTS)}")
        if self.ipc_min_messages > self.ipc_max_messages:
            raise ValueError("ipc_min_messages must be <= ipc_max_messages")

    def with_repeats(self, repeats: int) -> Settings:
        """Return a copy that takes ``repeats`` samples per figure."""
        check_int("repeats", repeats, minimum=1)
        return replace(self, repeats=repeats)


#: About 15 s on an idle 2-core machine (25 s on a slow one); the command's default.
QUICK = Settings(
    mode="quick", repeats=3, task_size=100_000, tasks_per_cpu=4,
    tiny_tasks=1_000, chunksizes=(1, 10, 100, None),
    ipc_sizes=(KIB, 64 * KIB, MIB), ipc_round_bytes=32 * MIB,
    ipc_min_messages=8, ipc_max_messages=1_000, ipc_slots=8,
    ipc_ring_bytes=2 * MIB, ipc_source_bytes=64 * MIB,
    state_ops=20_000, manager_ops=300,
)
#: A few minutes: bigger jobs and medians of at least 5 repeats.
FULL = Settings(
    mode="full", repeats=7, task_size=500_000, tasks_per_cpu=8,
    tiny_tasks=10_000, chunksizes=(1, 4, 16, 64, 256, 1024, None),
    ipc_sizes=(KIB, 64 * KIB, MIB), ipc_round_bytes=128 * MIB,
    ipc_min_messages=32, ipc_max_messages=4_000, ipc_slots=8,
    ipc_ring_bytes=2 * MIB, ipc_source_bytes=64 * MIB,
    state_ops=200_000, manager_ops=2_000,
)
#: For the notebook: one start method, small jobs, a few seconds in all.
NOTEBOOK = replace(
    QUICK, mode="notebook", repeats=3, task_size=100_000,
    tiny_tasks=1_000, chunksizes=(1, 10, 100, None),
    ipc_round_bytes=16 * MIB, ipc_max_messages=500, ipc_source_bytes=32 * MIB,
    state_ops=10_000,
    manager_ops=200, joblib=False,
)


def usable_cpus() -> int:
    """How many CPUs this process may run on.

    ``os.process_cpu_count()`` (Python 3.13+), else the CPU affinity mask
    (Linux), else ``os.cpu_count()``. On a cluster node or in a container
    this can be fewer than the machine has.
    """
    counter = getattr(os, "process_cpu_count", None)
    if counter is not None:
        count = counter()
    elif hasattr(os, "sched_getaffinity"):
        count = len(os.sched_getaffinity(0))
    else:
        count = os.cpu_count()
    return max(1, count or 1)


def worker_counts(cpus: int) -> list[int]:
    """Worker counts to try for ``cpus`` CPUs: 1..cpus, thinned above 8.

    Always 1 and 2, even on one CPU: there, the second worker shows that
    more workers than CPUs buy nothing.
    """
    check_int("cpus", cpus, minimum=1)
    if cpus <= 8:
        return list(range(1, max(cpus, 2) + 1))
    counts = [1, 2, 4]
    while counts[-1] * 2 < cpus:
        counts.append(counts[-1] * 2)
    return counts + [cpus]


def parse_list(text: str, allowed: Sequence[str], what: str) -> list[str]:
    """Split ``"a,b"`` into ``["a", "b"]``, each one of ``allowed``.

    Raises ``ValueError`` naming the bad item and the choices.
    """
    if not isinstance(text, str):
        raise TypeError(f"{what} must be a comma-separated str, not {text!r}")
    items = [item.strip() for item in text.split(",") if item.strip()]
    if not items:
        raise ValueError(f"no {what} given; choose from {', '.join(allowed)}")
    for item in items:
        if item not in allowed:
            raise ValueError(f"{item!r} is not a {what}; choose from {', '.join(allowed)}")
    return list(dict.fromkeys(items))  # drop repeats, keep order


def check_methods(methods: Iterable[str]) -> list[str]:
    """Return ``methods`` as a list, each a start method this platform has."""
    if isinstance(methods, str):
        raise TypeError("methods must be a list of start method names, not a str")
    methods = list(methods)
    offered = multiprocessing.get_all_start_methods()
    if not methods:
        raise ValueError("methods must name at least one start method")
    for m in methods:
        if m not in KNOWN_METHODS:
            raise ValueError(f"{m!r} is not a start method; use {', '.join(KNOWN_METHODS)}")
        if m not in offered:
            raise ValueError(f"start method {m!r} is not available here; "
                             f"this platform offers {', '.join(offered)}")
    return methods


# ------------------------------------------------------------------- workers


def noop() -> None:
    """Do nothing: the target for timing a process start."""


def busy(n: int) -> int:
    """Do ``n`` steps of pure-Python arithmetic and return the sum.

    It holds the GIL all the time: threads cannot run it in parallel,
    processes can. ``busy(1_000_000)`` takes about 50 ms.
    """
    check_int("n", n)
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def busy_cpu(n: int) -> tuple[int, float]:
    """Run :func:`busy`; return its result and the CPU seconds it took.

    The CPU time is this thread's own (``time.thread_time()``): time spent
    waiting for a core or for the GIL does not count.
    """
    start = time.thread_time()
    return busy(n), time.thread_time() - start


def tiny(x: int) -> int:
    """Return ``x * x``: a task far cheaper than sending it to a worker."""
    return x * x


def worker_pid(seconds: float = 0.0) -> int:
    """Sleep ``seconds``, then return this worker's process id."""
    time.sleep(seconds)
    return os.getpid()


def warm(run_map: Callable[..., Iterable[int]], workers: int,
         timeout: float = TIMEOUT) -> set[int]:
    """Call ``run_map(worker_pid, ...)`` until ``workers`` processes answered.

    ``run_map`` is ``pool.map``, ``executor.map`` or a joblib runner. Each
    task sleeps 5 ms so one fast worker cannot take them all. A warm pool
    has started every worker, so later timings leave out process start-up.
    """
    check_int("workers", workers, minimum=1)
    deadline = time.monotonic() + timeout
    pids: set[int] = set()
    while len(pids) < workers:
        if time.monotonic() > deadline:
            raise TimeoutError(f"only {len(pids)} of {workers} workers answered")
        pids.update(run_map(worker_pid, [0.005] * (2 * workers)))
    return pids


def ipc_consumer(transport: str, control: Any, data: Any, shm_name: str | None,
                 full: Any, empty: Any) -> None:
    """Child side of the IPC benchmark: receive rounds of messages.

    For each round the parent sends ``(size, count, slots)`` on ``control``;
    the child answers ``"ready"``, receives ``count`` messages of ``size``
    bytes, then answers ``"done"``. ``None`` ends the loop.

    A message counts as received when the child holds it and reads it: its
    first and last byte. Queue and Pipe hand over a new ``bytes`` object;
    ``shared_memory`` hands over a view of the slot the message sits in
    (``full`` counts filled slots, ``empty`` free ones), which is the point
    of shared memory. ``shared_memory+copy`` also copies each message out of
    its slot before freeing it, to show what that second copy costs.
    """
    shm = _attach(shm_name) if transport.startswith("shared_memory") else None
    try:
        while True:
            header = control.recv()
            if header is None:
                return
            size, count, slots = header
            control.send("ready")
            if transport == "Pipe":
                for _ in range(count):
                    _read(data.recv_bytes())
            elif transport == "Queue":
                for _ in range(count):
                    _read(data.get(timeout=TIMEOUT))
            else:
                assert shm is not None
                copy = bytearray(size) if transport == "shared_memory+copy" else None
                buf = shm.buf
                for i in range(count):
                    if not full.acquire(timeout=TIMEOUT):
                        raise TimeoutError("no message arrived")
                    start = (i % slots) * size
                    with buf[start:start + size] as message:
                        if copy is not None:
                            copy[:] = message
                            _read(copy)
                        else:
                            _read(message)
                    empty.release()
                del buf
            control.send("done")
    finally:
        if shm is not None:
            shm.close()


def _read(message: bytes | bytearray | memoryview) -> int:
    """Touch a received message: its first and last byte."""
    return message[0] ^ message[-1]


def _attach(name: str | None) -> Any:
    """Open an existing shared memory segment without owning it."""
    from multiprocessing import shared_memory

    if name is None:
        raise ValueError("shared_memory needs a segment name")
    if sys.version_info >= (3, 13):
        return shared_memory.SharedMemory(name=name, track=False)
    # Before 3.13 attaching registers the segment with the resource tracker;
    # our children share the parent's tracker, which keeps one entry per name,
    # so the parent's unlink() still clears it.
    return shared_memory.SharedMemory(name=name)


# ------------------------------------------------------------------- helpers


def cpus_apart() -> tuple[int, int] | None:
    """Two different CPUs this process may use, or ``None``.

    ``None`` where the system has no CPU affinity calls (macOS, Windows) or
    this process may run on one CPU only.
    """
    if not hasattr(os, "sched_getaffinity") or not hasattr(os, "sched_setaffinity"):
        return None
    cpus = sorted(os.sched_getaffinity(0))
    return (cpus[0], cpus[1]) if len(cpus) >= 2 else None


@contextmanager
def pinned_apart(children: Iterable[int]) -> Iterator[bool]:
    """Run this thread on one CPU and the ``children`` (pids) on another.

    What ``taskset`` does from a shell. Without it, Linux often wakes a
    consumer on its producer's CPU (the one that woke it), and the two then
    take turns on one core. Yields whether it pinned (see
    :func:`cpus_apart`); this thread's CPUs are given back on exit.
    """
    pids = list(children)
    for pid in pids:
        check_int("pid", pid, minimum=1)
    pair = cpus_apart()
    if pair is None:
        yield False
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {pair[0]})
    try:
        for pid in pids:
            os.sched_setaffinity(pid, {pair[1]})
        yield True
    finally:
        os.sched_setaffinity(0, before)


def _median(samples: Sequence[float]) -> float:
    return float(statistics.median(samples))


def _timed(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _row(section: str, name: str, method: str | None, unit: str,
         samples: Sequence[float], ceiling_name: str, ceiling: float,
         higher_is_better: bool = False, value: float | None = None,
         **params: Any) -> Row:
    """Build one result row; ``ratio`` is the fraction of the ceiling reached."""
    value = _median(samples) if value is None else value
    if higher_is_better:
        ratio = value / ceiling if ceiling > 0 else 0.0
    else:
        ratio = ceiling / value if value > 0 else 0.0
    return {
        "section": section, "name": name, "method": method, "unit": unit,
        "value": value, "samples": [float(s) for s in samples],
        "ceiling_name": ceiling_name, "ceiling": float(ceiling),
        "ratio": ratio, "higher_is_better": higher_is_better, "params": params,
    }


def _say(progress: Progress | None, message: str) -> None:
    if progress is not None:
        progress(message)


def _fork_floor() -> float:
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


def _interpreter_floor() -> float:
    """Seconds to start and end a fresh interpreter: ``python -c pass``."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True, timeout=TIMEOUT)
    return time.perf_counter() - t0


def start_floor(method: str) -> tuple[str, Callable[[], float]]:
    """The fastest way to get a process like ``method`` does: name and timer."""
    if method == "spawn" or not hasattr(os, "fork"):
        return "python -c pass", _interpreter_floor
    return "bare os.fork()", _fork_floor


def _process_start(ctx: Any) -> float:
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


def process_start_costs(methods: Sequence[str] | None = None,
                        turns: int = 3) -> dict[str, float]:
    """Seconds to start and join one process, per start method: the best of ``turns``.

    Every method's first start is not timed (the fork server starts then).
    ``methods`` defaults to every method this platform offers.
    """
    check_int("turns", turns, minimum=1)
    methods = check_methods(available_methods() if methods is None else methods)
    costs = {}
    for method in methods:
        ctx = multiprocessing.get_context(method)
        _process_start(ctx)
        costs[method] = min(_process_start(ctx) for _ in range(turns))
    return costs


def _pool_start(ctx: Any, workers: int) -> float:
    t0 = time.perf_counter()
    with ctx.Pool(workers) as pool:
        warm(pool.map, workers)
        seconds = time.perf_counter() - t0
    return seconds


# ------------------------------------------------------------------ sections


def measure_start(methods: Sequence[str], settings: Settings = QUICK,
                  progress: Progress | None = None) -> list[Row]:
    """Start + join of one process, and a Pool until all its workers answered.

    One untimed start per method comes first (the fork server starts then).
    The ceiling is the method's floor: a bare ``os.fork()`` for fork and
    forkserver, a fresh ``python -c pass`` for spawn.
    """
    methods = check_methods(methods)
    workers = usable_cpus()
    rows: list[Row] = []
    for method in methods:
        ctx = multiprocessing.get_context(method)
        floor_name, floor = start_floor(method)
        _say(progress, f"start/{method}: warming up")
        _process_start(ctx)
        floors, starts, pools = [], [], []
        for r in range(settings.repeats):
            _say(progress, f"start/{method}: repeat {r + 1}/{settings.repeats}")
            floors.append(floor())
            starts.append(_process_start(ctx))
            pools.append(_pool_start(ctx, workers))
        ceiling = _median(floors)
        rows.append(_row("start", floor_name, method, "s", floors, floor_name, ceiling))
        rows.append(_row("start", "Process start+join", method, "s", starts,
                         floor_name, ceiling))
        rows.append(_row("start", f"Pool({workers}) until ready", method, "s", pools,
                         floor_name, ceiling, workers=workers))
    return rows


def amdahl(p: float, workers: float) -> float:
    """Speedup Amdahl's law predicts when a fraction ``p`` of the work is parallel."""
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"p must be a fraction between 0 and 1, not {p!r}")
    if workers <= 0:
        raise ValueError(f"workers must be positive, not {workers!r}")
    return 1.0 / ((1.0 - p) + p / workers)


def within_turns(tops: Sequence[float], bottoms: Sequence[float]) -> float:
    """Median of ``top / bottom`` over samples taken side by side, turn by turn.

    When two things are timed back to back in each turn, a moment when the
    whole machine ran fast or slow (virtual machines do) touches both sides
    of a ratio alike, which comparing the median of each side does not.
    """
    if len(tops) != len(bottoms) or not tops:
        raise ValueError("need the same number (at least one) of samples on each side")
    if any(b <= 0 for b in bottoms):
        raise ValueError("the samples below the line must be positive")
    return _median([t / b for t, b in zip(tops, bottoms)])


def paired_speedup(row: Row) -> float:
    """Median of serial / parallel over the turns a scaling row was measured in.

    Each turn times the serial loop and then the runner, back to back
    (see :func:`within_turns`).
    """
    serial = row["params"].get("serial_samples")
    if row["section"] != "scaling" or not serial:
        raise ValueError("paired_speedup needs a scaling row of a runner")
    return within_turns(serial, row["samples"])


def speedup_when_free(row: Row, min_cores: float = 1.3) -> float | None:
    """:func:`paired_speedup` over the turns in which the machine was free.

    A turn counts when the runner's tasks got at least ``min_cores`` cores
    (CPU seconds per wall second, see :func:`cores`): when other programs
    held a core, no pool can be expected to beat the loop, and that turn
    says nothing about the pool. Returns ``None`` if no turn counts.
    """
    serial = row["params"].get("serial_samples")
    seen = row["params"].get("cores_samples")
    if row["section"] != "scaling" or not serial or not seen:
        raise ValueError("speedup_when_free needs a scaling row of a Pool, an "
                         "executor or threads")
    free = [(s, t) for s, t, c in zip(serial, row["samples"], seen) if c >= min_cores]
    if not free:
        return None
    return within_turns([s for s, _ in free], [t for _, t in free])


def cores(row: Row) -> float:
    """How many cores a scaling runner's tasks got: CPU seconds per wall second.

    The median over the turns of the row. Below its worker count, other
    programs held some of the machine while it ran. joblib's rows have no
    figure: its tasks run in another interpreter.
    """
    samples = row["params"].get("cores_samples")
    if row["section"] != "scaling" or not samples:
        raise ValueError("cores needs a scaling row of a Pool, an executor or threads")
    return _median(samples)


def paired_ratio(row: Row) -> float:
    """An IPC row's fraction of memcpy, taken round by round.

    Each round of a transport comes right after a memcpy of the same
    messages; this is the median of their rates' ratios
    (see :func:`within_turns`).
    """
    ceiling = row["params"].get("ceiling_samples")
    if row["section"] != "ipc" or not ceiling:
        raise ValueError("paired_ratio needs an ipc row of a transport")
    return within_turns(row["samples"], ceiling)


def fit_amdahl(workers: Sequence[float], speedups: Sequence[float]) -> float:
    """Fit Amdahl's law to measured speedups; return the parallel fraction ``p``.

    Amdahl: ``1/S = (1 - p) + p/n``, so ``1 - 1/S = p (1 - 1/n)``: a line
    through the origin, fitted by least squares. The result is clipped to
    [0, 1]. Points with one worker carry no information about ``p``.
    """
    workers, speedups = list(workers), list(speedups)
    if len(workers) != len(speedups):
        raise ValueError("workers and speedups must have the same length")
    if not workers:
        raise ValueError("need at least one measurement")
    for n, s in zip(workers, speedups):
        if isinstance(n, bool) or not isinstance(n, (int, float)) or n < 1:
            raise ValueError(f"worker counts must be >= 1, not {n!r}")
        if isinstance(s, bool) or not isinstance(s, (int, float)) or s <= 0:
            raise ValueError(f"speedups must be positive numbers, not {s!r}")
    xs = [1.0 - 1.0 / n for n in workers]
    ys = [1.0 - 1.0 / s for s in speedups]
    den = sum(x * x for x in xs)
    if den == 0:
        raise ValueError("need a measurement with more than one worker")
    p = sum(x * y for x, y in zip(xs, ys)) / den
    return min(1.0, max(0.0, p))


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
        import queue
        import tempfile
        import threading

        self.timeout = timeout
        self._stderr = tempfile.TemporaryFile(mode="w+")
        code = "from mpdemos.bench import joblib_helper; joblib_helper()"
        self._proc = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self._stderr, text=True, bufsize=1)
        self._lines: queue.Queue[str] = queue.Queue()
        assert self._proc.stdout is not None
        stdout = self._proc.stdout
        self._reader = threading.Thread(target=lambda: [self._lines.put(line)
                                                        for line in stdout], daemon=True)
        self._reader.start()

    def _ask(self, request: str) -> str:
        import queue

        assert self._proc.stdin is not None
        self._proc.stdin.write(request + "\n")
        self._proc.stdin.flush()
        try:
            answer = self._lines.get(timeout=self.timeout).strip()
        except queue.Empty:
            raise TimeoutError(f"the joblib helper did not answer {request!r}") from None
        if answer.startswith("error"):
            raise RuntimeError(f"the joblib helper failed: {answer}")
        return answer

    def warm(self, workers: int) -> None:
        """Start ``workers`` loky workers and wait until each has answered."""
        check_int("workers", workers, minimum=1)
        self._ask(f"warm {workers}")

    def time(self, workers: int, tasks: int, size: int) -> float:
        """Seconds for ``Parallel(n_jobs=workers)`` to run ``tasks`` busy(size)."""
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
    """
    from joblib import Parallel, delayed

    expected: dict[tuple[int, int], list[int]] = {}
    for line in sys.stdin:
        try:
            verb, *numbers = line.split()
            args = [int(n) for n in numbers]
            if verb == "warm":
                (workers,) = args
                warm(lambda fn, items: Parallel(n_jobs=workers)(delayed(fn)(i)
                                                                for i in items), workers)
                answer = "ok"
            elif verb == "run":
                workers, tasks, size = args
                if (tasks, size) not in expected:  # before timing: no work after it
                    expected[tasks, size] = [busy(size)] * tasks
                t0 = time.perf_counter()
                results = Parallel(n_jobs=workers)(delayed(busy)(size)
                                                   for _ in range(tasks))
                answer = repr(time.perf_counter() - t0)
                if results != expected[tasks, size]:
                    answer = "error: wrong results"
            else:
                answer = f"error: unknown request {line.strip()!r}"
        except Exception as e:  # report, keep serving
            answer = f"error: {type(e).__name__}: {e}"
        print(answer, flush=True)


SCALING_KINDS = ("Pool", "ProcessPoolExecutor", "joblib (loky)", "threads")


def measure_scaling(methods: Sequence[str], settings: Settings = QUICK,
                    progress: Progress | None = None,
                    cpus: int | None = None) -> list[Row]:
    """Time one CPU-bound job serially and on 1..N workers, N usable CPUs.

    The job is ``tasks_per_cpu * N`` tasks of ``busy(task_size)``. For each
    worker count a Pool, a ProcessPoolExecutor, joblib (loky) and a thread
    pool are started and warmed, then all take turns with the serial loop,
    ``repeats`` times; medians count. A row's value is seconds; its ceiling
    is the ideal time (serial / workers), so its ratio is speedup / workers.
    Each kind also gets an ``amdahl_p`` fitted over all its rows. Rows keep
    the serial samples of their turns (``serial_samples``) and, except for
    joblib, the cores the tasks got in each turn (``cores_samples``).

    joblib runs in a helper interpreter (see :class:`JoblibRunner`), if
    ``settings.joblib``; with one worker it runs the job in that process,
    without workers.
    """
    methods = check_methods(methods)
    cpus = usable_cpus() if cpus is None else cpus
    check_int("cpus", cpus, minimum=1)
    work = [settings.task_size] * (settings.tasks_per_cpu * cpus)
    expected = [busy(settings.task_size)] * len(work)
    rows: list[Row] = []

    def timed(run_map: Callable[..., Iterable[Any]]) -> tuple[float, float | None]:
        """Seconds for the job, and the CPU seconds its tasks used."""
        t0 = time.perf_counter()
        results = list(run_map(busy_cpu, work))
        seconds = time.perf_counter() - t0
        if [value for value, _ in results] != expected:
            raise RuntimeError("a runner returned wrong results")
        return seconds, sum(cpu for _, cpu in results)

    joblib = JoblibRunner() if settings.joblib else None
    try:
        for method in methods:
            ctx = multiprocessing.get_context(method)
            serial: list[float] = []
            serial_beside: dict[int, list[float]] = {}  # taken in the same turns
            times: dict[tuple[str, int], list[float]] = {}
            cores_seen: dict[tuple[str, int], list[float]] = {}  # CPU s / wall s
            for w in worker_counts(cpus):
                _say(progress, f"scaling/{method}: starting {w} worker(s)")
                with ctx.Pool(w) as pool, \
                        ProcessPoolExecutor(w, mp_context=ctx) as executor, \
                        ThreadPoolExecutor(w) as threads:
                    runners: dict[str, Callable[[], tuple[float, float | None]]] = {
                        "Pool": lambda: timed(pool.map),
                        "ProcessPoolExecutor": lambda: timed(executor.map),
                        "threads": lambda: timed(threads.map),
                    }
                    warm(pool.map, w)
                    warm(executor.map, w)
                    if joblib is not None:
                        joblib.warm(w)
                        runners["joblib (loky)"] = lambda: (joblib.time(
                            w, len(work), settings.task_size), None)
                    for r in range(settings.repeats):
                        _say(progress, f"scaling/{method}: {w} worker(s), "
                                       f"repeat {r + 1}/{settings.repeats}")
                        serial.append(timed(map)[0])
                        serial_beside.setdefault(w, []).append(serial[-1])
                        for name, run in runners.items():
                            seconds, cpu = run()
                            times.setdefault((name, w), []).append(seconds)
                            if cpu is not None:
                                cores_seen.setdefault((name, w), []).append(
                                    cpu / seconds)
            base = _median(serial)
            rows.append(_row("scaling", "serial loop", method, "s", serial,
                             "serial loop", base, workers=1, speedup=1.0))
            fits: dict[str, list[tuple[int, float]]] = {}
            mine = []
            for (name, w), samples in times.items():
                speedup = base / _median(samples)
                fits.setdefault(name, []).append((w, speedup))
                seen = cores_seen.get((name, w))
                extra = {"cores_samples": seen} if seen else {}
                mine.append(_row("scaling", name, method, "s", samples,
                                 f"serial / {w}", base / w, workers=w, speedup=speedup,
                                 serial_samples=serial_beside[w], **extra))
            mine.sort(key=lambda r: (r["params"]["workers"], SCALING_KINDS.index(r["name"])))
            for row in mine:
                points = fits[row["name"]]
                if any(w > 1 for w, _ in points):
                    row["params"]["amdahl_p"] = fit_amdahl(*zip(*points))
            rows.extend(mine)
    finally:
        if joblib is not None:
            joblib.close()
    return rows


def measure_chunksize(methods: Sequence[str], settings: Settings = QUICK,
                      progress: Progress | None = None) -> list[Row]:
    """Map ``tiny_tasks`` tiny tasks on a warm Pool(N) with each chunksize.

    The ceiling is the serial loop: for tasks this small, a pool can at best
    come close to it. ``None`` is Pool.map's own choice, about
    ``len(items) / (4 * workers)``.
    """
    methods = check_methods(methods)
    workers = usable_cpus()
    items = list(range(settings.tiny_tasks))
    expected = [tiny(i) for i in items]
    rows: list[Row] = []
    for method in methods:
        ctx = multiprocessing.get_context(method)
        _say(progress, f"chunksize/{method}: starting Pool({workers})")
        with ctx.Pool(workers) as pool:
            warm(pool.map, workers)
            serial: list[float] = []
            times: dict[int | None, list[float]] = {c: [] for c in settings.chunksizes}
            for r in range(settings.repeats):
                _say(progress, f"chunksize/{method}: repeat {r + 1}/{settings.repeats}")
                serial.append(_timed(lambda: list(map(tiny, items))))
                for c in settings.chunksizes:
                    t0 = time.perf_counter()
                    results = pool.map(tiny, items, chunksize=c)
                    times[c].append(time.perf_counter() - t0)
                    if results != expected:
                        raise RuntimeError("Pool.map returned wrong results")
        base = _median(serial)
        rows.append(_row("chunksize", "serial loop", method, "s", serial,
                         "serial loop", base, tasks=len(items), chunksize=None))
        for c, samples in times.items():
            label = "chunksize=auto" if c is None else f"chunksize={c}"
            rows.append(_row("chunksize", label, method, "s", samples, "serial loop",
                             base, tasks=len(items), chunksize=c, workers=workers,
                             chunksize_used=c or auto_chunksize(len(items), workers)))
    return rows


def auto_chunksize(tasks: int, workers: int) -> int:
    """The chunksize ``Pool.map`` picks when given none: tasks / (4 * workers), up."""
    check_int("tasks", tasks)
    check_int("workers", workers, minimum=1)
    chunksize, extra = divmod(tasks, workers * 4)
    return chunksize + 1 if extra else max(chunksize, 1)


def size_label(size: int) -> str:
    """``1024`` -> ``"1 KiB"``, ``1048576`` -> ``"1 MiB"``."""
    check_int("size", size, minimum=1)
    if size % MIB == 0:
        return f"{size // MIB} MiB"
    if size % KIB == 0:
        return f"{size // KIB} KiB"
    return f"{size} B"


def message_count(size: int, settings: Settings) -> int:
    """How many messages of ``size`` bytes one IPC round sends."""
    check_int("size", size, minimum=1)
    count = settings.ipc_round_bytes // size
    return max(settings.ipc_min_messages, min(settings.ipc_max_messages, count))


def ring_slots(size: int, settings: Settings) -> int:
    """How many slots of ``size`` bytes the shared-memory ring uses (at least 1)."""
    check_int("size", size, minimum=1)
    return max(1, min(settings.ipc_slots, settings.ipc_ring_bytes // size))


def make_messages(size: int, count: int, settings: Settings) -> list[bytes]:
    """Distinct random messages of ``size`` bytes for one IPC round.

    As many as ``count`` needs, up to ``ipc_source_bytes`` in all; a round
    cycles through them.
    """
    check_int("size", size, minimum=1)
    check_int("count", count, minimum=1)
    distinct = max(1, min(count, settings.ipc_source_bytes // size))
    return [os.urandom(size) for _ in range(distinct)]


def memcpy_seconds(messages: Sequence[bytes], count: int) -> float:
    """Seconds to copy ``count`` of ``messages`` (cycling) into a buffer, in-process."""
    check_int("count", count, minimum=1)
    if not messages or len({len(m) for m in messages}) != 1:
        raise ValueError("messages must be a non-empty list of equal-sized bytes")
    view = memoryview(bytearray(len(messages[0])))
    n = len(messages)
    t0 = time.perf_counter()
    for i in range(count):
        view[:] = messages[i % n]
    seconds = time.perf_counter() - t0
    view.release()
    return seconds


class _Channel:
    """A consumer child and the parent's end of one transport."""

    def __init__(self, ctx: Any, transport: str, slot_size: int, slots: int) -> None:
        from multiprocessing import shared_memory

        self.transport, self.slots = transport, slots
        self.control, child_control = ctx.Pipe()
        self.shm = None
        self.full = self.empty = None
        self.queue = None
        self.send_end = None
        data: Any = None
        if transport == "Pipe":
            data, self.send_end = ctx.Pipe(duplex=False)
        elif transport == "Queue":
            self.queue = data = ctx.Queue()
        elif transport in ("shared_memory", "shared_memory+copy"):
            self.shm = shared_memory.SharedMemory(create=True, size=slot_size * slots)
            self.full, self.empty = ctx.Semaphore(0), ctx.Semaphore(slots)
        else:
            raise ValueError(f"unknown transport {transport!r}; "
                             f"expected one of {', '.join(IPC_TRANSPORTS)}")
        name = self.shm.name if self.shm is not None else None
        self.process = ctx.Process(
            target=ipc_consumer, name=f"bench-{transport}",
            args=(transport, child_control, data, name, self.full, self.empty))
        self.process.start()
        child_control.close()

    def _expect(self, word: str) -> None:
        if not self.control.poll(TIMEOUT):
            raise TimeoutError(f"the {self.transport} consumer did not answer")
        answer = self.control.recv()
        if answer != word:
            raise RuntimeError(f"expected {word!r} from the consumer, got {answer!r}")

    def round(self, messages: Sequence[bytes], count: int, slots: int) -> float:
        """Send ``count`` of ``messages`` (cycling); seconds until all were received.

        A shared-memory ring uses its first ``slots`` slots this round; the
        parent holds the other slots' ``empty`` permits until it ends.
        """
        size, n = len(messages[0]), len(messages)
        check_int("slots", slots, minimum=1)
        if slots > self.slots:
            raise ValueError(f"slots must be <= {self.slots}, the ring's size, "
                             f"not {slots}")
        parked = self.slots - slots if self.empty is not None else 0
        for _ in range(parked):
            if not self.empty.acquire(timeout=TIMEOUT):
                raise TimeoutError("the consumer kept a slot from the last round")
        try:
            return self._round(messages, count, size, n, slots)
        finally:
            for _ in range(parked):
                self.empty.release()

    def _round(self, messages: Sequence[bytes], count: int, size: int, n: int,
               slots: int) -> float:
        self.control.send((size, count, slots))
        self._expect("ready")
        t0 = time.perf_counter()
        if self.send_end is not None:
            for i in range(count):
                self.send_end.send_bytes(messages[i % n])
        elif self.queue is not None:
            for i in range(count):
                self.queue.put(messages[i % n])
        else:
            assert self.shm is not None and self.full is not None
            buf = self.shm.buf
            for i in range(count):
                if not self.empty.acquire(timeout=TIMEOUT):
                    raise TimeoutError("the consumer stopped taking messages")
                start = (i % slots) * size
                buf[start:start + size] = messages[i % n]
                self.full.release()
            del buf
        self._expect("done")
        return time.perf_counter() - t0

    def close(self) -> None:
        try:
            if self.process.is_alive():
                self.control.send(None)
            self.process.join(TIMEOUT)
            if self.process.is_alive():
                self.process.terminate()
                self.process.join(5)
        finally:
            self.control.close()
            if self.send_end is not None:
                self.send_end.close()
            if self.queue is not None:
                self.queue.close()
                self.queue.join_thread()
            if self.shm is not None:
                self.shm.close()
                self.shm.unlink()


def _ipc_rows(method: str, size: int, count: int, messages: Sequence[bytes],
              channels: dict[str, _Channel], settings: Settings, pinned: bool,
              progress: Progress | None) -> list[Row]:
    """Time every channel with messages of ``size`` bytes, each round right after
    a memcpy of the same messages (its ceiling for that round)."""
    total = size * count
    slots = ring_slots(size, settings)
    for channel in channels.values():  # one untimed round each
        channel.round(messages, min(count, settings.ipc_slots * 2), slots)
    memcpy: dict[str, list[float]] = {name: [] for name in channels}
    times: dict[str, list[float]] = {name: [] for name in channels}
    for r in range(settings.repeats):
        _say(progress, f"ipc/{method}: {size_label(size)}, "
                       f"repeat {r + 1}/{settings.repeats}")
        for name, channel in channels.items():
            memcpy[name].append(total / memcpy_seconds(messages, count))
            times[name].append(total / channel.round(messages, count, slots))
    every_memcpy = [rate for samples in memcpy.values() for rate in samples]
    ceiling = _median(every_memcpy)
    label = size_label(size)
    params = {"size": size, "messages": count, "pinned": pinned}
    rows = [_row("ipc", f"memcpy {label}", method, "B/s", every_memcpy,
                 f"memcpy {label}", ceiling, higher_is_better=True,
                 transport="memcpy", **params)]
    for name, samples in times.items():
        rows.append(_row("ipc", f"{name} {label}", method, "B/s", samples,
                         f"memcpy {label}", ceiling, higher_is_better=True,
                         transport=name, ceiling_samples=memcpy[name], **params))
    return rows


def measure_ipc(methods: Sequence[str], settings: Settings = QUICK,
                progress: Progress | None = None) -> list[Row]:
    """Throughput of messages from the parent to one child, per transport and size.

    Each transport has one warm consumer child (its start is not timed). A
    round sends a fixed number of messages and ends when the child holds
    the last one (see :func:`ipc_consumer`). ``shared_memory`` uses a ring
    of :func:`ring_slots` slots and two semaphores; ``shared_memory+copy`` is the
    same with a copy out of the slot. The ceiling is copying the same bytes
    once, in-process (``memcpy``), timed right before each round; a row's
    ``ceiling_samples`` are those paired memcpy rates. Where it can, the
    parent runs on one CPU and the consumers on another (:func:`pinned_apart`;
    a row's ``pinned`` says whether they were). ``settings.ipc_transports``
    picks which of :data:`IPC_TRANSPORTS` run.
    """
    methods = check_methods(methods)
    rows: list[Row] = []
    _say(progress, "ipc: making messages")
    counts = {size: message_count(size, settings) for size in settings.ipc_sizes}
    batches = {size: make_messages(size, counts[size], settings)
               for size in settings.ipc_sizes}
    for method in methods:
        ctx = multiprocessing.get_context(method)
        _say(progress, f"ipc/{method}: starting consumers")
        channels: dict[str, _Channel] = {}
        try:
            for transport in settings.ipc_transports:
                channels[transport] = _Channel(ctx, transport, max(settings.ipc_sizes),
                                               settings.ipc_slots)
            consumers = [c.process.pid for c in channels.values()]
            with pinned_apart(consumers) as pinned:
                for size in settings.ipc_sizes:
                    rows.extend(_ipc_rows(method, size, counts[size], batches[size],
                                          channels, settings, pinned, progress))
        finally:
            for channel in channels.values():
                channel.close()
    return rows


def _per_op(ops: int, step: Callable[[], None]) -> float:
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
    methods = check_methods(methods)
    rows: list[Row] = []
    for method in methods:
        ctx = multiprocessing.get_context(method)
        _say(progress, f"state/{method}: starting a Manager")
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
                _say(progress, f"state/{method}: repeat {r + 1}/{settings.repeats}")
                for name, step, ops in steps:
                    samples.setdefault(name, []).append(_per_op(ops, step))
            del proxy
        ceiling = _median(samples["dict"])
        for name, values in samples.items():
            rows.append(_row("state", name, method, "s/op", values, "dict", ceiling,
                             operation="+= 1"))
    return rows


MEASURES: dict[str, Callable[..., list[Row]]] = {
    "start": measure_start, "scaling": measure_scaling,
    "chunksize": measure_chunksize, "ipc": measure_ipc, "state": measure_state,
}


# ---------------------------------------------------------------- the run


def run(sections: Sequence[str] = SECTIONS, methods: Sequence[str] | None = None,
        settings: Settings = QUICK, progress: Progress | None = None) -> dict[str, Any]:
    """Measure the chosen sections under the chosen start methods.

    Returns ``{"meta": ..., "rows": [...], "targets": [...]}``, ready for
    :func:`format_table`, :func:`write_json` and the plots.
    """
    if isinstance(sections, str):
        raise TypeError("sections must be a list of section names, not a str")
    sections = list(sections)
    for s in sections:
        if s not in SECTIONS:
            raise ValueError(f"{s!r} is not a section; choose from {', '.join(SECTIONS)}")
    if not sections:
        raise ValueError("choose at least one section")
    if not isinstance(settings, Settings):
        raise TypeError(f"settings must be a Settings, not {settings!r}")
    if methods is None:
        methods = available_methods()
    methods = check_methods(methods)
    t0 = time.perf_counter()
    rows: list[Row] = []
    for section in sections:
        rows.extend(MEASURES[section](methods, settings, progress))
    results = {
        "meta": {
            "mode": settings.mode, "repeats": settings.repeats,
            "sections": sections, "methods": methods, "cpus": usable_cpus(),
            "python": platform.python_version(), "platform": platform.platform(),
            "machine": platform.machine(), "processor": processor_name(),
            "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "seconds": time.perf_counter() - t0, "settings": asdict(settings),
            "ratio": "fraction of the ceiling reached; 1.0 is the limit",
        },
        "rows": rows,
    }
    results["targets"] = check_targets(results)
    return results


def processor_name() -> str:
    """The CPU's model name, as the system reports it ("" if it does not)."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():  # Linux
        for line in cpuinfo.read_text(errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip() in ("model name", "Model", "Hardware"):
                return value.strip()
    if sys.platform == "darwin":
        try:
            done = subprocess.run(["sysctl", "-n", "machdep.cpu.brand_string"],
                                  capture_output=True, text=True, timeout=5)
            if done.returncode == 0:
                return done.stdout.strip()
        except OSError:
            pass
    return platform.processor()


def describe_run(results: dict[str, Any]) -> str:
    """A few lines naming the machine and the settings a run was measured with."""
    meta = results["meta"]
    cpu = meta.get("processor") or meta.get("machine") or "an unnamed CPU"
    return (f"one run on one machine:\n  {cpu}, {meta['cpus']} usable CPUs\n"
            f"  {meta['platform']}\n  Python {meta['python']}, {meta['mode']} mode, "
            f"median of {meta['repeats']}")


def load(path: str | Path) -> dict[str, Any]:
    """Read results that :func:`write_json` (``mpdemos bench``) wrote."""
    results = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(results, dict) or "rows" not in results or "meta" not in results:
        raise ValueError(f"{path} does not hold mpdemos bench results")
    return results


def rows(results: dict[str, Any], section: str | None = None, **match: Any) -> list[Row]:
    """The rows of ``results`` in ``section`` whose fields (or params) match."""
    if not isinstance(results, dict) or "rows" not in results:
        raise TypeError("results must be what bench.run() returned")
    found = []
    for row in results["rows"]:
        if section is not None and row["section"] != section:
            continue
        fields = {**row["params"], **row}
        if all(fields.get(k) == v for k, v in match.items()):
            found.append(row)
    return found


def row(results: dict[str, Any], section: str, **match: Any) -> Row:
    """The one row that matches; ``LookupError`` if none or several do."""
    found = rows(results, section, **match)
    if len(found) != 1:
        raise LookupError(f"{len(found)} rows in {section!r} match {match}")
    return found[0]


def check_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Compare the run with the issue's targets (meant for full mode).

    * Pool speedup with 2 workers >= 1.8, under each method measured, where
      the run had 2 CPUs or more;
    * shared_memory with 1 MiB messages >= 0.8 of memcpy;
    * Pool not slower than joblib on the same job, at the most workers.

    Each target's ``value`` compares the two sides turn by turn
    (:func:`within_turns`) when the rows carry their turns, as
    :func:`run` makes them; ``medians`` compares the median of each side.
    """
    targets = []
    enough = results["meta"]["repeats"] >= MIN_REPEATS_FOR_TARGETS

    def target(name: str, value: float, medians: float, goal: str, met: bool) -> None:
        targets.append({"target": name, "value": value, "medians": medians,
                        "goal": goal, "met": met, "enough_repeats": enough})

    for method in results["meta"]["methods"]:
        pool2 = rows(results, "scaling", name="Pool", method=method, workers=2)
        if pool2 and results["meta"]["cpus"] >= 2:  # one CPU cannot run two loops
            medians = pool2[0]["params"]["speedup"]
            s = paired_speedup(pool2[0]) if _has_turns(pool2[0]) else medians
            target(f"Pool speedup, 2 workers, {method}", s, medians,
                   f">= {TARGET_SPEEDUP_2}", s >= TARGET_SPEEDUP_2)
        shm = rows(results, "ipc", name="shared_memory 1 MiB", method=method)
        if shm:
            medians = shm[0]["ratio"]
            r = paired_ratio(shm[0]) if _has_turns(shm[0]) else medians
            target(f"shared_memory 1 MiB / memcpy, {method}", r, medians,
                   f">= {TARGET_SHM_RATIO}", r >= TARGET_SHM_RATIO)
        scaling = rows(results, "scaling", method=method)
        if scaling:
            most = max(r["params"]["workers"] for r in scaling)
            pool = rows(results, "scaling", name="Pool", method=method, workers=most)
            lib = rows(results, "scaling", name="joblib (loky)", method=method,
                       workers=most)
            if pool and lib and most > 1:
                medians = pool[0]["value"] / lib[0]["value"]
                same_turns = len(pool[0]["samples"]) == len(lib[0]["samples"]) > 1
                ratio = (within_turns(pool[0]["samples"], lib[0]["samples"])
                         if same_turns else medians)
                target(f"Pool time / joblib time, {most} workers, {method}", ratio,
                       medians, "<= 1.0", ratio <= 1.0)
    return targets


def _has_turns(row: Row) -> bool:
    """Whether a row kept the samples of its turns' other side."""
    other = row["params"].get("serial_samples") or row["params"].get("ceiling_samples")
    return bool(other) and len(other) == len(row["samples"])


# ------------------------------------------------------------------ output


def human(value: float, unit: str) -> str:
    """Format ``value`` in ``unit`` ("s", "s/op", "B/s", "x") for people."""
    if unit in ("s", "s/op"):
        suffix = "/op" if unit == "s/op" else ""
        for scale, name in ((1.0, "s"), (1e-3, "ms"), (1e-6, "µs")):
            if abs(value) >= scale:
                return f"{value / scale:.3g} {name}{suffix}"
        return f"{value / 1e-9:.3g} ns{suffix}"
    if unit == "B/s":
        for scale, name in ((1 << 30, "GiB/s"), (1 << 20, "MiB/s"), (1 << 10, "KiB/s")):
            if abs(value) >= scale:
                return f"{value / scale:.3g} {name}"
        return f"{value:.3g} B/s"
    if unit == "x":
        return f"{value:.2f}x"
    raise ValueError(f"unknown unit {unit!r}; expected s, s/op, B/s or x")


def _note(row: Row) -> str:
    p = row["params"]
    if row["section"] == "scaling":
        note = f"{p['speedup']:.2f}x"
        if "amdahl_p" in p:
            note += f", p={p['amdahl_p']:.2f}"
        return note
    if row["section"] == "chunksize" and "workers" in p:
        return f"{row['value'] / p['tasks'] * 1e6:.1f} µs/task"
    if row["section"] == "ipc":
        return f"{p['messages']} msgs"
    return ""


#: What each section's ceiling is, and what its note column says.
CEILINGS = {
    "start": "ceiling: a bare os.fork(), or python -c pass for spawn",
    "scaling": "ceiling: serial time / workers; note: speedup, Amdahl's p",
    "chunksize": "ceiling: the serial loop; note: time per task",
    "ipc": "ceiling: memcpy of the same bytes; note: messages per round",
    "state": "ceiling: the same += 1 on a plain dict",
}


def label(row: Row) -> str:
    """A row's name for tables, with its worker count in the scaling section."""
    if row["section"] == "scaling" and row["name"] != "serial loop":
        return f"{row['name']} x{row['params']['workers']}"
    return str(row["name"])


def format_table(results: dict[str, Any]) -> str:
    """A plain-text table: one line per figure, its ceiling and the ratio.

    Grouped by section, each headed by what its ceiling is. The ratio is the
    fraction of the ceiling reached (1 = at the limit). Lines stay within
    88 characters. Targets follow the table, if the run took enough repeats
    to judge them (:data:`MIN_REPEATS_FOR_TARGETS`).
    """
    if not isinstance(results, dict) or "rows" not in results:
        raise TypeError("results must be what bench.run() returned")
    header = ("measurement", "method", "value", "ceiling", "ratio", "note")
    lines: list[tuple[str, ...]] = [header]
    for r in results["rows"]:
        lines.append((label(r), r["method"] or "-", human(r["value"], r["unit"]),
                      human(r["ceiling"], r["unit"]), f"{r['ratio']:.3g}", _note(r)))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    right = {2, 3, 4}

    def fmt(line: tuple[str, ...]) -> str:
        cells = [c.rjust(w) if i in right else c.ljust(w)
                 for i, (c, w) in enumerate(zip(line, widths))]
        return ("  " + "  ".join(cells)).rstrip()

    out = []
    meta = results.get("meta", {})
    if meta:
        out.append(f"mpdemos bench, {meta.get('mode')} mode, median of "
                   f"{meta.get('repeats')}, {meta.get('cpus')} usable CPUs, "
                   f"Python {meta.get('python')}")
    out.append("ratio: the fraction of the ceiling reached (1 = at the limit)")
    out.append(fmt(header))
    section = None
    for r, line in zip(results["rows"], lines[1:]):
        if r["section"] != section:
            section = r["section"]
            out.append(f"{section} ({CEILINGS.get(section, 'ceiling as given')})")
        out.append(fmt(line))
    # Targets judged on fewer repeats than they need would only be noise.
    targets = [t for t in results.get("targets") or [] if t["enough_repeats"]]
    if targets:
        out.append("")
        out.append("targets:")
        for t in targets:
            mark = "met" if t["met"] else "NOT met"
            medians = t.get("medians", t["value"])
            out.append(f"  {t['target']}: {t['value']:.2f} ({t['goal']}) {mark}; "
                       f"medians {medians:.2f}")
        out.append("  (value: the two sides compared turn by turn; medians: the "
                   "median of each side)")
    return "\n".join(out)


def format_by_method(results: dict[str, Any], section: str) -> str:
    """One section as a compact table: a line per figure, a column per method.

    Each cell is ``value  ratio``; for the notebook's closing note and slides.
    """
    if not isinstance(results, dict) or "rows" not in results:
        raise TypeError("results must be what bench.run() returned")
    found = rows(results, section)
    if not found:
        raise ValueError(f"results hold no {section!r} rows")

    def short(r: Row) -> str:
        floor = r["section"] == "start" and r["name"] == r["ceiling_name"]
        return "floor" if floor else label(r)

    methods = list(dict.fromkeys(r["method"] for r in found))
    labels = list(dict.fromkeys(short(r) for r in found))
    cells = {(short(r), r["method"]): (human(r["value"], r["unit"]), f"{r['ratio']:.2g}")
             for r in found}
    vw = max(len(v) for v, _ in cells.values())
    rw = max(4, *(len(q) for _, q in cells.values()))
    lw = max(len(x) for x in labels)
    width = vw + 2 + rw
    out = [" " * lw + "".join(f"  {m:>{width}}" for m in methods)]
    for x in labels:
        line = x.ljust(lw)
        for m in methods:
            v, q = cells.get((x, m), ("-", ""))
            line += f"  {v:>{vw}}  {q:>{rw}}"
        out.append(line.rstrip())
    return "\n".join(out)


def write_json(results: dict[str, Any], path: Path) -> Path:
    """Write ``results`` as indented JSON to ``path``; return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return path


class ProgressLine:
    """Show what is being measured on stderr: one updating line on a terminal."""

    def __init__(self, stream: Any = None) -> None:
        self.stream = sys.stderr if stream is None else stream
        self.t0 = time.perf_counter()
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def __call__(self, message: str) -> None:
        line = f"[{time.perf_counter() - self.t0:5.1f} s] {message}"
        if self.tty:
            self.stream.write("\r\033[K" + line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def done(self) -> None:
        if self.tty:
            self.stream.write("\r\033[K")
            self.stream.flush()


# --------------------------------------------------------------------- CLI


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``bench`` command's options to ``parser``."""
    parser.description = (
        "Measure, on this machine, the start cost of a process and a Pool, CPU-bound "
        "scaling (Pool, ProcessPoolExecutor, joblib, threads) with Amdahl's law, "
        "chunksize, IPC throughput and shared-state costs. Each figure is shown with "
        "its ceiling and the fraction of it reached. Prints a table, writes "
        "bench.json and PNG plots. Quick mode (the default) takes under 30 s; "
        "--full takes a few minutes and reports medians of 7."
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", dest="mode", action="store_const", const="quick",
                      help="small jobs, 3 repeats, about 15-30 s (the default)")
    mode.add_argument("--full", dest="mode", action="store_const", const="full",
                      help="bigger jobs, 7 repeats, medians; a few minutes")
    parser.set_defaults(mode="quick")
    parser.add_argument("--repeats", type=int, default=None,
                        help="samples per figure (default: 3 quick, 7 full)")
    offered = available_methods()
    parser.add_argument("--methods", default=",".join(offered),
                        help=f"comma-separated start methods (default: {','.join(offered)})")
    parser.add_argument("--sections", default=",".join(SECTIONS),
                        help=f"comma-separated sections (default: {','.join(SECTIONS)})")
    parser.add_argument("--out", type=Path, default=Path("build/bench"),
                        help="folder for bench.json and the PNG plots "
                             "(default: build/bench)")
    parser.add_argument("--no-plots", action="store_true", help="write no PNG files")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")


def command(args: argparse.Namespace, parser: argparse.ArgumentParser | None = None) -> int:
    """Run ``mpdemos bench`` with parsed ``args``; return the exit status."""
    try:
        settings = FULL if args.mode == "full" else QUICK
        if args.repeats is not None:
            settings = settings.with_repeats(args.repeats)
        methods = check_methods(parse_list(args.methods, KNOWN_METHODS, "start method"))
        sections = parse_list(args.sections, SECTIONS, "section")
    except (TypeError, ValueError) as e:
        if parser is not None:
            parser.error(str(e))  # exits with status 2
        print(f"mpdemos bench: {e}", file=sys.stderr)
        return 2
    progress = None if args.quiet else ProgressLine()
    with warnings.catch_warnings():
        # Python 3.12+ warns on fork while threads run (the pools' own threads).
        warnings.filterwarnings("ignore", message=r".*multi-threaded, use of fork",
                                category=DeprecationWarning)
        results = run(sections, methods, settings, progress)
    if progress is not None:
        progress.done()
    print(format_table(results))
    path = write_json(results, args.out / "bench.json")
    written = [path]
    if not args.no_plots:
        from mpdemos.bench import plots as bench_plots

        written += bench_plots.save_all(results, args.out)
    print(f"\nwrote {', '.join(str(p) for p in written)}")
    print(f"took {results['meta']['seconds']:.1f} s")
    return 0
