"""A returned workbook, read by openpyxl in read-only (streaming) mode.

The bytes come from the guard (:func:`._guard.check_xlsx`), never the path again.
:class:`Book` is one reading of them (formulas, or with `data_only` the values Excel last
computed); a sheet is read in full when first used, with the random access the reader needs
(:class:`Sheet`); the stored size of a sheet is not trusted: the cells the file has are read.
Whatever openpyxl or the XML parser raises on a damaged file becomes the file's
:class:`~yhdyspinta_docs.errors.MatrixError`, one line naming the file (and sheet).
"""

from __future__ import annotations

import io
import posixpath
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring, iterparse
from openpyxl import load_workbook
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from ..errors import Issue, MatrixError
from ._guard_limits import MAX_ROW_NUMBER

__all__ = ["Book", "Sheet", "Values", "undated_numbers"]


class _Blank:
    """A cell the file does not have."""

    value = None
    data_type = "n"

    def __init__(self, row: int, column: int) -> None:
        self.coordinate = f"{get_column_letter(column)}{row}"


class Sheet:
    """A worksheet read once, in openpyxl's read-only (streaming) mode, with the random
    access the reader needs. The cells are those in the file; its stored size is ignored."""

    def __init__(self, ws: Any) -> None:
        ws.reset_dimensions()
        self.title: str = ws.title
        # no cell is below MAX_ROW_NUMBER (the guard refuses one), but an empty row may be:
        # Calc writes the sheet's last row after a row was deleted; rows without cells at the
        # end are no part of the sheet's data
        self._rows = [tuple(row) for row in ws.iter_rows(max_row=MAX_ROW_NUMBER)]
        while self._rows and not any(isinstance(c, ReadOnlyCell) for c in self._rows[-1]):
            self._rows.pop()
        self.max_row = len(self._rows)
        self.max_column = max((len(row) for row in self._rows), default=0)

    def row(self, row: int) -> tuple[Any, ...]:
        """The cells row `row` has in the file (left to right; a gap is not a cell)."""
        found = self._rows[row - 1] if 0 < row <= len(self._rows) else ()
        return tuple(c for c in found if isinstance(c, ReadOnlyCell))

    def cell(self, row: int, column: int) -> Any:
        if row <= len(self._rows) and column <= len(self._rows[row - 1]):
            found = self._rows[row - 1][column - 1]
            if isinstance(found, ReadOnlyCell):
                return found
        return _Blank(row, column)


class Book:
    """One reading of a workbook (formulas, or cached values with `data_only`): sheets are
    parsed when first used, only those; parse errors become the file's MatrixError."""

    def __init__(self, data: bytes, name: str, *, data_only: bool) -> None:
        self._name = name
        self._sheets: dict[str, Sheet | None] = {}
        with _reading(name):
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
                self._wb = load_workbook(io.BytesIO(data), read_only=True,
                                         data_only=data_only)
        self.sheetnames: list[str] = list(self._wb.sheetnames)
        self.epoch = self._wb.epoch

    def __getitem__(self, title: str) -> Sheet:
        sheet = self.sheet(title)
        if sheet is None:
            raise KeyError(title)
        return sheet

    def sheet(self, title: str) -> Sheet | None:
        """The sheet `title`, None for a chart sheet."""
        if title not in self._sheets:
            ws = self._wb[title]
            with _reading(self._name, title), warnings.catch_warnings():
                # openpyxl warns of a number no date can be in a date cell (it shows
                # #VALUE!, which the reader explains in its own words)
                warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
                self._sheets[title] = Sheet(ws) if hasattr(ws, "iter_rows") else None
        return self._sheets[title]

    def defined_names(self) -> list[tuple[str, str]]:
        """(name, formula) of every defined name, of the workbook and of its sheets."""
        found = [(n, str(d.attr_text)) for n, d in self._wb.defined_names.items()]
        for ws in self._wb.worksheets:
            found += [(n, str(d.attr_text)) for n, d in
                      getattr(ws, "defined_names", {}).items()]
        return found

    def close(self) -> None:
        self._wb.close()


