"""Checks for the exercises of 02-process (tests: tests/test_exercises_process.py).

They run your code under spawn.
"""

from __future__ import annotations

import signal
from collections.abc import Callable

from mpdemos.exercises.harness import Verdict, report, run_under_spawn
from mpdemos.i18n import _


def check_squares(func: Callable[..., list[int]]) -> Verdict:
    """Exercise 1: ``func(ctx, numbers)`` squares each number in its own process.

    It returns the squares in the order of ``numbers``.
    """
    numbers = [3, 1, 4, 1, 5]
    got, problem = run_under_spawn(func, numbers)
    if problem:
        return report(problem)
    expected = [n * n for n in numbers]
    if got == sorted(expected) and got != expected:
        return report(Verdict(False, _("right squares, wrong order: results arrive in "
                                       "the order processes finish. Put them back in "
                                       "input order.")))
    if got != expected:
        return report(Verdict(False, _("for {numbers} it returned {got!r}, "
                                       "expected {expected!r}.").format(
                                           numbers=numbers, got=got, expected=expected)))
    # Translators: {expected} is the list of squares, e.g. [9, 1, 16, 1, 25].
    return report(Verdict(True, _("{expected}, in input order, under spawn.").format(
        expected=expected)))


def check_exit_codes(func: Callable[..., dict[str, int]]) -> Verdict:
    """Exercise 2: ``func(ctx)`` reports the exit codes of four processes.

    It returns ``{"exit_ok": ..., "exit_error": ..., "return_value": ...,
    "terminated": ...}``.
    """
    got, problem = run_under_spawn(func)
    if problem:
        return report(problem)
    expected = {"exit_ok": 0, "exit_error": 1, "return_value": 0,
                "terminated": -signal.SIGTERM}
    if not isinstance(got, dict) or set(got) != set(expected):
        return report(Verdict(False, _("return a dict with the keys {keys}.").format(
            keys=sorted(expected))))
    if got.get("terminated") is None:
        return report(Verdict(False, _("exitcode is None until the process has been "
                                       "joined: call join() after terminate().")))
    wrong = {k: v for k, v in got.items() if v != expected[k]}
    if wrong:
        name, value = next(iter(wrong.items()))
        # Translators: {name} is a key of the dict, such as exit_error.
        return report(Verdict(False, _("{name} gave {value!r}, expected {expected}. "
                                       "A return value is not an exit code; a signal "
                                       "gives a negative one.").format(
                                           name=name, value=value,
                                           expected=expected[name])))
    return report(Verdict(True, f"{expected}"))


def check_cubes(func: Callable[..., list[int]]) -> Verdict:
    """Exercise 3: ``func(ctx, numbers)`` cubes numbers with your own worker."""
    numbers = [2, 3, 4]
    got, problem = run_under_spawn(func, numbers)
    if problem:
        return report(problem)
    expected = [n**3 for n in numbers]
    if got != expected:
        return report(Verdict(False, _("for {numbers} it returned {got!r}, "
                                       "expected {expected!r}.").format(
                                           numbers=numbers, got=got, expected=expected)))
    # Translators: {expected} is the list of cubes, e.g. [8, 27, 64].
    return report(Verdict(True, _("{expected}, computed by your own importable "
                                  "worker.").format(expected=expected)))
