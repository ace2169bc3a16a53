"""Rendering the plan template (the attachment "Liite"): content, table, headings, accessibility.

Assertions are on content read back with lxml and python-docx (texts, styles, table structure),
not on the bytes of a golden file. The LibreOffice test is skipped without soffice.
"""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from lxml import etree
from ruamel.yaml import YAML

from docx_text import all_text, body_paragraphs, strict_parse_all, styled_paragraphs
from yhdyspinta_docs.contexts._formatting import labels
from yhdyspinta_docs.contexts._plan import plan_context
from yhdyspinta_docs.output._accessibility import check_docx
from yhdyspinta_docs.output._pdf import convert_to_pdf
from yhdyspinta_docs.plan._loader import load_plan, parse_plan
from yhdyspinta_docs.plan._model import PlanFile
from yhdyspinta_docs.word import DocProperties, WordTemplate, template_variables

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "templates" / "plan.docx"
EXAMPLE = ROOT / "examples" / "keski-suomi" / "plan.yaml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
COLUMNS = ["Nro", "Toimenpide", "Vastuutahot", "Aikataulu", "Mittarit"]
REFERENCE = "Sopimuksen kohta 7.1 ”Sopimusasiakirjat”"


def _render(compiled: WordTemplate, ctx: dict[str, Any]) -> bytes:
    return compiled.render(ctx, DocProperties(title=ctx["title"], language="fi-FI"))


