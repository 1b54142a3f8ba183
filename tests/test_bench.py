"""The performance lab: pure functions, a tiny run, the command and bad arguments.

No test here checks a time: the machine may be busy. They check shapes,
units, ratios against ceilings, and that nothing is left behind.
"""

from __future__ import annotations

import json
import math
import os
import statistics
from dataclasses import replace
from multiprocessing.context import BaseContext
from pathlib import Path

import pytest

from mpdemos import bench
from mpdemos.bench import plots as bench_plots
from mpdemos.__main__ import main

#: As small as a run can be: one sample, tiny jobs, few messages.
TINY = replace(
    bench.NOTEBOOK, mode="tiny", repeats=1, task_size=2_000, tasks_per_cpu=2,
    tiny_tasks=50, chunksizes=(1, None), ipc_sizes=(bench.KIB, 64 * bench.KIB),
    ipc_round_bytes=256 * bench.KIB, ipc_min_messages=4, ipc_max_messages=16,
    ipc_slots=2, ipc_ring_bytes=bench.MIB, ipc_source_bytes=bench.MIB, state_ops=100, manager_ops=5,
)

ROW_KEYS = {"section", "name", "method", "unit", "value", "samples", "ceiling_name",
            "ceiling", "ratio", "higher_is_better", "params"}


# ------------------------------------------------------------ pure functions


@pytest.mark.parametrize("p", [0.0, 0.5, 0.9, 0.99, 1.0])
def test_fit_amdahl_recovers_p_from_exact_speedups(p: float) -> None:
    workers = [1, 2, 4, 8]
    speedups = [bench.amdahl(p, w) for w in workers]
    assert bench.fit_amdahl(workers, speedups) == pytest.approx(p, abs=1e-9)


def test_fit_amdahl_on_noisy_data_is_close_and_clipped() -> None:
    workers = [1, 2, 3, 4]
    noisy = [bench.amdahl(0.8, w) * f for w, f in zip(workers, [1.02, 0.97, 1.01, 0.99])]
    assert bench.fit_amdahl(workers, noisy) == pytest.approx(0.8, abs=0.05)
    assert bench.fit_amdahl([1, 2], [1.0, 0.5]) == 0.0  # slower with more workers
    assert bench.fit_amdahl([2], [2.5]) == 1.0  # superlinear: clipped


def test_amdahl_limits() -> None:
    assert bench.amdahl(1.0, 4) == pytest.approx(4.0)
    assert bench.amdahl(0.0, 4) == pytest.approx(1.0)
    assert bench.amdahl(0.95, 1e9) == pytest.approx(20.0, rel=1e-6)


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
        bench.fit_amdahl(workers, speedups)


def test_amdahl_bad_arguments() -> None:
    with pytest.raises(ValueError, match="fraction"):
        bench.amdahl(1.5, 2)
    with pytest.raises(ValueError, match="positive"):
        bench.amdahl(0.5, 0)


def test_usable_cpus_and_worker_counts() -> None:
    assert bench.usable_cpus() >= 1
    assert bench.worker_counts(1) == [1, 2]  # the second worker shows it buys nothing
    assert bench.worker_counts(4) == [1, 2, 3, 4]
    assert bench.worker_counts(12) == [1, 2, 4, 8, 12]
    with pytest.raises(ValueError):
        bench.worker_counts(0)


def test_auto_chunksize_is_what_pool_map_picks() -> None:
    assert bench.auto_chunksize(2_000, 2) == 250
    assert bench.auto_chunksize(10, 2) == 2  # 10 / 8, rounded up
    assert bench.auto_chunksize(3, 4) == 1


@pytest.mark.parametrize("value, unit, text", [
    (1.5, "s", "1.5 s"), (0.0123, "s", "12.3 ms"), (4.2e-6, "s", "4.2 µs"),
    (7.5e-8, "s/op", "75 ns/op"), (3 * 2**30, "B/s", "3 GiB/s"),
    (512 * 2**20, "B/s", "512 MiB/s"), (1.856, "x", "1.86x"),
])
def test_human(value: float, unit: str, text: str) -> None:
    assert bench.human(value, unit) == text


def test_human_rejects_unknown_units() -> None:
    with pytest.raises(ValueError, match="unknown unit"):
        bench.human(1.0, "furlongs")


