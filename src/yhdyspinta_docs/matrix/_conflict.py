"""A cell of the follow-up matrix that two sources changed differently from the value sent.

:class:`Conflict` is one such cell with every changed value (:class:`ConflictValue`); the
merged matrix keeps the value sent in the cell and lists the conflict on its ``Ristiriidat``
sheet and, as :func:`conflict_rows`, in its metadata, until ``resolve`` records the choice.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from ..plan import Lang
from ._followup import Status
from ._labels import SV, Labels

__all__ = [
    "CONFLICT_META_COL",
    "CONFLICT_META_HEADER",
    "Conflict",
    "ConflictValue",
    "conflict_rows",
]


def conflict_rows(conflicts: Sequence[Conflict]) -> list[list[str]]:
    """The conflicts as the metadata sheet stores them: one row per value, the columns of
    :data:`CONFLICT_META_HEADER`."""
    return [[c.key, c.field, c.base, str(n), v.file, v.cell, v.value,
             "" if c.chosen is None else "1", c.chosen or ""]
            for c in conflicts for n, v in enumerate(c.values, start=1)]


CONFLICT_META_HEADER: tuple[str, ...] = (
    "conflict", "field", "base", "nro", "file", "cell", "value", "resolved", "chosen")
"""Header of the conflict table on the metadata sheet (from column :data:`CONFLICT_META_COL`)."""
CONFLICT_META_COL = 9


class ConflictValue(BaseModel):
    """One value of a conflicting cell: which file, which cell, what it says."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str
    cell: str = Field(description="Where the value is, e.g. 'Seuranta!G7'.")
    value: str = Field(description="The value as text; '' is an emptied cell.")


class Conflict(BaseModel):
    """A cell that two sources changed differently from the value sent (the base).

    The merged matrix keeps the base value in the cell; every changed value is listed here
    and on the ``Ristiriidat`` sheet for the coordinator to decide. The conflict is resolved
    when `chosen` is set (by ``resolve``); its values stay in the merged file as history.
    `column` is the column's Finnish header; :meth:`text` names it as the merged matrix's
    language(s) do (``str()`` in Finnish).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    field: str
    column: str = Field(description="Header of the column, e.g. 'Tilanne'.")
    base: str = Field(description="The value sent ('' = empty).")
    values: list[ConflictValue]
    chosen: str | None = Field(default=None, description=(
        "The value the coordinator chose ('' = empty); None while the conflict is unresolved."))

    def column_in(self, langs: Sequence[Lang] | None = ("fi",)) -> str:
        """The column as a matrix in `langs` names it: ``Läge`` in a Swedish one, ``Tilanne /
        Läge`` in a bilingual one (`column` itself, Finnish, is what the reader looks the
        choices up by); Finnish when `langs` is None (not known)."""
        return Labels(tuple(langs or ("fi",)))(self.column) if self.column in SV else self.column

    def shown(self, value: str, langs: Sequence[Lang] | None = ("fi",)) -> str:
        """A value of this conflict as a matrix in `langs` shows it: a status stored in
        Finnish (``Valmis``) in its language (``Klar``); any other value as it is."""
        statuses = {s.value for s in Status}
        if self.field == "status" and value in statuses:
            return Labels(tuple(langs or ("fi",)))(value)
        return value

    def changes(self, langs: Sequence[Lang] | None = ("fi",)) -> str:
        """``sent '', changed to 1 = 'Valmis' (a.xlsx: Seuranta!F2); 2 = …``: the value sent
        and every value numbered as the ``Nro`` column numbers them, each with its file and
        cell (as that file names its sheet; "left as sent" for another version of a party's
        copy that did not change the cell), a status in the language(s) `langs`."""
        return f"sent '{self.shown(self.base, langs)}', changed to " + "; ".join(
            f"{n} = '{self.shown(v.value, langs)}' ({v.file}: {v.cell}"
            + (", left as sent" if v.value == self.base else "") + ")"
            for n, v in enumerate(self.values, start=1))

    def text(self, langs: Sequence[Lang] | None = ("fi",)) -> str:
        """The conflict in one line, its column and a status named as the merged matrix in
        `langs` shows them: ``asuminen/joutsa Läge: sent '', changed to 1 = 'Klar' (a.xlsx:
        Uppföljning!F2); …`` for a Swedish one."""
        return f"{self.key} {self.column_in(langs)}: {self.changes(langs)}"

    def __str__(self) -> str:
        return self.text()
