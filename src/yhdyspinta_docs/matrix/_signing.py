"""The plan's key: it binds every follow-up matrix sent out to the party it was sent to.

Each matrix carries, on its very hidden ``Tiedot`` sheet, a signature (HMAC-SHA256 with a
secret key of the plan) over what was sent: format, template version, plan id and version,
period, recipient and the base values of every row. Anyone can read and edit the hidden
sheet, but without the key nobody can make a signature that verifies, so a returned copy
cannot pretend to be another party's copy or change what it was sent.

The key is the coordinator's: 32 random bytes written as 64 hexadecimal characters in a key
file next to the plan (``plan.yaml`` → ``plan.yaml.key``, :func:`default_key_path`). The first
command that writes a matrix creates it (:func:`load_or_create_key`, mode 0600, never
overwritten); commands that read returned files need it (:func:`load_key`). The key is never
written into a matrix. The same key and the same plan give the same bytes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

from .._arguments import KEY_MIN_BYTES
from .._inputs import InputRefused, InputTooLarge, read_regular
from ..errors import Issue, MatrixError, OutputError

__all__ = [
    "COMBINED",
    "EXAMPLE_KEY",
    "KEY_BYTES",
    "default_key_path",
    "load_key",
    "load_or_create_key",
    "plan_key",
    "sign",
    "verify",
]

KEY_BYTES = 32
"""Length of a plan key in bytes (the file holds twice as many hexadecimal characters)."""

COMBINED = "*"
"""The recipient recorded for the coordinator's combined copy (every party's rows). Party ids
are lower-case letters, digits, ``-`` and ``_``, so no party can have it."""

EXAMPLE_KEY = "yhdyspinta-esimerkki.key"
"""The key file of the bundled examples, in the current directory."""

_KEY_RE = re.compile(rb"[0-9a-f]{%d}" % (2 * KEY_BYTES))
_DOMAIN = b"yhdyspinta-docs follow-up matrix signature\n"
_MAX_KEY_FILE = 1024


def default_key_path(plan: str | Path | None) -> Path:
    """Where the key of the plan file `plan` is kept: ``<plan file name>.key`` in the plan's
    folder. For a bundled example (`plan` None, or a plan file among the bundled examples):
    ``yhdyspinta-esimerkki.key`` in the current directory, never inside the package."""
    from .._assets import example_plan_path

    plan = None if plan is None else Path(plan)
    if plan is None or plan.resolve().is_relative_to(example_plan_path().resolve().parents[1]):
        return Path(EXAMPLE_KEY)
    return plan.with_name(plan.name + ".key")


def _missing(path: Path) -> MatrixError:
    return MatrixError([Issue(str(path), "no key file here. The follow-up matrices of a plan "
                              "are signed with the plan's key, which the first 'matrix' or "
                              "'build' of the plan keeps next to the plan file "
                              "(<plan file>.key); give the key file of the plan the matrices "
                              "were made with: key=load_key(FILE). If the key is lost, "
                              "returned copies cannot be verified: make new copies and send "
                              "them again")])


def load_key(path: Path) -> bytes:
    """Return the key in the key file `path`.

    Raises :class:`MatrixError` naming the file when it does not exist or is not a key file.
    """
    try:
        raw = read_regular(path, _MAX_KEY_FILE)
    except InputTooLarge:
        raw = b"x" * (_MAX_KEY_FILE + 1)  # refused below as not a key file
    except InputRefused as exc:
        if exc.what == "no such file":
            raise _missing(path) from None
        raise MatrixError([Issue(str(path), f"{exc.what}; give the key file of the plan: "
                                 "key=load_key(FILE)")]) from None
    text = raw.strip()
    if len(raw) > _MAX_KEY_FILE or not _KEY_RE.fullmatch(text):
        raise MatrixError([Issue(str(path), f"is not a key file of yhdyspinta-docs (one line "
                                 f"of {2 * KEY_BYTES} hexadecimal characters); give the key "
                                 "file of the plan: key=load_key(FILE)")])
    return bytes.fromhex(text.decode("ascii"))


def load_or_create_key(path: Path) -> bytes:
    """Return the key in `path`; create the file first (mode 0600) if there is none.

    An existing file is never overwritten. The key is written whole to a temporary file beside
    `path` and linked into place, so that a process or thread making the same key file at the
    same moment sees either no file or the whole key, never an empty one; the one that links
    first wins and the others read its key. Where the drive has no hard links, the file is
    created with ``O_EXCL`` and a reader waits a moment for a key being written. Raises
    :class:`OutputError` when the file cannot be created, :class:`MatrixError` when an
    existing file is not a key file.
    """
    key = secrets.token_bytes(KEY_BYTES)
    try:
        made = _create_whole(path, key.hex().encode("ascii") + b"\n")
    except OSError as exc:
        raise OutputError(f"{path}: the key file of the plan cannot be created "
                          f"({exc.strerror}); give another place with "
                          "key=load_or_create_key(FILE)") from None
    return key if made else _load_made(path)


def _create_whole(path: Path, text: bytes) -> bool:
    """Create `path` holding `text`, never replacing a file; False when `path` exists."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:  # mkstemp makes the file readable by its owner only (0600)
        with os.fdopen(fd, "wb") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(temp, path)
        except FileExistsError:
            return False
        except OSError:  # no hard links on this drive: create it exclusively instead
            return _create_exclusive(path, text)
        return True
    finally:
        Path(temp).unlink(missing_ok=True)


