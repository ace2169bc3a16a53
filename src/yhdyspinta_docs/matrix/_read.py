"""Reading a returned follow-up matrix, whatever Excel or LibreOffice Calc did to it.

A returned file is first passed through :func:`._guard.check_xlsx`, then parsed by openpyxl
(formulas, and cached values if needed; nothing is ever saved). What is tolerated:

* rows sorted, filtered or hidden; columns hidden, widened or reordered (found by header);
  sheets added (not read: warned of); the file renamed (known by its metadata); sheets and
  headers in Finnish, Swedish or both (:mod:`._labels`, :attr:`ReturnedFile.langs`);
* status typed by hand in Finnish or Swedish, with any case, extra or non-breaking spaces
  (:func:`parse_status`);
* dates as real dates, serial numbers or text ``1.7.2026`` / ``2026-07-01``
  (:func:`parse_date`); numbers in text cells; a formula whose computed value is valid (one
  that reads outside the file is applied and warned about: :func:`._values.reads_outside`);
* rows deleted (a missing row is not a deletion of its entries; collect warns of it).

What is refused, each as one :class:`~yhdyspinta_docs.errors.Issue` formatted ``file:
Sheet!Cell: what is wrong, what is expected`` (a sheet name with a space or a dash quoted as
Excel writes it: ``'Seuranta – Uppföljning'!F3``), all of a file's problems: a file of
another plan or template version; a file whose signature (the plan's key, :mod:`._signing`)
does not verify: its hidden metadata sheet was changed, it was relabelled as another party's
copy, or it was made with another key; a missing required column; an unknown, changed or
duplicated ``Tunnus``; entries on a row without one; a value that is not a status or a date;
an error value (``#NAME?``); text too long for a cell; a number in a date cell that no date
can be (``#VALUE!`` to openpyxl, named as that number: :func:`._book.undated_numbers`).

**A party's copy is bound to its party.** Only the rows of the party it was sent to (the
signed recipient) are read from it: a row of another party is never applied, and one with
entries (added: a copy is sent with its party's rows only) is warned about with file and cell
(:attr:`ReturnedFile.warnings`), as is a changed locked cell of its own rows or what is never
read: an added column or sheet, text below the table (:mod:`._locked`). A party copy's
``Arkisto`` is not read: the archive is the coordinator's. The combined copy (recipient
:data:`~._signing.COMBINED`) is trusted with every row and its archive.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from .._arguments import key_argument, path_argument
from ..errors import Issue, MatrixError
from ..plan import Lang, PlanFile
from ._book import Book, Sheet, Values
from ._cells import cell_value
from ._followup import (
    ARCHIVE_COLUMNS,
    COLUMNS,
    INPUT_FIELDS,
    SHEET_ARCHIVE,
    SHEET_CONFLICTS,
    SHEET_DATA,
    Column,
    FollowupData,
    FollowupRow,
    header_forms,
    normalize_header,
)
from ._guard import XlsxRefused, check_xlsx
from ._labels import Labels, find_sheet, finnish_label, label_languages, languages_of
from ._locked import foreign_change, locked_changes, party_of, unread_text
from ._meta import read_meta
from ._returned import ReturnedFile, no_data_sheet, rows_missing, unresolved_error
from ._sheets import read_choices
from ._values import (
    bidi_warning,
    cell_reads_outside,
    cell_ref,
    cell_text,
    names_warning,
    number_format_of,
    number_warning,
    outside_warning,
    reads_outside,
    typed_text,
)
from ._write import SentCells, plan_cells, plan_rows

__all__ = ["IN_MEMORY", "parse_matrix", "path_error", "read_matrix"]

HEADER_SEARCH_ROWS = 10


IN_MEMORY = ("a returned workbook held in memory is written to a file first (in a temporary "
              "folder of its own, under the name it came with)")


def path_error(what: str) -> MatrixError:
    return MatrixError([Issue("", what)])


def read_matrix(path: str | Path, pf: PlanFile, *, key: bytes,
                on_warning: Callable[[str], object] | None = None) -> FollowupData:
    """Read and validate the follow-up matrix at `path` made from plan `pf`.

    The file must be a matrix of the same plan id and template version (any plan version,
    so an earlier year's matrix can be carried into a changed plan), signed with `key`, the
    plan's key. Raises :class:`MatrixError` with every problem found, one per cell (and for
    rows deleted from the file, whose entries only it has), and
    :class:`~yhdyspinta_docs.errors.MergeConflictError` for a merged matrix whose conflicts
    are not resolved yet (see :mod:`._resolve`). `on_warning` is given each warning about
    the file (a column someone added, a changed locked cell …), as collect tells them."""
    path = path_argument(path, "read_matrix(path)", path_error, IN_MEMORY)
    result = parse_matrix(path, pf, key=key_argument(key, "read_matrix(key=…)"))
    if missing := rows_missing(result):  # the file is where the entries are: none is lost
        raise MatrixError(missing)
    if on_warning is not None:
        for warning in result.warnings:
            on_warning(warning)
    from ._collect import heard_from  # collect reads with this module

    return result.data().model_copy(update={"returned": heard_from(pf, result)})


def parse_matrix(path: str | Path, pf: PlanFile, *, key: bytes, name: str | None = None,
                 plan: Mapping[str, FollowupRow] | None = None,
                 sent_cells: SentCells | None = None,
                 allow_conflicts: bool = False) -> ReturnedFile:
    """Parse the matrix at `path`; raise :class:`MatrixError` with all of its problems.

    A merged matrix with unresolved conflicts is refused with
    :class:`~yhdyspinta_docs.errors.MergeConflictError` naming each conflict and how to
    resolve it, unless `allow_conflicts` (``resolve`` reads it to apply the choices).

    `key` is the plan's key; a file whose signature does not verify with it is refused.
    `name` is how the file is called in messages (default: its file name). `plan` is
    ``{row.key: row for row in plan_rows(pf)}`` when the caller has it already (collect reads
    many files of one plan); `sent_cells`, likewise, keeps what the plan shows in the locked
    columns for every file of one collect (each language computed once, not once a file).
    """
    path = path_argument(path, "a matrix's path", path_error, IN_MEMORY)
    name = name or path.name
    try:
        data = check_xlsx(path, name)
    except XlsxRefused as exc:
        raise MatrixError([exc.issue]) from None
    wb = Book(data, name, data_only=False)
    try:
        result = _parse(wb, data, pf, name, plan, key, sent_cells)
    finally:
        wb.close()
    if result.unresolved and not allow_conflicts:
        raise unresolved_error(result, path, pf)
    return result


def _parse(wb: Book, data: bytes, pf: PlanFile, name: str,
           titles: Mapping[str, FollowupRow] | None, secret: bytes,
           sent_cells: SentCells | None) -> ReturnedFile:
    meta, base, conflicts, returned, collected, taken = read_meta(wb, pf, name, secret)
    result = ReturnedFile(name, hashlib.sha256(data).hexdigest(), meta, base, conflicts=conflicts,
                          returned=returned, collected=collected, taken=taken)
    outside = [(n, what) for n, text in wb.defined_names() if (what := reads_outside(text))]
    if outside:  # a cell's formula may read outside through a name
        result.warnings.append(names_warning(name, outside))
    issues: list[Issue] = []
    ws = _data_sheet(wb)
    if ws is None:
        raise MatrixError([no_data_sheet(name, wb.sheetnames)])
    epoch_1904 = bool(wb.epoch.year == 1904)
    result.langs = _languages(ws)
    if titles is None:  # the rows read keep the titles in the file's language
        titles = {r.key: r for r in plan_rows(pf, langs=result.langs)}
    sent: Mapping[str, dict[str, str | None]] = {}
    if result.langs and result.meta.get("plan_version") == pf.plan.version:
        # with `sent_cells`, every party's rows: those of other parties are skipped below
        sent = (sent_cells(result.langs) if sent_cells is not None else
                plan_cells(pf, result.recipient, result.langs))
    seen: dict[str, int] = {}
    heads: dict[str, str] = {}  # field → its column's header as the file shows it
    for r, key, values, cells, shown, outside, bidi, formats in _iter_rows(
            ws, Values(data, name, ws.title), COLUMNS, name, issues, epoch_1904, heads):
        where = f"{name}: {cells['key']}"
        if result.recipient is not None and key is not None and party_of(key) not in (
                None, result.recipient):
            result.warnings += foreign_change(result.name, result.recipient, key, values, cells,
                                              result.base.get(key))
            continue
        code = heads["key"]  # Tunnus, as the file names it (Kod in a Swedish copy)
        if key is None:
            issues.append(Issue(where, f"this row has entries but no {code}; rows cannot be "
                                "added: write the entries on the row of the measure"))
            continue
        if key not in base:
            to = f" to '{result.recipient}'" if result.recipient else ""
            issues.append(Issue(where, f"{code} '{key}' was not in the matrix sent{to}; do not "
                                f"change the {code} column or copy rows from other files"))
            continue
        if key in seen:
            issues.append(Issue(where, f"{code} '{key}' is also on row {seen[key]}; keep the "
                                "entries on one row only"))
            continue
        seen[key] = r
        plan = titles.get(key)
        # a row the plan no longer has keeps the title and party name the file shows, so
        # that its archived entry still says what it was
        result.rows[key] = base[key].model_copy(update={
            "measure": plan.measure if plan else shown.get("measure"),
            "party": plan.party if plan else shown.get("party"), **values})
        result.cells[key] = cells
        result.warnings += [outside_warning(f"{name}: {cells[f]}: {heads[f]}", values[f], what)
                            for f, what in outside.items()]
        result.warnings += [bidi_warning(f"{name}: {cells[f]}: {heads[f]}", values[f], codes)
                            for f, codes in bidi.items()]
        result.warnings += [number_warning(f"{name}: {cells[f]}: {heads[f]}", values[f], fmt)
                            for f, fmt in formats.items()]
        if key in sent:
            result.warnings += locked_changes(result.name, shown, cells, sent[key], heads)
    # never read, so warned of: text in a column added or below the table, a sheet added
    copies = {t: _entries_on(wb.sheet(t)) for t in wb.sheetnames
              if t != ws.title and t.casefold().startswith(ws.title.casefold())}
    result.warnings += unread_text(name, wb.sheetnames, ws, _header(ws, COLUMNS) or (0, {}),
                                   heads, copies)
    archive = find_sheet(wb.sheetnames, SHEET_ARCHIVE)
    if archive and result.combined:
        result.archived = _read_archive(wb[archive], Values(data, name, archive),
                                        name, issues, epoch_1904, result.warnings)
    elif archive and ws.title != archive:
        sheet = wb.sheet(archive)
        if sheet is not None and sheet.max_row > 1:
            # not applied; read only to tell whether it is the archive the copy was sent with
            unread: list[Issue] = []
            kept = _read_archive(wb[archive], Values(data, name, archive), name, unread,
                                 epoch_1904, [])
            result.archive_note = (None if unread else kept, (
                f"{name}: sheet '{archive}' was not read: the archive is the coordinator's, "
                f"and a copy sent to '{result.recipient}' does not change it (earlier "
                "archived entries come from the --base matrix)"))
    conflicts_sheet = find_sheet(wb.sheetnames, SHEET_CONFLICTS)
    if result.conflicts and conflicts_sheet:
        sheet = wb.sheet(conflicts_sheet)
        if sheet is not None:
            result.choices = read_choices(sheet)
    if issues:
        raise MatrixError(issues, header=f"{name}: {len(issues)} problem(s); nothing was read "
                          "from this file")
    return result


def _languages(ws: Sheet) -> tuple[Lang, ...] | None:
    """The language(s) of a copy by its key column's header (``Tunnus``, ``Kod``, ``Tunnus /
    Kod``), which is locked and stays when the sheet is renamed (Calc lets a party rename it);
    by the sheet's name when that header is not one."""
    head = _header(ws, COLUMNS)
    key = ws.cell(head[0], head[1]["key"]).value if head else None
    return label_languages(key, "Tunnus") or languages_of(ws.title, SHEET_DATA)


