"""IPC throughput, for 12-performance (tests: tests/test_bench_ipc.py).

The ``ipc`` section of ``mpdemos bench``: messages of 1 KiB to 1 MiB from
the parent to one child through a Queue, a Pipe and shared memory, each
round beside a ``memcpy`` of the same bytes in-process, its ceiling. The
parent's end of each transport is a :class:`Channel`; the child runs
:func:`consumer`, which spawn and forkserver children import from here by
name. Where it can, the parent runs on one CPU and the children on another
(:func:`pinned_apart`).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from mpdemos.arguments import check_choice, check_counts, check_int
from mpdemos.bench.report import size_label
from mpdemos.bench.settings import (
    IPC_TRANSPORTS,
    QUICK,
    TIMEOUT,
    Progress,
    Settings,
    show_progress,
)
from mpdemos.bench.stats import Row, make_row, median


def consumer(transport: str, control: Any, data: Any, shm_name: str | None,
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
    check_counts(size=size, count=count)
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


class Channel:
    """A consumer child and the parent's end of one transport.

    ``transport`` is one of :data:`~mpdemos.bench.settings.IPC_TRANSPORTS`;
    a shared-memory ring has ``slots`` slots of ``slot_size`` bytes.
    """

    def __init__(self, ctx: Any, transport: str, slot_size: int, slots: int) -> None:
        from multiprocessing import shared_memory

        check_choice("transport", transport, IPC_TRANSPORTS)
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
        else:  # shared_memory, shared_memory+copy
            self.shm = shared_memory.SharedMemory(create=True, size=slot_size * slots)
            self.full, self.empty = ctx.Semaphore(0), ctx.Semaphore(slots)
        name = self.shm.name if self.shm is not None else None
        self.process = ctx.Process(
            target=consumer, name=f"bench-{transport}",
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
        """End the consumer child and free the transport (the segment too)."""
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


def _transport_rows(method: str, size: int, count: int, messages: Sequence[bytes],
                    channels: dict[str, Channel], settings: Settings, pinned: bool,
                    progress: Progress | None) -> list[Row]:
    """Time every channel with messages of ``size`` bytes, each round right after
    a memcpy of the same messages (its ceiling for that round)."""
    total = size * count
    slots = ring_slots(size, settings)
    for channel in channels.values():  # one untimed round each
        channel.round(messages, min(count, settings.ipc_slots * 2), slots)
    memcpy: dict[str, list[float]] = {name: [] for name in channels}
    times: dict[str, list[float]] = {name: [] for name in channels}
    label = size_label(size)
    for r in range(settings.repeats):
        show_progress(progress, f"ipc/{method}: {label}, "
                                f"repeat {r + 1}/{settings.repeats}")
        for name, channel in channels.items():
            memcpy[name].append(total / memcpy_seconds(messages, count))
            times[name].append(total / channel.round(messages, count, slots))
    every_memcpy = [rate for samples in memcpy.values() for rate in samples]
    ceiling = median(every_memcpy)
    params = {"size": size, "messages": count, "pinned": pinned}
    rows = [make_row("ipc", f"memcpy {label}", method, "B/s", every_memcpy,
                     f"memcpy {label}", ceiling, higher_is_better=True,
                     transport="memcpy", **params)]
    for name, samples in times.items():
        rows.append(make_row("ipc", f"{name} {label}", method, "B/s", samples,
                             f"memcpy {label}", ceiling, higher_is_better=True,
                             transport=name, ceiling_samples=memcpy[name], **params))
    return rows


def measure_ipc(methods: Sequence[str], settings: Settings = QUICK,
                progress: Progress | None = None) -> list[Row]:
    """Throughput of messages from the parent to one child, per transport and size.

    Each transport has one warm consumer child (its start is not timed). A
    round sends a fixed number of messages and ends when the child holds
    the last one (see :func:`consumer`). ``shared_memory`` uses a ring of
    :func:`ring_slots` slots and two semaphores; ``shared_memory+copy`` is
    the same with a copy out of the slot. The ceiling is copying the same
    bytes once, in-process (``memcpy``), timed right before each round; a
    row's ``ceiling_samples`` are those paired memcpy rates. Where it can,
    the parent runs on one CPU and the consumers on another
    (:func:`pinned_apart`; a row's ``pinned`` says whether they were).
    ``settings.ipc_transports`` picks which of the transports run.
    """
    rows: list[Row] = []
    show_progress(progress, "ipc: making messages")
    counts = {size: message_count(size, settings) for size in settings.ipc_sizes}
    batches = {size: make_messages(size, counts[size], settings)
               for size in settings.ipc_sizes}
    for method in methods:
        ctx = multiprocessing.get_context(method)
        show_progress(progress, f"ipc/{method}: starting consumers")
        channels: dict[str, Channel] = {}
        try:
            for transport in settings.ipc_transports:
                channels[transport] = Channel(ctx, transport, max(settings.ipc_sizes),
                                              settings.ipc_slots)
            consumers = [c.process.pid for c in channels.values()]
            with pinned_apart(consumers) as pinned:
                for size in settings.ipc_sizes:
                    rows.extend(_transport_rows(method, size, counts[size],
                                                batches[size], channels, settings,
                                                pinned, progress))
        finally:
            for channel in channels.values():
                channel.close()
    return rows
