"""The follow-up report's context: every field a party fills, carried-over entries, statuses in
the matrix's workflow order and the matrix's "no entry" wording, the public version's contacts.

Follow-up data is built by hand from the Keski-Suomi example (its first measure "asuminen" has
24 responsible parties); the matrix's own wording is read from a matrix written by the
program (its Yhteenveto sheet).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from yhdyspinta_docs.contexts._report import (
    STATUS_ORDER,
    carried_over,
    period_start,
    report_context,
    status_label,
)
from yhdyspinta_docs.matrix._followup import (
    SHEET_SUMMARY,
    FollowupData,
    FollowupRow,
    Status,
)
from yhdyspinta_docs.matrix._write import write_matrix
from yhdyspinta_docs.plan._loader import load_plan
from yhdyspinta_docs.plan._model import PlanFile

ROOT = Path(__file__).resolve().parents[2]
KEY = b"k" * 32
THIS_YEAR = dt.date(2026, 10, 1)
LAST_YEAR = dt.date(2025, 11, 3)
CONTACTS = ["Maija Esimerkki, maija.esimerkki@jyvaskyla.fi", "p. 040 123 4567 Teppo Testaaja"]


@pytest.fixture(scope="module")
def plan() -> PlanFile:
    return load_plan(ROOT / "examples" / "keski-suomi" / "plan.yaml")


def _data(pf: PlanFile, rows: list[FollowupRow], period: str) -> FollowupData:
    return FollowupData(plan_id=pf.plan.id, plan_version=str(pf.plan.version), period=period,
                        rows=rows)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.mark.parametrize(("period", "start"), [
    ("2026", dt.date(2026, 1, 1)), ("2026–2027", dt.date(2026, 1, 1)),
    (" 2025 syksy", dt.date(2025, 1, 1)), ("", None), (None, None), ("kevät", None),
    ("20261", None),
])
def test_period_start_is_the_leading_year(period: str | None, start: dt.date | None) -> None:
    assert period_start(period) == start


def test_the_carried_over_rule() -> None:
    start = dt.date(2026, 1, 1)
    old = FollowupRow.from_key("a/b", status="Käynnissä", description="x", updated=LAST_YEAR)
    fresh = old.model_copy(update={"updated": THIS_YEAR})
    undated = FollowupRow.from_key("a/b", status="Käynnissä", description="x")
    assert carried_over(old, start, None)  # dated before the period
    assert not carried_over(fresh, start, None)
    assert not carried_over(fresh, start, old)  # a new date is an update
    assert carried_over(undated, None, undated)  # same values as the previous period
    assert not carried_over(undated, None, None)  # no date, no previous: cannot tell
    assert not carried_over(undated.model_copy(update={"status": Status.DONE}), None, undated)
    assert not carried_over(FollowupRow.from_key("a/b"), start, FollowupRow.from_key("a/b"))
    assert not carried_over(None, start, old)


def test_an_entry_changed_since_the_previous_period_is_an_update_whatever_its_date() -> None:
    """A party that rewrites the description (or the status) and leaves the date as it was
    did update the entry in this period: the report must not say it did not."""
    start = dt.date(2027, 1, 1)
    last = FollowupRow.from_key("a/b", status="Käynnissä", description="Vuosi 1",
                                updated=LAST_YEAR)
    rewritten = last.model_copy(update={"description": "Foorumi kokoontui"})
    assert not carried_over(rewritten, start, last)
    assert not carried_over(last.model_copy(update={"status": Status.DONE}), start, last)
    assert carried_over(last, start, last)  # nothing changed: carried over
    # the previous period had no entry to compare with: the date tells
    assert carried_over(last, start, FollowupRow.from_key("a/b"))
    assert carried_over(last, start, None)


def test_every_field_a_party_fills_is_in_the_context(plan: PlanFile) -> None:
    parties = [p.id for p in plan.responsible_parties(plan.plan.measures[0])]
    rows = [FollowupRow.from_key(f"asuminen/{pid}", status="Käynnissä",
                                 description=f"Kuvaus {i}", next_steps=f"Seuraava vaihe {i}",
                                 updated=THIS_YEAR, contact=CONTACTS[i % 2])
            for i, pid in enumerate(parties[:9])]
    ctx = report_context(plan, _data(plan, rows, "2026"))
    got = {r["next_steps"] for r in ctx["measures"][0]["rows"]}
    assert {f"Seuraava vaihe {i}" for i in range(9)} <= got
    first = ctx["measures"][0]["rows"][0]
    assert first["contact"] == CONTACTS[0] and first["updated"] == "1.10.2026"
    assert first["description"] == "Kuvaus 0" and not first["carried_over"]
    assert ctx["table"][1]["contact"] == CONTACTS[1]
    assert ctx["public"] is False

    public = report_context(plan, _data(plan, rows, "2026"), public=True)
    assert public["public"] is True
    assert all(r["contact"] == "" for m in public["measures"] for r in m["rows"])
    text = "\n".join(_strings(public))
    for contact in CONTACTS:
        assert contact not in text
    assert "maija.esimerkki" not in text and "Teppo" not in text
    # the rest of what parties typed stays in the public version
    assert {f"Seuraava vaihe {i}" for i in range(9)} <= {
        r["next_steps"] for r in public["measures"][0]["rows"]}



def test_an_address_or_mobile_a_party_typed_is_left_out_of_the_public_report(
        plan: PlanFile) -> None:
    """A party writes its contact into the description too: a person's address and mobile
    number go, the registry's address and the switchboard stay."""
    typed = ("Lisätietoja maija.esimerkki@jyvaskyla.fi tai 040 123 4567; kirjaamo@jyvaskyla.fi, "
             "vaihde 014 266 0000.")
    rows = [FollowupRow.from_key("asuminen/jyvaskyla", status="Käynnissä", description=typed,
                                 next_steps="Soita +358 50 765 4321", updated=THIS_YEAR)]

    def jyvaskyla(public: bool) -> dict[str, Any]:
        ctx = report_context(plan, _data(plan, rows, "2026"), public=public)
        return next(dict(r) for r in ctx["measures"][0]["rows"]
                    if r["party"] == "Jyväskylän kaupunki")

    assert jyvaskyla(False)["description"] == typed
    web = jyvaskyla(True)
    note = "(henkilötieto poistettu)"
    assert web["description"] == (f"Lisätietoja {note} tai {note}; kirjaamo@jyvaskyla.fi, "
                                  "vaihde 014 266 0000.")
    assert web["next_steps"] == f"Soita {note}"

