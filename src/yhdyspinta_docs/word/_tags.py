"""Static checks of docxtpl tag placement in a Word template, on the XML as Word saved it.

:func:`tag_issues` finds docxtpl's paragraph, row and cell tags (``{%p``, ``{%tr``, ``{%tc``,
``{%r``) where docxtpl would silently delete text or write broken XML: not in the container
they name, sharing it with other text or with a picture, a text box or a field (deleted with
it), two in one container, a block opened with one kind and
closed with another, a table cell left without a paragraph. A ``{#p``, ``{#tr`` or ``{#tc``
comment deletes its container on purpose and is accepted, so are curly quotes inside tags
(the render straightens them). Each finding, and each other tag a finding mentions, is located
as Word shows it by the part's :class:`._places.Places` (the paragraph, the table cell, the
header or footer, with the paragraph's text), as the unknown variables of :mod:`._variables`
are. :func:`where` (a part and a line, where that cannot be told) and :func:`suggest` word
the findings of :mod:`._variables` and :mod:`._check` too.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from typing import Any

from ..errors import Issue
from ._places import CONTAINER, W_P, W_TC, Places, Tag, holder, own_text

__all__ = ["suggest", "tag_issues", "where"]

_OPENERS = {"for", "if", "with", "macro", "call", "filter", "block"}
_MIDDLES = {"elif", "else"}


def where(name: str, partname: str, lineno: int | None = None, near: str = "",
          unit: str = "line") -> str:
    """``decision.docx: word/document.xml line 42 (near "{{ title }}")`` (as render.py)."""
    text = f"{name}: {partname.lstrip('/')}"
    if lineno is not None:
        text += f" {unit} {lineno}"
    near = " ".join(re.sub(r"<[^>]+>", "", near).split())
    return text + (f' (near "{near[:80]}")' if near else "")


def suggest(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to `word`, if one is close enough to be a typing error."""
    pool = list(dict.fromkeys(candidates))
    by_fold = {c.casefold(): c for c in pool}
    if word.casefold() in by_fold:
        return by_fold[word.casefold()]
    found = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    return found[0] if found else None


# --- tag placement ------------------------------------------------------------------------------


def _outside(text: str, tag: Tag) -> str:
    """`text` without `tag` and without Jinja comments: what docxtpl would delete with it."""
    rest = text.replace(tag.text, "", 1)
    return re.sub(r"\{#.*?#\}", "", rest, flags=re.S).strip()


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OBJECTS = ((_W + "txbxContent", "a text box"), (_W + "drawing", "a picture or drawing"),
            (_W + "pict", "a picture or drawing"), (_W + "object", "an embedded object"),
            (_W + "fldSimple", "a field (a page number, a date …)"),
            (_W + "fldChar", "a field (a page number, a date …)"))


def _object_in(container: Any) -> str | None:
    """What else than text `container` holds that docxtpl would delete with it, in words (a
    text box before the picture that holds it); None if nothing."""
    found = {element.tag for element in container.iter(*(tag for tag, _ in _OBJECTS))}
    return next((what for tag, what in _OBJECTS if tag in found), None)


