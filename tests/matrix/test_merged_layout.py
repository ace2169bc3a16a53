"""The merged matrix as it is printed and read on screen: the line about unresolved conflicts
wraps within the printed width (a line that ran on shrank the conflicts page to unreadable and
was cut off at the summary's edge), the summary's rows are high enough for their text in
both languages, and the table by party starts a page of its own.
"""

from __future__ import annotations

import io
import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet
from test_collect import LATER, party_file

from helpers import KEY
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.matrix import collect, write_matrix
from yhdyspinta_docs.plan import PlanFile, load_plan


@pytest.fixture(scope="module")
def pf() -> PlanFile:
    return load_plan(example_plan_path())


@pytest.fixture(scope="module")
def bilingual() -> PlanFile:
    return load_plan(example_plan_path("pohjanmaa"))


def _merged(pf: PlanFile, tmp_path: Path, party: str, key: str) -> bytes:
    """A merged matrix, in the plan's languages, with one conflict (copies in Finnish)."""
    a = party_file(pf, party, tmp_path, {key: {"Tilanne": "Valmis"}}, name="a.xlsx",
                   langs=("fi",))
    b = party_file(pf, party, tmp_path, {key: {"Tilanne": "Viivästynyt"}}, name="b.xlsx",
                   langs=("fi",))
    result = collect(pf, [a, b], key=KEY, date=LATER)
    assert len(result.conflicts) == 1
    return result.workbook


def _width(ws: Worksheet, last: str) -> float:
    return sum(ws.column_dimensions[c].width or 8.43 for c in "ABCDEFGHI"[:"ABCDEFGHI".index(
        last) + 1])


EXCEL_LINE = {11.0: 15.0, 12.0: 15.75}
"""Excel's height of a line of Calibri of each size (its default row height for the font)."""
MOST_A_LINE = 1.4
"""At most this many characters of an 11-point line per unit of column width: LibreOffice
shows 125 to 138 characters of the instructions in a column 100 wide."""


def _assert_notice(ws: Worksheet, row: int, last: str) -> None:
    """The line at `row` is wrapped in one cell over A..`last`, high enough for its lines in
    the cell's font (Excel's line height for its size), and not two lines more."""
    text = ws.cell(row, 1).value
    assert isinstance(text, str) and "yhdyspinta-docs resolve" in text
    assert f"A{row}:{last}{row}" in {str(r) for r in ws.merged_cells.ranges}
    cell = ws.cell(row, 1)
    assert cell.alignment.wrap_text and cell.alignment.vertical == "top"
    size = float(cell.font.sz or 11)
    # at least as many lines as the merged width holds characters at the cell's size
    most = _width(ws, last) * MOST_A_LINE * 11 / size
    lines = sum(math.ceil(len(part) / most) for part in text.split("\n"))
    assert lines >= 2
    height = ws.row_dimensions[row].height or 0
    assert lines * EXCEL_LINE[size] <= height <= (lines + 2) * EXCEL_LINE[size], (lines, height)


def test_the_conflicts_line_wraps_within_the_printed_width(pf: PlanFile, tmp_path: Path) -> None:
    wb = load_workbook(io.BytesIO(_merged(pf, tmp_path, "joutsa", "asuminen/joutsa")))
    _assert_notice(wb["Ristiriidat"], 1, "I")
    _assert_notice(wb["Yhteenveto"], 3, "I")
    # no merged cell overlaps the table below it (Excel would repair the file, and screen
    # readers keep the table's columns)
    ws = wb["Ristiriidat"]
    table = CellRange(ws.tables["Ristiriidat"].ref)
    assert ws.merged_cells.ranges and all(table.isdisjoint(r) for r in ws.merged_cells.ranges)


def test_bilingual_conflicts_line_and_headers_fit(bilingual: PlanFile, tmp_path: Path) -> None:
    wb = load_workbook(io.BytesIO(_merged(bilingual, tmp_path, "vaasa",
                                          "tyollisyys/vaasa")))
    ws = wb["Ristiriidat – Konflikter"]
    _assert_notice(ws, 1, "I")
    assert ws["C3"].value == "Lähetetty arvo / Skickat värde"  # wraps in its column
    assert (ws.row_dimensions[3].height or 0) >= 30
    _assert_notice(wb["Yhteenveto – Sammandrag"], 3, "I")


def test_bilingual_summary_rows_are_high_enough_for_their_text(bilingual: PlanFile) -> None:
    ws = load_workbook(io.BytesIO(write_matrix(bilingual, key=KEY, date=LATER).data))[
        "Yhteenveto – Sammandrag"]
    head = next(r for r in range(1, ws.max_row + 1)
                if ws.cell(r, 1).value == "Vastuutaho / Ansvarig part")
    # 'Ei merkintää / Ingen anteckning' in a column 13 characters wide: three lines
    assert ws.cell(head, 6).value == "Ei merkintää / Ingen anteckning"
    assert (ws.row_dimensions[head].height or 0) == 3 * 15  # three lines of 11 points
    rows = {ws.cell(r, 1).value: r for r in range(head + 1, ws.max_row + 1)}
    # party names in column A (34 wide) as LibreOffice shows them: on two lines, ...
    for name in ("Pohjanmaan hyvinvointialue / Österbottens välfärdsområde",
                 "Uudenkaarlepyyn kaupunki / Nykarleby stad",
                 "Kristiinankaupungin kaupunki / Kristinestads stad"):
        assert ws.row_dimensions[rows[name]].height == 2 * 15, name
    # ... and on one line: no blank line under them (an 11-point line is the default height)
    for name in ("Pietarsaaren kaupunki / Jakobstads stad", "Vaasan kaupunki / Vasa stad"):
        assert ws.row_dimensions[rows[name]].height is None, name
    # the table by party starts a printed page: its header is not left without its rows
    assert [b.id for b in ws.row_breaks.brk] == [head - 2]


