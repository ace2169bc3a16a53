"""Findings in an Excel template: formulas with functions outside the allowed list or
references to other workbooks, defined names, very hidden sheets, external connections.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import Issue
from ..matrix._followup import SHEET_META
from ._lint_package import (
    _local,
    _Package,
)
from ._lint_rules import (
    _EXTERNAL_REF,
    _FORMULA_TAGS,
    _MACRO_NAMES,
    _R_ID,
    _REFUSED_FUNCTIONS,
    _STRING,
    ALLOWED_FUNCTIONS,
    MAX_FORMULA_CHARS,
    TEMPLATE_NAMES,
)

# --- Excel --------------------------------------------------------------------------------------


def _excel_findings(pkg: _Package) -> list[Issue]:
    workbook = pkg.trees.get("xl/workbook.xml")
    if workbook is None:
        return []
    issues: list[Issue] = []
    rels = {r.rid: r.part for r in pkg.rels() if r.source == "xl/_rels/workbook.xml.rels"}
    sheets: dict[str, str] = {}
    for sheet in workbook.iter():
        if _local(sheet.tag) != "sheet":
            continue
        title = sheet.get("name") or ""
        sheets[rels.get(sheet.get(_R_ID) or "", "")] = title
        if sheet.get("state") == "veryHidden" and title != SHEET_META:
            issues.append(Issue(pkg.where("xl/workbook.xml", f"sheet '{title}'"),
                                "the sheet is very hidden (Excel's menus cannot show it, so "
                                "nobody sees what it holds); delete it, or start again from "
                                "the bundled templates/matrix.xlsx"))
    for defined in workbook.iter():
        if _local(defined.tag) == "definedName":
            issues += _name_issues(pkg, defined)
    for member, tree in pkg.trees.items():
        if member.startswith(("xl/worksheets/", "xl/chartsheets/", "xl/tables/", "xl/charts/",
                              "xl/dialogsheets/")) and member.endswith(".xml"):
            issues += _sheet_formula_issues(pkg, member, tree, sheets.get(member, ""))
    return issues


def _name_issues(pkg: _Package, defined: Any) -> list[Issue]:
    name = defined.get("name") or ""
    where = pkg.where("xl/workbook.xml", f"defined name '{name}'")
    if name.lower().startswith(_MACRO_NAMES) or any(
            defined.get(a) in ("1", "true") for a in ("function", "vbProcedure", "xlm")):
        return [Issue(where, "runs a macro (when the workbook is opened or closed); delete the "
                      "name (Formulas → Name Manager)")]
    if name not in TEMPLATE_NAMES:
        return [Issue(where, "is not one of the template's own names ("
                      + ", ".join(sorted(TEMPLATE_NAMES)) + "); delete it (Formulas → Name "
                      "Manager)")]
    problem = formula_problem(defined.text or "")
    return [Issue(where, f"{problem}; correct or delete the name")] if problem else []


def _sheet_formula_issues(pkg: _Package, member: str, tree: Any, sheet: str) -> list[Issue]:
    issues = []
    for el in tree.iter():
        local = _local(el.tag)
        if local in ("oleObjects", "controls"):
            issues.append(Issue(pkg.where(member, sheet), "has embedded objects or ActiveX "
                                "controls; remove them"))
            continue
        if local in _FORMULA_TAGS:
            text = el.text or ""
        elif local == "cfvo" and el.get("val"):
            text = el.get("val")
        else:
            continue
        problem = formula_problem(text) if text.strip() else None
        if problem:
            issues.append(Issue(pkg.where(member, _place(el, sheet)),
                                f"{problem}; change or remove the formula"))
    return issues


def _place(el: Any, sheet: str) -> str:
    """``Seuranta!B2`` for the cell, range or validation that holds `el`."""
    node = el
    while node is not None:
        ref = node.get("r") or node.get("sqref") or node.get("ref")
        if ref is None:
            for child in node:
                if _local(child.tag) == "sqref" and child.text:
                    ref = child.text
        if ref:
            return f"{sheet}!{ref}" if sheet else ref
        node = node.getparent()
    return sheet


def formula_problem(text: str) -> str | None:
    """Why the formula `text` may not be in a template, or None if it may."""
    from openpyxl.formula import Tokenizer

    text = text.strip().removeprefix("=")
    if len(text) > MAX_FORMULA_CHARS:
        return f"a formula of {len(text)} characters (Excel allows {MAX_FORMULA_CHARS})"
    if "|" in _STRING.sub("", text):
        return f"formula '{_short(text)}' calls another program (DDE)"
    try:
        tokens = [t for t in Tokenizer("=" + text).items if t.type != "WHITE-SPACE"]
    except Exception:  # openpyxl's tokenizer raises bare errors for malformed formulas
        return f"formula '{_short(text)}' cannot be read"
    for i, token in enumerate(tokens):
        if token.type == "FUNC" and token.subtype == "OPEN":
            raw = token.value[:-1].upper()
            if raw.startswith("_XLUDF."):
                return (f"formula '{_short(text)}' calls {raw[7:]}, a function of a macro or "
                        "an add-in")
            func = re.sub(r"^(_XLFN\.)?(_XLWS\.)?", "", raw)
            if func == "HYPERLINK":
                first = tokens[i + 1] if i + 1 < len(tokens) else None
                if first is None or first.subtype != "TEXT" or not first.value.startswith('"#'):
                    return (f"formula '{_short(text)}' uses HYPERLINK to a place outside the "
                            "workbook (a click sends the link, with any data in it)")
            elif func not in ALLOWED_FUNCTIONS:
                why = _REFUSED_FUNCTIONS.get(func, "is not on the list of functions a template "
                                             "may use (docs/templates.md)")
                return f"formula '{_short(text)}' uses {func}, which {why}"
        elif token.type == "OPERAND" and token.subtype == "RANGE" and _EXTERNAL_REF.match(
                token.value):
            return f"formula '{_short(text)}' refers to another workbook ({token.value})"
    return None


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."
