"""The action plan CSV: opens with the csv module, ISO dates, non-ASCII intact, atomic."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from safeguarding.errors import ExportError
from safeguarding.store import Store
from safeguarding.workflows.action_plan import HEADERS, write_action_plan_csv
from tests.plan.conftest import Planned


def test_csv_reads_back(planned: Planned, plan_store: Store, tmp_path: Path) -> None:
    plan_store.plan.update_action(
        replace(planned.action, lead="Łukasz Wiśniewski (fictional)", measure="Log — ≥ 4 days; «café»")
    )
    assessment = plan_store.assessments.get(planned.assessment.id)
    assert assessment.plan is not None
    out = write_action_plan_csv(tmp_path / "plan.csv", planned.location, assessment, assessment.plan, date(2026, 12, 5))
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0].keys()) == list(HEADERS)
    assert len(rows) == 1
    row = rows[0]
    assert row["Lead"] == "Łukasz Wiśniewski (fictional)"
    assert row["How success will be measured"] == "Log — ≥ 4 days; «café»"
    assert row["Due date"] == "2026-12-01" and row["Assessment start date"] == "2026-10-06"
    assert row["Overdue"] == "Yes" and row["Status"] == "Not started"
    assert row["Owner agency"] == "Police" and row["Side of the triangle"] == "Guardianship"
    assert row["Last update date"] == "2026-11-30"
    date.fromisoformat(row["Last update date"])
    assert not out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_csv_failure_leaves_existing_file(planned: Planned, plan_store: Store, tmp_path: Path) -> None:
    assessment = plan_store.assessments.get(planned.assessment.id)
    assert assessment.plan is not None
    with pytest.raises(ExportError, match="does not exist"):
        write_action_plan_csv(tmp_path / "no" / "x.csv", planned.location, assessment, assessment.plan, date.today())
    existing = tmp_path / "x.csv"
    existing.write_text("old", encoding="utf-8")
    (tmp_path / "x.csv.dir").mkdir()
    with pytest.raises(ExportError):
        write_action_plan_csv(tmp_path / "x.csv.dir", planned.location, assessment, assessment.plan, date.today())
    assert existing.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("x.", ".x."))) == ["x.csv", "x.csv.dir"]
