"""Statistics of the lab, for 12-performance (tests: tests/test_bench_stats.py).

Every figure of ``mpdemos bench`` is a row (:func:`make_row`): the median of
its samples beside a ceiling. Two things timed turn by turn are compared turn
by turn (:func:`within_turns`); a scaling run's speedups are fitted with
Amdahl's law (:func:`fit_amdahl`).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

#: One figure: see :func:`make_row` for its fields.
Row = dict[str, Any]


def median(samples: Sequence[float]) -> float:
    """The median of ``samples``, as a float."""
    return float(statistics.median(samples))


def make_row(section: str, name: str, method: str | None, unit: str,
             samples: Sequence[float], ceiling_name: str, ceiling: float,
             higher_is_better: bool = False, value: float | None = None,
             **params: Any) -> Row:
    """One figure: its median ``value``, its ceiling and the ``ratio`` reached.

    The ratio is the fraction of the ceiling reached: ``ceiling / value`` for
    times, ``value / ceiling`` when ``higher_is_better`` (rates). ``params``
    keep whatever else the figure needs (worker count, message size...).
    """
    value = median(samples) if value is None else value
    if higher_is_better:
        ratio = value / ceiling if ceiling > 0 else 0.0
    else:
        ratio = ceiling / value if value > 0 else 0.0
    return {
        "section": section, "name": name, "method": method, "unit": unit,
        "value": value, "samples": [float(s) for s in samples],
        "ceiling_name": ceiling_name, "ceiling": float(ceiling),
        "ratio": ratio, "higher_is_better": higher_is_better, "params": params,
    }


def within_turns(tops: Sequence[float], bottoms: Sequence[float]) -> float:
    """Median of ``top / bottom`` over samples taken side by side, turn by turn.

    When two things are timed back to back in each turn, a moment when the
    whole machine ran fast or slow (virtual machines do) touches both sides
    of a ratio alike, which comparing the median of each side does not.
    """
    if len(tops) != len(bottoms) or not tops:
        raise ValueError("need the same number (at least one) of samples on each side")
    if any(b <= 0 for b in bottoms):
        raise ValueError("the samples below the line must be positive")
    return median([t / b for t, b in zip(tops, bottoms)])


def has_paired_turns(row: Row) -> bool:
    """Whether a row kept the samples its turns were paired with.

    A runner's serial loop (``serial_samples``) or a transport's memcpy
    (``ceiling_samples``), one per sample of the row.
    """
    other = row["params"].get("serial_samples") or row["params"].get("ceiling_samples")
    return bool(other) and len(other) == len(row["samples"])


def paired_speedup(row: Row) -> float:
    """Median of serial / parallel over the turns a scaling row was measured in.

    Each turn times the serial loop and then the runner, back to back
    (see :func:`within_turns`).
    """
    serial = row["params"].get("serial_samples")
    if row["section"] != "scaling" or not serial:
        raise ValueError("paired_speedup needs a scaling row of a runner")
    return within_turns(serial, row["samples"])


def speedup_when_free(row: Row, min_cores: float = 1.3) -> float | None:
    """:func:`paired_speedup` over the turns in which the machine was free.

    A turn counts when the runner's tasks got at least ``min_cores`` cores
    (CPU seconds per wall second, see :func:`cores`): when other programs
    held a core, no pool can be expected to beat the loop, and that turn
    says nothing about the pool. Returns ``None`` if no turn counts.
    """
    serial = row["params"].get("serial_samples")
    seen = row["params"].get("cores_samples")
    if row["section"] != "scaling" or not serial or not seen:
        raise ValueError("speedup_when_free needs a scaling row of a Pool, an "
                         "executor or threads")
    free = [(s, t) for s, t, c in zip(serial, row["samples"], seen) if c >= min_cores]
    if not free:
        return None
    return within_turns([s for s, _ in free], [t for _, t in free])


def cores(row: Row) -> float:
    """How many cores a scaling runner's tasks got: CPU seconds per wall second.

    The median over the turns of the row. Below its worker count, other
    programs held some of the machine while it ran. joblib's rows have no
    figure: its tasks run in another interpreter.
    """
    samples = row["params"].get("cores_samples")
    if row["section"] != "scaling" or not samples:
        raise ValueError("cores needs a scaling row of a Pool, an executor or threads")
    return median(samples)


def paired_ratio(row: Row) -> float:
    """An IPC row's fraction of memcpy, taken round by round.

    Each round of a transport comes right after a memcpy of the same
    messages; this is the median of their rates' ratios
    (see :func:`within_turns`).
    """
    ceiling = row["params"].get("ceiling_samples")
    if row["section"] != "ipc" or not ceiling:
        raise ValueError("paired_ratio needs an ipc row of a transport")
    return within_turns(row["samples"], ceiling)


def amdahl(p: float, workers: float) -> float:
    """Speedup Amdahl's law predicts when a fraction ``p`` of the work is parallel."""
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"p must be a fraction between 0 and 1, not {p!r}")
    if workers <= 0:
        raise ValueError(f"workers must be positive, not {workers!r}")
    return 1.0 / ((1.0 - p) + p / workers)


def fit_amdahl(workers: Sequence[float], speedups: Sequence[float]) -> float:
    """Fit Amdahl's law to measured speedups; return the parallel fraction ``p``.

    Amdahl: ``1/S = (1 - p) + p/n``, so ``1 - 1/S = p (1 - 1/n)``: a line
    through the origin, fitted by least squares. The result is clipped to
    [0, 1]. Points with one worker carry no information about ``p``.
    """
    workers, speedups = list(workers), list(speedups)
    if len(workers) != len(speedups):
        raise ValueError("workers and speedups must have the same length")
    if not workers:
        raise ValueError("need at least one measurement")
    for n, s in zip(workers, speedups):
        if isinstance(n, bool) or not isinstance(n, (int, float)) or n < 1:
            raise ValueError(f"worker counts must be >= 1, not {n!r}")
        if isinstance(s, bool) or not isinstance(s, (int, float)) or s <= 0:
            raise ValueError(f"speedups must be positive numbers, not {s!r}")
    xs = [1.0 - 1.0 / n for n in workers]
    ys = [1.0 - 1.0 / s for s in speedups]
    den = sum(x * x for x in xs)
    if den == 0:
        raise ValueError("need a measurement with more than one worker")
    p = sum(x * y for x, y in zip(xs, ys)) / den
    return min(1.0, max(0.0, p))
