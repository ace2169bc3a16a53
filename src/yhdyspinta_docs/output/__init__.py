"""The last stage: documents made in memory become files, PDFs and a meeting package.

- :func:`write_atomic` writes one file through a temporary file and a rename (never a
  half-written file, never a silent overwrite); :func:`write_manifest` writes
  ``manifest.json`` from :class:`ManifestEntry` lines; :class:`OutputFile` is a document in
  memory with its path, kind, party and language.
- :func:`zip_members` is the one deterministic zip writer (fixed date, mode 0644, on stdlib
  :mod:`zipfile`) behind every .docx, .xlsx and the meeting package; :func:`normalize_zip`
  rewrites an existing zip that way.
- :func:`convert_to_pdf` converts files with LibreOffice; :func:`make_pdfs` makes the PDF of
  every .docx of a build with stable bytes; :func:`meeting_package` zips a build's files.
- :func:`check_accessibility` checks .docx, .xlsx and .pdf files for what a public body must
  get right before publishing them (a PDF with pikepdf, the ``pdf`` extra).
"""

from ._accessibility import check_accessibility
from ._files import ManifestEntry, OutputFile, normalize_zip, write_atomic, write_manifest
from ._package import make_pdfs, meeting_package
from ._pdf import convert_to_pdf
from ._zip import zip_members

__all__ = [
    "ManifestEntry",
    "OutputFile",
    "check_accessibility",
    "convert_to_pdf",
    "make_pdfs",
    "meeting_package",
    "normalize_zip",
    "write_atomic",
    "write_manifest",
    "zip_members",
]
