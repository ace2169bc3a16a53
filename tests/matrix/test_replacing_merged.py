"""collect(…, out=…) does not let a new collection replace the merged matrix at `out` when
entries in it (corrections the coordinator typed, entries collected earlier) would be lost or
changed, unless that matrix is the base the new one was made from; a file that is no merged
matrix of the plan is replaced as before. The command line passes its --out (its test:
tests/cli/test_followup_mistakes.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_swedish_round import swedish_narpio

from helpers import KEY, type_rows
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.errors import OutputError
from yhdyspinta_docs.matrix import FollowupRow, collect, render_matrix, write_matrix
from yhdyspinta_docs.plan import PlanFile, load_plan

WHEN = dt.date(2026, 3, 2)
LATER = dt.date(2026, 9, 15)


@pytest.fixture(scope="module")
def pf() -> PlanFile:
    return load_plan(example_plan_path())


def _party(pf: PlanFile, party: str, path: Path, edits: dict[str, dict[str, object]],
           sheet: str = "Seuranta") -> Path:
    """A party's copy, filled in as the party would."""
    wb = load_workbook(io.BytesIO(write_matrix(pf, key=KEY, party=party, date=WHEN).data))
    type_rows(wb[sheet], edits)
    wb.save(path)
    return path




def _correct(path: Path, edits: dict[str, dict[str, object]], sheet: str = "Seuranta") -> None:
    """The coordinator types into the merged matrix in Excel."""
    wb = load_workbook(path)
    type_rows(wb[sheet], edits)
    wb.save(path)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _refusal(out: Path, lost: str, how: str) -> str:
    return (f"{out}: is a merged matrix of this plan, and this collection, made without it as "
            f"--base, would lose or change {lost}. Nothing was written (--force does not "
            f"replace it): {how}")


def _keep(out: Path, them: str = "them") -> str:
    return (f"to keep {them}, collect again with --base {out} (a copy already collected into "
            f"it adds nothing twice, so what was typed into it stays); to start over without "
            f"{them}, delete {out.name} or give another --out")


def test_corrections_typed_into_the_merged_matrix_are_not_replaced_unasked(
        pf: PlanFile, tmp_path: Path) -> None:
    jkl = _party(pf, "jyvaskyla", tmp_path / "jyvaskyla.xlsx", {
        "asuminen/jyvaskyla": {"Tilanne": "Käynnissä", "Tilannekuvaus": "Työryhmä kootu"}})
    out = tmp_path / "koottu.xlsx"
    out.write_bytes(collect(pf, [jkl], key=KEY, date=LATER, out=out).workbook)
    older = tmp_path / "koottu_vanha.xlsx"
    older.write_bytes(out.read_bytes())
    # the same collection again loses nothing: it may replace the file
    assert collect(pf, [jkl], key=KEY, date=LATER, out=out).ok
    _correct(out, {"asuminen/jyvaskyla": {"Tilannekuvaus": "Työryhmä koottu"},
                   "asuminen/muurame": {"Tilanne": "Valmis", "Päivitetty": "1.9.2026"},
                   "vuorovaikutus/joutsa": {"Yhteyshenkilö": "Kaisa"}})
    muurame = _party(pf, "muurame", tmp_path / "muurame.xlsx",
                     {"tietopohja/muurame": {"Tilanne": "Valmis"}})
    before = _sha(out)
    lost = ("4 entries in it: asuminen/jyvaskyla Tilannekuvaus 'Työryhmä koottu' would be "
            "'Työryhmä kootu'; asuminen/muurame Tilanne 'Valmis' would be empty; "
            "asuminen/muurame Päivitetty '1.9.2026' would be empty; and 1 more")
    for base in (None, older):  # without a base, or with an older merged file as the base
        with pytest.raises(OutputError) as info:
            collect(pf, [jkl, muurame], key=KEY, base=base, date=LATER, out=out)
        assert str(info.value) == _refusal(out, lost, _keep(out))
        assert info.value.exit_code == 6
    assert _sha(out) == before
    # as the message says: with the file as the base, its corrections stay
    kept = collect(pf, [jkl, muurame], key=KEY, base=out, date=LATER, out=out).data.by_key()
    assert kept["asuminen/jyvaskyla"].description == "Työryhmä koottu"
    assert kept["vuorovaikutus/joutsa"].contact == "Kaisa"
    assert kept["tietopohja/muurame"].status == "Valmis"
    # another file, or none: nothing to lose; and without `out` nothing is checked
    assert collect(pf, [jkl], key=KEY, date=LATER, out=tmp_path / "uusi.xlsx").ok
    assert collect(pf, [jkl], key=KEY, date=LATER).ok


