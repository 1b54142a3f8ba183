"""mpdemos.exercises.shared: the 09-shared-memory checks accept right answers, explain wrong ones."""

from __future__ import annotations

import numpy as np
from multiprocessing import shared_memory

from mpdemos import shared
from mpdemos.exercises import save_module
from mpdemos.exercises import shared as checks


def filled_block(ctx, n):
    """A block that a child filled with n squares, and the squares, copied out."""
    block = shared_memory.SharedMemory(create=True, size=n * 8)
    p = ctx.Process(target=shared.write_squares, args=(block.name, n))
    p.start()
    p.join(timeout=10)
    return block, np.ndarray((n,), dtype=np.int64, buffer=block.buf).tolist()


def squares_in_block(ctx, n):
    block, squares = filled_block(ctx, n)
    block.close()
    block.unlink()
    return squares


def forgets_unlink(ctx, n):
    block, squares = filled_block(ctx, n)
    block.close()
    return squares


def test_squares_in_block_accepts_close_and_unlink() -> None:
    assert checks.check_squares_in_block(squares_in_block).passed


def test_squares_in_block_finds_the_block_left_behind() -> None:
    verdict = checks.check_squares_in_block(forgets_unlink)
    assert not verdict.passed and "unlink()" in verdict.message


def test_squares_in_block_wants_a_block() -> None:
    verdict = checks.check_squares_in_block(lambda ctx, n: [i * i for i in range(n)])
    assert not verdict.passed and "created no block" in verdict.message


READER = """
from multiprocessing import shared_memory

def read_when_created(name, created, results):
    if created.wait(5):
        block = shared_memory.SharedMemory(name=name)
        results.put(bytes(block.buf[:5]))
        block.close()
"""
TOO_EARLY = """
from multiprocessing import shared_memory

def read_when_created(name, created, results):
    block = shared_memory.SharedMemory(name=name)  # the writer is not there yet
    results.put(bytes(block.buf[:5]))
    block.close()
"""
UNLINKS = """
from multiprocessing import shared_memory

def read_when_created(name, created, results):
    if created.wait(5):
        block = shared_memory.SharedMemory(name=name)
        results.put(bytes(block.buf[:5]))
        block.close()
        block.unlink()  # not the reader's to do
"""


def test_read_when_created_accepts_waiting_for_the_event() -> None:
    module = save_module("mpdemos_test_shared_reader", READER)
    assert checks.check_read_when_created(module.read_when_created).passed


def test_read_when_created_explains_attaching_too_early() -> None:
    module = save_module("mpdemos_test_shared_early", TOO_EARLY)
    verdict = checks.check_read_when_created(module.read_when_created)
    assert not verdict.passed and "before the writer had created" in verdict.message


def test_read_when_created_explains_unlinking_another_owners_block() -> None:
    module = save_module("mpdemos_test_shared_unlinks", UNLINKS)
    verdict = checks.check_read_when_created(module.read_when_created)
    assert not verdict.passed and "Only the owner" in verdict.message
