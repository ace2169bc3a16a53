"""A whole follow-up round through the command line: send, fill, collect, report, next year."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from docx_text import all_text
from helpers import column_letter, sent_copies
from yhdyspinta_docs.cli import main

EDITS = {
    "jyvaskyla": {"asuminen/jyvaskyla": {"Tilanne": "Valmis", "Tilannekuvaus": "Työryhmä koottu"},
                  "tietopohja/jyvaskyla": {"Tilanne": " viivästynyt ", "Päivitetty": "1.7.2026"}},
    "muurame": {"asuminen/muurame": {"Tilanne": "Käynnissä",
                                     "Tilannekuvaus": "=Aloitettu syksyllä"}},
    "hyvinvointialue": {"edunvalvonta/hyvinvointialue": {"Tilanne": "Ei aloitettu"}},
}


def _fill(path: Path, edits: dict[str, dict[str, str]]) -> None:
    wb = load_workbook(path)
    ws = wb["Seuranta"]
    headers = {c.value: c.column for c in ws[1]}
    rows = {ws.cell(r, headers["Tunnus"]).value: r for r in range(2, ws.max_row + 1)}
    for key, values in edits.items():
        for header, value in values.items():
            cell = ws.cell(rows[key], headers[header])
            assert cell.protection.locked is False
            cell.value = value
            if value.startswith("="):
                cell.data_type = "s"
    wb.save(path)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err



def test_send_fill_collect_report_and_regenerate(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    sent = tmp_path / "sent"
    key = ["--key", str(tmp_path / "suunnitelma.key")]  # made by the first matrix command
    code, out, err = _run(["matrix", "--for-each-party", "--out", str(sent), "--period", "2026",
                           *key], capsys)
    assert code == 0, err
    assert f"key       {tmp_path / 'suunnitelma.key'} (new" in out
    assert (tmp_path / "suunnitelma.key").stat().st_mode & 0o777 == 0o600
    returned = []
    for party, edits in EDITS.items():
        path = sent / f"seurantamatriisi_{party}.xlsx"
        _fill(path, edits)
        renamed = tmp_path / f"palautus {party}.xlsx"  # people rename files
        path.rename(renamed)
        returned.append(str(renamed))
    merged = tmp_path / "koottu.xlsx"
    code, out, err = _run(["collect", str(_example()), *returned, "--out", str(merged),
                           "--json", str(tmp_path / "koottu.json"), *key], capsys)
    assert code == 0, err
    read = [line for line in out.splitlines() if line.startswith("read ")]
    assert len(read) == len(returned)
    for line in read:  # '1 row, 1 changed cell', '5 rows, 0 changed cells'
        counts = re.fullmatch(r"read +palautus (\w+)\.xlsx \(\1\): (\d+) rows?, "
                              r"(\d+) changed cells?",
                              line)
        assert counts, line
        assert [n == "1" for n in counts.groups()[1:]] == [
            not line.split(": ")[1].split(", ")[i].endswith("s") for i in (0, 1)], line
    assert any(line.endswith(" 1 changed cell") for line in read), read  # singular too
    data = json.loads((tmp_path / "koottu.json").read_text("utf-8"))
    rows = {r["key"]: r for r in data["rows"]}
    assert rows["asuminen/jyvaskyla"]["status"] == "Valmis"
    assert rows["asuminen/jyvaskyla"]["description"] == "Työryhmä koottu"
    assert rows["tietopohja/jyvaskyla"]["status"] == "Viivästynyt"
    assert rows["tietopohja/jyvaskyla"]["updated"] == "2026-07-01"
    assert rows["asuminen/muurame"]["description"] == "=Aloitettu syksyllä"
    assert rows["edunvalvonta/hyvinvointialue"]["status"] == "Ei aloitettu"
    assert len(rows) == 120

    code, out, err = _run(["report", "--followup", str(merged), "--out",
                           str(tmp_path / "raportti"), *key], capsys)
    assert code == 0, err
    report = next((tmp_path / "raportti").glob("seurantaraportti_2026_fi.docx"))
    text = all_text(report.read_bytes())
    assert "seurantaraportti 2026" in text
    assert "Tietopohjan sisällön määrittäminen tilannekuvan pohjaksi: Jyväskylän kaupunki" \
           in text  # under Viivästyneet
    assert "Työryhmä koottu" in text and "=Aloitettu syksyllä" in text
    decision = next((tmp_path / "raportti").glob("paatosehdotus_seurantaraportti_*.docx"))
    dtext = all_text(decision.read_bytes())
    assert "Aluehallitus merkitsee tiedoksi yhdyspintasuunnitelman seurantaraportin." in dtext
    assert "LUONNOS" in dtext  # no meeting date given

    nxt = tmp_path / "seuraava.xlsx"
    code, out, err = _run(["matrix", "--merge-from", str(merged), "--out", str(nxt), *key],
                          capsys)
    assert code == 0, err
    assert "key " not in out  # the key file existed
    wb = load_workbook(nxt)
    ws = wb["Seuranta"]
    headers = {c.value: c.column for c in ws[1]}
    carried = {ws.cell(r, headers["Tunnus"]).value: ws.cell(r, headers["Tilanne"]).value
               for r in range(2, ws.max_row + 1)}
    assert carried["asuminen/jyvaskyla"] == "Valmis"
    code, _, err = _run(["matrix", "--merge-from", str(merged), "--out", str(nxt), *key],
                        capsys)
    assert code != 0 and "use --force" in err


def test_conflict_exits_5_with_both_values(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    first = tmp_path / "a.xlsx"
    key = ["--key", str(tmp_path / "suunnitelma.key")]
    assert _run(["matrix", "--out", str(first), *key], capsys)[0] == 0
    second = tmp_path / "b.xlsx"
    second.write_bytes(first.read_bytes())
    _fill(first, {"asuminen/jyvaskyla": {"Tilanne": "Valmis"}})
    _fill(second, {"asuminen/jyvaskyla": {"Tilanne": "Käynnissä"}})
    # the combined copies (every row) are collected only when the coordinator says so
    code, _, err = _run(["collect", str(_example()), str(first), str(second), "--out",
                         str(tmp_path / "m.xlsx"), *key], capsys)
    assert code == 4 and "a.xlsx: is the coordinator's combined copy" in err
    assert "--allow-combined" in err and not (tmp_path / "m.xlsx").exists()
    code, _, err = _run(["collect", str(_example()), str(first), str(second), "--out",
                         str(tmp_path / "m.xlsx"), "--allow-combined", *key], capsys)
    assert code == 5
    assert "asuminen/jyvaskyla" in err and "Valmis" in err and "Käynnissä" in err
    # the advice names the sheet and column of this (Finnish) matrix, and the command to
    # paste has the real file names
    flat = " ".join(err.split())
    assert "on the sheet Ristiriidat of the merged matrix" in flat
    assert "column Valinta the Nro of the value" in flat and "Konflikter" not in flat
    merged = tmp_path / "m.xlsx"
    assert (f"run: yhdyspinta-docs resolve {_example()} {merged} --out "
            f"{tmp_path / 'ratkaistu.xlsx'}") in flat
    wb = load_workbook(tmp_path / "m.xlsx")
    conflicts = "\n".join(str(c.value) for row in wb["Ristiriidat"].iter_rows() for c in row)
    assert "Valmis" in conflicts and "Käynnissä" in conflicts
    assert "a.xlsx" in conflicts and "b.xlsx" in conflicts


def _example() -> Path:
    from yhdyspinta_docs._assets import example_plan_path

    return example_plan_path()


def test_collect_takes_the_folder_of_returned_files(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A coordinator saves what comes back into one folder and gives the folder: every .xlsx
    in it is read, not Excel's lock files, hidden files, subfolders or collect's own output."""
    back = tmp_path / "palautetut"
    key = ["--key", str(tmp_path / "suunnitelma.key")]
    sent_copies(back, key)
    sent = sorted(p.name for p in back.glob("*.xlsx"))
    (back / "~$seurantamatriisi_joutsa.xlsx").write_bytes(b"lock")  # Excel has one open
    (back / ".seurantamatriisi_muurame.xlsx").write_bytes(b"hidden")
    (back / "vanhat").mkdir()
    (back / "vanhat" / "x.xlsx").write_bytes(b"old")
    (back / "Pihtipudas seuranta.pdf").write_bytes(b"%PDF-1.7 a printout")  # not read: said
    (back / "saate.docx").write_bytes(b"PK a covering letter")
    (back / "Thumbs.db").write_bytes(b"Windows' own")
    (back / "kinnula.zip").write_bytes(b"PK a zipped copy")
    _fill(back / "seurantamatriisi_muurame.xlsx", EDITS["muurame"])
    merged = back / "koottu.xlsx"
    for force in ([], ["--force"]):  # the second time, the merged file is in the folder
        code, out, err = _run(["collect", str(_example()), str(back), "--out", str(merged),
                               "--json", str(back / "koottu.json"), *force, *key], capsys)
        assert code == 0, err
        assert [line.split()[1].rstrip(":") for line in out.splitlines()
                if line.startswith("read ")] == sent
        assert [line for line in out.splitlines() if line.startswith("not read")] == [
            f"not read  {back / 'Pihtipudas seuranta.pdf'}: not a spreadsheet; if a party "
            "returned its entries in it, ask for the matrix sent to it, filled in",
            f"not read  {back / 'kinnula.zip'}: not a spreadsheet; unzip it and collect the "
            "copy in it",
            f"not read  {back / 'saate.docx'}: not a spreadsheet; if a party returned its "
            "entries in it, ask for the matrix sent to it, filled in"]  # nor the JSON written
    assert "seurantamatriisi_muurame.xlsx (muurame): 5 rows, 2 changed cells" in out
    assert "waiting" not in out  # every party's copy came back


