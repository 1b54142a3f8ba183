"""Checks for the exercises of 05-lock (tests: tests/test_exercises_lock.py).

They run your code under spawn. Exercise 1 counts privately and adds the
count to a shared ``Value`` in one locked step; exercise 2 moves money
between accounts, each with its own lock, without a deadlock.

The checks hand your worker a :class:`WatchedLock`: a re-entrant lock that
records how it was used (how often it was taken, who holds it, which locks
were already held when it was taken). So the checks can tell, on every run,
that a worker took the lock too often, counted while holding it, touched an
account without its lock, or took two locks in an order that *can*
deadlock, even when the timing happened to be kind.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import string
from collections.abc import Callable, Sequence
from typing import Any

from mpdemos.arguments import check_int
from mpdemos.exercises.harness import (
    PROCESS_TIMEOUT,
    Verdict,
    arrived,
    crashed,
    finish,
    report,
    report_errors,
    start_together,
    worker_problem,
)
from mpdemos.i18n import _

#: Seconds a blocking acquire() of a WatchedLock waits before it calls the
#: wait a deadlock (a lock here is held for microseconds at a time).
DEADLOCK_AFTER = 3.0
#: Exercise 1: workers, numbers per worker, and the divisor they count.
WORKERS, PER_WORKER, K = 4, 30_000, 7
#: Exercise 2: the transfers (from, to), one worker each, and their rounds.
TRANSFERS = ((0, 1), (1, 2), (2, 0), (1, 0))
ROUNDS, AMOUNT, OPENING = 200, 1, 1000

#: The numbers of the watched locks this process holds, innermost last.
_HELD: list[int] = []


# ---------------------------------------------------------------- what workers get


class WatchedLock:
    """A re-entrant lock that records its use, for the checks.

    ``takes`` counts the outer acquisitions (an acquire by the process that
    holds it already only nests). :meth:`held_here` says whether this
    process holds it. With an ``order`` table (a shared array of
    ``size * size`` flags), each blocking acquire marks which locks were
    held already, so :func:`lock_cycle` can find two workers that take the
    same locks in opposite orders. A blocking acquire without a timeout
    gives up after :data:`DEADLOCK_AFTER` seconds and raises
    ``RuntimeError``, so a deadlock ends instead of hanging. It is meant for
    single-threaded workers: the nesting depth is kept per process.
    """

    def __init__(self, ctx: Any, number: int = 0, order: Any = None,
                 size: int = 1) -> None:
        check_int("number", number)
        check_int("size", size, minimum=number + 1)
        self.number = number
        self._size = size
        self._order = order
        self._lock = ctx.RLock()
        self._takes = ctx.RawValue("i", 0)
        self._holder = ctx.RawValue("q", 0)
        self._depth = 0  # how deep this process holds it

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_depth": 0}

    @property
    def takes(self) -> int:
        """How many times the lock was taken (not counting nested takes)."""
        return self._takes.value

    def held_here(self) -> bool:
        """True if this process holds the lock."""
        return self._holder.value == os.getpid()

    def acquire(self, block: bool = True, timeout: float | None = None) -> bool:
        """Like ``RLock.acquire``; see the class for what it records."""
        if self._depth:  # this process holds it: an RLock nests
            self._lock.acquire()
            self._depth += 1
            return True
        if block and timeout is None:
            if self._order is not None:
                for held in _HELD:
                    self._order[held * self._size + self.number] = 1
            if not self._lock.acquire(True, DEADLOCK_AFTER):
                raise RuntimeError(_deadlock_error(self.number, _HELD))
        elif not self._lock.acquire(block, timeout):
            return False
        self._depth = 1
        self._takes.value += 1
        self._holder.value = os.getpid()
        _HELD.append(self.number)
        return True

    def release(self) -> None:
        """Like ``RLock.release``: only the process that holds it may release it."""
        if self._depth == 1:
            self._holder.value = 0
            _HELD.remove(self.number)
        if self._depth:
            self._depth -= 1
        self._lock.release()

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __repr__(self) -> str:
        return f"<WatchedLock {self.number}>"


def _deadlock_texts() -> tuple[str, str]:
    """The deadlock error's text, holding other locks and holding none, unformatted.

    In the language in force: a spawn child speaks the notebook's language, so
    the check, in the notebook, can recognise the error it reports.
    """
    # Translators: {seconds} is how long it waited, {number} the lock it waited
    # for; {holding} lists the locks it held, e.g. "lock 0, lock 2".
    holding = _("waited {seconds:g} s for lock {number} while holding {holding}: a "
                "deadlock")
    # Translators: {seconds} is how long it waited, {number} the lock it waited for.
    alone = _("waited {seconds:g} s for lock {number} while holding no other lock: a "
              "deadlock")
    return holding, alone


def _deadlock_error(number: int, held: Sequence[int]) -> str:
    """What a :class:`WatchedLock` that waited too long says: a deadlock."""
    holding, alone = _deadlock_texts()
    if not held:
        return alone.format(seconds=DEADLOCK_AFTER, number=number)
    # Translators: one lock held, in "while holding {holding}"; {number} is its number.
    locks = ", ".join(_("lock {number}").format(number=n) for n in held)
    return holding.format(seconds=DEADLOCK_AFTER, number=number, holding=locks)


def _fits(template: str, text: str) -> bool:
    """True if ``text`` contains ``template`` formatted with any values."""
    pattern = ".*".join(re.escape(literal)
                        for literal, *_field in string.Formatter().parse(template))
    return re.search(pattern, text, re.DOTALL) is not None


def lock_cycle(order: Sequence[int], size: int) -> list[int]:
    """Lock numbers that form a circle in the ``order`` table, or ``[]``.

    ``order[a * size + b]`` is set when a process took lock ``b`` while
    holding lock ``a``. A circle (0 then 1, 1 then 0) means each process
    can hold one lock and wait for ever for the next.
    """
    edges = {a: [b for b in range(size) if order[a * size + b]] for a in range(size)}

    def visit(node: int, path: list[int]) -> list[int]:
        for nxt in edges[node]:
            if nxt in path:
                return path[path.index(nxt):]
            found = visit(nxt, [*path, nxt])
            if found:
                return found
        return []

    for start in range(size):
        found = visit(start, [start])
        if found:
            return found
    return []


class Numbers:
    """The numbers one worker counts: a range that notices being read under a lock."""

    def __init__(self, start: int, stop: int, lock: WatchedLock, flag: Any) -> None:
        self._range = range(start, stop)
        self._lock = lock
        self._flag = flag

    def _look(self) -> None:
        if self._lock.held_here():
            self._flag.value = 1

    def __iter__(self) -> Any:
        self._look()
        return iter(self._range)

    def __getitem__(self, index: Any) -> Any:
        self._look()
        return self._range[index]

    def __len__(self) -> int:
        return len(self._range)

    def __repr__(self) -> str:
        return f"Numbers({self._range.start}, {self._range.stop})"


class Accounts:
    """Bank balances in shared memory; ``accounts[i]`` must be used under ``locks[i]``.

    Reading or writing account ``i`` without holding its lock is noted, for
    the check.
    """

    def __init__(self, ctx: Any, balances: Sequence[int],
                 locks: Sequence[WatchedLock]) -> None:
        if len(locks) != len(balances):
            raise ValueError(_("one lock per account"))
        self._balances = ctx.RawArray("i", list(balances))
        self._locks = list(locks)
        self._unguarded = ctx.RawArray("b", len(balances))

    def _guard(self, i: int) -> None:
        check_int("account", i)
        if not self._locks[i].held_here():
            self._unguarded[i] = 1

    def __getitem__(self, i: int) -> int:
        self._guard(i)
        return self._balances[i]

    def __setitem__(self, i: int, value: int) -> None:
        self._guard(i)
        self._balances[i] = value

    def __len__(self) -> int:
        return len(self._balances)

    def balances(self) -> list[int]:
        """The balances, read by the check once the workers have ended."""
        return list(self._balances)

    def unguarded(self) -> list[int]:
        """The accounts used without their lock."""
        return [i for i, flag in enumerate(self._unguarded) if flag]

    def __repr__(self) -> str:
        return f"Accounts({len(self)} accounts)"


def repeat(worker: Callable[..., None], times: int, *args: Any) -> None:
    """Call ``worker(*args)`` ``times`` times: one worker's share of the transfers."""
    check_int("times", times)
    for _round in range(times):
        worker(*args)


