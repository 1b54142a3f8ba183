"""mpdemos.exercises.harness, and the %%worker_module magic of mpdemos.exercises."""

from __future__ import annotations

import multiprocessing
import signal
import sys
import time

import pytest

from mpdemos import failures, process
from mpdemos.exercises import save_module
from mpdemos.exercises.harness import (
    Verdict,
    arrived,
    crashed,
    finish,
    main_functions,
    report_errors,
    run_with_timeout,
    start_together,
    take,
    traceback_where,
    worker_problem,
)
from mpdemos.results import drain

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX only")


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


def test_run_with_timeout_runs_on_timeout_instead_of_killing_children() -> None:
    ctx = multiprocessing.get_context("spawn")
    bystander = ctx.Process(target=failures.hang, args=(30,))
    bystander.start()
    called = []
    outcome = run_with_timeout(time.sleep, 5, timeout=0.2,
                               on_timeout=lambda: called.append(True))
    assert outcome.timed_out and called == [True]
    assert bystander.is_alive()  # the default would have terminated it
    bystander.terminate()
    bystander.join(10)


def test_run_with_timeout_rejects_what_is_not_a_function_or_a_timeout() -> None:
    with pytest.raises(TypeError):
        run_with_timeout(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        run_with_timeout(time.sleep, 0, timeout=0)
    with pytest.raises(TypeError):
        run_with_timeout(time.sleep, 0, timeout="5")  # type: ignore[arg-type]


def test_worker_problem_names_a_notebook_worker() -> None:
    def worker() -> None: ...

    worker.__module__ = "__main__"
    verdict = worker_problem(worker)
    assert verdict is not None and "%%worker_module" in verdict.message
    assert worker_problem(process.square) is None
    with pytest.raises(TypeError):
        worker_problem(42)


def test_start_together_and_report_errors_check_their_arguments() -> None:
    with pytest.raises(TypeError):
        start_together(None, 42)
    with pytest.raises(TypeError):
        report_errors(None, process.square)
    with pytest.raises(TypeError):
        report_errors(multiprocessing.get_context("spawn").Queue(), 42)


def test_report_errors_sends_the_error_and_the_exit_code_stays_1() -> None:
    ctx = multiprocessing.get_context("spawn")
    errors = ctx.Queue()
    p = ctx.Process(target=report_errors, args=(errors, failures.refuse_negative, -2))
    p.start()
    codes = finish([p], timeout=10)
    assert codes == [1]
    found = arrived(errors)
    assert found == ["ValueError: x must be >= 0, got -2"]
    verdict = crashed(codes, found)
    assert verdict is not None and not verdict.passed
    assert "your worker raised ValueError: x must be >= 0, got -2" in verdict.message
    assert traceback_where() in verdict.message


def test_finish_reports_a_process_it_had_to_terminate_as_none() -> None:
    ctx = multiprocessing.get_context("spawn")
    quick = ctx.Process(target=failures.hang, args=(0,))
    stuck = ctx.Process(target=failures.hang, args=(30,))
    quick.start()
    stuck.start()
    start = time.monotonic()
    assert finish([quick, stuck], timeout=3) == [0, None]
    assert time.monotonic() - start < 10
    assert not stuck.is_alive()
    assert multiprocessing.active_children() == []


@posix_only
def test_crashed_explains_exit_codes() -> None:
    assert crashed([0, None, 0]) is None
    verdict = crashed([0, 1])
    assert verdict is not None and "exited with code 1" in verdict.message
    assert traceback_where() in verdict.message
    verdict = crashed([-signal.SIGKILL])
    assert verdict is not None and "killed by SIGKILL" in verdict.message


def test_traceback_where_follows_02_process() -> None:
    # Linux and macOS: the kernel captures a child's output into the cell;
    # Windows: it goes to the terminal that runs Jupyter (see 02-process).
    assert "this cell's output" in traceback_where()
    assert "on Windows" in traceback_where() and "terminal" in traceback_where()


def test_take_stops_early_once_every_writer_has_ended() -> None:
    ctx = multiprocessing.get_context("spawn")
    items = ctx.Queue()
    p = ctx.Process(target=process.square, args=(items, 3))
    p.start()
    start = time.monotonic()
    assert take(items, 5, [p], timeout=20) == [(3, 9)]
    assert time.monotonic() - start < 10  # not the full 20 s
    p.join(timeout=10)
    with pytest.raises(ValueError):
        take(items, 1, [], timeout=0)