class Values:
    """The cached values of one sheet (what Excel shows for formulas), read only if needed."""

    def __init__(self, data: bytes, name: str, title: str) -> None:
        self._data, self._name, self._title = data, name, title
        self._sheet: Sheet | None = None
        self._numbers: dict[str, str] | None = None

    def cell(self, row: int, column: int) -> Any:
        if self._sheet is None:
            book = Book(self._data, self._name, data_only=True)
            self._sheet = book[self._title]
            book.close()
        return self._sheet.cell(row, column)

    def number(self, row: int, column: int) -> str | None:
        """The number cell (`row`, `column`) stores, as the file writes it, when no date can
        be that number (see :func:`undated_numbers`); None otherwise."""
        if self._numbers is None:
            self._numbers = undated_numbers(self._data, self._title)
        return self._numbers.get(f"{get_column_letter(column)}{row}")


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def undated_numbers(data: bytes, title: str) -> dict[str, str]:
    """The cells of sheet `title` that store a number no date can be, by coordinate: the
    number as the file writes it (``1E+308``).

    openpyxl shows such a number in a date-formatted cell (``1e308``, ``99999999``) as the
    error ``#VALUE!``; this reads the sheet's XML to tell it from an error the cell really
    has. The sheet is read once, and only for a file that has a cell showing that error (the
    guard has checked the file's size and XML); a damaged part gives no cells.
    """
    found: dict[str, str] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            part = _sheet_part(zf, title)
            if part is None:
                return found
            with zf.open(part) as stream:
                for _, elem in iterparse(stream):
                    if elem.tag == f"{_MAIN}c":
                        value = elem.find(f"{_MAIN}v")
                        ref = elem.get("r")
                        if (ref and elem.get("t", "n") == "n" and value is not None
                                and value.text and not _is_date(value.text)):
                            found[ref] = str(value.text).strip()
                        elem.clear()
                    elif elem.tag == f"{_MAIN}row":
                        elem.clear()
    except (OSError, KeyError, zipfile.BadZipFile, SyntaxError, DefusedXmlException):
        return {}
    return found


def _is_date(text: str) -> bool:
    """Whether the number `text` can be read as a date (as openpyxl reads one)."""
    try:
        from_excel(float(text))
    except (ValueError, OverflowError):
        return False
    return True


def _sheet_part(zf: zipfile.ZipFile, title: str) -> str | None:
    """The zip member of the sheet named `title` (by the workbook's relationships)."""
    book = fromstring(zf.read("xl/workbook.xml"))
    rel_id = next((s.get(_REL_ID) for s in book.iter(f"{_MAIN}sheet")
                   if s.get("name") == title), None)
    rels = fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    target = next((r.get("Target") for r in rels.iter(f"{_PACKAGE_RELS}Relationship")
                   if r.get("Id") == rel_id), None)
    if rel_id is None or not target:
        return None
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(
        posixpath.join("xl", target))


@contextmanager
def _reading(name: str, sheet: str | None = None) -> Iterator[None]:
    try:
        yield
    except MatrixError:
        raise
    except Exception as exc:  # openpyxl and the XML parsers raise many kinds on bad input
        where = f"{name}: {sheet}" if sheet else name
        raise MatrixError([Issue(where, _load_error(exc))]) from None


def _load_error(exc: BaseException) -> str:
    """One line saying why openpyxl could not read a file (DTDs/entities are refused)."""
    chain: list[BaseException] = []
    cause: BaseException | None = exc
    while cause is not None and len(chain) < 10:
        chain.append(cause)
        cause = cause.__cause__ or cause.__context__
    if any(isinstance(e, DefusedXmlException) for e in chain):
        return ("contains XML entity or DTD declarations, which a workbook saved by Excel or "
                "LibreOffice never has; refused")
    detail = " ".join(str(chain[-1]).split())[:100]
    return (f"cannot be read as an Excel workbook ({type(chain[-1]).__name__}: {detail}); "
            "save it again as an Excel workbook (.xlsx)")

