"""What a Word template may use: the shape of every template context, as TypedDicts.

The TypedDicts (in ``_types_blocks``, ``_types_decision``, ``_types_plan``, ``_types_report``
and ``_types_approvals``)
are the single source of truth for template variables: the context builders return them
(checked by mypy), :mod:`yhdyspinta_docs.word` checks a template against them,
``tools/make_template_docs.py`` writes docs/templates.md from them, and a test asserts that
the contexts built from the bundled examples have exactly these keys. This module maps each
document kind to its type and reads the types for those checks.

The string after each key is its documentation (English, then the Finnish term); it is read
from this source by :func:`key_docs`. All keys always exist; an optional value is ``""`` or
``[]``. Every string is already formatted and sanitised: templates never format anything.
"""

from __future__ import annotations

import ast
import functools
import inspect
import types
import typing
from typing import Any, Literal, Union, get_args, get_origin

from ._types_approvals import ApprovalSummaryContext, MinutesContext
from ._types_blocks import Block, LinesBlock, ListBlock, ParagraphBlock
from ._types_decision import DecisionContext
from ._types_plan import PlanContext
from ._types_report import ReportContext

__all__ = [
    "CONTEXT_TYPES",
    "fields_of",
    "hints",
    "is_typeddict",
    "item_type",
    "key_docs",
    "mismatches",
    "type_label",
    "variants",
]


CONTEXT_TYPES: dict[str, type] = {
    "decision": DecisionContext,
    "plan": PlanContext,
    "report": ReportContext,
    "approvals": ApprovalSummaryContext,
    "extract": MinutesContext,
}
"""Document kind → its context type. The report's decision proposal is a ``decision``; the
approval round (``yhdyspinta-docs decisions``) has the county board's summary
(``approvals``) and the minutes extract of a recorded decision (``extract``)."""


# --- reading the types --------------------------------------------------------------------------


def _figure() -> type:
    from ..word import Figure

    return Figure


def is_typeddict(tp: Any) -> bool:
    """True for a TypedDict class."""
    return isinstance(tp, type) and typing.is_typeddict(tp)


@functools.cache
def hints(td: type) -> dict[str, Any]:
    """Key → type of the TypedDict `td` (forward references resolved)."""
    return typing.get_type_hints(td, localns={"Figure": _figure()})


def variants(tp: Any) -> tuple[Any, ...]:
    """The members of a union type, or ``(tp,)``."""
    if get_origin(tp) in (Union, types.UnionType):
        return get_args(tp)
    return (tp,)


def fields_of(tp: Any) -> dict[str, Any] | None:
    """Key → type for a TypedDict or a union of them (keys of any variant), else None."""
    members = variants(tp)
    if not all(is_typeddict(v) for v in members):
        return None
    out: dict[str, Any] = {}
    for variant in members:
        for key, value in hints(variant).items():
            out[key] = value if key not in out or out[key] == value else Any
    return out


def item_type(tp: Any) -> Any:
    """The type a ``for`` loop over `tp` yields (Any when unknown)."""
    if get_origin(tp) is list:
        return get_args(tp)[0]
    if tp is str:
        return str
    if fields_of(tp) is not None:
        return str  # iterating a dict yields its keys
    return Any


def type_label(tp: Any) -> str:
    """A short name of `tp` for messages and docs: ``text``, ``list of Measure`` …"""
    if tp is Block or set(variants(tp)) == {ParagraphBlock, ListBlock, LinesBlock}:
        return "Block"
    if get_origin(tp) is list:
        return f"list of {type_label(get_args(tp)[0])}"
    if get_origin(tp) is Literal:
        return " | ".join(f'"{a}"' for a in get_args(tp))
    names = {str: "text", bool: "true/false", int: "number"}
    if tp in names:
        return names[tp]
    return getattr(tp, "__name__", str(tp))


@functools.cache
def key_docs(td: type) -> dict[str, str]:
    """Key → the documentation string written after it in the class body."""
    tree = ast.parse(inspect.getsource(td))
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    docs: dict[str, str] = {}
    for stmt, after in zip(body, body[1:], strict=False):
        if (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
                and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)):
            docs[stmt.target.id] = " ".join(after.value.value.split())
    return docs


def mismatches(value: Any, tp: Any, path: str = "") -> list[str]:
    """Where `value` does not have exactly the shape `tp`: keys, list items, scalar types."""
    members = variants(tp)
    if len(members) > 1:
        found = [mismatches(value, v, path) for v in members]
        return [] if any(not f for f in found) else min(found, key=len)
    if tp is Any:
        return []
    if is_typeddict(tp):
        if not isinstance(value, dict):
            return [f"{path or 'context'}: expected a dict, got {type(value).__name__}"]
        spec = hints(tp)
        out = [f"{path}.{k}: not in {tp.__name__}" for k in value if k not in spec]
        out += [f"{path}.{k}: missing ({tp.__name__})" for k in spec if k not in value]
        for key in spec.keys() & value.keys():
            out += mismatches(value[key], spec[key], f"{path}.{key}")
        return out
    if get_origin(tp) is list:
        if not isinstance(value, list):
            return [f"{path}: expected a list, got {type(value).__name__}"]
        return [m for i, v in enumerate(value) for m in mismatches(v, get_args(tp)[0],
                                                                    f"{path}[{i}]")]
    if get_origin(tp) is Literal:
        return [] if value in get_args(tp) else [f"{path}: {value!r} not one of {get_args(tp)}"]
    if tp is int and isinstance(value, bool):
        return [f"{path}: expected a number, got a bool"]
    return [] if isinstance(value, tp) else [
        f"{path}: expected {type_label(tp)}, got {type(value).__name__}"]
