"""What collect says of the ``Arkisto`` sheet of a party's copy: the archive is the
coordinator's, so what a party typed there is not taken; the warning names each value the copy
has there that the base does not, so that the coordinator can type what is news into the merged
matrix instead of comparing the sheets by hand."""

from __future__ import annotations

from collections.abc import Sequence

from ..plan import Lang
from ._followup import ARCHIVE_COLUMNS
from ._labels import Labels
from ._returned import ReturnedFile
from ._taken import display

__all__ = ["archive_warnings"]

_SHOWN = 3
"""The values named in a warning; the rest are counted."""
_FIELDS = [c for c in ARCHIVE_COLUMNS if c.kind == "input" or c.field.startswith("archive")]


def archive_warnings(files: list[ReturnedFile], master: ReturnedFile | None,
                     langs: Sequence[Lang] = ("fi",)) -> list[str]:
    """The warning of each party's copy whose ``Arkisto`` sheet is not the one it was sent
    with, as far as the `master` tells (without one, of every copy that has the sheet),
    naming the values it has there that the master does not (row key, column as the merged
    matrix in `langs` names it, value)."""
    earlier = {r.key: r for r in master.archived} if master is not None else {}
    out = []
    for f in files:
        if f.archive_note is None:
            continue
        rows, note = f.archive_note
        if rows is None:  # unreadable: the note says the sheet was not read
            out.append(note)
            continue
        news = [(r.key, column.field, value) for r in rows for column in _FIELDS
                if (value := display(getattr(r, column.field))) != display(
                    getattr(earlier[r.key], column.field) if r.key in earlier else None)]
        if master is not None and not news:
            continue
        if news:
            words = Labels(tuple(langs))
            headers = {c.field: words(c.header) for c in _FIELDS}
            shown = "; ".join(f"{key} {headers[fld]} " + (f"'{value}'" if value else "emptied")
                              for key, fld, value in news[:_SHOWN])
            more = f" and {len(news) - _SHOWN} more" if len(news) > _SHOWN else ""
            base = "the base" if master is not None else "the merged matrix"
            note += (f"; what it has there that {base} does not: {shown}{more}; if it is news, "
                     "type it into the merged matrix")
        out.append(note)
    return out