def _entries_on(ws: Sheet | None) -> list[str]:
    """The keys of the rows with entries on `ws`, a sheet with the matrix's headers."""
    head = _header(ws, COLUMNS) if ws is not None else None
    if ws is None or head is None:
        return []
    top, cols = head
    inputs = [cols[f] for f in INPUT_FIELDS if f in cols]
    return [str(ws.cell(r, cols["key"]).value) for r in range(top + 1, ws.max_row + 1)
            if ws.cell(r, cols["key"]).value and any(
                str(ws.cell(r, c).value or "").strip() for c in inputs)]


def _data_sheet(wb: Book) -> Sheet | None:
    found = find_sheet(wb.sheetnames, SHEET_DATA)
    names = [found] if found else []
    for ws_name in [*names, *(n for n in wb.sheetnames if n != found)]:
        ws = wb.sheet(ws_name)
        if ws is not None and _header(ws, COLUMNS) is not None:
            return ws
    return None


def _header(ws: Sheet, spec: tuple[Column, ...]) -> tuple[int, dict[str, int]] | None:
    """Return (header row, field → column) when a row has the key and first input header."""
    by_header = {form: c.field for c in spec for form in header_forms(c.header)}
    for r in range(1, min(ws.max_row, HEADER_SEARCH_ROWS) + 1):
        found: dict[str, int] = {}
        for c in range(1, ws.max_column + 1):
            fld = by_header.get(normalize_header(ws.cell(r, c).value))
            if fld and fld not in found:
                found[fld] = c
        if "key" in found and any(f in found for f in INPUT_FIELDS):
            return r, found
    return None


