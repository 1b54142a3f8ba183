"""Checks for the exercises of 13-failures (tests: tests/test_exercises_failures.py).

They run your code under spawn.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable

from mpdemos.exercises.harness import Verdict, report, run_under_spawn
from mpdemos.i18n import _


def check_result_or_timeout(func: Callable[..., str]) -> Verdict:
    """Exercise 1: ``func(ctx, seconds)`` runs ``failures.hang(seconds)`` in a Pool.

    It returns ``"done"`` if the task finished within 2 s, else ``"timeout"``,
    and leaves no worker running either way.
    """
    for seconds, expected in ((0.05, "done"), (5, "timeout")):
        got, problem = run_under_spawn(func, seconds)
        if problem:
            return report(problem)
        if got != expected:
            # Translators: {seconds} is how long the task runs; {got} what the
            # function returned, {expected} 'done' or 'timeout'.
            return report(Verdict(False, _("a task of {seconds} s gave {got!r}, "
                                           "expected {expected!r}. Use "
                                           "get(timeout=2) and catch "
                                           "multiprocessing.TimeoutError.").format(
                                               seconds=seconds, got=got,
                                               expected=expected)))
    return report(Verdict(True, _("a quick task is 'done', a stuck one a 'timeout', "
                                  "and no worker is left behind.")))


def check_signal_name(func: Callable[..., str]) -> Verdict:
    """Exercise 2: ``func(ctx, sig)`` kills a hanging worker with ``sig``.

    It returns the signal's name as read from the exit code, e.g. ``"SIGTERM"``.
    No sleep is needed before the signal: under spawn, ``start()`` returns
    once the child runs a fresh interpreter, where SIGTERM, SIGKILL and
    SIGUSR1 have their default action, which ends the process.
    """
    if sys.platform == "win32":
        return report(Verdict(False, _("Windows has no POSIX signals; skip this one.")))
    for sig in (signal.SIGTERM, signal.SIGKILL, signal.SIGUSR1):
        got, problem = run_under_spawn(func, sig)
        if problem and "is not a valid Signals" in problem.message:
            # Translators: {problem} is the verdict so far, "your function raised
            # ValueError: -15 is not a valid Signals".
            return report(Verdict(False, _("{problem}. A killed process's exitcode is "
                                           "minus the signal number: read it with "
                                           "signal.Signals(-p.exitcode).").format(
                                               problem=problem.message)))
        if problem and "NoneType" in problem.message:
            # Translators: {problem} is the verdict so far, "your function raised
            # TypeError: ... 'NoneType' ...".
            return report(Verdict(False, _("{problem}. exitcode is None until the "
                                           "process has ended and been joined: "
                                           "join(timeout=10) after os.kill(), then "
                                           "read it.").format(problem=problem.message)))
        if problem:
            return report(problem)
        if isinstance(got, int) and not isinstance(got, bool):
            # Translators: {signal} is a signal's name, e.g. SIGTERM.
            return report(Verdict(False, _("for {signal} you returned {got!r}, a "
                                           "number; return the signal's name, "
                                           "signal.Signals(-exitcode).name.").format(
                                               signal=sig.name, got=got)))
        if got != sig.name:
            # Translators: {signal} is a signal's name, e.g. SIGTERM.
            return report(Verdict(False, _("for {signal} it returned {got!r}. A killed "
                                           "process's exitcode is minus the signal "
                                           "number: signal.Signals(-exitcode).name."
                                           ).format(signal=sig.name, got=got)))
    return report(Verdict(True, _("SIGTERM, SIGKILL and SIGUSR1 all read back from "
                                  "exit codes.")))