# ---------------------------------------------------------------- checks


def check_add_once(worker: Callable[..., None]) -> Verdict:
    """Exercise 1: ``worker(total, numbers, k)`` adds how many of ``numbers``
    are multiples of ``k`` to the shared ``Value`` ``total``.

    The check starts four copies together under spawn. It wants the right
    total, and ``total.get_lock()`` taken once per worker, after counting:
    not while counting, and not once per number.
    """
    problem = worker_problem(worker)
    if problem:
        return report(problem)
    ctx = multiprocessing.get_context("spawn")
    lock = WatchedLock(ctx)
    total = ctx.Value("i", 0, lock=lock)
    under_lock = ctx.RawValue("i", 0)
    barrier, errors = ctx.Barrier(WORKERS), ctx.Queue()
    chunks = [Numbers(w * PER_WORKER, (w + 1) * PER_WORKER, lock, under_lock)
              for w in range(WORKERS)]
    jobs = [ctx.Process(target=report_errors,
                        args=(errors, start_together, barrier, worker, total, chunk, K))
            for chunk in chunks]
    for p in jobs:
        p.start()
    codes = finish(jobs, timeout=PROCESS_TIMEOUT)
    problem = crashed(codes, arrived(errors)) or _unfinished(codes)
    if problem:
        return report(problem)
    expected = len(range(0, WORKERS * PER_WORKER, K))
    # total.get_obj(): reading total.value would take the watched lock again
    return report(_judge_add_once(total.get_obj().value, expected, lock.takes,
                                  bool(under_lock.value)))


