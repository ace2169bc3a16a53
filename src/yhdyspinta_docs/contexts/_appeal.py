"""The appeal instructions of a decision proposal, chosen by the kind of decision.

- the body's own final decision (a board, committee or office holder): *oikaisuvaatimus* to
  the same body (kuntalaki 134 §, hyvinvointialuelaki 139 §);
- a proposal forwarded to the council and a note for information ("merkitsee tiedoksi"): no
  appeal, because the decision only concerns the preparation of the matter (kuntalaki 136 §,
  hyvinvointialuelaki 141 §);
- a council's decision: *kunnallisvalitus* or *aluevalitus* to the administrative court
  (kuntalaki 135 §, hyvinvointialuelaki 140 §).

The wellbeing services county's bodies follow hyvinvointialuelaki; municipalities, the
regional council (a joint municipal authority) and other parties follow kuntalaki. Each text
is printed under its own heading (Oikaisuvaatimusohje, Valitusosoitus, Muutoksenhaku; in
Swedish Anvisning om rättelseyrkande, Besvärsanvisning, Sökande av ändring). The full
instructions are attached to the minutes; the proposal states which apply. A party's handling
may choose another kind (``muutoksenhaku``) or give its own text (``muutoksenhakuohje``).
A section number and its § are joined by a no-break space (``134\u00a0§``), so a line never
starts with "§)"; Swedish cites the section before the law ("134 § i kommunallagen"), as
Finland-Swedish statutes and minutes do, and asks for rectification *hos* the body. The texts
are the usual wording; a municipality's lawyer should confirm them against the
municipality's own instructions (see docs/languages.md for the Swedish ones).
"""

from __future__ import annotations

from ..plan import AppealKind, BodyKind, Handling, Lang, Party, PartyKind
from ..plan._item import DecisionKind

__all__ = ["APPEAL_HEADINGS", "appeal_kind", "appeal_text", "decision_kind", "extract_appeal_text",
           "law_of", "members_of"]

APPEAL_HEADINGS: dict[Lang, dict[AppealKind, str]] = {
    "fi": {AppealKind.RECTIFICATION: "Oikaisuvaatimusohje",
           AppealKind.APPEAL: "Valitusosoitus",
           AppealKind.NONE_PREPARATORY: "Muutoksenhaku"},
    "sv": {AppealKind.RECTIFICATION: "Anvisning om rättelseyrkande",
           AppealKind.APPEAL: "Besvärsanvisning",
           AppealKind.NONE_PREPARATORY: "Sökande av ändring"},
}
"""The heading each kind of appeal text is printed under."""

# law → (name of the law in fi, in sv, section on appeals, section on preparatory decisions,
#        the appeal to court in fi, in sv)
# law, its Swedish name, the sections of rectification, of the appeal to the administrative
# court and of the bar on appealing preparatory decisions, the appeal's name in fi and sv
_LAWS: dict[str, tuple[str, str, str, str, str, str, str]] = {
    "kunta": ("kuntalaki", "kommunallagen", "134", "135", "136", "kunnallisvalituksella",
              "genom kommunalbesvär"),
    "hyvinvointialue": ("hyvinvointialuelaki", "lagen om välfärdsområden", "139", "140", "141",
                        "aluevalituksella", "genom välfärdsområdesbesvär"),
}


def law_of(party: Party) -> str:
    """``"hyvinvointialue"`` for the wellbeing services county, else ``"kunta"``."""
    return "hyvinvointialue" if party.kind is PartyKind.WELLBEING_COUNTY else "kunta"


def decision_kind(handling: Handling, body_kind: BodyKind | None) -> DecisionKind:
    """The handling's ``paatoslaji``, or by default: a council's decision in a council, the
    body's own decision elsewhere."""
    if handling.decision_kind is not None:
        return handling.decision_kind
    return DecisionKind.COUNCIL if body_kind is BodyKind.COUNCIL else DecisionKind.OWN