def _iter_rows(ws: Sheet, wsv: Values, spec: tuple[Column, ...], name: str,
               issues: list[Issue], epoch_1904: bool, heads: dict[str, str]) -> Any:
    """Yield (row, key, input values, cell refs, plan cells shown, what reads outside,
    bidirectional controls removed, number formats) for every non-empty row below the
    header; `heads` gets each field's header as the file shows it (Swedish in a Swedish copy).
    What reads outside is, per field whose value comes from a formula that reads outside the
    file (:func:`._values.reads_outside`), what in it does; the controls, per text field, the
    codes of the bidirectional controls its text had (:func:`._values.bidi_controls`); the
    formats, per text field holding a number in a format of its own, that format
    (:func:`._values.number_format_of`)."""
    head = _header(ws, spec)
    assert head is not None
    top, cols = head
    words = Labels(label_languages(ws.cell(top, cols["key"]).value, "Tunnus") or ("fi",))
    missing = [words(c.header) for c in spec if c.kind != "plan" and c.field not in cols]
    if missing:
        issues.append(Issue(f"{name}: {cell_ref(ws.title, f'{top}:{top}')}", f"column(s) "
                            f"{', '.join(missing)} are missing; do not delete or rename columns"))
        return
    fields = [c for c in spec if c.kind == "input" and c.field in cols]
    heads.update({f: " ".join(str(ws.cell(top, c).value).split()) for f, c in cols.items()})
    named = [c.field for c in spec if c.kind == "plan" and c.field in cols]
    for r in range(top + 1, ws.max_row + 1):
        if not ws.row(r):  # a row the file does not have (a stray cell far below): nothing
            continue
        key_cell = ws.cell(r, cols["key"])
        cells = {"key": cell_ref(ws.title, key_cell.coordinate)}
        values: dict[str, Any] = {}
        outside: dict[str, str] = {}
        bidi: dict[str, list[str]] = {}
        formats: dict[str, str] = {}  # a text field's number shown in a format of its own
        bad = False
        for col in fields:
            cell = ws.cell(r, cols[col.field])
            cells[col.field] = cell_ref(ws.title, cell.coordinate)
            removed: list[str] = []
            try:
                values[col.field] = cell_value(cell, partial(wsv.cell, r, cols[col.field]), col,
                                           epoch_1904, heads[col.field],
                                           partial(wsv.number, r, cols[col.field]), removed)
                if removed and values[col.field] is not None:
                    bidi[col.field] = removed
                what = cell_reads_outside(cell)
                if what is not None and values[col.field] is not None:
                    outside[col.field] = what
                source = wsv.cell(r, cols[col.field]) if cell.data_type == "f" else cell
                if col.type == "text" and (fmt := number_format_of(source)) is not None:
                    formats[col.field] = fmt
            except ValueError as exc:
                issues.append(Issue(f"{name}: {cells[col.field]}", str(exc)))
                bad = True
        key = key_cell.value
        if isinstance(key, str):
            key = unicodedata.normalize("NFKC", key).strip() or None
        if key is None and not bad and all(v is None for v in values.values()):
            continue
        if key is not None and not isinstance(key, str):
            issues.append(Issue(f"{name}: {cells['key']}", f"{heads['key']} {key!r} is not a "
                                f"row key; do not change the {heads['key']} column"))
            continue
        if not bad:
            shown: dict[str, Any] = {}
            for f in named:
                cell = ws.cell(r, cols[f])
                cells[f] = cell_ref(ws.title, cell.coordinate)
                try:
                    shown[f] = typed_text(cell_text(cell.value))
                except ValueError:
                    shown[f] = None  # plan text: to label an archived entry, and compare
            yield r, key, values, cells, shown, outside, bidi, formats


