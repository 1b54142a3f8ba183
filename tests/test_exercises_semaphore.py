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
