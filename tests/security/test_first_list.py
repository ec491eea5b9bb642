"""Start-up's first locations list of an encrypted database: with its key only (issue 14)."""

from __future__ import annotations

from pathlib import Path

from safeguarding.model import Location
from safeguarding.security.keys import Key
from safeguarding.store import open_store, read_first_list


def test_an_encrypted_database_is_listed_with_its_key_only(enc_path: Path, enc_key: Key) -> None:
    store = open_store(enc_path, key=enc_key)
    try:
        store.locations.add(Location(name="Brenchley Gardens"))
        expected = store.locations.summaries()
    finally:
        store.close()
    assert read_first_list(enc_path) is None  # encrypted: no key, no list (the passphrase is asked first)
    rows = read_first_list(enc_path, enc_key)
    assert rows == expected and [row.location.name for row in rows] == ["Brenchley Gardens"]
