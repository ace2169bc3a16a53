"""What collect, resolve and the reader say about a Swedish or bilingual matrix names its sheets
and columns as that file shows them (``Läge``, ``Uppdaterad``, ``Konflikter``, ``Val``), the
merged matrix's in its own language(s); the messages themselves stay English, and a Finnish
matrix keeps its Finnish names.

The plan is the bilingual example with Närpiö as a Swedish-speaking party
(:func:`test_swedish_round.swedish_narpio`): its copy is Swedish, its rows on ``Uppföljning``
2–5 (``ikaantyneet/narpio`` on row 4).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from test_swedish_round import swedish_narpio

from helpers import KEY, column_letter, type_rows
from yhdyspinta_docs.errors import MatrixError, MergeConflictError
from yhdyspinta_docs.matrix import (
    CollectResult,
    FollowupData,
    FollowupRow,
    Status,
    collect,
    read_matrix,
    resolve,
    write_matrix,
)
from yhdyspinta_docs.plan import PlanFile, load_plan
from yhdyspinta_docs.plan._fields import Lang

WHEN = dt.date(2026, 3, 2)
LATER = dt.date(2026, 10, 1)
ROW = "ikaantyneet/narpio"


@pytest.fixture(scope="module")
def plan_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return swedish_narpio(tmp_path_factory.mktemp("plan"))


@pytest.fixture(scope="module")
def pf(plan_path: Path) -> PlanFile:
    return load_plan(plan_path)




def _copy(pf: PlanFile, path: Path, edits: dict[str, dict[str, object]], **kwargs: Any) -> Path:
    """Närpiö's Swedish copy, filled in as the party would."""
    wb = load_workbook(io.BytesIO(write_matrix(pf, key=KEY, party="narpio", date=WHEN,
                                               **kwargs).data))
    type_rows(wb["Uppföljning"], edits)
    wb.save(path)
    return path


def _conflicted(pf: PlanFile, tmp_path: Path, langs: tuple[Lang, ...]
                ) -> tuple[CollectResult, Path]:
    """Two versions of Närpiö's copy that set Läge differently, collected in `langs`."""
    a = _copy(pf, tmp_path / "a.xlsx", {ROW: {"Läge": "Klar"}})
    b = _copy(pf, tmp_path / "b.xlsx", {ROW: {"Läge": "Pågår"}})
    result = collect(pf, [a, b], key=KEY, date=LATER, langs=langs)
    merged = tmp_path / "sammanstalld.xlsx"
    merged.write_bytes(result.workbook)
    return result, merged


# the merged matrix's words in each language: its status column, its conflict sheet as a
# cell reference names it, the columns Valinta and Nro of that sheet, and the two statuses
WORDS = {
    ("sv",): ("Läge", "Konflikter", "Val", "Nr", "Klar", "Pågår"),
    ("fi", "sv"): ("Tilanne / Läge", "'Ristiriidat – Konflikter'", "Valinta / Val", "Nro / Nr",
                   "Valmis / Klar", "Käynnissä / Pågår"),
    ("fi",): ("Tilanne", "Ristiriidat", "Valinta", "Nro", "Valmis", "Käynnissä"),
}
STATUSES = {  # the statuses a status typed wrong is answered with, as the file lists them
    ("sv",): "Inte påbörjad, Pågår, Klar, Försenad (in Finnish Ei aloitettu, Käynnissä, "
             "Valmis, Viivästynyt)",
    ("fi", "sv"): "Ei aloitettu / Inte påbörjad, Käynnissä / Pågår, Valmis / Klar, "
                  "Viivästynyt / Försenad",
    ("fi",): "Ei aloitettu, Käynnissä, Valmis, Viivästynyt (in Swedish Inte påbörjad, Pågår, "
             "Klar, Försenad)",
}


def _changes(langs: tuple[Lang, ...]) -> str:
    done, going = WORDS[langs][4:]
    at = column_letter("Tilanne")
    return (f"sent '', changed to 1 = '{done}' (a.xlsx: Uppföljning!{at}4); "
            f"2 = '{going}' (b.xlsx: Uppföljning!{at}4)")


