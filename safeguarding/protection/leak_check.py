"""The last check before a redacted file is kept: read it back and look for registered names.

A redacted export is written to a temporary file; before that file replaces the
destination, :func:`verify_file` reads its text back the way a recipient's
software would (PDF page text and document properties with ``pypdf``; CSV cells;
every string of a GeoJSON or JSON file; any other file as UTF-8 text) and
looks for every form of every registered name (:mod:`safeguarding.protection.name_matching`).
If one remains, the export is refused with :class:`RedactionLeakError`, which
names each place (page and section, row and column, feature and property) and
whose pseudonym it is, never the name itself. The PDF report is also checked
before it is laid out, paragraph by paragraph (:func:`story_pieces`), because
text extraction cannot read back shaped Arabic-script text reliably.

What counts as a leak: a *certain* match (see :class:`~safeguarding.protection.name_matching.Certainty`)
outside any pseudonym, beyond the ones the user chose to keep in the preview.
Names that are also everyday words ("Green", "May", "Young") are not counted
here, on purpose: the report's own words use them ("Green" is a rating, "May"
a month, "Young people" a side of the triangle); where they name the person the
preview has asked about each one.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safeguarding.errors import ExportError
from safeguarding.private_files import destination_of
from safeguarding.protection.name_matching import Certainty, Found, fold
from safeguarding.protection.redaction import Redactor

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
PLACES_SHOWN = 5
"""Places listed in the refusal message (the rest are counted)."""


@dataclass(frozen=True)
class Leak:
    """A registered name found in a redacted file.

    Attributes:
        place: Where, in words ("page 3, section “Observations”", "row 4, column “Action”").
        pseudonym: Whose name it is (the name itself is never repeated).
    """

    place: str
    pseudonym: str


class RedactionLeakError(ExportError):
    """A redacted file still holds a registered name; nothing was written.

    Attributes:
        leaks: Every place found.
    """

    def __init__(self, leaks: list[Leak], what: str = "redacted copy") -> None:
        self.leaks = leaks
        shown = "; ".join(f"{leak.place} ({leak.pseudonym})" for leak in leaks[:PLACES_SHOWN])
        more = f"; and {len(leaks) - PLACES_SHOWN} more" if len(leaks) > PLACES_SHOWN else ""
        super().__init__(
            f"The {what} was not saved: reading it back found a registered real name in {shown}{more}. "
            "Check the wording there (or the People page), then export again."
        )


def _pseudonym_spans(redactor: Redactor, text: str) -> list[tuple[int, int]]:
    folded = fold(text)
    spans: list[tuple[int, int]] = []
    for person in redactor.people:
        words = re.findall(r"[^\W_]+", fold(person.pseudonym).text)
        if not words:
            continue
        pattern = r"(?<![^\W_])" + r"[\s\-'.]*".join(re.escape(word) for word in words) + r"(?![^\W_])"
        spans.extend(folded.span(*match.span()) for match in re.finditer(pattern, folded.text))
    return spans


def certain_leaks(redactor: Redactor, text: str, allowed: Counter[str] | None = None) -> list[Found]:
    """Return the certain matches in ``text`` outside pseudonyms, less those in ``allowed``.

    Right-to-left names are also looked for with their letters reversed, as
    some PDF software stores right-to-left text in visual order.

    Args:
        redactor: Knows the registered people.
        text: Text read back from a file.
        allowed: Name form → how many certain matches the user chose to keep;
            decremented as they are met (share one counter across a file).
    """
    masked = _pseudonym_spans(redactor, text)
    found = [
        item
        for item in redactor.find(text)
        if item.certainty is Certainty.CERTAIN and not any(a < item.end and item.start < b for a, b in masked)
    ]
    if _RTL.search(text):
        found += [
            item
            for item in redactor.find(text[::-1])
            if item.certainty is Certainty.CERTAIN and _RTL.search(item.form.text)
        ]
    leaks = []
    for item in found:
        if allowed is not None and allowed[item.form.text] > 0:
            allowed[item.form.text] -= 1
            continue
        leaks.append(item)
    return leaks


def find_leaks(
    redactor: Redactor, pieces: Iterable[tuple[str, str]], allowed: Counter[str] | None = None
) -> list[Leak]:
    """Look for registered names in ``(place, text)`` pieces; return one :class:`Leak` per match."""
    budget = Counter(allowed or {})
    return [
        Leak(place, item.person.pseudonym) for place, text in pieces for item in certain_leaks(redactor, text, budget)
    ]


# -- reading files back ------------------------------------------------------------------------


def _heading_level(flowable: Any) -> str:
    style = getattr(flowable, "style", None)
    name = getattr(style, "name", "") or ""
    return name.split("-", 1)[0] if name.split("-", 1)[0] in ("h1", "h2") else ""


def _texts(flowable: Any) -> Iterator[Any]:
    """Yield every Paragraph-like flowable and string inside ``flowable`` (tables, groups, drawings)."""
    if flowable is None:
        return
    if isinstance(flowable, str):
        yield flowable
        return
    if isinstance(flowable, list | tuple):
        for item in flowable:
            yield from _texts(item)
        return
    if hasattr(flowable, "getPlainText"):
        yield flowable
        return
    for attribute in ("_cellvalues", "_content", "_flowables", "contents"):
        inner = getattr(flowable, attribute, None)
        if inner is not None:
            yield from _texts(inner)
    text = getattr(flowable, "text", None)
    if isinstance(text, str):
        yield text


def story_pieces(story: list[Any]) -> list[tuple[str, str]]:
    """Return ``(place, text)`` for every text of a reportlab story, placed by its section heading."""
    pieces: list[tuple[str, str]] = []
    section = sub = ""
    for flowable in story:
        for item in _texts(flowable):
            text = item if isinstance(item, str) else item.getPlainText()
            level = "" if isinstance(item, str) else _heading_level(item)
            if level == "h1":
                section, sub = text, ""
            elif level == "h2":
                sub = text
            place = f"section \u201c{section}\u201d" if section else "the cover page"
            if sub:
                place += f" \u203a \u201c{sub}\u201d"
            pieces.append((place, text))
    return pieces


def pdf_pieces(path: Path, headings: Iterable[str] = ()) -> list[tuple[str, str]]:
    """Return ``(place, text)`` for each page of a PDF and its document properties.

    Args:
        path: The PDF.
        headings: Section titles in order; a page is placed by the last one seen on it or before it.

    Raises:
        ExportError: the file cannot be read as a PDF.
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    titles = [" ".join(title.split()) for title in headings if title.strip()]
    pieces: list[tuple[str, str]] = []
    try:
        reader = PdfReader(path)
        section = ""
        for number, page in enumerate(reader.pages, start=1):
            text = page.extract_text() or ""
            flat = " ".join(text.split())
            first = next((title for title in titles if title and title in flat), "")
            place = f"page {number}"
            if section or first:
                place += f" (section \u201c{first or section}\u201d)"
            pieces.append((place, text))
            seen = [(flat.rfind(title), title) for title in titles if title in flat]
            if seen:
                section = max(seen)[1]
        for key, value in (reader.metadata or {}).items():
            pieces.append((f"the document properties ({str(key).lstrip('/')})", str(value)))
    except (PyPdfError, OSError, ValueError) as error:
        raise ExportError(f"The redacted report could not be read back to check it ({error}).") from error
    return pieces


