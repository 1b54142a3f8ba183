"""mpdemos.exercises.pool: the checks for 09-pool accept right answers and explain
the typical wrong ones."""

from __future__ import annotations

import multiprocessing

import pytest

from mpdemos import pools
from mpdemos.exercises import pool as checks

# ---------------------------------------------------------------- exercise 1


def doubled(ctx, numbers):  # type: ignore[no-untyped-def]
    with ctx.Pool(2) as pool:
        return pool.map(pools.do_calculation, numbers)


def test_check_doubled_accepts_a_pool_in_a_with_block() -> None:
    verdict = checks.check_doubled(doubled)
    assert verdict.passed, verdict.message


def test_check_doubled_accepts_close_and_join() -> None:
    def closed(ctx, numbers):  # type: ignore[no-untyped-def]
        pool = ctx.Pool(2)
        results = pool.map(pools.do_calculation, numbers)
        pool.close()
        pool.join()
        return results

    assert checks.check_doubled(closed).passed


# The wrong answer abandons a running pool on purpose; the check terminates it,
# but Pool.__del__ may still warn about it first.
UNCLOSED_POOL = "ignore:unclosed running multiprocessing pool:ResourceWarning"


@pytest.mark.filterwarnings(UNCLOSED_POOL)
def test_check_doubled_rejects_a_pool_without_close_and_join() -> None:
    def unclosed(ctx, numbers):  # type: ignore[no-untyped-def]
        pool = ctx.Pool(2)
        return pool.map(pools.do_calculation, numbers)  # wrong: never closed

    verdict = checks.check_doubled(unclosed)
    assert not verdict.passed
    assert "pool was still running" in verdict.message
    assert multiprocessing.active_children() == []


def test_judge_doubled_explains_the_order() -> None:
    numbers = [3, 1, 2]
    assert "wrong order" in checks._judge_doubled([2, 4, 6], numbers).message
    assert not checks._judge_doubled([6, 2], numbers).passed
    assert not checks._judge_doubled(None, numbers).passed
    assert checks._judge_doubled([6, 2, 4], numbers).passed


# ---------------------------------------------------------------- exercise 2


def collect(ctx, numbers):  # type: ignore[no-untyped-def]
    results, errors = [], []
    with ctx.Pool(2) as pool:
        pending = [pool.apply_async(pools.fail_on, (n,), callback=results.append,
                                    error_callback=errors.append) for n in numbers]
        for r in pending:
            r.wait(timeout=10)
    return results, errors


def test_check_callbacks_accepts_callbacks() -> None:
    verdict = checks.check_callbacks(collect)
    assert verdict.passed, verdict.message


def test_check_callbacks_explains_a_with_block_that_ended_too_soon() -> None:
    def no_wait(ctx, numbers):  # type: ignore[no-untyped-def]
        results, errors = [], []
        with ctx.Pool(2) as pool:
            for n in numbers:
                pool.apply_async(pools.fail_on, (n,), callback=results.append,
                                 error_callback=errors.append)
        return results, errors  # wrong: terminate() came before the results

    verdict = checks.check_callbacks(no_wait)
    assert not verdict.passed and "terminate()" in verdict.message


def test_check_callbacks_explains_get_raising() -> None:
    def with_get(ctx, numbers):  # type: ignore[no-untyped-def]
        with ctx.Pool(2) as pool:
            pending = [pool.apply_async(pools.fail_on, (n,)) for n in numbers]
            return [r.get(timeout=10) for r in pending], []

    verdict = checks.check_callbacks(with_get)
    assert not verdict.passed and "error_callback" in verdict.message


def test_judge_callbacks_other_mistakes() -> None:
    numbers = list(range(6))
    good = [0, 2, 4, 8, 10]
    assert checks._judge_callbacks((good[::-1], [ValueError("cannot process 3")]),
                                   numbers).passed
    assert checks._judge_callbacks((good, ["cannot process 3"]), numbers).passed
    verdict = checks._judge_callbacks((good, []), numbers)
    assert "error_callback=errors.append" in verdict.message
    assert "never reported" in checks._judge_callbacks(([0, 2], []), numbers).message
    assert "no callback ran" in checks._judge_callbacks(([], []), numbers).message
    assert not checks._judge_callbacks([good, []], numbers).passed
    assert not checks._judge_callbacks((good, [TypeError("x")]), numbers).passed
    assert not checks._judge_callbacks((good, [3]), numbers).passed


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
    with pytest.raises(TypeError):
        checks.check_doubled(None)  # type: ignore[arg-type]
