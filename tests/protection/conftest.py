"""Fixtures for the data-protection tests: a store with one location and assessment, fixed clock."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from safeguarding.forms import FormDefinition
from safeguarding.model import Assessment, Location
from safeguarding.store import Store, open_store
from tests.conftest import FixedClock


def png_bytes(colour: tuple[int, int, int] = (30, 120, 60)) -> bytes:
    """A small PNG made in memory."""
    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, format="PNG")
    return out.getvalue()


@dataclass
class Scene:
    """An open store with one location and one draft assessment."""

    store: Store
    location: Location
    assessment: Assessment
    path: Path


@pytest.fixture
def scene(tmp_path: Path, form: FormDefinition, clock: FixedClock) -> Iterator[Scene]:
    path = tmp_path / "protection.sqlite3"
    store = open_store(path, clock=clock)
    store.audit.set_actor("Sam Practitioner")
    location = store.locations.add(Location(name="Brenchley Gardens", latitude=51.2776, longitude=0.5196))
    assessment = store.assessments.create(location.id, form, assessor_name="Sam Practitioner")
    yield Scene(store, location, assessment, path)
    store.db.conn.close()
