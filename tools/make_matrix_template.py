"""Generate ``templates/matrix.xlsx``, the template of the follow-up matrix (seurantamatriisi).

``python tools/make_matrix_template.py OUT`` writes the layout this script made first; the
committed ``templates/matrix.xlsx`` is the source and has been edited since (the input
columns' Text format), so the script never writes over it. The template can be restyled in
Excel (fonts, colours, widths, column order, instruction text); the writer finds everything
by name, not by position:

* ``Ohjeet``: instructions in plain Finnish; ``{suunnitelma}``, ``{versio}``, ``{kausi}`` and
  ``{vastaanottaja}`` are filled in by the writer.
* ``Seuranta``: header row 1 (the texts of :data:`yhdyspinta_docs.matrix._followup.COLUMNS`) and a
  style row 2 whose cell formats (locked or not, fill, wrap, date format) every data row
  copies. Its cells carry only the named styles ``YP Tunnus``, ``YP Lukittu``,
  ``YP Lukittu päivämäärä``, ``YP Syöte`` (unlocked, tinted) and ``YP Syöte päivämäärä``,
  so the writer gives each new cell its look with one assignment; restyle those named
  styles (a cell with its own direct formatting is copied too, only more slowly). It has an
  Excel table ``Seuranta`` over A1:J2, the Tilanne dropdown (data validation from the name
  ``Tilat``), a date check on Päivitetty and colours for Valmis /
  Viivästynyt (the status is always the text; colour only adds to it). The writer sets the
  table, validation, formatting and print ranges from the number of rows.
* ``Yhteenveto``: filled by the writer (counts as COUNTIFS formulas and a chart) with the
  named styles ``YP Otsikko``, ``YP Sarakeotsikko``, ``YP Teksti`` and ``YP Luku``.
* ``Arkisto``: header and style row for entries whose row left the plan (table ``Arkisto``);
  removed by the writer when there is nothing to archive.
* ``Luettelot`` (hidden): the status list behind the defined name ``Tilat``.
* ``Tiedot`` (very hidden): metadata labels, the matrix format and the template version.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from yhdyspinta_docs.matrix._followup import (
    ARCHIVE_COLUMNS,
    COLUMNS,
    MATRIX_FORMAT,
    META_EXTRA_KEYS,
    META_KEYS,
    NAME_STATUS_LIST,
    SHEET_ARCHIVE,
    SHEET_DATA,
    SHEET_HELP,
    SHEET_LISTS,
    SHEET_META,
    SHEET_SUMMARY,
    TEMPLATE_VERSION,
    Column,
    Status,
)
from yhdyspinta_docs.matrix._save import save_workbook

TEMPLATE_DATE = dt.date(2026, 1, 1)
COMMITTED = Path(__file__).resolve().parents[1] / "templates" / "matrix.xlsx"

FONT = "Calibri"
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "d.m.yyyy"

# The named styles of the style row (row 2 of Seuranta and Arkisto): every data row the
# writer adds gets its column's look with one ``cell.style = name``, which is fast.
STYLE_KEY = "YP Tunnus"
STYLE_LOCKED = "YP Lukittu"
STYLE_LOCKED_DATE = "YP Lukittu päivämäärä"
STYLE_INPUT = "YP Syöte"
STYLE_INPUT_DATE = "YP Syöte päivämäärä"

HELP_LINES: tuple[tuple[str, str], ...] = (
    ("title", "Seurantamatriisin täyttöohje"),
    ("text", "Suunnitelma: {suunnitelma} (versio {versio})"),
    ("text", "Seurantakausi: {kausi}"),
    ("text", "Tiedosto on tehty: {vastaanottaja}"),
    ("heading", "Näin täytät matriisin"),
    ("text", "1. Avaa välilehti Seuranta. Jokaisella rivillä on yksi toimenpide ja sen "
             "vastuutaho."),
    ("text", "2. Täytä omat rivisi. Täytettävät sarakkeet ovat Tilanne, Tilannekuvaus, "
             "Seuraavat toimenpiteet, Päivitetty ja Yhteyshenkilö. Niissä on vaalea "
             "taustaväri. Muut solut on lukittu."),
    ("text", "3. Valitse Tilanne luettelosta: Ei aloitettu, Käynnissä, Valmis tai "
             "Viivästynyt."),
    ("text", "4. Kerro Tilannekuvauksessa lyhyesti, mitä on tehty ja mitä sillä on saatu "
             "aikaan. Kerro Seuraavissa toimenpiteissä, mitä tehdään seuraavaksi."),
    ("text", "5. Kirjoita Päivitetty-sarakkeeseen päivämäärä, esimerkiksi 1.7.2026."),
    ("text", "6. Tallenna tiedosto Excel-työkirjana (.xlsx) ilman salasanaa ja palauta se "
             "koordinaattorille. Tiedoston nimen saa muuttaa."),
    ("heading", "Hyvä tietää"),
    ("text", "Älä muuta Tunnus-saraketta. Vastaukset yhdistetään sen avulla."),
    ("text", "Voit lajitella ja suodattaa rivejä, leventää ja piilottaa sarakkeita ja lisätä "
             "oman välilehden. Älä lisää äläkä poista rivejä."),
    ("text", "Jos toimenpide ei koske teitä, kirjoita se Tilannekuvaukseen."),
    ("text", "Välilehti Yhteenveto laskee rivit tilanteen ja vastuutahon mukaan. Välilehdellä "
             "Arkisto ovat aiemmat merkinnät toimenpiteistä, jotka eivät enää ole "
             "suunnitelmassa."),
    ("text", "Tiedostossa on piilotettu välilehti, jossa ovat tiedoston tunnistetiedot. Se "
             "tarvitaan vastausten yhdistämiseen."),
)


def _named_styles(wb: Workbook) -> None:
    title = NamedStyle("YP Otsikko", font=Font(name=FONT, size=14, bold=True),
                       alignment=Alignment(vertical="top"))
    heading = NamedStyle("YP Väliotsikko", font=Font(name=FONT, size=12, bold=True),
                         alignment=Alignment(vertical="top"))
    header = NamedStyle("YP Sarakeotsikko", font=Font(name=FONT, bold=True, color="FFFFFF"),
                        fill=HEADER_FILL, border=BORDER,
                        alignment=Alignment(wrap_text=True, vertical="center"))
    text = NamedStyle("YP Teksti", font=Font(name=FONT), alignment=WRAP_TOP)
    number = NamedStyle("YP Luku", font=Font(name=FONT), border=BORDER,
                        alignment=Alignment(horizontal="right", vertical="top"),
                        number_format="0")
    for style in (title, heading, header, text, number, *_row_styles()):
        wb.add_named_style(style)


def _row_styles() -> list[NamedStyle]:
    """The looks of the style row's cells, one named style each (see :func:`_data_sheet`)."""
    def look(name: str, color: str = "000000", *, date: bool = False,
             typed: bool = False) -> NamedStyle:
        return NamedStyle(name, font=Font(name=FONT, color=color), alignment=WRAP_TOP,
                          border=BORDER, number_format=(DATE_FORMAT if date else "@" if typed
                                                        else "General"),
                          fill=INPUT_FILL if typed else PatternFill(),
                          protection=Protection(locked=not typed))
    return [look(STYLE_KEY, "404040"), look(STYLE_LOCKED), look(STYLE_LOCKED_DATE, date=True),
            look(STYLE_INPUT, typed=True), look(STYLE_INPUT_DATE, date=True, typed=True)]


