"""The database key, and the key file that keeps it wrapped by the passphrase and a recovery key.

Design (documented in the README, "Encryption at rest"):

* The database is encrypted by SQLCipher with a random 256-bit **data key**
  (``PRAGMA key = "x'<64 hex digits>'"``, SQLCipher's raw-key form, so no
  second key derivation runs in SQLCipher).
* The data key is stored only *wrapped* (encrypted with AES-256-GCM from the
  ``cryptography`` package) in a small JSON **key file** beside the database,
  ``<database>.keys.json``. One slot wraps it with a key derived from the
  passphrase by scrypt; an optional second slot wraps it with a key derived
  from a random **recovery key** (160 bits, shown as 8 groups of 4 letters and
  digits) by HKDF-SHA256.
* Changing the passphrase rewrites the passphrase slot only (atomically): the
  database and its backups keep the same data key, so old backups still open
  with the new passphrase, and a recovery key stays valid.
* A wrong passphrase is detected by the GCM tag before the database is touched.
* Without the key file and both the passphrase and recovery key, the database
  cannot be read by anyone, including us. That is the point, and the warning.

Nothing here logs or prints a passphrase or key. :class:`Key` hides its bytes
from ``repr``.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from safeguarding.errors import StorageError, WrongPassphraseError
from safeguarding.private_files import PRIVATE_MODE, make_private, write_private_atomically
from safeguarding.security.key_paths import keyfile_path

FORMAT = "location-assessment-tool/keyfile"
VERSION = 1
KEY_BYTES = 32
RECOVERY_BYTES = 20
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"  # RFC 4648 base32


@dataclass(frozen=True)
class ScryptCost:
    """scrypt work factors (RFC 7914). The default follows OWASP's guidance (N=2**17, r=8, p=1: 128 MiB)."""

    n: int = 2**17
    r: int = 8
    p: int = 1


DEFAULT_COST = ScryptCost()
"""Cost used for new passphrase slots. Tests lower it; the cost is stored in each slot."""


class Key:
    """A 256-bit SQLCipher data key. ``repr`` and ``str`` never show it.

    Args:
        raw: 32 random bytes.
    """

    __slots__ = ("_raw",)

    def __init__(self, raw: bytes) -> None:
        if len(raw) != KEY_BYTES:
            raise ValueError("a data key is 32 bytes")
        self._raw = bytes(raw)

    @classmethod
    def generate(cls) -> Key:
        """A new random data key (``secrets.token_bytes``)."""
        return cls(secrets.token_bytes(KEY_BYTES))

    @property
    def raw(self) -> bytes:
        """The key bytes (for wrapping only)."""
        return self._raw

    def pragma_value(self) -> str:
        """The value for ``PRAGMA key = ...``: SQLCipher's raw-key literal, double-quoted."""
        return f"\"x'{self._raw.hex()}'\""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Key) and secrets.compare_digest(self._raw, other._raw)

    def __hash__(self) -> int:
        return hash(self._raw)

    def __repr__(self) -> str:
        return "Key(<hidden>)"

    __str__ = __repr__


def normalise_passphrase(passphrase: str) -> bytes:
    """The passphrase as UTF-8 bytes after Unicode NFC normalisation (the same letters typed on any system)."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _aad(kind: str) -> bytes:
    return f"{FORMAT}/v{VERSION}/{kind}".encode()


def _scrypt(passphrase: str, salt: bytes, cost: ScryptCost) -> bytes:
    return Scrypt(salt=salt, length=KEY_BYTES, n=cost.n, r=cost.r, p=cost.p).derive(normalise_passphrase(passphrase))


def _hkdf(recovery: bytes, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=_aad("recovery")).derive(recovery)


def _wrap(kind: str, wrapping_key: bytes, key: Key, extra: dict[str, Any]) -> dict[str, Any]:
    nonce = secrets.token_bytes(12)
    wrapped = AESGCM(wrapping_key).encrypt(nonce, key.raw, _aad(kind))
    return {"kind": kind, **extra, "nonce": _b64(nonce), "wrapped": _b64(wrapped)}


def _unwrap(slot: dict[str, Any], wrapping_key: bytes) -> Key:
    try:
        raw = AESGCM(wrapping_key).decrypt(_unb64(slot["nonce"]), _unb64(slot["wrapped"]), _aad(slot["kind"]))
    except InvalidTag as error:
        raise WrongPassphraseError("That passphrase is not right. Check Caps Lock and try again.") from error
    return Key(raw)


def passphrase_slot(key: Key, passphrase: str, cost: ScryptCost | None = None) -> dict[str, Any]:
    """A key-file slot wrapping ``key`` with ``passphrase`` (scrypt, fresh salt)."""
    cost = cost or DEFAULT_COST
    salt = secrets.token_bytes(16)
    extra = {"kdf": "scrypt", "n": cost.n, "r": cost.r, "p": cost.p, "salt": _b64(salt)}
    return _wrap("passphrase", _scrypt(passphrase, salt, cost), key, extra)


def new_recovery_key() -> str:
    """A random recovery key: 160 bits as 8 groups of 4 base32 characters, e.g. ``ABCD-EFGH-...``."""
    text = base64.b32encode(secrets.token_bytes(RECOVERY_BYTES)).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def _recovery_bytes(recovery_key: str) -> bytes:
    cleaned = "".join(ch for ch in recovery_key.upper() if ch in _ALPHABET)
    if len(cleaned) != RECOVERY_BYTES * 8 // 5:
        raise WrongPassphraseError(
            "That is not a recovery key: it should be 8 groups of 4 letters and digits, as saved in your file."
        )
    return base64.b32decode(cleaned)


def recovery_slot(key: Key, recovery_key: str) -> dict[str, Any]:
    """A key-file slot wrapping ``key`` with a recovery key (HKDF-SHA256, fresh salt)."""
    salt = secrets.token_bytes(16)
    wrapping_key = _hkdf(_recovery_bytes(recovery_key), salt)
    return _wrap("recovery", wrapping_key, key, {"kdf": "hkdf-sha256", "salt": _b64(salt)})


@dataclass(frozen=True)
class KeyFile:
    """The parsed key file: a list of slots (dicts as stored)."""

    slots: tuple[dict[str, Any], ...]

    def slot(self, kind: str) -> dict[str, Any] | None:
        """The slot of that kind (``"passphrase"`` or ``"recovery"``), if any."""
        return next((slot for slot in self.slots if slot.get("kind") == kind), None)

    def with_slot(self, slot: dict[str, Any]) -> KeyFile:
        """A copy with ``slot`` replacing the slot of its kind."""
        return KeyFile((*(s for s in self.slots if s.get("kind") != slot["kind"]), slot))

    def to_json(self) -> str:
        """The file's text."""
        return json.dumps({"format": FORMAT, "version": VERSION, "slots": list(self.slots)}, indent=2) + "\n"


