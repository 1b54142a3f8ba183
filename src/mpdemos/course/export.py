"""Instructor exports: offline slide decks, HTML and PDF handouts, a student edition.

``python -m mpdemos export [--out build]`` turns every course notebook into

- ``NN-topic.slides.html``: a reveal.js deck. Markdown headings start slides
  (cell metadata ``slideshow.slide_type``); cells of type ``notes`` are
  speaker notes: press ``s`` in the deck to open the speaker view.
- ``NN-topic.html``: a handout with every stored output and embedded images,
  speaker notes set apart (or left out: ``notes=False``, ``--no-notes``).
- ``NN-topic.pdf``: the handout printed to A4 by headless Chromium (see
  :mod:`mpdemos.course.browser`), code cells and pictures kept whole on a page
  where they fit.
- ``student/NN-topic.ipynb``: for a notebook with cells tagged ``solution``, a
  copy with those cells emptied (a placeholder comment stays).
- ``index.html``: links to all of them.

Every deck and handout links to the index and to the previous and next
notebook, and a link to another notebook leads to its page. It uses the outputs stored in the notebooks and executes nothing.
Every script, style sheet and font the pages load is copied into
``OUT/assets``, so the folder works offline, from a USB stick or ``file://``.
The assets (reveal.js, require.js, jQuery, MathJax, at the versions pinned in
``tools/assets/package-lock.json``) are installed by ``python tools/bootstrap.py``.
"""

from __future__ import annotations

import copy
import dataclasses
import html
import os
import re
import shutil
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mpdemos import i18n
from mpdemos.course import pdf, templates
from mpdemos.i18n import _

ROOT = Path(__file__).resolve().parents[3]
#: Where ``tools/bootstrap.py`` installs the pinned npm packages.
ASSET_PACKAGES = ROOT / "tools" / "assets"
#: Set this to a folder holding ``node_modules`` to use assets installed elsewhere.
ASSETS_ENV = "MPDEMOS_ASSETS"
SOLUTION_TAG = "solution"
CODE_PLACEHOLDER = "# Your solution here.\n"
MARKDOWN_PLACEHOLDER = "*Your answer here.*"
#: Types that start a new slide in the deck (each is one reveal.js page).
SLIDE_STARTS = ("slide", "subslide")


# What the pages need, relative to node_modules, and where it goes under OUT/assets.
# MathJax 2 is 70 MB in full; the CommonHTML output with its web fonts is enough.
_ASSET_COPIES: tuple[tuple[str, str], ...] = (
    ("reveal.js/dist", "reveal.js/dist"),
    ("reveal.js/plugin", "reveal.js/plugin"),
    ("reveal.js/LICENSE", "reveal.js/LICENSE"),
    ("requirejs/require.js", "require.js"),
    ("jquery/dist/jquery.min.js", "jquery.min.js"),
    ("mathjax/MathJax.js", "mathjax/MathJax.js"),
    ("mathjax/LICENSE", "mathjax/LICENSE"),
    ("mathjax/config/TeX-AMS_CHTML-full.js", "mathjax/config/TeX-AMS_CHTML-full.js"),
    ("mathjax/config/Safe.js", "mathjax/config/Safe.js"),
    ("mathjax/extensions", "mathjax/extensions"),
    ("mathjax/jax/input/TeX", "mathjax/jax/input/TeX"),
    ("mathjax/jax/element", "mathjax/jax/element"),
    ("mathjax/jax/output/CommonHTML", "mathjax/jax/output/CommonHTML"),
    ("mathjax/fonts/HTML-CSS/TeX/woff", "mathjax/fonts/HTML-CSS/TeX/woff"),
)


class AssetsMissing(RuntimeError):
    """The pinned browser assets are not installed (``python tools/bootstrap.py``)."""


@dataclass(frozen=True)
class Exported:
    """What the export wrote for one notebook (paths relative to the output folder)."""

    name: str
    title: str
    slides: str
    handout: str
    student: str | None
    pdf: str | None
    slide_count: int
    notes_count: int
    #: What went wrong while printing the PDF (requests, errors); empty if nothing.
    pdf_problems: tuple[str, ...] = ()
    #: The language of the notebook; an edition other than English is in ``<lang>/``.
    language: str = "en"


# ---------------------------------------------------------------- notebook metadata


def slide_type(cell: Any) -> str:
    """Return a cell's ``slideshow.slide_type`` (``"-"`` when it has none)."""
    slideshow = cell.get("metadata", {}).get("slideshow") or {}
    return str(slideshow.get("slide_type", "-"))


