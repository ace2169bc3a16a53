"""The one deterministic zip writer of every package this library writes.

.docx, .xlsx and the meeting package are zip archives. For "same input, same bytes" every
member gets a fixed date, mode 0644 and "made on Unix", whatever the clock and the umask say,
and is deflated at the level the caller gives. The date is 1980-01-01 00:00 inside a document
(nobody sees it), and the plan's date for the meeting package, whose files keep it when they
are extracted. The archive is written by the standard library's :mod:`zipfile`.

A renderer that writes many archives starting with the same members (every document of a
template shares its styles, theme and fonts) passes a :class:`ZipPrefixes`: the archive of
those leading members is deflated once and kept, and each archive is that one with the other
members appended (``zipfile``'s append mode). The bytes are the same as writing every member
in one go.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Literal

__all__ = ["FIXED_ZIP_TIME", "ZipPrefixes", "zip_members"]

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""The date and time of every member: the earliest a zip can store."""

_MODE = 0o644
_MADE_ON_UNIX = 3


class ZipPrefixes:
    """Archives of leading members, deflated once and kept for archives that start alike
    (the last `size` distinct ones; thread-safe)."""

    def __init__(self, size: int = 4) -> None:
        self._size = size
        self._kept: OrderedDict[tuple[int, tuple[tuple[str, bytes], ...]], bytes] = (
            OrderedDict())
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._kept)

    def archive(self, parts: tuple[tuple[str, bytes], ...], level: int) -> bytes:
        """The archive of `parts` at `level`, made once."""
        key = (level, parts)
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
                return found
        made = zip_members(parts, level)
        with self._lock:
            self._kept[key] = made
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)
        return made


def zip_members(parts: Iterable[tuple[str, bytes]], level: int, *, prefix: int = 0,
                kept: ZipPrefixes | None = None, when: dt.date | None = None) -> bytes:
    """An archive of `parts` ((name, content), in that order), deflated at `level` (0–9).

    With `kept`, the archive of the first `prefix` parts is taken from (or added to) `kept`
    and the other parts are appended to it; the bytes are the same. `when` is the date of
    every member (midnight); default :data:`FIXED_ZIP_TIME`, also for a date before 1980,
    which a zip cannot store.
    """
    stamp = ((when.year, when.month, when.day, 0, 0, 0)
             if when is not None and 1980 <= when.year <= 2107 else FIXED_ZIP_TIME)
    members: Sequence[tuple[str, bytes]] = list(parts)
    mode: Literal["w", "a"]
    if kept is None or prefix <= 0:
        out = io.BytesIO()
        mode = "w"
    else:
        out = io.BytesIO(kept.archive(tuple(members[:prefix]), level))
        members, mode = members[prefix:], "a"
    with zipfile.ZipFile(out, mode) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = _MODE << 16
            info.create_system = _MADE_ON_UNIX
            archive.writestr(info, data, compresslevel=level)
    return out.getvalue()
