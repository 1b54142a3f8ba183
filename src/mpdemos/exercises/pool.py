"""Checks for the exercises of 09-pool (tests: tests/test_exercises_pool.py).

They run your code under spawn.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from typing import Any

from mpdemos import pools
from mpdemos.exercises.harness import (
    DEFAULT_TIMEOUT,
    Verdict,
    explain_outcome,
    importability_problem,
    leftovers,
    report,
    run_under_spawn,
    run_with_timeout,
    running_pools,
)

#: What the checks hand to your functions.
NUMBERS = [3, 1, 4, 1, 5, 9, 2, 6]
CALLBACK_NUMBERS = list(range(6))  # pools.fail_on raises ValueError on 3
TINY_TASKS = 20_000
#: A map of tiny tasks may take this many times the serial loop...
SLOWDOWN_LIMIT = 40
#: ...or this many seconds, whichever is more (room for a busy machine).
SECONDS_LIMIT = 0.1


def check_doubled(func: Callable[..., list[int]]) -> Verdict:
    """Exercise 1: ``func(ctx, numbers)`` maps ``pools.do_calculation`` over
    ``numbers`` with a pool and returns the results in input order.
    """
    got, problem = run_under_spawn(func, list(NUMBERS))
    if problem:
        return report(problem)
    return report(_judge_doubled(got, NUMBERS))


def _judge_doubled(got: Any, numbers: list[int]) -> Verdict:
    expected = [pools.do_calculation(n) for n in numbers]
    if not isinstance(got, list):
        return Verdict(False, f"return the results as a list, not {got!r}.")
    if sorted(got) == sorted(expected) and got != expected:
        return Verdict(False, "right values, wrong order: `imap_unordered` and "
                       "callbacks give completion order. `map` returns input order.")
    if got != expected:
        return Verdict(False, f"for {numbers} it returned {got!r}, expected "
                       f"{expected!r}.")
    return Verdict(True, f"{expected}, in input order, and the pool was shut down.")


def check_callbacks(func: Callable[..., tuple[list[Any], list[Any]]]) -> Verdict:
    """Exercise 2: ``func(ctx, numbers)`` submits ``pools.fail_on(n)`` for each
    number with ``apply_async``, collects results with ``callback`` and
    exceptions with ``error_callback``, and returns ``(results, errors)``.
    """
    got, problem = run_under_spawn(func, list(CALLBACK_NUMBERS))
    if problem:
        if "raised ValueError: cannot process" in problem.message:
            problem = Verdict(False, problem.message + ". get() raises the worker's "
                              "exception again in the parent: collect it with "
                              "error_callback instead.")
        return report(problem)
    return report(_judge_callbacks(got, CALLBACK_NUMBERS))


def _judge_callbacks(got: Any, numbers: list[int]) -> Verdict:
    expected = sorted(2 * n for n in numbers if n != 3)
    expected_errors = [f"cannot process {n}" for n in numbers if n == 3]
    if not (isinstance(got, tuple) and len(got) == 2
            and all(isinstance(part, list) for part in got)):
        return Verdict(False, f"return a tuple of two lists, (results, errors), not "
                       f"{got!r}.")
    results, errors = got
    if any(not isinstance(e, (BaseException, str)) for e in errors):
        return Verdict(False, "errors should hold the exceptions that error_callback "
                       f"received, not {errors!r}.")
    if any(isinstance(e, BaseException) and not isinstance(e, ValueError)
           for e in errors):
        names = sorted({type(e).__name__ for e in errors})
        return Verdict(False, f"errors holds {', '.join(names)}; the worker raised "
                       "ValueError. Wait for the results inside the `with` block.")
    messages = sorted(str(e) for e in errors)
    if not results and not errors:
        return Verdict(False, "no callback ran: the `with` block called terminate() "
                       "before any result arrived. Inside the block, wait() on every "
                       "AsyncResult (with a timeout), or close() and join() the pool.")
    if len(results) + len(errors) < len(numbers) and sorted(results) != expected:
        missing = len(numbers) - len(results) - len(errors)
        return Verdict(False, f"{missing} of {len(numbers)} tasks never reported: the "
                       "`with` block called terminate() before they finished. Wait "
                       "on every AsyncResult inside the block.")
    if sorted(results) != expected:
        return Verdict(False, f"the results are {sorted(results)}, expected "
                       f"{expected}: callback receives each task's return value.")
    if messages != expected_errors:
        if not errors:
            return Verdict(False, "the results are right, but the ValueError for 3 "
                           "was not collected: pass error_callback=errors.append.")
        return Verdict(False, f"errors are {messages}, expected {expected_errors}.")
    return Verdict(True, f"results {expected} through callback, and "
                   f"ValueError({expected_errors[0]!r}) through error_callback.")


def check_tiny_tasks(func: Callable[..., list[int]]) -> Verdict:
    """Exercise 3: ``func(pool, numbers)`` doubles 20,000 numbers with
    ``pool.imap`` fast enough: within ``SLOWDOWN_LIMIT`` times the serial
    loop, or ``SECONDS_LIMIT`` seconds, whichever is more.

    The check makes a spawn ``Pool(2)``, warms it, and times your function
    on it (twice if the first run is too slow: the machine may be busy).
    """
    if not callable(func):
        raise TypeError(f"expected your function, not {func!r}")
    problem = importability_problem(func)
    if problem:
        return report(problem)
    numbers = list(range(TINY_TASKS))
    expected = [pools.do_calculation(n) for n in numbers]
    serial = min(_timed(lambda: list(map(pools.do_calculation, numbers)))
                 for _ in range(3))
    limit = max(SLOWDOWN_LIMIT * serial, SECONDS_LIMIT)
    before = running_pools()
    seconds = float("inf")
    got: Any = None
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pools.warm(pool, 2)
        for _ in range(2):
            start = time.perf_counter()
            outcome = run_with_timeout(func, pool, numbers, timeout=DEFAULT_TIMEOUT)
            seconds = time.perf_counter() - start
            problem = explain_outcome(outcome, DEFAULT_TIMEOUT,
                                      "Did you wait on results that never came?")
            if problem:
                break
            got = outcome.value
            if seconds <= limit or got != expected:
                break
    problem = problem or leftovers(before)
    if problem:
        return report(problem)
    if isinstance(got, list) and got[:5] == expected[:5] and len(got) != len(expected):
        return report(Verdict(False, f"{len(got)} results for {len(numbers)} numbers: "
                              "return them all (list(pool.imap(...)))."))
    if got != expected:
        return report(Verdict(False, "return [2 * n for each n] in input order, as "
                              "a list: list(pool.imap(pools.do_calculation, numbers, "
                              "...))."))
    if seconds > limit:
        return report(Verdict(False, f"{len(numbers):,} tiny tasks took "
                              f"{seconds * 1000:.0f} ms, {seconds / serial:.0f}x the "
                              f"serial loop ({serial * 1000:.1f} ms). With chunksize=1 "
                              "(imap's default) every number travels alone, pickled, "
                              "through a pipe. Pass a chunksize in the hundreds."))
    return report(Verdict(True, f"{len(numbers):,} tiny tasks, results in order, "
                          "in the time a pool needs for them (at most "
                          f"{SLOWDOWN_LIMIT}x the serial loop, or {SECONDS_LIMIT} s)."))


def _timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start
