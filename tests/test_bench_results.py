"""mpdemos.bench.results: finding rows, judging targets, bench.json and back."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench_fixtures import synthetic_results
from mpdemos.bench import results as found
from mpdemos.bench.results import MIN_REPEATS_FOR_TARGETS, check_targets


def test_rows_and_row_find_by_field_or_param() -> None:
    results = synthetic_results()
    process = found.row(results, "start", name="Process start+join")
    assert process["value"] == pytest.approx(0.005)  # the median
    assert process["ratio"] == pytest.approx(0.4)  # floor / value
    shm = found.row(results, "ipc", name="shared_memory 1 MiB")
    assert shm["ratio"] == pytest.approx(7 / 8)  # value / ceiling, higher is better
    pool2 = found.row(results, "scaling", name="Pool", workers=2)
    assert pool2["ratio"] == pytest.approx(pool2["params"]["speedup"] / 2)
    assert len(found.rows(results, "ipc", transport="memcpy")) == 2
    assert len(found.rows(results)) == len(results["rows"])
    with pytest.raises(LookupError):
        found.row(results, "scaling", name="Pool")  # two worker counts match
    with pytest.raises(TypeError, match="what bench.run"):
        found.rows({"no": "rows"})


def test_section_rows_want_the_section_measured() -> None:
    results = synthetic_results()
    assert found.section_rows(results, "state") == found.rows(results, "state")
    with pytest.raises(ValueError, match="no 'speed' rows; run that section first"):
        found.section_rows(results, "speed")


def test_check_targets() -> None:
    targets = {t["target"]: t for t in synthetic_results()["targets"]}
    assert targets["Pool speedup, 2 workers, fork"]["met"]  # 1/0.53 = 1.89
    assert targets["shared_memory 1 MiB / memcpy, fork"]["met"]  # 0.875
    assert targets["Pool time / joblib time, 2 workers, fork"]["met"]  # 0.53 / 0.56
    assert all(t["enough_repeats"] for t in targets.values())


def test_targets_compare_within_turns_and_report_medians() -> None:
    results = synthetic_results()
    shm = found.row(results, "ipc", name="shared_memory 1 MiB")
    # Medians say 0.7 (NOT met); round by round it is 0.9 every time.
    shm.update(samples=[9.0, 4.5, 7.2], value=7.2, ceiling=10.3, ratio=0.7)
    shm["params"]["ceiling_samples"] = [10.0, 5.0, 8.0]
    pool = found.row(results, "scaling", name="Pool", workers=2)
    # Medians say 1.7x; turn by turn the Pool was 1.9x, 1.9x, 1.5x.
    pool["params"].update(speedup=1.7, serial_samples=[1.9, 3.8, 1.5])
    pool["samples"] = [1.0, 2.0, 1.0]
    targets = {t["target"]: t for t in check_targets(results)}
    shm_target = targets["shared_memory 1 MiB / memcpy, fork"]
    assert shm_target["value"] == pytest.approx(0.9) and shm_target["met"]
    assert shm_target["medians"] == pytest.approx(0.7)
    pool_target = targets["Pool speedup, 2 workers, fork"]
    assert pool_target["value"] == pytest.approx(1.9) and pool_target["met"]
    assert pool_target["medians"] == pytest.approx(1.7)


def test_one_cpu_judges_no_two_worker_target() -> None:
    results = synthetic_results()
    results["meta"]["cpus"] = 1
    names = [t["target"] for t in check_targets(results)]
    assert "Pool speedup, 2 workers, fork" not in names
    assert "shared_memory 1 MiB / memcpy, fork" in names


def test_targets_know_when_the_repeats_are_too_few() -> None:
    results = synthetic_results()
    results["meta"]["repeats"] = MIN_REPEATS_FOR_TARGETS - 1
    assert not any(t["enough_repeats"] for t in check_targets(results))


def test_load_reads_what_write_json_wrote(tmp_path: Path) -> None:
    results = synthetic_results()
    path = found.write_json(results, tmp_path / "out" / "bench.json")
    assert path == tmp_path / "out" / "bench.json"
    assert found.load(path) == results
    (tmp_path / "other.json").write_text('{"rows": []}')
    with pytest.raises(ValueError, match="does not hold mpdemos bench results"):
        found.load(tmp_path / "other.json")


def test_the_full_run_shipped_with_the_package_loads() -> None:
    assert found.FULL_RUN.is_file(), "the package lost its full run"
    results = found.load()
    assert set(results) == {"meta", "rows", "targets"}
    assert {r["section"] for r in results["rows"]} == set(results["meta"]["sections"])
