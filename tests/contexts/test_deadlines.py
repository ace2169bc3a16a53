"""The Finnish days on which a period set by law cannot end."""

from __future__ import annotations

import datetime as dt

import pytest

from yhdyspinta_docs.contexts._deadlines import closed_days, easter_sunday, period_end

# Easter Sundays as the almanac gives them.
EASTERS = [dt.date(2000, 4, 23), dt.date(2008, 3, 23), dt.date(2011, 4, 24),
           dt.date(2019, 4, 21), dt.date(2024, 3, 31), dt.date(2025, 4, 20),
           dt.date(2026, 4, 5), dt.date(2027, 3, 28), dt.date(2028, 4, 16),
           dt.date(2038, 4, 25), dt.date(2100, 3, 28)]


@pytest.mark.parametrize("easter", EASTERS, ids=lambda d: str(d.year))
def test_easter_sunday(easter: dt.date) -> None:
    assert easter_sunday(easter.year) == easter


def test_easter_is_a_sunday_in_its_window_every_year() -> None:
    for year in range(1900, 2200):
        easter = easter_sunday(year)
        assert easter.weekday() == 6, year
        assert dt.date(year, 3, 22) <= easter <= dt.date(year, 4, 25), year


def test_closed_days_of_2027() -> None:
    assert sorted(closed_days(2027)) == [
        dt.date(2027, 1, 1), dt.date(2027, 1, 6),
        dt.date(2027, 3, 26), dt.date(2027, 3, 29),      # Good Friday, Easter Monday
        dt.date(2027, 5, 1), dt.date(2027, 5, 6),        # May Day, Ascension Day
        dt.date(2027, 6, 25), dt.date(2027, 6, 26),      # Midsummer Eve and Day
        dt.date(2027, 11, 6),                            # All Saints' Day
        dt.date(2027, 12, 6), dt.date(2027, 12, 24), dt.date(2027, 12, 25),
        dt.date(2027, 12, 26)]


def test_period_end_moves_only_off_closed_days() -> None:
    assert period_end(dt.date(2027, 12, 8)) == dt.date(2027, 12, 8)  # a Wednesday
    assert period_end(dt.date(2027, 12, 4)) == dt.date(2027, 12, 7)  # Sat, Sun, 6.12.
    assert period_end(dt.date(2027, 3, 26)) == dt.date(2027, 3, 30)  # Easter
    assert period_end(dt.date(2026, 12, 31)) == dt.date(2026, 12, 31)  # New Year's Eve is open
