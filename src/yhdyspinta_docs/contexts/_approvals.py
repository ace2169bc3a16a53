"""Pure functions: the approval round's status in words, for the documents.

The status itself (who has approved, is pending or overdue on the status day, and which
recorded decisions are counted) is :mod:`..plan._approval_status`'s, re-exported here; here
are its labels, the names of bodies and the lines the summary and the extracts print.
"""

from __future__ import annotations

from ..plan import BodyKind, Lang, Party, PlanFile
from ..plan._approval_status import (
    ApprovalState,
    ApprovalStatus,
    PartyApproval,
    approval_status,
)
from ..plan._decisions import DecisionOutcome, DecisionRecord
from ..plan._inflect import name_forms
from ._formatting import format_date, format_section
from ._localizer import Localizer, party_loc
from ._minutes_words import SENTENCES

__all__ = [
    "ApprovalState",
    "ApprovalStatus",
    "OUTCOME_LABELS",
    "PartyApproval",
    "STATE_LABELS",
    "approval_status",
    "body_name",
    "council_names",
    "decision_line",
    "forward_sentence",
    "handling_line",
    "lead_party",
]


STATE_LABELS: dict[Lang, dict[ApprovalState, str]] = {
    "fi": {ApprovalState.APPROVED: "Hyväksytty", ApprovalState.REJECTED: "Hylätty",
           ApprovalState.PENDING: "Odottaa", ApprovalState.OVERDUE: "Myöhässä"},
    "sv": {ApprovalState.APPROVED: "Godkänd", ApprovalState.REJECTED: "Förkastad",  # confirm
           ApprovalState.PENDING: "Väntar", ApprovalState.OVERDUE: "Försenad"},
}

OUTCOME_LABELS: dict[Lang, dict[DecisionOutcome, str]] = {
    "fi": {DecisionOutcome.APPROVED: "hyväksytty ehdotuksen mukaisesti",
           DecisionOutcome.AMENDED: "hyväksytty muutettuna",
           DecisionOutcome.RETURNED: "palautettu valmisteluun",
           DecisionOutcome.TABLED: "pantu pöydälle",
           DecisionOutcome.REJECTED: "hylätty",
           DecisionOutcome.FORWARDED: "esitetty valtuustolle"},
    "sv": {DecisionOutcome.APPROVED: "godkänd enligt förslaget",  # confirm
           DecisionOutcome.AMENDED: "godkänd med ändringar",
           DecisionOutcome.RETURNED: "återremitterad",
           DecisionOutcome.TABLED: "bordlagd",
           DecisionOutcome.REJECTED: "förkastad",
           DecisionOutcome.FORWARDED: "förelagd fullmäktige"},
}


def lead_party(pf: PlanFile) -> Party:
    """The party whose body handles the item (``asia.kasittely.osapuoli``)."""
    return pf.lead


def body_name(loc: Localizer, party_id: str, body_id: str) -> str:
    """The name of a party's body in the localizer's language, or its id."""
    party = loc.pf.party(party_id)
    body = party.body(body_id) if party else None
    if body is None:
        return body_id
    return loc.text(body.name, party_loc(loc.pf, party_id) + ("toimielimet", body_id, "nimi"))


def council_names(loc: Localizer, party_id: str) -> tuple[str, str]:
    """The party's council as a sentence names it mid-sentence, and in Finnish its
    allative: ``kaupunginvaltuusto``, ``kaupunginvaltuustolle`` (``stadsfullmäktige`` twice
    in Swedish). The generic ``valtuusto`` (``fullmäktige``) where the party has no single
    council whose name is one word (a name of several words may start with a proper noun,
    which keeps its capital)."""
    party = loc.pf.party(party_id)
    councils = [b for b in party.bodies if b.kind is BodyKind.COUNCIL] if party else []
    name = body_name(loc, party_id, councils[0].id) if len(councils) == 1 else ""
    if not name or len(name.split()) != 1:
        return ("fullmäktige", "fullmäktige") if loc.lang == "sv" else ("valtuusto",
                                                                        "valtuustolle")
    allative = (name if loc.lang == "sv"
                else name_forms(name, "fi", councils[0].inflection)["allatiivi"])
    return name[:1].lower() + name[1:], allative[:1].lower() + allative[1:]


def forward_sentence(loc: Localizer, party_id: str, body_id: str) -> str:
    """What a board that proposes the plan to its council decides: "Kaupunginhallitus esittää
    kaupunginvaltuustolle, että kaupunginvaltuusto hyväksyy yhdyspintasuunnitelman." """
    council, to_council = council_names(loc, party_id)
    return SENTENCES[loc.lang]["forward"].format(toimielin=body_name(loc, party_id, body_id),
                                                 valtuusto=council, valtuustolle=to_council)


def handling_line(loc: Localizer, record: DecisionRecord) -> str:
    """``Maakuntahallitus 2.3.2026 § 25``: where the matter was handled, as an Aikaisempi
    käsittely line names it."""
    return (f"{body_name(loc, record.party, record.body)} {format_date(record.date)} "
            f"{format_section(record.section)}")


def decision_line(loc: Localizer, record: DecisionRecord) -> str:
    """``Maakuntahallitus 2.3.2026 § 25: hyväksytty muutettuna``."""
    return f"{handling_line(loc, record)}: {OUTCOME_LABELS[loc.lang][record.outcome]}"
