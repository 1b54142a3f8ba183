"""Editions of the course in other languages, from one English source:
``python -m mpdemos translate update|build|check`` (tests: tests/test_course_translate.py).

The English notebooks are the source. Every markdown cell (speaker notes
included) is one entry of a gettext catalog: ``notebooks/locale/NN-topic.pot``
holds the English, ``notebooks/locale/<lang>/NN-topic.po`` its translation,
files that Poedit, Weblate or any gettext tool opens. An entry's context
(``msgctxt``) is the cell's id, so when an English cell is edited, ``update``
keeps its translation and marks it fuzzy (to be checked) instead of losing it.

``build`` writes ``notebooks/<lang>/NN-topic.ipynb``: the English notebook
with its prose translated, its code cells as they are, and one code cell
after the title that sets the language of mpdemos' own messages (exercise
verdicts, argument errors), whose catalog lives in the package
(``src/mpdemos/locale``) and which ``update`` refreshes too. Outputs are kept
for code cells whose source did not change; ``python -m mpdemos regenerate
notebooks/<lang>`` stores fresh ones. ``check`` lists every way an edition
lags behind its source (an entry missing, untranslated or fuzzy, a notebook
that differs from what ``build`` writes), naming the cell.
"""

from __future__ import annotations

import copy
import csv
import difflib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path
from typing import Any

from mpdemos import i18n
from mpdemos.course.notebooks import NOTEBOOK_DIR, course_notebooks

#: The languages with an edition (English is the source).
TRANSLATED = i18n.TRANSLATED
LOCALE_DIR = NOTEBOOK_DIR / "locale"
PACKAGE_DIR = Path(i18n.__file__).resolve().parent
#: The id of the cell that sets the language, in every translated notebook.
LANGUAGE_CELL_ID = "mpdemos-language"
LANGUAGE_CELL = 'import mpdemos\n\nmpdemos.set_language("{lang}")  {comment}'
#: What the language cell says, in its language.
LANGUAGE_COMMENTS = {"ru": "# проверки упражнений и ошибки mpdemos - по-русски"}
PROJECT = "mpdemos"


def language_cell(lang: str) -> str:
    """The source of the cell that sets the language of mpdemos' messages."""
    return LANGUAGE_CELL.format(lang=lang, comment=LANGUAGE_COMMENTS[lang])


def pot_path(notebook: Path) -> Path:
    return LOCALE_DIR / f"{Path(notebook).stem}.pot"


def po_path(notebook: Path, lang: str) -> Path:
    return LOCALE_DIR / lang / f"{Path(notebook).stem}.po"


def edition_path(notebook: Path, lang: str) -> Path:
    return Path(notebook).parent / lang / Path(notebook).name


def glossary_path(lang: str) -> Path:
    """The terms every notebook of ``lang`` uses: ``english,<lang>,note`` rows."""
    return LOCALE_DIR / lang / "glossary.csv"


