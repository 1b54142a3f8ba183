"""mpdemos.course.export: slide metadata, decks, handouts, PDFs, navigation, the
student edition, and every page checked in headless Chromium with the network
cut off.

The export is built once per session into a temporary folder, from the course
notebooks plus one small notebook made here (math, an image, a solution
cell). One Chromium then opens every page (about 15 s for a dozen notebooks)
and prints two handouts to PDF. The browser tests skip, saying why, where
Playwright or Chromium is missing (`python tools/bootstrap.py` installs both
on Linux; tests/test_course_browser.py fails in CI without them).
"""

from __future__ import annotations

import base64
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from mpdemos.__main__ import main
from mpdemos.course import browser, templates, translate
from mpdemos.course import export as ex
from mpdemos.course.notebooks import course_notebooks

NOTEBOOKS = course_notebooks()
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}
MAX_LINE = 88
SELFTEST = "99-selftest"
NOTES = "Say: this deck tests the export."
NO_BROWSER = browser.unavailable()
# A 2x2 red PNG, for an embedded output image and a linked markdown image.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAwMDAxMDAAAAi"
    "BAH/cW2T6AAAAABJRU5ErkJggg=="
)


def slides(cell_type: str, source: str, slide: str = "-", **extra: Any) -> Any:
    cell = new_code_cell(source) if cell_type == "code" else new_markdown_cell(source)
    cell.metadata["slideshow"] = {"slide_type": slide}
    cell.metadata.update(extra)
    return cell


def selftest_notebook() -> Any:
    """A notebook with what the course notebooks may not have yet."""
    picture = slides("code", "show_picture()")
    picture.outputs = [new_output("display_data", data={"image/png": PNG_B64})]
    answer = slides("code", "print(sum(range(10)))", tags=["solution"])
    answer.outputs = [new_output("stream", name="stdout", text="45\n")]
    return new_notebook(cells=[
        slides("markdown", "# Self-test deck\n\nEuler: $e^{i\\pi} + 1 = 0$", "slide"),
        slides("markdown", NOTES, "notes"),
        slides("markdown", "## An image\n\n![a red square](square.png)", "slide"),
        picture,
        slides("markdown", "### Exercise\n\nAdd the numbers below ten.", "subslide"),
        answer,
        slides("markdown", "The sum is $\\sum_{i=0}^{9} i$.", tags=["solution"]),
        slides("markdown", "Skipped.", "skip"),
    ])


PNG_B64 = base64.b64encode(PNG).decode()


