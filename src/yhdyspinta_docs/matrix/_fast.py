"""openpyxl, faster: saving as openpyxl saves, byte for byte; reading as it reads.

**Saving.** openpyxl's ``Workbook.save`` writes every worksheet to a temporary file on disk,
deflates every part into a zip, and writes each cell through lxml's incremental writer (about
6 µs a cell). The matrix is then re-zipped deterministically anyway
(:func:`.matrix.finish_workbook`), so :func:`workbook_parts` runs openpyxl's own
``ExcelWriter`` with two changes:

* the parts are kept in memory, uncompressed, in the order openpyxl writes them (no
  temporary files, no deflating that is undone right away);
* the cells of a worksheet are serialised by :class:`_SheetWriter`, which writes for each
  plain cell (text, number, date, empty, simple formula) exactly the bytes openpyxl writes
  (``<c r="A2" s="5" t="inlineStr"><is><t>…</t></is></c>``: the same attributes in the same
  order, the same escaping, non-ASCII as decimal character references) and hands every
  other cell (rich text, array formulas, hyperlinks, comments) to openpyxl's own cell
  writer. Style ids are registered in the same order as openpyxl does.

Before the first use in a process, :func:`_fast_cells_ok` writes a probe sheet both ways
and compares the bytes; if an openpyxl or lxml version serialises differently, every cell
goes through openpyxl's writer (the same bytes, only slower).

**Reading.** ``load_workbook(read_only=True)`` parses the beginning of every worksheet (its
first 16 KB) when it opens the file, for a stored size that the matrix reader ignores (it
reads the cells the file has). :func:`load_read_only` skips that scan; the cells of a sheet
are read by the same parser when the caller reads them, so a sheet that does not parse is
refused then. A sheet
the caller never reads is not parsed at all (the scan only ever saw its first 16 KB, so it
did not prove a sheet whole either). With an openpyxl other than 3.1, it is
``load_workbook`` itself.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections import defaultdict
from copy import copy
from typing import Any

from openpyxl.cell._writer import write_cell
from openpyxl.compat import safe_string
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.functions import xmlfile

__all__ = ["load_read_only", "workbook_parts"]

_NUMBERS = (int, float)
_DATES = (dt.datetime, dt.date)
# characters lxml refuses in text (openpyxl would raise): such a cell goes to openpyxl
_XML_UNSAFE = frozenset(
    [chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)]
    + ["\ufffe", "\uffff"]
)


class _Parts:
    """A stand-in for openpyxl's ``ZipFile``: the parts in the order written, uncompressed
    (a name written twice is kept twice, as a zip keeps it)."""

    def __init__(self) -> None:
        self.parts: list[tuple[str, bytes]] = []

    def writestr(self, name: Any, data: bytes | str) -> None:
        name = getattr(name, "filename", name)
        self.parts.append((name, data.encode("utf-8") if isinstance(data, str) else bytes(data)))

    def write(self, filename: str, arcname: str | None = None) -> None:
        with open(filename, "rb") as fh:
            self.writestr(arcname or filename, fh.read())

    def namelist(self) -> list[str]:
        return [name for name, _ in self.parts]

    def close(self) -> None:
        pass


def _text(value: str) -> bytes:
    """Text content as lxml writes it in openpyxl's ASCII output."""
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;").encode("ascii", "xmlcharrefreplace"))


def _attr(value: str) -> bytes:
    """An attribute value as lxml writes it (row attributes are numbers and flags)."""
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;")
            .replace("\t", "&#9;").encode("ascii", "xmlcharrefreplace"))