def _document(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml"))


def _text(el: etree._Element) -> str:
    """Text of a paragraph or cell: line breaks as "\\n", tabs as "\\t", paragraphs joined."""
    paragraphs = [el] if el.tag == f"{{{W}}}p" else el.findall("w:p", NS)
    out = []
    for p in paragraphs:
        parts = []
        for node in p.iter(f"{{{W}}}t", f"{{{W}}}br", f"{{{W}}}tab"):
            local = etree.QName(node).localname
            parts.append(node.text or "" if local == "t" else "\n" if local == "br" else "\t")
        out.append("".join(parts))
    return "\n".join(out)


def _tables(data: bytes) -> list[etree._Element]:
    return _document(data).findall(".//w:tbl", NS)


def _modified_plan(edit: Any) -> PlanFile:
    """The example plan after `edit(data)` on its YAML mapping."""
    yaml = YAML()
    data = yaml.load(EXAMPLE.read_text("utf-8"))
    edit(data)
    out = io.StringIO()
    yaml.dump(data, out)
    return parse_plan(out.getvalue())


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compiled() -> WordTemplate:
    return WordTemplate(TEMPLATE)


@pytest.fixture(scope="module")
def plan() -> PlanFile:
    return load_plan(EXAMPLE)


@pytest.fixture(scope="module")
def ctx(plan: PlanFile) -> dict[str, Any]:
    return plan_context(plan)


@pytest.fixture(scope="module")
def docx(compiled: WordTemplate, ctx: dict[str, Any]) -> bytes:
    return _render(compiled, ctx)


def _rich(data: Any) -> None:
    """Measure details, several responsible parties, indicators, a plan date."""
    data["suunnitelma"]["paivays"] = "2026-03-03"
    first = data["suunnitelma"]["toimenpiteet"][0]
    first["kuvaus"] = "Työryhmä kokoaa asumisen palvelut.\n\n- kartoitus\n- ehdotukset"
    first["vastuutahot"] = ["jyvaskyla", "muurame"]
    first["paavastuu"] = "jyvaskyla"
    first["aikataulu"] = "2026–2027"
    first["mittarit"] = ["Jonotusaika (vrk)", "Kotona asuvien 75 vuotta täyttäneiden osuus (%)"]
    first["tavoitteet"] = ["Asumisen ratkaisut tukevat kotona asumista", "Yhteinen tilannekuva"]
    first["teema"] = "Asuminen"


@pytest.fixture(scope="module")
def rich_ctx() -> dict[str, Any]:
    return plan_context(_modified_plan(_rich))


@pytest.fixture(scope="module")
def rich_docx(compiled: WordTemplate, rich_ctx: dict[str, Any]) -> bytes:
    return _render(compiled, rich_ctx)


# --- the template file itself ----------------------------------------------------------------


def test_template_properties_and_variables(ctx: dict[str, Any]) -> None:
    doc = Document(str(TEMPLATE))
    assert doc.core_properties.title == "Yhdyspintasuunnitelma (asiakirjapohja)"
    assert doc.core_properties.author == ""
    assert check_docx(TEMPLATE) == []
    assert template_variables(TEMPLATE) <= set(ctx)
    styles = {s.name for s in doc.styles}
    assert {"Data Table", "Table Text", "Table Heading", "Caption", "Lines"} <= styles


# --- content ---------------------------------------------------------------------------------


def test_plan_content(docx: bytes, ctx: dict[str, Any]) -> None:
    paragraphs = body_paragraphs(docx)
    text = "\n".join(paragraphs)
    assert ctx["title"] in text
    for measure in ctx["measures"]:
        assert measure["title"] in paragraphs
    assert "kaikki osapuolet" in paragraphs
    assert ctx["agreement"]["name"] in paragraphs
    assert REFERENCE in paragraphs
    assert "Lakiperuste: hyvinvointialuelaki 14 §" in paragraphs
    assert "Versio: 1" in paragraphs
    assert "Voimassa alkaen: 1.1.2026" in paragraphs
    approvals = (
        "Hyväksymispäätökset:\nKeski-Suomen hyvinvointialue: Aluevaltuusto 4.11.2025 §\u00a080"
    )
    assert approvals in paragraphs
    replaced = "Korvaa: puitesopimus yhteistyörakenteiden ja toimintatapojen periaatteiksi"
    assert replaced in paragraphs
    assert "Korvattava sopimus voimassa saakka: 31.12.2025" in paragraphs
    for member in [
        "Matti Mäkinen, kunnanjohtaja, Hankasalmen kunta",
        "Lasse Leppä, konsernipalveluiden toimialajohtaja, Keski-Suomen hyvinvointialue",
    ]:
        assert member in paragraphs
    assert [p for p in paragraphs if p in ctx["working_group"]] == ctx["working_group"]
    assert "Toimenpiteiden etenemistä arvioidaan osana sopimuksen vuosittaista seurantaa" in text
    assert "Yhdyspintasuunnitelma täydentää syksyllä 2025" in text  # the summary
    assert "Strategisen yhteistyösopimuksen kautta asetamme" in text
    assert "Valmistelu aloitettu: keväällä 2025" in paragraphs
    for party in ctx["parties"]:
        assert party in paragraphs
    everything = all_text(docx)
    for leftover in ("{{", "}}", "{%", "%}"):
        assert leftover not in everything


def test_styles_of_the_sections(docx: bytes, ctx: dict[str, Any]) -> None:
    styled = styled_paragraphs(docx)
    assert ("Heading 1", ctx["title"]) in styled  # the title already contains the period
    # the agreement's own chapter is quoted as a part of the agreement, not a heading here
    assert ("Agreement Reference", REFERENCE) in styled
    assert not any(style.startswith("Heading") and "Sopimusasiakirjat" in text
                   for style, text in styled)
    bullets = [text for style, text in styled if style == "List Bullet"]
    assert bullets == ctx["parties"]
    lines = [text for style, text in styled if style == "Lines"]
    assert set(ctx["working_group"]) <= set(lines)
    # no measure has details in the example: no empty measure sections
    assert not any(style == "Heading 3" and text[:2] == "1 " for style, text in styled)


def test_header_block(docx: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        headers = [n for n in z.namelist() if n.startswith("word/header")]
        texts = [_text_of_part(z.read(n)) for n in headers]
        instructions = b"".join(z.read(n) for n in headers)
    # the plan is attachment 1 of the item: marked so on page 1 and from page 2 on
    repeated = next(t for t in texts if "Liite 1" in t)
    assert repeated.startswith("Keski-Suomen hyvinvointialue\tLiite 1\t")
    assert b" PAGE " in instructions and b" NUMPAGES " in instructions
    first, item = body_paragraphs(docx)[:2]
    assert first.startswith("Keski-Suomen hyvinvointialue\tLiite 1\t1 (1)")
    # the example's item has no meeting date or § yet: its proposal, and so the plan
    # attached to it, is a draft
    assert item == "LUONNOS\tAluehallitus"


def test_attachment_header_names_the_item_and_its_record_number(compiled: WordTemplate) -> None:
    def dated(data: Any) -> None:
        data["suunnitelma"]["paivays"] = "2026-03-03"
        handling = data["asia"]["kasittely"]
        handling.update(kokouspaiva="2026-03-23", pykala=64, dnro="118/00.04.01/2026",
                        tila="valmis")  # ready: no draft mark

    ctx = plan_context(_modified_plan(dated))
    docx = _render(compiled, ctx)
    assert body_paragraphs(docx)[:4] == [
        "Keski-Suomen hyvinvointialue\tLiite 1\t1 (1)",
        "\tAluehallitus 23.3.2026 §\u00a064",
        "\tDnro 118/00.04.01/2026",
        "\tSuunnitelma 3.3.2026",
    ]
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        headers = [_text_of_part(z.read(n)) for n in z.namelist() if n.startswith("word/header")]
    assert any("Liite 1" in h and "Dnro 118/00.04.01/2026" in h for h in headers)

    def not_attached(data: Any) -> None:
        data["asia"]["liita_suunnitelma"] = False

    plain = plan_context(_modified_plan(not_attached))
    assert (plain["attachment"], plain["item"], plain["dnro"]) == ("", "", "")
    first = body_paragraphs(_render(compiled, plain))[0]
    assert first.startswith("Keski-Suomen hyvinvointialue\tSuunnitelma\t")


def _text_of_part(blob: bytes) -> str:
    return "\n".join(_text(p) for p in etree.fromstring(blob).iter(f"{{{W}}}p"))


def test_plan_date_and_period_when_given(compiled: WordTemplate, rich_docx: bytes,
                                         ctx: dict[str, Any]) -> None:
    paragraphs = body_paragraphs(rich_docx)
    assert "\tSuunnitelma 3.3.2026" in paragraphs[1:4]
    # a title without the period gets it appended
    other = dict(ctx, title="Yhdyspintasuunnitelma")
    styled = styled_paragraphs(_render(compiled, other))
    assert ("Heading 1", "Yhdyspintasuunnitelma 2026–2029") in styled


# --- the measures table ----------------------------------------------------------------------


def test_measures_table_is_an_accessible_data_table(docx: bytes, ctx: dict[str, Any]) -> None:
    tables = _tables(docx)
    assert len(tables) == 2  # the measures, the stages of preparation
    table = tables[0]
    rows = table.findall("w:tr", NS)
    assert len(rows) == 1 + len(ctx["measures"])
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])
    assert [_text(c) for c in rows[0].findall("w:tc", NS)] == COLUMNS
    # no merged cells
    assert table.find(".//w:vMerge", NS) is None
    assert table.find(".//w:hMerge", NS) is None
    spans = [s.get(f"{{{W}}}val") for s in table.iterfind(".//w:gridSpan", NS)]
    assert all(v == "1" for v in spans)
    # explicit widths: grid, table width and every cell agree; the whole 180 mm text area
    grid = [int(c.get(f"{{{W}}}w")) for c in table.findall("w:tblGrid/w:gridCol", NS)]
    assert len(grid) == len(COLUMNS)
    assert abs(sum(grid) - round(180 * 1440 / 25.4)) <= len(grid)
    assert int(table.find("w:tblPr/w:tblW", NS).get(f"{{{W}}}w")) == sum(grid)
    assert table.find("w:tblPr/w:tblLayout", NS).get(f"{{{W}}}type") == "fixed"
    for row in rows:
        cells = row.findall("w:tc", NS)
        widths = [int(c.find("w:tcPr/w:tcW", NS).get(f"{{{W}}}w")) for c in cells]
        assert widths == grid
    # one row per measure, in order
    for row, measure in zip(rows[1:], ctx["measures"], strict=True):
        cells = [_text(c) for c in row.findall("w:tc", NS)]
        assert cells == [measure["number"], measure["title"], "kaikki osapuolet", "–", "–"]