def expected_slide_count(nb: Any) -> int:
    """Count the pages a deck of ``nb`` has, from its metadata alone.

    The first shown cell always opens a slide (as in nbconvert); after it,
    every ``slide`` and ``subslide`` cell opens one more.
    """
    cells = list(nb["cells"])
    shown = [i for i, cell in enumerate(cells)
             if slide_type(cell) not in ("notes", "skip")]
    if not shown:
        raise ValueError(
            "a slide deck needs at least one cell that is not notes or skip")
    return 1 + sum(slide_type(c) in SLIDE_STARTS for c in cells[shown[0] + 1:])


def notebook_title(nb: Any, fallback: str) -> str:
    """Return the notebook's title: its metadata ``title`` or its first heading."""
    title = nb.get("metadata", {}).get("title")
    if title:
        return str(title)
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown" or slide_type(cell) == "notes":
            continue
        for line in _source(cell).splitlines():
            match = re.match(r"#+\s+(.*\S)", line)
            if match:
                # Drop a stray leading '#' and code marks: "`Process`" -> "Process".
                return match.group(1).lstrip("# ").replace("`", "")
    return fallback


def _source(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def student_copy(nb: Any) -> Any | None:
    """Return a copy of ``nb`` with its ``solution`` cells emptied (None if none).

    A code cell keeps the comment ``# Your solution here.`` and loses its
    outputs; a markdown cell becomes ``*Your answer here.*``. The tag
    ``solution`` becomes ``exercise``.
    """
    if not isinstance(nb, dict) or "cells" not in nb:
        raise TypeError(
            f"expected a notebook (nbformat NotebookNode), not {type(nb).__name__}")
    if not any(SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])
               for cell in nb["cells"]):
        return None
    student = copy.deepcopy(nb)
    for cell in student["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if SOLUTION_TAG not in tags:
            continue
        cell["metadata"]["tags"] = ["exercise" if t == SOLUTION_TAG else t
                                    for t in tags]
        if cell["cell_type"] == "code":
            cell["source"] = CODE_PLACEHOLDER
            cell["outputs"] = []
            cell["execution_count"] = None
        else:
            cell["source"] = MARKDOWN_PLACEHOLDER
            cell.pop("attachments", None)
    return student


# ---------------------------------------------------------------- assets


def asset_modules() -> Path:
    """Return the ``node_modules`` folder with the pinned assets (or AssetsMissing)."""
    base = Path(os.environ.get(ASSETS_ENV) or ASSET_PACKAGES)
    modules = base / "node_modules"
    missing = [src for src, _ in _ASSET_COPIES if not (modules / src).exists()]
    if missing:
        raise AssetsMissing(
            f"the slide assets are not installed in {modules} "
            f"(missing: {', '.join(missing)}). "
            "Run `python tools/bootstrap.py` (it needs Node.js and npm), or "
            f"`npm ci --prefix {ASSET_PACKAGES}`."
        )
    return modules


def copy_assets(out: Path) -> Path:
    """Copy reveal.js, require.js, jQuery and MathJax into ``out/assets``; return it."""
    modules = asset_modules()
    target = Path(out) / "assets"
    for src, dest in _ASSET_COPIES:
        source, destination = modules / src, target / dest
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, destination, dirs_exist_ok=True)
        else:
            shutil.copy2(source, destination)
    return target


# ---------------------------------------------------------------- navigation


@dataclass(frozen=True)
class _Page:
    """One notebook's place in the course: what its pages are called."""

    name: str
    title: str

    @property
    def label(self) -> str:
        return f"{self.name[:2]} · {_NUMBER_PREFIX.sub('', self.title)}"


def navigation(pages: Sequence[_Page], at: int, suffix: str, lang: str = "en") -> str:
    """Return the bar linking page ``at`` to the index and its neighbours.

    ``suffix`` is the kind of page it links: ``.slides.html`` (decks) or
    ``.html`` (handouts). Each link also names the neighbour's PDF in
    ``data-pdf``: the printed handout links PDFs (see :func:`browser.print_pdfs`).
    """
    def link(page: _Page, rel: str, text: str) -> str:
        return (f'<a rel="{rel}" href="{html.escape(page.name + suffix)}" '
                f'data-pdf="{html.escape(page.name)}.pdf">{html.escape(text)}</a>')

    index = html.escape(_("Index", lang))
    parts = [link(pages[at - 1], "prev", f"← {pages[at - 1].label}") if at > 0
             else "<span></span>",
             f'<a rel="index" href="index.html">{index}</a>',
             link(pages[at + 1], "next", f"{pages[at + 1].label} →")
             if at + 1 < len(pages) else "<span></span>"]
    return f'<nav class="mpdemos-nav">{"".join(parts)}</nav>'


