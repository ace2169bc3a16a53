"""What ``check-accessibility`` reads: a file from anywhere, so hostile until checked.

:func:`read_checked` returns the bytes of a file to check, or the one :class:`~..errors.Issue`
that names the file (as given or found in a folder) and says why it is not checked:

* a FIFO, device or socket is named from ``stat`` and never opened (a FIFO would block the
  run); a file over its bound (:data:`MAX_DOCUMENT_BYTES`, a .xlsx 20 MB) is named unread;
  the rest is read once with :func:`~.._inputs.read_regular` (without blocking, a regular file
  only, never more than the bound, whatever size the file claims);
* a .xlsx is read by the gate of returned follow-up workbooks (``matrix/_guard.py``: zip bombs,
  DTDs and entities, damaged parts, sheets beyond its bounds);
* a .docx's zip directory must promise no zip bomb (:data:`MAX_PARTS`, :data:`MAX_PART_BYTES`,
  :data:`MAX_UNPACKED_BYTES`, and no part over 5 MB that unpacks to more than 500 times its
  packed size), judged before anything is unpacked.

A .docx or .xlsx is then parsed from these bytes, never from the path again; pikepdf opens a
PDF's path itself, after the check. A symbolic link is followed, to a regular file only, as if
the file it leads to were given.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from .._inputs import InputRefused, InputTooLarge, not_regular_kind, read_regular
from ..errors import Issue

__all__ = ["MAX_DOCUMENT_BYTES", "MAX_PARTS", "MAX_PART_BYTES", "MAX_UNPACKED_BYTES", "SUFFIXES",
           "not_regular_in", "read_checked"]

SUFFIXES = (".docx", ".xlsx", ".pdf")
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
"""The largest .docx or .pdf read (a generated one is well under 1 MB; one with many photos
may be tens of MB)."""
MAX_PARTS = 1000
"""Zip members of a .docx (a Word document has a few dozen)."""
MAX_PART_BYTES = 30 * 1024 * 1024
"""What one member of a .docx may unpack to: the XML of a very long document, or a picture."""
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
"""What all members of a .docx may unpack to together."""
_BOMB = "(a zip bomb?): open it in Word and save it again"


def read_checked(path: Path) -> bytes | Issue:
    """The bytes of the .docx, .xlsx or .pdf file `path`, read and checked as the module says;
    or the :class:`Issue` naming `path` (as given) and why it is not checked."""
    from ..matrix._guard import MAX_FILE_BYTES, XlsxRefused
    from ..matrix._guard import check_xlsx as xlsx_gate

    suffix, where = path.suffix.lower(), str(path)
    limit = MAX_FILE_BYTES if suffix == ".xlsx" else MAX_DOCUMENT_BYTES
    try:
        info: os.stat_result | None = os.stat(path)  # what it is, without opening it
    except (OSError, ValueError):
        info = None  # missing, unreadable, a loop of links: reading it says which
    kind = not_regular_kind(info.st_mode) if info is not None else None
    if kind is not None:
        fix = ": give the document itself" if kind.endswith("not a regular file") else ""
        return Issue(where, f"{kind}; not checked{fix}")
    try:
        if info is not None and info.st_size > limit:
            raise InputTooLarge(limit, info.st_size)
        if suffix == ".xlsx":
            return xlsx_gate(path, where)  # read once, within the same bound, and checked
        data = read_regular(path, limit)
    except InputTooLarge as exc:  # also a file that grows, or says it is empty, as /proc's do
        size = "over" if exc.size is None else f"{exc.size / 1048576:.1f}"
        return Issue(where, f"is {size} MB; not checked: a {suffix} file is checked up to "
                     f"{limit // 1048576} MB (compress or remove large pictures)")
    except InputRefused as exc:
        return Issue(where, f"{exc.what}; not checked")
    except XlsxRefused as exc:
        return Issue(exc.issue.where, f"not checked: {exc.issue.what}")
    refused = _docx_bounds(where, data) if suffix == ".docx" else None
    return refused or data


def _docx_bounds(where: str, data: bytes) -> Issue | None:
    """Why the .docx `data` is refused as a zip bomb, from the zip's directory; None if it is
    not (also when it is no zip at all: opening it says so)."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        return None
    if len(infos) > MAX_PARTS:
        return Issue(where, f"not checked: it has {len(infos)} parts, where a Word document "
                     f"has a few dozen {_BOMB}")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_PART_BYTES or total > MAX_UNPACKED_BYTES or (
                info.file_size > 5 * 1024 * 1024 and info.file_size > 500 * info.compress_size):
            shown = info.filename if len(info.filename) <= 80 else info.filename[:77] + "..."
            return Issue(where, f"not checked: its part {shown} unpacks to "
                         f"{info.file_size / 1048576:.0f} MB from "
                         f"{info.compress_size / 1024:.0f} KB, which no Word document does "
                         f"{_BOMB}")
    return None


def not_regular_in(folder: Path) -> list[Path]:
    """The entries in `folder` and its subfolders named like a .docx, .xlsx or .pdf that are
    neither a regular file nor a folder (a FIFO, a device, a socket, a link to one or to
    nothing), found without opening any, so that :func:`read_checked` names them; hidden
    entries and Office's ``~$`` lock files are left out, as the folder's files are."""
    return sorted(p for p in folder.rglob("*")
                  if p.suffix.lower() in SUFFIXES and not p.is_file() and not p.is_dir()
                  and not any(part.startswith((".", "~$"))
                              for part in p.relative_to(folder).parts))
