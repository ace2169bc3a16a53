"""Inflected forms of party and body names: "Jyväskylän kaupunki" → "Jyväskylän kaupungin".

A Finnish organisation name is a head noun with modifiers in the genitive ("Keski-Suomen
liitto", "Jyväskylän kaupunki", "Kunnanhallitus"), so only the last word is inflected. The
usual head nouns (kunta, kaupunki, liitto, alue, yhtymä, hallitus, valtuusto, jaosto, …) are
inflected from a table by how the word ends; any other word by the regular rules for a word
ending in a vowel (no consonant gradation), and a name ending in a consonant or digit ("Oy",
"ry") with a colon (``X:n``). The plan's ``taivutus`` overrides any form.

Swedish has only the genitive: ``-s``, nothing after s, x or z ("Vasa stad" → "Vasa stads",
"Korsnäs kommun" → "Korsnäs kommuns", "Närpes" → "Närpes"). Swedish texts use prepositions
for the other cases, so the other forms are the nominative in a Swedish document.
"""

from __future__ import annotations

from ..plan._fields import NAME_CASES, Lang
from ..plan._parties import Inflection

__all__ = ["name_forms", "swedish_genitive"]

# a head noun (the last letters of a name's last word) → (stem for the case endings, illative)
# The table is searched longest ending first; the head noun is replaced by its forms. Each stem
# takes -n, -lle, -lla, -lta, -sta, -ssa (-llä … with front vowels); the illative is given whole.
_HEADS: dict[str, tuple[str, str]] = {
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
}
_HEAD_ORDER = sorted(_HEADS, key=len, reverse=True)
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


def _finnish_forms(name: str) -> dict[str, str]:
    """Every case of NAME_CASES for a Finnish name, derived from its last word."""
    head, sep, last = name.rpartition(" ")
    prefix = head + sep
    lower = last.casefold()
    for ending in _HEAD_ORDER:
        if lower.endswith(ending):
            stem, illative = _HEADS[ending]
            base = last[: len(last) - len(ending)]
            # keep the capital of a one-word name ("Kunnanhallitus" → "Kunnanhallituksen")
            if not base and last[:1].isupper():
                stem, illative = stem[:1].upper() + stem[1:], illative[:1].upper() + illative[1:]
            return _with_endings(prefix + base + stem, _back_vowels(ending),
                                 prefix + base + illative)
    if last and last[-1] in _VOWELS:
        return _with_endings(name, _back_vowels(last), f"{name}{last[-1]}n")
    # a consonant, a digit or an abbreviation: the colon form ("Oy:n", "ry:lle")
    back = _back_vowels(last) or not any(ch in _FRONT for ch in last)
    return _with_endings(f"{name}:", back, f"{name}:iin")


def swedish_genitive(name: str) -> str:
    """``Vasa stad`` → ``Vasa stads``; nothing is added after s, x or z (``Närpes``)."""
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
