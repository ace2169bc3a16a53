"""PDF versions of a build's documents and the meeting package (zip with the manifest).

PDFs come from LibreOffice instances working in the background
(:func:`yhdyspinta_docs.output._pdf.start_conversion`) while the build goes on.
LibreOffice stamps the clock into each PDF (creation date, XMP date, file id); those stamps are
replaced, byte for byte with strings of the same length, by the document's own date and a hash
of its content, so the same input still gives the same PDF bytes. An archival PDF (PDF/A-2b,
`pdfa`) is made stable by :func:`~yhdyspinta_docs.output._pdfa.stable_pdfa` instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ..errors import ConversionError
from ._files import ManifestEntry, OutputFile
from ._zip import zip_members

if TYPE_CHECKING:
    from ._pdf import Office

__all__ = ["PACKAGE_NAME", "PendingPdfs", "make_pdfs", "meeting_package", "stable_pdf",
           "our_package_files", "stale_package", "start_pdfs"]

PACKAGE_NAME = "kokouspaketti.zip"
"""The meeting package's file name in the output folder."""

_PDF_DATE = re.compile(rb"D:\d{14}")
XMP_DATE = re.compile(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)"
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
    data = XMP_DATE.sub(lambda m: m.group(1) + iso, data)
    digest = hashlib.sha256(_CHECKSUM.sub(b"", _PDF_ID.sub(b"", data))).hexdigest().upper(
    ).encode()
    data = _CHECKSUM.sub(lambda m: m.group(1) + digest[: len(m.group(2))], data)

    def _id(m: re.Match[bytes]) -> bytes:
        first, second = m.group(1), m.group(2)
        return m.group(0).replace(first, digest[: len(first)]).replace(
            second, digest[-len(second):])

    return _PDF_ID.sub(_id, data)


_CREATED = re.compile(rb"<dcterms:created\b[^>]*>\s*(\d{4})-(\d{2})-(\d{2})")


def _created(docx: bytes) -> dt.date | None:
    """The creation date of a .docx we made (its core properties): its PDF carries the same
    date (a decision proposal is dated by its meeting); None when it has none."""
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as package:
            found = _CREATED.search(package.read("docProps/core.xml"))
        return dt.date(*map(int, found.groups())) if found else None
    except (zipfile.BadZipFile, KeyError, ValueError):
        return None


