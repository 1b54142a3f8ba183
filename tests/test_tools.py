"""The measuring scripts in tools/ still run (they lean on Pool's internals)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mpdemos.context import available_methods

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(not sys.platform.startswith("linux"),
                    reason="the script reads thread CPU times from /proc")
def test_pool_handler_spin_prints_a_row_per_method_and_chunksize() -> None:
    done = subprocess.run(
        [sys.executable, "-W", "ignore::DeprecationWarning",
         str(ROOT / "tools" / "pool_handler_spin.py"), "--tasks", "40", "--runs", "1"],
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = [line.split() for line in done.stdout.splitlines()[2:]]
    assert [(r[0], r[1]) for r in rows] == [
        (m, c) for m in available_methods() for c in ("1", "auto")]
    for r in rows:
        seconds = [float(x) for x in r[2:]]
        assert all(x >= 0 for x in seconds) and seconds[1] <= seconds[0] <= seconds[2]


def test_pool_handler_spin_rejects_bad_arguments() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "pool_handler_spin.py"), "--runs", "0"],
        capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "must be >= 1" in done.stderr or "Linux only" in done.stderr


@pytest.mark.skipif(not hasattr(__import__("os"), "sched_setaffinity"),
                    reason="--cpus needs CPU affinity (Linux)")
@pytest.mark.parametrize("cpus", ["0", "9999"])
def test_soak_rejects_a_cpu_count_the_machine_cannot_give(cpus: str) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "soak.py"), "--cpus", cpus, "--rounds", "1"],
        capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "--cpus must be between 1 and" in done.stderr
