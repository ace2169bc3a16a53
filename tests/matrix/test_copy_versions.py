"""A party sends a corrected copy after its first one was collected: the merged matrix records,
hidden and signed, what it took from the parties' copies, so the new version's values replace
the entries nobody changed since without a conflict, while a cell the coordinator corrected,
or resolved, stays a conflict with a new value, and a copy sent again with the values already
weighed changes nothing (matrix/_taken.py)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_collect_again import _cell
from test_followup_round import _example, _fill, _run

from helpers import column_letter, sent_copies, type_cell
from yhdyspinta_docs.matrix._meta import TAKEN_META_COL, signature
from yhdyspinta_docs.matrix._read import parse_matrix
from yhdyspinta_docs.plan import load_plan

ROW = "asuminen/jyvaskyla"
V1 = {ROW: {"Tilanne": "Käynnissä", "Tilannekuvaus": "Työryhmä kootu"}}
V2 = {ROW: {"Tilanne": "Valmis", "Tilannekuvaus": "Työryhmä koottu ja kokoontunut"}}
TEXT = column_letter("Tilannekuvaus")
"""The column Tilannekuvaus, where the conflicts of these tests are (rows 2 and 6)."""


@pytest.fixture
def first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path, list[str]]:
    """Jyväskylä's copy (v1) collected into koottu.xlsx; the folder `back` then has its v2
    (changed in two cells it filled in v1) beside it. Returns (back, koottu.xlsx, --key)."""
    back, merged, key, _ = _collected(tmp_path, capsys, "seurantamatriisi_jyvaskyla.xlsx", V1)
    v2 = back / "jyvaskyla_v2.xlsx"
    shutil.copy(back / "seurantamatriisi_jyvaskyla.xlsx", v2)
    _fill(v2, V2)
    return back, merged, key


def _collected(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
               edits: dict[str, dict[str, str]]) -> tuple[Path, Path, list[str], Path]:
    """Jyväskylä's copy (lahetetty.xlsx) filled with `edits` as `name` in the folder of
    returned copies and collected into koottu.xlsx, the only copy back yet. Returns (that
    folder, koottu.xlsx, --key, the copy sent)."""
    back = tmp_path / "palautetut"
    back.mkdir()
    key = ["--key", str(tmp_path / "suunnitelma.key")]
    sent = tmp_path / "lahetetty.xlsx"
    code, _, err = _run(["matrix", "--party", "jyvaskyla", "--out", str(sent), *key], capsys)
    assert code == 0, err
    shutil.copy(sent, back / name)
    _fill(back / name, edits)
    merged = tmp_path / "koottu.xlsx"
    code, out, err = _run(["collect", str(_example()), str(back), "--out", str(merged), *key],
                          capsys)
    assert code == 0, err + out
    return back, merged, key, sent


def _again(base: Path, back: Path, key: list[str], capsys: pytest.CaptureFixture[str]
           ) -> tuple[int, str, str, Path]:
    out_path = base.with_name("koottu2.xlsx")
    code, out, err = _run(["collect", str(_example()), str(back), "--base", str(base),
                           "--out", str(out_path), *key], capsys)
    return code, out, err, out_path


def test_a_new_version_replaces_what_was_collected_from_the_earlier_copy(
        first: tuple[Path, Path, list[str]], capsys: pytest.CaptureFixture[str]) -> None:
    back, merged, key = first
    code, out, err, second = _again(merged, back, key, capsys)
    assert code == 0, err + out
    assert "Ristiriidat" not in load_workbook(second).sheetnames
    assert _cell(second, ROW, "Tilanne") == "Valmis"
    assert _cell(second, ROW, "Tilannekuvaus") == "Työryhmä koottu ja kokoontunut"
    assert ("read      seurantamatriisi_jyvaskyla.xlsx (jyvaskyla): already collected into "
            "koottu.xlsx; its entries there are kept") in out
    assert ("replaced  jyvaskyla_v2.xlsx (jyvaskyla): replaces 2 entries collected from the "
            "party's earlier copy into koottu.xlsx and not changed there since "
            "(asuminen/jyvaskyla: Tilanne, Tilannekuvaus)\n") in out
    assert out.count("replaced  ") == 1
    # the record goes on: v3 replaces v2's values in koottu2.xlsx as v2 replaced v1's
    _fill(back / "jyvaskyla_v2.xlsx", {ROW: {"Tilanne": "Viivästynyt"}})
    third = second.with_name("koottu3.xlsx")
    code, out, err = _run(["collect", str(_example()), str(back), "--base", str(second),
                           "--out", str(third), *key], capsys)
    assert code == 0, err + out
    assert _cell(third, ROW, "Tilanne") == "Viivästynyt"
    assert "replaces 1 entry collected from the party's earlier copy into koottu2.xlsx" in out


def test_a_cell_the_coordinator_corrected_is_still_a_conflict(
        first: tuple[Path, Path, list[str]], capsys: pytest.CaptureFixture[str]) -> None:
    back, merged, key = first
    type_cell(merged, ROW, "Tilannekuvaus", "Työryhmä koottu")  # the typo fixed in the base
    code, out, err, second = _again(merged, back, key, capsys)
    assert code == 5, err + out
    assert err.count("asuminen/jyvaskyla: Tilannekuvaus: sent '', changed to") == 1, err
    assert (f"1 = 'Työryhmä koottu' (koottu.xlsx (base): Seuranta!{TEXT}6); "
            f"2 = 'Työryhmä koottu ja kokoontunut' (jyvaskyla_v2.xlsx: Seuranta!{TEXT}2)") in err
    assert "Tilanne:" not in err
    assert _cell(second, ROW, "Tilanne") == "Valmis"  # replaced
    assert _cell(second, ROW, "Tilannekuvaus") == "Työryhmä koottu"  # the base's, kept
    assert ("replaced  jyvaskyla_v2.xlsx (jyvaskyla): replaces 1 entry collected from the "
            "party's earlier copy into koottu.xlsx and not changed there since "
            "(asuminen/jyvaskyla: Tilanne)\n") in out


def test_two_new_versions_that_disagree_offer_the_value_the_cell_keeps(
        first: tuple[Path, Path, list[str]], capsys: pytest.CaptureFixture[str]) -> None:
    """v2 and v3 of one copy in the same collect disagree on a cell collected from v1: the
    cell keeps v1's value until the conflict is resolved, so that value is one of the
    conflict's choices, as docs/matrix.md says."""
    back, merged, key = first
    v3 = back / "jyvaskyla_v3.xlsx"
    shutil.copy(back / "jyvaskyla_v2.xlsx", v3)
    _fill(v3, {ROW: {"Tilanne": "Valmis", "Tilannekuvaus": "Työryhmä lakkautettu"}})
    code, out, err, second = _again(merged, back, key, capsys)
    assert code == 5, err + out
    assert (f"1 = 'Työryhmä kootu' (koottu.xlsx (base): Seuranta!{TEXT}6); "
            f"2 = 'Työryhmä koottu ja kokoontunut' (jyvaskyla_v2.xlsx: Seuranta!{TEXT}2); "
            f"3 = 'Työryhmä lakkautettu' (jyvaskyla_v3.xlsx: Seuranta!{TEXT}2)") in err, err
    assert _cell(second, ROW, "Tilannekuvaus") == "Työryhmä kootu"  # kept until resolved


