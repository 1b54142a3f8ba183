"""Instructor exports: offline slide decks, HTML handouts and a student edition.

``python -m mpdemos export [--out build]`` turns every course notebook into

- ``NN-topic.slides.html``: a reveal.js deck. Markdown headings start slides
  (cell metadata ``slideshow.slide_type``); cells of type ``notes`` are
  speaker notes: press ``s`` in the deck to open the speaker view.
- ``NN-topic.html``: a handout with every stored output and embedded images.
- ``student/NN-topic.ipynb``: for a notebook with cells tagged ``solution``, a
  copy with those cells emptied (a placeholder comment stays).
- ``index.html``: links to all of them.

It uses the outputs stored in the notebooks and executes nothing. Every
script, style sheet and font the pages load is copied into ``OUT/assets``, so
the folder works offline, from a USB stick or ``file://``. The assets
(reveal.js, require.js, jQuery, MathJax, at the versions pinned in
``tools/assets/package-lock.json``) are installed by ``python tools/bootstrap.py``.
"""

from __future__ import annotations

import copy
import html
import os
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
#: Where ``tools/bootstrap.py`` installs the pinned npm packages.
ASSET_PACKAGES = ROOT / "tools" / "assets"
#: Set this to a folder holding ``node_modules`` to use assets installed elsewhere.
ASSETS_ENV = "MPDEMOS_ASSETS"
SOLUTION_TAG = "solution"
CODE_PLACEHOLDER = "# Your solution here.\n"
MARKDOWN_PLACEHOLDER = "*Your answer here.*"
#: Logical slide size; reveal.js scales it to the window (16:9, a 1280x720 screen).
SLIDE_WIDTH = 1280
SLIDE_HEIGHT = 720
#: Types that start a new slide in the deck (each is one reveal.js page).
SLIDE_STARTS = ("slide", "subslide")

MATHJAX_CONFIG = "TeX-AMS_CHTML-full,Safe"

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
    """The pinned browser assets are not installed (run ``python tools/bootstrap.py``)."""


@dataclass(frozen=True)
class Exported:
    """What the export wrote for one notebook (paths relative to the output folder)."""

    name: str
    title: str
    slides: str
    handout: str
    student: str | None
    slide_count: int
    notes_count: int


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
    shown = [i for i, cell in enumerate(cells) if slide_type(cell) not in ("notes", "skip")]
    if not shown:
        raise ValueError("a slide deck needs at least one cell that is not notes or skip")
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
                # Drop a stray leading '#' and markdown code marks: "`Process`" -> "Process".
                return match.group(1).lstrip("# ").replace("`", "")
    return fallback


