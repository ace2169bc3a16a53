"""Dates of the plan that contradict each other.

A plan period that ends before it begins, an agreement valid until a day before it takes
effect, or an approval dated after a meeting whose documents cite it as made would each be
printed as it is ("Suunnitelmakausi: 2026–2025", "hyväksyttiin 9.12.2027" in a proposal for
2.3.2026), so they are errors, ``(field path, message)`` like :func:`~._checks.check_plan`'s.
A measure's deadline outside the plan period may be meant (a measure that goes on), so it is
only a warning (:func:`date_warnings`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator

from ._checks import Problem
from ._item import Handling
from ._model import Approval, PlanFile
from ._text import Loc, field_path

__all__ = ["check_dates", "date_warnings", "period_warning"]


def _shown(day: dt.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def check_dates(pf: PlanFile) -> list[Problem]:
    """Every pair of dates in `pf` that cannot both be true (empty when there is none)."""
    out: list[Problem] = []
    period = pf.plan.period
    if period is not None and period.end < period.start:
        out.append((("suunnitelma", "kausi", "loppuvuosi"), f"the plan period ends in "
                    f"{period.end}, before it begins ({period.start}); write the last year "
                    "the plan covers"))
    agreement = pf.agreement
    if agreement.valid_until is not None and agreement.valid_until < agreement.valid_from:
        out.append((("sopimus", "voimassa_asti"), f"the agreement is valid until "
                    f"{_shown(agreement.valid_until)}, before it takes effect "
                    f"({_shown(agreement.valid_from)}, voimassa_alkaen); check both dates"))
    out += _approvals_after_meetings(pf)
    return out


def _meetings(pf: PlanFile) -> Iterator[tuple[Loc, dt.date]]:
    """Every handling's meeting day: the item's own and each party's."""
    handlings: list[tuple[Loc, Handling | None]] = [(("asia", "kasittely"), pf.item.handling)]
    handlings += [(("osapuolet", i, "kasittely"), p.handling) for i, p in enumerate(pf.parties)]
    for loc, handling in handlings:
        if handling is not None and handling.meeting_date is not None:
            yield loc, handling.meeting_date


def _approvals_after_meetings(pf: PlanFile) -> list[Problem]:
    """An approval of the agreement (or of the one it replaces) dated after a meeting: every
    proposal and the plan document say the agreement was approved, with its date."""
    meetings = sorted(_meetings(pf), key=lambda m: m[1])
    if not meetings:
        return []
    first_loc, first = meetings[0]
    approvals: list[tuple[Loc, Approval]] = [
        (("sopimus", "hyvaksynnat", i), a) for i, a in enumerate(pf.agreement.approvals)]
    if pf.agreement.replaces is not None:
        approvals += [(("sopimus", "korvaa", "hyvaksynnat", i), a)
                      for i, a in enumerate(pf.agreement.replaces.approvals)]
    out: list[Problem] = []
    for loc, a in approvals:
        if a.date > first:
            what = f"the decision '{a.id}'" if a.id else "this approval"
            out.append((loc + ("paivamaara",), f"{what} is dated {_shown(a.date)}, after the "
                        f"meeting of {field_path(first_loc)} ({_shown(first)}), whose documents "
                        "say it was made; check the year of both dates"))
    return out


def date_warnings(pf: PlanFile, where: Callable[[Loc], str] | None = None) -> list[str]:
    """Measures whose deadline (``maaraaika``) is outside the plan period (``kausi``), and
    preparation events dated after the plan document's date (``paivays``), which lists them
    as held."""
    at = where or field_path
    out: list[str] = []
    dated = pf.plan.date
    for i, event in enumerate(pf.plan.preparation.events):
        if dated is not None and event.date is not None and event.date > dated:
            out.append(f"{at(('suunnitelma', 'valmistelu', 'kasittelyt', i, 'paivamaara'))}: "
                       f"the plan document, dated {_shown(dated)} (suunnitelma.paivays), says "
                       f"the plan was discussed on {_shown(event.date)}; check both dates")
    period = pf.plan.period
    if period is None or period.end < period.start:
        return out
    for i, m in enumerate(pf.plan.measures):
        if m.deadline is not None and not period.start <= m.deadline.year <= period.end:
            out.append(f"{at(('suunnitelma', 'toimenpiteet', i, 'maaraaika'))}: the deadline "
                       f"{_shown(m.deadline)} of measure '{m.id}' is outside the plan period "
                       f"{period.start}–{period.end}; check the year")
    return out


def period_warning(pf: PlanFile, period: str) -> str | None:
    """The warning of a follow-up period (``--period``) that names no year, or a year outside
    the plan's follow-up (the plan period, from the year before to the year after it): a
    typo goes into every party's copy, and the report counts a period from 1 January of its
    first year. None for a period that fits (``2026``, ``2026–2027``, ``syksy 2026``)."""
    years = [int(y) for y in re.findall(r"(?<!\d)\d{4}(?!\d)", period)]
    if not years:
        return (f"follow-up period {period!r} names no year; give the year, e.g. --period "
                f"{pf.dated.year} (the report counts a period from 1 January of its first year)")
    span = pf.plan.period
    if span is not None and not all(span.start - 1 <= y <= span.end + 1 for y in years):
        return (f"follow-up period {period!r} is outside the years of the plan's follow-up "
                f"({span.start - 1}–{span.end + 1}); check the year")
    return None
