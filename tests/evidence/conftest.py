"""Fixtures for the field-evidence tests: the shared sample photos and a store with one assessment."""

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
from tests.conftest import FixedClock, shared_sample


def sample(name: str) -> Path:
    """Path of a shared sample photo (real camera files, see SOURCE.md there: GPS, orientation,
    corrupt, no-EXIF, phone and HEIC); see :func:`tests.conftest.shared_sample` when it is missing."""
    return shared_sample(f"photos/{name}")


def png_bytes(size: tuple[int, int] = (40, 30), colour: tuple[int, int, int] = (30, 120, 60)) -> bytes:
    """A small PNG made in memory."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


@dataclass
class Scene:
    """An open store with Brenchley Gardens and one draft assessment."""

    store: Store
    location: Location
    assessment: Assessment
    path: Path


@pytest.fixture
def scene(tmp_path: Path, form: FormDefinition, clock: FixedClock) -> Iterator[Scene]:
    path = tmp_path / "evidence.sqlite3"
    store = open_store(path, clock=clock)
    location = store.locations.add(Location(name="Brenchley Gardens", latitude=51.2776, longitude=0.5196))
    assessment = store.assessments.create(location.id, form)
    yield Scene(store, location, assessment, path)
    store.db.conn.close()
