"""Scrubbing a template before it is used: comments, custom and unused core properties,
the thumbnail, names and links of app.xml, Word's editing-session ids and document
variables are removed; a package with nothing to scrub is returned unchanged.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable
from typing import Any

from lxml import etree

from ._lint_package import (
    _local,
    _parser,
    _resolve,
)
from ._lint_rules import (
    _ANCHORS,
    _REL_NS,
    _RSID_ATTR,
    _RSID_ELEMENT,
    _SCRUB_APP,
    _SCRUB_CORE,
    _SCRUB_RELS,
    _W,
)

# --- scrub --------------------------------------------------------------------------------------


def scrub_package(data: bytes) -> bytes:
    """`data` without the template's metadata (see the module docstring); `data` itself when
    there is nothing to remove or it is not a zip archive."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        return data
    parts = {i.filename: zf.read(i.filename) for i in infos}
    changed: dict[str, bytes | None] = {}  # None: removed
    _scrub_parts(parts, changed)
    changed = {k: v for k, v in changed.items() if v is None or v != parts.get(k)}
    if not changed:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in infos:
            blob = changed.get(info.filename, parts[info.filename])
            if blob is not None:
                dst.writestr(zipfile.ZipInfo(info.filename, info.date_time), blob)
    return out.getvalue()


def _serialize(tree: Any) -> bytes:
    result: bytes = etree.tostring(tree, xml_declaration=True, encoding="UTF-8",
                                   standalone=True)
    return result


def _edit(parts: dict[str, bytes], changed: dict[str, bytes | None], member: str,
          edit: Callable[[Any], bool]) -> None:
    """Parse `member` (as changed so far), apply `edit`; keep the result if it says so."""
    blob = changed.get(member, parts.get(member))
    if blob is None:
        return
    try:
        tree = etree.fromstring(blob, _parser())
    except etree.XMLSyntaxError:
        return
    if edit(tree):
        changed[member] = _serialize(tree)


def _scrub_parts(parts: dict[str, bytes], changed: dict[str, bytes | None]) -> None:
    removed: set[str] = set()
    core = app = ""
    for member in [m for m in parts if m.endswith(".rels")]:
        folder = posixpath.dirname(posixpath.dirname(member))

        def drop_rels(tree: Any, folder: str = folder) -> bool:
            nonlocal core, app
            dropped = False
            for rel in list(tree.iter(_REL_NS + "Relationship")):
                kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
                external = (rel.get("TargetMode") or "").lower() == "external"
                target = "" if external else _resolve(folder, rel.get("Target") or "")
                if kind == "core-properties":
                    core = target
                elif kind == "extended-properties":
                    app = target
                if kind in _SCRUB_RELS:
                    if target:
                        removed.add(target)
                    tree.remove(rel)
                    dropped = True
            return dropped

        _edit(parts, changed, member, drop_rels)
    for member in removed:
        for name in (member, _rels_of(member)):
            if name in parts:
                changed[name] = None

    def drop_overrides(tree: Any) -> bool:
        gone = [el for el in tree if (el.get("PartName") or "").lstrip("/") in removed]
        for el in gone:
            tree.remove(el)
        return bool(gone)

    if removed:
        _edit(parts, changed, "[Content_Types].xml", drop_overrides)
    _edit(parts, changed, core or "docProps/core.xml",
          lambda tree: _drop_children(tree, _SCRUB_CORE, only_filled=True))
    _edit(parts, changed, app or "docProps/app.xml", _scrub_app)
    if "word/document.xml" in parts:
        _scrub_word(parts, changed)


def _rels_of(member: str) -> str:
    folder, base = posixpath.split(member)
    return posixpath.join(folder, "_rels", base + ".rels")


def _drop_children(tree: Any, names: set[str], *, only_filled: bool = False) -> bool:
    gone = [el for el in tree if _local(el.tag) in names
            and (not only_filled or (el.text or "").strip() or len(el))]
    for el in gone:
        tree.remove(el)
    return bool(gone)


def _scrub_app(tree: Any) -> bool:
    dropped = _drop_children(tree, _SCRUB_APP)
    for el in list(tree):
        if _local(el.tag) == "Template" and (el.text or "") not in ("", "Normal.dotm",
                                                                    "Normal"):
            tree.remove(el)
            dropped = True
    return dropped


def _scrub_word(parts: dict[str, bytes], changed: dict[str, bytes | None]) -> None:
    for member in list(parts):
        blob = changed.get(member, parts[member])
        if blob is None or not member.startswith("word/") or not member.endswith(".xml"):
            continue
        if any(a in blob for a in (b"commentRangeStart", b"commentRangeEnd",
                                   b"commentReference", b"permStart", b"permEnd")):
            _edit(parts, changed, member, _drop_anchors)
            blob = changed.get(member, blob)
            assert blob is not None
        if member == "word/settings.xml":
            _edit(parts, changed, member, lambda tree: _drop_children(tree, {"rsids",
                                                                             "docVars"}))
            blob = changed.get(member, blob)
            assert blob is not None
        if b"w:rsid" in blob:
            changed[member] = _RSID_ELEMENT.sub(b"", _RSID_ATTR.sub(b"", blob))


def _drop_anchors(tree: Any) -> bool:
    """Remove comment and editing-permission anchors, and runs left holding nothing."""
    gone = [el for el in tree.iter() if el.tag in _ANCHORS]
    for el in gone:
        parent = el.getparent()
        if parent is None:
            continue
        parent.remove(el)
        if parent.tag == _W + "r" and all(c.tag == _W + "rPr" for c in parent):
            holder = parent.getparent()
            if holder is not None:
                holder.remove(parent)
    return bool(gone)
