"""The gate for untrusted .xlsx files: checked before openpyxl parses a single byte.

A returned matrix comes from outside (e-mail), so it is read as hostile until proven
otherwise. :func:`check_xlsx` reads the file once and refuses, with one line naming the
file, anything that is:

* too big (:data:`MAX_FILE_BYTES`), empty, or not a zip archive at all;
* an OLE compound file (``D0 CF 11 E0``): a password-protected (encrypted) workbook or an
  old Excel 97–2003 .xls;
* a zip bomb: too many members, members or a total that unpack beyond the limits, or an
  unusual compression ratio, all from ``ZipFile.infolist()`` before anything is unpacked
  (Python's zip reader never unpacks more than the declared size);
* an encrypted zip, an OpenDocument (.ods) or Word file, a zip without a workbook, or a
  "Strict Open XML" workbook (namespace ``http://purl.oclc.org/ooxml/``), which openpyxl
  cannot read.

* not a regular file (a named pipe, a device, a directory: see :mod:`.inputs`);
* damaged: a part whose compressed data or CRC is broken (every part is unpacked in full);
* bigger than a follow-up matrix can be once openpyxl has it in memory: too many rows on a
  sheet (counted on the XML element's local name, so ``<x:row>`` counts as ``<row>``), a
  cell beyond column :data:`MAX_COLUMN` or row :data:`MAX_ROW_NUMBER`, too many cells in a
  row or in the workbook, too many XML elements;
* inconsistent: a cell that refers to a shared text the workbook does not have;
* carrying a DTD (document type declaration), which Excel and LibreOffice never write.

The parts are streamed through expat (the XML parser openpyxl uses) with nothing kept but
counters, so a refused file costs little memory and time. openpyxl then parses the bytes
returned here (never the path again) with defusedxml installed, which blocks entity
expansion and external entities in every XML part.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from openpyxl.utils import get_column_letter

from .._inputs import InputRefused, InputTooLarge, read_regular
from ..errors import Issue

__all__ = ["MAX_FILE_BYTES", "MAX_ROWS", "XlsxRefused", "check_xlsx"]

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_MEMBERS = 1000
MAX_MEMBER_BYTES = 100 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_RATIO = 500
MAX_ROWS = 50_000
"""More rows than any plan's matrix has (200 measures × 30 parties is 6,000): a returned file
with more is refused before openpyxl reads it, in bounded time and memory."""
MAX_ROW_NUMBER = 100_000
"""The highest row number a cell or row may have (openpyxl gives every row up to it)."""
MAX_COLUMN = 200
"""The highest column a cell may have (``GR``; the matrix has about a dozen): openpyxl gives
each row as wide as its last cell, so one cell in column XFD makes a row 16,384 cells wide."""
MAX_ROW_CELLS = 200
MAX_CELLS = 500_000
"""Cells in the whole workbook (a matrix of 6,000 rows has about 80,000)."""
MAX_XML_ELEMENTS = 3_000_000
"""XML elements in all parts together, which bounds the time the checks take."""
RATIO_FLOOR = 5 * 1024 * 1024
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
STRICT_NS = b"http://purl.oclc.org/ooxml/"
SAVE_AS = "save it in Excel or LibreOffice Calc as an Excel workbook (.xlsx) and send it again"


class XlsxRefused(Exception):
    """The file is not accepted; `issue` says which file and why, in one line."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(str(issue))
        self.issue = issue


def _refuse(name: str, what: str) -> XlsxRefused:
    return XlsxRefused(Issue(name, what))


