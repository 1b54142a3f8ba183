"""mpdemos.course.pdf: links between handouts survive a copied folder."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link

from mpdemos.course import pdf


def uris(path: Path) -> list[str]:
    found = []
    for page in PdfReader(path).pages:
        for ref in page.get("/Annots") or []:
            action = ref.get_object().get("/A")
            if action is not None:
                found.append(str(action.get_object()["/URI"]))
    return found


def test_links_into_the_folder_become_relative_others_stay(tmp_path: Path) -> None:
    out = tmp_path / "build"
    out.mkdir()
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    for url in ((out / "03-queue.pdf").resolve().as_uri(), "https://docs.python.org/3/"):
        writer.add_annotation(0, Link(rect=(10, 10, 50, 50), url=url))
    target = out / "02-process.pdf"
    with open(target, "wb") as f:
        writer.write(f)
    assert pdf.relative_links(target, out) == 1
    assert uris(target) == ["03-queue.pdf", "https://docs.python.org/3/"]
    assert pdf.relative_links(target, out) == 0  # nothing left to change
