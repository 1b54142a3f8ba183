"""mpdemos.bench.stats: rows, paired ratios and Amdahl's law, on made-up numbers."""

from __future__ import annotations

import pytest

from mpdemos.bench import stats
from mpdemos.bench.stats import Row, make_row


@pytest.mark.parametrize("p", [0.0, 0.5, 0.9, 0.99, 1.0])
def test_fit_amdahl_recovers_p_from_exact_speedups(p: float) -> None:
    workers = [1, 2, 4, 8]
    speedups = [stats.amdahl(p, w) for w in workers]
    assert stats.fit_amdahl(workers, speedups) == pytest.approx(p, abs=1e-9)


def test_fit_amdahl_on_noisy_data_is_close_and_clipped() -> None:
    workers = [1, 2, 3, 4]
    noise = [1.02, 0.97, 1.01, 0.99]
    noisy = [stats.amdahl(0.8, w) * f for w, f in zip(workers, noise)]
    assert stats.fit_amdahl(workers, noisy) == pytest.approx(0.8, abs=0.05)
    assert stats.fit_amdahl([1, 2], [1.0, 0.5]) == 0.0  # slower with more workers
    assert stats.fit_amdahl([2], [2.5]) == 1.0  # superlinear: clipped


def test_amdahl_limits() -> None:
    assert stats.amdahl(1.0, 4) == pytest.approx(4.0)
    assert stats.amdahl(0.0, 4) == pytest.approx(1.0)
    assert stats.amdahl(0.95, 1e9) == pytest.approx(20.0, rel=1e-6)


@pytest.mark.parametrize("workers, speedups, message", [
    ([1, 2], [1.0], "same length"),
    ([], [], "at least one"),
    ([1, 1], [1.0, 1.1], "more than one worker"),
    ([0, 2], [1.0, 1.5], ">= 1"),
    ([1, 2], [1.0, -1.0], "positive"),
])
def test_fit_amdahl_bad_arguments(workers: list[int], speedups: list[float],
                                  message: str) -> None:
    with pytest.raises(ValueError, match=message):
        stats.fit_amdahl(workers, speedups)


def test_amdahl_bad_arguments() -> None:
    with pytest.raises(ValueError, match="fraction"):
        stats.amdahl(1.5, 2)
    with pytest.raises(ValueError, match="positive"):
        stats.amdahl(0.5, 0)


def test_make_row_takes_the_median_and_the_fraction_of_the_ceiling() -> None:
    row = make_row("start", "Process start+join", "fork", "s", [0.004, 0.006, 0.1],
                   "bare os.fork()", 0.002)
    assert row["value"] == pytest.approx(0.006)  # the median
    assert row["ratio"] == pytest.approx(0.002 / 0.006)  # ceiling / value
    rate = make_row("ipc", "shared_memory 1 MiB", "fork", "B/s", [7.0], "memcpy 1 MiB",
                    8.0, higher_is_better=True, size=2**20)
    assert rate["ratio"] == pytest.approx(7 / 8)  # value / ceiling
    assert rate["params"] == {"size": 2**20}
    given = make_row("ipc", "x", "fork", "B/s", [1.0, 3.0], "memcpy", 4.0,
                     higher_is_better=True, value=2.5)
    assert given["value"] == 2.5 and given["samples"] == [1.0, 3.0]
    assert make_row("state", "x", None, "s/op", [0.0], "dict", 1.0)["ratio"] == 0.0


def test_within_turns_is_the_median_of_paired_ratios() -> None:
    assert stats.within_turns([2.0, 9.0, 3.0], [1.0, 3.0, 3.0]) == pytest.approx(2.0)
    with pytest.raises(ValueError, match="same number"):
        stats.within_turns([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="same number"):
        stats.within_turns([], [])
    with pytest.raises(ValueError, match="positive"):
        stats.within_turns([1.0], [0.0])


def test_paired_ratio_compares_each_round_with_its_memcpy() -> None:
    row = make_row("ipc", "shared_memory 1 MiB", "fork", "B/s", [8.0, 4.0, 9.0],
                   "memcpy 1 MiB", 10.0, higher_is_better=True,
                   ceiling_samples=[10.0, 5.0, 10.0])
    assert row["ratio"] == pytest.approx(0.8)  # medians: 8 / 10
    assert stats.paired_ratio(row) == pytest.approx(0.8)  # rounds: 0.8, 0.8, 0.9
    row["samples"] = [8.0, 9.0, 4.0]  # the slow round beside a fast memcpy
    assert stats.paired_ratio(row) == pytest.approx(0.8)  # 0.8, 1.8, 0.4
    with pytest.raises(ValueError, match="ipc row of a transport"):
        stats.paired_ratio(make_row("ipc", "memcpy 1 MiB", "fork", "B/s", [1.0],
                                    "memcpy 1 MiB", 1.0, higher_is_better=True))


def test_paired_speedup_uses_the_turns_side_by_side() -> None:
    row = make_row("scaling", "Pool", "fork", "s", [0.05, 0.055, 0.06], "serial / 2",
                   0.05, workers=2, speedup=1.0, serial_samples=[0.1, 0.06, 0.12])
    assert stats.paired_speedup(row) == pytest.approx(2.0)  # ratios 2, 1.09, 2
    serial = make_row("scaling", "serial loop", "fork", "s", [1.0], "serial loop", 1.0)
    with pytest.raises(ValueError, match="scaling row of a runner"):
        stats.paired_speedup(serial)


def test_has_paired_turns_wants_one_partner_per_sample() -> None:
    row = make_row("scaling", "Pool", "fork", "s", [1.0, 2.0], "serial / 2", 0.5,
                   serial_samples=[2.0, 4.0])
    assert stats.has_paired_turns(row)
    row["params"]["serial_samples"] = [2.0]
    assert not stats.has_paired_turns(row)
    assert stats.has_paired_turns(make_row("ipc", "Pipe 1 KiB", "fork", "B/s", [1.0],
                                           "memcpy 1 KiB", 2.0, ceiling_samples=[2.0]))
    assert not stats.has_paired_turns(make_row("ipc", "memcpy", "fork", "B/s", [1.0],
                                               "memcpy", 1.0))


def scaling_row(serial: list[float], samples: list[float], cores: list[float]) -> Row:
    return make_row("scaling", "Pool", "fork", "s", samples, "serial / 2", 0.5,
                    workers=2, speedup=1.0, serial_samples=serial,
                    cores_samples=cores)


def test_speedup_when_free_counts_only_turns_with_free_cores() -> None:
    # turn 2: another program held a core (0.9 cores), and the loop won
    row = scaling_row([1.0, 1.0, 1.0], [0.5, 1.2, 0.6], [1.9, 0.9, 1.8])
    assert stats.speedup_when_free(row) == pytest.approx((2.0 + 1 / 0.6) / 2)  # 1, 3
    assert stats.paired_speedup(row) == pytest.approx(1.0 / 0.6)  # all three
    assert stats.speedup_when_free(row, min_cores=2.0) is None  # no turn was free
    with pytest.raises(ValueError, match="speedup_when_free needs"):
        stats.speedup_when_free(make_row("scaling", "serial loop", "fork", "s",
                                         [1.0], "serial loop", 1.0))


def test_cores_is_the_median_of_the_turns() -> None:
    assert stats.cores(scaling_row([1.0] * 3, [0.5] * 3, [1.9, 0.9, 1.8])) == 1.8
    with pytest.raises(ValueError, match="cores needs"):
        stats.cores(make_row("scaling", "joblib (loky)", "fork", "s", [1.0],
                             "serial / 2", 0.5, workers=2))
