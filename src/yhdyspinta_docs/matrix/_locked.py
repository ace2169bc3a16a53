"""Locked cells a returned matrix changed: warned about, never applied.

A party fills only the input columns; the others (measure title, party, schedule,
indicators) are the plan's and locked. A user can remove the sheet protection (it has no
password) and type into them anyway: the reader compares each with what the plan says in
the file's language (:func:`._write.plan_cells`) and :func:`locked_changes` names every cell
that differs, with file and cell, so the coordinator can act on it; the plan is not changed.
Likewise a row of another party in a party's copy (:func:`foreign_change`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._followup import COLUMNS, FollowupRow, value_text
from ._values import strip_hidden

__all__ = ["foreign_change", "locked_changes", "party_of"]


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
    if sent is None:
        return [f"{name}: {cells['key']}: row {key} of '{party_of(key)}' was added to the copy "
                f"sent to '{recipient}' (copied from another file?); its entries were not "
                f"applied ({rule}: that party returns them in its own copy)"]
    return [f"{name}: {cells[changed[0]]}: row of '{party_of(key)}' in the copy sent to "
            f"'{recipient}' was changed; not applied ({rule})"]


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


def _words(value: object) -> str:
    """`value`'s words, as a cell read back and the plan's text are compared: the file's text
    has lost the invisible characters :func:`._values.strip_hidden` drops, so the plan's
    loses them too (a plan title with a zero width space, sent as it is, is not a change)."""
    return " ".join(strip_hidden(str(value)).split()) if value is not None else ""


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "…"
