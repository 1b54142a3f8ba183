"""Shared fixtures: run each unit test under every start method, warnings as errors."""

from __future__ import annotations

import multiprocessing
from multiprocessing.context import BaseContext
from pathlib import Path

import pytest

from mpdemos.context import available_methods

TESTS = Path(__file__).parent

# Python 3.12+ warns when os.fork() runs in a process with threads; pytest-xdist
# workers have them. The fork start method is tested on purpose, so that one
# warning is expected; any other warning fails the test.
FORK_WARNING = (
    r"ignore:This process \(pid=\d+\) is multi-threaded, use of fork\(\) may lead to"
    r" deadlocks in the child\.:DeprecationWarning"
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # pytest applies filterwarnings marks in order, the last winning. Prepend,
    # so the order is: "error", then the fork warning, then the test's own marks.
    for item in items:
        if TESTS in item.path.parents:
            item.add_marker(pytest.mark.filterwarnings(FORK_WARNING), append=False)
            item.add_marker(pytest.mark.filterwarnings("error"), append=False)


def unit_test_methods() -> list[str]:
    """spawn (the strictest: everything pickled, the module imported afresh) and
    the platform's default (fork on Linux up to 3.13, forkserver from 3.14).

    The notebooks run every worker under all three methods anyway: the unit
    tests need not repeat the third, which keeps the test command in budget.
    """
    default = multiprocessing.get_context().get_start_method()
    return [m for m in available_methods() if m in ("spawn", default)]


@pytest.fixture(params=unit_test_methods())
def ctx(request: pytest.FixtureRequest) -> BaseContext:
    """A multiprocessing context for spawn and for the platform's default method."""
    return multiprocessing.get_context(request.param)
