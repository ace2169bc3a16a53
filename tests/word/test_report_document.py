"""Rendering the follow-up report template (report.docx): content, table, chart, accessibility.

The follow-up data is built by hand (no matrix files): a few rows of the example plan, and a
previous period in which one row was "Käynnissä". Assertions are on content read back with
lxml and python-docx, not on the bytes of a golden file. The LibreOffice test is skipped
without soffice.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from lxml import etree

from docx_text import all_text, body_paragraphs, strict_parse_all, styled_paragraphs
from yhdyspinta_docs.contexts._report import report_context
from yhdyspinta_docs.matrix._followup import FollowupData, FollowupRow
from yhdyspinta_docs.output._accessibility import check_docx
from yhdyspinta_docs.output._pdf import convert_to_pdf
from yhdyspinta_docs.plan._loader import load_plan
from yhdyspinta_docs.plan._model import PlanFile
from yhdyspinta_docs.word import DocProperties, WordTemplate, template_variables

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "templates" / "report.docx"
EXAMPLE = ROOT / "examples" / "keski-suomi" / "plan.yaml"
EXAMPLE_SV = ROOT / "examples" / "pohjanmaa" / "plan.yaml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
NS = {"w": W, "wp": WP}
COLUMNS = ["Vastuutaho", "Tilanne", "Päivitetty", "Tilannekuvaus", "Seuraavat toimenpiteet"]
COLUMNS_SV = ["Ansvarig part", "Läge", "Uppdaterad", "Lägesbeskrivning", "Nästa steg"]
CONTACT = "Maija Esimerkki, maija.esimerkki@jyvaskyla.fi"
LAST_YEAR = dt.date(2025, 11, 3)
NASTY = "Kuvaus & <b>lihava</b> {{ ei muuttuja }} {% ei %}"
UPDATED = dt.date(2026, 11, 1)


def _data(pf: PlanFile, rows: list[FollowupRow], period: str) -> FollowupData:
    return FollowupData(plan_id=pf.plan.id, plan_version=str(pf.plan.version), period=period,
                        rows=rows)


def _render(compiled: WordTemplate, ctx: dict[str, Any]) -> bytes:
    language = "sv-FI" if ctx["lang"] == "sv" else "fi-FI"
    return compiled.render(ctx, DocProperties(title=ctx["title"], language=language))


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


def _tables(data: bytes) -> list[list[list[str]]]:
    """Every table of the document: its rows, each a list of cell texts (header row first)."""
    return [[[_text(c) for c in tr.findall("w:tc", NS)] for tr in table.findall("w:tr", NS)]
            for table in _document(data).findall(".//w:tbl", NS)]


def _check(data: bytes, tmp_path: Path, name: str = "report.docx") -> list[Any]:
    path = tmp_path / name
    path.write_bytes(data)
    return check_docx(path)


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compiled() -> WordTemplate:
    return WordTemplate(TEMPLATE)


@pytest.fixture(scope="module")
def plan() -> PlanFile:
    return load_plan(EXAMPLE)


@pytest.fixture(scope="module")
def ctx(plan: PlanFile) -> dict[str, Any]:
    current = _data(plan, [
        FollowupRow.from_key("asuminen/jyvaskyla", status="Valmis",
                             description="Asumisen palvelut on koottu yhteiseen kuvaukseen.",
                             next_steps="Esitys kuntajohtajille", updated=UPDATED,
                             contact=CONTACT),
        FollowupRow.from_key("asuminen/muurame", status="Viivästynyt",
                             description="Henkilöstövaje", updated=dt.date(2026, 10, 15)),
        FollowupRow.from_key("vuorovaikutus/hyvinvointialue", status="Käynnissä",
                             description=NASTY, updated=UPDATED),
        # not touched this year: last year's entry, carried over into this year's matrix
        FollowupRow.from_key("tietopohja/maakuntaliitto", status="Ei aloitettu",
                             updated=LAST_YEAR),
    ], "2026")
    previous = _data(plan, [
        FollowupRow.from_key("asuminen/jyvaskyla", status="Käynnissä",
                             updated=dt.date(2025, 11, 3)),
        FollowupRow.from_key("asuminen/muurame", status="Viivästynyt",
                             updated=dt.date(2025, 11, 3)),
        FollowupRow.from_key("vuorovaikutus/hyvinvointialue", status="Käynnissä",
                             updated=dt.date(2025, 11, 3)),
        FollowupRow.from_key("tietopohja/maakuntaliitto", status="Ei aloitettu",
                             updated=LAST_YEAR),
    ], "2025")
    return report_context(plan, current, previous=previous)


@pytest.fixture(scope="module")
def docx(compiled: WordTemplate, ctx: dict[str, Any]) -> bytes:
    return _render(compiled, ctx)


@pytest.fixture(scope="module")
def empty_ctx(plan: PlanFile) -> dict[str, Any]:
    """Nothing reported yet, no previous period: no date, nothing late, no changes section."""
    return report_context(plan, _data(plan, [], ""))


@pytest.fixture(scope="module")
def sv_ctx() -> dict[str, Any]:
    pf = load_plan(EXAMPLE_SV)
    measure = pf.plan.measures[0]
    party = pf.responsible_parties(measure)[0]
    current = _data(pf, [FollowupRow.from_key(f"{measure.id}/{party.id}", status="Valmis",
                                              updated=UPDATED)], "2026")
    return report_context(pf, current, "sv", previous=_data(pf, [], "2025"))


@pytest.fixture(scope="module")
def sv_docx(compiled: WordTemplate, sv_ctx: dict[str, Any]) -> bytes:
    return _render(compiled, sv_ctx)


# --- the template file itself ----------------------------------------------------------------


def test_template_properties_and_variables(ctx: dict[str, Any]) -> None:
    doc = Document(str(TEMPLATE))
    assert doc.core_properties.title == "Seurantaraportti (asiakirjapohja)"
    assert doc.core_properties.author == ""
    assert check_docx(TEMPLATE) == []
    assert template_variables(TEMPLATE) <= set(ctx)
    styles = {s.name for s in doc.styles}
    assert {"Data Table", "Table Text", "Table Heading", "Caption", "Kuvio"} <= styles
    # a paragraph style named like a PDF structure type becomes that element in a tagged PDF
    assert "Figure" not in styles


# --- content ---------------------------------------------------------------------------------


def test_report_content(docx: bytes, ctx: dict[str, Any]) -> None:
    styled = styled_paragraphs(docx)
    paragraphs = body_paragraphs(docx)
    assert ("Heading 1", ctx["title"]) in styled
    assert ctx["title"] == "Keski-Suomen yhdyspintasuunnitelma 2026–2029: seurantaraportti 2026"
    headings = [text for style, text in styled if style == "Heading 2"]
    assert headings == ["Seurannan tulokset", "Tilanne vastuutahoittain", "Viivästyneet",
                        "Muutokset edelliseen seurantaan", "Tilanne toimenpiteittäin"]
    assert "Seurannassa on 120 toimenpiteen ja vastuutahon riviä." in paragraphs
    bullets = [text for style, text in styled if style == "List Bullet"]
    assert "Valmis: 1" in bullets and "Ei merkintää: 116" in bullets
    # every measure: a heading "1 Otsikko", its statuses counted, then its table
    measure_headings = [text for style, text in styled if style == "Heading 3"]
    assert len(measure_headings) == len(ctx["measures"]) == 5
    for number, (measure, heading) in enumerate(
            zip(ctx["measures"], measure_headings, strict=True), 1):
        assert heading == f"{number} {measure['title']}"
        at = paragraphs.index(heading)
        assert paragraphs[at + 1] == f"Tilanne: {measure['counts']}"
        assert paragraphs[at + 2] == f"Taulukko {number + 1}. {measure['title']}"
    assert ctx["measures"][0]["counts"] == "Valmis 1, Viivästynyt 1, Ei merkintää 22"
    # late and changed rows, each a bullet
    assert "Asumisen kehittämisen työryhmä: Muuramen kunta" in bullets  # a line a measure
    change = "Asumisen kehittämisen työryhmä – Jyväskylän kaupunki: Käynnissä → Valmis"
    assert change in bullets
    assert ctx["changes"] == [change]  # unchanged rows are not listed
    everything = all_text(docx)
    for leftover in ("{{ ", " }}", "{%", "%}"):
        assert leftover not in everything.replace(NASTY, "")
    assert NASTY in paragraphs  # a party's text with markup characters renders verbatim


def test_header_block(docx: bytes) -> None:
    paragraphs = body_paragraphs(docx)
    assert paragraphs[0].startswith("Keski-Suomen hyvinvointialue\tSeurantaraportti\t1 (")
    assert paragraphs[1] == "\t1.11.2026"
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        headers = [z.read(n) for n in z.namelist() if n.startswith("word/header")]
    repeated = next(h for h in headers if b"Seurantaraportti" in h)
    assert b" PAGE " in repeated and b" NUMPAGES " in repeated
    assert b"1.11.2026" in repeated


def test_status_tables(docx: bytes, ctx: dict[str, Any]) -> None:
    """One table per measure after the table by party, a row per responsible party, each
    with header row and caption."""
    tables = _document(docx).findall(".//w:tbl", NS)[1:]
    assert len(tables) == len(ctx["measures"]) == 5
    entries = 0
    for number, (table, measure) in enumerate(zip(tables, ctx["measures"], strict=True), 2):
        rows = table.findall("w:tr", NS)
        assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
        assert [_text(c) for c in rows[0].findall("w:tc", NS)] == COLUMNS
        body = [[_text(c) for c in tr.findall("w:tc", NS)] for tr in rows[1:]]
        assert body == [[r["party"] + (f"\nYhteyshenkilö: {r['contact']}" if r["contact"]
                                       else ""),
                         r["status"],
                         (r["updated"] or "–") + ("\n(aiempi kausi)" if r["carried_over"]
                                                 else ""),
                         r["description"] or "–", r["next_steps"] or "–"]
                        for r in measure["rows"]]
        entries += len(body)
        # the status is text; nothing below the header row is coloured or empty
        for tr in rows[1:]:
            assert tr.find(".//w:shd", NS) is None
            assert all(_text(c).strip() for c in tr.findall("w:tc", NS))
        # fixed widths over the 180 mm text area, one grid column per cell, nothing merged
        grid = [int(g.get(f"{{{W}}}w")) for g in table.findall("w:tblGrid/w:gridCol", NS)]
        assert len(grid) == 5 and abs(sum(grid) - 180 * 1440 / 25.4) < 3
        assert table.find("w:tblPr/w:tblLayout", NS).get(f"{{{W}}}type") == "fixed"
        assert not table.findall(".//w:gridSpan", NS) and not table.findall(".//w:vMerge", NS)
        caption = table.find("w:tblPr/w:tblCaption", NS).get(f"{{{W}}}val")
        assert caption == f"Taulukko {number}. {measure['title']}"
        assert _text(table.getprevious()) == caption
    assert entries == 120 == len(ctx["table"])  # 5 measures x 24 parties
    by_party = {(n, r[0]): r for n, t in enumerate(_tables(docx)[1:], 1) for r in t[1:]}
    jyvaskyla = f"Jyväskylän kaupunki\nYhteyshenkilö: {CONTACT}"
    assert by_party[1, jyvaskyla][1:] == [
        "Valmis", "1.11.2026", "Asumisen palvelut on koottu yhteiseen kuvaukseen.",
        "Esitys kuntajohtajille"]
    assert by_party[1, "Muuramen kunta"][1:] == ["Viivästynyt", "15.10.2026", "Henkilöstövaje",
                                                 "–"]
    assert by_party[2, "Keski-Suomen hyvinvointialue"][1] == "Käynnissä"
    # last year's entry, not updated: its date and the mark under it
    assert by_party[3, "Keski-Suomen liitto"][1:] == ["Ei aloitettu", "3.11.2025\n(aiempi kausi)",
                                                      "–", "–"]
    assert by_party[5, "Äänekosken kaupunki"][1:] == ["Ei merkintää", "–", "–", "–"]


def test_carried_over_mark_is_explained(docx: bytes, compiled: WordTemplate,
                                        empty_ctx: dict[str, Any]) -> None:
    styled = styled_paragraphs(docx)
    note = ("Body Text", "Merkintä ”aiempi kausi” päivityspäivän alla tarkoittaa, että tieto on "
            "siirtynyt aiemmalta kaudelta eikä vastuutaho ole päivittänyt sitä tällä kaudella.")
    assert styled[styled.index(("Heading 2", "Tilanne toimenpiteittäin")) + 1] == note
    assert ("Body Text", "Rivejä, joita ei ole päivitetty tällä seurantakaudella (siirtyneet "
            "aiemmalta kaudelta): 1.") in styled
    assert note not in styled_paragraphs(_render(compiled, empty_ctx))  # nothing carried over


def test_every_next_step_date_and_contact_rendered(plan: PlanFile, tmp_path: Path) -> None:
    """A round where parties typed next steps, dates and contacts: every next-step text and
    date is in the report, every contact in the internal version and none in the public one."""
    from yhdyspinta_docs._build import BuildOptions, make_report

    keys = [f"{m.id}/{p.id}" for m in plan.plan.measures for p in plan.responsible_parties(m)]
    picked = keys[::13][:9]
    rows = [FollowupRow.from_key(key, status="Käynnissä", next_steps=f"Seuraava askel {i}: {key}",
                                 updated=dt.date(2026, 9, i + 1),
                                 contact=f"Yhteys Henkilö{i}, h{i}@example.fi")
            for i, key in enumerate(picked)]
    out = {f.path: f.data for f in make_report(
        plan, _data(plan, rows, "2026"), BuildOptions(public=True), on=UPDATED)
        if f.kind == "report"}
    assert sorted(out) == ["julkinen/seurantaraportti_2026_fi.docx",
                           "seurantaraportti_2026_fi.docx"]
    internal, public = (all_text(out[name]) for name in sorted(out, reverse=True))
    for i, key in enumerate(picked):
        for text in (internal, public):
            assert f"Seuraava askel {i}: {key}" in text
            assert f"{i + 1}.9.2026" in text
        assert f"Yhteyshenkilö: Yhteys Henkilö{i}, h{i}@example.fi" in internal
        assert f"Henkilö{i}" not in public and f"h{i}@example.fi" not in public
    assert "Yhteyshenkilö:" not in public
    assert _check(out["julkinen/seurantaraportti_2026_fi.docx"], tmp_path) == []


def test_chart_picture_with_alt_text_and_caption(docx: bytes, ctx: dict[str, Any]) -> None:
    root = _document(docx)
    (doc_pr,) = root.findall(".//wp:docPr", NS)
    assert doc_pr.get("descr") == ctx["chart_alt"]
    assert ctx["chart_alt"].startswith("Pylväskaavio seurannan tilanteista: ")
    assert "Valmis 1" in ctx["chart_alt"]
    picture = next(p for p in root.iter(f"{{{W}}}p") if p.find(".//w:drawing", NS) is not None)
    assert picture.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "Kuvio"
    assert _text(picture) == ""  # the picture alone in its paragraph
    caption = picture.getnext()
    assert caption.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "Caption"
    assert _text(caption) == "Kuvio 1. Seurannan rivit tilanteen mukaan"
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert len(media) == 1 and media[0].endswith(".png")


def test_nothing_reported_yet(compiled: WordTemplate, empty_ctx: dict[str, Any],
                              tmp_path: Path) -> None:
    data = _render(compiled, empty_ctx)
    styled = styled_paragraphs(data)
    assert ("Body Text", "Yhtään riviä ei ole merkitty viivästyneeksi.") in styled
    headings = [text for style, text in styled if style == "Heading 2"]
    assert "Muutokset edelliseen seurantaan" not in headings  # no previous period given
    assert all(row[1:] == ["Ei merkintää", "–", "–", "–"]
               for table in _tables(data)[1:] for row in table[1:])
    *parties, total = _tables(data)[0][1:]
    assert all(row[1:] == ["0", "0", "0", "0", "5", "5"] for row in parties)
    assert total == ["Yhteensä", "0", "0", "0", "0", "120", "120"]
    assert empty_ctx["date"] == ""
    assert not any(p.startswith("\t") for p in body_paragraphs(data)[:3])  # no empty date line
    strict_parse_all(data)
    assert _check(data, tmp_path) == []


def test_previous_period_without_changes(compiled: WordTemplate, plan: PlanFile) -> None:
    same = _data(plan, [FollowupRow.from_key("asuminen/jyvaskyla", status="Valmis",
                                             updated=UPDATED)], "2026")
    ctx = report_context(plan, same, previous=same)
    styled = styled_paragraphs(_render(compiled, ctx))
    assert ("Heading 2", "Muutokset edelliseen seurantaan") in styled
    assert ("Body Text", "Tilanteet eivät ole muuttuneet edellisestä seurannasta.") in styled


@pytest.mark.parametrize("which", ["docx", "sv_docx"])
def test_strict_xml_and_no_accessibility_findings(
    which: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    data = request.getfixturevalue(which)
    strict_parse_all(data)
    assert _check(data, tmp_path) == []


def test_rendering_is_deterministic(compiled: WordTemplate, ctx: dict[str, Any],
                                    docx: bytes) -> None:
    assert _render(compiled, ctx) == docx


# --- Swedish ---------------------------------------------------------------------------------


def test_swedish_report(sv_docx: bytes, sv_ctx: dict[str, Any]) -> None:
    styled = styled_paragraphs(sv_docx)
    paragraphs = body_paragraphs(sv_docx)
    assert sv_ctx["title"] == "Österbottens gränsytsplan 2026–2029: uppföljningsrapport 2026"
    assert ("Heading 1", sv_ctx["title"]) in styled
    assert paragraphs[0].startswith("Österbottens välfärdsområde\tUppföljningsrapport\t1 (")
    headings = [text for style, text in styled if style == "Heading 2"]
    assert headings == ["Uppföljningens resultat", "Läget per ansvarig part", "Försenade",
                        "Förändringar sedan föregående uppföljning", "Läget per åtgärd"]
    assert ("Body Text", "Ingen rad har markerats som försenad.") in styled
    assert "Figur 1. Uppföljningens rader enligt läge" in paragraphs
    by_party, *tables = _tables(sv_docx)
    assert by_party[0] == ["Ansvarig part", "Inte påbörjad", "Pågår", "Klar", "Försenad",
                           "Ingen anteckning", "Totalt"]
    assert all(table[0] == COLUMNS_SV for table in tables)
    rows = [row for table in tables for row in table[1:]]
    assert len(rows) == len(sv_ctx["table"]) == 53
    measures = [m["title"] for m in sv_ctx["measures"]]
    assert measures[0] == "Gemensam välfärdsberättelse och välfärdsplan"
    assert [text for style, text in styled if style == "Heading 3"] == [
        f"{number} {title}" for number, title in enumerate(measures, 1)]
    assert [p for p in paragraphs if p.startswith("Tabell ")] == [
        "Tabell 1. De ansvariga parternas rader enligt läge",
        *(f"Tabell {number}. {title}" for number, title in enumerate(measures, 2))]
    assert {row[1] for row in rows} == {"Klar", "Ingen anteckning"}
    assert rows[0][:2] == ["Österbottens välfärdsområde", "Klar"]
    changes = [text for style, text in styled if style == "List Bullet" and "→" in text]
    assert changes == [f"{measures[0]} – Österbottens välfärdsområde: Ingen anteckning → Klar"]
    (doc_pr,) = _document(sv_docx).findall(".//wp:docPr", NS)
    assert doc_pr.get("descr") == sv_ctx["chart_alt"]
    assert sv_ctx["chart_alt"].startswith("Stapeldiagram")
    text = all_text(sv_docx)
    for finnish in ("Seurantaraportti", "Toimenpide", "Vastuutaho", "Tilanne", "Kuvio",
                    "Taulukko", "Ei raportoitu", "Ei merkintää", "Päivitetty", "aiempi kausi"):
        assert finnish not in text
    assert Document(io.BytesIO(sv_docx)).core_properties.language == "sv-FI"


# --- LibreOffice ----------------------------------------------------------------------------


@pytest.mark.libreoffice
@pytest.mark.slow
def test_libreoffice_converts_to_pdf(docx: bytes, ctx: dict[str, Any], tmp_path: Path) -> None:
    source = tmp_path / "report.docx"
    source.write_bytes(docx)
    (pdf,) = convert_to_pdf([source], tmp_path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert ctx["title"] in flat
    assert "1 (" in text
    pages = text.count("\f")
    assert pages > 1
    assert f"1 ({pages})" in text and f"{pages} ({pages})" in text  # NUMPAGES is filled in
    for column in COLUMNS:
        assert column.split()[0] in text  # a long header may wrap in its cell
    assert "Kuvio 1. Seurannan rivit tilanteen mukaan" in flat
    assert "Käynnissä → Valmis" in flat
    assert "Äänekosken" in flat  # the last row of the table made it



def _one_row_plan(path: Path, party: str) -> PlanFile:
    """The example at `path` with its first measure only, `party` its only responsible."""
    from ruamel.yaml import YAML

    from yhdyspinta_docs.plan._loader import parse_plan

    yaml = YAML()
    data = yaml.load(path.read_text("utf-8"))
    measures = data["suunnitelma"]["toimenpiteet"]
    del measures[1:]
    measures[0]["vastuutahot"] = [party]
    measures[0].pop("paavastuu", None)
    data.pop("paatokset", None)
    text = io.StringIO()
    yaml.dump(data, text)
    return parse_plan(text.getvalue())


@pytest.mark.parametrize(("path", "party", "lang", "expected"), [
    (EXAMPLE, "jyvaskyla", "fi", "Seurannassa on 1 toimenpiteen ja vastuutahon rivi."),
    (EXAMPLE_SV, "vaasa", "sv", "Uppföljningen har 1 rad för en åtgärd och en ansvarig part."),
])
def test_one_row_reads_in_the_singular(compiled: WordTemplate, path: Path, party: str,
                                       lang: str, expected: str) -> None:
    """A plan with one measure and one responsible party has one follow-up row: "1 …
    rivi" and "1 rad", not "1 … riviä" and "1 rader"."""
    pf = _one_row_plan(path, party)
    row = FollowupRow.from_key(f"{pf.plan.measures[0].id}/{party}", status="Valmis",
                               updated=UPDATED)
    ctx = report_context(pf, _data(pf, [row], "2026"), lang)  # type: ignore[arg-type]
    assert expected in body_paragraphs(_render(compiled, dict(ctx)))


