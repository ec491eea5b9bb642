"""Right-to-left and mixed-direction text in the PDF report, checked where the words land.

Each paragraph is rendered on a page of its own and read back with poppler's
``pdftotext -bbox`` (word boxes in points, x growing to the right). Arabic
words come back as presentation-form glyphs, often in fragments, so the checks
anchor on what extracts reliably: digits, Latin words, dashes, full stops and
the hamza of أ (U+0654 after decomposition).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Table

from safeguarding.reports import markup
from safeguarding.reports.fonts import register_fonts
from safeguarding.reports.markup import BidiError, bidi_lines, has_arabic_script, visual_words
from safeguarding.reports.styles import BidiParagraph, BoldParagraph, Styles

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")

MARGIN = 72.0
LEFT = MARGIN + 6  # SimpleDocTemplate's frame padding
RIGHT = A4[0] - MARGIN - 6
HAMZA = "\u0654"

RTL_SENTENCE = "رأينا 12 شابا في الحديقة بعد الساعة 21:00."
URDU_SENTENCE = "پارک میں 15 نوجوان تھے۔"
MIXED_TITLE = "Brenchley – ساحة أحمد – اردو بازار"
ENGLISH_WITH_NAME = "Spoke with أحمد, a shop worker."
POLISH_ROMANIAN = "Łukasz Wiśniewski and Zoë Ștefan met at 16:40."


@dataclass(frozen=True)
class Word:
    """One word box from ``pdftotext -bbox``, in points from the top left of the page."""

    text: str
    x_min: float
    x_max: float
    y_mid: float

    @property
    def arabic(self) -> bool:
        """True if the word has Arabic-script glyphs (shaped glyphs without a character are private-use)."""
        return has_arabic_script(self.text) or any(0xE000 <= ord(char) <= 0xF8FF for char in self.text)


def pdf_lines(path: Path) -> list[list[list[Word]]]:
    """Return, per page, its lines top to bottom, each line's words left to right."""
    xml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in re.findall(r"<page .*?</page>", xml, re.S):
        words = [
            Word(unescape(text), float(x0), float(x1), (float(y0) + float(y1)) / 2)
            for x0, y0, x1, y1, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page
            )
            if text.strip()
        ]
        lines: list[list[Word]] = []
        for word in sorted(words, key=lambda w: w.y_mid):
            if lines and word.y_mid - lines[-1][0].y_mid < 6:
                lines[-1].append(word)
            else:
                lines.append([word])
        pages.append([sorted(line, key=lambda w: w.x_min) for line in lines])
    return pages


@pytest.fixture(scope="module")
def styles() -> Styles:
    return Styles(register_fonts())


def render(tmp_path: Path, flowables: list[Flowable]) -> list[list[list[Word]]]:
    """Render flowables on A4 (1 inch margins) and return the words of each page."""
    path = tmp_path / "bidi.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build(flowables)
    return pdf_lines(path)


def one_per_page(tmp_path: Path, paragraphs: list[Flowable]) -> list[list[list[Word]]]:
    """Render each paragraph on a page of its own."""
    story: list[Flowable] = []
    for paragraph in paragraphs:
        story += [paragraph, PageBreak()]
    return render(tmp_path, story[:-1])


def find(line: list[Word], text: str) -> Word:
    """Return the one word of ``line`` whose text contains ``text``."""
    matches = [word for word in line if text in word.text]
    assert len(matches) == 1, f"{text!r} in {[w.text for w in line]}"
    return matches[0]


def test_rtl_paragraph_puts_the_first_word_at_the_right(styles: Styles, tmp_path: Path) -> None:
    [[line]] = one_per_page(tmp_path, [styles.text(RTL_SENTENCE)])
    twelve, time = find(line, "12"), find(line, "21:00")
    assert line[-1].arabic and line[-1].x_min > twelve.x_max, "رأينا should be right of 12"
    assert twelve.x_min > time.x_max, "12 comes before 21:00, so in right-to-left text it is further right"
    assert line[0] is time and time.text == ".21:00", "the full stop ends the sentence at its far left"
    assert line[-1].x_max == pytest.approx(RIGHT, abs=1.5), "right-to-left text is right-aligned"


def test_urdu_paragraph_reads_right_to_left(styles: Styles, tmp_path: Path) -> None:
    [[line]] = one_per_page(tmp_path, [styles.text(URDU_SENTENCE)])
    fifteen, full_stop = find(line, "15"), find(line, "۔")
    assert line[0] is full_stop, "the Urdu full stop ends the sentence at its far left"
    assert any(w.arabic and w.x_min > fifteen.x_max for w in line), "پارک میں stays right of 15"
    assert any(w.arabic and w.x_max < fifteen.x_min for w in line), "نوجوان تھے۔ stays left of 15"
    assert line[-1].x_max == pytest.approx(RIGHT, abs=1.5)


