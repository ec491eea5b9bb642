"""``import-map`` and ``import-crime`` on the command line, run as a user would, with real files."""

from __future__ import annotations

from pathlib import Path

from safeguarding.demo import build_demo_database
from safeguarding.maps.offline import maps_dir
from safeguarding.store import open_store
from tests.app.test_cli import assert_plain_failure, run
from tests.crime.police_files import map_points, street_rows, write_street_csv
from tests.maps.conftest import BRENCHLEY
from tests.maps.vector_tiles import make_pmtiles, make_vector_mbtiles


def test_import_map_copies_a_vector_map_and_names_the_places_it_covers(tmp_path: Path) -> None:
    database = build_demo_database(tmp_path / "demo.sqlite3")
    source = make_vector_mbtiles(tmp_path / "zoomstack.mbtiles", BRENCHLEY, schema="zoomstack")
    result = run("import-map", database, source)
    assert result.returncode == 0, result.stderr
    assert "vector tiles" in result.stdout and "Contains OS data © Crown copyright" in result.stdout
    assert "Brenchley Gardens" in result.stdout
    assert (maps_dir() / "zoomstack.mbtiles").is_file()


def test_import_map_refuses_what_is_not_a_map_or_covers_nothing(tmp_path: Path) -> None:
    database = build_demo_database(tmp_path / "demo.sqlite3")
    text = tmp_path / "notes.pmtiles"
    text.write_text("not a map", encoding="utf-8")
    assert_plain_failure(run("import-map", database, text), 1, "is not an offline map")
    elsewhere = make_pmtiles(tmp_path / "manchester.pmtiles", (53.48, -2.24))
    assert_plain_failure(run("import-map", database, elsewhere), 1, "none of the", "Nothing was imported")
    assert not maps_dir().exists() or list(maps_dir().iterdir()) == []


def test_import_crime_prints_months_rows_positions_and_refusals(tmp_path: Path) -> None:
    database = build_demo_database(tmp_path / "demo.sqlite3")
    points = map_points(BRENCHLEY, 20, 0.002)
    good = write_street_csv(tmp_path, "2025-01", street_rows("2025-01", 100, points, no_position_share=0.05))
    bad_rows = street_rows("2025-02", 10, points, no_position_share=0)
    bad_rows[2][5] = "north"
    refused_row = write_street_csv(tmp_path, "2025-02", bad_rows)
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    result = run("import-crime", database, good, refused_row, wrong)
    assert result.returncode == 1  # a file was refused
    out = result.stdout
    assert "2025-01 Kent Police:" in out and "without a position" in out
    assert "2025-02 Kent Police: 9 records imported" in out and "line 4: position" in out
    assert "Not imported: wrong.csv: is not a police.uk street-level crime file" in out
    store = open_store(database)
    try:
        kent = [i.month for i in store.crime.imports() if i.reported_by == "Kent Police"]
        assert kent == ["2025-01", "2025-02"]  # beside the demo's invented "Demo Police (fictional)" months
    finally:
        store.close()
    again = run("import-crime", database, good)
    assert again.returncode == 0 and "replacing the earlier copy" in again.stdout
