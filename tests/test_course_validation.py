"""mpdemos.course.validation: the harness compares real outputs, and can fail.

These tests run pytest in a subprocess on copies of course notebooks, in a
temporary folder, under the spawn start method only (to stay quick).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from multiprocessing import shared_memory
from pathlib import Path

import nbformat
import pytest

from mpdemos import shm
from mpdemos.course import validation

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def validate(folder: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Validate every notebook in ``folder`` under spawn, as the test command does."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", str(folder), "-p", "mpdemos.course.validation",
         "--start-methods=spawn", "--nbval-cell-timeout=30", "-p", "no:cacheprovider",
         "-p", "no:xdist", "-q", "--rootdir", str(folder)],
        capture_output=True, text=True, timeout=120, cwd=folder,
        env={**os.environ, **env},
    )


def child_output_notebook(folder: Path) -> Path:
    """Copy 02-process, keeping its setup cell and the cell where children print."""
    nb = nbformat.read(NOTEBOOKS / "02-process.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    printing = next(c for c in code if "process.worker)" in c.source)
    nb.cells = [code[0], printing]
    stored = "".join(out.get("text", "") for out in printing.outputs)
    assert stored == "Worker\n" * 5, "the stored output changed"
    path = folder / "02-process.ipynb"
    nbformat.write(nb, path)
    return path


def test_an_altered_output_and_missing_child_output_fail(tmp_path: Path) -> None:
    """One run over three copies: intact, one output altered, child output removed."""
    intact = tmp_path / "intact"
    intact.mkdir()
    child_output_notebook(intact)
    shutil.copy(NOTEBOOKS / "00-index.ipynb", tmp_path)
    altered = tmp_path / "00-index.ipynb"
    nb = json.loads(altered.read_text())
    cell = next(c for c in nb["cells"] if c.get("outputs") and "fork" in str(c["outputs"]))
    cell["outputs"][0]["text"] = ["['fork', 'spawn']\n"]
    altered.write_text(json.dumps(nb))
    missing = child_output_notebook(tmp_path)
    nb = nbformat.read(missing, as_version=4)
    nb.cells[1].outputs = []  # as if the children's lines had been lost
    nbformat.write(nb, missing)

    done = validate(tmp_path)
    assert done.returncode == 1
    assert "2 failed" in done.stdout
    assert "FAILED 00-index.ipynb::spawn::Cell 1" in done.stdout
    assert "FAILED 02-process.ipynb::spawn::Cell 1" in done.stdout
    assert "FAILED intact" not in done.stdout
    assert "mismatch 'stdout'" in done.stdout


def test_plain_nbval_kernel_environment_loses_child_output(tmp_path: Path) -> None:
    """Without the fix, spawn children's output vanishes, and validation says so."""
    child_output_notebook(tmp_path)
    done = validate(tmp_path, **{validation.KEEP_PYTEST_ENV: "1"})
    assert done.returncode == 1
    assert "1 failed" in done.stdout


def test_a_hung_cell_fails_within_the_timeout(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import time\ntime.sleep(60)")])
    nb.cells[0].execution_count = 1
    nbformat.write(nb, tmp_path / "99-hang.ipynb")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", str(tmp_path), "-p", "mpdemos.course.validation",
         "--start-methods=spawn", "--nbval-cell-timeout=2", "-p", "no:cacheprovider",
         "-p", "no:xdist", "-q", "--rootdir", str(tmp_path)],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )
    assert done.returncode == 1
    assert "Timeout" in done.stdout or "timed out" in done.stdout.lower()


@pytest.mark.skipif(not sys.platform.startswith("linux"),
                    reason="validation kernels use Unix sockets on Linux only")
def test_validation_kernels_listen_on_unix_sockets(tmp_path: Path) -> None:
    import nbval.kernel

    # nbval starts each kernel in its notebook's folder, not in ours
    km, kc = nbval.kernel.start_new_kernel(
        kernel_name=nbval.kernel.CURRENT_ENV_KERNEL_NAME, cwd=str(tmp_path))
    try:
        info = km.get_connection_info()
        socket = Path(f"{info['ip']}-{info['shell_port']}")
        assert info["transport"] == "ipc" and socket.is_absolute() and socket.exists()
        assert kc.kernel_info(reply=True, timeout=30)["content"]["status"] == "ok"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    assert not socket.exists()
    assert list(tmp_path.iterdir()) == []


def test_find_leaks_reports_a_live_child_and_an_unlinked_segment() -> None:
    before = shm.entries()
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    segment = shared_memory.SharedMemory(create=True, size=64)
    segment.close()  # closed, but not unlinked: a leak
    try:
        # no grace: this deliberate leak lives as briefly as it can, so the
        # leak check of a notebook on the other xdist worker never counts it
        leaks = validation.find_leaks(os.getpid(), before, grace=0)
        assert any(f"live child process {child.pid}" in leak for leak in leaks)
        assert any(segment.name.lstrip("/") in leak for leak in leaks)
    finally:
        child.kill()
        child.wait(timeout=10)
        segment.unlink()
    assert validation.find_leaks(os.getpid(), before) == []


