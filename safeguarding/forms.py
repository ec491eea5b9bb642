"""Load and validate the assessment forms kept as data in ``forms/*.toml``.

A form defines the sections of the assessment editor, the prompts and help text
of each side of the Neighbourhood Assessment Triangle, the place rating scale,
the light conditions and the time bands of observation visits. The code owns
what each field *means* (where it is stored); the form owns how it is *worded*.

Every problem raises :class:`~safeguarding.errors.FormDefinitionError` with a
message naming the file and the key, e.g.
``location_assessment.toml: sections[2].prompts[1]: 'help' is missing``.
"""

from __future__ import annotations

import tomllib
from datetime import time
from pathlib import Path
from typing import Any

from safeguarding.errors import FormDefinitionError
from safeguarding.form_definitions import (
    DEFAULT_FORM_ID,
    FIELD_TYPES,
    NO_LONGER_IN_FORM,
    OVERVIEW_FIELDS,
    RECORD_SECTION_KINDS,
    SECTION_KINDS,
    SIDE_CORE_FIELDS,
    SUMMARY_FIELDS,
    Choice,
    FieldDef,
    FormDefinition,
    Prompt,
    Section,
    TimeBand,
)
from safeguarding.model import Rating, Side
from safeguarding.paths import resource_path


def forms_dir() -> Path:
    """Return the folder holding the form files (works frozen and from source)."""
    return resource_path("forms")


