"""mpdemos.bench.start: start costs under every start method, beside their floor."""

from __future__ import annotations

import os
from multiprocessing.context import BaseContext

import pytest

from bench_fixtures import TINY
from mpdemos.bench import start
from mpdemos.bench.settings import TIMEOUT


def test_process_start_costs_are_best_of_turns(ctx: BaseContext) -> None:
    method = ctx.get_start_method()
    costs = start.process_start_costs([method], turns=2)
    assert list(costs) == [method]
    assert 0 < costs[method] < TIMEOUT
    with pytest.raises(ValueError, match="turns"):
        start.process_start_costs([method], turns=0)
    with pytest.raises(ValueError, match="not a start method"):
        start.process_start_costs(["fork-exec"])


def test_each_method_has_its_floor() -> None:
    assert start.start_floor("spawn") == ("python -c pass", start.interpreter_floor)
    if hasattr(os, "fork"):
        assert start.start_floor("fork") == ("bare os.fork()", start.fork_floor)
        assert start.start_floor("forkserver")[0] == "bare os.fork()"
        assert 0 < start.fork_floor() < TIMEOUT
    assert 0 < start.interpreter_floor() < TIMEOUT


def test_measure_start_rows_beside_the_floor(ctx: BaseContext) -> None:
    method = ctx.get_start_method()
    rows = start.measure_start([method], TINY)
    floor = rows[0]
    assert floor["name"] == floor["ceiling_name"] and floor["ratio"] == 1.0
    assert [r["name"] for r in rows[1:]] == [
        "Process start+join", f"Pool({start.usable_cpus()}) until ready"]
    for r in rows:
        assert r["method"] == method and r["ceiling_name"] == floor["name"]
        assert len(r["samples"]) == TINY.repeats and r["value"] > 0


def test_time_pool_start_waits_for_every_worker(ctx: BaseContext) -> None:
    assert 0 < start.time_pool_start(ctx, 2) < TIMEOUT
    assert 0 < start.time_process_start(ctx) < TIMEOUT