_NOTEBOOK_LINK = re.compile(r'href="([^"/#]+)\.ipynb(#[^"]*)?"')


def link_pages(body: str, names: Sequence[str], suffix: str) -> str:
    """Point links to exported notebooks (``href="01-fork.ipynb"``) at their pages.

    A link in a deck leads to the other deck, in a handout to the other
    handout (and, printed, to its PDF). Links to anything else stay.
    """
    def page(match: re.Match[str]) -> str:
        name, anchor = match.group(1), match.group(2) or ""
        if name not in names:
            return match.group(0)
        return (f'href="{html.escape(name + suffix)}{anchor}" '
                f'data-pdf="{html.escape(name)}.pdf{anchor}"')

    return _NOTEBOOK_LINK.sub(page, body)


# ---------------------------------------------------------------- the export


def export(out: Path | str = "build", notebooks: Iterable[Path | str] | None = None,
           quiet: bool = False, notes: bool = True, pdf: bool = True) -> list[Exported]:
    """Build decks, handouts, PDFs, student copies and ``index.html`` into ``out``.

    ``notebooks`` defaults to every course notebook and every translated
    edition (``notebooks/<lang>/``). An edition goes into ``out/<lang>/``
    with an index of its own, and the indexes link each other. Stored
    outputs are used as they are; nothing is executed. ``notes=False`` leaves
    the speaker notes out of the handouts (HTML and PDF); they stay in the
    decks. ``pdf=False`` writes no PDFs (they need Chromium:
    :func:`mpdemos.course.browser.unavailable` says why they cannot be made).
    Returns one :class:`Exported` per notebook.
    """
    import nbformat

    out = Path(out)
    paths = [Path(p) for p in (all_editions() if notebooks is None else notebooks)]
    for path in paths:
        if path.suffix != ".ipynb":
            raise ValueError(f"{path} is not a notebook (.ipynb)")
        if not path.is_file():
            raise ValueError(f"{path} does not exist")
    if not paths:
        raise ValueError("no notebooks to export")
    if out.exists() and not out.is_dir():
        raise ValueError(f"--out {out} exists and is not a folder")
    if pdf:
        from mpdemos.course import browser

        reason = browser.unavailable()
        if reason:
            raise browser.BrowserError(f"PDF handouts need Chromium: {reason}. "
                                       "Pass --no-pdf to export without them.")
    books = [nbformat.read(path, as_version=4) for path in paths]
    editions: dict[str, list[tuple[Path, Any]]] = {}
    for path, nb in zip(paths, books):
        editions.setdefault(book_language(nb), []).append((path, nb))
    for lang, group in editions.items():
        if len({p.stem for p, _ in group}) != len(group):
            raise ValueError("two notebooks have the same name: their pages would "
                             "collide")
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(out)
    done: list[Exported] = []
    for lang, group in editions.items():
        folder = i18n.edition_folder(lang)
        done += _export_edition(out, folder, lang, group, quiet, notes, pdf)
    languages = list(editions)
    for lang in languages:
        folder = i18n.edition_folder(lang)
        entries = [e for e in done if e.language == lang]
        (out / folder / "index.html").write_text(
            index_page(entries, notes=notes, others=[x for x in languages if x != lang]),
            encoding="utf-8")
    if pdf:
        done = write_pdfs(out, done, quiet=quiet)
    return done


def book_language(nb: Any) -> str:
    """The language a notebook is written in (its ``mpdemos.language`` metadata)."""
    return nb.metadata.get("mpdemos", {}).get("language", i18n.SOURCE)


def all_editions() -> list[Path]:
    """Every course notebook: the English ones, then each translated edition's."""
    from mpdemos.course.notebooks import NOTEBOOK_DIR, course_notebooks

    paths = course_notebooks()
    for lang in i18n.TRANSLATED:
        paths += course_notebooks(NOTEBOOK_DIR / lang)
    return paths


