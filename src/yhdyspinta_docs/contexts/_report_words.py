"""The fixed words of the follow-up report and of its decision proposal, per language."""

from __future__ import annotations

from ..plan import Lang
from ._types_report import ReportWords

__all__ = ["ONE_ROW", "WORDS"]

WORDS: dict[Lang, ReportWords] = {
    "fi": {"title": "Seurantaraportti", "results": "Seurannan tulokset", "late": "Viivästyneet",
           "changes": "Muutokset edelliseen seurantaan", "by_measure": "Tilanne toimenpiteittäin",
           "chart": "Tilanteet", "no_late": "Yhtään riviä ei ole merkitty viivästyneeksi.",
           "no_changes": "Tilanteet eivät ole muuttuneet edellisestä seurannasta.",
           "changes_attached": "Muutoksia edelliseen seurantaan on {n}; ne luetellaan "
                               "liitteenä olevassa seurantaraportissa.",
           "rows": "Seurannassa on {n} toimenpiteen ja vastuutahon riviä.",
           "alt": "Pylväskaavio seurannan tilanteista: {counts}.",
           "proposal": "{toimielin} merkitsee tiedoksi yhdyspintasuunnitelman seurantaraportin.",
           "party": "Vastuutaho", "status": "Tilanne", "description": "Tilannekuvaus",
           "measure": "Toimenpide", "deadline_passed": "määräaika {date} on umpeutunut",
           "overdue": "Määräaika umpeutunut",
           "table": "Taulukko", "next_steps": "Seuraavat toimenpiteet",
           "updated": "Päivitetty", "contact": "Yhteyshenkilö",
           "carried_over": "aiempi kausi", "by_party": "Tilanne vastuutahoittain",
           "by_party_caption": "Vastuutahojen rivit tilanteen mukaan",
           "total": "Yhteensä", "not_returned_mark": "matriisi palauttamatta",
           "returned_empty_mark": "palautettu ilman merkintöjä",
           "carried_rows": "Rivejä, joita ei ole päivitetty tällä seurantakaudella "
                           "(siirtyneet aiemmalta kaudelta): {n}.",
           "carried_note": "Merkintä ”aiempi kausi” päivityspäivän alla tarkoittaa, että "
                           "tieto on siirtynyt aiemmalta kaudelta eikä vastuutaho ole "
                           "päivittänyt sitä tällä kaudella."},
    "sv": {"title": "Uppföljningsrapport", "results": "Uppföljningens resultat",
           "late": "Försenade", "changes": "Förändringar sedan föregående uppföljning",
           "by_measure": "Läget per åtgärd", "chart": "Läget",
           "no_late": "Ingen rad har markerats som försenad.",
           "no_changes": "Läget har inte förändrats sedan föregående uppföljning.",
           "changes_attached": "Förändringarna sedan föregående uppföljning är {n}; de "
                               "förtecknas i den bifogade uppföljningsrapporten.",
           "rows": "Uppföljningen har {n} rader för åtgärder och ansvariga parter.",
           "alt": "Stapeldiagram över uppföljningens läge: {counts}.",
           "proposal": "{toimielin} antecknar uppföljningsrapporten för kännedom.",
           "party": "Ansvarig part", "status": "Läge", "description": "Lägesbeskrivning",
           "measure": "Åtgärd", "deadline_passed": "tidsfristen {date} har gått ut",
           "overdue": "Tidsfristen har gått ut",
           "table": "Tabell", "next_steps": "Nästa steg", "updated": "Uppdaterad",
           "contact": "Kontaktperson", "carried_over": "tidigare period",
           "by_party": "Läget per ansvarig part", "total": "Totalt",
           "by_party_caption": "De ansvariga parternas rader enligt läge",
           "not_returned_mark": "matrisen inte returnerad",
           "returned_empty_mark": "returnerad utan anteckningar",
           "carried_rows": "Rader som inte har uppdaterats under denna "
                           "uppföljningsperiod (överförda från en tidigare period): {n}.",
           "carried_note": "Anteckningen ”tidigare period” under uppdateringsdatumet "
                           "betyder att uppgiften har överförts från en tidigare period och "
                           "att den ansvariga parten inte har uppdaterat den under denna "
                           "period."},
}  # the sv strings should be confirmed by a Swedish-speaking official (docs/languages.md)
ONE_ROW: dict[Lang, str] = {
    "fi": "Seurannassa on 1 toimenpiteen ja vastuutahon rivi.",
    "sv": "Uppföljningen har 1 rad för en åtgärd och en ansvarig part.",
}
"""The summary's first line for one row: a numeral one takes the singular (not "1 riviä")."""
