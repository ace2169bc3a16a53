"""Archive rows (Arkisto) keep what they were: the measure title, the party name and the last
values, archived on the date of the merge that archived them (never before their entries)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_collect import fill
from test_matrix import changed_plan

from helpers import KEY
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.matrix import Status, collect, read_matrix, write_matrix
from yhdyspinta_docs.plan._loader import load_plan
from yhdyspinta_docs.plan._model import PlanFile

SENT = dt.date(2026, 3, 2)
MERGED = dt.date(2026, 9, 15)


@pytest.fixture(scope="module")
def pf() -> PlanFile:
    return load_plan(example_plan_path())


def _merged(pf: PlanFile, tmp_path: Path) -> Path:
    """The coordinator's merged matrix of 15.9.2026 with an entry on tietopohja/joutsa."""
    copy = write_matrix(pf, key=KEY, date=SENT).data
    wb = fill(copy, {"tietopohja/joutsa": {"Tilanne": "Valmis", "Tilannekuvaus": "Valmistui",
                                           "Päivitetty": "1.7.2026", "Yhteyshenkilö": "Liisa"}})
    wb.save(tmp_path / "palautettu.xlsx")
    result = collect(pf, [tmp_path / "palautettu.xlsx"], key=KEY, date=MERGED,
                     allow_combined=True)
    path = tmp_path / "koottu.xlsx"
    path.write_bytes(result.workbook)
    return path


def test_archived_row_keeps_title_party_and_values(pf: PlanFile, tmp_path: Path) -> None:
    merged = _merged(pf, tmp_path)
    changed = changed_plan(pf, version="2", drop=("tietopohja",))
    previous = read_matrix(merged, changed, key=KEY)
    # the plan's own date (1.1.2026) is earlier than the merge and the entry
    result = write_matrix(changed, key=KEY, previous=previous, date=dt.date(2026, 1, 1))
    entry = next(a for a in result.archived if a.key == "tietopohja/joutsa")
    assert entry.measure and entry.measure.startswith("Tietopohja")
    assert entry.measure == str(next(r for r in write_matrix(pf, key=KEY, date=SENT)
                                     .followup.rows if r.key == "tietopohja/joutsa").measure)
    assert entry.party == "Joutsan kunta"
    assert (entry.status, entry.description, entry.updated, entry.contact) == (
        Status.DONE, "Valmistui", dt.date(2026, 7, 1), "Liisa")
    assert entry.archived_on == MERGED  # the merged file's date, not the plan's
    arch = load_workbook(io.BytesIO(result.data))["Arkisto"]
    head = {c.value: c.column for c in arch[1]}
    row = next(r for r in range(2, arch.max_row + 1)
               if arch.cell(r, head["Tunnus"]).value == "tietopohja/joutsa")
    assert arch.cell(row, head["Toimenpide"]).value == entry.measure
    assert arch.cell(row, head["Vastuutaho"]).value == "Joutsan kunta"
    assert arch.cell(row, head["Arkistoitu"]).value == dt.datetime(2026, 9, 15)


def test_archive_date_is_the_date_given(pf: PlanFile, tmp_path: Path) -> None:
    merged = _merged(pf, tmp_path)
    changed = changed_plan(pf, version="2", drop=("tietopohja",))
    result = write_matrix(changed, key=KEY, previous=read_matrix(merged, changed, key=KEY),
                          date=dt.date(2027, 2, 1), archive_date=dt.date(2027, 2, 1))
    entry = next(a for a in result.archived if a.key == "tietopohja/joutsa")
    assert entry.archived_on == dt.date(2027, 2, 1)


def test_archive_date_never_before_the_entry(pf: PlanFile, tmp_path: Path) -> None:
    copy = write_matrix(pf, key=KEY, date=SENT).data
    wb = fill(copy, {"tietopohja/joutsa": {"Tilannekuvaus": "Myöhään",
                                           "Päivitetty": "1.10.2026"}})
    wb.save(tmp_path / "palautettu.xlsx")
    merged = tmp_path / "koottu.xlsx"
    merged.write_bytes(collect(pf, [tmp_path / "palautettu.xlsx"], key=KEY, date=MERGED,
                               allow_combined=True).workbook)
    changed = changed_plan(pf, version="2", drop=("tietopohja",))
    result = write_matrix(changed, key=KEY, previous=read_matrix(merged, changed, key=KEY),
                          date=dt.date(2026, 1, 1))
    entry = next(a for a in result.archived if a.key == "tietopohja/joutsa")
    assert entry.archived_on == dt.date(2026, 10, 1)
