"""Escaping of user text, Arabic-script runs, font lookup and the triangle graphic."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.graphics.shapes import String

from safeguarding.errors import ExportError
from safeguarding.model import Rating, Side
from safeguarding.reports.fonts import ARABIC_FONT, font_file, register_fonts
from safeguarding.reports.markup import NBSP, script_runs, to_markup
from safeguarding.reports.sentences import first_sentences
from safeguarding.reports.styles import Styles
from safeguarding.reports.text_fitting import chunk_text
from safeguarding.reports.triangle import triangle_drawing

COVERAGE = frozenset(ord(c) for c in "()[].,:;!?-0123456789 \u00a0")


def test_markup_escapes_tags_and_ampersands() -> None:
    markup = to_markup('<script>alert("x")</script> & <b>bold</b>', ARABIC_FONT, COVERAGE)
    assert markup == '&lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;'


def test_markup_keeps_newlines_and_drops_control_characters() -> None:
    assert to_markup("one\r\ntwo\rthree\x00\x07", ARABIC_FONT, COVERAGE) == "one<br/>two<br/>three"


def test_arabic_runs_are_wrapped_and_made_words_of_their_own() -> None:
    markup = to_markup("Ahmed (أحمد) and x(أحمد)y", ARABIC_FONT, COVERAGE)
    run = f'<font name="{ARABIC_FONT}">(أحمد)</font>'
    assert markup == f"Ahmed {run} and x {run} y"


def test_latin_letters_and_digits_never_join_an_arabic_run() -> None:
    coverage = COVERAGE | frozenset(ord(c) for c in "<abrAB")
    runs = script_runs("أحمد<br/> أحمد12", coverage)
    assert (True, "أحمد<") in runs and (False, "br/>") in runs and (False, "12") in runs


def test_neighbouring_arabic_words_join_with_no_break_spaces() -> None:
    runs = script_runs("note: اردو میں نوٹ end", COVERAGE)
    assert (True, f"اردو{NBSP}میں{NBSP}نوٹ") in runs
    assert "".join(text for _, text in runs).replace(NBSP, " ") == "note: اردو میں نوٹ end"


def test_user_text_paragraph_parses_anything() -> None:
    styles = Styles(register_fonts())
    for text in ("<b>", "a < b & c > d", "</para>", "&amp;", "<font name='Helvetica'>x</font>", "أحمد<br/>"):
        paragraph = styles.text(text)
        # Before layout the text is in logical order; a space may be added between scripts.
        assert paragraph.getPlainText().replace(NBSP, "").replace(" ", "") == text.replace(" ", "")
        paragraph.wrap(200, 200)


def test_register_fonts_is_cached_and_covers_urdu() -> None:
    fonts = register_fonts()
    assert register_fonts() is fonts
    assert all(ord(char) in fonts.arabic_coverage for char in "أحمدٹڈڑںے")


def test_font_file_looks_under_pyinstaller_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "Bundled.ttf").write_bytes(b"not really a font")
    monkeypatch.setattr("sys._MEIPASS", str(tmp_path), raising=False)
    assert font_file("no_such_font_package", "Bundled.ttf") == tmp_path / "fonts" / "Bundled.ttf"


def test_font_file_missing_is_an_export_error() -> None:
    with pytest.raises(ExportError, match="reinstall"):
        font_file("no_such_font_package", "Missing.ttf")


def test_triangle_writes_each_rating_in_words() -> None:
    ratings = {Side.YOUNG_PEOPLE: Rating.RED, Side.GUARDIANSHIP: None, Side.ENVIRONMENT: Rating.GREEN}
    drawing = triangle_drawing(ratings, {side: side.label for side in Side}, register_fonts().body)
    texts = [node.text for node in drawing.contents if isinstance(node, String)]
    assert "Red" in texts and "Not rated" in texts and "Green" in texts
    assert "Community and environment: Green" in texts


def test_first_lines_and_chunks() -> None:
    assert first_sentences("\n  First line.\nSecond", 300) == ("First line.", True)
    run_on = ("word " * 100).strip()
    assert first_sentences(run_on, limit=20) == (run_on, False)  # one sentence: never cut
    pieces = chunk_text("x" * 10 + "\n" + "y " * 1000, limit=300)
    assert all(len(piece) <= 300 for piece in pieces)
    assert "".join(pieces).replace("\n", "").replace(" ", "") == "x" * 10 + "y" * 1000


def test_trailing_punctuation_moves_to_the_logical_start_of_a_run() -> None:
    # Laid out right to left, "،دمحأ" shows the comma to the right of the name, as bidi would.
    assert (True, ",أحمد") in script_runs("Spoke with أحمد, a shop worker.", COVERAGE)
    assert (True, "(أحمد)") in script_runs("Ahmed (أحمد)", COVERAGE)
