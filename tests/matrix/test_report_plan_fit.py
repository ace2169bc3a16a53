"""A report is made with the plan the merged matrix was made for: a matrix of another plan
version is refused, as collect refuses a copy of one; a plan changed without its versio
changing is warned of, naming the rows whose entries the report would leave out or show
empty; a combined matrix into which no copy was collected is warned of."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from helpers import KEY, type_cell
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs._build import BuildOptions
from yhdyspinta_docs._documents import write_report
from yhdyspinta_docs.cli import main
from yhdyspinta_docs.errors import MatrixError
from yhdyspinta_docs.matrix import FollowupData, plan_rows
from yhdyspinta_docs.plan import PlanFile, parse_plan

SOURCE = example_plan_path().read_text("utf-8")
ON = dt.date(2026, 11, 1)
OPTIONS = BuildOptions(matrix=False)


def _plan(source: str = SOURCE) -> PlanFile:
    return parse_plan(source, "plan.yaml")


def _merged(pf: PlanFile, **values: object) -> FollowupData:
    """The merged data of `pf` with every row marked done, as collected from every party."""
    rows = [r.model_copy(update={"status": "Valmis", "updated": ON, **values})
            for r in plan_rows(pf)]
    return FollowupData(plan_id=pf.plan.id, plan_version=pf.plan.version, period="2026",
                        rows=rows, returned=[p.id for p in pf.parties])


def test_a_matrix_of_another_plan_version_is_refused(tmp_path: Path) -> None:
    pf = _plan()
    data = _merged(pf)
    changed = _plan(SOURCE.replace(f'versio: "{pf.plan.version}"', 'versio: "2"', 1))
    assert changed.plan.version == "2"
    with pytest.raises(MatrixError, match="was made for version 1 of the plan, and the plan "
                       "file is version 2"):
        write_report(changed, data, tmp_path / "r", OPTIONS, on=ON)
    assert not (tmp_path / "r").exists()
    assert write_report(pf, data, tmp_path / "ok", OPTIONS, on=ON).warnings == []


def test_rows_the_plan_and_the_matrix_do_not_share_are_named(tmp_path: Path) -> None:
    pf = _plan()
    data = _merged(pf)
    lost = data.rows[0]
    # a row the plan no longer has (its entries would be left out), one it never sent
    extra = lost.model_copy(update={"key": f"{lost.measure_id}/poistettu",
                                    "party_id": "poistettu"})
    data = data.model_copy(update={"rows": [extra, *data.rows[1:]]})
    warnings = write_report(pf, data, tmp_path / "r", OPTIONS, on=ON).warnings
    assert warnings[0].startswith(f"the matrix has entries on 1 row(s) the plan no longer has "
                                  f"({extra.key}), and the report leaves them out")
    assert warnings[1].startswith(f"1 row(s) of the plan were not in the matrix ({lost.key}): "
                                  "the report shows them without entries")
    assert "change versio whenever measures change" in warnings[1]


def test_a_combined_matrix_never_collected_is_warned_of(tmp_path: Path) -> None:
    pf = _plan()
    data = _merged(pf).model_copy(update={"returned": None})
    assert write_report(pf, data, tmp_path / "r", OPTIONS, on=ON).warnings == [
        "no party's copy was collected into this matrix: it is the combined matrix made for "
        "the round (matrix --merge-from), with the entries it was sent with; give the matrix "
        "that collect wrote from the returned copies"]


def test_combined_copies_collected_are_no_matrix_never_collected(tmp_path: Path) -> None:
    # copies of the coordinator's combined matrix, collected with allow_combined: who was heard
    # from is unknown (each may carry anyone's entries), but copies were collected, and the
    # merged matrix read back says so too
    from yhdyspinta_docs.matrix import collect, read_matrix, write_matrix

    pf = _plan()
    sent = write_matrix(pf, key=KEY, date=ON).data
    copies = []
    for name, row in (("a.xlsx", plan_rows(pf)[0]), ("b.xlsx", plan_rows(pf)[1])):
        (tmp_path / name).write_bytes(sent)
        type_cell(tmp_path / name, row.key, "Tilanne", "Valmis")
        copies.append(tmp_path / name)
    merged = collect(pf, copies, key=KEY, date=ON, allow_combined=True)
    assert not merged.conflicts
    assert merged.data.returned is None and merged.data.copies_collected == 2
    assert write_report(pf, merged.data, tmp_path / "r", OPTIONS, on=ON).warnings == []
    (tmp_path / "koottu.xlsx").write_bytes(merged.workbook)
    back = read_matrix(tmp_path / "koottu.xlsx", pf, key=KEY)
    assert back.returned is None and back.copies_collected == 2
    assert write_report(pf, back, tmp_path / "r2", OPTIONS, on=ON).warnings == []
    assert read_matrix(copies[0], pf, key=KEY).copies_collected == 0


def test_the_report_command_refuses_a_matrix_of_another_version(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(SOURCE, "utf-8")
    key = ["--key", str(tmp_path / "k.key")]
    (tmp_path / "k.key").write_text(KEY.hex() + "\n")
    merged = tmp_path / "koottu.xlsx"
    assert main(["matrix", str(plan), "--out", str(merged), *key]) == 0
    plan.write_text(SOURCE.replace('versio: "1"', 'versio: "2"', 1), "utf-8")
    capsys.readouterr()
    assert main(["report", str(plan), "--followup", str(merged), "--out",
                 str(tmp_path / "r"), *key]) != 0
    err = capsys.readouterr().err
    assert "koottu.xlsx: was made for version 1 of the plan, and the plan file is version 2" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("bumped", [False, True])
def test_next_years_matrix_of_a_changed_plan_with_the_same_versio_is_warned_of(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], bumped: bool) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(SOURCE, "utf-8")
    key = ["--key", str(tmp_path / "k.key")]
    (tmp_path / "k.key").write_text(KEY.hex() + "\n")
    merged = tmp_path / "koottu.xlsx"
    assert main(["matrix", str(plan), "--out", str(merged), "--period", "2026", *key]) == 0
    cut = "      otsikko: Yhteinen edunvalvonnan ydinviesti\n      vastuutahot: [kaikki]\n"
    assert SOURCE.count(cut) == 1
    changed = SOURCE.replace(cut, cut.replace("[kaikki]", "[hyvinvointialue, jyvaskyla]"))
    if bumped:
        changed = changed.replace('versio: "1"', 'versio: "2"', 1)
    plan.write_text(changed, "utf-8")
    capsys.readouterr()
    assert main(["matrix", str(plan), "--merge-from", str(merged), "--period", "2027",
                 "--out", str(tmp_path / "seuraava.xlsx"), *key]) == 0
    err = capsys.readouterr().err
    warned = "the plan's measures or responsible parties have changed since (22 row(s) removed"
    assert (warned in err) is not bumped
    if not bumped:
        assert "koottu.xlsx was made for version 1 of the plan" in err
        assert "change versio whenever measures change" in err
