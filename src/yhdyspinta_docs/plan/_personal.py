"""Personal data in the plan: who it names, and where public versions would otherwise show it.

:func:`people` lists every person the plan names (working group, presenters, preparers,
inspectors of recorded minutes); a name marked ``henkilotieto: true`` anywhere is personal
everywhere (compared by :func:`normalise_name`). :func:`personal_data_matcher` finds such a
name (its last word also inflected: Essi Esimerkin, Erik Exempels), a person's e-mail or
phone, and wherever they stand an e-mail address in a person's form, a mobile number and a
personal identity code (henkilötunnus), in a text; :func:`personal_data_warnings` tells where
the plan shows one in a place that public versions would otherwise print.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ._item import Handling
from ._model import PlanFile
from ._personal_forms import (
    ANY_HYPHEN,
    AS_HYPHEN,
    AT,
    DOMAIN,
    HETU,
    HETU_RE,
    HIDDEN,
    HYPHENS,
    INVISIBLE,
    INVISIBLE_RE,
    MOBILE,
    NO_MORE_DIGITS,
    NOT_BUSINESS_ID,
    PERSON_EMAIL,
    PersonalDataMatcher,
    fold_text,
    may_be,
    phone_key,
    phone_regex,
)
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
    """A person's name as names are compared: Unicode NFC, case folded, white space as one space,
    invisible format characters (a soft hyphen, a zero-width space) left out, any hyphen as
    ``-``.

    ``"Erik  EXEMPEL"`` and ``"erik exempel"`` are the same person, as are ``Anna-Liisa`` and
    ``Anna‑Liisa`` written with a non-breaking hyphen.
    """
    return " ".join(INVISIBLE_RE.sub("", unicodedata.normalize("NFC", name)).casefold()
                    .translate(AS_HYPHEN).split())


@dataclass(frozen=True)
class PersonAt:
    """One place where the plan names a person: a working-group member, presenter, preparer,
    inspector of the minutes, or a private person listed under ``henkilotiedot``."""

    loc: Loc  # the person's mapping, e.g. ("asia", "kasittely", "esittelija")
    role: str  # "tyoryhma", "esittelija", "valmistelijat", "tarkastajat" or "henkilotiedot"
    name: str
    marked: bool  # henkilotieto: true at this place
    email: str | None = None
    phone: str | None = None

    @property
    def name_loc(self) -> Loc:
        """The field that gives the name (an inspector is an item of a list of names)."""
        return self.loc if self.role in ("tarkastajat", "henkilotiedot") else self.loc + ("nimi",)


def people(pf: PlanFile) -> list[PersonAt]:
    """Every person the plan names, in file order of the roles: working group, then each
    handling's presenter and preparers (the item's own, then each party's), then the
    inspectors of each recorded decision's minutes, then the private persons listed under
    ``henkilotiedot`` (each marked: no document shows them but where a text names them)."""
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
    for i, record in enumerate(pf.decisions.records if pf.decisions is not None else ()):
        out += [PersonAt(("paatokset", "kirjatut", i, "tarkastajat", j), "tarkastajat", name,
                         False) for j, name in enumerate(record.inspectors)]
    out += [PersonAt(("henkilotiedot", i), "henkilotiedot", name, True)
            for i, name in enumerate(pf.personal_names)]
    return out


def personal_names(pf: PlanFile, persons: list[PersonAt] | None = None) -> dict[str, Loc]:
    """Every name marked ``henkilotieto`` (normalised) → the first place that marks it.
    `persons` is :func:`people` of `pf` if already made."""
    marked: dict[str, Loc] = {}
    for person in people(pf) if persons is None else persons:
        if person.marked:
            marked.setdefault(normalise_name(person.name), person.name_loc)
    return marked


def _stem(word: str) -> str:
    """The beginning of a surname that its Finnish and Swedish forms share: Esimerkki →
    Esimerk (Esimerkin), Testi → Tes (Testiltä), Mäkinen → Mäki (Mäkisen), Kangas → Kan
    (Kankaan), Exempel → Exemp (Exempels); never under two letters."""
    folded = word.casefold()
    cut = 3 if (len(word) > 5 and folded.endswith("nen")) or (
        len(word) > 4 and folded.endswith("s")) else 2
    return word[:max(2, len(word) - cut)]


def _words(name: str) -> list[str]:
    return INVISIBLE_RE.sub("", unicodedata.normalize("NFC", name)).split()


def _word_regex(word: str) -> str:
    """`word` as written, with any invisible format characters between its letters and any
    hyphen where it has one (Anna-Liisa is also Anna‑Liisa with a non-breaking hyphen)."""
    return HIDDEN.join(ANY_HYPHEN if c in HYPHENS else re.escape(c) for c in word)


# between two words of a name: white space, an invisible character (Outi\u200bOmainen), or both
_NAME_GAP = f"(?:\\s|[{INVISIBLE}])+"


# a middle name or initial a text may add (Essi K. Esimerkki, Essi Kaarina Esimerkki): a
# capitalised word, or a capital and a full stop; never a word in lower case (in "Essi ja
# Esimerkki" they are two people)
_MIDDLE = r"(?-i:[A-ZÀ-ÖØ-Þ](?:\.|[a-zß-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)?))"


def _name_regex(name: str) -> str:
    """A name as written, its last word also in any inflected form (a text says "Essi
    Esimerkin johdolla", "Erik Exempels kommun"), with a middle name or initial added ("Essi
    K. Esimerkki"), with the first name as an initial ("E. Esimerkki"), or surname first as
    lists write it ("Esimerkki Essi", "Esimerkki, Essi", "Esimerkki Essin mukaan"); a one-word
    name only as written. Invisible format characters anywhere in the name are part of it."""
    words = _words(name)
    if len(words) < 2:
        return _exact_regex(name)
    tail = f"(?:\\w|[{INVISIBLE}])*"
    surname = _word_regex(_stem(words[-1])) + tail
    given = _NAME_GAP.join(map(_word_regex, words[:-1]))
    # the given names (and a middle one) or the first one's initial, then the surname: spelt
    # once, as a long name's pattern is slow to compile
    initial = f"{re.escape(words[0][0])}\\.\\s*"
    forward = f"(?:{given}(?:{_NAME_GAP}{_MIDDLE})?{_NAME_GAP}|{initial}){surname}"
    surname_first = _NAME_GAP.join([_word_regex(words[-1]) + ",?", *map(_word_regex, words[:-2]),
                                    _given_inflected(words[-2])])
    return f"(?:{forward}|{surname_first})"


# the case endings of a first name after the surname ("Esimerkki Essin", "Esimerkki Matille"),
# and the Swedish genitive: only these, so that another first name that begins with the same
# letters (Essie after Essi) is not taken for it
_GIVEN_ENDINGS = ("n", "s", "a", "ä", "lle", "lla", "llä", "lta", "ltä", "ssa", "ssä", "sta",
                  "stä", "ksi", "na", "nä", "in", "ineen")


def _given_inflected(word: str) -> str:
    """A first name as written, or inflected: with a case ending, also after the weak grade
    of a double consonant (Matti → Matin, Pekka → Pekalle)."""
    forms = [word]
    if len(word) > 3 and word[-3] == word[-2] and word[-2].isalpha() and word[-1] in "aeiouyäö":
        forms.append(word[:-2] + word[-1])
    endings = "|".join(sorted(_GIVEN_ENDINGS, key=len, reverse=True))
    return f"(?:{'|'.join(map(_word_regex, forms))})(?:{endings})?"


def _exact_regex(name: str) -> str:
    return _NAME_GAP.join(map(_word_regex, _words(name)))


def _ascii(word: str) -> str:
    """`word` as an e-mail address writes it: Määttänen → maattanen."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold())
                   if not unicodedata.combining(c))


