"""When a period set by law ends in Finland: the days on which it cannot end.

A period whose last day falls on a Sunday or another church holiday (pyhäpäivä), on
Independence Day, May Day, Christmas Eve, Midsummer Eve or a Saturday ends on the next
working day (laki säädettyjen määräaikain laskemisesta 150/1930, 5 §). :func:`period_end`
applies that rule; the holidays are computed for any year, Easter by the Gregorian computus.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

__all__ = ["closed_days", "easter_sunday", "period_end"]


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday of `year` in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    golden = year % 19
    century, years = divmod(year, 100)
    leap_c, leap_rest = divmod(century, 4)
    moon_shift = (century + 8) // 25
    moon_fix = (century - moon_shift + 1) // 3
    epact = (19 * golden + century - leap_c - moon_fix + 15) % 30
    leap_y, rest_y = divmod(years, 4)
    weekday = (32 + 2 * leap_rest + 2 * leap_y - epact - rest_y) % 7
    correction = (golden + 11 * epact + 22 * weekday) // 451
    month, day = divmod(epact + weekday - 7 * correction + 114, 31)
    return dt.date(year, month, day + 1)


def _saturday_between(year: int, month: int, first: int) -> dt.date:
    """The Saturday of the seven days that begin on `first` of `month`."""
    start = dt.date(year, month, first)
    return start + dt.timedelta(days=(5 - start.weekday()) % 7)


@cache
def closed_days(year: int) -> frozenset[dt.date]:
    """The weekdays and Saturdays of `year` on which a period set by law cannot end: the
    church holidays, Independence Day, May Day, Christmas Eve and Midsummer Eve (Sundays and
    other Saturdays are closed anyway)."""
    easter = easter_sunday(year)
    midsummer_day = _saturday_between(year, 6, 20)
    return frozenset({
        dt.date(year, 1, 1),                      # uudenvuodenpäivä
        dt.date(year, 1, 6),                      # loppiainen
        easter - dt.timedelta(days=2),            # pitkäperjantai
        easter + dt.timedelta(days=1),            # toinen pääsiäispäivä
        dt.date(year, 5, 1),                      # vappu
        easter + dt.timedelta(days=39),           # helatorstai
        midsummer_day - dt.timedelta(days=1),     # juhannusaatto
        midsummer_day,                            # juhannuspäivä
        _saturday_between(year, 10, 31),          # pyhäinpäivä
        dt.date(year, 12, 6),                     # itsenäisyyspäivä
        dt.date(year, 12, 24),                    # jouluaatto
        dt.date(year, 12, 25),                    # joulupäivä
        dt.date(year, 12, 26),                    # tapaninpäivä
    })


def period_end(last_day: dt.date) -> dt.date:
    """The day a period whose last day is `last_day` really ends: `last_day` itself, or the
    first working day after it when it is a Saturday, a Sunday or a day of
    :func:`closed_days`."""
    end = last_day
    while end.weekday() >= 5 or end in closed_days(end.year):
        end += dt.timedelta(days=1)
    return end
