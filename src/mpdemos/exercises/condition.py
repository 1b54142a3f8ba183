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
    lost = ("A notification sent before a process waits is lost: a Condition "
            "does not remember it. Wait for the flag instead: "
            "cond.wait_for(lambda: ready.value, timeout).")
    if missing:
        return report(Verdict(False, f"when {missing[0]}, your worker put nothing within "
                              f"{PROCESS_TIMEOUT:g} s: it waited for ever. {lost}"))
    if not answers["notified first"]:
        return report(Verdict(False, "the flag was set and notified before your worker "
                              f"waited, and it put {answers['notified first']!r}. {lost}"))
    if answers["never notified"]:
        return report(Verdict(False, "the flag was never set, yet your worker put "
                              f"{answers['never notified']!r}. Put what wait_for() "
                              "returns: False when the time runs out."))
    if not answers["notified later"]:
        return report(Verdict(False, "notified while waiting, your worker put "
                              f"{answers['notified later']!r}, expected True."))
    return report(Verdict(True, "True when notified before or while waiting, False "
                          f"after {WAIT} s when never notified."))


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
            return report(Verdict(False, f"{call} woke nobody. It reaches only "
                                  "processes that already wait: read the "
                                  f"{n} 'waiting' reports before you notify."))
        if got != expected:
            return report(Verdict(False, f"with {n} waiters, {call} woke {got!r}, "
                                  f"expected {expected}. notify() wakes one waiter, "
                                  "notify_all() wakes all, if they all wait already."))
    return report(Verdict(True, f"notify() woke 1 of {n} waiters, notify_all() "
                          f"woke all {n}."))
