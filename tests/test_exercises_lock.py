"""mpdemos.exercises.lock: the 05-lock checks accept right answers, explain wrong ones."""

from __future__ import annotations

import multiprocessing
import re

import pytest

from mpdemos.exercises import lock as checks
from mpdemos.exercises import save_module

# ---------------------------------------------------------------- add once

ADD_ONCE = """
def add_multiples(total, numbers, k):
    count = sum(1 for n in numbers if n % k == 0)  # privately: no lock needed
    with total.get_lock():  # once: the read and the write together
        total.value += count
"""
ADD_ONCE_EXPLICIT = """
def add_multiples(total, numbers, k):
    count = 0
    for n in numbers:
        if n % k == 0:
            count += 1
    lock = total.get_lock()
    lock.acquire()
    try:
        total.value = total.value + count
    finally:
        lock.release()
"""
RACY_ONCE = """
def add_multiples(total, numbers, k):
    total.value += sum(1 for n in numbers if n % k == 0)
"""
PER_NUMBER = """
def add_multiples(total, numbers, k):
    for n in numbers:
        if n % k == 0:
            with total.get_lock():
                total.value += 1
"""
PER_NUMBER_RACY = """
def add_multiples(total, numbers, k):
    for n in numbers:
        if n % k == 0:
            total.value += 1
"""
COUNT_UNDER_LOCK = """
def add_multiples(total, numbers, k):
    with total.get_lock():
        total.value += sum(1 for n in numbers if n % k == 0)
"""
WRONG_COUNT = """
def add_multiples(total, numbers, k):
    count = sum(1 for n in numbers if n % k != 0)
    with total.get_lock():
        total.value += count
"""
STUB = """
def add_multiples(total, numbers, k):
    ...  # your code here
"""


@pytest.mark.parametrize("source", [ADD_ONCE, ADD_ONCE_EXPLICIT],
                         ids=["with", "acquire"])
def test_check_add_once_accepts_one_locked_addition(source: str) -> None:
    module = save_module("mpdemos_test_lock_once", source)
    verdict = checks.check_add_once(module.add_multiples)
    assert verdict.passed, verdict.message
    assert "lock taken 4 times" in verdict.message


@pytest.mark.parametrize(("source", "words"), [
    (RACY_ONCE, "took total's lock twice"),
    (PER_NUMBER, "about once per number"),
    (PER_NUMBER_RACY, "about once per number"),
    (COUNT_UNDER_LOCK, "counted while holding total's lock"),
    (WRONG_COUNT, "total is 102,857, expected 17,143"),
    (STUB, "total is still 0"),
], ids=["racy-once", "per-number", "per-number-racy", "count-under-lock",
        "wrong-count", "stub"])
def test_check_add_once_explains(source: str, words: str) -> None:
    module = save_module("mpdemos_test_lock_many", source)
    verdict = checks.check_add_once(module.add_multiples)
    assert not verdict.passed and words in verdict.message, verdict.message
    assert multiprocessing.active_children() == []


# ---------------------------------------------------------------- transfers

TRANSFER = """
def transfer(accounts, locks, src, dst, amount):
    first, second = sorted((src, dst))  # every worker: the lower number first
    with locks[first]:
        with locks[second]:
            accounts[src] -= amount
            accounts[dst] += amount
"""
BACK_OFF = """
def transfer(accounts, locks, src, dst, amount):
    while True:  # any order, but never wait for ever while holding a lock
        with locks[src]:
            if locks[dst].acquire(timeout=0.01):
                try:
                    accounts[src] -= amount
                    accounts[dst] += amount
                    return
                finally:
                    locks[dst].release()
"""
SOURCE_FIRST = TRANSFER.replace("sorted((src, dst))", "src, dst")
ONE_LOCK = """
def transfer(accounts, locks, src, dst, amount):
    with locks[src]:
        accounts[src] -= amount
        accounts[dst] += amount
"""
DOUBLE_AMOUNT = TRANSFER.replace("accounts[dst] += amount",
                                 "accounts[dst] += 2 * amount")
