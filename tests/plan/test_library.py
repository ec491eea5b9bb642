"""The plan library in forms/libraries/ is checked data: ids unique, help text everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from safeguarding.errors import FormDefinitionError
from safeguarding.forms import FormLibrary, forms_dir
from safeguarding.model import Side
from safeguarding.plan.library import LIBRARY_KIND, library_path, load_library

LIBRARY_FILES = sorted((forms_dir() / "libraries").glob("*.toml"))
PLAN_FILES = [path for path in LIBRARY_FILES if f'kind = "{LIBRARY_KIND}"' in path.read_text(encoding="utf-8")]


def test_shipped_library_is_found() -> None:
    assert library_path() in PLAN_FILES


@pytest.mark.parametrize("path", PLAN_FILES, ids=[p.name for p in PLAN_FILES])
def test_every_plan_library_file_loads_with_help(path: Path) -> None:
    library = load_library(path)
    assert library.weighting_help and library.goals_help
    assert {c.id for c in library.contexts} >= {"location", "peer_group", "school", "online", "homes"}
    for context in library.contexts:
        assert context.label and context.help, context.id
    for goal in library.goals:
        assert goal.text and goal.help, goal.id
    for side in Side:
        assert library.goals_for(side), f"no example goals for {side}"
    names = [a.name for a in library.agencies]
    assert len(names) == len({n.casefold() for n in names})
    for agency in library.agencies:
        assert agency.help, agency.name


def test_seed_agencies_are_the_usual_partners() -> None:
    names = {a.name for a in load_library().agencies}
    assert {"Police", "British Transport Police", "Licensing", "Health", "Business improvement district"} <= names
    assert len(names) == 10


def test_assessment_form_loader_ignores_the_library_folder(form_library: FormLibrary) -> None:
    assert all(form.source.parent == forms_dir() for form in [form_library.current()])


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('kind = "plan_library"', 'kind = "assessment"', "'kind' is 'assessment'"),
        ('side = "environment"', 'side = "roof"', "side 'roof' is not one of"),
        ('id = "school"', 'id = "location"', "contexts[2]: 'location' is used twice"),
        ('name = "Health"', 'name = "police"', "agencies[9]: 'police' is used twice"),
    ],
)
def test_malformed_library_names_file_and_key(tmp_path: Path, old: str, new: str, expected: str) -> None:
    text = library_path().read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "plan.toml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(FormDefinitionError, match=r"plan\.toml") as caught:
        load_library(bad)
    assert expected in str(caught.value)


def test_unreadable_library(tmp_path: Path) -> None:
    with pytest.raises(FormDefinitionError, match="cannot be read"):
        load_library(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[library\n", encoding="utf-8")
    with pytest.raises(FormDefinitionError, match="not valid TOML"):
        load_library(bad)
