"""Checks for the exercises of 10-pool (tests: tests/test_exercises_pool.py).

They run your code under spawn. Exercise 1 keeps the good results of a map
when some tasks raise; exercise 2 reports results as they arrive (with
``imap_unordered``) and still returns them in input order; exercise 3 picks
a chunksize for tiny tasks.
"""

from __future__ import annotations

import multiprocessing
import threading
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
from mpdemos.i18n import _

TINY_TASKS = 20_000
#: A map of tiny tasks may take this many times the serial loop...
SLOWDOWN_LIMIT = 40
#: ...or this many seconds, whichever is more (room for a busy machine).
SECONDS_LIMIT = 0.1
#: Exercise 1: pools.fail_on raises ValueError on 3, and 0 doubles to 0.
SURVIVOR_NUMBERS = [4, 3, 1, 3, 0, 5]
#: Exercise 2: the task for the first number is slow: it waits (at most
#: SLOW_WAIT s) until your function has reported all the others.
ORDER_NUMBERS = [5, 1, 2, 3, 4, 6]
SLOW_WAIT = 3.0

#: In a worker of exercise 2's pool: (released, gave_up, slow number).
_served: tuple[Any, Any, int] | None = None


# ---------------------------------------------------------------- workers


def serve_check(released: Any, gave_up: Any, slow: int) -> None:
    """Pool ``initializer`` of exercise 2: keep what :func:`work` needs."""
    if not hasattr(released, "wait"):
        raise TypeError(_("released must be an Event, not {released!r}").format(
            released=released))
    global _served
    _served = (released, gave_up, slow)


def work(n: int) -> int:
    """Return ``pools.do_calculation(n)``, in the pool exercise 2's check gives you.

    The task for the check's slow number waits until the event ``released``
    is set (the check sets it once you have reported every other result),
    at most ``SLOW_WAIT`` seconds; if it had to give up, it says so in
    ``gave_up``.
    """
    if _served is None:
        raise RuntimeError(_outside_pool())
    released, gave_up, slow = _served
    if n == slow and not released.wait(SLOW_WAIT):
        gave_up.value = 1
    return pools.do_calculation(n)


def _outside_pool() -> str:
    """What :func:`work` says when it runs outside the check's pool."""
    return _("work() runs only in the pool the check gives you")


class Progress:
    """The ``progress(value)`` exercise 2 hands you: call it once per result.

    Once it has been called ``others`` times it sets ``released``, and the
    slow task may finish.
    """

    def __init__(self, released: Any, others: int) -> None:
        self.values: list[Any] = []
        self._released = released
        self._others = others
        self._lock = threading.Lock()  # callbacks may call it from a pool thread

    def __call__(self, value: Any) -> None:
        with self._lock:
            self.values.append(value)
            if len(self.values) >= self._others:
                self._released.set()


# ---------------------------------------------------------------- checks


def check_map_or_none(func: Callable[..., list[int | None]]) -> Verdict:
    """Exercise 1: ``func(ctx, numbers)`` computes ``pools.fail_on(n)`` for each
    number in a pool and returns the results in input order, with ``None``
    where the task raised: one failure must not cost the other results.
    """
    got, problem = run_under_spawn(func, list(SURVIVOR_NUMBERS))
    if problem and "cannot process 3" in problem.message:
        # Translators: {problem} is "your function raised ValueError: cannot process 3".
        return report(Verdict(False, _("{problem}. One failed task made your "
                                       "whole function fail: `map` raises as soon as one "
                                       "task has, and its other results are lost with "
                                       "it. So does a `for` loop over `imap`: its next() "
                                       "raises outside your try. Ask for each result on "
                                       "its own, inside try: `it.next(timeout=10)` on "
                                       "`it = pool.imap(...)`, or `get(timeout=10)` on "
                                       "one `apply_async` per number.").format(
                                           problem=problem.message)))
    if problem:
        return report(problem)
    return report(_judge_map_or_none(got, SURVIVOR_NUMBERS))


