"""mpdemos.exercises.beyond: the checks for 15-beyond-one-machine accept right
answers and explain wrong ones."""

from __future__ import annotations

import math

import pytest

from mpdemos.exercises import beyond as checks


def right_break_even(start, speedup):  # type: ignore[no-untyped-def]
    return math.inf if speedup <= 1 else start / (1 - 1 / speedup)


def right_fit_link(sizes, seconds):  # type: ignore[no-untyped-def]
    ys = [t / 2 for t in seconds]
    mx, my = sum(sizes) / len(sizes), sum(ys) / len(ys)
    slope = (sum((x - mx) * (y - my) for x, y in zip(sizes, ys))
             / sum((x - mx) ** 2 for x in sizes))
    return my - slope * mx, 1 / slope


def test_break_even_accepts_the_right_answer() -> None:
    assert checks.check_break_even(right_break_even).passed
    assert checks.break_even(2.0, 16.0) == pytest.approx(2.1333, rel=1e-3)


@pytest.mark.parametrize("wrong, hint", [
    (lambda start, speedup: start * speedup, "start x speedup"),
    (lambda start, speedup: start / (1 - 1 / speedup) if speedup > 1 else 0.0,
     "never catches up"),
    (lambda start, speedup: start if speedup > 1 else math.inf, "gives T ="),
    (lambda start, speedup: "soon", "return a number"),
    (lambda start, speedup: 1 / 0, "ZeroDivisionError"),
])
def test_break_even_explains_wrong_answers(wrong, hint) -> None:  # type: ignore[no-untyped-def]
    verdict = checks.check_break_even(wrong)
    assert not verdict.passed
    assert hint in verdict.message


def test_fit_link_accepts_the_right_answer() -> None:
    assert checks.check_fit_link(right_fit_link).passed
    latency, bandwidth = checks.fit_link(checks.SIZES, checks.round_trips())
    assert latency == pytest.approx(checks.LATENCY)
    assert bandwidth == pytest.approx(checks.BANDWIDTH)


def round_trip_not_halved(sizes, seconds):  # type: ignore[no-untyped-def]
    return right_fit_link(sizes, [2 * t for t in seconds])


def two_points_only(sizes, seconds):  # type: ignore[no-untyped-def]
    return right_fit_link(sizes[1:], seconds[1:])


@pytest.mark.parametrize("wrong, hint", [
    (round_trip_not_halved, "half the right one"),
    (two_points_only, "least-squares line"),
    (lambda sizes, seconds: [1e-6, 1e9], "return a tuple"),
])
def test_fit_link_explains_wrong_answers(wrong, hint) -> None:  # type: ignore[no-untyped-def]
    verdict = checks.check_fit_link(wrong)
    assert not verdict.passed
    assert hint in verdict.message


def test_checks_want_a_function() -> None:
    with pytest.raises(TypeError, match="expected your function"):
        checks.check_break_even(2.0)
    with pytest.raises(TypeError, match="expected your function"):
        checks.check_fit_link(None)
