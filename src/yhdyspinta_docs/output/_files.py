"""Writing outputs safely: atomic writes, no silent overwrites, deterministic zips, the manifest.

Every file is written to a temporary file in the target directory and moved into place with
:func:`os.replace`, so an interrupted run never leaves a truncated document and never
damages the file that was there before.

Nothing is written through a symbolic link inside the output folder: a link placed there
beforehand (``out/avoin-data`` → another folder, ``out/paatosehdotus.docx`` → a file
elsewhere) would have the documents written, or a file replaced, outside the folder the user
chose. Such a link is refused, naming it (:func:`link_inside`, :func:`refuse_links`); the
output folder itself may be a link, since the user chose it, and so may a file the user
names (:func:`write_atomic` without a folder): the file it points to is replaced.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import stat
import tempfile
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePath, PurePosixPath
from typing import Any

from ..errors import OutputError
from ._zip import zip_members

__all__ = [
    "ManifestEntry",
    "OutputFile",
    "earlier_files",
    "entry_of",
    "link_inside",
    "manifest_bytes",
    "normalize_zip",
    "office_lock",
    "refuse_open",
    "package_manifest",
    "previous_hashes",
    "read_manifest",
    "refuse_links",
    "stale_pdfs",
    "write_files",
    "write_atomic",
    "write_manifest",
    "zip_parts",
]


@dataclass(frozen=True)
class OutputFile:
    """A document made in memory, ready to be written: relative path, kind, party, language."""

    path: str
    kind: str
    data: bytes
    party: str | None = None
    lang: str = "fi"
    title: str = ""
    extra: Mapping[str, str] = field(default_factory=dict)
    """More manifest fields, e.g. ``remove_after`` of a web version."""

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of the bytes."""
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class ManifestEntry:
    """One line of ``manifest.json``."""

    path: str
    kind: str
    party: str | None
    lang: str
    sha256: str
    bytes: int
    title: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def link_inside(outdir: Path, relative: str | PurePath) -> Path | None:
    """The first symbolic link on the way from `outdir` to the file `relative` in it (a
    folder of it, or the file itself), or None; `outdir` itself is not looked at."""
    current = Path(outdir)
    for part in PurePosixPath(PurePath(relative).as_posix()).parts:
        current = current / part
        if current.is_symlink():
            return current
        if not current.exists():
            return None  # nothing below a missing folder is a link
    return None


def refuse_links(outdir: Path, relatives: Iterable[str | PurePath]) -> None:
    """Raise :class:`OutputError` if a file of `relatives` in `outdir` would be written
    through a symbolic link inside `outdir` (see :func:`link_inside`)."""
    for relative in relatives:
        link = link_inside(outdir, relative)
        if link is not None:
            try:
                to = f" (it points to {os.readlink(link)})"
            except OSError:
                to = ""
            raise OutputError(f"{link}: is a symbolic link inside the output folder{to}, and "
                              "nothing is written through a link there; remove the link, or "
                              "choose another outdir")


