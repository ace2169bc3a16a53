"""The bundled examples: both validate; bilingual Pohjanmaa builds in Finnish and Swedish."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document

from helpers import KEY
from yhdyspinta_docs._build import BuildOptions, build
from yhdyspinta_docs.cli import main
from yhdyspinta_docs.plan._checks import missing_translations
from yhdyspinta_docs.plan._loader import load_plan
from yhdyspinta_docs.plan._model import PlanFile

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = {name: REPO / "examples" / name / "plan.yaml" for name in ("keski-suomi", "pohjanmaa")}
POHJANMAA = EXAMPLES["pohjanmaa"]


def docx_text(path: Path) -> str:
    """All text a reader sees: body paragraphs, tables, headers and footers (python-docx)."""
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in doc.sections:
        for part in (section.header, section.first_page_header, section.footer,
                     section.first_page_footer):
            parts += [p.text for p in part.paragraphs]
            for table in part.tables:
                parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def pohjanmaa() -> PlanFile:
    return load_plan(POHJANMAA)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_validates(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(EXAMPLES[name])]) == 0
    assert ": ok (" in capsys.readouterr().out


def test_pohjanmaa_is_bilingual_and_complete(pohjanmaa: PlanFile) -> None:
    assert set(pohjanmaa.languages) == {"fi", "sv"}
    for lang in ("fi", "sv"):
        assert missing_translations(pohjanmaa, lang) == [], lang
    assert len(pohjanmaa.plan.measures) == 7
    assert len(pohjanmaa.parties) != len(load_plan(EXAMPLES["keski-suomi"]).parties)
    names = {p.id: p.name for p in pohjanmaa.parties}
    assert names["vaasa"] == {"fi": "Vaasan kaupunki", "sv": "Vasa stad"}
    assert names["mustasaari"] == {"fi": "Mustasaaren kunta", "sv": "Korsholms kommun"}
    assert names["maakuntaliitto"] == {"fi": "Pohjanmaan liitto", "sv": "Österbottens förbund"}
    h = pohjanmaa.item.handling
    assert h.competence == {"fi": "Hallintosääntö 28 §", "sv": "Förvaltningsstadgan 28 §"}
    assert all(p.email and p.email.endswith("@example.fi") for p in h.preparers)
    assert all(m.personal for m in pohjanmaa.plan.preparation.working_group)
    assert all(m.responsible and m.deadline and m.indicators and m.theme
               for m in pohjanmaa.plan.measures)


def test_pohjanmaa_says_it_is_fictional() -> None:
    header = POHJANMAA.read_text("utf-8").split("\nmuoto:", 1)[0]
    assert "KEKSITTY ESIMERKKI" in header
    assert "FIKTIVT EXEMPEL" in header


def test_pohjanmaa_builds_in_finnish_and_swedish(pohjanmaa: PlanFile, tmp_path: Path) -> None:
    result = build(pohjanmaa, tmp_path, BuildOptions(key=KEY, languages=["fi", "sv"]))
    manifest = json.loads(result.manifest.read_text("utf-8"))
    docs = {f["lang"]: tmp_path / f["path"] for f in manifest["files"]
            if f["kind"] == "decision"}
    assert set(docs) == {"fi", "sv"}

    sv = docx_text(docs["sv"])
    for label in ("Föredragande", "Beslutsförslag", "Redogörelse för ärendet", "Behörighet",
                  "Förvaltningsstadgan 28 §", "Välfärdsområdesstyrelsen beslutar"):
        assert label in sv, label
    assert "Österbottens gränsytsplan 2026–2029" in sv
    for finnish in ("Esittelijä", "Päätösehdotus", "Selostus asiasta", "Aluehallitus",
                    "Pohjanmaan yhdyspintasuunnitelma"):
        assert finnish not in sv, finnish

    fi = docx_text(docs["fi"])
    for label in ("Esittelijä", "Päätösehdotus", "Pohjanmaan yhdyspintasuunnitelma 2026–2029",
                  "Hallintosääntö 28 §", "Aluehallitus päättää"):
        assert label in fi, label
    assert "Föredragande" not in fi

    titles = {f["lang"]: f["title"] for f in manifest["files"] if f["kind"] == "decision"}
    assert titles == {"fi": "Pohjanmaan yhdyspintasuunnitelma 2026–2029",
                      "sv": "Österbottens gränsytsplan 2026–2029"}


def test_pohjanmaa_party_proposals_in_swedish(pohjanmaa: PlanFile, tmp_path: Path) -> None:
    """Every party gets its proposal; a municipality's is in its bodies' Swedish names."""
    result = build(pohjanmaa, tmp_path,
                   BuildOptions(key=KEY, languages=["sv"], for_each_party=True, drafts=True,
                                matrix=False))
    parties = {e.party for e in result.entries if e.kind == "decision"}
    assert parties == {p.id for p in pohjanmaa.parties}
    korsholm = next(tmp_path / e.path for e in result.entries
                    if e.kind == "decision" and e.party == "mustasaari")
    text = docx_text(korsholm)
    assert "Korsholms kommun" in text
    assert "Kommunstyrelsen beslutar för sin del godkänna" in text
    vasa = next(tmp_path / e.path for e in result.entries
                if e.kind == "decision" and e.party == "vaasa")
    assert "Stadsstyrelsen beslutar godkänna" in docx_text(vasa)


def test_pohjanmaa_party_proposals_in_each_partys_languages(pohjanmaa: PlanFile,
                                                            tmp_path: Path) -> None:
    """A Finnish-speaking municipality gets its proposal in Finnish only, a Swedish-speaking
    one in Swedish only, a bilingual one in both."""
    result = build(pohjanmaa, tmp_path, BuildOptions(key=KEY, for_each_party=True, drafts=True,
                                                     matrix=False))
    langs: dict[str | None, set[str]] = {}
    for e in result.entries:
        if e.kind == "decision":
            langs.setdefault(e.party, set()).add(str(e.lang))
    assert langs["laihia"] == langs["isokyro"] == {"fi"}
    assert langs["korsnas"] == {"sv"}
    assert langs["vaasa"] == langs["mustasaari"] == {"fi", "sv"}
