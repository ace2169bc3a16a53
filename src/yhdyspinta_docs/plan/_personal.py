"""Personal data in the plan: who it names, and where public versions would otherwise show it.

:func:`people` lists every person the plan names (working group, presenters, preparers); a name
marked ``henkilotieto: true`` anywhere is personal everywhere (compared by
:func:`normalise_name`). :func:`personal_data_matcher` finds such a name, or a person's e-mail
or phone, in a text; :func:`personal_data_warnings` tells where the plan shows one in a place
that public versions would otherwise print.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from ._item import Handling
from ._model import PlanFile
from ._text import Loc, field_path, iter_texts

__all__ = [
    "PersonAt",
    "PersonalDataMatcher",
    "normalise_name",
    "people",
    "personal_data_matcher",
    "personal_data_warnings",
    "personal_names",
]


def normalise_name(name: str) -> str:
    """A person's name as names are compared: Unicode NFC, case folded, white space as one space.

    ``"Erik  EXEMPEL"`` and ``"erik exempel"`` are the same person.
    """
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


@dataclass(frozen=True)
class PersonAt:
    """One place where the plan names a person: a working-group member, presenter or preparer."""

    loc: Loc  # the person's mapping, e.g. ("asia", "kasittely", "esittelija")
    role: str  # "tyoryhma", "esittelija" or "valmistelijat"
    name: str
    marked: bool  # henkilotieto: true at this place
    email: str | None = None
    phone: str | None = None


def people(pf: PlanFile) -> list[PersonAt]:
    """Every person the plan names, in file order of the roles: working group, then each
    handling's presenter and preparers (the item's own, then each party's)."""
    out = [PersonAt(("suunnitelma", "valmistelu", "tyoryhma", i), "tyoryhma", m.name, m.personal)
           for i, m in enumerate(pf.plan.preparation.working_group)]
    handlings: list[tuple[Loc, Handling]] = [(("asia", "kasittely"), pf.item.handling)]
    handlings += [(("osapuolet", i, "kasittely"), p.handling)
                  for i, p in enumerate(pf.parties) if p.handling is not None]
    for hloc, h in handlings:
        if h.presenter is not None:
            out.append(PersonAt(hloc + ("esittelija",), "esittelija", h.presenter.name, False,
                                h.presenter.email, h.presenter.phone))
        out += [PersonAt(hloc + ("valmistelijat", j), "valmistelijat", p.name, False, p.email,
                         p.phone) for j, p in enumerate(h.preparers)]
    return out


def personal_names(pf: PlanFile, persons: list[PersonAt] | None = None) -> dict[str, Loc]:
    """Every name marked ``henkilotieto`` (normalised) → the first place that marks it.
    `persons` is :func:`people` of `pf` if already made."""
    marked: dict[str, Loc] = {}
    for person in people(pf) if persons is None else persons:
        if person.marked:
            marked.setdefault(normalise_name(person.name), person.loc + ("nimi",))
    return marked


def _name_regex(name: str) -> str:
    return r"\s+".join(re.escape(w) for w in unicodedata.normalize("NFC", name).split())


def _phone_key(phone: str) -> str:
    """A phone number's digits in the national form: ``+358 40 1`` and ``040 1`` are equal."""
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("00"):
        digits = digits[2:]
    return "0" + digits[3:] if digits.startswith("358") else digits


def _phone_regex(phone: str) -> str | None:
    """A number written with any separators, in the national or international (+358, 00358)
    form."""
    key = _phone_key(phone)
    if len(key) < 5:  # too short to tell from any other number in a text
        return None
    sep = r"[\s\-\u2013().]*"
    national = sep.join(key)
    if not key.startswith("0"):
        return r"\+?" + national
    return (r"(?:\+|00)" + sep + sep.join("358") + sep + r"\(?0?\)?" + sep + sep.join(key[1:])
            + "|" + national)


@dataclass(frozen=True)
class PersonalDataMatcher:
    """Finds the plan's personal data in a text: `pattern` (NFC text, case ignored), and
    literal probes that any match contains, to skip the pattern in texts that have none."""

    pattern: re.Pattern[str]
    words: tuple[str, ...]  # case-folded: a name's first word, an e-mail address
    digits: tuple[str, ...]  # a phone number's digits after the national 0

    def might_occur(self, text: str) -> bool:
        """False only if `text` certainly holds none of the personal data (fast)."""
        folded = unicodedata.normalize("NFC", text).casefold()
        if any(w in folded for w in self.words):
            return True
        if self.digits:
            only = re.sub(r"\D", "", text)
            return any(d in only for d in self.digits)
        return False