def _export_edition(out: Path, folder: str, lang: str, group: list[tuple[Path, Any]],
                    quiet: bool, notes: bool, pdf: bool) -> list[Exported]:
    """Export one language's notebooks into ``out/folder``."""
    import nbformat

    target = out / folder
    target.mkdir(parents=True, exist_ok=True)
    prefix = f"{folder}/" if folder else ""
    assets = "../assets" if folder else "assets"
    slides_exporter, handout_exporter = templates.exporters(lang, assets)
    pages = [_Page(path.stem, notebook_title(nb, fallback=path.stem))
             for path, nb in group]
    done: list[Exported] = []
    student_sources: set[Path] = set()
    for at, ((path, nb), page) in enumerate(zip(group, pages)):
        name = page.name
        for exporter, suffix in ((slides_exporter, ".slides.html"),
                                 (handout_exporter, ".html")):
            resources = {"metadata": {"name": name, "path": str(path.parent)},
                         "mpdemos": {"nav": navigation(pages, at, suffix, lang),
                                     "notes": notes,
                                     "notes_label": _("Speaker notes", lang)}}
            body, _resources = exporter.from_notebook_node(nb, resources=resources)
            body = link_pages(body, [p.name for p in pages], suffix)
            (target / f"{name}{suffix}").write_text(body, encoding="utf-8")

        student = student_copy(nb)
        student_path = None
        if student is not None:
            (target / "student").mkdir(exist_ok=True)
            student_path = f"{prefix}student/{path.name}"
            nbformat.write(student, out / student_path)
            student_sources.add(path.parent)
        done.append(Exported(
            name=name,
            title=page.title,
            slides=f"{prefix}{name}.slides.html",
            handout=f"{prefix}{name}.html",
            student=student_path,
            pdf=f"{prefix}{name}.pdf" if pdf else None,
            slide_count=expected_slide_count(nb),
            notes_count=sum(slide_type(c) == "notes" for c in nb.cells),
            language=lang,
        ))
        if not quiet:
            print(f"exported {prefix}{name}: {done[-1].slide_count} slides", flush=True)
    for source in sorted(student_sources):
        _copy_notebook_files(source, target / "student", out)
    return done


def write_pdfs(out: Path | str, entries: Sequence[Exported],
               quiet: bool = False) -> list[Exported]:
    """Print each exported handout to its PDF (``entry.pdf``) in one headless Chromium.

    Returns the entries with ``pdf_problems`` filled in: requests that would
    leave the machine, failed loads, console errors, math that never finished.
    """
    from mpdemos.course import browser

    out = Path(out)
    jobs = [(out / e.handout, out / e.pdf) for e in entries if e.pdf]
    reports = browser.print_pdfs(jobs)
    printed = []
    for e in entries:
        if not e.pdf:
            printed.append(e)
            continue
        report = reports[out / e.handout]
        pdf.relative_links(out / e.pdf, (out / e.pdf).parent)
        problems = _page_problems(report)
        if not report.ready:
            problems.append("MathJax never finished")
        printed.append(dataclasses.replace(e, pdf_problems=tuple(problems)))
        if not quiet:
            print(f"printed {e.pdf}", flush=True)
            for problem in problems:
                print(f"  {e.pdf}: {problem}", file=sys.stderr, flush=True)
    return printed


def _page_problems(report: Any) -> list[str]:
    problems = [f"asked the network for {url}" for url in report.outside_requests]
    return problems + list(report.failed_requests + report.console_errors)


def check(out: Path | str, entries: Sequence[Exported]) -> list[str]:
    """Open every exported page in headless Chromium (no network); return the problems.

    Saves each deck's first slide as ``screenshots/NN-topic.png`` in its
    edition's folder. An
    empty list means every deck came up with the slides its metadata
    promises, no slide overflows 1280x720, every PDF is there, and no page
    asked the network or logged an error.
    """
    from mpdemos.course import browser

    out = Path(out)
    reports = {}
    for lang in dict.fromkeys(e.language for e in entries):
        edition = [e for e in entries if e.language == lang]
        folder = out / Path(edition[0].slides).parent
        reports.update(browser.check_pages(
            [out / e.slides for e in edition], [out / e.handout for e in edition],
            screenshots=folder / "screenshots",
        ))
    problems = []
    for e in entries:
        deck, handout = reports[out / e.slides], reports[out / e.handout]
        if not deck.ready:
            problems.append(f"{e.slides}: reveal.js never got ready")
        elif deck.slide_count != e.slide_count:
            problems.append(f"{e.slides}: {deck.slide_count} slides, metadata says "
                            f"{e.slide_count}")
        for o in deck.overflowing:
            problems.append(f"{e.slides}: slide {o['slide']} '{o['heading']}' does "
                            f"not fit ({o['height']}px tall, {o['width']}px wide, "
                            f"{o['wide_code_blocks']} code blocks too wide)")
        for page, report in ((e.slides, deck), (e.handout, handout)):
            problems += [f"{page}: {p}" for p in _page_problems(report)]
        if e.pdf:
            problems += [f"{e.pdf}: {p}" for p in e.pdf_problems]
            if not (out / e.pdf).read_bytes().startswith(b"%PDF-"):
                problems.append(f"{e.pdf}: not a PDF")
    return problems


