"""mpdemos.choices: what this interpreter offers, and what a thread costs to start."""

from __future__ import annotations

import os
import sys

from mpdemos import choices


def test_features_answer_for_this_interpreter() -> None:
    found = choices.features()
    assert found["Python"] == sys.version.split()[0]
    assert found["os.process_cpu_count() (3.13)"] == (sys.version_info >= (3, 13))
    assert found["InterpreterPoolExecutor (3.14)"] == (sys.version_info >= (3, 14))
    assert found["GIL enabled now"] or found["free-threaded build (3.13t, 3.14t)"]


def test_thread_start_is_quick() -> None:
    assert 0 < choices.thread_start(3) < 1


def test_cpu_count_option_from_313() -> None:
    got = choices.cpu_count_in_child(3)
    assert got == ("3" if sys.version_info >= (3, 13) else str(os.cpu_count()))
