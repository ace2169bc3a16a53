"""Findings in a Word template: fields that fetch or run something, tracked changes,
embedded objects in the text, template tags that their paragraph does not close.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..errors import Issue
from ._lint_package import (
    _Package,
)
from ._lint_rules import (
    _TRACKED,
    _W,
    _WORD_OBJECTS,
    FETCHING_FIELDS,
)
from ._places import Places, part_label, part_labels

# --- Word ---------------------------------------------------------------------------------------


def _word_findings(pkg: _Package) -> list[Issue]:
    issues: list[Issue] = []
    labels: dict[str, str] | None = None  # how Word names the headers and footers
    for member, tree in pkg.trees.items():
        if not member.startswith("word/") or not member.endswith(".xml"):
            continue
        for code in _field_codes(tree):
            keyword = field_keyword(code)
            if keyword in FETCHING_FIELDS:
                issues.append(Issue(pkg.where(member), f"field code {keyword} "
                                    f"{FETCHING_FIELDS[keyword]}; remove the field (select it "
                                    "and press Ctrl+Shift+F9 in Word to turn it into text)"))
        objects: dict[str, int] = {}
        tracked = 0
        for el in tree.iter():
            if el.tag in _WORD_OBJECTS:
                objects[el.tag] = objects.get(el.tag, 0) + 1
            elif el.tag in _TRACKED:
                tracked += 1
        for tag, count in objects.items():
            issues.append(Issue(pkg.where(member), f"{count} × {_WORD_OBJECTS[tag]}"))
        if tracked:
            issues.append(Issue(pkg.where(member), f"{tracked} tracked change(s); accept or "
                                "reject them all (Review → Accept → Accept All Changes) and "
                                "turn Track Changes off"))
        for number, rest, opener in _unclosed_tags(tree):
            closer = _CLOSERS[opener]
            near = rest if len(rest) <= 40 else rest[:37] + "..."
            if labels is None:
                labels = part_labels(pkg.zf)
            place = Places(pkg.name, pkg.zf.read(member), None, part_label(member, labels))
            issues.append(Issue(f"{pkg.name}: {place.place(number - 1)} (near {near!r})",
                                f"{opener!r} is not closed with {closer!r} in its paragraph; "
                                f"the render would delete everything up to the next "
                                f"{closer!r} of the part, paragraphs included: close the "
                                "tag"))
    return issues


def rendered_findings(root: Any) -> list[str]:
    """What a rendered part may not hold though a template's own text was checked: a field
    that fetches or runs something, or an embedded object, written by the render (a value
    shown unescaped with ``|safe``, a keyword joined from pieces)."""
    found = [f"field code {keyword} {FETCHING_FIELDS[keyword]}" for code in _field_codes(root)
             if (keyword := field_keyword(code)) in FETCHING_FIELDS]
    found += [_WORD_OBJECTS[el.tag] for el in root.iter(*_WORD_OBJECTS)]
    return list(dict.fromkeys(found))


def field_keyword(code: str) -> str:
    """A field code's keyword as Word reads it, upper case: its leading letters, also when a
    quote or switch follows without a space (``INCLUDEPICTURE"http://…"``)."""
    found = _KEYWORD.match(code)
    return found[1].upper() if found else ""


_KEYWORD = re.compile(r"[\s\u00a0]*([A-Za-z]+)")
_CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_OPENER = re.compile(r"\{\{|\{%|\{#")
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}.*?(?:\{%-?\s*endraw\s*-?%\}|$)", re.S)


def _unclosed_tags(tree: Any) -> Iterator[tuple[int, str, str]]:
    """(paragraph number, counted as :class:`._places.Places` walks the paragraphs; its text
    from the tag on; the opener) of the first template tag
    (``{{``, ``{%``, ``{#``) of each paragraph that the paragraph never closes: docxtpl joins
    a tag split over runs by deleting the XML up to its closer, so a tag never closed takes
    the paragraphs after it with it, in silence. A tag closed later in its paragraph but
    broken otherwise (``{{ a }{{ b }}``) is left to Jinja's syntax check. Text inside
    ``{% raw %}`` is not a tag."""
    for number, paragraph in enumerate(tree.iter(_W + "p"), 1):
        text = "".join(t.text or "" for t in paragraph.iter(_W + "t")
                       if next(t.iterancestors(_W + "p"), None) is paragraph)
        if "{" not in text:
            continue
        text = _RAW.sub("", text)
        at = 0
        while (found := _OPENER.search(text, at)) is not None:
            end = text.find(_CLOSERS[found.group(0)], found.end())
            if end < 0:
                yield number, text[found.start():], found.group(0)
                break
            at = end + 2


def _field_codes(tree: Any) -> Iterator[str]:
    """The code of every field: ``w:fldSimple/@w:instr``, and ``w:instrText`` from each
    ``w:fldChar`` begin to its separate or end, joined over runs (nested fields too)."""
    stack: list[list[str]] = []  # the code of each open field, innermost last
    checked: list[bool] = []  # whether that code was given out already
    for el in tree.iter(_W + "fldSimple", _W + "fldChar", _W + "instrText",
                        _W + "delInstrText"):
        if el.tag == _W + "fldSimple":
            yield el.get(_W + "instr") or ""
        elif el.tag == _W + "fldChar":
            kind = el.get(_W + "fldCharType")
            if kind == "begin":
                stack.append([])
                checked.append(False)
            elif stack and kind in ("separate", "end"):
                if not checked[-1]:
                    yield "".join(stack[-1])
                    checked[-1] = True
                if kind == "end":
                    stack.pop()
                    checked.pop()
        elif stack:
            stack[-1].append(el.text or "")
        else:
            yield el.text or ""
    for parts, done in zip(stack, checked, strict=True):  # fields never closed
        if not done:
            yield "".join(parts)
