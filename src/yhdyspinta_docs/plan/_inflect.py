"""Inflected forms of party and body names: "Jyväskylän kaupunki" → "Jyväskylän kaupungin".

A Finnish organisation name is a head noun with modifiers in the genitive ("Keski-Suomen
liitto", "Jyväskylän kaupunki", "Kunnanhallitus"), so only the last word is inflected, by the
first of these rules that applies to it:

* an abbreviation (Oy, Oyj, ry, Ky, rf, r.f., Ab, Abp, with or without a final period), an
  acronym in capitals (KSSHP, EU) or a number takes its endings after a colon, with the vowel
  harmony and illative of how it is read: the name of its last letter ("Oy" is read oo-yy:
  ``Oy:n``, ``Oy:llä``, ``Oy:hyn``; "rf" är-äf: ``rf:ään``; "EU" ee-uu: ``EU:ssa``,
  ``EU:hun``) or of its last digit (``2:een``, ``8:aan``, ``100:aan``);
* a word that ends in a known head noun is inflected from a table: the organisation words
  (kunta, kaupunki, liitto, alue, yhtymä, hallitus, valtuusto, …) and the usual last parts of
  place names, many of them with a changing stem (järvi → Siilinjärven, lahti → Lapinlahden,
  joki → Suonenjoen, vesi → Pielaveden, kangas → Kankaan, ranta → Lappeenrannan, …);
* any other word is a guess: a word ending in a vowel by the regular rules without consonant
  gradation (Kaavi → Kaavin), one ending in -nen as a singular (Virtanen → Virtasen; a place
  such as Joroinen is plural, Joroisten), one in -us, -ys, -os or -ös like "kokous" (-uksen),
  any other word ending in a consonant with -i- as a foreign name (Korsnäs → Korsnäsin). An
  acronym of three or more letters with a vowel may be read as a word (HUS, SOTE), so its
  forms are a guess too, and so are those of a compound with Uusi-, Iso- or Vanha- at its
  start, which agree in some names (Uusikaupunki → Uudenkaupungin) but not in others.

:func:`guessed_names` lists the names whose Finnish forms are guesses; ``validate`` warns of
them. The plan's ``taivutus`` overrides any form.

Swedish has only the genitive: ``-s``, nothing after s, x or z ("Vasa stad" → "Vasa stads",
"Närpes" → "Närpes"), ``:s`` after an abbreviation, acronym or number ("Kvarkenrådet r.f." →
"Kvarkenrådet r.f:s", "KSSHP:s"). Swedish texts use prepositions for the other cases, so the
other forms are the nominative in a Swedish document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._fields import NAME_CASES, Lang, Text
from ._parties import Inflection
from ._text import Loc, localized

if TYPE_CHECKING:
    from ._model import PlanFile

__all__ = ["guessed_names", "name_forms", "swedish_genitive"]

# a head noun (the last letters of a name's last word) → (stem for the case endings, illative)
# The table is searched longest ending first; the head noun is replaced by its forms. Each stem
# takes -n, -lle, -lla, -lta, -sta, -ssa (-llä … with front vowels, as the head noun has them);
# the illative is given whole.
_HEADS: dict[str, tuple[str, str]] = {
    # organisations and their bodies
    "kunta": ("kunna", "kuntaan"),     # kunta, lautakunta, seutukunta, maakunta
    "kaupunki": ("kaupungi", "kaupunkiin"),
    "liitto": ("liito", "liittoon"),   # liitto, maakuntaliitto, kuntaliitto
    "alue": ("aluee", "alueeseen"),    # hyvinvointialue, yhteistyöalue
    "yhtymä": ("yhtymä", "yhtymään"),  # kuntayhtymä, hyvinvointiyhtymä
    "hallitus": ("hallitukse", "hallitukseen"),
    "valtuusto": ("valtuusto", "valtuustoon"),
    "jaosto": ("jaosto", "jaostoon"),
    "kokous": ("kokoukse", "kokoukseen"),
    "toimikunta": ("toimikunna", "toimikuntaan"),
    "johtaja": ("johtaja", "johtajaan"),
    "keskus": ("keskukse", "keskukseen"),
    "yhdistys": ("yhdistykse", "yhdistykseen"),
    "säätiö": ("säätiö", "säätiöön"),
    "seurakunta": ("seurakunna", "seurakuntaan"),
    "yhtiö": ("yhtiö", "yhtiöön"),
    "virasto": ("virasto", "virastoon"),
    "lautakunta": ("lautakunna", "lautakuntaan"),
    "neuvosto": ("neuvosto", "neuvostoon"),
    "ryhmä": ("ryhmä", "ryhmään"),     # johtoryhmä, työryhmä
    "elin": ("elime", "elimeen"),      # toimielin, yhteistyöelin
    "laitos": ("laitokse", "laitokseen"),
    "piiri": ("piiri", "piiriin"),     # sairaanhoitopiiri
    "yhteisö": ("yhteisö", "yhteisöön"),
    "opisto": ("opisto", "opistoon"),  # yliopisto, kansalaisopisto
    "koulu": ("koulu", "kouluun"),     # ammattikorkeakoulu
    # the last parts of place names (Siilinjärvi, Lapinlahti, Pihtipudas, Kirkkonummi, …)
    "järvi": ("järve", "järveen"),
    "lahti": ("lahde", "lahteen"),
    "joki": ("joe", "jokeen"),
    "vesi": ("vede", "veteen"),
    "lampi": ("lamme", "lampeen"),
    "salmi": ("salme", "salmeen"),
    "mäki": ("mäe", "mäkeen"),
    "niemi": ("nieme", "niemeen"),
    "saari": ("saare", "saareen"),
    "koski": ("koske", "koskeen"),
    "vuori": ("vuore", "vuoreen"),
    "nurmi": ("nurme", "nurmeen"),
    "nummi": ("numme", "nummeen"),
    "kangas": ("kankaa", "kankaaseen"),
    "pudas": ("putaa", "putaaseen"),
    "ranta": ("ranna", "rantaan"),
    "selkä": ("selä", "selkään"),
    "pelto": ("pello", "peltoon"),
    "lehto": ("lehdo", "lehtoon"),
    "luoto": ("luodo", "luotoon"),
    "linna": ("linna", "linnaan"),
    "kylä": ("kylä", "kylään"),
    "maa": ("maa", "maahan"),          # Keminmaa, Pirkanmaa
    "harju": ("harju", "harjuun"),
    "vaara": ("vaara", "vaaraan"),
    "kallio": ("kallio", "kallioon"),
}
_HEAD_ORDER = sorted(_HEADS, key=len, reverse=True)
# first parts that agree with the last in some names (Uusikaupunki → Uudenkaupungin) but not in
# others (Isojoki → Isojoen): the forms of such a compound are a guess
_AGREEING = ("uusi", "iso", "vanha")
# abbreviations written in small letters, in any case, without their final period
_ABBREVIATIONS = frozenset({"oy", "oyj", "ry", "r.y", "ky", "rf", "r.f", "ab", "abp"})
# a letter → (back-vowel endings, the illative ending) of its Finnish name: b is read bee
# (KSSHP:ssä, KSSHP:hen), k koo (YK:ssa, YK:hon), f äf (rf:ssä, rf:ään), y yy (Oy:hyn), …
_LETTERS: dict[str, tuple[bool, str]] = {
    "a": (True, "han"), "b": (False, "hen"), "c": (False, "hen"), "d": (False, "hen"),
    "e": (False, "hen"), "f": (False, "ään"), "g": (False, "hen"), "h": (True, "hon"),
    "i": (False, "hin"), "j": (False, "hin"), "k": (True, "hon"), "l": (False, "ään"),
    "m": (False, "ään"), "n": (False, "ään"), "o": (True, "hon"), "p": (False, "hen"),
    "q": (True, "hun"), "r": (False, "ään"), "s": (False, "ään"), "t": (False, "hen"),
    "u": (True, "hun"), "v": (False, "hen"), "w": (False, "hen"), "x": (False, "ään"),
    "y": (False, "hyn"), "z": (False, "iin"), "å": (True, "hon"), "ä": (False, "hän"),
    "ö": (False, "hön"),
}
# a last digit → (back-vowel endings, the illative ending) of its name: yksi (yhteen), kaksi
# (kahdella, kahteen), kolme, neljä, viisi, kuusi, seitsemän, kahdeksan, yhdeksän
_DIGITS: dict[str, tuple[bool, str]] = {
    "1": (False, "een"), "2": (True, "een"), "3": (True, "een"), "4": (False, "ään"),
    "5": (False, "een"), "6": (True, "een"), "7": (False, "ään"), "8": (True, "aan"),
    "9": (False, "ään"),
}
# a number's final zeros → how it is read: kymmenen/-kymmentä (kymmeneen), sata (sataan),
# tuhat/-tuhatta (tuhanteen), miljoona (miljoonaan); the number 0, nolla (nollaan)
_ZEROS: dict[int, tuple[bool, str]] = {0: (True, "aan"), 1: (False, "een"), 2: (True, "aan"),
                                       3: (False, "een"), 4: (False, "een"), 5: (False, "een")}
_BACK = set("aouAOU")
_FRONT = set("äöyÄÖY")
_VOWELS = set("aeiouyäöAEIOUYÄÖ")
_CASE_ENDINGS = {  # case → (back-vowel ending, front-vowel ending)
    "genetiivi": ("n", "n"), "allatiivi": ("lle", "lle"), "adessiivi": ("lla", "llä"),
    "ablatiivi": ("lta", "ltä"), "elatiivi": ("sta", "stä"), "inessiivi": ("ssa", "ssä"),
}
_OVERRIDE_FIELDS = {
    "genetiivi": "genitive", "allatiivi": "allative", "adessiivi": "adessive",
    "ablatiivi": "ablative", "elatiivi": "elative", "inessiivi": "inessive",
    "illatiivi": "illative",
}


def _back_vowels(word: str) -> bool:
    """True when `word` takes a-endings (back-vowel harmony); a compound follows its last part."""
    for ch in reversed(word):
        if ch in _BACK:
            return True
        if ch in _FRONT:
            return False
    return False  # only e and i: front (e.g. "Helsinki" … "Helsingissä" is irregular anyway)


def _with_endings(stem: str, back: bool, illative: str) -> dict[str, str]:
    """`stem` with each case ending (a-endings when `back`), and the illative given whole."""
    forms = {case: stem + (ends[0] if back else ends[1]) for case, ends in _CASE_ENDINGS.items()}
    forms["illatiivi"] = illative
    return forms


def _abbreviation(word: str) -> tuple[str, bool, str, bool] | None:
    """How `word` takes a colon ending, if it is an abbreviation, an acronym or a number:
    (the word without its final period, back-vowel endings, the illative ending, sure).

    Sure is False for an acronym of three or more letters with a vowel, which may be read as a
    word ("HUS:ssa", "HUS:iin") rather than letter by letter ("HUS:ssä", "HUS:ään").
    """
    bare = word[:-1] if word.endswith(".") else word
    tail = bare.rsplit("-", 1)[-1]
    if not tail:
        return None
    if bare.casefold() in _ABBREVIATIONS:
        back, illative = _LETTERS[bare[-1].casefold()]
        return bare, back, illative, True
    if tail[-1].isdigit():
        digits = tail[len(tail.rstrip("0123456789")):]
        zeros = len(digits) - len(digits.rstrip("0"))
        if not zeros:
            back, illative = _DIGITS[digits[-1]]
        else:  # kymmenen, sata, tuhat …; from six zeros on miljoona (miljoonaan)
            back, illative = _ZEROS.get(0 if zeros == len(digits) else zeros, (True, "aan"))
        return bare, back, illative, True
    letters = [ch for ch in tail if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        reading = _LETTERS.get(letters[-1].casefold())
        if reading is None:  # a letter whose Finnish name is not in the table
            return bare, False, "iin", False
        sure = len(letters) <= 2 or not any(ch in _VOWELS for ch in letters)
        return bare, reading[0], reading[1], sure
    return None


def _illative(word: str) -> str:
    """The illative of a word ending in a vowel, by the regular rules: a short vowel is
    lengthened (Kaavi → Kaaviin), a long one of a word of one syllable takes -hVn (maa →
    maahan), of a longer word -seen (Laukaa → Laukaaseen)."""
    last = word[-1]
    if len(word) >= 2 and word[-2].casefold() == last.casefold():
        if any(ch in _VOWELS for ch in word[:-2]):
            return f"{word}seen"
        return f"{word}h{last.casefold()}n"
    return f"{word}{last}n"


def _regular(prefix: str, last: str) -> dict[str, str]:
    """The forms of a name whose last word is in no table: the guesses the module names."""
    back = _back_vowels(last)
    name = prefix + last
    if last[-1] in _VOWELS:
        return _with_endings(name, back, prefix + _illative(last))
    lower = last.casefold()
    if lower.endswith("nen"):  # Virtanen → Virtasen (the singular)
        base = name[:-3]
        return _with_endings(f"{base}se", back, f"{base}seen")
    if lower.endswith(("us", "ys", "os", "ös")):  # like kokous → kokouksen
        return _with_endings(f"{name[:-1]}kse", back, f"{name[:-1]}kseen")
    if last[-1].isalpha():  # a foreign name: Korsnäs → Korsnäsin
        return _with_endings(f"{name}i", back, f"{name}iin")
    return _with_endings(f"{name}:", back, f"{name}:iin")  # a symbol: no rule at all


def _finnish(name: str) -> tuple[dict[str, str], bool]:
    """Every case of NAME_CASES for a Finnish name, derived from its last word, and whether a
    rule of the tables derived them (False: they are a guess)."""
    head, sep, last = name.rstrip().rpartition(" ")
    prefix = head + sep
    if not last:  # only white space
        return dict.fromkeys(NAME_CASES, name), False
    lower = last.casefold()
    abbreviation = _abbreviation(last) if lower.rstrip(".") in _ABBREVIATIONS else None
    if abbreviation is None:
        for ending in _HEAD_ORDER:
            if lower.endswith(ending):
                stem, illative = _HEADS[ending]
                base = last[: len(last) - len(ending)]
                # keep the capital of a one-word name ("Kunnanhallitus" → "Kunnanhallituksen")
                if not base and last[:1].isupper():
                    stem, illative = stem.capitalize(), illative.capitalize()
                sure = not (base and lower.startswith(_AGREEING))
                return _with_endings(prefix + base + stem, _back_vowels(ending),
                                     prefix + base + illative), sure
        abbreviation = _abbreviation(last)
    if abbreviation is not None:
        bare, back, illative, sure = abbreviation
        return _with_endings(f"{prefix}{bare}:", back, f"{prefix}{bare}:{illative}"), sure
    return _regular(prefix, last), False


def _finnish_forms(name: str) -> dict[str, str]:
    """Every case of NAME_CASES for a Finnish name, derived from its last word."""
    return _finnish(name)[0]


def swedish_genitive(name: str) -> str:
    """``Vasa stad`` → ``Vasa stads``; nothing is added after s, x or z (``Närpes``); ``:s``
    after an abbreviation, acronym or number (``Kvarkenrådet r.f:s``, ``KSSHP:s``)."""
    head, sep, last = name.rpartition(" ")
    abbreviation = _abbreviation(last) if last else None
    if abbreviation is not None:
        return f"{head}{sep}{abbreviation[0]}:s"
    return name if name[-1:].casefold() in ("s", "x", "z") else f"{name}s"


def name_forms(name: str, lang: Lang, override: Inflection | None = None) -> dict[str, str]:
    """The nominative (key ``""``) and every case of NAME_CASES of `name` in `lang`.

    `override` (the plan's ``taivutus``) replaces derived forms: its Finnish fields in a
    Finnish document, its ``genitiv`` in a Swedish one.
    """
    if not name:
        return {"": "", **dict.fromkeys(NAME_CASES, "")}
    if lang == "sv":
        genitive = (override.sv_genitive if override else None) or swedish_genitive(name)
        return {"": name, **dict.fromkeys(NAME_CASES, name), "genetiivi": genitive}
    forms = {"": name, **_finnish_forms(name)}
    if override is not None:
        for case, attr in _OVERRIDE_FIELDS.items():
            value = getattr(override, attr)
            if value:
                forms[case] = value
    return forms


def guessed_names(pf: PlanFile) -> list[tuple[Loc, str, str]]:
    """The party and body names whose Finnish forms are a guess: (field path, name, guessed
    genitive) for each, in the plan's order.

    Empty when the plan makes no Finnish documents. A name counts when no rule of the tables
    derived its forms (no head noun, place-name part or abbreviation; see the module) and its
    ``taivutus`` gives no ``genetiivi``; a name with no Finnish version is left to the check
    of missing translations.
    """
    if "fi" not in pf.languages:
        return []
    named: list[tuple[Loc, Text, Inflection | None]] = []
    for i, party in enumerate(pf.parties):
        named.append((("osapuolet", i, "nimi"), party.name, party.inflection))
        named += [(("osapuolet", i, "toimielimet", j, "nimi"), body.name, body.inflection)
                  for j, body in enumerate(party.bodies)]
    out: list[tuple[Loc, str, str]] = []
    for loc, value, override in named:
        name = localized(value, "fi", pf.language)
        if not name or (override is not None and override.genitive):
            continue
        forms, sure = _finnish(name)
        if not sure:
            out.append((loc, name, forms["genetiivi"]))
    return out