def _probes(name: str) -> tuple[str, str]:
    """What every form of the marked `name` contains, folded: its first word and its
    surname's stem (a name's regex, with a class of invisible characters between each two
    letters, is slow to compile: it is compiled only for a text that has both)."""
    words = _words(name)
    return fold_text(words[0][0]), fold_text(_stem(words[-1]))


def personal_data_matcher(pf: PlanFile) -> PersonalDataMatcher:
    """What matches, in NFC text and ignoring case, every name marked ``henkilotieto`` (its
    last word in any inflected form), every e-mail address and phone number of any person in
    the plan, and wherever they stand, an e-mail address in a person's form (first.last@…, or
    the first or last name of a person in the plan @…), a mobile number and a personal identity
    code. Public versions replace what it matches."""
    persons = people(pf)
    marked = personal_names(pf, persons)
    # every spelling the plan uses for a marked name (a presenter may write it otherwise)
    spellings = {p.name for p in persons if normalise_name(p.name) in marked}
    probes = {_name_regex(n): _probes(n) for n in spellings}
    names = sorted(probes, key=len, reverse=True)
    emails = sorted({p.email for p in persons if p.email}, key=len, reverse=True)
    phones = [p.phone for p in persons if p.phone and phone_regex(p.phone)]
    parts: list[str] = []
    guard = ""
    if names:
        # another person the plan names, as written there, stays (Matti Mäkinen where Matti
        # Mäki is marked)
        others = sorted({_exact_regex(p.name) for p in persons
                         if normalise_name(p.name) not in marked
                         and any(may_be(probes[rx], fold_text(p.name))
                                 and re.fullmatch(rx, unicodedata.normalize("NFC", p.name),
                                                  re.IGNORECASE) for rx in names)})
        guard = r"(?!(?:" + "|".join(others) + r")(?!\w))" if others else ""
        parts.append(_names_part(guard, names))
    if emails:
        spelt = sorted({re.escape(e).replace("@", AT) for e in emails}, key=len, reverse=True)
        parts.append(r"(?<![\w.+-])(?:" + "|".join(spelt) + r")(?![\w-])")
    name_words = sorted({form for p in persons for w in re.split(r"[\s-]+", p.name)
                         if len(w) > 2 for form in (w.casefold(), _ascii(w))},
                        key=len, reverse=True)
    by_name = ([r"(?:" + "|".join(map(re.escape, name_words)) + r")\d*" + DOMAIN]
               if name_words else [])
    parts.append(r"(?<![\w.+-])(?:" + "|".join([PERSON_EMAIL, *by_name]) + r")(?![\w-])")
    parts.append(HETU)  # before the phones: 040190-123A is not a mobile number and an A
    regexes = sorted({str(phone_regex(p)) for p in phones}, key=len, reverse=True)
    parts.append(r"(?<![\d+])" + NOT_BUSINESS_ID + r"(?:" + "|".join([*regexes, MOBILE])
                 + r")" + NO_MORE_DIGITS)
    words = {_probes(n)[1] for n in spellings}  # every form has its surname's stem
    words |= {e.casefold() for e in emails}
    rest = parts[1:] if names else parts

    @functools.lru_cache(maxsize=64)
    def with_names(chosen: tuple[str, ...]) -> re.Pattern[str]:
        return re.compile("|".join([_names_part(guard, chosen), *rest] if chosen else rest),
                          re.IGNORECASE)

    return PersonalDataMatcher(with_names, tuple(sorted(words)),
                               tuple(sorted({phone_key(p).removeprefix("0") for p in phones})),
                               tuple((probes[rx], rx) for rx in names))


