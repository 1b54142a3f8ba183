"""mpdemos.arguments: the shared argument checks."""

from __future__ import annotations

import pytest

from mpdemos.arguments import check_int, check_positive_seconds, check_seconds


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
