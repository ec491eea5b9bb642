"""Importing police.uk street-level files: real format and quirks, replacement of a month, refusals."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from safeguarding.crime.importer import import_police_data
from safeguarding.crime.police_csv import HEADER, PoliceDataError, read_police_bytes
from safeguarding.store import Store
from tests.crime.police_files import csv_text, map_points, months_of, street_rows, write_archive, write_street_csv
from tests.maps.conftest import BRENCHLEY

POINTS = map_points(BRENCHLEY, 50, 0.003)


def _count(store: Store) -> int:
    return int(store.db.execute("SELECT count(*) FROM crime_records").fetchone()[0])


def test_a_month_is_imported_with_asb_rows_and_rows_without_a_position(store: Store, tmp_path: Path) -> None:
    rows = street_rows("2025-01", 300, POINTS, no_position_share=0.1)
    asb = [row for row in rows if row[9] == "Anti-social behaviour"]
    assert asb and all(row[0] == "" for row in asb)  # the real quirk: no Crime ID
    no_position = sum(1 for row in rows if row[4] == "")
    assert no_position > 0
    path = write_street_csv(tmp_path, "2025-01", rows)
    report = import_police_data(store.crime, [path])
    (item,) = report.imported
    assert (item.month, item.reported_by, item.records, item.without_position, item.refused) == (
        "2025-01",
        "Kent Police",
        300 - no_position,
        no_position,
        0,
    )
    assert _count(store) == 300 - no_position
    assert report.lines()[0].startswith(f"2025-01 Kent Police: {300 - no_position:,} records imported")


def test_reimporting_a_month_replaces_it_never_doubles(store: Store, tmp_path: Path) -> None:
    first = write_street_csv(tmp_path, "2025-02", street_rows("2025-02", 100, POINTS, no_position_share=0))
    import_police_data(store.crime, [first])
    again = write_street_csv(tmp_path, "2025-02", street_rows("2025-02", 120, POINTS, seed=2, no_position_share=0))
    report = import_police_data(store.crime, [again])
    assert report.imported[0].replaced and "replacing the earlier copy" in report.lines()[0]
    assert _count(store) == 120
    assert [(i.month, i.records) for i in store.crime.imports()] == [("2025-02", 120)]


def test_the_zip_police_uk_provides_is_read_and_other_files_skipped(store: Store, tmp_path: Path) -> None:
    files = {
        f"{m}/{m}-kent-street.csv": csv_text(street_rows(m, 50, POINTS, no_position_share=0))
        for m in months_of("2025-01", 3)
    }
    files["2025-01/2025-01-kent-outcomes.csv"] = "Crime ID,Month,Reported by,Falls within\n"
    files["2025-01/2025-01-kent-stop-and-search.csv"] = "Type,Date\n"
    archive = write_archive(tmp_path / "download.zip", files)
    report = import_police_data(store.crime, [archive])
    assert [i.month for i in report.imported] == ["2025-01", "2025-02", "2025-03"]
    assert len(report.skipped) == 2 and "not street-level crime files" in report.lines()[-1]
    assert _count(store) == 150


def test_a_half_downloaded_zip_imports_nothing(store: Store, tmp_path: Path) -> None:
    files = {f"{m}/{m}-kent-street.csv": csv_text(street_rows(m, 200, POINTS)) for m in months_of("2025-01", 2)}
    archive = write_archive(tmp_path / "download.zip", files)
    data = archive.read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(data[: len(data) * 2 // 3])
    report = import_police_data(store.crime, [cut])
    assert report.imported == [] and _count(store) == 0
    assert "not a complete zip archive" in report.refused[0][1]


def test_a_damaged_member_of_a_zip_is_refused_and_the_others_kept(store: Store, tmp_path: Path) -> None:
    files = {
        f"{m}/{m}-kent-street.csv": csv_text(street_rows(m, 80, POINTS, no_position_share=0))
        for m in months_of("2025-01", 2)
    }
    archive = write_archive(tmp_path / "download.zip", files)
    with zipfile.ZipFile(archive) as handle:
        info = handle.getinfo("2025-02/2025-02-kent-street.csv")
    data = bytearray(archive.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + 20
    data[start : start + 8] = b"XXXXXXXX"  # damage the compressed bytes of the second member
    archive.write_bytes(bytes(data))
    report = import_police_data(store.crime, [archive])
    assert [i.month for i in report.imported] == ["2025-01"]
    assert report.refused and report.refused[0][0].endswith("2025-02-kent-street.csv")
    assert _count(store) == 80


def test_wrong_header_and_mixed_months_are_refused_whole(store: Store, tmp_path: Path) -> None:
    wrong = tmp_path / "2025-01-kent-outcomes.csv"
    wrong.write_text(
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type\n"
    )
    mixed_rows = street_rows("2025-01", 50, POINTS) + street_rows("2025-02", 50, POINTS)
    mixed = write_street_csv(tmp_path, "2025-01", mixed_rows)
    good = write_street_csv(tmp_path, "2025-03", street_rows("2025-03", 40, POINTS, no_position_share=0))
    report = import_police_data(store.crime, [wrong, mixed, good])
    refused = dict(report.refused)
    assert "not a police.uk street-level crime file" in refused[wrong.name]
    assert "mixes months (2025-01, 2025-02)" in refused[mixed.name]
    assert [i.month for i in report.imported] == ["2025-03"] and _count(store) == 40
    assert any(line.startswith(f"Not imported: {mixed.name}") for line in report.lines())


def test_rows_with_impossible_positions_are_refused_with_why() -> None:
    rows = street_rows("2025-04", 5, POINTS, no_position_share=0)
    rows[1][5] = "abc"
    rows[3][4] = "999"
    rows[4][9] = ""
    parsed = read_police_bytes("x.csv", ("\ufeff" + csv_text(rows)).encode())
    assert parsed.refused == 3 and len(parsed.records) == 2
    assert parsed.reasons[0].startswith("line 3: position")
    assert "no crime type" in parsed.reasons[2]


def test_not_text_or_empty_files_are_refused() -> None:
    with pytest.raises(PoliceDataError, match="not a text"):
        read_police_bytes("x.csv", b"\xff\xfe\x00bad")
    with pytest.raises(PoliceDataError, match="holds no records"):
        read_police_bytes("x.csv", (",".join(HEADER) + "\r\n").encode())
    with pytest.raises(PoliceDataError, match="is empty"):
        read_police_bytes("x.csv", b"")


def test_police_rows_are_not_copied_into_the_audit_trail(store: Store, tmp_path: Path) -> None:
    path = write_street_csv(tmp_path, "2025-05", street_rows("2025-05", 60, POINTS))
    before = store.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    import_police_data(store.crime, [path])
    tables = [row[0] for row in store.db.execute("SELECT table_name FROM audit_log").fetchall()[before:]]
    assert tables == ["crime_imports"]  # the import is audited, its rows are not
