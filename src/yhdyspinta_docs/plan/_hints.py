"""What a value the plan's model refused probably meant: the Finnish key or value for a
Swedish word (``namn`` → ``nimi``, ``kommun`` → ``kunta``), the party whose name was written
where its id belongs. :mod:`._messages` adds these to its messages."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping
from typing import Any

__all__ = ["MAX_HINTED", "SWEDISH_KEYS", "PartyNames", "swedish_value"]

MAX_HINTED = 50
"""How many problems of one plan get a "did you mean" hint. Each hint compares the value
with every candidate (every party, body or reference), so a plan written to hurt, with
tens of thousands of wrong references, would take minutes; only the first 20 problems
are shown, and the later ones are reported without a hint."""

# the plan file's keys under the Swedish words a Swedish-speaking preparer may write instead
# (the documents' own Swedish labels, docs/languages.md); a hint only where the key is allowed
SWEDISH_KEYS: dict[str, tuple[str, ...]] = {
    "namn": ("nimi",), "typ": ("tyyppi",), "id": ("tunnus",), "kod": ("tunnus",),
    "språk": ("kieli", "kielet"), "sprak": ("kieli", "kielet"), "område": ("alue",),
    "omrade": ("alue",), "parter": ("osapuolet",), "part": ("osapuoli",),
    "organ": ("toimielimet", "toimielin"), "avtal": ("sopimus",), "plan": ("suunnitelma",),
    "ärende": ("asia",), "arende": ("asia",), "rubrik": ("otsikko",),
    "beskrivning": ("kuvaus",), "innehåll": ("sisalto",), "innehall": ("sisalto",),
    "redogörelse": ("selostus",), "redogorelse": ("selostus",),
    "åtgärder": ("toimenpiteet",), "atgarder": ("toimenpiteet",),
    "ansvariga": ("vastuutahot",), "huvudansvarig": ("paavastuu",),
    "tidtabell": ("aikataulu",), "tidsfrist": ("maaraaika",), "mätare": ("mittarit",),
    "matare": ("mittarit",), "mål": ("tavoitteet",), "tema": ("teema",),
    "behandling": ("kasittely",), "datum": ("paivamaara", "kokouspaiva"),
    "sammanträde": ("kokouspaiva",), "paragraf": ("pykala",), "behörighet": ("toimivalta",),
    "behorighet": ("toimivalta",), "föredragande": ("esittelija",),
    "foredragande": ("esittelija",), "beredare": ("valmistelijat",),
    "beslutsförslag": ("paatosehdotus",), "beslutsforslag": ("paatosehdotus",),
    "bilagor": ("liitteet",), "titel": ("nimike",), "epost": ("sahkoposti",),
    "e-post": ("sahkoposti",), "telefon": ("puhelin",), "beslut": ("paatokset", "paatos"),
}


# the plan file's values of a kind (tyyppi, tila, tulos …) under the Swedish words for them
_SWEDISH_VALUES: dict[str, str] = {
    "kommun": "kunta", "stad": "kaupunki", "förbund": "maakunnan_liitto",
    "landskapsförbund": "maakunnan_liitto", "välfärdsområde": "hyvinvointialue",
    "annan": "muu", "annat": "muu", "fullmäktige": "valtuusto", "styrelse": "hallitus",
    "nämnd": "lautakunta", "tjänsteinnehavare": "viranhaltija", "utkast": "luonnos",
    "klar": "valmis", "färdig": "valmis", "godkänd": "hyvaksytty", "förkastad": "hylatty",
    "bordlagd": "poydatty", "återremitterad": "palautettu", "rättelseyrkande": "oikaisuvaatimus",
    "omprövning": "oikaisuvaatimus", "besvär": "valitus", "för kännedom": "tiedoksi",
}


def swedish_value(value: object, expected: str) -> str | None:
    """The Finnish value of the kind expected that Swedish `value` names (``kommun`` →
    ``kunta``; a definite form such as ``styrelsen`` too), or None."""
    if not isinstance(value, str):
        return None
    word = " ".join(value.casefold().split())
    finnish = _SWEDISH_VALUES.get(word) or _SWEDISH_VALUES.get(word.removesuffix("en")) or \
        _SWEDISH_VALUES.get(word.removesuffix("n")) or _SWEDISH_VALUES.get(word.removesuffix("et"))
    return finnish if finnish and f"'{finnish}'" in expected else None


class PartyNames:
    """The names of the parties declared in the plan `data` (the YAML as read, before it is
    validated), to find the party whose name was written where its id belongs."""

    def __init__(self, data: Any) -> None:
        parties = data.get("osapuolet") if isinstance(data, Mapping) else None
        self._names: dict[str, tuple[str, str]] = {}
        for party in parties if isinstance(parties, list) else []:
            pid, given = (party.get("tunnus"), party.get("nimi")) \
                if isinstance(party, Mapping) else (None, None)
            for text in given.values() if isinstance(given, Mapping) else [given]:
                if isinstance(pid, str) and isinstance(text, str):
                    self._names.setdefault(_folded(text), (pid, text))

    def find(self, value: Any) -> tuple[str, str] | None:
        """The (tunnus, name) of the party whose name in any language `value` is, or nearly
        is (case, accents and spacing aside); None if none is."""
        if not isinstance(value, str) or not self._names:
            return None
        close = difflib.get_close_matches(_folded(value), list(self._names), n=1, cutoff=0.85)
        return self._names[close[0]] if close else None


def _folded(text: str) -> str:
    """`text` in lower case without accents and with single spaces, to compare names."""
    return " ".join("".join(c for c in unicodedata.normalize("NFKD", text.lower())
                            if not unicodedata.combining(c)).split())
