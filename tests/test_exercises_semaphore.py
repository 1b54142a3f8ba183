"""mpdemos.exercises.semaphore: the 07 checks accept right answers, explain wrong ones."""

from __future__ import annotations

import multiprocessing

import pytest

from mpdemos.exercises import save_module
from mpdemos.exercises import semaphore as checks

GOOD = """
import time
from mpdemos import timeline

def limited_task(s, spans, label):
    with s:
        with timeline.record(spans, label):
            time.sleep(0.1)
"""
NO_SEMAPHORE = """
import time
from mpdemos import timeline

def limited_task(s, spans, label):
    with timeline.record(spans, label):
        time.sleep(0.1)
"""
NO_WORK = """
from mpdemos import timeline

def limited_task(s, spans, label):
    with timeline.record(spans, label):
        pass
"""
NO_SPAN = """
def limited_task(s, spans, label):
    with s:
        pass
"""


def test_check_limited_task_accepts_a_semaphore() -> None:
    module = save_module("mpdemos_test_sem_good", GOOD)
    verdict = checks.check_limited_task(module.limited_task)
    assert verdict.passed, verdict.message


@pytest.mark.parametrize(("source", "words"), [(NO_SEMAPHORE, "the limit is 2"),
                                               (NO_WORK, "should work"),
                                               (NO_SPAN, "timeline.record")],
                         ids=["no-semaphore", "no-work", "no-span"])
def test_check_limited_task_explains(source: str, words: str) -> None:
    module = save_module("mpdemos_test_sem_bad", source)
    verdict = checks.check_limited_task(module.limited_task)
    assert not verdict.passed and words in verdict.message, verdict.message
    assert multiprocessing.active_children() == []


def _release_twice(ctx, make):  # type: ignore[no-untyped-def]
    s = make(ctx)
    s.acquire()
    s.release()
    try:
        s.release()
    except ValueError as exc:
        return type(exc).__name__
    return None


def test_extra_release_accepts_a_bounded_semaphore() -> None:
    def answer(ctx):  # type: ignore[no-untyped-def]
        return _release_twice(ctx, lambda c: c.BoundedSemaphore(2))

    assert checks.check_extra_release(answer).passed


def test_extra_release_rejects_a_plain_semaphore() -> None:
    def answer(ctx):  # type: ignore[no-untyped-def]
        return _release_twice(ctx, lambda c: c.Semaphore(2))

    verdict = checks.check_extra_release(answer)
    assert not verdict.passed
    assert "BoundedSemaphore" in verdict.message


def test_extra_release_rejects_an_uncaught_error() -> None:
    def answer(ctx):  # type: ignore[no-untyped-def]
        s = ctx.BoundedSemaphore(2)
        s.acquire()
        s.release()
        s.release()

    verdict = checks.check_extra_release(answer)
    assert not verdict.passed
    assert "catch it" in verdict.message
