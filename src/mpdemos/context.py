"""The start method, chosen in one place (tests: tests/test_context.py).

Every notebook calls :func:`get_context` instead of using the bare
``multiprocessing`` functions, so the same cells run under ``fork``,
``spawn`` and ``forkserver``. The method comes from the environment
variable ``MPDEMOS_START_METHOD``; when it is unset, the platform's
default applies (``spawn`` on macOS and Windows, ``fork`` on Linux up to
Python 3.13 and ``forkserver`` from Python 3.14).
"""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing.context import BaseContext

from mpdemos.i18n import _

ENV_VAR = "MPDEMOS_START_METHOD"
KNOWN_METHODS = ("fork", "spawn", "forkserver")


def available_methods() -> list[str]:
    """Return the start methods this platform offers, in the course's order."""
    offered = multiprocessing.get_all_start_methods()
    return [m for m in KNOWN_METHODS if m in offered]


def start_method() -> str:
    """Return the start method in force: the environment's choice or the default.

    Raises ``ValueError`` naming the valid methods when ``MPDEMOS_START_METHOD``
    holds anything else, or a method this platform does not have (Windows has
    only ``spawn``).
    """
    chosen = os.environ.get(ENV_VAR, "").strip()
    if not chosen:
        return multiprocessing.get_context().get_start_method()
    if chosen not in KNOWN_METHODS:
        raise ValueError(
            # Translators: {variable} is MPDEMOS_START_METHOD; {methods} lists the
            # start methods, "fork, spawn, forkserver".
            _("{variable}={chosen!r} is not a start method; "
              "use one of {methods}, or unset it for the default").format(
                  variable=ENV_VAR, chosen=chosen, methods=", ".join(KNOWN_METHODS))
        )
    available = multiprocessing.get_all_start_methods()
    if chosen not in available:
        raise ValueError(
            # Translators: {variable} is MPDEMOS_START_METHOD; {methods} lists the
            # start methods this platform has, e.g. "spawn".
            _("{variable}={chosen!r} is not available on this platform; "
              "it offers {methods}").format(
                  variable=ENV_VAR, chosen=chosen, methods=", ".join(available))
        )
    return chosen


def get_context() -> BaseContext:
    """Return the ``multiprocessing`` context for the start method in force.

    Use it exactly like the ``multiprocessing`` module: ``ctx.Process``,
    ``ctx.Queue``, ``ctx.Pool`` and so on.
    """
    return multiprocessing.get_context(start_method())


def describe() -> str:
    """Say which start method is in force and where the choice came from."""
    if os.environ.get(ENV_VAR, "").strip():
        # Translators: where the start method came from; {variable} is
        # MPDEMOS_START_METHOD. Shown as "start method: spawn (from ...)".
        source = _("from {variable}").format(variable=ENV_VAR)
    else:
        # Translators: where the start method came from: the platform's default.
        # Shown as "start method: fork (default)".
        source = _("default")
    # Translators: {method} is fork, spawn or forkserver; {source} is "default"
    # or "from MPDEMOS_START_METHOD".
    return _("start method: {method} ({source})").format(method=start_method(),
                                                         source=source)
