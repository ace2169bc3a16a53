"""The approval round's documents: the county board's summary (.docx, .xlsx), the minutes
extracts and their web versions, rendered through the one Word render path."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl

from docx_text import all_text, body_paragraphs, strict_parse_all, styled_paragraphs
from yhdyspinta_docs._approval_documents import approval_documents
from yhdyspinta_docs._assets import default_template, example_plan_path
from yhdyspinta_docs.plan import load_plan, parse_plan


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
    # made as proposed: the proposal with its presenter, then the decision saying so
    proposal = county.index("Päätösehdotus")
    assert county[proposal + 1:proposal + 3] == [
        "Esittelijä\nVt. hyvinvointialuejohtaja Kati Kallimo",
        "Aluehallitus päättää hyväksyä yhdyspintasuunnitelman."]
    assert county[county.index("Päätös") + 1] == "Päätösehdotus hyväksyttiin."
    assert "Käsittely" not in county and proposal < county.index("Päätös")
    assert "Oikaisuvaatimusohje" in county
    assert "Otteen oikeaksi todistaa" in county and "Pöytäkirjan tarkastus" in county
    forwarded = all_text(
        files["poytakirjanote_jyvaskyla_hallitus_2026-03-09_110_fi.docx"].data)
    assert "Päätökseen ei saa hakea muutosta" in forwarded
    amended = body_paragraphs(
        files["poytakirjanote_maakuntaliitto_maakuntahallitus_2026-03-02_25_fi.docx"].data)
    # amended: the proposal it changed, Käsittely, then the decision as made
    assert amended.index("Päätösehdotus") < amended.index("Käsittely") < amended.index("Päätös")
    assert amended[amended.index("Päätösehdotus") + 1] == ("Maakuntahallitus päättää hyväksyä "
                                                           "yhdyspintasuunnitelman.")
    assert amended[amended.index("Päätös") + 1].startswith(
        "Maakuntahallitus päätti hyväksyä yhdyspintasuunnitelman muutettuna niin, että")
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


# -- the bilingual example in Swedish ----------------------------------------------------------

DATA = Path(__file__).resolve().parents[1] / "data"


def _bilingual():  # type: ignore[no-untyped-def]
    text = (example_plan_path("pohjanmaa").read_text("utf-8") + "\n"
            + (DATA / "pohjanmaa_decisions.yaml").read_text("utf-8"))
    return parse_plan(text)


def _swedish():  # type: ignore[no-untyped-def]
    return {f.path: f for f in approval_documents(_bilingual(), languages=["sv"], extracts=True,
                                                  public=True)}


def test_swedish_summary_reads_right() -> None:
    files = _swedish()
    data = files["hyvaksyminen_sv.docx"].data
    paragraphs = body_paragraphs(data)
    assert "Parternas godkännande av gränsytsplanen" in paragraphs
    assert ("Planen ska godkännas av 16 parter. Läget 15.4.2026: 3 har godkänt, 1 har "
            "förkastat, 12 väntar, varav 0 är försenade.") in paragraphs
    assert "Parter som godkänt planen med ändringar" in paragraphs
    flagged = next(p for p in paragraphs if p.startswith("Österbottens förbund (Landskaps"))
    assert flagged.startswith("Österbottens förbund (Landskapsstyrelsen 30.3.2026 §\u00a041) "
                              "godkände planen med ändringar. Behandling: En ledamot föreslog")
    assert "Vasa stad: Stadsstyrelsen 13.4.2026 §\u00a0112: förelagd fullmäktige" in paragraphs
    text = all_text(data)
    assert "Status" in text and "Förkastad" in text and "Godkänd" in text
    assert "Hyväksytty" not in text and "Suunniteltu" not in text  # nothing Finnish
    # a body's name cannot wrap between words: its column is the widest
    document = _part(data, "word/document.xml")
    widths = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', document)]
    assert len(widths) == 5 and widths[1] == max(widths), widths
    wb = openpyxl.load_workbook(io.BytesIO(files["hyvaksyminen_sv.xlsx"].data))
    assert wb.sheetnames == ["Godkännande", "Beslut"]
    rows = list(wb["Godkännande"].iter_rows(values_only=True))
    assert rows[0][4] == "Status"
    vasa = next(r for r in rows if r[1] == "vaasa")
    assert vasa[4] == "Väntar" and vasa[7] == "förelagd fullmäktige"


def _part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name).decode("utf-8")


def test_swedish_extracts_carry_the_instructions_in_full() -> None:
    files = _swedish()
    county = body_paragraphs(
        files["poytakirjanote_hyvinvointialue_aluehallitus_2026-03-23_64_sv.docx"].data)
    assert "§\u00a064 Österbottens gränsytsplan 2026–2029" in county
    proposal = county.index("Beslutsförslag")
    assert county[proposal + 1:proposal + 5] == [
        "Föredragande\nVälfärdsområdesdirektör Olli Oletus",
        "Välfärdsområdesstyrelsen beslutar",
        "godkänna Österbottens gränsytsplan 2026–2029 enligt bilaga 1 och",
        "sända planen till kommunerna och Österbottens förbund för godkännande."]
    assert county[county.index("Beslut") + 1] == "Beslutsförslaget godkändes."
    assert proposal < county.index("Beslut")
    assert "Anvisning om rättelseyrkande" in county
    appeal = county[county.index("Anvisning om rättelseyrkande") + 1:
                    county.index("Justering av protokollet")]
    assert appeal == [
        "Den som är missnöjd med detta beslut kan framställa ett skriftligt rättelseyrkande. "
        "Ändring i beslutet får inte sökas genom besvär hos domstol (139\u00a0§ i lagen om "
        "välfärdsområden).",
        "Rättelseyrkande får framställas av den som beslutet avser eller vars rätt, skyldighet "
        "eller fördel direkt påverkas av beslutet (part) samt av medlemmarna i "
        "välfärdsområdet.",
        "Rättelseyrkandet ska framställas hos det organ som fattat beslutet inom 14 dagar från "
        "delfåendet av beslutet. En medlem i välfärdsområdet anses ha fått del av beslutet sju "
        "dagar efter att protokollet publicerats i det allmänna datanätet."]
    assert "Protokollet har justerats 25.3.2026." in county
    assert "Protokolljusterare: Anna Andersson, Bertil Berg" in county
    assert "förvaltningssekreterare Cecilia Carlsson" in county
    # labels above their values, as in the decision proposal
    assert "Bilagor\nBilaga 1 Österbottens gränsytsplan 2026–2029\nBilaga 2 Modell för " \
           "uppföljningsmatrisen" in county
    assert "För kännedom\nKommunerna i Österbotten\nÖsterbottens förbund" in county
    liitto = all_text(
        files["poytakirjanote_maakuntaliitto_maakuntahallitus_2026-03-30_41_sv.docx"].data)
    assert "Behandling" in liitto
    assert "Landskapsstyrelsen beslöt godkänna gränsytsplanen" in liitto
    assert "samt av samkommunens medlemskommuner och medlemmarna i dem" in liitto
    assert "(134\u00a0§ i kommunallagen)" in liitto and "fogas till protokollet" not in liitto
    web = files["julkinen/poytakirjanote_vaasa_hallitus_2026-04-13_112_sv.docx"]
    vasa = body_paragraphs(web.data)
    assert ("Stadsstyrelsen föreslår för stadsfullmäktige att stadsfullmäktige godkänner "
            "gränsytsplanen.") in vasa
    assert "Sökande av ändring" in vasa
    assert ("Ändring i beslutet får inte sökas, eftersom beslutet endast gäller beredning av "
            "ärendet (136\u00a0§ i kommunallagen).") in vasa
    # published 15.4. + 7 days deemed receipt + 14 days: Wednesday 6.5.2026
    assert web.extra == {"remove_after": "2026-05-06"}
    assert ("Avlägsnas från det allmänna datanätet\nDenna webbversion avlägsnas från det "
            "allmänna datanätet efter 6.5.2026 (tiden för sökande av ändring går ut).") in vasa
    # on paper, one inspector under the other: a blank line to sign on, the line, the role;
    # the web version has no lines to sign on (a screen reader would read them out)
    paper = body_paragraphs(files["poytakirjanote_vaasa_hallitus_2026-04-13_112_sv.docx"].data)
    assert paper.count("\n______________________________\nprotokolljusterare") == 2
    assert "_" not in "".join(vasa) and "Protokollet har ännu inte justerats." in vasa
    assert "Vasa stad ___.___.______" in paper and "Vasa stad" in vasa
    assert not any("    " in p for p in [*vasa, *paper])


def test_finnish_extract_instructions_in_full() -> None:
    pf = _bilingual()
    files = {f.path: f for f in approval_documents(pf, languages=["fi"], extracts=True)}
    county = all_text(
        files["poytakirjanote_hyvinvointialue_aluehallitus_2026-03-23_64_fi.docx"].data)
    assert "Oikaisuvaatimuksen saa tehdä se, johon päätös on kohdistettu" in county
    assert "sekä hyvinvointialueen jäsen." in county
    assert "Hyvinvointialueen jäsenen katsotaan saaneen päätöksestä tiedon seitsemän päivän " \
           "kuluttua" in county
    assert "liitetään pöytäkirjaan" not in county
    luoto = all_text(files["poytakirjanote_luoto_hallitus_2026-04-08_50_fi.docx"].data)
    assert "sekä kunnan jäsen." in luoto and "(kuntalaki 134\u00a0§)" in luoto


# -- the summary workbook: rows as tall as their text, the documents' properties ---------------


def test_wrapped_lines_breaks_between_words_like_the_default_font() -> None:
    from yhdyspinta_docs.matrix._approvals import wrapped_lines

    assert wrapped_lines("hyväksytty ehdotuksen mukaisesti", 34) == 1
    assert wrapped_lines("hyväksytty ehdotuksen mukaisesti", 20) == 2
    assert wrapped_lines("Välfärdsområdesfullmäktige", 26) == 1
    assert wrapped_lines("Välfärdsområdesfullmäktige", 13) == 2  # a long word breaks inside
    assert wrapped_lines("a\nb\n\nc", 10) == 4
    assert wrapped_lines("m" * 20, 30) == 2 and wrapped_lines("i" * 20, 30) == 1


def test_summary_xlsx_rows_fit_their_text() -> None:
    ws = openpyxl.load_workbook(io.BytesIO(_outputs()["hyvaksyminen_fi.xlsx"].data))[
        "Hyväksyminen"]
    heights = {ws.cell(r, 2).value: ws.row_dimensions[r].height for r in range(2, ws.max_row + 1)}
    # the amended approval's and Jyväskylä's three-line Käsittely notes; every other row
    # one line
    assert heights.pop("maakuntaliitto") == 15 + 12 * 2
    assert heights.pop("jyvaskyla") == 15 + 12 * 2
    assert set(heights.values()) == {15}
    assert ws.column_dimensions["H"].width >= 34  # "hyväksytty ehdotuksen mukaisesti" fits
    sv = openpyxl.load_workbook(io.BytesIO(_swedish()["hyvaksyminen_sv.xlsx"].data))[
        "Godkännande"]
    liitto = next(r for r in range(2, sv.max_row + 1) if sv.cell(r, 2).value == "maakuntaliitto")
    assert sv.row_dimensions[liitto].height == 15 + 12 * 3


def test_summary_xlsx_has_the_properties_of_the_docx() -> None:
    for files, lang, keyword in ((_outputs(), "fi", "yhdyspintasuunnitelma"),
                                 (_swedish(), "sv", "gränsytsplan")):
        docx = _part(files[f"hyvaksyminen_{lang}.docx"].data, "docProps/core.xml")
        xlsx = openpyxl.load_workbook(
            io.BytesIO(files[f"hyvaksyminen_{lang}.xlsx"].data)).properties
        for field, value in (("title", xlsx.title), ("subject", xlsx.subject),
                             ("creator", xlsx.creator), ("keywords", xlsx.keywords),
                             ("category", xlsx.category), ("language", xlsx.language)):
            assert value and re.search(rf">{re.escape(value)}</(dc|cp):{field}>", docx), field
        assert str(xlsx.keywords).endswith(f"; {keyword}")
        created = re.search(r"<dcterms:created[^>]*>(\d{4}-\d\d-\d\d)", docx)
        assert created and xlsx.created is not None
        assert xlsx.created.date().isoformat() == created.group(1)
    assert openpyxl.load_workbook(io.BytesIO(_outputs()["hyvaksyminen_fi.xlsx"].data)) \
        .properties.created.date().isoformat() == "2026-03-20"  # the status day


def test_amended_extract_in_both_languages_reads_as_minutes() -> None:
    """An amended decision's extract, web version: the proposal (presenter, text), Käsittely,
    then Päätös, in that order, in Finnish and Swedish; the summary names it the same way."""
    pf = _bilingual()
    files = {f.path: f for f in approval_documents(pf, languages=["fi", "sv"], extracts=True,
                                                   public=True)}
    expected = {
        "fi": ("Päätösehdotus", "Maakuntahallitus päättää hyväksyä Pohjanmaan "
               "yhdyspintasuunnitelman 2026–2029 osaltaan.", "Käsittely", "Jäsen ehdotti",
               "Päätös", "Maakuntahallitus päätti hyväksyä yhdyspintasuunnitelman muutettuna",
               "hyväksyi suunnitelman muutettuna"),
        "sv": ("Beslutsförslag", "Landskapsstyrelsen beslutar för sin del godkänna "
               "Österbottens gränsytsplan 2026–2029.", "Behandling", "En ledamot föreslog",
               "Beslut", "Landskapsstyrelsen beslöt godkänna gränsytsplanen med den ändringen",
               "godkände planen med ändringar"),
    }
    for lang, (p_head, p_text, h_head, h_text, d_head, d_text, summary) in expected.items():
        name = f"julkinen/poytakirjanote_maakuntaliitto_maakuntahallitus_2026-03-30_41_{lang}.docx"
        paragraphs = body_paragraphs(files[name].data)
        at = [paragraphs.index(h) for h in (p_head, h_head, d_head)]
        assert at == sorted(at), (lang, at)
        assert paragraphs[at[0] + 1] == p_text
        assert paragraphs[at[1] + 1].startswith(h_text)
        assert paragraphs[at[2] + 1].startswith(d_text)
        assert "Päätösehdotus hyväksyttiin." not in paragraphs
        assert "Beslutsförslaget godkändes." not in paragraphs
        assert summary in all_text(files[f"hyvaksyminen_{lang}.docx"].data)


def test_counts_of_parties_read_as_finnish_and_swedish() -> None:
    """The number of parties takes the Finnish elative its spoken word takes (16:sta,
    kuudestatoista; 24:stä) and a numeral one takes the singular: 1 osapuoli, 1 part."""
    from yhdyspinta_docs._build import BuildOptions, make_plan_documents

    pf = _bilingual()
    # the regional council's attachment (its meeting not dated yet: the round's status day)
    options = BuildOptions(drafts=True, matrix=False, open_data=False, for_each_party=True)
    plan = {f.path: f.data for f in make_plan_documents(pf, options)}
    assert "Suunnitelman on 15.4.2026 mennessä hyväksynyt 3 osapuolta 16:sta." \
        in body_paragraphs(plan["yhdyspintasuunnitelma_maakuntaliitto_fi.docx"])
    assert "Den 15.4.2026 hade 3 av 16 parter godkänt planen." \
        in body_paragraphs(plan["yhdyspintasuunnitelma_maakuntaliitto_sv.docx"])
    text = (example_plan_path("pohjanmaa").read_text("utf-8") + "\n"
            + (DATA / "pohjanmaa_decisions.yaml").read_text("utf-8")
            .replace("  tilanne: 2026-04-15\n", "  tilanne: 2026-04-15\n"
                     "  hyvaksyjat: [maakuntaliitto]\n"))
    alone = parse_plan(text)
    files = {f.path: f.data for f in approval_documents(alone, languages=["fi", "sv"])}
    assert any(p.startswith("Suunnitelman hyväksyy 1 osapuoli. Tilanne 15.4.2026: hyväksynyt 1,")
               for p in body_paragraphs(files["hyvaksyminen_fi.docx"]))
    assert any(p.startswith("Planen ska godkännas av 1 part. Läget 15.4.2026: 1 har godkänt,")
               for p in body_paragraphs(files["hyvaksyminen_sv.docx"]))


def test_a_swedish_speaking_party_has_its_extracts_in_swedish_only() -> None:
    """Korsnäs (``kielet: sv``) gets its proposal in Swedish only, and so its minutes
    extracts: its Päätös written in Swedish alone does not stop the round's Finnish
    documents, and no Finnish extract of its Swedish minutes is made."""
    text = (example_plan_path("pohjanmaa").read_text("utf-8") + "\n"
            + (DATA / "pohjanmaa_decisions.yaml").read_text("utf-8") + """
    - osapuoli: korsnas
      toimielin: hallitus
      paivamaara: 2026-04-14
      pykala: 45
      tulos: hyvaksytty_muutettuna
      kasittely: {fi: Jäsen ehdotti muutosta., sv: En ledamot föreslog en ändring.}
      paatos: Kommunstyrelsen beslöt godkänna planen med ändringar.
