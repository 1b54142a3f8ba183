"""MPI programs for 15-beyond-one-machine, and a launcher (tests: tests/test_mpi.py).

MPI does not fork or spawn workers from a running Python: ``mpiexec -n 2``
starts two copies of the same program, and each copy asks MPI which one it
is (its *rank*). That model is called SPMD: single program, multiple data.
Every program here runs in every rank; start one with :func:`run`::

    >>> from mpdemos import mpi
    >>> sorted(mpi.run("hello", ranks=2))
    ['rank 0 of 2: hello', 'rank 1 of 2: hello']

or from a terminal: ``mpiexec -n 2 python -m mpdemos.mpi hello``.
MPI itself comes from PyPI: the ``mpi4py`` package and the ``mpich`` wheel,
which carries ``mpiexec``. The start method of ``multiprocessing`` plays no
part here; only ``MPIPoolExecutor``'s task functions must be importable,
as under spawn.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from mpdemos import shm
from mpdemos.arguments import check_int, check_seconds

#: Seconds a whole ``mpiexec`` run may take before :func:`run` stops it.
TIMEOUT = 30.0
#: Seconds the ranks get to exit cleanly after SIGINT, before SIGKILL.
GRACE = 5.0
#: Message sizes of the ping-pong benchmark: 1 KiB, 64 KiB, 1 MiB.
PINGPONG_SIZES = (1024, 64 * 1024, 1024 * 1024)


# ------------------------------------------------------------ the launcher


def mpiexec() -> str:
    """Return the path of ``mpiexec``: beside this Python first, then on ``PATH``.

    A kernel started from JupyterLab may not have the virtual environment's
    ``bin`` folder on its ``PATH``, so the folder of ``sys.executable`` is
    searched first. Raises ``FileNotFoundError`` with the fix when neither
    place has one.
    """
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    found = shutil.which("mpiexec", path=path)
    if found is None:
        raise FileNotFoundError(
            "mpiexec not found; run the README's setup command (python "
            "tools/bootstrap.py), which installs mpi4py and the mpich wheel")
    return found


def command(program: str, ranks: int = 2, *args: str) -> list[str]:
    """The command line that runs ``program`` in ``ranks`` processes."""
    if program not in PROGRAMS:
        raise ValueError(f"unknown MPI program {program!r}; "
                         f"expected one of {', '.join(PROGRAMS)}")
    check_int("ranks", ranks, minimum=1)
    return [mpiexec(), "-n", str(ranks), sys.executable, "-m", "mpdemos.mpi",
            program, *map(str, args)]


def run(program: str, ranks: int = 2, *args: Any, timeout: float = TIMEOUT) -> list[str]:
    """Run ``program`` under ``mpiexec -n ranks`` and return its output lines.

    Every rank's standard output reaches the caller through ``mpiexec``, in
    the order the lines arrived. The run gets its own process group: if it
    takes longer than ``timeout`` seconds, or the caller is interrupted, the
    whole group (``mpiexec``, its proxy and every rank) is stopped (see
    :func:`_stop`); a timeout then raises ``TimeoutError``. A failed run
    raises ``RuntimeError`` with what the ranks wrote to standard error.
    """
    check_seconds(timeout, "timeout")
    argv = command(program, ranks, *args)
    segments = shm.entries("mpich*")
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, start_new_session=True) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop(proc, segments)
            raise TimeoutError(
                f"mpiexec -n {ranks} ... {program} took more than {timeout} s") from None
        except BaseException:  # "Interrupt kernel" in Jupyter, for instance
            _stop(proc, segments)
            raise
    if proc.returncode != 0:
        raise RuntimeError(f"mpiexec -n {ranks} ... {program} failed "
                           f"(exit code {proc.returncode}):\n{err.strip()}")
    return out.splitlines()


def _stop(proc: subprocess.Popen[str], segments: set[str]) -> None:
    """Stop a run (:func:`_kill_group`), then unlink the MPICH segments it
    created that no process maps any more: a rank interrupted while MPI
    starts up (likely on a busy machine) exits without removing its own.
    ``segments`` are the ones that existed before the run.
    """
    _kill_group(proc)
    for name in shm.unmapped(shm.entries("mpich*") - segments):
        (shm.SHM / name).unlink(missing_ok=True)


def _kill_group(proc: subprocess.Popen[str]) -> None:
    """Stop ``proc``'s whole process group, as Ctrl-C would, and reap ``proc``.

    SIGINT first: each rank raises ``KeyboardInterrupt``, and MPI removes its
    shared-memory segments as the rank exits (SIGTERM or SIGKILL would leave
    them in ``/dev/shm``). Whatever is still alive :data:`GRACE` seconds
    later, a rank stuck inside an MPI call for instance, gets SIGKILL. On
    Windows there are no process groups: only ``mpiexec`` is killed.
    """
    if sys.platform == "win32":
        proc.kill()
        proc.communicate()
        return
    group = proc.pid
    _signal_group(group, signal.SIGINT)
    try:
        proc.communicate(timeout=GRACE)
    except subprocess.TimeoutExpired:
        _signal_group(group, signal.SIGKILL)
        proc.communicate()
    deadline = time.monotonic() + GRACE
    while _signal_group(group, 0) and time.monotonic() < deadline:
        time.sleep(0.05)  # ranks still finishing after mpiexec left
    _signal_group(group, signal.SIGKILL)


def _signal_group(group: int, sig: int) -> bool:
    """Send ``sig`` to process group ``group``; False if no process is left in it."""
    try:
        os.killpg(group, sig)
    except ProcessLookupError:
        return False
    return True


def run_json(program: str, ranks: int = 2, *args: Any,
             timeout: float = TIMEOUT) -> dict[str, Any]:
    """Run a program that prints one JSON object (from rank 0); return it."""
    lines = run(program, ranks, *args, timeout=timeout)
    found = [line for line in lines if line.startswith("{")]
    if len(found) != 1:
        raise RuntimeError(f"expected one JSON line from {program}, got {lines!r}")
    result: dict[str, Any] = json.loads(found[0])
    return result


# --------------------------------------------------- programs (every rank)


def say(line: str) -> None:
    """Print ``line`` in one write, so lines of different ranks never tear.

    ``print()`` writes the text and its newline separately when output is
    unbuffered (``PYTHONUNBUFFERED=1``); ``mpiexec`` may then put another
    rank's line in between.
    """
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def hello(comm: Any) -> None:
    """Each rank says who it is: ``rank 1 of 2: hello``."""
    say(f"rank {comm.Get_rank()} of {comm.Get_size()}: hello")


def exchange(comm: Any, n: int, tasks: int) -> None:
    """Point to point, then collectives. Rank 0 prints what happened.

    * ``send``/``recv``: rank 0 sends a dict to rank 1 (pickled, like a
      ``Queue``), and rank 1 sends back a reply.
    * ``bcast``: rank 0 hands every rank the job, ``tasks`` x ``busy(n)``.
    * each rank runs its share (tasks ``rank``, ``rank + size``, ...);
    * ``reduce`` adds the partial sums on rank 0; ``gather`` collects how
      many tasks each rank ran.
    """
    from mpi4py import MPI

    from mpdemos.pools import busy

    rank, size = comm.Get_rank(), comm.Get_size()
    if size < 2:
        raise SystemExit("exchange needs at least 2 ranks: mpiexec -n 2")
    if rank == 0:
        comm.send({"greeting": "hello", "n": 7}, dest=1, tag=1)
        reply = comm.recv(source=1, tag=2)
        say(f"rank 0: sent {{'greeting': 'hello', 'n': 7}} to rank 1, "
            f"got back {reply!r}")
    elif rank == 1:
        message = comm.recv(source=0, tag=1)
        comm.send(message["n"] ** 2, dest=0, tag=2)
    job = comm.bcast([n] * tasks if rank == 0 else None, root=0)
    mine = job[rank::size]
    total = comm.reduce(sum(busy(k) for k in mine), op=MPI.SUM, root=0)
    counts = comm.gather(len(mine), root=0)
    if rank == 0:
        say(f"rank 0: bcast {len(job)} tasks; tasks per rank (gather): {counts}")
        say(f"rank 0: sum of every result (reduce): {total}")


def executor(comm: Any, n: int, tasks: int, workers: int, launched: float) -> None:
    """Run ``tasks`` x ``pools.busy_cpu(n)`` on an ``MPIPoolExecutor``; print JSON.

    Start this program with ``mpiexec -n 1``: the executor *spawns* its
    ``workers`` through MPI (``MPI_Comm_spawn``). ``launched`` is the
    caller's ``time.time()`` just before ``mpiexec`` started, so the JSON's
    ``start`` counts the launcher, the interpreter and the workers' boot.
    Each worker runs one tiny task first, so ``job`` times warm workers;
    :func:`mpdemos.beyond.time_job` times the job and checks every result,
    as for the other engines.
    """
    from mpi4py.futures import MPIPoolExecutor

    from mpdemos import beyond
    from mpdemos.pools import busy

    if comm.Get_rank() != 0:
        return
    with MPIPoolExecutor(max_workers=workers) as pool:
        pool.bootup(wait=True)
        start = time.time() - launched
        list(pool.map(busy, [1] * workers))  # each worker imports mpdemos.pools
        run = beyond.time_job("MPIPoolExecutor", pool.map, n=n, tasks=tasks)
    say(json.dumps({"start": start, "job": run.job, "cpu": run.cpu, "workers": workers}))


def pingpong(comm: Any, rounds: int) -> None:
    """Bounce messages between ranks 0 and 1; rank 0 prints bytes/s per size.

    Uses the buffer methods ``Send``/``Recv`` (capital S and R): the bytes
    go as they are, with no pickling. Each round trip is timed on its own
    and the fastest counts: a rank that the system set aside for a moment
    (MPI ranks wait by polling, and may share a core) only ever adds time.
    A round trip moves the message twice, so the rate is
    ``2 * size / fastest round trip``.
    """
    rank = comm.Get_rank()
    if comm.Get_size() != 2:
        raise SystemExit("pingpong needs exactly 2 ranks: mpiexec -n 2")
    rates = {}
    for size in PINGPONG_SIZES:
        buf = bytearray(os.urandom(size)) if rank == 0 else bytearray(size)
        count = max(10, min(rounds, (16 << 20) // size))
        fastest = float("inf")
        for timed in (False, True):  # a warm-up pass, then the timed one
            comm.Barrier()
            for _ in range(count):
                t0 = time.perf_counter()
                if rank == 0:
                    comm.Send(buf, dest=1)
                    comm.Recv(buf, source=1)
                else:
                    comm.Recv(buf, source=0)
                    comm.Send(buf, dest=0)
                if timed:
                    fastest = min(fastest, time.perf_counter() - t0)
        rates[size] = 2 * size / fastest
    if rank == 0:
        say(json.dumps({str(size): rate for size, rate in rates.items()}))


PROGRAMS: dict[str, Callable[..., None]] = {
    "hello": hello, "exchange": exchange, "executor": executor, "pingpong": pingpong,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point in every rank: ``python -m mpdemos.mpi PROGRAM [ARGS]``."""
    parser = argparse.ArgumentParser(prog="python -m mpdemos.mpi",
                                     description="Run one MPI demo in this rank.")
    sub = parser.add_subparsers(dest="program", required=True)
    sub.add_parser("hello")
    ex = sub.add_parser("exchange")
    ex.add_argument("n", type=int)
    ex.add_argument("tasks", type=int)
    pool = sub.add_parser("executor")
    pool.add_argument("n", type=int)
    pool.add_argument("tasks", type=int)
    pool.add_argument("workers", type=int)
    pool.add_argument("launched", type=float)
    pp = sub.add_parser("pingpong")
    pp.add_argument("rounds", type=int)
    args = vars(parser.parse_args(argv))
    program = PROGRAMS[args.pop("program")]
    from mpi4py import MPI

    program(MPI.COMM_WORLD, **args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
