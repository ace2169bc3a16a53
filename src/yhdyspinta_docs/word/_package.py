"""The last step of a render: a python-docx document → its parts → the deterministic .docx.

:func:`~yhdyspinta_docs.word._template.render_docx` used to save the document with python-docx (a zip
deflated at level 6), unzip it again to rewrite it deterministically at level 9
(:func:`~yhdyspinta_docs.word._template.normalize_package`) and unzip it a third time to check every
XML part strictly. :func:`package_parts` takes the parts python-docx would zip, in its order,
without zipping them; :func:`zip_package` writes exactly the zip ``normalize_package`` writes
for them; :func:`check_parts` parses every XML part of it strictly, in the order of the zip,
as before. The bytes are the same; the parts are compressed once and never unpacked.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docx.oxml.parser import parse_xml

from ..errors import Issue, TemplateError
from ..output._zip import zip_members

__all__ = ["check_parts", "package_order", "package_parts", "zip_package"]


def package_order(names: list[str]) -> list[str]:
    """``[Content_Types].xml`` first, then the other members sorted."""
    first = [n for n in names if n == "[Content_Types].xml"]
    return first + sorted(n for n in names if n not in first)


def zip_package(parts: list[tuple[str, bytes]]) -> bytes:
    """:func:`~yhdyspinta_docs.word._template.normalize_package` of a zip holding `parts` (name,
    content) in that order: fixed date 1980-01-01, mode 0644, sorted members after
    ``[Content_Types].xml``, deflate level 9."""
    content = dict(parts)  # a name written twice reads as its last content, as in a zip
    names = package_order(list(content))
    return zip_members([(name, content[name]) for name in names], 9)


class _Parts:
    """The writer python-docx's PackageWriter writes to: the members, in order."""

    def __init__(self) -> None:
        self.parts: list[tuple[str, bytes]] = []

    def write(self, pack_uri: Any, blob: bytes | str) -> None:
        # as ZipFile.writestr(pack_uri.membername, blob) stores them
        self.parts.append((pack_uri.membername,
                           blob.encode("utf-8") if isinstance(blob, str) else bytes(blob)))


def package_parts(document: Any) -> list[tuple[str, bytes]]:
    """The members ``document.save`` zips, in its order, without zipping and unzipping them:
    ``OpcPackage.save`` and ``PackageWriter.write`` (python-docx 1.x) with an in-memory
    writer; where python-docx lacks these steps, the document is saved and read back."""
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    pkg_writer: Any = PackageWriter  # its private steps are untyped
    steps = ("_write_content_types_stream", "_write_pkg_rels", "_write_parts")
    if not all(hasattr(pkg_writer, step) for step in steps):  # pragma: no cover
        out = io.BytesIO()
        document.save(out)
        with zipfile.ZipFile(out) as z:
            return [(n, z.read(n)) for n in z.namelist()]
    for part in package.parts:
        part.before_marshal()
    writer = _Parts()
    pkg_writer._write_content_types_stream(writer, package.parts)  # noqa: SLF001
    pkg_writer._write_pkg_rels(writer, package.rels)  # noqa: SLF001
    pkg_writer._write_parts(writer, package.parts)  # noqa: SLF001
    return writer.parts


def check_parts(parts: list[tuple[str, bytes]], name: str) -> None:
    """Every XML part of the package must parse strictly (LibreOffice is no validator, L1):
    `parts` as :func:`zip_package` gets them, checked in the order of the zip; the first
    that does not parse raises :class:`TemplateError` naming the template `name` and part."""
    content = dict(parts)
    for member in package_order([n for n, _ in parts]):
        if member.endswith((".xml", ".rels")):
            try:
                parse_xml(content[member])
            except SyntaxError as exc:  # lxml.etree.XMLSyntaxError
                raise TemplateError(
                    [Issue(f"{name}: {member}", f"not well-formed XML after rendering: {exc}")],
                    template=name,
                ) from exc