def _rewrite_record(path: Path, key_file: Path, change: str) -> None:
    """Change the record on the Tiedot sheet of the merged matrix `path`, as openpyxl saves
    it: ``"drop"`` removes it and signs the rest with the plan's key (what the code before
    the record wrote); ``"forge"`` makes the entries look untouched by the coordinator's
    correction, without the key."""
    from yhdyspinta_docs.matrix._signing import load_key
    from yhdyspinta_docs.matrix._taken import digest

    pf = load_plan(_example())
    key = load_key(key_file)
    read = parse_matrix(path, pf, key=key)
    wb = load_workbook(path)
    ws = wb["Tiedot"]
    assert ws.cell(1, TAKEN_META_COL).value == "taken"
    lines = [r for r in range(2, ws.max_row + 1) if ws.cell(r, TAKEN_META_COL).value]
    assert [ws.cell(r, TAKEN_META_COL).value.split()[0] for r in lines] == [ROW]
    if change == "drop":
        for r in range(1, ws.max_row + 1):
            ws.cell(r, TAKEN_META_COL).value = None
        labels = [ws.cell(r, 1).value for r in range(1, 10)]
        ws.cell(labels.index("signature") + 1, 2).value = signature(
            key, read.meta, list(read.base.values()), read.conflicts, read.returned,
            read.collected)
    else:
        row = read.current(ROW)
        ws.cell(lines[0], TAKEN_META_COL).value = " ".join(
            [ROW, digest(row.status), digest(row.description), "-", "-", "-"])
    wb.save(path)