def test_preparation_stages_are_a_table_dated_or_not(docx: bytes, ctx: dict[str, Any]) -> None:
    table = _tables(docx)[1]
    assert _text(table.getprevious()) == "Valmistelun vaiheet"
    assert table.find("w:tblPr/w:tblCaption", NS).get(f"{{{W}}}val") == "Valmistelun vaiheet"
    rows = table.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    cells = [[_text(c) for c in r.findall("w:tc", NS)] for r in rows]
    assert cells[0] == ["Ajankohta", "Vaihe"]
    assert [c[0] for c in cells[1:]] == [e["date"] or "–" for e in ctx["events"]]
    assert [c[1].split("\n")[0] for c in cells[1:]] == [e["name"] for e in ctx["events"]]
    assert cells[2] == ["–", "Keski-Suomen kuntajohtajien kokous"]  # undated: a row like the rest
    assert cells[1][1].startswith("Sydämellä-tapahtuma, maakunnan yhteinen strategisen tason "
                                  "foorumi\nKuntien, hyvinvointialueen")  # its description
    # no stage is left as a loose paragraph outside the table
    loose = [_text(p) for p in _document(docx).find("w:body", NS).findall("w:p", NS)]
    assert not any("sivistysjohtajien verkosto" in text for text in loose)


def test_measure_lead_line_keeps_with_its_theme() -> None:
    document = _document(TEMPLATE.read_bytes())
    lead = next(p for p in document.iter(f"{{{W}}}p")
                if _text(p) == "{{ labels.lead }}: {{ m.lead }}")
    assert lead.find("w:pPr/w:keepNext", NS) is not None


