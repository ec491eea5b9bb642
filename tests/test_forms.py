"""The forms in ``forms/`` are checked data; malformed files give errors naming file and key."""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import pytest

from safeguarding.errors import FormDefinitionError
from safeguarding.forms import (
    DEFAULT_FORM_ID,
    FIELD_TYPES,
    SECTION_KINDS,
    SIDE_CORE_FIELDS,
    FormDefinition,
    FormLibrary,
    forms_dir,
    load_form,
)
from safeguarding.model import Rating, Side

FORM_FILES = sorted(forms_dir().glob("*.toml"))
SHIPPED = forms_dir() / "location_assessment.toml"
_SHIPPED_SECTION_IDS = [item["id"] for item in tomllib.loads(SHIPPED.read_text(encoding="utf-8"))["sections"]]


def sec(section_id: str) -> str:
    """``sections[N]`` of a shipped section, so expectations survive sections being added."""
    return f"sections[{_SHIPPED_SECTION_IDS.index(section_id)}]"


def test_forms_folder_has_files() -> None:
    assert SHIPPED in FORM_FILES


@pytest.fixture(params=FORM_FILES, ids=[path.name for path in FORM_FILES])
def shipped_form(request: pytest.FixtureRequest) -> FormDefinition:
    return load_form(request.param)


def _no_duplicates(ids: list[str]) -> list[str]:
    return [item for item, n in Counter(ids).items() if n > 1]


def test_ids_are_unique(shipped_form: FormDefinition) -> None:
    assert _no_duplicates([s.id for s in shipped_form.sections]) == []
    assert _no_duplicates([c.id for c in shipped_form.light]) == []
    assert _no_duplicates([b.id for b in shipped_form.time_bands]) == []
    for section in shipped_form.sections:
        assert _no_duplicates([f.id for f in section.fields]) == [], section.id
        assert _no_duplicates([p.id for p in section.prompts]) == [], section.id
        for field in section.fields:
            assert _no_duplicates([o.id for o in field.options]) == [], f"{section.id}.{field.id}"


def test_types_and_kinds_are_known(shipped_form: FormDefinition) -> None:
    for section in shipped_form.sections:
        assert section.kind in SECTION_KINDS
        for field in section.fields:
            assert field.type in FIELD_TYPES, f"{section.id}.{field.id}"
            assert bool(field.options) == (field.type == "choice"), f"{section.id}.{field.id}"


def test_every_section_prompt_and_field_has_help(shipped_form: FormDefinition) -> None:
    assert shipped_form.rating_help.strip() and shipped_form.observations_help.strip()
    for section in shipped_form.sections:
        assert section.help.strip(), section.id
        for prompt in section.prompts:
            assert prompt.text.strip() and prompt.help.strip(), f"{section.id}.{prompt.id}"
        for field in section.fields:
            assert field.label.strip() and field.help.strip(), f"{section.id}.{field.id}"


def test_three_sides_each_with_core_fields_and_prompts(shipped_form: FormDefinition) -> None:
    for side in Side:
        section = shipped_form.side_section(side)
        assert section.side is side
        assert {f.id for f in section.fields} >= set(SIDE_CORE_FIELDS)
        assert section.prompts, side
    assert [c.id for c in shipped_form.rating_levels] == [r.value for r in Rating]
    assert all(shipped_form.rating_meaning(r) for r in Rating)


def test_time_bands_cover_the_day_exactly_once(shipped_form: FormDefinition) -> None:
    covered = [0] * 1440
    for band in shipped_form.time_bands:
        for low, high in band.minutes():
            for minute in range(low, high):
                covered[minute] += 1
    assert covered == [1] * 1440


def test_shipped_form_content(form: FormDefinition) -> None:
    assert form.id == DEFAULT_FORM_ID and form.version >= 1
    assert form.source == SHIPPED
    kinds = [s.kind for s in form.sections]
    assert kinds[:3] == ["overview", "people", "observations"]  # people for redaction right after the overview
    assert kinds.count("side") == 3 and kinds.count("summary") == 1
    assert kinds.index("observations") < kinds.index("photos") < kinds.index("consultations") < kinds.index("side")
    assert form.light_label("dark_lit") == "Dark, with street lighting"
    assert form.light_label("unknown-id") == "unknown-id (no longer in the form)"
    assert form.section("young_people").short_title == "Young people"
    with pytest.raises(KeyError):
        form.section("nope")
    status = next(f for f in form.section("summary").fields if f.id == "status")
    assert [o.id for o in status.options] == ["draft", "complete"]


