"""A sample decision-proposal context, exactly as docs/templates.md describes it.

Realistic Finnish content for a wellbeing county's board (aluehallitus), including the
"nasty" text ``A & B < C "quoted" 'x'``, two two-item ordered lists in two different
explanation sections, a lines block (working-group members) and a draft variant.

Use the functions, not module globals: each call returns a fresh deep copy.
"""

from __future__ import annotations

import copy
from typing import Any

NASTY = "A & B < C \"quoted\" 'x'"

LABELS_FI: dict[str, str] = {
    "doc_type": "Esityslista",
    "page": "Sivu",
    "dnro": "Dnro",
    "previous": "Aikaisempi käsittely",
    "preparer": "Valmistelija",
    "explanation": "Selostus asiasta",
    "competence": "Toimivalta",
    "presenter": "Esittelijä",
    "proposal": "Päätösehdotus",
    "attachments": "Liitteet",
    "for_information": "Tiedoksi",
    "appeal": "Muutoksenhaku",
    "draft": "LUONNOS",
    "meeting": "Kokous",
    "contact": "Lisätietoja",
}

_SAMPLE: dict[str, Any] = {
    "lang": "fi",
    "labels": LABELS_FI,
    "organisation": "Keski-Suomen hyvinvointialue",
    "body": "Aluehallitus",
    "doc_type": "Esityslista",
    "date": "3.3.2026",
    "dnro": "Dnro 123/2026",
    "section": "§ 80",
    "title": "Keski-Suomen yhdyspintasuunnitelma 2026–2029 & kuntien yhteistyösopimus",
    "draft": False,
    "draft_reasons": [],
    "history": [
        "Aluevaltuusto 4.11.2025 § 80",
        "Aluehallitus 12.1.2026 § 7",
    ],
    "preparers": [
        "Lasse Leppä, konsernipalveluiden toimialajohtaja, lasse.leppa@hyvaks.fi",
        "Anna-Liisa Heiskala, yhteiskuntasuhteiden päällikkö, anna-liisa.heiskala@hyvaks.fi",
    ],
    "explanation": [
        {
            "heading": "Yleistä",
            "level": 2,
            "blocks": [
                {
                    "kind": "paragraph",
                    "text": (
                        "Hyvinvointialueesta annetun lain 14 §:n mukaan hyvinvointialue ja sen "
                        "alueen kunnat neuvottelevat valtuustokausittain tehtäviensä hoitamisesta "
                        "ja yhteistyön tavoitteista. Neuvottelujen tulos kirjataan "
                        "yhdyspintasuunnitelmaan.\nSuunnitelma kattaa vuodet 2026–2029."
                    ),
                },
                {
                    "kind": "paragraph",
                    "text": (
                        f"Työryhmän muistiossa vaihtoehdot on merkitty tunnuksin {NASTY}; "
                        "vertailu on liitteessä 2."
                    ),
                },
                {
                    "kind": "paragraph",
                    "text": "Suunnitelmaa valmistelleen työryhmän jäsenet ovat:",
                },
                {
                    "kind": "lines",
                    "items": [
                        "Matti Mäkinen, kunnanjohtaja, Hankasalmen kunta",
                        "Jarkko Määttänen, kunnanjohtaja, Muuramen kunta",
                        "Pirjo Peräaho, aluekehitysjohtaja, Keski-Suomen liitto",
                        "Lasse Leppä, konsernipalveluiden toimialajohtaja, "
                        "Keski-Suomen hyvinvointialue",
                    ],
                },
            ],
        },
        {
            "heading": "Suunnitelman valmistelu",
            "level": 3,
            "blocks": [
                {
                    "kind": "paragraph",
                    "text": (
                        "Suunnitelma on valmisteltu yhdessä alueen 22 kunnan kanssa. "
                        "Valmistelu eteni kahdessa vaiheessa:"
                    ),
                },
                {
                    "kind": "list",
                    "ordered": True,
                    "items": [
                        "kuntakohtaiset neuvottelut syksyllä 2025",
                        "yhteinen työpaja ja lausuntokierros tammikuussa 2026",
                    ],
                },
            ],
        },
        {
            "heading": "Strategian liittymäpinnan kuvaus",
            "level": 3,
            "blocks": [
                {
                    "kind": "paragraph",
                    "text": "Suunnitelman painopisteet ovat:",
                },
                {
                    "kind": "list",
                    "ordered": True,
                    "items": [
                        "hyvinvoinnin ja terveyden edistäminen",
                        "elinvoiman ja turvallisuuden rakentaminen",
                    ],
                },
                {
                    "kind": "paragraph",
                    "text": "Seurantaa varten kootaan\tmittaritaulukko kerran vuodessa.",
                },
                {
                    "kind": "list",
                    "ordered": False,
                    "items": [
                        "kuntien hyvinvointikertomukset",
                        "alueellinen hyvinvointisuunnitelma",
                    ],
                },
            ],
        },
    ],
    "competence": "Hallintosääntö 17 §",
    "presenter": "Vt. hyvinvointialuejohtaja Kati Kallimo",
    "proposal": [
        {
            "kind": "paragraph",
            "text": "Aluehallitus päättää",
        },
        {
            "kind": "list",
            "ordered": True,
            "items": [
                "hyväksyä Keski-Suomen yhdyspintasuunnitelman 2026–2029 liitteen 1 mukaisena ja",
                "esittää aluevaltuustolle, että se merkitsee suunnitelman tiedoksi.",
            ],
        },
    ],
    "attachments": [
        "Liite 1 Keski-Suomen yhdyspintasuunnitelma 2026–2029",
        "Liite 2 Vaihtoehtojen vertailu",
    ],
    "for_information": [
        "Keski-Suomen kunnat",
        "Keski-Suomen liitto",
    ],
    "appeal": "Oikaisuvaatimus",
    "contact": [
        "Keski-Suomen hyvinvointialue",
        "Lasse Leppä, konsernipalveluiden toimialajohtaja, puh. 014 266 0000",
    ],
}


def sample_context() -> dict[str, Any]:
    """The complete, final (non-draft) context."""
    return copy.deepcopy(_SAMPLE)


def draft_context() -> dict[str, Any]:
    """The same item as a draft: marked, with the reasons shown under the title."""
    ctx = sample_context()
    ctx["draft"] = True
    ctx["draft_reasons"] = [
        "Esittelijä puuttuu",
        "Toimivalta puuttuu",
    ]
    ctx["presenter"] = ""
    ctx["competence"] = ""
    return ctx


def minimal_context() -> dict[str, Any]:
    """Every optional value empty: all keys present, only the title and the labels set."""
    ctx = sample_context()
    for key in ("date", "dnro", "section", "competence", "presenter", "appeal"):
        ctx[key] = ""
    for key in (
        "draft_reasons",
        "history",
        "preparers",
        "explanation",
        "proposal",
        "attachments",
        "for_information",
        "contact",
    ):
        ctx[key] = []
    return ctx


def nasty_context() -> dict[str, Any]:
    """Nasty text in every field of the header and the body (must come out verbatim: escaped
    as XML, never taken as markup)."""
    ctx = sample_context()
    for key in ("organisation", "body", "doc_type", "date", "dnro", "section", "title"):
        ctx[key] = f"{ctx[key]} {NASTY}"
    ctx["draft"] = True
    ctx["draft_reasons"] = [NASTY]
    ctx["labels"] = {k: f"{v} {NASTY}" for k, v in LABELS_FI.items()}
    return ctx
