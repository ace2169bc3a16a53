"""Hostile plan files and returned workbooks, made on the fly for the input-bound tests."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.matrix._signing import KEY_BYTES
from yhdyspinta_docs.matrix._write import write_matrix
from yhdyspinta_docs.plan._loader import load_plan

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet2.xml"  # the Seuranta sheet of a matrix
KEY = bytes(range(KEY_BYTES))  # the plan's key, for matrices made and read in this process


# -- the hostile files -------------------------------------------------------------------------


def alias_bomb() -> str:
    """Ten levels of nine aliases each: 9**10 (3.5 billion) values from about 340 bytes."""
    names = "abcdefghij"
    lines = [f"{names[0]}: &{names[0]} [x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip(names, names[1:], strict=False):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def merge_bomb() -> str:
    """Thirty mappings, each merging (``<<:``) the one before ten times: 10**30 keys from
    about 2 KB, all of them listed by merging before any value is converted."""
    lines = ["a0: &a0 {" + ", ".join(f"k{i}: v" for i in range(10)) + "}"]
    for i in range(1, 30):
        lines.append(f"a{i}: &a{i} {{<<: [" + ", ".join([f"*a{i - 1}"] * 10) + "]}")
    return "\n".join(lines) + "\n"


def hostile_plans(d: Path) -> dict[str, Path]:
    """Plan files that must be refused; `d` is an empty directory."""
    source = example_plan_path().read_text("utf-8")
    out: dict[str, Path] = {}
    out["fifo"] = d / "putki.yaml"
    os.mkfifo(out["fifo"])
    out["devzero"] = Path("/dev/zero")
    out["loop"] = d / "silmukka.yaml"
    out["loop"].symlink_to(d / "silmukka2.yaml")
    (d / "silmukka2.yaml").symlink_to(out["loop"])
    out["bomb"] = d / "pommi.yaml"
    out["bomb"].write_text(alias_bomb(), "utf-8")
    out["deep"] = d / "syva.yaml"
    out["deep"].write_text("alue: Keski-Suomi\nosapuolet: " + "[" * 5000 + "]" * 5000 + "\n",
                           "utf-8")
    out["deep_block"] = d / "syva-sisennys.yaml"
    out["deep_block"].write_text("alue: Keski-Suomi\nsuunnitelma:\n" + "".join(
        " " * (i + 1) + f"k{i}:\n" for i in range(400)), "utf-8")
    out["merge_bomb"] = d / "yhdistys.yaml"
    out["merge_bomb"].write_text(merge_bomb(), "utf-8")
    out["many_keys"] = d / "avaimet.yaml"  # 3 MB, 300,000 keys: within the size limit
    out["many_keys"].write_text("alue: x\n" + "".join(f"k{i}: {i}\n" for i in range(300_000)),
                                "utf-8")
    out["tag"] = d / "tagi.yaml"
    out["tag"].write_text(source.replace("alue: Keski-Suomi",
                                         "alue: !!python/object/apply:os.system [id]", 1),
                          "utf-8")
    decision = "paatosehdotus: Aluehallitus päättää hyväksyä yhdyspintasuunnitelman."
    assert decision in source and "  toimenpiteet:\n" in source
    out["long_text"] = d / "pitka.yaml"  # the documents refused it, naming the template
    out["long_text"].write_text(source.replace(decision, "paatosehdotus: " + "Hyväksytään. "
                                               * 12_000, 1), "utf-8")
    out["many_rows"] = d / "rivit.yaml"  # 3,000 measures for 24 parties: 72,120 matrix rows
    out["many_rows"].write_text(source.replace("  toimenpiteet:\n", "  toimenpiteet:\n" + "".join(
        f"    - {{tunnus: t{i}, otsikko: Toimenpide {i}, vastuutahot: [kaikki]}}\n"
        for i in range(3000)), 1), "utf-8")
    assert "alkuvuosi: 2026" in source
    out["number"] = d / "numero.yaml"
    out["number"].write_text(source.replace("alkuvuosi: 2026", "alkuvuosi: " + "7" * 4400, 1),
                             "utf-8")
    return out


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def make_zip(parts: dict[str, bytes], stored: str = "") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in parts.items():
            z.writestr(name, blob, zipfile.ZIP_STORED if name == stored else zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def sheet_xml(rows: bytes, prefix: str = "") -> bytes:
    p = f"{prefix}:" if prefix else ""
    xmlns = f"xmlns:{prefix}" if prefix else "xmlns"
    return (f'<{p}worksheet {xmlns}="{MAIN_NS}"><{p}sheetData>'.encode() + rows +
            f"</{p}sheetData></{p}worksheet>".encode())


def with_sheet(matrix: bytes, sheet: bytes, doctype: bytes = b"") -> bytes:
    parts = parts_of(matrix)
    parts[SHEET] = doctype + sheet
    return make_zip(parts)


def _damage(matrix: bytes, stored: bool) -> bytes:
    """The matrix with bytes of the Seuranta sheet's data changed: stored uncompressed, bytes
    in the middle (only the CRC tells); deflated, the first bytes (an invalid block type)."""
    data = bytearray(make_zip(parts_of(matrix), stored=SHEET if stored else ""))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo(SHEET)
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26:
                                                    info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    if stored:
        middle = start + info.compress_size // 2
        data[middle:middle + 16] = b"Z" * 16
    else:
        data[start:start + 4] = b"\xff" * 4
    return bytes(data)


def matrix_bytes(key: bytes = KEY) -> bytes:
    """Joutsa's copy of the example's matrix, signed with `key`."""
    pf = load_plan(example_plan_path())
    return write_matrix(pf, key=key, party="joutsa", date=dt.date(2026, 3, 2)).data


def _with_part(matrix: bytes, part: str, edit: Callable[[bytes], bytes]) -> bytes:
    parts = parts_of(matrix)
    parts[part] = edit(parts[part])
    return make_zip(parts)


def _empty_cell(sheet: bytes, header: str) -> tuple[bytes, str, bytes]:
    """The empty cell of row 2 in the column headed `header` (found by its header, as the
    program finds it) as the sheet's XML writes it: the element, its reference, its style."""
    from helpers import column_letter

    ref = f"{column_letter(header)}2"
    found = re.search(rb'<c r="%s" s="(\d+)" t="n"></c>' % ref.encode(), sheet)
    assert found, ref
    return found[0], ref, found[1]


