"""The matrix template: loading it, finding its columns, filling its pre-formatted region.

Row 2 of a template sheet is its style row: every row written gets, column by column, the
look of the style row's cell (named style, font, fill, border, alignment, number format,
protection), through openpyxl's public cell style attributes. The bundled template gives
each style-row cell a named style and nothing else, so a new cell gets its whole look with
one ``cell.style = name`` (fast). Where a restyled template's cell has formatting of its own
(its look differs from its named style's), each attribute is copied (slower, same look).
Which of the two a column takes is decided once per column. Every range that
depends on the number of rows (table, dropdown, date check, conditional formatting, print
area) is stretched from row 2 down to the last row written.

A template is loaded by openpyxl once per process: the checked workbook is kept pickled (a
copy in memory, a tenth of the time of loading it again), and every matrix starts from its own
copy of it, so that a build of every party's matrix loads the template once.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import threading
import warnings
import zipfile
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from copy import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from .._assets import default_template
from ..errors import Issue, TemplateError
from ._followup import (
    NAME_STATUS_LIST,
    SHEET_DATA,
    SHEET_HELP,
    SHEET_LISTS,
    SHEET_META,
    SHEET_SUMMARY,
    TEMPLATE_VERSION,
    Column,
    Status,
    normalize_header,
)
from ._heights import fit_height, font_size, line_widths
from ._meta import meta_rows
from ._sheets import put

__all__ = ["CellLook", "columns", "fill_rows", "forget_loaded", "load_template"]

_LOADED: OrderedDict[str, bytes] = OrderedDict()  # prepared template's digest → its workbook
_LOADED_LOCK = threading.Lock()


def load_template(template: Path | None) -> Workbook:
    """The matrix template (default: the bundled one), linted, scrubbed and checked to fit:
    a workbook of its own for the caller to fill (the template is loaded once per process)."""
    from ..word import prepare_template, read_template  # word imports this package

    path = template or default_template("matrix")
    try:
        raw = prepare_template(read_template(path), str(path))  # linted and scrubbed
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise _unreadable(path, exc) from exc
    digest = hashlib.sha256(raw).hexdigest()
    with _LOADED_LOCK:
        kept = _LOADED.get(digest)
    if kept is not None:
        try:
            return pickle.loads(kept)  # our own pickle, never a file's
        except Exception:  # noqa: BLE001 (an openpyxl that rebuilds differently: load again)
            with _LOADED_LOCK:
                _LOADED.pop(digest, None)
    wb = _load(raw, path)
    try:
        kept = _pickled(wb)
    except (pickle.PicklingError, TypeError, AttributeError):
        return wb  # an object openpyxl keeps that cannot be copied: loaded for every matrix
    with _LOADED_LOCK:
        _LOADED[digest] = kept
        while len(_LOADED) > 4:
            _LOADED.popitem(last=False)
    return wb


class _Pickler(pickle.Pickler):
    """A pickler that copies openpyxl's dictionaries as they are.

    Some of openpyxl's ``dict`` subclasses do not pickle as ``dict`` does: the row and column
    dimensions (``defaultdict`` subclasses whose ``__init__`` takes other arguments) would come
    back without their default factory and owner, and a sheet's tables (whose ``items()``
    gives each table's range, not the table) would come back as texts. Each is rebuilt here
    from its class, its default factory, its attributes and its items as ``dict`` holds them."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, dict) and type(obj) not in (dict, defaultdict, OrderedDict):
            return (_new_dict, (type(obj), getattr(obj, "default_factory", None)),
                    getattr(obj, "__dict__", None) or None, None, iter(dict.items(obj)))
        return NotImplemented


def _new_dict(cls: type[dict[Any, Any]], factory: Any) -> dict[Any, Any]:
    new = cls.__new__(cls)
    if isinstance(new, defaultdict):
        defaultdict.__init__(new, factory)
    return new


def _pickled(wb: Workbook) -> bytes:
    out = io.BytesIO()
    _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(wb)
    return out.getvalue()


def forget_loaded() -> None:
    """Forget the templates :func:`load_template` keeps (benchmarks measure a first use as a
    new process has it)."""
    with _LOADED_LOCK:
        _LOADED.clear()


def _unreadable(path: Path, exc: Exception) -> TemplateError:
    return TemplateError([Issue(str(path), f"cannot read the matrix template ({exc})")], path)


