"""Returned copies at the edges a coordinator meets: a number far too large for a date, and a
formula that reads from outside the file (applied with the value it last showed, warned)."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_collect import LATER, WHEN, Formula, fill, party_file, problems
from test_matrix import changed_plan

from helpers import KEY, column_letter
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.errors import MatrixError
from yhdyspinta_docs.matrix import Status, collect, write_matrix
from yhdyspinta_docs.matrix._read import parse_matrix
from yhdyspinta_docs.matrix._values import reads_outside
from yhdyspinta_docs.plan import PlanFile, load_plan

STATUS, TEXT, NEXT, UPDATED, CONTACT = (column_letter(h) for h in (
    "Tilanne", "Tilannekuvaus", "Seuraavat toimenpiteet", "Päivitetty", "Yhteyshenkilö"))
"""Where the bundled template, and so every copy written here, has these columns."""


@pytest.fixture(scope="module")
def pf() -> PlanFile:
    return load_plan(example_plan_path())


# -- a number in a date column that no date can be --------------------------------------------


def test_a_huge_number_in_a_date_column_says_what_to_type(pf: PlanFile, tmp_path: Path) -> None:
    path = party_file(pf, "joutsa", tmp_path, {
        "asuminen/joutsa": {"Päivitetty": 1e308},
        "tietopohja/joutsa": {"Päivitetty": 99999999},
        "vuorovaikutus/joutsa": {"Seuraavat toimenpiteet": "#VALUE!"}})
    assert problems(pf, path) == [
        f"joutsa.xlsx: Seuranta!{UPDATED}2: Päivitetty: the cell has the number 1e+308, which is "
        "far too large to be a date; type a date such as 1.7.2026 instead",
        # a real error value is still named as one
        f"joutsa.xlsx: Seuranta!{NEXT}3: Seuraavat toimenpiteet: the cell shows the error "
        "#VALUE!; correct the formula or type the value itself (text that starts with = + - or "
        "@ needs an apostrophe (') or a space before it)",
        f"joutsa.xlsx: Seuranta!{UPDATED}4: Päivitetty: the cell has the number 99999999, which "
        "is far too large to be a date; type a date such as 1.7.2026 instead"]


def test_a_real_error_in_a_date_column_is_still_an_error(pf: PlanFile, tmp_path: Path) -> None:
    path = party_file(pf, "joutsa", tmp_path, {"asuminen/joutsa": {"Päivitetty": "#VALUE!"}})
    _cache(path, {f"{UPDATED}2": ("e", "#VALUE!")}, formula=False)
    assert problems(pf, path) == [
        f"joutsa.xlsx: Seuranta!{UPDATED}2: Päivitetty: the cell shows the error #VALUE!; "
        "correct the formula or type the value itself (text that starts with = + - or @ needs "
        "an apostrophe (') or a space before it)"]


def test_a_formula_giving_a_huge_number_in_a_date_column(pf: PlanFile, tmp_path: Path) -> None:
    path = party_file(pf, "joutsa", tmp_path, {"asuminen/joutsa": {"Päivitetty": Formula(
        "=10^300")}})
    _cache(path, {f"{UPDATED}2": ("n", "1E+300")})
    assert problems(pf, path) == [
        f"joutsa.xlsx: Seuranta!{UPDATED}2: Päivitetty: its formula gives the number 1E+300, "
        "which is far too large to be a date; type a date such as 1.7.2026 instead"]


# -- formulas that read from outside the file -------------------------------------------------


def _cache(path: Path, values: dict[str, tuple[str, str]], *, formula: bool = True) -> None:
    """Give cells of the Seuranta sheet the value Excel would have stored for them:
    {cell: (type, text)} (type "n" number, "str" text of a formula, "e" error)."""
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    part = "xl/worksheets/sheet2.xml"
    xml = parts[part].decode()
    for ref, (kind, text) in values.items():
        t = "" if kind == "n" else f' t="{kind}"'
        if formula:
            xml, n = re.subn(rf'<c r="{ref}"( s="\d+")?( t="\w+")?><f>(.*?)</f><v\s*>\s*</v>',
                             rf'<c r="{ref}"\1{t}><f>\3</f><v>{text}</v>', xml)
        else:
            xml, n = re.subn(rf'<c r="{ref}"( s="\d+")?( t="\w+")?>.*?</c>',
                             rf'<c r="{ref}"\1{t}><v>{text}</v></c>', xml)
        assert n == 1, ref
    parts[part] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


OUTSIDE = {  # cell: (row key, column, formula, cached (type, text), what the warning says)
    f"{UPDATED}2": ("asuminen/joutsa", "Päivitetty", "=[1]Sheet1!A1", ("n", "46507"),
           "a reference to another workbook", "30.4.2027"),
    f"{TEXT}3": ("vuorovaikutus/joutsa", "Tilannekuvaus", "='C:\\x\\[a.xlsx]S'!A1",
           ("str", "Valmis kesällä"), "a reference to another workbook", "Valmis kesällä"),
    f"{TEXT}4": ("tietopohja/joutsa", "Tilannekuvaus", '=_xlfn.WEBSERVICE("https://example.org/x")',
           ("str", "Haettu verkosta"), "the function WEBSERVICE", "Haettu verkosta"),
    f"{NEXT}4": ("tietopohja/joutsa", "Seuraavat toimenpiteet",
           '=_xlfn.FILTERXML("<a>Kokous</a>","//a")', ("str", "Kokous"),
           "the function FILTERXML", "Kokous"),
    f"{STATUS}5": ("edunvalvonta/joutsa", "Tilanne", "=cmd|' /c calc'!A0", ("str", "Valmis"),
           "a link to another program (DDE)", "Valmis"),
    f"{CONTACT}5": ("edunvalvonta/joutsa", "Yhteyshenkilö",
           '=HYPERLINK("https://example.org","Iiris Asunmaa")', ("str", "Iiris Asunmaa"),
           "the function HYPERLINK", "Iiris Asunmaa"),
}


def test_a_formula_reading_outside_the_file_is_applied_with_a_warning(
        pf: PlanFile, tmp_path: Path) -> None:
    edits: dict[str, dict[str, object]] = {}
    for key, column, formula, *_ in OUTSIDE.values():
        edits.setdefault(key, {})[column] = Formula(formula)
    # formulas inside the sheet stay silent, and so do links to a place in the workbook
    edits["asuminen/joutsa"]["Tilannekuvaus"] = Formula(f'={STATUS}2&" ja jatkuu"')
    edits["asuminen/joutsa"]["Yhteyshenkilö"] = Formula(
        '=HYPERLINK("#\'Seuranta – Uppföljning\'!A1","Liisa")')
    edits["vuorovaikutus/joutsa"]["Seuraavat toimenpiteet"] = Formula(
        '=HYPERLINK("#Seuranta!A1","Katso rivi 1")')
    edits["vuorovaikutus/joutsa"]["Päivitetty"] = Formula("=DATE(2027,4,30)")
    path = party_file(pf, "joutsa", tmp_path, edits)
    _cache(path, {**{ref: v[3] for ref, v in OUTSIDE.items()},
                  f"{TEXT}2": ("str", " ja jatkuu"), f"{UPDATED}3": ("n", "46507"),
                  f"{CONTACT}2": ("str", "Liisa"), f"{NEXT}3": ("str", "Katso rivi 1")})
    result = collect(pf, [path], key=KEY, date=LATER)
    expected = [
        f"joutsa.xlsx: Seuranta!{ref}: {column}: the value '{shown}' comes from a formula that "
        f"reads outside this file ({what}); the value the file last showed was applied, and "
        "the merged file keeps only that value, not the formula: check that it is right"
        for ref, (_, column, _, _, what, shown) in OUTSIDE.items()]
    assert sorted(result.warnings) == sorted(expected)
    rows = result.data.by_key()
    assert rows["asuminen/joutsa"].updated == rows["vuorovaikutus/joutsa"].updated
    assert str(rows["asuminen/joutsa"].updated) == "2027-04-30"
    assert rows["vuorovaikutus/joutsa"].description == "Valmis kesällä"
    assert rows["tietopohja/joutsa"].next_steps == "Kokous"
    assert rows["asuminen/joutsa"].contact == "Liisa"
    assert rows["vuorovaikutus/joutsa"].next_steps == "Katso rivi 1"
    assert rows["edunvalvonta/joutsa"].status is Status.DONE
    # the merged file has the values, no formula
    ws = load_workbook(io.BytesIO(result.workbook))["Seuranta"]
    cells = [c.value for row in ws.iter_rows(min_row=2) for c in row]
    assert "Haettu verkosta" in cells and "Iiris Asunmaa" in cells
    assert not any(isinstance(v, str) and v.startswith("=") for v in cells)


@pytest.mark.parametrize(("formula", "what"), [
    ("=[1]Sheet1!A1", "a reference to another workbook"),
    ("=SUM([2]Data!B1:B9,1)", "a reference to another workbook"),
    ("=[1]!Nimi", "a reference to another workbook"),
    ("='C:\\x\\[a.xlsx]S'!A1", "a reference to another workbook"),
    ("=[kirja.xlsx]Taul1!A1", "a reference to another workbook"),
    ("=webservice(\"https://x\")", "the function WEBSERVICE"),
    ("=_xlfn.IMAGE(\"https://x/a.png\")", "the function IMAGE"),
    ("=cmd|' /c calc'!A0", "a link to another program (DDE)"),
    ("=DATE(2027,4,30)", None),
    # a link to a place in this workbook reads nothing outside; one to a URL, a file or a
    # target computed from a cell may
    ('=HYPERLINK("#Seuranta!A1";"x")', None),
    ('=HYPERLINK( "#\'Seuranta – Uppföljning\'!A1" , "x")', None),
    ('=hyperlink("#"&A1,"x")', None),
    ('=HYPERLINK("https://example.org";"x")', "the function HYPERLINK"),
    ('=HYPERLINK("C:\\tiedot\\a.xlsx#Taul1!A1","x")', "the function HYPERLINK"),
    ('=HYPERLINK(A1,"#x")', "the function HYPERLINK"),
    ('=HYPERLINK("#Seuranta!A1","x")&HYPERLINK("https://x","y")', "the function HYPERLINK"),
    ('=HYPERLINK("#S!A1",WEBSERVICE("https://x"))', "the function WEBSERVICE"),
    ('=A1&"x"', None),
    ('=A1&"[1]S!A1 | HYPERLINK("', None),  # in quotes: text, nothing read
    ("=Seuranta!A1", None),
    ("=Seuranta[[#This Row],[2019]]", None),  # a table's column
    ("=Seuranta[@Tilanne]", None),
    # a reference made from a text may name another workbook; INFO and CELL tell of the computer
    ('=INDIRECT("\'C:\\x\\[a.xlsx]S\'!A1")', "the function INDIRECT"),
    ('=Luettelot!A2&INFO("directory")', "the function INFO"),
    ('=CELL("filename")', "the function CELL"),
])
def test_what_reads_outside(formula: str, what: str | None) -> None:
    assert reads_outside(formula) == what


# slow run: a bound on work for 20,000 hostile rows
@pytest.mark.slow
def test_many_huge_numbers_in_a_date_column_are_read_once(pf: PlanFile, tmp_path: Path) -> None:
    """A hostile copy with a number no date can be on 20,000 rows: every cell is named, and
    the sheet's XML is read once for all of them (not once a cell)."""
    data = write_matrix(pf, key=KEY, party="joutsa", date=WHEN).data
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Seuranta"]
    look = ws[f"{UPDATED}2"]
    for r in range(2, 20_002):
        cell = ws[f"{UPDATED}{r}"]
        cell.value = 1e308
        cell.number_format = look.number_format
    path = tmp_path / "joutsa.xlsx"
    wb.save(path)
    start = time.monotonic()
    with pytest.raises(MatrixError) as info:
        collect(pf, [path], key=KEY, date=LATER)
    assert time.monotonic() - start < 30
    issues = [str(i) for i in info.value.issues]
    assert len(issues) == 20_000
    assert issues[-1] == (f"joutsa.xlsx: Seuranta!{UPDATED}20001: Päivitetty: the cell has the "
                          "number 1e+308, which is far too large to be a date; type a date such "
                          "as 1.7.2026 instead")
    assert all("far too large to be a date" in i for i in issues)