def _status_cell_shared(sheet: bytes, index: int) -> bytes:
    """`sheet` with its first Tilanne cell showing shared text `index`."""
    empty, ref, style = _empty_cell(sheet, "Tilanne")
    return sheet.replace(empty, b'<c r="%s" s="%s" t="s"><v>%d</v></c>'
                         % (ref.encode(), style, index), 1)


def _shared_strings(matrix: bytes, count: int) -> bytes:
    """The matrix with `count` shared texts, the first of them shown in the first Tilanne
    cell."""
    parts = parts_of(matrix)
    parts["xl/sharedStrings.xml"] = (f'<sst xmlns="{MAIN_NS}">'.encode() + b"".join(
        b"<si><t>%d</t></si>" % i for i in range(count)) + b"</sst>")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts[SHEET] = _status_cell_shared(parts[SHEET], 0)
    return make_zip(parts)


def _rich_shared_strings(matrix: bytes, count: int) -> bytes:
    """The matrix with `count` shared texts in bold and italics: five elements each."""
    parts = parts_of(matrix)
    parts["xl/sharedStrings.xml"] = (f'<sst xmlns="{MAIN_NS}">'.encode() + b"".join(
        b"<si><r><rPr><b/></rPr><t>%x</t></r></si>" % (i * 7919) for i in range(count))
        + b"</sst>")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    return make_zip(parts)


def _in_cell(header: str, rest: bytes) -> Callable[[bytes], bytes]:
    """Fill the empty row-2 cell of the column headed `header` of the Seuranta sheet: its
    reference and style kept, `rest` (more attributes, then ``>``, the value and ``</c>``)
    written after them."""
    def edit(sheet: bytes) -> bytes:
        empty, ref, style = _empty_cell(sheet, header)
        return sheet.replace(empty, b'<c r="%s" s="%s"' % (ref.encode(), style) + rest, 1)
    return edit


