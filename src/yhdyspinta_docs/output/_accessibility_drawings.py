"""Alt text of the pictures and charts on a workbook's sheets (WCAG 2.1 1.1.1), and the
paragraphs and pictures of a Word part as a reader meets them.

The alt text is read from the drawing parts (``xl/drawings/drawingN.xml``) themselves, without
DTD or entities, not through openpyxl's reader. In a Word part, a text box is saved twice, as
a DrawingML shape and as its VML fallback for older readers (``mc:Fallback``): its paragraphs
are counted once, as Word counts them, and a text box, which a screen reader reads out, is
not a picture that needs alt text.
"""

from __future__ import annotations

import re
import zipfile
from functools import partial
from typing import Any

from defusedxml import ElementTree as SafeET

from ..errors import Issue

__all__ = ["cell_ends", "drawing_alt_issues", "lacks_alt_text", "vml_lacks_alt_text",
           "word_paragraphs", "word_pictures"]

XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
ADEC = "{http://schemas.microsoft.com/office/drawing/2017/decorative}"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TEXT_BOX = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}txbx"
_V, _O = "{urn:schemas-microsoft-com:vml}", "{urn:schemas-microsoft-com:office:office}"
_fromstring = partial(SafeET.fromstring, forbid_dtd=True)


def _in_fallback(element: Any, parents: dict[Any, Any]) -> bool:
    while element is not None:
        if element.tag == _FALLBACK:
            return True
        element = parents.get(element)
    return False


def word_paragraphs(root: Any) -> list[Any]:
    """The paragraphs of a Word part, in order, a text box's once (not its VML fallback's)."""
    parents = {child: parent for parent in root.iter() for child in parent}
    return [p for p in root.iter(f"{_W}p") if not _in_fallback(p, parents)]


def word_pictures(root: Any) -> list[Any]:
    """The ``wp:docPr`` of every picture and chart of a Word part, not of a text box and not
    of a VML fallback, and the ``v:shape`` of every picture in the older VML form (a logo in
    many older templates)."""
    parents = {child: parent for parent in root.iter() for child in parent}
    found = [doc_pr for doc_pr in root.iter(f"{_WP}docPr")
             if not _in_fallback(doc_pr, parents)
             and next(parents[doc_pr].iter(_TEXT_BOX), None) is None]
    found += [shape for shape in root.iter(f"{_V}shape")
              if not _in_fallback(shape, parents) and shape.find(f"{_V}imagedata") is not None]
    return found


def vml_lacks_alt_text(shape: Any) -> bool:
    """True for a VML picture with neither alt text (``alt``) nor a title on its image."""
    image = shape.find(f"{_V}imagedata")
    title = image.get(f"{_O}title") if image is not None else None
    return not ((shape.get("alt") or "").strip() or (title or "").strip())


def cell_ends(root: Any) -> set[Any]:
    """The last paragraph of every table cell and text box of a Word part, which Word
    requires there (an empty one is the end of the cell or box, or a value that is empty, not
    an empty line used for spacing)."""
    ends = ([c for c in box if c.tag == f"{_W}p"][-1:]
            for box in [*root.iter(f"{_W}tc"), *root.iter(f"{_W}txbxContent")])
    return {found[0] for found in ends if found}
# a picture or a chart (graphic frame); a text box reads its own text out
_OBJECTS = {"pic": "picture", "graphicFrame": "chart"}


def drawing_alt_issues(name: str, z: zipfile.ZipFile) -> list[Issue]:
    """One finding per picture or chart with neither a description nor a
    title, unless marked decorative; named by its drawing part and object name."""
    issues: list[Issue] = []
    parts = sorted(n for n in z.namelist() if re.fullmatch(r"xl/drawings/drawing\d+\.xml", n))
    for part in parts:
        root = _fromstring(z.read(part))
        for tag, kind in _OBJECTS.items():
            for obj in root.iter(f"{XDR}{tag}"):
                pr = next(obj.iter(f"{XDR}cNvPr"), None)
                if pr is None or pr.get("descr") or pr.get("title"):
                    continue
                decorative = pr.find(f".//{ADEC}decorative")
                if decorative is not None and decorative.get("val") in ("1", "true"):
                    continue
                label = pr.get("name") or kind
                issues.append(Issue(f"{name}: {part}: {label}", f"{kind} without alt text; "
                                    "give it a description (Alt Text) or mark it decorative"))
    return issues


def lacks_alt_text(doc_pr: Any) -> bool:
    """True for a picture with neither a description nor a title, unless it is marked
    decorative (Word: Alt Text > Mark as decorative), which a screen reader skips; a VML
    picture (`doc_pr` its shape) by its own alt text."""
    if doc_pr.tag.endswith("}shape"):
        return vml_lacks_alt_text(doc_pr)
    if doc_pr.get("descr") or doc_pr.get("title"):
        return False
    decorative = doc_pr.find(f".//{ADEC}decorative")
    return decorative is None or decorative.get("val") not in ("1", "true")
