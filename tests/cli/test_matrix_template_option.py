"""A region's own matrix template is used for the whole follow-up round: matrix, collect and
resolve take --template as build does, so the copies and the merged matrix keep its look."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from helpers import KEY
from yhdyspinta_docs._assets import default_template, example_plan_path
from yhdyspinta_docs.cli import main

WIDTH = 77.0


def _restyled(tmp_path: Path) -> Path:
    """The bundled matrix template with a wider Toimenpide column, saved as Excel saves it."""
    wb = load_workbook(default_template("matrix"))
    wb["Seuranta"].column_dimensions["B"].width = WIDTH
    path = tmp_path / "oma_matriisi.xlsx"
    wb.save(path)
    return path


def _width(path: Path) -> float:
    wb = load_workbook(path)
    sheet = next(ws for ws in wb.worksheets if ws["A1"].value in ("Tunnus", "Kod"))
    return float(sheet.column_dimensions["B"].width)


def test_the_round_keeps_the_regions_template(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(example_plan_path().read_text("utf-8"), "utf-8")
    key = tmp_path / "plan.yaml.key"
    key.write_text(KEY.hex() + "\n")
    own = _restyled(tmp_path)
    copies = tmp_path / "kopiot"
    assert main(["matrix", str(plan), "--for-each-party", "-o", str(copies),
                 "--template", str(own)]) == 0
    assert {_width(p) for p in copies.iterdir()} == {WIDTH}
    merged = tmp_path / "koottu.xlsx"
    assert main(["collect", str(plan), str(copies / "seurantamatriisi_jamsa.xlsx"),
                 "-o", str(merged), "--template", f"matrix={own}"]) == 0
    assert _width(merged) == WIDTH
    assert main(["collect", str(plan), str(copies / "seurantamatriisi_jamsa.xlsx"),
                 "-o", str(tmp_path / "bundled.xlsx")]) == 0
    assert _width(tmp_path / "bundled.xlsx") != WIDTH
    capsys.readouterr()
    assert main(["collect", str(plan), str(copies), "-o", str(tmp_path / "x.xlsx"),
                 "--template", "decision=oma.docx"]) == 2
    assert "only the matrix template is used here" in capsys.readouterr().err
    assert main(["matrix", str(plan), "-o", str(tmp_path / "y.xlsx"),
                 "--template", str(tmp_path / "puuttuu.xlsx")]) == 3
    assert "puuttuu.xlsx" in capsys.readouterr().err
    assert not (tmp_path / "y.xlsx").exists()