def hostile_workbooks(d: Path, matrix: bytes) -> dict[str, Path]:
    """Returned files that must be refused, made from `matrix` (a matrix as it was sent)."""
    made: dict[str, bytes] = {
        # 500,000 cell styles took openpyxl 450 MB, 200,000 names 250 MB
        "styles": _with_part(matrix, "xl/styles.xml", lambda x: x.replace(
            b"</cellXfs>", b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>' * 150_000
            + b"</cellXfs>", 1)),
        "names": _with_part(matrix, "xl/workbook.xml", lambda x: x.replace(
            b"</definedNames>", b"".join(b'<definedName name="n%d">Seuranta!$A$1'
                                         b"</definedName>" % i for i in range(150_000))
            + b"</definedNames>", 1)),
        "many_shared": _shared_strings(matrix, 500_001),  # a million took 10 s
        "nan": _with_part(matrix, SHEET, _in_cell("Päivitetty", b"><v>NaN</v></c>")),
        "long_number": _with_part(matrix, SHEET, _in_cell(
            "Tilanne", b"><v>" + b"9" * 5000 + b"</v></c>")),
        "bad_date": _with_part(matrix, SHEET, _in_cell(
            "Päivitetty", b' t="d"><v>2026-02-30</v></c>')),
        "deep": _with_part(matrix, SHEET, lambda x: x.replace(
            b"<sheetData>", b"<extLst>" + b"<ext>" * 100_000 + b"</ext>" * 100_000
            + b"</extLst><sheetData>", 1)),
        "xfd": with_sheet(matrix, sheet_xml(b"".join(
            b'<row><c r="XFD%d"><v>1</v></c></row>' % n for n in range(1, 40_001)))),
        "prefixed": with_sheet(matrix, sheet_xml(b"".join(
            b'<x:row r="%d"><x:c r="A%d"><x:v>1</x:v></x:c></x:row>' % (n, n)
            for n in range(1, 60_001)), prefix="x")),
        "deflate": _damage(matrix, stored=False),
        "crc": _damage(matrix, stored=True),
        "shared": with_sheet(matrix, _status_cell_shared(parts_of(matrix)[SHEET], 7)),
        "doctype": with_sheet(matrix, sheet_xml(b"".join(
            b'<row><c r="XFD%d"><v>1</v></c></row>' % n for n in range(1, 40_001))),
            doctype=b"<!DOCTYPE worksheet>"),
        # a million content types took openpyxl over 1 GB, a million merged cells 740 MB:
        # varied extensions and cells, so that the zip's compression ratio lets them through
        "content_types": _with_part(matrix, "[Content_Types].xml", lambda x: x.replace(
            b"</Types>", b"".join(b'<Default Extension="e%x" ContentType="a/b"/>' % (i * 7919)
                                  for i in range(150_000)) + b"</Types>", 1)),
        "merged_cells": _with_part(matrix, SHEET, lambda x: x.replace(
            b"</sheetData>", b"</sheetData><mergeCells>" + b"".join(
                b'<mergeCell ref="K%d:L%d"/>' % (i * 3 + 7, i * 3 + 7)
                for i in range(150_000)) + b"</mergeCells>", 1)),
        "rich_shared": _rich_shared_strings(matrix, 320_000),
        "far_down": with_sheet(matrix, sheet_xml(b'<row r="1048576"><c r="A1048576"><v>1</v>'
                                               b"</c></row>")),
        "past_sheet": with_sheet(matrix, sheet_xml(b'<row r="1048577"/>')),
        "wide_row": with_sheet(matrix, sheet_xml(b"<row>" + b'<c r="A1"><v>1</v></c>' * 300 +
                                               b"</row>")),
    }
    out = {key: d / f"{key}.xlsx" for key in made}
    for key, blob in made.items():
        out[key].write_bytes(blob)
    out["fifo"] = d / "putki.xlsx"
    os.mkfifo(out["fifo"])
    return out


# -- the child process: time, memory, exit code, stderr ----------------------------------------


