"""mpdemos.exercises.manager: the checks for 08-manager accept right answers and
explain the typical wrong ones."""

from __future__ import annotations

import types

import pytest

from mpdemos import managers
from mpdemos.exercises import manager as checks
from mpdemos.exercises import save_module

COUNTING = """
def add_many(ns, lock, times):
    for _ in range(times):
        with lock:
            ns.count += 1


def add_many_racy(ns, go, times):
    go.wait(10)  # all start together, so the race shows every time
    for _ in range(times):
        ns.count += 1  # wrong: a read and a write, with no lock between
"""


@pytest.fixture(scope="module")
def counting() -> types.ModuleType:
    return save_module("mpdemos_test_counting", COUNTING)


def run_all(ctx, target, args_list):  # type: ignore[no-untyped-def]
    jobs = [ctx.Process(target=target, args=args) for args in args_list]
    for p in jobs:
        p.start()
    for p in jobs:
        p.join(timeout=10)


# ---------------------------------------------------------------- exercise 1


def nested_list(ctx, items):  # type: ignore[no-untyped-def]
    with ctx.Manager() as manager:
        d = manager.dict(k=manager.list())
        run_all(ctx, managers.append_to_key, [(d, "k", x) for x in items])
        return d["k"][:]


def plain_list(ctx, items):  # type: ignore[no-untyped-def]
    with ctx.Manager() as manager:
        d = manager.dict(k=[])
        run_all(ctx, managers.append_to_key, [(d, "k", x) for x in items])
        return d["k"]


def proxy_returned(ctx, items):  # type: ignore[no-untyped-def]
    with ctx.Manager() as manager:
        d = manager.dict(k=manager.list())
        run_all(ctx, managers.append_to_key, [(d, "k", x) for x in items])
        return d["k"]  # wrong: a proxy to a manager about to shut down


def test_check_shared_list_accepts_a_nested_proxy() -> None:
    verdict = checks.check_shared_list(nested_list)
    assert verdict.passed, verdict.message


def test_check_shared_list_accepts_a_locked_write_back() -> None:
    def locked(ctx, items):  # type: ignore[no-untyped-def]
        with ctx.Manager() as manager:
            d = manager.dict(k=[])
            lock = manager.Lock()
            run_all(ctx, managers.append_to_key_reassign,
                    [(d, "k", x, lock) for x in items])
            return d["k"]

    assert checks.check_shared_list(locked).passed


def test_check_shared_list_says_the_append_changed_a_copy() -> None:
    verdict = checks.check_shared_list(plain_list)
    assert not verdict.passed
    assert "changed a copy" in verdict.message
    assert "all 4 appends" in verdict.message


def test_check_shared_list_rejects_a_returned_proxy() -> None:
    verdict = checks.check_shared_list(proxy_returned)
    assert not verdict.passed and "proxy" in verdict.message


def test_judge_list_counts_lost_items() -> None:
    verdict = checks._judge_list(["a", "c"], ["a", "b", "c", "d"])
    assert not verdict.passed
    assert "2 of 4 items were lost" in verdict.message
    assert not checks._judge_list(["a", "a", "b"], ["a", "b"]).passed
    assert not checks._judge_list(None, ["a"]).passed


# ---------------------------------------------------------------- exercise 2


def test_check_counter_accepts_a_locked_counter(counting: types.ModuleType) -> None:
    def answer(ctx, processes, increments):  # type: ignore[no-untyped-def]
        with ctx.Manager() as manager:
            ns = manager.Namespace()
            ns.count = 0
            lock = manager.Lock()
            run_all(ctx, counting.add_many,
                    [(ns, lock, increments) for _ in range(processes)])
            return ns.count

    verdict = checks.check_counter(answer)
    assert verdict.passed, verdict.message


def test_check_counter_explains_lost_updates(counting: types.ModuleType) -> None:
    def racy(ctx, processes, increments):  # type: ignore[no-untyped-def]
        with ctx.Manager() as manager:
            ns = manager.Namespace()
            ns.count = 0
            go = manager.Barrier(processes)
            jobs = [ctx.Process(target=counting.add_many_racy,
                                args=(ns, go, increments)) for _ in range(processes)]
            for p in jobs:
                p.start()
            for p in jobs:
                p.join(timeout=10)
            return ns.count

    verdict = checks.check_counter(racy)
    assert not verdict.passed
    assert "lost" in verdict.message and "read and then a write" in verdict.message


def test_judge_count_other_mistakes() -> None:
    assert "lost 137 of 400" in checks._judge_count(263, 4, 100).message
    assert "more than" in checks._judge_count(500, 4, 100).message
    assert not checks._judge_count(None, 4, 100).passed
    assert not checks._judge_count(True, 1, 1).passed
    assert checks._judge_count(400, 4, 100).passed


def test_checks_reject_what_is_not_a_function() -> None:
    with pytest.raises(TypeError):
        checks.check_shared_list("answer")  # type: ignore[arg-type]