def _load(raw: bytes, path: Path) -> Workbook:
    """The prepared template `raw` loaded by openpyxl and checked to fit the program."""
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            wb = load_workbook(io.BytesIO(raw))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise _unreadable(path, exc) from exc
    issues = [Issue(str(path), f"sheet '{name}' is missing")
              for name in (SHEET_HELP, SHEET_DATA, SHEET_SUMMARY, SHEET_LISTS, SHEET_META)
              if name not in wb.sheetnames]
    if not issues:
        if SHEET_DATA not in wb[SHEET_DATA].tables:
            issues.append(Issue(f"{path}: {SHEET_DATA}", f"no Excel table '{SHEET_DATA}'"))
        listed = [c.value for c in wb[SHEET_LISTS]["A"][1:len(Status) + 1]]
        if listed != [s.value for s in Status] or NAME_STATUS_LIST not in wb.defined_names:
            issues.append(Issue(f"{path}: {SHEET_LISTS}", "the status list or its defined name "
                                f"'{NAME_STATUS_LIST}' does not match the program"))
        meta = meta_rows(wb[SHEET_META])
        if wb[SHEET_META].cell(meta.get("template_version", 1), 2).value != TEMPLATE_VERSION:
            issues.append(Issue(f"{path}: {SHEET_META}", f"template version is not "
                                f"{TEMPLATE_VERSION}; start again from the bundled "
                                "templates/matrix.xlsx"))
    if issues:
        raise TemplateError(issues, path, header="the matrix template does not fit this program")
    return wb


def columns(ws: Worksheet, spec: tuple[Column, ...], sheet: str) -> dict[str, int]:
    """Map field → column number from the header row of a template sheet."""
    by_header = {normalize_header(c.header): c for c in spec}
    found: dict[str, int] = {}
    for cell in ws[1]:
        col = by_header.get(normalize_header(cell.value))
        if col is not None and col.field not in found:
            found[col.field] = cell.column
    missing = [c.header for c in spec if c.required and c.field not in found]
    if missing:
        raise TemplateError([Issue(f"{sheet}!1", f"missing column(s) {', '.join(missing)}")],
                            header="the matrix template does not fit this program")
    return found


@dataclass(frozen=True)
class CellLook:
    """The look of one template cell, as openpyxl's public style attributes."""

    style: str
    font: Font
    fill: PatternFill
    border: Border
    alignment: Alignment
    number_format: str
    protection: Protection
    quote_prefix: bool
    pivot_button: bool

    @classmethod
    def of(cls, cell: Cell) -> CellLook:
        """The look of `cell` (copies: changing the look does not change the cell)."""
        return cls(_style_name(cell), copy(cell.font), copy(cell.fill), copy(cell.border),
                   copy(cell.alignment), cell.number_format, copy(cell.protection),
                   bool(cell.quotePrefix), bool(cell.pivotButton))

    def apply(self, cell: Cell) -> Cell:
        """Give `cell` this look; return it."""
        cell.style = self.style  # the named style first: it sets every attribute below
        cell.font = self.font
        cell.fill = self.fill
        cell.border = self.border
        cell.alignment = self.alignment
        cell.number_format = self.number_format
        cell.protection = self.protection
        cell.quotePrefix = self.quote_prefix
        cell.pivotButton = self.pivot_button
        return cell

    def matches(self, cell: Cell) -> bool:
        """Whether `cell` has exactly this look, compared without copying its style objects.

        The cell's attribute comes first: openpyxl's read-only proxy of a style object
        compares its object with the other side, while a style object never equals a proxy.
        """
        return (_style_name(cell) == self.style and cell.font == self.font
                and cell.fill == self.fill and cell.border == self.border
                and cell.alignment == self.alignment
                and cell.number_format == self.number_format
                and cell.protection == self.protection
                and bool(cell.quotePrefix) == self.quote_prefix
                and bool(cell.pivotButton) == self.pivot_button)

    @classmethod
    def of_style(cls, ws: Worksheet, name: str) -> CellLook:
        """The look that the named style `name` alone gives a cell of `ws`'s workbook."""
        scratch = Cell(ws)  # not placed in the sheet: the sheet is not changed
        scratch.style = name
        return cls.of(scratch)