def _source(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def student_copy(nb: Any) -> Any | None:
    """Return a copy of ``nb`` with its ``solution`` cells emptied, or None if it has none.

    A code cell keeps the comment ``# Your solution here.`` and loses its
    outputs; a markdown cell becomes ``*Your answer here.*``. The tag
    ``solution`` becomes ``exercise``.
    """
    if not isinstance(nb, dict) or "cells" not in nb:
        raise TypeError(f"expected a notebook (nbformat NotebookNode), not {type(nb).__name__}")
    if not any(SOLUTION_TAG in cell.get("metadata", {}).get("tags", []) for cell in nb["cells"]):
        return None
    student = copy.deepcopy(nb)
    for cell in student["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if SOLUTION_TAG not in tags:
            continue
        cell["metadata"]["tags"] = ["exercise" if t == SOLUTION_TAG else t for t in tags]
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
    """Return the ``node_modules`` folder with the pinned assets, or raise AssetsMissing."""
    base = Path(os.environ.get(ASSETS_ENV) or ASSET_PACKAGES)
    modules = base / "node_modules"
    missing = [src for src, _ in _ASSET_COPIES if not (modules / src).exists()]
    if missing:
        raise AssetsMissing(
            f"the slide assets are not installed in {modules} (missing: {', '.join(missing)}). "
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


# ---------------------------------------------------------------- exporters

# Slides: the reveal template without its unconditional import of mermaid from
# a CDN (no course notebook draws mermaid diagrams), with slide-sized type, and
# "autofit": a slide taller than the slide area gets smaller type, down to
# FIT_MINIMUM of the normal size, before it would spill over the bottom edge.
FIT_MINIMUM = 0.7

_SLIDES_TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}
<style type="text/css">
.reveal .slides { text-align: left; }
.reveal .slides section h1, .reveal .slides section h2, .reveal .slides section h3 {
  text-transform: none;
}
.reveal .slides section { --mpdemos-fit: 1; }
.reveal .slides section .jp-RenderedHTMLCommon {
  font-size: calc(var(--mpdemos-fit) * 26px); line-height: 1.35;
}
.reveal .slides section .jp-RenderedHTMLCommon h1 {
  font-size: calc(var(--mpdemos-fit) * 54px); margin: 0 0 0.4em;
}
.reveal .slides section .jp-RenderedHTMLCommon h2 {
  font-size: calc(var(--mpdemos-fit) * 44px); margin: 0 0 0.4em;
}
.reveal .slides section .jp-RenderedHTMLCommon h3 {
  font-size: calc(var(--mpdemos-fit) * 36px); margin: 0 0 0.4em;
}
.reveal .slides section .jp-RenderedHTMLCommon p,
.reveal .slides section .jp-RenderedHTMLCommon ul,
.reveal .slides section .jp-RenderedHTMLCommon ol { margin: 0 0 0.45em; }
.reveal .slides section .jp-RenderedHTMLCommon code {
  font-size: 0.9em; padding: 0 0.15em;
}
.reveal .slides section pre {
  font-size: calc(var(--mpdemos-fit) * 18px); line-height: 1.3; margin: 0;
}
.reveal .slides section .jp-Cell { padding: calc(var(--mpdemos-fit) * 4px) 0; }
.reveal .slides section .jp-InputArea-editor { padding: 0.2em 0.4em; }
.reveal .slides section .highlight { margin: 0; }
</style>
{%- endblock html_head_css -%}
{% block footer_js %}
{{ super() }}
<script>
require(["{{ resources.reveal.url_prefix }}/dist/reveal.js"], function (Reveal) {
  function fit() {
    var height = Reveal.getConfig().height, minimum = FIT_MINIMUM;
    Reveal.getSlides().forEach(function (slide) {
      var stack = slide.parentNode.closest("section");
      var saved = [slide.style.display, stack && stack.style.display];
      slide.style.display = "block";  // hidden slides have no height to measure
      if (stack) { stack.style.display = "block"; }
      var scale = 1;
      for (var i = 0; i < 8 && slide.scrollHeight > height && scale > minimum; i++) {
        scale = Math.max(minimum, scale * 0.97 * height / slide.scrollHeight);
        slide.style.setProperty("--mpdemos-fit", scale.toFixed(3));
      }
      slide.style.display = saved[0];
      if (stack) { stack.style.display = saved[1]; }
    });
    Reveal.layout();
    document.querySelector("div.reveal").classList.add("mpdemos-fitted");
  }
  if (Reveal.isReady()) { fit(); } else { Reveal.on("ready", fit); }
});
</script>
{% endblock footer_js %}
""".replace("FIT_MINIMUM", str(FIT_MINIMUM))

# Handouts: speaker notes are set apart, so a reader sees what is said, not shown.
_HANDOUT_TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{%- block html_head_css -%}
<style type="text/css">
.mpdemos-notes { border-left: 4px solid #c8a400; background: #fffbe6; margin: 0.5em 0; }
.mpdemos-notes::before { content: "Speaker notes"; font-weight: bold; padding-left: 1em; }
</style>
{%- endblock html_head_css -%}
{% block markdowncell scoped %}
{%- if cell.metadata.get('slideshow', {}).get('slide_type') == 'notes' -%}
<div class="mpdemos-notes">{{ super() }}</div>
{%- else -%}
{{ super() }}
{%- endif -%}
{%- endblock markdowncell %}
"""


def _exporters() -> tuple[Any, Any]:
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter, SlidesExporter
    from traitlets.config import Config

    urls = {
        "require_js_url": "assets/require.js",
        "jquery_url": "assets/jquery.min.js",
        "mathjax_url": f"assets/mathjax/MathJax.js?config={MATHJAX_CONFIG}",
    }
    config = Config()
    config.SlidesExporter.update(
        urls,
        reveal_url_prefix="assets/reveal.js",
        reveal_theme="white",  # its font ships with reveal.js; "simple" fetches Google fonts
        reveal_transition="none",
        reveal_number="c/t",
        reveal_width=str(SLIDE_WIDTH),
        reveal_height=str(SLIDE_HEIGHT),
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        template_file="mpdemos_slides.html.j2",
    )
    config.HTMLExporter.update(
        urls, embed_images=True, template_file="mpdemos_handout.html.j2"
    )
    loader = DictLoader({
        "mpdemos_slides.html.j2": _SLIDES_TEMPLATE,
        "mpdemos_handout.html.j2": _HANDOUT_TEMPLATE,
    })
    slides = SlidesExporter(config=config, extra_loaders=[loader])
    handout = HTMLExporter(config=config, extra_loaders=[loader])
    for exporter in (slides, handout):
        exporter.mermaid_js_url = "assets/mermaid-not-bundled.mjs"  # never fetched
        exporter.mermaid_layout_elk_js_url = "assets/mermaid-not-bundled.mjs"
    return slides, handout


# ---------------------------------------------------------------- the export


def export(out: Path | str = "build", notebooks: Iterable[Path | str] | None = None,
           quiet: bool = False) -> list[Exported]:
    """Build decks, handouts, student copies and ``index.html`` into ``out``.

    ``notebooks`` defaults to every course notebook. Stored outputs are used
    as they are; nothing is executed. Returns one :class:`Exported` per notebook.
    """
    import nbformat

    from mpdemos.validation import course_notebooks

    out = Path(out)
    paths = [Path(p) for p in (course_notebooks() if notebooks is None else notebooks)]
    for path in paths:
        if path.suffix != ".ipynb":
            raise ValueError(f"{path} is not a notebook (.ipynb)")
        if not path.is_file():
            raise ValueError(f"{path} does not exist")
    if not paths:
        raise ValueError("no notebooks to export")
    if out.exists() and not out.is_dir():
        raise ValueError(f"--out {out} exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(out)
    slides_exporter, handout_exporter = _exporters()

    done: list[Exported] = []
    student_sources: set[Path] = set()
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        name = path.stem
        resources = {"metadata": {"name": name, "path": str(path.parent)}}
        body, _ = slides_exporter.from_notebook_node(nb, resources=copy.deepcopy(resources))
        (out / f"{name}.slides.html").write_text(body, encoding="utf-8")
        body, _ = handout_exporter.from_notebook_node(nb, resources=copy.deepcopy(resources))
        (out / f"{name}.html").write_text(body, encoding="utf-8")

        student = student_copy(nb)
        student_path = None
        if student is not None:
            (out / "student").mkdir(exist_ok=True)
            student_path = f"student/{path.name}"
            nbformat.write(student, out / student_path)
            student_sources.add(path.parent)
        done.append(Exported(
            name=name,
            title=notebook_title(nb, fallback=name),
            slides=f"{name}.slides.html",
            handout=f"{name}.html",
            student=student_path,
            slide_count=expected_slide_count(nb),
            notes_count=sum(slide_type(c) == "notes" for c in nb.cells),
        ))
        if not quiet:
            print(f"exported {name}: {done[-1].slide_count} slides", flush=True)
    for folder in sorted(student_sources):
        _copy_notebook_files(folder, out / "student")
    (out / "index.html").write_text(index_page(done), encoding="utf-8")
    return done


def check(out: Path | str, entries: Sequence[Exported]) -> list[str]:
    """Open every exported page in headless Chromium (no network); return the problems.

    Saves each deck's first slide as ``out/screenshots/NN-topic.png``. An
    empty list means every deck came up with the slides its metadata
    promises, no slide overflows 1280x720, and no page asked the network or
    logged an error.
    """
    from mpdemos import export_browser

    out = Path(out)
    reports = export_browser.check_pages(
        [out / e.slides for e in entries], [out / e.handout for e in entries],
        screenshots=out / "screenshots",
    )
    problems = []
    for e in entries:
        deck, handout = reports[out / e.slides], reports[out / e.handout]
        if not deck.ready:
            problems.append(f"{e.slides}: reveal.js never got ready")
        elif deck.slide_count != e.slide_count:
            problems.append(f"{e.slides}: {deck.slide_count} slides, metadata says "
                            f"{e.slide_count}")
        for o in deck.overflowing:
            problems.append(f"{e.slides}: slide {o['slide']} '{o['heading']}' does not fit "
                            f"({o['height']}px tall, {o['width']}px wide, "
                            f"{o['wide_code_blocks']} code blocks too wide)")
        for page, report in ((e.slides, deck), (e.handout, handout)):
            problems += [f"{page}: asked the network for {url}"
                         for url in report.outside_requests]
            problems += [f"{page}: {text}"
                         for text in report.failed_requests + report.console_errors]
    return problems


def _copy_notebook_files(folder: Path, target: Path) -> None:
    """Copy what notebooks open beside them (e.g. ``scripts/``), so student copies run."""
    skip = {"sanitize.cfg", "__pycache__", ".ipynb_checkpoints"}
    for item in folder.iterdir():
        if item.name in skip or item.name.startswith(".") or item.suffix == ".ipynb":
            continue
        if item.is_dir():
            shutil.copytree(item, target / item.name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        else:
            shutil.copy2(item, target / item.name)


_NUMBER_PREFIX = re.compile(r"^\d+\s*·\s*")  # "02 · The Process class": the row has the number


def index_page(entries: Sequence[Exported]) -> str:
    """Return ``index.html``: one row per notebook, linking its deck, handout and copy."""
    rows = []
    for e in entries:
        student = (f'<a href="{html.escape(e.student)}">student notebook</a>'
                   if e.student else "")
        rows.append(
            f"<tr><td>{html.escape(e.name[:2])}</td>"
            f"<td>{html.escape(_NUMBER_PREFIX.sub('', e.title))}</td>"
            f'<td><a href="{html.escape(e.slides)}">slides</a> ({e.slide_count})</td>'
            f'<td><a href="{html.escape(e.handout)}">handout</a></td><td>{student}</td></tr>'
        )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>mpdemos: slides and handouts</title>
<style>
body {{ font-family: sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border-bottom: 1px solid #ddd; padding: 0.4em; text-align: left; }}
</style>
</head>
<body>
<h1>Parallelism with Python processes: slides and handouts</h1>
<p>Every page here works offline. In a deck, press <kbd>s</kbd> for the speaker
view with the notes, <kbd>f</kbd> for full screen, <kbd>Esc</kbd> for an
overview. Handouts carry every stored output and the speaker notes.</p>
<table>
<tr><th>#</th><th>Notebook</th><th>Deck</th><th>Handout</th><th>Student edition</th></tr>
{chr(10).join(rows)}
</table>
</body>
</html>
"""
