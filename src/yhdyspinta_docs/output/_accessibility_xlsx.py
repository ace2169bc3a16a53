"""Accessibility of a workbook (WCAG 2.1 as the municipal checklist reads it for .xlsx).

Each visible sheet is checked for what a screen reader user or a reader with low vision meets:
a data table's header row and merged cells in it, colour alone carrying a status, merged cells
in a data row or over several rows (a screen reader loses the columns), a sheet name that says
nothing (``Sheet1``), text whose colour has too little contrast with its cell, and locked
cells that cannot be selected (and so not read); pictures and charts need alt text
(:mod:`._accessibility_drawings`).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from ..errors import Issue
from ._accessibility_drawings import drawing_alt_issues

__all__ = ["check_xlsx"]

_DEFAULT_NAME = re.compile(r"(?i)(sheet|taul|taulukko|blad|arbetsblad)\s*\d+")
"""A sheet name as a spreadsheet makes it (Sheet1, Taul1, Blad1): it says nothing."""
_SHOWN = 5  # contrast findings per sheet


def check_xlsx(path: Path, data: bytes | None = None) -> list[Issue]:
    """Return every accessibility finding of the workbook at `path` (`data`: its bytes, as
    :func:`._accessibility.check_file` read and checked them; default: read `path`)."""
    from openpyxl import load_workbook

    name = path.name
    issues: list[Issue] = []
    wb = load_workbook(path if data is None else io.BytesIO(data))
    if not (wb.properties.title or "").strip():
        issues.append(Issue(name, "the workbook has no title property"))
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        where = f"{name}: {ws.title}"
        if ws.max_row <= 1 and ws.max_column <= 1 and ws.cell(1, 1).value is None:
            issues.append(Issue(where, "empty sheet; remove it or give it content"))
            continue
        for table in ws.tables.values():
            merged = [str(r) for r in ws.merged_cells.ranges
                      if _overlaps(str(r), table.ref)]
            if merged:
                issues.append(Issue(where, f"merged cells in the data table: {', '.join(merged)}"))
            headers = [c.value for c in ws[table.ref.split(":")[0]:table.ref.split(":")[1]][0]]
            if any(not isinstance(h, str) or not h.strip() for h in headers):
                issues.append(Issue(where, "the table's header row has an empty or non-text "
                                    "column name"))
            for row in ws[table.ref][1:]:
                for cell in row:
                    fill = cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type else None
                    # an empty unlocked cell may be tinted: it invites input, it states nothing
                    tinted_input = cell.protection is not None and not cell.protection.locked
                    if (fill not in (None, "00000000", "FFFFFFFF") and cell.value in (None, "")
                            and not tinted_input):
                        issues.append(Issue(f"{where}!{cell.coordinate}", "a coloured cell "
                                            "without text: status shown by colour alone"))
        issues += _sheet_issues(ws, where)
    wb.close()
    with zipfile.ZipFile(path if data is None else io.BytesIO(data)) as z:
        issues += drawing_alt_issues(name, z)
    return issues


def _overlaps(a: str, b: str) -> bool:
    from openpyxl.utils.cell import range_boundaries

    a1, a2, a3, a4 = range_boundaries(a)
    b1, b2, b3, b4 = range_boundaries(b)
    return not (a3 < b1 or b3 < a1 or a4 < b2 or b4 < a2)


def _sheet_issues(ws: Any, where: str) -> list[Issue]:
    """What a sheet holds besides its tables: merged cells, its name, text colours, locked
    cells that cannot be selected."""
    issues: list[Issue] = []
    in_tables = [t.ref for t in ws.tables.values()]
    merged = [str(r) for r in ws.merged_cells.ranges
              if not any(_overlaps(str(r), ref) for ref in in_tables)  # (told above)
              and (r.max_row > r.min_row or _row_has_more(ws, r))]
    if merged:
        issues.append(Issue(where, f"merged cells {', '.join(merged[:5])}: a screen reader "
                            "loses the rows and columns; unmerge them (Format Cells, Alignment: "
                            "Center Across Selection looks the same)"))
    if _DEFAULT_NAME.fullmatch(ws.title.strip()):
        issues.append(Issue(where, "the sheet's name says nothing of what it holds; rename it "
                            "(e.g. Seuranta, Yhteenveto)"))
    protection = ws.protection
    if protection.sheet and protection.selectLockedCells:
        issues.append(Issue(where, "locked cells cannot be selected, so a screen reader cannot "
                            "read them; allow 'Select locked cells' when protecting the sheet"))
    issues += _contrast(ws, where)
    return issues


def _row_has_more(ws: Any, merged: Any) -> bool:
    """True when the row of a one-row merge holds values outside it: a merge within a row of
    data. (A title or a notice merged across its own row is read as one line.)"""
    return any(cell.value not in (None, "") for cell in ws[merged.min_row]
               if not merged.min_col <= cell.column <= merged.max_col)


def _contrast(ws: Any, where: str) -> list[Issue]:
    """Text whose font colour has less than 4.5:1 contrast with its cell's fill (3:1 for
    large text: 18 pt, or 14 pt bold), the first :data:`_SHOWN` of a sheet."""
    from ._accessibility import contrast_ratio

    found: list[Issue] = []
    for row in ws.iter_rows():
        for cell in row:
            if not cell.has_style:  # the default look: black on white
                continue
            colour = cell.font.color if cell.font is not None else None
            rgb = colour.rgb if colour is not None and colour.type == "rgb" else None
            if cell.value in (None, "") or not isinstance(rgb, str):
                continue
            fill = cell.fill.fgColor.rgb if cell.fill is not None and cell.fill.fill_type \
                == "solid" and cell.fill.fgColor.type == "rgb" else "FFFFFFFF"
            ratio = contrast_ratio(rgb[-6:], str(fill)[-6:])
            size, bold = cell.font.sz or 11, bool(cell.font.b)
            needed = 3.0 if size >= 18 or (bold and size >= 14) else 4.5
            if ratio is not None and ratio < needed:
                found.append(Issue(f"{where}!{cell.coordinate}", f"text colour {rgb[-6:]} on "
                                   f"{str(fill)[-6:]} has a contrast of {ratio:.1f}:1, less "
                                   f"than {needed:g}:1; use a darker text or a lighter fill"))
                if len(found) >= _SHOWN:
                    return found
    return found