def _names_part(guard: str, names: Sequence[str]) -> str:
    """The regex of the marked names `names`, whole words, not another person's name."""
    return r"(?<!\w)" + guard + r"(?:" + "|".join(names) + r")(?!\w)"


_ROLE_WORDS = {"tyoryhma": "a working-group member", "esittelija": "the presenter",
               "valmistelijat": "a preparer", "tarkastajat": "an inspector of the minutes"}
# what public versions show of the person in each role when the name is marked: the office
# that presents stays; a preparer's or member's title and organisation would still point at
# the person, so the whole line goes
_ROLE_PUBLIC = {"tyoryhma": "leave this member's line out (name, title and organisation)",
                "esittelija": "leave the name out here too and show only the title",
                "valmistelijat": "leave this preparer's line out (name, title and contact)",
                "tarkastajat": "replace the name with a note"}


def personal_data_warnings(pf: PlanFile, where: Callable[[Loc], str] | None = None
                           ) -> list[str]:
    """What public versions (``julkinen/``, open data) leave out although the plan shows it.

    A name marked ``henkilotieto`` anywhere is left out everywhere: where the same name is
    also the presenter, public versions show only the title there; a preparer's or an
    unmarked working-group member's line is left out whole, an inspector's name is replaced;
    where a free text contains such a name (also inflected), the e-mail address or phone
    number of any person, an e-mail address in a person's form, a mobile number or a personal
    identity code, public versions replace it with a note (a quoted text shows a line break
    as ``\\n`` and an invisible character as its code, so that each warning is one line).
    Each warning names both places; `where` formats a field path (the loader's
    ``plan.yaml:42 path``), by default the bare path.
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
        out.append(f"{at(person.name_loc)}: '{_shown(person.name)}' is {role} here and marked "
                   f"henkilotieto at {at(first)}; public versions {_ROLE_PUBLIC[person.role]}; "
                   "remove henkilotieto there if the name must be public in this role")
    matcher = personal_data_matcher(pf)
    sources = _sources(persons, marked)
    forms = {key: (_probes(p.name), _name_regex(p.name)) for p in persons
             if (key := normalise_name(p.name)) in marked}
    for loc, value in iter_texts(pf):
        texts = [value] if isinstance(value, str) else list(value.values())
        # each datum once, but each form with an invisible character apart: the reader must
        # find every one of them
        found: dict[tuple[str, str], str] = {}
        for text in texts:
            nfc = unicodedata.normalize("NFC", text)
            for start, end in matcher.spans(nfc):
                datum = nfc[start:end]
                hidden = datum if INVISIBLE_RE.search(datum) else ""
                found.setdefault((_source_key(datum, forms), hidden), datum)
        for (key, _), shown in found.items():
            out.append(f"{at(loc)}: the text contains '{_shown(shown)}', "
                       f"{_what(key, shown, sources.get(key), marked, at)}; public versions "
                       "replace it with a note; write the text without it")
    return out


def _what(key: str, shown: str, source: Loc | None, marked: dict[str, Loc],
          at: Callable[[Loc], str]) -> str:
    """What the personal data a text contains is, and where the plan gives it."""
    if source is not None and key in marked:
        form = "marked" if normalise_name(shown) == key else "a form of the name marked"
        return f"{form} henkilotieto at {at(source)}"
    if source is not None:
        return f"the contact detail of a person at {at(source)}"
    shown = INVISIBLE_RE.sub("", shown)  # as it was matched
    if HETU_RE.fullmatch(shown):
        return "a Finnish personal identity code, which is a person's"
    if "@" in shown:
        return "an e-mail address in a person's form (first.last@…, or a name@…)"
    if len(re.sub(r"\D", "", shown)) >= 5:
        return "a mobile phone number, which is a person's"
    return "personal data"


def _shown(text: str) -> str:
    """`text` as a warning quotes it, on one line: a line break or tab written ``\\n``,
    ``\\t``, an invisible format character as its code (``\\u200b``), so the reader sees it."""
    return re.sub(f"[\\n\\r\\t{INVISIBLE}]", lambda m: _ESCAPES.get(m.group(0))
                  or f"\\u{ord(m.group(0)):04x}", text)


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _source_key(found: str, forms: dict[str, tuple[tuple[str, str], str]]) -> str:
    """The key of :func:`_sources` that `found` is: a phone's digits, an e-mail address, a
    marked name (normalised) of which `found` is a form; an identity code as found."""
    plain = INVISIBLE_RE.sub("", found)  # as an identity code or a number is matched
    if HETU_RE.fullmatch(plain):
        return plain.upper()
    if "@" not in found and len(re.sub(r"\D", "", found)) >= 5:
        return phone_key(found)
    key = normalise_name(found)
    if "@" in found or key in forms:
        return key
    folded = fold_text(found)  # a form's regex is compiled only where its probes are found
    return next((k for k, (probes, form) in forms.items() if may_be(probes, folded)
                 and re.fullmatch(form, found, re.IGNORECASE)), key)


def _sources(persons: list[PersonAt], marked: dict[str, Loc]) -> dict[str, Loc]:
    """Normalised marked name, e-mail or phone digits → the field that gives it."""
    out: dict[str, Loc] = dict(marked)
    for person in persons:
        if person.email:
            out.setdefault(normalise_name(person.email), person.loc + ("sahkoposti",))
        if person.phone:
            out.setdefault(phone_key(person.phone), person.loc + ("puhelin",))
    return out
