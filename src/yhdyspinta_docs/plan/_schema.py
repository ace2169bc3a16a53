"""The plan file's JSON Schema, described in Finnish for the people who edit the file."""

from __future__ import annotations

from typing import Any

from ._model import PlanFile

__all__ = ["plan_schema"]

# -- Finnish descriptions of each mapping (model) and of keys that carry none in model.py --
MODEL_FI: dict[str, str] = {
    "PlanFile": "Yhdyspintasuunnitelman suunnitelmatiedosto: osapuolet, sopimus, suunnitelma "
    "ja päätettävä asia.",
    "Party": "Sopimuksen osapuoli: kunta, kaupunki, maakunnan liitto tai hyvinvointialue.",
    "Body": "Osapuolen toimielin (valtuusto, hallitus, lautakunta …).",
    "Approval": "Kirjattu päätös: osapuolen toimielin päätti päivänä ja pykälässä.",
    "PreviousAgreement": "Aiempi sopimus, jonka uusi sopimus korvaa.",
    "AgreementChapter": "Sopimuksen luku, johon asiakirjoissa viitataan.",
    "Agreement": "Strateginen yhteistyösopimus, jota suunnitelma täydentää.",
    "Measure": "Suunnitelman toimenpide vastuutahoineen, aikatauluineen ja mittareineen.",
    "Member": "Valmistelevan työryhmän jäsen (nimi, nimike, organisaatio).",
    "Event": "Foorumi, kokous tai verkosto, jossa suunnitelmaa käsiteltiin.",
    "Preparation": "Suunnitelman valmistelu: työryhmä ja käsittelyt.",
    "PlanPeriod": "Vuodet, joita suunnitelma koskee.",
    "Plan": "Yhdyspintasuunnitelma: toimenpiteet, vastuut ja seuranta.",
    "Insert": "Suunnitelman tiedoista tähän kohtaan tehtävä sisältö (työryhmä, toimenpiteet …).",
    "Section": "Selostuksen väliotsikko ja sen sisältö.",
    "Person": "Esittelijä tai valmistelija. Sähköposti ja puhelin ovat henkilötietoja, jotka "
    "jätetään pois verkkojulkaisusta.",
    "Attachment": "Liite, joka luetellaan kohdassa Liitteet.",
    "Handling": "Toimielimen käsittely: kokous, pykälä, esittelijä ja päätösehdotus.",
    "DecisionItem": "Esityslistan asia: otsikko, selostus, liitteet ja käsittely.",
    "PartyKind": "Osapuolen laji (avain `tyyppi` kohdassa `osapuolet`).",
    "BodyKind": "Toimielimen laji (avain `tyyppi` kohdassa `toimielimet`).",
    "AppealKind": "Muutoksenhakuohjeen laji (avain `muutoksenhaku` käsittelyssä).",
    "HandlingStatus": "Käsittelyn tila (avain `tila` käsittelyssä).",
    "DecisionKind": "Päätöksen laji (avain `paatoslaji` käsittelyssä); se valitsee "
    "muutoksenhakuohjeen.",
    "DecisionOutcome": "Mitä toimielin päätti suunnitelmasta (avain `tulos` kirjatussa "
    "päätöksessä).",
    "DecisionRecord": "Toimielimen päätös suunnitelmasta pöytäkirjan mukaan "
    "(`paatokset.kirjatut`).",
    "Decisions": "Suunnitelman hyväksymiskierros: ketkä hyväksyvät, tilannepäivä ja kirjatut "
    "päätökset.",
    "Inflection": "Osapuolen tai toimielimen nimen taivutusmuodot (`taivutus`), jos johdetut "
    "ovat väärin. Suomen muodot johdetaan nimen viimeisestä sanasta (kunta → kunnan, "
    "kaupunki → kaupungin, liitto → liiton, hyvinvointialue → hyvinvointialueen, hallitus → "
    "hallituksen …); ruotsin genetiivi lisää -s (ei s:n, x:n tai z:n jälkeen).",
    "PartySection": "Osapuolen oman selostuksen (`osapuolet[].selostus`) tai kaikkien muiden "
    "osapuolten selostuksen (`asia.osapuolten_selostus`) jakso.",
}

