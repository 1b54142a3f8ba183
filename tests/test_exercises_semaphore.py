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


# ---------------------------------------------------------------- double releases


def double_releases(ctx, jobs,  # type: ignore[no-untyped-def]
                    make=lambda ctx: ctx.BoundedSemaphore(1)):
    """The reference solution of exercise 2: a fresh BoundedSemaphore(1) per job."""
    found = []
    for pages in jobs:
        printer = make(ctx)
        try:
            checks.print_job(printer, pages)
        except ValueError:  # the extra release
            found.append(pages)
    return found


def in_children(ctx, jobs, keep=True):  # type: ignore[no-untyped-def]
    found = []
    for pages in jobs:
        printer = ctx.BoundedSemaphore(1)
        p = ctx.Process(target=checks.print_job,
                        args=(printer if keep else ctx.BoundedSemaphore(1), pages))
        p.start()
        p.join(timeout=10)
        if p.exitcode != 0:
            found.append(pages)
    return found


def one_shared(ctx, jobs):  # type: ignore[no-untyped-def]
    printer = ctx.BoundedSemaphore(1)
    return double_releases(ctx, jobs, lambda _: printer)


@pytest.mark.parametrize("answer", [
    double_releases, in_children, one_shared,
    lambda ctx, jobs: double_releases(ctx, jobs, lambda c: c.Lock()),
], ids=["fresh", "children", "one-shared", "lock"])
def test_check_double_releases_accepts_a_bound_of_one(  # type: ignore[no-untyped-def]
        answer) -> None:
    verdict = checks.check_double_releases(answer)
    assert verdict.passed, verdict.message
    assert multiprocessing.active_children() == []


def test_check_double_releases_explains_a_plain_semaphore() -> None:
    verdict = checks.check_double_releases(
        lambda ctx, jobs: double_releases(ctx, jobs, lambda c: c.Semaphore(1)))
    assert not verdict.passed and "no job was found" in verdict.message
    assert "BoundedSemaphore(1)" in verdict.message


def test_check_double_releases_explains_an_uncaught_error() -> None:
    def uncaught(ctx, jobs):  # type: ignore[no-untyped-def]
        for pages in jobs:
            checks.print_job(ctx.BoundedSemaphore(1), pages)
        return []

    verdict = checks.check_double_releases(uncaught)
    assert not verdict.passed and "let it escape" in verdict.message


@pytest.mark.parametrize(("answer", "words"), [
    (lambda ctx, jobs: list(jobs), "the job of 3 pages released the printer only"),
    (lambda ctx, jobs: double_releases(ctx, jobs)[:1], "400 pages released twice too"),
    (lambda ctx, jobs: double_releases(ctx, jobs)[::-1], "in the order of jobs"),
    (lambda ctx, jobs: None, "return a list of the page counts"),
    (lambda ctx, jobs: in_children(ctx, jobs, keep=False), "is deleted before a spawn"),
], ids=["all", "missed-one", "order", "stub", "temporary-semaphore"])
def test_check_double_releases_explains(  # type: ignore[no-untyped-def]
        answer, words: str) -> None:
    verdict = checks.check_double_releases(answer)
    assert not verdict.passed and words in verdict.message, verdict.message


def test_print_job_releases_twice_only_after_a_jam() -> None:
    ctx = multiprocessing.get_context("spawn")
    checks.print_job(ctx.BoundedSemaphore(1), 5)  # no error
    plain = ctx.Semaphore(1)
    checks.print_job(plain, 500)  # the bug, unseen: plain is now at 2
    assert plain.acquire(timeout=0.1) and plain.acquire(timeout=0.1)
    with pytest.raises(ValueError, match="released too many times"):
        checks.print_job(ctx.BoundedSemaphore(1), 500)
    with pytest.raises(TypeError):
        checks.print_job(None, 5)
    with pytest.raises(ValueError):
        checks.print_job(ctx.BoundedSemaphore(1), 0)
