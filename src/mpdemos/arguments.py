"""Argument checks for every module: clear errors (tests: tests/test_arguments.py)."""

from __future__ import annotations


def check_int(name: str, value: object, minimum: int = 0) -> None:
    """Raise ``TypeError`` unless ``value`` is an int, ``ValueError`` if below ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, not {value!r}")


def check_seconds(seconds: object, name: str = "seconds") -> None:
    """Raise ``TypeError`` unless ``seconds`` is a number, ``ValueError`` if negative."""
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise TypeError(f"{name} must be a number, not {seconds!r}")
    if seconds < 0:
        raise ValueError(f"{name} must be >= 0, not {seconds!r}")


def check_positive_seconds(seconds: object, name: str = "seconds") -> None:
    """Raise ``TypeError`` unless ``seconds`` is a number, ``ValueError`` unless > 0.

    For timeouts: a wait of zero seconds gives up before it starts.
    """
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise TypeError(f"{name} must be a number of seconds, not {seconds!r}")
    if not seconds > 0:
        raise ValueError(f"{name} must be > 0 seconds, not {seconds!r}")


def check_kind(name: str, value: object, kind: str, *methods: str) -> None:
    """Raise ``TypeError`` unless ``value`` has every one of ``methods``.

    ``kind`` names what was expected, for the message: ``check_kind("q", q,
    "JoinableQueue", "task_done")`` says "q must be a JoinableQueue (it needs
    task_done()), not <...>".
    """
    for method in methods:
        if not callable(getattr(value, method, None)):
            raise TypeError(f"{name} must be a {kind} (it needs {method}()), "
                            f"not {value!r}")
