"""Saving a workbook as bytes: openpyxl's own writer, then made deterministic.

openpyxl's writer (``ExcelWriter``, what ``Workbook.save`` runs) stamps the document's
modification date with the clock and zips the parts with the current time; it writes here into
an uncompressed archive. For "same input, same bytes" the saved parts are read back, both core
document dates (created, modified) become the date given (the plan's date, never the
clock), the extended properties name this program as the application (openpyxl names
itself with its version, which would change the bytes with a library upgrade), the bar chart
gets its alt text, no row height is marked as fixed (a row grows with
the text typed into it), and the parts are zipped again by the one
deterministic zip writer (:func:`~yhdyspinta_docs.output._zip.zip_members`), with
``[Content_Types].xml`` first as Office expects and the others in the order openpyxl wrote
them.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from xml.sax.saxutils import quoteattr

from openpyxl.workbook.workbook import Workbook
from openpyxl.writer.excel import ExcelWriter

from ..output import zip_members

__all__ = ["ZIP_LEVEL", "save_workbook"]

ZIP_LEVEL = 6
"""Deflate level of the saved workbook (zlib's default, as openpyxl and Excel use)."""

_CORE_DATE_RE = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")
_CNVPR_RE = re.compile(rb'<(xdr:)?cNvPr id="(\d+)" name="(Chart \d+)"\s*/>')
_CONTENT_TYPES = "[Content_Types].xml"
_APP = (b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
        b'properties"><Application>yhdyspinta-docs</Application></Properties>')
"""``docProps/app.xml`` of every saved workbook, as the Word documents have it."""
_CUSTOM_HEIGHT_RE = re.compile(rb'(<row\b[^>]*?) customHeight="(?:1|true)"')


def save_workbook(wb: Workbook, when: dt.date, *, chart_alt: str | None = None) -> bytes:
    """The .xlsx bytes of `wb`, the same for the same workbook and `when`.

    `when` is the date both core document dates get; `chart_alt`, if given, is the alt text
    (``descr``) of every chart drawn on a sheet.
    """
    saved = io.BytesIO()
    # -- openpyxl's writer into a stored (uncompressed) archive: the parts are deflated once,
    #    by the deterministic writer below, not twice --
    with zipfile.ZipFile(saved, "w", zipfile.ZIP_STORED) as archive:
        ExcelWriter(wb, archive).save()
    with zipfile.ZipFile(saved) as zf:
        # a name written twice reads as its last content, as a zip reader reads it
        parts = {name: zf.read(name) for name in zf.namelist()}
    stamp = f"{when.isoformat()}T00:00:00Z".encode()
    alt = quoteattr(chart_alt or "").encode()
    out = []
    for name, part in parts.items():
        if name == "docProps/core.xml":
            part = _CORE_DATE_RE.sub(lambda m: m.group(1) + stamp + m.group(3), part)
        elif name == "docProps/app.xml":
            part = _APP
        elif name.startswith("xl/worksheets/sheet"):
            # every row height is an automatic one: Excel refits the row on opening, and
            # LibreOffice starts from the height given and grows the row as text is typed
            part = _CUSTOM_HEIGHT_RE.sub(rb"\1", part)
        elif name.startswith("xl/drawings/drawing") and chart_alt:
            part = _CNVPR_RE.sub(lambda m: m.group(0)[:-2].rstrip() + b" descr=" + alt + b"/>",
                                 part)
        out.append((name, part))
    out.sort(key=lambda item: item[0] != _CONTENT_TYPES)  # stable: the rest keep their order
    return zip_members(out, ZIP_LEVEL)