def test_carried_over_entries_are_marked_and_counted(plan: PlanFile) -> None:
    kept = FollowupRow.from_key("asuminen/jyvaskyla", status="Käynnissä", description="Ennallaan",
                                updated=LAST_YEAR)
    same = FollowupRow.from_key("asuminen/muurame", status="Valmis")  # undated, as last year
    new = FollowupRow.from_key("asuminen/laukaa", status="Valmis", updated=THIS_YEAR)
    ctx = report_context(plan, _data(plan, [kept, same, new], "2026"),
                         previous=_data(plan, [kept, same], "2025"))
    rows = {r["party"]: r for r in ctx["measures"][0]["rows"]}
    assert rows["Jyväskylän kaupunki"]["carried_over"]
    assert rows["Jyväskylän kaupunki"]["updated"] == "3.11.2025"  # with its date
    assert rows["Muuramen kunta"]["carried_over"]
    assert not rows["Laukaan kunta"]["carried_over"]
    assert ctx["carried_over"] == 2
    assert ctx["summary"][-1] == {
        "kind": "paragraph",
        "text": "Rivejä, joita ei ole päivitetty tällä seurantakaudella (siirtyneet aiemmalta "
                "kaudelta): 2."}
    nothing = report_context(plan, _data(plan, [new], "2026"))
    assert nothing["carried_over"] == 0 and len(nothing["summary"]) == 2


def test_statuses_counted_in_the_matrix_workflow_order(plan: PlanFile) -> None:
    parties = [p.id for p in plan.responsible_parties(plan.plan.measures[0])]
    # typed in reverse of the workflow: alphabetical order would differ from it
    typed = ["Viivästynyt", "Valmis", "Valmis", "Käynnissä", "Ei aloitettu"]
    rows = [FollowupRow.from_key(f"asuminen/{pid}", status=s, updated=THIS_YEAR)
            for pid, s in zip(parties, typed, strict=False)]
    ctx = report_context(plan, _data(plan, rows, "2026"))
    assert ctx["measures"][0]["counts"] == (
        "Ei aloitettu 1, Käynnissä 1, Valmis 2, Viivästynyt 1, Ei merkintää 19")
    assert ctx["summary"][1] == {"kind": "list", "ordered": False, "items": [
        "Ei aloitettu: 1", "Käynnissä: 1", "Valmis: 2", "Viivästynyt: 1", "Ei merkintää: 115"]}
    assert ctx["chart_alt"].endswith(
        "Ei aloitettu 1, Käynnissä 1, Valmis 2, Viivästynyt 1, Ei merkintää 115.")
    # the matrix's own summary sheet: the same statuses in the same order, the same "no entry"
    wb = load_workbook(io.BytesIO(write_matrix(plan, key=KEY, date=THIS_YEAR).data))
    ws = wb[SHEET_SUMMARY]
    labels = [ws.cell(row, 1).value for row in range(5, 5 + len(STATUS_ORDER))]
    assert labels == [status_label(s, "fi") for s in STATUS_ORDER]
    assert labels[-1] == "Ei merkintää"


def test_swedish_words(plan: PlanFile) -> None:
    assert [status_label(s, "sv") for s in STATUS_ORDER] == [
        "Inte påbörjad", "Pågår", "Klar", "Försenad", "Ingen anteckning"]
    pf = load_plan(ROOT / "examples" / "pohjanmaa" / "plan.yaml")
    measure = pf.plan.measures[0]
    party = pf.responsible_parties(measure)[0]
    row = FollowupRow.from_key(f"{measure.id}/{party.id}", status="Valmis", next_steps="Nästa",
                               updated=LAST_YEAR, contact="Anna Andersson")
    ctx = report_context(pf, _data(pf, [row], "2026"), "sv")
    first = ctx["measures"][0]["rows"][0]
    assert first["next_steps"] == "Nästa" and first["contact"] == "Anna Andersson"
    assert first["carried_over"] and first["status"] == "Klar"
    assert ctx["words"]["carried_over"] == "tidigare period"
    assert _strings(ctx["summary"][-1])[-1].startswith(
        "Rader som inte har uppdaterats under denna uppföljningsperiod")
    assert ctx["measures"][0]["counts"].endswith("Ingen anteckning " + str(
        len(ctx["measures"][0]["rows"]) - 1))
