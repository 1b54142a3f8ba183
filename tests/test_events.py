"""Tests for mpdemos.events: the Event notebook's workers."""

from __future__ import annotations

import queue

import pytest

from mpdemos import events


def test_waiters_report_what_wait_returned(ctx) -> None:
    e, reports = ctx.Event(), ctx.Queue()
    block = ctx.Process(name="block", target=events.wait_for_event, args=(e, reports))
    nonblock = ctx.Process(name="non-block", target=events.wait_for_event_timeout,
                           args=(e, 0.05, reports))
    block.start()
    assert reports.get(timeout=10) == "block: starting"
    nonblock.start()
    assert reports.get(timeout=10) == "non-block: starting"
    assert reports.get(timeout=10) == (
        "non-block: wait() returned False, e.is_set()-> False")
    e.set()
    assert reports.get(timeout=10) == "block: wait() returned True, e.is_set()-> True"
    for p in (block, nonblock):
        p.join(timeout=10)
        assert p.exitcode == 0


def test_wait_for_event_in_process_when_already_set() -> None:
    import multiprocessing

    e, reports = multiprocessing.Event(), queue.Queue()
    e.set()
    events.wait_for_event(e, reports)
    assert reports.get_nowait() == "MainProcess: starting"
    assert reports.get_nowait() == (
        "MainProcess: wait() returned True, e.is_set()-> True")


def test_work_until_stopped(ctx) -> None:
    stop, reports = ctx.Event(), ctx.Queue()
    p = ctx.Process(name="w", target=events.work_until_stopped, args=(stop, reports))
    p.start()
    assert reports.get(timeout=10) == "w started"
    stop.set()
    name, rounds = reports.get(timeout=10)
    p.join(timeout=10)
    assert name == "w"
    assert rounds >= 0
    assert p.exitcode == 0


def test_bad_timeouts() -> None:
    import threading

    e = threading.Event()
    with pytest.raises(ValueError, match="t must be > 0"):
        events.wait_for_event_timeout(e, 0, queue.Queue())
    with pytest.raises(TypeError, match="step"):
        events.work_until_stopped(e, queue.Queue(), step="fast")
    with pytest.raises(ValueError, match="limit"):
        events.wait_for_event(e, queue.Queue(), limit=-1)
