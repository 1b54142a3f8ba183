"""Tests for mpdemos.locks: the Lock notebook's workers."""

from __future__ import annotations

import queue
import threading

import pytest

from mpdemos import locks, timeline
from mpdemos.results import drain


def test_lecture_workers_report_through_queue(ctx) -> None:
    lock, results = ctx.Lock(), ctx.Queue()
    jobs = [ctx.Process(target=f, args=(lock, results))
            for f in (locks.worker_with, locks.worker_no_with)]
    for p in jobs:
        p.start()
    lines = sorted(drain(results, 2))
    for p in jobs:
        p.join(timeout=10)
    assert lines == ["Lock acquired directly", "Lock acquired via with"]
    assert lock.acquire(timeout=1)  # released by both workers


def test_worker_no_with_releases_on_error() -> None:
    class Broken:
        def put(self, item: object) -> None:
            raise OSError("full")

    lock = threading.Lock()
    with pytest.raises(OSError):
        locks.worker_no_with(lock, Broken())
    assert lock.acquire(blocking=False)


def test_increment_loses_updates_and_locked_does_not(ctx) -> None:
    n, nprocs = 50_000, 4
    totals = {}
    for fn in (locks.increment, locks.increment_locked):
        v, barrier = ctx.Value("i", 0), ctx.Barrier(nprocs)
        jobs = [ctx.Process(target=fn, args=(v, n, barrier)) for _ in range(nprocs)]
        for p in jobs:
            p.start()
        for p in jobs:
            p.join(timeout=30)
        totals[fn.__name__] = v.value
    assert totals["increment"] < n * nprocs
    assert totals["increment_locked"] == n * nprocs


def test_critical_sections_never_overlap(ctx) -> None:
    lock, spans = ctx.Lock(), ctx.Queue()
    jobs = [ctx.Process(target=locks.critical_section, args=(lock, spans, str(i), 0.05))
            for i in range(3)]
    for p in jobs:
        p.start()
    got = timeline.collect(spans, 3)
    for p in jobs:
        p.join(timeout=10)
    assert timeline.max_concurrency(got) == 1


def test_pool_lock_through_initializer(ctx) -> None:
    lock = ctx.Lock()
    with ctx.Pool(2, initializer=locks.init_pool_lock, initargs=(lock,)) as pool:
        got = pool.map_async(locks.square_under_pool_lock, range(4)).get(timeout=20)
    assert got == [0, 1, 4, 9]


def test_pool_lock_through_manager(ctx) -> None:
    with ctx.Manager() as manager:
        mlock = manager.Lock()
        with ctx.Pool(2) as pool:
            args = [(mlock, x) for x in range(4)]
            got = pool.starmap_async(locks.square_under_lock, args).get(timeout=20)
    assert got == [0, 1, 4, 9]


def test_plain_lock_as_task_argument_raises(ctx) -> None:
    lock = ctx.Lock()
    with ctx.Pool(1) as pool:
        result = pool.apply_async(locks.square_under_lock, (lock, 3))
        with pytest.raises(RuntimeError, match="through inheritance"):
            result.get(timeout=20)


def test_square_under_pool_lock_without_initializer() -> None:
    saved, locks._pool_lock = locks._pool_lock, None
    try:
        with pytest.raises(RuntimeError, match="initializer"):
            locks.square_under_pool_lock(2)
    finally:
        locks._pool_lock = saved


def test_bad_arguments() -> None:
    lock = threading.Lock()
    with pytest.raises(TypeError, match="n must be an int"):
        locks.increment(None, 1.5)
    with pytest.raises(ValueError, match="n must be >= 0"):
        locks.increment_locked(None, -1)
    with pytest.raises(ValueError, match="seconds"):
        locks.critical_section(lock, queue.Queue(), "x", -1)
    with pytest.raises(TypeError, match="seconds"):
        locks.critical_section(lock, queue.Queue(), "x", "1")