def tag_issues(places: Places) -> list[Issue]:
    """Misplaced docxtpl tags in one XML part (document, header, footer, footnotes), walked
    and located by `places`: ``decision.docx: table 1, row 2, column 1 ("{%p if x %} y")``."""
    issues: list[Issue] = []

    def add(tag: Tag, what: str) -> None:
        issues.append(Issue(_describe(places, tag), what))

    per_container: dict[tuple[str, Any], list[Tag]] = {}  # keeps the proxies alive
    for tag in places.tags:
        # curly quotes inside tags are fine: the render straightens “ ” ‘ ’ there (docxtpl)
        if not tag.kind or tag.delim == "#":
            continue  # a {#p, {#tr or {#tc comment deletes its container: that is its purpose
        if re.search(r"[%}]", tag.content):
            add(tag, f"'%' or '}}' inside {tag.text!r} breaks docxtpl's {{%{tag.kind} tag "
                "(docxtpl's pattern for these tags stops at the first '%' or '}'): compute "
                "the value in the data, or use a plain {% %} tag")
        if tag.kind == "r":
            continue  # docxtpl moves {%r tags into a run of their own
        container = holder(tag)
        if container is None:
            add(tag, f"{tag.text} is not in a {CONTAINER[tag.kind]}: a {{%{tag.kind} tag must "
                f"stand alone in the {CONTAINER[tag.kind]} it repeats or hides"
                + ("; in a normal paragraph use {%p … %}" if tag.kind == "tr" else ""))
            continue
        per_container.setdefault((tag.kind, container), []).append(tag)
        own = "".join(own_text(p) for p in container.iter(W_P)) if tag.kind != "p" else \
            own_text(container)
        if _outside(own, tag) and len(per_container[(tag.kind, container)]) == 1:
            add(tag, f"{tag.text} must be alone in its {CONTAINER[tag.kind]}: docxtpl deletes "
                f"the whole {CONTAINER[tag.kind]}, including {_outside(own, tag)[:60]!r}; "
                f"move the other text to a {CONTAINER[tag.kind]} of its own")
        elif (thing := _object_in(container)) and len(per_container[(tag.kind, container)]) == 1:
            add(tag, f"{tag.text} must be alone in its {CONTAINER[tag.kind]}: docxtpl deletes "
                f"the whole {CONTAINER[tag.kind]}, including {thing} in it; give the tag a "
                f"{CONTAINER[tag.kind]} of its own (in Word, anchor a text box or a picture "
                "to another paragraph)")
    for (kind, _container), found in per_container.items():
        if len(found) > 1:
            add(found[1], f"{len(found)} {{%{kind} tags in one {CONTAINER[kind]} "
                f"({', '.join(t.text for t in found)}): give each its own {CONTAINER[kind]}")
    issues += _empty_cells(places)
    issues += _kind_balance(places, [t for t in places.tags if t.delim == "%"])
    return issues


def _describe(places: Places, tag: Tag) -> str:
    """Where `tag` is, with its paragraph's text shortened around it (a finding's place)."""
    return places.describe(tag.index, tag.text)


def _named(places: Places, tag: Tag) -> str:
    """`tag` and, in brackets, where it is: ``{%p if x %} (table 1, row 2, column 1)``."""
    return f"{tag.text} ({places.place(tag.index)})"


def _empty_cells(places: Places) -> list[Issue]:
    """Cells that a render can leave without a paragraph (Word cannot open such a file):
    every paragraph is a ``{%p`` tag, or inside a ``{%p`` block that may show nothing."""
    out = []
    for cell in places.root.iter(W_TC):
        own = [p for p in cell if p.tag == W_P]
        texts = [own_text(p) for p in own]
        only_tags = all(re.search(r"\{%p ", t) for t in texts)
        if not own or not (only_tags or _kept(texts) is False):
            continue
        if only_tags:
            what = ("every paragraph of this table cell is a {%p tag, which docxtpl deletes; "
                    "Word needs a paragraph in each cell: add a paragraph with the cell's "
                    "content, or use {%tc / {%tr")
        else:
            block = next(t for t in texts if _P_KEYWORD.search(t))
            what = (f"every paragraph of this table cell is inside {block.strip()[:60]!r} or "
                    "another {%p block, so a render can leave the cell without a paragraph, "
                    "which Word cannot open: keep a paragraph outside the block in the cell "
                    "(it may be empty), put the whole table inside the block, or leave out "
                    "the row with {%tr")
        out.append(Issue(places.describe(places.index(own[0])), what))
    return out


_P_KEYWORD = re.compile(r"\{%p\s*[-+]?\s*(\w+)\s*(.*?)\s*[-+]?%\}")
_Branch = tuple[str, str, list[Any]]  # keyword, condition (or iterable), paragraphs and blocks


