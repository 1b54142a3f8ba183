"""Argument checks for every module: clear errors (tests: tests/test_arguments.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def check_int(name: str, value: object, minimum: int = 0) -> None:
    """Raise ``TypeError`` unless ``value`` is an int, ``ValueError`` if below ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, not {value!r}")


def check_counts(**counts: object) -> None:
    """Raise ``TypeError`` unless every value is an int, ``ValueError`` unless >= 1.

    One line for several counts: ``check_counts(n=n, tasks=tasks)`` checks
    each as :func:`check_int` does, naming it.
    """
    for name, value in counts.items():
        check_int(name, value, minimum=1)


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


def check_map_like(name: str, value: object) -> None:
    """Raise ``TypeError`` unless ``value`` can map a function over items.

    A ``Pool`` or an executor (it has ``map()``), or a map-like callable such
    as ``pool.map`` or a wrapper around joblib's ``Parallel``.
    """
    if not callable(getattr(value, "map", value)):
        raise TypeError(f"{name} must be a Pool, an executor or a map-like callable, "
                        f"not {value!r}")


def check_choice(what: str, value: object, choices: Sequence[str]) -> None:
    """Raise ``ValueError`` unless ``value`` is one of ``choices``.

    ``check_choice("section", "speed", SECTIONS)`` says "'speed' is not a
    section; choose from start, scaling, ...".
    """
    if value not in choices:
        raise ValueError(f"{value!r} is not a {what}; choose from {', '.join(choices)}")


def check_choices(name: str, values: Iterable[object], what: str,
                  choices: Sequence[str]) -> None:
    """Raise unless ``values`` is a non-empty list of ``choices``.

    ``TypeError`` for a str (one name where a list was meant); ``ValueError``
    for an empty list ("no section given; choose at least one of ...") or a
    value that is not one of ``choices`` (see :func:`check_choice`).
    """
    if isinstance(values, str):
        raise TypeError(f"{name} must be a list of {what} names, not a str")
    values = list(values)
    if not values:
        raise ValueError(f"no {what} given; choose at least one of "
                         f"{', '.join(choices)}")
    for value in values:
        check_choice(what, value, choices)