def _create_exclusive(path: Path, text: bytes) -> bool:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text)
    except OSError:
        path.unlink(missing_ok=True)
        raise
    return True


def _load_made(path: Path) -> bytes:
    """The key of a key file that exists: one that is the start of a key may be being written
    by another process (on a drive without hard links): it is read again for up to a second."""
    attempts = 20
    while True:
        try:
            return load_key(path)
        except MatrixError:
            attempts -= 1
            if not attempts:
                raise
            if not _being_written(path):  # whole by now, or not a key file: its own error
                return load_key(path)
            time.sleep(0.05)


def _being_written(path: Path) -> bool:
    """True when `path` holds less than a key's hexadecimal digits and nothing else."""
    try:
        with path.open("rb") as f:
            start = f.read(2 * KEY_BYTES + 1)
    except OSError:
        return False
    return len(start) < 2 * KEY_BYTES and re.fullmatch(rb"[0-9a-f]*", start) is not None


def plan_key(plan: str | Path, *, create: bool = True) -> bytes:
    """The key of the plan file `plan`, from its default key file (:func:`default_key_path`);
    `create` makes the key file when there is none (as the first ``matrix`` or ``build``
    does). Use ``create=False`` to read returned copies: a new key would verify none."""
    if not isinstance(plan, str | os.PathLike):  # e.g. the loaded plan, which has no path
        raise MatrixError([Issue("", f"plan_key() takes the plan file's path, e.g. "
                                 f"plan_key('plan.yaml'), not a {type(plan).__name__}")])
    path = default_key_path(Path(plan))
    return load_or_create_key(path) if create else load_key(path)


def _message(meta: Mapping[str, str], rows: Iterable[Iterable[str]]) -> bytes:
    doc = {"meta": {k: meta[k] for k in sorted(meta)},
           "rows": sorted([list(r) for r in rows])}
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return _DOMAIN + text.encode("utf-8")


def sign(key: bytes, meta: Mapping[str, str], rows: Iterable[Iterable[str]]) -> str:
    """Return the signature (HMAC-SHA256, hex) of `meta` and the base `rows` (each row its
    key and its input values as text) made with `key`. Row order does not matter."""
    if len(key) < KEY_MIN_BYTES:  # (the public functions refuse it first: key_argument)
        raise ValueError(f"a signing key has at least {KEY_MIN_BYTES} bytes")
    return hmac.new(key, _message(meta, rows), hashlib.sha256).hexdigest()


def verify(key: bytes, meta: Mapping[str, str], rows: Iterable[Iterable[str]],
           signature: str) -> bool:
    """True when `signature` is what :func:`sign` makes of `meta` and `rows` with `key`."""
    given = signature.strip().lower().encode("utf-8", "replace")
    return hmac.compare_digest(sign(key, meta, rows).encode("ascii"), given)