@pytest.mark.parametrize("langs", list(WORDS), ids=["sv", "fi-sv", "fi"])
def test_conflict_lines_name_the_column_as_the_merged_matrix_does(
        pf: PlanFile, tmp_path: Path, langs: tuple[Lang, ...]) -> None:
    column, changes = WORDS[langs][0], _changes(langs)
    result, merged = _conflicted(pf, tmp_path, langs)
    [conflict] = result.conflicts
    assert conflict.column == "Tilanne"  # what the choices are looked up by
    assert conflict.text(langs) == f"{ROW} {column}: {changes}"
    assert str(conflict) == f"{ROW} Tilanne: {_changes(('fi',))}"  # no language: Finnish
    # collect's exit (the CLI prints these lines)
    with pytest.raises(MergeConflictError) as info:
        result.raise_for_conflicts("plan.yaml", str(merged))
    assert [str(i) for i in info.value.issues] == [f"{ROW}: {column}: {changes}"]
    # the resolve command it ends with names the result as the merged matrix's sheet does
    resolved = merged.with_name("avgjord.xlsx" if langs == ("sv",) else "ratkaistu.xlsx")
    assert str(info.value).splitlines()[0].endswith(f"--out {resolved}"), str(info.value)
    # the merged matrix used before it is resolved: by the reader and as collect's --base
    with pytest.raises(MergeConflictError) as info:
        read_matrix(merged, pf, key=KEY)
    assert f"--out {resolved} " in str(info.value).splitlines()[0]
    assert [str(i) for i in info.value.issues] == [
        f"sammanstalld.xlsx: {ROW} {column}: {changes}"]
    other = _copy(pf, tmp_path / "c.xlsx", {})
    with pytest.raises(MergeConflictError) as info:
        collect(pf, [other], key=KEY, base=merged, date=LATER)
    assert f"sammanstalld.xlsx (base): {ROW} {column}: {changes}" in [
        str(i) for i in info.value.issues]


def _choose(merged: Path, value: object, sheet: str, out: Path) -> Path:
    """The coordinator types `value` into the first Val cell of the conflict sheet."""
    wb = load_workbook(merged)
    ws = wb[sheet]
    assert ws.cell(4, 1).value == ROW
    ws.cell(4, 8).value = value
    wb.save(out)
    return out


@pytest.mark.parametrize("langs", list(WORDS), ids=["sv", "fi-sv", "fi"])
def test_resolve_refusals_name_the_sheet_and_columns_as_the_merged_matrix_does(
        pf: PlanFile, tmp_path: Path, langs: tuple[Lang, ...]) -> None:
    column, sheet, choice, nro, done, going = WORDS[langs]
    title = sheet.strip("'")
    _, merged = _conflicted(pf, tmp_path, langs)
    header = (f"sammanstalld.xlsx: 1 conflict(s) have no usable choice; nothing was written. "
              f"In the column {choice} of the sheet {title} type the {nro} of the value that "
              "stays (0 = the value sent), or the value itself, on a row of each conflict, "
              "save the file and resolve again")
    with pytest.raises(MatrixError) as info:
        resolve(pf, merged, key=KEY)
    assert str(info.value).splitlines() == [header, (
        f"sammanstalld.xlsx: {sheet}!H4: {ROW} {column}: no choice in the column {choice}; "
        f"type the {nro} of the value that stays: 0 = '' (sent), 1 = '{done}' (a.xlsx), "
        f"2 = '{going}' (b.xlsx), or the value itself")]
    with pytest.raises(MatrixError) as info:
        resolve(pf, _choose(merged, 7, title, tmp_path / "sju.xlsx"), key=KEY)
    assert [str(i) for i in info.value.issues] == [
        f"sju.xlsx: {sheet}!H4: {ROW} {column}: the choice cannot be used: there is no value "
        f"{nro} 7; type 0–2, or the value itself"]
    with pytest.raises(MatrixError) as info:  # a status of its own, typed wrong
        resolve(pf, _choose(merged, "Halvfärdig", title, tmp_path / "halv.xlsx"), key=KEY)
    assert [str(i) for i in info.value.issues] == [
        f"halv.xlsx: {sheet}!H4: {ROW} {column}: the choice cannot be used: 'Halvfärdig' is "
        f"not a status; expected one of {STATUSES[langs]}; choose from the list"]
    wb = load_workbook(merged)
    wb[title].delete_rows(4, 2)  # the conflict's rows deleted from the sheet
    wb.save(tmp_path / "utan.xlsx")
    with pytest.raises(MatrixError) as info:
        resolve(pf, tmp_path / "utan.xlsx", key=KEY)
    assert [str(i) for i in info.value.issues] == [
        f"utan.xlsx: {title}: {ROW} {column}: its rows are missing from the sheet {title}; "
        "they cannot be resolved without them (collect again)"]
    # the choice is still found by the column as the sheet names it
    done = resolve(pf, _choose(merged, 1, title, tmp_path / "val.xlsx"), key=KEY)
    row = done.data.row(ROW)
    assert row is not None and row.status is Status.DONE
    assert done.langs == langs


