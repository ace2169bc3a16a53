"""The municipalities that the examples of ``init --region`` name: the region's own.

The plan templates show a municipality (``tyyppi: kunta``) and a city (``kaupunki``) as
examples: Muurame and Jyväskylä of Keski-Suomi in Finnish, Korsholm and Vasa of Österbotten in
Swedish, as ids (``esim. muurame``), names (``Muuramen kunta``, ``Korsholms kommun``) and a
genitive (``Kuopion kaupungin``, ``Vasa stads``). :func:`with_towns` gives them those of the
region named, by its Finnish or Swedish name (a wellbeing services county of Uusimaa too); a
name it does not know gets made-up ones that no region has (Esimerkkilä and Mallila,
Exempelby and Exempelvik) rather than another region's. The example of a name in both
languages (``{fi: Vaasan kaupunki, sv: Vasa stad}``, for a bilingual region) stays.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._fields import Lang

__all__ = ["TOWNS", "region_in", "towns_of", "with_towns"]

Town = tuple[str, str, str]
"""A municipality: its Finnish name, the genitive of that name, its Swedish name."""

TOWNS: dict[str, tuple[Town, Town]] = {
    # region (Finnish name): a municipality (kunta) and a city (kaupunki) in it
    "Uusimaa": (("Sipoo", "Sipoon", "Sibbo"), ("Espoo", "Espoon", "Esbo")),
    "Länsi-Uusimaa": (("Kirkkonummi", "Kirkkonummen", "Kyrkslätt"), ("Espoo", "Espoon", "Esbo")),
    "Keski-Uusimaa": (("Tuusula", "Tuusulan", "Tusby"), ("Järvenpää", "Järvenpään", "Träskända")),
    "Itä-Uusimaa": (("Sipoo", "Sipoon", "Sibbo"), ("Porvoo", "Porvoon", "Borgå")),
    "Varsinais-Suomi": (("Lieto", "Liedon", "Lundo"), ("Turku", "Turun", "Åbo")),
    "Satakunta": (("Eura", "Euran", "Eura"), ("Pori", "Porin", "Björneborg")),
    "Kanta-Häme": (("Janakkala", "Janakkalan", "Janakkala"),
                   ("Hämeenlinna", "Hämeenlinnan", "Tavastehus")),
    "Pirkanmaa": (("Pirkkala", "Pirkkalan", "Birkala"), ("Tampere", "Tampereen", "Tammerfors")),
    "Päijät-Häme": (("Hollola", "Hollolan", "Hollola"), ("Lahti", "Lahden", "Lahtis")),
    "Kymenlaakso": (("Pyhtää", "Pyhtään", "Pyttis"), ("Kotka", "Kotkan", "Kotka")),
    "Etelä-Karjala": (("Lemi", "Lemin", "Lemi"),
                      ("Lappeenranta", "Lappeenrannan", "Villmanstrand")),
    "Etelä-Savo": (("Hirvensalmi", "Hirvensalmen", "Hirvensalmi"),
                   ("Savonlinna", "Savonlinnan", "Nyslott")),
    "Pohjois-Savo": (("Siilinjärvi", "Siilinjärven", "Siilinjärvi"),
                     ("Kuopio", "Kuopion", "Kuopio")),
    "Pohjois-Karjala": (("Polvijärvi", "Polvijärven", "Polvijärvi"),
                        ("Joensuu", "Joensuun", "Joensuu")),
    "Keski-Suomi": (("Muurame", "Muuramen", "Muurame"), ("Jyväskylä", "Jyväskylän", "Jyväskylä")),
    "Etelä-Pohjanmaa": (("Ilmajoki", "Ilmajoen", "Ilmajoki"),
                        ("Seinäjoki", "Seinäjoen", "Seinäjoki")),
    "Pohjanmaa": (("Mustasaari", "Mustasaaren", "Korsholm"), ("Vaasa", "Vaasan", "Vasa")),
    "Keski-Pohjanmaa": (("Kruunupyy", "Kruunupyyn", "Kronoby"), ("Kokkola", "Kokkolan", "Karleby")),
    "Pohjois-Pohjanmaa": (("Kempele", "Kempeleen", "Kempele"), ("Oulu", "Oulun", "Uleåborg")),
    "Kainuu": (("Sotkamo", "Sotkamon", "Sotkamo"), ("Kajaani", "Kajaanin", "Kajana")),
    "Lappi": (("Sodankylä", "Sodankylän", "Sodankylä"), ("Rovaniemi", "Rovaniemen", "Rovaniemi")),
    "Ahvenanmaa": (("Jomala", "Jomalan", "Jomala"),
                   ("Maarianhamina", "Maarianhaminan", "Mariehamn")),
}
"""A municipality and a city of each region (with a regional council) and of each wellbeing
services county of Uusimaa, to show as examples in the region's new plan file."""

