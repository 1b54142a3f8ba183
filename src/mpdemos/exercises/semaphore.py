"""Checks for the exercises of 07-semaphore (tests: tests/test_exercises_semaphore.py).

They run your code under spawn. Exercise 1 limits eight tasks to two at a
time; exercise 2 uses a ``BoundedSemaphore(1)`` to find the jobs of
:func:`print_job` that release the printer twice. It starts at 1 because
macOS has no ``sem_getvalue()``: there, only a bound of 1 is checked (a
``BoundedSemaphore(2)`` lets the count climb, like a plain ``Semaphore``).
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable
from typing import Any

from mpdemos import timeline
from mpdemos.arguments import check_int
from mpdemos.exercises.harness import (
    Verdict,
    crashed,
    finish,
    report,
    run_under_spawn,
    start_together,
    take,
    worker_problem,
)
from mpdemos.i18n import _

#: Exercise 2: the page counts of the jobs; those over MAX_PAGES jam.
JOBS = (3, 250, 12, 400, 7)
MAX_PAGES = 100


class PaperJam(Exception):
    """A job too long for the printer."""


def print_job(printer: Any, pages: int) -> None:
    """Print ``pages`` pages while holding the semaphore ``printer``.

    A job of more than ``MAX_PAGES`` pages jams the printer; the job clears
    the jam and returns normally. But it has a bug, the kind a plain
    ``Semaphore`` hides: after a jam it releases the printer twice, so the
    next two jobs could print at once.
    """
    if not (hasattr(printer, "acquire") and hasattr(printer, "release")):
        raise TypeError(_("printer must be a semaphore, not {printer!r}").format(
            printer=printer))
    check_int("pages", pages, minimum=1)
    if not printer.acquire(timeout=5):
        raise TimeoutError(_("the printer stayed busy for 5 s"))
    try:
        if pages > MAX_PAGES:
            raise PaperJam(f"{pages} pages jammed the printer")
    except PaperJam:
        printer.release()  # the bug: "let the next job in while we clear the jam"
    finally:
        printer.release()


def check_limited_task(worker: Callable[..., None]) -> Verdict:
    """Exercise 1: ``worker(s, spans, label)`` works 0.1 s, at most 2 at once.

    The check starts 8 copies at the same moment under spawn, sharing one
    ``Semaphore(2)`` ``s``; each must record its 0.1 s of work as a span on
    ``spans``. The timeline must never show more than 2 tasks at once.
    """
    problem = worker_problem(worker)
    if problem:
        return report(problem)
    ctx = multiprocessing.get_context("spawn")
    tasks, limit = 8, 2
    s = ctx.Semaphore(limit)
    spans_queue = ctx.Queue()
    barrier = ctx.Barrier(tasks)
    jobs = [ctx.Process(target=start_together,
                        args=(barrier, worker, s, spans_queue, f"task {i}"))
            for i in range(tasks)]
    for p in jobs:
        p.start()
    try:
        spans = sorted(take(spans_queue, tasks, jobs), key=lambda span: span.start)
    finally:
        codes = finish(jobs)
    if len(spans) < tasks:
        problem = Verdict(False, _("only {arrived} of {tasks} spans arrived. Each "
                                   "task must put one: wrap its work in `with "
                                   "timeline.record(spans, label):`.").format(
                                       arrived=len(spans), tasks=tasks))
    problem = crashed(codes) or problem
    if problem:
        return report(problem)
    short = [span for span in spans if span.duration < 0.05]
    if short:
        # Translators: {label} names a task, e.g. "task 3".
        return report(Verdict(False, _("{label} took {duration:.3f} s; "
                                       "each task should work (sleep) 0.1 s, or the "
                                       "tasks hardly overlap at all.").format(
                                           label=short[0].label,
                                           duration=short[0].duration)))
    peak = timeline.max_concurrency(spans)
    if peak > limit:
        return report(Verdict(False, _("{peak} of your {tasks} tasks ran at the same "
                                       "time; the limit is {limit}. Do the work (and "
                                       "record it) inside `with s:`, so a third task "
                                       "waits for a free place.").format(
                                           peak=peak, tasks=tasks, limit=limit)))
    return report(Verdict(True, _("{tasks} tasks, never more than {limit} at "
                                  "once.").format(tasks=tasks, limit=limit)))


def check_double_releases(func: Callable[..., list[int]]) -> Verdict:
    """Exercise 2: ``func(ctx, jobs)`` runs :func:`print_job` once per page
    count in ``jobs`` and returns the page counts of the jobs that released
    the printer twice, in the order of ``jobs``.

    A ``BoundedSemaphore(1)`` raises ``ValueError`` at the extra release;
    the jobs that jam (more than ``MAX_PAGES`` pages) are the ones.
    """
    jobs = list(JOBS)
    got, problem = run_under_spawn(func, jobs)
    if problem and "released too many times" in problem.message:
        return report(Verdict(False, _("an extra release raised ValueError, as it "
                                       "should, but your function let it escape. Catch "
                                       "it for each job (`except ValueError:`), note the "
                                       "job, and go on with the next one.")))
    if problem:
        return report(problem)
    expected = [pages for pages in jobs if pages > MAX_PAGES]
    if not (isinstance(got, list) and all(isinstance(x, int) for x in got)):
        return report(Verdict(False, _("return a list of the page counts whose job "
                                       "released twice, not {got!r}.").format(got=got)))
    if got == expected:
        # Translators: {pages} is a list of page counts joined by " and ",
        # e.g. "250 and 400".
        return report(Verdict(True, _("the jobs of {pages} "
                                      "pages released the printer twice: a "
                                      "BoundedSemaphore(1) raised ValueError at the "
                                      "second release. A plain Semaphore would have "
                                      "climbed to 2 and let two jobs print at "
                                      "once.").format(
                                          # Translators: joins page counts: "250 and 400".
                                          pages=_(" and ").join(map(str, expected)))))
    if not got:
        mac = (" " + _("On macOS a BoundedSemaphore that starts above 1 cannot tell "
                       "either (there is no sem_getvalue()): start it at 1.")
               if sys.platform == "darwin" else "")
        # Translators: {mac} is empty, or on macOS one more sentence.
        return report(Verdict(False, _("no job was found: a plain Semaphore lets its "
                                       "count climb past where it started, so the extra "
                                       "release passes unnoticed. Give each job a "
                                       "ctx.BoundedSemaphore(1).{mac}").format(mac=mac)))
    wrong = [x for x in got if x not in expected]
    if wrong:
        temporary = (" " + _("Every job failed: if each ran in a child, keep a name "
                             "for its semaphore until the child has started. A "
                             "temporary `ctx.BoundedSemaphore(1)` in args=(...) is "
                             "deleted before a spawn child can open it "
                             "(FileNotFoundError).")
                     if sorted(got) == sorted(jobs) else "")
        # Translators: {temporary} is empty, or one more sentence (when every job failed).
        return report(Verdict(False, _("the job of {pages} pages released the "
                                       "printer only once; flag a job only when its "
                                       "release raised ValueError.{temporary}").format(
                                           pages=wrong[0], temporary=temporary)))
    if sorted(got) == sorted(expected):
        return report(Verdict(False, _("right jobs, but in the order {got}; return "
                                       "them in the order of jobs: {expected}.").format(
                                           got=got, expected=expected)))
    missing = [x for x in expected if x not in got]
    return report(Verdict(False, _("the job of {pages} pages released twice "
                                   "too, and you missed it. Jobs that share one "
                                   "semaphore while they run at once can hide it: "
                                   "another job takes the first release before the "
                                   "second comes, and nothing is raised. Give each job "
                                   "its own BoundedSemaphore(1), or run them one at a "
                                   "time.").format(pages=missing[0])))
