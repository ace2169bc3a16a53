"""The very hidden ``Tiedot`` sheet: what was sent, and the signature over it.

Labels in column A in the order of :data:`~._followup.META_KEYS` and
:data:`~._followup.META_EXTRA_KEYS`, values in column B; after one empty row, the table of
the BASE values sent (header ``key`` + :data:`~._followup.INPUT_FIELDS`), one row per row
key. A merged matrix also has, from column :data:`~._conflict.CONFLICT_META_COL`, the table
of its conflicts (header :data:`~._conflict.CONFLICT_META_HEADER`, one row per conflicting
value, with the value chosen once the conflict is resolved) and, from column
:data:`RETURNED_META_COL`, the parties whose copies it collected this round (header
``returned``, one party id a row), so that a later collect with it as the base does not list
a party that returned an unchanged copy as still waited for, and from the column after it the
SHA-256 digests of those copies (header ``collected``), so that a copy given again with it as
the base adds nothing twice (a correction typed into the merged matrix stays), and from the
column after that the record of the cells it took from the parties' copies (header ``taken``,
texts of many rows each: :mod:`._taken`), so that a party's new version of its copy replaces
an entry the coordinator has not changed since without a conflict. The signature (made with
the plan's key, see :mod:`._signing`) covers the metadata and the tables, so a copy
cannot be relabelled as another party's, its base changed, or its conflicts dropped; and a
merged matrix's lists and record cannot be edited without the file being refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from openpyxl.worksheet.worksheet import Worksheet

from ..errors import Issue, MatrixError
from ..plan import PlanFile
from ._book import Book, Sheet
from ._conflict import (
    CONFLICT_META_COL,
    CONFLICT_META_HEADER,
    Conflict,
    ConflictValue,
    conflict_rows,
)
from ._followup import (
    COLUMNS,
    INPUT_FIELDS,
    MATRIX_FORMAT,
    META_EXTRA_KEYS,
    META_KEYS,
    SHEET_META,
    TEMPLATE_VERSION,
    FollowupData,
    FollowupRow,
    value_text,
)
from ._sheets import put
from ._signing import COMBINED, sign, verify
from ._taken import parse_record, record_texts
from ._values import cell_text

__all__ = ["COLLECTED_META_COL", "RETURNED_META_COL", "TAKEN_META_COL", "Meta", "meta_rows",
           "meta_text", "read_meta", "signature", "verify_signature", "write_meta"]

RETURNED_META_COL = CONFLICT_META_COL + len(CONFLICT_META_HEADER) + 1
"""Column of the metadata sheet's list of the parties heard from (after the conflict table)."""
COLLECTED_META_COL = RETURNED_META_COL + 1
"""Column of the metadata sheet's list of the digests of the copies collected."""
TAKEN_META_COL = COLLECTED_META_COL + 1
"""Column of the metadata sheet's record of the cells taken from the parties' copies."""


class Meta(NamedTuple):
    """What the metadata sheet holds, verified (see the module docstring)."""

    meta: dict[str, str]
    base: dict[str, FollowupRow]
    conflicts: list[Conflict]
    returned: list[str]
    collected: list[str]
    taken: dict[str, dict[str, str]]
    """Per row key and field, the digest of the value taken from the party's copy."""


def meta_rows(ws: Worksheet) -> dict[str, int]:
    """Row of each metadata label on the template's ``Tiedot`` sheet."""
    return {str(ws.cell(r, 1).value): r for r in range(1, len(META_KEYS) + len(META_EXTRA_KEYS)
                                                         + 1)}


