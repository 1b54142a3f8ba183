"""Workers for 09-shared-memory (tests: tests/test_shared.py).

Memory that several processes see at once: ``Value`` and ``Array`` (with a
lock, or raw), and ``multiprocessing.shared_memory``: a named block that any
process can attach to by its name, with a NumPy array laid over its bytes.
Children get names and small objects, never the data itself.
"""

from __future__ import annotations

import sys
import time
from multiprocessing import shared_memory
from typing import Any

from mpdemos.arguments import check_int, check_positive_seconds


def attach(name: str) -> shared_memory.SharedMemory:
    """Open the existing segment ``name`` in this process, without owning it.

    From Python 3.13, ``track=False`` keeps this process's resource tracker
    out of it; before 3.13 attaching registered the segment with the tracker
    too, which could unlink it when this process ended (cpython gh-82300).
    """
    if sys.version_info >= (3, 13):
        return shared_memory.SharedMemory(name=name, track=False)
    return shared_memory.SharedMemory(name=name)


def add_to_value(v: Any, amount: int) -> None:
    """Add ``amount`` to the shared ``Value`` ``v``, under its own lock."""
    with v.get_lock():
        v.value += amount


def double_array(a: Any) -> None:
    """Double every item of the shared ``Array`` ``a``, holding its lock."""
    with a.get_lock():
        for i in range(len(a)):
            a[i] *= 2


def write_squares(name: str, n: int) -> None:
    """Attach to segment ``name`` and fill its first ``n`` int64 with squares.

    The array lives on the segment's bytes: nothing is copied or sent back.
    """
    import numpy as np

    check_int("n", n, minimum=1)
    segment = attach(name)
    squares = np.ndarray((n,), dtype=np.int64, buffer=segment.buf)
    squares[:] = np.arange(n) ** 2
    del squares  # a view of buf must go before close()
    segment.close()


def summer(tasks: Any, results: Any) -> None:
    """Sum arrays until ``None``: each task brings its array, or a segment's name.

    ``("array", a)``: the array came through the queue, pickled, copied into
    the pipe, out of it, and rebuilt here. ``("segment", (name, n))``: only
    the name came; the array is read where it lies, in shared memory. The
    sum goes on ``results`` either way.
    """
    import numpy as np

    while (task := tasks.get(timeout=60)) is not None:
        kind, payload = task
        if kind == "array":
            results.put(float(payload.sum()))
            continue
        name, n = payload
        segment = attach(name)
        values = np.ndarray((n,), dtype=np.float64, buffer=segment.buf)
        results.put(float(values.sum()))
        del values  # a view of buf must go before close()
        segment.close()


def shout(name: str) -> None:
    """Attach to the ``ShareableList`` ``name``; capitalise every str in it."""
    items = shared_memory.ShareableList(name=name)
    for i, item in enumerate(items):
        if isinstance(item, str):
            items[i] = item.upper()
    items.shm.close()


def create_after(name: str, payload: bytes, delay: float, created: Any,
                 done: Any) -> None:
    """Wait ``delay`` s, create segment ``name`` holding ``payload``, set ``created``.

    A writer that is slow to start: whoever attaches before it has created
    the segment finds nothing. It keeps the segment until ``done`` is set
    (at most 30 s), then closes and unlinks it.
    """
    check_positive_seconds(delay, "delay")
    time.sleep(delay)
    segment = shared_memory.SharedMemory(name=name, create=True, size=len(payload))
    try:
        segment.buf[:len(payload)] = payload
        created.set()
        done.wait(30)
    finally:
        segment.close()
        segment.unlink()
