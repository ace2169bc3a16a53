"""Reading a file from outside: a regular file only, and never more than a set number of bytes.

A plan file or a returned workbook is named by a user and may be anything the path points
at: a named pipe (FIFO) that would block the read forever, a device such as ``/dev/zero``
that never ends, a directory, a socket, or a symbolic link that points to itself.
:func:`read_regular` opens the path without blocking (``O_NONBLOCK``: opening a FIFO
returns at once), checks with ``fstat`` on the open descriptor that it is a regular file,
and reads at most ``limit + 1`` bytes, so the size limit holds for what is read, whatever
the file's stated size says.

Every refusal is an :class:`InputRefused` whose `what` completes the sentence
"``<file>``: …", e.g. ``is a named pipe (FIFO), not a regular file``; callers add
what the file should have been.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

__all__ = ["InputRefused", "InputTooLarge", "not_regular_kind", "read_regular"]

_CHUNK = 1 << 20


class InputRefused(Exception):
    """`path` is not a readable regular file; `what` says why, in words."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class InputTooLarge(InputRefused):
    """The file holds more than the limit; `size` is its stated size when that already
    says so (``None`` when only reading found it)."""

    def __init__(self, limit: int, size: int | None) -> None:
        super().__init__(f"is over {limit} bytes" if size is None else f"is {size} bytes")
        self.limit = limit
        self.size = size


def not_regular_kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file"
    return "is not a regular file"


def _open_error(exc: OSError) -> InputRefused:
    if isinstance(exc, FileNotFoundError):
        return InputRefused("no such file")
    if isinstance(exc, PermissionError):
        return InputRefused("cannot be read (permission denied)")
    if exc.errno == errno.ELOOP:
        return InputRefused("is a symbolic link that leads back to itself (a loop of links); "
                            "point it at the real file")
    if exc.errno == errno.ENOTDIR:
        return InputRefused("no such file (a part of the path is a file, not a directory)")
    if exc.errno == errno.ENAMETOOLONG:
        return InputRefused("the file name is too long")
    if exc.errno == errno.EISDIR:
        return InputRefused("is a directory")
    return InputRefused(f"cannot be read ({exc.strerror or type(exc).__name__})")


def read_regular(path: str | Path, limit: int) -> bytes:
    """Return the bytes of the regular file `path`, at most `limit` of them.

    Raises :class:`InputTooLarge` for a larger file and :class:`InputRefused` for anything
    that is not a readable regular file (missing, a directory, a FIFO, a device, a socket,
    a loop of symbolic links, no permission).
    """
    nonblock = getattr(os, "O_NONBLOCK", 0)  # POSIX; elsewhere there are no FIFOs to open
    flags = (os.O_RDONLY | nonblock | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
             | getattr(os, "O_BINARY", 0))
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _open_error(exc) from None
    except ValueError:  # a NUL character in the name
        raise InputRefused("is not a valid file name") from None
    try:
        try:
            info = os.fstat(fd)
            kind = not_regular_kind(info.st_mode)
            if kind is not None:
                raise InputRefused(kind)
            if info.st_size > limit:
                raise InputTooLarge(limit, info.st_size)
            if nonblock:
                os.set_blocking(fd, True)
            chunks: list[bytes] = []
            left = limit + 1
            while left > 0:
                chunk = os.read(fd, min(left, _CHUNK))
                if not chunk:
                    break
                chunks.append(chunk)
                left -= len(chunk)
        except OSError as exc:
            raise _open_error(exc) from None
    finally:
        os.close(fd)
    if left <= 0:
        raise InputTooLarge(limit, None)
    return b"".join(chunks)
