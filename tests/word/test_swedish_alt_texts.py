"""What a screen reader reads in a Swedish document is Swedish too: table captions and
picture descriptions of every .docx a Swedish-first plan gives (proposals, plan, approval
summary, minutes extracts), none left in the templates' Finnish; and so is what Word shows
of the file itself: the style names and the theme font language."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from helpers import KEY
from yhdyspinta_docs import BuildOptions, build
from yhdyspinta_docs._documents import make_report
from yhdyspinta_docs.approvals import approval_documents
from yhdyspinta_docs.plan import load_plan
from yhdyspinta_docs.word._check import sample_followup

PLAN = Path(__file__).resolve().parents[1] / "data" / "vastra_nyland_sv.yaml"
FINNISH = re.compile(r"Taulukko|Kuvio|Osapuol|päätök|suunnitelm|Toimenpi|vastuutaho|tilanne",
                     re.IGNORECASE)
# the names the bundled templates give their own styles in Finnish (name or alias)
FINNISH_STYLES = {"Nimiörivi", "Rivit", "Perustiedot", "Sopimusviite", "Taulukon teksti",
                  "Taulukon otsikko", "Tietotaulukko", "Kuvio"}
STYLE_NAME = re.compile(r'<w:(?:name|aliases) w:val="([^"]*)"')
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
    docs.update({f.path: f.data for f in make_report(pf, sample_followup(pf)[0],
                                                     BuildOptions(key=KEY))})
    return docs


def test_every_swedish_documents_alt_texts_are_swedish(documents: dict[str, bytes]) -> None:
    assert any(n.startswith("godkannande_sv") for n in documents)
    found = {name: _alt_texts(data) for name, data in documents.items()}
    assert all(name.endswith("_sv.docx") for name in found)
    finnish = {name: [t for t in texts if FINNISH.search(t)] for name, texts in found.items()}
    assert {name: texts for name, texts in finnish.items() if texts} == {}


def test_the_approval_summarys_table_is_captioned_in_swedish(
        documents: dict[str, bytes]) -> None:
    assert _alt_texts(documents["godkannande_sv.docx"]) == [
        "Tabell 1. Parternas beslut om planen"]


def test_a_swedish_documents_styles_are_not_named_in_finnish(
        documents: dict[str, bytes]) -> None:
    """Word lists a style with its aliases ("Label Row,Nimiörivi"): in a Swedish document the
    bundled templates' Finnish names are Swedish ones, and the theme font language is
    Swedish too, as the document's language is."""
    assert "uppfoljningsrapport_2026_sv.docx" in documents
    for name, data in documents.items():
        with zipfile.ZipFile(BytesIO(data)) as z:
            styles = z.read("word/styles.xml").decode("utf-8")
            settings = z.read("word/settings.xml").decode("utf-8")
        names = {n for value in STYLE_NAME.findall(styles) for n in value.split(",")}
        assert names & FINNISH_STYLES == set(), name
        assert {"Etikettrad", "Rader", "Grunduppgifter"} <= names, name
        assert '<w:themeFontLang w:val="sv-FI"' in settings, name
        assert "fi-FI" not in styles + settings, name
    with zipfile.ZipFile(BytesIO(documents["uppfoljningsrapport_2026_sv.docx"])) as z:
        report = z.read("word/styles.xml").decode("utf-8")
    assert '<w:style w:type="paragraph" w:customStyle="1" w:styleId="Kuvio"><w:name ' \
           'w:val="Figur"/>' in report
