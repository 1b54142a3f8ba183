"""Store fresh outputs in notebooks: ``python -m mpdemos regenerate`` (tests:
tests/test_course_regenerate.py).

Each notebook runs top to bottom in a kernel with exactly the environment
validation gives it (:func:`mpdemos.course.kernels.kernel_env`), so a second
run leaves no diff in the validated cells.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from mpdemos.course.kernels import STORE_METHOD, kernel_env


def regenerate(paths: Iterable[Path], start_method: str = STORE_METHOD,
               timeout: float = 60) -> None:
    """Execute each notebook top to bottom and store its outputs in place.

    The kernel gets the same environment as validation, so a second run
    leaves no diff in validated cells.
    """
    import nbformat
    from nbclient import NotebookClient

    for path in paths:
        path = Path(path)
        if path.suffix != ".ipynb":
            raise ValueError(f"{path} is not a notebook (.ipynb)")
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",  # this interpreter, as in validation
            resources={"metadata": {"path": str(path.parent)}},
            record_timing=False,
        )
        client.execute(env=kernel_env(start_method))
        for cell in nb.cells:
            cell.metadata.pop("execution", None)
        nbformat.write(nb, path)
        print(f"stored outputs of {path.name} ({start_method})", file=sys.stderr)