def read_keyfile(database: Path) -> KeyFile:
    """Read the key file of ``database``.

    Raises:
        StorageError: it is missing, unreadable or not a key file of this app.
    """
    path = keyfile_path(database)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise StorageError(
            f"The key file {path.name} that unlocks {Path(database).name} is missing. It must stay in the "
            "same folder as the database. Put it back (for example from your own copy), then try again."
        ) from error
    except (OSError, ValueError) as error:
        raise StorageError(f"The key file {path.name} could not be read ({error}).") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("slots"), list):
        raise StorageError(f"{path.name} is not a key file of the Location Assessment Tool.")
    if data.get("version") != VERSION:
        raise StorageError(f"{path.name} was written by a newer version of the app. Please update the app.")
    return KeyFile(tuple(slot for slot in data["slots"] if isinstance(slot, dict)))


def write_keyfile(database: Path, keyfile: KeyFile) -> Path:
    """Rewrite the existing key file of ``database`` atomically (new slots for the same data key).

    Used to change the passphrase or the recovery key: the data key stays the same, so
    the database and its backups keep opening. A key file is never *created* here (see
    :func:`create_keyfile`, which never replaces one).

    Raises:
        StorageError: there is no key file to rewrite, or it cannot be written (the old file is unchanged).
    """
    path = keyfile_path(database)
    if not path.is_file():
        raise StorageError(f"The key file {path.name} is missing, so it was not changed.")
    try:
        write_private_atomically(path, keyfile.to_json())
    except OSError as error:
        raise StorageError(f"The key file {path} could not be written ({error.strerror or error}).") from error
    return path


class KeyFileExistsError(StorageError):
    """A key file is already there: the app never replaces one (it unlocks a database and its backups)."""


def key_file_in_the_way(database: Path) -> str:
    """The message for a key file that would be replaced by a new one (see :class:`KeyFileExistsError`)."""
    database = Path(database)
    keys = keyfile_path(database)
    return (
        f"A key file ({keys.name}) is already in {database.parent}. It unlocks {database.name} and its backups, "
        "so the app never replaces it. Find the database that belongs to it (or restore its latest backup), "
        "or, if you are sure it is no longer needed, move the key file to another folder yourself first."
    )


def add_keyfile(database: Path, keyfile: KeyFile) -> Path:
    """Write a new key file for ``database``; refuse if one is already there.

    Written to a private temporary file, flushed, then *linked* into place, which
    fails rather than replace a file created meanwhile (where the file system has no
    hard links, the check and the rename are a moment apart).

    Raises:
        KeyFileExistsError: a key file is already there (it is left exactly as it was).
        StorageError: it cannot be written (nothing is left behind).
    """
    path = keyfile_path(database)
    if path.exists():
        raise KeyFileExistsError(key_file_in_the_way(database))
    temporary = path.with_name(f".{path.name}.new")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_MODE)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(keyfile.to_json())
            handle.flush()
            os.fsync(handle.fileno())
        make_private(temporary)
        try:
            os.link(temporary, path)
        except FileExistsError as error:
            raise KeyFileExistsError(key_file_in_the_way(database)) from error
        except OSError:  # no hard links here (a FAT stick, some network shares)
            if path.exists():
                raise KeyFileExistsError(key_file_in_the_way(database)) from None
            os.replace(temporary, path)
    except KeyFileExistsError:
        temporary.unlink(missing_ok=True)
        raise
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise StorageError(f"The key file {path} could not be written ({error.strerror or error}).") from error
    temporary.unlink(missing_ok=True)
    return path


