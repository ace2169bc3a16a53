"""Copies as LibreOffice Calc saves them after what Calc lets a party do.

Calc keeps a sheet's protection but not the workbook's structure lock in an .xlsx: a party can
rename the sheet, and after deleting a row (the sheet unprotected) Calc writes the sheet's last
row, empty, into the file. Neither is a reason to refuse a copy or to warn of changes nobody made.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from helpers import KEY, type_rows
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.matrix import Status, collect, write_matrix
from yhdyspinta_docs.plan import PlanFile, load_plan

WHEN, LATER = dt.date(2026, 3, 2), dt.date(2026, 9, 15)


@pytest.fixture(scope="module")
def keski_suomi() -> PlanFile:
    return load_plan(example_plan_path())


@pytest.fixture(scope="module")
def pohjanmaa() -> PlanFile:
    return load_plan(example_plan_path().parents[1] / "pohjanmaa" / "plan.yaml")


def _with_last_row_of_calc(path: Path, sheet: str) -> None:
    """Add to `sheet` of the workbook `path` the empty last row that Calc writes after a row
    was deleted (``<row r="1048576" …/>``, no cells)."""
    wb = load_workbook(path, read_only=True)
    index = wb.sheetnames.index(sheet)
    wb.close()
    part = f"xl/worksheets/sheet{index + 1}.xml"  # openpyxl saves the sheets in their order
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    parts[part], n = re.subn(rb"</sheetData>", b'<row r="1048576" ht="12.8" '
                             b'customHeight="false"></row></sheetData>', parts[part])
    assert n == 1
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def test_a_row_deleted_in_calc_is_a_warning_not_a_refusal(keski_suomi: PlanFile,
                                                          tmp_path: Path) -> None:
    wb = load_workbook(io.BytesIO(write_matrix(keski_suomi, key=KEY, party="petajavesi",
                                               date=WHEN).data))
    ws = wb["Seuranta"]
    type_rows(ws, {"asuminen/petajavesi": {"Tilanne": "Valmis", "Päivitetty": "1.9.2026"}})
    last = ws.max_row
    gone = ws.cell(last, 1).value
    ws.protection.sheet = False
    ws.delete_rows(last)  # as Delete Rows does
    path = tmp_path / "petajavesi.xlsx"
    wb.save(path)
    _with_last_row_of_calc(path, "Seuranta")

    result = collect(keski_suomi, [path], key=KEY, date=LATER)
    [row] = [r for r in result.data.rows if r.key == "asuminen/petajavesi"]
    assert row.status is Status.DONE and row.updated == dt.date(2026, 9, 1)
    assert any(w.startswith(f"petajavesi.xlsx has no row {gone} (deleted from the file?)")
               for w in result.warnings), result.warnings
    assert "petajavesi" not in result.not_returned


@pytest.mark.parametrize(("party", "renamed"), [("pedersore", "Uppföljning"),
                                                ("vaasa", "Vaasa seuranta")])
def test_a_renamed_sheet_keeps_the_copys_languages(pohjanmaa: PlanFile, tmp_path: Path,
                                                   party: str, renamed: str) -> None:
    wb = load_workbook(io.BytesIO(write_matrix(pohjanmaa, key=KEY, party=party,
                                               date=WHEN).data))
    [title] = [t for t in wb.sheetnames if t.startswith("Seuranta")]
    ws = wb[title]
    key = str(ws.cell(2, 1).value)
    status = next(str(c.value) for c in ws[1] if str(c.value).startswith("Tilanne"))
    type_rows(ws, {key: {status: "Klar"}})
    ws.title = renamed
    path = tmp_path / f"{party}.xlsx"
    wb.save(path)

    result = collect(pohjanmaa, [path], key=KEY, date=LATER)
    assert result.warnings == [], result.warnings  # no locked cell "differs" from the plan
    assert [r.status for r in result.data.rows if r.key == key] == [Status.DONE]


def test_a_locked_cell_changed_on_a_renamed_sheet_is_still_found(keski_suomi: PlanFile,
                                                                 tmp_path: Path) -> None:
    wb = load_workbook(io.BytesIO(write_matrix(keski_suomi, key=KEY, party="jamsa",
                                               date=WHEN).data))
    ws = wb["Seuranta"]
    key = str(ws.cell(2, 1).value)
    type_rows(ws, {key: {"Vastuutaho": "Jämsän kaupunki ja Kuhmoinen"}})
    ws.title = "Jämsä seuranta"
    path = tmp_path / "jamsa.xlsx"
    wb.save(path)

    result = collect(keski_suomi, [path], key=KEY, date=LATER)
    assert any("'Jämsä seuranta'!C2" in w and "Jämsän kaupunki ja Kuhmoinen" in w
               and "was not applied" in w for w in result.warnings), result.warnings


def test_entries_typed_on_a_copied_sheet_are_named(keski_suomi: PlanFile,
                                                   tmp_path: Path) -> None:
    # the whole answer typed on a copy of the sheet (Calc's Move or Copy Sheet: Seuranta_2) is
    # not read: the warning names its rows, apart from a page of notes
    wb = load_workbook(io.BytesIO(write_matrix(keski_suomi, key=KEY, party="luhanka",
                                               date=WHEN).data))
    copy = wb.copy_worksheet(wb["Seuranta"])
    copy.title = "Seuranta_2"
    type_rows(copy, {"asuminen/luhanka": {"Tilanne": "Valmis"},
                     "tietopohja/luhanka": {"Tilannekuvaus": "Kartoitus tehty."}})
    wb.create_sheet("Muistiinpanot")["A1"] = "omia huomioita"
    path = tmp_path / "luhanka.xlsx"
    wb.save(path)

    result = collect(keski_suomi, [path], key=KEY, date=LATER)
    assert [w for w in result.warnings if "sheet '" in w] == [
        "luhanka.xlsx: sheet 'Seuranta_2' is a copy of the sheet Seuranta with entries on rows "
        "asuminen/luhanka, tietopohja/luhanka, which were not read and are not in the merged "
        "matrix; type them on the sheet Seuranta itself (or copy them there) and send the file "
        "again",
        "luhanka.xlsx: sheet 'Muistiinpanot' is not a sheet of the matrix, so its contents were "
        "not read and are not in the merged matrix; type entries into the matrix's own columns "
        "on the sheet Seuranta (a note goes in Tilannekuvaus), or keep them in a file of its "
        "own"]
    own = [r for r in result.data.rows if r.key.endswith("/luhanka")]
    assert own and all(r.status is None and r.description is None for r in own)
