"""Workers for 14-asyncio (tests: tests/test_eventloop.py).

An event loop runs many waits on one thread. CPU-bound work run on that
thread stops them all; run in another process (``loop.run_in_executor`` with
a ``ProcessPoolExecutor``) it leaves the loop free. A heartbeat shows which:
it ticks at a steady pace, and every pause of the loop is a gap in its ticks.
"""

from __future__ import annotations

import asyncio
import time

from mpdemos.arguments import check_positive_seconds
from mpdemos.pools import busy
from mpdemos.timeline import Span


def crunch(n: int) -> tuple[int, Span]:
    """Run ``busy(n)`` and return its result with the span it took, in this process."""
    start = time.time()
    result = busy(n)
    return result, Span("worker process", f"busy({n:_})", start, time.time())


async def heartbeat(stop: asyncio.Event, interval: float) -> list[float]:
    """Tick every ``interval`` seconds until ``stop`` is set; return the tick times."""
    check_positive_seconds(interval, "interval")
    ticks = [time.time()]
    while not stop.is_set():
        await asyncio.sleep(interval)
        ticks.append(time.time())
    return ticks


def longest_gap(ticks: list[float]) -> float:
    """The longest time between two ticks: how long the loop was kept from them."""
    if len(ticks) < 2:
        raise ValueError("need at least two ticks")
    return max(b - a for a, b in zip(ticks, ticks[1:]))


def tick_spans(ticks: list[float], row: str = "event loop") -> list[Span]:
    """Each tick as a short span, for a timeline picture."""
    return [Span(row, "", t, t + 0.003) for t in ticks]  # no text: too narrow
