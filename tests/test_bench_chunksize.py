"""mpdemos.bench.chunksize: Pool.map's own chunksize, and a tiny run of the section."""

from __future__ import annotations

from multiprocessing.context import BaseContext

import pytest

from bench_fixtures import TINY
from mpdemos.bench import chunksize
from mpdemos.bench.settings import usable_cpus


def test_auto_chunksize_is_what_pool_map_picks() -> None:
    assert chunksize.auto_chunksize(2_000, 2) == 250
    assert chunksize.auto_chunksize(10, 2) == 2  # 10 / 8, rounded up
    assert chunksize.auto_chunksize(3, 4) == 1
    with pytest.raises(ValueError, match="workers must be >= 1"):
        chunksize.auto_chunksize(10, 0)
    with pytest.raises(TypeError, match="tasks must be an int"):
        chunksize.auto_chunksize(1.5, 2)  # type: ignore[arg-type]


def test_measure_chunksize_maps_every_chunksize(ctx: BaseContext) -> None:
    method = ctx.get_start_method()
    rows = chunksize.measure_chunksize([method], TINY)
    assert [r["name"] for r in rows] == ["serial loop", "chunksize=1", "chunksize=auto"]
    serial, one, auto = rows
    assert serial["ratio"] == 1.0 and "workers" not in serial["params"]
    assert one["params"]["chunksize_used"] == 1
    workers = usable_cpus()
    assert auto["params"]["chunksize_used"] == chunksize.auto_chunksize(
        TINY.tiny_tasks, workers)
    for r in rows:
        assert r["ceiling"] == serial["value"]
        assert r["params"]["tasks"] == TINY.tiny_tasks
