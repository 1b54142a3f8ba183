"""Checks for the exercises of 12-performance (tests: tests/test_exercises_performance.py).

Pure arithmetic: no processes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from mpdemos import bench
from mpdemos.exercises.harness import Verdict, explain_outcome, report, run_with_timeout
from mpdemos.i18n import _

#: (serial seconds, parallel seconds, workers) the first check asks about.
TIMINGS = [(4.0, 2.5, 2), (10.0, 1.6, 8), (3.0, 3.0, 4)]
#: Measured-looking speedups (with noise) and exact ones for p = 0.9.
WORKERS = [1, 2, 3, 4, 6, 8]
NOISY_SPEEDUPS = [1.0, 1.85, 2.3, 3.2, 3.6, 4.6]
EXACT_WORKERS = [1, 2, 4, 8]
#: How far a serial fraction may be from the least-squares fit.
TOLERANCE = 0.005
TIMEOUT = 5.0


def _number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def check_speedup(func: Callable[[float, float, int], tuple[float, float]]) -> Verdict:
    """Exercise 1: ``func(serial, parallel, workers)`` returns
    ``(speedup, efficiency)``: ``serial / parallel`` and ``speedup / workers``.
    """
    if not callable(func):
        raise TypeError(_("expected your function, not {func!r}").format(func=func))
    for serial, parallel, workers in TIMINGS:
        outcome = run_with_timeout(func, serial, parallel, workers, timeout=TIMEOUT)
        problem = explain_outcome(outcome, TIMEOUT, _("It only needs arithmetic."))
        if problem:
            return report(problem)
        verdict = _judge_speedup(outcome.value, serial, parallel, workers)
        if verdict is not None:
            return report(verdict)
    return report(Verdict(True, _("speedup = serial / parallel, efficiency = speedup / "
                                  "workers: 4 s -> 2.5 s on 2 workers is 1.6x, 80%.")))


def _judge_speedup(got: Any, serial: float, parallel: float,
                   workers: int) -> Verdict | None:
    speedup = serial / parallel
    efficiency = speedup / workers
    case = _("serial {serial:g} s, parallel {parallel:g} s on {workers} "
             "workers").format(serial=serial, parallel=parallel, workers=workers)
    if not (isinstance(got, tuple) and len(got) == 2 and all(map(_number, got))):
        return Verdict(False, _("return a tuple of two numbers, (speedup, efficiency), "
                                "not {got!r}.").format(got=got))
    s, e = got
    if math.isclose(s, parallel / serial) and not math.isclose(s, speedup):
        # Translators: {case} is "serial 4 s, parallel 2.5 s on 2 workers".
        return Verdict(False, _("for {case} your speedup is {got:.3g}, below 1 although "
                                "the parallel run was faster. Speedup is serial time / "
                                "parallel time: {speedup:.3g}.").format(
                                    case=case, got=s, speedup=speedup))
    if not math.isclose(s, speedup, rel_tol=1e-6):
        # Translators: {case} is "serial 4 s, parallel 2.5 s on 2 workers".
        return Verdict(False, _("for {case} your speedup is {got:.3g}; serial time / "
                                "parallel time is {speedup:.3g}.").format(
                                    case=case, got=s, speedup=speedup))
    if math.isclose(e, 100 * efficiency, rel_tol=1e-6):
        return Verdict(False, _("give efficiency as a fraction ({efficiency:.3g}), not "
                                "a percentage.").format(efficiency=efficiency))
    if not math.isclose(e, efficiency, rel_tol=1e-6):
        # Translators: {case} is "serial 4 s, parallel 2.5 s on 2 workers".
        return Verdict(False, _("for {case} your efficiency is {got:.3g}. Efficiency is "
                                "the speedup divided by the workers, the share of the "
                                "ideal speedup reached: {speedup:.3g} / {workers} = "
                                "{efficiency:.3g}.").format(
                                    case=case, got=e, speedup=speedup, workers=workers,
                                    efficiency=efficiency))
    return None


def check_serial_fraction(func: Callable[[list[int], list[float]], float]) -> Verdict:
    """Exercise 2: ``func(workers, speedups)`` fits Amdahl's law and returns
    the serial fraction ``s = 1 - p``, within ``TOLERANCE`` of
    :func:`mpdemos.bench.fit_amdahl`'s least-squares fit.
    """
    if not callable(func):
        raise TypeError(_("expected your function, not {func!r}").format(func=func))
    exact = [bench.amdahl(0.9, n) for n in EXACT_WORKERS]
    for workers, speedups in ((EXACT_WORKERS, exact), (WORKERS, NOISY_SPEEDUPS)):
        outcome = run_with_timeout(func, list(workers), list(speedups), timeout=TIMEOUT)
        if isinstance(outcome.error, ZeroDivisionError):
            return report(Verdict(False, _("your function divided by zero: a point "
                                           "with one worker has speedup 1 whatever s "
                                           "is, so it tells nothing about s. Skip it, "
                                           "or use the form 1 - 1/S = (1 - s)(1 - "
                                           "1/n).")))
        problem = explain_outcome(outcome, TIMEOUT, _("It only needs arithmetic."))
        if problem:
            return report(problem)
        verdict = _judge_fraction(outcome.value, workers, speedups)
        if verdict is not None:
            return report(verdict)
    s = 1 - bench.fit_amdahl(WORKERS, NOISY_SPEEDUPS)
    return report(Verdict(True, _("serial fraction {s:.3f}: no number of workers can "
                                  "make this job more than 1 / {s:.3f} = {limit:.1f}x "
                                  "faster.").format(s=s, limit=1 / s)))


def _judge_fraction(got: Any, workers: list[int],
                    speedups: list[float]) -> Verdict | None:
    if not _number(got):
        return Verdict(False, _("return the serial fraction as a number, not "
                                "{got!r}.").format(got=got))
    s = 1 - bench.fit_amdahl(workers, speedups)
    data = _("for workers {workers} and speedups {speedups}").format(
        workers=workers, speedups=[round(x, 2) for x in speedups])
    if abs(got - s) <= TOLERANCE:
        return None
    if abs(got - (1 - s)) <= TOLERANCE:
        # Translators: {data} is "for workers [1, 2, 4, 8] and speedups [1.0, 1.82, ...]".
        return Verdict(False, _("{data} you returned {got:.3f}, the parallel fraction "
                                "p. The serial fraction is 1 - p = {s:.3f}.").format(
                                    data=data, got=got, s=s))
    if not 0 <= got <= 1:
        # Translators: {data} is "for workers [1, 2, 4, 8] and speedups [1.0, 1.82, ...]".
        return Verdict(False, _("{data} you returned {got:.3g}; a fraction of the work "
                                "is between 0 and 1.").format(data=data, got=got))
    singles = [(n, (n / sp - 1) / (n - 1)) for n, sp in zip(workers, speedups) if n > 1]
    for n, single in singles:
        if abs(got - single) <= 1e-6:
            # Translators: {data} is "for workers [1, 2, 4, 8] and speedups [1.0, ...]";
            # {n} is a number of workers.
            return Verdict(False, _("{data} you returned {got:.3f}, what the {n}-worker "
                                    "point alone says. Measurements are noisy: fit all "
                                    "the points (least squares gives {s:.3f}).").format(
                                        data=data, got=got, n=n, s=s))
    # Translators: {data} is "for workers [1, 2, 4, 8] and speedups [1.0, 1.82, ...]".
    return Verdict(False, _("{data} you returned {got:.3f}; a least-squares fit gives "
                            "{s:.3f}. Amdahl: 1/S = s + (1 - s)/n, so 1 - 1/S = (1 - s) "
                            "(1 - 1/n), a line through the origin with slope 1 - "
                            "s.").format(data=data, got=got, s=s))
