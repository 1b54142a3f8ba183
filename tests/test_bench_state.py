"""mpdemos.bench.state: a tiny run of the shared-state section under every method."""

from __future__ import annotations

from multiprocessing.context import BaseContext

from bench_fixtures import TINY
from mpdemos.bench import state


def test_state_under_every_method(ctx: BaseContext) -> None:
    method = ctx.get_start_method()
    rows = state.measure_state([method], TINY)
    assert [r["name"] for r in rows] == ["dict", "Value(lock=False)",
                                         "Value with get_lock()", "Manager dict proxy"]
    assert rows[0]["ratio"] == 1.0  # the dict is the ceiling
    for r in rows:
        assert r["unit"] == "s/op" and r["ceiling"] == rows[0]["value"]
        assert r["params"] == {"operation": "+= 1"} and r["value"] > 0