def test_the_reports_proposal_has_a_web_version_without_contact_details(tmp_path: Path) -> None:
    """The "merkitsee tiedoksi" proposal is a board agenda item, published as the report is:
    with `public`, its web version names the preparer by office only, no e-mail or phone."""
    from yhdyspinta_docs._assets import example_plan_path
    from yhdyspinta_docs._build import BuildOptions, make_report
    from yhdyspinta_docs.plan import load_plan

    pf = load_plan(example_plan_path("pohjanmaa"))
    h = pf.item.handling
    contacts = [v for p in (*h.preparers, h.presenter) if p for v in (p.email, p.phone) if v]
    assert contacts
    out = {f.path: f for f in make_report(pf, _data(pf, [], "2026"),
                                          BuildOptions(public=True, languages=["fi"]),
                                          on=UPDATED)
           if f.kind == "decision"}
    assert sorted(out) == ["julkinen/paatosehdotus_seurantaraportti_2026_fi.docx",
                           "paatosehdotus_seurantaraportti_2026_fi.docx"]
    internal = all_text(out["paatosehdotus_seurantaraportti_2026_fi.docx"].data)
    public = all_text(out["julkinen/paatosehdotus_seurantaraportti_2026_fi.docx"].data)
    assert [c for c in contacts if c in internal] == contacts
    assert [c for c in contacts if c in public] == []
    assert "merkitsee tiedoksi" in public.replace("\n", " ")
    assert out["julkinen/paatosehdotus_seurantaraportti_2026_fi.docx"].extra == \
        out["paatosehdotus_seurantaraportti_2026_fi.docx"].extra  # a draft is marked as one
    assert _check(out["julkinen/paatosehdotus_seurantaraportti_2026_fi.docx"].data,
                  tmp_path) == []