def _row_style(col: Column, inputs: bool) -> str:
    """The named style of `col`'s cell in the style row."""
    if col.kind == "key":
        return STYLE_KEY
    typed = col.kind == "input" and inputs
    if col.type == "date":
        return STYLE_INPUT_DATE if typed else STYLE_LOCKED_DATE
    return STYLE_INPUT if typed else STYLE_LOCKED


def _protect(ws: Worksheet) -> None:
    ws.protection = SheetProtection(
        sheet=True, objects=True, scenarios=True, formatCells=False, formatColumns=False,
        formatRows=False, insertColumns=True, insertRows=True, insertHyperlinks=True,
        deleteColumns=True, deleteRows=True, selectLockedCells=False,
        selectUnlockedCells=False, sort=False, autoFilter=False, pivotTables=True,
    )


def _print_setup(ws: Worksheet, landscape: bool = True) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    # header and footer 0.3" from the edge, the table from 0.75": they never overlap the rows
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddHeader.center.text = "&A"
    ws.oddFooter.right.text = "Sivu &P / &N"


def _data_sheet(ws: Worksheet, columns: tuple[Column, ...], table_name: str,
                inputs: bool = True) -> None:
    """Header row 1 and style row 2 for `columns`, as an Excel table.

    With `inputs`, the input columns are unlocked and tinted; otherwise all is read-only.
    """
    for i, col in enumerate(columns, start=1):
        head = ws.cell(row=1, column=i, value=col.header)
        head.style = "YP Sarakeotsikko"
        cell = ws.cell(row=2, column=i)
        cell.style = _row_style(col, inputs)  # a named style only: no direct formatting
        ws.column_dimensions[cell.column_letter].width = col.width
    last = ws.cell(row=1, column=len(columns)).column_letter
    table = Table(displayName=table_name, ref=f"A1:{last}2")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False,
                                          showColumnStripes=False, showFirstColumn=False,
                                          showLastColumn=False)
    ws.add_table(table)
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.print_area = f"A1:{last}2"
    _print_setup(ws)
    _protect(ws)


