"""The direct cell writer produces exactly openpyxl's bytes, for any workbook."""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from yhdyspinta_docs.matrix._fast import workbook_parts

CHARS = ["a", "ä", "&", "<", ">", '"', "'", "\n", "\t", "\r", " ", "\xa0", "🙂", "\u200f", "=",
         "+", "-", "@", "#", "1", ".", "\u2028", "\x85"]
_DATES = re.compile(rb"<dcterms:(modified|created)[^<]*<")


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(CHARS) for _ in range(rng.randint(0, 10)))


def _value(rng: random.Random) -> object:
    kind = rng.randint(0, 12)
    values: list[object] = [
        None, rng.randint(-10**6, 10**6), rng.random() * 10 ** rng.randint(-5, 25),
        dt.date(2026, rng.randint(1, 12), rng.randint(1, 28)),
        dt.datetime(2026, 1, 2, rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59),
                    rng.randint(0, 999999)),
        "=SUM(A1:B2)" + _text(rng).replace("\r", ""), True, "#N/A", dt.time(3, 4, 5),
        CellRichText("x", TextBlock(InlineFont(b=True), "y" + _text(rng).replace("\r", ""))),
    ]
    return values[kind] if kind < len(values) else _text(rng)


def _workbook(seed: int) -> Workbook:
    rng = random.Random(seed)
    wb = Workbook()
    for sheet in (wb.active, wb.create_sheet("Toinen")):
        for _ in range(rng.randint(0, 60)):
            r, c = rng.randint(1, 30), rng.randint(1, 12)
            cell = sheet.cell(r, c)
            try:
                cell.value = _value(rng)
            except (ValueError, TypeError):  # openpyxl refuses some values itself
                continue
            if rng.random() < .3:
                cell.font = Font(bold=rng.random() < .5, size=rng.choice([10, 11, 12]))
            if rng.random() < .2:
                cell.fill = PatternFill("solid", fgColor="FFEE00")
            if rng.random() < .1:
                cell.alignment = Alignment(wrap_text=True)
            if rng.random() < .1:
                cell.data_type = "s"
            if rng.random() < .05:
                cell.hyperlink = f"http://example.com/{r}"
            if rng.random() < .05:
                cell.comment = Comment(f"kommentti {c}", "minä")
            if rng.random() < .05:
                cell.quotePrefix = True
        if rng.random() < .3:
            r0, c0 = rng.randint(1, 20), rng.randint(1, 8)
            sheet.merge_cells(start_row=r0, start_column=c0, end_row=r0 + rng.randint(0, 3),
                              end_column=c0 + rng.randint(1, 3))
            if rng.random() < .5:
                sheet.cell(r0, c0).border = Border(left=Side(style="thin"))
        for _ in range(rng.randint(0, 4)):
            sheet.row_dimensions[rng.randint(1, 35)].height = rng.choice([15, 32, 47.5])
    return wb


@pytest.mark.parametrize("seed", range(150))
def test_parts_equal_openpyxl_save(seed: int) -> None:
    reference = io.BytesIO()
    try:
        _workbook(seed).save(reference)
    except Exception as exc:  # openpyxl cannot save it: ours must fail the same way
        with pytest.raises(type(exc)):
            workbook_parts(_workbook(seed))
        return
    ours = dict(workbook_parts(_workbook(seed)))
    with zipfile.ZipFile(reference) as z:
        assert z.namelist() == list(ours)
        for name in z.namelist():
            expected, got = z.read(name), ours[name]
            if name == "docProps/core.xml":  # openpyxl stamps the clock; compared elsewhere
                expected, got = _DATES.sub(b"", expected), _DATES.sub(b"", got)
            assert got == expected, name
