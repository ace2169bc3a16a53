"""A matrix or a merged matrix made through the Python API without a date is dated by the plan
(`PlanFile.dated`), as the command line dates it: the same plan gives the same bytes on any
day, never the clock's."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from yhdyspinta_docs.matrix import collect, write_matrix
from yhdyspinta_docs.plan import PlanFile, load_plan

ROOT = Path(__file__).resolve().parents[2]
KEY = b"d" * 32


@pytest.fixture(scope="module")
def plan() -> PlanFile:
    return load_plan(ROOT / "examples" / "keski-suomi" / "plan.yaml")


def test_the_plan_gives_the_date(plan: PlanFile) -> None:
    # the plan's own date, else the meeting's, else the agreement's start
    assert plan.plan.date is None and plan.item.handling.meeting_date is None
    assert plan.dated == plan.agreement.valid_from == dt.date(2026, 1, 1)
    handling = plan.item.handling.model_copy(update={"meeting_date": dt.date(2026, 3, 23)})
    met = plan.model_copy(update={"item": plan.item.model_copy(update={"handling": handling})})
    assert met.dated == dt.date(2026, 3, 23)
    dated = met.model_copy(update={"plan": plan.plan.model_copy(
        update={"date": dt.date(2026, 2, 10)})})
    assert dated.dated == dt.date(2026, 2, 10)


def test_write_matrix_without_a_date_is_dated_by_the_plan(plan: PlanFile) -> None:
    made = write_matrix(plan, key=KEY, party="muurame").data
    assert made == write_matrix(plan, key=KEY, party="muurame", date=plan.dated).data
    created = load_workbook(io.BytesIO(made)).properties.created
    assert created is not None and created.date() == plan.dated


def test_collect_without_a_date_is_dated_by_the_plan(plan: PlanFile, tmp_path: Path) -> None:
    path = tmp_path / "seurantamatriisi_muurame.xlsx"
    path.write_bytes(write_matrix(plan, key=KEY, party="muurame", date=plan.dated).data)
    merged = collect(plan, [path], key=KEY).workbook
    assert merged == collect(plan, [path], key=KEY, date=plan.dated).workbook
    created = load_workbook(io.BytesIO(merged)).properties.created
    assert created is not None and created.date() == plan.dated
