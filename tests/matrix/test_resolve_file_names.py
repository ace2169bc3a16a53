"""A file name typed in the Valinta column picks that file's value, also without its extension
(Windows hides extensions, so a coordinator types ``joutsa-2`` for ``joutsa-2.xlsx``); it never
becomes a new value of its own, and a file name that names no listed file (mistyped, or a
file not collected) is refused naming its cell rather than taken as the party's new text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_resolve import _choose, _merged

from helpers import KEY
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.errors import MatrixError
from yhdyspinta_docs.matrix import resolve
from yhdyspinta_docs.matrix._conflict import Conflict, ConflictValue
from yhdyspinta_docs.matrix._labels import Labels
from yhdyspinta_docs.matrix._resolve import _choice
from yhdyspinta_docs.plan._loader import load_plan
from yhdyspinta_docs.plan._model import PlanFile


@pytest.fixture(scope="module")
def pf() -> PlanFile:
    return load_plan(example_plan_path())


# _merged: Tilannekuvaus of asuminen/joutsa is 'Ensimmäinen kuvaus' in joutsa.xlsx (Nro 1)
# and 'Toinen kuvaus' in joutsa-2.xlsx (Nro 2)


@pytest.mark.parametrize(("typed", "description"), [
    ("joutsa-2", "Toinen kuvaus"),          # the name without its extension
    ("JOUTSA", "Ensimmäinen kuvaus"),       # in another case
    (" joutsa-2 ", "Toinen kuvaus"),        # with stray spaces
    ("joutsa-2.xlsx", "Toinen kuvaus"),     # the whole name, as before
])
def test_a_file_name_without_its_extension_picks_that_files_value(
        pf: PlanFile, tmp_path: Path, typed: str, description: str) -> None:
    chosen = _choose(_merged(pf, tmp_path), {("asuminen/joutsa", "Tilanne", 1): 1,
                                             ("asuminen/joutsa", "Tilannekuvaus", 1): typed},
                     tmp_path / "valinnat.xlsx")
    result = resolve(pf, chosen, key=KEY)
    row = result.data.by_key()["asuminen/joutsa"]
    assert row.description == description
    assert row.description != typed.strip()  # not taken as a new value


def _listed() -> Conflict:
    """The conflict of _merged, as resolve reads it: joutsa.xlsx (Nro 1), joutsa-2.xlsx (2)."""
    return Conflict(key="asuminen/joutsa", field="description", column="Tilannekuvaus",
                    base="", values=[
                        ConflictValue(file="joutsa.xlsx", cell="Seuranta!G2",
                                      value="Ensimmäinen kuvaus"),
                        ConflictValue(file="joutsa-2.xlsx", cell="Seuranta!G2",
                                      value="Toinen kuvaus")])


REFUSED = ("'{typed}' looks like a file name, but no value of this conflict comes from such a "
           "file (Nro 1 = joutsa.xlsx, Nro 2 = joutsa-2.xlsx); type the Nro or the name of a "
           "file listed (a new value written like a file name: choose any value here, then "
           "type it into the resolved matrix's cell)")


@pytest.mark.parametrize("typed", [
    "joutsa-3",                 # close to joutsa-2, which is listed
    "joutsa_korjattu.xlsx",     # a spreadsheet's name not listed
    "JOUTSA-KORJATTU.XLSX",
    "joutsa_v3",                # written as file names are, close to joutsa
    "joutsa-2 (2)",             # Windows' name of a second download
    "joutsa (2).xlsx",
])
def test_a_file_name_that_names_no_listed_file_is_refused_not_taken_as_a_value(
        typed: str) -> None:
    """Taken as a new value, a mistyped file name would replace the party's description."""
    with pytest.raises(ValueError, match="looks like a file name") as caught:
        _choice(_listed(), [("Ristiriidat!H4", typed)], Labels())
    assert str(caught.value) == REFUSED.format(typed=typed)