def test_size_label_and_message_count() -> None:
    assert [bench.size_label(s) for s in (1024, 65536, 2**20, 100)] == [
        "1 KiB", "64 KiB", "1 MiB", "100 B"]
    assert bench.message_count(2**20, bench.QUICK) == 32
    assert bench.message_count(1024, bench.QUICK) == bench.QUICK.ipc_max_messages
    assert bench.message_count(2**30, bench.QUICK) == bench.QUICK.ipc_min_messages


def test_make_messages_are_distinct_and_memcpy_times_them() -> None:
    messages = bench.make_messages(1024, 8, TINY)
    assert len(messages) == 8 and {len(m) for m in messages} == {1024}
    assert len(set(messages)) == 8
    assert bench.memcpy_seconds(messages, 20) > 0
    with pytest.raises(ValueError, match="equal-sized"):
        bench.memcpy_seconds([b"ab", b"abc"], 2)


def test_parse_list() -> None:
    assert bench.parse_list("fork, spawn,fork", bench.KNOWN_METHODS, "start method") == [
        "fork", "spawn"]
    with pytest.raises(ValueError, match="'nope' is not a section"):
        bench.parse_list("start,nope", bench.SECTIONS, "section")
    with pytest.raises(ValueError, match="no section given"):
        bench.parse_list(" , ", bench.SECTIONS, "section")
    with pytest.raises(TypeError):
        bench.parse_list(["start"], bench.SECTIONS, "section")  # type: ignore[arg-type]


def test_check_methods() -> None:
    with pytest.raises(ValueError, match="not a start method"):
        bench.check_methods(["threads"])
    with pytest.raises(ValueError, match="at least one"):
        bench.check_methods([])
    with pytest.raises(TypeError, match="not a str"):
        bench.check_methods("fork")


def test_settings_check_their_fields() -> None:
    with pytest.raises(ValueError, match="repeats must be >= 1"):
        bench.QUICK.with_repeats(0)
    with pytest.raises(TypeError, match="repeats must be an int"):
        bench.QUICK.with_repeats(2.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="chunksizes"):
        replace(bench.QUICK, chunksizes=())
    with pytest.raises(ValueError, match="ipc_min_messages"):
        replace(bench.QUICK, ipc_min_messages=10, ipc_max_messages=5)
    assert bench.FULL.repeats >= bench.MIN_REPEATS_FOR_TARGETS
    assert bench.QUICK.with_repeats(5).repeats == 5


def test_run_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="not a section"):
        bench.run(["speed"], ["fork"], TINY)
    with pytest.raises(TypeError, match="list of section names"):
        bench.run("state", ["fork"], TINY)
    with pytest.raises(TypeError, match="Settings"):
        bench.run(["state"], ["fork"], {"repeats": 1})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at least one section"):
        bench.run([], ["fork"], TINY)


def synthetic_results() -> dict:
    """Results shaped like a real run, with made-up numbers."""
    rows = [
        bench._row("start", "bare os.fork()", "fork", "s", [0.002], "bare os.fork()",
                   0.002),
        bench._row("start", "Process start+join", "fork", "s", [0.004, 0.006],
                   "bare os.fork()", 0.002),
        bench._row("start", "Pool(2) until ready", "fork", "s", [0.02],
                   "bare os.fork()", 0.002, workers=2),
        bench._row("scaling", "serial loop", "fork", "s", [1.0], "serial loop", 1.0,
                   workers=1, speedup=1.0),
    ]
    for name, times in (("Pool", (1.0, 0.53)), ("ProcessPoolExecutor", (1.0, 0.54)),
                        ("joblib (loky)", (1.0, 0.56)), ("threads", (1.0, 1.0))):
        for w, t in zip((1, 2), times):
            rows.append(bench._row("scaling", name, "fork", "s", [t], f"serial / {w}",
                                   1.0 / w, workers=w, speedup=1.0 / t,
                                   amdahl_p=bench.fit_amdahl([1, 2], [1.0, 1 / times[1]])))
    rows.append(bench._row("chunksize", "serial loop", "fork", "s", [1e-4], "serial loop",
                           1e-4, tasks=100, chunksize=None))
    for c, t in ((1, 1e-2), (10, 1e-3), (None, 5e-4)):
        rows.append(bench._row("chunksize", f"chunksize={c or 'auto'}", "fork", "s", [t],
                               "serial loop", 1e-4, tasks=100, chunksize=c, workers=2,
                               chunksize_used=c or 13))
    for size in (bench.KIB, bench.MIB):
        for name, rate in (("memcpy", 8e9), ("Queue", 1e8), ("Pipe", 2e8),
                           ("shared_memory", 7e9)):
            rows.append(bench._row("ipc", f"{name} {bench.size_label(size)}", "fork",
                                   "B/s", [rate], f"memcpy {bench.size_label(size)}", 8e9,
                                   higher_is_better=True, transport=name, size=size,
                                   messages=10))
    for name, t in (("dict", 5e-8), ("Value(lock=False)", 8e-8),
                    ("Value with get_lock()", 5e-7), ("Manager dict proxy", 7e-5)):
        rows.append(bench._row("state", name, "fork", "s/op", [t], "dict", 5e-8))
    results = {"meta": {"mode": "full", "repeats": 5, "methods": ["fork"], "cpus": 2,
                        "python": "3.x"}, "rows": rows}
    results["targets"] = bench.check_targets(results)
    return results


