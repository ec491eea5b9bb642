"""Fixtures for the encryption tests: a cheap scrypt cost (the real one takes ~0.3 s and 128 MiB)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from safeguarding.security import keys
from safeguarding.security.keys import Key, ScryptCost, create_keyfile

PASSPHRASE = "tulip harbour lantern seven"
SECRET = "Zebra-crossing-secret-4711"


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """New passphrase slots use a low scrypt cost (stored in the slot, so unlocking uses it too)."""
    monkeypatch.setattr(keys, "DEFAULT_COST", ScryptCost(n=2**10, r=8, p=1))
    yield


@pytest.fixture
def enc_path(tmp_path: Path) -> Path:
    """Where an encrypted test database lives."""
    return tmp_path / "data" / "assessments.sqlite3"


@pytest.fixture
def enc_key(enc_path: Path) -> Key:
    """A data key with a key file beside ``enc_path`` (passphrase :data:`PASSPHRASE`)."""
    enc_path.parent.mkdir(parents=True, exist_ok=True)
    return create_keyfile(enc_path, PASSPHRASE)
