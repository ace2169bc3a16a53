"""Archival PDFs (PDF/A-2b, still tagged for PDF/UA) with the same bytes for the same input.

LibreOffice exports PDF/A-2b itself (:data:`~yhdyspinta_docs.output._pdf.PDFA_FILTER`): the
XMP metadata says ``pdfaid:part 2``, ``pdfaid:conformance B`` next to ``pdfuaid:part 1``, and
an /OutputIntents entry carries the sRGB colour profile (ICC) the page colours mean. That
profile is a compressed stream whose ICC header holds the date and time of the conversion, so
two conversions of one document differ inside compressed bytes, where the same-length
replacement of :func:`~yhdyspinta_docs.output._package.stable_pdf` cannot reach.
:func:`stable_pdfa` therefore reads the PDF with pikepdf (the ``pdf`` extra) and sets every
stamp of the clock to the document's own date: the ICC header's date of the output intent's
profile (and its profile id, an MD5 of the profile, where one is given), the XMP dates, the
document information dates (their time-zone suffix kept, so that they still agree with the
XMP), the file id and LibreOffice's /DocChecksum. Nothing else is changed: the structure
tree, the XMP packet otherwise, the output intent and every other stream (an image's own
colour profile too) are written as LibreOffice made them: none is decoded, recompressed or
newly compressed (the dated profile is compressed again with zlib, so the same zlib gives
the same bytes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zlib
from typing import TYPE_CHECKING

from ..errors import ConversionError
from ._package import XMP_DATE

if TYPE_CHECKING:
    import pikepdf

__all__ = ["PDFA_INSTALL", "icc_with_date", "require_pikepdf", "stable_pdfa"]

PDFA_INSTALL = "pip install 'yhdyspinta-docs[pdf]'"

_PDF_DATE = re.compile(r"D:\d{14}")  # an Info date's digits (as stable_pdf's, in text)
_ICC_SIGNATURE = b"acsp"  # at offset 36 of every ICC profile
_ICC_DATE = slice(24, 36)  # dateTimeNumber: year, month, day, hours, minutes, seconds (uint16)
_ICC_ID = slice(84, 100)  # profile id (ICC v4): MD5 of the profile, zeros when not given


def require_pikepdf() -> None:
    """Raise :class:`ConversionError` saying how to install pikepdf when it is missing (call
    it before any work)."""
    try:
        import pikepdf  # noqa: F401
    except ImportError:
        raise ConversionError(
            "PDF/A needs pikepdf, which sets the dates LibreOffice stamps into an archival PDF "
            f"so that the same plan gives the same bytes; install it with: {PDFA_INSTALL}"
        ) from None


def icc_with_date(profile: bytes, when: dt.date) -> bytes:
    """The ICC profile `profile` with its header dated `when` at 00:00:00; its profile id
    computed again if it has one (ICC.1:2010, 7.2.18). Anything that is not an ICC profile
    is returned as it is."""
    if len(profile) < 128 or profile[36:40] != _ICC_SIGNATURE:
        return profile
    data = bytearray(profile)
    data[_ICC_DATE] = b"".join(n.to_bytes(2, "big")
                               for n in (when.year, when.month, when.day, 0, 0, 0))
    if any(data[_ICC_ID]):
        unhashed = bytearray(data)
        for part in (slice(44, 48), slice(64, 68), _ICC_ID):  # flags, intent, id: zeros
            unhashed[part] = bytes(part.stop - part.start)
        data[_ICC_ID] = hashlib.md5(bytes(unhashed), usedforsecurity=False).digest()
    return bytes(data)


def stable_pdfa(data: bytes, when: dt.date) -> bytes:
    """The PDF/A `data` (from LibreOffice) with every stamp of the clock set to `when`, saved
    deterministically: the same document gives the same bytes on any day (see the module)."""
    import pikepdf

    try:
        return _stable(data, when)
    except (pikepdf.PdfError, ValueError) as exc:
        raise ConversionError("the PDF/A LibreOffice made cannot be read to fix its dates: "
                              f"{str(exc).splitlines()[0][:200]}") from exc


def _stable(data: bytes, when: dt.date) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        for intent in pdf.Root.get("/OutputIntents", pikepdf.Array()):
            profile = intent.get("/DestOutputProfile")  # made by LibreOffice (an image's
            if isinstance(profile, pikepdf.Stream):     # own profile is left as it is)
                _date_icc(profile, when)
        _date_metadata(pdf, when)
        stamp = when.strftime("D:%Y%m%d000000")
        if "/Info" in pdf.trailer:
            for key in ("/CreationDate", "/ModDate"):
                if key in pdf.docinfo:
                    pdf.docinfo[key] = pikepdf.String(
                        _PDF_DATE.sub(stamp, str(pdf.docinfo[key])))
        if "/ID" in pdf.trailer:  # else qpdf keeps LibreOffice's random first id
            del pdf.trailer["/ID"]
        if "/DocChecksum" not in pdf.trailer:
            return _save(pdf)
        # -- LibreOffice's checksum of its own output: made again from what is saved --
        del pdf.trailer["/DocChecksum"]
        digest = hashlib.md5(_save(pdf), usedforsecurity=False).hexdigest().upper()
        pdf.trailer["/DocChecksum"] = pikepdf.Name("/" + digest)
        return _save(pdf)


def _date_icc(stream: pikepdf.Stream, when: dt.date) -> None:
    import pikepdf

    try:
        profile = stream.read_bytes()
    except pikepdf.PdfError:
        return  # not decodable here: not one LibreOffice wrote; left as it is
    dated = icc_with_date(profile, when)
    if dated == profile:
        return
    if "/Filter" in stream:
        stream.write(zlib.compress(dated, 9), filter=pikepdf.Name.FlateDecode)
    else:
        stream.write(dated)


def _date_metadata(pdf: pikepdf.Pdf, when: dt.date) -> None:
    """The XMP dates set to `when` in the metadata stream's own bytes (no other change; the
    stream stays unfiltered, as PDF/A requires)."""
    import pikepdf

    meta = pdf.Root.get("/Metadata")
    if not isinstance(meta, pikepdf.Stream):
        return
    xmp = meta.read_bytes()
    iso = when.strftime("%Y-%m-%dT00:00:00").encode()
    dated = XMP_DATE.sub(lambda m: m.group(1) + iso, xmp)
    if dated != xmp:
        if "/Filter" in meta:
            meta.write(zlib.compress(dated, 9), filter=pikepdf.Name.FlateDecode)
        else:
            meta.write(dated)


def _save(pdf: pikepdf.Pdf) -> bytes:
    import pikepdf

    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, compress_streams=False,
             stream_decode_level=pikepdf.StreamDecodeLevel.none,
             object_stream_mode=pikepdf.ObjectStreamMode.preserve,
             fix_metadata_version=False)
    return out.getvalue()
