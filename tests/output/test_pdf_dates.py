"""A PDF carries the date of the document it is made from: a decision proposal its meeting's,
the plan document the plan's; never the clock, and the same in the .docx and its PDF."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from docx import Document

from helpers import KEY
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs._build import BuildOptions, build
from yhdyspinta_docs.plan import load_plan

pikepdf = pytest.importorskip("pikepdf")


@pytest.mark.libreoffice
def test_each_pdf_is_dated_as_its_document(tmp_path: Path) -> None:
    pf = load_plan(example_plan_path("pohjanmaa"))
    result = build(pf, tmp_path, BuildOptions(key=KEY, pdf=True, public=True, matrix=False))
    pdfs = [e.path for e in result.entries if e.path.endswith(".pdf")]
    dates: dict[str, dt.date] = {}
    for path in pdfs:
        created = Document(str(tmp_path / Path(path).with_suffix(".docx"))).core_properties.created
        assert created is not None
        with pikepdf.open(io.BytesIO((tmp_path / path).read_bytes())) as pdf:
            stamp = str(pdf.docinfo["/CreationDate"])
            meta = pdf.open_metadata()
            assert str(meta.get("xmp:CreateDate", "")).startswith(created.date().isoformat())
        assert stamp.startswith("D:" + created.strftime("%Y%m%d")), path
        dates[path] = created.date()
    # the proposals (public versions too) carry the meeting day, the plan document the plan's
    meeting, plan_day = pf.item.handling.meeting_date, pf.plan.date
    assert meeting is not None and plan_day is not None and meeting != plan_day
    assert {d for p, d in dates.items() if "paatosehdotus" in p} == {meeting}
    assert {d for p, d in dates.items() if "yhdyspintasuunnitelma" in p} == {plan_day}
    assert any(p.startswith("julkinen/") for p in dates)
