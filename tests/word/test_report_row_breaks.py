"""A row of the report's tables by measure is kept on one page, so that a party's name and
its texts are not parted by a page break; but a row longer than a page may break: Word shows of
a row that may not break only what fits on one page, so a long Tilannekuvaus would be cut off.
The header row is repeated on every page (and kept whole: it is short)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from yhdyspinta_docs.contexts._report import _is_long, report_context
from yhdyspinta_docs.plan import load_plan
from yhdyspinta_docs.word import DocProperties, WordTemplate
from yhdyspinta_docs.word._check import sample_followup

ROOT = Path(__file__).resolve().parents[2]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def test_only_a_row_longer_than_a_page_may_break_across_pages() -> None:
    pf = load_plan(ROOT / "examples" / "keski-suomi" / "plan.yaml")
    data_, _ = sample_followup(pf)
    long = "\n".join(f"Kohta {i}: kokous pidettiin ja työtä jatketaan." for i in range(45))
    rows = list(data_.rows)
    rows[0] = rows[0].model_copy(update={"description": long})  # the first measure's first
    rows[1] = rows[1].model_copy(update={"next_steps": "Seuraava vaihe. " * 40})  # 2 lines
    ctx = report_context(pf, data_.model_copy(update={"rows": rows}), "fi")
    assert [r["long"] for r in ctx["measures"][0]["rows"][:3]] == [True, False, False]
    data = WordTemplate(ROOT / "templates" / "report.docx").render(
        ctx, DocProperties(title=ctx["title"], language="fi-FI"))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    tables = body.findall(".//w:tbl", NS)[1:]  # the tables by measure, after the one by party
    assert len(tables) == len(ctx["measures"])
    for number, table in enumerate(tables):
        header, *rows_ = table.findall("w:tr", NS)
        assert header.find("w:trPr/w:tblHeader", NS) is not None
        assert len(rows_) == len(ctx["measures"][number]["rows"])
        for index, row in enumerate(rows_):
            kept = row.find("w:trPr/w:cantSplit", NS) is not None
            assert kept is not (number == 0 and index == 0), (number, index)
            assert row.find("w:trPr/w:tblHeader", NS) is None
    assert "Kohta 44" in "".join(tables[0].itertext())


def test_a_row_is_long_by_its_tallest_cell() -> None:
    def row(**texts: str) -> dict[str, object]:
        return {"party": "Jyväskylän kaupunki", "contact": "", "description": "",
                "next_steps": "", **texts}

    assert not _is_long(row())  # type: ignore[arg-type]
    assert not _is_long(row(description="x\n" * 39))  # type: ignore[arg-type]
    assert _is_long(row(description="x\n" * 40 + "x"))  # type: ignore[arg-type]
    assert _is_long(row(next_steps="y" * 22 * 41))  # type: ignore[arg-type]
    assert not _is_long(row(next_steps="y" * 22 * 40))  # type: ignore[arg-type]
