"""What a screen reader reads in a Swedish document is Swedish too: table captions and
picture descriptions of every .docx a Swedish-first plan gives (proposals, plan, approval
summary, minutes extracts), none left in the templates' Finnish."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from helpers import KEY
from yhdyspinta_docs import BuildOptions, build
from yhdyspinta_docs.approvals import approval_documents
from yhdyspinta_docs.plan import load_plan

PLAN = Path(__file__).resolve().parents[1] / "data" / "vastra_nyland_sv.yaml"
FINNISH = re.compile(r"Taulukko|Kuvio|Osapuol|päätök|suunnitelm|Toimenpi|vastuutaho|tilanne",
                     re.IGNORECASE)
ALT = re.compile(r'<w:(?:tblCaption|tblDescription) w:val="([^"]*)"|<wp:docPr [^>]*descr="([^"]*)"')


def _alt_texts(data: bytes) -> list[str]:
    with zipfile.ZipFile(BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return [a or b for a, b in ALT.findall(xml)]


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    pf = load_plan(PLAN)
    out = tmp_path_factory.mktemp("out")
    build(pf, out, BuildOptions(for_each_party=True, drafts=True, matrix=False, key=KEY))
    docs = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*.docx")}
    docs.update({f.path: f.data for f in approval_documents(pf, extracts=True)
                 if f.path.endswith(".docx")})
    return docs


def test_every_swedish_documents_alt_texts_are_swedish(documents: dict[str, bytes]) -> None:
    assert any(n.startswith("hyvaksyminen_sv") for n in documents)
    found = {name: _alt_texts(data) for name, data in documents.items()}
    assert all(name.endswith("_sv.docx") for name in found)
    finnish = {name: [t for t in texts if FINNISH.search(t)] for name, texts in found.items()}
    assert {name: texts for name, texts in finnish.items() if texts} == {}


def test_the_approval_summarys_table_is_captioned_in_swedish(
        documents: dict[str, bytes]) -> None:
    assert _alt_texts(documents["hyvaksyminen_sv.docx"]) == [
        "Tabell 1. Parternas beslut om planen"]
