"""The build of the Keski-Suomi example: every fact of the reference, structure, determinism."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from docx_text import all_text, body_paragraphs, strict_parse_all, styled_paragraphs
from helpers import KEY
from yhdyspinta_docs._build import BuildOptions, build
from yhdyspinta_docs.errors import OutputError
from yhdyspinta_docs.plan._model import PlanFile

COUNTY = "    toimielin: aluehallitus\n"
COUNTY_DRAFT = COUNTY + "    tila: luonnos\n"

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DECISION = "paatosehdotus_hyvinvointialue_fi.docx"

# Every fact of ../shared/reference/000_4bd8cfb84c947b49.txt, as the document must write it
# (misspellings corrected, dates d.m.yyyy, sections "§ 80" everywhere).
REFERENCE_FACTS = [
    "Selostus asiasta",
    "Yleistä",
    "31.12.2025 saakka voimassa puitesopimus yhteistyörakenteiden ja toimintatapojen "
    "periaatteiksi",
    "Sopimus hyväksyttiin osapuolten valtuustoissa syksyn 2022 aikana.",
    "aluevaltuustossa sopimus hyväksyttiin 4.10.2022 (§\u00a089).",
    "ennen hyvinvointialueen toiminnan käynnistymistä",
    "keskisuomalaisesta toimintamallista",
    "strategisen ja operatiivisen tason yhteistyön rakenteista",
    "Uuden sopimuksen valmistelu käynnistyi keväällä 2025",
    "Työryhmän jäsenet ovat:",
    "Matti Mäkinen, kunnanjohtaja, Hankasalmen kunta",
    "Jarkko Määttänen, kunnanjohtaja, Muuramen kunta",
    "Iiris Asunmaa, kehittämispäällikkö, Jyväskylän kaupunki",
    "Pirjo Peräaho, aluekehitysjohtaja, Keski-Suomen liitto",
    "Lasse Leppä, konsernipalveluiden toimialajohtaja, Keski-Suomen hyvinvointialue",
    "Anna-Liisa Heiskala, yhteiskuntasuhteiden päällikkö, Keski-Suomen hyvinvointialue",
    "strateginen yhteistyösopimus 1.1.2026 alkaen (jatkossa sopimus) hyväksyttiin osapuolten "
    "valtuustoissa marras-joulukuussa 2025",
    "hyväksyi sopimuksen kokouksessaan 4.11.2025 (§\u00a080).",
    "”7.1 Sopimusasiakirjat”",
    "yhdyspintasuunnitelman hyväksyvät osapuolten hallitukset helmi-maaliskuun 2026 vaihteessa",
    "Strategista yhteistyösopimusta täydentävä yhdyspintasuunnitelma",
    "Keski-Suomen hyvinvointialueen strategista yhteistyösopimusta käsiteltiin",
    "Sydämellä-tapahtumassa 24.10.2025",
    "evästykset sopimukseen kirjatun yhdyspintasuunnitelman valmistelua varten",
    "Keski-Suomen kuntajohtajien kokouksessa sekä sivistysjohtajien verkostossa ja "
    "hyvinvointialueen johtoryhmässä",
    "Yhdyspintasuunnitelmaan on kirjattu viisi toimenpidettä.",
    "Toimenpiteet ovat:",
    "Asumisen kehittämisen työryhmä",
    "Vuorovaikutuksen sekä ennakollisen yhteistyön lisääminen",
    "Tietopohjan sisällön määrittäminen tilannekuvan pohjaksi",
    "Yhteinen edunvalvonnan ydinviesti",
    "Maakunnallisen valmiusharjoituksen toteuttaminen",
    "edistävät useampaa tavoitetta.",
    "Toimenpiteiden etenemistä arvioidaan osana sopimuksen vuosittaista seurantaa.",
    "hyvinvointialuelain 14 §:n mukaisen neuvottelukokonaisuuden",
    "kuntakokouksessa 18.2.2026",
    "Strategian liittymäpinnan kuvaus",
    "palvelut ovat ihmistä varten",
    "palvelut oikea-aikaisesti ja tarkoituksenmukaisesti",
    "sujuva ja tavoitteellinen kumppanuus",
    "Myös yta-alueella ja kansallisesti tehtävä yhteistyö on meille tärkeää.",
    "määrittää seurannan periaatteet",
    "Toimivalta",
    "Hallintosääntö 17 §",
    "Esittelijä",
    "Vt. hyvinvointialuejohtaja Kati Kallimo",
    "Päätösehdotus",
    "Aluehallitus päättää hyväksyä yhdyspintasuunnitelman.",
    "Liitteet",
    "Keski-Suomen yhdyspintasuunnitelma 2026–2029",
]


@pytest.fixture(scope="module")
def built(example_plan: PlanFile, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    build(example_plan, out, BuildOptions(key=KEY))
    return out


@pytest.fixture(scope="module")
def decision(built: Path) -> bytes:
    return (built / DECISION).read_bytes()


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", ""))


def test_decision_contains_every_fact_of_the_reference(decision: bytes) -> None:
    text = _flat("\n".join(body_paragraphs(decision)))
    missing = [fact for fact in REFERENCE_FACTS if _flat(fact) not in text]
    assert missing == []


def test_decision_writes_sections_one_way(decision: bytes) -> None:
    text = all_text(decision)
    assert "89 §" not in text and "80 §" not in text and "(§ 80)" not in text.replace("\u00a0", "")
    assert "hyvinvointialuuen" not in text and "tavoittetta" not in text


def test_every_xml_part_is_well_formed(decision: bytes) -> None:
    strict_parse_all(decision)


def test_headings_are_real_heading_styles(decision: bytes) -> None:
    styles = dict((text, style) for style, text in styled_paragraphs(decision))
    assert styles["Keski-Suomen yhdyspintasuunnitelma 2026–2029"] == "Heading 1"
    assert styles["Selostus asiasta"] == "Heading 2"
    for sub in ("Yleistä", "Strategian liittymäpinnan kuvaus"):
        assert styles[sub] == "Heading 3"
    assert not [t for s, t in styled_paragraphs(decision) if s.startswith("Heading") and not t]


def test_measures_are_a_real_numbered_list(decision: bytes) -> None:
    doc = Document(io.BytesIO(decision))
    items = [p for p in doc.paragraphs if p.text.startswith(("Asumisen kehittämisen",
                                                             "Maakunnallisen valmius"))]
    assert len(items) == 2
    num_ids = {p._p.pPr.numPr.numId.val for p in items}  # type: ignore[union-attr]
    assert len(num_ids) == 1
    numbering = doc.part.numbering_part.element
    num = next(n for n in numbering.iter(W + "num") if int(n.get(W + "numId")) in num_ids)
    assert num.find(f"{W}lvlOverride/{W}startOverride").get(W + "val") == "1"
    assert not any(re.match(r"^\d+\.\s", p.text) for p in doc.paragraphs)


def test_document_language_and_properties(decision: bytes) -> None:
    doc = Document(io.BytesIO(decision))
    styles = doc.styles.element
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang is not None and lang.get(W + "val") == "fi-FI"
    props = doc.core_properties
    # the body (and the meeting, when known) and the item: not the plan document's title;
    # without a meeting date the proposal is a draft, and its title says so first
    assert props.title == "LUONNOS – Aluehallitus: Keski-Suomen yhdyspintasuunnitelma 2026–2029"
    assert props.language == "fi-FI"
    assert props.subject == "Keski-Suomen yhdyspintasuunnitelma 2026–2029"
    assert props.author == "Keski-Suomen hyvinvointialue"
    assert "python-docx" not in (props.author + props.last_modified_by + props.comments)


def test_header_has_page_of_pages_fields(decision: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(decision)) as z:
        headers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/header")]
    joined = "".join(headers)
    assert re.search(r"instrText[^>]*>\s*PAGE\s*<", joined)
    assert re.search(r"instrText[^>]*>\s*NUMPAGES\s*<", joined)
    assert "Keski-Suomen hyvinvointialue" in joined and "Esityslista" in joined


def test_no_blank_paragraphs_for_spacing(decision: bytes) -> None:
    paragraphs = body_paragraphs(decision)
    blanks = [i for i, (a, b) in enumerate(zip(paragraphs, paragraphs[1:], strict=False))
              if not a.strip() and not b.strip()]
    assert blanks == []


def test_draft_is_visibly_marked(decision: bytes) -> None:
    text = all_text(decision)
    assert "LUONNOS" in text and "kokouspäivä puuttuu" in text


def test_manifest_lists_every_file_with_checksum(built: Path) -> None:
    manifest = json.loads((built / "manifest.json").read_text("utf-8"))
    files = manifest["files"]
    assert {f["path"] for f in files} >= {DECISION}
    for f in files:
        assert set(f) >= {"path", "kind", "party", "lang", "sha256"}
        data = (built / f["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == f["sha256"]
    entry = next(f for f in files if f["path"] == DECISION)
    assert (entry["kind"], entry["party"], entry["lang"]) == ("decision", "hyvinvointialue", "fi")


def test_building_twice_gives_identical_bytes(example_plan: PlanFile, built: Path,
                                              tmp_path: Path) -> None:
    build(example_plan, tmp_path, BuildOptions(key=KEY))
    for name in (DECISION, "manifest.json"):
        assert (tmp_path / name).read_bytes() == (built / name).read_bytes()
    with zipfile.ZipFile(tmp_path / DECISION) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_rebuild_replaces_own_files_but_not_edited_ones(example_plan: PlanFile,
                                                        tmp_path: Path) -> None:
    build(example_plan, tmp_path, BuildOptions(key=KEY))
    # unchanged generated files may be replaced
    build(example_plan, tmp_path, BuildOptions(key=KEY))
    target = tmp_path / DECISION
    target.write_bytes(target.read_bytes() + b"edited")
    with pytest.raises(OutputError, match="changed after it was generated; use force=True"):
        build(example_plan, tmp_path, BuildOptions(key=KEY))
    assert target.read_bytes().endswith(b"edited")
    build(example_plan, tmp_path, BuildOptions(key=KEY), force=True)
    assert not target.read_bytes().endswith(b"edited")


@pytest.mark.parametrize("lock", [f"~${DECISION[2:]}", f".~lock.{DECISION}#",
                                  "~$seurantamatriisi.xlsx"])
def test_rebuild_refuses_a_document_open_in_office(example_plan: PlanFile, tmp_path: Path,
                                                   lock: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The proposal open in Word (its ~$ owner file), in LibreOffice (.~lock…#) or the
    matrix in Excel: Windows refuses to replace it, and elsewhere the program's next save
    would overwrite the new file; so the build says which, before writing anything."""
    build(example_plan, tmp_path, BuildOptions(key=KEY))
    (tmp_path / lock).write_bytes(b"owner")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    opened = DECISION if "atosehdotus" in lock else "seurantamatriisi.xlsx"
    with pytest.raises(OutputError) as info:
        build(example_plan, tmp_path, BuildOptions(key=KEY, public=True))
    assert str(info.value) == (
        f"1 file(s) to be replaced are open in Word, Excel or LibreOffice: {tmp_path / opened} "
        f"(lock file {lock}). Close them and try again (a lock file left behind by a program "
        "that closed abnormally may be deleted), or use force=True to replace them anyway")
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before
    # with force, and where the system refuses the replacement, the lock file is named
    real_replace = os.replace

    def refuse(src: str, dst: str) -> None:
        if Path(dst).name == opened:
            raise PermissionError(13, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError, match=re.escape(
            f"{opened}: cannot write (Permission denied); it is open in Word, Excel or "
            f"LibreOffice (lock file {lock}): close it and try again")):
        build(example_plan, tmp_path, BuildOptions(key=KEY, public=True), force=True)
    monkeypatch.setattr(os, "replace", real_replace)
    build(example_plan, tmp_path, BuildOptions(key=KEY, public=True), force=True)


