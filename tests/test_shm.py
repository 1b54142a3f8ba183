"""mpdemos.shm: /dev/shm entries and whether a live process maps them."""

from __future__ import annotations

import sys
from multiprocessing import shared_memory

import pytest

from mpdemos import shm

pytestmark = pytest.mark.skipif(not shm.SHM.is_dir(), reason="no /dev/shm here")


def test_a_mapped_segment_is_not_a_leak_until_closed() -> None:
    kwargs = {"track": False} if sys.version_info >= (3, 13) else {}
    segment = shared_memory.SharedMemory(create=True, size=4096, **kwargs)
    name = segment.name.lstrip("/")
    try:
        assert name in shm.entries()
        assert name in shm.entries("psm_*")
        assert shm.unmapped({name}) == set()  # we map it
        segment.close()
        assert shm.unmapped({name}) == {name}  # closed, never unlinked: a leak
    finally:
        segment.unlink()
    assert name not in shm.entries()
    assert shm.unmapped({name}) == set()  # gone: not a leak
