"""mpdemos.bench.measuring: a tiny run of every section, and bad arguments.

No test here checks a time: the machine may be busy. They check shapes,
units, ratios against ceilings, and that nothing is left behind.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from bench_fixtures import ROW_KEYS, TINY
from mpdemos.bench import measuring
from mpdemos.bench.results import rows, write_json
from mpdemos.bench.scaling import SCALING_KINDS
from mpdemos.bench.settings import IPC_TRANSPORTS, SECTIONS, usable_cpus, worker_counts


def test_run_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="not a section"):
        measuring.run(["speed"], ["fork"], TINY)
    with pytest.raises(TypeError, match="list of section names"):
        measuring.run("state", ["fork"], TINY)
    with pytest.raises(TypeError, match="Settings"):
        measuring.run(["state"], ["fork"], {"repeats": 1})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="no section given"):
        measuring.run([], ["fork"], TINY)
    with pytest.raises(ValueError, match="not a start method"):
        measuring.run(["state"], ["threads"], TINY)


def test_tiny_full_run_gives_json_with_every_section(tmp_path: Path) -> None:
    results = measuring.run(SECTIONS, ["fork"], TINY)
    path = write_json(results, tmp_path / "out" / "bench.json")
    loaded = json.loads(path.read_text())
    assert set(loaded) == {"meta", "rows", "targets"}
    assert loaded["meta"]["mode"] == "tiny" and loaded["meta"]["methods"] == ["fork"]
    assert loaded["meta"]["sections"] == list(SECTIONS)
    assert loaded["meta"]["settings"]["tiny_tasks"] == TINY.tiny_tasks
    assert {r["section"] for r in loaded["rows"]} == set(SECTIONS)
    for r in loaded["rows"]:
        assert set(r) == ROW_KEYS
        assert r["value"] > 0 and r["ceiling"] > 0 and math.isfinite(r["ratio"])
        # the serial loop takes a turn beside each worker count, memcpy beside
        # each transport
        serial = r["section"] == "scaling" and r["name"] == "serial loop"
        memcpy = r["section"] == "ipc" and r["params"]["transport"] == "memcpy"
        turns = (len(worker_counts(usable_cpus())) if serial
                 else len(IPC_TRANSPORTS) if memcpy else 1)
        assert len(r["samples"]) == turns
    kinds = {r["name"] for r in rows(loaded, "scaling")}
    assert not TINY.joblib  # joblib is tested in tests/test_bench_scaling.py
    assert kinds == {"serial loop", *SCALING_KINDS} - {"joblib (loky)"}
    workers = {r["params"]["workers"] for r in rows(loaded, "scaling")}
    assert workers == set(worker_counts(usable_cpus()))
    assert [t["enough_repeats"] for t in loaded["targets"]] == [False] * len(
        loaded["targets"])


def test_processor_name_is_a_string() -> None:
    assert isinstance(measuring.processor_name(), str)
    if Path("/proc/cpuinfo").is_file():
        assert measuring.processor_name()  # Linux always names its CPU
