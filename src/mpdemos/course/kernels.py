"""The environment a notebook kernel runs in (tests: tests/test_course_kernels.py).

Validation and ``regenerate`` both start kernels with :func:`kernel_env`, so
what is stored is exactly what is validated. Plain ``pytest --nbval`` would
lose the output of spawn and forkserver children: pytest sets
``PYTEST_CURRENT_TEST``, the kernel inherits it, and ipykernel then stops
capturing file descriptors 1 and 2. The kernels started here do without it.
"""

from __future__ import annotations

import os
from pathlib import Path

from mpdemos import i18n
from mpdemos.context import ENV_VAR, KNOWN_METHODS

#: The method whose run writes the stored outputs; they must match every method.
STORE_METHOD = "spawn"
#: Set this to 1 to start kernels the way plain nbval does (for the harness tests).
KEEP_PYTEST_ENV = "MPDEMOS_KEEP_PYTEST_ENV"


def kernel_env(start_method: str | None) -> dict[str, str]:
    """Return the environment for a notebook kernel.

    It is this process's environment without ``PYTEST_CURRENT_TEST`` (so
    children's output is captured), with ``MPDEMOS_START_METHOD`` set to
    ``start_method`` (or removed, for the platform default), and without
    ``PYTHONUNBUFFERED``, which tears the lines that children print, and without
    ``MPDEMOS_LANGUAGE`` (a notebook chooses its language in its own first cell).
    """
    if start_method is not None and start_method not in KNOWN_METHODS:
        raise ValueError(
            f"start_method must be one of {', '.join(KNOWN_METHODS)} or None, "
            f"not {start_method!r}"
        )
    env = dict(os.environ)
    if env.get(KEEP_PYTEST_ENV) != "1":
        env.pop("PYTEST_CURRENT_TEST", None)
    env.pop(ENV_VAR, None)
    env.pop(i18n.ENV, None)  # the notebook chooses its language itself
    # Unbuffered children write a line and its newline separately: lines tear.
    env.pop("PYTHONUNBUFFERED", None)
    if start_method is not None:
        env[ENV_VAR] = start_method
    # Children must find mpdemos even when it is not installed (a fresh clone).
    src = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    return env
