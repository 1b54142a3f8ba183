"""mpdemos.output: whole lines from children, and their stderr captured."""

from __future__ import annotations

import multiprocessing
import time

import pytest

from mpdemos import output, process


def test_say_writes_one_whole_line(capsys: pytest.CaptureFixture[str]) -> None:
    output.say("Worker:", 3)
    assert capsys.readouterr().out == "Worker: 3\n"


def test_settle_outside_a_kernel_only_flushes() -> None:
    start = time.monotonic()
    output.settle()
    assert time.monotonic() - start < 0.5


@pytest.mark.parametrize("bad", [0, -1, "1", True])
def test_settle_rejects_bad_timeouts(bad: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        output.settle(bad)  # type: ignore[arg-type]


def test_capture_fd_stderr_catches_a_child_traceback() -> None:
    ctx = multiprocessing.get_context("spawn")  # what the notebook uses it for
    with output.capture_fd_stderr() as lines:
        p = ctx.Process(target=process.raises)
        p.start()
        p.join(timeout=10)
    assert p.exitcode == 1
    assert lines[-1] == "RuntimeError: There was an error!"


def test_ipykernel_still_keeps_its_capture_pipe_where_settle_looks() -> None:
    """output.settle watches OutStream._fid, ipykernel's own pipe (ipykernel 6-7)."""
    import inspect

    iostream = pytest.importorskip("ipykernel.iostream")
    source = inspect.getsource(iostream.OutStream)
    assert "self._fid = " in source and "os.read(self._fid" in source, (
        "ipykernel's OutStream no longer reads children's output from self._fid: "
        "mpdemos.output._pipe_fds must learn the new place, and pyproject's upper "
        "bound on ipykernel stays until it does")
