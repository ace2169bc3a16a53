"""The value types of the plan file's fields: texts, ids, names, dates and section numbers.

Each type validates what a person writes in the plan file and, when it is wrong, says how to
write it (``2.3.2026`` → "write it as 2026-03-02"). :mod:`._model` builds the plan from them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    StringConstraints,
)
from pydantic_core import CoreSchema, PydanticCustomError

__all__ = [
    "ALL_PARTIES",
    "CONTEXT_REFERENCES",
    "ID_PATTERN",
    "LANGS",
    "NAME_CASES",
    "Id",
    "Lang",
    "Name",
    "PlanDate",
    "PlanModel",
    "SchemaAlso",
    "SectionNumber",
    "Text",
]

Lang = Literal["fi", "sv"]
LANGS: tuple[Lang, ...] = ("fi", "sv")
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
ALL_PARTIES = "kaikki"
"""The responsible party that means every party of the plan (``vastuutahot: [kaikki]``)."""
NAME_CASES = ("genetiivi", "allatiivi", "adessiivi", "ablatiivi", "elatiivi", "inessiivi",
              "illatiivi")
"""The inflected forms of a name a text may use: ``{osapuoli_genetiivi}``,
``{toimielin_allatiivi}`` …"""
CONTEXT_REFERENCES = ("toimielin", "osapuoli",
                      *(f"{name}_{case}" for name in ("osapuoli", "toimielin")
                        for case in NAME_CASES))
"""References a free text may use besides decisions and events: the deciding body, the party,
and their inflected forms (``{osapuoli_genetiivi}`` …)."""


def _nonblank(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        raise PydanticCustomError("blank", "text is empty; write the text or leave the field out")
    if isinstance(value, dict):
        for lang, text in value.items():
            if isinstance(text, str) and not text.strip():
                raise PydanticCustomError(
                    "blank", "the {lang} text is empty; write it or remove the key", {"lang": lang}
                )
    return value


Text = Annotated[
    str | dict[Lang, str],
    BeforeValidator(_nonblank),
    Field(
        description="Teksti: joko pelkkä merkkijono suunnitelman kielellä tai kielittäin "
        "{fi: '…', sv: '…'}. Tyhjä rivi erottaa kappaleet; rivit, jotka alkavat '- ', ovat "
        "luettelo ja rivit, jotka alkavat '1. ', numeroitu luettelo. {tunnus} viittaa "
        "käsittelyyn tai tapahtumaan ja kirjoitetaan päivämääränä ja pykälänä."
    ),
]
Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=64),
    Field(description="Pysyvä tunnus: pienet kirjaimet a–z, numerot, - ja _ (esim. 'jyvaskyla')."),
]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]

_FI_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_STRICT_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")
"""The one form of a date in the plan file (``fromisoformat`` also reads ``20260309`` and
week dates such as ``2026-W10-1``, which a person reading the plan would not recognise)."""
_DATE_TIME = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})(?:[Tt]|\s+)\d{1,2}[:.]\d{2}\S*\s*$")
"""A date followed by a time of day: ``2026-03-09 10:00``, ``2026-03-09T10:00:00+02:00``."""


def _no_such_day(year: int, month: int, day: int) -> str | None:
    """What is wrong with a date written in the right form that is not in the calendar."""
    import calendar

    if not 1 <= month <= 12:
        return f"there is no month {month}"
    days = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
    if not 1 <= day <= days:
        return f"month {month} of {year} has no day {day} (it has {days} days)"
    return None


def _with_time(value: Any, day: dt.date) -> PydanticCustomError:
    """The error for a date written with a time of day (`value`, the day `day`)."""
    return PydanticCustomError(
        "date_format",
        "'{value}' has a time of day, and this field is a date (year-month-day): write the "
        "date only: {day}",
        {"value": value, "day": day.isoformat()},
    )


def _parse_date(value: Any) -> Any:
    """Accept a YAML date or a string written year-month-day; explain how to write anything
    else.

    Every date of the plan file is a day (a meeting day, a deadline, the day a decision was
    made or published): no field carries a time of day. A date written with a time
    (``2026-03-09 10:00:00``, which YAML reads as a timestamp, or ``2026-03-09T10:00``) is
    refused naming the date to write, rather than its time dropped in silence."""
    if isinstance(value, dt.datetime):
        raise _with_time(value.isoformat(sep=" "), value.date())
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        if _STRICT_DATE.match(value):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        timed = _DATE_TIME.match(value)
        if timed:
            try:
                written = dt.date.fromisoformat(timed.group(1))
            except ValueError:
                pass
            else:
                raise _with_time(value.strip(), written)
        m = _ISO_DATE.match(value)
        why = _no_such_day(*(int(g) for g in m.groups())) if m else None
        if why:
            raise PydanticCustomError(
                "date_format",
                "'{value}' is not a date: {why}; check the day and the month "
                "(year-month-day, e.g. 2026-03-02)",
                {"value": value, "why": why},
            )
        if m:
            year, month, day = (int(g) for g in m.groups())
            raise PydanticCustomError(
                "date_format",
                "'{value}' is not a date in the plan file's format; write it as {hint} "
                "(two digits for the month and the day)",
                {"value": value, "hint": f"{year:04d}-{month:02d}-{day:02d}"},
            )
        m = _FI_DATE.match(value)
        if m:
            day, month, year = (int(g) for g in m.groups())
            hint = f"{year:04d}-{month:02d}-{day:02d}"
            raise PydanticCustomError(
                "date_format",
                "'{value}' is not a date in the plan file's format; write it as {hint} "
                "(year-month-day); documents show it as d.m.yyyy",
                {"value": value, "hint": hint},
            )
        raise PydanticCustomError(
            "date_format",
            "'{value}' is not a date; write it as year-month-day, e.g. 2026-03-02",
            {"value": value},
        )
    raise PydanticCustomError(
        "date_type",
        "expected a date written as year-month-day, e.g. 2026-03-02, got {value!r}",
        {"value": value},
    )


YEARS = range(1990, 2200)
"""The years a date of the plan file may have: a plan's days are those of a working life, and
the documents count days from them (an appeal period from a publishing day)."""


def _in_years(value: dt.date) -> dt.date:
    if value.year not in YEARS:
        raise PydanticCustomError(
            "date_range",
            "{value}: the year {year} is outside {first}–{last}; check the year",
            {"value": value.isoformat(), "year": value.year, "first": YEARS.start,
             "last": YEARS.stop - 1})
    return value


PlanDate = Annotated[dt.date, BeforeValidator(_parse_date), AfterValidator(_in_years)]


def _parse_section(value: Any) -> Any:
    """A section number as a number; a whole number in quotes (``pykala: "80"``, as a user
    writes who fills the quoted placeholder of ``init``) is that number, like a quoted year.
    A § sign is refused: documents add it in one way throughout, and so is ``true`` (a
    number to pydantic, section 1 to nobody)."""
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "expected a section number, got {value}",
                                  {"value": str(value).lower()})
    if isinstance(value, str):
        if re.fullmatch(r"\s*[0-9]+\s*", value):
            return int(value)
        digits = re.sub(r"[§\s]", "", value)
        if digits.isdigit():
            raise PydanticCustomError(
                "section_format",
                "write the section number as a plain number ({digits}); "
                "documents add the § sign in one way throughout",
                {"digits": digits},
            )
    return value


_SECTION_DIGITS = r"^\s*0*[1-9][0-9]*\s*$"
"""A section number in quotes that :func:`_parse_section` reads as a number above 0."""


@dataclass(frozen=True, eq=False)  # hashed as itself: `also` is a dict
class SchemaAlso:
    """In a type's ``Annotated`` metadata: its JSON Schema is its own or `also`, another form
    of the value that validation accepts (and makes the type of), so that an editor checking
    the file against the schema does not flag it (``pykala: "80"``, ``kielet: sv``)."""

    also: dict[str, Any]

    def __get_pydantic_json_schema__(self, schema: CoreSchema,
                                     handler: GetJsonSchemaHandler) -> dict[str, Any]:
        own = dict(handler(schema))
        out: dict[str, Any] = {"anyOf": [own, dict(self.also)]}
        out.update((key, own.pop(key)) for key in ("description", "title") if key in own)
        return out


SectionNumber = Annotated[
    int,
    # the bound on the number itself, inside the validator that reads "80" as 80: so the JSON
    # Schema says "exclusiveMinimum" (outside it, pydantic 2.11 and later write a bare "gt"
    # that no editor understands)
    Field(gt=0, description="Pykälän numero pelkkänä lukuna, esim. 80 tai \"80\" "
          "(asiakirjassa '§ 80')."),
    BeforeValidator(_parse_section),
    # the number (exclusiveMinimum 0, as above) or its digits in quotes, as validation reads
    SchemaAlso({"type": "string", "pattern": _SECTION_DIGITS}),
]


class PlanModel(BaseModel):
    """The base of every part of the plan: unknown keys refused, values frozen, Finnish aliases
    or English names accepted."""

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        frozen=True,
        str_strip_whitespace=False,
        validate_default=False,
        defer_build=True,
    )
