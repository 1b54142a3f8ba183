"""mpdemos.context: the start method comes from MPDEMOS_START_METHOD."""

from __future__ import annotations

import multiprocessing

import pytest

import mpdemos
from mpdemos.context import (ENV_VAR, KNOWN_METHODS, available_methods, describe, get_context,
                             start_method)


def test_unset_means_platform_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert start_method() == multiprocessing.get_context().get_start_method()
    assert describe().endswith("(default)")


@pytest.mark.parametrize("method", available_methods())
def test_each_method_is_honoured(monkeypatch: pytest.MonkeyPatch, method: str) -> None:
    monkeypatch.setenv(ENV_VAR, method)
    assert start_method() == method
    assert get_context().get_start_method() == method
    assert describe() == f"start method: {method} (from {ENV_VAR})"


def test_blank_value_means_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "  ")
    assert start_method() == multiprocessing.get_context().get_start_method()


@pytest.mark.parametrize("bad", ["spwan", "Fork", "threads"])
def test_bad_value_names_the_valid_ones(monkeypatch: pytest.MonkeyPatch, bad: str) -> None:
    monkeypatch.setenv(ENV_VAR, bad)
    with pytest.raises(ValueError) as info:
        get_context()
    message = str(info.value)
    assert repr(bad) in message
    assert all(method in message for method in KNOWN_METHODS)


def test_package_exports_the_switch() -> None:
    assert mpdemos.get_context is get_context
    assert mpdemos.start_method is start_method


def test_available_methods_are_the_offered_ones_in_the_course_order() -> None:
    methods = available_methods()
    assert set(methods) == set(KNOWN_METHODS) & set(multiprocessing.get_all_start_methods())
    assert methods == sorted(methods, key=KNOWN_METHODS.index)
    assert "spawn" in methods  # every platform has it
