"""Where the course notebooks are, and which files count as course notebooks."""

from __future__ import annotations

from pathlib import Path

NOTEBOOK_DIR = Path(__file__).resolve().parents[3] / "notebooks"


def course_notebooks(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """Return the course notebooks (``NN-topic.ipynb``), in order."""
    return sorted(
        p for p in folder.glob("[0-9][0-9]-*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    )
