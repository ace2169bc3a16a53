"""A template package read as a zip of XML parts for the lint: its bounds, its parts parsed
without DTDs or entities, its relationships and content types, and the findings that apply
to any package (macros, embedded objects, external relationships).
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from ..errors import Issue
from ._lint_rules import (
    _EMBEDDING_DIRS,
    _EMBEDDING_RELS,
    _EXTERNAL_FIX,
    _MACRO_PARTS,
    _REL_NS,
    MAX_ATTRIBUTES,
    MAX_PART_BYTES,
    MAX_PARTS,
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    MAX_XML_PART_BYTES,
    MAX_XML_RUN,
    RATIO_FLOOR,
)

# --- the package --------------------------------------------------------------------------------


def _bounds(name: str, infos: list[zipfile.ZipInfo]) -> list[Issue]:
    if len(infos) > MAX_PARTS:
        return [Issue(name, f"has {len(infos)} parts; a template has far fewer (zip bomb?); "
                      "refused")]
    total, seen = 0, set()
    for info in infos:
        if info.flag_bits & 0x1:
            return [Issue(name, "is an encrypted zip archive; save it again without a "
                          "password")]
        if info.filename in seen:
            return [Issue(name, f"has the part {info.filename} twice; programs would read "
                          "different ones; save it again in Word or Excel")]
        if _outside(info.filename):
            shown = info.filename if len(info.filename) <= 80 else info.filename[:77] + "..."
            return [Issue(name, f"has a part named {shown!r}, which points outside the "
                          "package (an absolute path, '..', '\\' or a drive); Word and Excel "
                          "never write such names, and a program unpacking the file (or a "
                          "document made from it) could write outside its folder: save the "
                          "template again in Word or Excel")]
        seen.add(info.filename)
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES or (
                info.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
            return [Issue(f"{name}: {info.filename}", f"unpacks to "
                          f"{info.file_size / 1048576:.0f} MB from "
                          f"{info.compress_size / 1024:.0f} KB: not a normal template (zip "
                          "bomb?); refused")]
        if info.file_size > MAX_XML_PART_BYTES and _is_xml(info.filename):
            return [Issue(f"{name}: {info.filename}", f"is {info.file_size / 1048576:.1f} MB "
                          f"of XML; a part of a template is at most "
                          f"{MAX_XML_PART_BYTES // 1048576} MB (a template holds tags and "
                          "layout, the content comes from the plan): remove long texts")]
    return []


def _is_xml(member: str) -> bool:
    return member.lower().endswith((".xml", ".rels", ".vml"))


def _long_run(tree: Any) -> str | None:
    """The first text or element (its local name) of `tree` longer than :data:`MAX_XML_RUN`
    characters (an element counted by its attributes), or an element with more than
    :data:`MAX_ATTRIBUTES` attributes, in words."""
    for el in tree.iter():
        for text in (el.text, el.tail):
            if text is not None and len(text) > MAX_XML_RUN:
                return f"a text of {len(text):,} characters"
        count = len(el.attrib)  # counted first: reading a value looks it up by its name
        if count > MAX_ATTRIBUTES:
            return f"an element <{_local(el.tag)}> with {count:,} attributes"
        size = sum(len(k) + len(v) for k, v in el.attrib.items()) if count else 0
        if size > MAX_XML_RUN:
            return f"attributes of <{_local(el.tag)}> {size:,} characters long"
    return None


def _outside(part: str) -> bool:
    """Whether the zip member name `part` is not a plain relative path inside the package:
    absolute, with a '.' or '..' segment, an empty segment, a backslash, a drive letter
    (``C:``) or a control character (a folder's own entry, ``word/``, is a plain path)."""
    if part.startswith("/") or "\\" in part or any(ord(ch) < 32 for ch in part):
        return True
    segments = part.split("/")
    if segments[-1] == "" and len(segments) > 1:
        segments = segments[:-1]  # a folder entry
    return (any(seg in ("", ".", "..") for seg in segments)
            or (len(segments[0]) == 2 and segments[0][1] == ":"))


def _parser() -> Any:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, remove_comments=False)


@dataclass
class _Rel:
    source: str  # the .rels part
    rid: str
    reltype: str  # last segment of the type URI
    target: str
    external: bool
    part: str  # the target part name, resolved ("" for an external target)


