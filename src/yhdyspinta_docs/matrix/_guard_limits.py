"""The bounds a returned workbook is read within, and how a refusal is made.

:mod:`._guard` and :mod:`._guard_xml` refuse a workbook past these bounds with an
:class:`XlsxRefused` naming the file (and part, sheet or cell), before openpyxl reads it.
"""

from __future__ import annotations

import zipfile
import zlib

from ..errors import Issue

__all__ = [
    "MAX_CELLS",
    "MAX_COLUMN",
    "MAX_MEMBERS",
    "MAX_NUMBER_CHARS",
    "MAX_PART_ELEMENTS",
    "MAX_ROWS",
    "MAX_ROW_CELLS",
    "MAX_ROW_NUMBER",
    "MAX_SHARED_STRINGS",
    "MAX_XML_DEPTH",
    "MAX_XML_ELEMENTS",
    "SAVE_AS",
    "SHEET_ROWS",
    "ZIP_ERRORS",
    "XlsxRefused",
    "damaged",
    "refuse",
]

MAX_MEMBERS = 1000
"""Parts in a workbook (the matrix has about 30)."""
MAX_ROWS = 50_000
"""More rows than any plan's matrix has (200 measures × 30 parties is 6,000): a returned file
with more is refused before openpyxl reads it, in bounded time and memory."""
MAX_ROW_NUMBER = 100_000
"""The highest row number a cell may have (openpyxl gives every row up to it). A row without
cells may be further down, up to the sheet's last row (:data:`SHEET_ROWS`): LibreOffice Calc
writes the sheet's last row, empty, after a row was deleted; the reader reads no further than
this number and drops the rows without cells at the end."""
SHEET_ROWS = 1_048_576
"""The rows of a sheet in Excel and Calc: a row numbered beyond it is a damaged file."""
MAX_COLUMN = 200
"""The highest column a cell may have (``GR``; the matrix has about a dozen): openpyxl gives
each row as wide as its last cell, so one cell in column XFD makes a row 16,384 cells wide."""
MAX_ROW_CELLS = 200
MAX_CELLS = 500_000
"""Cells in the whole workbook (a matrix of 6,000 rows has about 80,000)."""
MAX_XML_ELEMENTS = 3_000_000
"""XML elements in all parts together, which bounds the time the checks take."""
MAX_PART_ELEMENTS = 100_000
"""XML elements in one part that is not a sheet (the workbook, its styles, comments, drawings):
the matrix's styles have a few hundred; 500,000 cell styles took openpyxl 450 MB, and 200,000
defined names 250 MB."""
MAX_XML_DEPTH = 64
"""How deep XML elements nest in a part (Excel's sheets and charts nest about a dozen deep)."""
MAX_SHARED_STRINGS = MAX_CELLS
"""Shared texts: never more than there are cells to show them (a million took 10 s)."""
MAX_NUMBER_CHARS = 400
"""Characters of a number as stored in a cell (``<v>``): Excel keeps 15 digits, and the
longest number Excel writes (``-2.2250738585072014E-308``) is far shorter; Python refuses to
read an integer of more than 4,300 digits, with a message that says nothing to a user."""
SAVE_AS = "save it in Excel or LibreOffice Calc as an Excel workbook (.xlsx) and send it again"


class XlsxRefused(Exception):
    """The file is not accepted; `issue` says which file and why, in one line."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(str(issue))
        self.issue = issue


def refuse(name: str, what: str) -> XlsxRefused:
    """The refusal of file `name`, saying `what` is wrong."""
    return XlsxRefused(Issue(name, what))


def damaged(name: str, member: str, exc: BaseException) -> XlsxRefused:
    """The refusal of file `name` whose part `member` cannot be unpacked."""
    detail = " ".join(str(exc).split())[:80] or type(exc).__name__
    return refuse(name, f"is damaged: its part {member} cannot be unpacked ({detail}); "
                  f"{SAVE_AS}")


ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
              ValueError, OSError)
"""What unpacking a damaged part raises: a bad CRC, a broken deflate stream, a cut-off part,
an unknown compression method."""