def create_keyfile(database: Path, passphrase: str, *, recovery_key: str | None = None) -> Key:
    """Make a new data key, wrap it with ``passphrase`` (and ``recovery_key``) and write a new key file.

    Returns:
        The new data key, for opening the new database.

    Raises:
        KeyFileExistsError: ``database`` already has a key file (never replaced).
        StorageError: it cannot be written.
    """
    key = Key.generate()
    add_keyfile(database, build_keyfile(key, passphrase, recovery_key=recovery_key))
    return key


def build_keyfile(key: Key, passphrase: str, *, recovery_key: str | None = None) -> KeyFile:
    """A key file (not yet written) wrapping ``key`` with ``passphrase`` and optionally a recovery key."""
    slots = [passphrase_slot(key, passphrase)]
    if recovery_key:
        slots.append(recovery_slot(key, recovery_key))
    return KeyFile(tuple(slots))


def unlock(database: Path, passphrase: str) -> Key:
    """Return the data key of ``database`` if ``passphrase`` is right.

    Raises:
        WrongPassphraseError: the passphrase is wrong.
        StorageError: the key file is missing or damaged.
    """
    slot = read_keyfile(database).slot("passphrase")
    if slot is None:
        raise StorageError(f"The key file of {Path(database).name} has no passphrase. Use your recovery key.")
    try:
        cost = ScryptCost(int(slot["n"]), int(slot["r"]), int(slot["p"]))
        salt = _unb64(slot["salt"])
    except (KeyError, ValueError) as error:
        raise StorageError(f"The key file of {Path(database).name} is damaged ({error}).") from error
    return _unwrap(slot, _scrypt(passphrase, salt, cost))


def unlock_with_recovery_key(database: Path, recovery_key: str) -> Key:
    """Return the data key of ``database`` from its recovery key.

    Raises:
        WrongPassphraseError: the recovery key is wrong, or none was saved for this database.
    """
    slot = read_keyfile(database).slot("recovery")
    if slot is None:
        raise WrongPassphraseError("No recovery key was saved for this database, so only the passphrase opens it.")
    key_bytes = _recovery_bytes(recovery_key)
    try:
        return _unwrap(slot, _hkdf(key_bytes, _unb64(slot["salt"])))
    except WrongPassphraseError as error:
        raise WrongPassphraseError("That recovery key does not open this database.") from error


def change_passphrase(database: Path, key: Key, new_passphrase: str) -> None:
    """Wrap the (already unlocked) data key with a new passphrase; the recovery key stays valid.

    Raises:
        StorageError: the key file cannot be read or written (the old passphrase still works).
    """
    write_keyfile(database, read_keyfile(database).with_slot(passphrase_slot(key, new_passphrase)))


def set_recovery_key(database: Path, key: Key) -> str:
    """Make a new recovery key for ``database`` (replacing any earlier one) and return it.

    The caller shows or saves the returned text; it is not stored anywhere else.
    """
    recovery = new_recovery_key()
    write_keyfile(database, read_keyfile(database).with_slot(recovery_slot(key, recovery)))
    return recovery


def save_recovery_key_file(target: Path, database: Path, recovery_key: str, *, replace: bool = True) -> Path:
    """Write a recovery key to a text file the user chose, with a short explanation.

    Args:
        replace: Replace a file already at ``target`` (the window's save dialog has asked);
            False (the command line) refuses it, so an earlier recovery key is never lost.

    Raises:
        StorageError: the file cannot be written, or (with ``replace=False``) already exists.
    """
    text = (
        "Location Assessment Tool: recovery key\n\n"
        f"Database: {Path(database).name}\n"
        f"Recovery key: {recovery_key}\n\n"
        "This key unlocks the database if the passphrase is forgotten. Keep this file somewhere safe and\n"
        "separate from the laptop (for example printed and locked away). Anyone with it and the database\n"
        "can read the assessments.\n"
    )
    target = Path(target)
    if not replace and target.exists():
        raise StorageError(
            f"{target} already exists, so the recovery key was not saved there (it may hold an earlier recovery "
            "key). Choose a new file name."
        )
    return write_private_atomically(target, text, what="the recovery key", error=StorageError)


def read_recovery_key_file(path: Path) -> str:
    """The recovery key from a file written by :func:`save_recovery_key_file` (or the key typed alone)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise StorageError(f"The recovery key file {path} could not be read ({error.strerror or error}).") from error
    for line in text.splitlines():
        if line.lower().startswith("recovery key:"):
            return line.split(":", 1)[1].strip()
    return text.strip()