def _copy_notebook_files(folder: Path, target: Path, out: Path) -> None:
    """Copy what notebooks open beside them (e.g. ``scripts/``), so student copies run.

    The export folder ``out`` is never copied, even when it is inside ``folder``.
    """
    skip = {"sanitize.cfg", "__pycache__", ".ipynb_checkpoints", "locale",
            *i18n.LANGUAGES}
    out = out.resolve()

    def ignore(where: str, names: list[str]) -> list[str]:
        return [n for n in names if n in skip or Path(where, n).resolve() == out]

    for item in folder.iterdir():
        if item.name.startswith(".") or item.suffix == ".ipynb" or ignore(
                str(folder), [item.name]):
            continue
        if item.is_dir():
            shutil.copytree(item, target / item.name, dirs_exist_ok=True, ignore=ignore)
        else:
            shutil.copy2(item, target / item.name)


# "02 · The Process class": the row has the number already.
_NUMBER_PREFIX = re.compile(r"^\d+\s*·\s*")


#: How each index names the others, in their own language.
_LANGUAGE_LINKS = {"en": "In English", "ru": "По-русски"}


def index_page(entries: Sequence[Exported], notes: bool = True,
               others: Sequence[str] = ()) -> str:
    """Return ``index.html``: one row per notebook, linking its deck, handouts and copy.

    ``notes`` says whether the handouts carry the speaker notes; ``others``
    are the languages of the other editions, which it links. Every entry is
    of one language, and the page is written in it.
    """
    lang = entries[0].language if entries else i18n.SOURCE
    here = f"{i18n.edition_folder(lang)}/".lstrip("/")

    def local(path: str) -> str:
        return html.escape(path.removeprefix(here))

    # Babel finds no _() inside an f-string: the words are looked up first.
    words = {"student": _("student notebook", lang), "slides": _("slides", lang),
             "handout": _("handout", lang)}
    rows = []
    for e in entries:
        student = (f'<a href="{local(e.student)}">{words["student"]}</a>'
                   if e.student else "")
        pdf = f'<a href="{local(e.pdf)}">PDF</a>' if e.pdf else ""
        rows.append(
            f"<tr><td>{html.escape(e.name[:2])}</td>"
            f"<td>{html.escape(_NUMBER_PREFIX.sub('', e.title))}</td>"
            f'<td><a href="{local(e.slides)}">{words["slides"]}</a> '
            f"({e.slide_count})</td>"
            f'<td><a href="{local(e.handout)}">{words["handout"]}</a></td>'
            f"<td>{pdf}</td><td>{student}</td></tr>"
        )
    handout_notes = _(" and the speaker notes, set apart", lang) if notes else ""
    students = ""
    if any(e.student for e in entries):
        students = "<p>" + _("The <strong>student edition</strong> is the folder "
                             '<a href="student/">student/</a>: the notebooks with the '
                             "reference solutions emptied, and the files they open. "
                             "Hand out that folder.", lang) + "</p>"
    switch = ""
    for other in others:
        where = "../" if here else ""
        folder = f"{i18n.edition_folder(other)}/".lstrip("/")
        switch += (f'<p lang="{other}"><a hreflang="{other}" '
                   f'href="{where}{folder}index.html">{_LANGUAGE_LINKS[other]}</a></p>')
    about = _("Every page here works offline. In a deck, press <kbd>s</kbd> for the "
              "speaker view with the notes, <kbd>f</kbd> for full screen, "
              "<kbd>Esc</kbd> for an overview. Handouts carry every stored "
              "output{notes}; the PDFs are the same handouts, for printing.",
              lang).format(notes=handout_notes)
    headings = "".join(f"<th>{h}</th>" for h in (
        "#", _("Notebook", lang), _("Deck", lang), _("Handout", lang), "PDF",
        _("Student edition", lang)))
    title = _("mpdemos: slides and handouts", lang)
    heading = _("Parallelism with Python processes: slides and handouts", lang)
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border-bottom: 1px solid #ddd; padding: 0.4em; text-align: left; }}
</style>
</head>
<body>
{switch}
<h1>{heading}</h1>
<p>{about}</p>
{students}
<table>
<tr>{headings}</tr>
{chr(10).join(rows)}
</table>
</body>
</html>
"""