def write_meta(ws: Worksheet, data: FollowupData, when: dt.date, key: bytes,
               conflicts: Sequence[Conflict] = (), *,
               sent: Sequence[FollowupRow] | None = None, returned: Sequence[str] = (),
               collected: Sequence[str] = (),
               taken: Mapping[str, Mapping[str, str]] | None = None) -> None:
    """The metadata, its signature, the base table (`sent`, by default `data`'s rows), the
    conflict table, the parties heard from (`returned`), the digests of the copies
    collected (`collected`) and the cells taken from them (`taken`, per row key and field the
    digest: :mod:`._taken`), at the rows the reader expects (labels in column A in the order
    of META_KEYS and META_EXTRA_KEYS, values in B)."""
    base = list(data.rows if sent is None else sent)
    record = record_texts(taken or {})
    meta = {"format": MATRIX_FORMAT, "template_version": TEMPLATE_VERSION,
            "plan_id": data.plan_id, "plan_version": data.plan_version,
            "period": data.period or "", "recipient": data.recipient or COMBINED}
    values = {**meta, "signature": signature(key, meta, base, conflicts, returned, collected,
                                             record),
              "created": when.isoformat(), "rows": str(len(data.rows))}
    for r, (label, value) in enumerate(values.items(), start=1):
        put(ws.cell(r, 1), label)
        put(ws.cell(r, 2), value)
    start = len(META_KEYS) + len(META_EXTRA_KEYS) + 2
    for c, name in enumerate(("key", *INPUT_FIELDS), start=1):
        put(ws.cell(start, c), name)
    # an empty value is no cell at all (read back as ""): a new matrix's base table is
    # mostly empty, and every cell written costs time when saving and reading
    for r, row in enumerate(base, start=start + 1):
        put(ws.cell(r, 1), row.key)
        for c, name in enumerate(INPUT_FIELDS, start=2):
            if text := value_text(getattr(row, name)):
                put(ws.cell(r, c), text)
    if conflicts:
        table = [list(CONFLICT_META_HEADER), *conflict_rows(conflicts)]
        for r, texts in enumerate(table, start=1):
            for c, text in enumerate(texts, start=CONFLICT_META_COL):
                if text:
                    put(ws.cell(r, c), text)
    for col, label, listed in ((RETURNED_META_COL, "returned", returned),
                               (COLLECTED_META_COL, "collected", collected),
                               (TAKEN_META_COL, "taken", record)):
        for r, item in enumerate((label, *listed) if listed else (), start=1):
            put(ws.cell(r, col), item)


def _read_conflicts(ws: Sheet) -> list[Conflict]:
    """The conflict table of the metadata sheet (see the module docstring); raises
    :class:`ValueError` when it is not laid out as written."""
    width = len(CONFLICT_META_HEADER)
    cols = range(CONFLICT_META_COL, CONFLICT_META_COL + width)
    if not meta_text(ws.cell(1, CONFLICT_META_COL).value):
        return []
    if [meta_text(ws.cell(1, c).value) for c in cols] != list(CONFLICT_META_HEADER):
        raise ValueError("the conflict table was changed")
    # one conflict's rows follow each other, its values numbered from 1: a cell may have
    # two conflicts (one resolved in an earlier round, one new), which stay two
    out: list[dict[str, Any]] = []
    for r in range(2, ws.max_row + 1):
        key, fld, base, nro, file, cell, value, resolved, chosen = (
            meta_text(ws.cell(r, c).value) for c in cols)
        if not key:
            continue
        if not out or nro == "1" or (out[-1]["key"], out[-1]["field"]) != (key, fld):
            out.append({"key": key, "field": fld, "base": base, "values": [],
                        "chosen": chosen if resolved else None})
        out[-1]["values"].append(ConflictValue(file=file, cell=cell, value=value))
    headers = {c.field: c.header for c in COLUMNS}
    return [Conflict(column=headers.get(e["field"], e["field"]), **e) for e in out]