TRANSFER_STUB = """
def transfer(accounts, locks, src, dst, amount):
    ...  # your code here
"""


@pytest.mark.parametrize("source", [TRANSFER, BACK_OFF], ids=["ordered", "back-off"])
def test_check_transfers_accepts_a_deadlock_free_answer(source: str) -> None:
    module = save_module("mpdemos_test_lock_bank", source)
    verdict = checks.check_transfers(module.transfer)
    assert verdict.passed, verdict.message


@pytest.mark.parametrize(("source", "words"), [
    (SOURCE_FIRST, "Take the two locks in one fixed order"),
    (ONE_LOCK, "without holding locks["),
    (DOUBLE_AMOUNT, "the balances are"),
    (TRANSFER_STUB, "the balances are [1000, 1000, 1000]"),
], ids=["source-first", "one-lock", "double-amount", "stub"])
def test_check_transfers_explains(source: str, words: str) -> None:
    module = save_module("mpdemos_test_lock_broke", source)
    verdict = checks.check_transfers(module.transfer)
    assert not verdict.passed and words in verdict.message, verdict.message
    assert multiprocessing.active_children() == []


def test_check_transfers_names_the_circle_of_locks() -> None:
    module = save_module("mpdemos_test_lock_circle", SOURCE_FIRST)
    verdict = checks.check_transfers(module.transfer)
    # Which circle is seen depends on which transfers ran before the deadlock
    # (0->1, 1->0 or 0->1, 1->2, 2->0): the message must name a closed one.
    found = re.search(r"took ((?:lock \d then lock \d(?:, )?)+):", verdict.message)
    assert found, verdict.message
    steps = [tuple(map(int, pair)) for pair in
             re.findall(r"lock (\d) then lock (\d)", found.group(1))]
    assert len(steps) >= 2, verdict.message
    for (_, held_then), (next_first, _) in zip(steps, steps[1:] + steps[:1]):
        assert held_then == next_first, verdict.message


# ---------------------------------------------------------------- the watched lock


def test_watched_lock_counts_outer_takes_and_nests() -> None:
    ctx = multiprocessing.get_context("spawn")
    lock = checks.WatchedLock(ctx)
    assert not lock.held_here()
    with lock:
        with lock:  # re-entrant: a nested take is not counted
            assert lock.held_here()
        assert lock.held_here()
    assert not lock.held_here()
    assert lock.acquire(timeout=1)
    lock.release()
    assert lock.takes == 2
    with pytest.raises(AssertionError):
        lock.release()  # not held: an RLock refuses


def test_watched_locks_record_the_order_they_are_taken_in() -> None:
    ctx = multiprocessing.get_context("spawn")
    order = ctx.RawArray("b", 9)
    locks = [checks.WatchedLock(ctx, n, order, 3) for n in range(3)]
    with locks[0], locks[1]:
        pass
    with locks[1], locks[2]:
        pass
    assert checks.lock_cycle(order, 3) == []
    with locks[2], locks[0]:
        pass
    assert checks.lock_cycle(order, 3) == [0, 1, 2]
    with pytest.raises(ValueError):
        checks.WatchedLock(ctx, 3, order, 3)


def test_numbers_and_accounts_notice_what_is_done_under_which_lock() -> None:
    ctx = multiprocessing.get_context("spawn")
    lock, flag = checks.WatchedLock(ctx), ctx.RawValue("i", 0)
    numbers = checks.Numbers(0, 10, lock, flag)
    assert sum(numbers) == 45 and len(numbers) == 10 and flag.value == 0
    with lock:
        assert numbers[3] == 3
    assert flag.value == 1
    accounts = checks.Accounts(ctx, [5, 7], [lock, checks.WatchedLock(ctx, 1, None, 2)])
    with lock:
        accounts[0] += 1
    assert accounts.unguarded() == []
    accounts[1] -= 1
    assert accounts.unguarded() == [1] and accounts.balances() == [6, 6]
    with pytest.raises(ValueError):
        checks.Accounts(ctx, [1, 2, 3], [lock])
    with pytest.raises(ValueError):
        checks.repeat(print, -1)
