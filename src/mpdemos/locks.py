"""Workers for 05-lock (tests: tests/test_locks.py).

A ``Lock`` makes a critical section: while one process holds it, every other
process that asks for it waits. The lecture's two styles are here (``with
lock:`` and ``acquire()``/``try``/``finally``), a race on a shared ``Value``
that loses updates and its fix, and the ways a ``Pool`` worker can get a lock.
"""

from __future__ import annotations

import time
from typing import Any

from mpdemos.arguments import check_int, check_seconds
from mpdemos.timeline import record

#: The lock a Pool worker got from :func:`init_pool_lock` (one per worker process).
_pool_lock: Any = None


def worker_with(lock: Any, results: Any) -> None:
    """The lecture's ``worker_with``: hold the lock in ``with``, report on ``results``.

    The lecture wrote to a ``stream`` argument (``sys.stdout``), which a
    ``spawn`` child cannot receive; this worker puts its line on a queue.
    """
    with lock:
        results.put("Lock acquired via with")


def worker_no_with(lock: Any, results: Any) -> None:
    """The lecture's ``worker_no_with``: ``acquire()``; ``release()`` in ``finally``."""
    lock.acquire()
    try:
        results.put("Lock acquired directly")
    finally:
        lock.release()


def increment(v: Any, n: int, barrier: Any = None) -> None:
    """Add 1 to the shared ``Value`` ``v``, ``n`` times, *without* holding its lock.

    ``v.value += 1`` is a read and then a write. Each takes ``v``'s lock, but
    not both together: another process can write in between, and one of the
    two updates is lost. ``barrier`` (a ``Barrier``) makes all workers start
    together, so they really compete.
    """
    check_int("n", n)
    if barrier is not None:
        barrier.wait(30)
    for _ in range(n):
        v.value += 1


def increment_locked(v: Any, n: int, barrier: Any = None) -> None:
    """Like :func:`increment`, but each ``+= 1`` holds ``v.get_lock()``: none lost."""
    check_int("n", n)
    if barrier is not None:
        barrier.wait(30)
    for _ in range(n):
        with v.get_lock():
            v.value += 1


def critical_section(lock: Any, spans: Any, label: str, seconds: float) -> None:
    """Hold ``lock`` for ``seconds``; record that time as a span on ``spans``."""
    check_seconds(seconds)
    with lock:
        with record(spans, label):
            time.sleep(seconds)


def init_pool_lock(lock: Any) -> None:
    """Pool ``initializer``: keep ``lock`` in a module global of the worker process."""
    global _pool_lock
    _pool_lock = lock


def square_under_pool_lock(x: int) -> int:
    """Return ``x * x``, computed while holding the lock from :func:`init_pool_lock`."""
    if _pool_lock is None:
        raise RuntimeError("no lock: start the Pool with initializer=init_pool_lock")
    with _pool_lock:
        return x * x


def square_under_lock(lock: Any, x: int) -> int:
    """Return ``x * x``, computed while holding ``lock``, which comes as an argument.

    That works for a Manager's lock proxy. A plain ``multiprocessing.Lock``
    cannot travel as a task argument: pickling it raises ``RuntimeError``.
    """
    with lock:
        return x * x
