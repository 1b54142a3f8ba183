"""mpdemos.exercises.condition: the 06 checks accept right answers, explain wrong ones."""

from __future__ import annotations

import multiprocessing

import pytest

from mpdemos import conditions
from mpdemos.exercises import condition as checks
from mpdemos.exercises import save_module
from mpdemos.results import drain

GOOD = """
def wait_until_ready(cond, ready, results, timeout):
    with cond:
        results.put(cond.wait_for(lambda: ready.value, timeout))
"""
NO_PREDICATE = """
def wait_until_ready(cond, ready, results, timeout):
    with cond:
        results.put(cond.wait(timeout))
"""
ALWAYS_TRUE = """
def wait_until_ready(cond, ready, results, timeout):
    with cond:
        cond.wait_for(lambda: ready.value, timeout)
    results.put(True)
"""


def test_check_wait_until_ready_accepts_wait_for() -> None:
    module = save_module("mpdemos_test_cond_good", GOOD)
    assert checks.check_wait_until_ready(module.wait_until_ready).passed


@pytest.mark.parametrize(("source", "words"), [(NO_PREDICATE, "does not remember"),
                                               (ALWAYS_TRUE, "never set")],
                         ids=["no-predicate", "always-true"])
def test_check_wait_until_ready_explains(source: str, words: str) -> None:
    module = save_module("mpdemos_test_cond_bad", source)
    verdict = checks.check_wait_until_ready(module.wait_until_ready)
    assert not verdict.passed and words in verdict.message
    assert multiprocessing.active_children() == []


def wake(ctx, n, everyone, wait_first=True):  # type: ignore[no-untyped-def]
    cond = ctx.Condition()
    reports = ctx.Queue()
    jobs = [ctx.Process(target=conditions.waiter, args=(cond, reports, 0.5))
            for _ in range(n)]
    for p in jobs:
        p.start()
    if wait_first:
        drain(reports, count=n, timeout=10)
    with cond:
        if everyone:
            cond.notify_all()
        else:
            cond.notify()
    done = drain(reports, count=n if wait_first else 2 * n, timeout=10)
    for p in jobs:
        p.join(timeout=10)
    return sum(1 for what, _ in done if what == "woke")


def test_check_wake() -> None:
    assert checks.check_wake(wake).passed
    verdict = checks.check_wake(lambda ctx, n, everyone: wake(ctx, n, everyone, False))
    assert not verdict.passed and "already wait" in verdict.message
    verdict = checks.check_wake(lambda ctx, n, everyone: wake(ctx, n, True))
    assert not verdict.passed and "notify() wakes one" in verdict.message
