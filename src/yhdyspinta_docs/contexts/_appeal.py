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
The texts are the usual wording; a municipality's lawyer should confirm them against the
municipality's own instructions (see docs/languages.md for the Swedish ones).
"""

from __future__ import annotations

from ..plan._fields import Lang
from ..plan._item import AppealKind, DecisionKind, Handling
from ..plan._parties import BodyKind, Party, PartyKind

__all__ = ["APPEAL_HEADINGS", "appeal_kind", "appeal_text", "decision_kind", "law_of"]

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


def appeal_text(lang: Lang, kind: AppealKind, law: str) -> str:
    """The appeal text of `kind` in `lang` under `law` (``kunta`` or ``hyvinvointialue``)."""
    fi_law, sv_law, rectify_s, appeal_s, prep_s, fi_court, sv_court = _LAWS[law]
    if lang == "sv":
        return {
            AppealKind.RECTIFICATION:
                "Den som är missnöjd med beslutet kan framställa ett skriftligt "
                "rättelseyrkande till det organ som fattat beslutet inom 14 dagar från "
                f"delfåendet av beslutet ({sv_law} {rectify_s} §). Anvisning om rättelseyrkande "
                "fogas till protokollet.",
            AppealKind.APPEAL:
                f"Ändring i beslutet får sökas {sv_court} hos förvaltningsdomstolen inom 30 "
                f"dagar från delfåendet av beslutet ({sv_law} {appeal_s} §). Besvärsanvisning "
                "fogas till protokollet.",
            AppealKind.NONE_PREPARATORY:
                "Ändring i beslutet får inte sökas, eftersom beslutet endast gäller beredning "
                f"av ärendet ({sv_law} {prep_s} §).",
        }[kind]
    return {
        AppealKind.RECTIFICATION:
            "Päätökseen tyytymätön voi tehdä kirjallisen oikaisuvaatimuksen päätöksen "
            "tehneelle toimielimelle 14 päivän kuluessa päätöksen tiedoksisaannista "
            f"({fi_law} {rectify_s} §). Oikaisuvaatimusohje liitetään pöytäkirjaan.",
        AppealKind.APPEAL:
            f"Päätökseen voi hakea muutosta {fi_court} hallinto-oikeudelta 30 päivän "
            f"kuluessa päätöksen tiedoksisaannista ({fi_law} {appeal_s} §). Valitusosoitus "
            "liitetään pöytäkirjaan.",
        AppealKind.NONE_PREPARATORY:
            "Päätökseen ei saa hakea muutosta, koska se koskee vain asian valmistelua "
            f"({fi_law} {prep_s} §).",
    }[kind]
