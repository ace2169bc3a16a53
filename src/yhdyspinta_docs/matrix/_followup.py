"""Follow-up data (seuranta) as validated models, and the rules for reading typed-in values.

One :class:`FollowupRow` is one row of the follow-up matrix: one measure of the plan and one
responsible party, identified by the stable key ``"<measure id>/<party id>"`` (e.g.
``asuminen/jyvaskyla``). Rows are matched by this key only, never by position, title or name,
so rows may be sorted, filtered or reordered and a measure may be renamed.

:class:`FollowupData` is everything a matrix carries: the rows of the current plan and the
archived rows (entries whose measure or responsibility is no longer in the plan). Both are
plain pydantic models, so ``data.model_dump_json()`` gives JSON.

Values typed by people are normalised by :func:`parse_status` and by
:func:`._values.parse_date` and :func:`._values.clean_text`; each raises
:class:`ValueError` with a message that says what is wrong and what is expected, which the
reader puts after ``file: Sheet!Cell:``.

The column layout shared by the writer (:mod:`._write`) and the reader (:mod:`._read`)
is :data:`COLUMNS`: columns are found by their header text, never by position.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..plan import Lang
from ._labels import Labels, forms, normalize_label, translate
from ._values import clean_text, parse_date, shown

__all__ = [
    "ARCHIVE_COLUMNS",
    "COLUMNS",
    "INPUT_FIELDS",
    "MATRIX_FORMAT",
    "META_EXTRA_KEYS",
    "META_KEYS",
    "NAME_STATUS_LIST",
    "NO_ENTRY",
    "SHEET_ARCHIVE",
    "SHEET_CONFLICTS",
    "SHEET_DATA",
    "SHEET_HELP",
    "SHEET_LISTS",
    "SHEET_META",
    "SHEET_SUMMARY",
    "STATUS_CHOICES",
    "TEMPLATE_VERSION",
    "Column",
    "FollowupData",
    "FollowupRow",
    "Status",
    "header_forms",
    "normalize_header",
    "parse_status",
    "row_key",
    "status_choices",
    "value_text",
]

MATRIX_FORMAT = "yhdyspinta-seurantamatriisi"
"""Marker on the metadata sheet: this workbook is a follow-up matrix of this program."""

TEMPLATE_VERSION = "2"
"""Version of the matrix layout contract (sheets, metadata, required columns).

Raise it when a change makes older returned files unreadable; the reader refuses other
versions with a clear message instead of guessing. Version 2: the metadata carries a keyed
signature (see :mod:`._signing`) instead of version 1's unkeyed fingerprint.
"""

INPUT_FIELDS: tuple[str, ...] = ("status", "description", "next_steps", "updated", "contact")
"""Fields a party fills in; the only cells left unlocked and the only ones read back."""

SHEET_HELP = "Ohjeet"
SHEET_DATA = "Seuranta"
SHEET_SUMMARY = "Yhteenveto"
SHEET_ARCHIVE = "Arkisto"
SHEET_CONFLICTS = "Ristiriidat"
SHEET_LISTS = "Luettelot"
SHEET_META = "Tiedot"
NAME_STATUS_LIST = "Tilat"
"""Defined name of the status list (``Luettelot!$A$2:$A$5``) that the Tilanne dropdown uses."""

META_KEYS: tuple[str, ...] = (
    "format", "template_version", "plan_id", "plan_version", "period", "recipient",
)
"""Metadata rows (label in column A, value in B) of the very hidden ``Tiedot`` sheet that the
signature covers; ``signature``, ``created`` and ``rows`` follow them, then a table of the
BASE values sent (header ``key`` + :data:`INPUT_FIELDS`), one row per row key sent. The
signature also covers that table. ``recipient`` is a party id, or
:data:`~yhdyspinta_docs.matrix._signing.COMBINED` on the coordinator's combined copy."""
META_EXTRA_KEYS: tuple[str, ...] = ("signature", "created", "rows")


class Status(StrEnum):
    """Follow-up status of a row, written as Finnish text in the ``Tilanne`` column."""

    NOT_STARTED = "Ei aloitettu"
    IN_PROGRESS = "Käynnissä"
    DONE = "Valmis"
    DELAYED = "Viivästynyt"


