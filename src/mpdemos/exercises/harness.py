"""The harness every exercise check shares (tests: tests/test_exercises_harness.py).

A check runs the student's code, usually under the ``spawn`` start method
(what macOS and Windows use), with a timeout, and prints either
``Correct: ...`` or ``Not yet: ...`` with an explanation in plain words. It
never hangs: a function that does not return in time is reported, and the
child processes it left behind are terminated.

Two kinds of answer are checked. A *function* ``func(ctx, ...)`` runs in a
thread of the notebook's process, through :func:`run_under_spawn`. A *worker*
(written in a ``%%worker_module`` cell) runs in child processes the check
starts itself, so that it controls the timing: :func:`worker_problem`,
:func:`start_together`, :func:`report_errors`, :func:`take`, :func:`finish`
and :func:`crashed` are for those.
"""

from __future__ import annotations

import gc
import inspect
import multiprocessing
import queue
import signal
import threading
import time
import types
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from mpdemos.arguments import check_positive_seconds
from mpdemos.i18n import _

#: Seconds a student's function may run before the check gives up on it.
DEFAULT_TIMEOUT = 10.0
#: Seconds a check waits for the spawn processes it started itself.
PROCESS_TIMEOUT = 8.0


def traceback_where() -> str:
    """Where a child's traceback goes, for messages about a worker that raised.

    In the language in force now (the notebook picks it after import), so
    it is a function, not a constant.
    """
    return _("Its traceback is in this cell's output (on Windows, where "
             "Jupyter does not capture a child's output, in the terminal "
             "that runs Jupyter).")


@dataclass(frozen=True)
class Verdict:
    """The outcome of a check: passed or not, and why."""

    passed: bool
    message: str

    def __str__(self) -> str:
        return (_("Correct: ") if self.passed else _("Not yet: ")) + self.message

    def _ipython_display_(self) -> None:
        """Show nothing more in a notebook: the check has printed the verdict."""


def report(verdict: Verdict) -> Verdict:
    """Print the verdict for the student, and return it (for tests)."""
    print(verdict)
    return verdict


@dataclass(frozen=True)
class Outcome:
    """What happened when a student's function ran."""

    value: Any = None
    error: BaseException | None = None
    timed_out: bool = False


def run_with_timeout(func: Callable[..., Any], *args: Any,
                     timeout: float = DEFAULT_TIMEOUT,
                     on_timeout: Callable[[], Any] | None = None,
                     **kwargs: Any) -> Outcome:
    """Call ``func(*args, **kwargs)`` in a thread; give up after ``timeout`` s.

    On a timeout, ``on_timeout()`` runs; by default it terminates every live
    child process, which usually unblocks the stuck call, so nothing is left
    running. A check that handed the function a pool passes the pool's
    ``terminate`` instead: killing a pool's workers one by one can leave its
    task queue locked, and the pool's own shutdown would then wait for ever.
    """
    if not callable(func):
        raise TypeError(_("expected a function, not {func!r}").format(func=func))
    check_positive_seconds(timeout, "timeout")
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = func(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - report whatever the student raised
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True, name="exercise")
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        (on_timeout or terminate_children)()
        thread.join(2)
        return Outcome(timed_out=True)
    return Outcome(box.get("value"), box.get("error"))


def terminate_children(timeout: float = 5.0) -> int:
    """Terminate every live child process of this one; return how many."""
    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    for child in children:
        child.join(timeout)
    return len(children)


def running_pools() -> list[Any]:
    """The ``multiprocessing`` pools in this process that were never shut down."""
    from multiprocessing.pool import Pool

    return [obj for obj in gc.get_objects()
            if isinstance(obj, Pool) and getattr(obj, "_state", None) == "RUN"]


def leftovers(pools_before: list[Any], abandoned_pool: bool = False) -> Verdict | None:
    """Shut down what a student's function left running, and say what it was.

    A pool left running is terminated properly (killing its workers one by
    one would make it start new ones, and could leave its queue locked);
    then any other live child process is terminated. ``abandoned_pool`` says
    that a running pool was already collected (it warned as it went).
    """
    pools = [p for p in running_pools() if not any(p is q for q in pools_before)]
    for pool in pools:
        pool.terminate()
        pool.join()
    processes = terminate_children()
    if pools or abandoned_pool:
        return Verdict(False, _("your pool was still running after your function "
                                "returned. Use `with ctx.Pool(...) as pool:`, which "
                                "terminates it, or call close() and join() when its "
                                "work is done."))
    if processes:
        # Translators: {processes} is how many child processes were still running.
        return Verdict(False, _("{processes} child process(es) were still running when "
                                "your function returned. join() every process you "
                                "start.").format(processes=processes))
    return None


