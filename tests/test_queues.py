"""Tests for mpdemos.queues: the Queue notebook's workers."""

from __future__ import annotations

import pickle

import pytest

from mpdemos import queues
from mpdemos.results import drain


def test_fancy_class_pickles_and_reports_process_name() -> None:
    obj = pickle.loads(pickle.dumps(queues.MyFancyClass("Fancy Dan")))
    assert obj.do_something() == "Doing something fancy in MainProcess for Fancy Dan!"


def test_fancy_worker_in_child(ctx) -> None:
    q, results = ctx.Queue(), ctx.Queue()
    p = ctx.Process(target=queues.fancy_worker, args=(q, results), name="child")
    p.start()
    q.put(queues.MyFancyClass("Dan"))
    assert results.get(timeout=10) == "Doing something fancy in child for Dan!"
    p.join(timeout=10)
    assert p.exitcode == 0


def test_task_call_and_str() -> None:
    task = queues.Task(3, 4, seconds=0)
    assert str(task) == "3 * 4"
    assert task() == "3 * 4 = 12"


@pytest.mark.parametrize(
    ("args", "error"),
    [((1, 2, -1), ValueError), ((1, 2, "x"), TypeError)],
)
def test_task_bad_arguments(args, error) -> None:
    with pytest.raises(error):
        queues.Task(*args)


def test_consumers_with_poison_pills() -> None:
    import multiprocessing

    ctx = multiprocessing.get_context(queues.Consumer._start_method)
    tasks, results = ctx.JoinableQueue(), ctx.Queue()
    consumers = [queues.Consumer(tasks, results, name=f"C{i}") for i in range(2)]
    for c in consumers:
        c.start()
    for i in range(4):
        tasks.put(queues.Task(i, i, seconds=0))
    for _ in consumers:
        tasks.put(None)
    assert queues.join_queue(tasks, timeout=10)
    reports = drain(results, 6, timeout=10)
    for c in consumers:
        c.join(timeout=10)
    answers = sorted(answer for _, text, answer in reports if text != "Exiting")
    assert answers == ["0 * 0 = 0", "1 * 1 = 1", "2 * 2 = 4", "3 * 3 = 9"]
    assert sorted(n for n, text, _ in reports if text == "Exiting") == ["C0", "C1"]
    assert [c.exitcode for c in consumers] == [0, 0]


def test_consumer_needs_joinable_queue(ctx) -> None:
    with pytest.raises(TypeError, match="JoinableQueue"):
        queues.Consumer(ctx.Queue(), ctx.Queue())


def test_join_queue_times_out_until_task_done(ctx) -> None:
    q = ctx.JoinableQueue()
    q.put(1)
    q.get(timeout=5)
    assert queues.join_queue(q, timeout=0.05) is False
    q.task_done()
    assert queues.join_queue(q, timeout=5) is True


def test_join_queue_bad_arguments(ctx) -> None:
    with pytest.raises(TypeError, match="JoinableQueue"):
        queues.join_queue(ctx.Queue(), timeout=1)
    with pytest.raises(ValueError, match="timeout"):
        queues.join_queue(ctx.JoinableQueue(), timeout=-1)


def test_send_all_one_way_pipe(ctx) -> None:
    receiver, sender = ctx.Pipe(duplex=False)
    p = ctx.Process(target=queues.send_all, args=(sender, [1, "two"]))
    p.start()
    sender.close()
    got = []
    while receiver.poll(10):
        item = receiver.recv()
        if item is None:
            break
        got.append(item)
    p.join(timeout=10)
    receiver.close()
    assert got == [1, "two"]


def test_square_server_duplex(ctx) -> None:
    mine, theirs = ctx.Pipe()
    p = ctx.Process(target=queues.square_server, args=(theirs,))
    p.start()
    theirs.close()
    mine.send(7)
    assert mine.poll(10)
    assert mine.recv() == 49
    mine.send(None)
    p.join(timeout=10)
    mine.close()
    assert p.exitcode == 0


def test_put_big_blocks_exit_until_drained(ctx) -> None:
    q, done = ctx.Queue(), ctx.Event()
    p = ctx.Process(target=queues.put_big, args=(q, 500_000, done))
    p.start()
    assert done.wait(10)
    p.join(timeout=0.2)
    assert p.is_alive()
    assert len(q.get(timeout=10)) == 500_000
    p.join(timeout=10)
    assert p.exitcode == 0


def test_put_big_bad_size(ctx) -> None:
    with pytest.raises(ValueError, match="nbytes"):
        queues.put_big(ctx.Queue(), 0, ctx.Event())


def test_send_and_hang_up_ends_in_eof(ctx) -> None:
    receiver, sender = ctx.Pipe(duplex=False)
    p = ctx.Process(target=queues.send_and_hang_up, args=(sender, [1, 2]))
    p.start()
    sender.close()
    got = [receiver.recv(), receiver.recv()]
    with pytest.raises(EOFError):
        receiver.poll(10) and receiver.recv()
    p.join(timeout=10)
    assert got == [1, 2] and p.exitcode == 0


def test_echo_bytes_reverses_until_empty(ctx) -> None:
    mine, theirs = ctx.Pipe()
    p = ctx.Process(target=queues.echo_bytes, args=(theirs,))
    p.start()
    theirs.close()
    mine.send_bytes(b"abc")
    assert mine.poll(10) and mine.recv_bytes() == b"cba"
    mine.send_bytes(b"")
    p.join(timeout=10)
    mine.close()
    assert p.exitcode == 0
