"""The gate for untrusted .xlsx files: checked before openpyxl parses a single byte.

A returned matrix comes from outside (e-mail), so it is read as hostile until proven
otherwise. :func:`check_xlsx` reads the file once and refuses, with one line naming the
file, anything that is:

* too big (:data:`MAX_FILE_BYTES`), empty, or not a zip archive at all (a text file, such as
  a .csv export or the plan file given by mistake, is told so);
* an OLE compound file (``D0 CF 11 E0``): a password-protected (encrypted) workbook or an
  old Excel 97–2003 .xls;
* a zip bomb: too many members, members or a total that unpack beyond the limits, or an
  unusual compression ratio, all from ``ZipFile.infolist()`` before anything is unpacked
  (Python's zip reader never unpacks more than the declared size);
* an encrypted zip, an OpenDocument (.ods), Excel binary (.xlsb), Apple Numbers or Word
  file, a zip without a workbook, or a
  "Strict Open XML" workbook (namespace ``http://purl.oclc.org/ooxml/``), which openpyxl
  cannot read.

* not a regular file (a named pipe, a device, a directory: see :mod:`.inputs`);
* damaged: a part whose compressed data or CRC is broken (every part is unpacked in full);
* bigger than a follow-up matrix can be once openpyxl has it in memory: too many rows on a
  sheet (counted on the XML element's local name, so ``<x:row>`` counts as ``<row>``), a
  cell beyond column :data:`MAX_COLUMN` or row :data:`MAX_ROW_NUMBER`, too many cells in a
  row or in the workbook, too many XML elements (in all, or in one part that is not a sheet:
  cell styles, defined names, comments), XML nested too deep, too many shared texts;
* inconsistent: a cell that refers to a shared text the workbook does not have, a number or
  date that is none (``NaN``, thousands of digits, ``2026-02-30``);
* carrying a DTD (document type declaration), which Excel and LibreOffice never write.

The parts are streamed through expat (the XML parser openpyxl uses; :mod:`._guard_xml`) with
nothing kept but counters, so a refused file costs little memory and time. openpyxl then
parses the bytes returned here (never the path again) with defusedxml installed, which blocks
entity expansion and external entities in every XML part.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from .._inputs import InputRefused, InputTooLarge, read_regular
from ._guard_limits import (
    MAX_CELLS,
    MAX_COLUMN,
    MAX_MEMBERS,
    MAX_ROWS,
    SAVE_AS,
    ZIP_ERRORS,
    XlsxRefused,
    damaged,
    refuse,
)
from ._guard_xml import Scan

__all__ = ["MAX_CELLS", "MAX_COLUMN", "MAX_FILE_BYTES", "MAX_ROWS", "SAVE_AS", "XlsxRefused",
           "check_xlsx"]

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_MEMBER_BYTES = 100 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_RATIO = 500
RATIO_FLOOR = 5 * 1024 * 1024
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
STRICT_NS = b"http://purl.oclc.org/ooxml/"


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
        raise refuse(name, f"{what} (remove pictures or extra sheets)") from None
    except InputRefused as exc:
        what = exc.what
        if what == "is a directory":
            what += ", not an Excel workbook"
        elif what.endswith("not a regular file"):
            what += "; give the returned workbook (.xlsx) itself"
        raise refuse(name, what) from None
    if not data:
        raise refuse(name, "is empty (0 bytes)")
    if data.startswith(OLE_SIGNATURE):
        if path.suffix.lower() == ".xls":  # Excel encrypts an .xlsx into the same container
            raise refuse(name, f"is an old Excel 97–2003 workbook (.xls); {SAVE_AS}")
        raise refuse(name, "is password-protected (encrypted) or an old Excel 97–2003 .xls "
                     f"file; remove the password and {SAVE_AS}")
    if not data.startswith(b"PK"):
        if _is_text(data[:4096]) and path.suffix.lower() in (".csv", ".txt", ".tsv", ".prn"):
            raise refuse(name, "is a text file (a .csv export), not an Excel workbook (.xlsx): "
                         "it keeps one sheet and none of the matrix's checks; fill in the copy "
                         f"that was sent and {SAVE_AS}")
        if _is_text(data[:4096]):
            raise refuse(name, "is a text file, not an Excel workbook (.xlsx); give the "
                         "returned workbook")
        raise refuse(name, f"is not an Excel workbook (.xlsx) but some other file; {SAVE_AS}")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise refuse(name, f"is a damaged or incomplete file (not a readable .xlsx); "
                     f"{SAVE_AS}") from None
    _check_members(name, infos)
    names = {i.filename for i in infos}
    if "mimetype" in names and b"opendocument" in _read_small(zf, name, "mimetype"):
        raise refuse(name, f"is an OpenDocument spreadsheet (.ods); {SAVE_AS}")
    if "xl/workbook.bin" in names:
        raise refuse(name, f"is an Excel binary workbook (.xlsb); {SAVE_AS}")
    if "Index/Document.iwa" in names:
        raise refuse(name, "is an Apple Numbers file; export it as an Excel workbook (.xlsx) "
                     "and send it again")
    if "word/document.xml" in names:
        raise refuse(name, "is a Word document, not the follow-up workbook")
    if "[Content_Types].xml" not in names or "_rels/.rels" not in names:
        raise refuse(name, f"is a zip archive but not an Excel workbook; {SAVE_AS}")
    rels = _read_small(zf, name, "_rels/.rels")
    workbook = _read_small(zf, name, "xl/workbook.xml") if "xl/workbook.xml" in names else b""
    if STRICT_NS in rels or STRICT_NS in workbook[:4096]:
        raise refuse(name, "is saved as 'Strict Open XML Spreadsheet', which cannot be read; "
                     "save it as 'Excel Workbook (.xlsx)' and send it again")
    if not workbook:
        raise refuse(name, f"is a zip archive without a workbook (xl/workbook.xml); {SAVE_AS}")
    if "xl/vbaProject.bin" in names:
        raise refuse(name, "contains macros (.xlsm); save it as an Excel workbook (.xlsx) "
                     "without macros and send it again")
    Scan(zf, name).run(infos)
    return data


def _is_text(head: bytes) -> bool:
    """Whether `head` (a file's first bytes) is plain text as a .csv or .txt export is, in
    any of the encodings Excel and Calc save text in: no NUL byte, no control character but
    tab and line breaks, and not a PDF, RTF or markup file."""
    if not head or head.startswith((b"%PDF", b"{\\rtf", b"<")) or b"\0" in head:
        return False
    return not any(byte < 32 and byte not in (9, 10, 13) for byte in head)


def _read_small(zf: zipfile.ZipFile, name: str, member: str) -> bytes:
    """The bytes of one part (its size is already bounded by :func:`_check_members`)."""
    try:
        return zf.read(member)
    except ZIP_ERRORS as exc:
        raise damaged(name, member, exc) from None


def _check_members(name: str, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_MEMBERS:
        raise refuse(name, f"has {len(infos)} parts; a workbook has far fewer (zip bomb?); "
                     "refused")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise refuse(name, f"is an encrypted zip archive; {SAVE_AS} without a password")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES or (
                info.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
            raise refuse(name, f"unpacks to {info.file_size / 1048576:.0f} MB from "
                         f"{info.compress_size / 1024:.0f} KB ({info.filename}): not a normal "
                         "workbook (zip bomb?); refused")
