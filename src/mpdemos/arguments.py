"""Argument checks for every module: clear errors (tests: tests/test_arguments.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mpdemos.i18n import _


def check_int(name: str, value: object, minimum: int = 0) -> None:
    """Raise ``TypeError`` unless ``value`` is an int, ``ValueError`` if below ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        # Translators: {name} is the argument's name in the code, e.g. "n" or "tasks".
        raise TypeError(_("{name} must be an int, not {value!r}").format(
            name=name, value=value))
    if value < minimum:
        # Translators: {name} is the argument's name in the code, e.g. "n" or "tasks".
        raise ValueError(_("{name} must be >= {minimum}, not {value!r}").format(
            name=name, minimum=minimum, value=value))


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
        # Translators: {name} is the argument's name in the code, e.g. "seconds".
        raise TypeError(_("{name} must be a number, not {seconds!r}").format(
            name=name, seconds=seconds))
    if seconds < 0:
        # Translators: {name} is the argument's name in the code, e.g. "seconds".
        raise ValueError(_("{name} must be >= 0, not {seconds!r}").format(
            name=name, seconds=seconds))


def check_positive_seconds(seconds: object, name: str = "seconds") -> None:
    """Raise ``TypeError`` unless ``seconds`` is a number, ``ValueError`` unless > 0.

    For timeouts: a wait of zero seconds gives up before it starts.
    """
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        # Translators: {name} is the argument's name in the code, e.g. "timeout".
        raise TypeError(_("{name} must be a number of seconds, not {seconds!r}").format(
            name=name, seconds=seconds))
    if not seconds > 0:
        # Translators: {name} is the argument's name in the code, e.g. "timeout".
        raise ValueError(_("{name} must be > 0 seconds, not {seconds!r}").format(
            name=name, seconds=seconds))


def check_kind(name: str, value: object, kind: str, *methods: str) -> None:
    """Raise ``TypeError`` unless ``value`` has every one of ``methods``.

    ``kind`` names what was expected, for the message: ``check_kind("q", q,
    "JoinableQueue", "task_done")`` says "q must be a JoinableQueue (it needs
    task_done()), not <...>".
    """
    for method in methods:
        if not callable(getattr(value, method, None)):
            # Translators: {name} is the argument's name in the code; {kind} what
            # it must be, e.g. "JoinableQueue"; {method} a method it lacks.
            raise TypeError(_("{name} must be a {kind} (it needs {method}()), "
                              "not {value!r}").format(
                                  name=name, kind=kind, method=method, value=value))


def check_map_like(name: str, value: object) -> None:
    """Raise ``TypeError`` unless ``value`` can map a function over items.

    A ``Pool`` or an executor (it has ``map()``), or a map-like callable such
    as ``pool.map`` or a wrapper around joblib's ``Parallel``.
    """
    if not callable(getattr(value, "map", value)):
        # Translators: {name} is the argument's name in the code, e.g. "pool".
        raise TypeError(_("{name} must be a Pool, an executor or a map-like callable, "
                          "not {value!r}").format(name=name, value=value))


def check_choice(what: str, value: object, choices: Sequence[str]) -> None:
    """Raise ``ValueError`` unless ``value`` is one of ``choices``.

    ``check_choice("section", "speed", SECTIONS)`` says "'speed' is not a
    section; choose from start, scaling, ...".
    """
    if value not in choices:
        # Translators: {what} names the kind of choice, e.g. "section"; {choices}
        # lists the allowed values, e.g. "start, scaling".
        raise ValueError(_("{value!r} is not a {what}; choose from {choices}").format(
            value=value, what=what, choices=", ".join(choices)))


def check_choices(name: str, values: Iterable[object], what: str,
                  choices: Sequence[str]) -> None:
    """Raise unless ``values`` is a non-empty list of ``choices``.

    ``TypeError`` for a str (one name where a list was meant); ``ValueError``
    for an empty list ("no section given; choose at least one of ...") or a
    value that is not one of ``choices`` (see :func:`check_choice`).
    """
    if isinstance(values, str):
        # Translators: {name} is the argument's name in the code, e.g. "sections";
        # {what} the kind of its items, e.g. "section".
        raise TypeError(_("{name} must be a list of {what} names, not a str").format(
            name=name, what=what))
    values = list(values)
    if not values:
        # Translators: {what} is the kind of choice, e.g. "section"; {choices}
        # lists the allowed values.
        raise ValueError(_("no {what} given; choose at least one of "
                           "{choices}").format(what=what, choices=", ".join(choices)))
    for value in values:
        check_choice(what, value, choices)
