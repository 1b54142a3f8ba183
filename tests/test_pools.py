"""mpdemos.pools (10-pool): tasks run in real pools under every start method."""

from __future__ import annotations

import multiprocessing
import signal
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import pytest

from mpdemos import pools
from mpdemos.results import drain

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def test_plain_tasks():
    assert pools.do_calculation(4) == 8
    assert pools.add(2, 3) == 5
    assert pools.fail_on(2) == 4
    assert pools.die_on(2) == 4
    assert pools.nap(0) == 0
    assert pools.busy(10) == sum(i * i % 7 for i in range(10))
    me = multiprocessing.current_process().name
    assert pools.calculation_and_worker(1) == (2, me)


def test_busy_cpu_reports_cpu_time():
    value, cpu = pools.busy_cpu(200_000)
    assert value == pools.busy(200_000)
    assert 0 < cpu < 5


def test_fail_on_raises():
    with pytest.raises(ValueError, match="cannot process 3"):
        pools.fail_on(3)


def test_initializer_reports_every_worker(ctx):
    started = ctx.Queue()
    with ctx.Pool(2, initializer=pools.start_process, initargs=(started,)) as pool:
        assert pool.map(pools.do_calculation, range(4)) == [0, 2, 4, 6]
        names = drain(started, count=2, timeout=20)
    assert len(set(names)) == 2 and all("PoolWorker" in n for n in names)


def test_maxtasksperchild_replaces_workers(ctx):
    with ctx.Pool(1, maxtasksperchild=2) as pool:
        results = pool.map(pools.calculation_and_worker, range(6), chunksize=1)
    assert len({name for _, name in results}) == 3


def test_warm_sees_every_worker(ctx):
    with ctx.Pool(2) as pool:
        assert len(pools.warm(pool, 2)) == 2
    with ProcessPoolExecutor(2, mp_context=ctx) as executor:
        assert len(pools.warm(executor, 2)) == 2


def test_warm_takes_a_map_like_callable(ctx):
    calls = []

    with ctx.Pool(2) as pool:
        def logged_map(task, items):  # as a wrapper around joblib's Parallel is
            calls.append(len(items))
            return pool.map(task, items)

        assert len(pools.warm(logged_map, 2)) == 2
    assert calls and all(n == 4 for n in calls)  # two short tasks per worker


def test_time_map_checks_every_result_and_counts_cpu(ctx):
    with ctx.Pool(2) as pool:
        pools.warm(pool, 2)
        wall, cpu = pools.time_map(pool.map, 20_000, 4)
    assert wall > 0 and cpu > 0
    serial_wall, serial_cpu = pools.time_map(map, 20_000, 2)
    assert 0 < serial_cpu <= serial_wall * 1.05  # one thread: at most one core

    def wrong_map(task, items):
        return [(0, 0.001) for _ in items]

    with pytest.raises(RuntimeError, match="liar returned wrong results"):
        pools.time_map(wrong_map, 1_000, 2, name="liar")
    wall, cpu = pools.time_map(map, 1_000, 2, task=lambda n: (pools.busy(n), 0.5))
    assert cpu == 1.0  # what the tasks said, summed


def test_warm_times_out():
    with ThreadPoolExecutor(1) as threads:  # one process id only
        with pytest.raises(TimeoutError):
            pools.warm(threads, 2, timeout=0.1)


def test_remote_exception_comes_home(ctx):
    with ctx.Pool(1) as pool:
        with pytest.raises(ValueError) as info:
            pool.map(pools.fail_on, range(5))
    assert type(info.value.__cause__).__name__ == "RemoteTraceback"


@posix_only
def test_killed_worker_hangs_pool_but_breaks_executor(ctx):
    with ctx.Pool(1) as pool:
        pending = pool.map_async(pools.die_on, range(5))
        with pytest.raises(multiprocessing.TimeoutError):
            pending.get(timeout=1)
        pool.terminate()
    with ProcessPoolExecutor(1, mp_context=ctx) as executor:
        with pytest.raises(BrokenProcessPool):
            executor.submit(pools.die_on, 3).result(timeout=20)


@posix_only
def test_ignore_sigint_keeps_workers_alive(ctx):
    import os

    with ctx.Pool(2, initializer=pools.ignore_sigint) as pool:
        pids = pools.warm(pool, 2)
        pending = pool.map_async(pools.nap, [0.05] * 4, chunksize=1)
        for pid in pids:
            os.kill(pid, signal.SIGINT)
        assert pending.get(timeout=20) == [0.05] * 4
        assert pools.warm(pool, 2) == pids  # the same workers: none died


def test_draw_times():
    fig = pools.draw_times({"serial": 1.0, "Pool(2)": 0.5})
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts] == ["1.00x", "2.00x"]


@pytest.mark.parametrize("call, error", [
    (lambda: pools.nap(-1), ValueError),
    (lambda: pools.nap("1"), TypeError),
    (lambda: pools.busy(1.5), TypeError),
    (lambda: pools.busy(-1), ValueError),
    (lambda: pools.busy_cpu("1"), TypeError),
    (lambda: pools.worker_pid(True), TypeError),
    (lambda: pools.warm(object(), 1), TypeError),
    (lambda: pools.warm(None, 0), ValueError),
    (lambda: pools.time_map(map, 0, 1), ValueError),
    (lambda: pools.time_map(map, 10, 0), ValueError),
    (lambda: pools.time_map(map, 1.5, 1), TypeError),
    (lambda: pools.draw_times({}), ValueError),
    (lambda: pools.draw_times({"serial": 0}), ValueError),
    (lambda: pools.draw_times([("serial", 1.0)]), ValueError),
])
def test_bad_arguments(call, error):
    with pytest.raises(error):
        call()
