"""A coordinator's mistakes in the follow-up round on the command line, and what they are told."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from helpers import sent_copies, type_cell
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.cli import main
from yhdyspinta_docs.matrix._followup import COLUMNS


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def _period(path: Path) -> str:
    wb = load_workbook(path, read_only=True)
    title = str(wb["Yhteenveto"]["A2"].value)
    wb.close()
    return title.rsplit(" ", 1)[-1]


def _sent_back(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
               ) -> tuple[list[str], str, Path, Path]:
    """Every party's copy made into `back`, Jyväskylä's filled with `text` as its note:
    (--key, the plan, back, Jyväskylä's copy)."""
    key = ["--key", str(tmp_path / "suunnitelma.key")]
    back = tmp_path / "palautetut"
    sent_copies(back, key)
    copy = back / "seurantamatriisi_jyvaskyla.xlsx"
    type_cell(copy, "asuminen/jyvaskyla", "Tilannekuvaus", text)
    return key, str(example_plan_path()), back, copy


def test_next_years_matrix_without_period_says_it_has_last_years(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --period a matrix takes the year of the plan's date, the same every year: next
    year's matrix made with --merge-from would be for this year's period again (its copies
    then collected with last year's, its report refused with --previous as the same period),
    so the command says so and how to make it for the next round."""
    key = ["--key", str(tmp_path / "suunnitelma.key")]
    merged = tmp_path / "koottu.xlsx"
    code, _, err = _run(["matrix", "--out", str(merged), "--period", "2026", *key], capsys)
    assert code == 0, err
    again = tmp_path / "seuraava.xlsx"
    code, out, err = _run(["matrix", "--merge-from", str(merged), "--out", str(again), *key],
                          capsys)
    assert code == 0, err
    assert _period(again) == "2026"
    assert err == ("Warning: the new matrix is for follow-up period '2026', as koottu.xlsx is "
                   "(without --period, a matrix takes the year of the plan's date); if it is "
                   "for the next round, make it again with --period 2027 and --force, so that "
                   "collect and the report tell the two rounds apart\n")
    code, out, err = _run(["matrix", "--merge-from", str(merged), "--out", str(tmp_path / "k"),
                           "--for-each-party", *key], capsys)
    assert code == 0, err
    assert err.startswith("Warning: the new copies are for follow-up period '2026'")
    assert "if they are for the next round, make them again with --period 2027" in err
    assert err.count("Warning") == 1  # once, not once a copy
    code, out, err = _run(["matrix", "--merge-from", str(merged), "--out", str(again),
                           "--period", "2027", "--force", *key], capsys)
    assert (code, err) == (0, "")
    assert _period(again) == "2027"
    # a period given on purpose (a plan changed within the round) is not questioned
    code, out, err = _run(["matrix", "--merge-from", str(merged), "--out", str(again),
                           "--period", "2026", "--force", *key], capsys)
    assert (code, err) == (0, "")


def test_report_and_next_years_matrix_tell_what_the_merged_matrix_has_unread(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The coordinator typed notes into a column of their own in the merged matrix: the
    report and next year's matrix do not have them, and say so as collect does."""
    key = ["--key", str(tmp_path / "suunnitelma.key")]
    merged = tmp_path / "koottu.xlsx"
    code, _, err = _run(["matrix", "--out", str(merged), "--period", "2026", *key], capsys)
    assert code == 0, err
    wb = load_workbook(merged)
    free = get_column_letter(len(COLUMNS) + 1)  # the first column right of the matrix's own
    wb["Seuranta"][f"{free}1"], wb["Seuranta"][f"{free}3"] = "Huomiot", "Soita kunnalle"
    wb.save(merged)
    said = (f"Warning: koottu.xlsx: Seuranta!{free}3: column 'Huomiot' is not a column of the "
            f"matrix, so its text ({free}3) was not read")
    code, _, err = _run(["report", "--followup", str(merged), "--out", str(tmp_path / "r"),
                         *key], capsys)
    assert code == 0, err
    assert said in " ".join(err.split())
    code, _, err = _run(["matrix", "--merge-from", str(merged), "--period", "2027", "--out",
                         str(tmp_path / "seuraava.xlsx"), *key], capsys)
    assert code == 0, err
    assert said in " ".join(err.split())


def test_collecting_again_without_the_base_does_not_replace_corrections_even_with_force(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The coordinator corrects an entry in koottu.xlsx, then collects the folder again into
    it, with --force but without --base koottu.xlsx: the correction would be gone without a
    word, so collect stops, names the file and the entry, and says how to go on; as told,
    with --base it keeps the correction."""
    key, plan, back, copy = _sent_back(tmp_path, capsys, "Työryhmä kootu")
    merged = tmp_path / "koottu.xlsx"
    code, _, err = _run(["collect", plan, str(back), "--out", str(merged), *key], capsys)
    assert code == 0, err
    type_cell(merged, "asuminen/jyvaskyla", "Tilannekuvaus", "Työryhmä koottu")  # the typo fixed
    before = merged.read_bytes()
    code, out, err = _run(["collect", plan, str(back), "--out", str(merged), "--force", *key],
                          capsys)
    assert code == 6 and "Traceback" not in err, err
    assert " ".join(err.split()) == (
        f"Error: {merged}: is a merged matrix of this plan, and this collection, made without "
        "it as --base, would lose or change 1 entry in it: asuminen/jyvaskyla Tilannekuvaus "
        "'Työryhmä koottu' would be 'Työryhmä kootu'. Nothing was written (--force does not "
        f"replace it): to keep it, collect again with --base {merged} (a copy already "
        "collected into it adds nothing twice, so what was typed into it stays); to start "
        "over without it, delete koottu.xlsx or give another --out")
    assert merged.read_bytes() == before and "merged" not in out
    code, _, err = _run(["collect", plan, str(back), "--base", str(merged), "--out", str(merged),
                         "--force", *key], capsys)
    assert code == 0, err
    wb = load_workbook(merged, read_only=True)
    rows = list(wb["Seuranta"].iter_rows(values_only=True))
    wb.close()
    column = rows[0].index("Tilannekuvaus")
    assert next(r[column] for r in rows if r[0] == "asuminen/jyvaskyla") == "Työryhmä koottu"


def test_report_pdfa_is_refused_without_pikepdf_and_asks_for_pdfa_with_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """``report --pdfa`` makes the report's PDFs PDF/A-2b, as ``build --pdfa`` does; without
    pikepdf it stops before reading the matrix, saying how to install it."""
    import sys

    from yhdyspinta_docs.output import _package

    key = ["--key", str(tmp_path / "suunnitelma.key")]
    merged = tmp_path / "koottu.xlsx"
    code, _, err = _run(["matrix", "--out", str(merged), "--period", "2026", *key], capsys)
    assert code == 0, err
    asked: list[bool] = []

    def make_pdfs(documents: object, when: object, *, workers: object = None,
                  pdfa: bool = False) -> list[object]:
        asked.append(pdfa)
        return []

    monkeypatch.setattr(_package, "make_pdfs", make_pdfs)
    code, _, err = _run(["report", "--followup", str(merged), "--out", str(tmp_path / "r"),
                         "--pdfa", *key], capsys)
    assert code == 0, err
    assert asked == [True]
    monkeypatch.setitem(sys.modules, "pikepdf", None)  # import pikepdf raises ImportError
    code, _, err = _run(["report", "--followup", str(merged), "--out",
                         str(tmp_path / "r2"), "--pdfa", *key], capsys)
    assert code == 7
    assert "PDF/A needs pikepdf" in err and "pip install 'yhdyspinta-docs[pdf]'" in err
    assert not (tmp_path / "r2").exists()


def test_a_party_copy_in_the_folder_given_as_out_is_neither_skipped_nor_replaced(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """collect reads a folder without its --out (an earlier merged matrix kept there is no
    returned copy); a returned copy given as --out by mistake would then be left out of the
    files and replaced with --force, its entries in neither file: refused, naming it. So is a
    --json named like a workbook, which would replace the merged matrix of that name."""
    key, plan, back, copy = _sent_back(tmp_path, capsys, "Työryhmä koottu")
    before = copy.read_bytes()
    code, out, err = _run(["collect", plan, str(back), "--out", str(copy), "--force", *key],
                          capsys)
    assert code == 6 and "Traceback" not in err, err
    assert " ".join(err.split()) == (
        f"Error: {copy}: is the copy sent to 'jyvaskyla', in the folder {back} of the returned "
        "files: it would not be collected, and the merged matrix would replace it; give "
        "another --out (the merged matrix is a file of its own, such as koottu.xlsx)")
    assert copy.read_bytes() == before and "merged" not in out
    merged = back / "koottu.xlsx"  # the merged matrix kept in the folder is still left out
    for force in ([], ["--force"]):
        code, out, err = _run(["collect", plan, str(back), "--out", str(merged), *force, *key],
                              capsys)
        assert code == 0, err
    assert "read      seurantamatriisi_jyvaskyla.xlsx (jyvaskyla): 5 rows, 1 changed cell" in out
    merged_bytes = merged.read_bytes()
    code, out, err = _run(["collect", plan, str(back), "--out", str(tmp_path / "k.xlsx"),
                           "--json", str(merged), "--force", *key], capsys)
    assert code == 6 and "Traceback" not in err, err
    assert err == (f"Error: {merged}: --json writes the merged data as JSON, which would "
                   "replace a workbook of that name; give a name ending in .json\n")
    assert merged.read_bytes() == merged_bytes


@pytest.mark.parametrize(("period", "warned"), [
    ("26", "follow-up period '26' names no year; give the year, e.g. --period 2026"),
    ("2035", "follow-up period '2035' is outside the years of the plan's follow-up "
             "(2025–2030); check the year"),
    ("2026–2036", "follow-up period '2026–2036' is outside the years"),
    ("2026", None), ("syksy 2026", None), ("2029–2030", None),
])
def test_a_period_without_a_year_of_the_plan_is_warned_of(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], period: str,
        warned: str | None) -> None:
    key = ["--key", str(tmp_path / "suunnitelma.key")]
    code, _, err = _run(["matrix", str(example_plan_path()), "--period", period, *key,
                         "-o", str(tmp_path / "m.xlsx")], capsys)
    assert code == 0, err
    assert _period(tmp_path / "m.xlsx") == period.rsplit(" ", 1)[-1]  # made as asked
    if warned is None:
        assert "period" not in err
    else:
        assert f"Warning: {warned}" in err


def test_build_warns_of_the_period_on_the_command_line_and_in_python(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from yhdyspinta_docs import BuildOptions, build, load_plan

    key = ["--key", str(tmp_path / "suunnitelma.key")]
    code, _, err = _run(["build", str(example_plan_path()), "--period", "vuosi 2040", *key,
                         "-o", str(tmp_path / "out")], capsys)
    assert code == 0, err
    assert "Warning: follow-up period 'vuosi 2040' is outside the years" in err
    result = build(load_plan(example_plan_path()), tmp_path / "api",
                   BuildOptions(period="26", key=b"k" * 32, plan_document=False))
    assert [w for w in result.warnings if "period" in w] == [
        "follow-up period '26' names no year; give the year, e.g. --period 2026 (the report "
        "counts a period from 1 January of its first year)"]
