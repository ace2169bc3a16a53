"""Accessibility check of a PDF: what can be decided from the file alone.

The PDF half of the checklist that :mod:`._accessibility` applies to .docx and .xlsx (laki
digitaalisten palvelujen tarjoamisesta 306/2019; PDF/UA-1, ISO 14289-1; the accessibility
annex of SFS 2487:2024): a tagged PDF (structure tree, /MarkInfo /Marked), the document
language (/Lang), a title shown in the window's title bar (/DisplayDocTitle), the PDF/UA
identifier, alt text on figures, headings with text and without a skipped level, table
header cells with their scope, every font embedded. Passing is not a statement of PDF/UA
conformance: reading order, meaningful alt texts and the like need a person (or veraPDF).

The PDF is read with pikepdf, which the ``pdf`` extra installs (``pip install
'yhdyspinta-docs[pdf]'``); without it a PDF is reported as not checked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Issue

__all__ = ["check_pdf"]

_HEADINGS = {f"/H{n}" for n in range(1, 7)}
_MAX_ELEMENTS = 200_000  # items of a structure tree looked at, at most (a hostile file)
_MAX_HEADINGS = 500  # headings whose text is looked for, each through 200 items at most
_MAX_SHOWN = 20  # structure findings listed one by one; the rest are counted


def check_pdf(path: Path) -> list[Issue]:
    """Return every accessibility finding of the PDF at `path` (empty: none found)."""
    name = path.name
    try:
        import pikepdf
    except ImportError:
        return [Issue(name, "not checked: checking a PDF needs pikepdf; install it with "
                      "pip install 'yhdyspinta-docs[pdf]'")]
    try:
        with pikepdf.open(path) as pdf:
            return _findings(pikepdf, pdf, name)
    except (pikepdf.PdfError, pikepdf.PasswordError, ValueError, RecursionError) as exc:
        return [Issue(name, f"cannot be read as .pdf: {str(exc).splitlines()[0][:200]}")]


def _findings(pikepdf: Any, pdf: Any, name: str) -> list[Issue]:
    issues: list[Issue] = []
    root = pdf.Root
    tree = root.get("/StructTreeRoot")
    if tree is None:
        return [Issue(name, "untagged PDF (no structure tree): export it again as a tagged PDF "
                      "(LibreOffice: Tagged PDF and PDF/UA; Word: Document structure tags "
                      "for accessibility)")]
    if not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
        issues.append(Issue(name, "not marked as tagged (/MarkInfo /Marked is not true)"))
    if not str(root.get("/Lang", "")).strip():
        issues.append(Issue(name, "no document language (/Lang): set the language of the "
                            "document before exporting"))
    meta = pdf.open_metadata()
    info_title = str(pdf.docinfo.get("/Title", "")) if "/Info" in pdf.trailer else ""
    if not (str(meta.get("dc:title", "")).strip() or info_title.strip()):
        issues.append(Issue(name, "no title property: set File > Properties > Title before "
                            "exporting"))
    if not bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)):
        issues.append(Issue(name, "the window shows the file name, not the title "
                            "(/DisplayDocTitle is not true)"))
    if str(meta.get("pdfuaid:part", "")) != "1":
        issues.append(Issue(name, "no PDF/UA identifier (pdfuaid:part 1 in the XMP metadata); "
                            "export with the PDF/UA option"))
    issues += _structure_issues(pikepdf, tree, name)
    issues += _font_issues(pikepdf, pdf, name)
    return issues


def _elements(pikepdf: Any, node: Any, out: list[Any], limit: int = _MAX_ELEMENTS) -> None:
    """Every structure element below `node` (a /K value), depth first. At most `limit` items
    are looked at, so a hostile file (an array holding itself, a tree of millions) ends."""
    stack = [node]
    seen = 0
    while stack and seen < limit:
        item = stack.pop()
        seen += 1
        if isinstance(item, pikepdf.Array):
            stack.extend(reversed(list(item)))
        elif isinstance(item, pikepdf.Dictionary) and "/S" in item:
            out.append(item)
            if "/K" in item:
                stack.append(item.get("/K"))


def _marks_content(pikepdf: Any, element: Any) -> bool:
    """True if the element or one below it marks page content (an /MCID, an /MCR); looks at
    most 200 items below a heading."""
    below: list[Any] = []
    _elements(pikepdf, element.get("/K"), below, limit=200)
    for el in [element, *below]:
        kid = el.get("/K")
        for k in (list(kid) if isinstance(kid, pikepdf.Array) else [kid]):
            if (isinstance(k, int) and not isinstance(k, bool)) or (
                    isinstance(k, pikepdf.Dictionary) and k.get("/Type") == pikepdf.Name.MCR):
                return True
    return False


def _attributes(pikepdf: Any, element: Any) -> set[str]:
    owners = element.get("/A")
    owners = list(owners) if isinstance(owners, pikepdf.Array) else [owners]
    return {str(key) for owner in owners if isinstance(owner, pikepdf.Dictionary)
            for key in owner.keys()}


def _structure_issues(pikepdf: Any, tree: Any, name: str) -> list[Issue]:
    elements: list[Any] = []
    _elements(pikepdf, tree.get("/K"), elements)
    if not elements:
        return [Issue(name, "the structure tree is empty")]
    issues: list[Issue] = []
    level = 0
    counts = {"figure": 0, "heading": 0, "th": 0, "table": 0}
    unscoped = False
    for element in elements:
        kind = str(element.get("/S"))
        if kind in ("/Figure", "/Formula"):
            counts["figure"] += 1
            if not (str(element.get("/Alt", "")).strip()
                    or str(element.get("/ActualText", "")).strip()):
                issues.append(Issue(f"{name}: {kind[1:].lower()} {counts['figure']}",
                                    "no alt text (/Alt)"))
        elif kind in _HEADINGS:
            counts["heading"] += 1
            number = int(kind[2])
            where = f"{name}: heading {counts['heading']}"
            if number > level + 1:
                issues.append(Issue(where, f"{kind} after /H{level} skips a level"))
            level = number
            if counts["heading"] <= _MAX_HEADINGS and not _marks_content(pikepdf, element):
                issues.append(Issue(where, f"empty heading {kind}"))
        elif kind == "/Table":
            counts["table"] += 1
            below: list[Any] = []
            if counts["table"] <= _MAX_HEADINGS:  # (bounded, as headings are)
                _elements(pikepdf, element.get("/K"), below, limit=2000)
                if not any(str(cell.get("/S")) == "/TH" for cell in below):
                    issues.append(Issue(f"{name}: table {counts['table']}", "no header cell "
                                        "(/TH): screen readers cannot tell what a column holds; "
                                        "mark the first row as a header row (Word: Table "
                                        "Properties, Repeat as header row) and export again"))
        elif kind == "/TH":
            counts["th"] += 1
            if "/Scope" not in _attributes(pikepdf, element) and not unscoped:
                unscoped = True  # one finding says it: the export leaves every /TH so
                issues.append(Issue(f"{name}: table header cell {counts['th']}", "/TH without "
                                    "/Scope: screen readers do not know the row or column "
                                    "it heads"))
    if len(issues) > _MAX_SHOWN:
        more = len(issues) - _MAX_SHOWN
        issues = [*issues[:_MAX_SHOWN], Issue(name, f"{more} more such finding(s) not shown")]
    return issues


def _font_issues(pikepdf: Any, pdf: Any, name: str) -> list[Issue]:
    missing: set[str] = set()
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            candidates = [font, *font.get("/DescendantFonts", [])]
            for f in candidates:
                if str(f.get("/Subtype")) in ("/Type0", "/Type3"):
                    continue  # a composite font is embedded through its descendant
                descriptor = f.get("/FontDescriptor", {})
                if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    missing.add(str(f.get("/BaseFont", "?")).lstrip("/"))
    return [Issue(name, f"font {font} is not embedded") for font in sorted(missing)]
