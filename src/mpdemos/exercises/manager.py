"""Checks for the exercises of 08-manager (tests: tests/test_exercises_manager.py).

They run your code under spawn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mpdemos.exercises.harness import Verdict, report, run_under_spawn
from mpdemos.i18n import _

#: What the checks hand to your functions.
ITEMS = ["a", "b", "c", "d"]
PROCESSES = 4
INCREMENTS = 300


def check_shared_list(func: Callable[..., list[Any]]) -> Verdict:
    """Exercise 1: ``func(ctx, items)`` appends each item to ``d["k"]`` from its
    own process, ``d`` a manager dict, and returns the final list.
    """
    got, problem = run_under_spawn(func, list(ITEMS))
    if problem:
        return report(problem)
    return report(_judge_list(got, ITEMS))


def _judge_list(got: Any, items: list[Any]) -> Verdict:
    if got is not None and hasattr(got, "_getvalue"):
        return Verdict(False, _("you returned a proxy, and the manager behind it is "
                                "gone once the `with` block ends. Return a plain copy: "
                                "`d['k'][:]` inside the block."))
    if not isinstance(got, list):
        return Verdict(False, _("return the final list, not {got!r}.").format(got=got))
    if not got and items:
        return Verdict(False, _("the list is empty: all {count} appends changed a "
                                "copy. `d['k']` returns a pickled copy of the list, and "
                                "`.append()` changes that copy in the child. Store a "
                                "`manager.list()` in the dict (a nested proxy), or read, "
                                "append and write back under a lock.").format(
                                    count=len(items)))
    if sorted(got) == sorted(items):
        # Translators: {items} is the final list, e.g. ['a', 'b', 'c', 'd'].
        return Verdict(True, _("{items}: every append reached the manager.").format(
            items=sorted(got)))
    lost = [x for x in items if x not in got]
    if lost:
        # Translators: {lost} lists the lost items, e.g. 'a', 'c'.
        return Verdict(False, _("{count} of {total} items were lost "
                                "({lost}): two processes read the same "
                                "old list, and the second write threw away the first one's "
                                "item. Hold a lock around the read, the append and the "
                                "write, or nest a `manager.list()`.").format(
                                    count=len(lost), total=len(items),
                                    lost=", ".join(map(repr, lost))))
    return Verdict(False, _("for {items} the list is {got!r}: each item should appear "
                            "exactly once.").format(items=items, got=got))


def check_counter(func: Callable[..., int]) -> Verdict:
    """Exercise 2: ``func(ctx, processes, increments)`` runs ``processes``
    processes, each adding 1 to ``ns.count`` ``increments`` times, ``ns`` a
    manager Namespace; it returns the final count.
    """
    got, problem = run_under_spawn(func, PROCESSES, INCREMENTS)
    if problem:
        return report(problem)
    return report(_judge_count(got, PROCESSES, INCREMENTS))


def _judge_count(got: Any, processes: int, increments: int) -> Verdict:
    expected = processes * increments
    if isinstance(got, bool) or not isinstance(got, int):
        return Verdict(False, _("return the final count (an int), not {got!r}.").format(
            got=got))
    if got == expected:
        return Verdict(True, _("{processes} processes x {increments} increments = "
                               "{expected}, no update lost.").format(
                                   processes=processes, increments=increments,
                                   expected=expected))
    if got < expected:
        return Verdict(False, _("your counter lost {lost} of {expected} "
                                "updates. `ns.count += 1` is two messages to the manager, a "
                                "read and then a write: two processes read the same value "
                                "before either wrote. Hold a lock (`manager.Lock()`) around "
                                "the read and the write, in the worker.").format(
                                    lost=expected - got, expected=expected))
    return Verdict(False, _("the count is {got}, more than the {expected} increments "
                            "made ({processes} processes x {increments}): start each "
                            "process once, and start the count at 0.").format(
                                got=got, expected=expected, processes=processes,
                                increments=increments))
