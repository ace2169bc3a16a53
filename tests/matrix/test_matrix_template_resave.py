"""The bundled matrix template re-saved by LibreOffice Calc still makes matrices that work.

Coordinators restyle the committed templates/matrix.xlsx in Excel or LibreOffice. This saves it
through Calc (``soffice --headless --convert-to xlsx``), as a user who opened and saved it
would, and uses the result as the matrix template: the template check passes, a party's copy is
made from it with the same rows and cells as from the original, and that copy is read back.
"""

from __future__ import annotations

import io
import subprocess
from copy import copy
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from helpers import KEY
from yhdyspinta_docs.matrix import read_matrix, write_matrix
from yhdyspinta_docs.output._pdf import soffice_path
from yhdyspinta_docs.plan import PlanFile
from yhdyspinta_docs.word import check_template

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "templates" / "matrix.xlsx"

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def resaved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    soffice = soffice_path()
    work = tmp_path_factory.mktemp("resave")
    source = work / "in" / "matrix.xlsx"
    source.parent.mkdir()
    source.write_bytes(TEMPLATE.read_bytes())
    profile = (work / "profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(work),
                    str(source)], check=True, capture_output=True, timeout=180)
    out = work / "matrix.xlsx"
    assert out.is_file() and out.read_bytes() != TEMPLATE.read_bytes()
    return out


def _cells(data: bytes) -> dict[str, list[list[object]]]:
    wb = load_workbook(io.BytesIO(data))
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()]
            for ws in wb.worksheets if ws.sheet_state == "visible"}


def test_resaved_template_passes_the_check(resaved: Path) -> None:
    assert check_template(resaved, "matrix") == []


def test_resaved_template_makes_the_same_matrix(resaved: Path, example_plan: PlanFile,
                                                tmp_path: Path) -> None:
    original = write_matrix(example_plan, key=KEY, party="joutsa")
    restyled = write_matrix(example_plan, key=KEY, party="joutsa", template=resaved)
    assert restyled.followup == original.followup
    assert _cells(restyled.data) == _cells(original.data)
    sent = tmp_path / "joutsa.xlsx"
    sent.write_bytes(restyled.data)
    assert read_matrix(sent, example_plan, key=KEY).rows == original.followup.rows


def _look(cell: Any) -> tuple[object, ...]:
    return (copy(cell.font), copy(cell.fill), copy(cell.border), copy(cell.alignment),
            cell.number_format, copy(cell.protection))


def test_resaved_template_rows_keep_the_style_row_look(resaved: Path,
                                                       example_plan: PlanFile) -> None:
    # Calc renumbers the style records, so openpyxl cannot name the style row's styles:
    # the writer copies each attribute instead, and every row still looks like row 2
    ws = load_workbook(io.BytesIO(write_matrix(example_plan, key=KEY, template=resaved)
                                  .data))["Seuranta"]
    assert ws.max_row > 40
    for column in ws.iter_cols(min_row=2, max_row=ws.max_row):
        assert all(_look(c) == _look(column[0]) for c in column), column[0].coordinate
    updated = [c for c in ws[1] if c.value == "Päivitetty"][0].column
    assert ws.cell(ws.max_row, updated).protection.locked is False
    assert "yyyy" in ws.cell(ws.max_row, updated).number_format
    assert ws.cell(ws.max_row, 1).protection.locked is True
