"""What a party types reaches the merged file, its data and the report clean, and as typed.

Bidirectional controls and invisible format characters are dropped where a returned text is
read (:func:`yhdyspinta_docs.matrix._values.typed_text`), with a warning naming the cell for a
bidirectional control (it changed what the reader saw); every other character stays.
"""

from __future__ import annotations

import io
import json
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.utils import column_index_from_string
from test_collect import LATER, lo_convert, party_file
from test_matrix import changed_plan

from helpers import KEY, column_letter
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.matrix import CollectResult, collect, read_matrix
from yhdyspinta_docs.matrix._sheets import put
from yhdyspinta_docs.matrix._values import cell_text, clean_text, typed_text
from yhdyspinta_docs.plan import PlanFile, load_plan

BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
INVISIBLE = ["\u200b", "\u2060", "\u2061", "\u2062", "\u2063", "\u2064", "\u206a", "\u206f",
             "\ufeff", "\ufff9", "\ufffa", "\ufffb", "\u180e"]
LETTERS = ("abcdefghijklmnopqrstuvwxyzåäöÅÄÖ"  # Finnish and Swedish
           "áčđŋšŧžÁČĐŊŠŦŽâǧǥǩʒǯÂǦǤǨƷǮõÕ"  # Northern, Inari and Skolt Sámi
           "0123456789 .,;:!?-–—()'\"/%&€§\t\u00a0")
EMOJI = ["\U0001F642", "\u2705", "\u2764\ufe0f", "\U0001F44D\U0001F3FD",  # skin tone
         "\U0001F469\u200d\U0001F4BB",  # zero width joiner sequence
         "\U0001F1EB\U0001F1EE",  # flag: regional indicators
         "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F",  # tag flag
         "1\ufe0f\u20e3"]  # keycap
MARKS = ["\u200d", "\u200c", "\u200e", "\u200f", "\u061c", "\u00ad", "e\u0301"]
"""Kept: joiners, direction marks, soft hyphen, a combining accent (made NFC)."""

legit = st.lists(st.one_of(st.sampled_from(LETTERS), st.sampled_from(EMOJI),
                           st.sampled_from(MARKS), st.just("\n"), st.just("\n\n")),
                 max_size=30).map("".join)


@pytest.fixture(scope="module")
def pf() -> PlanFile:
    return load_plan(example_plan_path())


@given(legit, st.lists(st.tuples(st.integers(0, 30), st.sampled_from(BIDI + INVISIBLE)),
                       max_size=6))
@example("Sámegiella: Ŋ đ ŧ ž 👩‍💻\nRivi kaksi ✅", [(0, "\u202e"), (9, "\u2066"), (20, "\u200b")])
def test_legit_text_survives_and_hidden_characters_go(text: str,
                                                      inserts: list[tuple[int, str]]) -> None:
    typed = text
    for at, char in inserts:  # inserted anywhere, also inside an emoji sequence
        typed = typed[:at] + char + typed[at:]
    expected = unicodedata.normalize("NFC", text).strip() or None
    assert typed_text(text) == expected == clean_text(text)
    assert typed_text(typed) == expected
    assert typed_text(typed_text(typed)) == expected  # cleaning once or again: the same


@pytest.mark.parametrize(("typed", "kept"), [
    ("abc\u202edcba\u202c.exe", "abcdcba.exe"),
    ("\u2067שלום\u2069 ja \u2066hei\u2069", "שלום ja hei"),
    ("ko\u200bkous\ufeff", "kokous"),
    ("\u202e", None),  # nothing else: an empty cell
    ("a\u200eb\u200fc\u061cd\u200de\u200cf\u00adg", "a\u200eb\u200fc\u061cd\u200de\u200cf\u00adg"),
])
def test_what_typed_text_drops(typed: str, kept: str | None) -> None:
    assert typed_text(typed) == kept


