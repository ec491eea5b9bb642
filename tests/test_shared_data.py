"""The shared sample data: found beside the repository; a missing sample fails in CI and skips elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import conftest


def test_a_sample_that_is_there_is_returned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "one.jpg").write_bytes(b"\xff\xd8")
    monkeypatch.setattr(conftest, "SHARED_DATA", tmp_path)
    assert conftest.shared_sample("photos/one.jpg") == tmp_path / "photos" / "one.jpg"


@pytest.mark.parametrize("ci", ["true", "1"])
def test_a_missing_sample_fails_in_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ci: str) -> None:
    monkeypatch.setattr(conftest, "SHARED_DATA", tmp_path)
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match=r"photos/gone.jpg is not available .*CI must have it"):
        conftest.shared_sample("photos/gone.jpg")


def test_a_missing_sample_skips_outside_ci_and_says_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(conftest, "SHARED_DATA", tmp_path)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=f"looked in {tmp_path}"):
        conftest.shared_sample("photos/gone.jpg")


def test_the_data_is_looked_for_beside_the_repository_or_where_lat_shared_data_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LAT_SHARED_DATA", str(tmp_path))
    assert conftest._shared_data() == tmp_path
    monkeypatch.delenv("LAT_SHARED_DATA")
    found = conftest._shared_data()
    repository = Path(conftest.__file__).resolve().parents[1]
    assert found.parts[-2:] == ("shared", "data") and repository.is_relative_to(found.parent.parent)