def test_measures_table_has_a_caption_and_heading(docx: bytes) -> None:
    table = _tables(docx)[0]
    caption = table.getprevious()
    heading = caption.getprevious()
    assert _text(caption) == labels("fi")["measure_table_caption"]
    assert caption.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "Caption"
    assert _text(heading) == "Toimenpiteet"
    assert heading.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "Heading2"
    assert table.find("w:tblPr/w:tblCaption", NS).get(f"{{{W}}}val") == _text(caption)


def test_measure_details(rich_docx: bytes, rich_ctx: dict[str, Any]) -> None:
    row = _tables(rich_docx)[0].findall("w:tr", NS)[1]
    cells = row.findall("w:tc", NS)
    assert _text(cells[2]) == "Jyväskylän kaupunki, Muuramen kunta"
    assert _text(cells[3]) == "2026–2027"
    # each indicator is its own paragraph in the cell
    # one bulleted paragraph an indicator (a bullet and a tab before its text)
    assert [_text(p) for p in cells[4].findall("w:p", NS)] == [
        f"•\t{text}" for text in rich_ctx["measures"][0]["indicators"]]
    styled = styled_paragraphs(rich_docx)
    start = styled.index(("Heading 3", "1 Asumisen kehittämisen työryhmä"))
    section = styled[start + 1 : start + 9]
    assert section == [
        ("Body Text", "Työryhmä kokoaa asumisen palvelut."),
        ("List Bullet", "kartoitus"),
        ("List Bullet", "ehdotukset"),
        ("Body Text", "Tavoitteet:"),
        ("List Bullet", "Asumisen ratkaisut tukevat kotona asumista"),
        ("List Bullet", "Yhteinen tilannekuva"),
        ("Lines", "Päävastuutaho: Jyväskylän kaupunki"),
        ("Lines", "Teema: Asuminen"),
    ]
    # only the measure with details gets a section of its own
    assert not any(s == "Heading 3" and t.startswith("2 ") for s, t in styled)


def test_each_list_restarts(rich_docx: bytes) -> None:
    """Parties, the description's list and the goals are three lists with their own numbering."""
    body = _document(rich_docx)
    blocks: list[str] = []
    previous = None
    for p in body.iter(f"{{{W}}}p"):
        num = p.find("w:pPr/w:numPr/w:numId", NS)
        num_id = num.get(f"{{{W}}}val") if num is not None else None
        if num_id and num_id != previous:
            blocks.append(num_id)
        previous = num_id
    assert len(blocks) == 3
    assert len(set(blocks)) == 3


