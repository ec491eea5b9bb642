"""Read a generated PDF back for assertions: page text and the fonts each page uses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader


@dataclass
class ReadPdf:
    """Text and font names of each page of a PDF.

    Attributes:
        pages: Extracted text per page, in page order.
        fonts: BaseFont names per page, e.g. ``{"AAAAAA+NotoSans-Regular"}``.
        embedded: True per page if every font there carries an embedded font file.
    """

    pages: list[str]
    fonts: list[set[str]]
    embedded: list[bool]

    @property
    def text(self) -> str:
        """All pages' text with runs of whitespace collapsed to one space."""
        return collapse(" ".join(self.pages))


def collapse(text: str) -> str:
    """Collapse every run of whitespace (including no-break spaces) to one space."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def read_pdf(path: Path) -> ReadPdf:
    """Return the text and fonts of every page of ``path``."""
    reader = PdfReader(path)
    pages, fonts, embedded = [], [], []
    for page in reader.pages:
        pages.append(page.extract_text())
        names: set[str] = set()
        all_embedded = True
        resources = page["/Resources"].get_object()
        for ref in resources.get("/Font", {}).values():
            font = ref.get_object()
            names.add(str(font["/BaseFont"]).lstrip("/"))
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            all_embedded = all_embedded and any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
        fonts.append(names)
        embedded.append(all_embedded)
    return ReadPdf(pages, fonts, embedded)
