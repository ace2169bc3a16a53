"""The report's table by party (Taulukko 1. Tilanne vastuutahoittain): every responsible
party's rows counted by status, and the mark of a party that did not return its copy, there
and on its rows in the tables by measure."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from yhdyspinta_docs.contexts._report import report_context
from yhdyspinta_docs.matrix._followup import FollowupData, FollowupRow
from yhdyspinta_docs.plan._loader import load_plan
from yhdyspinta_docs.plan._model import PlanFile
from yhdyspinta_docs.word import DocProperties, WordTemplate

ROOT = Path(__file__).resolve().parents[2]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
HEADER = ["Vastuutaho", "Ei aloitettu", "Käynnissä", "Valmis", "Viivästynyt", "Ei merkintää",
          "Yhteensä"]
MARK = "(matriisi palauttamatta)"
DAY = dt.date(2026, 11, 2)


@pytest.fixture(scope="module")
def plan() -> PlanFile:
    return load_plan(ROOT / "examples" / "keski-suomi" / "plan.yaml")


@pytest.fixture(scope="module")
def template() -> WordTemplate:
    return WordTemplate(ROOT / "templates" / "report.docx")


def _data(pf: PlanFile, returned: list[str] | None) -> FollowupData:
    rows = [FollowupRow.from_key("asuminen/jyvaskyla", status="Valmis", updated=DAY),
            FollowupRow.from_key("asuminen/muurame", status="Viivästynyt", updated=DAY),
            FollowupRow.from_key("vuorovaikutus/muurame", status="Käynnissä", updated=DAY),
            FollowupRow.from_key("tietopohja/muurame", status="Käynnissä", updated=DAY)]
    return FollowupData(plan_id=pf.plan.id, plan_version=str(pf.plan.version), period="2026",
                        rows=rows, returned=returned)


def _tables(template: WordTemplate, ctx: Any) -> list[list[list[str]]]:
    data = template.render(ctx, DocProperties(title=ctx["title"], language="fi-FI"))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    return [[["\n".join("".join(p.itertext()) for p in tc.findall("w:p", NS))
              for tc in tr.findall("w:tc", NS)] for tr in tbl.findall("w:tr", NS)]
            for tbl in body.findall(".//w:tbl", NS)]


def test_every_party_counted_by_status_as_the_tables_by_measure_show(
        plan: PlanFile, template: WordTemplate) -> None:
    ctx = report_context(plan, _data(plan, None), "fi", on=DAY)
    first, *by_measure = _tables(template, ctx)
    header, *parties, total = first
    assert header == HEADER
    # recounted from the tables by measure: the party's name and status of every row
    counted: dict[str, Counter[str]] = {}
    for table in by_measure:
        for row in table[1:]:
            counted.setdefault(row[0], Counter())[row[1]] += 1
    assert [row[0] for row in parties] == list(counted)  # plan order, each party once
    assert len(parties) == len({p.id for m in plan.plan.measures
                                for p in plan.responsible_parties(m)}) == 24
    for row in parties:
        numbers = [int(n) for n in row[1:]]
        assert numbers[:-1] == [counted[row[0]][status] for status in HEADER[1:-1]]
        assert numbers[-1] == sum(numbers[:-1]) == sum(counted[row[0]].values())
    muurame = next(row for row in parties if row[0] == "Muuramen kunta")
    assert muurame[1:] == ["0", "2", "0", "1", "2", "5"]
    # the total row: every column summed, as the results list counts them
    assert total[0] == "Yhteensä"
    assert [int(n) for n in total[1:]] == [sum(int(row[i]) for row in parties)
                                          for i in range(1, 7)]
    assert total[1:] == ["0", "2", "1", "1", "116", "120"]
    assert MARK not in str(first) + str(by_measure)  # the matrix records no collection


def test_a_party_that_did_not_return_is_marked_in_every_table(
        plan: PlanFile, template: WordTemplate) -> None:
    heard = [p.id for p in plan.parties if p.id not in ("toivakka", "uurainen")]
    ctx = report_context(plan, _data(plan, heard), "fi", on=DAY)
    first, *by_measure = _tables(template, ctx)
    marked = [row[0] for row in first[1:-1] if MARK in row[0]]
    assert marked == [f"Toivakan kunta\n{MARK}", f"Uuraisten kunta\n{MARK}"]
    for table in by_measure:
        for row in table[1:]:
            silent = row[0] in ("Toivakan kunta", "Uuraisten kunta")
            assert (row[1] == f"Ei merkintää\n{MARK}") is silent, row
            assert (MARK in row[1]) is silent
    assert ctx["not_returned"] == ["Toivakan kunta", "Uuraisten kunta"]
    assert [p["party"] for p in ctx["by_party"] if p["not_returned"]] == ctx["not_returned"]


def test_swedish_words(template: WordTemplate) -> None:
    pf = load_plan(ROOT / "examples" / "pohjanmaa" / "plan.yaml")
    first = pf.parties[0]
    data = FollowupData(plan_id=pf.plan.id, plan_version=str(pf.plan.version), period="2026",
                        rows=[], returned=[first.id])
    sv = report_context(pf, data, "sv", on=DAY, public=True)
    assert sv["status_names"] == {"not_started": "Inte påbörjad", "in_progress": "Pågår",
                                  "done": "Klar", "delayed": "Försenad",
                                  "no_entry": "Ingen anteckning"}
    table, *_ = _tables(template, sv)
    assert table[0] == ["Ansvarig part", "Inte påbörjad", "Pågår", "Klar", "Försenad",
                        "Ingen anteckning", "Totalt"]
    heard, *silent, total = table[1:]
    assert total[0] == "Totalt"
    assert heard[0].endswith("\n(returnerad utan anteckningar)") and silent  # nothing filled
    assert all(row[0].endswith("\n(matrisen inte returnerad)") for row in silent)


def test_a_change_to_no_entry_of_a_party_that_did_not_return_says_so(plan: PlanFile) -> None:
    """A status that went to "Ei merkintää" because the party did not return its copy is not
    a measure going backwards: the change line says why; one that returned says nothing."""
    before = FollowupData(plan_id=plan.plan.id, plan_version=str(plan.plan.version),
                          period="2025", rows=[
                              FollowupRow.from_key("asuminen/toivakka", status="Valmis",
                                                   updated=dt.date(2025, 10, 1)),
                              FollowupRow.from_key("asuminen/joutsa", status="Valmis",
                                                   updated=dt.date(2025, 10, 1))])
    heard = [p.id for p in plan.parties if p.id != "toivakka"]
    ctx = report_context(plan, _data(plan, heard), "fi", previous=before, on=DAY)
    title = ctx["measures"][0]["title"]
    assert f"{title} – Toivakan kunta: Valmis → Ei merkintää ({MARK[1:-1]})" in ctx["changes"]
    assert f"{title} – Joutsan kunta: Valmis → Ei merkintää" in ctx["changes"]


def test_a_copy_returned_empty_is_told_from_one_not_returned(
        plan: PlanFile, template: WordTemplate) -> None:
    """Toivakka did not return its copy, Joutsa returned its copy with nothing filled in,
    Muurame returned it filled: table 1 tells the three apart."""
    heard = [p.id for p in plan.parties if p.id != "toivakka"]
    ctx = report_context(plan, _data(plan, heard), "fi", on=DAY)
    first, *_ = _tables(template, ctx)
    names = {row[0].split("\n")[0]: row[0] for row in first[1:-1]}
    assert names["Toivakan kunta"] == f"Toivakan kunta\n{MARK}"
    assert names["Joutsan kunta"] == "Joutsan kunta\n(palautettu ilman merkintöjä)"
    assert names["Muuramen kunta"] == "Muuramen kunta"  # its rows have entries
    flagged = {p["party"] for p in ctx["by_party"] if p["returned_empty"]}
    assert "Joutsan kunta" in flagged and not flagged & {"Muuramen kunta", "Toivakan kunta"}
    # without a record of whom collect heard from, nobody is said to have returned anything
    unknown = report_context(plan, _data(plan, None), "fi", on=DAY)
    assert not any(p["returned_empty"] for p in unknown["by_party"])
