"""Form files a local area might make from the shipped form, for tests of form versions.

* version 2, "local": the shipped form with fields added to the environment side
  (a choice ``lighting`` of none/partial/full, a date ``last_audit`` and a text
  ``local_note``) and one to the young people side (``youth_offer``);
* version 3, "newer": version 2 with the option ``partial``, the field
  ``local_note`` and the light condition ``dusk`` taken out, and new wording.

Written as real ``.toml`` files into a folder, read with ``FormLibrary.load(folder)``.
"""

from __future__ import annotations

from pathlib import Path

from safeguarding.forms import forms_dir

SHIPPED = forms_dir() / "location_assessment.toml"

ENVIRONMENT_FIELDS = """
[[sections.fields]]
id = "lighting"
type = "choice"
label = "Lighting after dark (local field)"
help = "How well the place is lit after dark, from the evening visits."
options = [
    { id = "none", label = "No lighting" },
    { id = "partial", label = "Some paths lit" },
    { id = "full", label = "Fully lit" },
]

[[sections.fields]]
id = "last_audit"
type = "date"
label = "Last lighting audit (local field)"
help = "When the council last audited the lighting."

[[sections.fields]]
id = "local_note"
type = "multiline"
label = "Local partnership note (local field)"
help = "Anything the local partnership asks to be recorded."
"""

YOUNG_PEOPLE_FIELD = """
[[sections.fields]]
id = "youth_offer"
type = "text"
label = "Nearest youth provision (local field)"
help = "The nearest youth club or detached youth work, and its hours."
"""


def _insert_before(text: str, marker: str, addition: str) -> str:
    assert marker in text, marker
    return text.replace(marker, addition + "\n" + marker, 1)


def local_form_text() -> str:
    """Version 2: the shipped form with the local fields added."""
    text = SHIPPED.read_text(encoding="utf-8").replace("version = 1", "version = 2", 1)
    text = _insert_before(text, '[[sections]]\nid = "guardianship"', YOUNG_PEOPLE_FIELD)
    return _insert_before(text, '[[sections]]\nid = "summary"', ENVIRONMENT_FIELDS)


def newer_form_text() -> str:
    """Version 3: version 2 without the option "partial", the field "local_note" or the light "dusk"."""
    text = local_form_text().replace("version = 2", "version = 3", 1)
    text = text.replace('    { id = "partial", label = "Some paths lit" },\n', "")
    note = ENVIRONMENT_FIELDS[ENVIRONMENT_FIELDS.index('[[sections.fields]]\nid = "local_note"') :]
    text = text.replace(note, "")
    dusk = '[[observations.light]]\nid = "dusk"\nlabel = "Dusk or dawn"\n\n'
    assert dusk in text
    text = text.replace(dusk, "")
    return text.replace('title = "Overview"', 'title = "Overview (2027 wording)"', 1)


def write_forms(folder: Path, *texts: str) -> Path:
    """Write each form text as its own ``.toml`` file in ``folder`` (created); return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for number, text in enumerate(texts, start=1):
        (folder / f"form_{number}.toml").write_text(text, encoding="utf-8")
    return folder
