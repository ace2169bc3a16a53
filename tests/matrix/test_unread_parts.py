"""What a returned file has that collect never reads is warned of, not left out in silence: a
sheet a party added to its copy (a page of notes) and text typed below the table of Seuranta,
in the file's own words (a Swedish copy's sheet and column names)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from test_swedish_round import swedish_narpio

from helpers import KEY
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.errors import MatrixError
from yhdyspinta_docs.matrix import Status, collect, read_matrix, write_matrix
from yhdyspinta_docs.matrix._followup import COLUMNS, header_forms, normalize_header
from yhdyspinta_docs.plan import PlanFile, load_plan

WHEN = dt.date(2026, 3, 2)
LATER = dt.date(2026, 9, 15)
NOTE = ("a note goes in {}), or keep {} in a file of its own")


@pytest.fixture(scope="module")
def pf() -> PlanFile:
    return load_plan(example_plan_path())


@pytest.fixture(scope="module")
def swedish(tmp_path_factory: pytest.TempPathFactory) -> PlanFile:
    return load_plan(swedish_narpio(tmp_path_factory.mktemp("plan")))


def _at(ws: Any, header: str) -> str:
    """The letter of the column whose header (in any language the sheet shows it) is the
    Finnish `header`: found in the header row of `ws`, never assumed."""
    forms = header_forms(header)
    return next(str(c.column_letter) for c in ws[1] if normalize_header(str(c.value)) in forms)


def _copy(pf: PlanFile, party: str | None, sheet: str, status: str | None = None) -> Workbook:
    """A copy as sent, its first row's status typed (so that it changes something)."""
    wb = load_workbook(io.BytesIO(write_matrix(pf, key=KEY, party=party, date=WHEN).data))
    if status is not None:
        wb[sheet][f"{_at(wb[sheet], 'Tilanne')}2"] = status
    return wb


def _sheet_added(name: str, sheet: str, data_sheet: str, description: str) -> str:
    return (f"{name}: sheet '{sheet}' is not a sheet of the matrix, so its contents were not "
            "read and are not in the merged matrix; type entries into the matrix's own "
            f"columns on the sheet {data_sheet} (" + NOTE.format(description, "them"))


def _below(name: str, first: str, cells: str, last: int, description: str) -> str:
    return (f"{name}: {first}: the text below the table, in {cells} (after its last row, "
            f"{last}), is on no measure's row, so it was not read and is not in the merged "
            "matrix; type it on the row of its measure (" + NOTE.format(description, "it"))


def test_a_sheet_added_to_a_copy_is_named_and_its_contents_are_not_read(
        pf: PlanFile, tmp_path: Path) -> None:
    """A party adds a sheet of notes (or an empty one) to its copy, the coordinator one to
    the base: each is named, with the file, as not read; the matrix's own sheets are not."""
    wb = _copy(pf, "joutsa", "Seuranta", "Valmis")
    wb.create_sheet("Omat muistiinpanot")["A1"] = "Tilanne: soitetaan kunnalle"
    wb.create_sheet("Taul2")
    returned = tmp_path / "joutsa.xlsx"
    wb.save(returned)
    base_wb = _copy(pf, None, "Seuranta")
    base_wb.create_sheet("Huomiot", 0)["B3"] = "Muistutus"
    base = tmp_path / "koottu.xlsx"
    base_wb.save(base)
    result = collect(pf, [returned], key=KEY, base=base, date=LATER)
    assert result.ok and result.data.by_key()["asuminen/joutsa"].status is Status.DONE
    assert result.warnings == [
        _sheet_added("joutsa.xlsx", "Omat muistiinpanot", "Seuranta", "Tilannekuvaus"),
        _sheet_added("joutsa.xlsx", "Taul2", "Seuranta", "Tilannekuvaus"),
        _sheet_added("koottu.xlsx (base)", "Huomiot", "Seuranta", "Tilannekuvaus")]
    assert "soitetaan" not in result.data.model_dump_json()
    # the report and next year's matrix read the merged matrix the same way, and say so
    told: list[str] = []
    read_matrix(base, pf, key=KEY, on_warning=told.append)
    assert told == [_sheet_added("koottu.xlsx", "Huomiot", "Seuranta", "Tilannekuvaus")]
    # the merged matrix has the matrix's sheets only (Arkisto, Ristiriidat …): no warning
    merged = tmp_path / "koottu2.xlsx"
    merged.write_bytes(result.workbook)
    told.clear()
    read_matrix(merged, pf, key=KEY, on_warning=told.append)
    assert told == []