""")
    files = {f.path: f for f in approval_documents(parse_plan(text), languages=["fi", "sv"],
                                                   extracts=True, public=True)}
    korsnas = sorted(p for p in files if "korsnas" in p)
    assert korsnas == ["julkinen/poytakirjanote_korsnas_hallitus_2026-04-14_45_sv.docx",
                       "poytakirjanote_korsnas_hallitus_2026-04-14_45_sv.docx"]
    paragraphs = body_paragraphs(files[korsnas[1]].data)
    assert paragraphs[paragraphs.index("Beslut") + 1] == ("Kommunstyrelsen beslöt godkänna "
                                                          "planen med ändringar.")
    # every other party, and the lead, still in both languages
    assert "poytakirjanote_luoto_hallitus_2026-04-08_50_fi.docx" in files
    assert "poytakirjanote_hyvinvointialue_aluehallitus_2026-03-23_64_sv.docx" in files
    assert "Korsnäsin kunta" in all_text(files["hyvaksyminen_fi.docx"].data)


def _styles(data: bytes) -> dict[str, str]:
    """Paragraph style id → its name as styles.xml stores it (python-docx would report
    Word's lower-case built-in names capitalised, so the XML is read as it is)."""
    found = re.findall(r'<w:style w:type="paragraph"[^>]* w:styleId="([^"]+)"[^>]*>'
                       r'<w:name w:val="([^"]+)"/>', _part(data, "word/styles.xml"))
    return dict(found)


def test_summary_states_the_rejecting_parties_under_their_own_heading() -> None:
    """Närpes (Närpiö) rejected the plan: the summary says so in words under its own
    heading, before the amended approvals, in Finnish and Swedish, not only as a table row;
    a summary where nobody rejected it has no such heading."""
    files = {f.path: f.data for f in approval_documents(_bilingual(), languages=["fi", "sv"])}
    for lang, heading, line, amended in (
            ("fi", "Hylänneet", "Närpiön kaupunki (Kaupunginhallitus 31.3.2026 §\u00a061) "
             "hylkäsi suunnitelman.", "Muutettuna hyväksyneet"),
            ("sv", "Parter som förkastat planen", "Närpes stad (Stadsstyrelsen 31.3.2026 "
             "§\u00a061) förkastade planen.", "Parter som godkänt planen med ändringar")):
        paragraphs = body_paragraphs(files[f"hyvaksyminen_{lang}.docx"])
        at = paragraphs.index(heading)
        assert paragraphs[at + 1] == line
        assert at < paragraphs.index(amended)
        styles = {text: style for style, text in styled_paragraphs(
            files[f"hyvaksyminen_{lang}.docx"])}
        assert styles[heading] == "Heading 2" and styles[line] == "Body Text"
    assert "Hylänneet" not in body_paragraphs(_outputs()["hyvaksyminen_fi.docx"].data)


def test_councils_extract_names_the_council_where_the_board_was_named() -> None:
    """Vaasa's council decided after its board forwarded the plan: the explanation's
    sentence about who decides names the council in its extract, in both languages."""
    text = (example_plan_path("pohjanmaa").read_text("utf-8") + "\n"
            + (DATA / "pohjanmaa_decisions.yaml").read_text("utf-8")
            + "    - {osapuoli: vaasa, toimielin: valtuusto, paivamaara: 2026-04-27, "
              "pykala: 33, tulos: hyvaksytty}\n")
    files = {f.path: f.data for f in approval_documents(parse_plan(text), languages=["fi", "sv"],
                                                        as_of=dt.date(2026, 4, 30),
                                                        extracts=True)}
    for lang, board, council in (
            ("fi", "Kaupunginhallitus päättää suunnitelman hyväksymisestä Vaasan kaupungin",
             "Kaupunginvaltuusto päättää suunnitelman hyväksymisestä Vaasan kaupungin"),
            ("sv", "Stadsstyrelsen beslutar om godkännandet av planen för Vasa stads del.",
             "Stadsfullmäktige beslutar om godkännandet av planen för Vasa stads del.")):
        text_ = "\n".join(body_paragraphs(
            files[f"poytakirjanote_vaasa_valtuusto_2026-04-27_33_{lang}.docx"]))
        assert council in text_ and board not in text_
        forwarded = "\n".join(body_paragraphs(
            files[f"poytakirjanote_vaasa_hallitus_2026-04-13_112_{lang}.docx"]))
        assert board in forwarded


def test_summary_table_caption_is_words_built_in_caption_style() -> None:
    """The caption above the table of parties has Word's built-in Caption style (id Caption)
    named "Caption" as Word shows it: LibreOffice tags a paragraph of a style named so as
    /Caption in a tagged PDF, but one named "caption" as a plain paragraph."""
    template = default_template("approvals").read_bytes()
    assert _styles(template)["Caption"] == "Caption"
    # the extract's template too, for a region that adds a captioned table to it
    assert _styles(default_template("extract").read_bytes())["Caption"] == "Caption"
    for lang, caption in (("fi", "Taulukko 1. Osapuolten päätökset suunnitelmasta"),
                          ("sv", "Tabell 1. Parternas beslut om planen")):
        data = approval_documents(_bilingual(), languages=[lang])[0].data
        assert _styles(data)["Caption"] == "Caption"
        document = _part(data, "word/document.xml")
        paragraph = next(p for p in re.findall(r"<w:p[ >].*?</w:p>", document)
                         if caption in p)
        assert '<w:pStyle w:val="Caption"/>' in paragraph
