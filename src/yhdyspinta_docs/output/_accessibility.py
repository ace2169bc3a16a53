"""Accessibility check of generated (or any) .docx and .xlsx files.

What a public body must get right before publishing office files (laki digitaalisten palvelujen
tarjoamisesta 306/2019, and the accessibility annex of SFS 2487:2024). For .docx: document language,
title property, headings in order without skipped levels, real lists, tables with a repeated
header row and no merged cells, alt text on images, no empty paragraphs used for spacing. For
.xlsx: title property, a header row (a defined table) on data sheets, no merged cells in data,
no status shown by colour alone.

Each finding names the file and the place: ``decision.docx: paragraph 12: …``.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from defusedxml import ElementTree as SafeET

from ..errors import Issue

__all__ = ["check_accessibility", "check_docx", "check_file", "check_xlsx"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
DC = "{http://purl.org/dc/elements/1.1/}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_TYPED_LIST = re.compile(r"^\s*(\d{1,3}[.)]|[-–•*])\s+\S")
_HEADING = re.compile(r"^(Heading|Otsikko)\s*(\d)$", re.IGNORECASE)
# a paragraph style with one of these names is exported to a tagged PDF as that structure
# element: a paragraph would become a figure or formula without alt text, or a form field
_STRUCTURE_TYPES = {"figure": "Figure", "formula": "Formula", "form": "Form"}


def _read(z: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        return z.read(name)
    except KeyError:
        return None


def _core_title_and_language(z: zipfile.ZipFile) -> tuple[str, str]:
    data = _read(z, "docProps/core.xml")
    if data is None:
        return "", ""
    root = SafeET.fromstring(data)
    title = root.find(f"{DC}title")
    lang = root.find(f"{DC}language")
    return ((title.text or "").strip() if title is not None else "",
            (lang.text or "").strip() if lang is not None else "")


def _style_names(z: zipfile.ZipFile) -> dict[str, str]:
    data = _read(z, "word/styles.xml")
    if data is None:
        return {}
    root = SafeET.fromstring(data)
    out = {}
    for style in root.iter(f"{W}style"):
        name = style.find(f"{W}name")
        if name is not None:
            out[style.get(f"{W}styleId", "")] = name.get(f"{W}val", "")
    return out


def _text(el: Any) -> str:
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


def check_docx(path: Path) -> list[Issue]:
    """Return every accessibility finding of the Word document at `path`."""
    name = path.name
    issues: list[Issue] = []
    with zipfile.ZipFile(path) as z:
        title, core_lang = _core_title_and_language(z)
        if not title:
            issues.append(Issue(name, "the document has no title property; set File > "
                                "Properties > Title (the plan's title is used by default)"))
        styles_xml = _read(z, "word/styles.xml")
        default_lang = ""
        if styles_xml is not None:
            lang = SafeET.fromstring(styles_xml).find(
                f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
            default_lang = lang.get(f"{W}val", "") if lang is not None else ""
        if not default_lang and not core_lang:
            issues.append(Issue(name, "no document language; set it (fi-FI or sv-FI) in the "
                                "default style"))
        styles = _style_names(z)
        body = SafeET.fromstring(z.read("word/document.xml")).find(f"{W}body")
        assert body is not None
        last_level = 0
        paragraphs = list(body.iter(f"{W}p"))
        colliding: set[str] = set()
        for i, p in enumerate(paragraphs, 1):
            ppr = p.find(f"{W}pPr")
            sid = ppr.find(f"{W}pStyle") if ppr is not None else None
            style = styles.get(sid.get(f"{W}val", ""), "") if sid is not None else ""
            text = _text(p)
            where = f"{name}: paragraph {i}"
            pdf_type = _STRUCTURE_TYPES.get(style.strip().lower())
            if pdf_type and style not in colliding:
                colliding.add(style)
                issues.append(Issue(where, f"paragraph style {style!r} is exported to a tagged "
                                    f"PDF as a /{pdf_type} element (without alt text); rename "
                                    "the style, e.g. 'Kuvio'"))
            m = _HEADING.match(style)
            if m:
                level = int(m.group(2))
                if level > last_level + 1:
                    issues.append(Issue(where, f"heading level {level} after level "
                                        f"{last_level} skips a level: {text[:40]!r}"))
                if not text.strip():
                    issues.append(Issue(where, "empty heading"))
                last_level = level
            numbered = ppr is not None and (ppr.find(f"{W}numPr") is not None
                                            or "List" in style)
            if not numbered and _TYPED_LIST.match(text):
                issues.append(Issue(where, f"typed list marker instead of a real list: "
                                    f"{text[:40]!r}; use a list style"))
            is_empty = (not text.strip() and p.find(f".//{W}drawing") is None
                        and p.find(f".//{W}br") is None and p.find(f".//{W}fldChar") is None
                        and (ppr is None or ppr.find(f"{W}sectPr") is None))
            if is_empty and i < len(paragraphs):
                issues.append(Issue(where, "empty paragraph used for spacing; use paragraph "
                                    "spacing in the style instead"))
        for t_index, tbl in enumerate(body.iter(f"{W}tbl"), 1):
            where = f"{name}: table {t_index}"
            rows = tbl.findall(f"{W}tr")
            if rows and rows[0].find(f"{W}trPr/{W}tblHeader") is None and len(rows) > 1:
                issues.append(Issue(where, "the header row does not repeat (mark the first row "
                                    "as a header row)"))
            for tc in tbl.iter(f"{W}tc"):
                tcpr = tc.find(f"{W}tcPr")
                if tcpr is not None and (tcpr.find(f"{W}vMerge") is not None or (
                        tcpr.find(f"{W}gridSpan") is not None
                        and tcpr.find(f"{W}gridSpan").get(f"{W}val", "1") != "1")):
                    issues.append(Issue(where, "merged cells; screen readers lose the columns"))
                    break
        for n, doc_pr in enumerate(body.iter(f"{WP}docPr"), 1):
            if not (doc_pr.get("descr") or doc_pr.get("title")):
                issues.append(Issue(f"{name}: image {n}", "image without alt text"))
    return issues


def check_xlsx(path: Path) -> list[Issue]:
    """Return every accessibility finding of the workbook at `path`."""
    from openpyxl import load_workbook

    name = path.name
    issues: list[Issue] = []
    wb = load_workbook(path)
    if not (wb.properties.title or "").strip():
        issues.append(Issue(name, "the workbook has no title property"))
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        where = f"{name}: {ws.title}"
        if ws.max_row <= 1 and ws.max_column <= 1 and ws.cell(1, 1).value is None:
            issues.append(Issue(where, "empty sheet; remove it or give it content"))
            continue
        for table in ws.tables.values():
            merged = [str(r) for r in ws.merged_cells.ranges
                      if _overlaps(str(r), table.ref)]
            if merged:
                issues.append(Issue(where, f"merged cells in the data table: {', '.join(merged)}"))
            headers = [c.value for c in ws[table.ref.split(":")[0]:table.ref.split(":")[1]][0]]
            if any(not isinstance(h, str) or not h.strip() for h in headers):
                issues.append(Issue(where, "the table's header row has an empty or non-text "
                                    "column name"))
            for row in ws[table.ref][1:]:
                for cell in row:
                    fill = cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type else None
                    # an empty unlocked cell may be tinted: it invites input, it states nothing
                    tinted_input = cell.protection is not None and not cell.protection.locked
                    if (fill not in (None, "00000000", "FFFFFFFF") and cell.value in (None, "")
                            and not tinted_input):
                        issues.append(Issue(f"{where}!{cell.coordinate}", "a coloured cell "
                                            "without text: status shown by colour alone"))
    wb.close()
    return issues


def _overlaps(a: str, b: str) -> bool:
    from openpyxl.utils.cell import range_boundaries

    a1, a2, a3, a4 = range_boundaries(a)
    b1, b2, b3, b4 = range_boundaries(b)
    return not (a3 < b1 or b3 < a1 or a4 < b2 or b4 < a2)


def check_file(path: Path) -> list[Issue]:
    """Check one .docx or .xlsx; anything else is reported as not checked."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".docx":
            return check_docx(path)
        if suffix == ".xlsx":
            return check_xlsx(path)
    except (zipfile.BadZipFile, KeyError, SafeET.ParseError) as exc:
        return [Issue(path.name, f"cannot be read as {suffix}: {exc}")]
    return [Issue(path.name, "not checked: only .docx and .xlsx files are checked")]


def check_accessibility(paths: Sequence[Path] | Iterable[Path]) -> list[Issue]:
    """Check every .docx and .xlsx file in `paths`; return all findings (empty: none)."""
    out: list[Issue] = []
    for path in paths:
        out += check_file(Path(path))
    return out
