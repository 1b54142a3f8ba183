"""Checks for the exercises of 01-fork (tests: tests/test_exercises_fork.py)."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from mpdemos.exercises.harness import Verdict, report
from mpdemos.i18n import _

ESCAPED = 99  # exit code given to a child that ran on into the check


@contextmanager
def _watch_forks() -> Iterator[dict[int, int | None]]:
    """Record the children forked in the block, and how each one exited.

    Yields a dict from child PID to its exit code (``None`` until the student
    collects it with ``os.waitpid``). A child that returns from the student's
    function instead of calling ``os._exit()`` would go on running the check,
    and then the notebook; it is stopped here with exit code ``ESCAPED``.
    """
    parent = os.getpid()
    real_fork, real_waitpid = os.fork, os.waitpid
    children: dict[int, int | None] = {}

    def fork() -> int:
        pid = real_fork()
        if pid:
            children[pid] = None
        return pid

    def waitpid(pid: int, options: int) -> tuple[int, int]:
        done, status = real_waitpid(pid, options)
        if done in children:
            children[done] = os.waitstatus_to_exitcode(status)
        return done, status

    os.fork, os.waitpid = fork, waitpid
    try:
        yield children
    finally:
        if os.getpid() != parent:
            os._exit(ESCAPED)
        os.fork, os.waitpid = real_fork, real_waitpid


def _unreaped(pids: Iterable[int]) -> list[int]:
    """Reap and return the children the student forgot to wait for."""
    forgotten = []
    for pid in pids:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            continue  # already collected by the student: good
        if done == 0:  # still running
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        forgotten.append(pid)
    return forgotten


def _check_forking(func: Callable[[int], int], expected: Callable[[int], int],
                   inputs: tuple[int, ...], what: str) -> Verdict:
    if not hasattr(os, "fork"):
        return report(Verdict(False, _("this platform has no os.fork(); skip this "
                                       "one.")))
    if not callable(func):
        raise TypeError(_("expected your function, not {func!r}").format(func=func))
    for n in inputs:
        with _watch_forks() as children:
            try:
                got = func(n)
            except Exception as exc:  # noqa: BLE001 - explain any mistake
                # Translators: {n} is the input; {kind} the exception's class,
                # {error} its message.
                return report(Verdict(False, _("for {n}, it raised {kind}: "
                                               "{error}").format(
                                                   n=n, kind=type(exc).__name__,
                                                   error=exc)))
        forgotten = _unreaped(pid for pid, code in children.items() if code is None)
        if not children:
            return report(Verdict(False, _("it never called os.fork(): "
                                           "the work must happen in a child process.")))
        if forgotten:
            return report(Verdict(False, _("the parent did not wait for its child with "
                                           "os.waitpid(): the child stayed a zombie.")))
        if ESCAPED in children.values():
            return report(Verdict(False, _("a child returned from your function "
                                           "instead of calling os._exit(), and ran on "
                                           "into the parent's code.")))
        if got != expected(n):
            # Translators: {n} is the input; {hint} a further sentence of advice.
            return report(Verdict(False, _("for {n} it returned {got!r}, expected "
                                           "{expected!r}. {hint}").format(
                                               n=n, got=got, expected=expected(n),
                                               hint=what)))
    # Translators: {inputs} lists the inputs tried, e.g. "0, 3, 42".
    return report(Verdict(True, _("right for {inputs}, and every child was waited "
                                  "for.").format(inputs=", ".join(map(str, inputs)))))


def check_exit_code(func: Callable[[int], int]) -> Verdict:
    """Exercise 1: ``func(code)`` forks a child that exits with ``code``.

    It must wait for the child and return its decoded exit code.
    """
    return _check_forking(func, lambda n: n, (0, 3, 42),
                          _("Decode the status with os.waitstatus_to_exitcode()."))


def check_square_in_child(func: Callable[[int], int]) -> Verdict:
    """Exercise 2: ``func(n)`` computes ``n * n`` in a child, returns it via a pipe."""
    return _check_forking(func, lambda n: n * n, (0, 7, 12),
                          _("The child writes the result to the pipe; the parent "
                            "reads it."))