@dataclass(frozen=True)
class Column:
    """One column of the ``Seuranta`` sheet: header text, row field, and who writes it.

    `kind` is ``key`` (the stable row key, locked), ``plan`` (text from the plan, locked) or
    ``input`` (filled in by the party, unlocked). `required` columns must exist in the
    template and in every returned file.
    """

    field: str
    header: str
    kind: Literal["key", "plan", "input"]
    type: Literal["text", "status", "date"] = "text"
    required: bool = True
    width: float = 20


COLUMNS: tuple[Column, ...] = (
    Column("key", "Tunnus", "key", width=20),
    Column("measure", "Toimenpide", "plan", width=30),
    Column("party", "Vastuutaho", "plan", width=20),
    Column("schedule", "Aikataulu", "plan", required=False, width=13),
    Column("indicators", "Mittari", "plan", required=False, width=18),
    Column("status", "Tilanne", "input", type="status", width=13),
    Column("description", "Tilannekuvaus", "input", width=40),
    Column("next_steps", "Seuraavat toimenpiteet", "input", width=30),
    Column("updated", "Päivitetty", "input", type="date", width=12),
    Column("contact", "Yhteyshenkilö", "input", width=20),
)

ARCHIVE_COLUMNS: tuple[Column, ...] = (
    *(c for c in COLUMNS if c.field in ("key", "measure", "party")),
    *(c for c in COLUMNS if c.kind == "input"),
    Column("archived_on", "Arkistoitu", "plan", type="date", width=13),
    Column("archive_reason", "Syy", "plan", width=36),
)
"""Columns of the ``Arkisto`` sheet (entries whose row is no longer in the plan)."""


normalize_header = normalize_label
"""Return `text` as compared with a header name: NFKC, single spaces, casefolded."""


def header_forms(header: str) -> list[str]:
    """The header `header` (Finnish) as a matrix in any language may show it, normalised."""
    return [normalize_header(form) for form in forms(header)]


def row_key(measure_id: str, party_id: str) -> str:
    """Return the stable key of the row of `measure_id` and `party_id`."""
    return f"{measure_id}/{party_id}"


# -- typed-in values ---------------------------------------------------------------------------


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = " ".join(text.replace("/", " / ").split()).casefold()  # 'Valmis/Klar' too
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


_STATUS_BY_FOLD = {_fold(form): s for s in Status for form in forms(s.value)}
STATUS_CHOICES = ", ".join(s.value for s in Status)
NO_ENTRY = "Ei merkintää"
"""What the summary calls a row without a status (Swedish "Ingen anteckning")."""


_NO_ENTRY_FOLDS = frozenset(_fold(translate(NO_ENTRY, lang)) for lang in ("fi", "sv"))


def status_choices(langs: Sequence[Lang] | None = None) -> str:
    """The statuses a matrix in `langs` offers, as its list shows them, for a message: in a
    bilingual matrix both forms (``Valmis / Klar``); in one language its own forms first and
    the other language's after them; unknown (None) as a Finnish one."""
    order = tuple(langs or ("fi",))
    if len(order) > 1:
        return ", ".join(Labels(order)(s.value) for s in Status)
    other: Lang = "fi" if order[0] == "sv" else "sv"
    words = {"fi": "Finnish", "sv": "Swedish"}
    return (f"{', '.join(translate(s.value, order[0]) for s in Status)} (in {words[other]} "
            f"{', '.join(translate(s.value, other) for s in Status)})")


def parse_status(value: object, langs: Sequence[Lang] | None = None) -> Status | None:
    """Return the :class:`Status` typed as `value`, or None for an empty cell.

    Finnish or Swedish, or both as a bilingual matrix lists them (``Käynnissä / Pågår``);
    case, extra or non-breaking spaces and missing dots on ä/ö/å do not matter
    (``" käynnissä\\u00a0"``, ``"KAYNNISSA"`` and ``" Pågår "`` are all ``Käynnissä``).
    Raises :class:`ValueError` for anything else, naming the statuses as a matrix in `langs`
    (the language(s) of the file the value was typed in) lists them (:func:`status_choices`).
    """
    if value is None:
        return None
    if isinstance(value, Status):
        return value
    if not isinstance(value, str):
        raise ValueError(f"{shown(value)} is not a status; expected one of "
                         f"{status_choices(langs)}")
    if not value.strip():
        return None
    status = _STATUS_BY_FOLD.get(_fold(value))
    if status is None and _fold(value) in _NO_ENTRY_FOLDS:
        raise ValueError(f"{shown(value)} is what the summary calls a row without a status, not "
                         "a status: leave the cell empty for no status, or choose one of "
                         f"{status_choices(langs)} from the list")
    if status is None:
        raise ValueError(f"{shown(value)} is not a status; expected one of "
                         f"{status_choices(langs)}; choose from the list")
    return status


