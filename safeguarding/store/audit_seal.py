"""The seal of each audit-trail entry (SHA-256, chained) and the values the trail keeps, as SQL functions.

Each entry of ``audit_log`` carries ``hash``, its **seal**::

    seal(n) = SHA-256( seal(n-1) || canonical(n) )        seal(0) = 32 zero bytes

where ``canonical(n)`` is the fields ``seq, table_name, record_id, assessment_id,
action, at_utc, actor, values_digest``, each written as ``<length in bytes>:<UTF-8
text>`` (``seq`` in decimal; a missing value as ``-``), one after the other, so no two
different entries have the same canonical form; and ``values_digest`` is the hex
SHA-256 of ``old_values`` then ``new_values`` (the stored JSON texts) written the same
way, **then, only when the entry has a** ``set_digest``, the text ``sha256:<its 64 hex
digits>`` written the same way::

    values_digest = SHA-256( field(old_values) || field(new_values) [|| field("sha256:" + hex(set_digest))] )

An entry without ``set_digest`` (every entry written before schema step 0070, and the
app's own notices and purges) is sealed exactly as before, so an upgraded trail still
checks. The values enter through their digest so that the retention purge can blank
them (keeping the digest in ``values_digest``, and blanking ``set_digest`` too) without
breaking the chain.

``set_digest`` (schema step 0070, :mod:`safeguarding.store.schema.trail`) is the 32-byte
SHA-256 of the JSON text of the values an insert or update **set**, exactly as
:func:`sql_row` (an insert: the record's values that are not empty) or
``sql_changed('new', ...)`` (an update: the new values of the columns it changed)
writes it; ``NULL`` when that text is ``NULL``. The trigger keeps the digest, not the
text: the record holds the values (:mod:`safeguarding.store.audit_replay` reads them
back and checks them against it, :func:`digest_of`). A digest cannot be read back into
values; it only tells whether values offered for it are the ones that were set.

The audit triggers compute the seal in SQL by calling :func:`sql_seal` (``audit_seal``),
and keep only what changed by calling :func:`sql_row` (``audit_row``) and
:func:`sql_changed` (``audit_changed``). :func:`register_seal_functions` installs them
on a connection; a connection without them (the ``sqlite3`` shell) cannot write to any
audited table, nor to the trail.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS = bytes(32)
"""The "previous seal" of the first entry."""
SEAL_BYTES = 32


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # one encoder: ~3 times faster than dumps


def _json(value: Any) -> str:
    return _ENCODER.encode(value)


def _field(value: str | None) -> bytes:
    """One field of a canonical form: ``<length>:<UTF-8 bytes>``, or ``-`` for a missing value."""
    if value is None:
        return b"-"
    data = value.encode("utf-8")
    return b"%d:%s" % (len(data), data)


def _fields(*values: str | None) -> bytes:
    """``values`` as a canonical form: each one as :func:`_field` writes it, one after the other.

    Written as text and encoded once when it is all ASCII (then each length in characters is
    its length in bytes), as nearly every entry is; field by field otherwise. The same bytes
    either way, with one encoding where there was one per field (a whole check seals every entry).
    """
    text = "".join(["-" if value is None else f"{len(value)}:{value}" for value in values])
    if text.isascii():
        return text.encode("ascii")
    return b"".join([_field(value) for value in values])


def values_digest(old_values: str | None, new_values: str | None, set_digest: bytes | None = None) -> str:
    """The hex SHA-256 of an entry's old and new values (the stored JSON texts) and its ``set_digest``.

    ``set_digest`` None (an entry before step 0070, a notice, a purge) gives the digest
    of the two texts alone, as before the step (see the module docstring).
    """
    text = _field(old_values) + _field(new_values)
    if set_digest is not None:
        text += _field("sha256:" + bytes(set_digest).hex())
    return hashlib.sha256(text).hexdigest()


def digest_of(values_json: str | None) -> bytes | None:
    """``audit_sha256(text)``: the 32-byte SHA-256 of a JSON text of values (None for None): a ``set_digest``."""
    return None if values_json is None else hashlib.sha256(values_json.encode("utf-8")).digest()


def seal(
    previous: bytes | None,
    seq: int,
    table_name: str,
    record_id: str,
    assessment_id: str | None,
    action: str,
    at_utc: str,
    actor: str,
    digest: str,
) -> bytes:
    """The seal of one entry (see the module docstring); ``previous`` None means the first entry."""
    canonical = _fields(str(seq), table_name, record_id, assessment_id, action, at_utc, actor, digest)
    return hashlib.sha256((previous or GENESIS) + canonical).digest()


def sql_seal(
    previous: bytes | None,
    seq: int,
    table_name: str,
    record_id: str,
    assessment_id: str | None,
    action: str,
    old_values: str | None,
    new_values: str | None,
    at_utc: str,
    actor: str,
    set_digest: bytes | None = None,
) -> bytes:
    """``audit_seal(previous, seq, table, record, assessment, action, old, new, at, actor[, set_digest])`` in SQL.

    The ten-argument form is that of the guards and triggers before step 0070 (they run
    during the migrations up to it); it is the eleven-argument form with no ``set_digest``.
    """
    digest = values_digest(old_values, new_values, set_digest)
    return seal(previous, int(seq), table_name, str(record_id), assessment_id, action, at_utc, actor, digest)


def kept_value(value: Any) -> Any:
    """A value as the trail keeps it: binary data never (its size only)."""
    if isinstance(value, bytes):
        return f"<binary {len(value)} bytes>"
    return value


def kept_json(values: dict[str, Any]) -> str:
    """The JSON text the trail writes for ``values`` (in their order): the same encoder as the triggers'."""
    return _json({name: kept_value(value) for name, value in values.items()})


def sql_row(*pairs: Any) -> str | None:
    """``audit_row(name1, value1, name2, value2, ...)``: JSON of the values that are not empty.

    NULL and empty text are left out (a record's defaults; the history shows nothing for
    them either), and binary values become ``"<binary N bytes>"``. None if nothing is left.
    """
    kept = {
        str(pairs[i]): kept_value(pairs[i + 1]) for i in range(0, len(pairs) - 1, 2) if pairs[i + 1] not in (None, "")
    }
    return _json(kept) if kept else None


def sql_changed(side: str, *triples: Any) -> str | None:
    """``audit_changed('old' | 'new', name1, old1, new1, ...)``: JSON of one side of the columns that changed.

    A column counts as changed when its value differs (NULL-aware, like SQL's ``IS NOT``).
    None if nothing changed.
    """
    index = 1 if side == "old" else 2
    kept = {}
    for i in range(0, len(triples) - 2, 3):
        old, new = triples[i + 1], triples[i + 2]
        if old != new or (old is None) != (new is None):
            kept[str(triples[i])] = kept_value(triples[i + index])
    return _json(kept) if kept else None


def register_seal_functions(conn: Any) -> None:
    """Install ``audit_seal`` (10 and 11 arguments), ``audit_row``, ``audit_changed``, ``audit_digest`` (2 and 3)
    and ``audit_sha256`` on a DB-API connection."""
    conn.create_function("audit_seal", 10, sql_seal, deterministic=True)
    conn.create_function("audit_seal", 11, sql_seal, deterministic=True)
    conn.create_function("audit_digest", 3, values_digest, deterministic=True)
    conn.create_function("audit_sha256", 1, digest_of, deterministic=True)
    conn.create_function("audit_row", -1, sql_row, deterministic=True)
    conn.create_function("audit_changed", -1, sql_changed, deterministic=True)
    conn.create_function("audit_digest", 2, values_digest, deterministic=True)