KEY_FI: dict[str, str] = {
    "tunnus": "Pysyvä tunnus (a–z, 0–9, - ja _).",
    "nimi": "Nimi.",
    "tyyppi": "Tyyppi.",
    "toimielimet": "Osapuolen toimielimet.",
    "osapuoli": "Osapuolen tunnus.",
    "toimielin": "Toimielimen tunnus.",
    "paivamaara": "Päivämäärä muodossa vvvv-kk-pp, esim. 2025-11-04.",
    "pykala": "Pykälän numero pelkkänä lukuna, esim. 80 tai \"80\".",
    "voimassa_asti": "Viimeinen voimassaolopäivä (vvvv-kk-pp).",
    "voimassa_alkaen": "Voimaantulopäivä (vvvv-kk-pp).",
    "hyvaksynnat": "Päätökset, joilla osapuolet hyväksyivät sopimuksen.",
    "kuvaus": "Kuvaus.",
    "korvaa": "Aiempi sopimus, jonka tämä korvaa.",
    "luvut": "Sopimuksen luvut, joihin viitataan.",
    "numero": "Luvun numero, esim. '7.1' (lainausmerkeissä).",
    "otsikko": "Otsikko.",
    "sisalto": "Sisältö.",
    "aikataulu": "Aikataulu vapaana tekstinä, esim. '2026–2027'.",
    "maaraaika": "Määräaika (vvvv-kk-pp).",
    "mittarit": "Seurannan mittarit tai indikaattorit.",
    "tavoitteet": "Sopimuksen tavoitteet, joita toimenpide edistää.",
    "teema": "Teema tai yhdyspinta (esim. HYTE, lapset, nuoret ja perheet).",
    "nimike": "Tehtävänimike.",
    "aloitettu": "Milloin valmistelu alkoi, esim. 'keväällä 2025'.",
    "tyoryhma": "Valmistelevan työryhmän jäsenet.",
    "kasittelyt": "Foorumit ja kokoukset, joissa suunnitelmaa käsiteltiin.",
    "alkuvuosi": "Ensimmäinen vuosi.",
    "loppuvuosi": "Viimeinen vuosi.",
    "kausi": "Suunnitelmakausi.",
    "lakiperuste": "Lakiperuste, oletuksena hyvinvointialuelaki 14 § (ruotsiksi 14 § i lagen "
                   "om välfärdsområden).",
    "tiivistelma": "Lyhyt tiivistelmä suunnitelmasta.",
    "toimenpiteet": "Suunnitelman toimenpiteet.",
    "seurannan_periaatteet": "Miten toimenpiteiden etenemistä seurataan.",
    "valmistelu": "Valmistelun työryhmä ja käsittelyt.",
    "strategian_liittymapinta": "Strategian liittymäpinnan kuvaus.",
    "taso": "Otsikkotaso: 2 tai 3 (oletus 3).",
    "sahkoposti": "Sähköpostiosoite (henkilötieto, ei verkkojulkaisuun).",
    "puhelin": "Puhelinnumero (henkilötieto, ei verkkojulkaisuun).",
    "kokouspaiva": "Kokouspäivä (vvvv-kk-pp). Puuttuessa asiakirja on luonnos.",
    "toimivalta": "Toimivallan peruste, esim. 'Hallintosääntö 17 §'.",
    "esittelija": "Esittelijä: nimi ja nimike.",
    "valmistelijat": "Valmistelijat yhteystietoineen.",
    "paatosehdotus": "Päätösehdotus, esim. 'Aluehallitus päättää hyväksyä "
    "yhdyspintasuunnitelman.'",
    "tiedoksi": "Kenelle päätös annetaan tiedoksi, yksi kohta kerrallaan.",
    "muutoksenhaku": "Muutoksenhakuohjeen laji.",
    "tila": "valmis tai luonnos (luonnos merkitään näkyvästi).",
    "selostus": "Selostus asiasta: väliotsikot ja teksti.",
    "liitteet": "Muut liitteet.",
    "kasittely": "Päättävän toimielimen käsittely.",
    "asia": "Päätettävä asia (esityslistan asia).",
    "osapuolet": "Sopimuksen osapuolet (enintään 1 000).",
    "sopimus": "Strateginen yhteistyösopimus.",
    "suunnitelma": "Yhdyspintasuunnitelma.",
    "alue": "Alueen nimi.",
    "versio": "Suunnitelman versio.",
    "julkinen": "Julkaistaanko liite verkossa.",
    "hyvaksytty_ajankohta": "Milloin osapuolet hyväksyivät, esim. 'syksyn 2022 aikana'.",
}


_GENERIC_TEXT = "Teksti: joko pelkkä merkkijono"


def _describe(node: Any) -> None:
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            for key, sub in props.items():
                generic = str(sub.get("description", "")).startswith(_GENERIC_TEXT)
                if isinstance(sub, dict) and key in KEY_FI and (
                        "description" not in sub or generic):
                    sub["description"] = KEY_FI[key]
        for value in node.values():
            _describe(value)
    elif isinstance(node, list):
        for value in node:
            _describe(value)


def plan_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of the plan file with Finnish descriptions."""
    doc: dict[str, Any] = PlanFile.model_json_schema(by_alias=True)
    for name, sub in doc.get("$defs", {}).items():
        if name in MODEL_FI:
            sub["description"] = MODEL_FI[name]
    doc["description"] = MODEL_FI["PlanFile"]
    _describe(doc)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            **doc, "title": "yhdyspinta-docs: suunnitelmatiedosto"}
