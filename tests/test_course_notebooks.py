"""mpdemos.course.notebooks: which files are the course's notebooks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mpdemos.course import notebooks


def test_lists_numbered_notebooks_in_order(tmp_path: Path) -> None:
    for name in ("02-process.ipynb", "00-index.ipynb", "12-performance.ipynb",
                 "scratch.ipynb", "1-short.ipynb", "03-queue.txt"):
        (tmp_path / name).write_text("{}")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "04-event.ipynb").write_text("{}")
    found = [p.name for p in notebooks.course_notebooks(tmp_path)]
    assert found == ["00-index.ipynb", "02-process.ipynb", "12-performance.ipynb"]


def test_the_course_folder_holds_the_index_first() -> None:
    assert notebooks.NOTEBOOK_DIR == Path(__file__).resolve().parents[1] / "notebooks"
    found = notebooks.course_notebooks()
    assert found[0].name == "00-index.ipynb"
    assert all(p.parent == notebooks.NOTEBOOK_DIR for p in found)


def test_listing_imports_no_course_machinery() -> None:
    script = ("import sys, mpdemos.course.notebooks\n"
              "heavy = [m for m in ('mpdemos.course.validation', 'nbval', 'pytest',\n"
              "                     'nbformat') if m in sys.modules]\n"
              "assert not heavy, heavy\n")
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)


def test_course_notebooks_are_numbered_and_complete() -> None:
    names = [p.name for p in notebooks.course_notebooks()]
    assert names == sorted(names)
    for expected in ("00-index", "01-fork", "02-process"):
        assert f"{expected}.ipynb" in names