# ---------------------------------------------------------------- notebook metadata


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_cell_has_slide_metadata(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    missing = [i for i, cell in enumerate(nb.cells)
               if cell.metadata.get("slideshow", {}).get("slide_type")
               not in SLIDE_TYPES]
    assert not missing, f"{path.name}: cells without slideshow.slide_type: {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_notebook_has_speaker_notes(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    assert any(ex.slide_type(cell) == "notes" for cell in nb.cells), (
        f"{path.name} has no notes cell (slideshow.slide_type 'notes')")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_code_lines_fit_on_a_slide(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    long_lines = [
        f"cell {i}: {line!r} ({len(line)})"
        for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
        for line in cell.source.splitlines() if len(line) > MAX_LINE
    ]
    assert not long_lines, f"{path.name}: code lines over {MAX_LINE} characters:\n" + (
        "\n".join(long_lines))


# ---------------------------------------------------------------- helpers, no browser


def test_expected_slide_count_follows_metadata() -> None:
    nb = selftest_notebook()
    assert ex.expected_slide_count(nb) == 3  # slide, slide, subslide
    nb.cells.insert(0, slides("markdown", "notes first", "notes"))
    # The first shown cell still opens one.
    nb.cells[1].metadata.slideshow.slide_type = "-"
    assert ex.expected_slide_count(nb) == 3


def test_expected_slide_count_needs_a_shown_cell() -> None:
    nb = new_notebook(cells=[slides("markdown", "only notes", "notes")])
    with pytest.raises(ValueError, match="at least one cell"):
        ex.expected_slide_count(nb)


def test_student_copy_empties_solutions_only() -> None:
    nb = selftest_notebook()
    student = ex.student_copy(nb)
    assert student is not None
    code, prose = student.cells[5], student.cells[6]
    assert code.source == ex.CODE_PLACEHOLDER and code.outputs == []
    assert code.execution_count is None and code.metadata.tags == ["exercise"]
    assert prose.source == ex.MARKDOWN_PLACEHOLDER
    assert student.cells[3].outputs == nb.cells[3].outputs  # other cells keep theirs
    assert nb.cells[5].source == "print(sum(range(10)))"  # the original is untouched


def test_student_copy_is_none_without_solutions() -> None:
    assert ex.student_copy(new_notebook(cells=[new_code_cell("1")])) is None


def test_student_copy_rejects_a_non_notebook() -> None:
    with pytest.raises(TypeError, match="expected a notebook"):
        ex.student_copy(["not", "a", "notebook"])


def test_notebook_title() -> None:
    nb = new_notebook(cells=[slides("markdown", "# # 02 · The `Process` class")])
    assert ex.notebook_title(nb, "x") == "02 · The Process class"
    assert ex.notebook_title(new_notebook(), "fallback") == "fallback"


def test_export_rejects_bad_arguments(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(ValueError, match="not a notebook"):
        ex.export(tmp_path / "out", [text])
    with pytest.raises(ValueError, match="does not exist"):
        ex.export(tmp_path / "out", [tmp_path / "missing.ipynb"])
    with pytest.raises(ValueError, match="no notebooks"):
        ex.export(tmp_path / "out", [])


def test_missing_assets_say_how_to_install_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(ex.ASSETS_ENV, str(tmp_path))
    with pytest.raises(ex.AssetsMissing, match="tools/bootstrap.py"):
        ex.asset_modules()
    assert main(["export", "--no-pdf", "--out", str(tmp_path / "out"),
                 str(NOTEBOOKS[0])]) == 1
    assert "npm" in capsys.readouterr().err


def test_pdfs_without_a_browser_say_how_to_do_without(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(browser.CHROMIUM_ENV, str(tmp_path / "no-such-chromium"))
    assert main(["export", "--out", str(tmp_path / "out"), str(NOTEBOOKS[0])]) == 1
    err = capsys.readouterr().err
    assert "PDF handouts need Chromium" in err and "--no-pdf" in err
    assert not (tmp_path / "out").exists()  # nothing half-written


def test_export_lists_notebooks_without_the_pytest_plugin(tmp_path: Path) -> None:
    # Building slides must not import validation (nbval, pytest) to list notebooks.
    # An --out that is a file stops the export right after it listed them.
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    script = (
        "import sys\n"
        "from mpdemos.course import export\n"
        "try:\n"
        f"    export.export({str(blocker)!r}, None, quiet=True, pdf=False)\n"
        "except ValueError as e:\n"
        "    assert 'not a folder' in str(e), e\n"
        "loaded = [m for m in ('mpdemos.course.validation', 'nbval', 'pytest')\n"
        "          if m in sys.modules]\n"
        "assert not loaded, loaded\n"
        "assert 'mpdemos.course.notebooks' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)


def test_asset_versions_are_pinned() -> None:
    import json

    package = json.loads((ex.ASSET_PACKAGES / "package.json").read_text())
    lock = json.loads((ex.ASSET_PACKAGES / "package-lock.json").read_text())
    for name, version in package["dependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), (
            f"{name} is not pinned: {version}")
        assert lock["packages"][f"node_modules/{name}"]["version"] == version


# ---------------------------------------------------------------- the built export


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory,
          ) -> tuple[Path, dict[str, ex.Exported]]:
    """Export the course and the self-test notebook once, into a temporary folder."""
    source = tmp_path_factory.mktemp("selftest")
    (source / "square.png").write_bytes(PNG)
    nbformat.write(selftest_notebook(), source / f"{SELFTEST}.ipynb")
    out = tmp_path_factory.mktemp("build")
    done = ex.export(out, [*NOTEBOOKS, source / f"{SELFTEST}.ipynb", *RUSSIAN],
                     quiet=True, pdf=False)
    return out, {key(e): e for e in done}


def key(entry: ex.Exported) -> str:
    """``02-process``, or ``ru/02-process`` for a page of the Russian edition."""
    return entry.slides.removesuffix(".slides.html")


#: Two notebooks of the Russian edition, exported beside the English course.
RUSSIAN = [translate.edition_path(NOTEBOOKS[i], "ru") for i in (0, 4)]
ALL = [p.stem for p in NOTEBOOKS] + [SELFTEST] + [f"ru/{p.stem}" for p in RUSSIAN]


def test_index_links_every_page(built: tuple[Path, dict[str, ex.Exported]]) -> None:
    out, done = built
    for entry in done.values():
        folder = "" if entry.language == "en" else f"{entry.language}/"
        index = (out / folder / "index.html").read_text()
        for page in (entry.slides, entry.handout):
            assert (out / page).is_file()
            assert f'href="{page.removeprefix(folder)}"' in index
    index = (out / "index.html").read_text()
    assert 'href="student/99-selftest.ipynb"' in index
    assert 'href="student/"' in index  # the student edition, as a folder
    assert ".pdf" not in index  # exported without PDFs: none is linked


class NavBars(HTMLParser):
    """Collects the rel -> href links of each ``nav.mpdemos-nav`` in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.bars: list[dict[str, str]] = []
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "nav" and found.get("class") == "mpdemos-nav":
            self.inside = True
            self.bars.append({})
        elif tag == "a" and self.inside:
            self.bars[-1][str(found.get("rel"))] = str(found.get("href"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self.inside = False


def nav_links(page: str) -> dict[str, str]:
    """The rel -> href links of a page's navigation bars (they must agree)."""
    parser = NavBars()
    parser.feed(page)
    assert parser.bars, "no navigation bar"
    assert all(found == parser.bars[0] for found in parser.bars)
    return parser.bars[0]


@pytest.mark.parametrize("suffix", [".slides.html", ".html"])
def test_every_page_links_the_index_and_its_neighbours(
        built: tuple[Path, dict[str, ex.Exported]], suffix: str) -> None:
    out, done = built
    for names in ([n for n in done if "/" not in n], [n for n in done if "/" in n]):
        check_neighbours(out, names, suffix)


def check_neighbours(out: Path, names: list[str], suffix: str) -> None:
    """Each page of one edition links its index and its neighbours in that edition."""
    for at, name in enumerate(names):
        links = nav_links((out / f"{name}{suffix}").read_text())
        expected = {"index": "index.html"}
        if at > 0:
            expected["prev"] = f"{names[at - 1].split('/')[-1]}{suffix}"
        if at + 1 < len(names):
            expected["next"] = f"{names[at + 1].split('/')[-1]}{suffix}"
        assert links == expected, name
        for href in links.values():
            assert (out / name).parent.joinpath(href).is_file()


def test_the_editions_link_each_other_and_share_the_assets(
        built: tuple[Path, dict[str, ex.Exported]]) -> None:
    out, done = built
    english, russian = (out / "index.html").read_text(), (out / "ru/index.html").read_text()
    assert 'hreflang="ru" href="ru/index.html"' in english
    assert 'hreflang="en" href="../index.html"' in russian
    assert "<html lang=\"ru\">" in russian and "слайды" in russian
    deck = (out / done["ru/04-event"].slides).read_text()
    assert '<html lang="ru">' in deck
    assert '"../assets/reveal.js/dist/reveal.js"' in deck
    assert not (out / "ru" / "assets").exists()  # one copy, shared
    handout = (out / done["ru/04-event"].handout).read_text()
    assert "Заметки для преподавателя" in handout


def test_links_between_notebooks_lead_to_their_pages(
        built: tuple[Path, dict[str, ex.Exported]]) -> None:
    out, _ = built
    index = NOTEBOOKS[0].stem
    assert index.startswith("00-")
    for suffix in (".slides.html", ".html"):
        page = (out / f"{index}{suffix}").read_text()
        assert not re.findall(r'href="\d\d-[^"]*\.ipynb', page), suffix
        assert f'href="{NOTEBOOKS[1].stem}{suffix}"' in page  # the course table
    assert ex.link_pages('<a href="x.ipynb#top">', ["y"], ".html") == (
        '<a href="x.ipynb#top">')  # not an exported notebook: left alone
    assert ex.link_pages('<a href="y.ipynb#top">', ["y"], ".html") == (
        '<a href="y.html#top" data-pdf="y.pdf#top">')


def test_handout_notes_set_apart_or_left_out(tmp_path: Path,
                                             built: tuple[Path, Any]) -> None:
    out, done = built
    handout = (out / done[SELFTEST].handout).read_text()
    assert 'class="mpdemos-notes"' in handout and NOTES in handout
    without = tmp_path / "without"
    nb = tmp_path / f"{SELFTEST}.ipynb"
    nbformat.write(selftest_notebook(), nb)
    (tmp_path / "square.png").write_bytes(PNG)
    assert main(["export", "--no-pdf", "--no-notes", "--out", str(without),
                 str(nb)]) == 0
    handout = (without / f"{SELFTEST}.html").read_text()
    assert NOTES not in handout and "mpdemos-notes\">" not in handout
    deck = (without / f"{SELFTEST}.slides.html").read_text()
    assert NOTES in deck  # the deck keeps its speaker notes
    assert "and the speaker notes" not in (without / "index.html").read_text()


@pytest.mark.parametrize("name", ALL)
def test_pages_load_nothing_from_outside(built: tuple[Path, dict[str, ex.Exported]],
                                         name: str) -> None:
    out, done = built
    for page in (done[name].slides, done[name].handout):
        html = (out / page).read_text()
        remote = re.findall(r'src="((?:https?:)?//[^"]*)"', html)
        remote += re.findall(r'<link [^>]*href="((?:https?:)?//[^"]*)"', html)
        remote += re.findall(
            r"""import\s[^;]*?from\s+['"]((?:https?:)?//[^'"]*)""", html)
        assert not remote, f"{page} loads {remote}"


@pytest.mark.parametrize("name", ALL)
def test_notes_are_speaker_notes(built: tuple[Path, dict[str, ex.Exported]],
                                 name: str) -> None:
    out, done = built
    html = (out / done[name].slides).read_text()
    assert html.count('<aside class="notes">') == done[name].notes_count


def test_student_edition(built: tuple[Path, dict[str, ex.Exported]]) -> None:
    out, done = built
    assert done[SELFTEST].student == f"student/{SELFTEST}.ipynb"
    student = nbformat.read(out / done[SELFTEST].student, as_version=4)
    assert ex.CODE_PLACEHOLDER in [c.source for c in student.cells]
    assert "print(sum(range(10)))" not in [c.source for c in student.cells]
    assert (out / "student" / "square.png").is_file()  # what the notebook opens
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        has_solutions = ex.student_copy(nb) is not None
        assert (done[path.stem].student is not None) == has_solutions


def test_command_line_export(tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--no-pdf", "--out", str(tmp_path), str(NOTEBOOKS[0])]) == 0
    assert (tmp_path / f"{NOTEBOOKS[0].stem}.slides.html").is_file()
    assert (tmp_path / "assets" / "reveal.js" / "dist" / "reveal.js").is_file()
    assert "index.html" in capsys.readouterr().out


# ---------------------------------------------------------------- in the browser


@pytest.fixture(scope="session")
def browser_reports(built: tuple[Path, dict[str, ex.Exported]]) -> dict[str, Any]:
    """Open every deck and handout in one headless Chromium with no network."""
    if NO_BROWSER:
        pytest.skip(f"no browser checks: {NO_BROWSER}")
    out, done = built
    decks = [out / e.slides for e in done.values()]
    handouts = [out / e.handout for e in done.values()]
    reports = browser.check_pages(decks, handouts, screenshots=out / "screenshots",
                                  speaker_views=[out / done[SELFTEST].slides])
    return {name: (reports[out / e.slides], reports[out / e.handout])
            for name, e in done.items()}


@pytest.mark.parametrize("name", ALL)
def test_deck_comes_up_with_every_slide(browser_reports: dict[str, Any],
                                        built: tuple[Path, dict[str, ex.Exported]],
                                        name: str) -> None:
    deck, _ = browser_reports[name]
    assert deck.ready, f"{name}: reveal.js never got ready (div.reveal.ready)"
    assert deck.slide_count == built[1][name].slide_count
    if built[1][name].notes_count:
        assert deck.notes_slides, f"{name}: no slide carries speaker notes"
    assert deck.visible_notes == 0, f"{name}: speaker notes show on the slides"


@pytest.mark.parametrize("name", ALL)
def test_pages_stay_offline_without_errors(browser_reports: dict[str, Any],
                                           name: str) -> None:
    for page in browser_reports[name]:
        assert page.outside_requests == [], f"{page.url} asked the network"
        assert page.failed_requests == [], f"{page.url}: {page.failed_requests}"
        assert page.console_errors == [], f"{page.url}: {page.console_errors}"
        assert page.linked_images == [], f"{page.url}: images not embedded"


@pytest.mark.parametrize("name", ALL)
def test_no_slide_overflows_the_screen(browser_reports: dict[str, Any],
                                       name: str) -> None:
    deck, _ = browser_reports[name]
    assert deck.ready
    assert deck.overflowing == [], (
        f"{name}: these slides do not fit 1280x720 even with type at "
        f"{templates.FIT_MINIMUM:.0%}; split them with a '### ' subslide heading:\n"
        + "\n".join(f"  slide {o['slide']} '{o['heading']}': {o['height']}px tall, "
                    f"{o['width']}px wide, {o['wide_code_blocks']} code blocks too wide"
                    for o in deck.overflowing)
    )


@pytest.mark.parametrize("name", ALL)
def test_first_slide_screenshot(browser_reports: dict[str, Any], name: str) -> None:
    deck, _ = browser_reports[name]
    assert deck.screenshot is not None
    assert deck.screenshot.read_bytes().startswith(b"\x89PNG")


def test_math_and_images_render_offline(browser_reports: dict[str, Any]) -> None:
    deck, handout = browser_reports[SELFTEST]
    assert deck.math_rendered >= 1 and handout.math_rendered >= 2
    assert deck.images == 2 and handout.images == 2  # both embedded as data: URLs


def test_speaker_view_shows_the_notes(browser_reports: dict[str, Any]) -> None:
    deck, _ = browser_reports[SELFTEST]
    assert NOTES in (deck.speaker_notes or "")


# ---------------------------------------------------------------- PDF handouts

PRINTED = [NOTEBOOKS[2].stem, SELFTEST]  # a course notebook and the self-test


@pytest.fixture(scope="session")
def printed(built: tuple[Path, dict[str, ex.Exported]]) -> dict[str, ex.Exported]:
    """Print two handouts to PDF (the export's own step, in one Chromium)."""
    import dataclasses

    if NO_BROWSER:
        pytest.skip(f"no PDF handouts: {NO_BROWSER}")
    out, done = built
    entries = [dataclasses.replace(done[name], pdf=f"{name}.pdf") for name in PRINTED]
    return {e.name: e for e in ex.write_pdfs(out, entries, quiet=True)}


def pdf_text(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(path).pages]


def pdf_links(path: Path) -> list[str]:
    from pypdf import PdfReader

    links = []
    for page in PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action.get_object():
                links.append(str(action.get_object()["/URI"]))
    return links


@pytest.mark.parametrize("name", PRINTED)
def test_pdf_handout_is_printed_offline(printed: dict[str, ex.Exported],
                                        built: tuple[Path, Any], name: str) -> None:
    out, _ = built
    entry = printed[name]
    assert entry.pdf_problems == (), entry.pdf_problems
    pages = pdf_text(out / entry.pdf)
    assert pages and all(text.strip() for text in pages), "a blank page"
    assert "1 / " in pages[0]  # the footer numbers the pages


def test_pdf_carries_outputs_and_set_apart_notes(printed: dict[str, ex.Exported],
                                                 built: tuple[Path, Any]) -> None:
    out, _ = built
    text = " ".join(pdf_text(out / printed[SELFTEST].pdf))
    assert "45" in text  # the stored output of the solution cell
    assert "Speaker notes" in text and NOTES in " ".join(text.split())


def test_pdf_links_are_relative(printed: dict[str, ex.Exported],
                                built: tuple[Path, Any]) -> None:
    out, done = built
    names = list(done)
    name = PRINTED[0]
    at = names.index(name)
    links = pdf_links(out / printed[name].pdf)
    # In the PDF the neighbours are their PDFs, and a moved folder keeps its links.
    assert links[:3] == [f"{names[at - 1]}.pdf", "index.html", f"{names[at + 1]}.pdf"]
    assert not [link for link in links if link.startswith("file:")]