def csv_pieces(path: Path) -> list[tuple[str, str]]:
    """Return ``(place, text)`` for each cell of a UTF-8 CSV file, placed by row and column heading."""
    rows = list(csv.reader(io.StringIO(Path(path).read_text(encoding="utf-8-sig"), newline="")))
    headers = rows[0] if rows else []
    pieces = []
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            heading = headers[column] if number > 1 and column < len(headers) else f"{column + 1}"
            pieces.append((f"row {number}, column \u201c{heading}\u201d", value))
    return pieces


def json_pieces(path: Path) -> list[tuple[str, str]]:
    """Return ``(place, text)`` for every string (keys too) in a JSON or GeoJSON file."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    pieces: list[tuple[str, str]] = []

    def walk(value: Any, where: str) -> None:
        if isinstance(value, str):
            pieces.append((where or "the file", value))
        elif isinstance(value, list):
            for index, item in enumerate(value, start=1):
                label = f"feature {index}" if where.endswith("features") else f"item {index}"
                walk(item, f"{where} \u203a {label}" if where else label)
        elif isinstance(value, dict):
            for key, item in value.items():
                pieces.append((f"{where} (a property name)" if where else "a property name", str(key)))
                walk(item, f"{where} \u203a {key}" if where else str(key))

    walk(data, "")
    return pieces


def file_pieces(path: Path, headings: Iterable[str] = ()) -> list[tuple[str, str]]:
    """Read a written file back as ``(place, text)`` pieces, by its kind (the suffix of the file it becomes)."""
    suffix = destination_of(path).suffix.lower()  # a temporary file: its destination's
    if suffix == ".pdf":
        return pdf_pieces(path, headings)
    if suffix == ".csv":
        return csv_pieces(path)
    if suffix in (".json", ".geojson"):
        return json_pieces(path)
    return [("the file", Path(path).read_text(encoding="utf-8", errors="replace"))]


def verify_file(
    path: Path, redactor: Redactor, allowed: Counter[str] | None = None, *, headings: Iterable[str] = (), what: str
) -> None:
    """Read a redacted file back and refuse it if a registered name remains.

    Args:
        path: The file just written (usually the temporary file, before it replaces the destination).
        redactor: The redactor the export used (the same people).
        allowed: Certain matches the user chose to keep, by name form (see :meth:`RedactionLog.kept_certain`).
        headings: Section titles of a PDF, to name the place.
        what: The kind of file in words, for the message ("redacted report").

    Raises:
        RedactionLeakError: a registered name was found; the message names the places.
        ExportError: the file cannot be read back.
    """
    try:
        pieces = file_pieces(path, headings)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ExportError(f"The {what} could not be read back to check it ({error}).") from error
    leaks = find_leaks(redactor, pieces, allowed)
    if leaks:
        raise RedactionLeakError(leaks, what)
