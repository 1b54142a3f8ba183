"""mpdemos.bench.ipc: messages, channels, pinning and a tiny run of the section."""

from __future__ import annotations

import os
from dataclasses import replace
from multiprocessing.context import BaseContext

import pytest

from bench_fixtures import TINY
from mpdemos import pools
from mpdemos.bench import ipc
from mpdemos.bench.results import rows
from mpdemos.bench.settings import FULL, IPC_TRANSPORTS, KIB, MIB, QUICK
from mpdemos.bench.stats import paired_ratio


def test_message_count() -> None:
    assert ipc.message_count(2**20, QUICK) == 32
    assert ipc.message_count(1024, QUICK) == QUICK.ipc_max_messages
    assert ipc.message_count(2**30, QUICK) == QUICK.ipc_min_messages
    with pytest.raises(ValueError, match="size"):
        ipc.message_count(0, QUICK)


def test_make_messages_are_distinct_and_memcpy_times_them() -> None:
    messages = ipc.make_messages(1024, 8, TINY)
    assert len(messages) == 8 and {len(m) for m in messages} == {1024}
    assert len(set(messages)) == 8
    assert len(ipc.make_messages(KIB, 10_000, TINY)) == TINY.ipc_source_bytes // KIB
    assert ipc.memcpy_seconds(messages, 20) > 0
    with pytest.raises(ValueError, match="equal-sized"):
        ipc.memcpy_seconds([b"ab", b"abc"], 2)
    with pytest.raises(ValueError, match="count must be >= 1"):
        ipc.memcpy_seconds(messages, 0)
    with pytest.raises(ValueError, match="count must be >= 1"):
        ipc.make_messages(1024, 0, TINY)


def test_ring_slots_keep_the_ring_small() -> None:
    assert ipc.ring_slots(KIB, FULL) == FULL.ipc_slots
    assert ipc.ring_slots(MIB, FULL) == 2  # 2 MiB ring
    assert ipc.ring_slots(64 * MIB, FULL) == 1  # never below one
    with pytest.raises(ValueError, match="size"):
        ipc.ring_slots(0, FULL)


def test_channel_rejects_unknown_transport_and_too_many_slots(ctx: BaseContext) -> None:
    with pytest.raises(ValueError, match="'carrier pigeon' is not a transport"):
        ipc.Channel(ctx, "carrier pigeon", KIB, 2)
    channel = ipc.Channel(ctx, "shared_memory", KIB, 2)
    try:
        messages = ipc.make_messages(KIB, 4, TINY)
        with pytest.raises(ValueError, match="slots must be <= 2"):
            channel.round(messages, 4, 3)
        with pytest.raises(ValueError, match="slots must be >= 1"):
            channel.round(messages, 4, 0)
        assert channel.round(messages, 4, 1) > 0  # a smaller ring still works
        assert channel.round(messages, 4, 2) > 0  # and the parked slot came back
    finally:
        channel.close()
    assert channel.process.exitcode == 0


def test_ipc_under_every_method(ctx: BaseContext) -> None:
    method = ctx.get_start_method()
    results = {"rows": ipc.measure_ipc([method], TINY)}
    transports = {r["params"]["transport"] for r in rows(results, "ipc")}
    assert transports == {"memcpy", *IPC_TRANSPORTS}
    assert len(rows(results, "ipc")) == 5 * len(TINY.ipc_sizes)
    for r in rows(results, "ipc", transport="memcpy"):
        assert r["ratio"] == pytest.approx(1.0)
        assert len(r["samples"]) == len(IPC_TRANSPORTS)  # one beside each transport
    for r in rows(results, "ipc"):  # each round beside its own memcpy
        assert r["params"]["pinned"] is (ipc.cpus_apart() is not None)
        if r["params"]["transport"] != "memcpy":
            assert len(r["params"]["ceiling_samples"]) == len(r["samples"])
            assert paired_ratio(r) > 0


def test_settings_can_pick_transports() -> None:
    found = ipc.measure_ipc(["fork"], replace(TINY, ipc_transports=("Pipe",)))
    assert {r["params"]["transport"] for r in found} == {"memcpy", "Pipe"}


def test_pinned_apart_pins_and_gives_the_cpus_back(ctx: BaseContext) -> None:
    before = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    child = ctx.Process(target=pools.worker_pid, args=(1.0,))
    child.start()
    pair = ipc.cpus_apart()
    try:
        with ipc.pinned_apart([child.pid]) as pinned:
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
    monkeypatch.setattr(ipc, "cpus_apart", lambda: None)
    with ipc.pinned_apart([os.getpid()]) as pinned:
        assert pinned is False
    with pytest.raises(ValueError, match="pid"), ipc.pinned_apart([0]):
        pass
