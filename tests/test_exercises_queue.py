"""mpdemos.exercises.queue: the 03-queue checks accept right answers, explain wrong ones."""

from __future__ import annotations

import multiprocessing

import pytest

from mpdemos.exercises import queue as checks
from mpdemos.exercises import save_module
from mpdemos.results import drain


#: Queues of wrong answers that return early, kept so that slow-starting spawn
#: children can still open them (a collected Queue unlinks its semaphores).
KEEP: list[object] = []


@pytest.mark.parametrize(("bad", "error"), [(0, ValueError), (-1, ValueError),
                                            (True, TypeError), ("5", TypeError)])
def test_checks_reject_bad_timeouts(bad: object, error: type) -> None:
    with pytest.raises(error, match="timeout must be"):
        checks.check_big_results(big_results, timeout=bad)  # type: ignore[arg-type]


# ---------------------------------------------------------------- big results


def big_results(ctx, counts):  # type: ignore[no-untyped-def]
    """The reference solution of exercise 1: drain first, then join."""
    results = ctx.Queue()
    jobs = [ctx.Process(target=checks.squares_up_to, args=(results, n))
            for n in counts]
    for p in jobs:
        p.start()
    by_count = dict(drain(results, count=len(counts), timeout=10))  # first drain ...
    for p in jobs:
        p.join(timeout=10)  # ... then join
    return [by_count[n] for n in counts]


def join_first(ctx, counts):  # type: ignore[no-untyped-def]
    results = ctx.Queue()
    KEEP.append(results)
    jobs = [ctx.Process(target=checks.squares_up_to, args=(results, n))
            for n in counts]
    for p in jobs:
        p.start()
    for p in jobs:
        p.join()  # wrong: each child waits for its big message to be read
    return [results.get(timeout=1)[1] for _ in counts]


def test_check_big_results_accepts_drain_then_join() -> None:
    verdict = checks.check_big_results(big_results)
    assert verdict.passed, verdict.message


def test_check_big_results_explains_a_join_before_the_gets() -> None:
    verdict = checks.check_big_results(join_first, timeout=3)
    assert not verdict.passed
    assert "did not return within 3 s" in verdict.message
    assert "a join() before the get()s waits for ever" in verdict.message
    assert multiprocessing.active_children() == []


def test_check_big_results_explains_the_order() -> None:
    def by_length(ctx, counts):  # type: ignore[no-untyped-def]
        return sorted(big_results(ctx, counts), key=len)

    verdict = checks.check_big_results(by_length)
    assert not verdict.passed and "wrong order" in verdict.message
    assert "each one carries its n" in verdict.message


def test_check_big_results_wants_the_lists() -> None:
    def lengths(ctx, counts):  # type: ignore[no-untyped-def]
        return [len(squares) for squares in big_results(ctx, counts)]

    verdict = checks.check_big_results(lengths)
    assert not verdict.passed and "a list of the lists" in verdict.message


def test_squares_up_to_checks_its_arguments() -> None:
    with pytest.raises(TypeError):
        checks.squares_up_to(None, 3)
    with pytest.raises(ValueError):
        checks.squares_up_to(multiprocessing.get_context("spawn").Queue(), -1)


# ---------------------------------------------------------------- sturdy consumer

STURDY = """
def consume(tasks, results):
    while True:
        item = tasks.get(timeout=10)
        try:
            if item is None:  # the poison pill
                return
            try:
                results.put((item, int(item)))
            except ValueError:
                results.put((item, None))
        finally:
            tasks.task_done()  # once per get(), whatever happened
"""
NO_FINALLY = """
def consume(tasks, results):
    while True:
        item = tasks.get(timeout=10)
        if item is None:
            tasks.task_done()
            break
        try:
            value = int(item)
        except ValueError:
            value = None
        results.put((item, value))
        tasks.task_done()
"""
# The mistakes, each one change to the answer above.
NO_CATCH = NO_FINALLY.replace("""        try:
            value = int(item)
        except ValueError:
            value = None
""", """        value = int(item)
""")
DONE_TWICE = NO_FINALLY.replace("""            value = None
""", """            value = None
            tasks.task_done()
""")
PILL_NOT_DONE = NO_FINALLY.replace("""            tasks.task_done()
            break""", """            break""")
BAD_NOT_DONE = NO_FINALLY.replace("""            value = None
""", """            results.put((item, None))
            continue
""")
BAD_DROPPED = NO_FINALLY.replace("""            value = None
""", """            tasks.task_done()
            continue
""")
NEVER_STOPS = NO_FINALLY.replace("break", "continue")  # then waits in get()
PILL_AS_WORK = NO_FINALLY.replace("""        if item is None:
            tasks.task_done()
            break
""", "")
for _variant in (NO_CATCH, DONE_TWICE, PILL_NOT_DONE, BAD_NOT_DONE, BAD_DROPPED,
                 NEVER_STOPS, PILL_AS_WORK):
    assert _variant != NO_FINALLY


@pytest.mark.parametrize("source", [STURDY, NO_FINALLY], ids=["finally", "except"])
def test_check_sturdy_consumer_accepts_one_task_done_per_item(source: str) -> None:
    module = save_module("mpdemos_test_queue_sturdy", source)
    verdict = checks.check_sturdy_consumer(module.consume)
    assert verdict.passed, verdict.message


@pytest.mark.parametrize(("source", "words"), [
    (NO_CATCH, "died on a bad item: ValueError: invalid literal for int()"),
    (DONE_TWICE, "task_done() called too many times"),
    (PILL_NOT_DONE, "2 of the 11 items were never marked done (the pills"),
    (BAD_NOT_DONE, "3 of the 11 items were never marked done (the bad items"),
    (BAD_DROPPED, "no result for 'x', '1.5', 'nine'"),
    (NEVER_STOPS, "did not stop at its pill"),
    (PILL_AS_WORK, "treated the pill None as work"),
], ids=["no-catch", "done-twice", "pill-not-done", "bad-not-done", "bad-dropped",
        "never-stops", "pill-as-work"])
def test_check_sturdy_consumer_explains(source: str, words: str) -> None:
    module = save_module("mpdemos_test_queue_flimsy", source)
    verdict = checks.check_sturdy_consumer(module.consume)
    assert not verdict.passed and words in verdict.message, verdict.message
    assert multiprocessing.active_children() == []


def test_check_sturdy_consumer_rejects_a_notebook_worker() -> None:
    def consume(tasks, results):  # type: ignore[no-untyped-def]
        pass

    consume.__module__ = "__main__"
    verdict = checks.check_sturdy_consumer(consume)
    assert not verdict.passed and "%%worker_module" in verdict.message


def test_the_notebook_stubs_fail_with_a_hint() -> None:
    def stub(ctx, counts):  # type: ignore[no-untyped-def]
        ...  # your code here

    verdict = checks.check_big_results(stub)
    assert not verdict.passed and "return a list of the lists" in verdict.message
    module = save_module("mpdemos_test_queue_stub",
                         "def consume(tasks, results):\n    ...  # your code here\n")
    verdict = checks.check_sturdy_consumer(module.consume)
    assert not verdict.passed and "put nothing on results" in verdict.message