@pytest.mark.parametrize("typed", [
    "Selvitys valmistui kesäkuussa.",  # a sentence
    "liisa_virtanen@example.fi",       # an address with an underscore
    "Aloitettu",                       # one word like no file
    "https://example.fi/yhdyspinta_2026",
    "Raportti liitteenä: tilasto.xlsx",  # a sentence naming a file
    "Katso tilasto.xlsx",
    "COVID_19-rajoitukset",            # written with _ and -, but close to no file
    "Joutsan",                         # a word close to a file's name, but a word
])
def test_a_new_value_that_is_no_file_name_is_taken_as_typed(typed: str) -> None:
    assert _choice(_listed(), [("Ristiriidat!H4", typed)], Labels()) == typed


@pytest.mark.parametrize("typed", ["joutsa 2", "Joutsa_2", "joutsa 2.xlsx"])
def test_a_file_name_typed_with_spaces_for_its_hyphens_picks_that_file(typed: str) -> None:
    assert _choice(_listed(), [("Ristiriidat!H4", typed)], Labels()) == "Toinen kuvaus"


def test_resolve_refuses_a_mistyped_file_name_naming_its_cell_and_takes_a_new_value(
        pf: PlanFile, tmp_path: Path) -> None:
    merged = _merged(pf, tmp_path)
    chosen = _choose(merged, {("asuminen/joutsa", "Tilanne", 1): 1,
                              ("asuminen/joutsa", "Tilannekuvaus", 1): "joutsa_korjattu.xlsx"},
                     tmp_path / "valinnat.xlsx")
    with pytest.raises(MatrixError) as caught:
        resolve(pf, chosen, key=KEY)
    assert "valinnat.xlsx: Ristiriidat!H" in str(caught.value)
    assert REFUSED.format(typed="joutsa_korjattu.xlsx") in str(caught.value)
    chosen = _choose(merged, {("asuminen/joutsa", "Tilanne", 1): 1,
                              ("asuminen/joutsa", "Tilannekuvaus", 1): "Katso tilasto.xlsx"},
                     tmp_path / "valinnat2.xlsx")
    row = resolve(pf, chosen, key=KEY).data.by_key()["asuminen/joutsa"]
    assert row.description == "Katso tilasto.xlsx"


def _conflict() -> Conflict:
    return Conflict(key="asuminen/joutsa", field="description", column="Tilannekuvaus",
                    base="", values=[
                        ConflictValue(file="b.xlsx", cell="Seuranta!G2", value="Ensimmäinen"),
                        ConflictValue(file="b.xlsm", cell="Seuranta!G2", value="Toinen")])


def test_a_name_without_extension_that_two_files_share_is_refused() -> None:
    typed = [("Ristiriidat!H4", "B")]
    with pytest.raises(ValueError, match=r"'B' names more than one file \(b\.xlsm, b\.xlsx\); "
                       r"type the Nro of the value that stays, or the file's whole name"):
        _choice(_conflict(), typed, Labels())
    # the whole name tells them apart
    assert _choice(_conflict(), [("Ristiriidat!H4", "b.xlsm")], Labels()) == "Toinen"


def test_resolve_names_the_cell_of_an_ambiguous_name(pf: PlanFile, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The refusal reaches the coordinator as every unusable choice does: file, cell, fix."""
    chosen = _choose(_merged(pf, tmp_path), {("asuminen/joutsa", "Tilanne", 1): 1,
                                             ("asuminen/joutsa", "Tilannekuvaus", 1): "joutsa"},
                     tmp_path / "valinnat.xlsx")
    import yhdyspinta_docs.matrix._resolve as module

    real = module._choice

    def two_files(c: Conflict, typed: list[tuple[str, object]], words: Labels) -> object:
        if c.field == "description":  # as if joutsa.xlsm had come back too
            c = c.model_copy(update={"values": [*c.values, ConflictValue(
                file="joutsa.xlsm", cell="Seuranta!G2", value="Kolmas")]})
        return real(c, typed, words)

    monkeypatch.setattr(module, "_choice", two_files)
    with pytest.raises(MatrixError, match=r"valinnat\.xlsx: Ristiriidat!H\d+: asuminen/joutsa "
                       r"Tilannekuvaus: the choice cannot be used: 'joutsa' names more than one "
                       r"file \(joutsa\.xlsm, joutsa\.xlsx\)"):
        resolve(pf, chosen, key=KEY)