class PendingPdfs:
    """PDFs of a build's documents being made by LibreOffice in the background.

    Made by :func:`start_pdfs`; :meth:`finish` waits and returns the PDFs as
    :class:`OutputFile` objects. Used as a context manager, it stops LibreOffice and removes
    its files if the block fails (Ctrl-C included).
    """

    def __init__(self, documents: Sequence[OutputFile], when: dt.date, *,
                 workers: int | None = None, office: Office | None = None,
                 pdfa: bool = False) -> None:
        from ._pdf import start_conversion

        if pdfa:
            from ._pdfa import require_pikepdf

            require_pikepdf()
        self.when, self.pdfa = when, pdfa
        self.documents = [d for d in documents if d.path.endswith(".docx")]
        self._tmp = tempfile.TemporaryDirectory(prefix="yhdyspinta-pdf-")
        src, self._dst = Path(self._tmp.name, "src"), Path(self._tmp.name, "pdf")
        src.mkdir()
        # -- identical documents (e.g. a web version with nothing to leave out) are converted
        #    once: the same bytes give the same PDF --
        self._source_of: list[Path] = []
        first: dict[str, Path] = {}
        for i, doc in enumerate(self.documents):
            if doc.sha256 not in first:
                local = src / f"{i:04d}_{Path(doc.path).name}"
                local.write_bytes(doc.data)
                first[doc.sha256] = local
            self._source_of.append(first[doc.sha256])
        try:
            if office is not None:
                self._conversion = office.convert(sorted(first.values()), self._dst,
                                                  pdfa=pdfa)
            else:
                self._conversion = start_conversion(sorted(first.values()), self._dst,
                                                    workers=workers, pdfa=pdfa)
        except BaseException:
            self._tmp.cleanup()
            raise
        # -- an error names the documents, not their copies in the temporary folder --
        for local in first.values():
            self._conversion.names[local.resolve()] = ", ".join(dict.fromkeys(
                d.path for d, s in zip(self.documents, self._source_of, strict=True)
                if s == local))
        self._conversion.keeps_pdfs = False

    def __enter__(self) -> PendingPdfs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop LibreOffice if it still runs and remove the temporary files."""
        self._conversion.stop()
        self._tmp.cleanup()

    def finish(self) -> list[OutputFile]:
        """Wait for LibreOffice; the PDF of every .docx, in the order of the documents.

        Raises :class:`~yhdyspinta_docs.errors.ConversionError` naming the documents without
        a PDF.
        """
        stable, archival = stable_pdf, {}
        if self.pdfa:  # the manifest says which PDFs the archive takes
            from ._pdfa import stable_pdfa

            stable, archival = stable_pdfa, {"pdfa": "PDF/A-2b"}
        try:
            self._conversion.wait()
            pdfs: dict[Path, bytes] = {}
            out = []
            for doc, source in zip(self.documents, self._source_of, strict=True):
                if source not in pdfs:
                    pdf = self._dst / source.with_suffix(".pdf").name
                    try:
                        pdfs[source] = stable(pdf.read_bytes(),
                                              _created(doc.data) or self.when)
                    except ConversionError as exc:  # a PDF/A that pikepdf cannot read
                        raise ConversionError(f"{doc.path}: {exc.message}") from exc
                out.append(OutputFile(str(PurePosixPath(doc.path).with_suffix(".pdf")),
                                      doc.kind, pdfs[source], party=doc.party, lang=doc.lang,
                                      title=doc.title, extra={**doc.extra, **archival}))
            return out
        finally:
            self.close()


def start_pdfs(documents: Sequence[OutputFile], when: dt.date, *,
               workers: int | None = None, office: Office | None = None,
               pdfa: bool = False) -> PendingPdfs:
    """Start making the PDF of every .docx of `documents`; LibreOffice works in the background.

    Each PDF is stamped with its document's creation date (a decision proposal's meeting
    day), else `when` (the plan's date, never the clock). `workers` is the number of
    LibreOffice instances (default: the cores to spare), or `office` the instances started
    ahead by :func:`~yhdyspinta_docs.output._pdf.start_office`. With `pdfa`, the PDFs are
    PDF/A-2b and still tagged (needs pikepdf, checked first).
    """
    return PendingPdfs(documents, when, workers=workers, office=office, pdfa=pdfa)


def make_pdfs(documents: Sequence[OutputFile], when: dt.date, *,
              workers: int | None = None, pdfa: bool = False) -> list[OutputFile]:
    """The PDF of every .docx of `documents` (:func:`start_pdfs`, then wait); with `pdfa`,
    PDF/A-2b.

    Raises :class:`~yhdyspinta_docs.errors.ConversionError` (with how to install LibreOffice,
    or pikepdf for `pdfa`) when it is missing or a PDF is not produced.
    """
    return start_pdfs(documents, when, workers=workers, pdfa=pdfa).finish()


def meeting_package(files: Sequence[tuple[str, bytes]], when: dt.date) -> bytes:
    """A deterministic zip of `files` ((path, bytes) pairs, e.g. every output + manifest),
    each file dated `when` (the plan's date, as in the PDFs)."""
    return zip_members(sorted(files), 6, when=when)


MAX_PACKAGE_MANIFEST = 20 * 1024 * 1024
"""The most bytes of a meeting package's ``manifest.json`` that are read (a package of a
thousand documents has well under a megabyte)."""


def our_package_files(target: Path) -> dict[str, str] | None:
    """The files (path → sha256) that the meeting package `target` lists, if it is a regular
    file and a package made by this program; None otherwise (missing, a link, not a zip, no
    readable manifest of ours, or a manifest over :data:`MAX_PACKAGE_MANIFEST` bytes)."""
    import json
    import zipfile

    if not target.is_file() or target.is_symlink():
        return None
    try:
        with zipfile.ZipFile(target) as z:
            if z.getinfo("manifest.json").file_size > MAX_PACKAGE_MANIFEST:
                return None
            doc = json.loads(z.read("manifest.json"))
        if not str(doc.get("generator", "")).startswith("yhdyspinta-docs"):
            return None
        return {str(f["path"]): str(f["sha256"]) for f in doc["files"]}
    except (OSError, KeyError, ValueError, TypeError, AttributeError, zipfile.BadZipFile):
        return None


def stale_package(outdir: Path, entries: Sequence[ManifestEntry],
                  name: str = PACKAGE_NAME) -> str | None:
    """The warning for a meeting package of an earlier build in `outdir` that does not hold
    the files `entries` (what this build wrote: a build without the package after one with
    it), since it is the file that gets sent on. None when there is none, it matches, or it
    is not ours."""
    target = outdir / name
    packed = our_package_files(target)
    if packed is None or packed == {e.path: e.sha256 for e in entries}:
        return None
    return (f"{target}: is the meeting package of an earlier build and does not hold the "
            "documents written now; make it again (--zip), or remove it before sending "
            "anything from this folder")