def test_typed_hidden_characters_do_not_reach_the_merged_file(pf: PlanFile,
                                                              tmp_path: Path) -> None:
    path = party_file(pf, "joutsa", tmp_path, {
        "asuminen/joutsa": {"Tilannekuvaus": "Valmis \u202eexe.txt\u202c ja Sámi ŋ 👩‍💻\nrivi 2",
                            "Seuraavat toimenpiteet": "Ko\u200bkous\u2060 syksyllä",
                            "Yhteyshenkilö": "\u2067Liisa\u2069 \u2066Ö\u2069"},
    })
    result = collect(pf, [path], key=KEY, date=LATER)
    description = "Valmis exe.txt ja Sámi ŋ 👩‍💻\nrivi 2"
    row = result.data.by_key()["asuminen/joutsa"]
    assert (row.description, row.next_steps, row.contact) == (
        description, "Kokous syksyllä", "Liisa Ö")
    # a warning for each cell that had a bidirectional control, none for the zero width ones
    at_text, at_contact = column_letter("Tilannekuvaus"), column_letter("Yhteyshenkilö")
    warned = {
        at_text: f"joutsa.xlsx: Seuranta!{at_text}2: Tilannekuvaus: the text had bidirectional "
        "control character(s) U+202E, U+202C, which change the order in which text is shown; "
        f"they were removed, so the merged file says '{description}': check that it is what "
        "was meant",
        at_contact: f"joutsa.xlsx: Seuranta!{at_contact}2: Yhteyshenkilö: the text had "
        "bidirectional control character(s) U+2067, U+2069, U+2066, which change the order in "
        "which text is shown; they were removed, so the merged file says 'Liisa Ö': check that "
        "it is what was meant"}
    # in the order of the cells, left to right along the row
    assert result.warnings == [warned[c] for c in sorted(warned, key=column_index_from_string)]
    data = json.loads(result.data.model_dump_json())
    entry = next(r for r in data["rows"] if r["key"] == "asuminen/joutsa")
    assert (entry["description"], entry["next_steps"], entry["contact"]) == (
        description, "Kokous syksyllä", "Liisa Ö")
    ws = load_workbook(io.BytesIO(result.workbook))["Seuranta"]
    texts = [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
    assert description in texts and "Kokous syksyllä" in texts and "Liisa Ö" in texts
    assert not any(c in t for t in texts for c in BIDI + INVISIBLE)
    # the merged file read back (as `report` reads it) has the same texts, and no warning
    merged = tmp_path / "koottu.xlsx"
    merged.write_bytes(result.workbook)
    again = read_matrix(merged, pf, key=KEY).by_key()["asuminen/joutsa"]
    assert (again.description, again.next_steps, again.contact) == (
        description, "Kokous syksyllä", "Liisa Ö")


def test_a_plan_title_with_hidden_characters_is_not_a_changed_locked_cell(
        pf: PlanFile, tmp_path: Path) -> None:
    """The plan keeps what its author typed (bidirectional controls included), and so does
    the matrix; its locked cells are read without them, and that is not a change of the plan's
    text."""
    title = "Asumisen \u200bpalvelut \u2067شبكة\u2069"
    changed = changed_plan(pf, titles={"asuminen": title})
    path = party_file(changed, "joutsa", tmp_path, {
        "asuminen/joutsa": {"Tilannekuvaus": "Työryhmä koottu."}})
    ws = load_workbook(path)["Seuranta"]
    assert ws[f"{column_letter('Toimenpide', ws)}2"].value == title
    result = collect(changed, [path], key=KEY, date=LATER)
    assert result.warnings == []
    assert result.data.by_key()["asuminen/joutsa"].description == "Työryhmä koottu."


def test_locked_cells_are_compared_without_hidden_characters() -> None:
    """A locked cell is read through typed_text; the plan's text it is compared with (e.g. a
    schedule with a zero width space) loses the same characters first."""
    from yhdyspinta_docs.matrix._locked import locked_changes

    cells = {"schedule": "Seuranta!D2"}
    assert locked_changes("a.xlsx", {"schedule": "2026–2027"}, cells,
                          {"schedule": "2026\u200b–\u20662027\u2069"}) == []
    assert locked_changes("a.xlsx", {"schedule": "2028"}, cells,
                          {"schedule": "2026\u200b"}) == [
        "a.xlsx: Seuranta!D2: Aikataulu says '2028' in the file, the plan '2026\u200b'; this "
        "column is the plan's (locked), so the file's text was not applied (a party writes "
        "changes to a measure in Tilannekuvaus; the coordinator changes the plan)"]


# -- Excel's _xHHHH_ escapes ----------------------------------------------------------------------
# Excel and Calc store a control character in a cell's text as _xHHHH_ (a_x0007_b, a CR before
# a line break as _x000D_) and the underscore of a typed _x0041_ as _x005F_; openpyxl reads a
# shared text with every x005F_ removed and leaves the other escapes as they are, and writes a
# text as it is (Excel would show a written _x0041_ as "A").

TYPED = {"PAIKKA1": ("Koodi _x005F_x0041_ jää", "Koodi _x0041_ jää"),
         "PAIKKA2": ("Rivi_x000D_\nkaksi_x0007_ loppu", "Rivi\nkaksi loppu"),
         "PAIKKA3": ("_x005F_X00e4_ ja _x202E_", "_X00e4_ ja _x202E_")}
"""Placeholder typed with openpyxl: (the text as Excel and Calc store it, what the user typed
and the merged file keeps; a control character is dropped)."""


def _stored_as_excel(path: Path) -> None:
    """Replace the placeholders of TYPED in the file's texts by Excel's stored form."""
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    for placeholder, (stored, _) in TYPED.items():
        found = [p for p, data in parts.items() if f"<t>{placeholder}</t>".encode() in data]
        assert len(found) == 1, placeholder
        parts[found[0]] = parts[found[0]].replace(
            f"<t>{placeholder}</t>".encode(), f'<t xml:space="preserve">{stored}</t>'.encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def _texts(data: bytes) -> str:
    """Every XML part of a workbook, as one text (a cell's text is inline or shared)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return "".join(zf.read(n).decode() for n in zf.namelist() if n.endswith(".xml"))


def _escaped_party_file(pf: PlanFile, tmp_path: Path) -> Path:
    path = party_file(pf, "joutsa", tmp_path, {
        "asuminen/joutsa": {"Tilannekuvaus": "PAIKKA1", "Seuraavat toimenpiteet": "PAIKKA2",
                            "Yhteyshenkilö": "PAIKKA3"}})
    _stored_as_excel(path)
    return path


def _assert_kept_as_typed(pf: PlanFile, result: CollectResult, tmp_path: Path) -> None:
    typed = [kept for _, kept in TYPED.values()]
    row = result.data.by_key()["asuminen/joutsa"]
    assert [row.description, row.next_steps, row.contact] == typed
    entry = next(r for r in json.loads(result.data.model_dump_json())["rows"]
                 if r["key"] == "asuminen/joutsa")
    assert [entry["description"], entry["next_steps"], entry["contact"]] == typed
    # the merged file stores each so that Excel shows what was typed …
    texts = _texts(result.workbook)
    assert ">Koodi _x005F_x0041_ j&#228;&#228;<" in texts
    assert ">_x005F_X00e4_ ja _x005F_x202E_<" in texts and ">Rivi\nkaksi loppu<" in texts
    # … the reader gives it back as typed (openpyxl keeps the _x005F_ of an inline text, the
    # package's files have inline texts), and so does the next round
    ws = load_workbook(io.BytesIO(result.workbook))["Seuranta"]
    head = {c.value: c.column for c in ws[1]}
    r = next(r for r in range(2, ws.max_row + 1)
             if ws.cell(r, head["Tunnus"]).value == "asuminen/joutsa")
    assert [cell_text(ws.cell(r, head[h]).value) for h in (
        "Tilannekuvaus", "Seuraavat toimenpiteet", "Yhteyshenkilö")] == typed
    merged = tmp_path / "koottu.xlsx"
    merged.write_bytes(result.workbook)
    again = read_matrix(merged, pf, key=KEY).by_key()["asuminen/joutsa"]
    assert [again.description, again.next_steps, again.contact] == typed


def test_excel_escapes_reach_the_merged_file_as_typed(pf: PlanFile, tmp_path: Path) -> None:
    result = collect(pf, [_escaped_party_file(pf, tmp_path)], key=KEY, date=LATER)
    # the control character that Excel stores as _x0007_ is removed, and said so
    at = column_letter("Seuraavat toimenpiteet")
    assert result.warnings == [
        f"joutsa.xlsx: Seuranta!{at}2: Seuraavat toimenpiteet: the text had control "
        "character(s) U+0007, which no cell shows; they were removed, so the merged file says "
        "'Rivi\nkaksi loppu': check that it is what was meant"]
    _assert_kept_as_typed(pf, result, tmp_path)


@pytest.mark.libreoffice
def test_escapes_kept_through_libreoffice(pf: PlanFile, tmp_path: Path) -> None:
    """Calc reads the stored forms as Excel does and writes them back the same way."""
    (tmp_path / "in").mkdir()
    saved = lo_convert(_escaped_party_file(pf, tmp_path / "in"), tmp_path / "lo",
                       tmp_path / "profile")
    with zipfile.ZipFile(saved) as zf:  # Calc stores texts shared, as Excel does
        shared = zf.read("xl/sharedStrings.xml").decode()
    assert ">Koodi _x005F_x0041_ jää<" in shared and "kaksi_x0007_ loppu<" in shared
    _assert_kept_as_typed(pf, collect(pf, [saved], key=KEY, date=LATER), tmp_path)


@pytest.mark.parametrize(("read", "typed"), [
    ("_x0041_", "_x0041_"),  # openpyxl has removed the x005F_ of _x005F_x0041_
    ("a_x0007_b_x001f_c_x000D_\nd", "a\x07b\x1fc\r\nd"),
    ("_x005F_x0041_", "_x0041_"),  # an inline text keeps the escaped underscore
    ("_x005F_x005F_x0041_", "_x005F_x0041_"),  # inline, a typed _x005F_x0041_: decoded once
    ("_x00e4_ _x202E_ _x0020_", "_x00e4_ _x202E_ _x0020_"),  # Excel stores these as they are
    (7, 7),
])
def test_cell_text_decodes_what_excel_escapes(read: object, typed: object) -> None:
    assert cell_text(read) == typed


@given(legit, st.lists(st.sampled_from(
    ["_x0041_", "_X00e4_", "_x000D_", "_x005f_", "_x005F_", "x005F_", "_x_", "__x1234__",
     "_xZZZZ_"]), max_size=4))
@example("", ["_x0041_"])
@example("", ["_x005F_", "x0041_"])
def test_written_text_is_read_back_as_it_is(text: str, escapes: list[str]) -> None:
    """Whatever the merged file holds is written (as an inline text, as the package's files
    have them) so that the reader gives it back unchanged."""
    text = "".join([text, *escapes]).strip()
    wb = Workbook()
    put(wb.active["A1"], text)
    buffer = io.BytesIO()
    wb.save(buffer)
    value = load_workbook(buffer).active["A1"].value
    assert clean_text(cell_text(value)) == clean_text(text)


def test_a_number_shown_in_a_format_of_its_own_is_warned_of(pf: PlanFile,
                                                            tmp_path: Path) -> None:
    """A number pasted with its format into a text column (a phone number with its leading
    zero as a format, a percent, a currency) is kept as its digits, and the coordinator is told
    the cell, the format and how to keep what it showed; a plain number is not warned of."""
    path = party_file(pf, "joutsa", tmp_path, {
        "asuminen/joutsa": {"Yhteyshenkilö": 401234567, "Tilannekuvaus": 0.5},
        "vuorovaikutus/joutsa": {"Tilannekuvaus": 2026}})
    wb = load_workbook(path)
    ws = wb["Seuranta"]
    heads = {c.value: c.column_letter for c in ws[1]}
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "asuminen/joutsa")
    ws[f"{heads['Yhteyshenkilö']}{row}"].number_format = "0000000000"
    ws[f"{heads['Tilannekuvaus']}{row}"].number_format = "0 %"
    wb.save(path)
    result = collect(pf, [path], key=KEY, date=LATER)
    data = result.data.row("asuminen/joutsa")
    assert data is not None and (data.contact, data.description) == ("401234567", "0,5")
    assert result.data.row("vuorovaikutus/joutsa").description == "2026"  # type: ignore[union-attr]
    formatted = [w for w in result.warnings if "number format" in w]
    warned = {
        heads["Tilannekuvaus"]: f"joutsa.xlsx: Seuranta!{heads['Tilannekuvaus']}{row}: "
        "Tilannekuvaus: the cell holds a number with the number format '0 %', so it may have "
        "shown otherwise (a leading zero, a percent, a currency); the merged file says '0,5': "
        "if the cell showed something else, type it as text (an apostrophe (') before it keeps "
        "it as typed)",
        heads["Yhteyshenkilö"]: f"joutsa.xlsx: Seuranta!{heads['Yhteyshenkilö']}{row}: "
        "Yhteyshenkilö: the cell holds a number with the number format '0000000000', so it may "
        "have shown otherwise (a leading zero, a percent, a currency); the merged file says "
        "'401234567': if the cell showed something else, type it as text (an apostrophe (') "
        "before it keeps it as typed)"}
    # in the order of the cells, left to right along the row
    assert formatted == [warned[c] for c in sorted(warned, key=column_index_from_string)]


def test_a_control_character_stored_as_an_escape_is_warned_of(pf: PlanFile,
                                                               tmp_path: Path) -> None:
    # Excel stores ESC as _x001B_: a terminal's escape sequence pasted into a cell is removed,
    # and said so, as a bidirectional control is
    path = party_file(pf, "joutsa", tmp_path, {
        "asuminen/joutsa": {"Yhteyshenkilö": "_x001B_[2JLiisa \u202eÖ"}})
    result = collect(pf, [path], key=KEY, date=LATER)
    assert result.data.by_key()["asuminen/joutsa"].contact == "[2JLiisa Ö"
    at = column_letter("Yhteyshenkilö")
    assert result.warnings == [
        f"joutsa.xlsx: Seuranta!{at}2: Yhteyshenkilö: the text had bidirectional control "
        "character(s) U+202E, which change the order in which text is shown and control "
        "character(s) U+001B, which no cell shows; they were removed, so the merged file says "
        "'[2JLiisa Ö': check that it is what was meant"]
