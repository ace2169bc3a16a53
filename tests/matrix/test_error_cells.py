"""A cell that shows an error value (#DIV/0!, #NAME? …) in a returned copy is reported with
the file, the cell and the column's name, and says whether a formula gives it."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_collect import Formula, lo_convert, party_file, problems

from helpers import column_letter
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.plan import PlanFile, load_plan

NEXT, UPDATED = column_letter("Seuraavat toimenpiteet"), column_letter("Päivitetty")


@pytest.fixture(scope="module")
def pf() -> PlanFile:
    return load_plan(example_plan_path())


def test_an_error_value_names_the_column(pf: PlanFile, tmp_path: Path) -> None:
    path = party_file(pf, "joutsa", tmp_path, {
        "asuminen/joutsa": {"Seuraavat toimenpiteet": "#DIV/0!"},
        "vuorovaikutus/joutsa": {"Päivitetty": Formula("=DATE(2026;7;1)")}})
    assert problems(pf, path) == [
        f"joutsa.xlsx: Seuranta!{NEXT}2: Seuraavat toimenpiteet: the cell shows the error #DIV/0!; "
        "correct the formula or type the value itself (text that starts with = + - or @ needs "
        "an apostrophe (') or a space before it)",
        f"joutsa.xlsx: Seuranta!{UPDATED}3: Päivitetty: the cell has a formula without a computed "
        "value; type the value itself"]


@pytest.mark.libreoffice
def test_a_formula_error_computed_by_calc_names_the_column(pf: PlanFile,
                                                           tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    src = party_file(pf, "joutsa", tmp_path / "in", {
        "tietopohja/joutsa": {"Seuraavat toimenpiteet": Formula("=1/0")}})
    saved = lo_convert(src, tmp_path / "lo", tmp_path / "profile")
    assert problems(pf, saved) == [
        f"joutsa.xlsx: Seuranta!{NEXT}4: Seuraavat toimenpiteet: its formula gives the error "
        "#DIV/0!; correct the formula or type the value itself (text that starts with = + - "
        "or @ needs an apostrophe (') or a space before it)"]
