"""Collecting returned follow-up matrices into one, without losing or half-importing anything.

:func:`collect` reads every returned file (see :mod:`._read` for what is tolerated and
what is refused) and only when **all** of them are readable merges them; one unreadable
file raises :class:`~yhdyspinta_docs.errors.MatrixError` listing every problem of every file,
and nothing is merged.

The merge is three-way, per cell, by row key:

* base: the value sent, embedded in each file (its very hidden ``Tiedot`` sheet);
* theirs: the value in the returned file; a file *changed* a cell when theirs ≠ its base
  (emptying a cell is a change; a row missing from a file is not);
* ours: the coordinator's master (`base` file, e.g. the matrix sent out or an earlier
  collection) if given, otherwise the value sent.

A merged matrix keeps, signed, the SHA-256 digest of every copy collected into it. With it as
the `base`, a copy it already has (the same file, given again with the folder of every copy so
far) adds nothing: the base's values stay, corrections typed into it and conflicts resolved in
it included. A new version of a copy is a file like any other, but for the cells that the base
took from the party's earlier copy and that nobody changed since: the merged matrix keeps,
signed, a digest of each value it took from a party's copy, and where the base still has that
value, the new version's value replaces it without a conflict (:mod:`._taken`).

A cell nobody changed keeps ours. A cell changed to one value (by one file or several that
agree) takes it, unless the master also changed it to something else (other than the value it
took from the party's earlier copy). A cell changed to two different values is a
:class:`~yhdyspinta_docs.matrix._conflict.Conflict`: the merged matrix keeps ours in the cell
and lists every value with its file and cell in the result and on the ``Ristiriidat`` sheet;
:meth:`CollectResult.raise_for_conflicts` raises
:class:`~yhdyspinta_docs.errors.MergeConflictError` for the CLI.

Entries of rows that the plan no longer has are never dropped: they go to ``Arkisto``.

**Trust.** Every file must verify with the plan's key (:mod:`._signing`); one that does not
is refused. A party's copy changes only the rows of the party it was sent to, whatever the
file says: other parties' rows are never applied (a warning names the file and cell when one
was added with entries), and its ``Arkisto`` sheet is not read. The coordinator's combined copy
may change every row, so it is refused among the returned files unless `allow_combined` is
given; the `base` (the coordinator's own master) may be a combined copy. The merged workbook is
itself a combined copy signed with the key, and keeps the archive.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._arguments import key_argument, languages_argument, path_argument
from ..errors import Issue, MatrixError, MergeConflictError
from ..plan import Lang, PlanFile
from ..plan._source import plan_name
from ._archived import archive_warnings
from ._conflict import Conflict
from ._followup import (
    COLUMNS,
    INPUT_FIELDS,
    SHEET_ARCHIVE,
    SHEET_CONFLICTS,
    FollowupData,
    FollowupRow,
)
from ._labels import Labels, resolved_name
from ._read import IN_MEMORY, parse_matrix, path_error
from ._replaced import check_replaced
from ._returned import (
    ReturnedFile,
    base_kept,
    carried_without_base,
    dates_outside,
    misnamed,
    missing_rows,
    resolve_how,
    round_issues,
    rows_missing,
    same_party_warnings,
    unresolved_error,
)
from ._taken import Record, display, kept_note, merge_cell, replaced_later
from ._write import SentCells, check_translations, matrix_langs, plan_rows, render_matrix

__all__ = ["CollectResult", "SourceSummary", "collect", "display", "heard_from"]

HEADERS = {c.field: c.header for c in COLUMNS}


@dataclass(frozen=True)
class SourceSummary:
    """What one returned file contributed."""

    file: str
    sha256: str
    recipient: str | None
    rows: int
    changed_cells: int
    already_collected: bool = False
    """The same file was collected into the `base` before: it added nothing this time."""
    replaced: tuple[tuple[str, str], ...] = ()
    """The cells (row key, column) whose entry the `base` had collected from the party's
    earlier copy, unchanged there since, and that this file's value replaced without a
    conflict."""


@dataclass(frozen=True)
class CollectResult:
    """The merged follow-up data, its conflicts, the merged workbook and a source summary."""

    data: FollowupData
    conflicts: list[Conflict]
    workbook: bytes
    sources: list[SourceSummary]
    warnings: list[str] = field(default_factory=list)
    not_returned: list[str] = field(default_factory=list)
    """The parties (ids, in plan order) responsible for rows that no returned copy was sent
    to: whom the coordinator still waits for. Empty when a combined copy was collected; with
    a `base` (an earlier collection), a party whose copy was collected into it, or whose rows
    have entries in it, counts as heard from."""
    langs: tuple[Lang, ...] = ("fi",)
    """The language(s) of the merged matrix: its sheet and column names."""

    @property
    def ok(self) -> bool:
        """True when no cell is in conflict."""
        return not self.conflicts

    def raise_for_conflicts(self, plan: str = "PLAN", merged: str = "MERGED.xlsx") -> None:
        """Raise :class:`MergeConflictError` listing the conflicts, if there are any; the
        conflicts' columns and its advice name the sheet and columns in the merged matrix's
        language(s) (``Läge``, ``Konflikter``, ``Val`` in a Swedish one) and end with the
        ``resolve`` command for the plan file `plan` and the merged matrix `merged`."""
        if self.conflicts:
            words = Labels(self.langs)
            command = shlex.join(["yhdyspinta-docs", "resolve", plan, merged, "--out",
                                  str(Path(merged).with_name(resolved_name(self.langs)))])
            raise MergeConflictError(
                [Issue(c.key, f"{c.column_in(self.langs)}: {c.changes(self.langs)}")
                 for c in self.conflicts],
                header=f"{len(self.conflicts)} cell(s) were changed differently in different "
                f"files; every value is on the sheet {words.sheet(SHEET_CONFLICTS)} of the "
                "merged matrix. The merged matrix is used (report, next year's matrix, --base) "
                f"only once they are resolved: type in its column {words('Valinta')} the "
                f"{words('Nro')} of the value that stays, save, and run: {command}")


def _names(paths: Sequence[Path]) -> list[str]:
    short = [p.name for p in paths]
    return [p.name if short.count(p.name) == 1 else str(p) for p in paths]


def collect(pf: PlanFile, paths: Sequence[str | Path], *, key: bytes,
            base: str | Path | None = None,
            date: dt.date | None = None, template: Path | None = None,
            allow_combined: bool = False, langs: Sequence[Lang] | None = None,
            out: str | Path | None = None) -> CollectResult:
    """Merge the returned matrices `paths` of plan `pf` into one (see the module docstring).

    `key` is the plan's key: every file must verify with it, and the merged workbook is
    signed with it. `base` is the coordinator's master matrix (ours), optional. `date` is the
    creation date stored in the merged workbook (default the plan's date,
    :attr:`~yhdyspinta_docs.plan.PlanFile.dated`: never the clock). `allow_combined` accepts
    the coordinator's combined copy among `paths`. `langs` is the language(s) of the merged
    workbook (measure titles and party names in its data too); default the plan's ``kielet``.
    Files in any language are read into the same data. Raises :class:`MatrixError` with every
    problem of every file when any file cannot be read; nothing is merged then.

    `out` is where the caller will write the merged workbook (the CLI's ``--out``): when a
    merged matrix of the plan is there already and is not `base`,
    :class:`~yhdyspinta_docs.errors.OutputError` is raised if writing the result there would
    lose or change an entry of it (one typed into it after it was collected: collect with it
    as `base` to keep them; :mod:`._replaced`). Without `out` nothing is checked, so give it
    whenever the result is to be written where a file may be.
    """
    if isinstance(paths, str | os.PathLike):  # one file: its name is no list of files
        raise MatrixError([Issue(str(paths), "give the returned files as a list, e.g. "
                                 f"collect(plan, [{str(paths)!r}], key=…)")])
    if not paths:
        raise MatrixError([Issue("", "no returned files were given")])
    key = key_argument(key, "collect(key=…)")
    langs = languages_argument(langs, "collect(langs=…)")
    given = [path_argument(p, f"collect(paths[{i}])", path_error, IN_MEMORY)
             for i, p in enumerate(paths)]
    # a file given twice (a folder and a file in it, a slip) is read once, and said to be
    first: dict[str, Path] = {}
    twice: dict[str, Path] = {}
    for p in given:
        real = os.path.realpath(p)
        if real in first:
            twice.setdefault(real, first[real])
        first.setdefault(real, p)
    returned = list(first.values())
    again = [f"{p} is given more than once; it was read once" for p in twice.values()]
    base_path = (path_argument(base, "collect(base=…)", path_error, IN_MEMORY)
                 if base is not None else None)
    langs = matrix_langs(pf, None, langs)
    check_translations(pf, langs)
    plan = {r.key: r for r in plan_rows(pf, langs=langs)}
    sent_cells = SentCells(pf)
    sources = list(zip(returned, _names(returned), strict=True))
    if base_path is not None:
        sources.append((base_path, f"{base_path.name} (base)"))
    # every file is read, so that the problems of all of them are reported at once
    issues: list[Issue] = []
    parsed: list[ReturnedFile | None] = []
    how = ""  # for a base with unresolved conflicts: how to resolve them
    for path, name in sources:
        try:
            read: ReturnedFile | None = parse_matrix(
                path, pf, key=key, name=name, plan=plan, sent_cells=sent_cells,
                allow_conflicts=path is base_path)
            if read is not None and read.unresolved:  # the base: resolved first, in its words
                issues.extend(unresolved_error(read, path, pf).issues)
                how = (" (a merged matrix with unresolved conflicts: "
                       + resolve_how(path, read.langs, plan_name(pf)) + ")")
                read = None
            parsed.append(read)
        except MergeConflictError as exc:  # a merged matrix among the returned files
            if path is not base_path:  # resolving it would not help: it is not a copy
                issues.append(Issue(name, f"is a merged matrix that collect wrote (with "
                                    f"{len(exc.issues)} unresolved conflict(s)), not a copy a "
                                    "party returned: leave it out of the files (an earlier "
                                    "collection goes to --base)"))
            parsed.append(None)
        except MatrixError as exc:
            issues.extend(exc.issues)
            parsed.append(None)
    files = [f for f in parsed[:len(returned)] if f is not None]
    master = parsed[-1] if base is not None else None
    if not allow_combined:  # a merged matrix (it lists the copies collected into it) or not
        issues += [Issue(f.name, "is a merged matrix that collect wrote, not a copy a party "
                         "returned: leave it out of the files (an earlier collection goes to "
                         "--base)" if f.collected or f.returned else "is the coordinator's "
                         "combined copy (every party's rows), not a copy sent to a party; a "
                         "combined copy may change every row, so it is collected only with "
                         "--allow-combined (or give it as --base)") for f in files if f.combined]
    if master is not None and master.recipient is not None:
        issues.append(Issue(master.name, f"is the copy sent to '{master.recipient}' (that "
                            "party's rows only), not the coordinator's matrix: give it among "
                            "the returned files, and as the base the combined copy made for "
                            "this round or the merged matrix collected so far"))
    issues += round_issues(pf, files, master) + (rows_missing(master) if master else [])
    if issues:
        bad = len({i.where.split(": ")[0] for i in issues})
        error = MergeConflictError if how else MatrixError
        raise error(issues, header=f"{bad} file(s) cannot be collected; nothing was collected. "
                    f"Fix or replace them and collect again{how}")
    result = _merge(pf, files, master, date, template, list(plan.values()), secret=key,
                    langs=langs)
    result.warnings[:0] = again
    if out is not None:  # a merged matrix there keeps its entries unless it is the base
        check_replaced(pf, Path(out), base_path, result.data, key=key, plan=plan,
                       sent_cells=sent_cells)
    return result


def _merge(pf: PlanFile, files: list[ReturnedFile], master: ReturnedFile | None,
           date: dt.date | None, template: Path | None, plan: list[FollowupRow], *,
           secret: bytes, langs: Sequence[Lang]) -> CollectResult:
    in_plan = {r.key for r in plan}
    changed = {f.name: 0 for f in files}
    again = {f.name for f in files if master is not None and f.sha256 in master.collected}
    new = [f for f in files if f.name not in again]
    conflicts: list[Conflict] = []
    rows: list[FollowupRow] = []
    record = Record(master)  # what is taken from the parties' copies
    # per row key, the files that have the row (in file order): each cell visits only those
    holders: dict[str, list[ReturnedFile]] = {}
    for f in new:
        for key, read in f.rows.items():
            if f.recipient is None or read.party_id == f.recipient:  # the reader ensures it
                holders.setdefault(key, []).append(f)
    sent: dict[str, FollowupRow] = {}  # the value sent: from the first file that has the row
    for f in files:
        for key, base_row in f.base.items():
            sent.setdefault(key, base_row)
    # what this round's copies were sent with, kept as the merged matrix's base: the
    # coordinator's master keeps its own, else the value a returned copy was sent with
    round_start = [master.base[r.key] if master is not None and r.key in master.base
                   else sent.get(r.key, r) for r in plan]
    for row in plan:
        start = _start(row, sent, master)
        update: dict[str, Any] = {}
        for fld in INPUT_FIELDS:
            value, conflict = merge_cell(row.key, fld, start, holders.get(row.key, []),
                                         master, changed, record)
            update[fld] = value
            if conflict:
                conflicts.append(conflict)
        rows.append(row.model_copy(update=update))
    warnings = [w for f in [*new, *([master] if master else [])]
                for w in [*f.warnings, *missing_rows(f)]]
    archived = _archive(files, master, in_plan, date or pf.dated, warnings,
                        Labels(tuple(langs)))
    sources = [SourceSummary(f.name, f.sha256, f.recipient, len(f.rows), changed[f.name],
                             f.name in again, tuple((key, HEADERS[fld]) for key, fld
                                                    in record.replaced.get(f.name, ())))
               for f in files]
    seen: dict[str, str] = {}
    for f in files:
        if f.sha256 in seen:
            warnings.append(f"{f.name} is the same file as {seen[f.sha256]}")
        seen.setdefault(f.sha256, f.name)
    warnings += same_party_warnings(new) + misnamed(pf, new) + archive_warnings(new, master, langs)
    warnings += [w for f in new if master and (w := replaced_later(
        f, master, record.replaced.get(f.name, ()), master.name.removesuffix(" (base)")))]
    conflicted = {(c.key, c.field) for c in conflicts}
    warnings += [w for f in new for w in base_kept(f, master, langs, conflicted)]
    warnings += [w for f in new if master and (w := kept_note(
        f, record.kept.get(f.name, ()), conflicted, master.name.removesuffix(" (base)"), langs))]
    if (span := pf.plan.period) is not None:  # from the year before to the year after it
        warnings += [w for f in new for w in dates_outside(f, span.start - 1, span.end + 1)]
    if master is not None and files and not new:
        warnings.append(f"every file was already collected into {master.name}: nothing new "
                        "was collected")
    elif new and not any(changed.values()):
        what = (f"none of the {len(new)} files changes anything: if these are the copies"
                if len(new) > 1 else f"{new[0].name} changes nothing: if it is the copy")
        warnings.append(f"{what} as sent, collect what the parties returned")
    period = (master or files[0]).meta.get("period") or None
    heard = _heard_from(pf, files, master)
    combined = any(f.recipient is None for f in files)  # may carry anyone's: none waited for
    collected = dict.fromkeys([*(master.collected if master else ()), *(f.sha256 for f in new)])
    data = FollowupData(plan_id=pf.plan.id, plan_version=pf.plan.version, period=period,
                        rows=rows, archived_rows=archived, returned=None if combined else heard,
                        copies_collected=len(collected))
    # conflicts resolved earlier stay in the coordinator's master as history: keep them
    history = [c for c in master.conflicts if c.chosen is not None] if master else []
    workbook = render_matrix(pf, data, key=secret, conflicts=[*conflicts, *history],
                             template=template, date=date, langs=langs, sent=round_start,
                             returned=heard, collected=list(collected), taken=record.cells)
    responsible = {r.party_id for r in plan}
    waiting = [] if combined else [
        p.id for p in pf.parties if p.id in responsible and p.id not in heard]
    if master is None:
        warnings += carried_without_base(new, waiting)
    return CollectResult(data, conflicts, workbook, sources, warnings, waiting, tuple(langs))


def heard_from(pf: PlanFile, merged: ReturnedFile) -> list[str] | None:
    """The parties (ids, plan order) a `merged` matrix heard from, as a collect with it as
    the base counts them (:attr:`FollowupData.returned`); None when it records no copy
    collected (a matrix never collected, or a party's copy)."""
    return _heard_from(pf, [], merged) if merged.combined and merged.returned else None


def _heard_from(pf: PlanFile, files: list[ReturnedFile], master: ReturnedFile | None
                ) -> list[str]:
    """The parties (ids, in plan order) whose copy is among `files`, or, with a `master` (an
    earlier collection, when copies are collected as they come), was collected into it (even
    a copy that changed nothing) or whose rows it changed from the values this round's copies
    were sent with; an entry carried over from last period (the round's combined copy) is not
    news from it. (None are waited for when a file is a combined copy, which may carry every
    party's entries; a copy with none of its party's rows left is no reply from it.)"""
    heard = {f.recipient for f in files if f.rows}  # a copy without one of its rows: no reply
    if master is not None:
        heard |= set(master.returned) | {master.base[key].party_id for key in master.base
                                         if _changed(master.current(key), master.base[key])}
    return [p.id for p in pf.parties if p.id in heard]


def _changed(now: FollowupRow, sent: FollowupRow) -> bool:
    return any(display(getattr(now, f)) != display(getattr(sent, f)) for f in INPUT_FIELDS)


def _start(row: FollowupRow, sent: dict[str, FollowupRow], master: ReturnedFile | None
           ) -> FollowupRow:
    """Ours: the master's row, else the value sent (first file that has the row), else empty."""
    if master is not None and row.key in master.base:
        return master.current(row.key)
    return sent.get(row.key, row)


def _archive(files: list[ReturnedFile], master: ReturnedFile | None, in_plan: set[str],
             when: dt.date, warnings: list[str], words: Labels) -> list[FollowupRow]:
    """Every archived entry of every file, and entries of rows the plan no longer has (each
    warned of in `warnings`, naming the archive sheet as the merged matrix, in the language(s)
    of `words`, does)."""
    sources = [*([master] if master else []), *files]
    # each entry once, in order: a dict, since 30 files may carry thousands of entries
    kept = dict.fromkeys(r for f in sources for r in f.archived)
    for f in sources:
        for key in f.base:
            row = f.current(key)
            if key in in_plan or not row.has_entries:
                continue
            row = row.model_copy(update={"archived_on": when,
                                         "archive_reason": "Rivi ei ole suunnitelmassa"})
            if row not in kept:
                kept[row] = None
                warnings.append(f"{f.name}: row {key} is not in the plan; its entries were "
                                f"moved to {words.sheet(SHEET_ARCHIVE)} (change the plan "
                                "version when measures change)")
    return list(kept)