def _judge_map_or_none(got: Any, numbers: list[int]) -> Verdict:
    expected = [None if n == 3 else pools.fail_on(n) for n in numbers]
    good = [x for x in expected if x is not None]
    if got == expected:
        # Translators: {expected} is the list of results, e.g. [8, None, 2, None, 0, 10].
        return Verdict(True, _("{expected}: the two failures cost nothing but "
                               "their own results.").format(expected=expected))
    if not isinstance(got, list):
        return Verdict(False, _("return a list, one entry per number, not "
                                "{got!r}.").format(got=got))
    if not got:
        return Verdict(False, _("you returned no results at all: the failed task "
                                "took the good ones with it. Ask for each result on its "
                                "own, and catch the error of each failing one."))
    if any(isinstance(x, BaseException) for x in got):
        return Verdict(False, _("you returned {got!r}: put None where a task raised, "
                                "not the exception.").format(got=got))
    if got == good:
        return Verdict(False, _("you returned {got}: the failed numbers are missing. "
                                "Put None in their place, so each result stays beside "
                                "its number.").format(got=got))
    if len(got) < len(expected) and got == expected[:len(got)]:
        return Verdict(False, _("your results stop after {got} of "
                                "{total} numbers: the loop ended at the first "
                                "failure. Catch the error for each number, inside the "
                                "loop; imap's next() goes on with the next "
                                "result.").format(got=len(got), total=len(expected)))
    if sorted(map(str, got)) == sorted(map(str, expected)):
        return Verdict(False, _("right values, wrong order: {got}. Return them in "
                                "input order (imap or one apply_async per number, in "
                                "order).").format(got=got))
    return Verdict(False, _("for {numbers} you returned {got!r}, expected "
                            "{expected!r}.").format(
                                numbers=numbers, got=got, expected=expected))


def check_in_input_order(func: Callable[..., list[int]]) -> Verdict:
    """Exercise 2: ``func(pool, numbers, progress)`` computes :func:`work` for
    each number on ``pool`` (a spawn ``Pool(2)``), calls ``progress(value)``
    for each result as soon as it arrives, and returns the results in the
    order of ``numbers``.

    The first number's task finishes only once ``progress`` has seen every
    other result: ``map`` and ``imap``, which hand results over in input
    order, make it wait in vain.
    """
    if not callable(func):
        raise TypeError(_("expected your function, not {func!r}").format(func=func))
    problem = importability_problem(func)
    if problem:
        return report(problem)
    numbers = list(ORDER_NUMBERS)
    ctx = multiprocessing.get_context("spawn")
    released, gave_up = ctx.Event(), ctx.Value("i", 0)
    progress = Progress(released, len(numbers) - 1)
    before = running_pools()
    with ctx.Pool(2, initializer=serve_check,
                  initargs=(released, gave_up, numbers[0])) as pool:
        pools.warm(pool, 2)
        outcome = run_with_timeout(func, pool, numbers, progress,
                                   timeout=DEFAULT_TIMEOUT, on_timeout=pool.terminate)
    hang_hint = _("Did you wait on results that never came?")
    problem = explain_outcome(outcome, DEFAULT_TIMEOUT, hang_hint) or leftovers(before)
    if problem and _outside_pool() in problem.message:
        # Translators: {problem} is "your function raised RuntimeError: work() runs
        # only in the pool the check gives you".
        return report(Verdict(False, _("{problem}: use the pool your "
                                       "function is given; do not make one.").format(
                                           problem=problem.message)))
    if problem:
        return report(problem)
    expected = [pools.do_calculation(n) for n in numbers]
    if not progress.values:
        return report(Verdict(False, _("progress was never called: call "
                                       "progress(value) for each result as soon as you "
                                       "get it.")))
    if gave_up.value:
        return report(Verdict(False, _("the other results reached progress only after "
                                       "the slow first one, so it waited in vain. `map` "
                                       "and `imap` hand results over in input order: "
                                       "the first task held back the rest. "
                                       "`imap_unordered` yields each result when it is "
                                       "ready (keep its chunksize=1: a chunk waits for "
                                       "its slowest task); call progress inside the "
                                       "loop.")))
    got = outcome.value
    if len(progress.values) != len(numbers):
        return report(Verdict(False, _("progress was called {calls} "
                                       "times for {results} results: call it once per "
                                       "result.").format(calls=len(progress.values),
                                                         results=len(numbers))))
    if got == expected:
        # Translators: {expected} is the list of results, e.g. [10, 2, 4, 6, 8, 12].
        return report(Verdict(True, _("{expected}: each result reported as it came "
                                      "(the slow first one last), and all put back in "
                                      "input order.").format(expected=expected)))
    if isinstance(got, list) and sorted(map(str, got)) == sorted(map(str, expected)):
        return report(Verdict(False, _("right values, in the order they arrived: "
                                       "{got}. Tag each task with its index (a worker "
                                       "that takes (i, n) and returns (i, work(n))), "
                                       "then put each result in its place.").format(
                                           got=got)))
    return report(Verdict(False, _("for {numbers} you returned {got!r}, expected "
                                   "{expected!r} (work(n) is 2 * n).").format(
                                       numbers=numbers, got=got, expected=expected)))