def test_a_formula_reading_outside_in_the_coordinators_archive_is_warned_about(
        pf: PlanFile, tmp_path: Path) -> None:
    """The Arkisto sheet of a combined copy is read (it is the coordinator's): a value there
    from a formula that reads outside the file is kept with the same warning as on Seuranta."""
    copy = write_matrix(pf, key=KEY, date=WHEN).data
    returned = tmp_path / "palautettu.xlsx"
    fill(copy, {"tietopohja/joutsa": {"Tilanne": "Valmis", "Tilannekuvaus": "Valmistui"}}
         ).save(returned)
    merged = collect(pf, [returned], key=KEY, date=WHEN, allow_combined=True)
    changed = changed_plan(pf, version="2", drop=("tietopohja",))
    previous = parse_matrix(_saved(merged.workbook, tmp_path / "koottu.xlsx"), changed,
                            key=KEY).data()
    with_archive = write_matrix(changed, key=KEY, previous=previous, date=LATER).data
    wb = load_workbook(io.BytesIO(with_archive))
    arch = wb["Arkisto"]
    head = {c.value: c.column for c in arch[1]}
    row = next(r for r in range(2, arch.max_row + 1)
               if arch.cell(r, head["Tunnus"]).value == "tietopohja/joutsa")
    cell = arch.cell(row, head["Tilannekuvaus"])
    cell.value = "=[1]Sheet1!A1"
    inside = arch.cell(row, head["Yhteyshenkilö"])
    inside.value = '=HYPERLINK("#Arkisto!A1","Liisa")'
    path = tmp_path / "arkisto.xlsx"
    wb.save(path)
    _cache_any(path, {"[1]Sheet1!A1": "Valmistui ulkoa", 'HYPERLINK("#Arkisto!A1","Liisa")':
                      "Liisa"})
    result = parse_matrix(path, changed, key=KEY)
    entry = next(a for a in result.archived if a.key == "tietopohja/joutsa")
    assert (entry.description, entry.contact) == ("Valmistui ulkoa", "Liisa")
    assert result.warnings == [
        f"arkisto.xlsx: Arkisto!{cell.coordinate}: Tilannekuvaus: the value 'Valmistui ulkoa' "
        "comes from a formula that reads outside this file (a reference to another workbook); "
        "the value the file last showed was applied, and the merged file keeps only that "
        "value, not the formula: check that it is right"]


