"""The one deterministic zip writer of every package this library writes.

.docx, .xlsx and the meeting package are zip archives. For "same input, same bytes" every
member gets the date 1980-01-01 00:00, mode 0644 and "made on Unix", whatever the clock and
the umask say. The archive is byte for byte what :class:`zipfile.ZipFile` writes for
``ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))`` with ``external_attr = 0o644 << 16``,
``create_system = 3`` and ``writestr(info, data, compresslevel=level)`` into a seekable
file (tests compare the two on random members), only faster: each member is deflated with
one ``zlib.compress`` call (``zipfile`` sets up a compressor object per member, 50 µs,
more than deflating a typical part takes), and a member deflated once (a template's
unchanged parts) can be written into any number of archives.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["FIXED_ZIP_TIME", "Member", "deflate", "write_zip", "zip_members"]

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_DOS_DATE = (1 << 5) | 1  # 1980-01-01
_DOS_TIME = 0
_EXTERNAL_ATTR = 0o644 << 16
_UTF8_NAME = 0x800
_LIMIT = zipfile.ZIP64_LIMIT  # larger members or archives are written by zipfile (ZIP64)


@dataclass(frozen=True)
class Member:
    """One member's content, deflated: CRC-32, uncompressed size, raw deflate data."""

    crc: int
    size: int
    data: bytes
    level: int


def deflate(data: bytes, level: int = 9) -> Member:
    """`data` deflated as ``zipfile`` deflates a member at compression `level`."""
    return Member(zlib.crc32(data) & 0xFFFFFFFF, len(data), zlib.compress(data, level, -15),
                  level)


def zip_members(parts: Iterable[tuple[str, bytes]], level: int) -> bytes:
    """An archive of `parts` ((name, content), in that order), deflated at `level`."""
    return write_zip([(name, deflate(data, level)) for name, data in parts])


def write_zip(members: Sequence[tuple[str, Member]]) -> bytes:
    """The archive of `members` ((name, deflated content), in that order)."""
    bound = sum(m.size + len(m.data) + 2 * len(n.encode("utf-8")) + 100 for n, m in members)
    if bound >= _LIMIT or len(members) >= 0xFFFF:
        return _with_zipfile(members)
    out = bytearray()
    central = bytearray()
    for name, member in members:
        name = _member_name(name)
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), _UTF8_NAME
        offset = len(out)
        out += struct.pack("<4s2B4HL2L2H", b"PK\003\004", 20, 0, flags, zipfile.ZIP_DEFLATED,
                           _DOS_TIME, _DOS_DATE, member.crc, len(member.data), member.size,
                           len(encoded), 0)
        out += encoded
        out += member.data
        central += struct.pack("<4s4B4HL2L5H2L", b"PK\001\002", 20, 3, 20, 0, flags,
                               zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE, member.crc,
                               len(member.data), member.size, len(encoded), 0, 0, 0, 0,
                               _EXTERNAL_ATTR, offset)
        central += encoded
    start = len(out)
    out += central
    out += struct.pack("<4s4H2LH", b"PK\005\006", 0, 0, len(members), len(members),
                       len(central), start, 0)
    return bytes(out)


def _member_name(name: str) -> str:
    """The name as ``zipfile.ZipInfo`` stores it: cut at a NUL, the OS separator as ``/``."""
    name = name.split("\0", 1)[0]
    if os.sep != "/":
        name = name.replace(os.sep, "/")
    return name


def _with_zipfile(members: Sequence[tuple[str, Member]]) -> bytes:
    """Archives of 2 GiB or more (ZIP64): written by zipfile itself, from the contents."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, member in members:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = _EXTERNAL_ATTR
            info.create_system = 3
            archive.writestr(info, zlib.decompress(member.data, -15), compresslevel=member.level)
    return out.getvalue()