def _read_archive(ws: Sheet, wsv: Values, name: str, issues: list[Issue],
                  epoch_1904: bool, warnings: list[str]) -> list[FollowupRow]:
    """The archived entries of the coordinator's combined copy; a value whose formula reads
    outside the file, or a typed text that had bidirectional controls, is kept with a warning
    in `warnings`, as on the data sheet."""
    head = _header(ws, ARCHIVE_COLUMNS)
    if head is None:
        return []
    top, cols = head
    out = []
    for r in range(top + 1, ws.max_row + 1):
        values: dict[str, Any] = {}
        notes: list[str] = []  # the warnings for this row (given if it is read)
        try:
            for col in ARCHIVE_COLUMNS:
                if col.field in cols:
                    c = cols[col.field]
                    cell = ws.cell(r, c)
                    removed: list[str] = []
                    header = " ".join(str(ws.cell(top, c).value).split())  # as it shows it
                    values[col.field] = cell_value(cell, partial(wsv.cell, r, c), col, epoch_1904,
                                               header, partial(wsv.number, r, c), removed)
                    if values[col.field] is None:
                        continue
                    where = f"{name}: {cell_ref(ws.title, cell.coordinate)}: {header}"
                    what = cell_reads_outside(cell)
                    if what is not None:
                        notes.append(outside_warning(where, values[col.field], what))
                    if removed and col.field in INPUT_FIELDS:  # typed, not the plan's
                        notes.append(bidi_warning(where, values[col.field], removed))
            key = values.pop("key", None)
            if isinstance(values.get("archive_reason"), str):  # the program's reasons in Finnish
                values["archive_reason"] = finnish_label(values["archive_reason"])
            if key:
                out.append(FollowupRow.from_key(key, **values))
                warnings += notes
        except ValueError as exc:
            where = cell_ref(ws.title, f"{r}:{r}")
            issues.append(Issue(f"{name}: {where}", f"archived entry: {exc}"))
    return out
