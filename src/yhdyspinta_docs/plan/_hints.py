"""What a value the plan's model refused probably meant: the Finnish key or value for a
Swedish word (``namn`` → ``nimi``, ``kommun`` → ``kunta``), the party whose name was written
where its id belongs. :mod:`._messages` adds these to its messages. Also here: the words for
a hint that would point to an id two parties have (:func:`shared_id_hint`), and the item that
already has the id an invalid one would be written as (:func:`id_holder`)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from ._fields import ID_PATTERN
from ._text import Loc, field_path

__all__ = ["MAX_HINTED", "SWEDISH_ALL", "SWEDISH_KEYS", "PartyNames", "as_id", "body_hint",
           "id_holder", "party_list", "shared_id_hint", "swedish_value"]

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


SWEDISH_ALL = frozenset({"alla", "samtliga"})
"""Swedish for ``kaikki`` (every party), as a preparer writes it in ``vastuutahot``."""


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
        self._names: dict[str, tuple[str, str, int]] = {}
        self._holders: dict[str, list[tuple[int, str]]] = {}  # tunnus: (index, name) of each
        for i, party in enumerate(parties if isinstance(parties, list) else []):
            pid, given = (party.get("tunnus"), party.get("nimi")) \
                if isinstance(party, Mapping) else (None, None)
            if not isinstance(pid, str):
                continue
            texts = [t for t in (given.values() if isinstance(given, Mapping) else [given])
                     if isinstance(t, str)]
            self._holders.setdefault(pid, []).append((i, " / ".join(texts) or "no name"))
            for text in texts:
                self._names.setdefault(_folded(text), (pid, text, i))

    def hint(self, value: Any) -> str | None:
        """What to write for `value`, a party's name (or nearly) where its id belongs: "did
        you mean" its tunnus, or, when another party has that tunnus too, that each party
        needs its own; None when `value` names no party."""
        found = self._find(value)
        if found is None:
            return None
        pid, name, at = found
        others = [(i, n) for i, n in self._holders.get(pid, []) if i != at]
        if others:
            return shared_id_hint(name, at, pid, others)
        return (f"did you mean '{pid}' ({name})? A party is named by its tunnus, not by its "
                "name")

    def _find(self, value: Any) -> tuple[str, str, int] | None:
        """The tunnus, name and index of the party whose name in any language `value` is, or
        nearly is (case, accents and spacing aside); None if none is."""
        if not isinstance(value, str) or not self._names:
            return None
        close = difflib.get_close_matches(_folded(value), list(self._names), n=1, cutoff=0.85)
        return self._names[close[0]] if close else None


def body_hint(data: Any, loc: Loc, value: Any) -> str | None:
    """What to write for `value`, not an id, at the body reference `loc` (``…toimielin``) of
    the plan `data` as read, when :func:`as_id` of it is no body of the deciding party: the
    body whose name `value` is (``Kunnanhallitus`` → ``hallitus``), else that party's bodies.
    None when the id :func:`as_id` gives is one of them, or the party is not known."""
    if not loc or loc[-1] != "toimielin" or not isinstance(value, str):
        return None
    parties = _at(data, ("osapuolet",))
    holder = _at(data, loc[:-1])
    pid = holder.get("osapuoli") if isinstance(holder, Mapping) else None
    if pid is None and len(loc) == 4 and loc[0] == "osapuolet" and isinstance(loc[1], int):
        pid = _at(data, (*loc[:2], "tunnus"))
    index, party = next(((i, p) for i, p in enumerate(parties if isinstance(parties, list)
                                                      else [])
                         if isinstance(p, Mapping) and p.get("tunnus") == pid), (None, None))
    bodies = party.get("toimielimet") if isinstance(party, Mapping) else None
    if not isinstance(bodies, list):
        return None
    named: dict[str, tuple[str, str]] = {}  # folded name: (tunnus, name)
    listed: dict[str, str] = {}  # tunnus: its names
    for body in bodies:
        bid = body.get("tunnus") if isinstance(body, Mapping) else None
        if not isinstance(bid, str):
            continue
        if bid == as_id(value):
            return None
        given = body.get("nimi")
        texts = [t for t in (given.values() if isinstance(given, Mapping) else [given])
                 if isinstance(t, str)]
        listed.setdefault(bid, " / ".join(texts))
        for text in texts:
            named.setdefault(_folded(text), (bid, text))
    close = difflib.get_close_matches(_folded(value), list(named), n=1, cutoff=0.85)
    if close:
        bid, text = named[close[0]]
        return f"did you mean '{bid}' ({text})? A body is named by its tunnus, not by its name"
    add = f"add the body under osapuolet[{index}].toimielimet"
    if not listed:
        return f"party '{pid}' has no bodies yet: {add} and write its tunnus here"
    shown = ", ".join(f"'{bid}'" + (f" ({text})" if text else "")
                      for bid, text in list(listed.items())[:8])
    return (f"the bodies of party '{pid}' are {shown}{' …' if len(listed) > 8 else ''}: "
            f"write the tunnus of one of them, or {add}")


def shared_id_hint(name: str, at: int, pid: str, others: Sequence[tuple[int, str]]) -> str:
    """The hint for a reference that names, by its name, the party ``osapuolet[at]`` whose
    tunnus `pid` the parties `others` (index, name) have too: "did you mean" that tunnus
    would name them as well, so the hint says each party needs its own."""
    verb = "has" if len(others) == 1 else "have"
    return (f"the party named {name} (osapuolet[{at}]) has tunnus '{pid}', which "
            f"{party_list(others)} {verb} too: give each party a tunnus of its own, and write "
            f"the tunnus of {name} here")


def party_list(parties: Sequence[tuple[int, str]]) -> str:
    """The parties (index, name) in a message, the first three by place and name:
    ``osapuolet[2] (Hankasalmen kunta), osapuolet[3] (Joutsan kunta)``."""
    return ", ".join(f"osapuolet[{i}] ({n})" for i, n in parties[:3]) + (
        f" and {len(parties) - 3} more" if len(parties) > 3 else "")


_ID_GROUPS: tuple[tuple[str, tuple[Loc, ...]], ...] = (
    ("party", (("osapuolet",),)),
    ("measure", (("suunnitelma", "toimenpiteet"),)),
    ("section", (("asia", "selostus"),)),
    ("decision or event", (("sopimus", "hyvaksynnat"), ("sopimus", "korvaa", "hyvaksynnat"),
                           ("suunnitelma", "valmistelu", "kasittelyt"),
                           ("paatokset", "kirjatut"))),
)
"""The lists whose items' ids (``tunnus``) are unique together, with what their items are;
the bodies (``toimielimet``) of each party are another such list."""


def id_holder(data: Any, loc: Loc, written: str) -> tuple[str, str, str] | None:
    """Another item that has, or would have, the id `written` proposed for the ``tunnus`` at
    `loc` (in the plan `data` as read): one of the same kind whose tunnus is `written`, else
    one whose tunnus :func:`as_id` writes as `written` too. Returns what kind of item it is,
    where it is and its tunnus as written, e.g. ``("party", "osapuolet[5] (Jämsän kaupunki)",
    "jamsa")``; None if no other item has it or ids at `loc` need not be unique."""
    if len(loc) < 3 or loc[-1] != "tunnus" or not isinstance(loc[-2], int):
        return None
    here, index = loc[:-2], loc[-2]
    lists: tuple[Loc, ...]
    if len(here) == 3 and here[0] == "osapuolet" and here[2] == "toimielimet":
        kind, lists = "body of this party", (here,)
    else:
        kind, lists = next(((k, ls) for k, ls in _ID_GROUPS if here in ls), ("", ()))
    found: list[tuple[str, str]] = []
    for path in lists:
        items = _at(data, path)
        for i, item in enumerate(items if isinstance(items, list) else []):
            other = item.get("tunnus") if isinstance(item, Mapping) else None
            if (path, i) == (here, index) or not isinstance(other, str) \
                    or as_id(other) != written:
                continue
            name = item.get("nimi")
            names = name.values() if isinstance(name, Mapping) else [name]
            shown = " / ".join(n for n in names if isinstance(n, str))
            found.append((field_path(path + (i,)) + (f" ({shown})" if shown else ""), other))
    if not found:
        return None
    where, other = next((f for f in found if f[1] == written), found[0])
    return kind, where, other


def _at(data: Any, path: Loc) -> Any:
    """The value at `path` in `data`, or None where there is none."""
    for key in path:
        if isinstance(data, Mapping):
            data = data.get(key)
        elif isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data):
            data = data[key]
        else:
            return None
    return data


def as_id(value: Any) -> str | None:
    """`value` written as an id (lower case, å ä ö as a a o, spaces as -), if that makes one."""
    if not isinstance(value, str):
        return None
    folded = "-".join(_folded(value).split(" "))
    return folded if re.fullmatch(ID_PATTERN, folded) and len(folded) <= 64 else None


def _folded(text: str) -> str:
    """`text` in lower case without accents and with single spaces, to compare names."""
    return " ".join("".join(c for c in unicodedata.normalize("NFKD", text.lower())
                            if not unicodedata.combining(c)).split())
