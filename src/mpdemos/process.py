"""Workers for the Process notebook."""

from __future__ import annotations

import sys


def worker() -> None:
    """Print one line, the lecture's first example."""
    sys.stdout.write("Worker\n")
    sys.stdout.flush()