def test_a_partys_copy_prints_its_summary_on_one_page(bilingual: PlanFile) -> None:
    ws = load_workbook(io.BytesIO(write_matrix(bilingual, key=KEY, party="vaasa",
                                               date=LATER).data))["Yhteenveto – Sammandrag"]
    assert not ws.row_breaks.brk


def _printed(workbook: bytes, tmp_path: Path, *options: str) -> list[str]:
    """The pages of `workbook` as LibreOffice Calc prints it (koottu.pdf in `tmp_path`), as
    text by pdftotext with `options`."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    merged = tmp_path / "koottu.xlsx"
    merged.write_bytes(workbook)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(merged)], check=True, capture_output=True, timeout=180)
    return subprocess.run(["pdftotext", *options, str(tmp_path / "koottu.pdf"), "-"],
                          check=True, capture_output=True, text=True).stdout.split("\f")


@pytest.mark.libreoffice
def test_libreoffice_prints_the_whole_conflicts_line(pf: PlanFile, tmp_path: Path) -> None:
    pages = _printed(_merged(pf, tmp_path, "joutsa", "asuminen/joutsa"), tmp_path, "-layout")
    summary = next(p for p in pages if "Rivit tilanteen mukaan" in p or "Yhteenveto" in p
                   and "Ei merkintää" in p)
    words = " ".join(summary.split())
    # the end of the line is printed, not cut off at the edge of the page
    assert "eivät käytä tätä tiedostoa." in words
    first = " ".join(pages[0].split())
    assert "1 ristiriita ratkaisematta" in first and "eivät käytä tätä tiedostoa." in first
    # the conflicts page is printed at a readable size, not shrunk to fit a long line: the
    # words of its table are as high as 11-point text printed at about 85 %
    boxes = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox",
                            str(tmp_path / "koottu.pdf"), "-"],
                           check=True, capture_output=True, text=True).stdout
    heights = [float(y1) - float(y0) for y0, y1 in re.findall(
        r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">asuminen/joutsa<', boxes)]
    assert heights and min(heights) >= 8, heights


def test_rows_are_as_high_as_their_fonts_lines(bilingual: PlanFile) -> None:
    """Each row is fitted with the line height of its cells' font size: the 14-point title
    on two lines (Finnish and Swedish) gets two 14-point lines, short bilingual lines of 11
    points exactly two 11-point lines (no blank line under them in LibreOffice)."""
    wb = load_workbook(io.BytesIO(write_matrix(bilingual, key=KEY, date=LATER).data))
    ws = wb["Ohjeet – Anvisningar"]
    assert ws["A1"].font.sz == 14 and ws["A1"].value.count("\n") == 1
    assert ws.row_dimensions[1].height == 2 * 18.75
    for r in (2, 3, 4):
        value = ws.cell(r, 1).value
        assert value.count("\n") == 1 and all(len(p) < 100 for p in value.split("\n")), value
        assert ws.row_dimensions[r].height == 2 * EXCEL_LINE[11.0], value
    assert ws.cell(5, 1).font.sz == 12  # a subheading on two lines
    assert ws.row_dimensions[5].height == 2 * EXCEL_LINE[12.0]


# slow run: a second print through LibreOffice (the Konflikter line prints in the quick run)
@pytest.mark.slow
@pytest.mark.libreoffice
def test_libreoffice_prints_the_bilingual_instructions_on_one_page(bilingual: PlanFile,
                                                                   tmp_path: Path) -> None:
    """The merged bilingual matrix's Ohjeet sheet (with the lines about Ristiriidat) fits
    one printed page: rows fitted at 15 points a line for every line the text was thought to
    take spilled its last two lines onto a second page."""
    help_pages = [p for p in _printed(_merged(bilingual, tmp_path, "vaasa",
                                              "tyollisyys/vaasa"), tmp_path)
                  if p.strip().startswith("Ohjeet – Anvisningar")]
    assert len(help_pages) == 1, [p[:200] for p in help_pages]
    words = " ".join(help_pages[0].split())
    assert "Den behövs för att sammanföra svaren." in words  # the last line, printed


def test_a_row_key_calc_wraps_gets_a_row_of_two_lines(pf: PlanFile) -> None:
    """Calc wraps ``asuminen/maakuntaliitto`` (23 characters) after its '/' in the key column,
    20 wide: the row is two lines high, so the key is not printed over the next row's."""
    for party in ("maakuntaliitto", None):
        ws = load_workbook(io.BytesIO(write_matrix(pf, key=KEY, party=party,
                                                   date=LATER).data))["Seuranta"]
        rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
        assert ws.column_dimensions["A"].width == 20
        assert (ws.row_dimensions[rows["asuminen/maakuntaliitto"]].height or 0) >= 2 * 15
