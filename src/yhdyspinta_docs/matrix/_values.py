"""Dates and free text typed by people into a matrix, read as what they mean.

Each function raises :class:`ValueError` with a message that says what is wrong and what is
expected, which the reader puts after ``file: Sheet!Cell:``. (The status column is read by
:func:`._followup.parse_status`, next to the statuses themselves.)

A cell's text is read once as typed (:func:`cell_text` decodes Excel's ``_xHHHH_`` escapes,
which :func:`excel_text` writes) and then cleaned (:func:`typed_text`: the package's
sanitising, without bidirectional controls and invisible format characters). The warnings the
reader gives about a value are written here too (:func:`outside_warning`,
:func:`bidi_warning`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from .._sanitize import sanitize_text

__all__ = ["DATE_HINT", "MAX_CELL_CHARS", "as_shown", "bidi_controls", "bidi_warning",
           "cell_reads_outside", "cell_ref", "cell_text", "clean_text", "excel_text",
           "names_warning", "number_format_of", "number_warning", "outside_warning",
           "parse_date", "reads_outside", "shown", "strip_hidden", "typed_text"]

MAX_CELL_CHARS = 32767
"""Excel's limit for one cell; longer text is refused on read and never written."""

_DMY_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\.?$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_EXCEL_1900 = dt.date(1899, 12, 30)
_EXCEL_1904 = dt.date(1904, 1, 1)
DATE_HINT = "expected a date such as 1.7.2026"

