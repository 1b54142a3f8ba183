"""What mpdemos says to a student, in the notebook's language (tests: tests/test_i18n.py).

Every message written for a student to read (an exercise's verdict, an
argument error) goes through :func:`_`, the gettext convention. English is the
source; other languages come from the catalog ``locale/<lang>/LC_MESSAGES/
mpdemos.po`` beside this module, which ``python -m mpdemos translate update``
keeps in step with the code.

The notebook chooses its language, not the machine's locale: the first code
cell of a Russian notebook calls ``mpdemos.set_language("ru")``, so a Russian
notebook on an English system still speaks Russian. The choice lives in the
environment variable ``MPDEMOS_LANGUAGE``, so child processes started
afterwards speak the same language.
"""

from __future__ import annotations

import gettext
import io
import os
from functools import cache
from pathlib import Path

#: The environment variable that holds the language.
ENV = "MPDEMOS_LANGUAGE"
#: The language the course is written in.
SOURCE = "en"
#: The source first, then every language with a catalog and an edition.
LANGUAGES = (SOURCE, "ru")
TRANSLATED = LANGUAGES[1:]
#: Where the catalogs are: ``<lang>/LC_MESSAGES/mpdemos.po``.
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "mpdemos"


def set_language(language: str) -> None:
    """Speak ``language`` (``"en"`` or ``"ru"``) from now on, here and in new children."""
    if language not in LANGUAGES:
        raise ValueError(f"{language!r} is not a language of this course; "
                         f"choose from {', '.join(LANGUAGES)}")
    os.environ[ENV] = language


def language() -> str:
    """The language in force: ``MPDEMOS_LANGUAGE``, or English when it is unset."""
    value = os.environ.get(ENV) or SOURCE
    if value not in LANGUAGES:
        raise ValueError(f"{ENV}={value!r} is not a language of this course; "
                         f"choose from {', '.join(LANGUAGES)}")
    return value


def edition_folder(lang: str) -> str:
    """Where an edition lives beside the English one: ``""`` for English, else ``lang``."""
    return "" if lang == SOURCE else lang


def catalog_path(lang: str) -> Path:
    """The ``.po`` file that holds the messages in ``lang``."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The messages in ``lang``; English is the source and needs none."""
    if lang == SOURCE:
        return gettext.NullTranslations()
    # The standard library's gettext reads only compiled .mo files. The
    # repository keeps the .po file translators edit, and Babel compiles it
    # here, in memory, so there is no binary that could fall behind it.
    # Fuzzy (unchecked) translations are left out: the English shows instead.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(catalog_path(lang), "rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _(message: str, lang: str | None = None) -> str:
    """``message`` in ``lang``, by default the language in force.

    English comes back as written; so does a message without a translation.
    """
    return translations(lang or language()).gettext(message)
