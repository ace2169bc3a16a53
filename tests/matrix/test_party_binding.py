"""Returned matrices are bound to the party they were sent to (the plan's key signs each copy).

A party can open and edit every sheet of its copy, the very hidden ``Tiedot`` too. These
tests play such a party: they forge the metadata (with the unkeyed fingerprint the earlier
version used), relabel a copy as another party's, edit another party's row, add an
``Arkisto`` sheet, and return a copy made with another plan's key. Each is refused or, for
other parties' rows and the archive, not applied with a warning naming the file and cell.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from helpers import KEY
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.errors import MatrixError, OutputError
from yhdyspinta_docs.matrix import (
    FollowupData,
    FollowupRow,
    Status,
    collect,
    default_key_path,
    load_key,
    load_or_create_key,
    read_matrix,
    write_matrix,
)
from yhdyspinta_docs.matrix._followup import (
    ARCHIVE_COLUMNS,
    INPUT_FIELDS,
    META_EXTRA_KEYS,
    META_KEYS,
    value_text,
)
from yhdyspinta_docs.matrix._signing import COMBINED, sign, verify
from yhdyspinta_docs.plan._loader import load_plan
from yhdyspinta_docs.plan._model import PlanFile

WHEN = dt.date(2026, 3, 2)
LATER = dt.date(2026, 9, 15)
OTHER_KEY = bytes(range(100, 132))
REFUSED = ("Tiedot: the signature of the matrix does not verify: its hidden metadata sheet was "
           "changed, or the file was made with another key; use the file as it was sent, or "
           "collect with the key file of the plan it was sent from")


@pytest.fixture(scope="module")
def pf() -> PlanFile:
    return load_plan(example_plan_path())


def _cols(ws: Worksheet) -> dict[str, int]:
    return {str(c.value): c.column for c in ws[1]}


def _rows(ws: Worksheet) -> dict[str, int]:
    col = _cols(ws)["Tunnus"]
    return {str(ws.cell(r, col).value): r for r in range(2, ws.max_row + 1)}


def _copy(pf: PlanFile, party: str | None, key: bytes = KEY,
          previous: FollowupData | None = None) -> Workbook:
    return load_workbook(io.BytesIO(write_matrix(pf, key=key, party=party, previous=previous,
                                                 date=WHEN).data))


def _type(wb: Workbook, key: str, values: dict[str, object]) -> None:
    ws = wb["Seuranta"]
    cols, rows = _cols(ws), _rows(ws)
    for header, value in values.items():
        ws.cell(rows[key], cols[header]).value = value


def _save(wb: Workbook, path: Path) -> Path:
    wb.save(path)
    return path


def _meta(wb: Workbook) -> dict[str, int]:
    ws = wb["Tiedot"]
    return {str(ws.cell(r, 1).value): r for r in range(1, len(META_KEYS) + len(META_EXTRA_KEYS)
                                                        + 1)}


def _old_fingerprint(meta: dict[str, str], base: list[list[str]]) -> str:
    """The unkeyed SHA-256 fingerprint of matrix version 1: anyone could recompute it."""
    doc = {"meta": {k: meta.get(k, "") for k in sorted(meta)}, "rows": sorted(base)}
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _forge(wb: Workbook, *, meta: dict[str, str] | None = None,
           add_base: tuple[FollowupRow, ...] = ()) -> None:
    """Edit the hidden sheet as a party could, and write a recomputed fingerprint into it."""
    ws = wb["Tiedot"]
    rows = _meta(wb)
    for label, value in (meta or {}).items():
        ws.cell(rows[label], 2).value = value
    start = len(rows) + 2
    for row in add_base:
        r = ws.max_row + 1
        ws.cell(r, 1).value = row.key
        for c, name in enumerate(INPUT_FIELDS, start=2):
            ws.cell(r, c).value = value_text(getattr(row, name))
    values = {k: str(ws.cell(rows[k], 2).value or "") for k in META_KEYS}
    base = [[str(ws.cell(r, c).value or "") for c in range(1, len(INPUT_FIELDS) + 2)]
            for r in range(start + 1, ws.max_row + 1) if ws.cell(r, 1).value]
    ws.cell(rows["signature"], 2).value = _old_fingerprint(values, base)


def _refused(pf: PlanFile, paths: list[Path], name: str, allow_combined: bool = False) -> str:
    with pytest.raises(MatrixError) as info:
        collect(pf, paths, key=KEY, date=LATER, allow_combined=allow_combined)
    lines = [str(i) for i in info.value.issues]
    assert f"{name}: {REFUSED}" in lines, lines
    return str(info.value)


# -- the key file ----------------------------------------------------------------------------


def test_key_file_is_made_once_with_mode_0600_and_never_overwritten(tmp_path: Path) -> None:
    path = default_key_path(tmp_path / "plan.yaml")
    assert path == tmp_path / "plan.yaml.key"
    key = load_or_create_key(path)
    assert len(key) == 32 and path.read_text("ascii") == key.hex() + "\n"
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_or_create_key(path) == key and load_key(path) == key
    assert load_or_create_key(tmp_path / "other.key") != key  # random, not derived
    # the bundled examples' key is kept in the current directory, never in the package
    assert default_key_path(None) == Path("yhdyspinta-esimerkki.key")
    assert default_key_path(example_plan_path()) == Path("yhdyspinta-esimerkki.key")
    assert default_key_path(example_plan_path("pohjanmaa")) == Path("yhdyspinta-esimerkki.key")


def test_key_file_problems_are_one_line_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(MatrixError,
                       match=r"puuttuu\.key: no key file here\. .*key=load_key\(FILE\)"):
        load_key(tmp_path / "puuttuu.key")
    assert not (tmp_path / "puuttuu.key").exists()
    bad = tmp_path / "bad.key"
    bad.write_text("not a key\n", "utf-8")
    with pytest.raises(MatrixError, match=r"bad\.key: is not a key file of yhdyspinta-docs"):
        load_or_create_key(bad)
    assert bad.read_text("utf-8") == "not a key\n"  # never overwritten
    with pytest.raises(OutputError, match=r"cannot be created"):
        load_or_create_key(tmp_path / "no-such-dir" / "plan.yaml.key")
    huge = tmp_path / "huge.key"  # read no further than a key file can be long
    with huge.open("wb") as f:
        f.truncate(200 * 1024 * 1024)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(MatrixError, match=r"huge\.key: is not a key file"):
        load_key(huge)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50 * 1024  # KiB


def test_signature_is_keyed_and_covers_every_field() -> None:
    meta = {"plan_id": "p", "recipient": "joutsa"}
    rows = [["a/joutsa", "Valmis", "", "", "", ""]]
    sig = sign(KEY, meta, rows)
    assert verify(KEY, meta, rows, sig) and verify(KEY, meta, list(reversed(rows)), sig.upper())
    assert not verify(OTHER_KEY, meta, rows, sig)
    assert not verify(KEY, {**meta, "recipient": "jyvaskyla"}, rows, sig)
    assert not verify(KEY, meta, [["a/joutsa", "Viivästynyt", "", "", "", ""]], sig)
    assert not verify(KEY, meta, rows, "é" * 64)


def test_same_key_same_plan_same_bytes_and_the_key_is_not_in_the_file(pf: PlanFile) -> None:
    a = write_matrix(pf, key=KEY, party="joutsa", date=WHEN).data
    assert write_matrix(pf, key=KEY, party="joutsa", date=WHEN).data == a
    assert write_matrix(pf, key=OTHER_KEY, party="joutsa", date=WHEN).data != a
    import zipfile

    with zipfile.ZipFile(io.BytesIO(a)) as z:
        text = b"".join(z.read(n) for n in z.namelist())
    assert KEY.hex().encode() not in text and KEY not in text
    meta = load_workbook(io.BytesIO(a))["Tiedot"]
    assert meta["A7"].value == "signature" and len(meta["B7"].value) == 64
    combined = load_workbook(io.BytesIO(write_matrix(pf, key=KEY, date=WHEN).data))["Tiedot"]
    assert combined["A6"].value == "recipient" and combined["B6"].value == COMBINED


# -- forged, relabelled and foreign copies ---------------------------------------------------


def test_forged_metadata_with_a_recomputed_fingerprint_is_refused(pf: PlanFile,
                                                                  tmp_path: Path) -> None:
    """The attack the unkeyed fingerprint allowed: joutsa adds jyväskylä's row to the base of
    its own copy, types a forged status into it and recomputes the fingerprint."""
    wb = _copy(pf, "joutsa")
    forged = FollowupRow.from_key("asuminen/jyvaskyla")
    _forge(wb, add_base=(forged,))
    ws = wb["Seuranta"]
    r = ws.max_row + 1
    cols = _cols(ws)
    ws.cell(r, cols["Tunnus"]).value = forged.key
    ws.cell(r, cols["Tilanne"]).value = "Viivästynyt"
    ws.cell(r, cols["Tilannekuvaus"]).value = "Jyväskylä ei ole tehnyt mitään."
    path = _save(wb, tmp_path / "joutsa.xlsx")
    jkl = _save(_copy(pf, "jyvaskyla"), tmp_path / "jyvaskyla.xlsx")
    message = _refused(pf, [jkl, path], "joutsa.xlsx")
    assert "1 file(s) cannot be collected; nothing was collected" in message
    # and an edit of the copy's own base (to hide a change from the three-way merge)
    wb = _copy(pf, "joutsa")
    ws = wb["Tiedot"]
    ws.cell(len(_meta(wb)) + 3, 2).value = "Valmis"
    _forge(wb)
    _refused(pf, [_save(wb, tmp_path / "pohja.xlsx")], "pohja.xlsx")


def test_relabelled_copy_is_refused(pf: PlanFile, tmp_path: Path) -> None:
    wb = _copy(pf, "joutsa")
    _type(wb, "asuminen/joutsa", {"Tilanne": "Valmis"})
    wb["Tiedot"].cell(_meta(wb)["recipient"], 2).value = "jyvaskyla"
    _refused(pf, [_save(wb, tmp_path / "jyvaskyla.xlsx")], "jyvaskyla.xlsx")
    # also as "the coordinator's combined copy", which may change every row
    wb = _copy(pf, "joutsa")
    _forge(wb, meta={"recipient": COMBINED})
    _refused(pf, [_save(wb, tmp_path / "koordinaattori.xlsx")], "koordinaattori.xlsx",
             allow_combined=True)


def test_copy_made_with_another_plans_key_is_refused(pf: PlanFile, tmp_path: Path) -> None:
    path = _save(_copy(pf, "joutsa", key=OTHER_KEY), tmp_path / "toinen-avain.xlsx")
    _refused(pf, [path], "toinen-avain.xlsx")
    with pytest.raises(MatrixError, match="signature of the matrix does not verify"):
        read_matrix(path, pf, key=KEY)
    assert read_matrix(path, pf, key=OTHER_KEY).recipient == "joutsa"


def test_a_party_editing_another_partys_row_is_not_applied(pf: PlanFile,
                                                           tmp_path: Path) -> None:
    jkl = _copy(pf, "jyvaskyla")
    _type(jkl, "asuminen/jyvaskyla", {"Tilanne": "Valmis", "Tilannekuvaus": "Työryhmä koottu."})
    jkl_path = _save(jkl, tmp_path / "jyvaskyla.xlsx")
    wb = _copy(pf, "joutsa")
    _type(wb, "asuminen/joutsa", {"Tilanne": "Käynnissä"})
    ws = wb["Seuranta"]
    cols = _cols(ws)
    row = ws.max_row + 1  # pasted below its own rows, as if from jyväskylä's copy
    for key in ("asuminen/jyvaskyla", "tietopohja/jyvaskyla"):
        ws.cell(row, cols["Tunnus"]).value = key
        ws.cell(row, cols["Tilanne"]).value = "Viivästynyt"
        ws.cell(row, cols["Tilannekuvaus"]).value = "Ei ole tehty mitään."
        row += 1
    ws.cell(row, cols["Tunnus"]).value = "edunvalvonta/jyvaskyla"  # pasted but unchanged
    path = _save(wb, tmp_path / "joutsa.xlsx")
    result = collect(pf, [jkl_path, path], key=KEY, date=LATER)
    rows = result.data.by_key()
    original = write_matrix(pf, key=KEY, party="jyvaskyla", date=WHEN).followup.by_key()
    assert rows["asuminen/jyvaskyla"].status is Status.DONE  # jyväskylä's own entry
    assert rows["asuminen/jyvaskyla"].description == "Työryhmä koottu."
    assert rows["tietopohja/jyvaskyla"] == original["tietopohja/jyvaskyla"]  # as sent: empty
    assert rows["edunvalvonta/jyvaskyla"] == original["edunvalvonta/jyvaskyla"]
    assert rows["asuminen/joutsa"].status is Status.IN_PROGRESS
    last = ws.max_row
    # the rows were added (pasted), not changed: the copy was sent without them
    assert result.warnings == [
        f"joutsa.xlsx: Seuranta!A{last - 2}: row asuminen/jyvaskyla of 'jyvaskyla' was added "
        "to the copy sent to 'joutsa' (copied from another file?); its entries (Tilanne "
        "'Viivästynyt', Tilannekuvaus 'Ei ole tehty mitään.') were not applied (a party's "
        "copy changes only that party's rows: that party returns them in its own copy)",
        f"joutsa.xlsx: Seuranta!A{last - 1}: row tietopohja/jyvaskyla of 'jyvaskyla' was "
        "added to the copy sent to 'joutsa' (copied from another file?); its entries (Tilanne "
        "'Viivästynyt', Tilannekuvaus 'Ei ole tehty mitään.') were not applied (a party's "
        "copy changes only that party's rows: that party returns them in its own copy)"]
    assert result.ok
    summary = {s.file: (s.recipient, s.rows, s.changed_cells) for s in result.sources}
    assert summary["joutsa.xlsx"] == ("joutsa", 5, 1)


def test_an_arkisto_sheet_in_a_party_copy_is_not_imported(pf: PlanFile, tmp_path: Path) -> None:
    wb = _copy(pf, "joutsa")
    arch = wb.create_sheet("Arkisto")
    for c, col in enumerate(ARCHIVE_COLUMNS, start=1):
        arch.cell(1, c).value = col.header
    entry = {"key": "poistettu/jyvaskyla", "status": "Viivästynyt",
             "description": "Väärennetty arkistorivi", "archived_on": "1.1.2026"}
    for c, col in enumerate(ARCHIVE_COLUMNS, start=1):
        arch.cell(2, c).value = entry.get(col.field)
    path = _save(wb, tmp_path / "joutsa.xlsx")
    result = collect(pf, [path], key=KEY, date=LATER)
    assert result.data.archived_rows == []
    assert "Arkisto" not in load_workbook(io.BytesIO(result.workbook)).sheetnames
    assert result.warnings == [
        "joutsa.xlsx: sheet 'Arkisto' was not read: the archive is the coordinator's, and a "
        "copy sent to 'joutsa' does not change it (earlier archived entries come from the "
        "--base matrix); what it has there that the merged matrix does not: "
        "poistettu/jyvaskyla Tilanne 'Viivästynyt'; poistettu/jyvaskyla Tilannekuvaus "
        "'Väärennetty arkistorivi'; poistettu/jyvaskyla Arkistoitu '1.1.2026'; if it is news, "
        "type it into the merged matrix",
        "joutsa.xlsx changes nothing: if it is the copy as sent, collect what the parties "
        "returned"]
    assert read_matrix(path, pf, key=KEY).archived_rows == []


def test_the_archive_a_copy_was_sent_with_is_no_news(pf: PlanFile, tmp_path: Path) -> None:
    """A party's copy made with archived entries (a measure left the plan) has an Arkisto
    sheet; returned untouched and collected with the round's combined copy as base, it gives
    no 'not read' warning; with an archived entry changed, it does."""
    gone = FollowupRow.from_key("poistettu/joutsa", status="Valmis", description="Tehty",
                                measure="Vanha", party="Joutsan kunta")
    previous = FollowupData(plan_id=pf.plan.id, plan_version=pf.plan.version, rows=[gone])
    base = _save(_copy(pf, None, previous=previous), tmp_path / "yhdistetty.xlsx")
    wb = _copy(pf, "joutsa", previous=previous)
    assert "Arkisto" in wb.sheetnames
    untouched = _save(wb, tmp_path / "joutsa.xlsx")
    assert not [w for w in collect(pf, [untouched], key=KEY, date=LATER, base=base).warnings
                if "Arkisto" in w]
    arch = wb["Arkisto"]
    col = next(c.column for c in arch[1] if c.value == "Tilannekuvaus")
    arch.cell(2, col).value = "Muutettu arkistossa"
    arch.cell(2, next(c.column for c in arch[1] if c.value == "Tilanne")).value = None
    edited = _save(wb, tmp_path / "joutsa-2.xlsx")
    result = collect(pf, [edited], key=KEY, date=LATER, base=base)
    # what the party typed there is named, with the column, so the coordinator can take it
    assert ("joutsa-2.xlsx: sheet 'Arkisto' was not read: the archive is the coordinator's, "
            "and a copy sent to 'joutsa' does not change it (earlier archived entries come from "
            "the --base matrix); what it has there that the base does not: poistettu/joutsa "
            "Tilanne emptied; poistettu/joutsa Tilannekuvaus 'Muutettu arkistossa'; if it is "
            "news, type it into the merged matrix") in result.warnings
    assert [r.description for r in result.data.archived_rows] == ["Tehty"]


def test_combined_copy_is_refused_unless_allowed(pf: PlanFile, tmp_path: Path) -> None:
    wb = _copy(pf, None)
    _type(wb, "asuminen/jyvaskyla", {"Tilanne": "Valmis"})
    path = _save(wb, tmp_path / "kaikki.xlsx")
    party = _save(_copy(pf, "joutsa"), tmp_path / "joutsa.xlsx")
    with pytest.raises(MatrixError) as info:
        collect(pf, [party, path], key=KEY, date=LATER)
    assert [str(i) for i in info.value.issues] == [
        "kaikki.xlsx: is the coordinator's combined copy (every party's rows), not a copy sent "
        "to a party; a combined copy may change every row, so it is collected only with "
        "--allow-combined (or give it as --base)"]
    result = collect(pf, [party, path], key=KEY, date=LATER, allow_combined=True)
    assert result.data.by_key()["asuminen/jyvaskyla"].status is Status.DONE
    as_base = collect(pf, [party], key=KEY, base=path, date=LATER)
    assert as_base.data.by_key()["asuminen/jyvaskyla"].status is Status.DONE


def test_an_earlier_merged_matrix_among_the_copies_is_told_to_be_left_out(
        pf: PlanFile, tmp_path: Path) -> None:
    """The coordinator keeps the merged matrices in the folder the copies come back to: an
    earlier one among the returned files is named as what it is, a merged matrix to leave out
    (its collection goes to --base), not as a combined copy to take with --allow-combined."""
    party = _save(_copy(pf, "joutsa"), tmp_path / "joutsa.xlsx")
    first = tmp_path / "koottu-1.xlsx"
    first.write_bytes(collect(pf, [party], key=KEY, date=LATER).workbook)
    with pytest.raises(MatrixError) as info:
        collect(pf, [party, first], key=KEY, date=LATER)
    assert [str(i) for i in info.value.issues] == [
        "koottu-1.xlsx: is a merged matrix that collect wrote, not a copy a party returned: "
        "leave it out of the files (an earlier collection goes to --base)"]


def test_merged_workbook_is_a_signed_combined_copy_that_keeps_its_archive(
        pf: PlanFile, tmp_path: Path) -> None:
    previous = FollowupData(plan_id=pf.plan.id, plan_version="1", rows=[
        FollowupRow.from_key("poistettu/joutsa", status="Valmis", description="Vanha")])
    master = _save(_copy(pf, None, previous=previous), tmp_path / "lahetetty.xlsx")
    wb = _copy(pf, "joutsa")
    _type(wb, "asuminen/joutsa", {"Tilanne": "Valmis"})
    party = _save(wb, tmp_path / "joutsa.xlsx")
    merged = tmp_path / "koottu.xlsx"
    merged.write_bytes(collect(pf, [party], key=KEY, base=master, date=LATER).workbook)
    data = read_matrix(merged, pf, key=KEY)
    assert data.recipient is None
    assert [(r.key, r.description) for r in data.archived_rows] == [("poistettu/joutsa", "Vanha")]
    assert data.by_key()["asuminen/joutsa"].status is Status.DONE
    with pytest.raises(MatrixError, match="signature of the matrix does not verify"):
        read_matrix(merged, pf, key=OTHER_KEY)
    # carried into next year's copies with the same key
    nxt = write_matrix(pf, key=KEY, previous=data, date=LATER)
    assert nxt.followup.by_key()["asuminen/joutsa"].status is Status.DONE


# -- the command line ------------------------------------------------------------------------


def _cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real process (exit code, stderr), memory bounded at 1 GiB of address space."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run([sys.executable, "-m", "yhdyspinta_docs", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120, preexec_fn=limit,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})


def test_cli_missing_key_file_is_a_clear_error(pf: PlanFile, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(example_plan_path().read_text("utf-8"), "utf-8")
    sent = tmp_path / "joutsa.xlsx"
    sent.write_bytes(write_matrix(pf, key=KEY, party="joutsa", date=WHEN).data)
    proc = _cli(["collect", str(plan), str(sent), "--out", str(tmp_path / "koottu.xlsx")],
                tmp_path)
    assert proc.returncode == 4, proc.stderr
    assert "Traceback" not in proc.stderr
    assert f"{tmp_path / 'plan.yaml.key'}: no key file here." in proc.stderr
    assert "--key FILE" in proc.stderr and "make new copies and send them again" in proc.stderr
    assert not (tmp_path / "plan.yaml.key").exists() and not (tmp_path / "koottu.xlsx").exists()


# slow run: five commands, each a process of its own
@pytest.mark.slow
def test_cli_round_with_the_key_next_to_the_plan(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(example_plan_path().read_text("utf-8"), "utf-8")
    proc = _cli(["matrix", str(plan), "--for-each-party", "--out", "lahetetyt"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    key = tmp_path / "plan.yaml.key"
    assert f"key       {key} (new" in proc.stdout and key.stat().st_mode & 0o777 == 0o600
    made = key.read_bytes()
    path = tmp_path / "lahetetyt" / "seurantamatriisi_joutsa.xlsx"
    wb = load_workbook(path)
    _type(wb, "asuminen/joutsa", {"Tilanne": "Valmis"})
    wb.save(path)
    proc = _cli(["collect", str(plan), str(path), "--out", "koottu.xlsx"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    proc = _cli(["matrix", str(plan), "--merge-from", "koottu.xlsx", "--out", "uusi.xlsx"],
                tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert key.read_bytes() == made  # never replaced
    data = read_matrix(tmp_path / "uusi.xlsx", load_plan(plan), key=load_key(key))
    assert data.by_key()["asuminen/joutsa"].status is Status.DONE
    # a copy from another plan's key file: refused, naming the file
    other = tmp_path / "toinen.key"
    proc = _cli(["collect", str(plan), str(path), "--out", "x.xlsx", "--key", str(other)],
                tmp_path)
    assert proc.returncode == 4 and "toinen.key: no key file here" in proc.stderr
    load_or_create_key(other)
    proc = _cli(["collect", str(plan), str(path), "--out", "x.xlsx", "--key", str(other)],
                tmp_path)
    assert proc.returncode == 4 and "Traceback" not in proc.stderr
    assert f"seurantamatriisi_joutsa.xlsx: {REFUSED}" in proc.stderr


# -- LibreOffice as the real client ----------------------------------------------------------


# slow run: the quick run's LibreOffice round trip (test_collect) also needs the signature
@pytest.mark.slow
@pytest.mark.libreoffice
def test_signature_survives_a_libreoffice_resave(pf: PlanFile, tmp_path: Path) -> None:
    from test_collect import lo_convert

    wb = _copy(pf, "joutsa")
    _type(wb, "asuminen/joutsa", {"Tilanne": "Valmis", "Päivitetty": "1.7.2026"})
    (tmp_path / "in").mkdir()
    src = _save(wb, tmp_path / "in" / "joutsa.xlsx")
    saved = lo_convert(src, tmp_path / "lo", tmp_path / "profile")
    result = collect(pf, [saved], key=KEY, date=LATER)
    assert result.data.by_key()["asuminen/joutsa"].status is Status.DONE
    merged = tmp_path / "koottu.xlsx"
    merged.write_bytes(result.workbook)
    resaved = lo_convert(merged, tmp_path / "lo2", tmp_path / "profile")
    again = read_matrix(resaved, pf, key=KEY)
    assert again.recipient is None
    assert again.by_key()["asuminen/joutsa"].updated == dt.date(2026, 7, 1)
    with pytest.raises(MatrixError, match="signature of the matrix does not verify"):
        read_matrix(saved, pf, key=OTHER_KEY)


@pytest.mark.parametrize("hard_links", [True, False])
def test_callers_making_the_key_file_at_once_all_get_its_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hard_links: bool) -> None:
    """Four threads (a web app's requests for a new plan) make the key at the same moment:
    every one gets the key the file holds, none an error about an empty file. Where the
    drive has no hard links, the file is created exclusively and readers wait for it."""
    import threading

    from yhdyspinta_docs.matrix import _signing

    if not hard_links:
        def no_link(*_: object) -> None:
            raise PermissionError(1, "Operation not permitted")

        monkeypatch.setattr(_signing.os, "link", no_link)
    for trial in range(15):
        path = tmp_path / f"{trial}" / "plan.yaml.key"
        path.parent.mkdir()
        barrier = threading.Barrier(4)
        got: list[bytes | BaseException] = []

        def make(path: Path = path, barrier: threading.Barrier = barrier,
                 got: list[bytes | BaseException] = got) -> None:
            barrier.wait()
            try:
                got.append(load_or_create_key(path))
            except BaseException as exc:  # kept for the assertion below
                got.append(exc)

        threads = [threading.Thread(target=make) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert got == [load_key(path)] * 4, got
        assert sorted(p.name for p in path.parent.iterdir()) == ["plan.yaml.key"]
        assert path.stat().st_mode & 0o777 == 0o600
