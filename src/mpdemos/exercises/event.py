"""Checks for the exercises of 04-event. They run your code under spawn.

This module also holds two helpers that the checks of 05-07 share: some
checks run a *worker you wrote* (in a ``%%worker_module`` cell) in their own
spawn processes, so that they control the timing.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Callable, Sequence
from typing import Any

from mpdemos.exercises import Verdict, report, run_under_spawn

#: Seconds a check waits for the spawn processes it started itself.
PROCESS_TIMEOUT = 8.0


def worker_problem(worker: Any) -> Verdict | None:
    """A failing verdict if ``worker`` cannot run in a spawn child; else ``None``."""
    if not callable(worker):
        raise TypeError(f"expected your worker function, not {worker!r}")
    if getattr(worker, "__module__", None) == "__main__":
        name = getattr(worker, "__name__", "your worker")
        return Verdict(False, f"{name} is defined in this notebook, so a spawn child "
                       "cannot import it. Put it in a `%%worker_module` cell.")
    return None


def finish(processes: Sequence[Any], timeout: float = 5.0) -> list[int | None]:
    """Join ``processes`` (terminating any still alive); return their exit codes."""
    for p in processes:
        p.join(timeout)
    for p in processes:
        if p.is_alive():
            p.terminate()
            p.join(timeout)
    return [p.exitcode for p in processes]


def crashed(codes: Sequence[int | None]) -> Verdict | None:
    """A failing verdict if a worker the check started exited with an error."""
    bad = [c for c in codes if c not in (0, None)]
    if bad:
        return Verdict(False, f"your worker exited with code {bad[0]}: it raised an "
                       "exception (its traceback is in the log of the terminal that "
                       "runs Jupyter).")
    return None


# ---------------------------------------------------------------- workers


def wait_and_report(e: Any, results: Any, timeout: float = 5.0) -> None:
    """Wait at most ``timeout`` s for the event ``e``; put what ``wait()`` returned."""
    if not (hasattr(e, "wait") and hasattr(e, "is_set")):
        raise TypeError(f"e must be an Event, not {e!r}")
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
    results.put(e.wait(timeout))


# ---------------------------------------------------------------- checks


def check_release(func: Callable[..., int]) -> Verdict:
    """Exercise 1: ``func(ctx, n)`` releases ``n`` waiting workers with one event.

    It starts ``n`` processes running :func:`wait_and_report`, sets the event,
    and returns how many workers saw it set (how many put ``True``).
    """
    n = 3
    got, problem = run_under_spawn(func, n)
    if problem:
        return report(problem)
    if isinstance(got, bool) or not isinstance(got, int):
        return report(Verdict(False, f"return how many workers saw the event (an int), "
                              f"not {got!r}."))
    if got == 0:
        return report(Verdict(False, f"none of the {n} workers saw the event: their "
                              "wait() timed out. Call e.set() once they are started."))
    if got != n:
        return report(Verdict(False, f"{got} of {n} workers saw the event. Start {n}, "
                              f"collect {n} results, count the True ones."))
    return report(Verdict(True, f"one set() released all {n} waiting workers."))


def check_wait_briefly(worker: Callable[..., None]) -> Verdict:
    """Exercise 2: your worker ``worker(e, t, results)`` waits at most ``t`` s.

    It puts ``"go"`` on ``results`` if ``e`` was set in time, else ``"gave up"``.
    The check runs it twice under spawn: with an event already set, and with
    one that is never set.
    """
    problem = worker_problem(worker)
    if problem:
        return report(problem)
    ctx = multiprocessing.get_context("spawn")
    t = 0.3
    events = [ctx.Event(), ctx.Event()]
    events[0].set()
    queues = [ctx.Queue(), ctx.Queue()]
    jobs = [ctx.Process(target=worker, args=(e, t, q)) for e, q in zip(events, queues)]
    for p in jobs:
        p.start()
    answers: list[Any] = []
    try:
        for case, q in zip(("set", "never set"), queues):
            try:
                answers.append(q.get(timeout=PROCESS_TIMEOUT))
            except queue.Empty:
                problem = Verdict(False, f"with an event that is {case}, your worker put "
                                  f"nothing within {PROCESS_TIMEOUT:g} s. Give wait() "
                                  "the timeout t, then put one answer.")
                break
    finally:
        codes = finish(jobs)
    problem = problem or crashed(codes)
    if problem:
        return report(problem)
    if answers == ["go", "go"]:
        return report(Verdict(False, "with an event that is never set your worker "
                              "still said 'go'. wait(t) does not raise when the time "
                              "runs out: it returns False. Use `if e.wait(t):`."))
    if answers != ["go", "gave up"]:
        return report(Verdict(False, f"your worker put {answers[0]!r} for a set event "
                              f"and {answers[1]!r} for one never set; expected 'go' "
                              "and 'gave up'."))
    return report(Verdict(True, "'go' when the event is set, 'gave up' after "
                          f"{t} s when it is not."))
