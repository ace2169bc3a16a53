"""The one deterministic zip writer of every package this library writes.

.docx, .xlsx and the meeting package are zip archives. For "same input, same bytes" every
member gets the date 1980-01-01 00:00, mode 0644 and "made on Unix", whatever the clock and
the umask say, and is deflated at the level the caller gives. The archive is written by the
standard library's :mod:`zipfile`.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

__all__ = ["FIXED_ZIP_TIME", "zip_members"]

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""The date and time of every member: the earliest a zip can store."""

_MODE = 0o644
_MADE_ON_UNIX = 3


def zip_members(parts: Iterable[tuple[str, bytes]], level: int) -> bytes:
    """An archive of `parts` ((name, content), in that order), deflated at `level` (0–9)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = _MODE << 16
            info.create_system = _MADE_ON_UNIX
            archive.writestr(info, data, compresslevel=level)
    return out.getvalue()