def check_xlsx(path: Path, name: str | None = None) -> bytes:
    """Return the bytes of `path` if it is a plain .xlsx workbook; raise :class:`XlsxRefused`.

    `name` is how the file is called in messages (default: the path).
    """
    name = name or str(path)
    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except InputTooLarge as exc:
        most = f"{MAX_FILE_BYTES // 1048576} MB"
        what = (f"is {exc.size / 1048576:.1f} MB; a follow-up matrix is at most {most}"
                if exc.size is not None else
                f"is over {most}, the most a follow-up matrix can be")
        raise _refuse(name, f"{what} (remove pictures or extra sheets)") from None
    except InputRefused as exc:
        what = exc.what
        if what == "is a directory":
            what += ", not an Excel workbook"
        elif what.endswith("not a regular file"):
            what += "; give the returned workbook (.xlsx) itself"
        raise _refuse(name, what) from None
    if not data:
        raise _refuse(name, "is empty (0 bytes)")
    if data.startswith(OLE_SIGNATURE):
        raise _refuse(name, "is password-protected (encrypted) or an old Excel 97–2003 .xls "
                      f"file; remove the password and {SAVE_AS}")
    if not data.startswith(b"PK"):
        raise _refuse(name, f"is not an Excel workbook (.xlsx) but some other file; {SAVE_AS}")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise _refuse(name, f"is a damaged or incomplete file (not a readable .xlsx); "
                      f"{SAVE_AS}") from None
    _check_members(name, infos)
    names = {i.filename for i in infos}
    if "mimetype" in names and b"opendocument" in _read_small(zf, name, "mimetype"):
        raise _refuse(name, f"is an OpenDocument spreadsheet (.ods); {SAVE_AS}")
    if "word/document.xml" in names:
        raise _refuse(name, "is a Word document, not the follow-up workbook")
    if "[Content_Types].xml" not in names or "_rels/.rels" not in names:
        raise _refuse(name, f"is a zip archive but not an Excel workbook; {SAVE_AS}")
    rels = _read_small(zf, name, "_rels/.rels")
    workbook = _read_small(zf, name, "xl/workbook.xml") if "xl/workbook.xml" in names else b""
    if STRICT_NS in rels or STRICT_NS in workbook[:4096]:
        raise _refuse(name, "is saved as 'Strict Open XML Spreadsheet', which cannot be read; "
                      "save it as 'Excel Workbook (.xlsx)' and send it again")
    if not workbook:
        raise _refuse(name, f"is a zip archive without a workbook (xl/workbook.xml); {SAVE_AS}")
    if "xl/vbaProject.bin" in names:
        raise _refuse(name, "contains macros (.xlsm); save it as an Excel workbook (.xlsx) "
                      "without macros and send it again")
    _Scan(zf, name).run(infos)
    return data


def _read_small(zf: zipfile.ZipFile, name: str, member: str) -> bytes:
    """The bytes of one part (its size is already bounded by :func:`_check_members`)."""
    try:
        return zf.read(member)
    except _ZIP_ERRORS as exc:
        raise _damaged(name, member, exc) from None


def _damaged(name: str, member: str, exc: BaseException) -> XlsxRefused:
    detail = " ".join(str(exc).split())[:80] or type(exc).__name__
    return _refuse(name, f"is damaged: its part {member} cannot be unpacked ({detail}); "
                   f"{SAVE_AS}")


def _check_members(name: str, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_MEMBERS:
        raise _refuse(name, f"has {len(infos)} parts; a workbook has far fewer (zip bomb?); "
                      "refused")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise _refuse(name, f"is an encrypted zip archive; {SAVE_AS} without a password")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES or (
                info.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
            raise _refuse(name, f"unpacks to {info.file_size / 1048576:.0f} MB from "
                          f"{info.compress_size / 1024:.0f} KB ({info.filename}): not a normal "
                          "workbook (zip bomb?); refused")


# -- every part unpacked and its XML streamed, within bounds -----------------------------------


_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
               ValueError, OSError)
"""What unpacking a damaged part raises: a bad CRC, a broken deflate stream, a cut-off part,
an unknown compression method."""
_CHUNK = 1 << 20
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_MAIN_NS = ("", _MAIN, "http://purl.oclc.org/ooxml/spreadsheetml/main")
"""Rows are counted in these namespaces (more than openpyxl reads: counting more is safe)."""
_SI, _V = f"{_MAIN}}}si", f"{_MAIN}}}v"
_PACKAGE_NS = "http://schemas.openxmlformats.org/package/2006/"
_SHARED_STRINGS_TYPE = ("application/vnd.openxmlformats-officedocument.spreadsheetml."
                        "sharedStrings+xml")
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,4})\$?([0-9]{1,9})")
_DTD = ("contains XML entity or DTD declarations, which a workbook saved by Excel or "
        "LibreOffice never has; refused")
