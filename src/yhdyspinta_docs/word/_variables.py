"""Static checks of a Word template: docxtpl tag placement, and every variable it uses.

:func:`tag_issues` reads the XML of a part as Word saved it and finds docxtpl's paragraph,
row and cell tags (``{%p``, ``{%tr``, ``{%tc``, ``{%r``) where docxtpl would silently delete
text or write broken XML. :func:`variable_issues` walks the Jinja syntax tree of
a compiled part and resolves every name, attribute and item against the context TypedDicts of
:mod:`.context_types`, following ``for`` loops to the type of their items, so
``{{ m.responsibles }}`` inside ``{% for m in measures %}`` is found (with a suggestion), and
so is ``b.items`` on a dict that has a key ``items`` (Jinja finds the dict's method first).

Used by :mod:`.template_check`; nothing here renders anything.
"""

from __future__ import annotations

import difflib
import re
import types
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, get_origin

from jinja2 import Environment, nodes
from lxml import etree

from ..contexts._types import fields_of, item_type, type_label
from ..errors import Issue

__all__ = ["DICT_METHODS", "paragraph_texts", "suggest", "tag_issues", "variable_issues",
           "where"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _T, _TR, _TC = _W + "p", _W + "t", _W + "tr", _W + "tc"
_TAG_RE = re.compile(r"\{%(?:(p|tr|tc|r) )?(.*?)%\}|\{\{(?:(p|tr|tc|r) )?(.*?)\}\}"
                     r"|\{#(?:(p|tr|tc) )?.*?#\}", re.S)
_OPENERS = {"for", "if", "with", "macro", "call", "filter", "block"}
_MIDDLES = {"elif", "else"}
_CONTAINER = {"p": "paragraph", "tr": "table row", "tc": "table cell"}
DICT_METHODS = frozenset(n for n in dir(dict) if not n.startswith("_"))
"""Attribute names that Jinja resolves to a dict's method before its key."""
_GLOBALS = {"range", "dict", "lipsum", "cycler", "joiner", "namespace"}
_LOOP_ATTRS = ["index", "index0", "revindex", "revindex0", "first", "last", "length",
               "cycle", "depth", "depth0", "previtem", "nextitem", "changed"]
_SAME_TYPE_FILTERS = {"default", "d", "sort", "reverse", "list", "unique", "selectattr",
                      "rejectattr", "select", "reject", "batch", "slice"}
_TEXT_FILTERS = {"join", "string", "e", "escape", "safe", "trim", "upper", "lower", "title",
                 "capitalize", "replace", "truncate", "format", "striptags", "wordwrap",
                 "center", "indent", "urlize", "forceescape", "tojson", "xmlattr", "filesizeformat"}
_ATTR_ARG_FILTERS = {"selectattr", "rejectattr", "groupby"}  # first argument names an attribute
_LOOP = object()  # the type of ``loop`` inside a for loop


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


# --- variables ----------------------------------------------------------------------------------


def _path(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_path(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        arg = repr(node.arg.value) if isinstance(node.arg, nodes.Const) else "…"
        return f"{_path(node.node)}[{arg}]"
    if isinstance(node, nodes.Filter) and node.node is not None:
        return f"({_path(node.node)}|{node.name})"
    if isinstance(node, nodes.Call):
        return f"{_path(node.node)}(…)"
    return "…"


def _keys(fields: dict[str, Any]) -> str:
    names = sorted(fields)
    return ", ".join(names[:8]) + (f", … ({len(names)} in all)" if len(names) > 8 else "")


class _Walker:
    """Resolves the names and attribute paths of one part against a context type."""

    def __init__(self, name: str, partname: str, source: str, top: dict[str, Any],
                 kind: str) -> None:
        self.name, self.partname, self.kind, self.top = name, partname, kind, top
        self.lines = source.splitlines()
        self.issues: list[Issue] = []

    def issue(self, node: nodes.Node, what: str) -> None:
        line = self.lines[node.lineno - 1] if 0 < node.lineno <= len(self.lines) else ""
        found = Issue(where(self.name, self.partname, node.lineno, line), what)
        if found not in self.issues:
            self.issues.append(found)

    def body(self, stmts: Iterable[nodes.Node | None], scope: dict[str, Any]) -> None:
        for stmt in stmts:
            self.ev(stmt, scope)

    def bind(self, target: nodes.Node, tp: Any, scope: dict[str, Any]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = tp
        else:
            for name in target.find_all(nodes.Name):
                scope[name.name] = Any

    def ev(self, node: nodes.Node | None, scope: dict[str, Any]) -> Any:
        """Check `node` and return the type of its value (Any when unknown)."""
        if node is None:
            return Any
        if isinstance(node, nodes.Name):
            return self.name_type(node, scope)
        if isinstance(node, nodes.Getattr):
            return self.member(node, self.ev(node.node, scope), node.attr, attr=True)
        if isinstance(node, nodes.Getitem):
            base = self.ev(node.node, scope)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self.member(node, base, node.arg.value, attr=False)
            self.ev(node.arg, scope)
            if get_origin(base) is list:
                return base if isinstance(node.arg, nodes.Slice) else item_type(base)
            return Any
        if isinstance(node, nodes.Call):
            if isinstance(node.node, nodes.Getattr):
                base = self.ev(node.node.node, scope)
                self.member(node.node, base, node.node.attr, attr=True, called=True)
            else:
                self.ev(node.node, scope)
            self.body([*node.args, *node.kwargs, node.dyn_args, node.dyn_kwargs], scope)
            return Any
        if isinstance(node, nodes.Filter | nodes.Test):
            return self.filter(node, scope)
        if isinstance(node, nodes.CondExpr):
            self.ev(node.test, scope)
            first, second = self.ev(node.expr1, scope), self.ev(node.expr2, scope)
            return first if node.expr2 is None or first == second else Any
        if isinstance(node, nodes.For):
            item = item_type(self.ev(node.iter, scope))
            inner = dict(scope)
            self.bind(node.target, item, inner)
            inner["loop"] = _LOOP
            self.ev(node.test, inner)
            self.body(node.body, inner)
            self.body(node.else_, scope)
            return Any
        if isinstance(node, nodes.Assign):
            self.bind(node.target, self.ev(node.node, scope), scope)
            return Any
        if isinstance(node, nodes.AssignBlock):
            self.ev(node.filter, scope)
            self.body(node.body, scope)
            self.bind(node.target, str, scope)
            return Any
        if isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values, strict=False):
                self.bind(target, self.ev(value, scope), inner)
            self.body(node.body, inner)
            return Any
        if isinstance(node, nodes.Macro | nodes.CallBlock):
            inner = dict(scope, caller=Any, varargs=Any, kwargs=Any)
            if isinstance(node, nodes.Macro):
                scope[node.name] = Any
            else:
                self.ev(node.call, scope)
            self.body(node.defaults, scope)
            for arg in node.args:
                inner[arg.name] = Any
            self.body(node.body, inner)
            return Any
        if isinstance(node, nodes.Include | nodes.Import | nodes.FromImport | nodes.Extends):
            self.issue(node, "a Word template cannot include, import or extend other "
                       "templates; copy the content into this template")
            return Any
        for child in node.iter_child_nodes():
            self.ev(child, scope)
        return Any

    def name_type(self, node: nodes.Name, scope: dict[str, Any]) -> Any:
        if node.ctx != "load":
            return Any
        for names in (scope, self.top):
            if node.name in names:
                return names[node.name]
        if node.name not in _GLOBALS:
            hint = suggest(node.name, [*scope, *self.top])
            self.issue(node, f"unknown variable '{node.name}'"
                       + (f"; did you mean '{hint}'?" if hint else
                          f": the {self.kind} data has no such value (see docs/templates.md)"))
        return Any

    def member(self, node: nodes.Getattr | nodes.Getitem, base: Any, key: str, *,
               attr: bool, called: bool = False) -> Any:
        path = f"{_path(node.node)}.{key}" if attr else _path(node)
        if base is _LOOP:
            if key not in _LOOP_ATTRS:
                hint = suggest(key, _LOOP_ATTRS)
                self.issue(node, f"unknown loop variable '{path}'"
                           + (f"; did you mean 'loop.{hint}'?" if hint else ""))
            return Any
        fields = fields_of(base)
        if fields is None:
            if base is Any or not attr:
                return Any
            python_type = {str: str, bool: bool, int: int}.get(base, get_origin(base) or Any)
            if python_type is not Any and not hasattr(python_type, key):
                length = suggest(key, ["length", "count", "len", "size"])
                self.issue(node, f"'{_path(node.node)}' is {type_label(base)}; it has no "
                           f"attribute '{key}'" + (f"; for its length write "
                                                   f"{_path(node.node)}|length" if length else ""))
            return Any
        if attr and key in DICT_METHODS:
            if key in fields:
                self.issue(node, f"'{path}' gives the dict method {key}(), not the value "
                           f"'{key}' (Jinja finds a dict's methods before its keys); write {_path(node.node)}['{key}']")
            elif not called:
                self.issue(node, f"'{path}' is a dict method, not a value of "
                           f"{type_label(base)}; call it as {path}() or use a "
                           f"key: {_keys(fields)}")
            return Any
        if key in fields:
            return fields[key]
        hint = suggest(key, fields)
        target = f"{_path(node.node)}.{hint}" if attr else f"{_path(node.node)}[{hint!r}]"
        self.issue(node, f"unknown variable '{path}' ({type_label(base)} has no '{key}')"
                   + (f"; did you mean '{target}'?" if hint else
                      f"; it has: {_keys(fields)}"))
        return Any

    def filter(self, node: nodes.Filter | nodes.Test, scope: dict[str, Any]) -> Any:
        base = self.ev(node.node, scope)
        self.body([*node.args, *node.kwargs, node.dyn_args, node.dyn_kwargs], scope)
        if isinstance(node, nodes.Test):
            return bool
        item = item_type(base)
        names = [a for a in node.args[:1] if node.name in _ATTR_ARG_FILTERS]
        names += [k.value for k in node.kwargs if k.key == "attribute"]
        for arg in names:
            if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                key = arg.value.split(".")[0]
                fields = fields_of(item)
                if fields is not None and key not in fields:
                    hint = suggest(key, fields)
                    self.issue(node, f"|{node.name}: {type_label(item)} has no attribute "
                               f"'{key}'" + (f"; did you mean '{hint}'?" if hint else ""))
                if node.name == "map" and fields is not None and key in fields:
                    return types.GenericAlias(list, (fields[key],))
        if node.name in _SAME_TYPE_FILTERS:
            return base
        if node.name in _TEXT_FILTERS:
            return str
        if node.name in ("length", "count", "wordcount", "int", "sum"):
            return int
        if node.name in ("first", "last", "random"):
            return item
        return Any


def variable_issues(name: str, partname: str, source: str, context_type: Any,
                    kind: str) -> list[Issue]:
    """Every name or attribute path in `source` (a compiled part's Jinja source) that the
    context type `context_type` does not provide. `source` must compile."""
    top = fields_of(context_type) or {}
    walker = _Walker(name, partname, source, top, kind)
    walker.ev(Environment().parse(source), {})
    return walker.issues
