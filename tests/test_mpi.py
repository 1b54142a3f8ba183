"""mpdemos.mpi: the MPI programs run under mpiexec and the launcher cleans up."""

from __future__ import annotations

import time

import psutil
import pytest

from mpdemos import mpi, shm


def test_hello_from_every_rank() -> None:
    assert sorted(mpi.run("hello", ranks=3)) == [
        "rank 0 of 3: hello", "rank 1 of 3: hello", "rank 2 of 3: hello"]


def test_exchange_sends_broadcasts_and_reduces() -> None:
    lines = mpi.run("exchange", 2, 1_000, 5)
    assert lines[0] == ("rank 0: sent {'greeting': 'hello', 'n': 7} to rank 1, "
                        "got back 49")
    assert lines[1] == "rank 0: bcast 5 tasks; tasks per rank (gather): [3, 2]"
    from mpdemos.pools import busy
    assert lines[2] == f"rank 0: sum of every result (reduce): {5 * busy(1_000)}"


def test_exchange_needs_two_ranks() -> None:
    with pytest.raises(RuntimeError, match="at least 2 ranks"):
        mpi.run("exchange", 1, 10, 2)


def test_executor_reports_start_job_and_cpu() -> None:
    launched = time.time()
    figures = mpi.run_json("executor", 1, 1_000, 4, 2, launched)
    assert set(figures) == {"start", "job", "cpu", "workers"}
    assert figures["workers"] == 2
    assert 0 < figures["start"] < time.time() - launched
    assert figures["job"] > 0 and figures["cpu"] > 0


def test_pingpong_gives_a_rate_per_size() -> None:
    rates = mpi.run_json("pingpong", 2, 10)
    assert [int(size) for size in rates] == list(mpi.PINGPONG_SIZES)
    assert all(rate > 0 for rate in rates.values())


def test_bad_arguments_raise_clear_errors() -> None:
    with pytest.raises(ValueError, match="unknown MPI program 'goodbye'"):
        mpi.run("goodbye")
    with pytest.raises(ValueError, match="ranks must be >= 1"):
        mpi.run("hello", ranks=0)
    with pytest.raises(TypeError, match="timeout must be a number"):
        mpi.run("hello", timeout="soon")
    with pytest.raises(RuntimeError, match="expected one JSON line"):
        mpi.run_json("hello")


def mpich_segments() -> set[str]:
    """MPICH's /dev/shm segments that no live process maps (a run in flight
    elsewhere, such as notebook 12 on another xdist worker, maps its own)."""
    return shm.unmapped(shm.entries("mpich*"))


def test_timeout_stops_every_rank_and_leaves_no_shared_memory() -> None:
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    segments = mpich_segments()
    with pytest.raises(TimeoutError, match="took more than 1 s"):
        mpi.run("exchange", 2, 10**9, 2, timeout=1)  # a minute of busy()
    left = [p for p in psutil.Process().children(recursive=True)
            if p.pid not in before]
    assert left == []
    # A rank stopped during MPI's start-up leaves its segment; run() removes it
    assert mpich_segments() - segments == set()


def test_timeouts_during_start_up_leave_no_shared_memory() -> None:
    segments = mpich_segments()
    for timeout in (0.2, 0.4, 0.6, 0.8):  # some of these stop MPI as it starts
        with pytest.raises(TimeoutError):
            mpi.run("exchange", 2, 10**9, 2, timeout=timeout)
    assert mpich_segments() - segments == set()


def test_mpiexec_missing_says_how_to_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mpi.sys, "executable", "/nonexistent/python")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(FileNotFoundError, match="tools/bootstrap.py"):
        mpi.mpiexec()


def test_lines_never_tear_even_unbuffered(monkeypatch: pytest.MonkeyPatch) -> None:
    # print() writes text and newline apart when unbuffered: ranks' lines tore
    monkeypatch.setenv("PYTHONUNBUFFERED", "1")
    expected = [f"rank {r} of 3: hello" for r in range(3)]
    for _ in range(10):
        assert sorted(mpi.run("hello", ranks=3)) == expected


def test_an_interrupt_stops_the_run_too(monkeypatch: pytest.MonkeyPatch) -> None:
    # "Interrupt kernel" raises KeyboardInterrupt while run() waits for mpiexec
    real = mpi.subprocess.Popen.communicate

    def interrupted(self, input=None, timeout=None):  # type: ignore[no-untyped-def]
        if timeout == 7.5:
            time.sleep(0.5)
            raise KeyboardInterrupt
        return real(self, input, timeout)

    monkeypatch.setattr(mpi.subprocess.Popen, "communicate", interrupted)
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    segments = mpich_segments()
    with pytest.raises(KeyboardInterrupt):
        mpi.run("exchange", 2, 10**9, 2, timeout=7.5)
    left = [p for p in psutil.Process().children(recursive=True)
            if p.pid not in before]
    assert left == []
    assert mpich_segments() - segments == set()
