"""Checks for the exercises of 05-lock (tests: tests/test_exercises_lock.py).

They run your code under spawn.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable

from mpdemos.exercises.harness import (
    PROCESS_TIMEOUT,
    Verdict,
    crashed,
    finish,
    report,
    run_under_spawn,
    start_together,
    worker_problem,
)


def check_safe_counter(worker: Callable[..., None]) -> Verdict:
    """Exercise 1: your ``worker(counter, n)`` adds 1 to a shared ``Value`` n times.

    The check starts 4 copies together under spawn, each adding 20,000 to the
    same ``ctx.Value("i", 0)``; the total must be exactly 80,000.
    """
    problem = worker_problem(worker)
    if problem:
        return report(problem)
    nprocs, n = 4, 20_000
    for _ in range(2):  # a race may hide once; twice in a row is unlikely
        got, problem = _count(worker, nprocs, n)
        if problem:
            return report(problem)
        if got != nprocs * n:
            break
    expected = nprocs * n
    if got < expected:
        return report(Verdict(False, f"your counter lost {expected - got:,} of "
                              f"{expected:,} updates: two processes read the same value "
                              "before either wrote it back. Hold the counter's lock "
                              "around the read and the write: `with counter.get_lock(): "
                              "counter.value += 1`."))
    if got != expected:
        return report(Verdict(False, f"{nprocs} workers adding {n:,} each gave {got:,}, "
                              f"expected {expected:,}. Add exactly 1, n times."))
    return report(Verdict(True, f"{nprocs} processes x {n:,} increments = {got:,}, "
                          "no update lost."))


def _count(worker: Callable[..., None], nprocs: int, n: int
           ) -> tuple[int, Verdict | None]:
    """Run ``nprocs`` copies of ``worker(counter, n)`` together; return the total."""
    ctx = multiprocessing.get_context("spawn")
    counter = ctx.Value("i", 0)
    barrier = ctx.Barrier(nprocs)
    jobs = [ctx.Process(target=start_together, args=(barrier, worker, counter, n))
            for _ in range(nprocs)]
    for p in jobs:
        p.start()
    codes = finish(jobs, timeout=PROCESS_TIMEOUT)
    if None in codes:
        return 0, Verdict(False, f"your workers did not finish within "
                          f"{PROCESS_TIMEOUT:g} s. Is every acquire() matched by a "
                          "release()? `with counter.get_lock():` does that for you.")
    return counter.value, crashed(codes)


def check_pool_lock(func: Callable[..., list[int]]) -> Verdict:
    """Exercise 2: ``func(ctx, numbers)`` squares numbers in a Pool, under a lock.

    Its workers run ``locks.square_under_pool_lock``, which needs the lock that
    ``locks.init_pool_lock`` stored; it returns the squares in input order.
    """
    numbers = [1, 2, 3, 4, 5]
    got, problem = run_under_spawn(func, numbers)
    if problem:
        text = problem.message
        if "Lock objects should only be shared" in text:
            return report(Verdict(False, "a plain lock cannot travel as a task "
                                  "argument: tasks are pickled long after the workers "
                                  "started. Give it to the pool once: "
                                  "initializer=locks.init_pool_lock, initargs=(lock,)."))
        if "no lock" in text:
            return report(Verdict(False, "the workers had no lock: the initializer "
                                  "never ran. Start the pool with "
                                  "initializer=locks.init_pool_lock, initargs=(lock,)."))
        return report(problem)
    expected = [n * n for n in numbers]
    if got != expected:
        return report(Verdict(False, f"for {numbers} it returned {got!r}, "
                              f"expected {expected!r}."))
    return report(Verdict(True, f"{expected}: every pool worker got the lock from "
                          "its initializer."))
