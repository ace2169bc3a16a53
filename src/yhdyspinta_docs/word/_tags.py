"""Static checks of docxtpl tag placement in a Word template, on the XML as Word saved it.

:func:`tag_issues` finds docxtpl's paragraph, row and cell tags (``{%p``, ``{%tr``, ``{%tc``,
``{%r``) where docxtpl would silently delete text or write broken XML: not in the container
they name, sharing it with other text, two in one container, a block opened with one kind and
closed with another, a table cell left without a paragraph. A ``{#p``, ``{#tr`` or ``{#tc``
comment deletes its container on purpose and is accepted, so are curly quotes inside tags
(the render straightens them). :func:`where` and :func:`suggest` word the findings of
:mod:`._variables` and :mod:`._check` too, and :class:`Places` says where a line of a part's
compiled Jinja source stands as Word shows it: the paragraph of that walk, the table cell,
the header or footer, with the paragraph's text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree

from ..errors import Issue

__all__ = ["W", "Places", "paragraph_texts", "parse_part", "suggest", "tag_issues", "where"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _T, _TR, _TC = W + "p", W + "t", W + "tr", W + "tc"
_TBL, _BOX, _NOTE = W + "tbl", W + "txbxContent", W + "footnote"
_TAG_RE = re.compile(r"\{%(?:(p|tr|tc|r) )?(.*?)%\}|\{\{(?:(p|tr|tc|r) )?(.*?)\}\}"
                     r"|\{#(?:(p|tr|tc) )?.*?#\}", re.S)
_OPENERS = {"for", "if", "with", "macro", "call", "filter", "block"}
_MIDDLES = {"elif", "else"}
_CONTAINER = {"p": "paragraph", "tr": "table row", "tc": "table cell"}


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


@dataclass(frozen=True)
class _Tag:
    kind: str  # "", "p", "tr", "tc", "r"
    delim: str  # "%", "{" or "#"
    keyword: str
    content: str
    text: str
    para: int
    element: Any


def _own_text(p: Any) -> str:
    """The text of paragraph `p` itself (not of paragraphs nested in text boxes)."""
    return "".join(t.text or "" for t in p.iter(_T) if next(t.iterancestors(_P), None) is p)


def parse_part(xml: bytes) -> Any:
    return etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True,
                                                 huge_tree=True))


def paragraph_texts(xml: bytes) -> list[str]:
    """The text of every paragraph of an XML part, in document order."""
    return [_own_text(p) for p in parse_part(xml).iter(_P)]


def _tags(paragraphs: Sequence[Any]) -> list[_Tag]:
    out = []
    for i, p in enumerate(paragraphs, 1):
        for m in _TAG_RE.finditer(_own_text(p)):
            delim = m.group(0)[1]
            kind = m.group(1) or m.group(3) or m.group(5) or ""
            content = m.group(2) if delim == "%" else m.group(4) if delim == "{" else ""
            words = (content or "").strip().lstrip("-+").split()
            out.append(_Tag(kind, delim, words[0] if words else "", content or "", m.group(0),
                            i, p))
    return out


def _outside(text: str, tag: _Tag) -> str:
    """`text` without `tag` and without Jinja comments: what docxtpl would delete with it."""
    rest = text.replace(tag.text, "", 1)
    return re.sub(r"\{#.*?#\}", "", rest, flags=re.S).strip()


def tag_issues(name: str, partname: str, xml: bytes) -> list[Issue]:
    """Misplaced docxtpl tags in one XML part (document, header, footer, footnotes)."""
    root = parse_part(xml)
    paragraphs = list(root.iter(_P))
    tags = _tags(paragraphs)
    issues: list[Issue] = []

    def add(tag: _Tag, what: str) -> None:
        issues.append(Issue(where(name, partname, tag.para, _own_text(tag.element),
                                  unit="paragraph"), what))

    per_container: dict[tuple[str, Any], list[_Tag]] = {}  # keeps the proxies alive
    for tag in tags:
        # curly quotes inside tags are fine: the render straightens “ ” ‘ ’ there (docxtpl)
        if not tag.kind or tag.delim == "#":
            continue  # a {#p, {#tr or {#tc comment deletes its container: that is its purpose
        if re.search(r"[%}]", tag.content):
            add(tag, f"'%' or '}}' inside {tag.text!r} breaks docxtpl's {{%{tag.kind} tag "
                "(docxtpl's pattern for these tags stops at the first '%' or '}'): compute "
                "the value in the data, or use a plain {% %} tag")
        if tag.kind == "r":
            continue  # docxtpl moves {%r tags into a run of their own
        holder = tag.element if tag.kind == "p" else next(
            tag.element.iterancestors(_TR if tag.kind == "tr" else _TC), None)
        if holder is None:
            add(tag, f"{tag.text} is not in a {_CONTAINER[tag.kind]}: a {{%{tag.kind} tag must "
                f"stand alone in the {_CONTAINER[tag.kind]} it repeats or hides"
                + ("; in a normal paragraph use {%p … %}" if tag.kind == "tr" else ""))
            continue
        per_container.setdefault((tag.kind, holder), []).append(tag)
        own = "".join(_own_text(p) for p in holder.iter(_P)) if tag.kind != "p" else \
            _own_text(holder)
        if _outside(own, tag) and len(per_container[(tag.kind, holder)]) == 1:
            add(tag, f"{tag.text} must be alone in its {_CONTAINER[tag.kind]}: docxtpl deletes "
                f"the whole {_CONTAINER[tag.kind]}, including {_outside(own, tag)[:60]!r}; "
                f"move the other text to a {_CONTAINER[tag.kind]} of its own")
    for (kind, _holder), found in per_container.items():
        if len(found) > 1:
            add(found[1], f"{len(found)} {{%{kind} tags in one {_CONTAINER[kind]} "
                f"({', '.join(t.text for t in found)}): give each its own {_CONTAINER[kind]}")
    issues += _empty_cells(name, partname, root, paragraphs)
    issues += _kind_balance(name, partname, [t for t in tags if t.delim == "%"])
    return issues


def _empty_cells(name: str, partname: str, root: Any, paragraphs: list[Any]) -> list[Issue]:
    """Cells that a render can leave without a paragraph (Word cannot open such a file):
    every paragraph is a ``{%p`` tag, or inside a ``{%p`` block that may show nothing."""
    out = []
    for cell in root.iter(_TC):
        own = [p for p in cell if p.tag == _P]
        texts = [_own_text(p) for p in own]
        only_tags = all(re.search(r"\{%p ", t) for t in texts)
        if not own or not (only_tags or _kept(texts) is False):
            continue
        first = paragraphs.index(own[0]) + 1
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
        out.append(Issue(where(name, partname, first, texts[0], unit="paragraph"), what))
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


def _kind_balance(name: str, partname: str, tags: list[_Tag]) -> list[Issue]:
    """``{%tr for %}`` … ``{%p endfor %}``: opening, middle and closing tags of one block must
    be of the same kind, or the rendered XML is broken. Unbalanced blocks are left to Jinja."""
    out: list[Issue] = []
    stack: list[_Tag] = []
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
            here = where(name, partname, tag.para, _own_text(tag.element), unit="paragraph")
            if opener.kind != tag.kind:
                out.append(Issue(here,
                    f"{tag.text} closes or continues {opener.text} (paragraph {opener.para}), a "
                    f"tag of another kind: write both as {{%{opener.kind or tag.kind} …%}}, "
                    "or both as plain {% %} tags inside one paragraph"))
            elif tag.kind in _CONTAINER and (apart := _apart(opener, tag)):
                out.append(Issue(here, apart))
    return out


def _holder(tag: _Tag) -> Any:
    """The paragraph, row or cell a {%p, {%tr or {%tc tag stands for (None: not in one)."""
    if tag.kind == "p":
        return tag.element
    return next(tag.element.iterancestors(_TR if tag.kind == "tr" else _TC), None)


def _apart(opener: _Tag, tag: _Tag) -> str | None:
    """Why `opener` and `tag` (its middle or closing tag) break the document: docxtpl
    replaces each tag's paragraph, row or cell, so what lies between them is whole only when
    both have the same parent (the same cell, row, table or page body); None if they do."""
    first, second = _holder(opener), _holder(tag)
    if first is None or second is None or first.getparent() is second.getparent():
        return None
    if tag.kind != "p":
        same = "rows of the same table" if tag.kind == "tr" else "cells of the same row"
        return (f"{opener.text} and {tag.text} (paragraphs {opener.para} and {tag.para}) are "
                f"not in {same}: docxtpl would delete or repeat part of a table and write a "
                f"broken document; put every {{%{tag.kind} tag of one block in {same}")
    cells = [next(h.iterancestors(_TC), None) for h in (first, second)]
    places = ["in a table cell" if c is not None else "outside the table" for c in cells]
    apart = (f"{opener.text} is {places[0]} and {tag.text} {places[1]}" if places[0] !=
             places[1] else f"{opener.text} and {tag.text} are in different table cells")
    return (f"{apart} (paragraphs {opener.para} and {tag.para}): docxtpl would delete or "
            "repeat part of the table between them and write a broken document; put the whole "
            "block in one cell, or all its tags outside the table (the whole table inside "
            "the block)")


# --- where a line of the compiled source is, as Word shows it -------------------------------------

_NEWLINE = re.compile(r"\r\n|\r|\n")  # the line breaks Jinja counts
_PARAGRAPH_LINE = re.compile(r"<w:p[ >]")  # a line numbered_lines starts (._docxtpl)
_SHOWN = 60  # characters of a paragraph's text in a location


class Places:
    """Where each line of a part's compiled Jinja source stands in the part as Word shows it.

    The source has one line per paragraph of the part's XML after docxtpl's patch
    (``numbered_lines``), which replaces the paragraph of a ``{%p`` tag, the row of a ``{%tr``
    and the cell of a ``{%tc`` by the tag alone: such a tag stands on the line of the
    paragraph before it. The paragraphs are those of the walk of :func:`tag_issues`, so
    ``paragraph 12`` is the same paragraph in both; one in a table is named by its table
    (counted in the part), row and column. Where the source does not fit the part (a part
    docxtpl patches otherwise), :meth:`at` tells nothing."""

    def __init__(self, name: str, xml: bytes, source: str, label: str = "") -> None:
        root = parse_part(xml)
        self.name, self.label = name, label
        self.paragraphs = list(root.iter(_P))
        self.tables = list(root.iter(_TBL))
        self.notes = [n for n in root.iter(_NOTE) if n.get(W + "type") in (None, "normal")]
        gone: set[Any] = set()  # paragraphs the patch deletes, leaving their tag
        for tag in _tags(self.paragraphs):
            holder = _holder(tag) if tag.kind in _CONTAINER else None
            if holder is not None:
                gone.update(holder.iter(_P))
        groups: list[list[int]] = [[]]  # per line break the source has: its paragraphs
        for i, p in enumerate(self.paragraphs):
            if p not in gone and (len(p) or p.attrib or p.text):  # not written as <w:p/>
                groups.append([i])
            else:
                groups[-1].append(i)
        self.lines = [0]
        for text in _NEWLINE.split(source)[1:]:
            self.lines.append(self.lines[-1] + bool(_PARAGRAPH_LINE.match(text)))
        self.groups = groups if self.lines[-1] == len(groups) - 1 else None

    def at(self, lineno: int, word: str | None = None) -> str | None:
        """``decision.docx: table 2, row 3, column 1 ("{{ titel }}")``: the paragraph on line
        `lineno` of the source whose tags name `word` (else the one the line begins with);
        None where the source does not fit the part or the line holds no paragraph."""
        if self.groups is None or not 0 < lineno <= len(self.lines):
            return None
        group = self.groups[self.lines[lineno - 1]]
        found = next((i for i in group if _tag_at(_own_text(self.paragraphs[i]), word) >= 0),
                     group[0] if group else None)
        return None if found is None else self.describe(found, word)

    def describe(self, index: int, word: str | None = None) -> str:
        """The paragraph `index` of the walk: where it is and its text, shortened (around the
        tag that names `word`)."""
        paragraph = self.paragraphs[index]
        text = _excerpt(_own_text(paragraph), word)
        return f"{self.name}: {self._place(paragraph)}" + (f' ("{text}")' if text else "")

    def _place(self, paragraph: Any) -> str:
        holder = next(paragraph.iterancestors(_TC, _BOX, _NOTE), None)
        if holder is None:
            return self.label + f"paragraph {self.paragraphs.index(paragraph) + 1}"
        if holder.tag == _BOX:
            anchor = next(holder.iterancestors(_P), None)
            return "a text box" + (f" in {self._place(anchor)}" if anchor is not None else "")
        own = [p for p in holder.iter(_P) if next(p.iterancestors(_TC, _BOX, _NOTE)) is holder]
        nth = f", paragraph {own.index(paragraph) + 1}" if len(own) > 1 else ""
        if holder.tag == _NOTE:
            return f"footnote {self.notes.index(holder) + 1}{nth}" if holder in self.notes \
                else f"a footnote{nth}"
        row, table = next(holder.iterancestors(_TR), None), next(holder.iterancestors(_TBL), None)
        if row is None or table is None:  # a cell outside a table: not as Word writes one
            return self.label + f"paragraph {self.paragraphs.index(paragraph) + 1}"
        rows = [r for r in table.iter(_TR) if next(r.iterancestors(_TBL)) is table]
        cells = [c for c in row.iter(_TC) if next(c.iterancestors(_TR)) is row]
        return (f"{self.label}table {self.tables.index(table) + 1}, row {rows.index(row) + 1}, "
                f"column {cells.index(holder) + 1}{nth}")


def _tag_at(text: str, word: str | None) -> int:
    """Where in `text` the first template tag naming `word` starts; -1 if none does."""
    if word:
        named = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
        for tag in _TAG_RE.finditer(text):
            if named.search(tag.group(0)):
                return tag.start()
    return -1


def _excerpt(text: str, word: str | None) -> str:
    """`text` on one line, at most :data:`_SHOWN` characters: around the tag naming `word`."""
    text = " ".join(text.split())
    if len(text) <= _SHOWN:
        return text
    start = max(0, min(_tag_at(text, word) - 10, len(text) - _SHOWN))
    end = start + _SHOWN
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")