def test_rows_carry_value_ceiling_and_ratio() -> None:
    results = synthetic_results()
    process = bench.row(results, "start", name="Process start+join")
    assert process["value"] == pytest.approx(0.005)  # the median
    assert process["ratio"] == pytest.approx(0.4)  # floor / value
    shm = bench.row(results, "ipc", name="shared_memory 1 MiB")
    assert shm["ratio"] == pytest.approx(7 / 8)  # value / ceiling, higher is better
    pool2 = bench.row(results, "scaling", name="Pool", workers=2)
    assert pool2["ratio"] == pytest.approx(pool2["params"]["speedup"] / 2)
    assert len(bench.rows(results, "ipc", transport="memcpy")) == 2
    with pytest.raises(LookupError):
        bench.row(results, "scaling", name="Pool")  # two worker counts match


def test_check_targets() -> None:
    targets = {t["target"]: t for t in synthetic_results()["targets"]}
    assert targets["Pool speedup, 2 workers, fork"]["met"]  # 1/0.53 = 1.89
    assert targets["shared_memory 1 MiB / memcpy, fork"]["met"]  # 0.875
    assert targets["Pool time / joblib time, 2 workers, fork"]["met"]  # 0.53 / 0.56


def test_format_table() -> None:
    text = bench.format_table(synthetic_results())
    lines = text.splitlines()
    assert lines[0].startswith("mpdemos bench, full mode, median of 5")
    assert lines[2].split() == ["measurement", "method", "value", "ceiling", "ratio",
                                "note"]
    for section in bench.SECTIONS:  # a heading names each section's ceiling
        assert f"{section} ({bench.CEILINGS[section]})" in lines
    process = next(line for line in lines if "Process start+join" in line)
    assert process.split()[-5:] == ["5", "ms", "2", "ms", "0.4"]
    assert "Pool x2" in text and "1.89x, p=" in text
    assert "targets:" in text and "NOT met" not in text
    assert max(len(line) for line in lines) <= 88
    with pytest.raises(TypeError):
        bench.format_table({"no": "rows"})


def test_format_by_method() -> None:
    results = synthetic_results()
    lines = bench.format_by_method(results, "start").splitlines()
    assert lines[0].split() == ["fork"]
    assert [line.split()[0] for line in lines[1:]] == ["floor", "Process", "Pool(2)"]
    assert lines[2].split()[-3:] == ["5", "ms", "0.4"]
    assert "Manager dict proxy" in bench.format_by_method(results, "state")
    with pytest.raises(ValueError, match="no 'speed' rows"):
        bench.format_by_method(results, "speed")


def test_plots_draw_every_section(tmp_path: Path) -> None:
    written = bench_plots.save_all(synthetic_results(), tmp_path)
    assert [p.name for p in written] == [f"bench-{s}.png" for s in bench.SECTIONS]
    assert all(p.stat().st_size > 1000 for p in written)
    with pytest.raises(ValueError, match="not a section"):
        bench_plots.draw(synthetic_results(), "speed")


# --------------------------------------------------------------- tiny runs


