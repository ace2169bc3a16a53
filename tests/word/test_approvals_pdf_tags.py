"""The approval summary's PDF, as LibreOffice exports it tagged: the caption of the table of
parties is a /Caption element, not a paragraph of a style LibreOffice does not know."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from pdf_tags import structure_elements
from yhdyspinta_docs._approval_documents import approval_documents
from yhdyspinta_docs.output._package import make_pdfs
from yhdyspinta_docs.plan import parse_plan

pikepdf = pytest.importorskip("pikepdf")

pytestmark = pytest.mark.libreoffice

ROOT = Path(__file__).resolve().parents[2]


def test_summary_caption_is_tagged_caption() -> None:
    text = ((ROOT / "examples" / "pohjanmaa" / "plan.yaml").read_text("utf-8") + "\n"
            + (ROOT / "tests" / "data" / "pohjanmaa_decisions.yaml").read_text("utf-8"))
    pf = parse_plan(text)
    summary = [f for f in approval_documents(pf, languages=["sv"])
               if f.path == "hyvaksyminen_sv.docx"]
    (pdf_file,) = make_pdfs(summary, pf.plan.date or pf.agreement.valid_from)
    with pikepdf.open(io.BytesIO(pdf_file.data)) as pdf:
        root = pdf.Root.StructTreeRoot
        types = [str(e.S) for e in structure_elements(root.get("/K"))]
        role_map = {str(k): str(v) for k, v in root.get("/RoleMap", {}).items()}
    assert types.count("/Caption") == 1, types
    assert "/caption" not in types and "/caption" not in role_map
    assert "/Table" in types
