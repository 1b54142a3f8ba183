"""Tests for mpdemos.managers: the workers run in real child processes."""

from __future__ import annotations

import os
import queue
import threading

import pytest
from multiprocessing import AuthenticationError

from mpdemos import managers


def run(ctx, target, *args):
    p = ctx.Process(target=target, args=args)
    p.start()
    p.join(timeout=20)
    assert p.exitcode == 0
    return p


def test_store_fills_a_shared_dict(ctx):
    with ctx.Manager() as manager:
        d = manager.dict()
        run(ctx, managers.store, d, "k", 42)
        assert d.copy() == {"k": 42}


def test_plain_list_in_namespace_loses_the_append(ctx):
    with ctx.Manager() as manager:
        ns = manager.Namespace()
        ns.my_list = []
        event = ctx.Event()
        run(ctx, managers.list_producer, ns, event)
        assert event.is_set()
        assert ns.my_list == []


def test_a_nested_list_keeps_the_append(ctx):
    with ctx.Manager() as manager:
        ns = manager.Namespace()
        ns.my_list = manager.list()
        run(ctx, managers.list_producer, ns, ctx.Event())
        assert ns.my_list[:] == [managers.VALUE]


def test_consumer_reports_before_and_after(ctx):
    with ctx.Manager() as manager:
        ns = manager.Namespace()
        event, results = ctx.Event(), ctx.Queue()
        c = ctx.Process(target=managers.consumer, args=(ns, event, results))
        c.start()
        assert results.get(timeout=20) == ("before", "AttributeError")
        run(ctx, managers.producer, ns, event)
        assert results.get(timeout=20) == ("after", managers.VALUE)
        c.join(timeout=20)


def test_consumer_gives_up_waiting():
    results: queue.Queue = queue.Queue()
    managers.consumer(object(), threading.Event(), results, "x", timeout=0.01)
    assert [results.get_nowait(), results.get_nowait()] == [
        ("before", "AttributeError"), ("after", "TimeoutError")]


def test_dict_of_lists(ctx):
    with ctx.Manager() as manager:
        d = manager.dict(plain=[], fixed=[])
        run(ctx, managers.append_to_key, d, "plain", 1)
        run(ctx, managers.append_to_key_reassign, d, "fixed", 1, ctx.Lock())
        assert d["plain"] == [] and d["fixed"] == [1]


def test_board_over_tcp(ctx):
    key = os.urandom(32)
    with managers.BoardManager(address=("127.0.0.1", 0), authkey=key, ctx=ctx) as server:
        run(ctx, managers.write_to_board, server.address, key, "a", 1)
        board = managers.connect(server.address, key).get_board()
        assert board.copy() == {"a": 1}
        with pytest.raises(AuthenticationError):
            managers.connect(server.address, b"wrong key")
        del board


def test_connect_times_out():
    import socket

    with socket.socket() as listener:  # accepts, then never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        with pytest.raises(TimeoutError):
            managers.connect(listener.getsockname(), b"k", timeout=0.2)


@pytest.mark.parametrize("call, error", [
    (lambda: managers.connect(("127.0.0.1", 1), b"k", timeout=0), ValueError),
    (lambda: managers.consumer(None, None, None, timeout="1"), TypeError),
])
def test_bad_arguments(call, error):
    with pytest.raises(error):
        call()
