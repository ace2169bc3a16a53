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

openpyxl then parses the bytes returned here (never the path again) with defusedxml
installed, which blocks entity expansion and external entities in every XML part.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from .errors import Issue

__all__ = ["MAX_FILE_BYTES", "MAX_ROWS", "XlsxRefused", "check_xlsx"]

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_MEMBERS = 1000
MAX_MEMBER_BYTES = 100 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_RATIO = 500
MAX_ROWS = 50_000
"""More rows than any plan's matrix has (200 measures × 30 parties is 6,000): a returned file
with more is refused before openpyxl reads it, in bounded time and memory."""
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
        size = path.stat().st_size
        if path.is_dir():
            raise _refuse(name, "is a directory, not an Excel workbook")
        if size > MAX_FILE_BYTES:
            raise _refuse(name, f"is {size / 1048576:.1f} MB; a follow-up matrix is at most "
                          f"{MAX_FILE_BYTES // 1048576} MB (remove pictures or extra sheets)")
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise _refuse(name, "no such file") from None
    except OSError as exc:
        raise _refuse(name, f"cannot be read ({exc.strerror})") from None
    if len(data) > MAX_FILE_BYTES:
        raise _refuse(name, f"is over {MAX_FILE_BYTES // 1048576} MB")
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
    if "mimetype" in names and b"opendocument" in zf.read("mimetype"):
        raise _refuse(name, f"is an OpenDocument spreadsheet (.ods); {SAVE_AS}")
    if "word/document.xml" in names:
        raise _refuse(name, "is a Word document, not the follow-up workbook")
    if "[Content_Types].xml" not in names or "_rels/.rels" not in names:
        raise _refuse(name, f"is a zip archive but not an Excel workbook; {SAVE_AS}")
    rels = zf.read("_rels/.rels")
    workbook = zf.read("xl/workbook.xml") if "xl/workbook.xml" in names else b""
    if STRICT_NS in rels or STRICT_NS in workbook[:4096]:
        raise _refuse(name, "is saved as 'Strict Open XML Spreadsheet', which cannot be read; "
                      "save it as 'Excel Workbook (.xlsx)' and send it again")
    if not workbook:
        raise _refuse(name, f"is a zip archive without a workbook (xl/workbook.xml); {SAVE_AS}")
    if "xl/vbaProject.bin" in names:
        raise _refuse(name, "contains macros (.xlsm); save it as an Excel workbook (.xlsx) "
                      "without macros and send it again")
    for info in infos:
        if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
            rows = _count_rows(zf, info)
            if rows > MAX_ROWS:
                raise _refuse(name, f"has over {MAX_ROWS:,} rows on one sheet "
                              f"({info.filename}); a follow-up matrix has one row per measure "
                              "and party: send the matrix as it was sent, not a data export")
    return data


def _count_rows(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """Count ``<row`` elements by streaming the sheet, stopping past :data:`MAX_ROWS`."""
    count, tail = 0, b""
    with zf.open(info) as fh:
        while chunk := fh.read(1 << 20):
            data = tail + chunk
            count += data.count(b"<row ") + data.count(b"<row>")
            tail = data[-5:]
            count -= tail.count(b"<row ") + tail.count(b"<row>")  # counted again next round
            if count > MAX_ROWS:
                break
    return count + tail.count(b"<row ") + tail.count(b"<row>")


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
