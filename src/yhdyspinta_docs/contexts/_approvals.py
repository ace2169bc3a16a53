"""Pure functions: the plan's recorded decisions → approval status across every party.

A party that must approve (``paatokset.hyvaksyjat``, by default every party) is

* **approved** (*hyväksytty*) when its latest recorded decision approves the plan, as proposed
  or amended;
* **rejected** (*hylätty*) when its latest decision rejects it;
* otherwise **pending** (*odottaa*): nothing recorded yet, or the latest decision returned
  the plan for preparation, tabled it, or (a board) forwarded it to the council;
* **overdue** (*myöhässä*) when pending and its planned date has passed on the status day.

The planned date is the party's own handling's meeting date (``osapuolet[].kasittely.
kokouspaiva``; for the lead party ``asia.kasittely.kokouspaiva``), else the round's
``paatokset.maaraaika``. A forwarded plan is due at the council by ``maaraaika``. The status
day is `as_of`, else ``paatokset.tilanne``, else the date of the latest recorded decision:
never the clock, so the same plan always gives the same status.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from ..plan._decisions import DecisionOutcome, DecisionRecord
from ..plan._fields import ALL_PARTIES, Lang
from ..plan._inflect import name_forms
from ..plan._model import PlanFile
from ..plan._parties import BodyKind, Party
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
    "lead_party",
]


class ApprovalState(StrEnum):
    """Where a party stands with the approval of the plan."""

    APPROVED = "hyvaksytty"
    REJECTED = "hylatty"
    PENDING = "odottaa"
    OVERDUE = "myohassa"


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


@dataclass(frozen=True)
class PartyApproval:
    """One party's place in the approval round."""

    party: str
    """The party's id."""
    state: ApprovalState
    due: dt.date | None
    """The planned date of its decision, or None when the plan has none."""
    records: tuple[tuple[int, DecisionRecord], ...]
    """Its recorded decisions with their index in ``paatokset.kirjatut``, oldest first."""

    @property
    def latest(self) -> DecisionRecord | None:
        """The latest recorded decision, or None."""
        return self.records[-1][1] if self.records else None

    @property
    def amended(self) -> DecisionRecord | None:
        """The decision that approved the plan amended, if that is where the party stands."""
        latest = self.latest
        return latest if latest and latest.outcome is DecisionOutcome.AMENDED else None


@dataclass(frozen=True)
class ApprovalStatus:
    """The approval of the plan across every party that must approve, on `as_of`."""

    as_of: dt.date | None
    parties: tuple[PartyApproval, ...]

    def count(self, state: ApprovalState) -> int:
        """How many parties are in `state`."""
        return Counter(p.state for p in self.parties)[state]

    @property
    def approved(self) -> bool:
        """True when every party that must approve has approved the plan."""
        return bool(self.parties) and all(p.state is ApprovalState.APPROVED
                                          for p in self.parties)

    @property
    def decided(self) -> int:
        """Parties whose handling is over (approved or rejected)."""
        return self.count(ApprovalState.APPROVED) + self.count(ApprovalState.REJECTED)

    @property
    def open(self) -> int:
        """Parties still to decide (pending or overdue)."""
        return self.count(ApprovalState.PENDING) + self.count(ApprovalState.OVERDUE)


def lead_party(pf: PlanFile) -> Party:
    """The party whose body handles the item (``asia.kasittely.osapuoli``)."""
    return pf.lead


def _approvers(pf: PlanFile) -> list[Party]:
    wanted = pf.decisions.approvers if pf.decisions else (ALL_PARTIES,)
    if ALL_PARTIES in wanted:
        return list(pf.parties)
    return [p for p in pf.parties if p.id in wanted]


def _due(pf: PlanFile, party: Party, latest: DecisionRecord | None) -> dt.date | None:
    deadline = pf.decisions.deadline if pf.decisions else None
    if latest is not None and latest.outcome is DecisionOutcome.FORWARDED:
        return deadline  # the council decides next
    handling = pf.item.handling if party.id == pf.item.handling.party else party.handling
    if handling is not None and handling.meeting_date is not None:
        return handling.meeting_date
    return deadline


def approval_status(pf: PlanFile, as_of: dt.date | None = None) -> ApprovalStatus:
    """The approval status of every party that must approve `pf`, on `as_of` (default: the
    round's ``tilanne``, else the latest recorded decision's date; never the clock).

    Decisions dated after the status day are not counted. A ``datetime`` counts as its day.
    """
    from .._arguments import day_argument

    as_of = day_argument(as_of, "approval_status(as_of=…)")
    records = list(enumerate(pf.decisions.records)) if pf.decisions else []
    if as_of is None and pf.decisions is not None:
        as_of = pf.decisions.as_of
    if as_of is None and records:
        as_of = max(r.date for _, r in records)
    rows = []
    for party in _approvers(pf):
        own = sorted(((i, r) for i, r in records
                      if r.party == party.id and (as_of is None or r.date <= as_of)),
                     key=lambda item: (item[1].date, item[1].section, item[0]))
        latest = own[-1][1] if own else None
        due = _due(pf, party, latest)
        if latest is not None and latest.outcome.approves:
            state = ApprovalState.APPROVED
        elif latest is not None and latest.outcome is DecisionOutcome.REJECTED:
            state = ApprovalState.REJECTED
        elif due is not None and as_of is not None and due < as_of:
            state = ApprovalState.OVERDUE
        else:
            state = ApprovalState.PENDING
        rows.append(PartyApproval(party.id, state, due, tuple(own)))
    return ApprovalStatus(as_of, tuple(rows))


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


def decision_line(loc: Localizer, record: DecisionRecord) -> str:
    """``Maakuntahallitus 2.3.2026 § 25: hyväksytty muutettuna``."""
    outcome = OUTCOME_LABELS[loc.lang][record.outcome]
    return (f"{body_name(loc, record.party, record.body)} {format_date(record.date)} "
            f"{format_section(record.section)}: {outcome}")