def test_a_file_that_is_no_merged_matrix_of_the_plan_is_replaced_as_before(
        pf: PlanFile, tmp_path: Path) -> None:
    """A party's copy, the round's combined copy (typed into, even), a file of another plan,
    a file that is no workbook: what collect did with them before, it does."""
    jkl = _party(pf, "jyvaskyla", tmp_path / "jyvaskyla.xlsx",
                 {"asuminen/jyvaskyla": {"Tilanne": "Käynnissä"}})
    out = tmp_path / "koottu.xlsx"
    other = pf.model_copy(update={"plan": pf.plan.model_copy(update={"id": "toinen-2026"})})
    makers = [
        lambda: _party(pf, "joutsa", out, {"asuminen/joutsa": {"Tilanne": "Valmis"}}),
        lambda: _combined(pf, out),
        lambda: out.write_bytes(write_matrix(other, key=KEY, date=WHEN).data),
        lambda: out.write_text("Tilanne;Valmis\n", "utf-8"),
    ]
    for make in makers:
        make()
        assert collect(pf, [jkl], key=KEY, date=LATER, out=out).ok


def _combined(pf: PlanFile, out: Path) -> None:
    out.write_bytes(write_matrix(pf, key=KEY, date=WHEN).data)
    _correct(out, {"asuminen/joutsa": {"Tilannekuvaus": "Koordinaattorin merkintä"}})


def test_an_archived_entry_and_a_matrix_of_another_period_count_too(
        pf: PlanFile, tmp_path: Path) -> None:
    """An entry on the Arkisto sheet is an entry; a merged matrix of another period (last
    year's, kept for report --previous) cannot be this round's base, so the advice is to
    write elsewhere."""
    jkl = _party(pf, "jyvaskyla", tmp_path / "jyvaskyla.xlsx",
                 {"asuminen/jyvaskyla": {"Tilanne": "Käynnissä"}})
    merged = collect(pf, [jkl], key=KEY, date=LATER)
    gone = FollowupRow.from_key("poistettu/joutsa", measure="Poistettu", party="Joutsa",
                                description="Vanha merkintä", archived_on=WHEN,
                                archive_reason="Rivi ei ole suunnitelmassa")
    out = tmp_path / "koottu.xlsx"
    for period in ("2026", "2025"):
        data = merged.data.model_copy(update={"archived_rows": [gone], "period": period})
        out.write_bytes(render_matrix(pf, data, key=KEY, date=LATER, returned=["jyvaskyla"],
                                      collected=[merged.sources[0].sha256]))
        with pytest.raises(OutputError) as info:
            collect(pf, [jkl], key=KEY, date=LATER, out=out)
        lost = ("1 entry in it: poistettu/joutsa (Arkisto) Tilannekuvaus 'Vanha merkintä' "
                "would be empty")
        how = _keep(out, "it") if period == "2026" else (
            "koottu.xlsx is the merged matrix of follow-up period '2025' (this collection is "
            "of '2026'), so it is not the base of this collection: give another --out and keep "
            "it (report --previous and matrix --merge-from read it), or delete it if it is not "
            "needed")
        assert str(info.value) == _refusal(out, lost, how)


