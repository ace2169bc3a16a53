"""Resolving the conflicts of a merged matrix: the coordinator's choice per conflict applied.

:func:`~._collect.collect` keeps every value of a conflicting cell on the ``Ristiriidat`` sheet
and, signed, on the metadata sheet of the merged matrix; until the conflicts are resolved the
reader refuses the file for the report, next year's matrix and ``collect --base``. The
coordinator types, in the ``Valinta`` column of the ``Ristiriidat`` sheet, which value stays
(the ``Nro`` of a value, 0 for the value sent, the name of a file, with or without its
extension, or a new value), and
:func:`resolve` writes a new merged matrix with the chosen values in their cells. The
choices are read from the coordinator's own file (a combined copy that verifies with the
plan's key). Nothing is lost: every value stays on the ``Ristiriidat`` sheet of the result,
the one in force marked, and on its signed metadata sheet. The result keeps the record of the
cells taken from the parties' copies (:mod:`._taken`) but for the cells resolved: a value
chosen is the coordinator's, so a party's later copy that changes it again is a conflict.
"""

from __future__ import annotations

import datetime as dt
import re
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from .._arguments import key_argument
from ..errors import Issue, MatrixError
from ..plan import PlanFile
from ._collect import CollectResult, SourceSummary, display, heard_from
from ._conflict import Conflict
from ._followup import SHEET_CONFLICTS, FollowupRow, normalize_header, parse_status
from ._labels import Labels
from ._read import parse_matrix
from ._replaced import check_replaced
from ._returned import rows_missing
from ._taken import still_taken
from ._values import strip_hidden, typed_text
from ._write import matrix_langs, render_matrix

__all__ = ["resolve"]


