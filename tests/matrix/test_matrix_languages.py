"""The matrix's words: Swedish statuses read, a party's languages in the plan, instructions
per round that promise only what the protection allows, rows that grow, locked cells warned.

(The whole bilingual round, with LibreOffice re-saves, is tests/matrix/test_swedish_round.py.)
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from helpers import KEY, column_letter
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.errors import MatrixError, PlanError
from yhdyspinta_docs.matrix import (
    FollowupData,
    FollowupRow,
    Status,
    collect,
    read_matrix,
    resolve,
    write_matrix,
)
from yhdyspinta_docs.matrix._followup import COLUMNS, parse_status
from yhdyspinta_docs.plan import PlanFile, load_plan, parse_plan
from yhdyspinta_docs.plan._fields import Lang

ROOT = Path(__file__).resolve().parents[2]
BILINGUAL = ROOT / "examples" / "pohjanmaa" / "plan.yaml"
WHEN = dt.date(2026, 3, 2)
LATER = dt.date(2026, 9, 15)
SWEDISH = {"Tunnus": "Kod", "Toimenpide": "Åtgärd", "Vastuutaho": "Ansvarig part",
           "Aikataulu": "Tidtabell", "Mittari": "Mätare", "Tilanne": "Läge",
           "Tilannekuvaus": "Lägesbeskrivning", "Seuraavat toimenpiteet": "Nästa steg",
           "Päivitetty": "Uppdaterad", "Yhteyshenkilö": "Kontaktperson"}
"""The header of each column (Finnish) in a Swedish copy."""
MEASURE, PARTY, SCHEDULE, INDICATORS, STATUS, UPDATED = (column_letter(h) for h in (
    "Toimenpide", "Vastuutaho", "Aikataulu", "Mittari", "Tilanne", "Päivitetty"))
"""Where the bundled template, and so every matrix written here, has these columns."""


@pytest.fixture(scope="module")
def pf() -> PlanFile:
    return load_plan(example_plan_path())


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory) -> PlanFile:
    text = BILINGUAL.read_text("utf-8").replace("  - tunnus: narpio\n",
                                                "  - tunnus: narpio\n    kielet: sv\n")
    path = tmp_path_factory.mktemp("plan") / "plan.yaml"
    path.write_text(text, "utf-8")
    return load_plan(path)


def _help_text(data: bytes) -> str:
    wb = load_workbook(io.BytesIO(data))
    ws = next(wb[n] for n in wb.sheetnames if n.startswith(("Ohjeet", "Anvisningar")))
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)


# -- statuses ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "status"), [
    ("pågår", Status.IN_PROGRESS), (" Pågår ", Status.IN_PROGRESS), ("PÅGÅR", Status.IN_PROGRESS),
    ("pagar", Status.IN_PROGRESS), ("Inte  påbörjad", Status.NOT_STARTED),
    ("klar", Status.DONE), ("FÖRSENAD\u00a0", Status.DELAYED),
    ("Käynnissä / Pågår", Status.IN_PROGRESS), ("valmis / klar", Status.DONE),
    ("Viivästynyt", Status.DELAYED),
    # the bilingual form typed without the spaces around the slash
    ("Käynnissä/Pågår", Status.IN_PROGRESS), ("Klar/Valmis", Status.DONE),
    ("viivästynyt /försenad", Status.DELAYED),
])
def test_statuses_are_read_in_finnish_swedish_and_both(typed: str, status: Status) -> None:
    assert parse_status(typed) is status


def test_an_unknown_status_lists_both_languages() -> None:
    with pytest.raises(ValueError, match=r"'Kanske' is not a status; expected one of Ei "
                       r"aloitettu, Käynnissä, Valmis, Viivästynyt \(in Swedish Inte påbörjad, "
                       r"Pågår, Klar, Försenad\); choose from the list"):
        parse_status("Kanske")


@pytest.mark.parametrize("typed", ["Ei merkintää", " ingen anteckning ", "EI MERKINTAA"])
def test_the_summarys_word_for_no_status_is_told_to_be_left_empty(typed: str) -> None:
    """The summary counts rows without a status as "Ei merkintää"; a party that types it
    is told to leave the cell empty, not only that it is no status."""
    with pytest.raises(ValueError, match=r"is what the summary calls a row without a status, "
                       r"not a status: leave the cell empty for no status"):
        parse_status(typed)


# -- a party's languages in the plan -----------------------------------------------------------


def _plan_error(source: str) -> str:
    with pytest.raises(PlanError) as info:
        parse_plan(source)
    return str(info.value)


def test_party_language_outside_the_plans_languages_names_file_line_and_field(
        example_source: str) -> None:
    src = example_source.replace("  - tunnus: joutsa\n", "  - tunnus: joutsa\n    kielet: sv\n")
    assert src != example_source
    line = src[: src.index("kielet: sv")].count("\n") + 1
    index = load_plan(example_plan_path()).parties.index(
        next(p for p in load_plan(example_plan_path()).parties if p.id == "joutsa"))
    text = _plan_error(src)
    assert f"plan.yaml:{line} osapuolet[{index}].kielet[0]: language 'sv' is not among the " \
           "plan's kielet (fi)" in text


def test_party_language_must_be_fi_or_sv(example_source: str) -> None:
    src = example_source.replace("  - tunnus: joutsa\n", "  - tunnus: joutsa\n    kielet: [de]\n")
    line = src[: src.index("kielet: [de]")].count("\n") + 1
    text = _plan_error(src)
    assert f"plan.yaml:{line}" in text and "kielet" in text and "'fi'" in text


def test_party_language_listed_twice(example_source: str) -> None:
    src = example_source.replace("  - tunnus: joutsa\n",
                                 "  - tunnus: joutsa\n    kielet: [fi, fi]\n")
    assert "language 'fi' is listed twice" in _plan_error(src)


def test_party_languages_and_their_default(bilingual: PlanFile) -> None:
    narpio, vaasa = bilingual.party("narpio"), bilingual.party("vaasa")
    assert narpio is not None and narpio.languages == ("sv",)
    assert vaasa is not None and vaasa.languages is None
    names = load_workbook(io.BytesIO(write_matrix(bilingual, key=KEY, party="vaasa",
                                                  date=WHEN).data)).sheetnames
    assert names[:2] == ["Ohjeet – Anvisningar", "Seuranta – Uppföljning"]


def test_matrix_in_a_language_the_plan_has_no_texts_in_is_refused(pf: PlanFile) -> None:
    with pytest.raises(PlanError, match=r"texts missing \(\d+ in 'sv'\); documents are not made "
                       r"in mixed languages") as info:
        write_matrix(pf, key=KEY, party="joutsa", langs=("sv",))
    # the same message as a build's: every missing text named with file and line
    assert re.search(r"plan\.yaml:\d+ alue: no 'sv' text", str(info.value)), str(info.value)


# -- the Swedish and the bilingual workbook ----------------------------------------------------


def test_swedish_copy_is_swedish_throughout(bilingual: PlanFile) -> None:
    wb = load_workbook(io.BytesIO(write_matrix(bilingual, key=KEY, party="narpio",
                                               date=WHEN).data))
    assert wb.sheetnames == ["Anvisningar", "Uppföljning", "Sammandrag", "Listor", "Tiedot"]
    ws = wb["Uppföljning"]
    # every column headed in Swedish where the template has it, and no other column
    assert {fi: ws[f"{column_letter(fi)}1"].value for fi in SWEDISH} == SWEDISH
    assert ws.max_column == len(SWEDISH)
    assert ws[f"{PARTY}2"].value == "Närpes stad"
    assert ws[f"{MEASURE}2"].value == "Gemensam välfärdsberättelse och välfärdsplan"
    assert [c.value for c in wb["Listor"]["A"][:5]] == [
        "Läge", "Inte påbörjad", "Pågår", "Klar", "Försenad"]
    assert wb.defined_names["Tilat"].attr_text == "Listor!$A$2:$A$5"
    assert [dv.formula1 for dv in ws.data_validations.dataValidation][0] == "Tilat"
    colours = [r.formula for cf in ws.conditional_formatting for r in cf.rules]
    assert colours == [['"Försenad"'], ['"Klar"']]
    summary = wb["Sammandrag"]
    assert [summary.cell(r, 1).value for r in range(4, 11)] == [
        "Läge", "Inte påbörjad", "Pågår", "Klar", "Försenad", "Ingen anteckning", "Totalt"]
    help_text = _help_text(write_matrix(bilingual, key=KEY, party="narpio", date=WHEN).data)
    assert "Öppna fliken Uppföljning" in help_text and "Närpes stad" in help_text
    assert "Välj Läge i listan: Inte påbörjad, Pågår, Klar eller Försenad." in help_text
    assert not re.search(r"\b(välilehti|Seuranta|Tilanne)\b", help_text)
    assert wb.properties.language == "sv-FI"
    assert wb.properties.title.startswith("Uppföljningsmatris 2026: Österbottens")
    assert wb["Uppföljning"].oddFooter.right.text == "Sida &P / &N"


def test_bilingual_copy_shows_both_languages(bilingual: PlanFile) -> None:
    data = write_matrix(bilingual, key=KEY, party="vaasa", date=WHEN).data
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Seuranta – Uppföljning"]
    assert ws[f"{STATUS}1"].value == "Tilanne / Läge"
    assert ws[f"{PARTY}2"].value == "Vaasan kaupunki / Vasa stad"
    assert [c.value for c in wb["Luettelot – Listor"]["A"][1:5]] == [
        "Ei aloitettu / Inte påbörjad", "Käynnissä / Pågår", "Valmis / Klar",
        "Viivästynyt / Försenad"]
    first = wb.worksheets[0]["A1"].value
    assert first == "Seurantamatriisin täyttöohje\nAnvisning för ifyllning av uppföljningsmatrisen"


# -- instructions per round and the protection they describe -----------------------------------


def test_first_round_instructions_mention_only_the_sheets_the_copy_has(pf: PlanFile) -> None:
    data = write_matrix(pf, key=KEY, party="joutsa", date=WHEN).data
    assert load_workbook(io.BytesIO(data)).sheetnames == [
        "Ohjeet", "Seuranta", "Yhteenveto", "Luettelot", "Tiedot"]
    text = _help_text(data)
    assert "Yhteenveto" in text
    assert "Arkisto" not in text and "Ristiriidat" not in text


def test_instructions_mention_the_archive_when_the_copy_has_one(pf: PlanFile) -> None:
    gone = FollowupRow.from_key("poistettu/joutsa", status="Valmis", measure="Vanha",
                                party="Joutsan kunta")
    previous = FollowupData(plan_id=pf.plan.id, plan_version=pf.plan.version, rows=[gone])
    data = write_matrix(pf, key=KEY, party="joutsa", previous=previous, date=WHEN).data
    assert "Arkisto" in load_workbook(io.BytesIO(data)).sheetnames
    text = _help_text(data)
    assert "Välilehdellä Arkisto ovat aiemmat merkinnät" in text
    assert "Ristiriidat" not in text


def _conflicting_files(pf: PlanFile, tmp: Path, party: str, langs: tuple[Lang, ...] | None,
                       sheet: str, header: str,
                       values: tuple[str, str] = ("Ensimmäinen", "Toinen")) -> list[Path]:
    out = []
    for name, who, value in (("a.xlsx", party, values[0]), ("b.xlsx", None, values[1])):
        result = write_matrix(pf, key=KEY, party=who, date=WHEN, langs=langs)
        wb = load_workbook(io.BytesIO(result.data))
        ws = wb[sheet]
        col = next(c.column for c in ws[1] if c.value == header)
        row = next(r for r in range(2, ws.max_row + 1)
                   if str(ws.cell(r, 1).value).endswith(f"/{party}"))
        ws.cell(row, col).value = value
        wb.save(tmp / name)
        out.append(tmp / name)
    return out


def test_instructions_mention_the_conflicts_when_the_file_has_them(pf: PlanFile,
                                                                   tmp_path: Path) -> None:
    files = _conflicting_files(pf, tmp_path, "joutsa", None, "Seuranta", "Tilannekuvaus")
    result = collect(pf, files, key=KEY, date=LATER, allow_combined=True)
    assert len(result.conflicts) == 1
    text = _help_text(result.workbook)
    assert "Välilehdellä Ristiriidat ovat solut" in text and "Arkisto" not in text


def test_conflicts_in_a_swedish_merged_matrix_are_in_swedish_and_resolve(
        bilingual: PlanFile, tmp_path: Path) -> None:
    files = _conflicting_files(bilingual, tmp_path, "narpio", ("sv",), "Uppföljning",
                               "Lägesbeskrivning")
    result = collect(bilingual, files, key=KEY, date=LATER, allow_combined=True,
                     langs=("sv",))
    assert len(result.conflicts) == 1
    wb = load_workbook(io.BytesIO(result.workbook))
    assert wb.sheetnames[0] == "Konflikter"
    ws = wb["Konflikter"]
    assert str(ws["A1"].value).startswith("1 olöst konflikt: se fliken Konflikter. Skriv i "
                                          "kolumnen Val")
    assert [c.value for c in ws[3]] == ["Kod", "Kolumn", "Skickat värde", "Nr", "Fil", "Cell",
                                        "Värde", "Val", "Gäller"]
    assert ws["B4"].value == "Lägesbeskrivning"
    assert "Välilehdellä" not in _help_text(result.workbook)
    assert "På fliken Konflikter finns celler" in _help_text(result.workbook)
    ws["H4"] = 2  # Val: the second value
    merged = tmp_path / "sammanstalld.xlsx"
    wb.save(merged)
    done = resolve(bilingual, merged, key=KEY, date=LATER)
    row = done.data.row("hyvinvointikertomus/narpio")
    assert row is not None and row.description == "Toinen"
    after = load_workbook(io.BytesIO(done.workbook))
    assert "Konflikter" in after.sheetnames and "Uppföljning" in after.sheetnames
    assert str(after["Konflikter"]["A1"].value).startswith("Konflikterna är lösta.")


def test_a_status_conflict_in_a_swedish_merged_matrix_shows_swedish_statuses(
        bilingual: PlanFile, tmp_path: Path) -> None:
    files = _conflicting_files(bilingual, tmp_path, "narpio", ("sv",), "Uppföljning", "Läge",
                               ("Klar", "Försenad"))
    result = collect(bilingual, files, key=KEY, date=LATER, allow_combined=True,
                     langs=("sv",))
    ws = load_workbook(io.BytesIO(result.workbook))["Konflikter"]
    assert [(ws.cell(r, 2).value, ws.cell(r, 7).value) for r in (4, 5)] == [
        ("Läge", "Klar"), ("Läge", "Försenad")]
    ws.parent["Konflikter"]["H4"] = 2
    merged = tmp_path / "sammanstalld.xlsx"
    ws.parent.save(merged)
    done = resolve(bilingual, merged, key=KEY, date=LATER)
    row = done.data.row("hyvinvointikertomus/narpio")
    assert row is not None and row.status is Status.DELAYED
    after = load_workbook(io.BytesIO(done.workbook))["Konflikter"]
    assert [(after.cell(r, 7).value, after.cell(r, 9).value) for r in (4, 5)] == [
        ("Klar", None), ("Försenad", "✓")]


def _xml(data: bytes, prefix: str) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n).decode() for n in zf.namelist() if n.startswith(prefix)}


def test_protection_allows_what_the_instructions_promise(pf: PlanFile) -> None:
    data = write_matrix(pf, key=KEY, party="joutsa", date=WHEN).data
    sheets = _xml(data, "xl/worksheets/sheet")
    for part in sheets.values():
        found = re.search(r"<sheetProtection [^>]*/>", part)
        assert found is not None
        flags = dict(re.findall(r'(\w+)="(\d)"', found.group(0)))
        # OOXML: "1" means protected, "0" allowed
        assert flags["sheet"] == "1"
        assert (flags["autoFilter"], flags["formatColumns"], flags["formatRows"]) == ("0",) * 3
        assert (flags["sort"], flags["insertRows"], flags["deleteRows"]) == ("1",) * 3
    book = _xml(data, "xl/workbook.xml")["xl/workbook.xml"]
    assert re.search(r'<workbookProtection [^>]*lockStructure="1"', book)
    text = _help_text(data)
    assert "Voit suodattaa rivejä sekä leventää, kaventaa ja piilottaa sarakkeita." in text
    assert "eikä rivejä tai välilehtiä voi lisätä tai poistaa" in text
    assert "lajitella" not in text and "oman välilehden" not in text


# -- rows that grow ----------------------------------------------------------------------------


def test_no_row_height_is_fixed_and_input_cells_wrap(bilingual: PlanFile) -> None:
    data = write_matrix(bilingual, key=KEY, party="narpio", date=WHEN).data
    for name, part in _xml(data, "xl/worksheets/sheet").items():
        assert "customHeight" not in part, name
    rows = re.findall(r'<row r="(\d+)"([^>]*)>', _xml(data, "xl/worksheets/sheet2.xml")[
        "xl/worksheets/sheet2.xml"])
    assert any('ht="' in attrs for _, attrs in rows)  # a first height, automatic
    ws = load_workbook(io.BytesIO(data))["Uppföljning"]
    for col in (column_letter(c.header) for c in COLUMNS if c.kind == "input"):
        assert ws[f"{col}2"].alignment.wrap_text and ws[f"{col}3"].alignment.wrap_text


# -- locked cells changed in a returned file ---------------------------------------------------


def test_collect_warns_about_changed_locked_cells_and_applies_nothing_of_them(
        pf: PlanFile, tmp_path: Path) -> None:
    sent = write_matrix(pf, key=KEY, party="joutsa", date=WHEN)
    wb = load_workbook(io.BytesIO(sent.data))
    ws = wb["Seuranta"]
    ws.protection.sheet = False  # what a user can do: the protection has no password
    cols = {c.value: c.column for c in ws[1]}
    first = sent.followup.rows[0]
    ws.cell(2, cols["Aikataulu"]).value = "2030"
    ws.cell(2, cols["Mittari"]).value = "Oma mittari"
    ws.cell(2, cols["Toimenpide"]).value = "Uusi otsikko"
    ws.cell(2, cols["Tilannekuvaus"]).value = "Kirjoitettu"
    path = tmp_path / "joutsa.xlsx"
    wb.save(path)
    result = collect(pf, [path], key=KEY, date=LATER)
    warned = [w for w in result.warnings if "locked" in w]
    assert len(warned) == 3, result.warnings
    assert warned[0] == (f"joutsa.xlsx: Seuranta!{MEASURE}2: Toimenpide says 'Uusi otsikko' in "
                         f"the file, the plan '{first.measure}'; this column is the plan's "
                         "(locked), so the file's text was not applied (a party writes changes "
                         "to a measure in Tilannekuvaus; the coordinator changes the plan)")
    assert any(w.startswith(f"joutsa.xlsx: Seuranta!{SCHEDULE}2: Aikataulu says '2030' in the "
                            "file")
               for w in warned)
    assert any(w.startswith(f"joutsa.xlsx: Seuranta!{INDICATORS}2: Mittari says 'Oma mittari' "
                            "in the file")
               for w in warned)
    row = result.data.row(first.key)
    assert row is not None and row.measure == first.measure and row.description == "Kirjoitettu"
    merged = load_workbook(io.BytesIO(result.workbook))["Seuranta"]
    rows = {merged.cell(r, 1).value: r for r in range(2, merged.max_row + 1)}
    assert merged.cell(rows[first.key], cols["Aikataulu"]).value != "2030"
    assert merged.cell(rows[first.key], cols["Mittari"]).value != "Oma mittari"


def test_a_locked_cell_empty_in_the_plan_or_emptied_in_the_file_says_so(
        pf: PlanFile, tmp_path: Path) -> None:
    """The Keski-Suomi plan gives no schedule: a schedule typed over it is 'empty in the
    plan' (not "the plan ''"), and a title deleted is 'empty in the file'."""
    wb = load_workbook(io.BytesIO(write_matrix(pf, key=KEY, party="joutsa", date=WHEN).data))
    ws = wb["Seuranta"]
    ws.protection.sheet = False
    cols = {c.value: c.column for c in ws[1]}
    title = ws.cell(2, cols["Toimenpide"]).value
    ws.cell(2, cols["Aikataulu"]).value = "2030"
    ws.cell(2, cols["Toimenpide"]).value = None
    ws.cell(2, cols["Tilanne"]).value = "Valmis"
    path = tmp_path / "joutsa.xlsx"
    wb.save(path)
    warned = [w.split(";")[0] for w in collect(pf, [path], key=KEY, date=LATER).warnings]
    assert warned == [f"joutsa.xlsx: Seuranta!{MEASURE}2: Toimenpide is empty in the file, "
                      f"the plan '{title}'",
                      f"joutsa.xlsx: Seuranta!{SCHEDULE}2: Aikataulu says '2030' in the file, "
                      "empty in the plan"]