def test_the_refusal_names_columns_and_values_as_a_swedish_matrix_shows_them(
        tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> None:
    swedish = load_plan(swedish_narpio(tmp_path_factory.mktemp("plan")))
    narpio = _party(swedish, "narpio", tmp_path / "narpio.xlsx",
                    {"valmius/narpio": {"Läge": "Pågår"}}, sheet="Uppföljning")
    out = tmp_path / "samlad.xlsx"
    out.write_bytes(collect(swedish, [narpio], key=KEY, date=LATER, langs=["sv"]).workbook)
    _correct(out, {"valmius/narpio": {"Läge": "Klar", "Lägesbeskrivning": "Övning hållen"}},
             sheet="Uppföljning")
    with pytest.raises(OutputError) as info:
        collect(swedish, [narpio], key=KEY, date=LATER, out=out)
    assert ("2 entries in it: valmius/narpio Läge 'Klar' would be 'Pågår'; valmius/narpio "
            "Lägesbeskrivning 'Övning hållen' would be empty.") in str(info.value)


def test_a_merged_matrix_with_unresolved_conflicts_is_replaced_when_nothing_typed_is_lost(
        pf: PlanFile, tmp_path: Path) -> None:
    """A party sent two new versions, collected with the earlier collection as base into
    koottu2.xlsx: a conflict, and the warning to collect only one of them. Collecting again
    into koottu2.xlsx without the older one loses nothing: a cell in conflict holds what
    collect kept while it waits, no entry. A correction typed into such a file elsewhere is
    still kept, and the advice is to resolve it first, since it cannot be a base before."""
    row = "asuminen/jyvaskyla"
    v1 = _party(pf, "jyvaskyla", tmp_path / "v1.xlsx", {row: {"Tilanne": "Käynnissä"}})
    base = tmp_path / "koottu.xlsx"
    base.write_bytes(collect(pf, [v1], key=KEY, date=LATER).workbook)
    v2 = _party(pf, "jyvaskyla", tmp_path / "v2.xlsx", {row: {"Tilanne": "Valmis"}})
    v3 = _party(pf, "jyvaskyla", tmp_path / "v3.xlsx", {row: {"Tilanne": "Viivästynyt"}})
    out = tmp_path / "koottu2.xlsx"
    first = collect(pf, [v1, v2, v3], key=KEY, base=base, date=LATER, out=out)
    assert [(c.key, c.field) for c in first.conflicts] == [(row, "status")]
    out.write_bytes(first.workbook)
    again = collect(pf, [v1, v3], key=KEY, base=base, date=LATER, out=out)
    assert again.ok and again.data.by_key()[row].status.value == "Viivästynyt"
    _correct(out, {"asuminen/muurame": {"Tilannekuvaus": "Koordinaattori lisäsi"}})
    with pytest.raises(OutputError) as info:
        collect(pf, [v1, v3], key=KEY, base=base, date=LATER, out=out)
    assert str(info.value).startswith(_refusal(out, "1 entry in it: asuminen/muurame "
                                               "Tilannekuvaus 'Koordinaattori lisäsi' would "
                                               "be empty", ""))
    assert str(info.value).endswith(
        "koottu2.xlsx has 1 unresolved conflict(s), so it cannot be the --base yet: to keep "
        "it, resolve them first (on its sheet Ristiriidat, type in the column Valinta the Nro "
        "of the value that stays (0 = the value sent) or the value itself, save the file, then "
        f"run: yhdyspinta-docs resolve {example_plan_path()} {out} --out "
        f"{tmp_path / 'ratkaistu.xlsx'} (docs/matrix.md, 'Resolving a conflict')) and collect "
        "again with the resolved file as --base; to start over without it, delete "
        "koottu2.xlsx or give another --out")


def test_a_new_version_is_told_about_in_the_merged_matrixs_language(
        tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> None:
    """Närpes's second copy, collected into a Swedish merged matrix: the line of the cells it
    replaced and the warning of the entries kept name the columns as that matrix shows them,
    as the refusal above does."""
    from yhdyspinta_docs.matrix._taken import replaced_note

    swedish = load_plan(swedish_narpio(tmp_path_factory.mktemp("plan")))
    row = "valmius/narpio"
    v1 = _party(swedish, "narpio", tmp_path / "v1.xlsx",
                {row: {"Läge": "Pågår", "Lägesbeskrivning": "Övning planerad"}},
                sheet="Uppföljning")
    base = tmp_path / "samlad.xlsx"
    base.write_bytes(collect(swedish, [v1], key=KEY, date=LATER, langs=["sv"]).workbook)
    v2 = _party(swedish, "narpio", tmp_path / "v2.xlsx", {row: {"Läge": "Klar"}},
                sheet="Uppföljning")
    result = collect(swedish, [v2], key=KEY, base=base, date=LATER, langs=["sv"])
    assert result.ok and result.sources[0].replaced == ((row, "Tilanne"),)
    assert replaced_note("v2.xlsx", "narpio", result.sources[0].replaced, base.name,
                         result.langs).endswith(f"({row}: Läge)")
    assert [w for w in result.warnings if "the base's entries were kept" in w] == [
        "v2.xlsx is another copy sent to 'narpio', after samlad.xlsx (base) collected one: it "
        f"has the value it was sent with where the base has an entry ({row}: "
        "Lägesbeskrivning), so the base's entries were kept; if the party emptied them in "
        "this copy, empty them in the merged matrix too"]