def _judge_add_once(got: int, expected: int, takes: int, counted_under_lock: bool
                    ) -> Verdict:
    lost = ""
    if got < expected:
        # Translators: a clause added, after a space, to "each worker took total's
        # lock twice" or "... took total's lock {takes:,} times"; {lost} counts
        # were lost of {expected:,}.
        lost = _(" and {lost:,} of {expected:,} counts were lost").format(
            lost=expected - got, expected=expected)
    if takes == 0 and got == 0:
        return Verdict(False, _("total is still 0: add each worker's count to "
                                "total.value."))
    if counted_under_lock:
        return Verdict(False, _("your workers counted while holding total's lock, so "
                                "the other workers waited for nothing (one after "
                                "another, no faster than one process). Count first, "
                                "with no lock; then take the lock only to add the "
                                "count."))
    if takes == 2 * WORKERS:
        # Translators: {lost} is empty, or a clause " and 3 of 17,143 counts were
        # lost" (with its leading space).
        return Verdict(False, _("each worker took total's lock twice{lost}: "
                                "`total.value += count` reads under the lock, lets "
                                "go, then writes under it again, and another worker "
                                "can write in between (rare with one addition per "
                                "worker, but not impossible). Hold it around both: "
                                "`with total.get_lock(): total.value += "
                                "count`.").format(lost=lost))
    if takes > 2 * WORKERS:
        # Translators: {workers} is how many worker processes, {takes} how often
        # they took the lock; {lost} is empty, or a clause " and 3 of 17,143 counts
        # were lost" (with its leading space).
        return Verdict(False, _("your {workers} workers took total's lock {takes:,} "
                                "times{lost}: about once per number they counted. "
                                "Count in a local variable, then add the count once, "
                                "under the lock: {workers} takes in all.").format(
                                    workers=WORKERS, takes=takes, lost=lost))
    if got != expected:
        return Verdict(False, _("total is {got:,}, expected {expected:,}: count the n "
                                "in numbers with n % k == 0, and add that "
                                "count.").format(got=got, expected=expected))
    # Translators: {workers} worker processes counted {expected:,} multiples of
    # {k}, and took the lock {takes} times.
    return Verdict(True, _("{workers} workers, {expected:,} multiples of {k} counted "
                           "privately, total's lock taken {takes} times in all, none "
                           "lost.").format(workers=WORKERS, expected=expected, k=K,
                                           takes=takes))


