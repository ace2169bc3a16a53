"""The plan's recorded decisions → approval status across every party (pure data: no
document, so that ``validate`` checks the round's days without the documents' modules).

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

from ._decisions import DecisionOutcome, DecisionRecord
from ._fields import ALL_PARTIES
from ._model import PlanFile
from ._parties import Party

__all__ = ["ApprovalState", "ApprovalStatus", "PartyApproval", "approval_status"]


class ApprovalState(StrEnum):
    """Where a party stands with the approval of the plan."""

    APPROVED = "hyvaksytty"
    REJECTED = "hylatty"
    PENDING = "odottaa"
    OVERDUE = "myohassa"


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
    counted: tuple[tuple[int, DecisionRecord], ...] = ()
    """Every recorded decision up to the status day (of any party), with its index in
    ``paatokset.kirjatut``, in the plan's order: the one set every output of the round shows
    (the summary's list and sheet, the open data, the minutes extracts)."""
    later: tuple[tuple[int, DecisionRecord], ...] = ()
    """The recorded decisions dated after the status day, not counted anywhere (the
    command line warns of each)."""

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

    Decisions dated after the status day are not counted (they are in `later`, the others
    in `counted`). A ``datetime`` counts as its day.
    """
    from .._arguments import day_argument

    as_of = day_argument(as_of, "approval_status(as_of=…)")
    records = list(enumerate(pf.decisions.records)) if pf.decisions else []
    if as_of is None and pf.decisions is not None:
        as_of = pf.decisions.as_of
    if as_of is None and records:
        as_of = max(r.date for _, r in records)
    counted = tuple((i, r) for i, r in records if as_of is None or r.date <= as_of)
    rows = []
    for party in _approvers(pf):
        own = sorted(((i, r) for i, r in counted if r.party == party.id),
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
    later = tuple((i, r) for i, r in records if as_of is not None and r.date > as_of)
    return ApprovalStatus(as_of, tuple(rows), counted, later)
