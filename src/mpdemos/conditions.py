"""Workers for 06-condition (tests: tests/test_conditions.py).

A ``Condition`` is a lock plus a way to sleep until another process says
"something changed": ``wait()`` releases the lock and sleeps, ``notify()``
wakes one sleeper, ``notify_all()`` wakes them all. A notification reaches
only processes that are already waiting; one sent earlier is lost, which is
why real code waits for a *predicate* with ``wait_for()``.

Every worker reports on a queue, and reports "waiting" while it still holds
the condition's lock. So once the parent has read that line, a notifier
(which needs the same lock) cannot run before the worker is in ``wait()``.
"""

from __future__ import annotations

import multiprocessing
from typing import Any

from mpdemos.arguments import check_positive_seconds


def stage_1(cond: Any, reports: Any) -> None:
    """The lecture's ``stage_1``: do the first stage, then ``notify_all()``."""
    name = multiprocessing.current_process().name
    reports.put(f"Starting {name}")
    with cond:
        reports.put(f"{name} done and ready for stage 2")
        cond.notify_all()


def stage_2(cond: Any, reports: Any, timeout: float = 10.0) -> None:
    """The lecture's ``stage_2``: wait on ``cond`` until ``stage_1`` notifies.

    Reports ``"Starting <name>"``, then ``"<name> waiting"`` (still holding
    the lock), then ``"<name> running"`` if notified, or ``"<name> gave up:
    wait() returned False"`` after ``timeout`` seconds. The lecture's
    ``wait()`` has no timeout: a lost notification hangs it for ever.
    """
    check_positive_seconds(timeout, "timeout")
    name = multiprocessing.current_process().name
    reports.put(f"Starting {name}")
    with cond:
        reports.put(f"{name} waiting")
        if cond.wait(timeout):
            reports.put(f"{name} running")
        else:
            reports.put(f"{name} gave up: wait() returned False")


def stage_1_flag(cond: Any, done: Any, reports: Any) -> None:
    """``stage_1`` done right: set the shared flag ``done``, *then* notify.

    ``done`` is a shared ``Value``. Changing it under the condition's lock
    means a waiter that comes later still sees that stage 1 has finished.
    """
    name = multiprocessing.current_process().name
    with cond:
        done.value = True
        reports.put(f"{name} done and ready for stage 2")
        cond.notify_all()


def stage_2_flag(cond: Any, done: Any, reports: Any, timeout: float = 10.0) -> None:
    """``stage_2`` done right: ``wait_for(lambda: done.value, timeout)``.

    ``wait_for`` checks the predicate first and sleeps only while it is
    false, so a notification sent before this process arrived is not missed.
    It returns the predicate's last value: ``True``, or ``False`` on timeout.
    """
    check_positive_seconds(timeout, "timeout")
    name = multiprocessing.current_process().name
    with cond:
        ok = cond.wait_for(lambda: bool(done.value), timeout)
        reports.put(f"{name}: wait_for() returned {ok}")


def waiter(cond: Any, reports: Any, timeout: float = 10.0) -> None:
    """Wait on ``cond``; put ``("waiting", name)``, then ``("woke", name)``.

    After ``timeout`` seconds without a notification it puts ``("timed out",
    name)`` instead.
    """
    check_positive_seconds(timeout, "timeout")
    name = multiprocessing.current_process().name
    with cond:
        reports.put(("waiting", name))
        woke = cond.wait(timeout)
    reports.put(("woke" if woke else "timed out", name))
