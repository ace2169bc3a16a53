"""Picking the plan's texts in one language, and the lines that name people.

:class:`Localizer` is what every context builder (and the matrix) reads the plan's free texts
through: one language, references expanded, text sanitised, every missing translation
remembered and reported at once. Public versions name people only as the plan allows.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from .._sanitize import sanitize_text
from ..plan import Approval, BodyKind, Event, Lang, Member, Person, PlanFile
from ..plan._checks import reference_ids
from ..plan._loader import missing_texts_error
from ..plan._personal import (
    PersonalDataMatcher,
    normalise_name,
    personal_data_matcher,
    personal_names,
)
from ..plan._text import Loc, expand_references, localized
from ._blocks import parse_blocks
from ._formatting import format_date, format_section
from ._types_blocks import Block

__all__ = [
    "Localizer",
    "capitalised",
    "member_line",
    "member_lines",
    "party_loc",
    "person_line",
    "presenter_line",
    "redact_public",
]

T = TypeVar("T")

# what a public version prints where a free text named a person whose data it leaves out
REMOVED = {"fi": "(henkilötieto poistettu)", "sv": "(personuppgift borttagen)"}


@dataclass
class Localizer:
    """Picks each text in one language and remembers every text missing in it."""

    pf: PlanFile
    lang: Lang
    missing: list[Loc] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    _missing_values: dict[Loc, object] = field(default_factory=dict, init=False, repr=False,
                                               compare=False)
    _personal: tuple[frozenset[str], PersonalDataMatcher] | None = field(
        default=None, init=False, repr=False, compare=False)

    def is_personal(self, name: str) -> bool:
        """True if `name` is marked ``henkilotieto`` anywhere in the plan (any spelling)."""
        return normalise_name(name) in self._personal_data()[0]

    def redact(self, value: T) -> T:
        """`value` (a context or part of one) with the plan's personal data (every name marked
        ``henkilotieto``, also inflected, every person's e-mail address and phone number, an
        e-mail address in a person's form, a mobile number) replaced with a note: a copy if
        anything was replaced, else `value` itself. The ``labels`` table is kept."""
        matcher = self._personal_data()[1]
        texts: list[str] = []

        def gather(v: Any) -> None:
            if isinstance(v, str):
                texts.append(v)
            elif isinstance(v, dict):
                for k, x in v.items():
                    if k != "labels":
                        gather(x)
            elif isinstance(v, list):
                for x in v:
                    gather(x)

        gather(value)
        joined = unicodedata.normalize("NFC", "\n\n".join(texts))
        if not matcher.might_occur(joined) or not matcher.spans(joined):
            return value  # the common case: nothing to replace, nothing to copy
        note = REMOVED[self.lang]

        def copy(v: Any) -> Any:
            if isinstance(v, str):
                nfc = unicodedata.normalize("NFC", v)
                return matcher.sub(note, nfc) if matcher.spans(nfc) else v
            if isinstance(v, dict):
                return {k: x if k == "labels" else copy(x) for k, x in v.items()}
            if isinstance(v, list):
                return [copy(x) for x in v]
            return v

        return cast(T, copy(value))

    def _personal_data(self) -> tuple[frozenset[str], PersonalDataMatcher]:
        if self._personal is None:
            self._personal = (frozenset(personal_names(self.pf)),
                              personal_data_matcher(self.pf))
        return self._personal

    def text(self, value: Any, loc: Loc) -> str:
        """Return the `lang` version of `value` with references expanded, sanitised."""
        if value is None:
            return ""
        found = localized(value, self.lang, self.pf.language)
        if found is None:
            self.missing.append(loc)
            self._missing_values.setdefault(loc, value)
            return ""
        return sanitize_text(expand_references(found, self._resolve))

    def blocks(self, value: Any, loc: Loc) -> list[Block]:
        """Return `value` split into paragraph and list blocks."""
        text = self.text(value, loc)
        return parse_blocks(text) if text else []

    def check(self) -> None:
        """Raise PlanError listing every missing translation, if any, as the plan file names
        it: file, line and field path (a body's name under its ``toimielimet`` entry, never
        the ``toimielin`` reference), and what to write there."""
        if self.missing:
            found: dict[Loc, object] = {}
            for loc in self.missing:
                found.setdefault(_field_loc(self.pf, loc), self._missing_values.get(loc))
            raise missing_texts_error(self.pf, {self.lang: list(found.items())})

    def _resolve(self, ref: str) -> str:
        if ref in self.names:
            return self.names[ref]
        target = reference_ids(self.pf).get(ref)
        if isinstance(target, Approval):
            date = format_date(target.date)
            return f"{date} ({format_section(target.section)})" if target.section else date
        if isinstance(target, Event):
            if target.date is not None:
                return format_date(target.date)
            return localized(target.name, self.lang, self.pf.language) or ref
        return ref


def _field_loc(pf: PlanFile, loc: Loc) -> Loc:
    """`loc` as a field path of the plan file: a body named by its id
    (``osapuolet[0].toimielimet.<id>``) or by a handling's ``toimielin`` reference is the
    ``nimi`` of its entry in the party's ``toimielimet`` list."""
    if loc[-2:] == ("kasittely", "toimielin"):
        if loc[:1] == ("asia",):
            party = pf.lead
            body: str | None = pf.item.handling.body
        elif loc[:1] == ("osapuolet",) and isinstance(loc[1], int) and loc[1] < len(pf.parties):
            party = pf.parties[loc[1]]
            # a party without its own handling: a draft by its board (handling_for)
            body = party.handling.body if party.handling is not None else next(
                (b.id for b in party.bodies if b.kind is BodyKind.BOARD), None)
        else:
            return loc
        if body is None:
            return loc
        loc = party_loc(pf, party.id) + ("toimielimet", body, "nimi")
    if len(loc) > 3 and loc[0] == "osapuolet" and loc[2] == "toimielimet" \
            and isinstance(loc[1], int) and isinstance(loc[3], str) and loc[1] < len(pf.parties):
        ids = [b.id for b in pf.parties[loc[1]].bodies]
        if loc[3] in ids:
            return loc[:3] + (ids.index(loc[3]),) + loc[4:]
    return loc