def test_a_date_outside_the_period_is_named_as_the_copy_names_its_column(
        pf: PlanFile, tmp_path: Path) -> None:
    copy = _copy(pf, tmp_path / "narpes.xlsx", {ROW: {"Uppdaterad": "1.3.2062"}})
    at = column_letter("Päivitetty")
    for langs in (("fi",), ("sv",)):  # the copy's words, whatever the merged matrix's
        warnings = collect(pf, [copy], key=KEY, date=LATER, langs=langs).warnings
        assert warnings == [
            f"narpes.xlsx: Uppföljning!{at}4: Uppdaterad 1.3.2062 of row {ROW} is outside the "
            "years of the plan's follow-up (2025–2030); check the year: the report is dated by "
            "the latest Uppdaterad"]


def test_entries_carried_over_are_named_as_the_copy_names_its_columns(
        pf: PlanFile, tmp_path: Path) -> None:
    first = _copy(pf, tmp_path / "forra.xlsx", {ROW: {"Läge": "Klar",
                                                     "Lägesbeskrivning": "Klart"}})
    previous = collect(pf, [first], key=KEY, date=LATER).data
    copy = _copy(pf, tmp_path / "narpes.xlsx", {"valmius/narpio": {"Läge": "Pågår"}},
                 previous=previous, period="2027")
    warnings = collect(pf, [copy], key=KEY, date=LATER, langs=("fi",)).warnings
    assert [w.split(", and so were")[0] for w in warnings] == [
        f"narpes.xlsx was sent with entries carried over from an earlier round ({ROW}: Läge, "
        "Lägesbeskrivning)"]


@pytest.mark.parametrize(("langs", "archive"), [(("sv",), "Arkiv"),
                                                (("fi", "sv"), "Arkisto – Arkiv"),
                                                (("fi",), "Arkisto")])
def test_a_row_no_longer_in_the_plan_goes_to_the_archive_the_merged_matrix_names(
        plan_path: Path, pf: PlanFile, tmp_path: Path, langs: tuple[Lang, ...],
        archive: str) -> None:
    copy = _copy(pf, tmp_path / "narpes.xlsx", {ROW: {"Läge": "Klar"}})
    # the plan changed (Närpiö no longer responsible for the measure) without a new version
    text = plan_path.read_text("utf-8")
    old = "vastuutahot: [hyvinvointialue, kristiinankaupunki, narpio, kaskinen, korsnas]"
    assert text.count(old) == 1
    changed = tmp_path / "plan.yaml"
    changed.write_text(text.replace(old, old.replace("narpio, ", "")), "utf-8")
    result = collect(load_plan(changed), [copy], key=KEY, date=LATER, langs=langs)
    assert f"narpes.xlsx: row {ROW} is not in the plan; its entries were moved to {archive} " \
           "(change the plan version when measures change)" in result.warnings
    assert [r.key for r in result.data.archived_rows] == [ROW]


def _problems(pf: PlanFile, path: Path) -> list[str]:
    with pytest.raises(MatrixError) as info:
        read_matrix(path, pf, key=KEY)
    return [str(i) for i in info.value.issues]


