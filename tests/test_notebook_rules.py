"""The rules every notebook keeps: what a student reads, and what a slide can show."""

from __future__ import annotations

import json
import multiprocessing
import re
from collections.abc import Callable
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
ALL = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
SECTIONS = [p for p in ALL if not p.name.startswith("00-")]
LABEL = "> **Instructor's notes.**"
#: Words about our test harness, our machines or our history: none for students.
HARNESS = re.compile(
    r"nbval|ignore-output|Teaching point \d|our test suite|mpdemos\.exclusive"
    r"|on our (?:2-core )?machine|\bis not checked\b|\bnot compared\b|\bin CI\b",
    re.IGNORECASE)


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell: dict) -> str:
    return "".join(cell["source"])


def slide_type(cell: dict) -> str:
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-")


def stored_text(path: Path) -> str:
    """Everything the notebook's code cells printed, as stored."""
    return "".join("".join(out.get("text", "")) for cell in cells(path)
                   if cell["cell_type"] == "code" for out in cell.get("outputs", []))


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_instructor_notes_look_like_notes(path: Path) -> None:
    for i, cell in enumerate(cells(path)):
        if slide_type(cell) == "notes":
            text = source(cell)
            assert text.startswith(LABEL), f"cell {i}: notes start with {LABEL!r}"
            assert all(line.startswith(">") for line in text.splitlines()), (
                f"cell {i}: every line of a note is part of its block quote")


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_no_cell_speaks_of_the_harness(path: Path) -> None:
    for i, cell in enumerate(cells(path)):
        found = HARNESS.search(source(cell))
        assert found is None, f"cell {i} says {found.group(0)!r} to a student"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_code_fits_a_slide(path: Path) -> None:
    for i, cell in enumerate(cells(path)):
        if cell["cell_type"] == "code":
            for n, line in enumerate(source(cell).splitlines(), 1):
                assert len(line) <= 88, f"cell {i} line {n}: {len(line)} characters"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_every_code_cell_was_run(path: Path) -> None:
    for i, cell in enumerate(cells(path)):
        if cell["cell_type"] == "code" and source(cell).strip():
            assert cell["execution_count"] is not None, f"cell {i} has no stored output"


@pytest.mark.parametrize("path", SECTIONS, ids=lambda p: p.stem)
def test_every_section_ends_with_further_reading(path: Path) -> None:
    last = cells(path)[-1]
    assert source(last).startswith("## Further reading"), "the last cell is the reading"
    assert ("https://docs.python.org/3/" in source(last)
            or path.stem.endswith("beyond-one-machine"))


def _task_done_twice() -> None:
    q = multiprocessing.get_context("spawn").JoinableQueue()
    q.put("job")
    q.get(timeout=5)
    q.task_done()
    try:
        q.task_done()
    finally:
        q.close()
        q.join_thread()


def _lock_pickled_for_a_task() -> None:
    # what Pool does with a task argument: pickle it outside of spawning a child
    multiprocessing.get_context("spawn").Lock().__getstate__()


def _bounded_semaphore_released_twice() -> None:
    s = multiprocessing.get_context("spawn").BoundedSemaphore(1)
    s.acquire(timeout=1)
    s.release()
    s.release()


SHOWN_ERRORS: list[tuple[str, Callable[[], None]]] = [
    ("03-queue", _task_done_twice),
    ("05-lock", _lock_pickled_for_a_task),
    ("07-semaphore", _bounded_semaphore_released_twice),
]


@pytest.mark.parametrize("stem, provoke", SHOWN_ERRORS, ids=[s for s, _ in SHOWN_ERRORS])
def test_a_shown_error_is_the_one_cpython_raises(stem: str,
                                                 provoke: Callable[[], None]) -> None:
    with pytest.raises(Exception) as caught:  # noqa: PT011 - we print whatever it is
        provoke()
    line = f"{type(caught.value).__name__}: {caught.value}"
    assert line in stored_text(NOTEBOOKS / f"{stem}.ipynb"), (
        f"{stem} should show {line!r}, what this Python raises, word for word")
