"""mpdemos.course.regenerate: stored outputs come from running the notebook."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from mpdemos.course import regenerate

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def test_regenerate_twice_leaves_no_diff(tmp_path: Path) -> None:
    shutil.copy(NOTEBOOKS / "00-index.ipynb", tmp_path)
    path = tmp_path / "00-index.ipynb"
    regenerate.regenerate([path])
    first = path.read_text()
    regenerate.regenerate([path])
    assert path.read_text() == first
    assert json.loads(first)["cells"] == json.loads(
        (NOTEBOOKS / "00-index.ipynb").read_text()
    )["cells"], "the stored notebook was not regenerated with the project's command"
