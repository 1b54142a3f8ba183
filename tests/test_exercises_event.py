"""mpdemos.exercises.event: the 04-event checks accept right answers, explain wrong ones."""

from __future__ import annotations

import multiprocessing

import pytest

from mpdemos.exercises import event as checks
from mpdemos.exercises import save_module
from mpdemos.results import drain


def release(ctx, n, set_it=True, timeout=5.0):  # type: ignore[no-untyped-def]
    e = ctx.Event()
    results = ctx.Queue()
    jobs = [ctx.Process(target=checks.wait_and_report, args=(e, results, timeout))
            for _ in range(n)]
    for p in jobs:
        p.start()
    if set_it:
        e.set()
    seen = drain(results, count=n, timeout=10)
    for p in jobs:
        p.join(timeout=10)
    return sum(seen)


def test_check_release_accepts_a_good_answer() -> None:
    assert checks.check_release(release).passed


def test_check_release_explains_a_missing_set() -> None:
    verdict = checks.check_release(lambda ctx, n: release(ctx, n, False, 0.2))
    assert not verdict.passed and "e.set()" in verdict.message
    assert multiprocessing.active_children() == []


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
        checks.wait_and_report(object(), None)
    with pytest.raises(ValueError):
        checks.wait_and_report(multiprocessing.get_context("spawn").Event(), None, 0)
    with pytest.raises(TypeError):
        checks.worker_problem(42)
