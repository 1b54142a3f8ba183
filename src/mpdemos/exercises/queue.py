"""Checks for the exercises of 03-queue (tests: tests/test_exercises_queue.py).

They run your code under spawn. The workers the exercises use live here too,
so that spawn children can import them.

Exercise 1 collects several results too big for a pipe: a parent that
joins before it reads waits for ever. Exercise 2 is a ``JoinableQueue``
consumer that survives a bad item and calls ``task_done()`` once per item.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from typing import Any

from mpdemos.arguments import check_int, check_positive_seconds
from mpdemos.exercises.harness import (
    DEFAULT_TIMEOUT,
    Verdict,
    arrived,
    crashed,
    finish,
    report,
    report_errors,
    run_under_spawn,
    take,
    worker_problem,
)
from mpdemos.i18n import _

#: Seconds the checks give your function (a missing stop message hangs it).
TIMEOUT = 5.0
#: Exercise 1: one child per count; each list of squares pickles to about a
#: megabyte, far more than a pipe holds (64 KiB on Linux, less on macOS).
BIG_COUNTS = (150_000, 20_000, 100_000)
#: Exercise 2: the items, three of which int() rejects, and the consumers.
ITEMS = ("3", "1", "x", "4", "1.5", "5", "nine", "2", "6")
CONSUMERS = 2


# ---------------------------------------------------------------- workers


def squares_up_to(results: Any, n: int) -> None:
    """Put ``(n, [0, 1, 4, ..., (n - 1) ** 2])`` on ``results``: one big message.

    With ``n`` in the tens of thousands the list pickles to far more than a
    pipe holds, so this process cannot end until someone reads the message.
    """
    if not hasattr(results, "put"):
        raise TypeError(_("results must be a queue, not {results!r}").format(
            results=results))
    check_int("n", n)
    results.put((n, [i * i for i in range(n)]))


# ---------------------------------------------------------------- checks


def check_big_results(func: Callable[..., list[list[int]]],
                      timeout: float = DEFAULT_TIMEOUT) -> Verdict:
    """Exercise 1: ``func(ctx, counts)`` collects big results from children.

    It starts one child per ``n`` in ``counts`` running
    :func:`squares_up_to` on one shared queue, takes every message off the
    queue, joins the children, and returns the lists in the order of
    ``counts``.
    """
    check_positive_seconds(timeout, "timeout")
    counts = list(BIG_COUNTS)
    got, problem = run_under_spawn(
        func, counts, timeout=timeout,
        hang_hint=_("A child that has put a big message cannot end until someone "
                    "reads it: its queue's feeder thread waits for room in the pipe, "
                    "and the process waits for its feeder. So a join() before the "
                    "get()s waits for ever. Take every message off the queue first "
                    "(one per child), then join."))
    if problem:
        return report(problem)
    expected = [[i * i for i in range(n)] for n in counts]
    if got == expected:
        return report(Verdict(True, _("{lists} lists of up to {most:,} "
                                      "squares, drained before the joins, in the order "
                                      "of counts.").format(lists=len(counts),
                                                           most=max(counts))))
    if not (isinstance(got, list) and all(isinstance(x, list) for x in got)):
        return report(Verdict(False, _("return a list of the lists of squares, in the "
                                       "order of counts, not {got}.").format(
                                           got=_brief(got))))
    lengths = [len(x) for x in got]
    if sorted(lengths) == sorted(counts) and all(x in expected for x in got):
        return report(Verdict(False, _("right lists, wrong order: their lengths are "
                                       "{lengths}, the counts {counts}. Messages arrive "
                                       "in the order the children send them; each one "
                                       "carries its n, so put the lists back in the "
                                       "order of counts.").format(
                                           lengths=lengths, counts=counts)))
    return report(Verdict(False, _("you returned lists of lengths {lengths}; expected "
                                   "one list per count, {counts}, each [0, 1, 4, ...] "
                                   "as the child sent it.").format(
                                       lengths=lengths, counts=counts)))


def check_sturdy_consumer(worker: Callable[..., None]) -> Verdict:
    """Exercise 2: your ``worker(tasks, results)`` consumes a ``JoinableQueue``.

    For each item (a str) it puts ``(item, int(item))`` on ``results``, or
    ``(item, None)`` when ``int()`` raises ``ValueError``, and it stops at
    the poison pill ``None``. It calls ``tasks.task_done()`` exactly once for
    every item it took, the pill too, so that ``tasks.join()`` returns once
    all the work is done. The check runs two copies under spawn.
    """
    problem = worker_problem(worker)
    if problem:
        return report(problem)
    ctx = multiprocessing.get_context("spawn")
    tasks, results, errors = ctx.JoinableQueue(), ctx.Queue(), ctx.Queue()
    jobs = [ctx.Process(target=report_errors, args=(errors, worker, tasks, results))
            for _ in range(CONSUMERS)]
    for p in jobs:
        p.start()
    for item in [*ITEMS, *[None] * CONSUMERS]:
        tasks.put(item)
    try:
        got = take(results, len(ITEMS), jobs)
    finally:
        codes = finish(jobs)
    return report(_judge_consumer(got, codes, arrived(errors), tasks))


def _judge_consumer(got: list[Any], codes: Sequence[int | None], errors: list[str],
                    tasks: Any) -> Verdict:
    if any("task_done() called too many times" in e for e in errors):
        return Verdict(False, _("your consumer called task_done() more often than it "
                                "took items (once in `except` and again in `finally`?). "
                                "Each extra call lets tasks.join() return before the "
                                "work is done, and the last ones raise ValueError: "
                                "task_done() called too many times. Call it exactly "
                                "once per get()."))
    if any("NoneType" in e for e in errors):
        # Translators: {error} is "Type: message" of the exception, e.g.
        # "TypeError: int() argument must be a string, ..., not 'NoneType'".
        return Verdict(False, _("your consumer raised {error}: it treated the pill "
                                "None as work. Check for None first, and stop.").format(
                                    error=errors[0]))
    bad = [item for item in ITEMS if _number(item) is None]
    if any("invalid literal for int()" in e for e in errors):
        # Translators: {error} is "Type: message" of the exception, e.g.
        # "ValueError: invalid literal for int() with base 10: 'x'".
        return Verdict(False, _("your consumer died on a bad item: {error}. One bad "
                                "item must not stop the work: catch the ValueError, put "
                                "(item, None), and go on with the next item.").format(
                                    error=errors[0]))
    problem = crashed(codes, errors)
    if problem:
        return problem
    if None in codes:
        return Verdict(False, _("a consumer was still running seconds after the last "
                                "item: it did not stop at its pill. Return (or break) "
                                "when you take None."))
    undone = _undone(tasks)
    expected = {(item, _number(item)) for item in ITEMS}
    if not got:
        return Verdict(False, _("your consumers put nothing on results: for each item "
                                "put (item, int(item)), or (item, None) when int() "
                                "raises ValueError."))
    if set(map(_as_pair, got)) != expected or len(got) != len(ITEMS):
        seen = set(map(_as_pair, got))
        missing = [item for item in ITEMS if (item, _number(item)) not in seen]
        if missing and all(_number(item) is None for item in missing):
            # Translators: {items} lists the items, e.g. 'x', 'nine'.
            return Verdict(False, _("no result for {items}: "
                                    "for an item int() rejects, put (item, "
                                    "None).").format(items=", ".join(map(repr, missing))))
        return Verdict(False, _("the consumers put {got}; expected one "
                                "(item, int(item)) per item, or (item, None) when int() "
                                "raises: {expected}.").format(
                                    got=_brief(got), expected=sorted(expected, key=str)))
    pills = CONSUMERS
    if undone:
        if undone == pills:
            # Translators: which items were never marked done; it goes in the
            # parentheses of "tasks.join() would wait for ever: ... ({why})."
            why = _("the pills: a pill is an item too; call task_done() before you "
                    "stop")
        elif undone == len(bad):
            # Translators: which items were never marked done; it goes in the
            # parentheses of "tasks.join() would wait for ever: ... ({why})."
            why = _("the bad items: call task_done() whatever happens to the item, "
                    "in a `finally`")
        elif undone == len(bad) + pills:
            # Translators: which items were never marked done; it goes in the
            # parentheses of "tasks.join() would wait for ever: ... ({why})."
            why = _("the bad items and the pills: call it once per get(), whatever "
                    "came")
        else:
            # Translators: which items were never marked done; it goes in the
            # parentheses of "tasks.join() would wait for ever: ... ({why})."
            why = _("some items: call it exactly once per get(), the pill too")
        # Translators: {why} is one of "the pills: ...", "the bad items: ...",
        # "some items: ...", saying which items were never marked done.
        return Verdict(False, _("tasks.join() would wait for ever: {undone} of the "
                                "{total} items were never marked done ({why}).").format(
                                    undone=undone, total=len(ITEMS) + pills, why=why))
    return Verdict(True, _("{numbers} numbers, {bad} bad items "
                           "reported as None, every item marked done once: tasks.join() "
                           "returns.").format(numbers=len(ITEMS) - len(bad), bad=len(bad)))


def _undone(tasks: Any) -> int:
    """How many items of ``tasks`` were never marked done (its consumers have ended).

    Each ``task_done()`` here marks one; the first call too many raises
    ``ValueError``, as ``join()`` would then return. It changes the queue,
    which the check no longer needs.
    """
    undone = 0
    while True:
        try:
            tasks.task_done()
        except ValueError:
            return undone
        undone += 1


def _number(item: str) -> int | None:
    try:
        return int(item)
    except ValueError:
        return None


def _as_pair(x: Any) -> Any:
    """``x`` as something a set can hold: a tuple for a pair, else its repr."""
    pair = tuple(x) if isinstance(x, (tuple, list)) else x
    try:
        hash(pair)
    except TypeError:
        return repr(pair)
    return pair


def _brief(x: Any, limit: int = 120) -> str:
    text = repr(x)
    return text if len(text) <= limit else text[:limit] + "..."


