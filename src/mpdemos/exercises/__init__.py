"""Checks for the notebooks' exercises: they test behaviour and explain mistakes.

Each check runs the student's function, usually under the ``spawn`` start
method (what macOS and Windows use), with a timeout, and prints either
``Correct: ...`` or ``Not yet: ...`` with an explanation in plain words. It
never hangs: a function that does not return in time is reported, and the
child processes it left behind are terminated.

The checks for each notebook live in a module of this package named after
the notebook's topic (``mpdemos.exercises.process`` for 02-process, ...).

Workers that students write must live in a module, like every worker in this
course. The cell magic ``%%worker_module NAME`` (load it with
``%load_ext mpdemos.exercises``) saves a cell as module ``NAME`` in a
per-kernel folder on ``sys.path``, where children can import it, and imports
it into the notebook.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import inspect
import multiprocessing
import shutil
import sys
import tempfile
import threading
import types
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Seconds a student's function may run before the check gives up on it.
DEFAULT_TIMEOUT = 10.0


@dataclass(frozen=True)
class Verdict:
    """The outcome of a check: passed or not, and why."""

    passed: bool
    message: str

    def __str__(self) -> str:
        return ("Correct: " if self.passed else "Not yet: ") + self.message

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
                     timeout: float = DEFAULT_TIMEOUT, **kwargs: Any) -> Outcome:
    """Call ``func(*args, **kwargs)`` in a thread; give up after ``timeout`` s.

    On a timeout, every live child process is terminated, which usually
    unblocks the stuck call, so nothing is left running.
    """
    if not callable(func):
        raise TypeError(f"expected a function, not {func!r}")
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
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
        terminate_children()
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
        return Verdict(False, "your pool was still running after your function "
                       "returned. Use `with ctx.Pool(...) as pool:`, which terminates "
                       "it, or call close() and join() when its work is done.")
    if processes:
        return Verdict(False, f"{processes} child process(es) were still running when "
                       "your function returned. join() every process you start.")
    return None


def run_under_spawn(func: Callable[..., Any], *args: Any,
                    timeout: float = DEFAULT_TIMEOUT,
                    hang_hint: str = "Does every get() and join() have a timeout, and "
                    "is every result you wait for really sent?") -> tuple[Any, Verdict | None]:
    """Run ``func(spawn_context, *args)`` the way the checks do.

    Returns ``(value, problem)``: ``problem`` is a failing verdict when the
    function hands notebook-defined code to children, raises, hangs, or leaves
    processes running; otherwise ``None`` and ``value`` is what it returned.
    """
    if not callable(func):
        raise TypeError(f"expected your function, not {func!r}")
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
        raise TypeError(f"expected a function, not {func!r}")
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
        return Verdict(False, f"your function did not return within {timeout:g} s. "
                       f"{hang_hint} (Its child processes were terminated.)")
    if outcome.error is not None:
        error = outcome.error
        return Verdict(False, f"your function raised {type(error).__name__}: {error}")
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
    return Verdict(False, f"{names} is defined in this notebook. Under spawn (macOS, "
                   "Windows, and Linux from Python 3.14 with forkserver) a child process "
                   "cannot import the notebook, so it dies, and a Pool waits forever. "
                   "Put workers in a module: a %%worker_module cell, or mpdemos.")


# ---------------------------------------------------------------- the magic


_MODULE_DIR: Path | None = None


def module_dir() -> Path:
    """The per-kernel folder for ``%%worker_module`` files, made on first use."""
    global _MODULE_DIR
    if _MODULE_DIR is None:
        _MODULE_DIR = Path(tempfile.mkdtemp(prefix="mpdemos-workers-"))
        atexit.register(shutil.rmtree, _MODULE_DIR, ignore_errors=True)
        sys.path.insert(0, str(_MODULE_DIR))
    return _MODULE_DIR


def save_module(name: str, source: str) -> types.ModuleType:
    """Save ``source`` as module ``name`` where children can import it; import it.

    Saving again replaces the module, in this process and in children
    started afterwards.
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"module name must be a Python identifier, not {name!r}")
    if not isinstance(source, str):
        raise TypeError(f"source must be a str, not {source!r}")
    path = module_dir() / f"{name}.py"
    path.write_text(source)
    importlib.invalidate_caches()
    if name in sys.modules:
        return importlib.reload(sys.modules[name])
    return importlib.import_module(name)


def load_ipython_extension(ipython: Any) -> None:
    """Register ``%%worker_module NAME`` (``%load_ext mpdemos.exercises``)."""

    def worker_module(line: str, cell: str) -> None:
        name = line.strip()
        module = save_module(name, cell)
        ipython.user_ns[name] = module

    ipython.register_magic_function(worker_module, magic_kind="cell",
                                    magic_name="worker_module")
