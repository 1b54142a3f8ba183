"""mpdemos.exercises: the checks accept right answers and explain wrong ones."""

from __future__ import annotations

import multiprocessing
import os
import sys
import time

import pytest

from mpdemos import failures, process
from mpdemos.exercises import (
    Verdict,
    main_functions,
    run_with_timeout,
    save_module,
)
from mpdemos.exercises import failures as failure_checks
from mpdemos.exercises import fork as fork_checks
from mpdemos.exercises import process as process_checks
from mpdemos.results import drain

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX only")


# ---------------------------------------------------------------- framework


def test_run_with_timeout_returns_values_errors_and_timeouts() -> None:
    assert run_with_timeout(lambda: 42).value == 42
    assert isinstance(run_with_timeout(lambda: 1 / 0).error, ZeroDivisionError)
    start = time.monotonic()
    assert run_with_timeout(time.sleep, 5, timeout=0.2).timed_out
    assert time.monotonic() - start < 3


def test_main_functions_finds_notebook_defined_workers() -> None:
    def worker() -> None: ...

    worker.__module__ = "__main__"  # as if defined in a notebook cell

    def answer(ctx: object) -> None:
        ctx.Process(target=worker)  # type: ignore[attr-defined]

    answer.__globals__["worker"] = worker
    try:
        assert main_functions(answer) == ["worker"]
    finally:
        del answer.__globals__["worker"]
    assert main_functions(lambda: process.worker) == []


def test_save_module_makes_an_importable_worker(ctx: multiprocessing.context.BaseContext
                                                ) -> None:
    module = save_module("mpdemos_test_workers",
                         "def cube(results, n):\n    results.put(n ** 3)\n")
    results = ctx.Queue()
    p = ctx.Process(target=module.cube, args=(results, 3))
    p.start()
    assert drain(results, count=1) == [27]
    p.join(timeout=10)


@pytest.mark.parametrize("bad", [("1x", "x = 1"), ("name", b"x = 1")])
def test_save_module_rejects_bad_arguments(bad: tuple[object, object]) -> None:
    with pytest.raises((TypeError, ValueError)):
        save_module(*bad)  # type: ignore[arg-type]


def test_verdict_text() -> None:
    assert str(Verdict(True, "ok")) == "Correct: ok"
    assert str(Verdict(False, "no")) == "Not yet: no"


# ---------------------------------------------------------------- 01-fork


def good_exit_code(code: int) -> int:
    pid = os.fork()
    if pid == 0:
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def no_wait_exit_code(code: int) -> int:
    pid = os.fork()
    if pid == 0:
        os._exit(code)
    return code  # forgot os.waitpid: a zombie


def sys_exit_square(n: int) -> int:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        os.write(write_end, str(n * n).encode())
        return 0  # wrong: the child runs on into the parent's code
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) if not data else int(data)


@posix_only
def test_fork_checks(capsys: pytest.CaptureFixture[str]) -> None:
    assert fork_checks.check_exit_code(good_exit_code).passed
    verdict = fork_checks.check_exit_code(no_wait_exit_code)
    assert not verdict.passed and "zombie" in verdict.message
    verdict = fork_checks.check_exit_code(lambda code: code)
    assert not verdict.passed and "never called os.fork" in verdict.message
    assert "Correct" in capsys.readouterr().out


@posix_only
def test_fork_check_catches_a_child_that_returns() -> None:
    verdict = fork_checks.check_square_in_child(sys_exit_square)
    assert not verdict.passed


# ---------------------------------------------------------------- 02-process


def one_process_per_number(ctx, target, numbers):  # type: ignore[no-untyped-def]
    """Run ``target(results, n)`` per number; return the answers in input order."""
    results = ctx.Queue()
    jobs = [ctx.Process(target=target, args=(results, n)) for n in numbers]
    for p in jobs:
        p.start()
    by_number = dict(drain(results, count=len(numbers)))
    for p in jobs:
        p.join(timeout=10)
    return [by_number[n] for n in numbers]


def good_squares(ctx, numbers):  # type: ignore[no-untyped-def]
    return one_process_per_number(ctx, process.square, numbers)


def unordered_squares(ctx, numbers):  # type: ignore[no-untyped-def]
    return sorted(good_squares(ctx, numbers))


