"""Merging one cell of a collect, and the record of what a merged matrix took from the
parties' copies, so that a party's new version of its copy replaces an entry the coordinator
has not touched since without a conflict.

Collecting copies as they come, the coordinator collects a party's copy into ``koottu.xlsx``,
and later the party's corrected copy with ``--base koottu.xlsx``. A cell the new version
changes again differs from the value sent and from the base (which holds the earlier
version's value), so by the three-way rule of :func:`merge_cell` alone it is a conflict
between the base and the party, though nobody but the party wrote it. So the merged matrix
records, for each cell it took from a party's copy, a digest of the value as collected. At
the next collect, a base cell whose value still has that digest holds what the party wrote
(nothing typed or resolved there since), and the new version's value replaces it; collect
names those cells per file (:attr:`Record.replaced`, :func:`replaced_note`). A cell the
coordinator changed since, a cell resolved by ``resolve`` (a resolved value is the
coordinator's) and a cell without a record (a merged matrix made before there was one) are
merged as before: a new value from the party is a conflict, with both values kept. But a value
that is no news (:meth:`Record.weighed`: the one collected from the party before the
coordinator changed the cell, or one of a conflict resolved there) is the copy sent again, or
saved again unchanged: the coordinator's value stays, without a conflict, and collect names
those cells (:func:`kept_note`). So the record keeps a cell's digest after the coordinator
changed the cell: it is the digest of what the party last wrote there.

**What is recorded, where.** Per row of the merged matrix that has a cell taken from its
party's copy, ``<row key> <d> <d> <d> <d> <d>``: one slot per :data:`~._followup.INPUT_FIELDS`
in their order, each the first :data:`DIGEST_CHARS` hexadecimal characters of the SHA-256 of
the value as the base table stores it (:func:`~._followup.value_text`), or ``-`` where the cell
was not taken from the party. The rows are joined by ``;`` into texts of at most
:data:`CELL_CHARS` characters (:func:`record_texts`), one cell each, on the very hidden
``Tiedot`` sheet from column :data:`~._meta.TAKEN_META_COL` (header ``taken``), as the digests
of the copies collected are, and the plan's key signs them with the rest of the metadata
(:mod:`._meta`): a record edited or forged by hand makes the matrix's signature fail, and the
file is refused as for any other change to its metadata. A merged matrix that took nothing has
no column and the signature of before. Only a party's copy is recorded (a combined copy taken
with ``--allow-combined`` is the coordinator's), and only a cell taken without a conflict.

**Why per cell, why a digest, why few cells.** One digest per row over the row's values would
be shorter, but a correction the coordinator typed in one cell of a row would then make every
cell of that row a conflict again: per cell, only the corrected one is. A digest, not the
value, because a value may be a long text: a row costs at most about 70 characters whatever
was typed. Its 32 bits tell the value collected from one typed since except with a chance of
one in four billion per cell changed (and even then the cell is named in the summary line);
the digest protects nothing, the signature does. Packed into a few cells, not one a row, the
record costs openpyxl next to nothing to write and read: 30 parties × 200 measures (6,000
rows, three cells filled on each) make 12 cells and 18 kB more in a file of 306 kB (with a
value of its own in every cell of every row, 14 cells and 180 kB), and collect takes no
measurably longer: some 50,000 more cheap calls, within the noise of a 5 s collect.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..plan import Lang
from ._conflict import Conflict, ConflictValue
from ._followup import COLUMNS, INPUT_FIELDS, FollowupRow, Status, value_text
from ._labels import Labels
from ._returned import ReturnedFile

__all__ = ["CELL_CHARS", "DIGEST_CHARS", "Record", "digest", "display", "kept_note",
           "merge_cell", "parse_record", "record_texts", "replaced_later", "replaced_note",
           "still_taken"]

DIGEST_CHARS = 8
"""Hexadecimal characters kept of a value's SHA-256 (32 bits; see the module docstring)."""
CELL_CHARS = 30_000
"""Most characters of the record in one cell (within Excel's 32,767)."""

HEADERS = {c.field: c.header for c in COLUMNS}
_DIGEST_RE = re.compile(rf"[0-9a-f]{{{DIGEST_CHARS}}}")
_NONE = "-"