def test_collect_names_a_copy_saved_in_another_format_in_the_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A party that saved its copy as .ods (or .xls, .csv) is not passed over in silence:
    nothing is collected and the file is named with how to save it."""
    back = tmp_path / "palautetut"
    key = ["--key", str(tmp_path / "suunnitelma.key")]
    sent_copies(back, key)
    odf = back / "seurantamatriisi_joutsa.xlsx"
    with zipfile.ZipFile(odf.with_suffix(".ods"), "w") as zf:  # an OpenDocument package
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    odf.unlink()
    (back / "saate.pdf").write_bytes(b"%PDF-1.7 a cover letter")  # not a spreadsheet
    code, out, err = _run(["collect", str(_example()), str(back), "--out",
                           str(tmp_path / "koottu.xlsx"), *key], capsys)
    assert code == 4
    assert ("seurantamatriisi_joutsa.ods: is an OpenDocument spreadsheet (.ods); save it in "
            "Excel or LibreOffice Calc as an Excel workbook (.xlsx)") in err
    assert "saate.pdf" not in err  # not a copy in another format: not read, and said so
    assert f"not read  {back / 'saate.pdf'}: not a spreadsheet" in out
    assert not (tmp_path / "koottu.xlsx").exists()


def test_collect_says_whose_copy_has_not_come_back(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    back = tmp_path / "palautetut"
    key = ["--key", str(tmp_path / "suunnitelma.key")]
    sent_copies(back, key)
    keep = {"seurantamatriisi_muurame.xlsx", "seurantamatriisi_jyvaskyla.xlsx"}
    for path in back.glob("*.xlsx"):
        if path.name not in keep:
            path.unlink()
    code, out, err = _run(["collect", str(_example()), str(back), "--out",
                           str(tmp_path / "koottu.xlsx"), *key], capsys)
    assert code == 0, err
    waiting = [line for line in out.splitlines() if line.startswith("waiting ")]
    assert len(waiting) == 1
    assert waiting[0].startswith("waiting   no copy yet from 22 of 24 parties: "
                                 "hyvinvointialue, maakuntaliitto, hankasalmi, ")
    assert "muurame" not in waiting[0] and "jyvaskyla" not in waiting[0]
    assert waiting[0].endswith(", aanekoski")
    # the copies as sent, not filled in: the coordinator is told so
    assert ("Warning: none of the 2 files changes anything: if these are the copies as sent, "
            "collect what the parties returned") in err


def test_a_partys_copy_is_not_taken_for_the_merged_matrix(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A report or next year's matrix made from one party's copy would show every other
    party without entries: refused, saying what to give; that party's own next copy may be
    made from it."""
    sent = tmp_path / "sent"
    key = ["--key", str(tmp_path / "suunnitelma.key")]
    sent_copies(sent, key)
    copy = sent / "seurantamatriisi_muurame.xlsx"
    _fill(copy, EDITS["muurame"])
    merged = tmp_path / "koottu.xlsx"
    assert _run(["collect", str(_example()), str(copy), "--out", str(merged), *key],
                capsys)[0] == 0
    said = ("seurantamatriisi_muurame.xlsx: is the copy sent to 'muurame' (that party's rows "
            "only), not the merged matrix: ")
    report = tmp_path / "r"
    for command, *args, why in [
            ("report", "--followup", copy, "--out", report, "a report made from it would show "
             "every other party's rows as without entries; give the matrix that collect wrote"),
            ("report", "--followup", merged, "--previous", copy, "--out", report,
             "a report made"),
            ("matrix", "--merge-from", copy, "--out", tmp_path / "m.xlsx",
             "the coordinator's matrix made from it would carry over none of the other "
             "parties' entries; give the matrix that collect wrote, or make only --party "
             "muurame from it"),
            ("matrix", "--merge-from", copy, "--for-each-party", "--out", tmp_path / "seuraava",
             "the copies of the other parties made from it"),
            ("matrix", "--merge-from", copy, "--party", "laukaa", "--out", tmp_path / "m.xlsx",
             "the copy of 'laukaa' made from it would carry over none of its entries")]:
        code, out, err = _run([str(command), str(_example()), *map(str, args), *key], capsys)
        assert code == 4, (command, args, out, err)
        assert said + str(why) in " ".join(err.split()), err
    assert not (tmp_path / "r").exists() and not (tmp_path / "m.xlsx").exists()
    code, out, err = _run(["matrix", str(_example()), "--merge-from", str(copy), "--party",
                           "muurame", "--out", str(tmp_path / "m.xlsx"), *key], capsys)
    assert code == 0, err
    assert "(5 rows)" in out
    code, _, err = _run(["report", str(_example()), "--followup", str(merged), "--out",
                         str(tmp_path / "r"), *key], capsys)
    assert code == 0, err