class _SheetWriter(WorksheetWriter):  # type: ignore[misc]  # openpyxl is untyped
    """openpyxl's worksheet writer with the rows serialised directly (see the module doc)."""

    fast = True

    def write_rows(self) -> None:
        xf = self.xf.send(True)
        with xf.element("sheetData"):
            xf.flush()  # everything before <sheetData> is in self.out; the rows follow
            self.out.write(b"".join(self._rows_xml()))
        self.xf.send(None)

    def rows(self) -> list[tuple[int, list[Any]]]:
        """``WorksheetWriter.rows``: the cells by row, in order, and rows that only have a
        format; sorting the (unique) coordinates instead of (coordinate, cell) pairs."""
        cells = self.ws._cells  # noqa: SLF001
        rows: defaultdict[int, list[Any]] = defaultdict(list)
        for key in sorted(cells):
            rows[key[0]].append(cells[key])
        for row in self.ws.row_dimensions.keys() - rows.keys():
            rows[row] = []
        return sorted(rows.items())

    def _rows_xml(self) -> list[bytes]:
        from openpyxl.comments.comment_sheet import CommentRecord

        ws = self.ws
        dims = ws.row_dimensions
        styles = ws.parent._cell_styles  # noqa: SLF001
        epoch = ws.parent.epoch
        iso_dates = ws.parent.iso_dates
        style_ids: dict[tuple[int, ...], bytes] = {}
        letters: dict[int, str] = {}
        out: list[bytes] = []
        for row_idx, row in self.rows():
            attrs = {"r": f"{row_idx}"}
            attrs.update(dims.get(row_idx, {}))
            out.append(_row_start(attrs))
            for cell in row:
                if cell._comment is not None:  # noqa: SLF001
                    ws._comments.append(CommentRecord.from_cell(cell))  # noqa: SLF001
                style = cell._style  # noqa: SLF001
                styled = style is not None and any(style)
                if cell._value is None and not styled and not cell._comment:  # noqa: SLF001
                    continue
                piece = None
                if self.fast and cell.hyperlink is None and cell._comment is None:  # noqa: SLF001
                    column = cell.column
                    letter = letters.get(column)
                    if letter is None:
                        letter = letters[column] = get_column_letter(column)
                    head = b'<c r="' + f"{letter}{cell.row}".encode("ascii") + b'"'
                    if styled:
                        key = tuple(style)
                        sid = style_ids.get(key)
                        if sid is None:
                            sid = style_ids[key] = f"{styles.add(style)}".encode("ascii")
                        head += b' s="' + sid + b'"'
                    piece = _cell_xml(head, cell.data_type, cell._value, epoch,  # noqa: SLF001
                                      iso_dates)
                if piece is None:
                    piece = _openpyxl_cell(ws, cell, styled)
                out.append(piece)
            out.append(b"</row>")
        return out


def _row_start(attrs: dict[str, str]) -> bytes:
    return b"<row" + b"".join(b" " + k.encode("ascii") + b'="' + _attr(v) + b'"'
                              for k, v in attrs.items()) + b">"


def _cell_xml(head: bytes, data_type: str, value: Any, epoch: dt.datetime,
              iso_dates: bool) -> bytes | None:
    """The bytes openpyxl writes for one plain cell after ``<c r=.. s=..``; None: not plain."""
    if data_type == "s":
        if value is None or value == "":
            return head + b' t="inlineStr"></c>'
        if type(value) is not str or not _xml_safe(value):
            return None
        space = b' xml:space="preserve"' if value != value.strip() else b""
        return head + b' t="inlineStr"><is><t' + space + b">" + _text(value) + b"</t></is></c>"
    if data_type == "f":
        if type(value) is not str or not _xml_safe(value):
            return None
        return head + b"><f>" + _text(value[1:]) + b"</f><v></v></c>"
    if data_type == "d":
        if iso_dates or not isinstance(value, _DATES) or getattr(value, "tzinfo", None):
            return None
        value = to_excel(value, epoch)
        data_type = "n"
    if value is None or value == "":
        return head + b' t="' + data_type.encode("ascii") + b'"></c>'
    if not isinstance(value, _NUMBERS) and type(value) is not str:
        return None
    text = safe_string(value)
    if not _xml_safe(text):
        return None
    return (head + b' t="' + data_type.encode("ascii") + b'"><v>' + _text(text)
            + b"</v></c>")


def _xml_safe(text: str) -> bool:
    """False for text holding a character that lxml refuses (openpyxl's writer then raises)."""
    if text.isprintable():
        return True
    return not any(c in _XML_UNSAFE or "\ud800" <= c <= "\udfff" for c in text)


def _openpyxl_cell(ws: Any, cell: Any, styled: bool) -> bytes:
    """One cell written by openpyxl's own cell writer (its side effects included)."""
    buf = io.BytesIO()
    with xmlfile(buf) as xf:
        write_cell(xf, ws, cell, styled)
    return buf.getvalue()


class _Writer(ExcelWriter):  # type: ignore[misc]  # openpyxl is untyped
    """openpyxl's ExcelWriter writing worksheets in memory with :class:`_SheetWriter`."""

    fast = True

    def write_worksheet(self, ws: Any) -> None:
        # as ExcelWriter.write_worksheet (openpyxl 3.1), without the temporary file
        ws._drawing = SpreadsheetDrawing()  # noqa: SLF001
        ws._drawing.charts = ws._charts  # noqa: SLF001
        ws._drawing.images = ws._images  # noqa: SLF001
        writer = _SheetWriter(ws, out=io.BytesIO())
        writer.fast = self.fast
        writer.write()
        ws._rels = writer._rels  # noqa: SLF001
        self._archive.writestr(ws.path[1:], writer.out.getvalue())
        self.manifest.append(ws)


