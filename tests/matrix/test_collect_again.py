"""Collecting as copies come: the folder of every copy so far, with the earlier collection as
--base. A copy already collected into the base is recognised by its contents and adds nothing
again, so a correction the coordinator typed into the base, or a conflict resolved in it,
stays as it is; a new version of a copy is still compared with the base."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_followup_round import _example, _fill, _run

from helpers import sent_copies, type_cell

KEY_ROW = "asuminen/jyvaskyla"


def _cell(path: Path, key: str, header: str) -> object:
    wb = load_workbook(path, read_only=True)
    rows = list(wb["Seuranta"].iter_rows(values_only=True))
    wb.close()
    col = rows[0].index(header)
    return next(r[col] for r in rows[1:] if r[0] == key)


@pytest.fixture
def round_(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, list[str]]:
    """Every party's copy sent into `back`; Jyväskylä's came back with a typo."""
    back = tmp_path / "palautetut"
    key = ["--key", str(tmp_path / "suunnitelma.key")]
    sent_copies(back, key)
    for path in back.glob("*.xlsx"):
        if path.name != "seurantamatriisi_jyvaskyla.xlsx":
            path.rename(tmp_path / path.name)  # not back yet
    _fill(back / "seurantamatriisi_jyvaskyla.xlsx",
          {KEY_ROW: {"Tilanne": "Käynnissä", "Tilannekuvaus": "Työryhmä kootu"}})
    return back, key


def test_a_correction_in_the_base_survives_collecting_the_folder_again(
        tmp_path: Path, round_: tuple[Path, list[str]],
        capsys: pytest.CaptureFixture[str]) -> None:
    back, key = round_
    first = tmp_path / "koottu.xlsx"
    code, _, err = _run(["collect", str(_example()), str(back), "--out", str(first), *key],
                        capsys)
    assert code == 0, err
    type_cell(first, KEY_ROW, "Tilannekuvaus", "Työryhmä koottu")  # the typo fixed
    shutil.move(tmp_path / "seurantamatriisi_muurame.xlsx", back)  # the next copy comes
    _fill(back / "seurantamatriisi_muurame.xlsx",
          {"asuminen/muurame": {"Tilanne": "Valmis"}})
    second = tmp_path / "koottu2.xlsx"
    code, out, err = _run(["collect", str(_example()), str(back), "--base", str(first),
                           "--out", str(second), *key], capsys)
    assert code == 0, err + out
    assert "Ristiriidat" not in load_workbook(second).sheetnames
    assert _cell(second, KEY_ROW, "Tilannekuvaus") == "Työryhmä koottu"
    assert _cell(second, "asuminen/muurame", "Tilanne") == "Valmis"
    assert ("read      seurantamatriisi_jyvaskyla.xlsx (jyvaskyla): already collected into "
            "koottu.xlsx; its entries there are kept") in out
    assert "read      seurantamatriisi_muurame.xlsx (muurame): 5 rows, 1 changed cell" in out
    # and a third time, with both copies in the folder and the second collection as base
    third = tmp_path / "koottu3.xlsx"
    code, out, err = _run(["collect", str(_example()), str(back), "--base", str(second),
                           "--out", str(third), *key], capsys)
    assert code == 0, err + out
    assert out.count("already collected into koottu2.xlsx") == 2
    assert "none of" not in err  # nothing new is not "the copies as sent"
    assert "every file was already collected into koottu2.xlsx" in err
    assert _cell(third, KEY_ROW, "Tilannekuvaus") == "Työryhmä koottu"


def test_a_new_version_of_a_copy_is_still_compared_with_the_base(
        tmp_path: Path, round_: tuple[Path, list[str]],
        capsys: pytest.CaptureFixture[str]) -> None:
    back, key = round_
    first = tmp_path / "koottu.xlsx"
    assert _run(["collect", str(_example()), str(back), "--out", str(first), *key],
                capsys)[0] == 0
    type_cell(first, KEY_ROW, "Tilannekuvaus", "Työryhmä koottu")
    # Jyväskylä sends its copy again with the status changed: news, taken; its description
    # still has the typo the coordinator corrected: no news, so the correction stays, and
    # collect says so (a new description would be a conflict with the correction)
    _fill(back / "seurantamatriisi_jyvaskyla.xlsx", {KEY_ROW: {"Tilanne": "Valmis"}})
    second = tmp_path / "koottu2.xlsx"
    code, out, err = _run(["collect", str(_example()), str(back), "--base", str(first),
                           "--out", str(second), *key], capsys)
    assert code == 0, err + out
    assert "already collected" not in out
    assert _cell(second, KEY_ROW, "Tilanne") == "Valmis"
    assert _cell(second, KEY_ROW, "Tilannekuvaus") == "Työryhmä koottu"
    assert (f"seurantamatriisi_jyvaskyla.xlsx (jyvaskyla): has what the party's earlier copy "
            f"had, or a value of a conflict resolved since, where koottu.xlsx has a value typed "
            f"or chosen there ({KEY_ROW}: Tilannekuvaus)") in err


def test_a_new_version_that_empties_an_entry_says_the_base_kept_it(
        tmp_path: Path, round_: tuple[Path, list[str]],
        capsys: pytest.CaptureFixture[str]) -> None:
    """Jyväskylä wrote its description on the wrong row and sends its file again with that
    cell emptied. The cell now has the value it was sent with, as in a copy made anew from the
    one sent and only partly filled, so the base's entry stays; collect says where, and that
    the emptying is the coordinator's to do, instead of keeping the retracted entry without a
    word (and does not advise leaving the first copy out, which the base has already)."""
    back, key = round_
    first = tmp_path / "koottu.xlsx"
    assert _run(["collect", str(_example()), str(back), "--out", str(first), *key],
                capsys)[0] == 0
    corrected = back / "jyvaskyla_korjattu.xlsx"
    shutil.copy(back / "seurantamatriisi_jyvaskyla.xlsx", corrected)
    wb = load_workbook(corrected)
    ws = wb["Seuranta"]
    headers = {c.value: c.column for c in ws[1]}
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == KEY_ROW)
    ws.cell(row, headers["Tilannekuvaus"]).value = None  # emptied: not this row's
    wb.save(corrected)
    second = tmp_path / "koottu2.xlsx"
    code, out, err = _run(["collect", str(_example()), str(back), "--base", str(first),
                           "--out", str(second), *key], capsys)
    assert code == 0, err + out
    assert "read      jyvaskyla_korjattu.xlsx (jyvaskyla): 5 rows, 1 changed cell" in out
    assert err.count("Warning") == 1, err
    assert ("Warning: jyvaskyla_korjattu.xlsx is another copy sent to 'jyvaskyla', after "
            "koottu.xlsx (base) collected one: it has the value it was sent with where the base "
            "has an entry (asuminen/jyvaskyla: Tilannekuvaus), so the base's entries were kept; "
            "if the party emptied them in this copy, empty them in the merged matrix too") in err
    assert _cell(second, KEY_ROW, "Tilannekuvaus") == "Työryhmä kootu"
    assert _cell(second, KEY_ROW, "Tilanne") == "Käynnissä"


def test_a_resolved_conflict_is_not_raised_again_by_the_same_copies(
        tmp_path: Path, round_: tuple[Path, list[str]],
        capsys: pytest.CaptureFixture[str]) -> None:
    back, key = round_
    # the county changes the same cell of Jyväskylä's row in its combined copy
    shutil.copy(back / "seurantamatriisi_jyvaskyla.xlsx", tmp_path / "toinen.xlsx")
    _fill(tmp_path / "toinen.xlsx", {KEY_ROW: {"Tilannekuvaus": "Työryhmä on koottu"}})
    (back / "jyvaskyla_2.xlsx").write_bytes((tmp_path / "toinen.xlsx").read_bytes())
    merged = tmp_path / "koottu.xlsx"
    code, _, _ = _run(["collect", str(_example()), str(back), "--out", str(merged), *key],
                      capsys)
    assert code == 5
    wb = load_workbook(merged)
    ws = wb["Ristiriidat"]
    headers = {c.value: c.column for c in ws[3]}  # below the notice and an empty row
    assert ws.cell(4, headers["Tunnus"]).value == KEY_ROW
    ws.cell(4, headers["Valinta"]).value = 2
    wb.save(merged)
    resolved = tmp_path / "ratkaistu.xlsx"
    code, _, err = _run(["resolve", str(_example()), str(merged), "--out", str(resolved),
                         *key], capsys)
    assert code == 0, err
    again = tmp_path / "koottu2.xlsx"
    code, out, err = _run(["collect", str(_example()), str(back), "--base", str(resolved),
                          "--out", str(again), *key], capsys)
    assert code == 0, err + out
    assert out.count("already collected into ratkaistu.xlsx") == 2
    assert _cell(again, KEY_ROW, "Tilannekuvaus") == _cell(resolved, KEY_ROW, "Tilannekuvaus")



def test_a_copy_collected_again_is_not_warned_of_again(tmp_path: Path) -> None:
    """What was said of a copy at its first collection (here: its file name names another
    party) is not said again each time the folder is collected with the base."""
    import datetime as dt

    from helpers import KEY
    from yhdyspinta_docs.matrix import collect, write_matrix
    from yhdyspinta_docs.plan import load_plan

    pf = load_plan(_example())
    copy = tmp_path / "seurantamatriisi_muurame.xlsx"  # but the copy sent to Jyväskylä
    copy.write_bytes(write_matrix(pf, key=KEY, party="jyvaskyla").data)
    _fill(copy, {KEY_ROW: {"Tilanne": "Valmis"}})
    first = collect(pf, [copy], key=KEY, date=dt.date(2026, 6, 1))
    assert any("is named for 'muurame'" in w for w in first.warnings), first.warnings
    base = tmp_path / "koottu.xlsx"
    base.write_bytes(first.workbook)
    again = collect(pf, [copy], key=KEY, base=base, date=dt.date(2026, 6, 2))
    assert [s.already_collected for s in again.sources] == [True]
    assert not any("is named for" in w for w in again.warnings), again.warnings
