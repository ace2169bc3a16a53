"""Row heights: a first height for each row the program fills, from its text and fonts.

A row gets the height of its tallest cell: the cell's text wrapped word by word at the
characters its column holds (:func:`line_widths`, :func:`count_lines`), each line as high as
Excel's line for the cell's font size (:func:`line_height`). Heights are saved as automatic
ones (see :func:`fit_heights`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "CHARS_PER_WIDTH",
    "DEFAULT_SIZE",
    "count_lines",
    "fit_height",
    "fit_heights",
    "font_size",
    "line_height",
    "line_widths",
]

DEFAULT_SIZE = 11.0
"""The size a font without one is shown at: the workbook's default font (Calibri 11 in the
bundled template), in Excel and in LibreOffice Calc alike."""
_LINE_HEIGHTS = {8.0: 11.25, 9.0: 12.0, 10.0: 12.75, 11.0: 15.0, 12.0: 15.75, 14.0: 18.75}
"""Excel's height of one line of text, in points, for a font size: its default row height
(Calibri or Arial/Liberation Sans; 10 pt 12.75, 11 pt 15). Calc's line is shorter (Carlito
11 pt: about 11 pt), so a row that holds its text in Excel holds it in Calc too."""


def line_height(size: float) -> float:
    """Points one line of text of a `size`-point font takes in a row (see `_LINE_HEIGHTS`);
    a size not listed: 1.3 times it, up to a whole pixel (0.75 pt) as Excel's heights are."""
    known = _LINE_HEIGHTS.get(float(size))
    if known is not None:
        return known
    return math.ceil(size * 1.3 / 0.75) * 0.75


def font_size(cell: Cell) -> float:
    """The point size of `cell`'s font (:data:`DEFAULT_SIZE` for a font without one)."""
    font = cell.font
    size = font.sz if font is not None else None
    return float(size) if size else DEFAULT_SIZE


def fit_heights(ws: Worksheet, rows: range) -> None:
    """Give rows whose text wraps or is large a first height that shows it, never less than
    the row has, from each cell's text and font size (:func:`fit_height`).

    The height is saved as an *automatic* one (:func:`._save.save_workbook` writes no
    ``customHeight``): Excel computes the row's height again when it opens the file, and
    LibreOffice, which takes a saved height as it is, shows the text in full and grows the
    row when a party types more. Nothing fixes the height of a row a party writes in.
    """
    per_line = line_widths(ws)
    for r in rows:
        fit_height(ws, r, [(cell.value, width, font_size(cell))
                           for c, width in per_line.items()
                           for cell in (ws.cell(r, c),) if cell.value is not None])


CHARS_PER_WIDTH = 1.2
"""Characters of text in an 11-point font a line holds per unit of column width, as
:func:`count_lines` wraps it word by word. Measured in LibreOffice Calc (Carlito, which has
Calibri's widths, so Excel wraps alike): a column 100 wide shows 125 to 138 characters of
the instructions on a line, one 18 wide 18 to 20 (wide letters, long words)."""


def line_widths(ws: Worksheet, per_width: Mapping[int, float] | None = None
                ) -> dict[int, int]:
    """Characters of an 11-point font a line holds in each column of `ws` (by column
    number), as :func:`fit_height` counts them: :data:`CHARS_PER_WIDTH` per unit of width, or
    the column's own in `per_width` (a column of text narrower or wider than prose)."""
    chars = per_width or {}
    return {c: max(1, int((ws.column_dimensions[get_column_letter(c)].width or 8.43)
                          * chars.get(c, CHARS_PER_WIDTH)) - 1)
            for c in range(1, ws.max_column + 1)}


def count_lines(text: str, per_line: int) -> int:
    """Lines `text` takes wrapped at `per_line` characters as a spreadsheet wraps it: at its
    line breaks, and between words, a word that does not fit moving whole to the next line
    (a word longer than a line is cut into lines)."""
    lines = 0
    for part in text.split("\n"):
        lines += 1
        used = 0
        for word in part.split(" "):
            size = len(word)
            if used and used + 1 + size <= per_line:
                used += 1 + size
                continue
            if used:
                lines += 1
            lines += (size - 1) // per_line if size > per_line else 0
            used = size - per_line * ((size - 1) // per_line) if size > per_line else size
    return lines


def fit_height(ws: Worksheet, row: int,
               cells: Sequence[tuple[object, int, float]]) -> None:
    """:func:`fit_heights` for one row whose cells hold (value, characters of an 11-point
    font a line holds, font size): the row gets the height of its tallest cell, lines of
    the cell's font size each (:func:`line_height`), when that is more than one line of the
    default font; a larger font holds fewer characters a line, a smaller one more."""
    height = 0.0
    for value, width, size in cells:
        if isinstance(value, str):
            per_line = max(1, int(width * DEFAULT_SIZE / size))
            lines = min(count_lines(value, per_line), 27)
            height = max(height, lines * line_height(size))
    if height > line_height(DEFAULT_SIZE):
        ws.row_dimensions[row].height = max(height, ws.row_dimensions[row].height or 0)
