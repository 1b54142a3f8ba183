"""mpdemos.beyond (15-beyond-one-machine): the common job, its timing, its table."""

from __future__ import annotations

import inspect
from multiprocessing.context import BaseContext

import pytest

from mpdemos import beyond
from mpdemos.pools import busy


def test_serial_run_is_checked_and_timed() -> None:
    run = beyond.serial(n=1_000, tasks=3)
    assert run.engine == "serial loop" and run.start is None
    assert run.job > 0 and run.cpu > 0
    assert run.speedup(run) == pytest.approx(1.0)


def test_time_job_on_a_pool(ctx: BaseContext) -> None:
    with ctx.Pool(2) as pool:
        run = beyond.time_job("Pool", pool.map, start=0.5, n=1_000, tasks=4, repeats=2)
    assert run.engine == "Pool" and run.start == 0.5
    assert run.cores == pytest.approx(run.cpu / run.job)


def test_serial_and_pool_take_turns_and_keep_the_fastest(ctx: BaseContext) -> None:
    calls: list[str] = []

    def logged_map(task, items):
        calls.append("pool")
        return map(task, items)

    real_serial = beyond.serial

    def logged_serial(n: int, tasks: int) -> beyond.Run:
        calls.append("loop")
        return real_serial(n, tasks)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(beyond, "serial", logged_serial)
        loop, pool = beyond.serial_and_pool(logged_map, start=0.25, turns=3,
                                            n=1_000, tasks=2)
    assert calls == ["loop", "pool"] * 3
    assert loop.engine == "serial loop" and loop.start is None
    assert pool.engine == "multiprocessing.Pool" and pool.start == 0.25
    with ctx.Pool(2) as real_pool:
        loop, pool = beyond.serial_and_pool(real_pool.map, turns=1, n=1_000, tasks=2)
    assert loop.job > 0 and pool.job > 0


def test_fastest_picks_the_shortest_job() -> None:
    slow = beyond.Run("a", job=2.0, cpu=0.5)
    quick = beyond.Run("b", job=1.0, cpu=3.0)
    assert beyond.fastest([slow, quick, slow]) is quick
    with pytest.raises(ValueError, match="no runs"):
        beyond.fastest([])
    with pytest.raises(ValueError, match="turns"):
        beyond.serial_and_pool(map, turns=0)


def test_wrong_results_are_caught() -> None:
    def wrong_map(task, items):
        return [(0, 0.001) for _ in items]

    with pytest.raises(RuntimeError, match="liar returned wrong results"):
        beyond.time_job("liar", wrong_map, n=1_000, tasks=2)


def test_pp_task_is_self_contained() -> None:
    # pp runs the function's source alone, without this module's globals
    namespace: dict[str, object] = {}
    exec(inspect.getsource(beyond.pp_task), namespace)
    value, cpu = namespace["pp_task"](1_000)  # type: ignore[operator]
    assert value == busy(1_000) and cpu >= 0


def test_table() -> None:
    serial = beyond.Run("serial loop", job=1.0, cpu=1.0)
    fast = beyond.Run("fast", job=0.55, cpu=1.0, start=0.2)
    starved = beyond.Run("starved", job=1.2, cpu=1.0, start=3.0)  # 0.83 cores
    text = beyond.table([fast, starved], serial)
    lines = text.splitlines()
    assert lines[0].split() == ["engine", "start", "job", "speedup", "cores"]
    assert lines[1].split() == ["serial", "loop", "-", "1.000", "s", "1.00x", "1.00"]
    assert lines[2].split() == ["fast", "0.20", "s", "0.550", "s", "1.82x", "1.82"]
    with pytest.raises(ValueError, match="no runs"):
        beyond.table([], serial)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="tasks must be >= 1"):
        beyond.time_job("x", map, tasks=0)
    with pytest.raises(TypeError, match="n must be an int"):
        beyond.time_job("x", map, n=1.5)


def test_remove_scratch(tmp_path) -> None:  # type: ignore[no-untyped-def]
    scratch = tmp_path / "scratch"
    (scratch / "worker-1").mkdir(parents=True)
    (scratch / "worker-1" / "lock").write_text("x")
    beyond.remove_scratch(scratch)
    assert not scratch.exists()
    with pytest.raises(FileNotFoundError):
        beyond.remove_scratch(scratch)  # the folder itself must exist


def test_did_all_the_work_catches_skipped_work() -> None:
    serial = beyond.Run("serial loop", job=1.0, cpu=0.8)
    honest = beyond.Run("honest", job=0.45, cpu=0.8)
    lucky = beyond.Run("lucky", job=0.25, cpu=0.8)  # a quiet turn after a busy loop
    skipped = beyond.Run("deduplicated", job=0.12, cpu=0.8)  # 1 task of 8 ran
    assert beyond.did_all_the_work(honest, serial)
    assert beyond.did_all_the_work(lucky, serial)
    assert not beyond.did_all_the_work(skipped, serial)
    assert beyond.did_all_the_work(skipped, serial, workers=8)
    with pytest.raises(ValueError, match="workers must be >= 1"):
        beyond.did_all_the_work(honest, serial, workers=0)
