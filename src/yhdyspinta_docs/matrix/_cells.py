"""One cell of a returned matrix read as what the party typed: a status, a date or a text.

A formula counts by its computed value; an error value (``#VALUE!``) or a formula without a
computed value is refused saying what to type instead. The reader (:mod:`._read`) puts each
refusal after ``file: Sheet!Cell:``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from ._followup import Column, parse_status
from ._labels import label_languages
from ._values import bidi_controls, cell_text, parse_date, typed_text

__all__ = ["ERROR_VALUES", "cell_value"]

ERROR_VALUES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")

_PARSERS: dict[str, Callable[..., Any]] = {  # (value, 1904 epoch, the file's language(s))
    "status": lambda v, _e, langs: parse_status(v, langs),
    "date": lambda v, e, _langs: parse_date(v, epoch_1904=e),
    "text": lambda v, _e, _langs: typed_text(v),
}
_header_languages = lru_cache(maxsize=64)(label_languages)  # once per header, not per cell


def cell_value(cell: Any, cached: Callable[[], Any], col: Column, epoch_1904: bool,
               header: str = "", stored: Callable[[], str | None] | None = None,
               removed: list[str] | None = None) -> Any:
    """The value of `cell`; for a formula its cached value (`cached()`, read only then).
    Messages name the column by `header`, as the file shows it (default: its Finnish name).
    `stored()` is the number the cell stores as the file writes it (read only for a date
    cell that shows ``#VALUE!``, to tell a number too large for a date from an error).
    `removed` gets the bidirectional controls a text cell had (the text is read without
    them: :func:`._values.typed_text`)."""
    raw, header = cell.value, header or col.header
    shown = cell  # without a formula, the cached value is the cell's own
    if cell.data_type == "f" or (isinstance(raw, str) and raw.startswith("=")
                                 and cell.data_type != "s"):
        shown = cached()
        raw = shown.value
        if raw is None:
            raise ValueError(f"{header}: the cell has a formula without a computed value; "
                             "type the value itself")
    if shown.data_type == "e" or (isinstance(raw, str) and raw.strip() in ERROR_VALUES):
        what = "its formula gives" if shown is not cell else "the cell shows"
        number = stored() if col.type == "date" and raw == "#VALUE!" and stored else None
        if number is not None:  # openpyxl shows a number no date can be as #VALUE!
            what = "its formula gives" if shown is not cell else "the cell has"
            size = "small" if number.startswith("-") else "large"
            raise ValueError(f"{header}: {what} the number {number[:30]}, which is far too "
                             f"{size} to be a date; type a date such as 1.7.2026 instead")
        raise ValueError(f"{header}: {what} the error {raw}; correct the formula or type "
                         "the value itself (text that starts with = + - or @ needs an "
                         "apostrophe (') or a space before it)")
    raw = cell_text(raw)  # Excel's escapes of control characters: once, as the cell is read
    if removed is not None and col.type == "text" and isinstance(raw, str):
        removed += bidi_controls(raw)
    try:
        return _PARSERS[col.type](raw, epoch_1904, _header_languages(header, col.header))
    except ValueError as exc:
        raise ValueError(f"{header}: {exc}") from None