def digest(value: object) -> str:
    """The digest recorded for an input value (a status, a date, a text or None)."""
    return hashlib.sha256(value_text(value).encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def record_texts(cells: Mapping[str, Mapping[str, str]]) -> list[str]:
    """The record as the metadata sheet stores it, one text a cell: per row key with a
    digest ``key d d d d d``, the rows joined by ``;`` into texts of at most
    :data:`CELL_CHARS` characters."""
    texts: list[str] = []
    chunk: list[str] = []
    size = 0
    for key, digests in cells.items():
        if not digests:
            continue
        row = " ".join([key, *(digests.get(f, _NONE) for f in INPUT_FIELDS)])
        if chunk and size + len(row) > CELL_CHARS:
            texts.append(";".join(chunk))
            chunk, size = [], 0
        chunk.append(row)
        size += len(row) + 1
    return [*texts, ";".join(chunk)] if chunk else texts


def parse_record(texts: Iterable[str]) -> dict[str, dict[str, str]]:
    """The record of :func:`record_texts`; raises :class:`ValueError` when a text is not
    laid out as written (it is signed, so only a forged record can be)."""
    out: dict[str, dict[str, str]] = {}
    for line in (row for text in texts for row in text.split(";")):
        key, *slots = line.split(" ")
        if len(slots) != len(INPUT_FIELDS) or key in out or not all(
                s == _NONE or _DIGEST_RE.fullmatch(s) for s in slots):
            raise ValueError("the record of the cells taken was changed")
        out[key] = {f: s for f, s in zip(INPUT_FIELDS, slots, strict=True) if s != _NONE}
    return out


class Record:
    """The record one collect makes: the cells taken from the parties' copies (:attr:`cells`,
    per row key and field, the digest of the value), starting from those of the `master` (the
    base) that still hold the value collected, and per file the cells (row key, field) whose
    entry, collected into the master from the party's earlier copy and untouched since, that
    file's value replaced (:attr:`replaced`)."""

    def __init__(self, master: ReturnedFile | None) -> None:
        self.earlier = master.taken if master is not None else {}
        self.cells: dict[str, dict[str, str]] = {}
        self.replaced: dict[str, list[tuple[str, str]]] = {}
        self.kept: dict[str, list[tuple[str, str]]] = {}
        """Per file, the cells (row key, field) where it has a value already weighed
        (:meth:`weighed`) and the master's own value was kept."""
        # per cell, the values of the master's resolved conflicts: the coordinator chose
        self.chosen_among: dict[tuple[str, str], set[str]] = {}
        for c in master.conflicts if master is not None else ():
            if c.chosen is not None:
                self.chosen_among.setdefault((c.key, c.field), set()).update(
                    v.value for v in c.values)

    def untouched(self, key: str, fld: str, value: object) -> bool:
        """True when the master's cell `value` is the value it took from the party's copy."""
        earlier = self.earlier.get(key, {}).get(fld)
        return earlier is not None and earlier == digest(value)

    def weighed(self, key: str, fld: str, value: object) -> bool:
        """True when a party's `value` for the cell is no news to the master: the value it
        collected from the party's earlier copy (and the coordinator changed since), or a
        value of a conflict on the cell that the coordinator resolved. A copy saved again
        unchanged, or sent again, brings back such values."""
        earlier = self.earlier.get(key, {}).get(fld)
        return (earlier is not None and earlier == digest(value)) or (
            display(value) in self.chosen_among.get((key, fld), ()))

    def keep(self, key: str, fld: str, value: object) -> None:
        """The cell keeps the master's `value`; the record keeps the digest of the value
        last collected from the party, also where the coordinator changed the cell since
        (:meth:`untouched` tells the two apart)."""
        if (earlier := self.earlier.get(key, {}).get(fld)) is not None:
            self.cells.setdefault(key, {})[fld] = earlier

    def take(self, key: str, fld: str, value: object) -> None:
        """The cell takes `value` from a party's copy."""
        self.cells.setdefault(key, {})[fld] = digest(value)


def display(value: object) -> str:
    """Return a cell value as a person reads it ('' for empty, dates d.m.yyyy)."""
    if value is None:
        return ""
    if isinstance(value, Status):
        return value.value
    if isinstance(value, dt.date):
        return f"{value.day}.{value.month}.{value.year}"
    return str(value)


def merge_cell(key: str, fld: str, start: FollowupRow, files: list[ReturnedFile],
               master: ReturnedFile | None, changed: dict[str, int], record: Record
               ) -> tuple[Any, Conflict | None]:
    """Merge one cell; `files` are the files that have the row `key`, in file order, `start`
    the row as the `master` has it (ours). `changed` counts each file's changes; `record`
    gets the cell if its value is taken from a party's copy (see the module docstring)."""
    ours = getattr(start, fld)
    changes: list[tuple[ReturnedFile, Any]] = []
    for f in files:
        theirs, sent = getattr(f.rows[key], fld), getattr(f.base[key], fld)
        if display(theirs) != display(sent):
            if master is not None and display(theirs) != display(ours) and record.weighed(
                    key, fld, theirs):  # the coordinator's since: not raised again
                record.kept.setdefault(f.name, []).append((key, fld))
                continue
            changes.append((f, theirs))
            changed[f.name] += 1
    if not changes:
        record.keep(key, fld, ours)
        return ours, None
    # another version of a changing party's copy that left the cell as sent disagrees with it
    # (a corrected file that emptied what the early one filled in): a conflict, not a change
    changing = {f.recipient for f, _ in changes if f.recipient is not None}
    theirs_of = {id(f): v for f, v in changes}
    kept_as_sent = {id(f) for f in files if f.recipient in changing and id(f) not in theirs_of}
    distinct = {display(v) for _, v in changes}
    value = changes[0][1]
    master_changed = master is not None and any(
        display(ours) != display(getattr(f.base[key], fld)) for f, _ in changes)
    parties = all(f.recipient is not None for f, _ in changes)
    # the master holds what the party's earlier copy had, untouched since: not a change of ours
    again = master_changed and parties and record.untouched(key, fld, ours)
    if len(distinct) == 1 and not kept_as_sent and (
            again or display(ours) == display(value) or not master_changed):
        if parties:
            record.take(key, fld, value)
        if again and display(ours) != display(value):
            for f, _ in changes:
                record.replaced.setdefault(f.name, []).append((key, fld))
        return value, None
    values = [ConflictValue(file=f.name, cell=f.cells[key][fld],
                            value=display(theirs_of.get(id(f), getattr(f.rows[key], fld))))
              for f in files if id(f) in theirs_of or id(f) in kept_as_sent]
    if master_changed and master is not None:  # the cell keeps it: one of the choices
        cell = master.cells.get(key, {}).get(fld, "Tiedot")
        values.insert(0, ConflictValue(file=master.name, cell=cell, value=display(ours)))
    sent = display(getattr(changes[0][0].base[key], fld))
    return ours, Conflict(key=key, field=fld, column=HEADERS[fld], base=sent, values=values)


def still_taken(f: ReturnedFile, rows: Mapping[str, FollowupRow],
                resolved: Iterable[tuple[str, str]] = ()) -> dict[str, dict[str, str]]:
    """The record of the merged matrix `f` for its rows (`rows`, as they are now): without a
    row no longer there, or a cell `resolved` (row key, field): a value chosen for a conflict
    is the coordinator's. A cell the coordinator changed keeps its digest: the value the
    party wrote, which its copy sent again does not raise as a conflict again."""
    gone = set(resolved)
    out: dict[str, dict[str, str]] = {}
    for key, digests in f.taken.items():
        kept = {fld: d for fld, d in digests.items() if key in rows and (key, fld) not in gone}
        if kept:
            out[key] = kept
    return out


def replaced_note(file: str, recipient: str | None, cells: Sequence[tuple[str, str]],
                  base: str, langs: Sequence[Lang] = ("fi",)) -> str:
    """The summary line of a file that replaced `cells` (row key, column) collected into
    `base` from its party's earlier copy; the columns named in `langs`, those of the merged
    matrix."""
    words = Labels(tuple(langs))
    by_row: dict[str, list[str]] = {}
    for key, column in cells[:5]:
        by_row.setdefault(key, []).append(words(column))
    shown = "; ".join(f"{key}: {', '.join(columns)}" for key, columns in by_row.items())
    more = f" and {len(cells) - 5} more" if len(cells) > 5 else ""
    entries = "1 entry" if len(cells) == 1 else f"{len(cells)} entries"
    return (f"{file} ({recipient}): replaces {entries} collected from the party's earlier copy "
            f"into {base} and not changed there since ({shown}{more})")


def replaced_later(f: ReturnedFile, master: ReturnedFile, cells: Sequence[tuple[str, str]],
                   base: str) -> str | None:
    """The warning for a copy `f` that replaced `cells` (row key, column) of its party's
    earlier copy in the merged matrix `master` (the file `base`) with entries dated before
    them: an older copy collected after a newer one. None when none is."""
    older = []
    for key in dict.fromkeys(k for k, _ in cells):
        theirs, ours = f.rows.get(key), master.rows.get(key)
        if theirs and ours and theirs.updated and ours.updated and theirs.updated < ours.updated:
            older.append(f"{key} {_day(theirs.updated)} < {_day(ours.updated)}")
    if not older:
        return None
    shown = "; ".join(older[:5]) + (f" and {len(older) - 5} more" if len(older) > 5 else "")
    return (f"{f.name} ({f.recipient}): replaces entries of the party's earlier copy in {base} "
            f"with entries dated before them (Päivitetty {shown}): if it is an older copy "
            f"than the one collected before, collect into {base} again without it")


def kept_note(f: ReturnedFile, cells: Sequence[tuple[str, str]], conflicted: set[tuple[str, str]],
              base: str, langs: Sequence[Lang] = ("fi",)) -> str | None:
    """The warning for a copy `f` that has, in `cells` (row key, field), values the merged
    matrix `base` already weighed (:meth:`Record.weighed`), where the value typed or chosen
    there since was kept; a cell of a conflict of this collect (`conflicted`) is named there
    instead. None when there is no such cell."""
    words = Labels(tuple(langs))
    cells = [(key, fld) for key, fld in cells if (key, fld) not in conflicted]
    if not cells:
        return None
    by_row: dict[str, list[str]] = {}
    for key, fld in cells[:5]:
        by_row.setdefault(key, []).append(words(HEADERS[fld]))
    shown = "; ".join(f"{key}: {', '.join(columns)}" for key, columns in by_row.items())
    more = f" and {len(cells) - 5} more" if len(cells) > 5 else ""
    who = f" ({f.recipient})" if f.recipient else ""
    return (f"{f.name}{who}: has what the party's earlier copy had, or a value of a conflict "
            f"resolved since, where {base} has a value typed or chosen there ({shown}{more}): "
            f"{base}'s value was kept, and no conflict raised again; if the party means its "
            "value, type it into the merged matrix")


def _day(day: dt.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"
