"""Headless commands and encryption: passphrase from a file or the environment, never a command-line value."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from safeguarding.security.keys import unlock
from safeguarding.store import is_encrypted, open_store
from tests.security.conftest import PASSPHRASE


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


def test_encrypted_demo_then_export(tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "demo.sqlite3"
    assert main(["demo", str(db), "--passphrase-file", str(passphrase_file)]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said == [
        f"Encrypted demo database written to {db} (key file: demo.sqlite3.keys.json). "
        "The observations and people in it are fictional."
    ]
    assert is_encrypted(db)
    assert b"Brenchley" not in db.read_bytes()
    out = tmp_path / "r.pdf"
    assert main(["export", str(db), "--location", "Brenchley Gardens", "--out", str(out)]) == 2
    assert "is encrypted" in capsys.readouterr().err
    args = ["export", str(db), "--location", "Brenchley Gardens", "--out", str(out)]
    assert main([*args, "--passphrase-file", str(passphrase_file)]) == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_passphrase_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, passphrase_file: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    monkeypatch.setenv("LAT_PASSPHRASE_FILE", str(passphrase_file))
    assert main(["demo", str(db)]) == 0
    monkeypatch.delenv("LAT_PASSPHRASE_FILE")
    monkeypatch.setenv("LAT_PASSPHRASE", PASSPHRASE)
    assert main(["export", str(db), "--location", "north week street", "--out", str(tmp_path / "n.pdf")]) == 0


def test_passphrase_on_the_command_line_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "demo.sqlite3"
    assert main(["demo", str(db), "--passphrase", PASSPHRASE]) == 2
    err = capsys.readouterr().err
    assert "never taken on the command line" in err and PASSPHRASE not in err
    assert not db.exists()


@pytest.fixture
def encrypted_demo(tmp_path: Path, passphrase_file: Path) -> tuple[Path, Path]:
    """An encrypted demo database and a file holding a wrong passphrase for it."""
    db = tmp_path / "demo.sqlite3"
    assert main(["demo", str(db), "--passphrase-file", str(passphrase_file)]) == 0
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase at all\n", encoding="utf-8")
    return db, wrong


def test_wrong_passphrase_and_weak_passphrase_are_plain_messages(
    tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str], encrypted_demo: tuple[Path, Path]
) -> None:
    db, wrong = encrypted_demo
    capsys.readouterr()
    assert (
        main(["export", str(db), "--location", "x", "--out", str(tmp_path / "x.pdf"), "--passphrase-file", str(wrong)])
        == 1
    )
    assert "passphrase is not right" in capsys.readouterr().err
    weak = tmp_path / "weak.txt"
    weak.write_text("password\n", encoding="utf-8")
    assert main(["demo", str(tmp_path / "w.sqlite3"), "--passphrase-file", str(weak)]) == 2
    assert "too weak" in capsys.readouterr().err


def test_encrypt_command_converts_and_saves_a_recovery_key(
    tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "plain.sqlite3"
    assert main(["demo", str(db)]) == 0
    store = open_store(db)
    names = sorted(loc.name for loc in store.locations.by_name(include_archived=True))
    store.close()
    recovery = tmp_path / "recovery.txt"
    args = ["encrypt", str(db), "--passphrase-file", str(passphrase_file), "--recovery-key-file", str(recovery)]
    assert main(args) == 0
    assert "now encrypted" in capsys.readouterr().out
    assert is_encrypted(db) and "Recovery key:" in recovery.read_text(encoding="utf-8")
    store = open_store(db, key=unlock(db, PASSPHRASE))
    assert sorted(loc.name for loc in store.locations.by_name(include_archived=True)) == names
    store.close()
    assert main(["encrypt", str(db), "--passphrase-file", str(passphrase_file)]) == 1
    assert "already encrypted" in capsys.readouterr().err


def test_wrong_passphrases_make_the_command_line_wait_too(
    tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str], encrypted_demo: tuple[Path, Path]
) -> None:
    import json
    import time

    from safeguarding.security import throttle

    db, wrong = encrypted_demo
    out = tmp_path / "r.pdf"
    args = ["export", str(db), "--location", "Brenchley Gardens", "--out", str(out), "--passphrase-file"]
    capsys.readouterr()
    for _ in range(throttle.FREE_TRIES):
        assert main([*args, str(wrong)]) == 1
    assert main([*args, str(wrong)]) == 1  # the third wrong try starts a wait
    assert "Wait 1 second before trying again" in capsys.readouterr().err
    # Even the right passphrase is refused until the wait is over; a new process reads the wait from the file.
    assert main([*args, str(passphrase_file)]) == 1
    assert "Too many wrong passphrases for demo.sqlite3: wait 1 second" in capsys.readouterr().err
    assert not out.exists()
    state = throttle.state_path(db)
    assert state.exists() and (state.stat().st_mode & 0o777) == 0o600
    state.write_text(json.dumps({"failures": 3, "allowed_at": time.time() - 0.5}), encoding="utf-8")  # time passed
    assert main([*args, str(passphrase_file)]) == 0
    assert out.exists() and not state.exists()  # the right passphrase clears the count


def test_recovery_key_file_is_never_overwritten(
    tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "plain.sqlite3"
    assert main(["demo", str(db)]) == 0
    earlier = tmp_path / "recovery.txt"
    earlier.write_text("Recovery key: EARLIER-KEY-OF-ANOTHER-DATABASE\n", encoding="utf-8")
    args = ["encrypt", str(db), "--passphrase-file", str(passphrase_file), "--recovery-key-file", str(earlier)]
    assert main(args) == 1
    assert "already exists, so nothing was encrypted" in capsys.readouterr().err
    assert earlier.read_text(encoding="utf-8") == "Recovery key: EARLIER-KEY-OF-ANOTHER-DATABASE\n"
    assert not is_encrypted(db)


def test_recovery_key_file_refuses_a_file_that_appears_meanwhile(tmp_path: Path) -> None:
    from safeguarding.errors import StorageError
    from safeguarding.security.keys import save_recovery_key_file

    target = tmp_path / "recovery.txt"
    target.write_text("keep me", encoding="utf-8")
    with pytest.raises(StorageError, match="already exists"):
        save_recovery_key_file(target, tmp_path / "db.sqlite3", "ABCD", replace=False)
    assert target.read_text(encoding="utf-8") == "keep me"