def test_text_below_the_table_is_named_by_its_cells(pf: PlanFile, tmp_path: Path) -> None:
    """Text typed in any column of a row after the last measure row is on no measure's row
    and never read: one warning names the cells (the first five, then how many more); a
    cell of spaces alone is not text; an added column's text in the table is that column's
    warning, below the table this one's."""
    wb = _copy(pf, "joutsa", "Seuranta", "Käynnissä")
    ws = wb["Seuranta"]
    assert ws.max_row == 6  # joutsa's five rows under the header
    # columns a party does not fill, and the first two right of the matrix's own
    b, c, d, e = (_at(ws, h) for h in ("Toimenpide", "Vastuutaho", "Aikataulu", "Mittari"))
    k, l2 = (get_column_letter(len(COLUMNS) + i) for i in (1, 2))
    ws[f"{b}8"] = "Huom: kysy kunnalta"
    ws[f"{c}8"], ws[f"{k}9"], ws[f"{e}10"] = "   ", "\u00a0\t", ""  # nothing typed
    ws[f"{d}9"] = 2027
    ws[f"{k}1"], ws[f"{k}3"], ws[f"{k}10"] = "Lisätietoja", "Soita", "Kesken"
    for r in range(11, 15):
        ws[f"{l2}{r}"] = f"rivi {r}"
    path = tmp_path / "joutsa.xlsx"
    wb.save(path)
    result = collect(pf, [path], key=KEY, date=LATER)
    assert result.ok and result.data.by_key()["asuminen/joutsa"].status is Status.IN_PROGRESS
    assert result.warnings == [
        f"joutsa.xlsx: Seuranta!{k}3: column 'Lisätietoja' is not a column of the matrix, so its "
        f"text ({k}3) was not read and is not in the merged matrix; type it into the matrix's own "
        "columns (" + NOTE.format("Tilannekuvaus", "it"),
        _below("joutsa.xlsx", f"Seuranta!{b}8", f"{b}8, {d}9, {k}10, {l2}11, {l2}12 and 2 more", 6,
               "Tilannekuvaus")]
    # an entry typed below the table, in a column a party fills, is refused as before
    ws[f"{_at(ws, 'Tilannekuvaus')}9"] = "Uusi merkintä"
    wb.save(path)
    with pytest.raises(MatrixError,
                       match=rf"Seuranta!{_at(ws, 'Tunnus')}9: this row has entries but no Tunnus"):
        collect(pf, [path], key=KEY, date=LATER)


def test_text_far_below_the_table_is_found_within_the_guards_bounds(
        pf: PlanFile, tmp_path: Path) -> None:
    """Only the cells the file has are visited, as many as the guard lets through: one far
    down is found; one past the highest row a cell may have is refused before reading."""
    wb = _copy(pf, "joutsa", "Seuranta", "Valmis")
    c = _at(wb["Seuranta"], "Vastuutaho")
    wb["Seuranta"][f"{c}99000"] = "unohtunut"
    path = tmp_path / "joutsa.xlsx"
    wb.save(path)
    assert collect(pf, [path], key=KEY, date=LATER).warnings == [
        _below("joutsa.xlsx", f"Seuranta!{c}99000", f"{c}99000", 6, "Tilannekuvaus")]
    del wb["Seuranta"][f"{c}99000"]
    wb["Seuranta"][f"{c}100001"] = "liian kaukana"
    wb.save(path)
    with pytest.raises(MatrixError, match="100001"):
        collect(pf, [path], key=KEY, date=LATER)


def test_a_swedish_copy_is_told_of_in_its_own_words(swedish: PlanFile, tmp_path: Path) -> None:
    """A Swedish copy's sheet and column are named as it shows them (Uppföljning,
    Lägesbeskrivning), a bilingual one's in both languages, its cells quoted as Excel does."""
    wb = _copy(swedish, "narpio", "Uppföljning", "Klar")
    assert wb.sheetnames == ["Anvisningar", "Uppföljning", "Sammandrag", "Listor", "Tiedot"]
    wb.create_sheet("Anteckningar")["A1"] = "Ring kommunen"
    last, b = wb["Uppföljning"].max_row, _at(wb["Uppföljning"], "Toimenpide")
    wb["Uppföljning"][f"{b}{last + 2}"] = "Fråga om tidtabellen"
    narpio = tmp_path / "narpio.xlsx"
    wb.save(narpio)
    wb = _copy(swedish, "vaasa", "Seuranta – Uppföljning", "Valmis")
    wb.create_sheet("Muistiinpanot – Anteckningar")
    vaasa_last = wb["Seuranta – Uppföljning"].max_row
    c = _at(wb["Seuranta – Uppföljning"], "Vastuutaho")
    wb["Seuranta – Uppföljning"][f"{c}{vaasa_last + 1}"] = "Kysymys"
    vaasa = tmp_path / "vaasa.xlsx"
    wb.save(vaasa)
    result = collect(swedish, [narpio, vaasa], key=KEY, date=LATER)
    both = "Tilannekuvaus / Lägesbeskrivning"
    assert result.warnings == [
        _below("narpio.xlsx", f"Uppföljning!{b}{last + 2}", f"{b}{last + 2}", last,
               "Lägesbeskrivning"),
        _sheet_added("narpio.xlsx", "Anteckningar", "Uppföljning", "Lägesbeskrivning"),
        _below("vaasa.xlsx", f"'Seuranta – Uppföljning'!{c}{vaasa_last + 1}",
               f"{c}{vaasa_last + 1}", vaasa_last, both),
        _sheet_added("vaasa.xlsx", "Muistiinpanot – Anteckningar", "Seuranta – Uppföljning",
                     both)]