def unjoined_squares(ctx, numbers):  # type: ignore[no-untyped-def]
    ready = ctx.Event()
    ctx.Process(target=process.wait_forever, args=(ready,)).start()
    ready.wait(timeout=10)
    return [n * n for n in numbers]


def test_check_squares_accepts_a_good_answer() -> None:
    assert process_checks.check_squares(good_squares).passed


def test_check_squares_explains_order_and_leftovers() -> None:
    verdict = process_checks.check_squares(unordered_squares)
    assert "wrong order" in verdict.message
    verdict = process_checks.check_squares(unjoined_squares)
    assert "still running" in verdict.message
    assert multiprocessing.active_children() == []


def test_check_squares_rejects_a_notebook_worker_without_hanging() -> None:
    def square(results, n):  # type: ignore[no-untyped-def]
        results.put((n, n * n))

    square.__module__ = "__main__"

    def answer(ctx, numbers):  # type: ignore[no-untyped-def]
        results = ctx.Queue()
        with ctx.Pool(2) as pool:
            pool.starmap(square, [(results, n) for n in numbers])  # would hang

    answer.__globals__["square"] = square
    try:
        verdict = process_checks.check_squares(answer)
    finally:
        del answer.__globals__["square"]
    assert not verdict.passed
    assert "cannot import the notebook" in verdict.message


def test_check_exit_codes_explains_a_missing_join() -> None:
    def no_join(ctx):  # type: ignore[no-untyped-def]
        ready = ctx.Event()
        p = ctx.Process(target=process.wait_forever, args=(ready,))
        p.start()
        ready.wait(timeout=10)
        # Without a join the exit code is None. Read it before terminate():
        # just after it, the child may already be gone and reaped by the poll.
        codes = {"exit_ok": 0, "exit_error": 1, "return_value": 0,
                 "terminated": p.exitcode}
        p.terminate()
        p.join(timeout=10)
        return codes

    verdict = process_checks.check_exit_codes(no_join)
    assert not verdict.passed


def test_check_cubes_with_a_saved_module() -> None:
    module = save_module("mpdemos_test_cubes",
                         "def cube(results, n):\n    results.put((n, n ** 3))\n")

    def cubes(ctx, numbers):  # type: ignore[no-untyped-def]
        return one_process_per_number(ctx, module.cube, numbers)

    assert process_checks.check_cubes(cubes).passed


# ---------------------------------------------------------------- 11-failures


# The wrong answer under test abandons a running pool, and Pool.__del__ says so.
@pytest.mark.filterwarnings("ignore:unclosed running multiprocessing pool:ResourceWarning")
def test_result_or_timeout_rejects_a_pool_without_close_and_join() -> None:
    def leaky(ctx, seconds):  # type: ignore[no-untyped-def]
        pool = ctx.Pool(1)  # never closed, joined or terminated
        try:
            pool.apply_async(failures.hang, (seconds,)).get(timeout=0.5)
        except multiprocessing.TimeoutError:
            return "timeout"
        return "done"

    verdict = failure_checks.check_result_or_timeout(leaky)
    assert not verdict.passed
    assert "pool was still running" in verdict.message
    assert multiprocessing.active_children() == []


def test_result_or_timeout_accepts_with_pool() -> None:
    def good(ctx, seconds):  # type: ignore[no-untyped-def]
        with ctx.Pool(1) as pool:
            try:
                pool.apply_async(failures.hang, (seconds,)).get(timeout=0.5)
            except multiprocessing.TimeoutError:
                return "timeout"
            return "done"

    assert failure_checks.check_result_or_timeout(good).passed


@posix_only
def test_signal_name_check() -> None:
    import signal

    def reads_exitcode(ctx, sig):  # type: ignore[no-untyped-def]
        p = ctx.Process(target=failures.hang, args=(30,))
        p.start()
        time.sleep(0.3)
        os.kill(p.pid, sig)
        p.join(timeout=10)
        return signal.Signals(-p.exitcode).name

    assert failure_checks.check_signal_name(reads_exitcode).passed
    verdict = failure_checks.check_signal_name(lambda ctx, sig: "SIGTERM")
    assert not verdict.passed


def test_checks_reject_non_functions() -> None:
    with pytest.raises(TypeError):
        process_checks.check_squares(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        run_with_timeout(None)  # type: ignore[arg-type]