# -- models ------------------------------------------------------------------------------------

_ID = r"[a-z0-9][a-z0-9_-]*"
_KEY_RE = re.compile(rf"^({_ID})/({_ID})$")


class FollowupRow(BaseModel):
    """One follow-up row: a measure, a responsible party and what the party reported.

    `measure` and `party` are the measure title and party name shown in the matrix
    (informative; the key is what identifies the row). `archived_on` and `archive_reason` are
    set only on archived rows.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(description="Pysyvä rivitunnus 'toimenpide/osapuoli'.")
    measure_id: str
    party_id: str
    measure: str | None = None
    party: str | None = None
    status: Status | None = None
    description: str | None = None
    next_steps: str | None = None
    updated: dt.date | None = None
    contact: str | None = None
    archived_on: dt.date | None = None
    archive_reason: str | None = None

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> Status | None:
        return parse_status(value)

    @field_validator("updated", "archived_on", mode="before")
    @classmethod
    def _date(cls, value: Any) -> dt.date | None:
        return parse_date(value)

    @field_validator("measure", "party", "description", "next_steps", "contact",
                     "archive_reason", mode="before")
    @classmethod
    def _text(cls, value: Any) -> str | None:
        return clean_text(value)

    @model_validator(mode="after")
    def _key_matches(self) -> FollowupRow:
        m = _KEY_RE.match(self.key)
        if not m:
            raise ValueError(f"row key '{self.key}' is not 'measure/party' (e.g. "
                             "'asuminen/jyvaskyla')")
        if (m.group(1), m.group(2)) != (self.measure_id, self.party_id):
            raise ValueError(f"row key '{self.key}' does not match measure '{self.measure_id}' "
                             f"and party '{self.party_id}'")
        return self

    @classmethod
    def from_key(cls, key: str, **values: Any) -> FollowupRow:
        """Build a row from its key; raises :class:`ValueError` for a malformed key."""
        m = _KEY_RE.match(key)
        if not m:
            raise ValueError(f"'{key}' is not a row key 'measure/party' (e.g. "
                             "'asuminen/jyvaskyla')")
        return cls(key=key, measure_id=m.group(1), party_id=m.group(2), **values)

    def inputs(self) -> dict[str, Any]:
        """Return the values a party fills in, by field name."""
        return {f: getattr(self, f) for f in INPUT_FIELDS}

    @property
    def has_entries(self) -> bool:
        """True when any input value is filled in."""
        return any(v is not None for v in self.inputs().values())


class FollowupData(BaseModel):
    """The follow-up data of one matrix or of a merged collection of matrices.

    `recipient` is the party id of a party's own copy, None for the coordinator's copy.
    `returned` is whom a merged matrix heard from (the report names the other parties).
    """

    model_config = ConfigDict(extra="forbid")

    plan_id: str
    plan_version: str
    period: str | None = None
    template_version: str = TEMPLATE_VERSION
    recipient: str | None = None
    rows: list[FollowupRow] = Field(default_factory=list)
    archived_rows: list[FollowupRow] = Field(default_factory=list)
    created: dt.date | None = Field(default=None, exclude=True, description=(
        "The date of the matrix it was read from (not part of the data or its JSON)."))
    copies_collected: int = Field(default=0, ge=0, description=(
        "How many returned copies (different files) a merged matrix took in over every "
        "collect of the round; 0 for a matrix never collected (a copy sent, the round's "
        "combined matrix)."))
    returned: list[str] | None = Field(default=None, description=(
        "A merged matrix's parties (ids, plan order) heard from in the collection it records, "
        "over every collect with --base: a copy collected, or rows changed from what the "
        "round's copies were sent with; None when it records none (a matrix never collected)."))

    def row(self, key: str) -> FollowupRow | None:
        """Return the row with `key`, or None."""
        return next((r for r in self.rows if r.key == key), None)

    def by_key(self) -> dict[str, FollowupRow]:
        """Return the rows by key."""
        return {r.key: r for r in self.rows}


def value_text(value: object) -> str:
    """Return an input value as stored in the metadata and compared in a merge ("" = empty)."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
