"""The approval round's documents: the county board's summary (.docx, .xlsx), the minutes
extracts and their web versions, rendered through the one Word render path."""

from __future__ import annotations

import io
import json

import openpyxl

from docx_text import all_text, body_paragraphs, strict_parse_all
from yhdyspinta_docs._approval_documents import approval_documents
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.plan import load_plan


def _outputs():  # type: ignore[no-untyped-def]
    pf = load_plan(example_plan_path())
    return {f.path: f for f in approval_documents(pf, extracts=True, public=True)}


def test_summary_docx_reads_right() -> None:
    files = _outputs()
    data = files["hyvaksyminen_fi.docx"].data
    strict_parse_all(data)
    paragraphs = body_paragraphs(data)
    assert "Yhdyspintasuunnitelman hyväksyminen osapuolissa" in paragraphs
    assert ("Suunnitelman hyväksyy 24 osapuolta. Tilanne 20.3.2026: hyväksynyt 4, hylännyt 0, "
            "odottaa 20, joista myöhässä 1.") in paragraphs
    assert "Muutettuna hyväksyneet" in paragraphs
    flagged = next(p for p in paragraphs if p.startswith("Keski-Suomen liitto (Maakunta"))
    assert "hyväksyi suunnitelman muutettuna. Käsittely: Jäsen ehdotti" in flagged
    text = all_text(data)
    assert "Joutsan kunta" in text and "Myöhässä" in text and "{{" not in text
    assert "Jyväskylän kaupunki" in text and "esitetty valtuustolle" in text


def test_summary_xlsx_has_every_party_and_decision() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(_outputs()["hyvaksyminen_fi.xlsx"].data))
    assert wb.sheetnames == ["Hyväksyminen", "Päätökset"]
    rows = list(wb["Hyväksyminen"].iter_rows(values_only=True))
    assert rows[0][:5] == ("Osapuoli", "Tunnus", "Toimielin", "Suunniteltu", "Tila")
    assert len(rows) == 25
    joutsa = next(r for r in rows if r[1] == "joutsa")
    assert joutsa[4] == "Myöhässä" and joutsa[6] == 60 and joutsa[7] == "pantu pöydälle"
    liitto = next(r for r in rows if r[1] == "maakuntaliitto")
    assert liitto[4] == "Hyväksytty" and liitto[7] == "hyväksytty muutettuna"
    assert str(liitto[8]).startswith("Jäsen ehdotti")
    assert len(list(wb["Päätökset"].iter_rows(values_only=True))) == 7
    assert wb["Hyväksyminen"].tables and wb["Hyväksyminen"].freeze_panes == "A2"


def test_extracts_and_web_versions() -> None:
    files = _outputs()
    county = body_paragraphs(
        files["poytakirjanote_hyvinvointialue_aluehallitus_2026-03-09_70_fi.docx"].data)
    assert "§\u00a070 Keski-Suomen yhdyspintasuunnitelma 2026–2029" in county
    assert "Päätös" in county and "Päätösehdotus" not in county
    assert "Oikaisuvaatimusohje" in county
    assert "Otteen oikeaksi todistaa" in county and "Pöytäkirjan tarkastus" in county
    forwarded = all_text(
        files["poytakirjanote_jyvaskyla_hallitus_2026-03-09_110_fi.docx"].data)
    assert "Päätökseen ei saa hakea muutosta" in forwarded
    amended = body_paragraphs(
        files["poytakirjanote_maakuntaliitto_maakuntahallitus_2026-03-02_25_fi.docx"].data)
    assert amended.index("Käsittely") < amended.index("Päätös")
    web = files["julkinen/poytakirjanote_hyvinvointialue_aluehallitus_2026-03-09_70_fi.docx"]
    assert web.extra == {"remove_after": "2026-04-02"}
    assert "poistetaan yleisestä tietoverkosta 2.4.2026 jälkeen" in all_text(web.data)
    data = json.loads(files["avoin-data/hyvaksyminen.json"].data)
    assert data["approved"] is False and data["as_of"] == "2026-03-20"
    assert {"path": web.path, "party": "hyvinvointialue", "remove_after": "2026-04-02"} \
        in data["extracts"]


def test_same_plan_same_bytes() -> None:
    first, second = _outputs(), _outputs()
    assert {p: f.sha256 for p, f in first.items()} == {p: f.sha256 for p, f in second.items()}
