"""One returned matrix as parsed: what was sent (its base), what the file has now, where;
and the error for a merged matrix whose conflicts are not resolved yet."""

from __future__ import annotations

import datetime as dt
import re
import shlex
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Issue, MergeConflictError
from ..plan import Lang, PlanFile
from ..plan._source import plan_name
from ._conflict import Conflict
from ._followup import (
    COLUMNS,
    INPUT_FIELDS,
    SHEET_ARCHIVE,
    SHEET_CONFLICTS,
    SHEET_DATA,
    SHEET_HELP,
    SHEET_LISTS,
    SHEET_SUMMARY,
    FollowupData,
    FollowupRow,
    value_text,
)
from ._labels import Labels, book_languages, resolved_name
from ._locked import party_of
from ._signing import COMBINED
from ._values import parse_date

__all__ = [
    "ReturnedFile",
    "base_kept",
    "carried_without_base",
    "dates_outside",
    "misnamed",
    "missing_rows",
    "no_data_sheet",
    "resolve_how",
    "round_issues",
    "rows_missing",
    "same_party_warnings",
    "unresolved_error",
]


@dataclass
class ReturnedFile:
    """One parsed matrix: its metadata, the BASE values sent and the values read.

    `rows` has only the rows present in the file; `cells` gives, per key and field, the cell
    a value was read from (``Seuranta!G7``).
    """

    name: str
    sha256: str
    meta: dict[str, str]
    base: dict[str, FollowupRow]
    rows: dict[str, FollowupRow] = field(default_factory=dict)
    cells: dict[str, dict[str, str]] = field(default_factory=dict)
    archived: list[FollowupRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    langs: tuple[Lang, ...] | None = None
    """The language(s) of the matrix, by the name of its data sheet (None: not known)."""
    archive_note: tuple[list[FollowupRow] | None, str] | None = None
    """A party's copy with an ``Arkisto`` sheet: its rows (None if unreadable), which are not
    applied, and the warning that says so, given unless they are the base's own."""
    returned: list[str] = field(default_factory=list)
    """A merged matrix's parties whose copies were collected into it (by their signature),
    whether or not they changed anything."""
    collected: list[str] = field(default_factory=list)
    """A merged matrix's SHA-256 digests of the copies collected into it: the same copy given
    again with it as the base adds nothing, so corrections typed into it stay."""
    taken: dict[str, dict[str, str]] = field(default_factory=dict)
    """A merged matrix's record of the cells it took from the parties' copies: per row key and
    field, the digest of the value collected (:mod:`._taken`)."""
    choices: dict[tuple[str, str], list[tuple[str, Any]]] | None = field(default_factory=dict)
    """Per conflict (row key, field), the ``Valinta`` cells typed on the ``Ristiriidat``
    sheet: (cell, value); the first is the cell of the conflict's first row. None when the
    sheet is there and its header row is not (a choice typed over a header cell)."""

    @property
    def unresolved(self) -> list[Conflict]:
        """The conflicts of a merged matrix that no choice has resolved yet."""
        return [c for c in self.conflicts if c.chosen is None]

    @property
    def recipient(self) -> str | None:
        """Party id of a party's copy, None for the coordinator's combined copy."""
        recipient = self.meta.get("recipient") or COMBINED
        return None if recipient == COMBINED else recipient

    @property
    def combined(self) -> bool:
        """True for the coordinator's combined copy (every party's rows, signed as such)."""
        return self.recipient is None

    def current(self, key: str) -> FollowupRow:
        """The row as the file has it: the row read, or the base if the row was removed."""
        return self.rows.get(key) or self.base[key]

    def data(self) -> FollowupData:
        """Return the file's follow-up data (every row sent, as the file has it now)."""
        return FollowupData(
            plan_id=self.meta["plan_id"], plan_version=self.meta["plan_version"],
            period=self.meta.get("period") or None, template_version=self.meta["template_version"],
            recipient=self.recipient, rows=[self.current(k) for k in self.base],
            archived_rows=list(self.archived), created=self.created,
            copies_collected=len(self.collected))

    @property
    def created(self) -> dt.date | None:
        """The date the matrix was made (None when the metadata has no readable date)."""
        try:
            return parse_date(self.meta.get("created"))
        except ValueError:
            return None


COLUMN_HEADERS = {c.field: c.header for c in COLUMNS}

def resolve_how(path: Path, langs: Sequence[Lang] | None, plan: str | None) -> str:
    """How to resolve the conflicts of the merged matrix at `path` (in the language(s)
    `langs` of its sheets), ending with the ``resolve`` command to run for the plan file
    `plan` (``PLAN`` where it is not known)."""
    words = Labels(tuple(langs or ("fi",)))
    command = shlex.join(["yhdyspinta-docs", "resolve", plan or "PLAN", str(path), "--out",
                          str(path.with_name(resolved_name(langs)))])
    return (f"on its sheet {words.sheet(SHEET_CONFLICTS)}, type in the column "
            f"{words('Valinta')} the {words('Nro')} of the value that stays (0 = the value "
            f"sent) or the value itself, save the file, then run: {command} (docs/matrix.md, "
            "'Resolving a conflict')")


def unresolved_error(result: ReturnedFile, path: Path, pf: PlanFile) -> MergeConflictError:
    """The error for the merged matrix at `path` of plan `pf` used before its conflicts were
    resolved; its sheet and columns named as the file shows them."""
    open_ = result.unresolved
    return MergeConflictError(
        [Issue(f"{result.name}: {c.key} {c.column_in(result.langs)}", c.changes(result.langs))
         for c in open_],
        header=f"{result.name} has {len(open_)} unresolved conflict(s) from collect and cannot "
        "be used until they are resolved: " + resolve_how(path, result.langs, plan_name(pf)))


def no_data_sheet(name: str, sheetnames: Sequence[str]) -> Issue:
    """The refusal of file `name` without a data sheet, naming the sheet and the columns it
    is found by as the workbook's other sheets (`sheetnames`) tell its language: ``sheet
    'Uppföljning' with the columns Kod and Läge``; in both languages when none tells it."""
    langs = book_languages(sheetnames, (SHEET_DATA, SHEET_HELP, SHEET_SUMMARY, SHEET_ARCHIVE,
                                        SHEET_CONFLICTS, SHEET_LISTS))
    words = Labels(langs or ("fi",))
    sheet = (f"'{words.sheet(SHEET_DATA)}' with the columns {words('Tunnus')} and "
             f"{words('Tilanne')}" if langs else "'Seuranta' (Uppföljning) with the columns "
             "Tunnus (Kod) and Tilanne (Läge)")
    return Issue(name, f"has no sheet {sheet}; use the matrix as it was sent")


def dates_outside(f: ReturnedFile, first: int, last: int) -> list[str]:
    """A warning for each ``Päivitetty`` date that `f` changed to a year outside `first` to
    `last` (a mistyped year, 1.3.2062, would otherwise date the annual report); the column
    named as `f` shows it (``Uppdaterad`` in a Swedish copy)."""
    out = []
    column = Labels(f.langs or ("fi",))(COLUMN_HEADERS["updated"])
    for key, row in f.rows.items():
        day, sent = row.updated, f.base[key].updated if key in f.base else None
        if day is not None and day != sent and not first <= day.year <= last:
            cell = f.cells.get(key, {}).get("updated", "")
            out.append(f"{f.name}: {cell}: {column} {day.day}.{day.month}.{day.year} of row "
                       f"{key} is outside the years of the plan's follow-up ({first}–{last}); "
                       f"check the year: the report is dated by the latest {column}")
    return out


def misnamed(pf: PlanFile, files: list[ReturnedFile]) -> list[str]:
    """One warning per party's copy whose file name names another party (by its id, as
    the files are named) and not the party it was sent to: its entries go to the rows of
    the party it was sent to, whatever the name says."""
    out = []
    for f in files:
        stem = Path(f.name).stem.casefold()
        # an id stands in the name as a word of its own: ids may have - and _ in them
        words = {p.id for p in pf.parties
                 if re.search(rf"(?<![^\W_]){re.escape(p.id)}(?![^\W_])", stem)}
        named = sorted(words - {f.recipient})
        if f.recipient and named and f.recipient not in words:
            out.append(f"{f.name} is named for '{named[0]}' but is the copy sent to "
                       f"'{f.recipient}' (so its signature says): its entries went to the rows "
                       f"of '{f.recipient}'; if '{named[0]}' filled in that copy, ask it to "
                       "fill in its own")
    return out


def missing_rows(f: ReturnedFile) -> list[str]:
    """The warning of a file without some of the rows it was sent with (deleted in Excel):
    a missing row deletes nothing, so whoever deleted it may expect otherwise."""
    gone = _gone(f)
    if not gone:
        return []
    if not f.rows and f.recipient is not None:  # every row gone: no copy from the party
        return [f"{f.name} has none of the rows of '{f.recipient}' ({gone}; deleted, or "
                "pasted over with another party's rows?), so it is no reply from "
                f"'{f.recipient}', which is still waited for: ask '{f.recipient}' to fill in "
                "its own copy and send it again"]
    return [f"{f.name} has no {gone} (deleted from the file?): a missing row deletes "
            "nothing, its entries stay as they were; to remove an entry, empty its cells"]


def rows_missing(f: ReturnedFile) -> list[Issue]:
    """The refusal of a matrix without some of its rows (deleted in Excel) where it is the
    source of the entries (the `--base` of collect, the matrix of a report or of next year's
    matrix): their entries are in it only, so going on without them would lose them."""
    gone = _gone(f)
    if not gone:
        return []
    it, its = ("them", "their") if gone.startswith("rows") else ("it", "its")
    return [Issue(f.name, f"has no {gone} (deleted from the file?): {its} entries are kept in "
                  f"this file only, so they would be lost; put {it} back (use the file as "
                  "collect wrote it, or undo the deletion), and to remove an entry, empty its "
                  "cells")]


def _gone(f: ReturnedFile) -> str:
    """``row a/b``, ``rows a/b, c/d``: the rows `f` was sent with (of its party) that it has
    not; '' when it has every one."""
    gone = [key for key in f.base if key not in f.rows
            and (f.recipient is None or party_of(key) == f.recipient)]
    shown = ", ".join(gone[:5]) + (f" and {len(gone) - 5} more" if len(gone) > 5 else "")
    return f"{'row' if len(gone) == 1 else 'rows'} {shown}" if gone else ""


def base_kept(f: ReturnedFile, master: ReturnedFile | None, langs: Sequence[Lang] = ("fi",),
              conflicted: Collection[tuple[str, str]] = ()) -> list[str]:
    """The warnings of a party's new copy, after the `master` (an earlier collection) collected
    one of its copies: where it has the value sent and the master an entry (a cell the party
    emptied in its new copy looks the same as one it did not fill in a copy made anew from the
    one sent, so the master's entry is kept), and where it fills in what the master has as
    sent (taken: a later version fills in more, but an older version collected after the
    corrected one would bring back what the correction emptied). Cells in `conflicted` (row
    key, field) are left out: the conflict lists them. The columns are named in `langs`,
    those of the merged matrix."""
    if master is None or f.recipient not in master.returned or f.sha256 in master.collected:
        return []
    words = Labels(tuple(langs))
    kept: dict[str, list[str]] = {}
    filled: dict[str, list[str]] = {}
    for key, row in f.rows.items():
        if key in master.base and key in f.base:
            for fld in INPUT_FIELDS:
                theirs, sent = value_text(getattr(row, fld)), value_text(getattr(f.base[key], fld))
                ours = value_text(getattr(master.current(key), fld))
                into = kept if theirs == sent != ours else filled if theirs != sent == ours else {}
                if (key, fld) not in conflicted:
                    into.setdefault(key, []).append(words(COLUMN_HEADERS[fld]))
    head = f"{f.name} is another copy sent to '{f.recipient}', after {master.name} collected one"
    out = []
    if kept:
        out.append(f"{head}: it has the value it was sent with where the base has an entry "
                   f"({_cells(kept)}), so the base's entries were kept; if the party emptied "
                   "them in this copy, empty them in the merged matrix too")
    if filled:
        out.append(f"{head}: it fills in what the base has as it was sent ({_cells(filled)}), "
                   f"and these entries were taken; if {f.name} is an older version than the "
                   "copy collected, collect again without it")
    return out


def _cells(cells: dict[str, list[str]]) -> str:
    return "; ".join(f"{key}: {', '.join(cols)}" for key, cols in cells.items())


def same_party_warnings(files: list[ReturnedFile]) -> list[str]:
    """One warning per party that returned more than one different file: a party that sends
    a corrected file is the usual reason, and its two versions then disagree."""
    by_party: dict[str, list[ReturnedFile]] = {}
    for f in files:
        if f.recipient and all(g.sha256 != f.sha256 for g in by_party.get(f.recipient, [])):
            by_party.setdefault(f.recipient, []).append(f)
    return [f"{', '.join(f.name for f in same)} are {'both' if len(same) == 2 else 'all'} "
            f"copies sent to '{party}'; if one replaces another (a corrected file), collect "
            "only that one"
            for party, same in by_party.items() if len(same) > 1]


def round_issues(pf: PlanFile, files: list[ReturnedFile],
                 master: ReturnedFile | None) -> list[Issue]:
    """The files (and `master`) made for another plan version or of another follow-up
    period than the round's. The round's period is told by the files made for the plan's
    version (last year's copy, of the plan's earlier version, does not make this year's
    copy look like the odd one out); a file of another period is named for that only."""
    current = [f for f in files if f.meta["plan_version"] == pf.plan.version]
    out = _other_periods(files, master, current or files)
    late = {issue.where for issue in out}
    for f in [*files, *([master] if master else [])]:
        if f.meta["plan_version"] != pf.plan.version and f.name not in late:
            out.append(Issue(f.name, f"was made for plan version {f.meta['plan_version']}, the "
                             f"plan file is version {pf.plan.version}; collect it with the plan "
                             "version it was made for, then make the new matrix from the result"))
    return out


def _other_periods(files: list[ReturnedFile], master: ReturnedFile | None,
                   deciding: list[ReturnedFile]) -> list[Issue]:
    """The files of another follow-up period than the round's: the period of the `master`
    when the `deciding` files have it (else the master is of another period), otherwise the
    period most of them have; files split evenly are each named with their period."""
    def period(f: ReturnedFile) -> str:
        return f.meta.get("period", "")

    counts = Counter(period(f) for f in deciding)
    if len(counts) <= 1 and all(period(f) in counts for f in files) and (
            master is None or not files or period(master) in counts):
        return []
    if master is not None and period(master) in counts:
        round_, by = period(master), f"{master.name} is"
    elif master is not None and len(counts) == 1:
        theirs, ours = period(deciding[0]), period(master)
        if _before(theirs, ours):  # late copies of an earlier round, not a wrong base
            some = "it is" if len(files) == 1 else "they are"
            return [Issue(f.name, f"is for follow-up period '{period(f)}', but {master.name} "
                          f"is for '{ours}': {some} a copy of an earlier round; ask "
                          f"the party for the copy sent for '{ours}'")
                    for f in files if period(f) != ours]
        return [Issue(master.name, f"is a matrix of follow-up period '{ours}', the returned "
                      f"files are of '{theirs}': as --base give this period's combined copy "
                      "(the one made for this round, with matrix --merge-from last period's "
                      "file), not an earlier period's merged matrix; that one goes to report "
                      "--previous")]
    else:
        (round_, most), *rest = counts.most_common()
        if rest and rest[0][1] == most:  # no period is the round's by number
            return [Issue(f.name, f"is for follow-up period '{period(f)}', and the files are "
                          f"of {len(counts)} different periods "
                          f"({', '.join(sorted(counts))}); collect one period at a time")
                    for f in deciding]
        by = f"{most} of the {len(files)} files are"
        if len(deciding) < len(files):  # the others were made for an earlier plan version
            version = f"made for plan version {deciding[0].meta['plan_version']}"
            by = (f"{deciding[0].name}, {version}, is" if len(deciding) == 1 else
                  f"{most} of the {len(deciding)} files {version} are")
    return [Issue(f.name, f"is for follow-up period '{period(f)}', but {by} for '{round_}'; "
                  + (f"it is a copy of an earlier round; ask the party for the copy sent "
                     f"for '{round_}'" if _before(period(f), round_) else
                     "collect one period at a time (is it a copy of another round?)"))
            for f in files if period(f) != round_]


def _before(first: str, second: str) -> bool:
    """True when period `first` ends before `second` starts, as their years tell (2025 <
    2026, 2025–2026 < 2027); False when either names no year."""
    years = [re.findall(r"(?<!\d)\d{4}(?!\d)", p) for p in (first, second)]
    return all(years) and int(years[0][-1]) < int(years[1][0])


def carried_without_base(files: Sequence[ReturnedFile], waiting: Sequence[str]) -> list[str]:
    """The warning for a collect without a base whose copies were sent with entries carried
    over from an earlier round (made with ``matrix --merge-from``): the parties in `waiting`,
    whose copies have not come back, then have empty rows in the merged matrix, although
    their entries were sent to them; the round's combined matrix as the base keeps them. The
    columns are named as the copy named in the warning shows them."""
    if not waiting:
        return []
    for f in files:
        words = Labels(f.langs or ("fi",))
        for key, row in f.base.items():
            filled = [words(COLUMN_HEADERS[fld]) for fld in INPUT_FIELDS
                      if getattr(row, fld) is not None]
            if filled:
                return [f"{f.name} was sent with entries carried over from an earlier round "
                        f"({key}: {', '.join(filled)}), and so were the other copies; without "
                        f"--base, the rows of the {len(waiting)} parties whose copy has not come "
                        "back are empty in the merged matrix. Collect with --base and the "
                        "round's combined matrix (the one made with matrix --merge-from) to "
                        "keep their carried-over entries"]
    return []