def test_the_reader_names_the_columns_of_a_swedish_copy_as_it_does(
        pf: PlanFile, tmp_path: Path) -> None:
    sent = write_matrix(pf, key=KEY, party="narpio", date=WHEN).data
    wb = load_workbook(io.BytesIO(sent))
    ws = wb["Uppföljning"]
    ws.cell(2, 1).value = "olematon/narpio"
    ws.cell(3, 1).value = ROW
    ws.cell(5, 1).value = 5
    ws[f"{column_letter('Tilanne', ws)}7"].value = "Klar"
    wb.save(tmp_path / "rader.xlsx")
    assert _problems(pf, tmp_path / "rader.xlsx") == [
        "rader.xlsx: Uppföljning!A2: Kod 'olematon/narpio' was not in the matrix sent to "
        "'narpio'; do not change the Kod column or copy rows from other files",
        f"rader.xlsx: Uppföljning!A4: Kod '{ROW}' is also on row 3; keep the entries on one "
        "row only",
        "rader.xlsx: Uppföljning!A5: Kod 5 is not a row key; do not change the Kod column",
        "rader.xlsx: Uppföljning!A7: this row has entries but no Kod; rows cannot be added: "
        "write the entries on the row of the measure"]
    wb = load_workbook(io.BytesIO(sent))
    ws = wb["Uppföljning"]
    ws[f"{column_letter('Tilannekuvaus', ws)}1"].value = None  # Lägesbeskrivning
    wb.save(tmp_path / "kolumn.xlsx")
    assert _problems(pf, tmp_path / "kolumn.xlsx") == [
        "kolumn.xlsx: Uppföljning!1:1: column(s) Lägesbeskrivning are missing; do not delete "
        "or rename columns"]


@pytest.mark.parametrize(("party", "names", "sheet"), [
    ("narpio", {}, "'Uppföljning' with the columns Kod and Läge"),
    ("vaasa", {}, "'Seuranta – Uppföljning' with the columns Tunnus / Kod and Tilanne / Läge"),
    ("narpio", {"Anvisningar": "A", "Sammandrag": "B", "Listor": "D"},  # nothing tells it
     "'Seuranta' (Uppföljning) with the columns Tunnus (Kod) and Tilanne (Läge)"),
])
def test_a_copy_without_its_data_sheet_is_told_the_sheet_in_its_language(
        pf: PlanFile, tmp_path: Path, party: str, names: dict[str, str], sheet: str) -> None:
    wb = load_workbook(io.BytesIO(write_matrix(pf, key=KEY, party=party, date=WHEN).data))
    data = wb.worksheets[1]
    data.cell(1, 1).value = None  # no Kod header: no sheet has the matrix's table
    if names:
        data.title = "C"
    for old, new in names.items():
        wb[old].title = new
    wb.save(tmp_path / "kopia.xlsx")
    assert _problems(pf, tmp_path / "kopia.xlsx") == [
        f"kopia.xlsx: has no sheet {sheet}; use the matrix as it was sent"]


def test_an_archived_entry_that_cannot_be_read_is_named_by_its_swedish_column(
        pf: PlanFile, tmp_path: Path) -> None:
    previous = FollowupData(plan_id=pf.plan.id, plan_version=pf.plan.version, period="2026",
                            rows=[FollowupRow.from_key("poistettu/narpio", status="Valmis")])
    made = write_matrix(pf, key=KEY, date=LATER, previous=previous, period="2027",
                        langs=("sv",))
    wb = load_workbook(io.BytesIO(made.data))
    ws = wb["Arkiv"]
    at = column_letter("Tilanne", ws)
    assert ws[f"{at}1"].value == "Läge" and ws.cell(2, 1).value == "poistettu/narpio"
    ws[f"{at}2"].value = "xyz"
    wb.save(tmp_path / "arkiv.xlsx")
    [problem] = _problems(pf, tmp_path / "arkiv.xlsx")
    assert problem.startswith("arkiv.xlsx: Arkiv!2:2: archived entry: Läge: 'xyz' is not a "
                              "status;"), problem
