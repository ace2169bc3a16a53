"""Static checks of docxtpl tag placement in a Word template, on the XML as Word saved it.

:func:`tag_issues` finds docxtpl's paragraph, row and cell tags (``{%p``, ``{%tr``, ``{%tc``,
``{%r``) where docxtpl would silently delete text or write broken XML: not in the container
they name, sharing it with other text, two in one container, a block opened with one kind and
closed with another, a table cell left without a paragraph. A ``{#p``, ``{#tr`` or ``{#tc``
comment deletes its container on purpose and is accepted, so are curly quotes inside tags
(the render straightens them). :func:`where` and :func:`suggest` word the findings of
:mod:`._variables` and :mod:`._check` too.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree

from ..errors import Issue

__all__ = ["paragraph_texts", "suggest", "tag_issues", "where"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _T, _TR, _TC = _W + "p", _W + "t", _W + "tr", _W + "tc"
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


def _parse(xml: bytes) -> Any:
    return etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True,
                                                 huge_tree=True))


def paragraph_texts(xml: bytes) -> list[str]:
    """The text of every paragraph of an XML part, in document order."""
    return [_own_text(p) for p in _parse(xml).iter(_P)]


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
    root = _parse(xml)
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
    """Cells whose every paragraph is a ``{%p`` tag would be left without a paragraph."""
    out = []
    for cell in root.iter(_TC):
        own = [p for p in cell if p.tag == _P]
        texts = [_own_text(p) for p in own]
        if own and all(re.search(r"\{%p ", t) for t in texts):
            out.append(Issue(where(name, partname, paragraphs.index(own[0]) + 1, texts[0],
                                   unit="paragraph"),
                             "every paragraph of this table cell is a {%p tag, which docxtpl "
                             "deletes; Word needs a paragraph in each cell: add a paragraph "
                             "with the cell's content, or use {%tc / {%tr"))
    return out


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
            if opener.kind != tag.kind:
                out.append(Issue(
                    where(name, partname, tag.para, _own_text(tag.element), unit="paragraph"),
                    f"{tag.text} closes or continues {opener.text} (paragraph {opener.para}), a "
                    f"tag of another kind: write both as {{%{opener.kind or tag.kind} …%}}, "
                    "or both as plain {% %} tags inside one paragraph"))
    return out
