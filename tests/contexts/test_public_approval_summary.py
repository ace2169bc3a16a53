"""The approval summary's web version (``julkinen/hyvaksyminen_<lang>.docx`` and ``.xlsx``):
the Käsittely notes it quotes lose the plan's personal data as every public version's texts
do (a marked name also inflected, a person's e-mail address and mobile number), in Finnish
and in Swedish; everything else (parties, bodies, dates, §, states, counts, the document
properties) is as in the summary for the board, which stays exactly as it was."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest

from docx_text import all_text, body_paragraphs, strict_parse_all
from yhdyspinta_docs._approval_documents import approval_documents
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.output._files import OutputFile
from yhdyspinta_docs.plan import PlanFile, parse_plan

DATA = Path(__file__).resolve().parents[1] / "data"
NOTE = {"fi": "(henkilötieto poistettu)", "sv": "(personuppgift borttagen)"}

# the Käsittely notes as a preparer copies them from the minutes: marked names (Tiina Testi,
# Essi Esimerkki, both henkilotieto in the example's working group) inflected and as written,
# an e-mail address and a mobile number
_AMENDED = {"fi": ("Ehdotusta kannatettiin.",
                   "Tiina Testin ehdotusta kannatti Essi Esimerkki (essi.esimerkki@ovph.fi, "
                   "040 765 4321)."),
            "sv": ("Förslaget understöddes.",
                   "Tiina Testis förslag understöddes av Essi Esimerkki "
                   "(essi.esimerkki@ovph.fi, 040 765 4321).")}
_REJECTED = {"fi": "Essi Esimerkiltä pyydettiin selvitys. Päätösehdotus hylättiin äänin 7–4.",
             "sv": "En utredning begärdes av Essi Esimerkki. Beslutsförslaget förkastades "
                   "med rösterna 7–4."}
# what the web version prints in their place, the rest of each note as written
_AMENDED_WEB = {"fi": "{n} ehdotusta kannatti {n} ({n}, {n}).",
                "sv": "{n} förslag understöddes av {n} ({n}, {n})."}
_REJECTED_WEB = {"fi": "{n} pyydettiin selvitys. Päätösehdotus hylättiin äänin 7–4.",
                 "sv": "En utredning begärdes av {n}. Beslutsförslaget förkastades med "
                       "rösterna 7–4."}
# every form of the personal data above, as a search finds it in any part of a file (white
# space ignored: "Tiina Test" is Tiina Testin and Tiina Testis; a first name alone would be
# found in Kristiinankaupunki)
SECRETS = ("Tiina Test", "Testi", "Essi Esimerk", "Esimerk", "essi.esimerkki", "ovph",
           "7654321")


def _source() -> str:
    decisions = (DATA / "pohjanmaa_decisions.yaml").read_text("utf-8")
    rejected = ("    - {osapuoli: narpio, toimielin: hallitus, paivamaara: 2026-03-31, "
                "pykala: 61,\n       tulos: hylatty}\n")
    for old in (*(old for old, _ in _AMENDED.values()), rejected):
        assert decisions.count(old) == 1, old
    for old, new in _AMENDED.values():
        decisions = decisions.replace(old, new)
    decisions = decisions.replace(rejected, (
        "    - osapuoli: narpio\n      toimielin: hallitus\n      paivamaara: 2026-03-31\n"
        "      pykala: 61\n      tulos: hylatty\n      kasittely:\n"
        f"        fi: {_REJECTED['fi']}\n        sv: {_REJECTED['sv']}\n"))
    return example_plan_path("pohjanmaa").read_text("utf-8") + "\n" + decisions


@pytest.fixture(scope="module")
def plan() -> PlanFile:
    return parse_plan(_source())


@pytest.fixture(scope="module")
def files(plan: PlanFile) -> dict[str, OutputFile]:
    return {f.path: f for f in approval_documents(plan, languages=["fi", "sv"], public=True)}


def _found(data: bytes) -> list[str]:
    """Every form of the personal data in any part of a .docx or .xlsx (tags removed too, so
    a name split over runs is found), searched in NFC, case and white space ignored."""
    hits = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            raw = package.read(name).decode("utf-8", "replace")
            for text in (raw, re.sub(r"<[^>]+>", "", raw)):
                text = re.sub(r"\s+", "", unicodedata.normalize("NFC", text).casefold())
                hits += [f"{name}: {s}" for s in SECRETS
                         if re.sub(r"\s+", "", s.casefold()) in text]
    return sorted(set(hits))


def _web(text: str, lang: str) -> str:
    """`text` of the summary for the board as its web version prints it."""
    n = NOTE[lang]
    return (text.replace(_AMENDED[lang][1], _AMENDED_WEB[lang].format(n=n))
            .replace(_REJECTED[lang], _REJECTED_WEB[lang].format(n=n)))


def test_web_versions_are_made_without_extracts(files: dict[str, OutputFile]) -> None:
    summaries = sorted(p for p in files if "hyvaksyminen" in p)
    assert summaries == ["avoin-data/hyvaksyminen.json",
                         "hyvaksyminen_fi.docx", "hyvaksyminen_fi.xlsx",
                         "hyvaksyminen_sv.docx", "hyvaksyminen_sv.xlsx",
                         "julkinen/hyvaksyminen_fi.docx", "julkinen/hyvaksyminen_fi.xlsx",
                         "julkinen/hyvaksyminen_sv.docx", "julkinen/hyvaksyminen_sv.xlsx"]
    assert not any("poytakirjanote" in p for p in files)
    for lang in ("fi", "sv"):
        for suffix in ("docx", "xlsx"):
            web, full = files[f"julkinen/hyvaksyminen_{lang}.{suffix}"], \
                files[f"hyvaksyminen_{lang}.{suffix}"]
            # marked as every web version is: its folder, the same kind, party and title, and
            # no removal day (a summary is not minutes: it has no appeal period)
            assert (web.kind, web.party, web.lang, web.title) == (full.kind, full.party,
                                                                  full.lang, full.title)
            assert web.extra == {}


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_web_summary_docx_has_no_personal_data_and_everything_else(
        files: dict[str, OutputFile], lang: str) -> None:
    full = files[f"hyvaksyminen_{lang}.docx"].data
    web = files[f"julkinen/hyvaksyminen_{lang}.docx"].data
    strict_parse_all(web)
    # the search finds every form in the summary for the board, so it can fail
    assert {hit.split(": ")[1] for hit in _found(full)} == set(SECRETS)
    assert _found(web) == []
    paragraphs = body_paragraphs(web)
    # everything else as in the summary for the board: every paragraph and table cell
    assert paragraphs == [_web(p, lang) for p in body_paragraphs(full)]
    assert all_text(web) == _web(all_text(full), lang)  # headers, footers, properties too
    other = NOTE["sv" if lang == "fi" else "fi"]
    assert other not in all_text(web)  # the note in the summary's own language
    amended, rejected = {
        "fi": ("Pohjanmaan liitto (Maakuntahallitus 30.3.2026 §\u00a041) hyväksyi "
               "suunnitelman muutettuna. Käsittely: Jäsen ehdotti",
               "Närpiön kaupunki (Kaupunginhallitus 31.3.2026 §\u00a061) hylkäsi "
               "suunnitelman. Käsittely: "),
        "sv": ("Österbottens förbund (Landskapsstyrelsen 30.3.2026 §\u00a041) godkände "
               "planen med ändringar. Behandling: En ledamot föreslog",
               "Närpes stad (Stadsstyrelsen 31.3.2026 §\u00a061) förkastade planen. "
               "Behandling: ")}[lang]
    flagged = next(p for p in paragraphs if p.startswith(amended))
    assert flagged.endswith(_AMENDED_WEB[lang].format(n=NOTE[lang]) + " " + {
        "fi": "Maakuntahallitus hyväksyi muutetun ehdotuksen yksimielisesti.",
        "sv": "Landskapsstyrelsen godkände det ändrade förslaget enhälligt."}[lang])
    assert rejected + _REJECTED_WEB[lang].format(n=NOTE[lang]) in paragraphs


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_web_summary_xlsx_has_no_personal_data_and_everything_else(
        files: dict[str, OutputFile], lang: str) -> None:
    full = files[f"hyvaksyminen_{lang}.xlsx"].data
    web = files[f"julkinen/hyvaksyminen_{lang}.xlsx"].data
    assert {hit.split(": ")[1] for hit in _found(full)} == set(SECRETS)
    assert _found(web) == []
    full_book = openpyxl.load_workbook(io.BytesIO(full))
    web_book = openpyxl.load_workbook(io.BytesIO(web))
    assert web_book.sheetnames == full_book.sheetnames
    replaced = 0
    for sheet in full_book.sheetnames:
        rows = list(full_book[sheet].iter_rows(values_only=True))
        web_rows = list(web_book[sheet].iter_rows(values_only=True))
        assert len(web_rows) == len(rows) > 1
        for row, web_row in zip(rows, web_rows, strict=True):
            expected = tuple(_web(v, lang) if isinstance(v, str) else v for v in row)
            assert web_row == expected  # parties, bodies, dates, §, states as they were
            replaced += row != web_row
    assert replaced == 4  # each note on both sheets
    assert web_book.properties.title == full_book.properties.title
    assert web_book.properties.creator == web_book.properties.lastModifiedBy \
        == full_book.properties.creator == {"fi": "Pohjanmaan hyvinvointialue",
                                            "sv": "Österbottens välfärdsområde"}[lang]


def test_summary_for_the_board_is_unchanged_by_public(
        plan: PlanFile, files: dict[str, OutputFile]) -> None:
    without = {f.path: f.sha256 for f in approval_documents(plan, languages=["fi", "sv"])}
    assert without == {p: f.sha256 for p, f in files.items() if not p.startswith("julkinen/")}
    for lang in ("fi", "sv"):  # and it names the people, as the board's papers do
        assert _AMENDED[lang][1] in all_text(files[f"hyvaksyminen_{lang}.docx"].data)
