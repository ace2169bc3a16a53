"""Recorded decisions (``paatokset.kirjatut``) whose dates do not fit the approval round.

A date that is wrong here is not an error the documents cannot be made with: the round is
counted as the dates say, so each is a warning naming the line, printed by ``validate``,
``decisions`` and ``build`` (:func:`approval_date_warnings`; here, not among the documents'
contexts, so that ``validate`` imports none of them):

* a decision dated after the status day (``--as-of``, else ``paatokset.tilanne``) is counted
  in no output of the round (the status, the summary .docx and .xlsx, the plan document's
  Hyväksymispäätökset, the open data) and gets no minutes extract: each such decision is
  named with how to count it;
* a decision dated before the plan itself (``suunnitelma.paivays``), or, another party's,
  before the lead party's own meeting on the plan (``asia.kasittely.kokouspaiva``, or the
  lead's own recorded decision if that is earlier: a meeting held earlier than planned, or
  before a return for preparation) would count as approving a plan not yet written or
  proposed: most likely a typo in the year;
* without a status day of its own (no ``tilanne``, no ``--as-of``) the status day is the
  latest decision's date: one dated far (:data:`FAR_AFTER_DEADLINE`) after the deadline
  (``maaraaika``, else the latest planned meeting) makes every party still waiting late.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ._approval_status import ApprovalState, ApprovalStatus, approval_status
from ._decisions import DecisionRecord
from ._model import PlanFile
from ._text import Loc, field_path

__all__ = ["FAR_AFTER_DEADLINE", "approval_date_warnings"]

FAR_AFTER_DEADLINE = dt.timedelta(days=90)
"""How long after the deadline a latest decision may be, without a ``tilanne`` of the plan's
own, before the status day it sets is warned of: a council may decide a few months late (a
summer break), a typo in the year is a year off."""
_NAMED = 6
"""The most parties a warning names (then "and N more")."""


def _shown(day: dt.date) -> str:
    """``4.5.2026``, as the documents print a day."""
    return f"{day.day}.{day.month}.{day.year}"


def _decision(r: DecisionRecord) -> str:
    """``the decision of jamsa (hallitus 4.5.2026 § 77)``: the ids as the plan writes them."""
    return f"the decision of {r.party} ({r.body} {_shown(r.date)} § {r.section})"


def _names(ids: list[str]) -> str:
    more = len(ids) - _NAMED
    return ", ".join(ids[:_NAMED]) + (f" and {more} more" if more > 0 else "")


def approval_date_warnings(pf: PlanFile, where: Callable[[Loc], str] | None = None, *,
                           as_of: dt.date | None = None, option: str = "--as-of") -> list[str]:
    """Every recorded decision of `pf` whose date does not fit the round on the status day
    `as_of` (default: ``paatokset.tilanne``, else the latest decision's date), each warning
    with file and line by `where` (default: the bare field path). `option` is how the
    caller gives a status day (the command line's ``--as-of``)."""
    from .._arguments import day_argument

    decisions = pf.decisions
    if decisions is None or not decisions.records:
        return []
    at = where or field_path
    given = day_argument(as_of, "approval_date_warnings(as_of=…)")
    status = approval_status(pf, given)
    later = {i for i, _ in status.later}
    written = pf.plan.date
    lead_meeting = _lead_meeting(pf)
    out: list[str] = []
    for i, r in enumerate(decisions.records):
        loc: Loc = ("paatokset", "kirjatut", i, "paivamaara")
        if written is not None and r.date < written:
            out.append(f"{at(loc)}: {_decision(r)} is dated before the plan itself "
                       f"({_shown(written)}, suunnitelma.paivays): it would count as "
                       "approving a plan not yet written; check the year")
        elif (lead_meeting is not None and r.party != pf.lead.id
              and r.date < lead_meeting[0]):
            day, mloc = lead_meeting
            out.append(f"{at(loc)}: {_decision(r)} is dated before the lead party's own "
                       f"meeting on the plan ({pf.lead.id} {_shown(day)}, "
                       f"{field_path(mloc)}); check the year of both dates")
        if i in later:
            assert status.as_of is not None
            source, fix = ((option, f"give {option} {r.date.isoformat()} or later")
                           if given is not None else
                           ("paatokset.tilanne", f"move paatokset.tilanne to "
                            f"{r.date.isoformat()} or later (or give that day as {option})"))
            out.append(f"{at(loc)}: {_decision(r)} is dated after the status day "
                       f"{_shown(status.as_of)} ({source}), so it is not counted: the "
                       "status, the summary (.docx, .xlsx), the plan document's "
                       "Hyväksymispäätökset and the open data leave it out, and it gets no "
                       f"minutes extract; to count it, {fix}")
    if given is None and decisions.as_of is None:
        out += _far_after_deadline(pf, status, at)
    return out


def _lead_meeting(pf: PlanFile) -> tuple[dt.date, Loc] | None:
    """The lead party's own meeting on the plan: ``asia.kasittely.kokouspaiva``, or the
    lead's earliest recorded decision when that is earlier (not one dated before the plan,
    itself warned of); None when the plan gives no meeting day for the lead party."""
    planned = pf.item.handling.meeting_date
    if planned is None or pf.decisions is None:
        return None
    found: tuple[dt.date, Loc] = (planned, ("asia", "kasittely", "kokouspaiva"))
    for i, r in enumerate(pf.decisions.records):
        if (r.party == pf.lead.id and r.date < found[0]
                and (pf.plan.date is None or r.date >= pf.plan.date)):
            found = (r.date, ("paatokset", "kirjatut", i, "paivamaara"))
    return found


def _far_after_deadline(pf: PlanFile, status: ApprovalStatus,
                        at: Callable[[Loc], str]) -> list[str]:
    """The latest decision, when its date is the status day and lies far after the deadline
    while parties still waiting count as late on it."""
    assert pf.decisions is not None
    if status.as_of is None:
        return []
    deadline, what = pf.decisions.deadline, "paatokset.maaraaika"
    if deadline is None:
        dues = [p.due for p in status.parties if p.due is not None]
        if not dues:
            return []
        deadline, what = max(dues), "the latest planned meeting"
    late = [p.party for p in status.parties if p.state is ApprovalState.OVERDUE]
    if status.as_of - deadline <= FAR_AFTER_DEADLINE or not late:
        return []
    i, r = max(enumerate(pf.decisions.records), key=lambda item: (item[1].date, item[0]))
    days = (status.as_of - deadline).days
    return [f"{at(('paatokset', 'kirjatut', i, 'paivamaara'))}: {_decision(r)} is dated "
            f"{days} days after the deadline {_shown(deadline)} ({what}), and the plan "
            "has no paatokset.tilanne, so its date is the status day: on it "
            f"{len(late)} part{'y' if len(late) == 1 else 'ies'} still waiting count as late "
            f"(Myöhässä): {_names(late)}; if the date is a typo, correct it, else write the "
            "day the status is for as paatokset.tilanne"]
