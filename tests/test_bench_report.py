"""mpdemos.bench.report: readable units, the tables, and the machine of a run."""

from __future__ import annotations

import pytest

from bench_fixtures import synthetic_results
from mpdemos.bench import report
from mpdemos.bench.results import MIN_REPEATS_FOR_TARGETS, check_targets, row
from mpdemos.bench.settings import SECTIONS


@pytest.mark.parametrize("value, unit, text", [
    (1.5, "s", "1.5 s"), (0.0123, "s", "12.3 ms"), (4.2e-6, "s", "4.2 µs"),
    (7.5e-8, "s/op", "75 ns/op"), (3 * 2**30, "B/s", "3 GiB/s"),
    (512 * 2**20, "B/s", "512 MiB/s"), (100.0, "B/s", "100 B/s"), (1.856, "x", "1.86x"),
])
def test_format_value(value: float, unit: str, text: str) -> None:
    assert report.format_value(value, unit) == text


def test_format_value_rejects_unknown_units() -> None:
    with pytest.raises(ValueError, match="unknown unit"):
        report.format_value(1.0, "furlongs")


def test_size_label() -> None:
    assert [report.size_label(s) for s in (1024, 65536, 2**20, 100)] == [
        "1 KiB", "64 KiB", "1 MiB", "100 B"]
    with pytest.raises(ValueError, match="size must be >= 1"):
        report.size_label(0)


def test_row_label_and_note() -> None:
    results = synthetic_results()
    pool = row(results, "scaling", name="Pool", workers=2)
    assert report.row_label(pool) == "Pool x2"
    assert report.row_note(pool).startswith("1.89x, p=")
    serial = row(results, "scaling", name="serial loop")
    assert report.row_label(serial) == "serial loop"
    assert report.row_note(row(results, "chunksize", name="chunksize=1")) == (
        "100.0 µs/task")
    assert report.row_note(row(results, "ipc", name="Pipe 1 KiB")) == "10 msgs"
    assert report.row_note(row(results, "state", name="dict")) == ""


def test_format_table() -> None:
    text = report.format_table(synthetic_results())
    lines = text.splitlines()
    assert lines[0].startswith("mpdemos bench, full mode, median of 5")
    assert lines[2].split() == ["measurement", "method", "value", "ceiling", "ratio",
                                "note"]
    for section in SECTIONS:  # a heading names each section's ceiling
        assert f"{section} ({report.CEILINGS[section]})" in lines
    process = next(line for line in lines if "Process start+join" in line)
    assert process.split()[-5:] == ["5", "ms", "2", "ms", "0.4"]
    assert "Pool x2" in text and "1.89x, p=" in text
    assert "targets:" in text and "NOT met" not in text
    assert max(len(line) for line in lines) <= 88
    with pytest.raises(TypeError):
        report.format_table({"no": "rows"})


def test_format_table_shows_targets_turn_by_turn_and_by_medians() -> None:
    results = synthetic_results()
    results["targets"] = [{"target": "shared_memory 1 MiB / memcpy, fork", "value": 0.9,
                           "medians": 0.7, "goal": ">= 0.8", "met": True,
                           "enough_repeats": True}]
    text = report.format_table(results)
    assert "shared_memory 1 MiB / memcpy, fork: 0.90 (>= 0.8) met; medians 0.70" in text


def test_targets_need_enough_repeats_to_be_shown() -> None:
    results = synthetic_results()
    assert "targets:" in report.format_table(results)
    results["meta"]["repeats"] = MIN_REPEATS_FOR_TARGETS - 1
    results["targets"] = check_targets(results)
    assert "targets" not in report.format_table(results)  # noise, not a verdict


def test_format_by_method() -> None:
    results = synthetic_results()
    lines = report.format_by_method(results, "start").splitlines()
    assert lines[0].split() == ["fork"]
    assert [line.split()[0] for line in lines[1:]] == ["floor", "Process", "Pool(2)"]
    assert lines[2].split()[-3:] == ["5", "ms", "0.4"]
    assert "Manager dict proxy" in report.format_by_method(results, "state")
    with pytest.raises(ValueError, match="no 'speed' rows"):
        report.format_by_method(results, "speed")
    with pytest.raises(TypeError, match="what bench.run"):
        report.format_by_method({"no": "rows"}, "start")


def test_describe_run_names_the_machine() -> None:
    results = synthetic_results()
    results["meta"].update(platform="Linux-6", processor="Some CPU 3000",
                           machine="x86_64")
    assert report.describe_run(results).splitlines() == [
        "one run on one machine:", "  Some CPU 3000, 2 usable CPUs", "  Linux-6",
        "  Python 3.x, full mode, median of 5"]
    results["meta"]["processor"] = ""
    assert "  x86_64, 2 usable CPUs" in report.describe_run(results).splitlines()
