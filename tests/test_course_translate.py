"""mpdemos.course.translate: catalogs from the English notebooks, editions built
from them, and a check that fails, naming the cell, when an edition is stale."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest

from mpdemos.__main__ import main
from mpdemos.course import translate
from mpdemos.course.notebooks import course_notebooks

NOTEBOOKS = course_notebooks()
SMALL = next(p for p in NOTEBOOKS if p.name.startswith("04-"))


def test_every_edition_is_current() -> None:
    lags = translate.check()
    assert not lags, "\n".join(str(lag) for lag in lags)


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of one notebook with its catalogs and its Russian edition."""
    locale = tmp_path / "locale"
    (locale / "ru").mkdir(parents=True)
    shutil.copy(translate.pot_path(SMALL), locale)
    shutil.copy(translate.po_path(SMALL, "ru"), locale / "ru")
    shutil.copy(SMALL, tmp_path)
    (tmp_path / "ru").mkdir()
    shutil.copy(translate.edition_path(SMALL, "ru"), tmp_path / "ru")
    monkeypatch.setattr(translate, "LOCALE_DIR", locale)
    return tmp_path / SMALL.name


def edit_first_sentence(notebook: Path) -> int:
    """Change one English sentence of the first prose cell; return the cell's number."""
    nb = nbformat.read(notebook, as_version=4)
    number = next(i for i, c in enumerate(nb.cells)
                  if c.cell_type == "markdown" and not c.source.startswith("#"))
    nb.cells[number].source += "\n\nOne sentence more."
    nbformat.write(nb, notebook)
    return number


def test_a_changed_english_sentence_makes_the_check_fail_naming_the_cell(
        course: Path) -> None:
    assert translate.check([course], package=False) == []
    number = edit_first_sentence(course)
    lags = [str(lag) for lag in translate.check([course], package=False)]
    assert any("stale" in lag and lag.endswith("update`") for lag in lags), lags
    assert any(f"{course.name} cell {number}" in lag and "no entry" in lag
               for lag in lags)
    assert any(f"ru/{course.name} cell {number + 1}" in lag and "differs" in lag
               for lag in lags)  # the edition has the language cell first


def test_update_keeps_an_edited_cells_translation_as_fuzzy(course: Path) -> None:
    number = edit_first_sentence(course)
    old = translate._read(translate.po_path(course, "ru"), "ru")
    translate.update([course], package=False)
    catalog = translate._read(translate.po_path(course, "ru"), "ru")
    cell = nbformat.read(course, as_version=4).cells[number]
    entry = catalog.get(cell.source, context=cell.id)
    was = next(m for m in old if m.context == cell.id)
    assert entry.fuzzy and entry.string == was.string  # kept, to be checked
    assert entry.previous_id == [was.id]  # the old English, for the translator
    lags = [str(lag) for lag in translate.check([course], package=False)]
    assert any(f"{course.name} cell {number}" in lag and "fuzzy" in lag for lag in lags)
    # Built now, the cell stays in English, and the build says so.
    _, missing = translate.build_notebook(course, "ru", catalog)
    assert len(missing) == 1 and f"cell {number} " in missing[0]


