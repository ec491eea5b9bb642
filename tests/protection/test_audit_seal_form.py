"""The seal of an entry is SHA-256 over the seal before it and the canonical form the module docstring defines,
whichever way it is computed (all-ASCII entries take a shorter path): written out here byte by byte."""

from __future__ import annotations

import hashlib

import pytest

from safeguarding.store.audit_seal import GENESIS, seal, values_digest


def _written_out(*values: str | None) -> bytes:
    """Each value as ``<length in UTF-8 bytes>:<UTF-8 bytes>``, ``-`` when missing: the docstring's rule."""
    out = b""
    for value in values:
        out += b"-" if value is None else str(len(value.encode("utf-8"))).encode() + b":" + value.encode("utf-8")
    return out


@pytest.mark.parametrize(
    ("assessment", "actor", "record"),
    [
        ("a1b2c3d4", "Sam Practitioner", "rec-1"),  # all ASCII
        (None, "Sam Practitioner", "rec-1"),  # no assessment
        ("a1b2c3d4", "Zoë Brontë", "rec-1"),  # a name in two-byte letters: lengths in bytes, not characters
        ("a1b2c3d4", "سارا", "رکورد"),  # Arabic script
    ],
)
def test_a_seal_is_sha256_over_the_seal_before_and_the_entry_written_out(
    assessment: str | None, actor: str, record: str
) -> None:
    previous = hashlib.sha256(b"the entry before").digest()
    digest = values_digest('{"notes":"Café by the gate"}', None)
    assert digest == hashlib.sha256(_written_out('{"notes":"Café by the gate"}', None)).hexdigest()
    fields = ("1204", "observations", record, assessment, "update", "2026-11-30T17:40:00.000Z", actor, digest)
    expected = hashlib.sha256(previous + _written_out(*fields)).digest()
    assert seal(previous, 1204, "observations", record, assessment, "update", fields[5], actor, digest) == expected
    first = seal(None, 1, "observations", record, assessment, "insert", fields[5], actor, digest)
    assert first == hashlib.sha256(GENESIS + _written_out("1", *fields[1:4], "insert", *fields[5:])).digest()


def test_a_length_that_looks_like_another_field_does_not_make_two_entries_seal_alike() -> None:
    one = seal(None, 1, "ab", "c", None, "insert", "2026-11-30T17:40:00.000Z", "", "")
    other = seal(None, 1, "a", "bc", None, "insert", "2026-11-30T17:40:00.000Z", "", "")
    assert one != other
