"""mpdemos.eventloop: a heartbeat shows when the event loop was blocked."""

from __future__ import annotations

import asyncio
from concurrent.futures import ProcessPoolExecutor

import pytest

from mpdemos import eventloop, pools


def test_crunch_returns_busy_and_its_span() -> None:
    result, span = eventloop.crunch(1000)
    assert result == pools.busy(1000) and span.end >= span.start
    assert span.process == "worker process"


def test_blocking_the_loop_shows_as_a_gap_an_executor_does_not(ctx) -> None:
    # As in 14-asyncio: the executor starts and is warmed before the second
    # heartbeat and shuts down after it, since starting a worker and joining it
    # at shutdown block the loop's thread too (that is not what is measured).
    async def main(executor: ProcessPoolExecutor) -> tuple[float, float]:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(executor, pools.busy, 1)
        stop = asyncio.Event()
        beat = asyncio.create_task(eventloop.heartbeat(stop, 0.01))
        await asyncio.sleep(0.05)
        pools.busy(1_500_000)  # on the loop's thread
        await asyncio.sleep(0.05)
        stop.set()
        blocked = eventloop.longest_gap(await beat)
        stop = asyncio.Event()
        beat = asyncio.create_task(eventloop.heartbeat(stop, 0.01))
        await loop.run_in_executor(executor, eventloop.crunch, 1_500_000)
        stop.set()
        return blocked, eventloop.longest_gap(await beat)

    with ProcessPoolExecutor(1, mp_context=ctx) as executor:
        blocked, free = asyncio.run(main(executor))
    assert blocked > 3 * free


def test_helpers_check_their_input() -> None:
    with pytest.raises(ValueError):
        eventloop.longest_gap([1.0])
    with pytest.raises(ValueError):
        asyncio.run(eventloop.heartbeat(asyncio.Event(), 0))
    assert [s.process for s in eventloop.tick_spans([1.0, 2.0])] == ["event loop"] * 2