def _saved(data: bytes, path: Path) -> Path:
    path.write_bytes(data)
    return path


def _cache_any(path: Path, values: dict[str, str]) -> None:
    """Give the formula cells `values` {formula without =: text} the text Excel would have
    stored as their value, in whichever sheet they are."""
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    for formula, text in values.items():
        found = 0
        for part, data in parts.items():
            if part.startswith("xl/worksheets/sheet"):
                xml = data.decode()
                f = re.escape(formula.replace("&", "&amp;"))
                xml, n = re.subn(rf'( t="\w+")?><f>({f})</f><v\s*>\s*</v>|'
                                 rf'( t="\w+")?><f>({f})</f><v\s*/>',
                                 lambda m, v=text: f' t="str"><f>{m.group(2) or m.group(4)}'
                                 f"</f><v>{v}</v>", xml)
                parts[part] = xml.encode()
                found += n
        assert found == 1, formula
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def test_a_name_the_file_defines_that_reads_outside_is_warned_of(
        pf: PlanFile, tmp_path: Path) -> None:
    """=EVIL, where the file defines EVIL as WEBSERVICE(…), reads outside through the name:
    the file is named with its names, once."""
    from openpyxl.workbook.defined_name import DefinedName

    wb = load_workbook(io.BytesIO(write_matrix(pf, key=KEY, party="joutsa", date=WHEN).data))
    wb.defined_names["EVIL"] = DefinedName("EVIL", attr_text='WEBSERVICE("http://evil/")')
    wb.defined_names["Auto_Open"] = DefinedName("Auto_Open", attr_text="Seuranta!$A$1")
    path = tmp_path / "joutsa.xlsx"
    wb.save(path)
    assert collect(pf, [path], key=KEY, date=LATER).warnings[:1] == [
        "joutsa.xlsx: the workbook defines names whose formulas read outside this file: EVIL "
        "(the function WEBSERVICE); a value computed with them was applied as the file last "
        "showed it: check the values of this file"]