def read_meta(wb: Book, pf: PlanFile, name: str, key: bytes) -> Meta:
    """The metadata, the base rows, the conflicts, the parties heard from and the copies
    collected (a merged matrix's, see the module docstring) of `wb`; raise :class:`MatrixError`
    unless it is a matrix of this program and template version, of plan `pf`, signed with
    `key`."""
    if SHEET_META not in wb.sheetnames:
        raise MatrixError([Issue(name, "is not a follow-up matrix made by this program (it has "
                                 f"no metadata sheet '{SHEET_META}'); use the file as it was "
                                 "sent")])
    ws = wb[SHEET_META]
    labels = (*META_KEYS, *META_EXTRA_KEYS)
    meta = {str(ws.cell(r, 1).value): meta_text(ws.cell(r, 2).value)
            for r in range(1, len(labels) + 1)}
    refuse: str | None = None
    if meta.get("format") != MATRIX_FORMAT:
        refuse = "is not a follow-up matrix made by this program; use the file as it was sent"
    elif meta.get("template_version") == "1":
        refuse = (f"was made with matrix template version 1, which had no signature binding a "
                  f"copy to its party; this program reads version {TEMPLATE_VERSION}: ask the "
                  "coordinator for a new matrix and copy the entries into it (a coordinator's "
                  "own collected matrix of version 1 is read only by the program version that "
                  "made it)")
    elif meta.get("template_version") != TEMPLATE_VERSION:
        refuse = (f"was made with matrix template version {meta.get('template_version')}; this "
                  f"program reads version {TEMPLATE_VERSION}: ask the coordinator for a new "
                  "matrix and copy the entries into it")
    elif meta.get("plan_id") != pf.plan.id:
        refuse = (f"is the follow-up matrix of plan '{meta.get('plan_id')}', not of "
                  f"'{pf.plan.id}'; collect it with its own plan file")
    if refuse:
        raise MatrixError([Issue(name, refuse)])
    base: dict[str, FollowupRow] = {}
    conflicts: list[Conflict] = []
    listed: dict[str, list[str]] = {"returned": [], "collected": [], "taken": []}
    taken: dict[str, dict[str, str]] = {}
    start = len(labels) + 2
    header = [ws.cell(start, c).value for c in range(1, len(INPUT_FIELDS) + 2)]
    labelled = [str(ws.cell(r, 1).value) for r in range(1, len(labels) + 1)] == list(labels)
    try:
        if header != ["key", *INPUT_FIELDS] or not labelled:
            raise ValueError("the metadata layout was changed")
        for r in range(start + 1, ws.max_row + 1):
            raw = [meta_text(ws.cell(r, c).value) for c in range(1, len(INPUT_FIELDS) + 2)]
            if raw[0]:
                if raw[0] in base:
                    raise ValueError(f"row key {raw[0]} twice in the base table")
                base[raw[0]] = FollowupRow.from_key(raw[0], **dict(zip(INPUT_FIELDS, raw[1:],
                                                                       strict=True)))
        conflicts = _read_conflicts(ws)
        for col, label in ((RETURNED_META_COL, "returned"), (COLLECTED_META_COL, "collected"),
                           (TAKEN_META_COL, "taken")):
            if meta_text(ws.cell(1, col).value) == label:
                listed[label] = [text for r in range(2, ws.max_row + 1)
                                 if (text := meta_text(ws.cell(r, col).value))]
        if not verify_signature(key, meta, list(base.values()), conflicts,
                                listed["returned"], listed["collected"], listed["taken"]):
            raise ValueError("the signature does not verify")
        taken = parse_record(listed["taken"])
    except ValueError:
        raise MatrixError([Issue(f"{name}: {SHEET_META}", "the signature of the matrix does not "
                                 "verify: its hidden metadata sheet was changed, or the file was "
                                 "made with another key; use the file as it was sent, or collect "
                                 "with the key file of the plan it was sent from")]) from None
    return Meta(meta, base, conflicts, listed["returned"], listed["collected"], taken)


def meta_text(value: object) -> str:
    """A metadata cell as text (a whole number saved as a float reads as its digits), as it
    was written (:func:`._values.cell_text`: ``put`` writes a literal ``_x0041_`` as
    ``_x005F_x0041_``)."""
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        value = int(value)
    return str(cell_text(value))


def signature(key: bytes, meta: dict[str, str], base: list[FollowupRow],
              conflicts: Sequence[Conflict] = (), returned: Sequence[str] = (),
              collected: Sequence[str] = (), taken: Sequence[str] = ()) -> str:
    """Return the signature of the metadata :data:`META_KEYS`, the base rows sent, and the
    conflicts of a merged matrix, the parties whose copies it collected, those copies'
    SHA-256 digests (`collected`) and the record of the cells taken from them (`taken`, as
    :func:`._taken.record_texts` writes it), made with the plan's `key` (see
    :mod:`._signing`): only the holder of the key can make a signature that verifies, so a
    copy cannot be relabelled, its base rows changed or its conflicts removed."""
    return sign(key, {k: meta.get(k, "") for k in META_KEYS},
                _signed_rows(base, conflicts, returned, collected, taken))


def verify_signature(key: bytes, meta: dict[str, str], base: list[FollowupRow],
                     conflicts: Sequence[Conflict] = (), returned: Sequence[str] = (),
                     collected: Sequence[str] = (), taken: Sequence[str] = ()) -> bool:
    """True when ``meta["signature"]`` is the :func:`signature` of `meta`, `base`,
    `conflicts`, `returned`, `collected` and `taken` made with `key` (compared in constant
    time)."""
    return verify(key, {k: meta.get(k, "") for k in META_KEYS},
                  _signed_rows(base, conflicts, returned, collected, taken),
                  meta.get("signature", ""))


def _signed_rows(base: list[FollowupRow], conflicts: Sequence[Conflict],
                 returned: Sequence[str] = (), collected: Sequence[str] = (),
                 taken: Sequence[str] = ()) -> list[list[str]]:
    rows = [[r.key, *(value_text(v) for v in r.inputs().values())] for r in base]
    # "~", "+", "#" and "@" start no row key, so a conflict row, a party heard from, a copy
    # collected or a row's cells taken is never read as a base row (and a matrix without
    # them is signed as before)
    return (rows + [["~", *row] for row in conflict_rows(conflicts)]
            + [["+", party] for party in returned] + [["#", digest] for digest in collected]
            + [["@", line] for line in taken])
