"""mpdemos.failures: each worker fails in exactly the way it promises."""

from __future__ import annotations

import functools
import logging
import logging.handlers
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import shared_memory
from multiprocessing.context import BaseContext

import pytest

from mpdemos import failures

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def test_check_positive_raises_in_the_parent(ctx: BaseContext) -> None:
    with ctx.Pool(2) as pool:
        with pytest.raises(ValueError, match="got -2"):
            pool.map(failures.refuse_negative, [1, -2], chunksize=1)


@posix_only
def test_crash_on_kills_the_worker_and_breaks_the_executor(ctx: BaseContext) -> None:
    crash_on_1 = functools.partial(failures.crash_on, bad=1)
    with ProcessPoolExecutor(2, mp_context=ctx) as executor:
        with pytest.raises(BrokenProcessPool):
            list(executor.map(crash_on_1, range(3), timeout=20))


@posix_only
def test_pool_waits_for_a_dead_workers_task(ctx: BaseContext) -> None:
    crash_on_1 = functools.partial(failures.crash_on, bad=1)
    with ctx.Pool(2) as pool:
        pending = pool.map_async(crash_on_1, range(3), chunksize=1)
        with pytest.raises(multiprocessing.TimeoutError):
            pending.get(timeout=1)


def test_crash_on_returns_twice_the_value() -> None:
    assert failures.crash_on(4, bad=3) == 8


@posix_only
def test_ignore_sigint_protects_pool_workers(ctx: BaseContext) -> None:
    ready = ctx.Barrier(3)
    with ctx.Pool(2, initializer=failures.ignore_sigint, initargs=(ready,)) as pool:
        ready.wait(timeout=30)
        for worker in multiprocessing.active_children():
            os.kill(worker.pid, signal.SIGINT)  # only the pool's workers
        assert pool.map(failures.slow_square, range(4)) == [0, 1, 4, 9]


@posix_only
def test_leak_segment_leaves_the_segment_behind(ctx: BaseContext) -> None:
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()
    name = f"mpdemos-test-{os.getpid()}-{ctx.get_start_method()}"
    p = ctx.Process(target=failures.leak_segment, args=(name, b"abc"))
    p.start()
    p.join(timeout=10)
    assert p.exitcode == -signal.SIGKILL
    segment = shared_memory.SharedMemory(name=name)
    try:
        assert bytes(segment.buf[:3]) == b"abc"
    finally:
        segment.close()
        segment.unlink()


def test_worker_logging_reaches_the_parent(ctx: BaseContext) -> None:
    log_queue = ctx.Queue()
    collected = failures.CollectingHandler()
    collected.setFormatter(logging.Formatter("%(message)s"))
    listener = logging.handlers.QueueListener(log_queue, collected)
    listener.start()
    try:
        with ctx.Pool(2, initializer=failures.setup_worker_logging,
                      initargs=(log_queue,)) as pool:
            assert pool.map(failures.logged_square, range(3)) == [0, 1, 4]
            pool.close()  # workers exit normally and flush their queued records;
            pool.join()   # terminate() on leaving `with` could lose some
    finally:
        listener.stop()
    assert sorted(collected.lines) == ["squaring 0", "squaring 1", "squaring 2"]


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: failures.hang(-1), ValueError),
        (lambda: failures.hang("1"), TypeError),
    ],
)
def test_bad_arguments(call: object, error: type) -> None:
    with pytest.raises(error):
        call()  # type: ignore[operator]
