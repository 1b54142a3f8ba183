"""Workers for 07-semaphore (tests: tests/test_semaphores.py).

A ``Semaphore(n)`` lets at most ``n`` processes into a section at once: a
limit on simultaneous connections or downloads. The lecture tracks who is
inside with an ``ActivePool`` that owns a ``Manager``; that object cannot be
sent to a ``spawn`` child. :class:`ActivePool` here takes the manager's list
proxy and a lock instead, and can be sent anywhere.
"""

from __future__ import annotations

import multiprocessing
import time
from typing import Any

from mpdemos.arguments import check_kind, check_seconds
from mpdemos.timeline import record


class ActivePool:
    """Who is running right now: a shared list of names, guarded by a lock.

    ``active`` is a list proxy from a ``Manager`` (``manager.list()``) and
    ``lock`` a ``Lock``; both can be sent to a child under every start method,
    so this object can too. The Manager itself stays with the parent.
    """

    def __init__(self, active: Any, lock: Any) -> None:
        check_kind("active", active, "list or a list proxy", "append", "remove")
        self.active = active
        self.lock = lock

    def makeActive(self, name: str) -> None:  # noqa: N802 - the lecture's name
        """Add ``name`` to the running list."""
        with self.lock:
            self.active.append(name)

    def makeInactive(self, name: str) -> None:  # noqa: N802 - the lecture's name
        """Remove ``name`` from the running list."""
        with self.lock:
            self.active.remove(name)

    def __str__(self) -> str:
        with self.lock:
            return str(list(self.active))


class LectureActivePool(ActivePool):
    """The lecture's ``ActivePool``, as it was: it starts and holds a ``Manager``.

    Fine under ``fork``, where the child inherits a copy. Under ``spawn`` and
    ``forkserver`` it must be pickled, and a ``Manager`` cannot be: passing it
    to ``Process`` raises ``TypeError``. Call ``mgr.shutdown()`` when done.
    """

    def __init__(self, ctx: Any = None) -> None:
        ctx = ctx if ctx is not None else multiprocessing.get_context()
        self.mgr = ctx.Manager()
        super().__init__(self.mgr.list(), ctx.Lock())


def register(pool: Any, name: str) -> None:
    """Add ``name`` to ``pool``'s running list, from a child process."""
    pool.makeActive(name)


def worker(s: Any, pool: ActivePool, go: Any, reports: Any, spans: Any,
           seconds: float = 0.2) -> None:
    """The lecture's worker: inside ``with s:``, be active for ``seconds``.

    Puts ``("ready", name)`` on ``reports`` and waits for the event ``go``, so
    that every worker competes for the semaphore at the same moment. Inside,
    it puts ``("running", [names])``, what the lecture printed as ``Now
    running: ...``, and records its time in the semaphore as a span.
    """
    check_seconds(seconds)
    name = multiprocessing.current_process().name
    reports.put(("ready", name))
    if not go.wait(30):
        return
    with s:
        with record(spans, name):
            pool.makeActive(name)
            with pool.lock:
                running = list(pool.active)
            reports.put(("running", running))
            time.sleep(seconds)
            pool.makeInactive(name)
