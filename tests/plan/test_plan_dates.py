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


# -- dates that contradict each other -----------------------------------------------------------

KESKI_SUOMI = (Path(__file__).resolve().parents[2] / "examples" / "keski-suomi" /
               "plan.yaml").read_text("utf-8")


def test_a_plan_period_that_ends_before_it_begins_is_refused() -> None:
    src = KESKI_SUOMI.replace("loppuvuosi: 2029", "loppuvuosi: 2025")
    line = line_of(src, "loppuvuosi: 2025")
    assert [str(i) for i in plan_error(src).issues] == [
        f"plan.yaml:{line} suunnitelma.kausi.loppuvuosi: the plan period ends in 2025, before "
        "it begins (2026); write the last year the plan covers"]


def test_an_agreement_valid_until_before_it_takes_effect_is_refused() -> None:
    src = KESKI_SUOMI.replace("voimassa_alkaen: 2026-01-01\n",
                              "voimassa_alkaen: 2026-01-01\n  voimassa_asti: 2025-06-30\n")
    line = line_of(src, "voimassa_asti: 2025-06-30")
    assert [str(i) for i in plan_error(src).issues] == [
        f"plan.yaml:{line} sopimus.voimassa_asti: the agreement is valid until 30.6.2025, "
        "before it takes effect (1.1.2026, voimassa_alkaen); check both dates"]


def test_an_approval_dated_after_a_meeting_that_cites_it_is_refused() -> None:
    # every proposal says the agreement was approved: a party meets on 16.3.2026
    src = KESKI_SUOMI.replace("paivamaara: 2025-11-04", "paivamaara: 2027-12-09")
    line = line_of(src, "paivamaara: 2027-12-09")
    meeting = line_of(src, "kokouspaiva: 2026-03-16")
    party = next(i for i, p in enumerate(parse_plan(KESKI_SUOMI).parties)
                 if p.handling and p.handling.meeting_date == dt.date(2026, 3, 16))
    assert meeting
    assert [str(i) for i in plan_error(src).issues] == [
        f"plan.yaml:{line} sopimus.hyvaksynnat[0].paivamaara: the decision 'av-2025-80' is "
        f"dated 9.12.2027, after the meeting of osapuolet[{party}].kasittely (16.3.2026), whose "
        "documents say it was made; check the year of both dates"]


def test_an_approval_on_the_meeting_day_or_with_no_meeting_day_is_kept() -> None:
    same_day = KESKI_SUOMI.replace("paivamaara: 2025-11-04", "paivamaara: 2026-03-16")
    assert parse_plan(same_day).agreement.approvals[0].date == dt.date(2026, 3, 16)
    no_meeting = same_day.replace("kokouspaiva: 2026-03-16", "kokouspaiva: null").replace(
        "paivamaara: 2026-03-16", "paivamaara: 2027-01-01", 1)
    assert parse_plan(no_meeting).agreement.approvals[0].date == dt.date(2027, 1, 1)


def test_a_deadline_outside_the_plan_period_is_a_warning_not_an_error() -> None:
    from yhdyspinta_docs.plan._date_checks import date_warnings

    src = KESKI_SUOMI.replace("      vastuutahot: [kaikki]\n",
                              "      vastuutahot: [kaikki]\n      maaraaika: 2035-02-28\n", 1)
    plan = parse_plan(src)
    assert date_warnings(plan) == [
        "suunnitelma.toimenpiteet[0].maaraaika: the deadline 28.2.2035 of measure 'asuminen' "
        "is outside the plan period 2026–2029; check the year"]
    inside = parse_plan(src.replace("maaraaika: 2035-02-28", "maaraaika: 2029-12-31"))
    assert date_warnings(inside) == []


def test_validate_warns_of_the_deadline_with_file_and_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from yhdyspinta_docs.cli import main

    src = KESKI_SUOMI.replace("      vastuutahot: [kaikki]\n",
                              "      vastuutahot: [kaikki]\n      maaraaika: 2035-02-28\n", 1)
    plan = tmp_path / "plan.yaml"
    plan.write_text(src, "utf-8")
    assert main(["validate", str(plan)]) == 0
    line = line_of(src, "maaraaika: 2035-02-28")
    assert (f"Warning: {plan}:{line} suunnitelma.toimenpiteet[0].maaraaika: the deadline "
            "28.2.2035 of measure 'asuminen' is outside the plan period 2026–2029; check the "
            "year") in capsys.readouterr().err


def test_a_preparation_event_after_the_plan_documents_date_is_a_warning() -> None:
    from yhdyspinta_docs.plan._date_checks import date_warnings

    pohjanmaa = (Path(__file__).resolve().parents[2] / "examples" / "pohjanmaa" /
                 "plan.yaml").read_text("utf-8")
    assert date_warnings(parse_plan(pohjanmaa)) == []
    later = parse_plan(pohjanmaa.replace("paivamaara: 2026-03-02", "paivamaara: 2026-03-09"))
    assert date_warnings(later) == [
        "suunnitelma.valmistelu.kasittelyt[2].paivamaara: the plan document, dated 2.3.2026 "
        "(suunnitelma.paivays), says the plan was discussed on 9.3.2026; check both dates"]


@pytest.mark.parametrize("written", ["9999-12-20", "0001-01-01", "2206-12-14", "'1026-12-14'"])
def test_a_date_in_a_year_no_plan_has_is_refused(written: str) -> None:
    """A mistyped year (9999-12-20 for a publishing day) is refused where it is written; the
    documents count days from these dates, and past year 9999 there are none to count."""
    src = SOURCE.replace(MEETING, f"kokouspaiva: {written}")
    line = line_of(src, f"kokouspaiva: {written}")
    day = written.strip("'")
    assert [str(i) for i in plan_error(src).issues] == [
        f"plan.yaml:{line} osapuolet[1].kasittely.kokouspaiva: {day}: the year "
        f"{int(day[:4])} is outside 1990–2199; check the year"]