def test_report_refuses_a_previous_matrix_of_the_same_or_a_later_period(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--previous is last period's merged matrix: the same collection would show every entry
    as carried over and nothing changed, a later period the changes backwards."""
    key = ["--key", str(tmp_path / "suunnitelma.key")]
    sent = tmp_path / "sent"
    sent_copies(sent, key, "2026")
    copy = sent / "seurantamatriisi_muurame.xlsx"
    _fill(copy, EDITS["muurame"])
    merged = tmp_path / "koottu_2026.xlsx"
    assert _run(["collect", str(_example()), str(copy), "--out", str(merged), *key],
                capsys)[0] == 0
    later = tmp_path / "yhdistetty_2027.xlsx"
    assert _run(["matrix", str(_example()), "--merge-from", str(merged), "--period", "2027",
                 "--out", str(later), *key], capsys)[0] == 0
    for previous, why in [
            (merged, "koottu_2026.xlsx: is of the same follow-up period (2026) as the matrix "
             "reported on: the report would show every entry as carried over from an earlier "
             "period and nothing as changed; give last period's merged matrix, or leave "
             "--previous out"),
            (later, "yhdistetty_2027.xlsx: is of a later follow-up period (2027) than the "
             "matrix reported on (2026): the report would show the changes backwards; give the "
             "earlier period's merged matrix as --previous")]:
        code, _, err = _run(["report", str(_example()), "--followup", str(merged),
                             "--previous", str(previous), "--out", str(tmp_path / "r"), *key],
                            capsys)
        assert code == 4, err
        assert why in " ".join(err.split()), err
    assert not (tmp_path / "r").exists()
    # the other way round it is a report of 2027 compared with 2026
    code, _, err = _run(["report", str(_example()), "--followup", str(later), "--previous",
                         str(merged), "--out", str(tmp_path / "r"), *key], capsys)
    assert code == 0, err


def test_make_report_refuses_the_same_period_from_python_too() -> None:
    from yhdyspinta_docs._build import BuildOptions, make_report
    from yhdyspinta_docs.errors import MatrixError
    from yhdyspinta_docs.matrix import FollowupData
    from yhdyspinta_docs.plan import load_plan

    pf = load_plan(_example())
    data = FollowupData(plan_id=pf.plan.id, plan_version=pf.plan.version, period="2026")
    with pytest.raises(MatrixError, match="previous: is of the same follow-up period"):
        make_report(pf, data, BuildOptions(), previous=data)


def test_next_years_copies_collected_without_their_base_are_warned_of(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Next year's copies carry this year's entries; collected without the round's combined
    matrix as --base, the parties that have not returned theirs would have empty rows, so
    collect says so and how to keep their entries."""
    key = ["--key", str(tmp_path / "suunnitelma.key")]
    sent = tmp_path / "sent"
    sent_copies(sent, key, "2026")
    _fill(sent / "seurantamatriisi_muurame.xlsx", EDITS["muurame"])
    _fill(sent / "seurantamatriisi_jyvaskyla.xlsx", EDITS["jyvaskyla"])
    merged = tmp_path / "koottu.xlsx"
    code, _, err = _run(["collect", str(_example()), str(sent / "seurantamatriisi_muurame.xlsx"),
                         str(sent / "seurantamatriisi_jyvaskyla.xlsx"), "--out", str(merged),
                         *key], capsys)
    assert code == 0, err
    assert "carried over" not in err  # this year's copies were sent empty
    nxt, combined = tmp_path / "2027", tmp_path / "seuraava.xlsx"
    for args in (["--for-each-party", "--out", str(nxt)], ["--out", str(combined)]):
        code, _, err = _run(["matrix", "--merge-from", str(merged), "--period", "2027", *args,
                             *key], capsys)
        assert code == 0, err
    copy = nxt / "seurantamatriisi_muurame.xlsx"
    _fill(copy, {"asuminen/muurame": {"Tilanne": "Valmis"}})
    code, _, err = _run(["collect", str(_example()), str(copy), "--out",
                         str(tmp_path / "k1.xlsx"), *key], capsys)
    assert code == 0, err
    said = " ".join(err.split())
    assert ("seurantamatriisi_muurame.xlsx was sent with entries carried over from an earlier "
            "round (asuminen/muurame: Tilanne, Tilannekuvaus), and so were the other copies; "
            "without --base, the rows of the 23 parties whose copy has not come back are empty "
            "in the merged matrix") in said, said
    code, out, err = _run(["collect", str(_example()), str(copy), "--base", str(combined),
                           "--out", str(tmp_path / "k2.xlsx"), *key], capsys)
    assert code == 0, err
    assert "carried over" not in err
    ws = load_workbook(tmp_path / "k2.xlsx")["Seuranta"]
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    status = column_letter("Tilanne", ws)
    assert ws[f"{status}{rows['asuminen/jyvaskyla']}"].value == "Valmis"  # kept from last year


def test_a_folder_whose_copies_are_in_subfolders_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A coordinator who keeps each party's copy in a folder of its own gives the parent: the
    usage error names the subfolders to give, not only that the folder holds no spreadsheet."""
    per = tmp_path / "per"
    for party in ("joutsa", "muurame"):
        (per / party).mkdir(parents=True)
        (per / party / f"{party}.xlsx").write_bytes(b"PK")
    key = tmp_path / "suunnitelma.key"
    key.write_text("ab" * 32 + "\n", "ascii")
    code, out, err = _run(["collect", str(_example()), str(per), "--out",
                           str(tmp_path / "koottu.xlsx"), "--key", str(key)], capsys)
    assert code == 2
    assert (f"the folder {per} holds no spreadsheet files (its subfolders do: give them, e.g. "
            f"{per / 'joutsa'} {per / 'muurame'})") in " ".join(err.split())
