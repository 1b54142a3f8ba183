"""Checks for the exercises of 14-asyncio (tests: tests/test_exercises_eventloop.py).

The check runs your coroutine beside a heartbeat and says whether it kept the
event loop free: CPU-bound work on the loop's thread stops the heartbeat for
as long as it runs.
"""

from __future__ import annotations

import asyncio
import inspect
import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from mpdemos import eventloop, pools
from mpdemos.exercises.harness import Verdict, report
from mpdemos.i18n import _

#: The work: ``busy(n)`` for each of these, and the heartbeat's pace.
NUMBERS = (2_000_000, 1_500_000, 1_800_000, 1_200_000)
TICK = 0.02
#: Seconds the coroutine may take before the check gives up on it.
TIMEOUT = 30.0


async def check_squares_off_the_loop(func: Callable[..., Any]) -> Verdict:
    """Exercise 1: ``await func(executor, numbers)`` gives ``busy(n)`` for each n, in order.

    It must keep the event loop free: a heartbeat that ticks every
    :data:`TICK` s must not stall for as long as the work takes on one thread.
    """
    if not inspect.iscoroutinefunction(func):
        return report(Verdict(False, _("write it with `async def`: only a coroutine "
                                       "can await the executor's futures and let the "
                                       "loop run meanwhile.")))
    start = time.perf_counter()
    expected = [pools.busy(n) for n in NUMBERS]  # the work, timed on one thread
    work = time.perf_counter() - start
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=ctx) as executor:
        pools.warm(executor, 2)
        stop = asyncio.Event()
        beat = asyncio.create_task(eventloop.heartbeat(stop, TICK))
        await asyncio.sleep(2 * TICK)
        try:
            got = await asyncio.wait_for(func(executor, list(NUMBERS)), TIMEOUT)
        except asyncio.TimeoutError:
            return report(Verdict(False, _("your coroutine did not finish within "
                                           "{seconds:g} s.").format(seconds=TIMEOUT)))
        except Exception as exc:  # noqa: BLE001 - the student's error, explained
            # Translators: {kind} is the exception's class, {error} its message.
            return report(Verdict(False, _("your coroutine raised {kind}: "
                                           "{error}").format(kind=type(exc).__name__,
                                                             error=exc)))
        finally:
            stop.set()
            ticks = await beat
    gap = eventloop.longest_gap(ticks)
    # the work on the loop's thread stalls it for all of it; a busy machine
    # delays a free loop by a few time slices, far less than a quarter of it
    if gap > max(work / 4, 8 * TICK):
        return report(Verdict(False, _("the event loop stalled for {gap:.2f} s: the "
                                       "work ran on its thread. Hand each call to the "
                                       "executor: `await loop.run_in_executor("
                                       "executor, pools.busy, n)`.").format(gap=gap)))
    if list(got) != expected:
        return report(Verdict(False, _("got {got!r}; expected busy(n) for each n, in "
                                       "the order of numbers (asyncio.gather keeps "
                                       "that order).").format(got=got)))
    # Translators: {count} is how many results, e.g. 4.
    return report(Verdict(True, _("{count} results in order, computed in worker "
                                  "processes while the heartbeat kept "
                                  "ticking.").format(count=len(NUMBERS))))
