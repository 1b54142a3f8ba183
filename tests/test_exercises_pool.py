"""mpdemos.exercises.pool: the checks for 10-pool accept right answers and explain
the typical wrong ones."""

from __future__ import annotations

import multiprocessing

import pytest

from mpdemos import pools
from mpdemos.exercises import pool as checks
from mpdemos.exercises import save_module

# ---------------------------------------------------------------- exercise 1


# The wrong answer abandons a running pool on purpose; the check terminates it,
# but Pool.__del__ may still warn about it first.
UNCLOSED_POOL = "ignore:unclosed running multiprocessing pool:ResourceWarning"


# ---------------------------------------------------------------- exercise 2


# ---------------------------------------------------------------- exercise 3


def test_check_tiny_tasks_accepts_a_chunksize() -> None:
    def chunked(pool, numbers):  # type: ignore[no-untyped-def]
        return list(pool.imap(pools.do_calculation, numbers, chunksize=500))

    verdict = checks.check_tiny_tasks(chunked)
    assert verdict.passed, verdict.message


def test_check_tiny_tasks_rejects_chunksize_one() -> None:
    def one_by_one(pool, numbers):  # type: ignore[no-untyped-def]
        return list(pool.imap(pools.do_calculation, numbers))  # chunksize=1

    verdict = checks.check_tiny_tasks(one_by_one)
    assert not verdict.passed and "chunksize" in verdict.message
    assert "serial loop" in verdict.message


def test_check_tiny_tasks_rejects_wrong_results() -> None:
    def lazy(pool, numbers):  # type: ignore[no-untyped-def]
        return pool.imap(pools.do_calculation, numbers, chunksize=500)  # an iterator

    verdict = checks.check_tiny_tasks(lazy)
    assert not verdict.passed and "as a list" in verdict.message


def test_checks_reject_what_is_not_a_function() -> None:
    with pytest.raises(TypeError):
        checks.check_tiny_tasks("answer")  # type: ignore[arg-type]


# ---------------------------------------------------------------- a map that survives


def map_or_none(ctx, numbers):  # type: ignore[no-untyped-def]
    """The reference solution of exercise 1: one next() per number, inside try."""
    results = []
    with ctx.Pool(2) as pool:
        it = pool.imap(pools.fail_on, numbers)
        for _ in numbers:
            try:
                results.append(it.next(timeout=10))
            except ValueError:  # this task raised; the others are still coming
                results.append(None)
    return results


def per_task(ctx, numbers):  # type: ignore[no-untyped-def]
    results = []
    with ctx.Pool(2) as pool:
        pending = [pool.apply_async(pools.fail_on, (n,)) for n in numbers]
        for r in pending:
            try:
                results.append(r.get(timeout=10))
            except ValueError:
                results.append(None)
    return results


def for_loop(ctx, numbers):  # type: ignore[no-untyped-def]
    results = []
    with ctx.Pool(2) as pool:
        for value in pool.imap(pools.fail_on, numbers):  # next() raises up here
            try:
                results.append(value)
            except ValueError:
                results.append(None)
    return results


def stops_at_first(ctx, numbers):  # type: ignore[no-untyped-def]
    results = []
    with ctx.Pool(2) as pool:
        try:
            for value in pool.imap(pools.fail_on, numbers):
                results.append(value)
        except ValueError:
            pass
    return results


def whole_map(ctx, numbers):  # type: ignore[no-untyped-def]
    with ctx.Pool(2) as pool:
        try:
            return pool.map(pools.fail_on, numbers)
        except ValueError:
            return []


@pytest.mark.parametrize("answer", [map_or_none, per_task], ids=["imap", "apply_async"])
def test_check_map_or_none_accepts_a_result_per_task(answer) -> None:  # type: ignore[no-untyped-def]
    verdict = checks.check_map_or_none(answer)
    assert verdict.passed, verdict.message


@pytest.mark.parametrize(("answer", "words"), [
    (lambda ctx, numbers: whole_map(ctx, numbers) or None, "return a list"),
    (whole_map, "no results at all"),
    (for_loop, "its next() raises outside your try"),
    (stops_at_first, "stop after 1 of 6 numbers"),
    (lambda ctx, ns: [x for x in map_or_none(ctx, ns) if x is not None],
     "the failed numbers are missing"),
    (lambda ctx, ns: [ValueError("cannot process 3") if x is None else x
                      for x in map_or_none(ctx, ns)], "not the exception"),
    (lambda ctx, ns: map_or_none(ctx, ns)[::-1], "wrong order"),
], ids=["none", "whole-map", "for-loop", "stops-at-first", "dropped", "exceptions",
        "order"])