def party_loc(pf: PlanFile, party_id: str) -> Loc:
    index = next((i for i, p in enumerate(pf.parties) if p.id == party_id), party_id)
    return ("osapuolet", index)


def capitalised(text: str) -> str:
    """`text` with its first letter upper case: a title that starts a line ("Kunnanjohtaja …")."""
    return text[:1].upper() + text[1:]


def person_line(loc: Localizer, person: Person, where: Loc, *, public: bool) -> str:
    """``Name, title, e-mail, phone``: public versions leave out e-mail and phone, and the whole
    line (``""``) if the name is marked ``henkilotieto`` anywhere in the plan: the title and
    organisation left behind would still point at the person."""
    title = loc.text(person.title, where + ("nimike",))
    if public:
        return "" if loc.is_personal(person.name) else ", ".join(
            p for p in (person.name, title) if p)
    parts = [person.name, title, person.email, person.phone]
    return ", ".join(p for p in parts if p)


def presenter_line(loc: Localizer, person: Person | None, where: Loc, *, public: bool) -> str:
    """``Title Name`` of the presenter, the title capitalised as it starts the line; only the
    title (the office that presents) in public versions if the name is marked ``henkilotieto``
    anywhere in the plan."""
    if person is None:
        return ""
    title = capitalised(loc.text(person.title, where + ("nimike",)).strip())
    if public and loc.is_personal(person.name):
        return title
    return f"{title} {person.name}".strip()


def member_line(loc: Localizer, member: Member, where: Loc, *, public: bool) -> str:
    """``Name, title, organisation`` of a working-group member; ``""`` (no line) in public
    versions if the name is marked ``henkilotieto`` here or anywhere else in the plan, as the
    title and organisation alone would still identify the person."""
    if public and (member.personal or loc.is_personal(member.name)):
        return ""
    if member.party is not None:
        party = loc.pf.party(member.party)
        org = (loc.text(party.name, party_loc(loc.pf, party.id) + ("nimi",)) if party
               else member.party)
    else:
        org = loc.text(member.organisation, where + ("organisaatio",))
    title = loc.text(member.title, where + ("nimike",))
    return ", ".join(p for p in (member.name, title, org) if p)


def member_lines(loc: Localizer, *, public: bool) -> list[str]:
    """The working group's lines (:func:`member_line`), in a public version with one line
    :data:`REMOVED` after them where any was left out, so that the list does not read as the
    whole group (and a group of marked members only is not left without a line)."""
    where: Loc = ("suunnitelma", "valmistelu", "tyoryhma")
    members = loc.pf.plan.preparation.working_group
    lines = [line for i, m in enumerate(members)
             if (line := member_line(loc, m, (*where, i), public=public))]
    return lines + [REMOVED[loc.lang]] if len(lines) < len(members) else lines


def redact_public(pf: PlanFile, lang: Lang, text: str) -> str:
    """`text` as a public version prints it: every personal name, e-mail address and phone
    number of `pf` replaced with a note (for document properties made outside a context)."""
    return Localizer(pf, lang).redact(text)