def check_transfers(worker: Callable[..., None]) -> Verdict:
    """Exercise 2: ``worker(accounts, locks, src, dst, amount)`` moves
    ``amount`` from account ``src`` to ``dst``, holding ``locks[src]`` and
    ``locks[dst]`` while it reads and writes them.

    The check runs one worker per transfer in :data:`TRANSFERS` at the same
    time, :data:`ROUNDS` times each. The locks must always be taken in one
    order, or two workers can each hold one and wait for the other.
    """
    problem = worker_problem(worker)
    if problem:
        return report(problem)
    ctx = multiprocessing.get_context("spawn")
    size = 1 + max(max(pair) for pair in TRANSFERS)
    order = ctx.RawArray("b", size * size)
    locks = [WatchedLock(ctx, n, order, size) for n in range(size)]
    accounts = Accounts(ctx, [OPENING] * size, locks)
    barrier, errors = ctx.Barrier(len(TRANSFERS)), ctx.Queue()
    jobs = [ctx.Process(target=report_errors,
                        args=(errors, start_together, barrier, repeat, worker, ROUNDS,
                              accounts, locks, src, dst, AMOUNT))
            for src, dst in TRANSFERS]
    for p in jobs:
        p.start()
    codes = finish(jobs, timeout=PROCESS_TIMEOUT + DEADLOCK_AFTER)
    errs = arrived(errors)
    cycle = lock_cycle(order, size)
    fix = _("Take the two locks in one fixed order in every worker, the lower "
            "account number first: then no circle of waits can close.")
    circle = ""
    if cycle:
        # Translators: one step of a circle of waits, e.g. "lock 0 then lock 1";
        # the steps are joined with ", ".
        steps = ", ".join(_("lock {first} then lock {second}").format(first=a, second=b)
                          for a, b in zip(cycle, [*cycle[1:], cycle[0]]))
        # Translators: {steps} is e.g. "lock 0 then lock 1, lock 1 then lock 0".
        circle = _("Your workers took {steps}: each can hold its first lock while "
                   "it waits for the next one's.").format(steps=steps)
    # a worker that waited while holding another lock was in the circle
    holding, alone = _deadlock_texts()
    deadlocks = sorted((e for e in errs if _fits(holding, e) or _fits(alone, e)),
                       key=lambda e: _fits(alone, e))
    if deadlocks:
        # Translators: {error} is the deadlock error, "RuntimeError: waited 3 s for
        # lock 1 ..."; {circle} is empty or a sentence on the circle of waits;
        # {fix} is a sentence on how to avoid it.
        return report(Verdict(False, _("your workers deadlocked: {error}. {circle} "
                                       "{fix}").format(error=deadlocks[0],
                                                       circle=circle,
                                                       fix=fix).replace("  ", " ")))
    problem = crashed(codes, errs) or _unfinished(codes)
    if problem:
        return report(problem)
    unguarded = accounts.unguarded()
    if unguarded:
        # Translators: {account} is an account's number, also the index in locks[].
        return report(Verdict(False, _("your worker read or changed account "
                                       "{account} without holding locks[{account}]: "
                                       "another worker can change it in between. Hold "
                                       "the locks of both accounts while you read and "
                                       "write them.").format(account=unguarded[0])))
    if cycle:
        # Translators: {circle} is a sentence on the circle of waits ("Your workers
        # took ..."); {fix} a sentence on how to avoid it.
        return report(Verdict(False, _("{circle} It did not deadlock this time, but "
                                       "it can, on any run. {fix}").format(
                                           circle=circle, fix=fix)))
    expected = [OPENING] * size
    for src, dst in TRANSFERS:
        expected[src] -= ROUNDS * AMOUNT
        expected[dst] += ROUNDS * AMOUNT
    got = accounts.balances()
    if got != expected:
        # Translators: {got} and {expected} are lists of balances, e.g. [800, 1000].
        return report(Verdict(False, _("the balances are {got}, expected {expected}: "
                                       "move amount from accounts[src] to "
                                       "accounts[dst], once per call.").format(
                                           got=got, expected=expected)))
    # Translators: {workers} worker processes made {rounds} transfers each;
    # {balances} is the list of final balances.
    return report(Verdict(True, _("{workers} workers x {rounds} transfers, every "
                                  "account used under its lock, and the locks always "
                                  "taken in one order: balances {balances}, no "
                                  "deadlock possible.").format(
                                      workers=len(TRANSFERS), rounds=ROUNDS,
                                      balances=got)))


def _unfinished(codes: Sequence[int | None]) -> Verdict | None:
    if None in codes:
        return Verdict(False, _("your workers did not finish within {seconds:g} s. Is "
                                "every acquire() matched by a release()? `with "
                                "lock:` does that for you.").format(
                                    seconds=PROCESS_TIMEOUT))
    return None