def test_an_untouched_copy_gives_no_locked_cell_warning(pf: PlanFile, tmp_path: Path) -> None:
    path = tmp_path / "joutsa.xlsx"
    path.write_bytes(write_matrix(pf, key=KEY, party="joutsa", date=WHEN).data)
    # only that nothing was changed: no locked cell is said to be changed
    assert collect(pf, [path], key=KEY, date=LATER).warnings == [
        "joutsa.xlsx changes nothing: if it is the copy as sent, collect what the parties "
        "returned"]


# -- the command line --------------------------------------------------------------------------


def test_matrix_and_collect_take_lang(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from yhdyspinta_docs.cli import main

    plan = tmp_path / "plan.yaml"
    plan.write_text(BILINGUAL.read_text("utf-8").replace(
        "  - tunnus: narpio\n", "  - tunnus: narpio\n    kielet: sv\n"), "utf-8")
    args = [str(plan), "--date", "2026-03-02"]
    assert main(["matrix", *args, "--for-each-party", "--out", str(tmp_path / "out")]) == 0
    narpio = tmp_path / "out" / "seurantamatriisi_narpio.xlsx"
    vaasa = tmp_path / "out" / "seurantamatriisi_vaasa.xlsx"
    assert load_workbook(narpio).sheetnames[1] == "Uppföljning"
    assert load_workbook(vaasa).sheetnames[1] == "Seuranta – Uppföljning"
    sv = tmp_path / "vaasa_sv.xlsx"
    assert main(["matrix", *args, "--party", "vaasa", "--lang", "sv", "--out", str(sv)]) == 0
    assert load_workbook(sv).sheetnames[1] == "Uppföljning"
    combined = tmp_path / "kaikki_sv.xlsx"
    assert main(["matrix", *args, "--lang", "sv", "--out", str(combined)]) == 0
    assert load_workbook(combined).properties.language == "sv-FI"
    for lang, sheet in (("fi", "Seuranta"), ("sv", "Uppföljning")):
        out = tmp_path / f"koottu_{lang}.xlsx"
        assert main(["collect", str(plan), str(narpio), str(vaasa), "--lang", lang, "--out",
                     str(out), "--date", "2026-09-15"]) == 0
        assert load_workbook(out).sheetnames[1] == sheet
    out = tmp_path / "koottu.xlsx"
    assert main(["collect", str(plan), str(narpio), "--out", str(out)]) == 0
    assert load_workbook(out).sheetnames[1] == "Seuranta – Uppföljning"  # the plan's kielet
    capsys.readouterr()


def _with_an_archived_row(pf: PlanFile, langs: tuple[Lang, ...]) -> Any:
    """The combined matrix in `langs` after a round in which a measure left the plan."""
    gone = FollowupRow.from_key("poistettu/narpio", status="Valmis", description="vanha",
                                measure="Vanha", party="Närpes stad")
    previous = FollowupData(plan_id=pf.plan.id, plan_version=pf.plan.version, rows=[gone])
    return write_matrix(pf, key=KEY, previous=previous, date=WHEN, langs=langs)


@pytest.mark.parametrize("langs", [("sv",), ("fi", "sv")])
def test_archive_in_swedish_and_bilingual_reads_back_the_same(bilingual: PlanFile,
                                                              tmp_path: Path,
                                                              langs: tuple[Lang, ...]) -> None:
    made = _with_an_archived_row(bilingual, langs)
    path = tmp_path / "kaikki.xlsx"
    path.write_bytes(made.data)
    wb = load_workbook(path)
    archive = wb["Arkiv" if langs == ("sv",) else "Arkisto – Arkiv"]
    reason = [c.value for c in archive[2]][-1]
    assert "Åtgärden finns inte längre i planen" in str(reason)
    assert read_matrix(path, bilingual, key=KEY).archived_rows == made.followup.archived_rows
    assert made.followup.archived_rows[0].archive_reason == "Toimenpide ei ole enää suunnitelmassa"


def _table_mismatches(data: bytes) -> list[str]:
    """Every Excel table column whose name differs from its header cell (Excel would repair
    the workbook and say so on opening)."""
    from openpyxl.worksheet.cell_range import CellRange

    wb = load_workbook(io.BytesIO(data))
    out = []
    for ws in wb.worksheets:
        for table in ws.tables.values():
            first = CellRange(table.ref)
            for i, column in enumerate(table.tableColumns):
                header = ws.cell(first.min_row, first.min_col + i).value
                if column.name != str(header):
                    out.append(f"{ws.title}!{table.name}: {column.name!r} vs {header!r}")
    return out


@pytest.mark.parametrize("langs", [("fi",), ("sv",), ("fi", "sv")])
def test_table_columns_are_named_as_their_headers(bilingual: PlanFile, tmp_path: Path,
                                                  langs: tuple[Lang, ...]) -> None:
    made = _with_an_archived_row(bilingual, langs)
    copy = write_matrix(bilingual, key=KEY, party="narpio", date=WHEN, langs=langs)
    files = _conflicting_files(bilingual, tmp_path, "narpio", langs, *{
        ("fi",): ("Seuranta", "Tilannekuvaus"), ("sv",): ("Uppföljning", "Lägesbeskrivning"),
        ("fi", "sv"): ("Seuranta – Uppföljning", "Tilannekuvaus / Lägesbeskrivning")}[langs])
    merged = collect(bilingual, files, key=KEY, date=LATER, allow_combined=True, langs=langs)
    tables = sum(len(ws.tables) for ws in load_workbook(io.BytesIO(made.data)).worksheets)
    assert tables >= 1
    for data in (made.data, copy.data, merged.workbook):
        assert _table_mismatches(data) == []


def test_messages_name_the_columns_as_a_swedish_copy_shows_them(bilingual: PlanFile,
                                                                 tmp_path: Path) -> None:
    """A Swedish copy's problems and warnings name its columns in Swedish (Läge, not
    Tilanne), with the cell, as the party sees them in the file."""
    sent = write_matrix(bilingual, key=KEY, party="narpio", date=WHEN)
    wb = load_workbook(io.BytesIO(sent.data))
    ws = wb["Uppföljning"]
    ws.protection.sheet = False
    cols = {c.value: c.column for c in ws[1]}
    ws.cell(2, cols["Åtgärd"]).value = "Ny rubrik"
    path = tmp_path / "narpio.xlsx"
    wb.save(path)
    warned = [w for w in collect(bilingual, [path], key=KEY, date=LATER).warnings
              if "locked" in w]
    assert len(warned) == 1 and warned[0].startswith(
        f"narpio.xlsx: Uppföljning!{MEASURE}2: Åtgärd says 'Ny rubrik' in the file"), warned
    assert "a party writes changes to a measure in Lägesbeskrivning;" in warned[0]
    ws.cell(2, cols["Läge"]).value = "Halvfärdig"
    ws.cell(3, cols["Uppdaterad"]).value = "32.7.2026"
    wb.save(path)
    with pytest.raises(MatrixError) as info:
        collect(bilingual, [path], key=KEY, date=LATER)
    text = str(info.value)
    assert (f"narpio.xlsx: Uppföljning!{STATUS}2: Läge: 'Halvfärdig' is not a status; expected "
            "one of Inte påbörjad, Pågår, Klar, Försenad (in Finnish Ei aloitettu, Käynnissä, "
            "Valmis, Viivästynyt); choose from the list") in text
    assert f"narpio.xlsx: Uppföljning!{UPDATED}3: Uppdaterad: '32.7.2026'" in text
    assert "Tilanne" not in text and "Päivitetty" not in text


def test_a_bilingual_copys_cells_are_named_as_excel_writes_them(bilingual: PlanFile,
                                                                tmp_path: Path) -> None:
    """A sheet name with a space or a dash is quoted (``'Seuranta – Uppföljning'!F2``), so
    the reference can be pasted into Excel's or Calc's Go To box; a plain name is not."""
    sent = write_matrix(bilingual, key=KEY, party="vaasa", date=WHEN)
    wb = load_workbook(io.BytesIO(sent.data))
    ws = wb["Seuranta – Uppföljning"]
    ws.protection.sheet = False
    status = next(c.column for c in ws[1] if str(c.value).startswith("Tilanne"))
    ws.cell(2, status).value = "Puolivalmis"
    path = tmp_path / "vaasa.xlsx"
    wb.save(path)
    with pytest.raises(MatrixError) as info:
        collect(bilingual, [path], key=KEY, date=LATER)
    ref = f"'Seuranta – Uppföljning'!{ws.cell(2, status).coordinate}"
    assert (f"vaasa.xlsx: {ref}: Tilanne / Läge: 'Puolivalmis' is not a status; expected one "
            "of Ei aloitettu / Inte påbörjad, Käynnissä / Pågår, Valmis / Klar, Viivästynyt / "
            "Försenad; choose from the list") in str(info.value)


@pytest.mark.parametrize(("party", "langs", "line"), [
    ("jyvaskyla", ("fi",), "Vastaanottaja: Jyväskylän kaupunki"),
    (None, ("fi",), "Vastaanottaja: koordinaattori (kaikki vastuutahot)"),
    ("narpio", ("sv",), "Mottagare: Närpes stad"),
    (None, ("sv",), "Mottagare: koordinatorn (alla ansvariga parter)"),
])
def test_the_instructions_name_whom_the_copy_is_for(pf: PlanFile, bilingual: PlanFile,
                                                    party: str | None, langs: tuple[Lang, ...],
                                                    line: str) -> None:
    plan = pf if langs == ("fi",) else bilingual
    data = write_matrix(plan, key=KEY, party=party, date=WHEN, langs=langs).data
    assert line in _help_text(data).splitlines()


@pytest.mark.parametrize("langs", [("fi",), ("sv",)])
def test_the_instructions_ask_for_no_private_persons_data(
        bilingual: PlanFile, langs: tuple[Lang, ...]) -> None:
    """What a party types is shown in the follow-up report, which is published: the
    instructions say so where they tell what to write."""
    text = _help_text(write_matrix(bilingual, key=KEY, date=WHEN, langs=langs).data)
    wanted = {"fi": "Älä kirjoita näihin asiakkaiden tai muiden yksityishenkilöiden nimiä tai "
                    "yhteystietoja: seurantaraportti julkaistaan.",
              "sv": "Skriv inte klienters eller andra privatpersoners namn eller "
                    "kontaktuppgifter här: uppföljningsrapporten publiceras."}[langs[0]]
    assert wanted in text
