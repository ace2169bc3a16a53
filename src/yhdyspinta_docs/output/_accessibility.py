"""Accessibility check of generated (or any) .docx and .xlsx files.

What a public body must get right before publishing office files (laki digitaalisten palvelujen
tarjoamisesta 306/2019, and the accessibility annex of SFS 2487:2024). For .docx: document language,
title property, headings in order without skipped levels, real lists, tables with a repeated
header row, a title (alt text) and no merged cells, alt text on images (also a logo in a page
header or footer),
no empty paragraphs used for spacing (a line break alone does not make a paragraph content),
text colours with enough contrast against their background (WCAG 2.1 1.4.3: 4.5:1, large text
3:1). For .xlsx: title property, a header row (a defined table) on data sheets, no merged cells
in data, no status shown by colour alone. A PDF is checked by :mod:`._pdf_accessibility`.

Each finding names the file and the place: ``decision.docx: paragraph 12: …``.

A file to check may be anything: :func:`check_file` checks only what
:mod:`._accessibility_read` read (a regular file within bounds, never a FIFO or device), parses
no DTD or entity, and makes a file that cannot be checked one finding naming it and why.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from ..errors import Issue
from ._accessibility_drawings import (
    cell_ends,
    lacks_alt_text,
    word_paragraphs,
    word_pictures,
)
from ._accessibility_lang import style_language_issues
from ._accessibility_read import SUFFIXES, read_checked
from ._accessibility_xlsx import check_xlsx

__all__ = ["check_accessibility", "check_docx", "check_file", "check_xlsx"]

_RESAVE = {".docx": "open it in Word and save it again",
           ".xlsx": "open it in Excel and save it again",
           ".pdf": "export it again from the program that made it"}
_fromstring = partial(SafeET.fromstring, forbid_dtd=True)  # Word writes no DTD or entities

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
    root = _fromstring(data)
    title = root.find(f"{DC}title")
    lang = root.find(f"{DC}language")
    return ((title.text or "").strip() if title is not None else "",
            (lang.text or "").strip() if lang is not None else "")


def _style_names(root: Any) -> dict[str, str]:
    out = {}
    for style in root.iter(f"{W}style") if root is not None else ():
        name = style.find(f"{W}name")
        if name is not None:
            out[style.get(f"{W}styleId", "")] = name.get(f"{W}val", "")
    return out


def _text(el: Any) -> str:
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


def check_docx(path: Path, data: bytes | None = None) -> list[Issue]:
    """Return every accessibility finding of the Word document at `path` (`data`: its bytes,
    as :func:`check_file` read them; default: read `path`)."""
    name = path.name
    issues: list[Issue] = []
    with zipfile.ZipFile(path if data is None else io.BytesIO(data)) as z:
        title, core_lang = _core_title_and_language(z)
        if not title:
            issues.append(Issue(name, "the document has no title property; set File > "
                                "Properties > Title (the plan's title is used by default)"))
        styles_xml = _read(z, "word/styles.xml")
        styles_root = _fromstring(styles_xml) if styles_xml is not None else None
        lang = (styles_root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
                if styles_root is not None else None)
        if (lang is None or not lang.get(f"{W}val", "")) and not core_lang:
            issues.append(Issue(name, "no document language; set it (fi-FI or sv-FI) in the "
                                "default style"))
        styles = _style_names(styles_root)
        body = _fromstring(z.read("word/document.xml")).find(f"{W}body")
        if body is None:
            raise ValueError("word/document.xml has no body (w:body)")
        issues += style_language_issues(name, styles_root, body, core_lang)
        last_level = 0
        paragraphs = word_paragraphs(body)  # a text box's once, as Word numbers them
        ends = cell_ends(body)
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
                        and p.find(f".//{W}pict") is None and p.find(f".//{W}object") is None
                        and not _has_page_break(p) and p.find(f".//{W}fldChar") is None
                        and (ppr is None or ppr.find(f"{W}sectPr") is None))
            if is_empty and i < len(paragraphs) and p not in ends:
                issues.append(Issue(where, "empty paragraph used for spacing; use paragraph "
                                    "spacing in the style instead"))
        for t_index, tbl in enumerate(body.iter(f"{W}tbl"), 1):
            where = f"{name}: table {t_index}"
            rows = tbl.findall(f"{W}tr")
            if rows and rows[0].find(f"{W}trPr/{W}tblHeader") is None and len(rows) > 1:
                issues.append(Issue(where, "the header row does not repeat (mark the first row "
                                    "as a header row)"))
            elif len(rows) > 1 and not any(
                    el.get(f"{W}val", "").strip() for el in tbl.findall(
                        f"{W}tblPr/{W}tblCaption") + tbl.findall(f"{W}tblPr/{W}tblDescription")):
                issues.append(Issue(where, "a data table without a title (alt text), which a "
                                    "screen reader announces first; set it in Word, in the "
                                    "template the document is made from: Table Properties → "
                                    "Alt Text → Title (LibreOffice does not keep it in a "
                                    ".docx)"))
            for tc in tbl.iter(f"{W}tc"):
                tcpr = tc.find(f"{W}tcPr")
                if tcpr is not None and (tcpr.find(f"{W}vMerge") is not None or (
                        tcpr.find(f"{W}gridSpan") is not None
                        and tcpr.find(f"{W}gridSpan").get(f"{W}val", "1") != "1")):
                    issues.append(Issue(where, "merged cells; screen readers lose the columns"))
                    break
        for n, doc_pr in enumerate(word_pictures(body), 1):
            if lacks_alt_text(doc_pr):
                issues.append(Issue(f"{name}: image {n}", "image without alt text"))
        look = _Styles(styles_root)
        issues += _contrast_issues(f"{name}: paragraph", body, paragraphs, look)
        for part in _header_footer_parts(z):
            root = _fromstring(z.read(part))
            for n, doc_pr in enumerate(word_pictures(root), 1):
                if lacks_alt_text(doc_pr):
                    issues.append(Issue(f"{name}: {part}: image {n}", "image without alt "
                                        "text (a logo needs one too: the organisation's name)"))
            issues += _contrast_issues(f"{name}: {part}: paragraph", root,
                                       word_paragraphs(root), look)
    return issues


def _has_page_break(p: Any) -> bool:
    """A page or column break: such a paragraph is layout, not spacing. A line break alone
    (Shift+Enter in an otherwise empty paragraph) is still an empty line used for spacing."""
    return any(br.get(f"{W}type") in ("page", "column") for br in p.iter(f"{W}br"))


def _header_footer_parts(z: zipfile.ZipFile) -> list[str]:
    return sorted(n for n in z.namelist()
                  if re.fullmatch(r"word/(header|footer)\d*\.xml", n))


_AUTO = ("", "auto")
# the fixed colours of Word's text highlighter (w:highlight)
_HIGHLIGHT = {
    "black": "000000", "blue": "0000FF", "cyan": "00FFFF", "green": "00FF00",
    "magenta": "FF00FF", "red": "FF0000", "yellow": "FFFF00", "white": "FFFFFF",
    "darkBlue": "000080", "darkCyan": "008080", "darkGreen": "008000",
    "darkMagenta": "800080", "darkRed": "800000", "darkYellow": "808000",
    "darkGray": "808080", "lightGray": "C0C0C0",
}


class _Styles:
    """The text colour, size, boldness and shading each style gives, through ``w:basedOn``."""

    def __init__(self, root: Any) -> None:
        self._styles: dict[str, Any] = {}
        self._default: Any = None
        if root is None:
            return
        for style in root.iter(f"{W}style"):
            self._styles[style.get(f"{W}styleId", "")] = style
        self._default = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")

    def chain(self, style_id: str | None) -> list[Any]:
        out: list[Any] = []
        while style_id and style_id in self._styles and len(out) < 20:
            style = self._styles[style_id]
            out.append(style)
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return out

    def run_value(self, rpr_list: list[Any], tag: str, attr: str = "val") -> str | None:
        """The first `tag`'s `attr` in the given run properties, then the default's."""
        for rpr in [*rpr_list, self._default]:
            el = rpr.find(f"{W}{tag}") if rpr is not None else None
            if el is not None:
                return str(el.get(f"{W}{attr}", "true"))
        return None


def _style_name(style: Any) -> str:
    """A style's name as Word and LibreOffice show it, else its id."""
    name = style.find(f"{W}name")
    return str(name.get(f"{W}val") if name is not None else style.get(f"{W}styleId", ""))