def test_a_copy_without_any_of_its_partys_rows_is_no_reply(pf: PlanFile, tmp_path: Path) -> None:
    """A party that pasted another party's rows over its own (or deleted them all) has sent no
    entries of its own: it is still waited for, and the coordinator is told to ask again; a
    copy returned untouched is a reply."""
    own = write_matrix(pf, key=KEY, party="jyvaskyla", date=WHEN)
    wb = load_workbook(io.BytesIO(own.data))
    ws = wb["Seuranta"]
    ws.protection.sheet = False
    ws.delete_rows(2, ws.max_row - 1)
    emptied = tmp_path / "jyvaskyla.xlsx"
    wb.save(emptied)
    untouched = tmp_path / "joutsa.xlsx"
    untouched.write_bytes(write_matrix(pf, key=KEY, party="joutsa", date=WHEN).data)
    result = collect(pf, [emptied, untouched], key=KEY, date=LATER)
    assert "jyvaskyla" in result.not_returned and "joutsa" not in result.not_returned
    [told] = [w for w in result.warnings if w.startswith("jyvaskyla.xlsx has none")]
    assert told.startswith("jyvaskyla.xlsx has none of the rows of 'jyvaskyla' (rows "
                           "asuminen/jyvaskyla, ")
    assert told.endswith("deleted, or pasted over with another party's rows?), so it is no "
                         "reply from 'jyvaskyla', which is still waited for: ask 'jyvaskyla' "
                         "to fill in its own copy and send it again")
