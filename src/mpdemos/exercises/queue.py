"""Checks for the exercises of 03-queue (tests: tests/test_exercises_queue.py).

They run your code under spawn.

The workers the exercises use live here too, so that spawn children can
import them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mpdemos.arguments import check_positive_seconds
from mpdemos.exercises.harness import Verdict, report, run_under_spawn

#: Seconds the checks give your function (a missing stop message hangs it).
TIMEOUT = 5.0


# ---------------------------------------------------------------- workers


def consume(tasks: Any, results: Any) -> None:
    """Square numbers from ``tasks`` onto ``results`` until the poison pill ``None``.

    Each consumer stops at the first ``None`` it takes, so it needs its own.
    Without one it waits (up to 30 s) for more work.
    """
    if not (hasattr(tasks, "get") and hasattr(results, "put")):
        raise TypeError("tasks and results must be queues")
    while True:
        n = tasks.get(timeout=30)
        if n is None:  # the poison pill
            break
        results.put(n * n)


def shout(conn: Any) -> None:
    """Answer each text received on ``conn`` with it in capitals, until ``None``.

    It also stops when the other end is closed (``recv()`` raises ``EOFError``).
    """
    if not (hasattr(conn, "recv") and hasattr(conn, "send")):
        raise TypeError(f"conn must be a Connection, not {conn!r}")
    while conn.poll(30):
        try:
            text = conn.recv()
        except EOFError:  # the other end was closed
            break
        if text is None:
            break
        conn.send(str(text).upper())
    conn.close()


# ---------------------------------------------------------------- checks


def _stop_hint(problem: Verdict, hint: str) -> Verdict:
    """Add ``hint`` to a verdict about a hang or a process left running."""
    if "did not return" in problem.message or "still running" in problem.message:
        return Verdict(False, f"{problem.message} {hint}")
    return problem


def check_consumers(func: Callable[..., list[int]], timeout: float = TIMEOUT) -> Verdict:
    """Exercise 1: ``func(ctx, numbers, consumers)`` squares numbers with consumers.

    It starts ``consumers`` processes running :func:`consume`, queues the
    numbers and the poison pills, collects the squares, joins, and returns
    the squares sorted.
    """
    check_positive_seconds(timeout, "timeout")
    numbers, consumers = [5, 2, 6, 1, 4, 3], 3
    got, problem = run_under_spawn(func, numbers, consumers, timeout=timeout,
                                   hang_hint="Did every consumer stop?")
    if problem:
        return report(_stop_hint(problem, f"Each consumer needs its own pill: put "
                                 f"None {consumers} times, once per consumer, after "
                                 "the numbers."))
    expected = sorted(n * n for n in numbers)
    if isinstance(got, list) and sorted(got) == expected and got != expected:
        return report(Verdict(False, "right squares, but not sorted: they arrive in "
                              "the order the consumers finish. Return sorted(...)."))
    if got != expected:
        return report(Verdict(False, f"for {numbers} with {consumers} consumers it "
                              f"returned {got!r}, expected {expected!r}."))
    return report(Verdict(True, f"{expected}, and all {consumers} consumers stopped."))


def check_ping_pong(func: Callable[..., list[str]], timeout: float = TIMEOUT) -> Verdict:
    """Exercise 2: ``func(ctx, messages)`` talks to :func:`shout` over a duplex Pipe.

    It sends each message, receives each reply, sends ``None`` so the child
    stops, joins it, and returns the replies in order.
    """
    check_positive_seconds(timeout, "timeout")
    messages = ["ping", "hello", "bye"]
    got, problem = run_under_spawn(func, messages, timeout=timeout,
                                   hang_hint="Did the child stop?")
    if problem:
        return report(_stop_hint(problem, "shout() answers until it receives None: "
                                 "send None when you are done, then join."))
    expected = [m.upper() for m in messages]
    if got != expected:
        return report(Verdict(False, f"for {messages} it returned {got!r}, expected "
                              f"{expected!r}: one recv() after each send()."))
    return report(Verdict(True, f"{expected}, one reply per message, over one pipe."))