def _fill(el: Any) -> str | None:
    shd = el.find(f"{W}shd") if el is not None else None
    fill = shd.get(f"{W}fill", "") if shd is not None else ""
    return None if fill.lower() in _AUTO else fill


def _luminance(hex_colour: str) -> float | None:
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", hex_colour):
        return None
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float | None:
    """WCAG 2.1 contrast ratio of two ``RRGGBB`` colours (1.0 … 21.0), or None if either is
    not such a colour."""
    fg, bg = _luminance(foreground), _luminance(background)
    if fg is None or bg is None:
        return None
    light, dark = max(fg, bg), min(fg, bg)
    return (light + 0.05) / (dark + 0.05)


def _cell_fills(root: Any) -> dict[int, str]:
    """The shading of the table cell around each paragraph (by ``id``); an inner cell's own
    shading wins over its outer cell's, as cells are met outer first."""
    fills: dict[int, str] = {}
    for tc in root.iter(f"{W}tc"):
        fill = _fill(tc.find(f"{W}tcPr"))
        if fill:
            for p in tc.iter(f"{W}p"):
                fills[id(p)] = fill
    return fills


def _contrast_issues(where: str, root: Any, paragraphs: list[Any],
                     look: _Styles) -> list[Issue]:
    """One finding per text colour and background whose contrast is too low, and per style it
    comes from (named: Heading 1 and Heading 2 in the same light grey are two fixes), at its
    first paragraph. Automatic colour ("auto") adapts to the background and is never
    reported."""
    fills = _cell_fills(root)
    issues: list[Issue] = []
    seen: set[tuple[str, str, str]] = set()
    for i, p in enumerate(paragraphs, 1):
        ppr = p.find(f"{W}pPr")
        sid = ppr.find(f"{W}pStyle") if ppr is not None else None
        pchain = look.chain(sid.get(f"{W}val") if sid is not None else None)
        style_fill = next((f for s in pchain if (f := _fill(s.find(f"{W}pPr")))), None)
        p_fill = _fill(ppr) or style_fill or fills.get(id(p))
        for run in p.iter(f"{W}r"):
            text = "".join(t.text or "" for t in run.iter(f"{W}t"))
            if not text.strip():
                continue
            rpr = run.find(f"{W}rPr")
            rid = rpr.find(f"{W}rStyle") if rpr is not None else None
            rchain = look.chain(rid.get(f"{W}val") if rid is not None else None)
            rprs = [rpr, *(s.find(f"{W}rPr") for s in rchain),
                    *(s.find(f"{W}rPr") for s in pchain)]
            if look.run_value(rprs, "vanish") not in (None, "0", "false"):
                continue
            colour = look.run_value(rprs, "color") or "auto"
            if colour.lower() in _AUTO:
                continue
            highlight = _HIGHLIGHT.get(look.run_value(rprs, "highlight") or "")
            background = highlight or _fill(rpr) or p_fill or "FFFFFF"
            ratio = contrast_ratio(colour, background)
            size_text = look.run_value(rprs, "sz") or ""
            size = int(size_text) / 2 if size_text.isdigit() else 11.0
            bold = look.run_value(rprs, "b") not in (None, "0", "false")
            large = size >= 18 or (bold and size >= 14)
            needed = 3.0 if large else 4.5
            # the style that gives the colour, where the run's own formatting does not
            direct = rpr is not None and rpr.find(f"{W}color") is not None
            source = "" if direct else next(
                (_style_name(s) for s in [*rchain, *pchain]
                 if (c := s.find(f"{W}rPr")) is not None and c.find(f"{W}color") is not None), "")
            key = (colour.upper(), background.upper(), source)
            if ratio is None or ratio >= needed or key in seen:
                continue
            seen.add(key)
            of = f" (style '{source}')" if source else ""
            issues.append(Issue(f"{where} {i}", f"text colour #{key[0]}{of} on #{key[1]} has a "
                                f"contrast of {ratio:.1f}:1, below {needed:g}:1; use a darker "
                                f"text colour (black) or a lighter background: {text[:40]!r}"))
    return issues