def _seuranta(ws: Worksheet) -> None:
    _data_sheet(ws, COLUMNS, SHEET_DATA)
    letter = {c.field: ws.cell(row=1, column=i).column_letter
              for i, c in enumerate(COLUMNS, start=1)}
    status = DataValidation(
        # the defined name as Excel stores it: without "=" (with it, older Excel versions
        # report unreadable content)
        type="list", formula1=NAME_STATUS_LIST, allow_blank=True,
        showErrorMessage=True, showInputMessage=True, errorStyle="stop",
        errorTitle="Tilanne", error="Valitse tilanne luettelosta: "
        + ", ".join(s.value for s in Status) + ".",
        promptTitle="Tilanne", prompt="Valitse tilanne luettelosta.",
    )
    status.add(f"{letter['status']}2")
    date = DataValidation(
        type="date", operator="between", formula1="36526", formula2="73415",
        allow_blank=True, showErrorMessage=True, showInputMessage=True, errorStyle="warning",
        errorTitle="Päivitetty", error="Kirjoita päivämäärä, esimerkiksi 1.7.2026.",
        promptTitle="Päivitetty", prompt="Päivämäärä, esimerkiksi 1.7.2026.",
    )
    date.add(f"{letter['updated']}2")
    ws.add_data_validation(status)
    ws.add_data_validation(date)
    cell = f"{letter['status']}2"
    ws.conditional_formatting.add(cell, CellIsRule(
        operator="equal", formula=[f'"{Status.DELAYED.value}"'],
        fill=PatternFill("solid", bgColor="F8D7DA"), font=Font(bold=True, color="7A1020")))
    ws.conditional_formatting.add(cell, CellIsRule(
        operator="equal", formula=[f'"{Status.DONE.value}"'],
        fill=PatternFill("solid", bgColor="D4EDDA"), font=Font(color="0F5132")))


def _ohjeet(ws: Worksheet) -> None:
    ws.column_dimensions["A"].width = 100
    for row, (kind, text) in enumerate(HELP_LINES, start=1):
        cell = ws.cell(row=row, column=1, value=text)
        cell.style = {"title": "YP Otsikko", "heading": "YP Väliotsikko"}.get(kind, "YP Teksti")
        if kind == "heading":
            ws.row_dimensions[row].height = 26
        elif kind == "text":
            ws.row_dimensions[row].height = 15 * (1 + len(text) // 95) + 3
    ws.print_area = f"A1:A{len(HELP_LINES)}"
    _print_setup(ws, landscape=False)
    _protect(ws)


def _yhteenveto(ws: Worksheet) -> None:
    ws["A1"] = "Yhteenveto"
    ws["A1"].style = "YP Otsikko"
    ws.column_dimensions["A"].width = 34
    for letter in "BCDEFGH":
        ws.column_dimensions[letter].width = 13
    _print_setup(ws)
    _protect(ws)


def _luettelot(ws: Worksheet) -> None:
    ws["A1"] = "Tilanne"
    for i, status in enumerate(Status, start=2):
        ws.cell(row=i, column=1, value=status.value)
    ws.column_dimensions["A"].width = 20
    ws.sheet_state = "hidden"
    _protect(ws)


def _tiedot(ws: Worksheet) -> None:
    for i, key in enumerate((*META_KEYS, *META_EXTRA_KEYS), start=1):
        ws.cell(row=i, column=1, value=key)
    ws["B1"] = MATRIX_FORMAT
    ws["B2"] = TEMPLATE_VERSION
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 40
    ws.sheet_state = "veryHidden"
    _protect(ws)


def build_template() -> bytes:
    """Return the bytes of the matrix template."""
    wb = Workbook()
    _named_styles(wb)
    help_ws = wb.active
    assert help_ws is not None
    help_ws.title = SHEET_HELP
    _ohjeet(help_ws)
    _seuranta(wb.create_sheet(SHEET_DATA))
    _yhteenveto(wb.create_sheet(SHEET_SUMMARY))
    _data_sheet(wb.create_sheet(SHEET_ARCHIVE), ARCHIVE_COLUMNS, SHEET_ARCHIVE, inputs=False)
    _luettelot(wb.create_sheet(SHEET_LISTS))
    _tiedot(wb.create_sheet(SHEET_META))
    n = len(Status)
    wb.defined_names[NAME_STATUS_LIST] = DefinedName(
        NAME_STATUS_LIST, attr_text=f"{SHEET_LISTS}!$A$2:$A${n + 1}")
    wb.security = WorkbookProtection(lockStructure=True)
    wb.active = 0
    wb.properties.title = "Seurantamatriisin pohja"
    wb.properties.language = "fi-FI"
    wb.properties.creator = "yhdyspinta-docs"
    return save_workbook(wb, TEMPLATE_DATE)


def main(argv: list[str]) -> int:
    """Write the template to argv[0], which must not be the committed template."""
    if len(argv) != 1 or argv[0].startswith("-"):
        print("usage: make_matrix_template.py OUT.xlsx")
        return 2
    out = Path(argv[0])
    if out.resolve() == COMMITTED.resolve():
        print(f"{out} is the committed template, the source, edited since this script made "
              "it; write to another file and copy by hand what you want")
        return 2
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(build_template())
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
