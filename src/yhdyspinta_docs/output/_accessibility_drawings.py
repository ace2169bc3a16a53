"""Alt text of the pictures and charts on a workbook's sheets (WCAG 2.1 1.1.1).

The alt text is read from the drawing parts (``xl/drawings/drawingN.xml``) themselves, without
DTD or entities, not through openpyxl's reader.
"""

from __future__ import annotations

import re
import zipfile
from functools import partial

from defusedxml import ElementTree as SafeET

from ..errors import Issue

__all__ = ["drawing_alt_issues"]

XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
ADEC = "{http://schemas.microsoft.com/office/drawing/2017/decorative}"
_fromstring = partial(SafeET.fromstring, forbid_dtd=True)
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
