"""mpdemos.process: the Process notebook's workers, under every start method."""

from __future__ import annotations

import importlib
import os
import signal
import sys
from multiprocessing.context import BaseContext

import pytest

from mpdemos import process
from mpdemos.context import ENV_VAR
from mpdemos.results import drain


def run(ctx: BaseContext, target: object, *args: object) -> int | None:
    p = ctx.Process(target=target, args=args)
    p.start()
    p.join(timeout=10)
    return p.exitcode


def test_exit_codes(ctx: BaseContext) -> None:
    assert run(ctx, process.exit_error) == 1
    assert run(ctx, process.exit_ok) == 0
    assert run(ctx, process.return_value) == 0
    assert run(ctx, process.raises) == 1


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_signal_gives_a_negative_exit_code(ctx: BaseContext) -> None:
    assert run(ctx, process.kill_myself, signal.SIGKILL) == -signal.SIGKILL


def test_wait_forever_is_ready_then_terminable(ctx: BaseContext) -> None:
    ready = ctx.Event()
    p = ctx.Process(target=process.wait_forever, args=(ready,))
    p.start()
    assert ready.wait(timeout=10)
    p.terminate()
    p.join(timeout=10)
    assert p.exitcode == -signal.SIGTERM if sys.platform != "win32" else p.exitcode != 0


def test_poison_pill_ends_the_consumer(ctx: BaseContext) -> None:
    tasks, results = ctx.Queue(), ctx.Queue()
    p = ctx.Process(target=process.consume_until_pill, args=(tasks, results))
    p.start()
    for n in (2, 3, None):
        tasks.put(n)
    assert drain(results, count=3) == [4, 9, "done"]
    p.join(timeout=10)
    assert p.exitcode == 0


def test_worker_prints_one_line(ctx: BaseContext, capfd: pytest.CaptureFixture[str]) -> None:
    if ctx.get_start_method() == "forkserver":
        pytest.skip("forkserver children write to the server's stdout, not this test's")
    assert run(ctx, process.worker_with_number, 7) == 0
    assert capfd.readouterr().out == "Worker: 7\n"


def test_worker_subclass_follows_the_start_method(
    ctx: BaseContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    method = ctx.get_start_method()
    monkeypatch.setenv(ENV_VAR, method)
    module = importlib.reload(process)
    try:
        assert module.Worker._start_method in (method, None)
        results = ctx.Queue()
        w = module.Worker(results)
        w.start()
        said = drain(results, count=1)
        w.join(timeout=10)
        assert said == [f"In {w.name}"]
        assert w.exitcode == 0
    finally:
        monkeypatch.delenv(ENV_VAR)
        importlib.reload(process)


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: process.sleepy(None, -1), ValueError),
        (lambda: process.sleepy(None, "1"), TypeError),
        (lambda: process.kill_myself(12345), ValueError),
    ],
)
def test_bad_arguments(call: object, error: type) -> None:
    with pytest.raises(error):
        call()  # type: ignore[operator]


def test_a_child_sees_the_parents_global_only_under_fork(ctx, monkeypatch) -> None:
    monkeypatch.setattr(process, "SETTING", "changed")
    seen = ctx.Queue()
    p = ctx.Process(target=process.report_setting, args=(seen,))
    p.start()
    expected = "changed" if ctx.get_start_method() == "fork" else "as the module defines it"
    assert seen.get(timeout=20) == expected
    p.join(timeout=20)


def test_report_value_and_parent(ctx) -> None:
    seen = ctx.Queue()
    jobs = [ctx.Process(target=process.report_value, args=(seen, 42)),
            ctx.Process(target=process.report_parent, args=(seen,))]
    for p in jobs:
        p.start()
    assert sorted([seen.get(timeout=20), seen.get(timeout=20)]) == sorted([42, os.getpid()])
    for p in jobs:
        p.join(timeout=20)


def test_finish_when_told_ends_on_the_event(ctx) -> None:
    go = ctx.Event()
    p = ctx.Process(target=process.finish_when_told, args=(go,))
    p.start()
    p.join(timeout=0.2)
    assert p.is_alive()
    go.set()
    p.join(timeout=20)
    assert p.exitcode == 0