def personal_data_matcher(pf: PlanFile) -> PersonalDataMatcher | None:
    """What matches, in NFC text and ignoring case, every name marked ``henkilotieto`` and
    every e-mail address and phone number of any person in the plan (None: nothing to find).
    Public versions replace what it matches."""
    persons = people(pf)
    marked = personal_names(pf, persons)
    # every spelling the plan uses for a marked name (a presenter may write it otherwise)
    spellings = {p.name for p in persons if normalise_name(p.name) in marked}
    names = sorted({_name_regex(n) for n in spellings}, key=len, reverse=True)
    emails = sorted({p.email for p in persons if p.email}, key=len, reverse=True)
    phones = [p.phone for p in persons if p.phone and _phone_regex(p.phone)]
    parts = []
    if names:
        parts.append(r"(?<!\w)(?:" + "|".join(names) + r")(?!\w)")
    if emails:
        parts.append(r"(?<![\w.+-])(?:" + "|".join(map(re.escape, emails)) + r")(?![\w-])")
    if phones:
        regexes = sorted({str(_phone_regex(p)) for p in phones}, key=len, reverse=True)
        parts.append(r"(?<![\d+])(?:" + "|".join(regexes) + r")(?!\d)")
    if not parts:
        return None
    words = {unicodedata.normalize("NFC", n).split()[0].casefold() for n in spellings}
    words |= {e.casefold() for e in emails}
    return PersonalDataMatcher(re.compile("|".join(parts), re.IGNORECASE), tuple(sorted(words)),
                               tuple(sorted({_phone_key(p).removeprefix("0") for p in phones})))


_ROLE_WORDS = {"tyoryhma": "a working-group member", "esittelija": "the presenter",
               "valmistelijat": "a preparer"}
# what public versions show of the person in each role when the name is marked: the office
# that presents stays; a preparer's or member's title and organisation would still point at
# the person, so the whole line goes
_ROLE_PUBLIC = {"tyoryhma": "leave this member's line out (name, title and organisation)",
                "esittelija": "leave the name out here too and show only the title",
                "valmistelijat": "leave this preparer's line out (name, title and contact)"}


def personal_data_warnings(pf: PlanFile, where: Callable[[Loc], str] | None = None
                           ) -> list[str]:
    """What public versions (``julkinen/``, open data) leave out although the plan shows it.

    A name marked ``henkilotieto`` anywhere is left out everywhere: where the same name is
    also the presenter, public versions show only the title there; a preparer's or an
    unmarked working-group member's line is left out whole; where a free text contains such
    a name, or the e-mail address or phone number of any person, public versions replace it
    with a note. Each warning names
    both places; `where` formats a field path (the loader's ``plan.yaml:42 path``), by default
    the bare path.
    """
    at = where or field_path
    persons = people(pf)
    marked = personal_names(pf, persons)
    out: list[str] = []
    for person in persons:
        first = marked.get(normalise_name(person.name))
        if person.marked or first is None:
            continue
        role = _ROLE_WORDS[person.role]
        out.append(f"{at(person.loc + ('nimi',))}: '{person.name}' is {role} here and marked "
                   f"henkilotieto at {at(first)}; public versions {_ROLE_PUBLIC[person.role]}; "
                   "remove henkilotieto there if the name must be public in this role")
    matcher = personal_data_matcher(pf)
    if matcher is None:
        return out
    sources = _sources(persons, marked)
    for loc, value in iter_texts(pf):
        texts = [value] if isinstance(value, str) else list(value.values())
        found: dict[str, str] = {}
        for text in texts:
            for m in matcher.pattern.finditer(unicodedata.normalize("NFC", text)):
                found.setdefault(_source_key(m.group(0)), m.group(0))
        for key, shown in found.items():
            source = sources.get(key)
            what = (f"marked henkilotieto at {at(source)}" if key in marked and source
                    else f"the contact detail of a person at {at(source)}" if source
                    else "personal data")
            out.append(f"{at(loc)}: the text contains '{shown}', {what}; public versions "
                       "replace it with a note; write the text without it")
    return out


def _source_key(found: str) -> str:
    if "@" not in found and len(re.sub(r"\D", "", found)) >= 5:
        return _phone_key(found)
    return normalise_name(found)


def _sources(persons: list[PersonAt], marked: dict[str, Loc]) -> dict[str, Loc]:
    """Normalised marked name, e-mail or phone digits → the field that gives it."""
    out: dict[str, Loc] = dict(marked)
    for person in persons:
        if person.email:
            out.setdefault(normalise_name(person.email), person.loc + ("sahkoposti",))
        if person.phone:
            out.setdefault(_phone_key(person.phone), person.loc + ("puhelin",))
    return out
