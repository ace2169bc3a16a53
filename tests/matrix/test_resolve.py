"""Conflicts as a state: a merged matrix with unresolved conflicts says so and is refused by
report, next year's matrix and collect --base until the coordinator resolves it; resolving
keeps every value.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_collect import lo_convert, party_file

from helpers import KEY, column_letter, type_cell
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.cli import main
from yhdyspinta_docs.errors import MatrixError, MergeConflictError, OutputError
from yhdyspinta_docs.matrix import collect, read_matrix, resolve
from yhdyspinta_docs.plan._loader import load_plan
from yhdyspinta_docs.plan._model import PlanFile

LATER = dt.date(2026, 9, 15)
STATUS = column_letter("Tilanne")


@pytest.fixture(scope="module")
def pf() -> PlanFile:
    return load_plan(example_plan_path())


def _merged(pf: PlanFile, tmp_path: Path) -> Path:
    """A merged matrix with two conflicts: Tilanne and Tilannekuvaus of asuminen/joutsa."""
    a = party_file(pf, "joutsa", tmp_path, {"asuminen/joutsa": {
        "Tilanne": "Käynnissä", "Tilannekuvaus": "Ensimmäinen kuvaus"}}, name="joutsa.xlsx")
    b = party_file(pf, "joutsa", tmp_path, {"asuminen/joutsa": {
        "Tilanne": "Viivästynyt", "Tilannekuvaus": "Toinen kuvaus"}}, name="joutsa-2.xlsx")
    result = collect(pf, [a, b], key=KEY, date=LATER)
    assert len(result.conflicts) == 2
    path = tmp_path / "koottu.xlsx"
    path.write_bytes(result.workbook)
    return path


def _resolved(pf: PlanFile, tmp_path: Path) -> Path:
    """:func:`_merged` with the first value of both conflicts chosen and resolved."""
    chosen = _choose(_merged(pf, tmp_path), {("asuminen/joutsa", "Tilanne", 1): 1,
                                             ("asuminen/joutsa", "Tilannekuvaus", 1): 1},
                     tmp_path / "valinnat.xlsx")
    out = tmp_path / "ratkaistu.xlsx"
    out.write_bytes(resolve(pf, chosen, key=KEY).workbook)
    return out


def _choose(path: Path, choices: dict[tuple[str, str, int], object], out: Path) -> Path:
    """Type `choices` {(key, column, Nro): choice} into the Valinta column, as a coordinator."""
    wb = load_workbook(path)
    ws = wb["Ristiriidat"]
    head = {c.value: c.column for c in ws[3]}
    for r in range(4, ws.max_row + 1):
        found = (ws.cell(r, head["Tunnus"]).value, ws.cell(r, head["Sarake"]).value,
                 ws.cell(r, head["Nro"]).value)
        if found in choices:
            ws.cell(r, head["Valinta"]).value = choices[found]
    wb.save(out)
    return out


def _all_text(data: bytes) -> str:
    wb = load_workbook(io.BytesIO(data))
    return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows()
                     for c in row if c.value is not None)


def test_unresolved_merged_matrix_says_so_first(pf: PlanFile, tmp_path: Path) -> None:
    wb = load_workbook(_merged(pf, tmp_path))
    assert wb.sheetnames[0] == "Ristiriidat" and wb.active.title == "Ristiriidat"
    line = wb["Ristiriidat"]["A1"].value
    assert line.startswith("2 ristiriitaa ratkaisematta: katso Ristiriidat-välilehti")
    assert "yhdyspinta-docs resolve" in line
    assert wb["Yhteenveto"]["A3"].value == line
    assert [c.value for c in wb["Ristiriidat"][3]] == [
        "Tunnus", "Sarake", "Lähetetty arvo", "Nro", "Tiedosto", "Solu", "Arvo", "Valinta",
        "Voimassa"]


def test_unresolved_merged_matrix_is_refused(pf: PlanFile, tmp_path: Path) -> None:
    merged = _merged(pf, tmp_path)
    with pytest.raises(MergeConflictError) as info:
        read_matrix(merged, pf, key=KEY)
    text = str(info.value)
    assert info.value.exit_code == 5
    assert "koottu.xlsx has 2 unresolved conflict(s)" in text
    assert ("koottu.xlsx: asuminen/joutsa Tilanne: sent '', changed to 1 = 'Käynnissä' "
            f"(joutsa.xlsx: Seuranta!{STATUS}2); 2 = 'Viivästynyt' (joutsa-2.xlsx: "
            f"Seuranta!{STATUS}2)") in text
    # the command to paste: the plan file as it was loaded, this file, the output next to it
    resolve = (f"yhdyspinta-docs resolve {example_plan_path()} {merged} --out "
               f"{tmp_path / 'ratkaistu.xlsx'}")
    assert "in the column Valinta the Nro of the value" in text and resolve in text
    other = party_file(pf, "joutsa", tmp_path, {}, name="uusi.xlsx")
    with pytest.raises(MergeConflictError) as info:
        collect(pf, [other], key=KEY, base=merged, date=LATER)
    text = str(info.value)
    assert "nothing was collected" in text and resolve in text
    assert "koottu.xlsx (base): asuminen/joutsa Tilannekuvaus: sent '', changed to" in text
    # among the returned files it is no returned copy: resolving it would not help
    with pytest.raises(MatrixError) as info:
        collect(pf, [other, merged], key=KEY, date=LATER)
    assert not isinstance(info.value, MergeConflictError)
    assert [str(i) for i in info.value.issues] == [
        "koottu.xlsx: is a merged matrix that collect wrote (with 2 unresolved conflict(s)), "
        "not a copy a party returned: leave it out of the files (an earlier collection goes to "
        "--base)"]
    assert "yhdyspinta-docs resolve" not in str(info.value)


def test_resolve_applies_choices_and_keeps_every_value(pf: PlanFile, tmp_path: Path) -> None:
    merged = _merged(pf, tmp_path)
    chosen = _choose(merged, {("asuminen/joutsa", "Tilanne", 2): 2,
                              ("asuminen/joutsa", "Tilannekuvaus", 1): "Yhdistetty kuvaus"},
                     tmp_path / "valinnat.xlsx")
    result = resolve(pf, chosen, key=KEY)
    out = tmp_path / "ratkaistu.xlsx"
    out.write_bytes(result.workbook)
    data = read_matrix(out, pf, key=KEY)  # no longer refused
    row = data.by_key()["asuminen/joutsa"]
    assert (row.status.value if row.status else None, row.description) == (
        "Viivästynyt", "Yhdistetty kuvaus")
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "Ohjeet" and "Ristiriidat" in wb.sheetnames
    ws = wb["Ristiriidat"]
    assert ws["A1"].value.startswith("Ristiriidat on ratkaistu")
    table = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    assert [(r[1], r[4], r[6], r[8]) for r in table] == [
        ("Tilanne", "joutsa.xlsx", "Käynnissä", None),
        ("Tilanne", "joutsa-2.xlsx", "Viivästynyt", "✓"),
        ("Tilannekuvaus", "joutsa.xlsx", "Ensimmäinen kuvaus", None),
        ("Tilannekuvaus", "joutsa-2.xlsx", "Toinen kuvaus", None),
        ("Tilannekuvaus", "(koordinaattori)", "Yhdistetty kuvaus", "✓")]
    text = _all_text(result.workbook)
    for value in ("Käynnissä", "Viivästynyt", "Ensimmäinen kuvaus", "Toinen kuvaus"):
        assert value in text
    # the date of the resolved file is that of the merged file, not the clock
    assert wb.properties.created.date() == LATER
    assert resolve(pf, chosen, key=KEY).workbook == result.workbook  # same bytes
    # the history stays through the next collect with the resolved file as the base
    again = collect(pf, [party_file(pf, "joutsa", tmp_path, {}, name="uusi.xlsx")], key=KEY,
                    base=out, date=LATER)
    assert again.ok and "Toinen kuvaus" in _all_text(again.workbook)


def test_unanswered_choice_is_refused_naming_the_cell(pf: PlanFile, tmp_path: Path) -> None:
    merged = _merged(pf, tmp_path)
    chosen = _choose(merged, {("asuminen/joutsa", "Tilanne", 1): "ei tämä"},
                     tmp_path / "valinnat.xlsx")
    with pytest.raises(MatrixError) as info:
        resolve(pf, chosen, key=KEY)
    text = str(info.value)
    assert not isinstance(info.value, MergeConflictError)
    assert "valinnat.xlsx: 2 conflict(s) have no usable choice; nothing was written" in text
    assert ("valinnat.xlsx: Ristiriidat!H4: asuminen/joutsa Tilanne: the choice cannot be "
            "used: 'ei tämä' is not a status") in text
    assert ("valinnat.xlsx: Ristiriidat!H6: asuminen/joutsa Tilannekuvaus: no choice in the "
            "column Valinta; type the Nro of the value that stays: 0 = '' (sent), "
            "1 = 'Ensimmäinen kuvaus' (joutsa.xlsx), 2 = 'Toinen kuvaus' (joutsa-2.xlsx)") in text


def test_a_choice_typed_over_the_header_is_told_as_that(pf: PlanFile, tmp_path: Path) -> None:
    """The sheet is not protected: a choice typed into the header cell Valinta leaves no row
    to find; the error says so, not that the rows are missing."""
    merged = _merged(pf, tmp_path)
    wb = load_workbook(merged)
    ws = wb["Ristiriidat"]
    header = next(c for c in ws[3] if c.value == "Valinta")
    header.value = 1
    wb.save(tmp_path / "valinnat.xlsx")
    with pytest.raises(MatrixError) as info:
        resolve(pf, tmp_path / "valinnat.xlsx", key=KEY)
    text = str(info.value)
    assert ("valinnat.xlsx: Ristiriidat: the header row of the sheet Ristiriidat (Tunnus, "
            "Sarake, Valinta) is not found: a header cell was typed over or deleted") in text
    assert "missing from the sheet" not in text


def test_choice_out_of_range_is_refused(pf: PlanFile, tmp_path: Path) -> None:
    merged = _merged(pf, tmp_path)
    chosen = _choose(merged, {("asuminen/joutsa", "Tilanne", 1): 1,
                              ("asuminen/joutsa", "Tilannekuvaus", 2): 5},
                     tmp_path / "valinnat.xlsx")
    with pytest.raises(MatrixError, match=r"valinnat\.xlsx: Ristiriidat!H7: asuminen/joutsa "
                       r"Tilannekuvaus: the choice cannot be used: there is no value Nro 5; "
                       r"type 0–2"):
        resolve(pf, chosen, key=KEY)


def test_choice_by_file_name_or_sent_value(pf: PlanFile, tmp_path: Path) -> None:
    merged = _merged(pf, tmp_path)
    chosen = _choose(merged, {("asuminen/joutsa", "Tilanne", 2): "JOUTSA.xlsx",
                              ("asuminen/joutsa", "Tilannekuvaus", 2): 0},
                     tmp_path / "valinnat.xlsx")
    result = resolve(pf, chosen, key=KEY)
    row = result.data.by_key()["asuminen/joutsa"]
    assert (row.status.value if row.status else None, row.description) == ("Käynnissä", None)


def test_a_status_typed_on_two_rows_in_two_ways_is_one_choice(
        pf: PlanFile, tmp_path: Path) -> None:
    """'Viivästynyt', 'viivastynyt' and 'Försenad' name one status: no 'different choices'."""
    merged = _merged(pf, tmp_path)
    chosen = _choose(merged, {("asuminen/joutsa", "Tilanne", 1): "viivastynyt",
                              ("asuminen/joutsa", "Tilanne", 2): "Försenad",
                              ("asuminen/joutsa", "Tilannekuvaus", 1): 1},
                     tmp_path / "valinnat.xlsx")
    row = resolve(pf, chosen, key=KEY).data.by_key()["asuminen/joutsa"]
    assert (row.status.value if row.status else None, row.description) == (
        "Viivästynyt", "Ensimmäinen kuvaus")
    # two different texts are still two choices
    twice = _choose(merged, {("asuminen/joutsa", "Tilanne", 1): 1,
                             ("asuminen/joutsa", "Tilannekuvaus", 1): "Yksi",
                             ("asuminen/joutsa", "Tilannekuvaus", 2): "yksi"},
                    tmp_path / "kahdesti.xlsx")
    with pytest.raises(MatrixError, match=r"different choices on its rows \('Yksi', 'yksi'\)"):
        resolve(pf, twice, key=KEY)


def test_an_output_workbook_not_named_xlsx_is_refused_before_any_work(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["collect", str(example_plan_path()), str(tmp_path), "--out",
                  str(tmp_path / "koottu.ods")],
                 ["resolve", str(example_plan_path()), str(example_plan_path()), "--out",
                  str(tmp_path / "ratkaistu")],
                 ["matrix", "--out", str(tmp_path / "matriisi.xls")]):
        code, _, err = _run(argv, capsys)
        assert code == 6, err
        assert ": the file written is an Excel workbook; give a name ending in .xlsx" in err
    assert list(tmp_path.iterdir()) == []


def test_removing_the_conflicts_breaks_the_signature(pf: PlanFile, tmp_path: Path) -> None:
    merged = _merged(pf, tmp_path)
    wb = load_workbook(merged)
    ws = wb["Tiedot"]
    for row in ws.iter_rows(min_col=9):
        for cell in row:
            cell.value = None
    del wb["Ristiriidat"]
    wb.save(tmp_path / "peitetty.xlsx")
    with pytest.raises(MatrixError, match="signature of the matrix does not verify"):
        read_matrix(tmp_path / "peitetty.xlsx", pf, key=KEY)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_command_line_round(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(example_plan_path(), plan)
    (tmp_path / "plan.yaml.key").write_text(KEY.hex() + "\n")
    pf = load_plan(plan)
    a = party_file(pf, "joutsa", tmp_path, {"asuminen/joutsa": {"Tilanne": "Valmis"}},
                   name="a.xlsx")
    b = party_file(pf, "joutsa", tmp_path, {"asuminen/joutsa": {"Tilanne": "Käynnissä"}},
                   name="b.xlsx")
    merged = tmp_path / "koottu.xlsx"
    code, _, err = _run(["collect", str(plan), str(a), str(b), "--out", str(merged)], capsys)
    assert code == 5 and "Valmis" in err and "Käynnissä" in err
    for argv in (["report", str(plan), "--followup", str(merged), "--out",
                  str(tmp_path / "raportti")],
                 ["matrix", str(plan), "--merge-from", str(merged), "--out",
                  str(tmp_path / "seuraava.xlsx")]):
        code, _, err = _run(argv, capsys)
        assert code == 5, err
        assert "koottu.xlsx has 1 unresolved conflict(s)" in err
        assert "asuminen/joutsa Tilanne: sent '', changed to 1 = 'Valmis' (a.xlsx: " in err
        assert "Traceback" not in err
    assert not (tmp_path / "seuraava.xlsx").exists()
    code, _, err = _run(["resolve", str(plan), str(merged), "--out",
                         str(tmp_path / "r.xlsx")], capsys)
    assert code == 4 and "koottu.xlsx: Ristiriidat!H4: asuminen/joutsa Tilanne: no choice" in err
    _choose(merged, {("asuminen/joutsa", "Tilanne", 1): 1}, merged)
    code, out, err = _run(["resolve", str(plan), str(merged), "--out",
                           str(tmp_path / "r.xlsx")], capsys)
    assert code == 0, err
    assert "resolved" in out
    code, _, err = _run(["report", str(plan), "--followup", str(tmp_path / "r.xlsx"), "--out",
                         str(tmp_path / "raportti")], capsys)
    assert code == 0, err
    code, _, err = _run(["matrix", str(plan), "--merge-from", str(tmp_path / "r.xlsx"),
                         "--out", str(tmp_path / "seuraava.xlsx")], capsys)
    assert code == 0, err


def test_resolving_again_does_not_replace_corrections_typed_into_the_earlier_result(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(example_plan_path(), plan)
    (tmp_path / "plan.yaml.key").write_text(KEY.hex() + "\n")
    pf = load_plan(plan)
    merged = _choose(_merged(pf, tmp_path), {("asuminen/joutsa", "Tilanne", 1): 1,
                                            ("asuminen/joutsa", "Tilannekuvaus", 1): 1},
                     tmp_path / "koottu.xlsx")
    resolved = tmp_path / "ratkaistu.xlsx"
    argv = ["resolve", str(plan), str(merged), "--out", str(resolved), "--force"]
    assert _run(argv, capsys)[0] == 0
    type_cell(resolved, "asuminen/muurame", "Tilannekuvaus", "Koordinaattori korjasi")
    typed = resolved.read_bytes()
    # the coordinator changes a choice in the merged matrix and resolves again over the result
    _choose(merged, {("asuminen/joutsa", "Tilanne", 1): 2}, merged)
    code, _, err = _run(argv, capsys)
    assert code == 6 and "Traceback" not in err
    assert (f"{resolved}: is a merged matrix of this plan, and the result of resolving "
            "koottu.xlsx would lose or change 1 entry in it: asuminen/muurame Tilannekuvaus "
            "'Koordinaattori korjasi' would be empty. Nothing was written (--force does not "
            "replace it): to keep it, type it into koottu.xlsx too (resolve keeps what is "
            "typed there besides the choices) and resolve again, or give another --out and "
            "keep ratkaistu.xlsx; to start over without it, delete ratkaistu.xlsx") in err
    assert resolved.read_bytes() == typed
    # as the message says: typed into the merged matrix, it is kept with the new choice
    type_cell(merged, "asuminen/muurame", "Tilannekuvaus", "Koordinaattori korjasi")
    assert _run(argv, capsys)[0] == 0
    rows = read_matrix(resolved, pf, key=KEY).by_key()
    assert rows["asuminen/muurame"].description == "Koordinaattori korjasi"
    assert rows["asuminen/joutsa"].status is not None
    assert rows["asuminen/joutsa"].status.value == "Viivästynyt"
    # resolving in place (the result over the file resolved) is no loss: it is the same file
    assert resolve(pf, merged, key=KEY, out=merged).workbook


def test_a_merged_matrix_of_another_period_keeps_an_entry_in_a_cell_being_resolved(
        pf: PlanFile, tmp_path: Path) -> None:
    """A cell whose conflict is being resolved takes the new choice only over an earlier
    result of this round; next period's merged matrix, given as --out by mistake, has there
    an entry of its own, which the result would replace."""
    merged = _choose(_merged(pf, tmp_path), {("asuminen/joutsa", "Tilanne", 1): 1,
                                            ("asuminen/joutsa", "Tilannekuvaus", 1): 1},
                     tmp_path / "koottu.xlsx")
    later = party_file(pf, "joutsa", tmp_path, {"asuminen/joutsa": {
        "Tilanne": "Valmis", "Tilannekuvaus": "Ensimmäinen kuvaus"}}, name="joutsa-2027.xlsx",
        period="2027")
    other = tmp_path / "koottu-2027.xlsx"
    other.write_bytes(collect(pf, [later], key=KEY, date=LATER).workbook)
    with pytest.raises(OutputError) as info:
        resolve(pf, merged, key=KEY, out=other)
    assert ("would lose or change 1 entry in it: asuminen/joutsa Tilanne 'Valmis' would be "
            "'Käynnissä'") in str(info.value)
    assert "koottu-2027.xlsx is the merged matrix of follow-up period '2027'" in str(info.value)


@pytest.mark.libreoffice
def test_libreoffice_resave_with_choices_resolves(pf: PlanFile, tmp_path: Path) -> None:
    merged = _merged(pf, tmp_path)
    chosen = _choose(merged, {("asuminen/joutsa", "Tilanne", 1): 1,
                              ("asuminen/joutsa", "Tilannekuvaus", 2): 2},
                     tmp_path / "valinnat.xlsx")
    resaved = lo_convert(chosen, tmp_path / "lo", tmp_path / "profile")
    result = resolve(pf, resaved, key=KEY)
    row = result.data.by_key()["asuminen/joutsa"]
    assert (row.status.value if row.status else None, row.description) == (
        "Käynnissä", "Toinen kuvaus")
    text = _all_text(result.workbook)
    assert "Viivästynyt" in text and "Ensimmäinen kuvaus" in text


def test_new_value_keeps_its_lines_as_typed(pf: PlanFile, tmp_path: Path) -> None:
    """A value the coordinator writes in Valinta is read as a cell of the matrix is: its line
    breaks kept (Excel stores the break before them as _x000D_, which is decoded), spaces
    inside a line kept, hidden direction marks removed; only the comparison of a conflict's
    Valinta cells ignores how the spaces fall."""
    merged = _merged(pf, tmp_path)
    typed = "Yhdistetty kuvaus:_x000D_\n–  ensimmäinen\u202e osa\n– toinen osa "
    chosen = _choose(merged, {("asuminen/joutsa", "Tilanne", 1): 1,
                              ("asuminen/joutsa", "Tilannekuvaus", 1): typed,
                              ("asuminen/joutsa", "Tilannekuvaus", 2): "Yhdistetty  kuvaus: "
                              "– ensimmäinen osa – toinen osa"},
                     tmp_path / "valinnat.xlsx")
    row = resolve(pf, chosen, key=KEY).data.by_key()["asuminen/joutsa"]
    assert row.description == "Yhdistetty kuvaus:\n–  ensimmäinen osa\n– toinen osa"


def test_a_new_conflict_on_a_cell_resolved_before_can_be_resolved(
        pf: PlanFile, tmp_path: Path) -> None:
    """Collecting into a resolved file (--base) where a late copy changes a cell whose conflict
    was resolved earlier: the merged file has two conflicts of one cell, the old one resolved
    and the new one open, and is read back (it was refused as not verifying), resolved and
    used."""
    first = _resolved(pf, tmp_path)
    late = party_file(pf, "joutsa", tmp_path, {"asuminen/joutsa": {"Tilanne": "Valmis"}},
                      name="myohassa.xlsx")
    again = collect(pf, [late], key=KEY, base=first, date=LATER)
    assert [(c.key, c.column, [v.value for v in c.values]) for c in again.conflicts] == [
        ("asuminen/joutsa", "Tilanne", ["Käynnissä", "Valmis"])]
    second = tmp_path / "koottu-2.xlsx"
    second.write_bytes(again.workbook)
    with pytest.raises(MergeConflictError) as info:  # refused as unresolved, not as forged
        read_matrix(second, pf, key=KEY)
    assert "koottu-2.xlsx has 1 unresolved conflict(s)" in str(info.value)
    assert ("asuminen/joutsa Tilanne: sent '', changed to 1 = 'Käynnissä' (ratkaistu.xlsx "
            f"(base): Seuranta!{STATUS}5); 2 = 'Valmis' (myohassa.xlsx: "
            f"Seuranta!{STATUS}2)") in str(info.value)
    answered = _choose(second, {("asuminen/joutsa", "Tilanne", 2): 2},
                       tmp_path / "valinnat-2.xlsx")
    result = resolve(pf, answered, key=KEY)
    out = tmp_path / "ratkaistu-2.xlsx"
    out.write_bytes(result.workbook)
    row = read_matrix(out, pf, key=KEY).by_key()["asuminen/joutsa"]
    assert (row.status.value if row.status else None, row.description) == (
        "Valmis", "Ensimmäinen kuvaus")
    table = [[c.value for c in r] for r in load_workbook(out)["Ristiriidat"].iter_rows(
        min_row=4)]
    assert [(r[1], r[4], r[6], r[8]) for r in table if r[1] == "Tilanne"] == [
        ("Tilanne", "ratkaistu.xlsx (base)", "Käynnissä", None),
        ("Tilanne", "myohassa.xlsx", "Valmis", "✓"),
        ("Tilanne", "joutsa.xlsx", "Käynnissä", "✓"),
        ("Tilanne", "joutsa-2.xlsx", "Viivästynyt", None)]


def test_resolving_keeps_whom_the_round_heard_from(pf: PlanFile, tmp_path: Path) -> None:
    """The merged matrix records the parties whose copies it collected (the report names the
    others); resolving its conflicts keeps that record, signed, for the next collect too."""
    out = _resolved(pf, tmp_path)
    assert read_matrix(out, pf, key=KEY).returned == ["joutsa"]
    muurame = party_file(pf, "muurame", tmp_path, {"asuminen/muurame": {"Tilanne": "Valmis"}},
                         name="muurame.xlsx")
    again = collect(pf, [muurame], key=KEY, base=out, date=LATER)
    assert again.data.returned == ["joutsa", "muurame"]