def test_a_base_without_a_record_merges_as_before(
        tmp_path: Path, first: tuple[Path, Path, list[str]],
        capsys: pytest.CaptureFixture[str]) -> None:
    back, merged, key = first
    _rewrite_record(merged, tmp_path / "suunnitelma.key", "drop")
    code, out, err, second = _again(merged, back, key, capsys)
    assert code == 5, err + out
    assert "replaced  " not in out
    assert "asuminen/jyvaskyla: Tilanne: sent '', changed to 1 = 'Käynnissä'" in err
    assert "asuminen/jyvaskyla: Tilannekuvaus: sent '', changed to 1 = 'Työryhmä kootu'" in err
    assert _cell(second, ROW, "Tilanne") == "Käynnissä"


def test_a_forged_record_is_refused_as_any_change_to_the_signed_metadata(
        tmp_path: Path, first: tuple[Path, Path, list[str]],
        capsys: pytest.CaptureFixture[str]) -> None:
    back, merged, key = first
    type_cell(merged, ROW, "Tilannekuvaus", "Työryhmä koottu")
    _rewrite_record(merged, tmp_path / "suunnitelma.key", "forge")
    code, out, err, second = _again(merged, back, key, capsys)
    assert code != 0 and not second.exists(), err + out
    assert ("koottu.xlsx (base): Tiedot: the signature of the matrix does not verify: its "
            "hidden metadata sheet was changed, or the file was made with another key") in err


def _two_versions_resolved(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                           ) -> tuple[Path, list[str], Path, Path, Path]:
    """Two versions of Jyväskylä's copy collected at once (they agree on Tilanne, not on
    Tilannekuvaus), the conflict resolved for v1's value into ratkaistu.xlsx. Returns (the
    folder of returned copies, --key, v1, the other version, ratkaistu.xlsx)."""
    back = tmp_path / "palautetut"
    key = ["--key", str(tmp_path / "suunnitelma.key")]
    sent_copies(back, key)
    for path in back.glob("*.xlsx"):
        if path.name != "seurantamatriisi_jyvaskyla.xlsx":
            path.unlink()
    v1 = back / "seurantamatriisi_jyvaskyla.xlsx"
    other = back / "jyvaskyla_toinen.xlsx"
    shutil.copy(v1, other)
    _fill(v1, V1)
    _fill(other, {ROW: {"Tilanne": "Käynnissä", "Tilannekuvaus": "Työryhmä on koottu"}})
    merged = tmp_path / "koottu.xlsx"
    code, out, err = _run(["collect", str(_example()), str(back), "--out", str(merged), *key],
                          capsys)
    assert code == 5, err + out
    wb = load_workbook(merged)
    ws = wb["Ristiriidat"]
    ws.cell(4, {c.value: c.column for c in ws[3]}["Valinta"]).value = 2  # v1's
    wb.save(merged)
    resolved = tmp_path / "ratkaistu.xlsx"
    code, _, err = _run(["resolve", str(_example()), str(merged), "--out", str(resolved),
                         *key], capsys)
    assert code == 0, err
    return back, key, v1, other, resolved


