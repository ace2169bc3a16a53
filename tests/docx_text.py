"""Reading generated .docx files back the way a reader (or a screen reader) gets them."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from docx import Document
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_text(p: etree._Element) -> str:
    out = []
    for el in p.iter():
        if el.tag == W + "t":
            out.append(el.text or "")
        elif el.tag == W + "tab":
            out.append("\t")
        elif el.tag in (W + "br", W + "cr"):
            out.append("\n")
    return "".join(out)


def _parts(data: bytes) -> Iterator[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            yield name, z.read(name)


def body_paragraphs(data: bytes) -> list[str]:
    """Text of every body paragraph (tables included), in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return [_paragraph_text(p) for p in root.iter(W + "p")]


def all_text(data: bytes) -> str:
    """Every text of the document: body, headers, footers, footnotes and core properties."""
    chunks: list[str] = []
    for name, blob in _parts(data):
        if name.startswith("word/") and name.endswith(".xml"):
            root = etree.fromstring(blob)
            chunks += [_paragraph_text(p) for p in root.iter(W + "p")]
        elif name == "docProps/core.xml" or name == "docProps/app.xml":
            root = etree.fromstring(blob)
            chunks += [el.text for el in root.iter() if el.text and el.text.strip()]
    return "\n".join(chunks)


def strict_parse_all(data: bytes) -> None:
    """Parse every XML part with a strict parser (raises on any malformed part)."""
    parser = etree.XMLParser(recover=False, resolve_entities=False)
    for name, blob in _parts(data):
        if name.endswith((".xml", ".rels")):
            etree.fromstring(blob, parser)


def styled_paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(style name, text) of every body paragraph."""
    doc = Document(io.BytesIO(data))
    return [(p.style.name if p.style is not None else "", p.text) for p in doc.paragraphs]


def read(path: Path) -> bytes:
    return path.read_bytes()