def check_tiny_tasks(func: Callable[..., list[int]]) -> Verdict:
    """Exercise 3: ``func(pool, numbers)`` doubles 20,000 numbers with
    ``pool.imap`` fast enough: within ``SLOWDOWN_LIMIT`` times the serial
    loop, or ``SECONDS_LIMIT`` seconds, whichever is more.

    The check makes a spawn ``Pool(2)``, warms it, and times your function
    on it (twice if the first run is too slow: the machine may be busy).
    """
    if not callable(func):
        raise TypeError(_("expected your function, not {func!r}").format(func=func))
    problem = importability_problem(func)
    if problem:
        return report(problem)
    numbers = list(range(TINY_TASKS))
    expected = [pools.do_calculation(n) for n in numbers]
    serial = min(_timed(lambda: list(map(pools.do_calculation, numbers)))
                 for _repeat in range(3))
    limit = max(SLOWDOWN_LIMIT * serial, SECONDS_LIMIT)
    before = running_pools()
    seconds = float("inf")
    got: Any = None
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pools.warm(pool, 2)
        for _attempt in range(2):
            start = time.perf_counter()
            outcome = run_with_timeout(func, pool, numbers, timeout=DEFAULT_TIMEOUT,
                                       on_timeout=pool.terminate)
            seconds = time.perf_counter() - start
            problem = explain_outcome(outcome, DEFAULT_TIMEOUT,
                                      _("Did you wait on results that never came?"))
            if problem:
                break
            got = outcome.value
            if seconds <= limit or got != expected:
                break
    problem = problem or leftovers(before)
    if problem:
        return report(problem)
    if isinstance(got, list) and got[:5] == expected[:5] and len(got) != len(expected):
        return report(Verdict(False, _("{got} results for {numbers} numbers: "
                                       "return them all (list(pool.imap(...))).").format(
                                           got=len(got), numbers=len(numbers))))
    if got != expected:
        return report(Verdict(False, _("return [2 * n for each n] in input order, as "
                                       "a list: list(pool.imap(pools.do_calculation, "
                                       "numbers, ...)).")))
    if seconds > limit:
        # Translators: {slowdown} is how many times slower than the serial loop.
        return report(Verdict(False, _("{tasks:,} tiny tasks took "
                                       "{ms:.0f} ms, {slowdown:.0f}x the "
                                       "serial loop ({serial_ms:.1f} ms). With "
                                       "chunksize=1 (imap's default) every number "
                                       "travels alone, pickled, through a pipe. Pass a "
                                       "chunksize in the hundreds.").format(
                                           tasks=len(numbers), ms=seconds * 1000,
                                           slowdown=seconds / serial,
                                           serial_ms=serial * 1000)))
    # Translators: {slowdown} is a factor (40), {seconds} a number of seconds (0.1).
    return report(Verdict(True, _("{tasks:,} tiny tasks, results in order, "
                                  "in the time a pool needs for them (at most "
                                  "{slowdown}x the serial loop, or {seconds} s).").format(
                                      tasks=len(numbers), slowdown=SLOWDOWN_LIMIT,
                                      seconds=SECONDS_LIMIT)))


def _timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start