def run_under_spawn(func: Callable[..., Any], *args: Any,
                    timeout: float = DEFAULT_TIMEOUT,
                    hang_hint: str | None = None) -> tuple[Any, Verdict | None]:
    """Run ``func(spawn_context, *args)`` the way the checks do.

    Returns ``(value, problem)``: ``problem`` is a failing verdict when the
    function hands notebook-defined code to children, raises, hangs, or leaves
    processes running; otherwise ``None`` and ``value`` is what it returned.
    ``hang_hint`` is the advice given if it hangs; by default, to put a
    timeout on every ``get()`` and ``join()``.
    """
    if not callable(func):
        raise TypeError(_("expected your function, not {func!r}").format(func=func))
    if hang_hint is None:
        hang_hint = _("Does every get() and join() have a timeout, and is every "
                      "result you wait for really sent?")
    problem = importability_problem(func)
    if problem:
        return None, problem
    before = running_pools()
    # A pool nothing refers to is collected as soon as the function returns,
    # before leftovers() can see it; its ResourceWarning is the evidence.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        outcome = run_with_timeout(func, multiprocessing.get_context("spawn"), *args,
                                   timeout=timeout)
    abandoned = any("unclosed running multiprocessing pool" in str(w.message)
                    for w in caught)
    problem = explain_outcome(outcome, timeout, hang_hint)
    return outcome.value, problem or leftovers(before, abandoned)


def main_functions(func: Callable[..., Any]) -> list[str]:
    """Names of functions or classes defined in ``__main__`` that ``func`` uses.

    In a notebook, ``__main__`` is the notebook itself: a ``spawn`` or
    ``forkserver`` child cannot import anything defined there.
    """
    if not callable(func):
        raise TypeError(_("expected a function, not {func!r}").format(func=func))
    code = getattr(func, "__code__", None)
    if code is None:
        return []
    names: set[str] = set()
    stack = [code]
    while stack:
        current = stack.pop()
        names.update(current.co_names)
        stack.extend(c for c in current.co_consts if isinstance(c, types.CodeType))
    used = {name: func.__globals__.get(name) for name in names}
    closure = func.__closure__ or ()
    used.update({name: cell.cell_contents
                 for name, cell in zip(code.co_freevars, closure, strict=False)})
    found = []
    for name, obj in sorted(used.items()):
        if obj is func or not (inspect.isfunction(obj) or inspect.isclass(obj)):
            continue
        if getattr(obj, "__module__", None) == "__main__":
            found.append(name)
    return found


def explain_outcome(outcome: Outcome, timeout: float, hang_hint: str) -> Verdict | None:
    """Turn an error or a timeout into a verdict; ``None`` if the call returned."""
    if outcome.timed_out:
        # Translators: {hint} is advice on what may hang, a sentence or two.
        return Verdict(False, _("your function did not return within {timeout:g} s. "
                                "{hint} (Its child processes were terminated.)").format(
                                    timeout=timeout, hint=hang_hint))
    if outcome.error is not None:
        error = outcome.error
        # Translators: {kind} is the exception's class, {error} its message.
        return Verdict(False, _("your function raised {kind}: {error}").format(
            kind=type(error).__name__, error=error))
    return None


def importability_problem(func: Callable[..., Any]) -> Verdict | None:
    """A failing verdict if ``func`` uses functions or classes defined in the notebook.

    Exercise answers keep their code inside the function, or in a worker
    module, so anything taken from ``__main__`` is suspect: a child process
    cannot import it.
    """
    defined_here = main_functions(func)
    if not defined_here:
        return None
    names = ", ".join(defined_here)
    # Translators: {names} lists functions or classes, e.g. "square, Point".
    return Verdict(False, _("{names} is defined in this notebook. Under spawn (macOS, "
                            "Windows, and Linux from Python 3.14 with forkserver) a "
                            "child process cannot import the notebook, so it dies, and "
                            "a Pool waits forever. Put workers in a module: a "
                            "%%worker_module cell, or mpdemos.").format(names=names))


# ---------------------------------------------------------------- workers checks start


