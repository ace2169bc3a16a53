"""Whether each handling written in the plan is ready for its meeting.

A decision proposal ready for its meeting needs the meeting's date (``kokouspaiva``), the
presenter (``esittelija``) and the proposal (``paatosehdotus``): a party's own, or, for a
party that is not the item's, a board proposing the plan to its council in so many words
(``paatoslaji: esitys_valtuustolle``) or the proposal shared by the parties
(``asia.osapuolten_paatosehdotus``). `build` refuses a handling without them unless it is
marked ``tila: luonnos`` or drafts are asked for; `validate` warns of the same handlings
here, so that a plan it calls ok does not fail at the build for a reason it knew.
"""

from __future__ import annotations

from typing import NamedTuple

from ._item import DecisionKind, Handling, HandlingStatus
from ._model import PlanFile
from ._text import Loc

__all__ = ["Readiness", "handling_gaps", "readiness"]


class Readiness(NamedTuple):
    """Whether a handling is ready for its meeting (:func:`readiness`)."""

    source: str | None
    """Where its proposal comes from: ``own`` (its ``paatosehdotus``), ``forward`` (a board
    proposing the plan to its council), ``shared`` (``asia.osapuolten_paatosehdotus``) or
    None (nowhere)."""
    missing: list[str]
    """The keys that a proposal ready for its meeting needs and the handling lacks, in the
    order of the plan file (``kokouspaiva``, ``esittelija``, ``paatosehdotus``)."""


def readiness(pf: PlanFile, party_id: str, handling: Handling) -> Readiness:
    """Whether `party_id`'s `handling` (its ``kasittely``, or the item's own for the party
    that handles the item) has what a decision proposal ready for its meeting needs; a
    handling marked ``tila: luonnos`` may lack it (the proposal is then a draft)."""
    party = pf.party(party_id)
    source: str | None = None
    if handling.proposal is not None:
        source = "own"
    elif party_id != pf.item.handling.party and party is not None:
        if handling.decision_kind is DecisionKind.TO_COUNCIL and party.body(handling.body):
            source = "forward"
        elif pf.item.party_proposal is not None:
            source = "shared"
    given = (("kokouspaiva", handling.meeting_date is not None),
             ("esittelija", handling.presenter is not None), ("paatosehdotus", source is not None))
    return Readiness(source, [key for key, there in given if not there])


def handling_gaps(pf: PlanFile) -> list[tuple[Loc, str, list[str]]]:
    """Each handling written in the plan and not marked a draft that lacks what its meeting
    needs: its field path, its party and the missing keys. The item's own handling
    (``asia.kasittely``) stands for its party's; parties without ``kasittely`` are not
    here (their proposals can only be drafts)."""
    lead = pf.item.handling.party or ""
    written: list[tuple[Loc, str, Handling]] = [(("asia", "kasittely"), lead, pf.item.handling)]
    written += [(("osapuolet", i, "kasittely"), p.id, p.handling)
                for i, p in enumerate(pf.parties) if p.handling is not None and p.id != lead]
    out = []
    for loc, party, handling in written:
        if handling.status is HandlingStatus.DRAFT:
            continue
        missing = readiness(pf, party, handling).missing
        if missing:
            out.append((loc, party, missing))
    return out
