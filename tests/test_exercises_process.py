"""mpdemos.exercises.process: the 02-process checks accept right answers, explain
wrong ones."""

from __future__ import annotations

import multiprocessing

import pytest

from mpdemos import process
from mpdemos.exercises import process as process_checks
from mpdemos.exercises import save_module
from mpdemos.results import drain


def one_process_per_number(ctx, target, numbers):  # type: ignore[no-untyped-def]
    """Run ``target(results, n)`` per number; return the answers in input order."""
    results = ctx.Queue()
    jobs = [ctx.Process(target=target, args=(results, n)) for n in numbers]
    for p in jobs:
        p.start()
    by_number = dict(drain(results, count=len(numbers)))
    for p in jobs:
        p.join(timeout=10)
    return [by_number[n] for n in numbers]


def good_squares(ctx, numbers):  # type: ignore[no-untyped-def]
    return one_process_per_number(ctx, process.square, numbers)


def unordered_squares(ctx, numbers):  # type: ignore[no-untyped-def]
    return sorted(good_squares(ctx, numbers))


def unjoined_squares(ctx, numbers):  # type: ignore[no-untyped-def]
    ready = ctx.Event()
    ctx.Process(target=process.wait_forever, args=(ready,)).start()
    ready.wait(timeout=10)
    return [n * n for n in numbers]


def test_check_squares_accepts_a_good_answer() -> None:
    assert process_checks.check_squares(good_squares).passed


def test_check_squares_explains_order_and_leftovers() -> None:
    verdict = process_checks.check_squares(unordered_squares)
    assert "wrong order" in verdict.message
    verdict = process_checks.check_squares(unjoined_squares)
    assert "still running" in verdict.message
    assert multiprocessing.active_children() == []


def test_check_squares_rejects_a_notebook_worker_without_hanging() -> None:
    def square(results, n):  # type: ignore[no-untyped-def]
        results.put((n, n * n))

    square.__module__ = "__main__"

    def answer(ctx, numbers):  # type: ignore[no-untyped-def]
        results = ctx.Queue()
        with ctx.Pool(2) as pool:
            pool.starmap(square, [(results, n) for n in numbers])  # would hang

    answer.__globals__["square"] = square
    try:
        verdict = process_checks.check_squares(answer)
    finally:
        del answer.__globals__["square"]
    assert not verdict.passed
    assert "cannot import the notebook" in verdict.message


def test_check_exit_codes_explains_a_missing_join() -> None:
    def no_join(ctx):  # type: ignore[no-untyped-def]
        ready = ctx.Event()
        p = ctx.Process(target=process.wait_forever, args=(ready,))
        p.start()
        ready.wait(timeout=10)
        # Without a join the exit code is None. Read it before terminate():
        # just after it, the child may already be gone and reaped by the poll.
        codes = {"exit_ok": 0, "exit_error": 1, "return_value": 0,
                 "terminated": p.exitcode}
        p.terminate()
        p.join(timeout=10)
        return codes

    verdict = process_checks.check_exit_codes(no_join)
    assert not verdict.passed


def test_check_cubes_with_a_saved_module() -> None:
    module = save_module("mpdemos_test_cubes",
                         "def cube(results, n):\n    results.put((n, n ** 3))\n")

    def cubes(ctx, numbers):  # type: ignore[no-untyped-def]
        return one_process_per_number(ctx, module.cube, numbers)

    assert process_checks.check_cubes(cubes).passed


def test_checks_reject_non_functions() -> None:
    with pytest.raises(TypeError):
        process_checks.check_squares(42)  # type: ignore[arg-type]
