"""mpdemos.i18n: the notebook chooses the language of mpdemos' messages."""

from __future__ import annotations

import multiprocessing
import string
from collections.abc import Iterator

import pytest

from mpdemos import i18n, set_language
from mpdemos.course import translate
from mpdemos.exercises import harness


@pytest.fixture
def russian(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # Set through monkeypatch first, so that its undo puts back what was there
    # before set_language() changed it.
    monkeypatch.setenv(i18n.ENV, "en")
    set_language("ru")
    yield


def test_english_unless_the_notebook_says_otherwise(monkeypatch: pytest.MonkeyPatch,
                                                    ) -> None:
    monkeypatch.delenv(i18n.ENV, raising=False)
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")  # the machine's locale does not count
    assert i18n.language() == "en"
    assert str(harness.Verdict(False, "x")) == "Not yet: x"


def test_a_verdict_in_russian(russian: None) -> None:
    assert str(harness.Verdict(True, "x")) == "Верно: x"
    assert str(harness.Verdict(False, "x")) == "Пока нет: x"


def test_a_harness_explanation_in_russian(russian: None) -> None:
    verdict = harness.worker_problem(lambda: None)
    assert verdict is None  # a lambda's module is this test module, not __main__
    outcome = harness.Outcome(timed_out=True)
    text = harness.explain_outcome(outcome, 2.0, "?").message
    assert "2 s" in text or "2 с" in text
    assert any("а" <= ch <= "я" for ch in text), text


def test_an_argument_error_in_russian(russian: None) -> None:
    from mpdemos.arguments import check_int

    with pytest.raises(TypeError) as raised:
        check_int("tasks", "3")
    assert "tasks" in str(raised.value) and "'3'" in str(raised.value)
    assert any("а" <= ch <= "я" for ch in str(raised.value)), str(raised.value)


def test_children_started_afterwards_speak_the_language(russian: None) -> None:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        assert pool.apply_async(i18n.language).get(timeout=30) == "ru"


def test_an_unknown_language_names_the_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="choose from en, ru"):
        set_language("de")
    monkeypatch.setenv(i18n.ENV, "de")
    with pytest.raises(ValueError, match="MPDEMOS_LANGUAGE='de'"):
        i18n.language()


def fields(text: str) -> list[tuple[str | None, str | None, str | None]]:
    return sorted((name, spec, conversion) for _, name, spec, conversion
                  in string.Formatter().parse(text) if name is not None)


def test_every_message_has_a_translation_with_the_same_fields() -> None:
    catalog = translate._read(i18n.catalog_path("ru"), "ru")
    template = translate.package_template()
    problems = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)
        where = ", ".join(f"{f}:{n}" for f, n in message.locations)
        if found is None or not found.string or found.fuzzy:
            problems.append(f"{where}: no current translation of {message.id!r}")
        elif fields(found.string) != fields(message.id):
            problems.append(f"{where}: the Russian has other fields: {found.string!r}")
    assert len(template) > 100, "the messages were not found"
    assert not problems, "\n".join(problems)