def _kept(texts: Sequence[str]) -> bool | None:
    """Whether a paragraph of the cell whose paragraphs have `texts` is kept whatever the data
    (one outside every {%p block, in each branch of a block with an ``else``, or in
    ``{%p for x in xs %}`` right inside ``{%p if xs %}``); None when a block of the cell is
    opened or closed outside it (:func:`_kind_balance` says so)."""
    top: list[Any] = []
    stack: list[list[_Branch]] = []
    items = top
    for text in texts:
        found = _P_KEYWORD.search(text)
        if found is None:
            if not re.search(r"\{#p ", text):
                items.append(True)  # a paragraph docxtpl keeps
            continue
        word, rest = found.groups()
        if word in _OPENERS or (word == "set" and "=" not in rest):
            expr = rest.split(" in ", 1)[-1].strip() if word == "for" else rest
            block: list[_Branch] = [(word, expr, [])]
            items.append(block)
            stack.append(block)
        elif word in _MIDDLES or word.startswith("end"):
            if not stack:
                return None
            if word in _MIDDLES:
                stack[-1].append((word, rest, []))
            else:
                stack.pop()
        items = stack[-1][-1][2] if stack else top
    return None if stack else _always(top)


def _always(items: list[Any], guard: str | None = None) -> bool:
    """Whether `items` (of :func:`_kept`) show a paragraph whatever the data; `guard` is the
    condition known to be true there (an ``if``'s or ``elif``'s, in its branch)."""
    for item in items:
        if item is True:
            return True
        word, expr, body = item[0]
        if word in ("with", "filter") and _always(body):
            return True
        if word == "for" and expr == guard and _always(body):
            return True  # {%p if xs %}{%p for x in xs %}: at least one round
        if word in ("if", "for") and any(b[0] == "else" for b in item) and all(
                _always(b[2], b[1] if b[0] in ("if", "elif") else None) for b in item):
            return True
    return False


def _kind_balance(places: Places, tags: list[Tag]) -> list[Issue]:
    """``{%tr for %}`` … ``{%p endfor %}``: opening, middle and closing tags of one block must
    be of the same kind, or the rendered XML is broken. Unbalanced blocks are left to Jinja."""
    out: list[Issue] = []
    stack: list[Tag] = []
    in_raw = False
    for tag in tags:
        if in_raw:
            in_raw = tag.keyword != "endraw"
            continue
        if tag.keyword == "raw":
            in_raw = True
        elif tag.keyword in _OPENERS or (tag.keyword == "set" and "=" not in tag.content):
            stack.append(tag)
        elif tag.keyword in _MIDDLES or tag.keyword.startswith("end"):
            if not stack:
                break
            opener = stack[-1] if tag.keyword in _MIDDLES else stack.pop()
            here = _describe(places, tag)
            if opener.kind != tag.kind:
                out.append(Issue(here,
                    f"{tag.text} closes or continues {_named(places, opener)}, a tag of another "
                    f"kind: write both as {{%{opener.kind or tag.kind} …%}}, or both as plain "
                    "{% %} tags inside one paragraph"))
            elif tag.kind in CONTAINER and (apart := _apart(places, opener, tag)):
                out.append(Issue(here, apart))
    return out


def _apart(places: Places, opener: Tag, tag: Tag) -> str | None:
    """Why `opener` and `tag` (its middle or closing tag) break the document: docxtpl
    replaces each tag's paragraph, row or cell, so what lies between them is whole only when
    both have the same parent (the same cell, row, table or page body); None if they do."""
    first, second = holder(opener), holder(tag)
    if first is None or second is None or first.getparent() is second.getparent():
        return None
    both = (_named(places, opener), _named(places, tag))
    if tag.kind != "p":
        same = "rows of the same table" if tag.kind == "tr" else "cells of the same row"
        return (f"{both[0]} and {both[1]} are not in {same}: docxtpl would delete or repeat "
                f"part of a table and write a broken document; put every {{%{tag.kind} tag "
                f"of one block in {same}")
    cells = [next(h.iterancestors(W_TC), None) for h in (first, second)]
    sides = ["in a table cell" if c is not None else "outside the table" for c in cells]
    apart = (f"{both[0]} is {sides[0]} and {both[1]} {sides[1]}" if sides[0] != sides[1]
             else f"{both[0]} and {both[1]} are in different table cells")
    return (f"{apart}: docxtpl would delete or repeat part of the table between them and "
            "write a broken document; put the whole block in one cell, or all its tags "
            "outside the table (the whole table inside the block)")
