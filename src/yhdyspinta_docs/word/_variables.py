"""Static checks of a Word template: every variable it uses.

:func:`variable_issues` walks the Jinja syntax tree of a compiled part and resolves every
name, attribute and item against the context TypedDicts of :mod:`..contexts._types`,
following ``for`` loops to the type of their items, so ``{{ m.responsibles }}`` inside
``{% for m in measures %}`` is found (with a suggestion), and so is ``b.items`` on a dict
that has a key ``items`` (Jinja finds the dict's method first).

Each finding names where the tag is as Word shows it (:class:`._places.Places`): the paragraph,
the table cell (table, row, column) or the header or footer, with the paragraph's text,
``decision.docx: table 2, row 1, column 2 ("{{ titel }}")``; the part and the line of the
compiled source only where that cannot be told. Used by :mod:`._check`; nothing here renders
anything.
"""

from __future__ import annotations

import types
from collections.abc import Iterable
from typing import Any, get_origin

from jinja2 import Environment, nodes

from ..contexts._types import CONTEXT_TYPES, fields_of, item_type, type_label
from ..errors import Issue, TemplateError
from ._places import Places, part_places
from ._tags import suggest, where

__all__ = ["DICT_METHODS", "kind_by_variables", "kind_hint", "part_places", "variable_issues"]

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
                 kind: str, places: Places | None = None) -> None:
        self.name, self.partname, self.kind, self.top = name, partname, kind, top
        self.lines = source.splitlines()
        self.places = places
        self.issues: list[Issue] = []

    def issue(self, node: nodes.Node, what: str) -> None:
        place = self.places.at(node.lineno, _word(node)) if self.places else None
        if place is None:
            line = self.lines[node.lineno - 1] if 0 < node.lineno <= len(self.lines) else ""
            place = where(self.name, self.partname, node.lineno, line)
        found = Issue(place, what)
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
            if isinstance(node, nodes.Macro):  # known in its own body too: it may recurse
                scope[node.name] = Any
            else:
                self.ev(node.call, scope)
            inner = dict(scope, caller=Any, varargs=Any, kwargs=Any)
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
                           f"'{key}' (Jinja finds a dict's methods before its keys); "
                           f"write {_path(node.node)}['{key}']")
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


def _word(node: nodes.Node) -> str | None:
    """The name that `node` writes in its tag, to find the tag by: ``titel`` of
    ``{{ titel }}``, ``responsibles`` of ``m.responsibles``, a filter's name …"""
    if isinstance(node, nodes.Name | nodes.Filter | nodes.Test):
        return str(node.name)
    if isinstance(node, nodes.Getattr):
        return str(node.attr)
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return str(node.arg.value)
    keywords: dict[type[nodes.Node], str] = {
        nodes.Include: "include", nodes.Extends: "extends", nodes.Import: "import",
        nodes.FromImport: "import"}
    return keywords.get(type(node))


def variable_issues(name: str, partname: str, source: str, context_type: Any,
                    kind: str, places: Places | None = None) -> list[Issue]:
    """Every name or attribute path in `source` (a compiled part's Jinja source) that the
    context type `context_type` does not provide, located by `places` (those of the part:
    :func:`part_places`), else by the line of `source`. `source` must compile."""
    top = fields_of(context_type) or {}
    walker = _Walker(name, partname, source, top, kind, places)
    walker.ev(Environment().parse(source), {})
    return walker.issues


def kind_hint(name: str, data: bytes, kind: str, issues: list[Issue]) -> list[Issue]:
    """`issues`, led by one saying which kind the template is when its variables are all
    those of another kind (a plan.docx given as the decision template: not 40 unknown
    variables alone)."""
    if not any(i.what.startswith("unknown variable") for i in issues):
        return issues
    fits = kind_by_variables(data)
    if fits is None or fits[0] == kind or fits[1]:
        return issues
    other = fits[0]
    return [Issue(name, f"uses the variables of the '{other}' template ({other}.docx), not "
                  f"those of the '{kind}' template: give it as the '{other}' template, or "
                  f"start the '{kind}' one from a copy of the bundled {kind}.docx"), *issues]


def kind_by_variables(data: bytes) -> tuple[str, int] | None:
    """The kind whose context has most of the variables the Word template `data` uses, and
    how many it lacks; None when the template cannot be compiled."""
    from ._template import template_variables

    try:
        used = template_variables(data)
    except TemplateError:
        return None
    misses = {k: len(used - set(fields_of(CONTEXT_TYPES[k]) or {})) for k in CONTEXT_TYPES}
    best = min(CONTEXT_TYPES, key=lambda k: misses[k])
    return best, misses[best]
