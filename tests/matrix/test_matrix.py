"""The follow-up matrix writer: layout, ranges from N, protection, text safety, regeneration."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import sys
import zipfile
from copy import copy
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from helpers import KEY, load_module
from yhdyspinta_docs._assets import default_template, example_plan_path
from yhdyspinta_docs.errors import MatrixError
from yhdyspinta_docs.matrix import FollowupData, FollowupRow, Status, read_matrix, write_matrix
from yhdyspinta_docs.matrix._fill import CellLook, _painters
from yhdyspinta_docs.matrix._followup import ARCHIVE_COLUMNS, COLUMNS, INPUT_FIELDS, parse_status
from yhdyspinta_docs.matrix._save import save_workbook
from yhdyspinta_docs.matrix._values import parse_date
from yhdyspinta_docs.plan._loader import load_plan
from yhdyspinta_docs.plan._model import Measure, PlanFile

ROOT = Path(__file__).resolve().parents[2]
WHEN = dt.date(2026, 3, 2)
HEADERS = [c.value for c in load_workbook(default_template("matrix"))["Seuranta"][1]]
"""The bundled template's headers in its order (that order is asserted once, in
test_committed_template_fits_the_contract); elsewhere columns are found by header."""
LAST = get_column_letter(len(COLUMNS))
"""The letter of the last column of the Seuranta sheet (one column per COLUMNS entry)."""


@pytest.fixture(scope="module")
def pf() -> PlanFile:
    return load_plan(example_plan_path())


@pytest.fixture(scope="module")
def coordinator(pf: PlanFile) -> bytes:
    return write_matrix(pf, key=KEY, date=WHEN).data


def _wb(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def _col(ws: Any, header: str) -> str:
    for cell in ws[1]:
        if cell.value == header:
            return str(cell.column_letter)
    raise AssertionError(header)


def _heads(ws: Any) -> dict[str, int]:
    """Column number by header text, from the header row of `ws`."""
    return {str(cell.value): cell.column for cell in ws[1]}


def changed_plan(pf: PlanFile, *, version: str | None = None, drop: tuple[str, ...] = (),
                 titles: dict[str, str] | None = None,
                 responsible: dict[str, tuple[str, ...]] | None = None,
                 add: tuple[Measure, ...] = ()) -> PlanFile:
    """Return `pf` with measures dropped, renamed, re-assigned or added."""
    measures = []
    for m in pf.plan.measures:
        if m.id in drop:
            continue
        update: dict[str, Any] = {}
        if titles and m.id in titles:
            update["title"] = titles[m.id]
        if responsible and m.id in responsible:
            update["responsible"] = responsible[m.id]
        measures.append(m.model_copy(update=update))
    plan = pf.plan.model_copy(update={"measures": (*measures, *add),
                                      "version": version or pf.plan.version})
    return pf.model_copy(update={"plan": plan})


# -- layout ------------------------------------------------------------------------------------


def test_coordinator_matrix_has_a_row_per_measure_and_party(pf: PlanFile,
                                                            coordinator: bytes) -> None:
    ws = _wb(coordinator)["Seuranta"]
    assert [c.value for c in ws[1]] == HEADERS
    keys = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]
    assert len(keys) == 120 == len(set(keys))
    assert "asuminen/jyvaskyla" in keys and "valmiusharjoitus/aanekoski" in keys
    row, heads = keys.index("asuminen/jyvaskyla") + 2, _heads(ws)
    assert ws.cell(row, heads["Toimenpide"]).value == "Asumisen kehittämisen työryhmä"
    assert ws.cell(row, heads["Vastuutaho"]).value == "Jyväskylän kaupunki"


def test_ranges_follow_rows(coordinator: bytes) -> None:
    wb = _wb(coordinator)
    ws = wb["Seuranta"]
    table = ws.tables["Seuranta"]
    assert table.ref == f"A1:{LAST}121" and table.autoFilter.ref == f"A1:{LAST}121"
    assert [c.name for c in table.tableColumns] == HEADERS
    assert all(isinstance(c.value, str) for c in ws[1])
    status, updated = _col(ws, "Tilanne"), _col(ws, "Päivitetty")
    dvs = {dv.type: dv for dv in ws.data_validations.dataValidation}
    assert str(dvs["list"].sqref) == f"{status}2:{status}121"
    assert dvs["list"].formula1.lstrip("=") == "Tilat"
    assert not any('"' in (dv.formula1 or "") for dv in dvs.values())  # no inline list
    assert str(dvs["date"].sqref) == f"{updated}2:{updated}121"
    cf_ranges = [str(cf.sqref) for cf in ws.conditional_formatting]
    assert cf_ranges == [f"{status}2:{status}121"]
    assert ws.print_area == f"'Seuranta'!$A$1:${LAST}$121"
    assert ws.print_title_rows == "$1:$1"
    assert ws.freeze_panes == "A2"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws[f"{_col(ws, 'Tilannekuvaus')}50"].alignment.wrap_text
    assert ws.column_dimensions[_col(ws, "Tilannekuvaus")].width >= 30


def test_status_list_lives_on_a_hidden_sheet_behind_a_name(coordinator: bytes) -> None:
    wb = _wb(coordinator)
    assert wb.sheetnames == ["Ohjeet", "Seuranta", "Yhteenveto", "Luettelot", "Tiedot"]
    assert wb["Luettelot"].sheet_state == "hidden"
    assert [c.value for c in wb["Luettelot"]["A"][1:]] == [s.value for s in Status]
    assert {"Ei aloitettu", "Käynnissä", "Valmis", "Viivästynyt"} <= {s.value for s in Status}
    assert wb.defined_names["Tilat"].attr_text == "Luettelot!$A$2:$A$5"


def test_input_cells_unlocked_everything_else_protected(coordinator: bytes) -> None:
    wb = _wb(coordinator)
    ws = wb["Seuranta"]
    assert ws.protection.sheet and not ws.protection.password
    assert wb.security is not None and wb.security.lockStructure
    by_header = {c.header: c for c in COLUMNS}
    for cell in ws[60]:
        col = by_header[ws.cell(1, cell.column).value]
        assert cell.protection.locked is (col.kind != "input"), col.header
    for name in ("Yhteenveto", "Ohjeet"):
        assert wb[name].protection.sheet


def test_summary_counts_with_live_formulas_and_a_chart(coordinator: bytes) -> None:
    wb = _wb(coordinator)
    ws = wb["Yhteenveto"]
    status, party = _col(wb["Seuranta"], "Tilanne"), _col(wb["Seuranta"], "Vastuutaho")
    labels = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(5, 11)}
    assert labels["Käynnissä"] == f"=COUNTIFS('Seuranta'!${status}$2:${status}$121,A6)"
    assert labels["Yhteensä"] == f"=ROWS('Seuranta'!${status}$2:${status}$121)"
    party_rows = {ws.cell(r, 1).value: r for r in range(24, 48)}
    assert len(party_rows) == 24
    r = party_rows["Jyväskylän kaupunki"]
    assert ws.cell(r, 3).value == (f"=COUNTIFS('Seuranta'!${party}$2:${party}$121,$A{r},"
                                   f"'Seuranta'!${status}$2:${status}$121,C$23)")
    assert len(ws._charts) == 1
    with zipfile.ZipFile(io.BytesIO(coordinator)) as zf:
        drawing = zf.read("xl/drawings/drawing1.xml").decode()
        chart = zf.read("xl/charts/chart1.xml").decode()
    assert 'descr="Pylväskaavio' in drawing
    assert "Rivit tilanteen mukaan" in chart
    # both axes say they are shown (Excel may hide an axis that does not say so)
    for axis in ("catAx", "valAx"):
        part = re.search(rf"<(?:c:)?{axis}>.*?</(?:c:)?{axis}>", chart, re.S)
        assert part and re.search(r'<(?:c:)?delete val="0"\s*/>', part.group(0)), axis


def test_the_summarys_blocks_are_tables_with_their_headers(coordinator: bytes) -> None:
    """Each block of counts is a defined table, its columns named as their header cells, so
    that a screen reader says which status (and which party) a count is for."""
    ws = _wb(coordinator)["Yhteenveto"]
    tables = {t.displayName: t for t in ws.tables.values()}
    assert {name: t.ref for name, t in tables.items()} == {
        "Yhteenveto_tilat": "A4:B10", "Yhteenveto_osapuolet": "A23:G47"}
    for table in tables.values():
        first = ws[table.ref][0]
        assert [c.name for c in table.tableColumns] == [c.value for c in first]
    assert [c.value for c in ws["A4:B4"][0]] == ["Tilanne", "Rivejä"]


def test_instructions_and_metadata(pf: PlanFile) -> None:
    data = write_matrix(pf, key=KEY, party="muurame", period="2026", date=WHEN).data
    wb = _wb(data)
    text = "\n".join(str(c.value) for c in wb["Ohjeet"]["A"] if c.value)
    assert "Muuramen kunta" in text and "Seurantakausi: 2026" in text and "{" not in text
    meta = wb["Tiedot"]
    assert meta.sheet_state == "veryHidden"
    values = {meta.cell(r, 1).value: meta.cell(r, 2).value for r in range(1, 10)}
    assert values["plan_id"] == "keski-suomi-2026" and values["plan_version"] == "1"
    assert values["recipient"] == "muurame" and values["period"] == "2026"
    assert values["template_version"] == "2" and len(values["signature"]) == 64
    assert KEY.hex() not in "\n".join(str(c.value) for row in meta.iter_rows() for c in row)
    assert [meta.cell(11, c).value for c in range(1, 7)] == ["key", *INPUT_FIELDS]
    assert meta.cell(12, 1).value == "asuminen/muurame" and meta.max_row == 16


def test_base_table_stores_only_values_sent(pf: PlanFile, tmp_path: Path) -> None:
    """The base table on Tiedot has a cell for every value sent and none for an empty one;
    both read back as the rows sent (an empty value as empty)."""
    fresh = _wb(write_matrix(pf, key=KEY, party="muurame", date=WHEN).data)["Tiedot"]
    assert [fresh.cell(12, c).value for c in range(1, 7)] == ["asuminen/muurame", *[None] * 5]
    assert all(fresh.cell(r, 1).value and fresh.cell(r, c).value is None
               for r in range(12, 17) for c in range(2, 7))
    previous = _entries(pf)
    again = write_matrix(pf, key=KEY, previous=previous, party="jyvaskyla", period="2027",
                         date=dt.date(2027, 3, 1))
    meta = _wb(again.data)["Tiedot"]
    row = next(r for r in range(12, meta.max_row + 1)
               if meta.cell(r, 1).value == "asuminen/jyvaskyla")
    assert [meta.cell(row, c).value for c in range(2, 7)] == [
        "Käynnissä", "asuminen jyvaskyla", None, "2026-06-01", "Liisa"]
    path = tmp_path / "copy.xlsx"
    path.write_bytes(again.data)
    read = read_matrix(path, pf, key=KEY)
    assert read.row("asuminen/jyvaskyla") == again.followup.row("asuminen/jyvaskyla")


def test_party_copy_has_only_its_own_rows(pf: PlanFile) -> None:
    ws = _wb(write_matrix(pf, key=KEY, party="jyvaskyla", date=WHEN).data)["Seuranta"]
    keys = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]
    assert keys == [f"{m.id}/jyvaskyla" for m in pf.plan.measures]
    assert ws.tables["Seuranta"].ref == f"A1:{LAST}6"


def test_unknown_party_is_a_clear_error(pf: PlanFile) -> None:
    with pytest.raises(MatrixError, match="unknown party 'jyvaskylä'"):
        write_matrix(pf, key=KEY, party="jyvaskylä", date=WHEN)


def test_workbook_properties_and_deterministic_bytes(pf: PlanFile, coordinator: bytes) -> None:
    assert write_matrix(pf, key=KEY, date=WHEN).data == coordinator
    assert write_matrix(pf, key=KEY, date=dt.date(2026, 3, 3)).data != coordinator
    wb = _wb(coordinator)
    assert wb.properties.title.startswith("Seurantamatriisi 2026: Keski-Suomen")
    assert wb.properties.language == "fi-FI"
    with zipfile.ZipFile(io.BytesIO(coordinator)) as zf:
        core = zf.read("docProps/core.xml").decode()
        app = zf.read("docProps/app.xml").decode()
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert core.count("2026-03-02T00:00:00Z") == 2
    # the application is this program, as in the Word documents, never the library and its
    # version (a library upgrade would change the bytes)
    assert "<Application>yhdyspinta-docs</Application>" in app
    assert "penpyxl" not in app and "AppVersion" not in app


# -- text safety -------------------------------------------------------------------------------

NASTY = ['=HYPERLINK("http://x","klick")', "+1+1", "-1+1", "@SUM(1)"]


def test_formula_looking_text_stays_text(pf: PlanFile) -> None:
    ids = [m.id for m in pf.plan.measures]
    pf = changed_plan(pf, titles={ids[0]: NASTY[0], ids[2]: NASTY[1], ids[3]: NASTY[2],
                                  ids[4]: NASTY[3]})
    previous = FollowupData(plan_id=pf.plan.id, plan_version="1", rows=[FollowupRow.from_key(
        "vuorovaikutus/joutsa", description="=1+1", contact="-Matti\x07")])
    data = write_matrix(pf, key=KEY, previous=previous, date=WHEN).data
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheet = zf.read("xl/worksheets/sheet2.xml").decode()
    assert "<f>" not in sheet
    ws = _wb(data)["Seuranta"]
    heads = _heads(ws)
    measure, description, contact = (heads[h] for h in ("Toimenpide", "Tilannekuvaus",
                                                         "Yhteyshenkilö"))
    titles = {ws.cell(r, measure).value for r in range(2, ws.max_row + 1)}
    assert set(NASTY) <= titles
    row = next(r for r in range(2, 122) if ws.cell(r, measure).value == NASTY[0])
    assert ws.cell(row, measure).quotePrefix and ws.cell(row, measure).data_type == "s"
    row = next(r for r in range(2, 122) if ws.cell(r, 1).value == "vuorovaikutus/joutsa")
    assert ws.cell(row, description).value == "=1+1" and ws.cell(row, contact).value == "-Matti"


def test_text_longer_than_a_cell_is_refused(pf: PlanFile) -> None:
    with pytest.raises(ValueError, match="40000 characters"):
        FollowupRow.from_key("asuminen/joutsa", description="x" * 40000)
    row = FollowupRow.from_key("asuminen/joutsa").model_construct(
        key="asuminen/joutsa", measure_id="asuminen", party_id="joutsa", description="x" * 40000)
    previous = FollowupData(plan_id=pf.plan.id, plan_version="1", rows=[row])
    with pytest.raises(MatrixError, match="does not fit in a cell"):
        write_matrix(pf, key=KEY, previous=previous, date=WHEN)


def test_typed_values_are_normalised() -> None:
    assert parse_status(" käynnissä\u00a0") is Status.IN_PROGRESS
    assert parse_status("VIIVÄSTYNYT") is Status.DELAYED
    assert parse_status("Kaynnissa") is Status.IN_PROGRESS
    assert parse_status("  ") is None
    with pytest.raises(ValueError, match="expected one of Ei aloitettu"):
        parse_status("Kesken")
    for raw in ("1.7.2026", "01.07.2026", "1.7.26", "2026-07-01", 46204, 46204.0,
                dt.datetime(2026, 7, 1), dt.date(2026, 7, 1), " 1.7.2026\u00a0"):
        assert parse_date(raw) == dt.date(2026, 7, 1), raw
    assert parse_date(44742, epoch_1904=True) == dt.date(2026, 7, 1)
    for bad in ("32.7.2026", "heinäkuu", "1.7.1926", 46204.5, True):
        with pytest.raises(ValueError, match="date"):
            parse_date(bad)


# -- regeneration ------------------------------------------------------------------------------


def _entries(pf: PlanFile) -> FollowupData:
    rows = [FollowupRow.from_key(f"{m.id}/{p.id}", status="Käynnissä", description=f"{m.id} {p.id}",
                                 updated=dt.date(2026, 6, 1), contact="Liisa")
            for m in pf.plan.measures for p in pf.responsible_parties(m)]
    old = FollowupRow.from_key("vanha/joutsa", description="2025 merkintä",
                               archived_on=dt.date(2025, 9, 1), archive_reason="Poistui")
    return FollowupData(plan_id=pf.plan.id, plan_version="1", period="2026", rows=rows,
                        archived_rows=[old])


def test_regenerate_changed_plan_carries_entries_by_key(pf: PlanFile, tmp_path: Path) -> None:
    previous = _entries(pf)
    changed = changed_plan(
        pf, version="2", drop=("tietopohja",),
        titles={"asuminen": "Asumisen työryhmä (uusi nimi)"},
        responsible={"edunvalvonta": ("hyvinvointialue", "maakuntaliitto")},
        add=(Measure.model_validate({"tunnus": "uusi", "otsikko": "Uusi toimenpide",
                                     "vastuutahot": ["jyvaskyla"]}),))
    result = write_matrix(changed, key=KEY, previous=previous, period="2027",
                          date=dt.date(2027, 3, 1))
    wb = _wb(result.data)
    ws = wb["Seuranta"]
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    assert len(rows) == 24 * 3 + 2 + 1 and ws.tables["Seuranta"].ref == f"A1:{LAST}{len(rows) + 1}"
    r, heads = rows["asuminen/jyvaskyla"], _heads(ws)
    assert ws.cell(r, heads["Toimenpide"]).value == "Asumisen työryhmä (uusi nimi)"
    assert [ws.cell(r, heads[h]).value for h in ("Tilanne", "Tilannekuvaus", "Yhteyshenkilö")
            ] == ["Käynnissä", "asuminen jyvaskyla", "Liisa"]
    assert ws.cell(r, heads["Päivitetty"]).value == dt.datetime(2026, 6, 1)
    assert ws.cell(rows["uusi/jyvaskyla"], heads["Tilannekuvaus"]).value is None
    archived = {(a.key, a.archive_reason) for a in result.archived}
    assert len(result.archived) == 24 + 22
    assert ("tietopohja/joutsa", "Toimenpide ei ole enää suunnitelmassa") in archived
    assert ("edunvalvonta/jyvaskyla", "Vastuutaho ei enää vastaa toimenpiteestä") in archived
    arch = wb["Arkisto"]
    keys = [arch.cell(r, 1).value for r in range(2, arch.max_row + 1)]
    assert "vanha/joutsa" in keys and "tietopohja/joutsa" in keys and len(keys) == 47
    assert arch.tables["Arkisto"].ref == f"A1:{get_column_letter(len(ARCHIVE_COLUMNS))}48"
    # the archive survives the next round trip through a file
    path = tmp_path / "2027.xlsx"
    path.write_bytes(result.data)
    again = read_matrix(path, changed, key=KEY)
    assert len(again.archived_rows) == 47 and again.period == "2027"
    entry = next(a for a in again.archived_rows if a.key == "tietopohja/joutsa")
    assert entry.description == "tietopohja joutsa" and entry.archived_on == dt.date(2027, 3, 1)
    assert again.row("asuminen/jyvaskyla") == result.followup.row("asuminen/jyvaskyla")


def test_previous_of_another_plan_is_refused(pf: PlanFile) -> None:
    with pytest.raises(MatrixError, match="of plan 'muu'"):
        write_matrix(pf, key=KEY, previous=FollowupData(plan_id="muu", plan_version="1"), date=WHEN)


def test_party_copy_with_previous_archives_only_its_entries(pf: PlanFile) -> None:
    changed = changed_plan(pf, drop=("tietopohja",))
    result = write_matrix(changed, key=KEY, party="joutsa", previous=_entries(pf), date=WHEN)
    assert [a.key for a in result.archived] == ["tietopohja/joutsa"]
    assert result.followup.archived_rows[0].key == "vanha/joutsa"


# -- the template ------------------------------------------------------------------------------


def _make_template_module() -> Any:
    return load_module("make_matrix_template", ROOT / "tools" / "make_matrix_template.py")


def test_committed_template_fits_the_contract() -> None:
    path = default_template("matrix")
    assert path.is_file()
    wb = load_workbook(path)
    # the one place the columns' order is asserted: the template script writes them in the
    # order of COLUMNS; every other test finds a column by its header
    assert [c.value for c in wb["Seuranta"][1]] == [c.header for c in COLUMNS]
    assert wb["Tiedot"].sheet_state == "veryHidden"
    assert "Tilat" in wb.defined_names
    styles = set(wb.named_styles)
    assert {"YP Otsikko", "YP Sarakeotsikko", "YP Teksti", "YP Luku"} <= styles


def test_template_script_is_reproducible() -> None:
    module = _make_template_module()
    assert module.build_template() == module.build_template()


def test_restyled_template_with_reordered_columns(pf: PlanFile, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    module = _make_template_module()
    first = ("status", "key", "description", "measure", "party", "contact", "updated",
             "next_steps")  # then the other columns, in their order
    order = ([next(c for c in COLUMNS if c.field == f) for f in first]
             + [c for c in COLUMNS if c.field not in first])
    at = {c.field: get_column_letter(i) for i, c in enumerate(order, 1)}
    monkeypatch.setattr(module, "COLUMNS", tuple(order))
    template = tmp_path / "restyled.xlsx"
    template.write_bytes(module.build_template())
    data = write_matrix(pf, key=KEY, party="joutsa", template=template, date=WHEN).data
    ws = _wb(data)["Seuranta"]
    assert [c.value for c in ws[1]] == [c.header for c in order]
    key, measure, status = at["key"], at["measure"], at["status"]
    assert ws[f"{key}2"].value == "asuminen/joutsa"
    assert ws[f"{measure}2"].value.startswith("Asumisen")
    assert str(ws.data_validations.dataValidation[0].sqref) == f"{status}2:{status}6"
    summary = _wb(data)["Yhteenveto"]
    assert summary["B6"].value == f"=COUNTIFS('Seuranta'!${status}$2:${status}$6,A6)"
    out = tmp_path / "joutsa.xlsx"
    out.write_bytes(data)
    assert len(read_matrix(out, pf, key=KEY).rows) == 5


ROW_STYLES = {"YP Tunnus", "YP Lukittu", "YP Lukittu päivämäärä", "YP Syöte",
              "YP Syöte päivämäärä"}


def _look(cell: Any) -> tuple[object, ...]:
    """A cell's look as comparable values (copies: openpyxl's proxies never compare equal)."""
    return (copy(cell.font), copy(cell.fill), copy(cell.border), copy(cell.alignment),
            cell.number_format, copy(cell.protection), cell.quotePrefix)


def test_style_row_of_the_bundled_template_is_named_styles_only() -> None:
    wb = load_workbook(default_template("matrix"))
    for sheet in ("Seuranta", "Arkisto"):
        ws = wb[sheet]
        for cell in ws[2]:
            assert cell.style in ROW_STYLES, (sheet, cell.coordinate, cell.style)
            assert CellLook.of(cell) == CellLook.of_style(ws, cell.style), (sheet, cell.coordinate)
    seuranta = wb["Seuranta"]
    assert seuranta[f"{_col(seuranta, 'Päivitetty')}2"].style == "YP Syöte päivämäärä"
    assert seuranta[f"{_col(seuranta, 'Tunnus')}2"].style == "YP Tunnus"
    assert wb["Arkisto"][f"{_col(wb['Arkisto'], 'Arkistoitu')}2"].style == "YP Lukittu päivämäärä"


def test_rows_get_the_named_styles_of_the_style_row(pf: PlanFile) -> None:
    changed = changed_plan(pf, drop=("tietopohja",))
    wb = _wb(write_matrix(changed, key=KEY, previous=_entries(pf), date=WHEN).data)
    for sheet in ("Seuranta", "Arkisto"):
        ws = wb[sheet]
        assert ws.max_row > 3
        for column in ws.iter_cols(min_row=2, max_row=ws.max_row):
            assert len({c.style for c in column}) == 1, (sheet, column[0].coordinate)
            assert all(_look(c) == _look(column[0]) for c in column), column[0].coordinate
    ws = wb["Seuranta"]
    updated = ws[f"{_col(ws, 'Päivitetty')}{ws.max_row}"]
    assert updated.style == "YP Syöte päivämäärä" and updated.number_format == "d.m.yyyy"
    assert updated.protection.locked is False and updated.fill.fgColor.rgb == "00FFF8DC"
    key = ws[f"{_col(ws, 'Tunnus')}{ws.max_row}"]
    assert key.style == "YP Tunnus" and key.protection.locked is True
    archived = wb["Arkisto"][f"{_col(wb['Arkisto'], 'Arkistoitu')}{wb['Arkisto'].max_row}"]
    assert archived.number_format == "d.m.yyyy" and archived.protection.locked is True
    # the columns a party types text into are Text (@): Excel and Calc keep what is typed, a
    # phone number's leading 0 (0401234567), "50 %" or "1/2", instead of making it a number
    for header in ("Tilanne", "Tilannekuvaus", "Seuraavat toimenpiteet", "Yhteyshenkilö"):
        typed = ws[f"{_col(ws, header)}{ws.max_row}"]
        assert typed.number_format == "@" and typed.protection.locked is False, header


def test_style_row_with_its_own_formatting_is_copied(pf: PlanFile, tmp_path: Path) -> None:
    wb = load_workbook(default_template("matrix"))
    ws = wb["Seuranta"]
    description = ws[f"{_col(ws, 'Tilannekuvaus')}2"]
    description.fill = PatternFill("solid", fgColor="FFC7CE")
    description.font = Font(name="Arial", bold=True)
    updated = ws[f"{_col(ws, 'Päivitetty')}2"]
    updated.number_format = "yyyy-mm-dd"
    measure = ws[f"{_col(ws, 'Toimenpide')}2"]
    measure.protection = Protection(locked=True, hidden=True)
    template = tmp_path / "restyled.xlsx"
    template.write_bytes(save_workbook(wb, WHEN))
    painters = _painters(load_workbook(template)["Seuranta"], range(1, len(COLUMNS) + 1))
    slow = {c for c, p in painters.items() if getattr(p, "__name__", "") == "apply"}
    assert slow == {description.column, updated.column, measure.column}
    out = _wb(write_matrix(pf, key=KEY, template=template, date=WHEN).data)["Seuranta"]
    last = out.max_row
    assert last > 40
    for r in (2, 3, last):
        cell = out.cell(r, description.column)
        assert cell.fill.fgColor.rgb == "00FFC7CE" and cell.font.b and cell.font.name == "Arial"
        assert cell.protection.locked is False and cell.style == "YP Syöte"
        assert out.cell(r, updated.column).number_format == "yyyy-mm-dd"
        assert out.cell(r, updated.column).protection.locked is False
        assert out.cell(r, measure.column).protection.hidden is True
        assert out.cell(r, 1).style == "YP Tunnus"  # an untouched column: the named style
    rows = range(2, last + 1)
    for column in (description.column, updated.column, measure.column, 1):
        assert all(_look(out.cell(r, column)) == _look(out.cell(2, column)) for r in rows)


@pytest.mark.libreoffice
def test_libreoffice_renders_the_matrix(pf: PlanFile, tmp_path: Path) -> None:
    src = tmp_path / "jyvaskyla.xlsx"
    src.write_bytes(write_matrix(pf, key=KEY, party="jyvaskyla", date=WHEN).data)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "jyvaskyla.pdf"
    assert pdf.is_file() and pdf.stat().st_size > 5000
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "Seurantamatriisin täyttöohje" in text and "asuminen/jyvaskyla" in text
        assert re.search(r"Yhteenveto", text)


def test_no_print_or_exit_in_library(capsys: pytest.CaptureFixture[str], pf: PlanFile) -> None:
    write_matrix(pf, key=KEY, party="joutsa", date=WHEN)
    assert capsys.readouterr() == ("", "")
    assert "sys" not in sys.modules["yhdyspinta_docs.matrix._write"].__dict__


def test_status_list_validation_and_print_margins_as_excel_expects(pf: PlanFile) -> None:
    """The status list's validation names the defined name without "=" (Excel's own form;
    with "=" older Excel versions report unreadable content), and the printed header and
    footer stand clear of the table."""
    data = write_matrix(pf, key=KEY, party="joutsa", date=WHEN).data
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        sheets = {name: package.read(name).decode("utf-8") for name in package.namelist()
                  if name.startswith("xl/worksheets/sheet")}
    formulas = [f for xml in sheets.values() for f in re.findall(r"<formula1>([^<]*)<", xml)]
    assert "Tilat" in formulas
    assert not any(f.startswith("=") for f in formulas)
    ws = _wb(data)["Seuranta"]
    margins = ws.page_margins
    assert margins.header < margins.top - 0.3 and margins.footer < margins.bottom - 0.3
