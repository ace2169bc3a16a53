"""A row of the report's tables may break across pages: Word shows of a row that may not
break, and is taller than a page, only what fits on one page, so a long Tilannekuvaus would be
cut off. The header row is repeated on every page (and kept whole: it is short)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from yhdyspinta_docs.word import DocProperties, WordTemplate
from yhdyspinta_docs.word._check import sample_context

ROOT = Path(__file__).resolve().parents[2]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def test_data_rows_of_the_rendered_report_may_break_across_pages() -> None:
    ctx = dict(sample_context("report"))
    long = "\n".join(f"Kohta {i}: kokous pidettiin ja työtä jatketaan." for i in range(90))
    ctx["measures"][0]["rows"][0]["description"] = long
    data = WordTemplate(ROOT / "templates" / "report.docx").render(
        ctx, DocProperties(title=ctx["title"], language="fi-FI"))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    tables = body.findall(".//w:tbl", NS)[1:]  # the tables by measure, after the one by party
    assert len(tables) == len(ctx["measures"])
    for table in tables:
        header, *rows = table.findall("w:tr", NS)
        assert header.find("w:trPr/w:tblHeader", NS) is not None
        assert len(rows) == len(ctx["measures"][tables.index(table)]["rows"])
        for row in rows:
            assert row.find("w:trPr/w:cantSplit", NS) is None
            assert row.find("w:trPr/w:tblHeader", NS) is None
    assert "Kohta 89" in "".join(tables[0].itertext())