def test_check_map_or_none_explains(answer, words: str) -> None:  # type: ignore[no-untyped-def]
    verdict = checks.check_map_or_none(answer)
    assert not verdict.passed and words in verdict.message, verdict.message
    assert multiprocessing.active_children() == []


# ---------------------------------------------------------------- in input order

TAGS = """
from mpdemos.exercises import pool as pool_exercises

def work_tagged(pair):
    i, n = pair
    return i, pool_exercises.work(n)  # the index travels with the result
"""


# Saved before any check starts its pool: a pool worker imports it when it
# unpickles its first task, with the sys.path it was started with.
my_tags = save_module("mpdemos_test_pool_tags", TAGS)


def in_input_order(pool, numbers, progress,  # type: ignore[no-untyped-def]
                   chunksize=1):
    """The reference solution of exercise 2: imap_unordered, tagged by index."""
    results = [None] * len(numbers)
    for i, value in pool.imap_unordered(my_tags.work_tagged, enumerate(numbers),
                                        chunksize):
        progress(value)  # as soon as it arrives
        results[i] = value
    return results


def with_callbacks(pool, numbers, progress):  # type: ignore[no-untyped-def]
    results = [None] * len(numbers)

    def keep(i):  # type: ignore[no-untyped-def]
        def done(value):  # type: ignore[no-untyped-def]
            results[i] = value
            progress(value)
        return done

    pending = [pool.apply_async(checks.work, (n,), callback=keep(i))
               for i, n in enumerate(numbers)]
    for r in pending:
        r.wait(timeout=10)
    return results


def reported(method):  # type: ignore[no-untyped-def]
    """An answer that reports each result of ``pool.<method>`` and keeps them so."""
    def answer(pool, numbers, progress):  # type: ignore[no-untyped-def]
        results = []
        for value in getattr(pool, method)(checks.work, numbers):
            progress(value)
            results.append(value)
        return results
    return answer


in_order_with_imap = reported("imap")
arrival_order = reported("imap_unordered")  # wrong: never put back in order


def own_pool(pool, numbers, progress):  # type: ignore[no-untyped-def]
    with multiprocessing.get_context("spawn").Pool(2) as mine:
        return mine.map_async(checks.work, numbers).get(timeout=10)


@pytest.mark.parametrize("answer", [in_input_order, with_callbacks],
                         ids=["imap_unordered", "callbacks"])
def test_check_in_input_order_accepts_results_as_they_come(answer) -> None:  # type: ignore[no-untyped-def]
    verdict = checks.check_in_input_order(answer)
    assert verdict.passed, verdict.message


@pytest.mark.parametrize(("answer", "words"), [
    (in_order_with_imap, "hand results over in input order"),
    (lambda pool, ns, progress: in_input_order(pool, ns, progress, chunksize=3),
     "keep its chunksize=1"),
    (lambda pool, ns, progress: pool.map(checks.work, ns), "progress was never called"),
    (arrival_order, "in the order they arrived"),
    (own_pool, "use the pool your function is given"),
    (lambda pool, ns, progress: in_input_order(pool, ns, lambda v: None),
     "progress was never called"),
], ids=["imap", "chunksize", "map", "arrival-order", "own-pool", "no-progress"])
def test_check_in_input_order_explains(answer, words: str) -> None:  # type: ignore[no-untyped-def]
    verdict = checks.check_in_input_order(answer)
    assert not verdict.passed and words in verdict.message, verdict.message
    assert multiprocessing.active_children() == []


def test_work_runs_only_in_the_checks_pool() -> None:
    with pytest.raises(RuntimeError, match="only in the pool"):
        checks.work(3)
    with pytest.raises(TypeError):
        checks.serve_check(None, None, 1)


def test_the_notebook_stubs_fail_with_a_hint() -> None:
    def stub(ctx, numbers):  # type: ignore[no-untyped-def]
        ...  # your code here

    assert "return a list" in checks.check_map_or_none(stub).message

    def order_stub(pool, numbers, progress):  # type: ignore[no-untyped-def]
        ...  # your code here

    verdict = checks.check_in_input_order(order_stub)
    assert not verdict.passed and "progress was never called" in verdict.message