def test_ipc_and_state_under_every_method(ctx: BaseContext) -> None:
    method = ctx.get_start_method()
    results = bench.run(["ipc", "state"], [method], TINY)
    transports = {r["params"]["transport"] for r in bench.rows(results, "ipc")}
    assert transports == {"memcpy", *bench.IPC_TRANSPORTS}
    assert len(bench.rows(results, "ipc")) == 5 * len(TINY.ipc_sizes)
    for r in bench.rows(results, "ipc", transport="memcpy"):
        assert r["ratio"] == pytest.approx(1.0)
    for r in bench.rows(results, "ipc"):  # each round beside its own memcpy
        assert r["params"]["pinned"] is (bench.cpus_apart() is not None)
        if r["params"]["transport"] != "memcpy":
            assert len(r["params"]["ceiling_samples"]) == len(r["samples"])
            assert bench.paired_ratio(r) > 0
    names = [r["name"] for r in bench.rows(results, "state")]
    assert names == ["dict", "Value(lock=False)", "Value with get_lock()",
                     "Manager dict proxy"]


def test_tiny_full_run_gives_json_with_every_section(tmp_path: Path) -> None:
    results = bench.run(bench.SECTIONS, ["fork"], TINY)
    path = bench.write_json(results, tmp_path / "out" / "bench.json")
    loaded = json.loads(path.read_text())
    assert set(loaded) == {"meta", "rows", "targets"}
    assert loaded["meta"]["mode"] == "tiny" and loaded["meta"]["methods"] == ["fork"]
    assert {r["section"] for r in loaded["rows"]} == set(bench.SECTIONS)
    for r in loaded["rows"]:
        assert set(r) == ROW_KEYS
        assert r["value"] > 0 and r["ceiling"] > 0 and math.isfinite(r["ratio"])
        # the serial loop takes a turn beside each worker count, memcpy beside
        # each transport
        serial = r["section"] == "scaling" and r["name"] == "serial loop"
        memcpy = r["section"] == "ipc" and r["params"]["transport"] == "memcpy"
        turns = (len(bench.worker_counts(bench.usable_cpus())) if serial
                 else len(bench.IPC_TRANSPORTS) if memcpy else 1)
        assert len(r["samples"]) == turns
    kinds = {r["name"] for r in bench.rows(loaded, "scaling")}
    assert kinds == {"serial loop", *bench.SCALING_KINDS}
    workers = {r["params"]["workers"] for r in bench.rows(loaded, "scaling")}
    assert workers == set(bench.worker_counts(bench.usable_cpus()))
    assert [t["enough_repeats"] for t in loaded["targets"]] == [False] * len(
        loaded["targets"])