def write_atomic(path: Path, data: bytes, *, force: bool = False,
                 root: Path | None = None) -> None:
    """Write `data` to `path` through a temporary file and a rename.

    Refuses to replace an existing file unless `force`; with `root` (the output folder
    `path` is in), refuses to write through a symbolic link inside `root`; raises
    :class:`OutputError`. Without `root`, `path` is a file the user named, and if it is a
    symbolic link the file it points to is replaced and the link stays (as `cp` does); a
    link that leads to no file is refused, as `cp` refuses it: writing through it would make
    a file, and folders, wherever it points.
    """
    if root is not None:
        refuse_links(root, [path.relative_to(root)])
    elif path.is_symlink():
        target = Path(os.path.realpath(path))
        if not target.exists():  # (a link to itself, too)
            raise OutputError(f"{path}: is a symbolic link to {_link_text(path)}, which does "
                              "not exist; nothing is written through a link that leads to no "
                              "file: remove the link, or choose another output")
        path = target
    if path.is_dir():
        raise OutputError(f"{path}: is a directory; give a file name")
    if path.exists() and not force:
        raise OutputError(f"{path}: exists already; use force=True to replace it, or choose "
                          "another output")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
        why = f"{blocker} is a file, not a directory" if blocker else exc.strerror
        raise OutputError(f"{path}: cannot write here ({why})") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_of(path))
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        lock = office_lock(path)
        why = (f"; it is open in Word, Excel or LibreOffice (lock file {lock.name}): close it "
               "and try again" if lock else "")
        raise OutputError(f"{path}: cannot write ({exc.strerror}){why}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_of(path: Path) -> int:
    """The permissions a file written to `path` gets: those of the file it replaces (a merged
    matrix kept readable by its owner only stays so; read, write and execute bits only, no
    set-id or sticky bit), else readable by all (0644)."""
    try:
        return stat.S_IMODE(path.stat().st_mode) & 0o777
    except OSError:
        return 0o644


def _link_text(link: Path) -> str:
    """Where the symbolic link `link` points, as it is written (``../muu/x.xlsx``)."""
    try:
        return os.readlink(link)
    except OSError:
        return "a place that cannot be read"


def office_lock(path: Path) -> Path | None:
    """The lock file that Word, Excel or LibreOffice keeps next to `path` while the file is
    open in it (``~$`` and the name, or its end, for Word and Excel; ``.~lock.NAME#`` for
    LibreOffice), or None."""
    name = path.name
    for lock in (f".~lock.{name}#", f"~${name}", f"~${name[1:]}", f"~${name[2:]}"):
        candidate = path.with_name(lock)
        if candidate.is_file():
            return candidate
    return None


def refuse_open(paths: Iterable[Path]) -> None:
    """Raise :class:`OutputError` naming each existing file of `paths` that is open in Word,
    Excel or LibreOffice (:func:`office_lock`): replacing it under the program fails in
    Windows, and elsewhere the program's next save would overwrite the new file."""
    found = [(path, lock) for path in paths if path.is_file()
             if (lock := office_lock(path)) is not None]
    if found:
        raise OutputError(
            f"{len(found)} file(s) to be replaced are open in Word, Excel or LibreOffice: "
            + "; ".join(f"{path} (lock file {lock.name})" for path, lock in found)
            + ". Close them and try again (a lock file left behind by a program that closed "
            "abnormally may be deleted), or use force=True to replace them anyway")


def normalize_zip(data: bytes, *, order: Sequence[str] | None = None) -> bytes:
    """Return the zip `data` rewritten byte-deterministically.

    Fixed timestamps and permissions, members in their original order (or `order` first),
    ``[Content_Types].xml`` first as Office expects.
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    return zip_parts([(name, src.read(name)) for name in src.namelist()], order=order)


def zip_parts(parts: Sequence[tuple[str, bytes]], *, order: Sequence[str] | None = None
              ) -> bytes:
    """The zip :func:`normalize_zip` writes for a zip holding `parts` (name, content) in that
    order: the same bytes, without zipping and unzipping them first."""
    names = [name for name, _ in parts]
    content = dict(parts)  # a name written twice reads as its last content, as in a zip
    first = [n for n in (order or []) if n in content]
    rest = [n for n in names if n not in first]
    ordered = first + rest
    if "[Content_Types].xml" in ordered:
        ordered.remove("[Content_Types].xml")
        ordered.insert(0, "[Content_Types].xml")
    return zip_members([(name, content[name]) for name in ordered], 6)


def write_manifest(outdir: Path, entries: Iterable[ManifestEntry], *, generator: str,
                   plan: dict[str, str], force: bool = True,
                   earlier: Mapping[str, str] | None = None) -> Path:
    """Write ``manifest.json`` listing `entries` (sorted by path) and return its path.

    `earlier` (path → sha256) are files an earlier build wrote into the folder that this one
    did not make (a build for every party, then one without): listed apart, under
    ``earlier``, so that a later build still knows them as generated, not as edited by
    someone. :func:`package_manifest` leaves them out of the meeting package."""
    path = outdir / "manifest.json"
    write_atomic(path, manifest_bytes(entries, generator=generator, plan=plan, earlier=earlier),
                 force=force, root=outdir)
    return path


def manifest_bytes(entries: Iterable[ManifestEntry], *, generator: str, plan: dict[str, str],
                   earlier: Mapping[str, str] | None = None) -> bytes:
    """The ``manifest.json`` listing `entries` (sorted by path), as :func:`write_manifest`
    writes it (a party's meeting package holds one of its own documents only)."""
    files = sorted((asdict(e) for e in entries), key=lambda e: str(e["path"]))
    for entry in files:
        if not entry["extra"]:
            del entry["extra"]
    doc: dict[str, object] = {"generator": generator, "plan": plan, "files": files}
    if earlier:
        doc["earlier"] = [{"path": p, "sha256": h} for p, h in sorted(earlier.items())]
    return _json(doc)


def package_manifest(data: bytes) -> bytes:
    """The manifest `data` as the meeting package holds it: without the ``earlier`` files,
    which are not in the package."""
    doc = json.loads(data)
    doc.pop("earlier", None)
    return _json(doc)


def _json(doc: object) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()


def earlier_files(outdir: Path, previous: Mapping[str, str], made: Iterable[str]
                  ) -> dict[str, str]:
    """The files of `previous` (what earlier builds wrote, by the manifest) that are not
    among the paths `made` and are still in `outdir` as they were written."""
    made = set(made)
    return {path: sha for path, sha in previous.items()
            if path not in made and path != "manifest.json" and _unchanged(outdir, path, sha)}


def _unchanged(outdir: Path, path: str, sha256: str) -> bool:
    """Whether the file `path` (as a manifest lists it) is in `outdir` as it was written: a
    path that leads out of the folder (absolute, or with ``..``) is never read."""
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        return False
    target = outdir / relative
    return (target.is_file() and not target.is_symlink()
            and hashlib.sha256(target.read_bytes()).hexdigest() == sha256)


_UNREADABLE = (OSError, ValueError, TypeError, AttributeError, KeyError)
"""What reading a missing, damaged or hand-edited ``manifest.json`` raises."""


def _manifest_json(outdir: Path) -> Any:
    return json.loads((outdir / "manifest.json").read_text("utf-8"))


def read_manifest(outdir: Path) -> list[ManifestEntry]:
    """The entries of ``manifest.json`` in `outdir`; none if it is missing or unreadable."""
    try:
        return [ManifestEntry(path=str(f["path"]), kind=str(f["kind"]), party=f.get("party"),
                              lang=str(f.get("lang", "")), sha256=str(f["sha256"]),
                              bytes=int(f.get("bytes", 0)), title=str(f.get("title", "")),
                              extra=dict(f.get("extra", {})))
                for f in _manifest_json(outdir)["files"]]
    except _UNREADABLE:
        return []


def previous_hashes(outdir: Path) -> dict[str, str]:
    """The SHA-256 of each file the previous build wrote, by path, from its ``manifest.json``
    (also the earlier files it lists); empty if it is missing or unreadable."""
    try:
        doc = _manifest_json(outdir)
        return {str(f["path"]): str(f["sha256"])
                for f in [*doc.get("files", []), *doc.get("earlier", [])]}
    except _UNREADABLE:
        return {}


def stale_pdfs(outputs: Sequence[OutputFile], outdir: Path, previous: Mapping[str, str]
               ) -> list[Path]:
    """The PDFs in `outdir` that would disagree with a .docx of `outputs`: made by an earlier
    build (their hash is in its manifest, `previous`, so nobody changed them) of a .docx whose
    content now changes, and not made again among `outputs`. A PDF someone changed or put
    there is not one of them."""
    paths = {f.path for f in outputs}
    stale = []
    for f in outputs:
        pdf = str(PurePosixPath(f.path).with_suffix(".pdf"))
        if (not f.path.endswith(".docx") or pdf in paths or pdf not in previous
                or previous.get(f.path) == f.sha256):
            continue
        target = outdir / pdf
        if (target.is_file() and not target.is_symlink()
                and hashlib.sha256(target.read_bytes()).hexdigest() == previous[pdf]):
            stale.append(target)
    return stale


def entry_of(f: OutputFile) -> ManifestEntry:
    """The manifest's line for `f`."""
    return ManifestEntry(path=f.path, kind=f.kind, party=f.party, lang=f.lang, sha256=f.sha256,
                         bytes=len(f.data), title=f.title, extra=dict(f.extra))


def write_files(outputs: Sequence[OutputFile], outdir: Path, previous: Mapping[str, str], *,
                written: list[OutputFile], generator: str, plan: dict[str, str],
                record: bool = False) -> None:
    """Write `outputs` into `outdir` (each added to `written`), after removing the
    :func:`stale_pdfs` among `previous` (what the earlier build wrote, by its manifest).

    If the writing stops halfway (Ctrl-C, a full disk), and with `record` also when it ends
    (a build that goes on, e.g. to wait for its PDFs), ``manifest.json`` is written to list
    what is on disk: the files written and the earlier build's files still as it wrote them.
    So the next build knows every file it finds as one of its own, and the manifest never
    lists a file or a hash that is not there.
    """
    gone = stale_pdfs(outputs, outdir, previous)
    try:
        for path in gone:
            path.unlink(missing_ok=True)
        for f in outputs:
            write_atomic(outdir / f.path, f.data, force=True, root=outdir)
            written.append(f)
    except BaseException:
        if written or gone:
            with contextlib.suppress(OSError, OutputError):  # the first error is the one to tell
                _record(outdir, written, previous, generator=generator, plan=plan)
        raise
    if record and (written or gone):
        _record(outdir, written, previous, generator=generator, plan=plan)


def _record(outdir: Path, written: Sequence[OutputFile], previous: Mapping[str, str], *,
            generator: str, plan: dict[str, str]) -> None:
    new = {f.path for f in written}
    kept = [e for e in read_manifest(outdir)
            if e.path not in new and _unchanged(outdir, e.path, e.sha256)]
    entries = [*kept, *map(entry_of, written)]
    write_manifest(outdir, entries, generator=generator, plan=plan,
                   earlier=earlier_files(outdir, previous, (e.path for e in entries)))
