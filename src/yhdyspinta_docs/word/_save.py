"""The last step of a render: a python-docx document → the deterministic .docx bytes.

The document is saved with python-docx's own ``Document.save`` into memory; the zip is then
rewritten by :func:`~yhdyspinta_docs.output._zip.zip_members` with fixed timestamps and
permissions, ``[Content_Types].xml`` first and the other members sorted, deflated at level 9,
so that the same input gives the same bytes. Every XML part must parse strictly: LibreOffice
opens broken XML without a word, so it is no check.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docx.oxml.parser import parse_xml

from ..errors import Issue, TemplateError
from ..output._zip import zip_members

__all__ = ["package_order", "save_docx"]

_CONTENT_TYPES = "[Content_Types].xml"


def package_order(names: list[str]) -> list[str]:
    """``[Content_Types].xml`` first, then the other members sorted."""
    first = [n for n in names if n == _CONTENT_TYPES]
    return first + sorted(n for n in names if n != _CONTENT_TYPES)


def save_docx(document: Any, name: str) -> bytes:
    """Save `document` and return the deterministic package; TemplateError naming the
    template `name` and the part when a rendered XML part is not well-formed."""
    saved = io.BytesIO()
    document.save(saved)
    with zipfile.ZipFile(saved) as package:
        parts = {member: package.read(member) for member in package.namelist()}
    ordered = [(member, parts[member]) for member in package_order(list(parts))]
    for member, content in ordered:
        if member.endswith((".xml", ".rels")):
            try:
                parse_xml(content)
            except SyntaxError as exc:  # lxml.etree.XMLSyntaxError
                raise TemplateError(
                    [Issue(f"{name}: {member}", f"not well-formed XML after rendering: {exc}")],
                    template=name,
                ) from exc
    return zip_members(ordered, 9)
