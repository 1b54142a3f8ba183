"""mpdemos.exercises.performance: the checks for 12-performance accept right answers
and explain the typical wrong ones. Pure arithmetic: no processes."""

from __future__ import annotations

import pytest

from mpdemos.exercises import performance as checks

# ---------------------------------------------------------------- exercise 1


def speedup_and_efficiency(serial, parallel, workers):  # type: ignore[no-untyped-def]
    speedup = serial / parallel
    return speedup, speedup / workers


def test_check_speedup_accepts_the_formula() -> None:
    verdict = checks.check_speedup(speedup_and_efficiency)
    assert verdict.passed, verdict.message
    assert "serial / parallel" in verdict.message


@pytest.mark.parametrize(("wrong", "says"), [
    (lambda s, p, w: (p / s, p / s / w), "Speedup is serial time / parallel time"),
    (lambda s, p, w: (s / p, s / p * w), "divided by the workers"),
    (lambda s, p, w: (s / p, 100 * s / p / w), "not a percentage"),
    (lambda s, p, w: (s - p, (s - p) / w), "serial time / parallel time is"),
    (lambda s, p, w: s / p, "tuple of two numbers"),
    (lambda s, p, w: (s / p, None), "tuple of two numbers"),
])
def test_check_speedup_explains_wrong_formulas(wrong: object, says: str) -> None:
    verdict = checks.check_speedup(wrong)  # type: ignore[arg-type]
    assert not verdict.passed
    assert says in verdict.message


def test_check_speedup_reports_an_error() -> None:
    verdict = checks.check_speedup(lambda s, p, w: 1 / 0)
    assert not verdict.passed and "ZeroDivisionError" in verdict.message


# ---------------------------------------------------------------- exercise 2


def least_squares(workers, speedups):  # type: ignore[no-untyped-def]
    xs = [1 - 1 / n for n in workers]
    ys = [1 - 1 / s for s in speedups]
    p = sum(x * y for x, y in zip(xs, ys)) / sum(x * x for x in xs)
    return 1 - p


def test_check_serial_fraction_accepts_least_squares() -> None:
    verdict = checks.check_serial_fraction(least_squares)
    assert verdict.passed, verdict.message
    assert "faster" in verdict.message


def test_check_serial_fraction_accepts_bench_fit() -> None:
    from mpdemos import bench

    assert checks.check_serial_fraction(lambda w, s: 1 - bench.fit_amdahl(w, s)).passed


def test_check_serial_fraction_explains_p_instead_of_s() -> None:
    verdict = checks.check_serial_fraction(lambda w, s: 1 - least_squares(w, s))
    assert not verdict.passed and "parallel fraction" in verdict.message


def test_check_serial_fraction_explains_one_point() -> None:
    def last_point(workers, speedups):  # type: ignore[no-untyped-def]
        n, s = workers[-1], speedups[-1]
        return (n / s - 1) / (n - 1)

    verdict = checks.check_serial_fraction(last_point)
    assert not verdict.passed and "8-worker point alone" in verdict.message


def test_check_serial_fraction_explains_division_by_zero() -> None:
    def every_point(workers, speedups):  # type: ignore[no-untyped-def]
        estimates = [(n / s - 1) / (n - 1) for n, s in zip(workers, speedups)]
        return sum(estimates) / len(estimates)

    verdict = checks.check_serial_fraction(every_point)
    assert not verdict.passed and "one worker" in verdict.message


def test_check_serial_fraction_other_mistakes() -> None:
    assert "between 0 and 1" in checks.check_serial_fraction(lambda w, s: 5).message
    assert "as a number" in checks.check_serial_fraction(lambda w, s: None).message
    verdict = checks.check_serial_fraction(lambda w, s: 1 / max(s))
    assert not verdict.passed and "least-squares fit gives" in verdict.message


def test_checks_reject_what_is_not_a_function() -> None:
    with pytest.raises(TypeError):
        checks.check_speedup(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        checks.check_serial_fraction("fit")  # type: ignore[arg-type]