def test_resolve_keeps_the_record_but_a_resolved_cell_is_the_coordinators(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    back, key, v1, _, resolved = _two_versions_resolved(tmp_path, capsys)
    v3 = back / "jyvaskyla_v3.xlsx"
    shutil.copy(v1, v3)
    _fill(v3, {ROW: {"Tilanne": "Valmis", "Tilannekuvaus": "Työryhmä kokoontui"}})
    code, out, err, second = _again(resolved, back, key, capsys)
    assert code == 5, err + out
    assert _cell(second, ROW, "Tilanne") == "Valmis"  # taken from a copy: replaced
    assert "asuminen/jyvaskyla: Tilanne:" not in err
    assert (f"1 = 'Työryhmä kootu' (ratkaistu.xlsx (base): Seuranta!{TEXT}6); "
            f"2 = 'Työryhmä kokoontui' (jyvaskyla_v3.xlsx: Seuranta!{TEXT}2)") in err
    assert ("replaced  jyvaskyla_v3.xlsx (jyvaskyla): replaces 1 entry collected from the "
            "party's earlier copy into ratkaistu.xlsx and not changed there since "
            "(asuminen/jyvaskyla: Tilanne)\n") in out


def test_the_summary_names_five_cells_and_counts_the_rest() -> None:
    from yhdyspinta_docs.matrix._taken import replaced_note

    cells = [(f"m{i}/jyvaskyla", column) for i in range(4) for column in ("Tilanne", "Päivitetty")]
    assert replaced_note("v2.xlsx", "jyvaskyla", cells, "koottu.xlsx") == (
        "v2.xlsx (jyvaskyla): replaces 8 entries collected from the party's earlier copy into "
        "koottu.xlsx and not changed there since (m0/jyvaskyla: Tilanne, Päivitetty; "
        "m1/jyvaskyla: Tilanne, Päivitetty; m2/jyvaskyla: Tilanne and 3 more)")


def test_a_large_record_is_a_few_cells_and_reads_back_as_written() -> None:
    from yhdyspinta_docs.matrix._taken import CELL_CHARS, digest, parse_record, record_texts

    cells = {f"toimenpide-{i}/osapuoli-{j}": {"status": digest("Valmis"),
                                              "description": digest(f"teksti {i} {j}")}
             for i in range(200) for j in range(30)}
    texts = record_texts({**cells, "tyhja/rivi": {}})
    assert 10 < len(texts) < 20 and all(len(t) <= CELL_CHARS for t in texts)
    assert parse_record(texts) == cells
    with pytest.raises(ValueError, match="record of the cells taken was changed"):
        parse_record([texts[0].replace(" - ", " x ", 1)])


# a LibreOffice run: the merged matrix saved by Calc, as a coordinator who opened it
@pytest.mark.slow
@pytest.mark.libreoffice
def test_the_record_survives_a_calc_round_trip_of_the_base(
        tmp_path: Path, first: tuple[Path, Path, list[str]],
        capsys: pytest.CaptureFixture[str]) -> None:
    back, merged, key = first
    saved = tmp_path / "rt"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--norestore", "--convert-to", "xlsx", "--outdir", str(saved), str(merged)],
                   check=True, capture_output=True, timeout=180)
    base = saved / "koottu.xlsx"
    assert base.read_bytes() != merged.read_bytes()
    code, out, err, second = _again(base, back, key, capsys)
    assert code == 0, err + out
    assert _cell(second, ROW, "Tilanne") == "Valmis"
    assert _cell(second, ROW, "Tilannekuvaus") == "Työryhmä koottu ja kokoontunut"
    assert ("replaced  jyvaskyla_v2.xlsx (jyvaskyla): replaces 2 entries collected from the "
            "party's earlier copy into koottu.xlsx and not changed there since") in out


