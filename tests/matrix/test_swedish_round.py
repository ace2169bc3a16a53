"""A bilingual region's round: a Swedish-speaking party's matrix in Swedish, collected with
Finnish and bilingual copies into one merged workbook and one report, nothing lost.

The Pohjanmaa example plan (``kielet: [fi, sv]``) with Närpiö given ``kielet: sv``: its copy
is Swedish, Vaasa's (no ``kielet``: the plan's) bilingual, the county's made with
``langs=("fi",)`` Finnish. Each is filled with openpyxl as a party would (statuses typed in
Swedish in the ways people type them), the Swedish one then saved again by LibreOffice Calc,
and all are collected; every typed value is compared, cell by cell, with the merged data, the
merged workbook read back, and the report's text.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from docx_text import all_text
from helpers import KEY, column_letter
from yhdyspinta_docs._build import BuildOptions, build
from yhdyspinta_docs._documents import make_report
from yhdyspinta_docs.matrix import Status, collect, read_matrix, write_matrix
from yhdyspinta_docs.output._pdf import soffice_path
from yhdyspinta_docs.plan import PlanFile, load_plan

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "pohjanmaa" / "plan.yaml"
WHEN = dt.date(2026, 3, 2)
LATER = dt.date(2026, 10, 1)


def swedish_narpio(tmp: Path) -> Path:
    """The bilingual example with Närpiö (Närpes) as a Swedish-speaking party."""
    text = EXAMPLE.read_text("utf-8")
    marker = "  - tunnus: narpio\n"
    assert text.count(marker) == 1
    path = tmp / "plan.yaml"
    path.write_text(text.replace(marker, marker + "    kielet: sv\n"), "utf-8")
    return path


@pytest.fixture(scope="module")
def pf(tmp_path_factory: pytest.TempPathFactory) -> PlanFile:
    return load_plan(swedish_narpio(tmp_path_factory.mktemp("plan")))


def _fill(data: bytes, sheet: str, edits: dict[str, dict[str, object]]) -> bytes:
    """Type `edits` {key: {header: value}} into the unlocked cells of sheet `sheet`."""
    wb = load_workbook(io.BytesIO(data))
    ws = wb[sheet]
    cols = {str(c.value): c.column for c in ws[1]}
    rows = {str(ws.cell(r, 1).value): r for r in range(2, ws.max_row + 1)}
    for key, values in edits.items():
        for header, value in values.items():
            cell = ws.cell(rows[key], cols[header])
            assert cell.protection.locked is False, f"{header} is locked"
            cell.value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _resave(path: Path, work: Path) -> Path:
    """`path` opened and saved again by LibreOffice Calc (as .xlsx)."""
    outdir = work / "calc"
    outdir.mkdir(exist_ok=True)
    soffice = soffice_path()
    assert soffice is not None
    subprocess.run([soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}",
                    "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir",
                    str(outdir), str(path)], check=True, capture_output=True, timeout=180)
    out = outdir / path.name
    assert out.is_file() and out.read_bytes() != path.read_bytes()
    return out


SV_TEXT = "Arbetsgruppen har träffats fyra gånger.\nUtkastet skickas på remiss i augusti."

# what each party types: {key: {header as its copy shows it: value}}
# Swedish headers; statuses typed in Swedish, as people type them
NARPIO: dict[str, dict[str, object]] = {
    "hyvinvointikertomus/narpio": {"Läge": "pågår", "Lägesbeskrivning": SV_TEXT,
                                   "Nästa steg": "Remiss i augusti", "Uppdaterad": "2.9.2026",
                                   "Kontaktperson": "Anna Andersson"},
    "tyollisyys/narpio": {"Läge": " Pågår ", "Lägesbeskrivning": "Modellen används.",
                          "Uppdaterad": dt.datetime(2026, 9, 3)},
    "ikaantyneet/narpio": {"Läge": "KLAR", "Nästa steg": "Uppföljning 2027"},
    "valmius/narpio": {"Läge": "Försenad", "Lägesbeskrivning": "Övningen flyttades till våren."},
}
# bilingual headers; a status from the bilingual list and one typed in Finnish
VAASA: dict[str, dict[str, object]] = {
    "hyvinvointikertomus/vaasa": {"Tilanne / Läge": "Valmis / Klar",
                                  "Tilannekuvaus / Lägesbeskrivning": "Valmis kesäkuussa.",
                                  "Päivitetty / Uppdaterad": "30.6.2026"},
    "tyollisyys/vaasa": {"Tilanne / Läge": "käynnissä",
                         "Seuraavat toimenpiteet / Nästa steg": "Koulutus syksyllä"},
}
# a Finnish copy; one status typed in Swedish into it
COUNTY: dict[str, dict[str, object]] = {
    "hyvinvointikertomus/hyvinvointialue": {"Tilanne": "Käynnissä",
                                            "Yhteyshenkilö": "Maija Malli"},
    "tyollisyys/hyvinvointialue": {"Tilanne": "PÅGÅR",
                                   "Tilannekuvaus": "Palveluohjaus aloitettu."},
}
FIELDS = {"Tilanne": "status", "Tilannekuvaus": "description",
          "Seuraavat toimenpiteet": "next_steps", "Päivitetty": "updated",
          "Yhteyshenkilö": "contact", "Läge": "status", "Lägesbeskrivning": "description",
          "Nästa steg": "next_steps", "Uppdaterad": "updated", "Kontaktperson": "contact"}
EXPECTED_STATUS = {"pågår": Status.IN_PROGRESS, " Pågår ": Status.IN_PROGRESS,
                   "KLAR": Status.DONE, "Försenad": Status.DELAYED,
                   "Valmis / Klar": Status.DONE, "käynnissä": Status.IN_PROGRESS,
                   "Käynnissä": Status.IN_PROGRESS, "PÅGÅR": Status.IN_PROGRESS}


def _expected(value: object, fld: str) -> object:
    if fld == "status":
        return EXPECTED_STATUS[str(value)]
    if fld == "updated":
        if isinstance(value, dt.datetime):
            return value.date()
        d, m, y = (int(p) for p in str(value).split("."))
        return dt.date(y, m, d)
    return value


def _typed() -> dict[tuple[str, str], object]:
    out: dict[tuple[str, str], object] = {}
    for edits in (NARPIO, VAASA, COUNTY):
        for key, values in edits.items():
            for header, value in values.items():
                fld = FIELDS[header.split(" / ")[0]]
                out[(key, fld)] = _expected(value, fld)
    return out


@pytest.fixture(scope="module")
def returned(pf: PlanFile, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    work = tmp_path_factory.mktemp("round")
    narpio = write_matrix(pf, key=KEY, party="narpio", date=WHEN)
    vaasa = write_matrix(pf, key=KEY, party="vaasa", date=WHEN)
    county = write_matrix(pf, key=KEY, party="hyvinvointialue", date=WHEN, langs=("fi",))
    assert load_workbook(io.BytesIO(narpio.data)).sheetnames[:3] == [
        "Anvisningar", "Uppföljning", "Sammandrag"]
    assert load_workbook(io.BytesIO(vaasa.data)).sheetnames[1] == "Seuranta – Uppföljning"
    sent = work / "sent"
    sent.mkdir()
    files = []
    for name, result, sheet, edits in (
            ("narpio.xlsx", narpio, "Uppföljning", NARPIO),
            ("vaasa.xlsx", vaasa, "Seuranta – Uppföljning", VAASA),
            ("hyvinvointialue.xlsx", county, "Seuranta", COUNTY)):
        path = sent / name
        path.write_bytes(_fill(result.data, sheet, edits))
        files.append(path)
    files[0] = _resave(files[0], work)  # the Swedish copy, saved again by Calc
    return files


pytestmark = pytest.mark.libreoffice


def test_swedish_copy_resaved_by_calc_reads_every_typed_value(pf: PlanFile,
                                                              returned: list[Path]) -> None:
    data = read_matrix(returned[0], pf, key=KEY)
    for key, values in NARPIO.items():
        row = data.row(key)
        assert row is not None
        for header, value in values.items():
            fld = FIELDS[header]
            assert getattr(row, fld) == _expected(value, fld), (key, header)


def test_every_typed_value_reaches_the_merged_data_workbook_and_report(
        pf: PlanFile, returned: list[Path], tmp_path: Path) -> None:
    result = collect(pf, returned, key=KEY, date=LATER, langs=("fi",))
    assert result.ok and not result.warnings, result.warnings
    typed = _typed()
    merged_path = tmp_path / "koottu.xlsx"
    merged_path.write_bytes(result.workbook)
    merged = read_matrix(merged_path, pf, key=KEY)
    for (key, fld), value in typed.items():
        assert getattr(result.data.row(key), fld) == value, (key, fld)
        assert getattr(merged.row(key), fld) == value, (key, fld)
    # nothing else changed: every other input cell is still empty
    for row in result.data.rows:
        for fld, value in row.inputs().items():
            if (row.key, fld) not in typed:
                assert value is None, (row.key, fld)
    # the merged workbook follows the coordinator's language (Finnish here)
    wb = load_workbook(io.BytesIO(result.workbook))
    assert "Seuranta" in wb.sheetnames and "Uppföljning" not in wb.sheetnames
    ws = wb["Seuranta"]
    status = column_letter("Tilanne", ws)
    statuses = {ws[f"{status}{r}"].value for r in range(2, ws.max_row + 1)} - {None}
    assert statuses == {"Käynnissä", "Valmis", "Viivästynyt"}
    # one report with every text typed
    report = make_report(pf, merged, BuildOptions(languages=("fi",)), on=LATER)
    text = all_text(next(f.data for f in report if "seurantaraportti" in f.path))
    flat = " ".join(text.split())
    for (_key, fld), value in typed.items():
        if fld in ("description", "next_steps", "contact"):
            assert " ".join(str(value).split()) in flat, value


def test_merged_workbook_in_swedish_when_the_coordinator_chooses_it(
        pf: PlanFile, returned: list[Path], tmp_path: Path) -> None:
    result = collect(pf, returned, key=KEY, date=LATER, langs=("sv",))
    wb = load_workbook(io.BytesIO(result.workbook))
    assert wb.sheetnames[:3] == ["Anvisningar", "Uppföljning", "Sammandrag"]
    assert wb.properties.language == "sv-FI"
    ws = wb["Uppföljning"]
    swedish = {"Tunnus": "Kod", "Toimenpide": "Åtgärd", "Vastuutaho": "Ansvarig part",
               "Aikataulu": "Tidtabell", "Mittari": "Mätare", "Tilanne": "Läge"}
    # each header in Swedish, where the template has the column
    assert {fi: ws[f"{column_letter(fi)}1"].value for fi in swedish} == swedish
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    assert ws[f"{column_letter('Tilanne')}{rows['ikaantyneet/narpio']}"].value == "Klar"
    assert ws[f"{column_letter('Vastuutaho')}{rows['hyvinvointikertomus/vaasa']}"].value == (
        "Vasa stad")
    path = tmp_path / "sammanstalld.xlsx"
    path.write_bytes(result.workbook)
    assert read_matrix(path, pf, key=KEY).rows == result.data.rows


def test_manifest_lists_each_matrix_in_its_language(pf: PlanFile, tmp_path: Path) -> None:
    out = build(pf, tmp_path / "out", BuildOptions(for_each_party=True, drafts=True, key=KEY))
    files = json.loads((out.outdir / "manifest.json").read_text("utf-8"))["files"]
    langs: dict[str, Any] = {f["path"]: f["lang"] for f in files if f["kind"] == "matrix"}
    assert langs["seuranta/seurantamatriisi_narpio.xlsx"] == "sv"
    assert langs["seuranta/seurantamatriisi_vaasa.xlsx"] == "fi,sv"
    assert langs["seurantamatriisi.xlsx"] == "fi,sv"
    narpio = load_workbook(out.outdir / "seuranta" / "seurantamatriisi_narpio.xlsx")
    assert narpio.properties.language == "sv-FI"


def test_a_swedish_merged_matrix_with_conflicts_names_its_own_sheet_and_columns(
        pf: PlanFile, tmp_path: Path) -> None:
    """The advice for a merged matrix whose conflicts are not resolved names the sheet and
    columns as the file shows them (Konflikter, Val, Nr) and ends with the command to run for
    this plan file and this matrix."""
    from yhdyspinta_docs.errors import MergeConflictError
    from yhdyspinta_docs.plan._source import plan_name

    copies = []
    for n, text in enumerate(("Första versionen", "Andra versionen")):
        path = tmp_path / f"narpes-{n}.xlsx"
        path.write_bytes(_fill(write_matrix(pf, key=KEY, party="narpio", date=WHEN).data,
                               "Uppföljning", {"ikaantyneet/narpio": {"Lägesbeskrivning": text}}))
        copies.append(path)
    merged = tmp_path / "sammanstalld.xlsx"
    merged.write_bytes(collect(pf, copies, key=KEY, date=LATER, langs=("sv",)).workbook)
    with pytest.raises(MergeConflictError) as info:
        read_matrix(merged, pf, key=KEY)
    header = str(info.value).splitlines()[0]
    assert ("on its sheet Konflikter, type in the column Val the Nr of the value that stays"
            in header), header
    plan = plan_name(pf)
    assert plan is not None and plan.endswith("plan.yaml")
    assert (f"then run: yhdyspinta-docs resolve {plan} {merged} --out "
            f"{tmp_path / 'avgjord.xlsx'}") in header, header  # as its Konflikter sheet says
    assert "Ristiriidat" not in header and "Valinta" not in header
