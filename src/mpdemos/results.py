"""Collect what workers send, so only the parent prints (tests: tests/test_results.py).

The order in which processes finish is up to the operating system. A cell
whose output must be the same every time lets its workers put results on a
queue, takes them all here, and prints them in an order it chooses.
"""

from __future__ import annotations

import queue
import time
from typing import Any


def drain(results: Any, count: int, timeout: float = 10.0) -> list[Any]:
    """Take ``count`` items off the queue ``results``, in arrival order.

    Waits at most ``timeout`` seconds in all, then raises ``TimeoutError``
    saying how many items did arrive: a worker that crashed never hangs the
    cell. Call it before joining the workers that fill the queue.
    """
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError(f"count must be a whole number >= 0, not {count!r}")
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
    if not hasattr(results, "get"):
        raise TypeError(f"results must be a queue with a get() method, not {results!r}")
    deadline = time.monotonic() + timeout
    items: list[Any] = []
    while len(items) < count:
        remaining = max(deadline - time.monotonic(), 0.001)
        try:
            items.append(results.get(timeout=remaining))
        except queue.Empty:
            raise TimeoutError(
                f"only {len(items)} of {count} results arrived within {timeout} s"
            ) from None
    return items
