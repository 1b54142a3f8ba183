"""Checks for the exercises of 09-shared-memory (tests: tests/test_exercises_shared.py).

Exercise 1 fills a block in a child and cleans up after it: the check
watches every block your function creates and says which one it left behind.
Exercise 2 is a reader that must not attach before the writer has created
the block, and must leave unlinking to the writer.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing import shared_memory
from typing import Any

from mpdemos import shared
from mpdemos.exercises.harness import (
    PROCESS_TIMEOUT,
    Verdict,
    arrived,
    finish,
    report,
    report_errors,
    run_under_spawn,
    worker_problem,
)
from mpdemos.i18n import _

#: Exercise 1: how many squares the check asks for.
N = 6
#: Exercise 2: what the writer puts in its block, and how late it comes.
PAYLOAD = b"hello"
DELAY = 0.3


@contextmanager
def watched_blocks() -> Iterator[list[str]]:
    """Record the name of every block created with ``shared_memory.SharedMemory``.

    The class is replaced, for the duration of the block, by a subclass that
    notes the names it creates: enough to find the ones left behind.
    """
    created: list[str] = []
    real = shared_memory.SharedMemory

    class Recording(real):  # type: ignore[misc,valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            if kwargs.get("create") or (len(args) > 1 and args[1]):
                created.append(self.name)

    shared_memory.SharedMemory = Recording  # type: ignore[misc]
    try:
        yield created
    finally:
        shared_memory.SharedMemory = real  # type: ignore[misc]


def still_there(name: str) -> bool:
    """Whether a block called ``name`` can still be opened; if so, remove it."""
    try:
        block = shared_memory.SharedMemory(name=name)
    except FileNotFoundError:
        return False
    block.close()
    block.unlink()  # the check cleans up what it found
    return True


def check_squares_in_block(func: Callable[..., Any]) -> Verdict:
    """Exercise 1: ``func(ctx, n)`` returns the squares a child wrote in a block.

    It creates a block for ``n`` int64, starts a child running
    ``shared.write_squares(name, n)``, joins it, returns the squares as a
    list, and leaves no block behind.
    """
    with watched_blocks() as created:
        got, problem = run_under_spawn(func, N)
    left = [name for name in created if os.name != "nt" and still_there(name)]
    if problem:
        return report(problem)
    if not created:
        return report(Verdict(False, _("your function created no block with "
                                       "shared_memory.SharedMemory(create=True, "
                                       "size=...).")))
    if left:
        return report(Verdict(False, _("the block was still there after your function "
                                       "returned: close() only detaches this process. "
                                       "The owner must also call unlink(), once, when "
                                       "the child is done (on Windows unlink() does "
                                       "nothing; Linux and macOS keep the block until "
                                       "it is called).")))
    expected = [i * i for i in range(N)]
    if not isinstance(got, list):
        # Translators: {type} is a type name, e.g. ndarray.
        return report(Verdict(False, _("return a list of ints, not {type}: "
                                       "an array over buf dies with the block, so copy "
                                       "the numbers out (`.tolist()`) before "
                                       "close().").format(type=type(got).__name__)))
    if got != expected:
        return report(Verdict(False, _("got {got}, expected {expected}. Join the child "
                                       "before you read, and read n int64 from the "
                                       "start of buf.").format(got=got, expected=expected)))
    # Translators: {got} is the list of squares, e.g. [0, 1, 4, 9, 16, 25].
    return report(Verdict(True, _("{got}, written by the child, and no block left "
                                  "behind.").format(got=got)))


def check_read_when_created(worker: Callable[..., Any]) -> Verdict:
    """Exercise 2: ``worker(name, created, results)`` reads a block made later.

    A writer (``shared.create_after``) creates the block ``name`` only after
    a delay, then sets ``created``; the worker must wait for that event (at
    most 5 s), attach, put the block's first bytes on ``results``, and close
    without unlinking: the writer owns the block.
    """
    problem = worker_problem(worker)
    if problem:
        return report(problem)
    ctx = multiprocessing.get_context("spawn")
    name = f"mpdemos-ex-{os.getpid()}"
    created, done = ctx.Event(), ctx.Event()
    results, errors = ctx.Queue(), ctx.Queue()
    writer = ctx.Process(target=shared.create_after,
                         args=(name, PAYLOAD, DELAY, created, done))
    reader = ctx.Process(target=report_errors,
                         args=(errors, worker, name, created, results))
    writer.start()
    reader.start()
    reader_code = finish([reader], timeout=PROCESS_TIMEOUT)[0]
    done.set()
    writer_code = finish([writer], timeout=PROCESS_TIMEOUT)[0]
    got, raised = arrived(results), arrived(errors)
    still_there(name)
    if raised and raised[0].startswith("FileNotFoundError"):
        # Translators: {error} is "FileNotFoundError: ..." as the reader raised it.
        return report(Verdict(False, _("your reader attached before the writer had "
                                       "created the block, and found nothing "
                                       "({error}). Wait for the event first: "
                                       "`if created.wait(5):`, then attach.").format(
                                           error=raised[0])))
    if raised:
        # Translators: {error} is "Type: message" of the exception.
        return report(Verdict(False, _("your reader raised {error}.").format(
            error=raised[0])))
    if reader_code is None:
        return report(Verdict(False, _("your reader did not finish within "
                                       "{timeout:g} s. Give the wait a timeout, and "
                                       "put one result.").format(
                                           timeout=PROCESS_TIMEOUT)))
    if writer_code not in (0, None):
        return report(Verdict(False, _("the writer failed when it unlinked its block: "
                                       "someone had unlinked it already. Only the "
                                       "owner, the writer here, calls unlink(); the "
                                       "reader closes.")))
    if got != [PAYLOAD]:
        # Translators: {payload} is b'hello'; {size} its length in bytes.
        return report(Verdict(False, _("your reader put {got!r}; expected "
                                       "[{payload!r}], the block's first {size} bytes "
                                       "as bytes: `bytes(block.buf[:5])`.").format(
                                           got=got, payload=PAYLOAD, size=len(PAYLOAD))))
    # Translators: {payload} is b'hello', the bytes the writer put in the block.
    return report(Verdict(True, _("waited for the writer, read {payload!r}, and left "
                                  "unlinking to the owner.").format(payload=PAYLOAD)))
