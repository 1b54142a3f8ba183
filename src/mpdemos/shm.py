"""What lives in ``/dev/shm``: segments, named semaphores (tests: tests/test_shm.py).

The notebooks' leak check and :func:`mpdemos.mpi.run` ask the same two
questions: which entries exist, and which of them does a live process still
map? An entry that exists but that nobody maps was closed and never unlinked:
a leak. Elsewhere (macOS, Windows) there is no ``/dev/shm``: both answers
are empty.
"""

from __future__ import annotations

from pathlib import Path

SHM = Path("/dev/shm")


def entries(pattern: str = "*") -> set[str]:
    """Names of the files in ``/dev/shm`` that match ``pattern``.

    Only files: directories there belong to other programs (joblib makes
    ``joblib_memmapping_folder_*`` ones), never to a notebook.
    """
    if not SHM.is_dir():
        return set()
    return {p.name for p in SHM.glob(pattern) if p.is_file()}


def mapped_inodes() -> set[int]:
    """Inodes of ``/dev/shm`` files that some live process has mapped.

    Named semaphores appear in ``/proc/*/maps`` under a temporary name, so
    files are matched by inode, not by name.
    """
    inodes: set[int] = set()
    for maps in Path("/proc").glob("[0-9]*/maps"):
        try:
            text = maps.read_text()
        except OSError:  # the process ended, or is not ours to read
            continue
        for line in text.splitlines():
            if "/dev/shm/" in line:
                inodes.add(int(line.split()[4]))
    return inodes


def unmapped(names: set[str]) -> set[str]:
    """Those of ``names`` that still exist in ``/dev/shm`` but nobody maps."""
    mapped = mapped_inodes()
    found = set()
    for name in names:
        try:
            inode = (SHM / name).stat().st_ino
        except FileNotFoundError:  # unlinked meanwhile: not a leak
            continue
        if inode not in mapped:
            found.add(name)
    return found
