"""The README's two commands are the contract, and .ci/run runs exactly them."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def ci_extracts(marker: str) -> str:
    """Ask .ci/run's own extraction function which command follows ``marker``."""
    script = (
        f"eval \"$(sed -n '/^command_after()/,/^}}/p' .ci/run)\"; command_after {marker}"
    )
    done = subprocess.run(["bash", "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=30, check=True)
    return done.stdout.strip()


def test_ci_runs_the_readme_setup_command() -> None:
    assert ci_extracts("setup") == "python tools/bootstrap.py"


def test_ci_runs_the_readme_test_command() -> None:
    assert ci_extracts("test") == "python -m pytest"


def test_the_test_command_covers_tests_and_notebooks() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    assert 'testpaths = ["tests", "notebooks"]' in text
    assert "--nbval-cell-timeout=30" in text


def test_readme_explains_start_methods_and_regeneration() -> None:
    readme = (ROOT / "README.md").read_text()
    for needle in ("MPDEMOS_START_METHOD", "python -m mpdemos regenerate",
                   "python -m jupyterlab", "environment.yml"):
        assert needle in readme
