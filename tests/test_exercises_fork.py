"""mpdemos.exercises.fork: the 01-fork checks accept right answers, explain wrong ones."""

from __future__ import annotations

import os
import sys

import pytest

from mpdemos.exercises import fork as fork_checks

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX only")


def good_exit_code(code: int) -> int:
    pid = os.fork()
    if pid == 0:
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def no_wait_exit_code(code: int) -> int:
    pid = os.fork()
    if pid == 0:
        os._exit(code)
    return code  # forgot os.waitpid: a zombie


def sys_exit_square(n: int) -> int:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        os.write(write_end, str(n * n).encode())
        return 0  # wrong: the child runs on into the parent's code
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) if not data else int(data)


@posix_only
def test_fork_checks(capsys: pytest.CaptureFixture[str]) -> None:
    assert fork_checks.check_exit_code(good_exit_code).passed
    verdict = fork_checks.check_exit_code(no_wait_exit_code)
    assert not verdict.passed and "zombie" in verdict.message
    verdict = fork_checks.check_exit_code(lambda code: code)
    assert not verdict.passed and "never called os.fork" in verdict.message
    assert "Correct" in capsys.readouterr().out


@posix_only
def test_fork_check_catches_a_child_that_returns() -> None:
    verdict = fork_checks.check_square_in_child(sys_exit_square)
    assert not verdict.passed
