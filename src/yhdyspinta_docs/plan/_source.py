"""Where each part of a loaded plan was written, for messages made after loading.

:func:`~yhdyspinta_docs.plan.load_plan` remembers, for the :class:`.PlanFile` it returns, the
file name and the line of every field path; a check made later (a text missing in Swedish, a
party without handling data) then names ``plan.yaml:42 osapuolet[3].kasittely`` with
:func:`plan_where`, as the loader's own messages do. A plan made otherwise (in code, or copied
with changes) has no lines: its messages name the field path alone. The YAML layer records the
lines as :class:`Lines`, which also keep each number as the file writes it (:func:`as_written`).
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ._text import Loc, field_path

if TYPE_CHECKING:
    from ._model import PlanFile

__all__ = ["Lines", "as_written", "plan_line", "plan_name", "plan_where", "remember", "where"]


class Lines(dict[Loc, int]):
    """The line of each field path of a plan file; `numbers` keeps, for each number (and
    true/false) whose value Python writes otherwise than the file does, the text written and
    the value read: ``versio: 1.10`` is the number 1.1, and a message quoting it as 1.1 would
    name another version. :func:`as_written` gives the text back."""

    def __init__(self, lines: Mapping[Loc, int] | None = None) -> None:
        super().__init__(lines or {})
        self.numbers: dict[Loc, tuple[str, object]] = {}


def as_written(lines: Mapping[Loc, int], loc: Loc, value: object) -> str | None:
    """The text the plan file writes `value` at `loc` with, where it is a number or true/false
    that Python writes otherwise (``1.10``, ``0x1F``, ``True``); None where it is written as
    Python writes it, or `value` is not what the file has there (a plan changed after it was
    read)."""
    if not isinstance(lines, Lines) or not isinstance(value, bool | int | float):
        return None
    written, read = lines.numbers.get(loc, ("", None))
    same = read == value or (read != read and value != value)  # .nan is not .nan
    return written if type(read) is type(value) and same else None


_SOURCES: dict[int, tuple[weakref.ref[PlanFile], str, Mapping[Loc, int]]] = {}


def where(name: str, lines: Mapping[Loc, int], loc: Loc) -> str:
    """``name:line path`` for the field path `loc` (the line of its nearest recorded parent)."""
    line = _line(lines, loc)
    if line is not None:
        return f"{name}:{line} {field_path(loc)}".rstrip()
    return f"{name} {field_path(loc)}".rstrip()


def _line(lines: Mapping[Loc, int], loc: Loc) -> int | None:
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in lines:
            return lines[loc[:cut]]
    return None


def remember(pf: PlanFile, name: str, lines: Mapping[Loc, int]) -> None:
    """Keep `name` and `lines` for `pf` as long as `pf` lives."""
    key = id(pf)

    def forget(ref: weakref.ref[PlanFile]) -> None:
        if _SOURCES.get(key, (None,))[0] is ref:
            del _SOURCES[key]

    _SOURCES[key] = (weakref.ref(pf, forget), name, lines)


def plan_name(pf: PlanFile) -> str | None:
    """The name of the file `pf` was loaded from, or None for a plan made in code."""
    entry = _SOURCES.get(id(pf))
    return entry[1] if entry is not None and entry[0]() is pf else None


def plan_line(pf: PlanFile, loc: Loc) -> int | None:
    """The line of the field path `loc` of `pf` (of its nearest recorded parent), or None
    where the plan's lines are not known."""
    entry = _SOURCES.get(id(pf))
    if entry is None or entry[0]() is not pf:
        return None
    return _line(entry[2], loc)


def plan_where(pf: PlanFile, loc: Loc) -> str:
    """``plan.yaml:42 path`` for the field path `loc` of `pf`, or the bare path when the
    plan's lines are not known."""
    entry = _SOURCES.get(id(pf))
    if entry is None or entry[0]() is not pf:
        return field_path(loc)
    return where(entry[1], entry[2], loc)
