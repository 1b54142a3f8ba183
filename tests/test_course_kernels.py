"""mpdemos.course.kernels: the environment every notebook kernel gets."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mpdemos.context import ENV_VAR
from mpdemos.course import kernels


def test_kernel_env() -> None:
    os.environ["PYTEST_CURRENT_TEST"] = os.environ.get("PYTEST_CURRENT_TEST", "x")
    env = kernels.kernel_env("forkserver")
    assert "PYTEST_CURRENT_TEST" not in env
    assert "PYTHONUNBUFFERED" not in env
    assert env[ENV_VAR] == "forkserver"
    assert ENV_VAR not in kernels.kernel_env(None)
    with pytest.raises(ValueError, match="spawn"):
        kernels.kernel_env("thread")


def test_kernel_env_puts_this_source_tree_first_on_the_path() -> None:
    first = Path(kernels.kernel_env("spawn")["PYTHONPATH"].split(os.pathsep)[0])
    assert (first / "mpdemos" / "course" / "kernels.py").resolve() == Path(
        kernels.__file__).resolve()  # children import this very mpdemos
