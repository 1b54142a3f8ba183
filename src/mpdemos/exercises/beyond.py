"""Checks for the exercises of 15-beyond-one-machine (tests: tests/test_exercises_beyond.py).

Pure arithmetic: no processes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from mpdemos.exercises.harness import Verdict, explain_outcome, report, run_with_timeout
from mpdemos.i18n import _

TIMEOUT = 5.0
#: (seconds to start a cluster, its speedup over the loop) for exercise 1.
CLUSTERS = [(2.0, 16.0), (3.0, 4.0), (0.2, 1.5)]
#: Exercise 2: a link with this latency (s) and bandwidth (B/s), timed at these
#: message sizes; the noisy set is the exact one times small errors.
LATENCY = 2e-6
BANDWIDTH = 5e9
SIZES = [1024, 65536, 1048576]
NOISE = [1.03, 0.98, 1.01]


def _number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def break_even(start: float, speedup: float) -> float:
    """Reference for exercise 1: the serial time ``T`` where
    ``start + T / speedup = T``."""
    return start / (1 - 1 / speedup)


def check_break_even(func: Callable[[float, float], float]) -> Verdict:
    """Exercise 1: ``func(start, speedup)`` returns the serial job time above
    which a cluster that takes ``start`` seconds to start, then runs the job
    ``speedup`` times faster, finishes first. Without a speedup there is none:
    ``func(start, 1.0)`` returns ``math.inf``.
    """
    if not callable(func):
        raise TypeError(_("expected your function, not {func!r}").format(func=func))
    for start, speedup in [*CLUSTERS, (2.0, 1.0)]:
        outcome = run_with_timeout(func, start, speedup, timeout=TIMEOUT)
        problem = explain_outcome(outcome, TIMEOUT, _("It only needs arithmetic."))
        if problem:
            return report(problem)
        got = outcome.value
        # Translators: one cluster of the exercise: seconds to start, and how many
        # times faster it runs the job. Shown as "for start 2 s, speedup 16x ...".
        case = _("start {start:g} s, speedup {speedup:g}x").format(start=start,
                                                                    speedup=speedup)
        if speedup == 1.0:
            if got != math.inf:
                # Translators: {case} is "start 2 s, speedup 1x".
                return report(Verdict(False, _("for {case} the cluster never catches "
                                               "up: return math.inf, not "
                                               "{got!r}.").format(case=case, got=got)))
            continue
        want = break_even(start, speedup)
        if not _number(got):
            return report(Verdict(False, _("return a number of seconds, not "
                                           "{got!r}.").format(got=got)))
        if math.isclose(got, start * speedup) and not math.isclose(got, want):
            # Translators: {case} is "start 2 s, speedup 16x"; {want} the right T.
            return report(Verdict(False, _("for {case} you returned start x speedup "
                                           "= {got:.3g} s. Solve start + T / speedup "
                                           "= T for T: {want:.3g} s.").format(
                                               case=case, got=got, want=want)))
        if not math.isclose(got, want, rel_tol=1e-6):
            # Translators: {case} is "start 2 s, speedup 16x"; {want} the right T.
            return report(Verdict(False, _("for {case} you returned {got:.3g} s; "
                                           "start + T / speedup = T gives T = "
                                           "{want:.3g} s.").format(
                                               case=case, got=got, want=want)))
    return report(Verdict(True, _("T = start / (1 - 1/speedup): a 16x cluster that "
                                  "takes 2 s to start wins for jobs over 2.13 s.")))


def round_trips(latency: float = LATENCY, bandwidth: float = BANDWIDTH,
                sizes: Sequence[int] = SIZES) -> list[float]:
    """Seconds per ping-pong round trip: twice ``latency + size / bandwidth``."""
    return [2 * (latency + size / bandwidth) for size in sizes]


def fit_link(sizes: Sequence[int], seconds: Sequence[float]) -> tuple[float, float]:
    """Reference for exercise 2: least-squares line through one-way times."""
    one_way = [t / 2 for t in seconds]
    n = len(sizes)
    mx, my = sum(sizes) / n, sum(one_way) / n
    slope = (sum((x - mx) * (y - my) for x, y in zip(sizes, one_way))
             / sum((x - mx) ** 2 for x in sizes))
    return my - slope * mx, 1 / slope


def check_fit_link(func: Callable[[list[int], list[float]], tuple[float, float]],
                   ) -> Verdict:
    """Exercise 2: ``func(sizes, seconds)`` takes ping-pong round-trip times
    and returns ``(latency, bandwidth)`` of the model ``one way = latency +
    size / bandwidth``, fitted by least squares over every point.
    """
    if not callable(func):
        raise TypeError(_("expected your function, not {func!r}").format(func=func))
    exact = round_trips()
    noisy = [t * e for t, e in zip(exact, NOISE)]
    for seconds in (exact, noisy):
        outcome = run_with_timeout(func, list(SIZES), list(seconds), timeout=TIMEOUT)
        problem = explain_outcome(outcome, TIMEOUT, _("It only needs arithmetic."))
        if problem:
            return report(problem)
        got = outcome.value
        if not (isinstance(got, tuple) and len(got) == 2 and all(map(_number, got))):
            return report(Verdict(False, _("return a tuple of two numbers, (latency in "
                                           "seconds, bandwidth in bytes/s), not "
                                           "{got!r}.").format(got=got)))
        latency, bandwidth = got
        want_latency, want_bandwidth = fit_link(SIZES, seconds)
        if math.isclose(bandwidth, want_bandwidth / 2, rel_tol=1e-3):
            return report(Verdict(False, _("your bandwidth is half the right one: a "
                                           "round trip moves the message twice; halve "
                                           "the times first.")))
        if not math.isclose(bandwidth, want_bandwidth, rel_tol=1e-3):
            # Translators: {want} is the right bandwidth in bytes/s.
            return report(Verdict(False, _("your bandwidth is {bandwidth:.3g} B/s; a "
                                           "least-squares line through (size, time / 2) "
                                           "has slope 1 / {want:.3g}.").format(
                                               bandwidth=bandwidth, want=want_bandwidth)))
        if not math.isclose(latency, want_latency, rel_tol=1e-3, abs_tol=1e-9):
            # Translators: {want} is the right latency in seconds.
            return report(Verdict(False, _("your latency is {latency:.3g} s; the line's "
                                           "intercept is {want:.3g} s.").format(
                                               latency=latency, want=want_latency)))
    # Translators: {microseconds} is the latency in microseconds (us), {gigabytes}
    # the bandwidth in GB/s.
    return report(Verdict(True, _("latency {microseconds:g} us, bandwidth "
                                  "{gigabytes:g} GB/s: a 1 KiB message is all latency, "
                                  "a 1 MiB one all bandwidth.").format(
                                      microseconds=LATENCY * 1e6,
                                      gigabytes=BANDWIDTH / 1e9)))