_SWEDISH = {
    "Nyland": "Uusimaa", "Västra Nyland": "Länsi-Uusimaa", "Mellersta Nyland": "Keski-Uusimaa",
    "Östra Nyland": "Itä-Uusimaa", "Egentliga Finland": "Varsinais-Suomi",
    "Egentliga Tavastland": "Kanta-Häme", "Birkaland": "Pirkanmaa",
    "Päijänne-Tavastland": "Päijät-Häme", "Kymmenedalen": "Kymenlaakso",
    "Södra Karelen": "Etelä-Karjala", "Södra Savolax": "Etelä-Savo",
    "Norra Savolax": "Pohjois-Savo", "Norra Karelen": "Pohjois-Karjala",
    "Mellersta Finland": "Keski-Suomi", "Södra Österbotten": "Etelä-Pohjanmaa",
    "Österbotten": "Pohjanmaa", "Mellersta Österbotten": "Keski-Pohjanmaa",
    "Norra Österbotten": "Pohjois-Pohjanmaa", "Kajanaland": "Kainuu", "Lappland": "Lappi",
    "Åland": "Ahvenanmaa",
}
"""The Swedish names of the regions of :data:`TOWNS`."""

_MADE_UP: tuple[Town, Town] = (("Esimerkkilä", "Esimerkkilän", "Exempelby"),
                               ("Mallila", "Mallilan", "Exempelvik"))
"""The examples for a region :data:`TOWNS` does not know: names no municipality has."""

_TEMPLATE = {"fi": "Keski-Suomi", "sv": "Pohjanmaa"}
"""The region whose municipalities each language's plan template names."""
_GENITIVE = {"fi": "Kuopion kaupungin", "sv": "Vasa stads"}
"""The example of a party's name in the genitive, in each template (a city's)."""
_BOTH = {"fi": "{fi: Vaasan kaupunki, sv: Vasa stad}", "sv": "{sv: Vasa stad, fi: Vaasan kaupunki}"}
"""The example of a name in both languages, which stays as it is."""


def _folded(name: str) -> str:
    """A region's name as looked up: any case, a space for a hyphen (``varsinais suomi``)."""
    return " ".join(name.casefold().replace("-", " ").split())


_BY_NAME = {_folded(name): region
            for region in TOWNS for name in (region, *(k for k, v in _SWEDISH.items()
                                                       if v == region))}


def towns_of(region: str) -> tuple[Town, Town] | None:
    """The municipality and the city of `region` (its Finnish or Swedish name, in any case),
    or None for a name that is not one of :data:`TOWNS`."""
    found = _BY_NAME.get(_folded(region))
    return TOWNS[found] if found else None


def region_in(region: str, language: Lang) -> str:
    """The name of `region` in `language` when it is one of :data:`TOWNS`' regions, given in
    either language (``Pohjois-Savo`` in Swedish is ``Norra Savolax``); else `region`."""
    found = _BY_NAME.get(_folded(region))
    if found is None:
        return region
    if language == "fi":
        return found
    return next((sv for sv, fi in _SWEDISH.items() if fi == found), region)


def _id(name: str) -> str:
    """A municipality's id as the plan writes it: ``Jyväskylä`` → ``jyvaskyla``."""
    plain = name.casefold().translate(str.maketrans("äöå", "aoa"))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def _swedish(name: str, word: str) -> str:
    """``Korsholms kommun``, ``Vasa stad``: a name ending in a consonant takes -s (not after
    s, x or z: ``Tammerfors stad``)."""
    return f"{name}{'' if name[-1] in 'aeiouyåäösxz' else 's'} {word}"


def _names(towns: tuple[Town, Town], language: Lang) -> tuple[str, ...]:
    """How the examples write the municipality and the city of `towns`: the city's name in
    the genitive, the names of both, their ids."""
    (town, town_gen, town_sv), (city, city_gen, city_sv) = towns
    if language == "sv":
        from ._inflect import swedish_genitive

        return (swedish_genitive(_swedish(city_sv, "stad")), _swedish(town_sv, "kommun"),
                _swedish(city_sv, "stad"), _id(town_sv), _id(city_sv))
    return (f"{city_gen} kaupungin", f"{town_gen} kunta", f"{city_gen} kaupunki", _id(town),
            _id(city))


def with_towns(text: str, region: str, language: Lang) -> str:
    """`text` (a plan template in `language`) with the municipality and city of its examples
    replaced by those of `region`, or by made-up ones where the region is not known."""
    old = _names(TOWNS[_TEMPLATE[language]], language)
    old = (_GENITIVE[language], *old[1:])
    new = dict(zip(old, _names(towns_of(region) or _MADE_UP, language), strict=True))
    # one pass, longest first ('Vasa stads' before 'Vasa stad'), whole words only
    pattern = re.compile(r"(?<![\w-])(" + "|".join(
        re.escape(o) for o in sorted(old, key=len, reverse=True)) + r")(?![\w-])")
    return _BOTH[language].join(pattern.sub(lambda m: new[m.group(1)], part)
                                for part in text.split(_BOTH[language]))