# --- Malformed files --------------------------------------------------------------


def broken(tmp_path: Path, *edits: tuple[str, str], name: str = "broken.toml") -> Path:
    """Copy the shipped form into ``tmp_path`` with exact text edits (each must match once)."""
    text = SHIPPED.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, f"edit target not unique: {old!r}"
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path) -> str:
    with pytest.raises(FormDefinitionError) as caught:
        load_form(path)
    message = str(caught.value)
    assert message.startswith(f"Form file {path.name}: "), message
    return message


DRAW_HELP = 'help = "Shelter, free wifi, food outlets, transport links, friends, a lack of anywhere else to go."\n'


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        pytest.param(
            [(DRAW_HELP, "")], f"{sec('young_people')}.prompts[1]: 'help' is missing", id="prompt-help-missing"
        ),
        pytest.param(
            [(DRAW_HELP, 'help = "   "\n')],
            f"{sec('young_people')}.prompts[1]: 'help' is missing",
            id="prompt-help-blank",
        ),
        pytest.param(
            [('help = "The practitioner leading the assessment. Partners will contact this person about it."\n', "")],
            f"{sec('overview')}.fields[0]: 'help' is missing",
            id="field-help-missing",
        ),
        pytest.param(
            [('id = "assessor_name"\ntype = "text"', 'id = "assessor_name"\ntype = "essay"')],
            f"{sec('overview')}.fields[0]: type 'essay' is not one of",
            id="unknown-field-type",
        ),
        pytest.param(
            [('id = "draw"', 'id = "who"')],
            f"{sec('young_people')}.prompts[1]: id 'who' is used twice",
            id="duplicate-prompt",
        ),
        pytest.param(
            [('id = "assessor_agency"', 'id = "assessor_name"')],
            f"{sec('overview')}.fields[1]: id 'assessor_name' is used twice",
            id="duplicate-field",
        ),
        pytest.param(
            [('{ id = "complete", label = "Complete" }', '{ id = "draft", label = "Complete" }')],
            f"{sec('summary')}.fields[2].options[1]: id 'draft' is used twice",
            id="duplicate-option",
        ),
        pytest.param(
            [('id = "summary"\nkind = "summary"', 'id = "overview"\nkind = "summary"')],
            f"{sec('summary')}: id 'overview' is used twice",
            id="duplicate-section",
        ),
        pytest.param(
            [('id = "dusk"', 'id = "daylight"')],
            "observations.light[1]: id 'daylight' is used twice",
            id="duplicate-light",
        ),
        pytest.param(
            [('id = "evening"', 'id = "school_day"')],
            "observations.time_bands[4]: id 'school_day' is used twice",
            id="duplicate-band",
        ),
        pytest.param([("[form]\n", "[form\n")], "is not valid TOML", id="invalid-toml"),
        pytest.param(
            [('start = "07:30"\nend = "09:00"', 'start = "07:30"\nend = "09:30"')],
            "observations.time_bands[2]: overlaps another band at 09:00",
            id="overlapping-bands",
        ),
        pytest.param(
            [('start = "09:00"\nend = "15:00"', 'start = "09:00"\nend = "14:30"')],
            "observations.time_bands: no band covers 14:30",
            id="gap-between-bands",
        ),
        pytest.param(
            [('start = "21:00"\nend = "05:00"', 'start = "21:00"\nend = "04:00"')],
            "observations.time_bands: no band covers 04:00",
            id="gap-after-midnight",
        ),
        pytest.param(
            [('start = "05:00"\nend = "07:30"', 'start = "05:00"\nend = "05:00"')],
            "observations.time_bands[0]: start and end are the same time",
            id="empty-band",
        ),
        pytest.param(
            [('start = "05:00"', 'start = "5 am"')],
            "observations.time_bands[0]: '5 am' is not a time like 07:30",
            id="bad-time",
        ),
        pytest.param(
            [('start = "05:00"', 'start = "25:00"')],
            "observations.time_bands[0]: '25:00' is not a time like 07:30",
            id="impossible-time",
        ),
        pytest.param([("version = 1\n", "version = 0\n")], "form: 'version' must be a whole number", id="version-0"),
        pytest.param(
            [("version = 1\n", 'version = "1"\n')], "form: 'version' must be a whole number", id="version-str"
        ),
        pytest.param(
            [("version = 1\n", "version = true\n")], "form: 'version' must be a whole number", id="version-bool"
        ),
        pytest.param(
            [("version = 1\n", "version = 1.5\n")], "form: 'version' must be a whole number", id="version-float"
        ),
        pytest.param([("version = 1\n", "")], "form: 'version' must be a whole number", id="version-missing"),
        pytest.param([('kind = "assessment"\n', 'kind = "survey"\n')], "form: 'kind' is 'survey'", id="wrong-kind"),
        pytest.param(
            [('id = "assessor_name"\ntype = "text"', 'id = "assessor_nickname"\ntype = "text"')],
            f"{sec('overview')}.fields: unknown field id(s) assessor_nickname for a overview section",
            id="unknown-overview-field",
        ),
        pytest.param(
            [('id = "guardianship"\nkind = "side"', 'id = "guardians"\nkind = "side"')],
            f"{sec('guardianship')}: side id 'guardians' is not one of the three triangle sides",
            id="unknown-side",
        ),
        pytest.param(
            [('kind = "observations"', 'kind = "visits"')],
            f"{sec('observations')}: kind 'visits' is not one of",
            id="unknown-section-kind",
        ),
        pytest.param(
            [
                (
                    'id = "rating"\ntype = "rating"\nlabel = "Place rating"\nhelp = "Rate how safe',
                    'id = "score"\ntype = "rating"\nlabel = "Place rating"\nhelp = "Rate how safe',
                )
            ],
            f"{sec('young_people')}.fields: a side needs the fields rating",
            id="side-without-rating",
        ),
        pytest.param(
            [('id = "amber"\nlabel = "Amber"', 'id = "yellow"\nlabel = "Amber"')],
            "rating_scale.levels: levels must be red, amber, green in that order",
            id="rating-levels",
        ),
        pytest.param(
            [('    { id = "draft", label = "Draft" },\n    { id = "complete", label = "Complete" },\n', "")],
            f"{sec('summary')}.fields[2].options: a non-empty list is missing",
            id="choice-without-options",
        ),
        pytest.param([("[form]\n", "[about]\n")], "form: a table is missing", id="no-form-table"),
        pytest.param(
            [("[rating_scale]\n", "[rating_scale_x]\n")], "rating_scale: 'help' is missing", id="scale-help-moved"
        ),
    ],
)
def test_malformed_form_names_file_and_key(tmp_path: Path, edits: list[tuple[str, str]], expected: str) -> None:
    message = load_error(broken(tmp_path, *edits))
    assert expected in message


