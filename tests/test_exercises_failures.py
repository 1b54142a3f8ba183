"""mpdemos.exercises.failures: the 13-failures checks accept right answers, explain
wrong ones."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys

import pytest

from mpdemos import failures
from mpdemos.exercises import failures as failure_checks

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX only")


# The wrong answer under test abandons a running pool, and Pool.__del__ says so.
@pytest.mark.filterwarnings("ignore:unclosed running multiprocessing pool:ResourceWarning")
def test_result_or_timeout_rejects_a_pool_without_close_and_join() -> None:
    def leaky(ctx, seconds):  # type: ignore[no-untyped-def]
        pool = ctx.Pool(1)  # never closed, joined or terminated
        try:
            pool.apply_async(failures.hang, (seconds,)).get(timeout=2)
        except multiprocessing.TimeoutError:
            return "timeout"
        return "done"

    verdict = failure_checks.check_result_or_timeout(leaky)
    assert not verdict.passed
    assert "pool was still running" in verdict.message
    assert multiprocessing.active_children() == []


def test_result_or_timeout_accepts_with_pool() -> None:
    def good(ctx, seconds):  # type: ignore[no-untyped-def]
        with ctx.Pool(1) as pool:
            try:
                pool.apply_async(failures.hang, (seconds,)).get(timeout=2)
            except multiprocessing.TimeoutError:
                return "timeout"
            return "done"

    assert failure_checks.check_result_or_timeout(good).passed


@posix_only
def test_signal_name_check() -> None:
    def reads_exitcode(ctx, sig):  # type: ignore[no-untyped-def]
        p = ctx.Process(target=failures.hang, args=(30,))
        p.start()  # under spawn the child has exec'd: default signal actions
        os.kill(p.pid, sig)
        p.join(timeout=10)
        return signal.Signals(-p.exitcode).name

    assert failure_checks.check_signal_name(reads_exitcode).passed
    verdict = failure_checks.check_signal_name(lambda ctx, sig: "SIGTERM")
    assert not verdict.passed


def killed_by(ctx, sig,  # type: ignore[no-untyped-def]
              read=lambda p: signal.Signals(-p.exitcode).name):
    """The reference solution of exercise 2: no sleep before the signal."""
    p = ctx.Process(target=failures.hang, args=(30,))
    p.start()
    os.kill(p.pid, sig)
    p.join(timeout=10)
    return read(p)


def too_soon(ctx, sig):  # type: ignore[no-untyped-def]
    p = ctx.Process(target=failures.hang, args=(30,))
    p.start()
    try:
        return signal.Signals(-p.exitcode).name  # wrong: it is still running
    finally:
        os.kill(p.pid, sig)
        p.join(timeout=10)


@posix_only
@pytest.mark.parametrize(("answer", "words"), [
    (lambda ctx, sig: killed_by(ctx, sig, lambda p: signal.Signals(p.exitcode).name),
     "minus the signal number"),
    (too_soon, "exitcode is None until"),
    (lambda ctx, sig: killed_by(ctx, sig, lambda p: p.exitcode), "a number"),
], ids=["positive", "too-soon", "number"])
def test_signal_name_check_explains(  # type: ignore[no-untyped-def]
        answer, words: str) -> None:
    verdict = failure_checks.check_signal_name(answer)
    assert not verdict.passed and words in verdict.message, verdict.message
    assert multiprocessing.active_children() == []


@posix_only
def test_signal_name_check_accepts_the_solution_without_a_sleep() -> None:
    for _ in range(3):  # the signal comes at once after start(), every time
        assert failure_checks.check_signal_name(killed_by).passed
