"""The accessibility check finds what it claims to, and every output of ours passes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from openpyxl import Workbook

from helpers import KEY
from yhdyspinta_docs._build import BuildOptions, build
from yhdyspinta_docs.output import check_accessibility
from yhdyspinta_docs.output._accessibility import check_docx, check_xlsx


def _bad_docx(path: Path) -> Path:
    doc = Document()
    doc.core_properties.title = ""
    doc.add_heading("Otsikko", level=1)
    doc.add_heading("Liian syvä", level=3)
    doc.add_paragraph("1. kirjoitettu numero")
    doc.add_paragraph("")
    doc.add_paragraph("teksti")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1))
    doc.save(str(path))
    return path


def test_docx_findings(tmp_path: Path) -> None:
    found = "\n".join(str(i) for i in check_docx(_bad_docx(tmp_path / "bad.docx")))
    assert "no title property" in found
    assert "heading level 3 after level 1 skips a level" in found
    assert "typed list marker" in found
    assert "empty paragraph used for spacing" in found
    assert "header row does not repeat" in found
    assert "merged cells" in found


def test_style_named_like_a_pdf_structure_type(tmp_path: Path) -> None:
    doc = Document()
    doc.styles.add_style("Figure", WD_STYLE_TYPE.PARAGRAPH)
    doc.add_paragraph("kuva", style="Figure")
    doc.add_paragraph("toinen kuva", style="Figure")
    doc.core_properties.title = "Kuvat"
    path = tmp_path / "figure.docx"
    doc.save(str(path))
    found = [str(i) for i in check_docx(path)]
    assert found == ["figure.docx: paragraph 1: paragraph style 'Figure' is exported to a "
                     "tagged PDF as a /Figure element (without alt text); rename the style, "
                     "e.g. 'Kuvio'"]


def test_xlsx_findings(tmp_path: Path) -> None:
    from openpyxl.styles import PatternFill
    from openpyxl.worksheet.table import Table

    wb = Workbook()
    ws = wb.active
    ws.append(["Tunnus", "Tilanne"])
    ws.append(["a", None])
    ws.append(["b", "Valmis"])
    ws["B2"].fill = PatternFill("solid", fgColor="FFFF0000")
    ws.add_table(Table(displayName="T", ref="A1:B3"))
    ws.merge_cells("A2:A3")
    wb.create_sheet("Tyhjä")
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    found = "\n".join(str(i) for i in check_xlsx(path))
    assert "no title property" in found
    assert "merged cells in the data table" in found
    assert "bad.xlsx: Sheet!B2: a coloured cell without text" in found
    assert "bad.xlsx: Tyhjä: empty sheet" in found


@pytest.mark.parametrize("example", ["keski-suomi", "pohjanmaa"])
@pytest.mark.parametrize("options", [BuildOptions(key=KEY), BuildOptions(key=KEY, public=True),
                                     BuildOptions(key=KEY, for_each_party=True, drafts=True)])
def test_every_output_passes(example: str, tmp_path: Path, options: BuildOptions) -> None:
    from yhdyspinta_docs._assets import example_plan_path
    from yhdyspinta_docs.plan._loader import load_plan

    result = build(load_plan(example_plan_path(example)), tmp_path, options)
    files = [p for p in result.paths if p.suffix in (".docx", ".xlsx")]
    assert files
    assert [str(i) for i in check_accessibility(files)] == []


def test_default_templates_pass() -> None:
    from yhdyspinta_docs._assets import TEMPLATE_FILES, bundled_path

    paths = [bundled_path("templates", name) for name in TEMPLATE_FILES.values()]
    present = [p for p in paths if p is not None]
    assert present
    # templates hold Jinja tags, not content: only the properties and structure are judged
    findings = [i for i in check_accessibility(present)
                if "typed list" not in i.what and "empty paragraph" not in i.what]
    assert [str(i) for i in findings] == []
