"""How much work the lab does, for 12-performance (tests: tests/test_bench_settings.py).

The settings of ``mpdemos bench`` and of the notebook: :class:`Settings` and
its three sizes (:data:`QUICK`, :data:`FULL`, :data:`NOTEBOOK`), the sections
and start methods a run may choose, and how many CPUs and workers it uses.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace

from mpdemos.arguments import check_choices, check_counts, check_int
from mpdemos.context import KNOWN_METHODS

SECTIONS = ("start", "scaling", "chunksize", "ipc", "state")
KIB = 1024
MIB = 1024 * 1024
#: Seconds any single wait (join, get, acquire) may take before we give up.
TIMEOUT = 60.0
#: The IPC section's transports; memcpy, the ceiling, is always measured.
IPC_TRANSPORTS = ("Queue", "Pipe", "shared_memory", "shared_memory+copy")

#: Where a section says what it is measuring: ``progress("ipc/fork: ...")``.
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Settings:
    """How much work each section does. See :data:`QUICK`, :data:`FULL`.

    Every ``int`` field is a count, at least 1.
    """

    mode: str
    #: Samples per figure; the figure is their median.
    repeats: int
    #: Scaling: ``busy(task_size)`` tasks, ``tasks_per_cpu`` per usable CPU.
    task_size: int
    tasks_per_cpu: int
    #: Chunksize: this many tiny tasks (``pools.do_calculation``), mapped
    #: with each chunksize.
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
        check_counts(**{f.name: getattr(self, f.name) for f in fields(self)
                        if f.type == "int"})
        if not self.chunksizes:
            raise ValueError("chunksizes must not be empty")
        for chunksize in self.chunksizes:
            if chunksize is not None:
                check_int("chunksize", chunksize, minimum=1)
        if not self.ipc_sizes:
            raise ValueError("ipc_sizes must not be empty")
        for size in self.ipc_sizes:
            check_int("message size", size, minimum=1)
        check_choices("ipc_transports", self.ipc_transports, "transport",
                      IPC_TRANSPORTS)
        if self.ipc_min_messages > self.ipc_max_messages:
            raise ValueError("ipc_min_messages must be <= ipc_max_messages")

    def with_repeats(self, repeats: int) -> Settings:
        """Return a copy that takes ``repeats`` samples per figure."""
        return replace(self, repeats=repeats)


#: A quick look on an idle machine; the command's default.
QUICK = Settings(
    mode="quick", repeats=3, task_size=100_000, tasks_per_cpu=4,
    tiny_tasks=1_000, chunksizes=(1, 10, 100, None),
    ipc_sizes=(KIB, 64 * KIB, MIB), ipc_round_bytes=32 * MIB,
    ipc_min_messages=8, ipc_max_messages=1_000, ipc_slots=8,
    ipc_ring_bytes=2 * MIB, ipc_source_bytes=64 * MIB,
    state_ops=20_000, manager_ops=300,
)
#: Bigger jobs and medians of at least 5 repeats: a few minutes.
FULL = Settings(
    mode="full", repeats=7, task_size=500_000, tasks_per_cpu=8,
    tiny_tasks=10_000, chunksizes=(1, 4, 16, 64, 256, 1024, None),
    ipc_sizes=(KIB, 64 * KIB, MIB), ipc_round_bytes=128 * MIB,
    ipc_min_messages=32, ipc_max_messages=4_000, ipc_slots=8,
    ipc_ring_bytes=2 * MIB, ipc_source_bytes=64 * MIB,
    state_ops=200_000, manager_ops=2_000,
)
#: For the notebook: one start method, small jobs, no joblib.
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
    check_choices(f"{what}s", items, what, allowed)
    return list(dict.fromkeys(items))  # drop repeats, keep order


def check_methods(methods: Sequence[str]) -> list[str]:
    """Return ``methods`` as a list, each a start method this platform has."""
    check_choices("methods", methods, "start method", KNOWN_METHODS)
    offered = multiprocessing.get_all_start_methods()
    for method in methods:
        if method not in offered:
            raise ValueError(f"start method {method!r} is not available here; "
                             f"this platform offers {', '.join(offered)}")
    return list(methods)


def show_progress(progress: Progress | None, message: str) -> None:
    """Pass ``message`` to ``progress``, if there is one."""
    if progress is not None:
        progress(message)
