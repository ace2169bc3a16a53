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
from pathlib import Path
from xml.parsers import expat

from openpyxl.utils import get_column_letter

from .errors import Issue
from .inputs import InputRefused, InputTooLarge, read_regular

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
        size = f"is {exc.size / 1048576:.1f} MB" if exc.size is not None else "is larger"
        raise _refuse(name, f"{size}; a follow-up matrix is at most "
                      f"{MAX_FILE_BYTES // 1048576} MB (remove pictures or extra sheets)"
                      ) from None
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
_MAIN_NS = ("", "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            "http://purl.oclc.org/ooxml/spreadsheetml/main")
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

    On the way, rows and cells are counted on local names in the spreadsheet namespace (a
    prefix such as ``<x:row>`` counts), and refused are: more than :data:`MAX_ROWS` rows on
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
    """Counts the shared texts (``<si>``), as openpyxl does: every one, at any depth."""

    def __init__(self) -> None:
        self.count = 0

    def start(self, scan: _Scan, tag: str, attrs: dict[str, str]) -> None:
        scan.count_element()
        ns, local = _split(tag)
        if local == "si" and ns in _MAIN_NS:
            self.count += 1


class _Sheet(_Handler):
    """The bounds on rows and cells of one part (any part: a sheet may be stored anywhere)."""

    def __init__(self, scan: _Scan, member: str) -> None:
        self.scan, self.member = scan, member
        self.rows = 0
        self.row = 0  # the current row number, as openpyxl counts it
        self.column = 0
        self.row_cells = 0
        self.in_row = False
        self.shared: str | None = None  # the cell whose shared-text index is being read
        self.index: list[str] = []
        self.in_value = False

    def _refuse(self, ref: str, what: str) -> XlsxRefused:
        sheet = self.scan.where(self.member)
        return _refuse(f"{self.scan.name}: {sheet}!{ref}" if ref else
                       f"{self.scan.name}: {sheet}", what)

    def start(self, scan: _Scan, tag: str, attrs: dict[str, str]) -> None:
        scan.count_element()
        ns, local = _split(tag)
        if ns not in _MAIN_NS:
            return
        if local == "row":
            self._row(attrs.get("r", ""))
        elif local == "c" and self.in_row:
            self._cell(attrs.get("r", ""), attrs.get("t", ""))
        elif local == "v" and self.shared is not None:
            self.in_value = True

    def _row(self, r: str) -> None:
        self.rows += 1
        if self.rows > MAX_ROWS:
            raise _refuse(self.scan.name, f"has over {MAX_ROWS:,} rows on one sheet "
                          f"({self.member}); a follow-up matrix has one row per measure "
                          "and party: send the matrix as it was sent, not a data export")
        self.row = int(r) if r.isdigit() and len(r) <= 9 else self.row + 1
        if self.row > MAX_ROW_NUMBER:
            raise self._refuse(f"{r or self.row}", f"row {self.row:,} is beyond row "
                               f"{MAX_ROW_NUMBER:,}; a follow-up matrix has one row per "
                               "measure and party: send the matrix as it was sent")
        self.in_row, self.column, self.row_cells = True, 0, 0

    def _cell(self, ref: str, kind: str) -> None:
        self.row_cells += 1
        self.scan.cells += 1
        found = _CELL_REF.fullmatch(ref)
        if found:
            self.column, row = _column(found[1]), int(found[2])
        else:
            self.column, row = self.column + 1, self.row
        shown = ref[:20] or f"{get_column_letter(min(self.column, 16384))}{row}"
        if ref and not found:
            raise self._refuse(shown, f"{shown!r} is not a cell reference: the file is damaged; "
                               f"{SAVE_AS}")
        if self.column > MAX_COLUMN:
            raise self._refuse(shown, f"a cell beyond column {get_column_letter(MAX_COLUMN)} "
                               f"(column {MAX_COLUMN}); {_AS_SENT}")
        if row > MAX_ROW_NUMBER:
            raise self._refuse(shown, f"a cell beyond row {MAX_ROW_NUMBER:,}; a follow-up "
                               "matrix has one row per measure and party: send the matrix "
                               "as it was sent")
        if self.row_cells > MAX_ROW_CELLS:
            raise self._refuse(shown, f"row {row} has more than {MAX_ROW_CELLS} cells; "
                               f"{_AS_SENT}")
        if self.scan.cells > MAX_CELLS:
            raise self._refuse("", f"the workbook has more than {MAX_CELLS:,} cells; a "
                               "follow-up matrix has far fewer: send the matrix as it was "
                               "sent, not a data export")
        self.shared = shown if kind == "s" else None
        self.index = []

    def data(self, text: str) -> None:
        if self.in_value and sum(map(len, self.index)) < 20:
            self.index.append(text)

    def end(self, tag: str) -> None:
        ns, local = _split(tag)
        if ns not in _MAIN_NS:
            return
        if local == "v":
            self.in_value = False
        elif local == "c" and self.shared is not None:
            self._check_index(self.shared, "".join(self.index).strip())
            self.shared = None
        elif local == "row":
            self.in_row = False

    def _check_index(self, ref: str, text: str) -> None:
        strings = self.scan.strings or 0
        part = self.scan.strings_part or "no shared texts"
        if not text.isdigit() or int(text) >= strings:
            shown = text[:20] if text else "nothing"
            raise self._refuse(ref, f"the cell refers to shared text number {shown}, but the "
                               f"workbook has {strings} shared texts ({part}): the file is "
                               f"damaged; {SAVE_AS}")
