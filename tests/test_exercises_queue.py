"""mpdemos.exercises.queue: the 03-queue checks accept right answers, explain wrong ones."""

from __future__ import annotations

import multiprocessing

import pytest

from mpdemos.exercises import queue as checks
from mpdemos.results import drain


#: Queues of wrong answers that return early, kept so that slow-starting spawn
#: children can still open them (a collected Queue unlinks its semaphores).
KEEP: list[object] = []


def consumers(ctx, numbers, count, pills=None, join=10):  # type: ignore[no-untyped-def]
    tasks = ctx.Queue()
    results = ctx.Queue()
    KEEP.extend((tasks, results))
    jobs = [ctx.Process(target=checks.consume, args=(tasks, results))
            for _ in range(count)]
    for p in jobs:
        p.start()
    for n in numbers:
        tasks.put(n)
    for _ in range(count if pills is None else pills):
        tasks.put(None)
    squares = drain(results, count=len(numbers), timeout=10)
    for p in jobs:
        p.join(timeout=join)
    return sorted(squares)


def test_check_consumers_accepts_one_pill_each() -> None:
    assert checks.check_consumers(consumers).passed


def test_check_consumers_explains_a_missing_pill_that_hangs() -> None:
    verdict = checks.check_consumers(lambda ctx, n, c: consumers(ctx, n, c, pills=1),
                                     timeout=1.5)
    assert not verdict.passed and "its own pill" in verdict.message
    assert multiprocessing.active_children() == []


def test_check_consumers_explains_a_missing_pill_left_running() -> None:
    verdict = checks.check_consumers(
        lambda ctx, n, c: consumers(ctx, n, c, pills=1, join=0.1))
    assert not verdict.passed and "still running" in verdict.message
    assert "its own pill" in verdict.message


def test_check_consumers_explains_unsorted_results() -> None:
    verdict = checks.check_consumers(lambda ctx, n, c: consumers(ctx, n, c)[::-1])
    assert not verdict.passed and "not sorted" in verdict.message


def ping_pong(ctx, messages, stop=True):  # type: ignore[no-untyped-def]
    parent_end, child_end = ctx.Pipe()
    p = ctx.Process(target=checks.shout, args=(child_end,))
    p.start()
    child_end.close()
    replies = []
    for m in messages:
        parent_end.send(m)
        if parent_end.poll(10):
            replies.append(parent_end.recv())
    if stop:
        parent_end.send(None)
    p.join(timeout=10)  # without None (and with our end open) the child never ends
    parent_end.close()
    return replies


def test_check_ping_pong() -> None:
    assert checks.check_ping_pong(ping_pong).passed
    verdict = checks.check_ping_pong(lambda ctx, m: ping_pong(ctx, m, stop=False),
                                     timeout=1.5)
    assert not verdict.passed and "send None" in verdict.message


@pytest.mark.parametrize(("bad", "error"), [(0, ValueError), (-1, ValueError),
                                            (True, TypeError), ("5", TypeError)])
def test_checks_reject_bad_timeouts(bad: object, error: type) -> None:
    with pytest.raises(error, match="timeout must be"):
        checks.check_consumers(consumers, timeout=bad)  # type: ignore[arg-type]


def test_workers_check_their_arguments() -> None:
    with pytest.raises(TypeError):
        checks.consume(None, None)
    with pytest.raises(TypeError):
        checks.shout(None)
