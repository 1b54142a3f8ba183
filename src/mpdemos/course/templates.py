"""The nbconvert exporters and templates of decks and handouts (tests:
tests/test_course_templates.py).

:func:`exporters` configures nbconvert's ``SlidesExporter`` and
``HTMLExporter`` for pages that work offline (every script from
``assets/``), slides of 1280x720, and speaker notes set apart in handouts.
"""

from __future__ import annotations

from typing import Any

#: Logical slide size; reveal.js scales it to the window (16:9, a 1280x720 screen).
SLIDE_WIDTH = 1280
SLIDE_HEIGHT = 720
MATHJAX_CONFIG = "TeX-AMS_CHTML-full,Safe"


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
.mpdemos-nav {
  position: fixed; left: 0.8em; bottom: 0.6em; z-index: 30; font: 14px sans-serif;
  opacity: 0.55;
}
.mpdemos-nav:hover { opacity: 1; }
.mpdemos-nav a { margin-right: 0.9em; }
</style>
{%- endblock html_head_css -%}
{#- nbconvert's reveal body_footer, with the navigation after the deck. -#}
{% block body_footer %}
</div>
</div>
{{ resources.mpdemos.nav }}
</main>
</body>
{% endblock body_footer %}
{% block footer_js %}
{{ super() }}
<script>
require(["{{ resources.reveal.url_prefix }}/dist/reveal.js"], function (Reveal) {
  window.mpdemosReveal = Reveal;  // for checks in the browser
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
  // Measure with the web fonts loaded and the math typeset: either can make a
  // slide taller than it was when reveal.js became ready.
  function start() {
    document.fonts.ready.then(function () {
      if (!(window.MathJax && MathJax.Hub)) { fit(); return; }
      MathJax.Hub.Register.StartupHook("End", function () { MathJax.Hub.Queue(fit); });
    });
  }
  if (Reveal.isReady()) { start(); } else { Reveal.on("ready", start); }
});
</script>
{% endblock footer_js %}
""".replace("FIT_MINIMUM", str(FIT_MINIMUM))

# Handouts: speaker notes are set apart, so a reader sees what is said, not shown,
# or left out. Printed (the PDF), code cells, outputs and pictures stay whole on
# a page where they fit, headings stay with what follows them, and long lines
# wrap instead of running off the paper.
_HANDOUT_TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{%- block html_head_css -%}
<style type="text/css">
.mpdemos-notes { border-left: 4px solid #c8a400; background: #fffbe6; margin: 0.5em 0; }
.mpdemos-notes::before {
  content: "{{ resources.mpdemos.notes_label }}"; font: bold 13px sans-serif;
  padding-left: 1em;
}
.mpdemos-nav {
  display: flex; gap: 1em; margin: 0.5em 0; padding: 0.4em 0;
  border-top: 1px solid #ddd; border-bottom: 1px solid #ddd; font: 14px sans-serif;
}
.mpdemos-nav > * { flex: 1 1 0; }
.mpdemos-nav > [rel="index"] { flex: 0 0 auto; text-align: center; }
.mpdemos-nav > :last-child { text-align: right; }
@media print {
  .jp-CodeCell, .jp-OutputArea-child, .jp-RenderedImage, img, .mpdemos-notes,
  table, pre { break-inside: avoid; }
  h1, h2, h3, h4 { break-after: avoid; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; }
  /* 88 columns of code fit the width of A4 */
  :root { --jp-code-font-size: 10.5px; }
  .jp-InputPrompt, .jp-OutputPrompt { font-size: 9px; }
}
</style>
{%- endblock html_head_css -%}
{%- block body_header -%}
{{ super() }}
{{ resources.mpdemos.nav }}
{%- endblock body_header -%}
{% block body_footer %}
{{ resources.mpdemos.nav }}
{{ super() }}
{% endblock body_footer %}
{% block markdowncell scoped %}
{%- if cell.metadata.get('slideshow', {}).get('slide_type') == 'notes' -%}
{%- if resources.mpdemos.notes -%}
<div class="mpdemos-notes">{{ super() }}</div>
{%- endif -%}
{%- else -%}
{{ super() }}
{%- endif -%}
{%- endblock markdowncell %}
"""


def exporters(language: str = "en", assets: str = "assets") -> tuple[Any, Any]:
    """The deck and handout exporters for pages in ``language``.

    ``assets`` is where the pages find the copied scripts and fonts, relative
    to them (``../assets`` for an edition in a subfolder).
    """
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter, SlidesExporter
    from traitlets.config import Config

    urls = {
        "require_js_url": f"{assets}/require.js",
        "jquery_url": f"{assets}/jquery.min.js",
        "mathjax_url": f"{assets}/mathjax/MathJax.js?config={MATHJAX_CONFIG}",
        "language_code": language,
    }
    config = Config()
    config.SlidesExporter.update(
        urls,
        reveal_url_prefix=f"{assets}/reveal.js",
        # Its font ships with reveal.js; "simple" fetches Google fonts.
        reveal_theme="white",
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
        exporter.mermaid_js_url = f"{assets}/mermaid-not-bundled.mjs"  # never fetched
        exporter.mermaid_layout_elk_js_url = f"{assets}/mermaid-not-bundled.mjs"
    return slides, handout
