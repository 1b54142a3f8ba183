"""Workers for 04-event (tests: tests/test_events.py).

An ``Event`` is a flag shared by processes: ``set()``, ``clear()``,
``is_set()``, and ``wait()``, which blocks until the flag is set or a timeout
runs out and returns the flag. The workers report what they saw on a queue,
so that only the parent prints.
"""

from __future__ import annotations

import multiprocessing
from typing import Any

from mpdemos.arguments import check_positive_seconds


def wait_for_event(e: Any, reports: Any, limit: float = 30.0) -> None:
    """The lecture's blocking waiter: wait until ``e`` is set.

    Puts ``"<name>: starting"`` on ``reports``, then waits, then puts what
    ``wait()`` returned and ``e.is_set()``. The lecture's ``e.wait()`` has no
    timeout at all; ``limit`` is only a safety net so a demo cannot hang.
    """
    check_positive_seconds(limit, "limit")
    _wait_and_report(e, limit, reports)


def wait_for_event_timeout(e: Any, t: float, reports: Any) -> None:
    """The lecture's non-blocking waiter: wait at most ``t`` seconds for ``e``.

    A timeout is not an error: ``wait(t)`` just returns ``False``, and the
    caller must check the result (or ``is_set()``) itself.
    """
    check_positive_seconds(t, "t")
    _wait_and_report(e, t, reports)


def _wait_and_report(e: Any, timeout: float, reports: Any) -> None:
    """Report starting, wait up to ``timeout`` for ``e``, report what wait() said."""
    name = multiprocessing.current_process().name
    reports.put(f"{name}: starting")
    returned = e.wait(timeout)
    reports.put(f"{name}: wait() returned {returned}, e.is_set()-> {e.is_set()}")


def work_until_stopped(stop: Any, reports: Any, step: float = 0.01) -> None:
    """Do rounds of work until the event ``stop`` is set; report the count.

    First it puts ``"<name> started"`` on ``reports``. Each round "works" by
    waiting ``step`` seconds on ``stop`` itself, so the worker notices the
    signal at once rather than after its current round. When stopped it puts
    ``(name, rounds)`` on ``reports``.
    """
    check_positive_seconds(step, "step")
    name = multiprocessing.current_process().name
    reports.put(f"{name} started")
    rounds = 0
    while not stop.wait(step):
        rounds += 1
    reports.put((name, rounds))
