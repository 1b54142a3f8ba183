"""mpdemos.arguments: the shared argument checks."""

from __future__ import annotations

import pytest

from mpdemos.arguments import (
    check_choice,
    check_choices,
    check_counts,
    check_int,
    check_map_like,
    check_positive_seconds,
    check_seconds,
)


def test_good_values_pass() -> None:
    check_int("n", 0)
    check_int("n", 5, minimum=1)
    check_seconds(0)
    check_seconds(0.5, "timeout")


@pytest.mark.parametrize(("value", "error"), [(1.5, TypeError), (True, TypeError),
                                              ("3", TypeError), (0, ValueError)])
def test_check_int_rejects(value: object, error: type) -> None:
    with pytest.raises(error, match="n must be"):
        check_int("n", value, minimum=1)


@pytest.mark.parametrize(("value", "error"), [("1", TypeError), (None, TypeError),
                                              (False, TypeError), (-0.1, ValueError)])
def test_check_seconds_rejects(value: object, error: type) -> None:
    with pytest.raises(error, match="timeout must be"):
        check_seconds(value, "timeout")


@pytest.mark.parametrize(("value", "error"), [("1", TypeError), (None, TypeError),
                                              (True, TypeError), (0, ValueError),
                                              (-1, ValueError),
                                              (float("nan"), ValueError)])
def test_check_positive_seconds_rejects(value: object, error: type) -> None:
    with pytest.raises(error, match="timeout must be"):
        check_positive_seconds(value, "timeout")


def test_check_positive_seconds_accepts_positive_numbers() -> None:
    check_positive_seconds(0.01)
    check_positive_seconds(5, "timeout")


def test_check_counts_names_the_count_that_is_wrong() -> None:
    check_counts(n=1, tasks=8)
    with pytest.raises(ValueError, match="tasks must be >= 1, not 0"):
        check_counts(n=1, tasks=0)
    with pytest.raises(TypeError, match="n must be an int, not 1.5"):
        check_counts(n=1.5, tasks=1)


def test_check_map_like_takes_pools_and_callables() -> None:
    class HasMap:
        def map(self, fn, items):  # type: ignore[no-untyped-def]
            return [fn(i) for i in items]

    check_map_like("pool", HasMap())
    check_map_like("pool", map)
    for value in (None, object(), [1, 2]):
        with pytest.raises(TypeError, match="pool must be a Pool, an executor or a "
                                            "map-like callable"):
            check_map_like("pool", value)


def test_check_choice_and_choices() -> None:
    check_choice("section", "start", ("start", "ipc"))
    check_choices("sections", ["ipc", "start"], "section", ("start", "ipc"))
    check_choices("sections", ("ipc",), "section", ("start", "ipc"))
    with pytest.raises(ValueError, match="'speed' is not a section; choose from "
                                         "start, ipc"):
        check_choice("section", "speed", ("start", "ipc"))
    with pytest.raises(ValueError, match="'speed' is not a section"):
        check_choices("sections", ["start", "speed"], "section", ("start", "ipc"))
    with pytest.raises(ValueError, match="no section given; choose at least one of "
                                         "start, ipc"):
        check_choices("sections", [], "section", ("start", "ipc"))
    with pytest.raises(TypeError, match="sections must be a list of section names, "
                                        "not a str"):
        check_choices("sections", "start", "section", ("start", "ipc"))