_AS_SENT = "a follow-up matrix has about a dozen columns: send the matrix as it was sent"


def _split(tag: str) -> tuple[str, str]:
    """``'namespace}local'`` (expat's names with ``}`` as separator) → (namespace, local)."""
    ns, sep, local = tag.rpartition("}")
    return (ns, local) if sep else ("", tag)


def _column(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


class _Scan:
    """One pass over every part of a workbook: each is unpacked in full (so a bad CRC or a
    broken deflate stream is found here, naming the part) and its XML is streamed through
    expat, the parser openpyxl uses, holding nothing but counters.

    On the way, rows are counted on their local name in the spreadsheet namespace (a prefix
    such as ``<x:row>`` counts), every child of a row is a cell (as openpyxl reads it), and
    refused are: more than :data:`MAX_ROWS` rows on
    a sheet, a cell beyond column :data:`MAX_COLUMN` or row :data:`MAX_ROW_NUMBER`, more than
    :data:`MAX_ROW_CELLS` cells in a row, :data:`MAX_CELLS` cells or
    :data:`MAX_XML_ELEMENTS` XML elements in the workbook, a shared-text index that the
    workbook's shared texts do not have, and any DTD (document type declaration). A part that
    is not well-formed XML is left for openpyxl, which stops at the same place.
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
                                                          "ContentType", _PACKAGE_NS))
        self.strings_part = next((part.lstrip("/") for part, kind in overrides.items()
                                  if kind == _SHARED_STRINGS_TYPE), "")
        self._sheet_titles({i.filename for i in infos})
        counter = _SharedStrings()
        if self.strings_part in {i.filename for i in infos}:
            self._parse_part(self.strings_part, counter)
        self.strings = counter.count
        for info in infos:
            if info.filename not in ("[Content_Types].xml", self.strings_part):
                self._parse_part(info, _Sheet(self, info.filename))

    def _sheet_titles(self, names: set[str]) -> None:
        sheets: dict[str, str] = {}
        targets: dict[str, str] = {}
        self._parse_part("xl/workbook.xml", _Collect(sheets, "sheet", "id", "name", None))
        if "xl/_rels/workbook.xml.rels" in names:
            self._parse_part("xl/_rels/workbook.xml.rels",
                             _Collect(targets, "Relationship", "Id", "Target", None))
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
            raise _refuse(self.name, f"has more than {MAX_XML_ELEMENTS:,} XML elements; a "
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
        except _ZIP_ERRORS as exc:
            raise _damaged(self.name, member, exc) from None

    def _doctype(self, member: str) -> Callable[..., None]:
        def refuse(*_: object) -> None:
            raise _refuse(f"{self.name}: {self.where(member)}", _DTD)
        return refuse


class _Handler:
    """What :meth:`_Scan._parse_part` calls for each element; by default, only counts."""

    def start(self, scan: _Scan, tag: str, attrs: dict[str, str]) -> None:
        scan.count_element()

    def end(self, tag: str) -> None:
        """Called at each end tag."""

    def data(self, text: str) -> None:
        """Called with the text between tags, in pieces."""


class _Collect(_Handler):
    """Collects ``{key attribute: value attribute}`` of elements with a local name."""

    def __init__(self, into: dict[str, str], local: str, key: str, value: str,
                 ns: str | None) -> None:
        self.into, self.local, self.key, self.value, self.ns = into, local, key, value, ns

    def start(self, scan: _Scan, tag: str, attrs: dict[str, str]) -> None:
        scan.count_element()
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

    def __init__(self) -> None:
        self.count = 0

    def start(self, scan: _Scan, tag: str, attrs: dict[str, str]) -> None:
        scan.count_element()
        if tag == _SI:
            self.count += 1


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

    def __init__(self, scan: _Scan, member: str) -> None:
        self.scan, self.member = scan, member
        self.depth = 0
        self.rows = 0
        self.row_number = 0  # the number of the last row, as openpyxl counts them
        self.open: list[_Row] = []  # rows inside rows are possible in XML
        self.shared: tuple[int, str] | None = None  # depth and reference of a t="s" cell
        self.value_depth = 0  # depth of the <v> of that cell while it is read
        self.index: list[str] = []
        self.seen_value = False

    def _refuse(self, ref: str, what: str) -> XlsxRefused:
        sheet = self.scan.where(self.member)
        return _refuse(f"{self.scan.name}: {sheet}!{ref}" if ref else
                       f"{self.scan.name}: {sheet}", what)

    def start(self, scan: _Scan, tag: str, attrs: dict[str, str]) -> None:
        scan.count_element()
        self.depth += 1
        if self.open and self.open[-1].depth == self.depth - 1:
            self._cell(self.open[-1], attrs.get("r", ""), attrs.get("t", "n"))
        elif (self.shared is not None and tag == _V and not self.seen_value
              and self.depth == self.shared[0] + 1):
            self.value_depth, self.seen_value = self.depth, True
        ns, local = _split(tag)
        if local == "row" and ns in _MAIN_NS:
            self._row(attrs.get("r", ""))

    def _row(self, r: str) -> None:
        self.rows += 1
        if self.rows > MAX_ROWS:
            raise _refuse(self.scan.name, f"has over {MAX_ROWS:,} rows on one sheet "
                          f"({self.member}); a follow-up matrix has one row per measure "
                          "and party: send the matrix as it was sent, not a data export")
        try:  # as openpyxl reads it
            number = int(r) if len(r) <= 20 else MAX_ROW_NUMBER + 1
        except ValueError:
            number = self.row_number + 1
        self.row_number = number
        if number > MAX_ROW_NUMBER or number < 0:
            shown = f"{number:,}" if len(r) <= 20 else r[:20] + "…"
            raise self._refuse(r[:20] or str(number), f"row {shown} is beyond row "
                               f"{MAX_ROW_NUMBER:,}; a follow-up matrix has one row per "
                               "measure and party: send the matrix as it was sent")
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
        if number > MAX_ROW_NUMBER:
            raise self._refuse(shown, f"a cell beyond row {MAX_ROW_NUMBER:,}; a follow-up "
                               "matrix has one row per measure and party: send the matrix "
                               "as it was sent")
        if row.cells > MAX_ROW_CELLS:
            raise self._refuse(shown, f"row {number} has more than {MAX_ROW_CELLS} cells; "
                               f"{_AS_SENT}")
        if self.scan.cells > MAX_CELLS:
            raise self._refuse("", f"the workbook has more than {MAX_CELLS:,} cells; a "
                               "follow-up matrix has far fewer: send the matrix as it was "
                               "sent, not a data export")
        if kind == "s":
            self.shared, self.seen_value, self.index = (self.depth, shown), False, []

    def data(self, text: str) -> None:
        if self.value_depth == self.depth and sum(map(len, self.index)) < 40:
            self.index.append(text)

    def end(self, tag: str) -> None:
        if self.value_depth == self.depth:
            self.value_depth = 0
        if self.shared is not None and self.shared[0] == self.depth:
            self._check_index(self.shared[1], "".join(self.index).strip())
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