class _Reader:
    """Reads keys from parsed TOML, raising errors that name the file and key path."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, message: str) -> FormDefinitionError:
        location = f"{where}: " if where else ""
        return FormDefinitionError(f"Form file {self.path.name}: {location}{message}")

    def table(self, data: Any, key: str, where: str) -> dict[str, Any]:
        value = data.get(key) if isinstance(data, dict) else None
        if not isinstance(value, dict):
            raise self.fail(_join(where, key), "a table is missing or is not a table")
        return value

    def array(self, data: dict[str, Any], key: str, where: str, *, required: bool = True) -> list[Any]:
        value = data.get(key)
        if value is None and not required:
            return []
        if not isinstance(value, list) or (required and not value):
            raise self.fail(_join(where, key), "a non-empty list is missing or is not a list")
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                raise self.fail(f"{_join(where, key)}[{index}]", "each item must be a table")
        return value

    def text(self, data: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
        value = data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(where, f"'{key}' is missing or is not text")
        return value.strip()

    def unique(self, items: list[dict[str, Any]], where: str) -> list[str]:
        ids: list[str] = []
        for index, item in enumerate(items):
            item_id = self.text(item, "id", f"{where}[{index}]")
            if item_id in ids:
                raise self.fail(f"{where}[{index}]", f"id '{item_id}' is used twice")
            ids.append(item_id)
        return ids


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _parse_time(reader: _Reader, text: str, where: str) -> time:
    try:
        hours, minutes = text.split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise reader.fail(where, f"'{text}' is not a time like 07:30") from None


def load_form(path: Path) -> FormDefinition:
    """Load and validate one assessment form file.

    Args:
        path: A ``.toml`` file in the format of ``forms/location_assessment.toml``.

    Returns:
        The validated :class:`FormDefinition`, keeping the file's exact text.

    Raises:
        FormDefinitionError: if the file cannot be read, is not valid TOML, or
            breaks a rule; the message names the file and the key.
    """
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as error:
        raise _Reader(path).fail("", f"cannot be read ({error.strerror or error})") from error
    except UnicodeDecodeError:
        raise _Reader(path).fail("", "is not UTF-8 text") from None
    return parse_form(text, path)


def parse_form(text: str, source: Path) -> FormDefinition:
    """Validate a form given as TOML text (a file's content, or the copy a database keeps).

    Args:
        text: The TOML text, kept byte for byte in :attr:`FormDefinition.text`.
        source: Where it came from; its name appears in error messages.

    Raises:
        FormDefinitionError: if the text is not valid TOML or breaks a rule.
    """
    reader = _Reader(source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise reader.fail("", f"is not valid TOML ({error})") from error

    head = reader.table(data, "form", "")
    form_id = reader.text(head, "id", "form")
    version = head.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise reader.fail("form", "'version' must be a whole number of 1 or more")
    if head.get("kind", "assessment") != "assessment":
        raise reader.fail("form", f"'kind' is '{head.get('kind')}', expected 'assessment'")

    scale = reader.table(data, "rating_scale", "")
    levels = reader.array(scale, "levels", "rating_scale")
    level_ids = reader.unique(levels, "rating_scale.levels")
    if level_ids != [r.value for r in Rating]:
        raise reader.fail("rating_scale.levels", "levels must be red, amber, green in that order")
    rating_levels = tuple(
        Choice(
            level["id"],
            reader.text(level, "label", f"rating_scale.levels[{i}]"),
            reader.text(level, "meaning", f"rating_scale.levels[{i}]"),
        )
        for i, level in enumerate(levels)
    )

    observations = reader.table(data, "observations", "")
    light_items = reader.array(observations, "light", "observations")
    reader.unique(light_items, "observations.light")
    light = tuple(
        Choice(item["id"], reader.text(item, "label", f"observations.light[{i}]")) for i, item in enumerate(light_items)
    )
    bands = _load_time_bands(reader, observations)

    sections = _load_sections(reader, data)

    return FormDefinition(
        id=form_id,
        version=version,
        title=reader.text(head, "title", "form"),
        description=reader.text(head, "description", "form", required=False),
        rating_help=reader.text(scale, "help", "rating_scale"),
        rating_levels=rating_levels,
        observations_help=reader.text(observations, "help", "observations"),
        light=light,
        time_bands=bands,
        sections=sections,
        source=source,
        text=text,
    )


def _load_time_bands(reader: _Reader, observations: dict[str, Any]) -> tuple[TimeBand, ...]:
    items = reader.array(observations, "time_bands", "observations")
    reader.unique(items, "observations.time_bands")
    bands: list[TimeBand] = []
    covered = [0] * 1440
    for index, item in enumerate(items):
        where = f"observations.time_bands[{index}]"
        band = TimeBand(
            item["id"],
            reader.text(item, "label", where),
            _parse_time(reader, reader.text(item, "start", where), where),
            _parse_time(reader, reader.text(item, "end", where), where),
            reader.text(item, "weekend_label", where, required=False),
        )
        if band.start == band.end:
            raise reader.fail(where, "start and end are the same time")
        for low, high in band.minutes():
            for minute in range(low, high):
                if covered[minute]:
                    raise reader.fail(where, f"overlaps another band at {minute // 60:02d}:{minute % 60:02d}")
                covered[minute] = 1
        bands.append(band)
    if not all(covered):
        gap = covered.index(0)
        raise reader.fail("observations.time_bands", f"no band covers {gap // 60:02d}:{gap % 60:02d}")
    return tuple(bands)


def _load_sections(reader: _Reader, data: dict[str, Any]) -> tuple[Section, ...]:
    items = reader.array(data, "sections", "")
    reader.unique(items, "sections")
    sections: list[Section] = []
    for index, item in enumerate(items):
        where = f"sections[{index}]"
        kind = reader.text(item, "kind", where)
        if kind not in SECTION_KINDS:
            raise reader.fail(where, f"kind '{kind}' is not one of {', '.join(sorted(SECTION_KINDS))}")
        if kind == "side" and item["id"] not in {s.value for s in Side}:
            raise reader.fail(where, f"side id '{item['id']}' is not one of the three triangle sides")
        fields = _load_fields(reader, item, where, required=kind not in RECORD_SECTION_KINDS)
        field_ids = {f.id for f in fields}
        allowed = {"overview": OVERVIEW_FIELDS, "summary": SUMMARY_FIELDS}.get(kind)
        if allowed is not None and not field_ids <= allowed:
            unknown = ", ".join(sorted(field_ids - allowed))
            raise reader.fail(f"{where}.fields", f"unknown field id(s) {unknown} for a {kind} section")
        if kind == "side":
            missing = [f for f in SIDE_CORE_FIELDS if f not in field_ids]
            if missing:
                raise reader.fail(f"{where}.fields", f"a side needs the fields {', '.join(missing)}")
        prompt_items = reader.array(item, "prompts", where, required=False)
        reader.unique(prompt_items, f"{where}.prompts")
        prompts = tuple(
            Prompt(
                p["id"],
                reader.text(p, "text", f"{where}.prompts[{i}]"),
                reader.text(p, "help", f"{where}.prompts[{i}]"),
            )
            for i, p in enumerate(prompt_items)
        )
        title = reader.text(item, "title", where)
        sections.append(
            Section(
                id=item["id"],
                kind=kind,
                title=title,
                short_title=reader.text(item, "short_title", where, required=False) or title,
                help=reader.text(item, "help", where),
                fields=fields,
                prompts=prompts,
            )
        )
    kinds = [s.kind for s in sections]
    for needed in ("overview", "observations", "summary"):
        if kinds.count(needed) != 1:
            raise reader.fail("sections", f"there must be exactly one '{needed}' section")
    if {s.id for s in sections if s.kind == "side"} != {s.value for s in Side}:
        raise reader.fail("sections", "there must be one section for each of the three sides")
    return tuple(sections)


def _load_fields(reader: _Reader, item: dict[str, Any], where: str, *, required: bool) -> tuple[FieldDef, ...]:
    field_items = reader.array(item, "fields", where, required=required)
    reader.unique(field_items, f"{where}.fields")
    fields: list[FieldDef] = []
    for index, raw in enumerate(field_items):
        fwhere = f"{where}.fields[{index}]"
        field_type = reader.text(raw, "type", fwhere)
        if field_type not in FIELD_TYPES:
            raise reader.fail(fwhere, f"type '{field_type}' is not one of {', '.join(sorted(FIELD_TYPES))}")
        options: tuple[Choice, ...] = ()
        if field_type == "choice":
            option_items = reader.array(raw, "options", fwhere)
            reader.unique(option_items, f"{fwhere}.options")
            options = tuple(
                Choice(o["id"], reader.text(o, "label", f"{fwhere}.options[{i}]")) for i, o in enumerate(option_items)
            )
        fields.append(
            FieldDef(
                id=raw["id"],
                type=field_type,
                label=reader.text(raw, "label", fwhere),
                help=reader.text(raw, "help", fwhere),
                options=options,
            )
        )
    return tuple(fields)


class FormLibrary:
    """All form versions found in a folder, looked up by id and version.

    Assessments keep the form id and version they were written with; the
    library returns that exact version when it is present, and otherwise the
    newest version of the same form (so an old assessment still opens).
    """

    def __init__(self, forms: list[FormDefinition]) -> None:
        """Build a library from loaded forms.

        Raises:
            FormDefinitionError: if two files define the same id and version, or
                the list is empty.
        """
        if not forms:
            raise FormDefinitionError("No assessment form was found in the forms folder.")
        self._forms: dict[tuple[str, int], FormDefinition] = {}
        for form in forms:
            key = (form.id, form.version)
            if key in self._forms:
                raise FormDefinitionError(
                    f"Form files {self._forms[key].source.name} and {form.source.name} "
                    f"both define form '{form.id}' version {form.version}."
                )
            self._forms[key] = form

    @classmethod
    def load(cls, folder: Path | None = None) -> FormLibrary:
        """Load every ``*.toml`` assessment form in ``folder`` (default: :func:`forms_dir`).

        Raises:
            FormDefinitionError: if any file is malformed (message names file and key).
        """
        folder = folder or forms_dir()
        return cls([load_form(path) for path in sorted(folder.glob("*.toml"))])

    def get(self, form_id: str, version: int | None = None) -> FormDefinition:
        """Return form ``form_id`` at ``version``, or its newest version.

        Raises:
            FormDefinitionError: if no version of ``form_id`` is known.
        """
        if version is not None and (form_id, version) in self._forms:
            return self._forms[(form_id, version)]
        versions = [form for (fid, _), form in self._forms.items() if fid == form_id]
        if not versions:
            raise FormDefinitionError(f"The assessment form '{form_id}' is not installed.")
        return max(versions, key=lambda form: form.version)

    def exact(self, form_id: str, version: int) -> FormDefinition | None:
        """Return form ``form_id`` at exactly ``version``, or None if that version is not installed."""
        return self._forms.get((form_id, version))

    def current(self, form_id: str = DEFAULT_FORM_ID) -> FormDefinition:
        """Return the newest version of ``form_id``: the one new assessments use."""
        return self.get(form_id)


__all__ = [
    "DEFAULT_FORM_ID",
    "FIELD_TYPES",
    "NO_LONGER_IN_FORM",
    "OVERVIEW_FIELDS",
    "RECORD_SECTION_KINDS",
    "SECTION_KINDS",
    "SIDE_CORE_FIELDS",
    "SUMMARY_FIELDS",
    "Choice",
    "FieldDef",
    "FormDefinition",
    "FormLibrary",
    "Prompt",
    "Section",
    "TimeBand",
    "forms_dir",
    "load_form",
    "parse_form",
]
