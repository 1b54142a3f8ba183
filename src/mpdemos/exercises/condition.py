"""Checks for the exercises of 06-condition (tests: tests/test_exercises_condition.py).

They run your code under spawn.
"""

from __future__ import annotations

import multiprocessing
import queue
import time
from collections.abc import Callable
from typing import Any

from mpdemos.exercises.harness import (
    PROCESS_TIMEOUT,
    Verdict,
    crashed,
    finish,
    report,
    run_under_spawn,
    worker_problem,
)
from mpdemos.i18n import _

#: How long the check lets your waiter wait (its ``timeout`` argument).
WAIT = 0.5


def check_wait_until_ready(worker: Callable[..., None]) -> Verdict:
    """Exercise 1: ``worker(cond, ready, results, timeout)`` waits for a flag.

    It waits under ``cond`` until the shared ``Value`` ``ready`` is true, at
    most ``timeout`` s, and puts ``True`` (ready) or ``False`` (gave up) on
    ``results`` (what ``wait_for`` returns will do). The check runs it three times under spawn: notified *before*
    the worker waits, notified while it waits, and never notified.
    """
    problem = worker_problem(worker)
    if problem:
        return report(problem)
    ctx = multiprocessing.get_context("spawn")
    cases = ("notified first", "notified later", "never notified")
    conds = [ctx.Condition() for _ in cases]
    flags = [ctx.Value("i", 0) for _ in cases]
    queues = [ctx.Queue() for _ in cases]
    with conds[0]:  # the notification comes before the worker even starts
        flags[0].value = 1
        conds[0].notify_all()
    jobs = [ctx.Process(target=worker, args=(c, f, q, WAIT))
            for c, f, q in zip(conds, flags, queues)]
    for p in jobs:
        p.start()
    time.sleep(0.2)
    with conds[1]:
        flags[1].value = 1
        conds[1].notify_all()
    answers: dict[str, Any] = {}
    try:
        for case, q in zip(cases, queues):
            try:
                answers[case] = q.get(timeout=PROCESS_TIMEOUT)
            except queue.Empty:
                break
    finally:
        codes = finish(jobs)
    problem = crashed(codes)
    if problem:
        return report(problem)
    missing = [case for case in cases if case not in answers]
    lost = _("A notification sent before a process waits is lost: a Condition "
             "does not remember it. Wait for the flag instead: "
             "cond.wait_for(lambda: ready.value, timeout).")
    if missing:
        described = {
            # Translators: a run of the check, in "when {case}, your worker put
            # nothing": the flag was set and notified before the worker waited.
            "notified first": _("notified first"),
            # Translators: a run of the check: notified while the worker waited.
            "notified later": _("notified later"),
            # Translators: a run of the check: the flag was never set.
            "never notified": _("never notified"),
        }
        # Translators: {case} is "notified first", "notified later" or "never
        # notified"; {lost} is a further sentence on lost notifications.
        return report(Verdict(False, _("when {case}, your worker put nothing within "
                                       "{seconds:g} s: it waited for ever. "
                                       "{lost}").format(case=described[missing[0]],
                                                        seconds=PROCESS_TIMEOUT,
                                                        lost=lost)))
    if not answers["notified first"]:
        # Translators: {got} is what the worker put; {lost} is a further sentence.
        return report(Verdict(False, _("the flag was set and notified before your "
                                       "worker waited, and it put {got!r}. "
                                       "{lost}").format(got=answers["notified first"],
                                                        lost=lost)))
    if answers["never notified"]:
        return report(Verdict(False, _("the flag was never set, yet your worker put "
                                       "{got!r}. Put what wait_for() returns: False "
                                       "when the time runs out.").format(
                                           got=answers["never notified"])))
    if not answers["notified later"]:
        return report(Verdict(False, _("notified while waiting, your worker put "
                                       "{got!r}, expected True.").format(
                                           got=answers["notified later"])))
    # Translators: {seconds} is how long the worker may wait, e.g. 0.5.
    return report(Verdict(True, _("True when notified before or while waiting, False "
                                  "after {seconds} s when never notified.").format(
                                      seconds=WAIT)))


def check_wake(func: Callable[..., int]) -> Verdict:
    """Exercise 2: ``func(ctx, n, everyone)`` counts the waiters one call wakes.

    It starts ``n`` processes running ``conditions.waiter``, waits until all
    report ``"waiting"``, then calls ``notify_all()`` if ``everyone`` is true,
    else ``notify()``, and returns how many reported ``"woke"``.
    """
    n = 3
    for everyone, expected in ((False, 1), (True, n)):
        call = "notify_all()" if everyone else "notify()"
        got, problem = run_under_spawn(func, n, everyone)
        if problem:
            return report(problem)
        if got == 0:
            # Translators: {call} is notify() or notify_all(); {n} the number of
            # waiting processes.
            return report(Verdict(False, _("{call} woke nobody. It reaches only "
                                           "processes that already wait: read the "
                                           "{n} 'waiting' reports before you "
                                           "notify.").format(call=call, n=n)))
        if got != expected:
            # Translators: {call} is notify() or notify_all(); {n} the number of
            # waiting processes; {got} how many it woke.
            return report(Verdict(False, _("with {n} waiters, {call} woke {got!r}, "
                                           "expected {expected}. notify() wakes one "
                                           "waiter, notify_all() wakes all, if they "
                                           "all wait already.").format(
                                               n=n, call=call, got=got,
                                               expected=expected)))
    # Translators: {n} is the number of waiting processes.
    return report(Verdict(True, _("notify() woke 1 of {n} waiters, notify_all() "
                                  "woke all {n}.").format(n=n)))
