"""PDF handouts that still link to each other once copied (tests:
tests/test_course_pdf.py)."""

from __future__ import annotations

import logging
from pathlib import Path


def relative_links(pdf: Path, out: Path) -> int:
    """Make the PDF's links to files in ``out`` relative; return how many changed.

    Chromium writes every link of a printed page as an absolute URL, so a
    ``file://`` link to the next handout would break once the folder is
    copied elsewhere (a gap in Chromium's printing: it has no option for
    relative links). Readers resolve a relative ``URI`` against the PDF itself.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    prefix = out.resolve().as_uri() + "/"
    # pypdf warns when Chromium's trailer counts fewer objects than there are;
    # it reads them all the same, and the writer writes a correct trailer.
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        writer = PdfWriter(clone_from=PdfReader(pdf))
    finally:
        log.setLevel(level)
    changed = 0
    for page in writer.pages:
        for ref in page.get("/Annots") or []:
            action = ref.get_object().get("/A")
            if action is None:
                continue
            action = action.get_object()
            uri = str(action.get("/URI", ""))
            if uri.startswith(prefix):
                action[NameObject("/URI")] = TextStringObject(uri[len(prefix):])
                changed += 1
    if changed:
        with open(pdf, "wb") as f:
            writer.write(f)
    return changed
