"""Set up everything the course needs, in the Python environment that runs it.

    python tools/bootstrap.py

Installs mpdemos (editable) with JupyterLab, the kernel and the test tools.
Run it inside a virtual environment or conda environment of your own.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*cmd: str) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT)


def main() -> int:
    if sys.version_info < (3, 10):
        sys.exit(f"mpdemos needs Python 3.10 or later; this is {sys.version.split()[0]}")
    run(sys.executable, "-m", "pip", "install", "--upgrade", "pip")
    run(sys.executable, "-m", "pip", "install", "-e", ".[all]")
    # The kernel the notebooks name ("python3") is this interpreter.
    run(sys.executable, "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3",
        "--display-name", "Python 3 (ipykernel)")
    print("mpdemos is set up. Open the course with: python -m jupyterlab notebooks/00-index.ipynb")
    return 0


if __name__ == "__main__":
    sys.exit(main())
