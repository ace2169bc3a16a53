"""List numbering of a rendered document: every list restarts at 1.

Word continues a numbered list across the whole document when every list paragraph points to
the same ``w:num``; docxtpl renders every list of a template from one such paragraph. After
rendering, :meth:`ListNumbering.restart` gives every contiguous block of list paragraphs its
own ``w:num`` (with ``startOverride=1``) on the same abstract definition. The numbering part
is parsed and written again only for a document that has lists.
"""

from __future__ import annotations

import itertools
from typing import Any, cast

from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.oxml.numbering import CT_Num

__all__ = ["W_P", "ListNumbering", "paragraph_numbering", "previous_block", "set_numpr",
           "style_numbering"]

W_P, _W_TBL, _W_PPR = qn("w:p"), qn("w:tbl"), qn("w:pPr")
_W_PSTYLE, _W_NUMPR, _W_NUMID = qn("w:pStyle"), qn("w:numPr"), qn("w:numId")
_W_ILVL, _W_VAL = qn("w:ilvl"), qn("w:val")
# children of w:pPr that come before w:numPr (ECMA-376 CT_PPrBase order)
_BEFORE_NUMPR = {
    qn(f"w:{t}")
    for t in ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl")
}


class ListNumbering:
    """The template's list definitions and paragraph styles, read once; :meth:`restart`
    gives the lists of one rendered body their own numbering."""

    def __init__(self, numbering_xml: bytes | None, styles: Any) -> None:
        self._numbering_xml = numbering_xml
        self._style_num = style_numbering(styles) if styles is not None else {}
        self._abstract_of: dict[int, int] = {}
        if numbering_xml is not None:
            self._abstract_of = {
                _number(num.get(qn("w:numId"))): _number(
                    next((a.get(qn("w:val")) for a in num.iter(qn("w:abstractNumId"))), None))
                for num in parse_xml(numbering_xml).findall(qn("w:num"))
            }

    def restart(self, body: Any) -> bytes | None:
        """Give every contiguous block of list paragraphs of `body` its own ``w:num``
        restarting at 1; the new numbering part, None when `body` has no list.

        A block is a run of sibling paragraphs (tables count as separators) whose numbering
        resolves, through the paragraph or its style, to the same abstract numbering
        definition. Each gets ``w:num`` → that ``w:abstractNum`` with
        ``w:lvlOverride/w:startOverride=1`` for every level used, and each paragraph a direct
        ``w:numPr``. Two list blocks directly one after the other with the same definition are
        one list. A paragraph whose ``w:numId`` is not defined shows no numbering in Word
        either and is left alone.
        """
        if self._numbering_xml is None:
            return None
        blocks: list[tuple[int, list[tuple[Any, int]]]] = []
        previous: Any = None
        for paragraph in body.iter(W_P):
            num_id, ilvl = paragraph_numbering(paragraph, self._style_num)
            abstract = self._abstract_of.get(num_id) if num_id else None
            if abstract is None:
                previous = None
                continue
            if (
                previous is not None
                and blocks
                and blocks[-1][0] == abstract
                and previous_block(paragraph) is previous
            ):
                blocks[-1][1].append((paragraph, ilvl))
            else:
                blocks.append((abstract, [(paragraph, ilvl)]))
            previous = paragraph
        if not blocks:
            return None
        numbering = parse_xml(self._numbering_xml)
        # each new w:num takes the first id unused, as python-docx's add_num does, but found
        # once, not by reading every id again for each (thousands of lists took minutes)
        used = {_number(n) for n in numbering.xpath("./w:num/@w:numId")}
        free = (n for n in itertools.count(1) if n not in used)
        cleanup = numbering.find(qn("w:numIdMacAtCleanup"))  # the last child, if there
        for abstract, members in blocks:
            num = cast(Any, CT_Num).new(next(free), abstract)
            if cleanup is not None:
                cleanup.addprevious(num)
            else:
                numbering.append(num)
            for level in sorted({ilvl for _p, ilvl in members}):
                num.add_lvlOverride(ilvl=level).add_startOverride(1)
            for paragraph, ilvl in members:
                set_numpr(paragraph, num.numId, ilvl)
        data: bytes = serialize_part_xml(numbering)
        return data


def style_numbering(styles: Any) -> dict[str, tuple[int, int]]:
    """Paragraph style id → (numId, ilvl) from its own or an inherited ``w:numPr``."""
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    result: dict[str, tuple[int, int]] = {}
    for style_id in by_id:
        seen: set[str] = set()
        current = style_id
        while current in by_id and current not in seen:
            seen.add(current)
            num_pr = by_id[current].find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is not None:
                num_id = num_pr.find(qn("w:numId"))
                ilvl = num_pr.find(qn("w:ilvl"))
                if num_id is not None:
                    result[style_id] = (
                        _number(num_id.get(qn("w:val"))),
                        _number(ilvl.get(qn("w:val"))) if ilvl is not None else 0,
                    )
                    break
            based_on = by_id[current].find(qn("w:basedOn"))
            current = based_on.get(qn("w:val")) if based_on is not None else None
    return result


def _number(text: str | None) -> int:
    """A list id or level as Word reads it; one that is not a number is no list (0)."""
    try:
        return int(text or "")
    except ValueError:
        return 0


def paragraph_numbering(paragraph: Any, style_num: dict[str, tuple[int, int]]) -> tuple[int, int]:
    ppr = paragraph.find(_W_PPR)
    num_id, ilvl = 0, 0
    if ppr is not None:
        style = ppr.find(_W_PSTYLE)
        if style is not None:
            num_id, ilvl = style_num.get(style.get(_W_VAL), (0, 0))
        num_pr = ppr.find(_W_NUMPR)
        if num_pr is not None:
            direct_id = num_pr.find(_W_NUMID)
            direct_lvl = num_pr.find(_W_ILVL)
            if direct_id is not None:
                num_id = _number(direct_id.get(_W_VAL))
            if direct_lvl is not None:
                ilvl = _number(direct_lvl.get(_W_VAL))
    return num_id, ilvl


def previous_block(paragraph: Any) -> Any:
    """The previous sibling paragraph or table (bookmarks and the like are skipped)."""
    sibling = paragraph.getprevious()
    while sibling is not None and sibling.tag not in (W_P, _W_TBL):
        sibling = sibling.getprevious()
    return sibling


def set_numpr(paragraph: Any, num_id: int, ilvl: int) -> None:
    ppr = paragraph.find(_W_PPR)
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        paragraph.insert(0, ppr)
    for old in ppr.findall(qn("w:numPr")):
        ppr.remove(old)
    num_pr = OxmlElement("w:numPr")
    ilvl_el = OxmlElement("w:ilvl")
    ilvl_el.set(qn("w:val"), str(ilvl))
    num_id_el = OxmlElement("w:numId")
    num_id_el.set(qn("w:val"), str(num_id))
    num_pr.append(ilvl_el)
    num_pr.append(num_id_el)
    index = next((i for i, c in enumerate(ppr) if c.tag not in _BEFORE_NUMPR), len(ppr))
    ppr.insert(index, num_pr)
