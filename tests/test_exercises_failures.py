"""mpdemos.exercises.failures: the 11-failures checks accept right answers, explain
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
            pool.apply_async(failures.hang, (seconds,)).get(timeout=0.5)
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
                pool.apply_async(failures.hang, (seconds,)).get(timeout=0.5)
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