def workbook_parts(wb: Workbook) -> list[tuple[str, bytes]]:
    """The parts ``wb.save`` would zip, uncompressed, in the order openpyxl writes them.

    As ``Workbook.save`` does, the workbook's modification time is set to now first.
    """
    if wb.read_only:
        raise TypeError("Workbook is read-only")  # as Workbook.save
    if wb.write_only:
        raise ValueError("a write-only workbook is saved by openpyxl itself")
    wb.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
    archive = _Parts()
    writer = _Writer(wb, archive)
    writer.fast = _fast_cells_ok(wb)
    writer.save()
    return archive.parts


_CHECKED: list[bool] = []
_CHECK_LOCK = threading.Lock()
_PROBES: tuple[tuple[Any, str], ...] = (
    ("Päivitetty <&> \"'\t]]>", "s"), (" välilyönti\xa0", "s"), ("rivi\nrivi\r", "s"),
    ("🙂 € \u200f", "s"), ("", "s"), (None, "s"), (None, "n"), (0, "n"), (1.5, "n"),
    (-2, "n"), (1e20, "n"), (1 / 3, "n"), (True, "b"), (dt.date(2026, 7, 1), "d"),
    (dt.datetime(2026, 7, 1, 12, 30, 15, 5), "d"), ("=SUM(A1:A2)&\"<\"", "f"),
    ("#N/A", "e"), ("=1", "s"))


def _fast_cells_ok(wb: Workbook) -> bool:
    """True when :class:`_SheetWriter` writes the probe cells, a row and a flushed element
    exactly as openpyxl and lxml do; checked once per process, on cells that are not added
    to `wb` and with styles it has already, so `wb` does not change."""
    with _CHECK_LOCK:
        if not _CHECKED:
            _CHECKED.append(_probe(wb))
        return _CHECKED[0]


def _probe(wb: Workbook) -> bool:
    from openpyxl.cell.cell import Cell

    if not wb.worksheets:
        return False
    ws = wb.worksheets[0]
    styles = wb._cell_styles  # noqa: SLF001
    styled = next((i for i, style in enumerate(styles) if any(style)), None)
    for c, (value, data_type) in enumerate(_PROBES, start=1):
        cell = Cell(ws, row=7, column=c)  # not added to the sheet
        cell._value, cell.data_type = value, data_type  # noqa: SLF001  # no number format
        head = b'<c r="' + f"{get_column_letter(c)}7".encode("ascii") + b'"'
        if styled is not None and c % 2:
            cell._style = copy(styles[styled])  # noqa: SLF001
            head += b' s="' + f"{styles.add(cell._style)}".encode("ascii") + b'"'  # noqa: SLF001
        mine = _cell_xml(head, data_type, value, wb.epoch, wb.iso_dates)
        if mine is not None and mine != _openpyxl_cell(ws, cell, cell.has_style):
            return False
    attrs = {"r": "7", "ht": "32.5", "customHeight": "1", "spans": "1:2"}
    buf = io.BytesIO()
    with xmlfile(buf) as xf, xf.element("sheetData"):
        with xf.element("row", attrs):
            xf.flush()
            buf.write(b"<c/>")
    return buf.getvalue() == b"<sheetData>" + _row_start(attrs) + b"<c/></row></sheetData>"


# -- reading ---------------------------------------------------------------------------------


def load_read_only(data: bytes, *, data_only: bool) -> Workbook:
    """``load_workbook(BytesIO(data), read_only=True, data_only=data_only)``, without the
    size scan of the sheets (see the module docstring)."""
    import openpyxl
    from openpyxl import load_workbook

    if not openpyxl.__version__.startswith("3.1."):
        return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    reader = _Reader(io.BytesIO(data), read_only=True, data_only=data_only)
    reader.read()
    wb: Workbook = reader.wb
    return wb


def _reader_class() -> type:
    from openpyxl.packaging.relationship import get_dependents, get_rels_path
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    class Unsized(ReadOnlyWorksheet):  # type: ignore[misc]  # openpyxl is untyped
        def _get_size(self) -> None:
            """Left unknown (as after ``reset_dimensions``): the cells are read in full."""

    class Reader(ExcelReader):  # type: ignore[misc]
        def read_worksheets(self) -> None:
            # ExcelReader.read_worksheets of openpyxl 3.1, read-only branch
            for sheet, rel in self.parser.find_sheets():
                if rel.target not in self.valid_files:
                    continue
                if "chartsheet" in rel.Type:
                    self.read_chartsheet(sheet, rel)
                    continue
                rels_path = get_rels_path(rel.target)
                if rels_path in self.valid_files:
                    get_dependents(self.archive, rels_path)  # parsed, as openpyxl does
                ws = Unsized(self.wb, sheet.name, rel.target, self.shared_strings)
                ws.sheet_state = sheet.state
                self.wb._sheets.append(ws)  # noqa: SLF001

    return Reader


_Reader: Any = _reader_class()
