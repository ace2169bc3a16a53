"""Stored document properties per document: distinct titles, keywords in the document's
language, the author from the plan, and the document's own date as created/modified."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from docx_text import body_paragraphs
from helpers import KEY
from yhdyspinta_docs._build import (
    BuildOptions,
    make_decisions,
    make_matrices,
    make_plan_documents,
    make_report,
)
from yhdyspinta_docs.output._files import OutputFile
from yhdyspinta_docs.plan._loader import load_plan
from yhdyspinta_docs.word._check import sample_followup
from yhdyspinta_docs.word._properties import keyword_items

ROOT = Path(__file__).resolve().parents[2]
CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"


@cache
def _outputs(example: str) -> dict[str, OutputFile]:
    pf = load_plan(ROOT / "examples" / example / "plan.yaml")
    options = BuildOptions(for_each_party=True, drafts=True, public=True, open_data=False,
                           key=KEY)
    files = make_decisions(pf, options) + make_plan_documents(pf, options)
    files += make_matrices(pf, BuildOptions(key=KEY))
    now, previous = sample_followup(pf)
    files += make_report(pf, now, options, previous=previous)
    return {f.path: f for f in files}


def _core(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("docProps/core.xml"))
    return {etree.QName(el).localname: el.text or "" for el in root}


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_titles_differ_by_document(lang: str) -> None:
    files = _outputs("pohjanmaa")
    decision = _core(files[f"paatosehdotus_hyvinvointialue_{lang}.docx"].data)["title"]
    plan = _core(files[f"yhdyspintasuunnitelma_{lang}.docx"].data)["title"]
    report = _core(files[f"seurantaraportti_2026_{lang}.docx"].data)["title"]
    report_decision = _core(files[f"paatosehdotus_seurantaraportti_2026_{lang}.docx"].data)
    titles = [decision, plan, report, report_decision["title"]]
    assert len(set(titles)) == 4, titles
    body = "Aluehallitus" if lang == "fi" else "Välfärdsområdesstyrelsen"
    # the decision's title names the meeting and the item, as page 1 does
    assert decision.startswith(f"{body} 23.3.2026 §\u00a064: ")
    assert decision.endswith(plan)
    # a party's own proposal (Korsnäs, kielet: sv: in Swedish only) names its own meeting
    # (after the mark of a draft: its handling is marked `tila: luonnos`)
    party = _core(files["paatosehdotus_korsnas_sv.docx"].data)["title"]
    assert party.startswith("UTKAST – Kommunstyrelsen 20.4.2026: ")
    assert "paatosehdotus_korsnas_fi.docx" not in files


def test_a_drafts_title_says_it_is_a_draft_also_in_its_web_version() -> None:
    # the title is what a browser tab, a search hit and a screen reader give first: a draft
    # sent or published must not pass for the proposal of its meeting
    files = _outputs("pohjanmaa")
    titles = {path: _core(f.data)["title"] for path, f in files.items()
              if f.kind == "decision"}
    drafts = {path for path, f in files.items() if f.kind == "decision" and f.extra.get("draft")}
    assert drafts and drafts != set(titles)
    for path, title in titles.items():
        word = "UTKAST" if path.endswith("_sv.docx") else "LUONNOS"
        assert title.startswith(f"{word} – ") == (path in drafts), (path, title)
    assert {p.removeprefix("julkinen/") for p in drafts if p.startswith("julkinen/")} == {
        p for p in drafts if not p.startswith("julkinen/")}


def test_keywords_in_the_documents_language() -> None:
    files = _outputs("pohjanmaa")
    for path, file in files.items():
        if not path.endswith(".docx"):
            continue
        keywords = _core(file.data)["keywords"]
        if file.lang == "sv":
            assert "gränsytsplan" in keywords and "yhdyspinta" not in keywords, path
            assert "seuranta" not in keywords, path
        else:
            assert "yhdyspintasuunnitelma" in keywords and "gränsyts" not in keywords, path
    assert _core(files["seurantaraportti_2026_sv.docx"].data)["keywords"] == (
        "gränsytsplan; uppföljning")


@pytest.mark.parametrize(("given", "written"), [
    ("hyvinvointialuelaki   14 §; Kunnan\thallitus", "hyvinvointialuelaki\u00a014\u00a0§; "
     "Kunnan\u00a0hallitus"),
    (" ;;  a b ;; ", "a\u00a0b"),
    # LibreOffice splits a keyword at a comma or colon whatever the spaces: a no-break space
    # next to one would begin or end the keyword it makes there (' 15 §' in the PDF)
    ("hyvinvointialuelaki 14 §, kuntalaki 8 §", "hyvinvointialuelaki\u00a014\u00a0§, "
     "kuntalaki\u00a08\u00a0§"),
    ("seuranta : vuosi 2026", "seuranta : vuosi\u00a02026"),
])
def test_a_keyword_s_words_are_joined_by_no_break_spaces(given: str, written: str) -> None:
    assert keyword_items(given) == written


def test_author_is_from_the_plan_also_in_the_workbook() -> None:
    files = _outputs("pohjanmaa")
    assert _core(files["seurantamatriisi.xlsx"].data)["creator"] == "Pohjanmaan hyvinvointialue"
    assert _core(files["yhdyspintasuunnitelma_sv.docx"].data)["creator"] == (
        "Österbottens välfärdsområde")
    assert _core(files["julkinen/paatosehdotus_korsnas_sv.docx"].data)["creator"] == (
        "Korsnäs kommun")
    for file in files.values():
        assert "yhdyspinta-docs" not in _core(file.data).get("creator", "")


def _date_shown(data: bytes, plan: bool = False) -> str:
    """The d.m.yyyy date in the metadata block of page 1 (of a plan document: its own date,
    after "Suunnitelma"/"Plan", not the meeting date of the item it is attached to)."""
    for text in body_paragraphs(data)[:5]:
        if plan and not text.startswith(("\tSuunnitelma ", "\tPlan ")):
            continue
        for word in text.replace("\t", " ").split():
            parts = word.split(".")
            if len(parts) == 3 and all(p.isdigit() for p in parts):
                return word
    return ""


def _iso(shown: str) -> str:
    day, month, year = (int(p) for p in shown.split("."))
    return dt.date(year, month, day).isoformat()


@pytest.mark.parametrize("example", ["keski-suomi", "pohjanmaa"])
def test_created_and_modified_are_the_documents_own_date(example: str) -> None:
    files = _outputs(example)
    for path, file in files.items():
        if not path.endswith(".docx"):
            continue
        core = _core(file.data)
        created, modified = core["created"][:10], core["modified"][:10]
        assert created == modified, path
        shown = _date_shown(file.data, plan=file.kind == "plan")
        if shown:
            assert created == _iso(shown), (path, shown)
        else:  # undated draft: the latest date the plan records, not a fixed start date
            assert created != "2026-01-01", path


def test_undated_draft_takes_the_latest_recorded_date() -> None:
    files = _outputs("keski-suomi")
    core = _core(files["paatosehdotus_hyvinvointialue_fi.docx"].data)
    assert core["created"].startswith("2026-02-18")  # the last stage of preparation, kuntakokous


def test_report_created_is_the_reports_date() -> None:
    files = _outputs("pohjanmaa")
    report = files["seurantaraportti_2026_fi.docx"].data
    assert _core(report)["created"][:10] == _iso(_date_shown(report))


def test_rebuilds_are_byte_identical() -> None:
    first = {p: f.data for p, f in _outputs("pohjanmaa").items()}
    _outputs.cache_clear()
    again = {p: f.data for p, f in _outputs("pohjanmaa").items()}
    assert first == again


def test_a_namespace_map_changed_by_another_package_is_refused_before_writing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """docxcompose, which docxtpl imports when it is installed, maps python-docx's ``cp`` to
    the custom properties: the keywords, category and last editor would be written in the
    wrong namespace. The build says so and writes nothing."""
    from docx.oxml import ns

    from yhdyspinta_docs.cli import main

    monkeypatch.setitem(ns.nsmap, "cp", "http://schemas.openxmlformats.org/officeDocument/"
                        "2006/custom-properties")
    out = tmp_path / "out"
    assert main(["build", "--out", str(out), "--key", str(tmp_path / "k")]) == 6
    err = capsys.readouterr().err
    assert "namespace of document properties ('cp') was changed" in err
    assert "pip uninstall docxcompose" in err and "Traceback" not in err
    assert not out.exists() or not any(out.iterdir())