def test_a_cell_translated_again_makes_the_edition_current(course: Path) -> None:
    number = edit_first_sentence(course)
    translate.update([course], package=False)
    po = translate.po_path(course, "ru")
    catalog = translate._read(po, "ru")
    cell = nbformat.read(course, as_version=4).cells[number]
    entry = catalog.get(cell.source, context=cell.id)
    entry.string += "\n\nЕщё одно предложение."
    entry.flags.discard("fuzzy")
    po.write_bytes(translate._render(catalog))
    written, missing = translate.build([course])
    assert written == [course.parent / "ru" / course.name] and missing == []
    assert translate.check([course], package=False) == []
    built = nbformat.read(written[0], as_version=4)
    assert built.cells[number + 1].source.endswith("Ещё одно предложение.")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_an_edition_runs_the_english_code_after_one_language_cell(path: Path) -> None:
    english = nbformat.read(path, as_version=4)
    edition = nbformat.read(translate.edition_path(path, "ru"), as_version=4)
    switch = edition.cells.pop(1)
    assert switch.id == translate.LANGUAGE_CELL_ID
    assert switch.source == translate.language_cell("ru")
    assert [(c.id, c.cell_type) for c in edition.cells] == [
        (c.id, c.cell_type) for c in english.cells]
    code = [c.source for c in english.cells if c.cell_type == "code"]
    assert [c.source for c in edition.cells if c.cell_type == "code"] == code
    prose = [c.source for c in edition.cells if c.cell_type == "markdown"]
    assert all(re.search("[а-яё]", text) for text in prose if text.strip()), (
        f"{path.name}: a prose cell of the Russian edition has no Russian")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_translations_keep_code_links_and_headings(path: Path) -> None:
    catalog = translate._read(translate.po_path(path, "ru"), "ru")
    problems = [f"{m.context}: {p}" for m in catalog if m.id and m.string
                for p in translate.structure_problems(m.id, m.string)]
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


ENGLISH = """## Waiting, with a timeout

Call `q.get(timeout=1)`; see [the docs](https://docs.python.org/3/).

```python
q.get(timeout=1)
```"""
GOOD = """## Ожидание с таймаутом

Вызовите `q.get(timeout=1)`; см. [документацию](https://docs.python.org/3/).

```python
q.get(timeout=1)
```"""


@pytest.mark.parametrize("change, problem", [
    (("timeout=1)\n```", "timeout=2)\n```"), "code blocks differ"),
    (("3/)", "2/)"), "links lead elsewhere"),
    (("## Ожидание", "### Ожидание"), "headings"),
    (("`q.get(timeout=1)`;", "q.get;"), "code spans of the English are missing"),
])
def test_structure_problems_name_what_a_translation_lost(
        change: tuple[str, str], problem: str) -> None:
    assert translate.structure_problems(ENGLISH, GOOD) == []
    found = translate.structure_problems(ENGLISH, GOOD.replace(*change, 1))
    assert len(found) == 1 and problem in found[0], found


def test_speaker_notes_stay_a_quote() -> None:
    found = translate.structure_problems("> **Notes.** Say it.", "**Заметки.** Скажите.")
    assert len(found) == 1 and "quote" in found[0]


def test_a_code_span_wrapped_across_quoted_lines_is_still_found() -> None:
    english = "> Run `python -m\n> mpdemos bench` now."
    assert translate.structure_problems(english, "> Запустите `python -m mpdemos "
                                        "bench`.") == []


def test_glossary_fixes_the_lectures_terms() -> None:
    rows = translate.read_glossary("ru")
    terms = {row["english"]: row["russian"] for row in rows}
    assert len(terms) == len(rows), "a term is listed twice"
    for english, russian in [("process", "процесс"), ("daemon process", "процесс-демон"),
                             ("queue", "очередь"), ("lock", "блокировка"),
                             ("semaphore", "семафор"), ("manager", "менеджер"),
                             ("pool", "пул процессов"), ("exit code", "код возврата")]:
        assert terms[english].startswith(russian)


def test_the_glossarys_terms_are_the_ones_the_edition_uses() -> None:
    prose = " ".join(
        c.source.lower() for p in NOTEBOOKS
        for c in nbformat.read(translate.edition_path(p, "ru"), as_version=4).cells
        if c.cell_type == "markdown")
    unused = [row["russian"] for row in translate.read_glossary("ru")
              if not any(term.strip().split(" (")[0].lower()[:6] in prose
                         for term in row["russian"].split(";"))]
    assert not unused, f"glossary terms no Russian notebook uses: {unused}"


def test_command_line_check_and_build(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translate", "check"]) == 0
    assert "0 thing(s) lag behind" in capsys.readouterr().out
    assert main(["translate", "build", "--language", "xx"]) == 2
    assert "no 'xx' edition" in capsys.readouterr().err
