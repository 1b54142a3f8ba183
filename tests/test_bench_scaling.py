"""mpdemos.bench.scaling: a tiny scaling run, and joblib in its helper interpreter."""

from __future__ import annotations

import io
import statistics
import sys
from dataclasses import replace

import pytest

from bench_fixtures import TINY
from mpdemos.bench import scaling
from mpdemos.bench.results import row, rows
from mpdemos.bench.settings import worker_counts
from mpdemos.bench.stats import cores, paired_speedup


def test_scaling_rows_keep_their_turns_and_cores() -> None:
    results = {"rows": scaling.measure_scaling(["fork"], TINY, cpus=2)}
    pool = row(results, "scaling", name="Pool", workers=2)
    assert len(pool["params"]["serial_samples"]) == len(pool["samples"])
    assert paired_speedup(pool) > 0
    with pytest.raises(ValueError, match="scaling row of a runner"):
        paired_speedup(row(results, "scaling", name="serial loop"))
    # the same turns also give the cores the tasks got (not for joblib)
    assert len(pool["params"]["cores_samples"]) == len(pool["samples"])
    assert cores(pool) == statistics.median(pool["params"]["cores_samples"])
    assert 0 < cores(pool) <= 2.2
    serial = row(results, "scaling", name="serial loop")
    assert "cores_samples" not in serial["params"]
    assert len(serial["samples"]) == len(worker_counts(2)) * TINY.repeats
    kinds = {r["name"] for r in rows(results, "scaling")}
    assert kinds == {"serial loop", "Pool", "ProcessPoolExecutor", "threads"}
    assert all("amdahl_p" in r["params"] for r in rows(results, "scaling")
               if r["name"] != "serial loop")


def test_scaling_with_joblib_in_its_helper_interpreter() -> None:
    results = {"rows": scaling.measure_scaling(["fork"], replace(TINY, joblib=True),
                                               cpus=1)}
    kinds = [r["name"] for r in rows(results, "scaling", workers=2)]
    assert kinds == list(scaling.SCALING_KINDS)  # in this order
    for r in rows(results, "scaling", name="joblib (loky)"):
        assert "cores_samples" not in r["params"] and r["value"] > 0
        with pytest.raises(ValueError, match="cores needs"):
            cores(r)


def test_joblib_runner_checks_and_reports_errors() -> None:
    with scaling.JoblibRunner() as runner:
        runner.warm(2)
        assert runner.time(2, 4, 1_000) > 0
        with pytest.raises(RuntimeError, match="tasks must be >= 1"):
            runner.time(2, 0, 1_000)  # the helper kept serving after the error
        with pytest.raises(ValueError, match="workers must be >= 1"):
            runner.warm(0)
        assert runner.time(1, 2, 1_000) > 0
    assert runner._proc.returncode == 0


def test_scaling_rows_sort_runners_and_fit_amdahl() -> None:
    serial = {1: [1.0], 2: [1.0]}
    times = {("threads", 1): [1.0], ("Pool", 2): [0.5], ("Pool", 1): [1.0],
             ("threads", 2): [1.0]}
    seen = {key: [1.0] for key in times}
    found = scaling.scaling_rows("fork", serial, times, seen)
    assert [(r["name"], r["params"]["workers"]) for r in found] == [
        ("serial loop", 1), ("Pool", 1), ("threads", 1), ("Pool", 2), ("threads", 2)]
    assert found[0]["samples"] == [1.0, 1.0]
    pool2 = found[3]
    assert pool2["params"]["speedup"] == 2.0 and pool2["params"]["amdahl_p"] == 1.0
    assert found[4]["params"]["amdahl_p"] == 0.0  # threads: no faster with two
    assert pool2["ceiling"] == 0.5 and pool2["ratio"] == 1.0


def test_joblib_helper_answers_line_by_line(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    # one worker: joblib runs the tasks in this process, starting no workers
    monkeypatch.setattr(sys, "stdin", io.StringIO("warm 1\nfly 1\nrun 1 2 1000\n"
                                                  "run 1 0 1000\n"))
    scaling.joblib_helper()
    ok, unknown, seconds, error = capsys.readouterr().out.splitlines()
    assert ok == "ok" and unknown == "error: unknown request 'fly 1'"
    assert float(seconds) > 0
    assert error == "error: ValueError: tasks must be >= 1, not 0"


def test_measure_scaling_rejects_a_bad_cpu_count() -> None:
    with pytest.raises(ValueError, match="cpus must be >= 1"):
        scaling.measure_scaling(["fork"], TINY, cpus=0)