class _Package:
    """The zip's members and its XML parts, each parsed once."""

    def __init__(self, name: str, zf: zipfile.ZipFile) -> None:
        self.name = name
        self.zf = zf
        self.names = [i.filename for i in zf.infolist()]
        self.trees: dict[str, Any] = {}

    def parse_all(self) -> list[Issue]:
        issues = []
        for member in self.names:
            if not _is_xml(member):
                continue
            data = self.zf.read(member)
            if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
                issues.append(Issue(f"{self.name}: {member}", "has a document type declaration "
                                    "(DOCTYPE/ENTITY), which Word and Excel never write; "
                                    "refused"))
                continue
            try:
                self.trees[member] = etree.fromstring(data, _parser())
            except etree.XMLSyntaxError as exc:
                issues.append(Issue(f"{self.name}: {member}", f"not well-formed XML ({exc}); "
                                    "open the template in Word or Excel and save it again"))
                continue
            long = _long_run(self.trees[member]) if len(data) > MAX_XML_RUN else None
            if long is not None:
                issues.append(Issue(f"{self.name}: {member}", f"{long}; "
                                    "Word and Excel write far less in one place, and the "
                                    "render would take hundreds of MB for it: not a normal "
                                    "template; remove it"))
        return issues

    def where(self, part: str, detail: str = "") -> str:
        return f"{self.name}: {part}" + (f" ({detail})" if detail else "")

    def rels(self) -> Iterator[_Rel]:
        for member, tree in self.trees.items():
            if not member.endswith(".rels"):
                continue
            folder = posixpath.dirname(posixpath.dirname(member))  # word/_rels/x.rels → word
            for rel in tree.iter(_REL_NS + "Relationship"):
                target = rel.get("Target") or ""
                external = (rel.get("TargetMode") or "").lower() == "external"
                reltype = (rel.get("Type") or "").rsplit("/", 1)[-1]
                yield _Rel(member, rel.get("Id") or "", reltype, target, external,
                           "" if external else _resolve(folder, target))

    def content_types(self) -> Iterator[tuple[str, str]]:
        """(part name or extension, content type) of every Default and Override."""
        tree = self.trees.get("[Content_Types].xml")
        if tree is None:
            return
        for el in tree:
            key = el.get("PartName") or el.get("Extension") or ""
            yield key.lstrip("/"), el.get("ContentType") or ""


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _dedupe(issues: list[Issue]) -> list[Issue]:
    return list(dict.fromkeys(issues))


# --- findings in any package --------------------------------------------------------------------


def _save_as(pkg: _Package) -> str:
    if "xl/workbook.xml" in pkg.names:
        return "save it as 'Excel Workbook (.xlsx)'"
    return "save it as 'Word Document (.docx)'"


def _generic_findings(pkg: _Package) -> list[Issue]:
    issues: list[Issue] = []
    macro_parts = [n for n in pkg.names if n.lower().rsplit("/", 1)[-1] in _MACRO_PARTS]
    macro_types = [k for k, ct in pkg.content_types()
                   if "macroenabled" in ct.lower() or "vba" in ct.lower()]
    if macro_parts or macro_types:
        issues.append(Issue(pkg.where((macro_parts or ["[Content_Types].xml"])[0]),
                            f"contains macros (a VBA project); a template may not contain "
                            f"macros: {_save_as(pkg)}, without macros"))
    macro_sheets = [n for n in pkg.names if n.lower().startswith("xl/macrosheets/")] + [
        k for k, ct in pkg.content_types() if "macrosheet" in ct.lower()]
    if macro_sheets:
        issues.append(Issue(pkg.where(macro_sheets[0]), "is an Excel 4.0 macro sheet, which "
                            "runs commands; delete the sheet"))
    reported: set[str] = set()
    for rel in pkg.rels():
        if rel.external:
            if rel.reltype == "hyperlink":
                continue  # shown as text, followed only when clicked: allowed
            fix = _EXTERNAL_FIX.get(rel.reltype, "remove it")
            target = rel.target if len(rel.target) <= 80 else rel.target[:77] + "..."
            issues.append(Issue(pkg.where(rel.source, rel.rid), f"a link of type "
                                f"'{rel.reltype}' to {target!r} outside the file, which is "
                                f"fetched when the file is opened; {fix}"))
        elif rel.reltype in _EMBEDDING_RELS:
            reported.add(rel.part)
            issues.append(Issue(pkg.where(rel.source, rel.rid), f"{rel.part} is "
                                + _EMBEDDING_RELS[rel.reltype]))
    for member in pkg.names:
        lower = member.lower()
        if member not in reported and lower.startswith(_EMBEDDING_DIRS):
            issues.append(Issue(pkg.where(member), "is an embedded object, control or link to "
                                "outside the file; remove it"))
        elif lower in ("xl/connections.xml",) and member not in reported:
            issues.append(Issue(pkg.where(member), "defines data connections to outside the "
                                "workbook; remove them (Data → Queries & Connections)"))
    return issues
