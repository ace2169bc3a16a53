"""Every part of a returned workbook unpacked and its XML streamed, within bounds.

:class:`Scan` is the second half of :func:`._guard.check_xlsx`: it runs on a zip whose
members are already known to be few and small enough, and refuses (:class:`XlsxRefused`)
a workbook that openpyxl could read only at great cost in memory or time, or that is damaged
in a way openpyxl would not say clearly.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from xml.parsers import expat

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_ISO8601

from ._guard_limits import (
    MAX_CELLS,
    MAX_COLUMN,
    MAX_MEMBERS,
    MAX_NUMBER_CHARS,
    MAX_PART_ELEMENTS,
    MAX_ROW_CELLS,
    MAX_ROW_NUMBER,
    MAX_ROWS,
    MAX_SHARED_STRINGS,
    MAX_XML_DEPTH,
    MAX_XML_ELEMENTS,
    SAVE_AS,
    SHEET_ROWS,
    ZIP_ERRORS,
    XlsxRefused,
    damaged,
    refuse,
)

__all__ = ["Scan"]

_CHUNK = 1 << 20
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_MAIN_NS = ("", _MAIN, "http://purl.oclc.org/ooxml/spreadsheetml/main")
"""Rows are counted in these namespaces (more than openpyxl reads: counting more is safe)."""
_SI, _V = f"{_MAIN}}}si", f"{_MAIN}}}v"
_PACKAGE_NS = "http://schemas.openxmlformats.org/package/2006/"
_SHARED_STRINGS_TYPE = ("application/vnd.openxmlformats-officedocument.spreadsheetml."
                        "sharedStrings+xml")
_NUMBER = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,4})\$?([0-9]{1,9})")
_DTD = ("contains XML entity or DTD declarations, which a workbook saved by Excel or "
        "LibreOffice never has; refused")
_AS_SENT = "a follow-up matrix has about a dozen columns: send the matrix as it was sent"
_ROWS_AS_SENT = "a follow-up matrix has a row per measure and party: send it as it was sent"


def _readable(kind: str, value: str) -> bool:
    """Whether openpyxl can read `value` as the number (`kind` "n") or ISO date ("d") it
    is stored as (``NaN``, ``1e``, ``2026-02-30`` end in a message that says nothing)."""
    if kind == "n":
        return _NUMBER.fullmatch(value) is not None
    try:
        from_ISO8601(value)
    except (ValueError, TypeError, OverflowError):
        return False
    return True


def _short(text: str) -> str:
    """`text` cut to 20 characters for a message, as Python writes it."""
    return repr(text if len(text) <= 20 else text[:20] + "…")


def _split(tag: str) -> tuple[str, str]:
    """``'namespace}local'`` (expat's names with ``}`` as separator) → (namespace, local)."""
    ns, sep, local = tag.rpartition("}")
    return (ns, local) if sep else ("", tag)


def _column(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


class Scan:
    """One pass over every part of a workbook: each is unpacked in full (so a bad CRC or a
    broken deflate stream is found here, naming the part) and its XML is streamed through
    expat, the parser openpyxl uses, holding nothing but counters.

    On the way, rows are counted on their local name in the spreadsheet namespace (a prefix
    such as ``<x:row>`` counts), every child of a row is a cell (as openpyxl reads it), and
    refused are: more than :data:`MAX_ROWS` rows on a sheet, a cell beyond column
    :data:`MAX_COLUMN` or in a row beyond :data:`MAX_ROW_NUMBER` (an empty row may be there,
    up to :data:`SHEET_ROWS`), more than :data:`MAX_ROW_CELLS` cells in a row, :data:`MAX_CELLS`
    cells or :data:`MAX_XML_ELEMENTS` XML elements in the workbook, :data:`MAX_PART_ELEMENTS`
    in any part besides its rows (content types, styles, names, merged cells), three times
    :data:`MAX_SHARED_STRINGS` in the shared texts, XML nested deeper than
    :data:`MAX_XML_DEPTH`, more than :data:`MAX_SHARED_STRINGS` shared texts, a shared-text
    index that the workbook's shared texts do not have, a number or date that openpyxl could
    not read (``NaN``, 5,000 digits, ``2026-02-30``), and any DTD (document type
    declaration), and rows out of order. A part not well-formed is left to openpyxl's error.
    """

    def __init__(self, zf: zipfile.ZipFile, name: str) -> None:
        self.zf, self.name = zf, name
        self.elements = 0
        self.cells = 0
        self.strings: int | None = None
        self.strings_part = ""
        self.titles: dict[str, str] = {}

    # -- the small parts read first: content types, sheet names, shared texts ------------

    def run(self, infos: list[zipfile.ZipInfo]) -> None:
        overrides: dict[str, str] = {}
        self._parse_part("[Content_Types].xml", _Collect(overrides, "Override", "PartName",
                                                          "ContentType", _PACKAGE_NS,
                                                          "[Content_Types].xml"))
        self.strings_part = next((part.lstrip("/") for part, kind in overrides.items()
                                  if kind == _SHARED_STRINGS_TYPE), "")
        self._sheet_titles({i.filename for i in infos})
        counter = _SharedStrings()
        if self.strings_part in {i.filename for i in infos}:
            self._parse_part(self.strings_part, counter)
        self.strings = counter.strings
        for info in infos:
            if info.filename not in ("[Content_Types].xml", self.strings_part):
                self._parse_part(info, _Sheet(self, info.filename))

    def _sheet_titles(self, names: set[str]) -> None:
        sheets: dict[str, str] = {}
        targets: dict[str, str] = {}
        self._parse_part("xl/workbook.xml", _Collect(sheets, "sheet", "id", "name", None,
                                                     "xl/workbook.xml"))
        if "xl/_rels/workbook.xml.rels" in names:
            self._parse_part("xl/_rels/workbook.xml.rels",
                             _Collect(targets, "Relationship", "Id", "Target", None,
                                      "xl/_rels/workbook.xml.rels"))
        for rid, title in sheets.items():
            target = targets.get(rid)
            if target:
                part = (target.lstrip("/") if target.startswith("/")
                        else posixpath.normpath(posixpath.join("xl", target)))
                self.titles[part] = title

    def where(self, part: str) -> str:
        return self.titles.get(part, part)

    def count_element(self) -> None:
        self.elements += 1
        if self.elements > MAX_XML_ELEMENTS:
            raise refuse(self.name, f"has more than {MAX_XML_ELEMENTS:,} XML elements; a "
                         "follow-up matrix has far fewer: send the matrix as it was sent, "
                         "not a data export")

    def _parse_part(self, part: str | zipfile.ZipInfo, handler: _Handler) -> None:
        """Unpack `part` in full, feeding its XML to `handler` until it is done or the XML
        is not well-formed (then only the unpacking goes on, for the CRC check)."""
        member = part.filename if isinstance(part, zipfile.ZipInfo) else part
        parser = expat.ParserCreate(namespace_separator="}")
        parser.StartElementHandler = lambda tag, attrs: handler.start(self, tag, attrs)
        parser.EndElementHandler = handler.end
        parser.CharacterDataHandler = handler.data
        parser.StartDoctypeDeclHandler = self._doctype(member)
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parsing = True
        try:
            with self.zf.open(part) as fh:
                while chunk := fh.read(_CHUNK):
                    if parsing:
                        try:
                            parser.Parse(chunk, False)
                        except expat.ExpatError:
                            parsing = False
                if parsing:
                    try:
                        parser.Parse(b"", True)
                    except expat.ExpatError:
                        pass
        except XlsxRefused:
            raise
        except ZIP_ERRORS as exc:
            raise damaged(self.name, member, exc) from None

    def _doctype(self, member: str) -> Callable[..., None]:
        def refuse_doctype(*_: object) -> None:
            raise refuse(f"{self.name}: {self.where(member)}", _DTD)
        return refuse_doctype


class _Handler:
    """Called for each element of a part; by default only counts it (at most `limit`)."""

    limit, part, seen = MAX_PART_ELEMENTS, "", 0  # the part's bound, name and count

    def start(self, scan: Scan, tag: str, attrs: dict[str, str]) -> None:
        self.count(scan)

    def count(self, scan: Scan) -> None:
        scan.count_element()
        self.seen += 1
        if self.seen > self.limit:
            raise refuse(f"{scan.name}: {self.part or scan.strings_part}", f"has more than "
                         f"{self.limit:,} XML elements, far more than a matrix has; {SAVE_AS}")

    def end(self, tag: str) -> None:
        """Called at each end tag."""

    def data(self, text: str) -> None:
        """Called with the text between tags, in pieces."""


class _Collect(_Handler):
    """Collects ``{key attribute: value attribute}`` of elements with a local name."""

    def __init__(self, into: dict[str, str], local: str, key: str, value: str,
                 ns: str | None, part: str) -> None:
        self.into, self.local, self.key, self.value, self.ns = into, local, key, value, ns
        self.part = part

    def start(self, scan: Scan, tag: str, attrs: dict[str, str]) -> None:
        self.count(scan)
        ns, local = _split(tag)
        if local != self.local or (self.ns is not None and not ns.startswith(self.ns)):
            return
        # the relationship id of <sheet r:id=…> is in another namespace: match its local name
        found = {_split(k)[1]: v for k, v in attrs.items()}
        if self.key in found and self.value in found and len(self.into) < MAX_MEMBERS:
            self.into[found[self.key]] = found[self.value]


class _SharedStrings(_Handler):
    """Counts the shared texts as openpyxl does: every ``<si>`` in the spreadsheet namespace,
    at any depth (never more than openpyxl will have, so an index within the count is one
    openpyxl can look up)."""

    # a text and its formatting: two elements for a plain one, a few per run for rich text
    limit = 3 * MAX_SHARED_STRINGS

    def __init__(self) -> None:
        self.strings = 0

    def start(self, scan: Scan, tag: str, attrs: dict[str, str]) -> None:
        self.count(scan)
        if tag == _SI:
            self.strings += 1
            if self.strings > MAX_SHARED_STRINGS:
                raise refuse(f"{scan.name}: {scan.strings_part}", f"has more than "
                             f"{MAX_SHARED_STRINGS:,} shared texts; a follow-up matrix has "
                             "far fewer: send the matrix as it was sent, not a data export")


@dataclass
class _Row:
    """A row being read: its depth in the XML, its number, its cells so far, the last column."""

    depth: int
    number: int
    cells: int = 0
    column: int = 0


class _Sheet(_Handler):
    """The bounds on rows and cells of one part (any part: a sheet may be stored anywhere).

    Rows and cells are found as openpyxl finds them: a row is a ``row`` element at any depth;
    every child element of a row is a cell, whatever its name; a cell without a reference
    is in the column after the previous one.
    """

    def __init__(self, scan: Scan, member: str) -> None:
        self.scan, self.member = scan, member
        self.depth = 0
        self.rows = 0
        self.row_number = 0  # the number of the last row, as openpyxl counts them
        self.open: list[_Row] = []  # rows inside rows are possible in XML
        self.shared: tuple[int, str] | None = None  # depth and reference of the cell read
        self.value_depth = 0  # depth of the <v> of that cell while it is read
        self.index: list[str] = []
        self.seen_value = False
        self.kind = ""  # the type (t="…") of the cell whose <v> is being read
        self.elements = 0  # outside rows

    def _refuse(self, ref: str, what: str) -> XlsxRefused:
        sheet = self.scan.where(self.member)
        return refuse(f"{self.scan.name}: {sheet}!{ref}" if ref else
                      f"{self.scan.name}: {sheet}", what)

    def start(self, scan: Scan, tag: str, attrs: dict[str, str]) -> None:
        scan.count_element()
        ns, local = _split(tag)
        is_row = local == "row" and ns in _MAIN_NS
        # rows are bounded by their cells; the rest (styles, names, merged cells) by its count
        if not (self.open or is_row):
            self.elements += 1
            if self.elements > MAX_PART_ELEMENTS:
                besides = " besides its rows" if self.rows else ""
                raise refuse(f"{scan.name}: {scan.where(self.member)}", f"has more than "
                             f"{MAX_PART_ELEMENTS:,} XML elements{besides}; the part of a "
                             "follow-up matrix has far fewer (too many cell styles, names, "
                             f"comments or merged cells?); {SAVE_AS}")
        self.depth += 1
        if self.depth > MAX_XML_DEPTH:
            raise refuse(f"{scan.name}: {scan.where(self.member)}", f"nests XML elements "
                         f"more than {MAX_XML_DEPTH} deep, which Excel and LibreOffice never "
                         f"write; {SAVE_AS}")
        if self.open and self.open[-1].depth == self.depth - 1:
            self._cell(self.open[-1], attrs.get("r", ""), attrs.get("t", "n"))
        elif (self.shared is not None and tag == _V and not self.seen_value
              and self.depth == self.shared[0] + 1):
            self.value_depth, self.seen_value = self.depth, True
        if is_row:
            self._row(attrs.get("r", ""))

    def _row(self, r: str) -> None:
        self.rows += 1
        if self.rows > MAX_ROWS:
            raise refuse(self.scan.name, f"has over {MAX_ROWS:,} rows on one sheet "
                         f"({self.member}); {_ROWS_AS_SENT}, not a data export")
        try:  # as openpyxl reads it
            number = int(r) if len(r) <= 20 else SHEET_ROWS + 1
        except ValueError:
            number = self.row_number + 1
        if not self.row_number < number <= SHEET_ROWS:  # openpyxl skips a row out of order
            why = (f"is not a row of a sheet (1–{SHEET_ROWS:,})" if not 0 < number <= SHEET_ROWS
                   else f"comes after row {self.row_number:,}, out of order")
            shown = f"{number:,}" if len(r) <= 20 else r[:20] + "…"
            raise self._refuse(r[:20] or str(number), f"row {shown} {why}: the file is "
                               f"damaged; {SAVE_AS}")
        self.row_number = number
        self.open.append(_Row(self.depth, number))

    def _cell(self, row: _Row, ref: str, kind: str) -> None:
        row.cells += 1
        self.scan.cells += 1
        found = _CELL_REF.fullmatch(ref)
        if found:
            row.column, number = _column(found[1]), int(found[2])
        else:
            row.column, number = row.column + 1, row.number
        shown = ref[:20] or f"{get_column_letter(min(row.column, 16384))}{number}"
        if ref and not found:
            raise self._refuse(shown, f"{shown!r} is not a cell reference: the file is damaged; "
                               f"{SAVE_AS}")
        if row.column > MAX_COLUMN:
            raise self._refuse(shown, f"a cell beyond column {get_column_letter(MAX_COLUMN)} "
                               f"(column {MAX_COLUMN}); {_AS_SENT}")
        if max(number, row.number) > MAX_ROW_NUMBER:  # an empty row may be (Calc's last row)
            raise self._refuse(shown, f"a cell in row {max(number, row.number):,}, beyond row "
                               f"{MAX_ROW_NUMBER:,}; {_ROWS_AS_SENT}")
        if row.cells > MAX_ROW_CELLS:
            raise self._refuse(shown, f"row {number} has more than {MAX_ROW_CELLS} cells; "
                               f"{_AS_SENT}")
        if self.scan.cells > MAX_CELLS:
            raise self._refuse("", f"the workbook has more than {MAX_CELLS:,} cells; a "
                               "follow-up matrix has far fewer: send the matrix as it was "
                               "sent, not a data export")
        if kind in ("s", "n", "d"):  # a shared-text index, a number or a date is read
            self.shared, self.seen_value, self.index = (self.depth, shown), False, []
            self.kind = kind

    def data(self, text: str) -> None:
        if self.value_depth == self.depth and sum(map(len, self.index)) <= MAX_NUMBER_CHARS:
            self.index.append(text)

    def end(self, tag: str) -> None:
        if self.value_depth == self.depth:
            self.value_depth = 0
        if self.shared is not None and self.shared[0] == self.depth:
            value = "".join(self.index).strip()
            if self.kind == "s":
                self._check_index(self.shared[1], value)
            elif len(value) > MAX_NUMBER_CHARS:
                raise self._refuse(self.shared[1], f"the cell holds a number of more than "
                                   f"{MAX_NUMBER_CHARS} characters ({_short(value)}); "
                                   f"the file is damaged; {SAVE_AS}")
            elif value and not _readable(self.kind, value):
                what = "number" if self.kind == "n" else "date (year-month-day)"
                raise self._refuse(self.shared[1], f"the cell holds {_short(value)}, which is "
                                   f"not a {what} as Excel stores one: the file is damaged; "
                                   f"{SAVE_AS}")
            self.shared = None
        if self.open and self.open[-1].depth == self.depth:
            self.open.pop()
        self.depth -= 1

    def _check_index(self, ref: str, text: str) -> None:
        if not text:  # no value: openpyxl looks nothing up
            return
        strings = self.scan.strings or 0
        part = self.scan.strings_part or "no shared texts"
        if not text.isdigit() or int(text[:20]) >= strings:
            raise self._refuse(ref, f"the cell refers to shared text number {text[:20]}, but "
                               f"the workbook has {strings} shared texts ({part}): the file is "
                               f"damaged; {SAVE_AS}")
