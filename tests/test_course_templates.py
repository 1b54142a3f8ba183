"""mpdemos.course.templates: decks and handouts that load nothing from the network."""

from __future__ import annotations

import nbformat

from mpdemos.course import templates


def test_exporters_point_every_script_at_the_copied_assets() -> None:
    slides, handout = templates.exporters()
    assert slides.reveal_url_prefix == "assets/reveal.js"
    assert slides.require_js_url == handout.require_js_url == "assets/require.js"
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# A title", metadata={
            "slideshow": {"slide_type": "slide"}}),
        nbformat.v4.new_markdown_cell("Say this.", metadata={
            "slideshow": {"slide_type": "notes"}})])
    for exporter in (slides, handout):
        body, _ = exporter.from_notebook_node(nb)
        assert "A title" in body
        assert "unpkg.com" not in body and "cdnjs" not in body