def test_an_older_version_collected_after_the_corrected_one_is_warned_of_by_cell(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The corrected copy (it emptied a row filled by mistake) was collected first; the early
    version, saved into the folder late, fills that row again. Files say nothing reliable of
    which is newer, and a later version filling in more is the common case, so its entries are
    taken, but the warning names each cell it filled over what the base had as sent."""
    back, merged, key, sent = _collected(tmp_path, capsys, "jyvaskyla_korjattu.xlsx",
                                         {ROW: {"Tilanne": "Käynnissä"}})
    early = back / "jyvaskyla.xlsx"
    shutil.copy(sent, early)
    _fill(early, {ROW: {"Tilanne": "Käynnissä"},
                  "vuorovaikutus/jyvaskyla": {"Tilanne": "Valmis", "Tilannekuvaus": "Väärä rivi"}})
    code, out, err, _ = _again(merged, back, key, capsys)
    assert code == 0, err + out
    assert ("Warning: jyvaskyla.xlsx is another copy sent to 'jyvaskyla', after koottu.xlsx (base) "
            "collected one: it fills in what the base has as it was sent (vuorovaikutus/"
            "jyvaskyla: Tilanne, Tilannekuvaus), and these entries were taken; if jyvaskyla.xlsx "
            "is an older version than the copy collected, collect again without it") in err


def test_an_older_copy_that_replaces_later_entries_is_warned_of_with_their_dates(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The newer copy (updated 1.12.2026) was collected first; the older one (15.9.2026),
    collected after it, replaces its entries as a new version would, and the warning says the
    entries it brings are dated before those it replaces."""
    newer = {ROW: {"Tilanne": "Valmis", "Tilannekuvaus": "Raportti valmis",
                   "Päivitetty": "1.12.2026"}}
    back, merged, key, sent = _collected(tmp_path, capsys, "jyvaskyla_v2.xlsx", newer)
    old = back / "jyvaskyla.xlsx"
    shutil.copy(sent, old)
    _fill(old, {ROW: {"Tilanne": "Käynnissä", "Tilannekuvaus": "Työryhmä koottu",
                      "Päivitetty": "15.9.2026"}})
    code, out, err, second = _again(merged, back, key, capsys)
    assert code == 0, err + out
    assert "replaced  jyvaskyla.xlsx (jyvaskyla): replaces" in out
    assert ("Warning: jyvaskyla.xlsx (jyvaskyla): replaces entries of the party's earlier copy "
            "in koottu.xlsx with entries dated before them (Päivitetty asuminen/jyvaskyla "
            "15.9.2026 < 1.12.2026): if it is an older copy than the one collected before, "
            "collect into koottu.xlsx again without it") in err
    # a newer copy after an older one: no such warning
    (tmp_path / "b").mkdir()
    _, merged2, key2, sent2 = _collected(tmp_path / "b", capsys, "jyvaskyla.xlsx",
                                         {ROW: {"Tilanne": "Käynnissä", "Päivitetty": "15.9.2026"}})
    newer_copy = merged2.parent / "palautetut" / "jyvaskyla_v2.xlsx"
    shutil.copy(sent2, newer_copy)
    _fill(newer_copy, newer)
    code, out, err, _ = _again(merged2, newer_copy.parent, key2, capsys)
    assert code == 0 and "replaces" in out and "dated before them" not in err


def _saved_again(path: Path, name: str) -> Path:
    """`path` opened and saved again unchanged as `name` beside it, as a party that sends its
    copy once more: other bytes, the same entries."""
    again = path.with_name(name)
    wb = load_workbook(path)
    wb.properties.lastModifiedBy = name  # saved twice in a second, two copies still differ
    wb.save(again)
    assert again.read_bytes() != path.read_bytes()
    return again


def test_a_copy_sent_again_does_not_undo_or_contest_a_correction(
        first: tuple[Path, Path, list[str]], capsys: pytest.CaptureFixture[str]) -> None:
    """The coordinator fixed a typo of Jyväskylä's copy in the merged matrix; the party then
    sends the same copy again (saved once more): nothing it says is new, so the correction
    stays, without a conflict, and collect says which cells it kept. The party's value stays
    known through the next collect, so the copy sent a third time is no conflict either."""
    back, merged, key = first
    (back / "jyvaskyla_v2.xlsx").unlink()
    type_cell(merged, ROW, "Tilannekuvaus", "Työryhmä koottu")
    _saved_again(back / "seurantamatriisi_jyvaskyla.xlsx", "jyvaskyla_uudelleen.xlsx")
    code, out, err, second = _again(merged, back, key, capsys)
    assert code == 0, err + out
    assert "Ristiriidat" not in load_workbook(second).sheetnames
    assert _cell(second, ROW, "Tilannekuvaus") == "Työryhmä koottu"
    assert _cell(second, ROW, "Tilanne") == "Käynnissä"
    assert ("Warning: jyvaskyla_uudelleen.xlsx (jyvaskyla): has what the party's earlier copy "
            "had, or a value of a conflict resolved since, where koottu.xlsx has a value typed "
            "or chosen there (asuminen/jyvaskyla: Tilannekuvaus): koottu.xlsx's value was "
            "kept, and no conflict raised again; if the party means its value, type it into "
            "the merged matrix") in err
    _saved_again(back / "seurantamatriisi_jyvaskyla.xlsx", "jyvaskyla_kolmas.xlsx")
    third = second.with_name("koottu3.xlsx")
    code, out, err = _run(["collect", str(_example()), str(back), "--base", str(second),
                           "--out", str(third), *key], capsys)
    assert code == 0, err + out
    assert _cell(third, ROW, "Tilannekuvaus") == "Työryhmä koottu"
    assert "jyvaskyla_kolmas.xlsx (jyvaskyla): has what the party's earlier copy had" in err


def test_a_resolved_conflict_is_not_raised_again_by_its_copy_sent_again(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two versions of Jyväskylä's copy disagreed; the coordinator chose one in resolve. The
    other, sent again, brings only the value already weighed: no conflict, the choice stays.
    A new value in it is still a conflict with the choice."""
    back, key, _, other, resolved = _two_versions_resolved(tmp_path, capsys)
    again = _saved_again(other, "jyvaskyla_toinen_uudelleen.xlsx")
    code, out, err, second = _again(resolved, back, key, capsys)
    assert code == 0, err + out
    assert _cell(second, ROW, "Tilannekuvaus") == "Työryhmä kootu"
    assert ("jyvaskyla_toinen_uudelleen.xlsx (jyvaskyla): has what the party's earlier copy "
            "had, or a value of a conflict resolved since, where ratkaistu.xlsx has") in err
    _fill(again, {ROW: {"Tilannekuvaus": "Työryhmä kokoontui"}})
    second.unlink()
    code, out, err, _ = _again(resolved, back, key, capsys)
    assert code == 5, err + out
    assert (f"1 = 'Työryhmä kootu' (ratkaistu.xlsx (base): Seuranta!{TEXT}6); "
            f"2 = 'Työryhmä kokoontui' (jyvaskyla_toinen_uudelleen.xlsx: Seuranta!{TEXT}2)"
            ) in err