def test_public_version_drops_contact_details(example_source: str, tmp_path: Path) -> None:
    from yhdyspinta_docs.plan._loader import parse_plan

    src = example_source.replace(
        COUNTY_DRAFT,
        COUNTY_DRAFT + "    valmistelijat:\n      - {nimi: Lasse Leppä, nimike: "
        "toimialajohtaja, sahkoposti: lasse.leppa@example.fi, puhelin: '040 123 4567'}\n")
    pf = parse_plan(src)
    build(pf, tmp_path / "full", BuildOptions(key=KEY))
    build(pf, tmp_path / "web", BuildOptions(key=KEY, public=True))
    full = all_text((tmp_path / "full" / DECISION).read_bytes())
    web = all_text((tmp_path / "web" / "julkinen" / DECISION).read_bytes())
    assert "lasse.leppa@example.fi" in full and "040 123 4567" in full
    assert "lasse.leppa@example.fi" not in web and "040 123 4567" not in web
    assert "Kati Kallimo" in web and "Lasse Leppä" in web


@pytest.mark.libreoffice
def test_decision_converts_to_pdf_in_libreoffice(built: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is required here (CI installs it)"
    profile = (tmp_path / "profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(built / DECISION)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / DECISION.replace(".docx", ".pdf")
    assert pdf.is_file() and pdf.stat().st_size > 1000
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    pages = text.count("\f") or 1
    assert "Keski-Suomen yhdyspintasuunnitelma 2026–2029" in text
    assert re.search(rf"\b1 \({pages}\)", text), text[:400]
    assert re.search(rf"\b{pages} \({pages}\)", text)


def test_pdfa_without_pikepdf_is_refused_before_any_work(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """``build --pdfa`` without pikepdf: one line saying how to install it, exit code 7, and
    nothing made: no LibreOffice started, no key file, no output folder."""
    import sys

    from yhdyspinta_docs.cli import main
    from yhdyspinta_docs.output import _pdf

    def no_office(*args: object, **kwargs: object) -> None:
        raise AssertionError("LibreOffice was started")

    monkeypatch.setitem(sys.modules, "pikepdf", None)  # import pikepdf raises ImportError
    monkeypatch.setattr(_pdf, "start_office", no_office)
    assert main(["build", "--pdfa", "--zip", "--out", "out"]) == 7
    err = capsys.readouterr().err
    assert err == ("Error: PDF/A needs pikepdf, which sets the dates LibreOffice stamps into an "
                   "archival PDF so that the same plan gives the same bytes; install it with: "
                   "pip install 'yhdyspinta-docs[pdf]'\n")
    assert list(tmp_path.iterdir()) == []


def test_a_partys_own_texts_are_asked_for_only_where_its_proposal_is_made(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Korsnäs (kielet: sv) with its own handling's texts in Swedish only: a Finnish build
    for the county alone does not show them and runs; with --for-each-party, which makes
    Korsnäs's proposal in Finnish, each missing text is named."""
    from yhdyspinta_docs.cli import main

    root = Path(__file__).resolve().parents[2]
    source = (root / "examples" / "pohjanmaa" / "plan.yaml").read_text("utf-8")
    old = "        nimike: {fi: kunnanjohtaja, sv: kommundirektör}\n  # suomenkieliset"
    assert source.count(old) == 1
    plan = tmp_path / "plan.yaml"
    plan.write_text(source.replace(old, "        nimike: {sv: kommundirektör}\n"
                                   "      paatosehdotus: {sv: Kommunstyrelsen godkänner "
                                   "planen.}\n  # suomenkieliset"), "utf-8")
    args = ["build", str(plan), "--lang", "fi", "--drafts"]
    assert main([*args, "--out", str(tmp_path / "county")]) == 0, capsys.readouterr().err
    assert (tmp_path / "county" / "paatosehdotus_hyvinvointialue_fi.docx").is_file()
    capsys.readouterr()
    assert main([*args, "--for-each-party", "--out", str(tmp_path / "all")]) != 0
    err = capsys.readouterr().err
    assert "texts missing (2 in 'fi')" in err, err
    assert "osapuolet[9].kasittely.esittelija.nimike: no 'fi' text" in err
    assert "osapuolet[9].kasittely.paatosehdotus: no 'fi' text" in err
    assert not (tmp_path / "all").exists()


def test_xml_of_paragraph_styles_matches_golden(decision: bytes) -> None:
    """The body's structure (style per paragraph) is pinned; UPDATE_GOLDEN=1 rewrites it."""
    golden = Path(__file__).parents[1] / "golden" / "decision_structure.txt"
    with zipfile.ZipFile(io.BytesIO(decision)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    lines = []
    for p in root.iter(W + "p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        numbered = p.find(f"{W}pPr/{W}numPr") is not None
        text = "".join(t.text or "" for t in p.iter(W + "t"))[:40]
        lines.append(f"{style.get(W + 'val') if style is not None else '-'}"
                     f"{' #' if numbered else ''} | {text}")
    actual = "\n".join(lines) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(actual, "utf-8")
    assert golden.exists(), "no golden file; run the test once with UPDATE_GOLDEN=1 and review it"
    assert actual == golden.read_text("utf-8")