def test_arabic_phrases_in_an_english_title_follow_uax9(styles: Styles, tmp_path: Path) -> None:
    # Base direction is left to right (it starts with "Brenchley"). The dash between the two Arabic
    # phrases sits between right-to-left letters, so the phrases and that dash form one right-to-left
    # run: ساحة أحمد (the first phrase) is drawn at the far right, اردو بازار left of it.
    [[line]] = one_per_page(tmp_path, [styles.text(MIXED_TITLE, "h1")])
    assert line[0].text == "Brenchley" and line[0].x_min == pytest.approx(LEFT, abs=1.5)
    first_dash, second_dash = (w for w in line if w.text == "–")
    assert line[0].x_max < first_dash.x_min < second_dash.x_min
    ahmad = find(line, HAMZA)
    assert ahmad.x_min > second_dash.x_max, "ساحة أحمد is right of the second dash"
    between = [w for w in line if first_dash.x_max < w.x_min < second_dash.x_min]
    assert between and all(w.arabic for w in between), "اردو بازار sits between the dashes"


def test_english_sentence_keeps_its_order_with_an_arabic_name(styles: Styles, tmp_path: Path) -> None:
    [[line]] = one_per_page(tmp_path, [styles.text(ENGLISH_WITH_NAME)])
    assert [w.text for w in line if not w.arabic] == ["Spoke", "with", "a", "shop", "worker."]
    name = find(line, HAMZA)
    assert find(line, "with").x_max < name.x_min < find(line, "shop").x_min
    assert name.text.endswith(","), "the comma typed after the name is drawn at its right"
    assert line[0].x_min == pytest.approx(LEFT, abs=1.5), "left-to-right text stays left-aligned"


def test_latin_only_text_is_an_ordinary_paragraph(styles: Styles, tmp_path: Path) -> None:
    paragraph = styles.text(POLISH_ROMANIAN)
    assert type(paragraph) is Paragraph
    [[line]] = one_per_page(tmp_path, [paragraph])
    assert [w.text for w in line] == POLISH_ROMANIAN.split()
    assert line[0].x_min == pytest.approx(LEFT, abs=1.5)


def test_each_printed_line_of_a_long_rtl_paragraph_is_reordered(styles: Styles, tmp_path: Path) -> None:
    text = " ".join([RTL_SENTENCE] * 5)
    [lines] = one_per_page(tmp_path, [styles.text(text)])
    assert len(lines) >= 2
    # Reading each line right to left, top to bottom, gives the numbers in typed order.
    numbers = [w.text.strip(".") for line in lines for w in reversed(line) if not w.arabic]
    assert numbers == ["12", "21:00"] * 5
    for line in lines:
        assert line[-1].x_max == pytest.approx(RIGHT, abs=1.5), "every line is right-aligned"
        assert line[-1].arabic, "each line starts (at the right) with an Arabic word"


def test_rtl_paragraph_splits_across_pages_and_in_table_cells(styles: Styles, tmp_path: Path) -> None:
    long_text = " ".join([RTL_SENTENCE] * 120)
    cell = styles.text(RTL_SENTENCE, "cell")
    pages = render(
        tmp_path,
        [styles.text(long_text), Table([[cell, styles.text("Cell", "cell")]], colWidths=[90, 60], hAlign="LEFT")],
    )
    assert len(pages) >= 2
    words = [w for page in pages for line in page for w in line]
    assert sum(w.text == "12" for w in words) == 121
    table_lines = pages[-1][-3:]
    cell_numbers = [w.text for line in table_lines for w in reversed(line) if w.x_max < LEFT + 92 and not w.arabic]
    assert cell_numbers == ["12", ".21:00"], "the narrow cell wraps and keeps the order on each line"


def test_bold_rtl_text_is_drawn_bold(styles: Styles, tmp_path: Path) -> None:
    paragraph = styles.text(RTL_SENTENCE, bold=True)
    assert isinstance(paragraph, BidiParagraph)
    paragraph.wrap(300, 100)
    assert isinstance(paragraph.visual(300), BoldParagraph)
    [[line]] = one_per_page(tmp_path, [paragraph])
    assert find(line, "12").x_min > find(line, "21:00").x_max


def test_arabic_indic_digits_and_brackets(styles: Styles, tmp_path: Path) -> None:
    coverage = register_fonts().arabic_coverage
    # HarfBuzz lays Arabic-script words out right to left, so such a word is handed over reversed:
    # the drawn result is then the visual order, and the time ٩:٣٠ reads left to right.
    [line] = bidi_lines("الساعة ٩:٣٠ (Brenchley)", coverage)
    assert [text for _, text in visual_words(line, 0, len(line.words))] == ["(Brenchley)", "٠٣:٩", "الساعة"]
    [[rtl], [ltr]] = one_per_page(
        tmp_path, [styles.text("الساعة ٩:٣٠ (Brenchley)"), styles.text("Seen at ١٢:٣٠ by أحمد [note]")]
    )
    assert [w.text for w in rtl][:2] == ["(Brenchley)", "٩:٣٠"]
    assert [w.text for w in ltr][:4] == ["Seen", "at", "١٢:٣٠", "by"] and ltr[-1].text == "[note]"


def test_unreadable_bidi_levels_fall_back_to_logical_order(styles: Styles, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str) -> tuple[int, list[int]]:
        raise BidiError("Unexpected output from python-bidi.")

    monkeypatch.setattr(markup, "embedding_levels", broken)
    paragraph = styles.text(RTL_SENTENCE)
    assert type(paragraph) is Paragraph
    paragraph.wrap(300, 100)