def _painters(ws: Worksheet, columns: range) -> dict[int, Callable[[Cell], object]]:
    """For each column, what gives a new cell the look of its style-row cell: the cell's
    named style alone where that is its whole look, else a copy of every attribute."""
    styles: dict[str, CellLook] = {}
    out: dict[int, Callable[[Cell], object]] = {}
    for c in columns:
        cell = ws.cell(2, c)
        name = _style_name(cell)
        if name not in styles:
            styles[name] = CellLook.of_style(ws, name)
        out[c] = _named(name) if styles[name].matches(cell) else CellLook.of(cell).apply
    return out


def _style_name(cell: Cell) -> str:
    """The name of `cell`'s named style; "Normal" where openpyxl cannot tell it.

    A workbook saved by LibreOffice Calc numbers its style records differently from the list
    of named styles openpyxl reads, and openpyxl then fails to name the style of a cell.
    The look is still copied whole (each attribute), only the cell's style name is Normal.
    """
    try:
        return str(cell.style)
    except IndexError:
        return "Normal"


def _named(name: str) -> Callable[[Cell], object]:
    def paint(cell: Cell) -> None:
        cell.style = name
    return paint


KEY_CHARS_PER_WIDTH = 1.05
"""Characters of a row key (``asuminen/maakuntaliitto``) a line of the key column holds per
unit of column width in LibreOffice Calc: fewer than of prose (``_heights.CHARS_PER_WIDTH``),
for a key is lowercase letters without spaces, many of them wide; Calc wraps that key, 23
characters, in the bundled template's column 20 wide."""


def _key_lines(value: object) -> object:
    """A row key as its lines are counted: Calc breaks a key after its ``/``."""
    return value.replace("/", "/ ") if isinstance(value, str) else value


def fill_rows(ws: Worksheet, cols: dict[str, int], spec: tuple[Column, ...],
              values: list[dict[str, object]]) -> int:
    """Write `values` from row 2 with the style row's looks; fit every range; return last row."""
    paint = _painters(ws, range(1, ws.max_column + 1))
    last = max(2, len(values) + 1)
    fields = [(c.field, cols[c.field], paint[cols[c.field]]) for c in spec if c.field in cols]
    others = [(col, p) for col, p in paint.items() if col not in cols.values()]
    # each row's height is fitted as soon as the row is written (saved as an automatic
    # height, never fixed: see _heights.fit_heights), from the values just stored in its cells
    key = cols.get("key")  # a row key has no spaces and many wide letters (see _key_lines)
    per_line = line_widths(ws, {key: KEY_CHARS_PER_WIDTH} if key else None)
    sizes = {c: font_size(ws.cell(2, c)) for c in per_line}  # each column's style-row font
    title = ws.title
    for r, row in enumerate(values, start=2):
        written: dict[int, object] = {}
        for name, col, p in fields:
            cell = ws.cell(r, col)
            if r > 2:  # row 2 keeps the look it has
                p(cell)
            put(cell, row.get(name), sheet=title)
            written[col] = cell.value
        if r > 2:
            for col, p in others:
                p(ws.cell(r, col))
        fit_height(ws, r, [(_key_lines(written[c]) if c == key else
                            written[c] if c in written else ws.cell(r, c).value, width,
                            sizes[c]) for c, width in per_line.items()])
    width = get_column_letter(ws.max_column)
    for table in ws.tables.values():
        table.ref = f"A1:{width}{last}"
        if table.autoFilter is not None:
            table.autoFilter.ref = table.ref
    for dv in ws.data_validations.dataValidation:
        dv.sqref = _extend(dv.sqref, last)
    old = ws.conditional_formatting
    ws.conditional_formatting = ConditionalFormattingList()
    for cf in old:
        for rule in cf.rules:
            ws.conditional_formatting.add(str(_extend(cf.sqref, last)), rule)
    ws.print_area = f"A1:{width}{last}"
    return last


def _extend(sqref: Any, last: int) -> str:
    """Stretch every range of `sqref` that covers the style row (2) down to `last`."""
    out = []
    for rng in getattr(sqref, "ranges", [sqref]):
        cr = CellRange(str(rng))
        if cr.min_row == 2:
            cr = CellRange(min_col=cr.min_col, min_row=2, max_col=cr.max_col, max_row=last)
        out.append(cr.coord)
    return " ".join(out)
