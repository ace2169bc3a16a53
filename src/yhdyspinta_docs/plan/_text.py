"""Free text of the plan: languages, references and paragraph/list structure.

A :data:`Text` (see :mod:`._fields`) is written in the plan file as plain text with three
conventions (documented in docs/plan-file.md):

* a blank line separates paragraphs; a single line break stays a line break;
* a paragraph whose lines all start with ``- `` (or ``* ``, ``• ``) is a bulleted list, one whose
  lines all start with ``1. `` or ``1) `` is a numbered list;
* ``{tunnus}`` refers to a recorded decision or event and is written as its date and section,
  e.g. ``4.10.2022 (§ 89)``; ``{{`` and ``}}`` give literal braces.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from pydantic import BaseModel

from ._fields import Lang, Text

__all__ = [
    "Loc",
    "expand_references",
    "field_path",
    "find_references",
    "iter_texts",
    "localized",
]

Loc = tuple[str | int, ...]


def field_path(loc: Loc) -> str:
    """`loc` as the plan file writes it: ``suunnitelma.toimenpiteet[2].otsikko``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def localized(value: Text | None, lang: Lang, plan_lang: Lang) -> str | None:
    """Return the `lang` version of `value`, or None when that language is missing.

    A plain string is in the plan's own language `plan_lang`.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value if lang == plan_lang else None
    return value.get(lang)


_REF_RE = re.compile(r"\{\{|\}\}|\{([a-z0-9][a-z0-9_-]*)\}")


def find_references(text: str) -> list[str]:
    """Return the ``{tunnus}`` references in `text`, in order."""
    return [m.group(1) for m in _REF_RE.finditer(text) if m.group(1)]


def expand_references(text: str, resolve: Callable[[str], str]) -> str:
    """Replace each ``{tunnus}`` with ``resolve(tunnus)``; ``{{``/``}}`` become ``{``/``}``."""

    def _sub(m: re.Match[str]) -> str:
        if m.group(1):
            return resolve(m.group(1))
        return m.group(0)[0]

    return _REF_RE.sub(_sub, text)


# -- walking every free text of a model -------------------------------------------------------


def _is_text_annotation(annotation: Any) -> bool:
    """True when `annotation` is (or contains, in a tuple or union) the Text type."""
    origin = typing.get_origin(annotation)
    if origin is dict:
        return True
    if origin in (typing.Union, types.UnionType, tuple, typing.Annotated):
        return any(_is_text_annotation(a) for a in typing.get_args(annotation) if a is not ...)
    return False


def iter_texts(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, Text]]:
    """Yield ``(field path, value)`` for every free text in `model`, recursively.

    Field paths use the plan file's (Finnish) keys, e.g. ``("suunnitelma", "toimenpiteet", 0,
    "otsikko")``.
    """
    for name, key, is_text in _text_fields(type(model)):
        yield from _iter_value(getattr(model, name), loc + (key,), is_text)


def _text_fields(cls: type[BaseModel]) -> list[tuple[str, str, bool]]:
    """(attribute, plan-file key, holds a Text) of each field of `cls`; worked out once per
    model class (the annotations do not change)."""
    found = _TEXT_FIELDS.get(cls)
    if found is None:
        found = [(name, info.alias or name, _is_text_annotation(info.annotation))
                 for name, info in cls.model_fields.items()]
        _TEXT_FIELDS[cls] = found
    return found


_TEXT_FIELDS: dict[type[BaseModel], list[tuple[str, str, bool]]] = {}


def _iter_value(value: Any, loc: Loc, is_text: bool) -> Iterator[tuple[Loc, Text]]:
    if isinstance(value, BaseModel):
        yield from iter_texts(value, loc)
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _iter_value(item, loc + (i,), is_text)
    elif is_text and isinstance(value, str | Mapping):
        yield loc, value  # type: ignore[misc]
