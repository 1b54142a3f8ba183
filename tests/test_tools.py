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


def import_graph(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "tools" / "import_graph.py"), *args],
                          capture_output=True, text=True, timeout=60)


def test_mpdemos_has_no_import_cycle() -> None:
    done = import_graph("--edges")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].startswith("no import cycle among ")
    edges = dict(line.split(" -> ") for line in done.stdout.splitlines()[:-1])
    assert "mpdemos.bench.plots" in edges["mpdemos.bench.cli"]  # from pkg import mod
    assert edges["mpdemos.bench.stats"] == "(nothing)"


def test_import_graph_finds_cycles_however_they_are_written(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg import b\n")
    (package / "b.py").write_text("def f():\n    import pkg.sub.c  # lazy\n")
    (package / "sub" / "__init__.py").write_text("from . import c\n")
    (package / "sub" / "c.py").write_text("from ..a import name\n")
    (package / "d.py").write_text("import pkg.a\n")  # into the cycle, not in it
    done = import_graph(str(package))
    assert done.returncode == 1
    assert done.stdout.splitlines() == ["cycle: pkg.a <-> pkg.b <-> pkg.sub.c",
                                        "1 import cycle(s) among 6 modules"]
    (package / "sub" / "c.py").write_text("name = 1\n")
    done = import_graph(str(package))
    assert done.returncode == 0 and done.stdout.startswith("no import cycle among 6")


def test_pool_speedup_prints_a_row_per_method() -> None:
    done = subprocess.run(
        [sys.executable, "-W", "ignore::DeprecationWarning",
         str(ROOT / "tools" / "pool_speedup.py"), "--runs", "5", "--tasks", "2",
         "--size", "2000"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    rows = [line.split() for line in done.stdout.splitlines()[2:2 + len(
        available_methods())]]
    assert [r[0] for r in rows] == available_methods()
    for r in rows:  # seconds (three decimals), then speedups and cores
        assert all(float(x) >= 0 for x in r[1:4]) and all(float(x) > 0 for x in r[4:])


def test_package_version_matches_pyproject() -> None:
    from importlib.metadata import version  # the installed pyproject.toml's

    import mpdemos

    assert mpdemos.__version__ == version("mpdemos")