# --- structure and accessibility -------------------------------------------------------------


@pytest.mark.parametrize("which", ["docx", "rich_docx"])
def test_headings_do_not_skip_levels(which: str, request: pytest.FixtureRequest) -> None:
    styled = styled_paragraphs(request.getfixturevalue(which))
    levels = [int(s[-1]) for s, _t in styled if s.startswith("Heading")]
    assert {s for s, _t in styled if s.startswith("Heading")} <= {
        "Heading 1", "Heading 2", "Heading 3"}
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1
    assert all(t.strip() for s, t in styled if s.startswith("Heading"))


@pytest.mark.parametrize("which", ["docx", "rich_docx"])
def test_strict_xml_and_no_accessibility_findings(
    which: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    data = request.getfixturevalue(which)
    strict_parse_all(data)
    path = tmp_path / "plan.docx"
    path.write_bytes(data)
    assert check_docx(path) == []


def test_rendering_is_deterministic(compiled: WordTemplate, ctx: dict[str, Any],
                                    docx: bytes) -> None:
    assert _render(compiled, ctx) == docx


def test_swedish_labels_exist_for_everything_the_template_prints(
    compiled: WordTemplate, ctx: dict[str, Any]
) -> None:
    assert set(labels("sv")) == set(labels("fi"))
    data = _render(compiled, dict(ctx, lang="sv", labels=labels("sv")))
    rows = _tables(data)[0].findall("w:tr", NS)
    assert [_text(c) for c in rows[0].findall("w:tc", NS)] == ["Nr", "Åtgärd",
                                                                "Ansvariga parter",
                                                                "Tidtabell", "Mätare"]
    assert "Avtal och lagstöd" in body_paragraphs(data)


def test_nasty_text_renders_verbatim(compiled: WordTemplate, tmp_path: Path) -> None:
    nasty_title = "A & B < C > D \"quoted\" 'single'"
    formula = "=SUM(A1:A3) & <b>x</b>"

    def edit(data: Any) -> None:
        data["suunnitelma"]["nimi"] = nasty_title
        measure = data["suunnitelma"]["toimenpiteet"][0]
        measure["otsikko"] = formula
        measure["kuvaus"] = "Kuvaus & <tausta>"
        measure["mittarit"] = ["< 5 % & > 2"]
        data["suunnitelma"]["seurannan_periaatteet"] = "Seuranta {{ ei muuttuja }} {% ei %}"

    ctx = plan_context(_modified_plan(edit))
    data = _render(compiled, ctx)
    strict_parse_all(data)
    paragraphs = body_paragraphs(data)
    assert f"{nasty_title} 2026–2029" in paragraphs  # Heading 1, with the period
    assert formula in paragraphs  # the table cell
    assert f"1 {formula}" in paragraphs  # the measure's Heading 3
    assert "Kuvaus & <tausta>" in paragraphs
    assert "•\t< 5 % & > 2" in paragraphs
    # the plan text syntax writes "{{" for a literal "{"; Jinja-like text is not evaluated
    assert ctx["followup"][0]["text"] == "Seuranta { ei muuttuja } {% ei %}"
    assert "Seuranta { ei muuttuja } {% ei %}" in paragraphs
    assert Document(io.BytesIO(data)).core_properties.title == nasty_title
    path = tmp_path / "nasty.docx"
    path.write_bytes(data)
    assert check_docx(path) == []


# --- LibreOffice ----------------------------------------------------------------------------


@pytest.mark.libreoffice
@pytest.mark.slow
def test_libreoffice_converts_to_pdf(rich_docx: bytes, rich_ctx: dict[str, Any],
                                     tmp_path: Path) -> None:
    source = tmp_path / "plan.docx"
    source.write_bytes(rich_docx)
    (pdf,) = convert_to_pdf([source], tmp_path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert rich_ctx["title"] in flat
    assert "1 (" in text
    pages = text.count("\f")
    assert f"1 ({pages})" in text  # NUMPAGES is filled in
    for column in COLUMNS:
        assert column in text
    assert "Asumisen kehittämisen työryhmä" in flat