def worker_problem(worker: Any) -> Verdict | None:
    """A failing verdict if ``worker`` cannot run in a spawn child; else ``None``."""
    if not callable(worker):
        raise TypeError(_("expected your worker function, not {worker!r}").format(
            worker=worker))
    if getattr(worker, "__module__", None) == "__main__":
        name = getattr(worker, "__name__", None)
        if name is None:
            name = _("your worker")
        # Translators: {name} is the worker function's name, or "your worker".
        return Verdict(False, _("{name} is defined in this notebook, so a spawn child "
                                "cannot import it. Put it in a `%%worker_module` "
                                "cell.").format(name=name))
    return None


def start_together(barrier: Any, worker: Callable[..., Any], *args: Any) -> None:
    """Wait at ``barrier`` with the other workers, then call ``worker(*args)``.

    The checks start your worker through this, so all copies really compete.
    """
    if not callable(worker):
        raise TypeError(_("worker must be a function, not {worker!r}").format(
            worker=worker))
    barrier.wait(PROCESS_TIMEOUT)
    worker(*args)


def report_errors(errors: Any, worker: Callable[..., Any], *args: Any) -> None:
    """Call ``worker(*args)``; if it raises, put ``"Type: message"`` on ``errors``.

    The exception is raised again, so the child still prints its traceback
    and exits with code 1; the check reads the queue to say what went wrong.
    """
    if not hasattr(errors, "put"):
        raise TypeError(_("errors must be a queue, not {errors!r}").format(errors=errors))
    if not callable(worker):
        raise TypeError(_("worker must be a function, not {worker!r}").format(
            worker=worker))
    try:
        worker(*args)
    except BaseException as exc:
        errors.put(f"{type(exc).__name__}: {exc}")
        raise


def take(items: Any, count: int, jobs: Sequence[Any],
         timeout: float = PROCESS_TIMEOUT) -> list[Any]:
    """Take up to ``count`` items off the queue ``items``, within ``timeout`` s.

    Stops early once every process in ``jobs`` has ended and sent all it
    sent, so a worker that puts too little costs no more than its run.
    """
    check_positive_seconds(timeout, "timeout")
    found: list[Any] = []
    deadline = time.monotonic() + timeout
    while len(found) < count and time.monotonic() < deadline:
        ended = not any(p.is_alive() for p in jobs)
        try:
            found.append(items.get(timeout=0.5 if ended else 0.1))
        except queue.Empty:
            if ended:
                break
    return found


def arrived(items: Any, wait: float = 0.2) -> list[Any]:
    """Everything on the queue ``items`` now: call it once its writers have ended."""
    found: list[Any] = []
    while True:
        try:
            found.append(items.get(timeout=wait))
        except queue.Empty:
            return found


def finish(processes: Sequence[Any], timeout: float = 5.0) -> list[int | None]:
    """Join ``processes``; return their exit codes, ``None`` for any still running.

    A process still running after ``timeout`` seconds is terminated (and
    joined), but its code is reported as ``None``: it did not finish.
    """
    deadline = time.monotonic() + timeout
    for p in processes:
        p.join(max(deadline - time.monotonic(), 0.01))
    stuck = [p for p in processes if p.is_alive()]
    for p in stuck:
        p.terminate()
    for p in stuck:
        p.join(5)
    return [None if p in stuck else p.exitcode for p in processes]


def crashed(codes: Sequence[int | None], errors: Sequence[str] = ()) -> Verdict | None:
    """A failing verdict if a worker the check started exited with an error.

    ``errors`` are what :func:`report_errors` collected: the first one is
    named. A code of ``None`` (did not finish) is left to the caller.
    """
    bad = [c for c in codes if c not in (0, None)]
    if not bad:
        return None
    if errors:
        # Translators: {error} is "ExceptionClass: message"; {where} says where
        # the traceback is (its own message, "Its traceback is in ...").
        return Verdict(False, _("your worker raised {error}. {where}").format(
            error=errors[0], where=traceback_where()))
    code = bad[0]
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            # Translators: {number} is a signal's number, e.g. "signal 64".
            name = _("signal {number}").format(number=-code)
        # Translators: {name} is a signal, e.g. SIGKILL; {code} is negative.
        return Verdict(False, _("your worker was killed by {name} (exit code "
                                "{code}).").format(name=name, code=code))
    # Translators: {where} says where the traceback is ("Its traceback is in ...").
    return Verdict(False, _("your worker exited with code {code}: it raised an "
                            "exception, or called sys.exit({code}). {where}").format(
                                code=code, where=traceback_where()))
