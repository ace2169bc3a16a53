"""PDF versions of a build's documents and the meeting package (zip with the manifest).

PDFs come from LibreOffice in one batch (:func:`yhdyspinta_docs.output._pdf.convert_to_pdf`).
LibreOffice stamps the clock into each PDF (creation date, XMP date, file id); those stamps are
replaced, byte for byte with strings of the same length, by the document's own date and a hash
of its content, so the same input still gives the same PDF bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from ._files import OutputFile
from ._zip import zip_members

__all__ = ["make_pdfs", "meeting_package", "stable_pdf"]

_PDF_DATE = re.compile(rb"D:\d{14}")
_XMP_DATE = re.compile(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)"
                       rb"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})")
_PDF_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_CHECKSUM = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)")


def stable_pdf(data: bytes, when: dt.date) -> bytes:
    """Replace LibreOffice's time stamps and random file id in `data` by fixed values.

    Every replacement has the same length as what it replaces, so the cross-reference offsets
    of the PDF stay valid.
    """
    stamp = when.strftime("%Y%m%d").encode() + b"000000"
    data = _PDF_DATE.sub(b"D:" + stamp, data)
    iso = when.strftime("%Y-%m-%dT00:00:00").encode()
    data = _XMP_DATE.sub(lambda m: m.group(1) + iso, data)
    digest = hashlib.sha256(_CHECKSUM.sub(b"", _PDF_ID.sub(b"", data))).hexdigest().upper(
    ).encode()
    data = _CHECKSUM.sub(lambda m: m.group(1) + digest[: len(m.group(2))], data)

    def _id(m: re.Match[bytes]) -> bytes:
        first, second = m.group(1), m.group(2)
        return m.group(0).replace(first, digest[: len(first)]).replace(
            second, digest[-len(second):])

    return _PDF_ID.sub(_id, data)


def make_pdfs(documents: Sequence[OutputFile], when: dt.date) -> list[OutputFile]:
    """Convert every .docx of `documents` to PDF in one LibreOffice run.

    Raises :class:`~yhdyspinta_docs.errors.ConversionError` (with how to install LibreOffice)
    when it is missing or a PDF is not produced.
    """
    from ._pdf import convert_to_pdf

    docx = [d for d in documents if d.path.endswith(".docx")]
    if not docx:
        return []
    out: list[OutputFile] = []
    with tempfile.TemporaryDirectory(prefix="yhdyspinta-pdf-") as tmp:
        src, dst = Path(tmp, "src"), Path(tmp, "pdf")
        src.mkdir()
        # -- flat, unique names: one LibreOffice call converts them all into one folder --
        names = {}
        for i, doc in enumerate(docx):
            local = src / f"{i:04d}_{Path(doc.path).name}"
            local.write_bytes(doc.data)
            names[local.with_suffix(".pdf").name] = doc
        for pdf in convert_to_pdf(sorted(src.iterdir()), dst):
            doc = names[pdf.name]
            out.append(OutputFile(str(PurePosixPath(doc.path).with_suffix(".pdf")), doc.kind,
                                  stable_pdf(pdf.read_bytes(), when), party=doc.party,
                                  lang=doc.lang, title=doc.title))
    return out


def meeting_package(files: Sequence[tuple[str, bytes]]) -> bytes:
    """A deterministic zip of `files` ((path, bytes) pairs, e.g. every output + manifest)."""
    return zip_members(sorted(files), 6)