def resolve(pf: PlanFile, path: str | Path, *, key: bytes, date: dt.date | None = None,
            template: Path | None = None, out: str | Path | None = None) -> CollectResult:
    """Apply the choices typed in the ``Valinta`` column of the ``Ristiriidat`` sheet of the
    merged matrix `path` and return a merged matrix with no unresolved conflict.

    Per conflict, the choice is the ``Nro`` of a value (0 = the value sent), the name of a
    file listed for it (in any case, with or without its extension), or a new value (read
    like a value typed in the matrix). Every value of every conflict stays on the
    ``Ristiriidat`` sheet (and, signed, on the metadata sheet) of the result, the value in
    force marked. `date` is the date of the result (default: the
    date of `path`). Raises :class:`MatrixError` naming the cell of every conflict without a
    choice, or with a choice that cannot be read; nothing is written then.

    `out` is where the caller will write the result (the CLI's ``--out``): when another
    merged matrix of the plan is there,
    :class:`~yhdyspinta_docs.errors.OutputError` is raised if writing the result there would
    lose or change an entry of it (an earlier resolved file with corrections typed into it),
    as :func:`~._collect.collect` does. Without `out` nothing is checked.
    """
    f = parse_matrix(path, pf, key=key_argument(key, "resolve(key=…)"), allow_conflicts=True)
    if not f.combined:
        raise MatrixError([Issue(f.name, "is a copy sent to a party, not a merged matrix; "
                                 "resolve the file that collect wrote")])
    if not f.unresolved:
        raise MatrixError([Issue(f.name, "has no unresolved conflicts; use it as it is")])
    if missing := rows_missing(f):  # a row deleted from it: its entries would be lost
        raise MatrixError(missing)
    rows = {k: f.current(k) for k in f.base}
    words = Labels(f.langs or ("fi",))  # the sheet and columns as the file names them
    if f.choices is None:  # the sheet's header row is not found
        sheet = words.sheet(SHEET_CONFLICTS)
        heads = ", ".join(words(h) for h in ("Tunnus", "Sarake", "Valinta"))
        raise MatrixError([Issue(f"{f.name}: {sheet}", f"the header row of the sheet {sheet} "
                                 f"({heads}) is not found: a header cell was typed over or "
                                 "deleted; write the header back as it was (Ctrl+Z) and "
                                 "type each choice on its conflict's row")])
    issues: list[Issue] = []
    resolved: list[Conflict] = []
    for c in f.conflicts:
        if c.chosen is not None:
            resolved.append(c)
            continue
        typed = (f.choices or {}).get((c.key, normalize_header(c.column)), [])
        column = c.column_in(f.langs)
        try:
            value = _choice(c, typed, words)
            if c.field == "status":  # a typed status named wrong: the file's statuses told
                value = parse_status(value, f.langs)
            row = rows[c.key]
            rows[c.key] = FollowupRow.model_validate({**row.model_dump(), c.field: value})
        except _NoChoice as exc:
            issues.append(Issue(f"{f.name}: {exc.cell}", f"{c.key} {column}: {exc.what}"))
            continue
        except ValueError as exc:  # the cell where the choice was typed
            cell = next(where for where, v in typed if _choice_text(v))
            issues.append(Issue(f"{f.name}: {cell}", f"{c.key} {column}: the choice cannot "
                                f"be used: {_error_text(exc)}"))
            continue
        resolved.append(c.model_copy(update={"chosen": display(getattr(rows[c.key], c.field))}))
    if issues:
        where = (f"the column {words('Valinta')} of the sheet {words.sheet(SHEET_CONFLICTS)} "
                 f"type the {words('Nro')}" if f.langs else "the column Valinta (Val) of the "
                 "sheet Ristiriidat (Konflikter) type the Nro")  # both when not known
        raise MatrixError(issues, header=f"{f.name}: {len(issues)} conflict(s) have no usable "
                          f"choice; nothing was written. In {where} of the value that stays (0 "
                          "= the value sent), or the value itself, on a row of each conflict, "
                          "save the file and resolve again")
    data = f.data().model_copy(update={"rows": [rows[k] for k in f.base],
                                       "returned": heard_from(pf, f)})
    when = date or f.created
    workbook = render_matrix(pf, data, key=key, conflicts=resolved, template=template,
                             date=when, langs=f.langs,  # in the language of the merged file
                             sent=list(f.base.values()),  # what the round's copies were sent
                             returned=f.returned, collected=f.collected,
                             taken=still_taken(f, rows, [(c.key, c.field) for c in f.unresolved]))
    if out is not None:  # a merged matrix there keeps its entries unless it is `path`
        check_replaced(pf, Path(out), Path(path), data, key=key,
                       resolved=[(c.key, c.field) for c in f.unresolved])
    source = SourceSummary(f.name, f.sha256, None, len(f.rows),
                           sum(c.chosen is None for c in f.conflicts))
    return CollectResult(data, [], workbook, [source], list(f.warnings),
                         langs=matrix_langs(pf, None, f.langs))


class _NoChoice(Exception):
    def __init__(self, cell: str, what: str) -> None:
        super().__init__(what)
        self.cell, self.what = cell, what


