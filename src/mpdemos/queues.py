"""Workers for 03-queue (tests: tests/test_queues.py).

Messages between processes: a custom object through a ``Queue``, the
lecture's ``Consumer``/``Task`` example on a ``JoinableQueue``, ``Pipe``
connections, and the child that cannot exit while its queued data is unread.
Everything a child runs lives here, so ``spawn`` and ``forkserver`` children
can import it.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from typing import Any

from mpdemos.arguments import check_int, check_kind, check_seconds
from mpdemos.context import get_context


class MyFancyClass:
    """The lecture's custom object: it travels through a queue as a pickle.

    The class must be importable by the receiving process, which rebuilds the
    object from its pickle; that is why it lives here and not in a notebook.
    """

    def __init__(self, name: str) -> None:
        self.name = name

    def do_something(self) -> str:
        """Return ``Doing something fancy in <process> for <name>!``.

        The lecture printed this line in the child; here the child returns it
        so the parent can print it.
        """
        proc_name = multiprocessing.current_process().name
        return f"Doing something fancy in {proc_name} for {self.name}!"


def fancy_worker(q: Any, results: Any) -> None:
    """Take one object off ``q``, call its ``do_something()``, send the answer back."""
    obj = q.get(timeout=10)
    results.put(obj.do_something())


class Task:
    """The lecture's task: calling one sleeps, then returns ``"a * b = ..."``."""

    def __init__(self, a: int, b: int, seconds: float = 0.05) -> None:
        check_seconds(seconds)
        self.a = a
        self.b = b
        self.seconds = seconds

    def __call__(self) -> str:
        time.sleep(self.seconds)  # pretend to take some time to do the work
        return f"{self.a} * {self.b} = {self.a * self.b}"

    def __str__(self) -> str:
        return f"{self.a} * {self.b}"


class Consumer(get_context().Process):  # type: ignore[misc,name-defined]
    """The lecture's consumer: runs tasks from a ``JoinableQueue`` until ``None``.

    For every task it calls ``task_done()`` and puts ``(consumer name, task
    text, answer)`` on ``result_queue``. On the poison pill ``None`` it calls
    ``task_done()`` once more, puts ``(name, "Exiting", None)`` and returns.
    The base class is the ``Process`` of the start method in force when this
    module is imported (``MPDEMOS_START_METHOD``).
    """

    def __init__(self, task_queue: Any, result_queue: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        check_kind("task_queue", task_queue, "JoinableQueue", "get", "task_done")
        self.task_queue = task_queue
        self.result_queue = result_queue

    def run(self) -> None:
        proc_name = self.name
        while True:
            next_task = self.task_queue.get(timeout=30)
            if next_task is None:
                # Poison pill means shutdown
                self.task_queue.task_done()
                self.result_queue.put((proc_name, "Exiting", None))
                break
            answer = next_task()
            self.task_queue.task_done()
            self.result_queue.put((proc_name, str(next_task), answer))


def join_queue(q: Any, timeout: float) -> bool:
    """``q.join()`` with a timeout: True if every task was marked done in time.

    ``JoinableQueue.join()`` itself has no timeout, so a consumer that died
    would hang the caller for ever. This runs it in a daemon thread and waits
    for that thread at most ``timeout`` seconds.
    """
    check_kind("q", q, "JoinableQueue", "join", "task_done")
    check_seconds(timeout, "timeout")
    waiter = threading.Thread(target=q.join, daemon=True)
    waiter.start()
    waiter.join(timeout)
    return not waiter.is_alive()


def send_all(conn: Any, items: list[Any]) -> None:
    """Send each of ``items`` on ``conn``, then ``None``, then close the connection."""
    for item in items:
        conn.send(item)
    conn.send(None)
    conn.close()


def square_server(conn: Any) -> None:
    """Answer each number received on ``conn`` with its square, until ``None``.

    Used with a duplex ``Pipe``: the same end both receives and sends.
    """
    while conn.poll(10):
        number = conn.recv()
        if number is None:
            break
        conn.send(number * number)
    conn.close()


def put_big(q: Any, nbytes: int, done: Any) -> None:
    """Put one ``bytes`` object of ``nbytes`` on ``q``, then set the event ``done``.

    ``put()`` returns at once: a feeder thread writes the data into the
    queue's pipe. A pipe holds 64 KiB on Linux, so with a bigger object the
    thread, and with it the process's exit, waits until someone reads.
    """
    check_int("nbytes", nbytes, minimum=1)
    q.put(b"x" * nbytes)
    done.set()


def send_and_hang_up(conn: Any, items: list[Any]) -> None:
    """Send each of ``items`` on ``conn``, then close it without an end marker.

    The receiver learns that nothing more will come from ``EOFError``.
    """
    for item in items:
        conn.send(item)
    conn.close()


def echo_bytes(conn: Any) -> None:
    """Answer each message received with ``recv_bytes()`` with its bytes reversed.

    An empty message ends the loop. ``send_bytes``/``recv_bytes`` move raw
    bytes: nothing is pickled.
    """
    while conn.poll(10):
        data = conn.recv_bytes()
        if not data:
            break
        conn.send_bytes(data[::-1])
    conn.close()