def read_glossary(lang: str) -> list[dict[str, str]]:
    with open(glossary_path(lang), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


# ---------------------------------------------------------------- catalogs


HEADER = """\
# {what} of mpdemos, the multiprocessing course.
# The English source is the course itself; translate the msgstr entries (Poedit,
# Weblate, any gettext editor). `python -m mpdemos translate update` keeps this
# file in step with the source: an entry whose English changed turns fuzzy.
#"""


def _catalog(lang: str | None = None) -> Any:
    from babel import Locale
    from babel.messages.catalog import Catalog

    what = (f"The {Locale.parse(lang).english_name} translation" if lang
            else "The English messages")
    return Catalog(locale=lang, project=PROJECT, version="1",
                   header_comment=HEADER.format(what=what), msgid_bugs_address="",
                   last_translator="mpdemos translators",
                   language_team=f"mpdemos {lang}" if lang else "",
                   fuzzy=False)


_PREVIOUS = re.compile(r'((?:^#\| .*\n)+)msgctxt ("(?:[^"\\]|\\.)*")', re.MULTILINE)
_QUOTED_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _read(path: Path, lang: str | None = None) -> Any:
    from babel.messages.pofile import denormalize, read_po, unescape

    with open(path, "rb") as f:
        catalog = read_po(f, locale=lang)
    # Babel writes the English an entry had before it turned fuzzy (``#| msgid``,
    # its quoted pieces wrapped like a comment) but its reader drops it (a gap
    # in babel.messages.pofile), so a second ``update`` would lose it before
    # the translator saw it. Read it back here.
    text = path.read_text(encoding="utf-8")
    for previous, context in _PREVIOUS.findall(text):
        joined = " ".join(line[3:] for line in previous.splitlines())
        old = "".join(unescape(f'"{piece}"') for piece in _QUOTED_STRING.findall(joined))
        for message in catalog:
            if message.context == denormalize(context) and message.fuzzy:
                message.previous_id = [old]
    return catalog


def _render(catalog: Any, **options: Any) -> bytes:
    from babel.messages.pofile import write_po

    out = io.BytesIO()
    write_po(out, catalog, omit_header=False, sort_output=False, width=0,
             include_previous=True, **options)
    # Dates and Babel's version in the header would change the file with every
    # run and every upgrade; the catalog's history is the repository's.
    drop = (b'"POT-Creation-Date', b'"PO-Revision-Date', b'"Generated-By',
            b'"Report-Msgid-Bugs-To')
    lines = [line for line in out.getvalue().split(b"\n") if not line.startswith(drop)]
    return b"\n".join(lines)


def _write(path: Path, data: bytes) -> bool:
    """Write ``data`` unless ``path`` holds it already; say whether it changed."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def notebook_template(notebook: Path) -> Any:
    """The English prose of ``notebook``: one entry per markdown cell, keyed by its id."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    template = _catalog()
    for number, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown" or not cell.source.strip():
            continue
        comments = []
        if cell.metadata.get("slideshow", {}).get("slide_type") == "notes":
            comments.append("Speaker notes: for the instructor, not shown on slides.")
        template.add(cell.source, context=cell.id, auto_comments=comments,
                     locations=[(Path(notebook).name, number)])
    return template


def package_template() -> Any:
    """Every message of the package written for a student: the ``_()`` calls."""
    from babel.messages.extract import extract_from_dir

    template = _catalog()
    for filename, lineno, message, comments, context in extract_from_dir(
            PACKAGE_DIR, method_map=[("**.py", "python")], keywords={"_": None},
            comment_tags=("Translators:",), strip_comment_tags=True):
        # The file only, not the line: a catalog that named lines would go stale
        # with every edit that moves a message, and the test would fail for it.
        template.add(message, locations=[(f"mpdemos/{filename}", None)],
                     auto_comments=comments, context=context)
    return template


def merge(template: Any, old: Any | None, lang: str) -> Any:
    """``template`` with the translations of ``old``; an edited entry turns fuzzy.

    Babel's own ``Catalog.update`` guesses fuzzy matches by comparing the
    English text with difflib, and can hand a cell the translation of a
    similar-looking other cell. A notebook cell has an identity, its id
    (the entry's context), so an entry whose English changed takes the old
    translation of the same context, marked fuzzy, with the old English as
    ``#| msgid`` for the translator to compare.
    """
    catalog = _catalog(lang)
    previous = {}
    if old is not None:
        previous = {(m.context, m.id): m for m in old if m.id}
    by_context = {m.context: m for m in previous.values() if m.context is not None}
    # A message of the package has no id of its own: the old message closest to
    # it, if close enough, is its earlier wording (Babel's own rule, difflib).
    current = {message.id for message in template}
    unkeyed = {m.id: m for m in previous.values()
               if m.context is None and m.string and m.id not in current}

    def close(message: Any) -> Any | None:
        if message.context is not None or not unkeyed:
            return None
        found = difflib.get_close_matches(message.id, list(unkeyed), 1, 0.6)
        return unkeyed[found[0]] if found else None

    for message in template:
        if not message.id:
            continue
        entry = copy.copy(message)
        entry.flags = set(message.flags) - {"fuzzy"}
        same = previous.get((message.context, message.id))
        if same is not None:
            entry.string = same.string
            entry.flags |= same.flags & {"fuzzy"}
            entry.previous_id = list(same.previous_id)
            entry.user_comments = list(same.user_comments)
        elif message.context in by_context or close(message):
            was = by_context.get(message.context) or close(message)
            entry.string = was.string
            if was.string:
                entry.flags.add("fuzzy")
                entry.previous_id = [was.id]
            entry.user_comments = list(was.user_comments)
        else:
            entry.string = ""
        catalog[message.id] = entry
    return catalog


def _catalog_pairs(lang: str, notebooks: Sequence[Path],
                   package: bool = True) -> list[tuple[Any, Path, Path]]:
    pairs = [(notebook_template(nb), pot_path(nb), po_path(nb, lang)) for nb in notebooks]
    if package:
        pairs.append((package_template(), PACKAGE_DIR / "locale" / f"{i18n.DOMAIN}.pot",
                      i18n.catalog_path(lang)))
    return pairs


def update(notebooks: Sequence[Path] | None = None,
           languages: Sequence[str] = TRANSLATED, package: bool = True) -> list[Path]:
    """Refresh every ``.pot`` from the sources and merge it into each ``.po``.

    ``package`` includes the catalog of mpdemos' own messages. Returns the
    files that changed.
    """
    notebooks = list(notebooks or course_notebooks())
    changed = []
    for lang in languages:
        for template, pot, po in _catalog_pairs(lang, notebooks, package):
            if _write(pot, _render(template)):
                changed.append(pot)
            old = _read(po, lang) if po.is_file() else None
            if _write(po, _render(merge(template, old, lang))):
                changed.append(po)
    return list(dict.fromkeys(changed))


# ---------------------------------------------------------------- editions


def build_notebook(notebook: Path, lang: str, catalog: Any,
                   existing: Any | None = None) -> tuple[Any, list[str]]:
    """The ``lang`` edition of ``notebook``, and the cells it could not translate.

    A cell without a current translation keeps its English and is named in
    the list. Code cells whose source is unchanged keep the outputs of
    ``existing`` (the edition as it is now).
    """
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    missing = []
    stored = {}
    if existing is not None:
        stored = {c.id: c for c in existing.cells if c.cell_type == "code"}
    for number, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and cell.source.strip():
            message = catalog.get(cell.source, context=cell.id)
            if message is None or not message.string or message.fuzzy:
                state = ("untranslated" if message is None or not message.string
                         else "fuzzy (its English changed)")
                missing.append(f"{Path(notebook).name} cell {number} (id {cell.id}): "
                               f"{state}: {cell.source.splitlines()[0][:60]!r}")
            else:
                cell.source = message.string
        elif cell.cell_type == "code":
            old = stored.get(cell.id)
            if old is not None and old.source == cell.source:
                cell.outputs = copy.deepcopy(old.outputs)
                cell.execution_count = old.execution_count
    switch = nbformat.v4.new_code_cell(language_cell(lang))
    switch.id = LANGUAGE_CELL_ID
    switch.metadata["slideshow"] = {"slide_type": "skip"}
    old = stored.get(LANGUAGE_CELL_ID)
    if old is not None and old.source == switch.source:
        switch.outputs = copy.deepcopy(old.outputs)
        switch.execution_count = old.execution_count
    nb.cells.insert(1, switch)
    nb.metadata.setdefault("mpdemos", {})["language"] = lang
    nb.metadata["mpdemos"]["source"] = f"../{Path(notebook).name}"
    return nb, missing


def _existing(path: Path) -> Any | None:
    import nbformat

    return nbformat.read(path, as_version=4) if path.is_file() else None


def build(notebooks: Sequence[Path] | None = None,
          languages: Sequence[str] = TRANSLATED) -> tuple[list[Path], list[str]]:
    """Write every edition; return the notebooks written and the cells left in English."""
    import nbformat

    written, missing = [], []
    for lang in languages:
        for notebook in notebooks or course_notebooks():
            target = edition_path(notebook, lang)
            nb, lacking = build_notebook(notebook, lang, _read(po_path(notebook, lang),
                                                               lang),
                                         _existing(target))
            missing += lacking
            text = nbformat.writes(nb) + "\n"
            if _write(target, text.encode()):
                written.append(target)
    return written, missing


def _shape(nb: Any) -> list[tuple[Any, ...]]:
    """What an edition must match: cell ids, types, sources and metadata."""
    return [(c.id, c.cell_type, c.source, c.metadata) for c in nb.cells]


@dataclass(frozen=True)
class Lag:
    """One way an edition lags behind the English."""

    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


def check(notebooks: Sequence[Path] | None = None,
          languages: Sequence[str] = TRANSLATED, package: bool = True) -> list[Lag]:
    """Every way the editions lag behind their sources; empty when all are current.

    ``package`` includes the catalog of mpdemos' own messages.
    """
    import nbformat

    notebooks = list(notebooks or course_notebooks())
    lags: list[Lag] = []
    for lang in languages:
        for template, pot, po in _catalog_pairs(lang, notebooks, package):
            if not pot.is_file() or pot.read_bytes() != _render(template):
                lags.append(Lag(str(pot), "stale: run `python -m mpdemos translate "
                                "update`"))
            if not po.is_file():
                lags.append(Lag(str(po), "missing"))
                continue
            catalog = _read(po, lang)
            for message in template:
                if not message.id:
                    continue
                found = catalog.get(message.id, context=message.context)
                where = f"{po.name}: " + ", ".join(
                    f"{f} cell {n}" if n is not None else f
                    for f, n in dict.fromkeys(message.locations))
                first = message.id.splitlines()[0][:60]
                if found is None:
                    lags.append(Lag(where, f"no entry for {first!r}: run `python -m "
                                    "mpdemos translate update`, then translate it"))
                elif not found.string:
                    lags.append(Lag(where, f"untranslated: {first!r}"))
                elif found.fuzzy:
                    lags.append(Lag(where, f"fuzzy (the English changed): {first!r}"))
        for notebook in notebooks:
            target = edition_path(notebook, lang)
            if not target.is_file():
                lags.append(Lag(str(target), "missing: run `python -m mpdemos "
                                "translate build`"))
                continue
            if not po_path(notebook, lang).is_file():
                continue
            built, _ = build_notebook(notebook, lang, _read(po_path(notebook, lang), lang))
            have = nbformat.read(target, as_version=4)
            for number, (want, got) in enumerate(zip_longest(_shape(built),
                                                             _shape(have))):
                if want != got:
                    lags.append(Lag(f"{lang}/{target.name} cell {number}",
                                    "differs from what `python -m mpdemos translate "
                                    "build` writes"))
                    break
    return lags


# ---------------------------------------------------------------- what a translation keeps

_FENCE = re.compile(r"^```.*?^```", re.DOTALL | re.MULTILINE)
_CODE = re.compile(r"`[^`]+`")
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_QUOTED = re.compile(r"\n> ?")
_HEADING = re.compile(r"^(#{1,6}) ", re.MULTILINE)


def structure_problems(english: str, translation: str) -> list[str]:
    """What a translation of a markdown cell lost or changed of its English.

    Prose is translated; what the student runs or follows is not. Code blocks
    must be identical, every link must lead where the English one does, the
    headings must keep their levels (slides are cut at them), and every
    inline code span of the English must appear in the translation.
    """
    problems = []
    if _FENCE.findall(english) != _FENCE.findall(translation):
        problems.append("its code blocks differ from the English ones")
    if sorted(_LINK.findall(english)) != sorted(_LINK.findall(translation)):
        problems.append("its links lead elsewhere than the English ones")
    if _HEADING.findall(english) != _HEADING.findall(translation):
        problems.append("its headings are not those of the English (levels, number)")
    # A span may be wrapped across lines (of a quote, too): compare with the
    # quote marks of wrapped lines dropped and runs of spaces made one.
    prose = " ".join(_QUOTED.sub("\n", _FENCE.sub("", translation)).split())
    spans = (" ".join(s.split())
             for s in _CODE.findall(_QUOTED.sub("\n", _FENCE.sub("", english))))
    lost = [span for span in dict.fromkeys(spans) if span not in prose]
    if lost:
        problems.append(f"code spans of the English are missing: {', '.join(lost[:5])}")
    if english.startswith(">") != translation.startswith(">"):
        problems.append("the English is a quote (speaker notes) and this is not, "
                        "or the other way round")
    return problems
