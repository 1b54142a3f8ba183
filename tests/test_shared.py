"""mpdemos.shared: the 09-shared-memory workers, under every start method."""

from __future__ import annotations

from multiprocessing import shared_memory

import numpy as np
import pytest

from mpdemos import shared


def run(ctx, target, *args) -> None:
    p = ctx.Process(target=target, args=args)
    p.start()
    p.join(timeout=20)
    assert p.exitcode == 0


def test_value_and_array_change_in_place(ctx) -> None:
    v, a = ctx.Value("i", 1), ctx.Array("i", [1, 2, 3])
    run(ctx, shared.add_to_value, v, 10)
    run(ctx, shared.double_array, a)
    assert (v.value, a[:]) == (11, [2, 4, 6])


def test_write_squares_and_summer_read_the_block_in_place(ctx) -> None:
    block = shared_memory.SharedMemory(create=True, size=5 * 8)
    try:
        run(ctx, shared.write_squares, block.name, 5)
        squares = np.ndarray((5,), dtype=np.int64, buffer=block.buf)
        assert squares.tolist() == [0, 1, 4, 9, 16]
        floats = np.ndarray((5,), dtype=np.float64, buffer=block.buf)
        floats[:] = [0.5, 1, 2, 3, 4]
        tasks, sums = ctx.Queue(), ctx.Queue()
        p = ctx.Process(target=shared.summer, args=(tasks, sums))
        p.start()
        tasks.put(("segment", (block.name, 5)))
        tasks.put(("array", np.arange(4.0)))
        tasks.put(None)
        assert [sums.get(timeout=20), sums.get(timeout=20)] == [10.5, 6.0]
        p.join(timeout=20)
        assert p.exitcode == 0
        del squares, floats
    finally:
        block.close()
        block.unlink()


def test_shout_capitalises_a_shareable_list(ctx) -> None:
    items = shared_memory.ShareableList(["ab", 1, "cd"])
    try:
        run(ctx, shared.shout, items.shm.name)
        assert list(items) == ["AB", 1, "CD"]
    finally:
        items.shm.close()
        items.shm.unlink()


def test_create_after_unlinks_when_done(ctx) -> None:
    created, done = ctx.Event(), ctx.Event()
    p = ctx.Process(target=shared.create_after,
                    args=("mpdemos-test-late", b"abc", 0.05, created, done))
    p.start()
    assert created.wait(20)
    block = shared.attach("mpdemos-test-late")
    assert bytes(block.buf[:3]) == b"abc"
    block.close()
    done.set()
    p.join(timeout=20)
    assert p.exitcode == 0
    with pytest.raises(FileNotFoundError):
        shared_memory.SharedMemory(name="mpdemos-test-late")
    with pytest.raises(ValueError):
        shared.create_after("x", b"a", 0, created, done)
