"""A date of the plan file written with a time of day: every date field of the plan is a day
(no field carries a time), so a timestamp is refused naming the line, the field and the date
to write, instead of its time being dropped in silence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from helpers import line_of, plan_error
from yhdyspinta_docs.plan import parse_plan

SOURCE = (Path(__file__).resolve().parents[1] / "data" / "vastra_nyland_sv.yaml").read_text(
    "utf-8")
MEETING = "kokouspaiva: 2026-12-14"


@pytest.mark.parametrize(("written", "shown"), [
    ("2026-12-14 10:00:00", "2026-12-14 10:00:00"),      # YAML reads it as a timestamp
    ("2026-12-14T10:00:00Z", "2026-12-14 10:00:00+00:00"),
    ("2026-12-14 10:00", "2026-12-14 10:00"),            # YAML reads it as a text
    ("2026-12-14T10:00", "2026-12-14T10:00"),
    ("'2026-12-14 00:00:00'", "2026-12-14 00:00:00"),
])
def test_a_meeting_day_with_a_time_is_refused_naming_the_date_to_write(
        written: str, shown: str) -> None:
    src = SOURCE.replace(MEETING, f"kokouspaiva: {written}")
    line = line_of(src, f"kokouspaiva: {written}")
    issues = [str(i) for i in plan_error(src).issues]
    assert issues == [
        f"plan.yaml:{line} osapuolet[1].kasittely.kokouspaiva: '{shown}' has a time of day, "
        "and this field is a date (year-month-day): write the date only: 2026-12-14"]


def test_a_decision_date_with_a_time_is_refused_too() -> None:
    src = SOURCE.replace("paivamaara: 2026-12-06\n", "paivamaara: 2026-12-06 18:30:00\n")
    line = line_of(src, "paivamaara: 2026-12-06 18:30:00")
    assert (f"plan.yaml:{line} paatokset.kirjatut[0].paivamaara: '2026-12-06 18:30:00' has a "
            "time of day, and this field is a date (year-month-day): write the date only: "
            "2026-12-06") in str(plan_error(src))


@pytest.mark.parametrize("written", ["20261214", "2026-W51-1"])
def test_other_iso_forms_of_a_day_are_not_read_as_dates(written: str) -> None:
    src = SOURCE.replace(MEETING, f"kokouspaiva: '{written}'")
    assert (f"'{written}' is not a date; write it as year-month-day, e.g. 2026-03-02"
            in str(plan_error(src)))


def test_a_date_written_as_a_date_is_kept() -> None:
    plan = parse_plan(SOURCE.replace(MEETING, "kokouspaiva: '2026-12-14'"))
    days = [p.handling.meeting_date for p in plan.parties if p.handling is not None]
    assert dt.date(2026, 12, 14) in days
