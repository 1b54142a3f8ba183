"""mpdemos.exercises.eventloop: the 14-asyncio check accepts right answers, explains wrong ones."""

from __future__ import annotations

import asyncio

from mpdemos import pools
from mpdemos.exercises import eventloop as checks


async def gathers(executor, numbers):
    loop = asyncio.get_running_loop()
    return await asyncio.gather(
        *(loop.run_in_executor(executor, pools.busy, n) for n in numbers))


async def blocks(executor, numbers):
    return [pools.busy(n) for n in numbers]  # on the loop's thread


async def reversed_order(executor, numbers):
    return list(reversed(await gathers(executor, numbers)))


def not_a_coroutine(executor, numbers):
    return [executor.submit(pools.busy, n).result() for n in numbers]


def test_accepts_run_in_executor_with_gather() -> None:
    assert asyncio.run(checks.check_squares_off_the_loop(gathers)).passed


def test_explains_blocking_the_loop() -> None:
    verdict = asyncio.run(checks.check_squares_off_the_loop(blocks))
    assert not verdict.passed and "stalled" in verdict.message


def test_explains_order_and_a_plain_function() -> None:
    order = asyncio.run(checks.check_squares_off_the_loop(reversed_order))
    plain = asyncio.run(checks.check_squares_off_the_loop(not_a_coroutine))
    assert not order.passed and "order" in order.message
    assert not plain.passed and "async def" in plain.message
