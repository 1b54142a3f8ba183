"""Checks for the exercises of 07-semaphore (tests: tests/test_exercises_semaphore.py).

They run your code under spawn.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any

from mpdemos import timeline
from mpdemos.exercises.harness import (
    Verdict,
    crashed,
    finish,
    report,
    run_under_spawn,
    start_together,
    take,
    worker_problem,
)


def check_limited_task(worker: Callable[..., None]) -> Verdict:
    """Exercise 1: ``worker(s, spans, label)`` works 0.1 s, at most 2 at once.

    The check starts 8 copies at the same moment under spawn, sharing one
    ``Semaphore(2)`` ``s``; each must record its 0.1 s of work as a span on
    ``spans``. The timeline must never show more than 2 tasks at once.
    """
    problem = worker_problem(worker)
    if problem:
        return report(problem)
    ctx = multiprocessing.get_context("spawn")
    tasks, limit = 8, 2
    s = ctx.Semaphore(limit)
    spans_queue = ctx.Queue()
    barrier = ctx.Barrier(tasks)
    jobs = [ctx.Process(target=start_together,
                        args=(barrier, worker, s, spans_queue, f"task {i}"))
            for i in range(tasks)]
    for p in jobs:
        p.start()
    try:
        spans = sorted(take(spans_queue, tasks, jobs), key=lambda span: span.start)
    finally:
        codes = finish(jobs)
    if len(spans) < tasks:
        problem = Verdict(False, f"only {len(spans)} of {tasks} spans arrived. Each "
                          "task must put one: wrap its work in `with "
                          "timeline.record(spans, label):`.")
    problem = crashed(codes) or problem
    if problem:
        return report(problem)
    short = [span for span in spans if span.duration < 0.05]
    if short:
        return report(Verdict(False, f"{short[0].label} took {short[0].duration:.3f} s; "
                              "each task should work (sleep) 0.1 s, or the tasks "
                              "hardly overlap at all."))
    peak = timeline.max_concurrency(spans)
    if peak > limit:
        return report(Verdict(False, f"{peak} of your {tasks} tasks ran at the same "
                              f"time; the limit is {limit}. Do the work (and record it) "
                              "inside `with s:`, so a third task waits for a free "
                              "place."))
    return report(Verdict(True, f"{tasks} tasks, never more than {limit} at once."))


def check_extra_release(func: Callable[..., Any]) -> Verdict:
    """Exercise 2: ``func(ctx)`` releases a semaphore once too often.

    It makes a semaphore that starts at 2, acquires it once, releases it
    twice, and returns the name of the exception the second release raised
    (or ``None`` if none was raised).
    """
    got, problem = run_under_spawn(func)
    if problem and "ValueError" in problem.message:
        return report(Verdict(False, "the extra release raised ValueError, as it should, "
                              "but your function let it escape: catch it with "
                              "`except ValueError as exc` and return type(exc).__name__."))
    if problem:
        return report(problem)
    if got is None:
        return report(Verdict(False, "nothing was raised: a plain Semaphore lets its count "
                              "climb past where it started, hiding the bug. Use "
                              "ctx.BoundedSemaphore(2)."))
    if got != "ValueError":
        return report(Verdict(False, f"it returned {got!r}; the extra release of a "
                              "BoundedSemaphore raises ValueError. Return its type's name."))
    return report(Verdict(True, "the BoundedSemaphore caught the extra release."))
