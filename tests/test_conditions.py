"""Tests for mpdemos.conditions: the Condition notebook's workers."""

from __future__ import annotations

import queue
import threading

import pytest

from mpdemos import conditions
from mpdemos.results import drain


def test_stage_2_runs_when_notified(ctx) -> None:
    cond, reports = ctx.Condition(), ctx.Queue()
    s2 = ctx.Process(name="s2", target=conditions.stage_2, args=(cond, reports))
    s2.start()
    assert drain(reports, 2) == ["Starting s2", "s2 waiting"]
    s1 = ctx.Process(name="s1", target=conditions.stage_1, args=(cond, reports))
    s1.start()
    lines = sorted(drain(reports, 3))
    for p in (s1, s2):
        p.join(timeout=10)
    assert lines == ["Starting s1", "s1 done and ready for stage 2", "s2 running"]


def test_stage_2_misses_an_early_notify(ctx) -> None:
    cond, reports = ctx.Condition(), ctx.Queue()
    s1 = ctx.Process(name="s1", target=conditions.stage_1, args=(cond, reports))
    s1.start()
    s1.join(timeout=10)
    s2 = ctx.Process(name="s2", target=conditions.stage_2, args=(cond, reports, 0.1))
    s2.start()
    s2.join(timeout=10)
    assert drain(reports, 5)[-1] == "s2 gave up: wait() returned False"


def test_wait_for_sees_an_early_flag(ctx) -> None:
    cond, reports = ctx.Condition(), ctx.Queue()
    done = ctx.Value("b", False, lock=False)
    s1 = ctx.Process(name="s1", target=conditions.stage_1_flag,
                     args=(cond, done, reports))
    s1.start()
    s1.join(timeout=10)
    s2 = ctx.Process(name="s2", target=conditions.stage_2_flag,
                     args=(cond, done, reports, 5))
    s2.start()
    s2.join(timeout=10)
    assert drain(reports, 2) == ["s1 done and ready for stage 2",
                                 "s2: wait_for() returned True"]


def test_wait_for_times_out_without_stage_1() -> None:
    reports: queue.Queue = queue.Queue()

    class Flag:
        value = 0

    conditions.stage_2_flag(threading.Condition(), Flag(), reports, timeout=0.05)
    assert reports.get_nowait() == "MainProcess: wait_for() returned False"


def test_notify_wakes_one_and_notify_all_the_rest(ctx) -> None:
    cond, reports = ctx.Condition(), ctx.Queue()
    waiters = [ctx.Process(name=f"w{i}", target=conditions.waiter,
                           args=(cond, reports, 10)) for i in range(3)]
    for w in waiters:
        w.start()
    assert sorted(drain(reports, 3)) == [("waiting", "w0"), ("waiting", "w1"),
                                         ("waiting", "w2")]
    with cond:
        cond.notify()
    assert drain(reports, 1)[0][0] == "woke"
    with pytest.raises(queue.Empty):
        reports.get(timeout=0.2)
    with cond:
        cond.notify_all()
    assert [kind for kind, _ in drain(reports, 2)] == ["woke", "woke"]
    for w in waiters:
        w.join(timeout=10)
        assert w.exitcode == 0


def test_waiter_times_out() -> None:
    reports: queue.Queue = queue.Queue()
    conditions.waiter(threading.Condition(), reports, timeout=0.05)
    assert reports.get_nowait() == ("waiting", "MainProcess")
    assert reports.get_nowait() == ("timed out", "MainProcess")


def test_bad_arguments() -> None:
    reports: queue.Queue = queue.Queue()
    with pytest.raises(ValueError, match="timeout must be > 0"):
        conditions.stage_2(threading.Condition(), reports, timeout=0)
    with pytest.raises(TypeError, match="timeout"):
        conditions.waiter(threading.Condition(), reports, timeout=None)