_ESCAPED_RE = re.compile("_x(00[01][0-9A-Fa-f]|005[Ff])_")
_TO_ESCAPE_RE = re.compile("_(?=[xX][0-9A-Fa-f]{4}_)")
_BIDI_OR_CONTROL_RE = re.compile("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HIDDEN_RE = re.compile("[\u202a-\u202e\u2066-\u2069\u200b\u2060-\u2064\u206a-\u206f"
                        "\ufeff\ufff9-\ufffb\u180e]")
"""What typed text loses (:func:`strip_hidden`): the bidirectional embeddings, overrides and
isolates (U+202A–U+202E, U+2066–U+2069) and the invisible format characters that have no
use in a follow-up text: zero width space, word joiner and invisible operators
(U+2060–U+2064), the deprecated format characters U+206A–U+206F, the byte order mark used as
zero width no-break space, the interlinear annotation marks and the Mongolian vowel
separator. Kept: the zero width joiner and non-joiner (emoji sequences, scripts that need
them), the left-to-right, right-to-left and Arabic letter marks (they set the direction of
neighbouring punctuation in right-to-left text, never reorder letters), the soft hyphen, the
variation selectors and tag characters of emoji."""

_STRING_RE = re.compile(r'"(?:[^"]|"")*"')
# INDIRECT can make a reference to another workbook out of a text; INFO and CELL tell about
# the computer and its folders
_OUTSIDE_FUNCTIONS = ("WEBSERVICE", "FILTERXML", "HYPERLINK", "RTD", "IMAGE", "CALL",
                      "REGISTER.ID", "SQL.REQUEST", "STOCKHISTORY", "INDIRECT", "INFO", "CELL")
_FUNCTION_RE = re.compile(r"(?<![\w.])(?:_xlfn\.|_xlws\.)?("
                          + "|".join(re.escape(f) for f in _OUTSIDE_FUNCTIONS) + r")\s*\(",
                          re.IGNORECASE)
_INSIDE_LINK_RE = re.compile(r'\s*"#"')
"""After ``HYPERLINK(`` in a formula whose texts are blanked: a target inside the workbook."""
_BOOK_RE = re.compile(
    # a workbook in brackets before a sheet name and '!': [1]Sheet1!A1, [a.xlsx]S!A1, [1]!Name,
    # 'C:\x\[a.xlsx]S'!A1 (a sheet's own name cannot have brackets; a table's column, which
    # can, is never followed by '!')
    r"'[^']*\[[^']*\][^']*'!|\[[^\[\]]+\][^\s!()\[\],;'+\-*/&^=<>]*!")


_PLAIN_SHEET = re.compile(r"[^\W\d]\w*")
_LOOKS_LIKE_CELL = re.compile(r"(?i)[a-z]{1,3}[0-9]+|r[0-9]*c?[0-9]*|c[0-9]*")


def cell_ref(sheet: str, cell: str) -> str:
    """``Sheet!A1`` as Excel writes a reference, so it can be pasted into Excel's or Calc's
    Go To box: the sheet's name in single quotes where it has a space, a dash or another
    mark, or reads like a cell (``'Seuranta – Uppföljning'!F3``, ``Seuranta!F3``)."""
    if _PLAIN_SHEET.fullmatch(sheet) and not _LOOKS_LIKE_CELL.fullmatch(sheet):
        return f"{sheet}!{cell}"
    return "'" + sheet.replace("'", "''") + f"'!{cell}"


def parse_date(value: object, *, epoch_1904: bool = False) -> dt.date | None:
    """Return the date typed as `value`, or None for an empty cell.

    Accepts a real date or date-time, a date serial number (as Excel stores dates in
    cells formatted as numbers; `epoch_1904` for old Mac workbooks), and text written
    ``1.7.2026``, ``01.07.2026``, ``1.7.26`` or ``2026-07-01``. Years outside 2000–2100 are
    refused as typing errors. Raises :class:`ValueError` for anything else.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        result = value.date()
    elif isinstance(value, dt.date):
        result = value
    elif isinstance(value, bool):
        raise ValueError(f"{shown(value)} is not a date; {DATE_HINT}")
    elif isinstance(value, int | float):
        if value != int(value):
            raise ValueError(f"{shown(value)} is not a date (it has a time or a fraction); "
                             f"{DATE_HINT}")
        start = _EXCEL_1904 if epoch_1904 else _EXCEL_1900
        try:
            result = start + dt.timedelta(days=int(value))
        except OverflowError:
            raise ValueError(f"{shown(value)} is not a date; {DATE_HINT}") from None
    elif isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if not text:
            return None
        result = _parse_date_text(text, value)
    else:
        raise ValueError(f"{shown(value)} is not a date; {DATE_HINT}")
    if not 2000 <= result.year <= 2100:
        raise ValueError(f"{result.day}.{result.month}.{result.year} is not a plausible "
                         f"follow-up date (year {result.year}); {DATE_HINT}")
    return result


def _parse_date_text(text: str, raw: str) -> dt.date:
    m = _DMY_RE.match(text)
    try:
        if m:
            day, month, year = (int(g) for g in m.groups())
            if len(m.group(3)) == 2:
                year += 2000
            return dt.date(year, month, day)
        m = _ISO_RE.match(text)
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise ValueError(f"{shown(raw)} is not a valid date (no such day); {DATE_HINT}") from None
    raise ValueError(f"{shown(raw)} is not a date; {DATE_HINT}")


def reads_outside(formula: str) -> str | None:
    """What in `formula` reads from outside its workbook, in words; None when nothing does.

    Found: a reference to another workbook (``[1]Sheet1!A1``, ``'C:\\x\\[a.xlsx]S'!A1``), a
    link to another program (DDE, ``=cmd|' /c'!A0``) and the functions that fetch or link
    (WEBSERVICE, FILTERXML, HYPERLINK, RTD, ...). Text in quotes is not looked at:
    ``=A1&"[x]"`` reads nothing outside. A HYPERLINK whose target starts with ``#``
    (``=HYPERLINK("#Seuranta!A1","x")``) goes to a place in this workbook and is not found;
    one to a web address, a file or a target computed from a cell is.
    """
    # every text in quotes becomes "" (or "#" when it starts with #: a place in the workbook)
    code = _STRING_RE.sub(lambda m: '"#"' if m.group(0).startswith('"#') else '""', formula)
    for found in _FUNCTION_RE.finditer(code):
        name = found.group(1).upper()
        if name != "HYPERLINK" or not _INSIDE_LINK_RE.match(code, found.end()):
            return f"the function {name}"
    if _BOOK_RE.search(code):
        return "a reference to another workbook"
    if "|" in code:
        return "a link to another program (DDE)"
    return None


def cell_text(value: object) -> object:
    """A cell's value as the person typed it: in a text, the ``_xHHHH_`` escapes by which
    Excel and Calc store a control character (``a_x0007_b``, ``_x000D_`` before a line
    break) become that character, and ``_x005F_`` an underscore.

    openpyxl reads a shared text with every ``x005F_`` removed (so ``_x0041_`` typed by a
    user, stored ``_x005F_x0041_``, reads ``_x0041_``) and leaves every other escape as it
    is; an inline text keeps ``_x005F_``. Only the escapes of U+0000–U+001F and of the
    underscore are decoded: those are the only ones Excel and Calc write (every other
    character is stored as itself), so ``_x0041_`` after openpyxl is what the user typed. A
    user who typed the escape of a control character itself (``_x0007_``) gets it read as
    that character, which is then dropped; a typed ``x005F_`` is lost by openpyxl."""
    if isinstance(value, str) and "_x" in value:
        return _ESCAPED_RE.sub(lambda m: chr(int(m.group(1), 16)), value)
    return value


def excel_text(text: str) -> str:
    """`text` as a cell stores it so that Excel, Calc and openpyxl show it as it is: the
    underscore that starts something Excel would read as an escape (``_x0041_``, which
    Excel shows as ``A``) is written ``_x005F_``. (The control characters those escapes are
    for never reach a cell: :func:`~yhdyspinta_docs._sanitize.sanitize_text`.)"""
    return _TO_ESCAPE_RE.sub("_x005F_", text) if "_" in text else text


def strip_hidden(text: str) -> str:
    """`text` without the bidirectional controls and invisible format characters a typed text
    loses (see ``_HIDDEN_RE``); every other character stays."""
    return _HIDDEN_RE.sub("", text)


def bidi_controls(text: str) -> list[str]:
    """The bidirectional embeddings, overrides and isolates in `text`, and the control
    characters no cell shows (ESC, BEL …; not tab or line breaks, which the text keeps), as
    ``U+XXXX`` codes (each once, in order of appearance): both are removed from the text."""
    return list(dict.fromkeys(f"U+{ord(c):04X}" for c in _BIDI_OR_CONTROL_RE.findall(text)))


def outside_warning(where: str, value: object, what: str) -> str:
    """The warning for a value (at `where`: file, cell, column) whose formula reads outside
    the file (`what` in it does)."""
    return (f"{where}: the value '{as_shown(value)}' comes from a formula that reads outside "
            f"this file ({what}); the value the file last showed was applied, and the merged "
            "file keeps only that value, not the formula: check that it is right")


def names_warning(name: str, found: list[tuple[str, str]]) -> str:
    """The warning for a file that defines names whose formulas read outside it (`found`:
    name, what in it does): a cell's formula may read outside through such a name."""
    listed = ", ".join(f"{n} ({what})" for n, what in found[:5])
    more = f" and {len(found) - 5} more" if len(found) > 5 else ""
    return (f"{name}: the workbook defines names whose formulas read outside this file: "
            f"{listed}{more}; a value computed with them was applied as the file last showed "
            "it: check the values of this file")


def bidi_warning(where: str, value: object, codes: list[str]) -> str:
    """The warning for a text (at `where`: file, cell, column) that had the bidirectional
    controls or control characters `codes` (:func:`bidi_controls`): a bidirectional control
    changes the order in which the text is shown, a control character is not shown at all
    (an escape sequence pasted from a terminal), so what the file showed may not be what it
    said."""
    bidi = [c for c in codes if c >= "U+2000"]
    other = [c for c in codes if c < "U+2000"]
    had = " and ".join(
        ([f"bidirectional control character(s) {', '.join(bidi)}, which change the order in "
          "which text is shown"] if bidi else [])
        + ([f"control character(s) {', '.join(other)}, which no cell shows"] if other else []))
    return (f"{where}: the text had {had}; they were removed, so the merged file says "
            f"'{as_shown(value)}': check that it is what was meant")


def number_format_of(cell: Any) -> str | None:
    """The number format of `cell` when it holds a number (not a truth value) that the format
    may show otherwise than its digits (``0000000000``, ``0 %``, ``#,##0.00 €``); None for
    text, a date, or a number in the General or plain whole-number format."""
    value, fmt = cell.value, str(getattr(cell, "number_format", "General") or "General")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return None if fmt in ("General", "@", "0") else fmt


def number_warning(where: str, value: object, fmt: str) -> str:
    """The warning for a text cell (at `where`: file, cell, column) that holds a number with
    the number format `fmt`: the merged file keeps the number's digits, not what it showed."""
    return (f"{where}: the cell holds a number with the number format '{fmt}', so it may have "
            f"shown otherwise (a leading zero, a percent, a currency); the merged file says "
            f"'{as_shown(value)}': if the cell showed something else, type it as text (an "
            "apostrophe (') before it keeps it as typed)")


def as_shown(value: object) -> str:
    """An input value as a message quotes it (dates as d.m.yyyy)."""
    if isinstance(value, dt.date):
        return f"{value.day}.{value.month}.{value.year}"
    return str(getattr(value, "value", value))


def cell_reads_outside(cell: Any) -> str | None:
    """What in `cell`'s formula reads outside the file, None without such a formula."""
    if cell.data_type != "f":
        return None
    formula = getattr(cell.value, "text", cell.value)  # an array formula keeps it in .text
    return reads_outside(formula) if isinstance(formula, str) else None


def typed_text(value: object) -> str | None:
    """Return free text read from a returned cell as stored: :func:`clean_text` of it without
    the bidirectional controls and invisible format characters of :func:`strip_hidden` (a
    party's text; the plan's own texts keep them, as the plan's documents do)."""
    return clean_text(strip_hidden(value) if isinstance(value, str) else value)


def clean_text(value: object) -> str | None:
    """Return typed-in free text as stored: sanitised
    (:func:`~yhdyspinta_docs._sanitize.sanitize_text`), stripped, None when empty.

    Whole numbers typed into a text cell become their digits (``2026``); a date becomes
    ``d.m.yyyy``. Raises :class:`ValueError` for text longer than a cell can hold or for
    other kinds of values.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"{shown(value)} is a truth value; expected text")
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        value = f"{value.day}.{value.month}.{value.year}"
    elif isinstance(value, int | float):
        value = str(int(value)) if value == int(value) else str(value).replace(".", ",")
    if not isinstance(value, str):
        raise ValueError(f"{shown(value)} cannot be read; expected text")
    if len(value) > MAX_CELL_CHARS:
        raise ValueError(f"the text is {len(value)} characters long; a cell holds at most "
                         f"{MAX_CELL_CHARS} characters: shorten it")
    text = sanitize_text(value).strip()
    return text or None


def shown(value: object) -> str:
    """`value` as a message quotes it, at most 60 characters."""
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "…'"