def appeal_kind(handling: Handling, kind: DecisionKind) -> AppealKind:
    """The handling's ``muutoksenhaku``, or the one the kind of decision takes."""
    if handling.appeal is not None:
        return handling.appeal
    return {DecisionKind.OWN: AppealKind.RECTIFICATION,
            DecisionKind.COUNCIL: AppealKind.APPEAL,
            DecisionKind.TO_COUNCIL: AppealKind.NONE_PREPARATORY,
            DecisionKind.FOR_INFORMATION: AppealKind.NONE_PREPARATORY}[kind]


def appeal_text(lang: Lang, kind: AppealKind, law: str, members: str | None = None) -> str:
    """The appeal text of `kind` in `lang` under `law` (``kunta`` or ``hyvinvointialue``);
    a rectification names who may ask for it: a party concerned and the members of `members`
    (a key of :data:`_MEMBERS`, default `law`: ``kuntayhtyma`` for a regional council)."""
    fi_law, sv_law, rectify_s, appeal_s, prep_s, fi_court, sv_court = _LAWS[law]
    member = _MEMBERS[members or law]
    if lang == "sv":
        return {
            AppealKind.RECTIFICATION:
                "Rättelse i beslutet kan yrkas skriftligt hos det organ som fattat beslutet "
                "inom 14 dagar från delfåendet av beslutet; rättelseyrkande får framställas av "
                f"part samt av {member[2]} ({rectify_s}\u00a0§ i {sv_law}). Anvisning om "
                "rättelseyrkande fogas till protokollet.",
            AppealKind.APPEAL:
                f"Ändring i beslutet får sökas {sv_court} hos förvaltningsdomstolen inom 30 "
                f"dagar från delfåendet av beslutet ({appeal_s}\u00a0§ i {sv_law}). "
                "Besvärsanvisning fogas till protokollet.",
            AppealKind.NONE_PREPARATORY:
                "Ändring i beslutet får inte sökas, eftersom beslutet endast gäller beredning "
                f"av ärendet ({prep_s}\u00a0§ i {sv_law}).",
        }[kind]
    return {
        AppealKind.RECTIFICATION:
            "Päätökseen voi hakea oikaisua kirjallisella oikaisuvaatimuksella päätöksen "
            "tehneeltä toimielimeltä 14 päivän kuluessa päätöksen tiedoksisaannista; "
            f"oikaisuvaatimuksen saa tehdä asianosainen sekä {member[0]} ({fi_law} "
            f"{rectify_s}\u00a0§). Oikaisuvaatimusohje liitetään pöytäkirjaan.",
        AppealKind.APPEAL:
            f"Päätökseen voi hakea muutosta {fi_court} hallinto-oikeudelta 30 päivän "
            f"kuluessa päätöksen tiedoksisaannista ({fi_law} {appeal_s}\u00a0§). Valitusosoitus "
            "liitetään pöytäkirjaan.",
        AppealKind.NONE_PREPARATORY:
            "Päätökseen ei saa hakea muutosta, koska se koskee vain asian valmistelua "
            f"({fi_law} {prep_s}\u00a0§).",
    }[kind]


# who may ask for rectification or appeal besides the parties concerned (fi, then sv): as the
# subject of a sentence, and as the one deemed to have received the decision
_MEMBERS: dict[str, tuple[str, str, str, str]] = {
    "kunta": ("kunnan jäsen", "Kunnan jäsenen", "kommunmedlemmarna", "En kommunmedlem"),
    "hyvinvointialue": ("hyvinvointialueen jäsen", "Hyvinvointialueen jäsenen",
                        "medlemmarna i välfärdsområdet", "En medlem i välfärdsområdet"),
    "kuntayhtyma": ("kuntayhtymän jäsenkunta ja jäsenkunnan jäsen", "Jäsenkunnan jäsenen",
                    "samkommunens medlemskommuner och medlemmarna i dem",
                    "En medlem i en medlemskommun"),
}


