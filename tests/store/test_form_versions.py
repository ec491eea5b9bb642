"""Each assessment keeps the form definition it was written with, in the database (step 0049)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from safeguarding.errors import FormDefinitionError
from safeguarding.forms import FormDefinition, FormLibrary
from safeguarding.model import Location
from safeguarding.store import Store, open_store
from tests.local_forms import local_form_text, newer_form_text, write_forms


@pytest.fixture
def local(tmp_path: Path) -> FormLibrary:
    """The forms folder of a local area: version 2, with its own fields."""
    return FormLibrary.load(write_forms(tmp_path / "local", local_form_text()))


@pytest.fixture
def newer(tmp_path: Path) -> FormLibrary:
    """The same area's folder after an upgrade: version 3 only (version 2 uninstalled)."""
    return FormLibrary.load(write_forms(tmp_path / "newer", newer_form_text()))


def _assessment_with(store: Store, form: FormDefinition) -> str:
    place = store.locations.add(Location(name=f"Brenchley Gardens {store.db['locations'].count}"))
    return store.assessments.create(place.id, form).id


def _as_before_0049(form: FormDefinition) -> FormDefinition:
    """The form as an assessment created before step 0049 knew it: id and version, nothing kept."""
    return dataclasses.replace(form, text="")


def test_creating_an_assessment_keeps_the_exact_form_text(store: Store, local: FormLibrary) -> None:
    assessment_id = _assessment_with(store, local.current())
    kept = store.form_versions.kept(assessment_id)
    assert kept is not None
    assert kept.text == local_form_text()  # byte for byte
    assert (kept.id, kept.version) == ("cs-location-assessment", 2)
    rows = store.db.execute("SELECT form_id, version, length(toml) FROM form_definitions").fetchall()
    assert rows == [("cs-location-assessment", 2, len(local_form_text()))]


def test_it_opens_with_its_own_form_after_that_version_is_uninstalled(
    store: Store, local: FormLibrary, newer: FormLibrary
) -> None:
    assessment_id = _assessment_with(store, local.current())
    chosen = store.form_versions.for_assessment(store.assessments.get(assessment_id), newer)
    assert (chosen.form.version, chosen.own, chosen.notice) == (2, True, "")
    environment = chosen.form.section("environment")
    assert [field.id for field in environment.fields][-3:] == ["lighting", "last_audit", "local_note"]
    assert environment.fields[4].option_label("partial") == "Some paths lit"
    assert "dusk" in {light.id for light in chosen.form.light}


def test_an_assessment_from_before_gets_its_form_kept_on_first_open(
    store: Store, local: FormLibrary, newer: FormLibrary
) -> None:
    assessment_id = _assessment_with(store, _as_before_0049(local.current()))
    assert store.form_versions.kept(assessment_id) is None
    first = store.form_versions.for_assessment(store.assessments.get(assessment_id), local)
    assert (first.form.version, first.own) == (2, True)
    kept = store.form_versions.kept(assessment_id)
    assert kept is not None and kept.text == local_form_text()
    later = store.form_versions.for_assessment(store.assessments.get(assessment_id), newer)
    assert (later.form.version, later.own) == (2, True)


def test_a_version_never_kept_and_uninstalled_opens_with_the_newest_and_says_so(
    store: Store, local: FormLibrary, newer: FormLibrary
) -> None:
    assessment_id = _assessment_with(store, _as_before_0049(local.current()))
    chosen = store.form_versions.for_assessment(store.assessments.get(assessment_id), newer)
    assert (chosen.form.version, chosen.own) == (3, False)
    assert "written with version 2" in chosen.notice and "shown with version 3" in chosen.notice
    assert "(no longer in the form)" in chosen.notice
    assert store.form_versions.kept(assessment_id) is None  # version 3 is not its form: never kept as such


def test_two_wordings_that_both_call_themselves_version_2_are_each_kept(store: Store, tmp_path: Path) -> None:
    first = FormLibrary.load(write_forms(tmp_path / "a", local_form_text())).current()
    reworded = local_form_text().replace('title = "Overview"', 'title = "Overview (reworded)"', 1)
    second = FormLibrary.load(write_forms(tmp_path / "b", reworded)).current()
    one, two = _assessment_with(store, first), _assessment_with(store, second)
    kept_one, kept_two = store.form_versions.kept(one), store.form_versions.kept(two)
    assert kept_one is not None and kept_two is not None
    assert (kept_one.section("overview").title, kept_two.section("overview").title) == (
        "Overview",
        "Overview (reworded)",
    )


def test_a_read_only_database_opens_the_installed_version_without_writing(tmp_path: Path, local: FormLibrary) -> None:
    path = tmp_path / "old.sqlite3"
    store = open_store(path)
    assessment_id = _assessment_with(store, _as_before_0049(local.current()))
    store.close()
    reader = open_store(path, read_only=True)
    try:
        chosen = reader.form_versions.for_assessment(reader.assessments.get(assessment_id), local)
        assert (chosen.form.version, chosen.own) == (2, True)
        assert reader.form_versions.kept(assessment_id) is None
    finally:
        reader.close()


def test_a_kept_text_that_cannot_be_read_falls_back_in_words(
    store: Store, local: FormLibrary, newer: FormLibrary
) -> None:
    assessment_id = _assessment_with(store, local.current())
    with store.db.atomic():
        store.db.execute("UPDATE form_definitions SET toml = 'not [ a form'")
    with pytest.raises(FormDefinitionError):
        store.form_versions.kept(assessment_id)
    chosen = store.form_versions.for_assessment(store.assessments.get(assessment_id), newer)
    assert (chosen.form.version, chosen.own) == (3, False)
    assert "could not be read" in chosen.notice


def test_a_form_made_in_code_is_not_kept_under_a_version_its_text_does_not_have(
    store: Store, form: FormDefinition
) -> None:
    bumped = dataclasses.replace(form, version=form.version + 1)  # text still says version 1
    assessment_id = _assessment_with(store, bumped)
    assert store.form_versions.kept(assessment_id) is None


def test_the_retention_purge_takes_the_link_and_keeps_the_shared_wording(store: Store, local: FormLibrary) -> None:
    assessment_id = _assessment_with(store, local.current())
    plan = store.retention.plan([assessment_id])
    assert plan.rows["assessment_forms"] == [assessment_id]
    assert "form_definitions" not in plan.rows