def test_command_writes_json_and_plots(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["bench", "--sections", "state", "--methods", "fork", "--repeats", "1",
                 "--out", str(tmp_path), "--quiet"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Manager dict proxy" in out and "ceiling" in out
    assert (tmp_path / "bench.json").is_file()
    assert (tmp_path / "bench-state.png").is_file()


@pytest.mark.parametrize("args, message", [
    (["--methods", "fork,threads"], "'threads' is not a start method"),
    (["--sections", "speed"], "'speed' is not a section"),
    (["--repeats", "0"], "repeats must be >= 1"),
    (["--quick", "--full"], "not allowed with argument"),
    (["--repeats", "many"], "invalid int value"),
])
def test_command_bad_arguments(args: list[str], message: str,
                               capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["bench", *args])
    assert stop.value.code == 2
    assert message in capsys.readouterr().err


def test_ring_slots_keep_the_ring_small() -> None:
    assert bench.ring_slots(bench.KIB, bench.FULL) == bench.FULL.ipc_slots
    assert bench.ring_slots(bench.MIB, bench.FULL) == 2  # 2 MiB ring
    assert bench.ring_slots(64 * bench.MIB, bench.FULL) == 1  # never below one
    with pytest.raises(ValueError, match="size"):
        bench.ring_slots(0, bench.FULL)


def test_channel_rejects_unknown_transport_and_too_many_slots(ctx: BaseContext) -> None:
    with pytest.raises(ValueError, match="unknown transport 'carrier pigeon'"):
        bench._Channel(ctx, "carrier pigeon", bench.KIB, 2)
    channel = bench._Channel(ctx, "shared_memory", bench.KIB, 2)
    try:
        messages = bench.make_messages(bench.KIB, 4, TINY)
        with pytest.raises(ValueError, match="slots must be <= 2"):
            channel.round(messages, 4, 3)
        assert channel.round(messages, 4, 1) > 0  # a smaller ring still works
        assert channel.round(messages, 4, 2) > 0  # and the parked slot came back
    finally:
        channel.close()
    assert channel.process.exitcode == 0


def test_settings_can_pick_transports() -> None:
    rows = bench.measure_ipc(["fork"], replace(TINY, ipc_transports=("Pipe",)))
    assert {r["params"]["transport"] for r in rows} == {"memcpy", "Pipe"}
    with pytest.raises(ValueError, match="'pigeon' is not a transport"):
        replace(TINY, ipc_transports=("pigeon",))
    with pytest.raises(ValueError, match="non-empty tuple"):
        replace(TINY, ipc_transports="Pipe")


def test_within_turns_is_the_median_of_paired_ratios() -> None:
    assert bench.within_turns([2.0, 9.0, 3.0], [1.0, 3.0, 3.0]) == pytest.approx(2.0)
    with pytest.raises(ValueError, match="same number"):
        bench.within_turns([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="same number"):
        bench.within_turns([], [])
    with pytest.raises(ValueError, match="positive"):
        bench.within_turns([1.0], [0.0])


def test_paired_ratio_compares_each_round_with_its_memcpy() -> None:
    row = bench._row("ipc", "shared_memory 1 MiB", "fork", "B/s", [8.0, 4.0, 9.0],
                     "memcpy 1 MiB", 10.0, higher_is_better=True,
                     ceiling_samples=[10.0, 5.0, 10.0])
    assert row["ratio"] == pytest.approx(0.8)  # medians: 8 / 10
    assert bench.paired_ratio(row) == pytest.approx(0.8)  # rounds: 0.8, 0.8, 0.9
    row["samples"] = [8.0, 9.0, 4.0]  # the slow round beside a fast memcpy
    assert bench.paired_ratio(row) == pytest.approx(0.8)  # 0.8, 1.8, 0.4
    with pytest.raises(ValueError, match="ipc row of a transport"):
        bench.paired_ratio(bench._row("ipc", "memcpy 1 MiB", "fork", "B/s", [1.0],
                                      "memcpy 1 MiB", 1.0, higher_is_better=True))


def test_targets_compare_within_turns_and_report_medians() -> None:
    results = synthetic_results()
    shm = bench.row(results, "ipc", name="shared_memory 1 MiB")
    # Medians say 0.7 (NOT met); round by round it is 0.9 every time.
    shm.update(samples=[9.0, 4.5, 7.2], value=7.2, ceiling=10.3, ratio=0.7)
    shm["params"]["ceiling_samples"] = [10.0, 5.0, 8.0]
    pool = bench.row(results, "scaling", name="Pool", workers=2)
    # Medians say 1.7x; turn by turn the Pool was 1.9x, 1.9x, 1.5x.
    pool["params"].update(speedup=1.7, serial_samples=[1.9, 3.8, 1.5])
    pool["samples"] = [1.0, 2.0, 1.0]
    targets = {t["target"]: t for t in bench.check_targets(results)}
    shm_target = targets["shared_memory 1 MiB / memcpy, fork"]
    assert shm_target["value"] == pytest.approx(0.9) and shm_target["met"]
    assert shm_target["medians"] == pytest.approx(0.7)
    pool_target = targets["Pool speedup, 2 workers, fork"]
    assert pool_target["value"] == pytest.approx(1.9) and pool_target["met"]
    assert pool_target["medians"] == pytest.approx(1.7)
    text = bench.format_table({**results, "targets": list(targets.values())})
    assert "shared_memory 1 MiB / memcpy, fork: 0.90 (>= 0.8) met; medians 0.70" in text


def test_pinned_apart_pins_and_gives_the_cpus_back(ctx: BaseContext) -> None:
    before = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    child = ctx.Process(target=bench.worker_pid, args=(1.0,))
    child.start()
    pair = bench.cpus_apart()
    try:
        with bench.pinned_apart([child.pid]) as pinned:
            assert pinned is (pair is not None)
            if pair is not None:
                assert os.sched_getaffinity(0) == {pair[0]}
                assert os.sched_getaffinity(child.pid) == {pair[1]}
    finally:
        child.join(10)
    assert child.exitcode == 0
    if before is not None:
        assert os.sched_getaffinity(0) == before


def test_pinned_apart_does_nothing_where_it_cannot(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench, "cpus_apart", lambda: None)
    with bench.pinned_apart([os.getpid()]) as pinned:
        assert pinned is False
    with pytest.raises(ValueError, match="pid"), bench.pinned_apart([0]):
        pass


def test_paired_speedup_uses_the_turns_side_by_side() -> None:
    row = bench._row("scaling", "Pool", "fork", "s", [0.05, 0.055, 0.06], "serial / 2",
                     0.05, workers=2, speedup=1.0, serial_samples=[0.1, 0.06, 0.12])
    assert bench.paired_speedup(row) == pytest.approx(2.0)  # ratios 2, 1.09, 2
    results = bench.run(["scaling"], ["fork"], TINY)
    pool = bench.row(results, "scaling", name="Pool", workers=2)
    assert len(pool["params"]["serial_samples"]) == len(pool["samples"])
    with pytest.raises(ValueError, match="scaling row of a runner"):
        bench.paired_speedup(bench.row(results, "scaling", name="serial loop"))
    # the same turns also give the cores the tasks got (not for joblib)
    assert len(pool["params"]["cores_samples"]) == len(pool["samples"])
    assert bench.cores(pool) == statistics.median(pool["params"]["cores_samples"])
    assert 0 < bench.cores(pool) <= 2.2
    for row in bench.rows(results, "scaling"):
        if row["name"] in ("joblib (loky)", "serial loop"):
            assert "cores_samples" not in row["params"]
            with pytest.raises(ValueError, match="cores needs"):
                bench.cores(row)


def scaling_row(serial: list[float], samples: list[float], cores: list[float]) -> dict:
    return bench._row("scaling", "Pool", "fork", "s", samples, "serial / 2", 0.5,
                      workers=2, speedup=1.0, serial_samples=serial,
                      cores_samples=cores)


def test_speedup_when_free_counts_only_turns_with_free_cores() -> None:
    # turn 2: another program held a core (0.9 cores), and the loop won
    row = scaling_row([1.0, 1.0, 1.0], [0.5, 1.2, 0.6], [1.9, 0.9, 1.8])
    assert bench.speedup_when_free(row) == pytest.approx((2.0 + 1 / 0.6) / 2)  # 1, 3
    assert bench.paired_speedup(row) == pytest.approx(1.0 / 0.6)  # all three
    assert bench.speedup_when_free(row, min_cores=2.0) is None  # no turn was free
    with pytest.raises(ValueError, match="speedup_when_free needs"):
        bench.speedup_when_free(bench._row("scaling", "serial loop", "fork", "s",
                                           [1.0], "serial loop", 1.0))


def test_process_start_costs_are_best_of_turns(ctx: BaseContext) -> None:
    method = ctx.get_start_method()
    costs = bench.process_start_costs([method], turns=2)
    assert list(costs) == [method]
    assert 0 < costs[method] < bench.TIMEOUT
    with pytest.raises(ValueError, match="turns"):
        bench.process_start_costs([method], turns=0)
    with pytest.raises(ValueError, match="not a start method"):
        bench.process_start_costs(["fork-exec"])


def test_one_cpu_judges_no_two_worker_target() -> None:
    results = synthetic_results()
    results["meta"]["cpus"] = 1
    names = [t["target"] for t in bench.check_targets(results)]
    assert "Pool speedup, 2 workers, fork" not in names
    assert "shared_memory 1 MiB / memcpy, fork" in names


def test_targets_need_enough_repeats_to_be_shown() -> None:
    results = synthetic_results()
    assert "targets:" in bench.format_table(results)
    results["meta"]["repeats"] = bench.MIN_REPEATS_FOR_TARGETS - 1
    results["targets"] = bench.check_targets(results)
    assert "targets" not in bench.format_table(results)  # noise, not a verdict


def test_load_reads_what_write_json_wrote_and_names_the_machine(tmp_path: Path) -> None:
    results = synthetic_results()
    results["meta"].update(platform="Linux-6", processor="Some CPU 3000",
                           machine="x86_64")
    loaded = bench.load(bench.write_json(results, tmp_path / "bench.json"))
    assert loaded == results
    assert bench.describe_run(loaded).splitlines() == [
        "one run on one machine:", "  Some CPU 3000, 2 usable CPUs", "  Linux-6",
        "  Python 3.x, full mode, median of 5"]
    (tmp_path / "other.json").write_text('{"rows": []}')
    with pytest.raises(ValueError, match="does not hold mpdemos bench results"):
        bench.load(tmp_path / "other.json")


def test_processor_name_is_a_string() -> None:
    assert isinstance(bench.processor_name(), str)
    if Path("/proc/cpuinfo").is_file():
        assert bench.processor_name()  # Linux always names its CPU
