"""Tests for mpdemos.semaphores: the Semaphore notebook's workers."""

from __future__ import annotations

import multiprocessing
import queue
import threading

import pytest

from mpdemos import semaphores, timeline
from mpdemos.results import drain


def test_active_pool_in_process() -> None:
    pool = semaphores.ActivePool([], threading.Lock())
    pool.makeActive("a")
    pool.makeActive("b")
    pool.makeInactive("a")
    assert str(pool) == "['b']"


def test_lecture_pool_cannot_reach_a_spawn_child() -> None:
    spawn = multiprocessing.get_context("spawn")
    lecture_pool = semaphores.LectureActivePool(spawn)
    try:
        lecture_pool.makeActive("x")
        assert str(lecture_pool) == "['x']"
        p = spawn.Process(target=semaphores.register, args=(lecture_pool, "child"))
        with pytest.raises(TypeError):
            p.start()
    finally:
        lecture_pool.mgr.shutdown()


def test_fixed_pool_reaches_a_child(ctx) -> None:
    with ctx.Manager() as manager:
        pool = semaphores.ActivePool(manager.list(), ctx.Lock())
        p = ctx.Process(target=semaphores.register, args=(pool, "child"))
        p.start()
        p.join(timeout=10)
        assert p.exitcode == 0
        assert str(pool) == "['child']"


def test_semaphore_limits_concurrency(ctx) -> None:
    s, go, reports, spans = ctx.Semaphore(2), ctx.Event(), ctx.Queue(), ctx.Queue()
    with ctx.Manager() as manager:
        pool = semaphores.ActivePool(manager.list(), ctx.Lock())
        jobs = [ctx.Process(target=semaphores.worker, name=str(i),
                            args=(s, pool, go, reports, spans, 0.05))
                for i in range(5)]
        for j in jobs:
            j.start()
        assert {kind for kind, _ in drain(reports, 5)} == {"ready"}
        go.set()
        got = timeline.collect(spans, 5)
        running = [names for _, names in drain(reports, 5)]
        for j in jobs:
            j.join(timeout=10)
        assert str(pool) == "[]"
    assert timeline.max_concurrency(got) <= 2
    assert max(len(names) for names in running) <= 2
    assert sorted(span.process for span in got) == ["0", "1", "2", "3", "4"]


def test_bounded_semaphore_catches_extra_release(ctx) -> None:
    b = ctx.BoundedSemaphore(1)
    with pytest.raises(ValueError):
        b.release()


def test_bad_arguments() -> None:
    lock = threading.Lock()
    with pytest.raises(TypeError, match="active must be a list"):
        semaphores.ActivePool("names", lock)
    pool = semaphores.ActivePool([], lock)
    sem, go = threading.Semaphore(1), threading.Event()
    with pytest.raises(ValueError, match="seconds"):
        semaphores.worker(sem, pool, go, queue.Queue(), queue.Queue(), -1)