def test_missing_summary_section_is_refused(tmp_path: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    head, _, _ = text.partition('[[sections]]\nid = "summary"')
    path = tmp_path / "no_summary.toml"
    path.write_text(head, encoding="utf-8")
    assert "sections: there must be exactly one 'summary' section" in load_error(path)


def test_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    assert "cannot be read" in load_error(tmp_path / "absent.toml")
    latin = tmp_path / "latin1.toml"
    latin.write_bytes(SHIPPED.read_bytes().replace(b"Overview", "Aperçu".encode("latin-1")))
    assert "is not UTF-8 text" in load_error(latin)


def test_shipped_form_edits_are_valid_when_harmless(tmp_path: Path) -> None:
    # Guard for the helper above: an edit that keeps the rules gives a loadable form.
    path = broken(tmp_path, ('title = "Overview"', 'title = "Trosolwg"'))
    assert load_form(path).section("overview").title == "Trosolwg"


# --- Library of versions ------------------------------------------------------------


def versioned(tmp_path: Path, version: int, name: str, title: str = "") -> Path:
    edits = [("version = 1\n", f"version = {version}\n")]
    if title:
        edits.append(('title = "Overview"', f'title = "{title}"'))
    return broken(tmp_path, *edits, name=name)


def test_library_picks_exact_version_or_newest(tmp_path: Path) -> None:
    versioned(tmp_path, 1, "a_v1.toml", "Overview v1")
    versioned(tmp_path, 3, "b_v3.toml", "Overview v3")
    versioned(tmp_path, 2, "c_v2.toml", "Overview v2")
    library = FormLibrary.load(tmp_path)

    assert library.get(DEFAULT_FORM_ID, 2).version == 2
    assert library.get(DEFAULT_FORM_ID, 2).section("overview").title == "Overview v2"
    assert library.get(DEFAULT_FORM_ID, 1).source.name == "a_v1.toml"
    assert library.get(DEFAULT_FORM_ID).version == 3
    assert library.current().version == 3
    # An assessment written with a version that is no longer installed opens with the newest.
    assert library.get(DEFAULT_FORM_ID, 7).version == 3


def test_library_refuses_duplicate_id_and_version(tmp_path: Path) -> None:
    versioned(tmp_path, 2, "one.toml")
    versioned(tmp_path, 2, "two.toml")
    with pytest.raises(FormDefinitionError) as caught:
        FormLibrary.load(tmp_path)
    message = str(caught.value)
    assert "one.toml" in message and "two.toml" in message and "version 2" in message


def test_library_unknown_form_and_empty_folder(tmp_path: Path, form_library: FormLibrary) -> None:
    with pytest.raises(FormDefinitionError, match="'no-such-form' is not installed"):
        form_library.get("no-such-form")
    with pytest.raises(FormDefinitionError, match="No assessment form"):
        FormLibrary.load(tmp_path)


def test_library_reports_a_malformed_file(tmp_path: Path) -> None:
    versioned(tmp_path, 1, "good.toml")
    broken(tmp_path, ("version = 1\n", "version = -4\n"), name="bad.toml")
    with pytest.raises(FormDefinitionError, match=r"bad\.toml: form: 'version'"):
        FormLibrary.load(tmp_path)


def test_default_library_loads_shipped_forms(form_library: FormLibrary) -> None:
    assert form_library.current().source in FORM_FILES


# Pin categories (forms/libraries/pin_categories.toml): a second kind of form data file.

PIN_FILES = sorted((forms_dir() / "libraries").glob("pin_categories*.toml"))


@pytest.mark.parametrize("path", PIN_FILES, ids=[path.name for path in PIN_FILES])
def test_pin_categories_are_checked_data(path: Path) -> None:
    import re

    from safeguarding.maps.categories import load_pin_categories

    categories = load_pin_categories(path).categories
    assert _no_duplicates([c.id for c in categories]) == []
    for category in categories:
        assert re.fullmatch(r"#[0-9a-f]{6}", category.colour), category.id
        assert category.label.strip() and category.help.strip(), category.id
        assert category.side in set(Side)
        assert 1 <= len(category.symbol) <= 2
    assert _no_duplicates([c.symbol.upper() for c in categories]) == []  # issue 16: two pins drew "G"


def test_pin_categories_cover_every_side_and_are_not_assessment_forms() -> None:
    from safeguarding.maps.categories import load_pin_categories

    assert PIN_FILES, "forms/libraries/pin_categories.toml is missing"
    groups = load_pin_categories().by_side()
    assert all(groups[side] for side in Side)
    assert all(path.parent != forms_dir() for path in PIN_FILES)  # FormLibrary.load reads forms/*.toml only


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (('colour = "#1a7f37"', 'colour = "green"'), r"categories\[0\]: colour 'green'"),
        (('id = "security"', 'id = "staffed_business"'), r"categories\[1\]: id 'staffed_business' is used twice"),
        (('side = "guardianship"', 'side = "parents"'), r"categories\[0\]: side 'parents'"),
        (('help = "A shop, café', 'hint = "A shop, café'), r"categories\[0\]: 'help' is missing"),
        (('symbol = "S"', 'symbol = "SSS"'), r"categories\[0\]: symbol 'SSS'"),
        (('symbol = "SP"', 'symbol = "s"'), r"categories\[1\]: symbol 's' is already used by 'staffed_business'"),
        (('kind = "pin_categories"', 'kind = "assessment"'), r"library: 'kind'"),
    ],
)
def test_malformed_pin_categories_name_the_entry(tmp_path: Path, edit: tuple[str, str], expected: str) -> None:
    from safeguarding.maps.categories import categories_path, load_pin_categories

    text = categories_path().read_text(encoding="utf-8")
    assert edit[0] in text
    bad = tmp_path / "pins.toml"
    bad.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    with pytest.raises(FormDefinitionError, match=r"pins\.toml: " + expected):
        load_pin_categories(bad)


def test_the_redaction_guidance_says_one_thing(form: FormDefinition) -> None:
    """Issue 16: the guidance said both "never write a name" and "record each name your notes name"."""
    people, visits = form.section("people").help, form.observations_help
    assert "write a pseudonym" in people and "Write a pseudonym" in visits
    assert "People page" in visits  # where a name that must be kept goes
    assert "Never record a young person's name" not in visits