def test_a_segment_another_program_removes_soon_is_not_a_leak() -> None:
    before = shm.entries()
    segment = shared_memory.SharedMemory(create=True, size=64)
    segment.close()  # unmapped, as if its owner were about to unlink it
    timer = threading.Timer(0.2, segment.unlink)
    timer.start()
    try:
        assert validation.find_leaks(os.getpid(), before, grace=1.0) == []
    finally:
        timer.join(timeout=10)
    assert segment.name.lstrip("/") not in shm.entries()


def test_nothing_to_report_for_a_clean_process() -> None:
    assert validation.find_leaks(os.getpid(), shm.entries()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="the turn-taking locks are POSIX")
def test_a_waiting_timing_notebook_goes_before_later_notebooks(tmp_path: Path) -> None:
    order: list[str] = []

    def take(name: str, exclusive: bool) -> None:
        lock = validation.take_turn(exclusive, tmp_path)
        order.append(name)
        time.sleep(0.1)
        assert lock is not None
        lock.close()

    first = validation.take_turn(False, tmp_path)  # a notebook is running
    timing = threading.Thread(target=take, args=("timing", True))
    timing.start()
    time.sleep(0.3)  # the timing notebook now waits for the machine
    later = threading.Thread(target=take, args=("later", False))
    later.start()
    time.sleep(0.3)
    assert order == []  # neither got in while the first notebook ran
    assert first is not None
    first.close()
    timing.join(10)
    later.join(10)
    assert order == ["timing", "later"]


@pytest.mark.skipif(sys.platform == "win32", reason="the turn-taking locks are POSIX")
def test_notebooks_share_the_machine_when_none_is_timing(tmp_path: Path) -> None:
    first = validation.take_turn(False, tmp_path)
    second = validation.take_turn(False, tmp_path)  # would block if exclusive
    assert first is not None and second is not None
    first.close()
    second.close()


def test_nbval_still_starts_kernels_the_way_validation_wraps() -> None:
    """validation replaces nbval.kernel.start_new_kernel and .KernelManager (nbval 0.11)."""
    import inspect

    import nbval.kernel

    start = nbval.kernel.start_new_kernel
    source = inspect.getsource(getattr(start, "mpdemos_real", start))  # unwrapped
    assert "KernelManager(" in source and "start_kernel(**kwargs)" in source, (
        "nbval.kernel.start_new_kernel no longer makes a KernelManager from its module "
        "and passes **kwargs to start_kernel: validation's env (children's output) and "
        "Unix-socket kernels would silently stop working; adapt "
        "mpdemos.course.validation.pytest_configure, and keep pyproject's upper bound on nbval")
    from jupyter_client.provisioning import LocalProvisioner

    assert "self.process" in inspect.getsource(LocalProvisioner), (
        "jupyter_client's LocalProvisioner no longer keeps the kernel's Popen in "
        ".process: mpdemos.course.validation._kernel_pid must find the kernel's pid elsewhere")


def test_the_windows_kernel_needs_exactly_the_marked_cells_to_differ(tmp_path: Path) -> None:
    """--windows-kernel: spawn without fd capture, as every Windows kernel runs.

    Three copies of the cell where children print: tagged (it differs: passes),
    untagged (it differs: fails), and tagged on a cell whose output is the
    parent's own (it does not differ: the stale tag fails).
    """
    for name, tag, parents_own in (("01-tagged", True, False),
                                   ("02-untagged", False, False),
                                   ("03-stale", True, True)):
        folder = tmp_path
        path = child_output_notebook(folder)
        nb = nbformat.read(path, as_version=4)
        if parents_own:
            nb.cells[1].source = 'print("Worker\\n" * 5, end="")'
        nb.cells[1].metadata["tags"] = [validation.WINDOWS_TAG] if tag else []
        nbformat.write(nb, folder / f"{name}.ipynb")
        path.unlink()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", str(tmp_path), "-p", "mpdemos.course.validation",
         "--windows-kernel", "--nbval-cell-timeout=30", "-p", "no:cacheprovider",
         "-p", "no:xdist", "-q", "--rootdir", str(tmp_path)],
        capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert "2 failed" in done.stdout, done.stdout[-2000:]
    assert "FAILED 02-untagged.ipynb::windows::Cell 1" in done.stdout
    assert "FAILED 03-stale.ipynb::windows::Cell 1" in done.stdout
    assert "prints the same" in done.stdout
