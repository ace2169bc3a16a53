"""Locked cells a returned matrix changed: warned about, never applied.

A party fills only the input columns; the others (measure title, party, schedule,
indicators) are the plan's and locked. A user can remove the sheet protection (it has no
password) and type into them anyway: the reader compares each with what the plan says in
the file's language (:func:`._write.plan_cells`) and :func:`locked_changes` names every cell
that differs, with file and cell, so the coordinator can act on it; the plan is not changed.
Likewise a row of another party in a party's copy (:func:`foreign_change`), and what the
reader never reads (:func:`unread_text`): text in a column the matrix does not have (a column
the user inserted: :func:`added_columns`), text below the table (:func:`below_table`) and a
sheet the user added (:func:`added_sheets`); so nothing typed is left out without a word.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ._followup import (
    COLUMNS,
    SHEET_ARCHIVE,
    SHEET_CONFLICTS,
    SHEET_DATA,
    SHEET_HELP,
    SHEET_LISTS,
    SHEET_META,
    SHEET_SUMMARY,
    FollowupRow,
    header_forms,
    normalize_header,
    value_text,
)
from ._labels import forms, normalize_label
from ._values import as_shown, cell_ref, strip_hidden

__all__ = ["added_columns", "added_sheets", "below_table", "foreign_change", "locked_changes",
           "party_of", "unread_text"]

SHOWN = 5
"""How many cells a warning names; the rest are counted (``K2, K4 … and 3 more``)."""


def party_of(key: str) -> str | None:
    """The party id of a row key 'measure/party', None if `key` is not one."""
    try:
        return FollowupRow.from_key(key).party_id
    except ValueError:
        return None


def foreign_change(name: str, recipient: str | None, key: str, values: Mapping[str, Any],
                   cells: Mapping[str, str], sent: FollowupRow | None) -> list[str]:
    """A row of another party in a party's copy: never applied. A warning when it has entries
    that were not sent: the row was added (pasted from another file; a party's copy is sent
    with its own rows only), or, if it was sent, changed."""
    changed = [f for f, v in values.items()
               if value_text(v) != value_text(getattr(sent, f) if sent else None)]
    if not changed:
        return []
    rule = "a party's copy changes only that party's rows"
    headers = {c.field: c.header for c in COLUMNS}
    # what was typed there, quoted: it is in no other file if it was meant for this party
    typed = ", ".join(f"{headers.get(f, f)} '{_short(as_shown(values[f]))}'" for f in changed[:3])
    typed += ", …" if len(changed) > 3 else ""
    if sent is None:
        return [f"{name}: {cells['key']}: row {key} of '{party_of(key)}' was added to the copy "
                f"sent to '{recipient}' (copied from another file?); its entries ({typed}) "
                f"were not applied ({rule}: that party returns them in its own copy)"]
    return [f"{name}: {cells[changed[0]]}: row of '{party_of(key)}' in the copy sent to "
            f"'{recipient}' was changed ({typed}); not applied ({rule})"]


def locked_changes(name: str, shown: Mapping[str, Any], cells: Mapping[str, str],
                   sent: Mapping[str, str | None],
                   heads: Mapping[str, str] | None = None) -> list[str]:
    """A warning for each locked cell of a row of file `name` (measure, party, schedule,
    indicators: the plan's) whose text (`shown`, at `cells`) is not what was `sent`; columns
    are named by `heads` (field → header as the file shows it), else in Finnish."""
    out: list[str] = []
    headers = {c.field: c.header for c in COLUMNS} | dict(heads or {})
    for fld, value in sent.items():
        if fld not in shown or _words(shown[fld]) == _words(value):
            continue
        typed = shown[fld] or ""
        in_file = f"says '{_short(typed)}' in the file" if typed else "is empty in the file"
        in_plan = f"the plan '{_short(value)}'" if value else "empty in the plan"
        out.append(
            f"{name}: {cells[fld]}: {headers[fld]} {in_file}, {in_plan}; this column is the "
            "plan's (locked), so the file's text was not applied (a party writes changes to a "
            f"measure in {headers['description']}; the coordinator changes the plan)")
    return out


_HEADERS = {normalize_header(form) for c in COLUMNS for form in header_forms(c.header)}


def unread_text(name: str, sheetnames: Sequence[str], ws: Any,
                header: tuple[int, Mapping[str, int]], heads: Mapping[str, str],
                copies: Mapping[str, Sequence[str]] | None = None) -> list[str]:
    """The warnings for what file `name` has that is never read: text in a column added to
    its data sheet `ws` (`header`: its header row and field → column), text below its table
    (after the last row with a Tunnus) and sheets added to the workbook (`sheetnames`;
    `copies`: of those that copy the data sheet, the keys of the rows with entries on them).
    `heads` names the columns as the file shows them (Lägesbeskrivning in a Swedish copy)."""
    top, known = header
    description = heads.get("description", "Tilannekuvaus")
    last = _last_row(ws, top, known.get("key"))
    return [*added_columns(name, ws, top, known, description, last),
            *below_table(name, ws, last, description),
            *added_sheets(name, sheetnames, ws.title, description, copies or {})]


def _last_row(ws: Any, top: int, key: int | None) -> int:
    """The last row of the table on data sheet `ws` (header on row `top`): the last row with
    a Tunnus in column `key`, `top` when none has one (every row below the header of a sheet
    without a Tunnus column is the table's)."""
    if key is None:
        return int(ws.max_row)
    return next((r for r in range(ws.max_row, top, -1) if _words(ws.cell(r, key).value)), top)


def added_columns(name: str, ws: Any, top: int, known: Mapping[str, int],
                  description: str = "Tilannekuvaus", last: int | None = None) -> list[str]:
    """A warning for each column of data sheet `ws` (header on row `top`) that is not one of
    the matrix's (`known`: field → column) and has text below its header, down to row `last`
    (default: the sheet's last; text below the table is :func:`below_table`'s): a column a
    user added (the protection removed), which is never read, so what it says would be lost
    without a word. `description` is how the file names Tilannekuvaus, where such text goes."""
    out: list[str] = []
    by_column: dict[int, list[Any]] = {}  # the file's cells only: a big sheet stays quick
    read = set(known.values())
    for r in range(top + 1, (ws.max_row if last is None else last) + 1):
        for cell in ws.row(r):
            if cell.column not in read and str(cell.value or "").strip():
                by_column.setdefault(cell.column, []).append(cell)
    for c, filled in sorted(by_column.items()):
        head = " ".join(str(ws.cell(top, c).value or "").split())
        cells = _listed([cell.coordinate for cell in filled])
        what = (f"column '{_short(head)}' is there twice and only the first one is read, so "
                f"the text of this one ({cells})" if normalize_header(head) in _HEADERS else
                f"{f'column {_short(head)!r}' if head else 'a column without a header'} is "
                f"not a column of the matrix, so its text ({cells})")
        out.append(f"{name}: {cell_ref(ws.title, filled[0].coordinate)}: {what} was not read "
                   "and is not in the merged matrix; type it into the matrix's own columns (a "
                   f"note goes in {description}), or keep it in a file of its own")
    return out


def below_table(name: str, ws: Any, last: int, description: str = "Tilannekuvaus"
                ) -> list[str]:
    """The warning for text on data sheet `ws` below its table (in any column of a row after
    `last`, the last row with a Tunnus): it is on no measure's row, so it is never read. Only
    the cells the file has are visited (as many as the guard let through); a cell of spaces
    alone is no text. `description` is how the file names Tilannekuvaus."""
    found: list[str] = []  # the first cells, to name them; the others only counted
    count = 0
    for r in range(last + 1, ws.max_row + 1):
        for cell in ws.row(r):
            if _words(cell.value):
                count += 1
                if len(found) < SHOWN:
                    found.append(cell.coordinate)
    if not found:
        return []
    return [f"{name}: {cell_ref(ws.title, found[0])}: the text below the table, in "
            f"{_listed(found, count)} (after its last row, {last}), is on no measure's row, so "
            "it was not read and is not in the merged matrix; type it on the row of its measure "
            f"(a note goes in {description}), or keep it in a file of its own"]


_SHEETS = {normalize_label(form) for fi in (SHEET_HELP, SHEET_DATA, SHEET_SUMMARY, SHEET_ARCHIVE,
                                            SHEET_CONFLICTS, SHEET_LISTS, SHEET_META)
           for form in forms(fi)}


def added_sheets(name: str, sheetnames: Sequence[str], data_sheet: str,
                 description: str = "Tilannekuvaus",
                 copies: Mapping[str, Sequence[str]] | None = None) -> list[str]:
    """A warning for each sheet of file `name` (`sheetnames`) that is not one of the matrix's
    in any language, nor its data sheet `data_sheet` (found by its headers): a sheet a user
    added (a page of notes), whose contents are never read. Only a sheet named as a copy of
    the data sheet is opened to tell (`copies`: the keys of its rows with entries): a whole
    answer typed on a copy (Calc and Excel copy a sheet in two clicks) is named as such."""
    out = []
    for title in sheetnames:
        if title == data_sheet or normalize_label(title) in _SHEETS:
            continue
        keys = (copies or {}).get(title, [])
        if keys:
            out.append(f"{name}: sheet '{_short(title)}' is a copy of the sheet {data_sheet} "
                       f"with entries on rows {_listed(list(keys))}, which were not read and "
                       f"are not in the merged matrix; type them on the sheet {data_sheet} "
                       "itself (or copy them there) and send the file again")
            continue
        out.append(f"{name}: sheet '{_short(title)}' is not a sheet of the matrix, so its "
                   "contents were not read and are not in the merged matrix; type entries into "
                   f"the matrix's own columns on the sheet {data_sheet} (a note goes in "
                   f"{description}), or keep them in a file of its own")
    return out


def _listed(cells: Sequence[str], count: int | None = None) -> str:
    """``K2, K4``; past :data:`SHOWN` cells (of `count`, default as many as `cells`), the
    rest counted: ``… and 3 more``."""
    more = (len(cells) if count is None else count) - SHOWN
    return ", ".join(cells[:SHOWN]) + (f" and {more} more" if more > 0 else "")


def _words(value: object) -> str:
    """`value`'s words, as a cell read back and the plan's text are compared: the file's text
    has lost the invisible characters :func:`._values.strip_hidden` drops, so the plan's
    loses them too (a plan title with a zero width space, sent as it is, is not a change)."""
    return " ".join(strip_hidden(str(value)).split()) if value is not None else ""


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "…"