def check_file(path: Path) -> list[Issue]:
    """Check one .docx, .xlsx or .pdf; anything else is reported as not checked, and so is a
    file that cannot be read (one finding naming it and why, never an exception)."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        return [Issue(path.name, "not checked: only .docx, .xlsx and .pdf files are checked")]
    fix = _RESAVE[suffix]
    try:
        data = read_checked(path)
        if isinstance(data, Issue):
            return [data]
        if suffix == ".pdf":
            from ._pdf_accessibility import check_pdf

            return check_pdf(path)
        return check_docx(path, data) if suffix == ".docx" else check_xlsx(path, data)
    except DefusedXmlException:
        return [Issue(str(path), "not checked: an XML part has a DTD or entity declaration, "
                      f"which Word and Excel never write (a crafted file?); {fix}")]
    except Exception as exc:  # a damaged or hostile file: one line, and the next file is checked
        cause = exc.__cause__ or exc  # openpyxl's ValueError wraps the parser's error
        detail = " ".join(str(cause).split())[:200] or type(cause).__name__
        return [Issue(str(path), f"cannot be read as {suffix}: {detail}; {fix}")]


def check_accessibility(paths: Sequence[Path] | Iterable[Path]) -> list[Issue]:
    """Check every .docx, .xlsx and .pdf file in `paths`; return all findings (empty: none)."""
    out: list[Issue] = []
    for path in paths:
        out += check_file(Path(path))
    return out
