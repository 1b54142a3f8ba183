"""mpdemos.results: take what workers sent, with a deadline."""

from __future__ import annotations

import queue
from multiprocessing.context import BaseContext

import pytest

from mpdemos import process
from mpdemos.results import drain


def test_drain_collects_from_every_worker(ctx: BaseContext) -> None:
    results = ctx.Queue()
    jobs = [ctx.Process(target=process.square, args=(results, n)) for n in range(4)]
    for p in jobs:
        p.start()
    got = drain(results, count=4)
    for p in jobs:
        p.join(timeout=10)
    assert sorted(got) == [(0, 0), (1, 1), (2, 4), (3, 9)]


def test_drain_keeps_arrival_order() -> None:
    q: queue.Queue[int] = queue.Queue()
    for n in (3, 1, 2):
        q.put(n)
    assert drain(q, count=3) == [3, 1, 2]
    assert drain(q, count=0) == []


def test_drain_times_out_and_says_how_many_came() -> None:
    q: queue.Queue[int] = queue.Queue()
    q.put(1)
    with pytest.raises(TimeoutError, match="only 1 of 2"):
        drain(q, count=2, timeout=0.05)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"count": -1}, ValueError),
        ({"count": 1.5}, ValueError),
        ({"count": True}, ValueError),
        ({"count": 1, "timeout": 0}, ValueError),
        ({"count": 1, "timeout": "soon"}, ValueError),
    ],
)
def test_drain_rejects_bad_arguments(kwargs: dict, error: type) -> None:
    with pytest.raises(error):
        drain(queue.Queue(), **kwargs)


def test_drain_needs_a_queue() -> None:
    with pytest.raises(TypeError, match="get"):
        drain([1, 2], count=1)
