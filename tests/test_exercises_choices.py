"""mpdemos.exercises.choices: the 16-what-to-use-when check accepts the usable CPUs."""

from __future__ import annotations

import os

import pytest

from mpdemos.exercises import save_module
from mpdemos.exercises import choices as checks

USABLE = """
import os

def pool_size():
    if hasattr(os, "process_cpu_count"):
        return os.process_cpu_count()
    return len(os.sched_getaffinity(0))
"""
MACHINE = """
import os

def pool_size():
    return os.cpu_count()
"""
ZERO = """
def pool_size():
    return 0
"""


def test_accepts_the_cpus_this_process_may_use() -> None:
    module = save_module("mpdemos_test_choices_usable", USABLE)
    assert checks.check_pool_size(module.pool_size).passed


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity") or (os.cpu_count() or 1) < 2,
                    reason="needs CPU affinity and two CPUs to tell the two apart")
def test_explains_the_machines_count() -> None:
    module = save_module("mpdemos_test_choices_machine", MACHINE)
    verdict = checks.check_pool_size(module.pool_size)
    assert not verdict.passed and "os.process_cpu_count()" in verdict.message


def test_wants_a_number_of_workers() -> None:
    module = save_module("mpdemos_test_choices_zero", ZERO)
    verdict = checks.check_pool_size(module.pool_size)
    assert not verdict.passed and "at least 1" in verdict.message


def test_explains_a_function_defined_in_the_notebook() -> None:
    def pool_size() -> int:
        return 1

    pool_size.__module__ = "__main__"  # as a notebook cell defines it
    verdict = checks.check_pool_size(pool_size)
    assert not verdict.passed and "defined in this notebook" in verdict.message
