"""mpdemos.exercises.event: the 04-event checks accept right answers, explain wrong ones."""

from __future__ import annotations

import multiprocessing

import pytest

from mpdemos.exercises import event as checks
from mpdemos.exercises import save_module
from mpdemos.results import drain


GOOD = """
def wait_briefly(e, t, results):
    results.put("go" if e.wait(t) else "gave up")
"""
IGNORES_RESULT = """
def wait_briefly(e, t, results):
    e.wait(t)
    results.put("go")
"""


def test_check_wait_briefly() -> None:
    good = save_module("mpdemos_test_event_good", GOOD)
    assert checks.check_wait_briefly(good.wait_briefly).passed
    bad = save_module("mpdemos_test_event_bad", IGNORES_RESULT)
    verdict = checks.check_wait_briefly(bad.wait_briefly)
    assert not verdict.passed and "returns False" in verdict.message


def test_check_wait_briefly_rejects_a_notebook_worker() -> None:
    def wait_briefly(e, t, results):  # type: ignore[no-untyped-def]
        results.put("go")

    wait_briefly.__module__ = "__main__"
    verdict = checks.check_wait_briefly(wait_briefly)
    assert not verdict.passed and "%%worker_module" in verdict.message


def test_worker_checks_its_arguments() -> None:
    with pytest.raises(TypeError):
        checks.worker_problem(42)


# ---------------------------------------------------------------- a fair start


def start_line(ctx, n, wait_ready=True, set_go=True,  # type: ignore[no-untyped-def]
               patience=5.0):
    """The reference solution of exercise 1, and its mistakes."""
    ready, go, results = ctx.Queue(), ctx.Event(), ctx.Queue()
    jobs = [ctx.Process(target=checks.runner, args=(ready, go, results, patience))
            for _ in range(n)]
    for p in jobs:
        p.start()
    if wait_ready:
        drain(ready, count=n, timeout=10)  # everyone is at the line
    if set_go:
        go.set()
    reports = drain(results, count=n, timeout=10)
    for p in jobs:
        p.join(timeout=10)
    return reports


def test_check_fair_start_accepts_go_after_every_ready() -> None:
    verdict = checks.check_fair_start(start_line)
    assert verdict.passed, verdict.message


def test_check_fair_start_explains_a_go_before_the_runners_are_ready() -> None:
    verdict = checks.check_fair_start(lambda ctx, n: start_line(ctx, n, False))
    assert not verdict.passed and "found go already set" in verdict.message
    assert "Take 4 ids off `ready` first" in verdict.message


def test_check_fair_start_explains_a_go_never_set() -> None:
    verdict = checks.check_fair_start(
        lambda ctx, n: start_line(ctx, n, set_go=False, patience=0.3))
    assert not verdict.passed and "gave up waiting" in verdict.message
    assert multiprocessing.active_children() == []


def test_check_fair_start_wants_the_reports() -> None:
    verdict = checks.check_fair_start(lambda ctx, n: len(start_line(ctx, n)))
    assert not verdict.passed and "return the list" in verdict.message

    def stub(ctx, n):  # type: ignore[no-untyped-def]
        ...  # your code here

    verdict = checks.check_fair_start(stub)
    assert not verdict.passed and "return the list" in verdict.message


def test_runner_checks_its_arguments() -> None:
    ctx = multiprocessing.get_context("spawn")
    with pytest.raises(TypeError):
        checks.runner(ctx.Queue(), None, ctx.Queue())
    with pytest.raises(ValueError):
        checks.runner(ctx.Queue(), ctx.Event(), ctx.Queue(), patience=0)