def members_of(party: Party) -> str:
    """Whose members besides the parties concerned may ask for rectification or appeal of
    `party`'s decision: a key of :data:`_MEMBERS` (a regional council is a joint authority)."""
    return "kuntayhtyma" if party.kind is PartyKind.REGIONAL_COUNCIL else law_of(party)


def extract_appeal_text(lang: Lang, kind: AppealKind, party: Party) -> list[str]:
    """The appeal instructions printed in a minutes extract of `party`'s decision, one
    paragraph each: unlike a proposal's one sentence (whose full instructions are attached to
    the minutes), the extract is what the reader has, so it says who may ask for rectification
    or appeal, on what grounds, to whom, within which time and when the decision is deemed
    received (seven days after the minutes were put on the web)."""
    law = law_of(party)
    fi_law, sv_law, rectify_s, appeal_s, _, fi_court, sv_court = _LAWS[law]
    member = _MEMBERS[members_of(party)]
    if kind is AppealKind.NONE_PREPARATORY:
        return [appeal_text(lang, kind, law)]
    if lang == "sv":
        who = ("den som beslutet avser eller vars rätt, skyldighet eller fördel direkt påverkas "
               f"av beslutet (part) samt av {member[2]}")
        deemed = (f"{member[3]} anses ha fått del av beslutet sju dagar efter att protokollet "
                  "publicerats i det allmänna datanätet.")
        if kind is AppealKind.RECTIFICATION:
            return [
                "Den som är missnöjd med detta beslut kan framställa ett skriftligt "
                "rättelseyrkande. Ändring i beslutet får inte sökas genom besvär hos domstol "
                f"({rectify_s}\u00a0§ i {sv_law}).",
                f"Rättelseyrkande får framställas av {who}.",
                "Rättelseyrkandet ska framställas hos det organ som fattat beslutet inom 14 "
                f"dagar från delfåendet av beslutet. {deemed}",
            ]
        return [
            f"Ändring i detta beslut får sökas {sv_court} hos förvaltningsdomstolen "
            f"({appeal_s}\u00a0§ i {sv_law}).",
            f"Besvär får anföras av {who}. Besvär får anföras på den grunden att beslutet har "
            "tillkommit i felaktig ordning, att den myndighet som fattat beslutet har "
            "överskridit sin behörighet eller att beslutet annars strider mot lag.",
            f"Besvären ska anföras inom 30 dagar från delfåendet av beslutet. {deemed}",
        ]
    who = ("se, johon päätös on kohdistettu tai jonka oikeuteen, velvollisuuteen tai etuun "
           f"päätös välittömästi vaikuttaa (asianosainen), sekä {member[0]}")
    deemed = (f"{member[1]} katsotaan saaneen päätöksestä tiedon seitsemän päivän kuluttua "
              "siitä, kun pöytäkirja on asetettu nähtäväksi yleiseen tietoverkkoon.")
    if kind is AppealKind.RECTIFICATION:
        return [
            "Tähän päätökseen tyytymätön voi tehdä kirjallisen oikaisuvaatimuksen. Päätökseen "
            f"ei saa hakea muutosta valittamalla tuomioistuimeen ({fi_law} {rectify_s}\u00a0§).",
            f"Oikaisuvaatimuksen saa tehdä {who}.",
            "Oikaisuvaatimus on tehtävä päätöksen tehneelle toimielimelle 14 päivän kuluessa "
            f"päätöksen tiedoksisaannista. {deemed}",
        ]
    return [
        f"Tähän päätökseen voi hakea muutosta {fi_court} hallinto-oikeudelta "
        f"({fi_law} {appeal_s}\u00a0§).",
        f"Valituksen saa tehdä {who}. Valituksen saa tehdä sillä perusteella, että päätös on "
        "syntynyt virheellisessä järjestyksessä, päätöksen tehnyt viranomainen on ylittänyt "
        "toimivaltansa tai päätös on muuten lainvastainen.",
        f"Valitus on tehtävä 30 päivän kuluessa päätöksen tiedoksisaannista. {deemed}",
    ]
