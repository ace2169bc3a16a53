"""The merged matrix an output of collect would replace: none of its entries is lost unasked.

A coordinator corrects entries in the merged matrix (``koottu.xlsx``) and later collects
again into the same file, but without ``--base koottu.xlsx`` (or with an older file as the
base): the new result is made without the corrections, and ``--force`` would replace them
without a word. :func:`check_replaced` reads the file the result is about to replace, with
the reader collect reads a base with (:func:`._read.parse_matrix`), and refuses with an
:class:`~yhdyspinta_docs.errors.OutputError` when it is a merged matrix of the plan with an
entry (a filled cell of its ``Seuranta`` or ``Arkisto`` sheet) that the result would empty
or change. A file that is no merged matrix of the plan, or cannot be read, is replaced as
before; so is the base itself (the result is made from it).
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path

from ..errors import OutputError, YhdyspintaError
from ..plan import PlanFile
from ..plan._source import plan_name
from ._followup import (
    COLUMNS,
    INPUT_FIELDS,
    SHEET_ARCHIVE,
    FollowupData,
    FollowupRow,
    Status,
    value_text,
)
from ._labels import Labels
from ._read import parse_matrix
from ._returned import ReturnedFile, resolve_how
from ._write import SentCells

__all__ = ["check_replaced"]

SHOWN = 3
"""How many lost entries the refusal names; the rest are counted."""
HEADERS = {c.field: c.header for c in COLUMNS}


def check_replaced(pf: PlanFile, out: Path, base: Path | None, data: FollowupData, *,
                   key: bytes, plan: Mapping[str, FollowupRow] | None = None,
                   sent_cells: SentCells | None = None,
                   resolved: Collection[tuple[str, str]] | None = None) -> None:
    """Refuse to let the merged `data` of plan `pf` replace the merged matrix at `out` when
    an entry of that file would be lost or changed (see the module docstring); `base` is the
    matrix the result was made from (`out` may be it: then nothing is checked). `key`,
    `plan` and `sent_cells` are collect's, to read the file as collect reads a base.
    `resolved`: the result is `base` with the conflicts of these cells ((row key, field))
    resolved (``resolve``), not a new collection: a choice changed since `out` (of the same
    period and plan version) was resolved is no entry lost, and the refusal says what
    resolve does."""
    if not out.is_file() or (base is not None and _same(out, base)):
        return
    try:
        old = parse_matrix(out, pf, key=key, name=out.name, plan=plan, sent_cells=sent_cells,
                           allow_conflicts=True)
    except (YhdyspintaError, OSError):
        return  # not a matrix of this plan (or not readable): replaced as before
    if not old.combined or not (old.collected or old.returned):
        return  # a party's copy, or the round's combined copy: not what collect wrote
    resolving = resolved is not None
    period, version = old.meta.get("period") or "", old.meta.get("plan_version")
    this_round = period == (data.period or "") and version == pf.plan.version
    # a cell being resolved holds a choice only in an earlier result of this round
    lost = list(_lost(old, data, set(resolved or ()) if this_round else set()))
    if not lost:
        return
    words = Labels(old.langs or ("fi",))
    shown = "; ".join(f"{key} {words(HEADERS[fld])} '{before}' would be "
                      + (f"'{after}'" if after else "empty")
                      for key, fld, before, after in lost[:SHOWN])
    more = f"; and {len(lost) - SHOWN} more" if len(lost) > SHOWN else ""
    them = "it" if len(lost) == 1 else "them"
    if resolving and base is not None and this_round:
        how = (f"to keep {them}, type {them} into {base.name} too (resolve keeps what is typed "
               f"there besides the choices) and resolve again, or give another --out and keep "
               f"{out.name}; to start over without {them}, delete {out.name}")
    elif old.unresolved and this_round:
        how = (f"{out.name} has {len(old.unresolved)} unresolved conflict(s), so it cannot "
               f"be the --base yet: to keep {them}, resolve them first ("
               + resolve_how(out, old.langs, plan_name(pf)) + ") and collect again with the "
               f"resolved file as --base; to start over without {them}, delete {out.name} or "
               "give another --out")
    elif this_round:
        how = (f"to keep {them}, collect again with --base {shlex.quote(str(out))} (a copy "
               "already collected into it adds nothing twice, so what was typed into it "
               f"stays); to start over without {them}, delete {out.name} or give another "
               "--out")
    else:
        this = "result" if resolving else "collection"
        what = (f"of follow-up period '{period}' (this {this} is of '{data.period or '–'}')"
                if version == pf.plan.version else f"made for plan version {version} (the plan "
                f"file is version {pf.plan.version})")
        how = (f"{out.name} is the merged matrix {what}, so it is not the base of this "
               f"{this}: give another --out and keep it "
               "(report --previous and matrix --merge-from read it), or delete it if it is not "
               "needed")
    made = (f"the result of resolving {base.name}" if resolving and base is not None else
            "this collection, made without it as --base,")
    raise OutputError(
        f"{out}: is a merged matrix of this plan, and {made} would lose or change "
        f"{_count(len(lost))} in it: {shown}{more}. Nothing was written (--force does not "
        f"replace it): {how}")


def _lost(old: ReturnedFile, new: FollowupData,
          chosen: set[tuple[str, str]]) -> Iterator[tuple[str, str, str, str]]:
    """(row key, field, value in `old`, value in `new`) of every filled cell of the merged
    matrix `old` that `new` has empty or otherwise: first of its rows, then of its archive
    (an archived entry is kept when `new` archives the same values for the same row), each
    value as the file shows it. A cell of an unresolved conflict is no entry: it holds a
    value collect kept while the conflict waits (the values are in the files); nor is a cell
    of `chosen`, whose value is the choice resolve applies."""
    words = Labels(old.langs or ("fi",))
    rows = new.by_key()
    waiting = {(c.key, c.field) for c in old.unresolved} | chosen
    for key in old.base:
        row, now = old.current(key), rows.get(key)
        for fld in INPUT_FIELDS:
            before, after = getattr(row, fld), getattr(now, fld) if now else None
            if (before is not None and (key, fld) not in waiting
                    and value_text(before) != value_text(after)):
                yield key, fld, _shown(before, words), _shown(after, words)
    archive = f"({words.sheet(SHEET_ARCHIVE)})"
    kept = {_entry(r) for r in new.archived_rows}
    for row in old.archived:
        if _entry(row) not in kept:
            for fld, before in row.inputs().items():
                if before is not None:
                    yield f"{row.key} {archive}", fld, _shown(before, words), ""


def _entry(row: FollowupRow) -> tuple[str, ...]:
    return (row.key, *(value_text(v) for v in row.inputs().values()))


def _shown(value: object, words: Labels) -> str:
    """`value` as the matrix shows it: a status in the file's language(s), a date d.m.yyyy."""
    if isinstance(value, Status):
        return words(value.value)
    if isinstance(value, dt.date):
        return f"{value.day}.{value.month}.{value.year}"
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= 60 else text[:57] + "…"


def _count(n: int) -> str:
    return "1 entry" if n == 1 else f"{n} entries"


def _same(first: Path, second: Path) -> bool:
    """Whether the two paths are one file (a link, another spelling of the path)."""
    try:
        return os.path.samefile(first, second)
    except OSError:
        return first.resolve() == second.resolve()
