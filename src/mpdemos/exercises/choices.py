"""Checks for the exercises of 16-what-to-use-when (tests: tests/test_exercises_choices.py).

Exercise 1 sizes a pool from the CPUs a process may use, not those the
machine has: the check runs the answer in a child that may use one CPU only
(CPU affinity, as a batch system or a container grants it; Linux), and
asks what it says there.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from typing import Any

from mpdemos.exercises.harness import (
    PROCESS_TIMEOUT,
    Verdict,
    finish,
    report,
    worker_problem,
)
from mpdemos.i18n import _


def usable_here() -> int:
    """How many CPUs this process may use: the answer the check expects."""
    counter = getattr(os, "process_cpu_count", None)  # 3.13+
    if counter is not None:
        return counter() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def answer_on_one_cpu(func: Callable[[], Any], results: Any) -> None:
    """Child side: may use one CPU only (where the system allows), then ask ``func``."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    try:
        results.put(("ok", func(), usable_here()))
    except Exception as exc:  # noqa: BLE001 - the check explains it
        results.put(("error", f"{type(exc).__name__}: {exc}", None))


def check_pool_size(func: Callable[[], int]) -> Verdict:
    """Exercise 1: ``func()`` returns how many workers a CPU-bound pool should have.

    That is the number of CPUs this process may use. The check asks in a
    child allowed on one CPU (Linux), and in this process.
    """
    problem = worker_problem(func)  # it runs in a spawn child
    if problem:
        return report(problem)
    ctx = multiprocessing.get_context("spawn")
    results = ctx.Queue()
    child = ctx.Process(target=answer_on_one_cpu, args=(func, results))
    child.start()
    try:
        kind, got, expected = results.get(timeout=PROCESS_TIMEOUT)
    except Exception:  # noqa: BLE001 - queue.Empty: nothing came
        finish([child])
        return report(Verdict(False, _("your function returned nothing within "
                                       "{seconds:g} s in a child process.").format(
                                           seconds=PROCESS_TIMEOUT)))
    finish([child])
    if kind == "error":
        # Translators: {error} is "ExceptionClass: message".
        return report(Verdict(False, _("your function raised {error}.").format(
            error=got)))
    if isinstance(got, bool) or not isinstance(got, int) or got < 1:
        return report(Verdict(False, _("return a number of workers, at least 1, not "
                                       "{got!r}.").format(got=got)))
    if got != expected:
        machine = os.cpu_count()
        hint = (" " + _("That is os.cpu_count(): the CPUs of the machine, not those "
                        "this process may use. Ask os.process_cpu_count() (3.13+), or "
                        "len(os.sched_getaffinity(0)) (Linux).")
                if got == machine else "")
        # Translators: {expected} is how many CPUs the process may use, {got} what
        # the function returned; {hint} is empty, or a further sentence after a space.
        return report(Verdict(False, _("in a process allowed {expected} CPU(s), your "
                                       "function said {got}.{hint}").format(
                                           expected=expected, got=got, hint=hint)))
    # Translators: {expected} is how many CPUs the child may use, {got} the pool size.
    return report(Verdict(True, _("in a child allowed {expected} CPU(s), a pool of "
                                  "{got}: the CPUs you may use, not those the machine "
                                  "has.").format(expected=expected, got=got)))
