"""Checks for the exercises of 04-event (tests: tests/test_exercises_event.py).

They run your code under spawn. The workers the checks start live here too,
so that spawn children can import them.

Exercise 1 is a fair start: the parent releases ``n`` runners with one
``set()``, and only once every one of them has said it is ready. Exercise 2
waits for an event with a timeout.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
from collections.abc import Callable
from typing import Any

from mpdemos.arguments import check_positive_seconds
from mpdemos.exercises.harness import (
    PROCESS_TIMEOUT,
    Verdict,
    crashed,
    finish,
    report,
    run_under_spawn,
    worker_problem,
)
from mpdemos.i18n import _

# ---------------------------------------------------------------- workers


def runner(ready: Any, go: Any, results: Any, patience: float = 8.0) -> None:
    """A runner at a start line: say ready, wait for ``go``, report the start.

    It puts its process id on ``ready``, then waits at most ``patience``
    seconds for the event ``go``, and puts on ``results``: ``"fair start"``
    (``go`` was set while it waited), ``"false start"`` (``go`` was set
    already before it said ready: it was released too early) or ``"gave up"``
    (``go`` never came).
    """
    if not (hasattr(go, "wait") and hasattr(go, "is_set")):
        raise TypeError(_("go must be an Event, not {go!r}").format(go=go))
    check_positive_seconds(patience, "patience")
    early = go.is_set()  # looked at *before* saying ready
    ready.put(os.getpid())
    if early:
        results.put("false start")
    else:
        results.put("fair start" if go.wait(patience) else "gave up")


# ---------------------------------------------------------------- checks


def check_fair_start(func: Callable[..., list[str]]) -> Verdict:
    """Exercise 1: ``func(ctx, n)`` starts ``n`` :func:`runner` processes,
    waits until all ``n`` have put their id on ``ready``, sets ``go`` once,
    collects the ``n`` reports from ``results``, joins, and returns them.
    """
    n = 4
    # Runners give up 8 s after they said ready: room for a slow start-up
    # on a busy machine, and for a wrong answer to return within the 15 s.
    got, problem = run_under_spawn(
        func, n, timeout=15.0,
        hang_hint=_("Each runner puts one id on ready: take exactly n."))
    if problem:
        return report(problem)
    if not (isinstance(got, list) and all(isinstance(x, str) for x in got)):
        return report(Verdict(False, _("return the list of what the runners put on "
                                       "results (strings), not {got!r}.").format(
                                           got=got)))
    false, gave_up = got.count("false start"), got.count("gave up")
    if false:
        # Translators: {false} runners of {n} started too early.
        return report(Verdict(False, _("{false} of {n} runners found go already set "
                                       "when they got ready: you set it before they "
                                       "all reported. Take {n} ids off `ready` first "
                                       "(one per runner), then set go.").format(
                                           false=false, n=n)))
    if gave_up:
        # Translators: {gave_up} runners of {n} gave up waiting.
        return report(Verdict(False, _("{gave_up} of {n} runners gave up waiting: "
                                       "go was not set while they waited. Set it once "
                                       "all are ready, and before you join "
                                       "them.").format(gave_up=gave_up, n=n)))
    if got != ["fair start"] * n:
        return report(Verdict(False, _("the runners' reports are {got!r}; expected "
                                       "{n} of them, one per runner.").format(
                                           got=got, n=n)))
    return report(Verdict(True, _("all {n} runners were waiting when go was set: one "
                                  "set() released them together.").format(n=n)))


def check_wait_briefly(worker: Callable[..., None]) -> Verdict:
    """Exercise 2: your worker ``worker(e, t, results)`` waits at most ``t`` s.

    It puts ``"go"`` on ``results`` if ``e`` was set in time, else ``"gave up"``.
    The check runs it twice under spawn: with an event already set, and with
    one that is never set.
    """
    problem = worker_problem(worker)
    if problem:
        return report(problem)
    ctx = multiprocessing.get_context("spawn")
    t = 0.3
    events = [ctx.Event(), ctx.Event()]
    events[0].set()
    queues = [ctx.Queue(), ctx.Queue()]
    jobs = [ctx.Process(target=worker, args=(e, t, q)) for e, q in zip(events, queues)]
    for p in jobs:
        p.start()
    answers: list[Any] = []
    try:
        for case, q in zip(("set", "never set"), queues):
            try:
                answers.append(q.get(timeout=PROCESS_TIMEOUT))
            except queue.Empty:
                if case == "set":
                    message = _("with an event that is set, your worker put nothing "
                                "within {seconds:g} s. Give wait() the timeout t, then "
                                "put one answer.")
                else:
                    message = _("with an event that is never set, your worker put "
                                "nothing within {seconds:g} s. Give wait() the "
                                "timeout t, then put one answer.")
                problem = Verdict(False, message.format(seconds=PROCESS_TIMEOUT))
                break
    finally:
        codes = finish(jobs)
    problem = problem or crashed(codes)
    if problem:
        return report(problem)
    if answers == ["go", "go"]:
        return report(Verdict(False, _("with an event that is never set your worker "
                                       "still said 'go'. wait(t) does not raise when "
                                       "the time runs out: it returns False. Use `if "
                                       "e.wait(t):`.")))
    if answers != ["go", "gave up"]:
        # Translators: {when_set} is what the worker put for a set event,
        # {when_unset} what it put for one never set.
        return report(Verdict(False, _("your worker put {when_set!r} for a set event "
                                       "and {when_unset!r} for one never set; expected "
                                       "'go' and 'gave up'.").format(
                                           when_set=answers[0], when_unset=answers[1])))
    # Translators: {seconds} is how long the worker waits, e.g. 0.3.
    return report(Verdict(True, _("'go' when the event is set, 'gave up' after "
                                  "{seconds} s when it is not.").format(seconds=t)))
