"""The fixed words and sentences of the approval summary and the minutes extract, in Finnish
and Swedish (the Swedish ones marked "confirm" are to be checked by a Swedish-speaking
official, docs/languages.md)."""

from __future__ import annotations

from ..plan import Lang
from ._types_approvals import ApprovalWords

__all__ = ["SENTENCES", "WORDS", "party_count"]

WORDS: dict[Lang, ApprovalWords] = {
    "fi": {
        "summary_title": "Yhdyspintasuunnitelman hyväksyminen osapuolissa",
        "summary_doc_type": "Selvitys",
        "extract_doc_type": "Pöytäkirjanote",
        "status": "Tilanne",
        "party": "Osapuoli",
        "body": "Toimielin",
        "planned": "Suunniteltu",
        "state": "Tila",
        "decision_column": "Päätös",
        "table_caption": "Taulukko 1. Osapuolten päätökset suunnitelmasta",
        "rejected": "Hylänneet",
        "amended": "Muutettuna hyväksyneet",
        "overdue": "Myöhässä",
        "decisions": "Kirjatut päätökset",
        "decision": "Päätös",
        "handling": "Käsittely",
        "inspection": "Pöytäkirjan tarkastus",
        "certify": "Otteen oikeaksi todistaa",
        "remove_after": "Poistetaan yleisestä tietoverkosta",
    },
    "sv": {  # confirm
        "summary_title": "Parternas godkännande av gränsytsplanen",
        "summary_doc_type": "Utredning",
        "extract_doc_type": "Protokollsutdrag",
        "status": "Läge",
        "party": "Part",
        "body": "Organ",
        "planned": "Planerat",
        "state": "Status",
        "decision_column": "Beslut",
        "table_caption": "Tabell 1. Parternas beslut om planen",
        "rejected": "Parter som förkastat planen",
        "amended": "Parter som godkänt planen med ändringar",
        "overdue": "Försenade",
        "decisions": "Registrerade beslut",
        "decision": "Beslut",
        "handling": "Behandling",
        "inspection": "Justering av protokollet",
        "certify": "Utdragets riktighet bestyrks",
        "remove_after": "Avlägsnas från det allmänna datanätet",
    },
}

SENTENCES: dict[Lang, dict[str, str]] = {
    "fi": {
        "counts": "Suunnitelman hyväksyy {parties}. Tilanne{date}: hyväksynyt {approved}, "
                  "hylännyt {rejected}, odottaa {pending}, joista myöhässä {overdue}.",
        "approved": "Suunnitelma on hyväksytty kaikissa osapuolissa.",
        "open": "Suunnitelmaa ei ole vielä hyväksytty kaikissa osapuolissa.",
        "open_rejected": "Suunnitelmaa ei ole hyväksytty kaikissa osapuolissa.",
        "rejected": "{party} ({decision}) hylkäsi suunnitelman.",
        "amended": "{party} ({decision}) hyväksyi suunnitelman muutettuna.",
        "no_note": "Käsittelystä ei ole kirjattu merkintää.",
        "overdue": "{party}: suunniteltu {due}{latest}",
        "approve": "{toimielin} päätti hyväksyä yhdyspintasuunnitelman.",
        "forward": "{toimielin} esittää {valtuustolle}, että {valtuusto} hyväksyy "
                   "yhdyspintasuunnitelman.",
        "return": "Asia palautettiin uudelleen valmisteltavaksi.",
        "table": "Asia pantiin pöydälle.",
        "reject": "Päätösehdotus hylättiin.",
        "as_proposed": "Päätösehdotus hyväksyttiin.",
        "inspected": "Pöytäkirja on tarkastettu {date}.",
        "not_inspected": "Pöytäkirjaa ei ole vielä tarkastettu.",
        "inspectors": "Pöytäkirjan tarkastajat: {names}",
        "blank_date": "___.___.______",
        "signature": "______________________________",
        "inspector_lines": "pöytäkirjantarkastaja",
        "certifier": "(nimi ja virka-asema)",
        "remove": "Tämä verkkoversio poistetaan yleisestä tietoverkosta {date} jälkeen "
                  "(muutoksenhakuajan päättyminen).",
        "not_published": "Pöytäkirjan nähtäväksi asettamisen päivä puuttuu; poistopäivä "
                         "lasketaan siitä.",
        "plan_approved": "Suunnitelma on hyväksytty kaikissa osapuolissa.",
        "plan_open": "Suunnitelman on {date} mennessä hyväksynyt {approved_parties} "
                     "{total_from}.",
        "plan_open_undated": "Suunnitelman on hyväksynyt {approved_parties} {total_from}.",
    },
    "sv": {  # confirm
        "counts": "Planen ska godkännas av {parties}. Läget{date}: {approved} har godkänt, "
                  "{rejected} har förkastat, {pending} väntar, varav {overdue} {late}.",
        "approved": "Planen har godkänts av alla parter.",
        "open": "Planen har ännu inte godkänts av alla parter.",
        "open_rejected": "Planen har inte godkänts av alla parter.",
        "rejected": "{party} ({decision}) förkastade planen.",
        "amended": "{party} ({decision}) godkände planen med ändringar.",
        "no_note": "Ingen anteckning om behandlingen.",
        "overdue": "{party}: planerat {due}{latest}",
        "approve": "{toimielin} beslöt godkänna gränsytsplanen.",
        "forward": "{toimielin} föreslår för {valtuustolle} att {valtuusto} godkänner "
                   "gränsytsplanen.",
        "return": "Ärendet återremitterades för ny beredning.",
        "table": "Ärendet bordlades.",
        "reject": "Beslutsförslaget förkastades.",
        "as_proposed": "Beslutsförslaget godkändes.",
        "inspected": "Protokollet har justerats {date}.",
        "not_inspected": "Protokollet har ännu inte justerats.",
        "inspectors": "Protokolljusterare: {names}",
        "blank_date": "___.___.______",
        "signature": "______________________________",
        "inspector_lines": "protokolljusterare",
        "certifier": "(namn och tjänsteställning)",
        "remove": "Denna webbversion avlägsnas från det allmänna datanätet efter {date} "
                  "(tiden för sökande av ändring går ut).",
        "not_published": "Dagen då protokollet publicerades i det allmänna datanätet saknas; "
                         "dagen för avlägsnande räknas från den.",
        "plan_approved": "Planen har godkänts av alla parter.",
        "plan_open": "Den {date} hade {approved} av {parties} godkänt planen.",
        "plan_open_undated": "{approved} av {parties} har godkänt planen.",
    },
}


def party_count(lang: Lang, n: int) -> str:
    """``24 osapuolta`` but ``1 osapuoli`` (a numeral one takes the nominative); ``16 parter``
    but ``1 part``."""
    if lang == "sv":
        return f"{n} {'part' if n == 1 else 'parter'}"
    return f"{n} {'osapuoli' if n == 1 else 'osapuolta'}"
