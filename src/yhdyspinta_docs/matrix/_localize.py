"""A matrix in its language(s): sheet names, headers, the status list, statuses, protection.

The template names everything in Finnish; :func:`localize_sheets` renames its sheets before
anything refers to them, and the other functions give the words of :mod:`._labels`.
"""

from __future__ import annotations

import re
from typing import Any

from openpyxl.utils import quote_sheetname
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.cell_range import CellRange

from ..plan import Lang
from ._followup import (
    NAME_STATUS_LIST,
    SHEET_ARCHIVE,
    SHEET_DATA,
    SHEET_HELP,
    SHEET_LISTS,
    SHEET_SUMMARY,
    Column,
    Status,
)
from ._heights import fit_heights
from ._labels import SV, Labels, finnish_label, translate
from ._sheets import put

__all__ = ["localize_headers", "localize_sheets", "localize_validations", "name_table_columns",
           "protect", "reason_text", "status_sentence", "status_text"]

_STATUS_LITERAL_RE = re.compile(r'"([^"]*)"')


def status_text(status: Status | None, labels: Labels) -> str | None:
    return labels(status.value) if status is not None else None


def reason_text(reason: str | None, labels: Labels) -> str | None:
    """An archive reason in the matrix's language(s) (the program's own reasons are
    translated; a reason read from an older file is kept as it is)."""
    if reason is None:
        return None
    fi = finnish_label(reason)
    try:
        return labels(fi)
    except KeyError:
        return reason


def status_sentence(lang: Lang, labels: Labels) -> str:
    """The statuses as the instructions in `lang` list them (as the list has them)."""
    items = [labels(s.value) if labels.bilingual else translate(s.value, lang)
             for s in Status]
    word = " tai " if lang == "fi" else " eller "
    return ", ".join(items[:-1]) + word + items[-1]


def localize_sheets(wb: Workbook, labels: Labels, *, archive: bool) -> dict[str, str]:
    """Name the template's sheets in the matrix's language(s), before anything refers to
    them; an Arkisto sheet without entries is removed. Return the name of each sheet by its
    Finnish name (the metadata sheet keeps its name: it is the program's, never shown)."""
    names: dict[str, str] = {}
    for fi in (SHEET_HELP, SHEET_DATA, SHEET_SUMMARY, SHEET_ARCHIVE, SHEET_LISTS):
        if fi not in wb.sheetnames:
            continue
        if fi == SHEET_ARCHIVE and not archive:
            wb.remove(wb[fi])
            continue
        ws = wb[fi]
        ws.title = names[fi] = labels.sheet(fi)
        if ws.oddFooter.right.text and "Sivu" in ws.oddFooter.right.text:
            ws.oddFooter.right.text = ws.oddFooter.right.text.replace("Sivu", labels("Sivu"))
    lists = wb[names[SHEET_LISTS]]
    put(lists.cell(1, 1), labels("Tilanne"))
    for i, status in enumerate(Status, start=2):
        put(lists.cell(i, 1), labels(status.value))
    if NAME_STATUS_LIST in wb.defined_names:
        name = wb.defined_names[NAME_STATUS_LIST]
        sheet = names[SHEET_LISTS]
        sheet = sheet if re.fullmatch(r"[A-Za-z_]\w*", sheet, re.ASCII) else quote_sheetname(sheet)
        name.attr_text = f"{sheet}!$A$2:$A${len(Status) + 1}"
    ws = wb[names[SHEET_DATA]]
    localize_validations(ws, labels)
    if labels.langs != ("fi",):
        # the conditional formats that colour a status compare with its text
        for cf in ws.conditional_formatting:
            for rule in cf.rules:
                rule.formula = [_STATUS_LITERAL_RE.sub(_status_literal(labels), f)
                                for f in rule.formula]
    return names


# what the template's input checks say when a cell is chosen or a value is refused
_CHOOSE_STATUS: dict[Lang, str] = {"fi": "Valitse tilanne luettelosta", "sv": "Välj läge i listan"}
_VALIDATION_SV = {
    "Valitse tilanne luettelosta.": "Välj läge i listan.",
    "Päivämäärä, esimerkiksi 1.7.2026.": "Datum, till exempel 1.7.2026.",
    "Kirjoita päivämäärä, esimerkiksi 1.7.2026.": "Skriv ett datum, till exempel 1.7.2026.",
}


def localize_validations(ws: Any, labels: Labels) -> None:
    """The input messages and error alerts of `ws`'s data validations (the status list, the
    date column) in the matrix's language(s): the title a label (``Läge``), the text one line
    per language. A text the coordinator changed in the template is kept as it is."""
    if labels.langs == ("fi",):
        return
    status_error = (_CHOOSE_STATUS["fi"] + ": "
                    + ", ".join(s.value for s in Status) + ".")
    for dv in ws.data_validations.dataValidation:
        for attr in ("promptTitle", "errorTitle"):
            value = getattr(dv, attr)
            if value and finnish_label(value) in SV:
                setattr(dv, attr, labels(finnish_label(value))[:32])  # Excel's limit
        for attr in ("prompt", "error"):
            value = getattr(dv, attr)
            texts: dict[Lang, str]
            if value == status_error:
                texts = {lang: _CHOOSE_STATUS[lang] + ": "
                         + ", ".join(translate(s.value, lang) for s in Status) + "."
                         for lang in _CHOOSE_STATUS}
            elif value in _VALIDATION_SV:
                texts = {"fi": value, "sv": _VALIDATION_SV[value]}
            else:
                continue
            setattr(dv, attr, labels.lines(texts)[:255])  # Excel's limit


def _status_literal(labels: Labels) -> Any:
    known = {s.value for s in Status}

    def sub(m: re.Match[str]) -> str:
        return f'"{labels(m.group(1))}"' if m.group(1) in known else m.group(0)
    return sub


def localize_headers(ws: Any, cols: dict[str, int], spec: tuple[Column, ...],
                      labels: Labels) -> None:
    """The header row in the matrix's language(s) (a header the program knows; a column
    the coordinator renamed in the template keeps its text)."""
    if labels.langs == ("fi",):
        return
    for column in spec:
        if column.field in cols:
            cell = ws.cell(1, cols[column.field])
            if finnish_label(str(cell.value)) == column.header:
                put(cell, labels(column.header))
    fit_heights(ws, range(1, 2))
    name_table_columns(ws)


def name_table_columns(ws: Any) -> None:
    """Each Excel table column of `ws` named as its header cell reads: Excel repairs (and
    tells the user it repaired) a workbook whose table column names differ from the headers."""
    for table in ws.tables.values():
        first = CellRange(table.ref)
        for i, column in enumerate(table.tableColumns):
            value = ws.cell(first.min_row, first.min_col + i).value
            if value is not None:
                column.name = str(value)


def protect(wb: Workbook) -> None:
    """Sheet protection that allows what the instructions (:mod:`._help`) promise:
    filtering rows (autofilter), column widths and hiding, row heights. Sorting stays
    protected (Excel does not sort a protected sheet's locked cells, so it is not promised),
    and so do inserting and deleting rows and columns. In OOXML a flag set to True means
    *protected*. The workbook structure stays locked (no sheet added, removed or renamed)."""
    for ws in wb.worksheets:
        p = ws.protection
        if not p.sheet:
            continue
        p.autoFilter = False
        p.formatColumns = False
        p.formatRows = False
        p.sort = True
        p.insertRows = p.deleteRows = p.insertColumns = p.deleteColumns = True
