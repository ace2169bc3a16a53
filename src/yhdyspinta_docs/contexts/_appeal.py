"""Which appeal instructions a recorded decision gets, and their text (fi, sv).

The interface, two functions:

* :func:`appeal_kind` chooses by the body and the outcome: a council's decision gets a
  *valitusosoitus* (kunnallisvalitus for a municipality or the regional council, a joint
  municipal authority; aluevalitus for a wellbeing county); a board's (or committee's) own
  final decision an *oikaisuvaatimusohje*; a decision that only prepares the matter (the
  board forwards the plan to its council, returns it for preparation or tables it) the
  no-appeal sentence. A handling's ``muutoksenhaku`` overrides the choice for the final
  decision of the body it names.
* :func:`appeal_text` gives the heading and paragraphs in the document's language, with the
  legal reference that fits the party (kuntalaki for municipalities and the regional council,
  the act on wellbeing services counties for the county), and the periods the text states.

The texts are standard wording, not a county's own; a lawyer of the organisation should
confirm them, and the Swedish ones a Swedish-speaking official (docs/decisions.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..plan._decisions import DecisionOutcome
from ..plan._fields import Lang
from ..plan._model import AppealKind, BodyKind, PartyKind

__all__ = ["APPEAL_DAYS", "AppealText", "appeal_kind", "appeal_text"]

APPEAL_DAYS: dict[AppealKind, int] = {
    AppealKind.RECTIFICATION: 14,
    AppealKind.APPEAL: 30,
}
"""Days to make a rectification request or an appeal after the decision is deemed received
(a member of the municipality or county: 7 days after the minutes were put on the web)."""


@dataclass(frozen=True)
class AppealText:
    """Appeal instructions as printed: a heading and its paragraphs."""

    kind: AppealKind
    heading: str
    paragraphs: tuple[str, ...]


def appeal_kind(body_kind: BodyKind, outcome: DecisionOutcome,
                override: AppealKind | None = None) -> AppealKind:
    """The appeal instructions a decision of a `body_kind` body with `outcome` gets."""
    if not outcome.final:  # forwarded, returned, tabled: only prepares the matter
        return AppealKind.NONE_PREPARATORY
    if override is not None:
        return override
    if body_kind is BodyKind.COUNCIL:
        return AppealKind.APPEAL
    return AppealKind.RECTIFICATION


def _county(party_kind: PartyKind) -> bool:
    return party_kind is PartyKind.WELLBEING_COUNTY


def appeal_text(kind: AppealKind, party_kind: PartyKind, lang: Lang, *, body: str,
                organisation: str) -> AppealText:
    """The instructions of `kind` for a decision of `body` of `organisation`, in `lang`."""
    county = _county(party_kind)
    words = _FI if lang == "fi" else _SV
    law = words["law_county" if county else "law_municipality"]
    member = words["member_county" if county else "member_municipality"]
    people = {"member": member, "member_cap": member[:1].upper() + member[1:]}
    if kind is AppealKind.NONE_PREPARATORY:
        section = words["prep_county" if county else "prep_municipality"]
        return AppealText(kind, words["heading_none"], (words["none"].format(section=section),))
    if kind is AppealKind.RECTIFICATION:
        return AppealText(kind, words["heading_rectification"], (
            words["rect_who"].format(**people),
            words["rect_when"].format(days=APPEAL_DAYS[kind], **people),
            words["rect_to"].format(body=body, organisation=organisation),
            words["rect_content"],
            words["law"].format(law=law),
        ))
    appeal_word = words["appeal_county" if county else "appeal_municipality"]
    return AppealText(kind, words["heading_appeal"], (
        words["appeal_who"].format(appeal=appeal_word, **people),
        words["appeal_when"].format(days=APPEAL_DAYS[kind], **people),
        words["appeal_to"],
        words["appeal_grounds"],
        words["law"].format(law=law),
    ))


_FI: dict[str, str] = {
    "heading_none": "Muutoksenhakukielto",
    "heading_rectification": "Oikaisuvaatimusohje",
    "heading_appeal": "Valitusosoitus",
    "law_municipality": "kuntalaki (410/2015)",
    "law_county": "laki hyvinvointialueesta (611/2021)",
    "member_municipality": "kunnan jäsen",
    "member_county": "hyvinvointialueen jäsen",
    "prep_municipality": "kuntalain 136 §:n",
    "prep_county": "hyvinvointialuelain 141 §:n",
    "none": "Päätökseen ei saa hakea muutosta {section} nojalla, koska päätös koskee vain asian "
            "valmistelua tai täytäntöönpanoa.",
    "rect_who": "Tähän päätökseen tyytymätön voi tehdä kirjallisen oikaisuvaatimuksen. "
                "Oikaisuvaatimuksen saa tehdä asianosainen ja {member}. Päätökseen ei saa "
                "hakea muutosta valittamalla tuomioistuimeen.",
    "rect_when": "Oikaisuvaatimus on tehtävä {days} päivän kuluessa päätöksen "
                 "tiedoksisaannista. {member_cap} katsotaan saaneen päätöksestä tiedon "
                 "seitsemän päivän kuluttua siitä, kun pöytäkirja on asetettu nähtäväksi "
                 "yleiseen tietoverkkoon.",
    "rect_to": "Oikaisuvaatimusviranomainen: {body}, {organisation}.",
    "rect_content": "Oikaisuvaatimuksesta on käytävä ilmi päätös, johon vaaditaan oikaisua, "
                    "miten päätöstä halutaan oikaistavaksi, millä perusteella sekä tekijän "
                    "nimi ja yhteystiedot.",
    "appeal_municipality": "kunnallisvalituksen",
    "appeal_county": "aluevalituksen",
    "appeal_who": "Tähän päätökseen tyytymätön voi hakea muutosta {appeal} hallinto-oikeudelta. "
                  "Valituksen saa tehdä asianosainen ja {member}.",
    "appeal_when": "Valitus on tehtävä {days} päivän kuluessa päätöksen tiedoksisaannista. "
                   "{member_cap} katsotaan saaneen päätöksestä tiedon seitsemän päivän "
                   "kuluttua siitä, kun pöytäkirja on asetettu nähtäväksi yleiseen "
                   "tietoverkkoon.",
    "appeal_to": "Valitusviranomainen on hallinto-oikeus; valituskirjelmä toimitetaan "
                 "hallinto-oikeudelle ennen valitusajan päättymistä.",
    "appeal_grounds": "Valituksen saa tehdä sillä perusteella, että päätös on syntynyt "
                      "virheellisessä järjestyksessä, päätöksen tehnyt viranomainen on "
                      "ylittänyt toimivaltansa tai päätös on muuten lainvastainen.",
    "law": "Muutoksenhausta säädetään: {law}.",
}

_SV: dict[str, str] = {  # confirm: standard Finland-Swedish wording, to be checked
    "heading_none": "Förbud att söka ändring",
    "heading_rectification": "Anvisning om rättelseyrkande",
    "heading_appeal": "Besvärsanvisning",
    "law_municipality": "kommunallagen (410/2015)",
    "law_county": "lagen om välfärdsområden (611/2021)",
    "member_municipality": "kommunmedlem",
    "member_county": "medlem av välfärdsområdet",
    "prep_municipality": "136 § i kommunallagen",
    "prep_county": "141 § i lagen om välfärdsområden",
    "none": "Ändring i beslutet får inte sökas med stöd av {section}, eftersom beslutet endast "
            "gäller beredning eller verkställighet.",
    "rect_who": "Den som är missnöjd med beslutet kan framställa ett skriftligt "
                "rättelseyrkande. Rättelseyrkande får framställas av en part och av en "
                "{member}. Ändring i beslutet får inte sökas genom besvär hos domstol.",
    "rect_when": "Rättelseyrkandet ska framställas inom {days} dagar från delfåendet av "
                 "beslutet. En {member} anses ha fått del av beslutet sju dagar efter att "
                 "protokollet har publicerats i det allmänna datanätet.",
    "rect_to": "Rättelseyrkandet ska riktas till: {body}, {organisation}.",
    "rect_content": "Av rättelseyrkandet ska framgå vilket beslut det gäller, hur beslutet "
                    "ska rättas, på vilka grunder samt yrkandets framställares namn och "
                    "kontaktuppgifter.",
    "appeal_municipality": "kommunalbesvär",
    "appeal_county": "välfärdsområdesbesvär",
    "appeal_who": "Den som är missnöjd med beslutet kan söka ändring genom {appeal} hos "
                  "förvaltningsdomstolen. Besvär får anföras av en part och av en {member}.",
    "appeal_when": "Besvären ska anföras inom {days} dagar från delfåendet av beslutet. En "
                   "{member} anses ha fått del av beslutet sju dagar efter att protokollet "
                   "har publicerats i det allmänna datanätet.",
    "appeal_to": "Besvärsmyndighet är förvaltningsdomstolen; besvärsskriften ska lämnas till "
                 "förvaltningsdomstolen innan besvärstiden går ut.",
    "appeal_grounds": "Besvär får anföras på den grunden att beslutet har tillkommit i fel "
                      "ordning, att den myndighet som fattat beslutet har överskridit sin "
                      "befogenhet eller att beslutet annars strider mot lag.",
    "law": "Bestämmelser om sökande av ändring: {law}.",
}