def _choice(c: Conflict, typed: list[tuple[str, Any]], words: Labels) -> Any:
    """The value chosen for conflict `c` by its ``Valinta`` cells (None = empty); the sheet
    and its columns named in the language(s) of `words`, the merged matrix's."""
    if not typed:
        sheet = words.sheet(SHEET_CONFLICTS)
        raise _NoChoice(sheet, f"its rows are missing from the sheet {sheet}; they cannot be "
                        "resolved without them (collect again)")
    given = {_choice_text(v) for _, v in typed} - {""}
    if c.field == "status":  # 'Valmis', 'valmis' and 'Klar' are one choice
        given = {_same_status(text) for text in given}
    if not given:
        raise _NoChoice(typed[0][0], f"no choice in the column {words('Valinta')}; type the "
                        f"{words('Nro')} of the value that stays: " + ", ".join(
                            [f"0 = '{c.shown(c.base, words.langs)}' (sent)",
                             *(f"{n} = '{c.shown(v.value, words.langs)}' ({v.file})"
                               for n, v in enumerate(c.values, start=1))])
                        + ", or the value itself")
    if len(given) > 1:
        raise _NoChoice(typed[0][0], "different choices on its rows (" + ", ".join(
            f"'{g}'" for g in sorted(given)) + "); leave one")
    text = given.pop()
    if text.isdigit():
        n = int(text)
        if n > len(c.values):
            raise ValueError(f"there is no value {words('Nro')} {n}; type 0–{len(c.values)}, "
                             "or the value itself")
        return (c.base if n == 0 else c.values[n - 1].value) or None
    by_file = [v for v in c.values if _file_key(v.file) == _file_key(text)]
    # a name without its extension (Windows hides it: vaasa_sivistys for vaasa_sivistys.xlsx)
    by_file = by_file or [v for v in c.values if _file_key(Path(v.file).stem) == _file_key(text)]
    if len({v.file for v in by_file}) > 1:
        raise ValueError(f"'{text}' names more than one file ("
                         + ", ".join(sorted({v.file for v in by_file})) + f"); type the "
                         f"{words('Nro')} of the value that stays, or the file's whole name")
    if by_file:
        return by_file[0].value or None
    _refuse_unknown_file(c, text, words)
    # a status named in another way is the status itself (see _same_status)
    typed_value = next((v for _, v in typed if _choice_text(v) == text), text)
    # a new value as typed, read like a cell of the matrix: its line breaks kept
    return typed_text(typed_value) if isinstance(typed_value, str) else text


_SPREADSHEET_ENDINGS = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
_COPY_NUMBER = re.compile(r"(.+?)\s*\(\d+\)(\.\w+)?")  # Windows' second copy: name (2).xlsx


def _file_key(name: str) -> str:
    """A file name as choices are compared with it: in any case, spaces, hyphens and
    underscores alike (``joutsa anna`` is ``joutsa_anna.xlsx``'s name typed by hand)."""
    return re.sub(r"[\s_-]+", "_", name.strip().casefold())


def _refuse_unknown_file(c: Conflict, text: str, words: Labels) -> None:
    """Refuse a choice that names a file none of the conflict's values comes from: a name
    ending as a spreadsheet's does (one word, or Windows' ``name (2).xlsx``), or text written
    as file names are (digits, ``_ - . ( )``) and close to a listed file's name. A word or a
    sentence, an address or a link is a new value. Taken as a new value, a mistyped file name
    would replace the party's entry."""
    if {"@", "/", ":"} & set(text):
        return
    typed = _file_key(text)
    copy = _COPY_NUMBER.fullmatch(typed)
    names = [_file_key(n) for v in c.values for n in (v.file, Path(v.file).stem)]
    file_like = any(ch.isdigit() or ch in "_-.()" for ch in text)
    close = file_like and bool(get_close_matches(copy.group(1) if copy else typed, names, n=1,
                                                 cutoff=0.8))
    ends = typed.endswith(_SPREADSHEET_ENDINGS) and (" " not in text.strip() or copy)
    if not (ends or close):
        return
    listed = ", ".join(f"{words('Nro')} {n} = {v.file}" for n, v in enumerate(c.values, start=1))
    shown = text if len(text) <= 80 else text[:79] + "…"  # a cell may hold 32,767 characters
    raise ValueError(f"'{shown}' looks like a file name, but no value of this conflict comes from "
                     f"such a file ({listed}); type the {words('Nro')} or the name of a file "
                     "listed (a new value written like a file name: choose any value here, "
                     "then type it into the resolved matrix's cell)")


def _same_status(text: str) -> str:
    """A typed status as the status it names (Finnish, as stored); other text as it is."""
    try:
        status = parse_status(text)
    except ValueError:
        return text
    return status.value if status is not None else text


def _choice_text(value: Any) -> str:
    """A typed choice as text to compare (a number saved by Calc or Excel as 2.0 reads as
    '2'; spaces and line breaks as one space, hidden direction marks removed)."""
    if isinstance(value, float) and value == int(value):
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return display(value)
    if isinstance(value, str):
        value = strip_hidden(value)
    return "" if value is None else " ".join(str(value).split())


def _error_text(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        return "; ".join(str(e.get("msg", "")).removeprefix("Value error, ")
                         for e in errors())
    return str(exc)
