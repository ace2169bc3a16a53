"""Whether the date of a follow-up report fits its data and the plan: warnings, not errors.

The report is dated by ``--date`` (``on=`` in Python), else by the latest ``Päivitetty``
date in the data. A year typed wrong in one entry (5.5.2062) then dates the whole report, and
a ``--date`` typed wrong dates it before its own entries; the deadlines the report lists as
passed are counted from that date. :func:`report_date_warnings` says when the date is
before the follow-up period begins, before the latest entry, or outside the years of the
plan's follow-up (from the year before to the year after them, as collect warns of an
entry's date), and what to do.
"""

from __future__ import annotations

import datetime as dt

from ..matrix import FollowupData, FollowupRow
from ..plan import PlanFile
from ._formatting import format_date
from ._report import period_start

__all__ = ["latest_entry", "report_date_warnings"]


def latest_entry(data: FollowupData) -> FollowupRow | None:
    """The row with the latest ``Päivitetty`` date (the first of equal ones), or None."""
    dated = [r for r in data.rows if r.updated is not None]
    return max(dated, key=lambda r: r.updated or dt.date.min, default=None)


def report_date_warnings(pf: PlanFile, data: FollowupData,
                         on: dt.date | None = None) -> list[str]:
    """Warnings, in plain words, about the date a report of `data` would carry: `on` (the
    ``--date`` given), else the latest ``Päivitetty`` date in `data`. Empty when the date
    fits, or when there is no date at all."""
    latest = latest_entry(data)
    when = on or (latest.updated if latest else None)
    if when is None:
        return []
    if on is not None:
        shown = f"the report's date {format_date(on)} (given with --date)"
        fix = "check the date given with --date (on= in Python)"
    else:
        shown = (f"the report's date {format_date(when)} (the latest Päivitetty date, of row "
                 f"{latest.key if latest else ''})")
        fix = "give the report's date with --date (on= in Python)"
    out = []
    if (span := pf.plan.period) is not None and not span.start - 1 <= when.year <= span.end + 1:
        what = "" if on is not None else "check the year of that entry in the matrix, or "
        out.append(f"{shown} is outside the years of the plan's follow-up "
                   f"({span.start - 1}–{span.end + 1}); {what}{fix}")
    start = period_start(data.period)
    if start is not None and when < start:
        out.append(f"{shown} is before follow-up period '{data.period}' begins "
                   f"({format_date(start)}); the deadlines the report lists as passed are "
                   f"those before its date, so {fix}")
    if on is not None and latest is not None and latest.updated and latest.updated > on:
        out.append(f"{shown} is before the latest Päivitetty date, "
                   f"{format_date(latest.updated)} of row {latest.key}: the report would be "
                   "dated before entries it shows; give a later --date (on= in Python), or "
                   "check the year of that entry")
    return out
