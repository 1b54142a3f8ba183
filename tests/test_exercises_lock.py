"""mpdemos.exercises.lock: the 05-lock checks accept right answers, explain wrong ones."""

from __future__ import annotations

import multiprocessing

import pytest

from mpdemos import locks
from mpdemos.exercises import lock as checks
from mpdemos.exercises import save_module

SAFE = """
def add(counter, n):
    for _ in range(n):
        with counter.get_lock():
            counter.value += 1
"""
RACY = """
def add(counter, n):
    for _ in range(n):
        counter.value += 1
"""
OWN_LOCK = """
import multiprocessing

def add(counter, n):
    lock = multiprocessing.Lock()  # a new lock in each process guards nothing
    for _ in range(n):
        with lock:
            counter.value += 1
"""


def test_check_safe_counter_accepts_the_lock() -> None:
    module = save_module("mpdemos_test_lock_safe", SAFE)
    assert checks.check_safe_counter(module.add).passed


@pytest.mark.parametrize("source", [RACY, OWN_LOCK], ids=["racy", "own-lock"])
def test_check_safe_counter_counts_lost_updates(source: str) -> None:
    module = save_module("mpdemos_test_lock_racy", source)
    verdict = checks.check_safe_counter(module.add)
    assert not verdict.passed
    assert "lost" in verdict.message and "get_lock()" in verdict.message
    assert multiprocessing.active_children() == []


def pool_squares(ctx, numbers):  # type: ignore[no-untyped-def]
    lock = ctx.Lock()
    with ctx.Pool(2, initializer=locks.init_pool_lock, initargs=(lock,)) as pool:
        return pool.map_async(locks.square_under_pool_lock, numbers).get(timeout=10)


def lock_as_argument(ctx, numbers):  # type: ignore[no-untyped-def]
    lock = ctx.Lock()
    with ctx.Pool(2) as pool:
        args = [(lock, n) for n in numbers]
        return pool.starmap_async(locks.square_under_lock, args).get(timeout=10)


def no_initializer(ctx, numbers):  # type: ignore[no-untyped-def]
    with ctx.Pool(2) as pool:
        return pool.map_async(locks.square_under_pool_lock, numbers).get(timeout=10)


def test_check_pool_lock() -> None:
    assert checks.check_pool_lock(pool_squares).passed
    verdict = checks.check_pool_lock(lock_as_argument)
    assert not verdict.passed and "initializer" in verdict.message
    verdict = checks.check_pool_lock(no_initializer)
    assert not verdict.passed and "initializer never ran" in verdict.message


def test_start_together_checks_its_worker() -> None:
    with pytest.raises(TypeError):
        checks.start_together(None, 42)
