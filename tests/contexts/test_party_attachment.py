"""Each party's decision proposal has its own plan attachment, headed by that party's name,
body, meeting and record number: Kotka's board does not get an attachment of the county's
meeting (Aluehallitus 9.3.2026 § 70)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from docx import Document

from helpers import KEY
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs._build import BuildOptions, build, count_documents
from yhdyspinta_docs.contexts import plan_context
from yhdyspinta_docs.plan import BodyKind, PlanFile, load_plan

POHJANMAA = example_plan_path().parents[1] / "pohjanmaa" / "plan.yaml"


@pytest.fixture(scope="module")
def pohjanmaa() -> PlanFile:
    return load_plan(POHJANMAA)


def _head(ctx: dict[str, object]) -> tuple[object, ...]:
    return tuple(ctx[k] for k in ("organisation", "attachment", "item", "dnro"))


def test_the_county_keeps_its_own_heading(pohjanmaa: PlanFile) -> None:
    assert _head(plan_context(pohjanmaa, "fi")) == _head(plan_context(
        pohjanmaa, "fi", party=pohjanmaa.item.handling.party)) == (
        "Pohjanmaan hyvinvointialue", "Liite 1", "Aluehallitus 23.3.2026 §\u00a064",
        "Dnro 118/00.04.01/2026")


def test_a_party_with_its_handling_heads_its_attachment(pohjanmaa: PlanFile) -> None:
    assert _head(plan_context(pohjanmaa, "fi", party="vaasa")) == (
        "Vaasan kaupunki", "Liite 1", "Kaupunginhallitus 13.4.2026 §\u00a0112",
        "Dnro VAA/301/00.04.01/2026")
    assert _head(plan_context(pohjanmaa, "sv", party="vaasa"))[:3] == (
        "Vasa stad", "Bilaga 1", "Stadsstyrelsen 13.4.2026 §\u00a0112")


def test_a_party_without_handling_data_is_named_with_its_board(pohjanmaa: PlanFile) -> None:
    assert _head(plan_context(pohjanmaa, "fi", party="kaskinen")) == (
        "Kaskisten kaupunki", "Liite 1", "Kaupunginhallitus", "")
    # a party without a board either: its name alone
    parties = tuple(p.model_copy(update={"bodies": tuple(
        b for b in p.bodies if b.kind is not BodyKind.BOARD)}) if p.id == "kaskinen" else p
        for p in pohjanmaa.parties)
    no_board = pohjanmaa.model_copy(update={"parties": parties})
    assert _head(plan_context(no_board, "fi", party="kaskinen")) == (
        "Kaskisten kaupunki", "Liite 1", "", "")


def test_build_for_each_party_makes_each_partys_attachment(pohjanmaa: PlanFile,
                                                           tmp_path: Path) -> None:
    options = BuildOptions(key=KEY, for_each_party=True, drafts=True, public=True,
                           matrix=False, open_data=False)
    result = build(pohjanmaa, tmp_path, options)
    plans = {e.path for e in result.entries if e.kind == "plan"}
    others = [p for p in pohjanmaa.parties if p.id != pohjanmaa.item.handling.party]
    # every other party's in its own languages (all of a bilingual plan's), and web versions
    expected = {f"{prefix}yhdyspintasuunnitelma_{lang}.docx" for prefix in ("", "julkinen/")
                for lang in ("fi", "sv")}
    expected |= {f"{prefix}yhdyspintasuunnitelma_{p.id}_{lang}.docx"
                 for prefix in ("", "julkinen/") for p in others
                 for lang in (p.languages or ("fi", "sv"))}
    assert plans == expected
    section = Document(io.BytesIO((tmp_path / "yhdyspintasuunnitelma_vaasa_fi.docx")
                                  .read_bytes())).sections[0]
    text = "\n".join(p.text for header in (section.header, section.first_page_header)
                     for p in header.paragraphs)
    assert "Vaasan kaupunki" in text and "Pohjanmaan hyvinvointialue" not in text, text
    # the progress bar counts every document it is told of
    assert count_documents(pohjanmaa, options) == len(
        [e for e in result.entries if e.path.endswith(".docx")
         and not e.path.startswith("julkinen/")])


def test_without_for_each_party_one_attachment_per_language(tmp_path: Path) -> None:
    pf = load_plan(example_plan_path())
    result = build(pf, tmp_path, BuildOptions(key=KEY, matrix=False, open_data=False))
    assert [e.path for e in result.entries if e.kind == "plan"] == ["yhdyspintasuunnitelma_fi.docx"]


def test_a_partys_attachment_lists_the_approvals_made_before_its_meeting() -> None:
    # Joutsa's board meets on 16.3: of the round's decisions (status day 20.3), those of 16.3
    # and after are not made yet when its agenda goes out; its own is not listed either
    pf = load_plan(example_plan_path())
    county = plan_context(pf, "fi")
    joutsa = plan_context(pf, "fi", party="joutsa")
    assert joutsa["item"].startswith("Kunnanhallitus 16.3.2026")
    assert county["plan_approved"] == ("Suunnitelman on 20.3.2026 mennessä hyväksynyt 4 "
                                       "osapuolta 24:stä.")
    assert joutsa["plan_approved"] == ("Suunnitelman on 15.3.2026 mennessä hyväksynyt 4 "
                                       "osapuolta 24:stä.")
    early = pf.model_copy(update={"parties": tuple(
        p.model_copy(update={"handling": p.handling.model_copy(update={
            "meeting_date": dt.date(2026, 3, 5)})})
        if p.id == "joutsa" and p.handling is not None else p for p in pf.parties)})
    listed = plan_context(early, "fi", party="joutsa")["plan_approvals"]
    assert listed == ["Keski-Suomen liitto: Maakuntahallitus 2.3.2026 §\u00a025 (hyväksytty "
                      "muutettuna)", "Muuramen kunta: Kunnanhallitus 2.3.2026 §\u00a041"]
    assert plan_context(early, "fi", party="joutsa")["plan_approved"] == (
        "Suunnitelman on 4.3.2026 mennessä hyväksynyt 2 osapuolta 24:stä.")


def test_the_attachment_of_a_draft_is_marked_as_its_proposal(pohjanmaa: PlanFile,
                                                              tmp_path: Path) -> None:
    result = build(pohjanmaa, tmp_path, BuildOptions(key=KEY, for_each_party=True, drafts=True,
                                                     public=True, matrix=False))
    notes = {(e.kind, e.path.removeprefix("julkinen/").split("_", 1)[1]): e.extra.get("draft")
             for e in result.entries if e.kind in ("decision", "plan")}
    drafted = {rest for (kind, rest), note in notes.items() if kind == "decision" and note}
    assert "pietarsaari_fi.docx" in drafted and "vaasa_fi.docx" not in drafted
    for rest in ("pietarsaari_fi.docx", "vaasa_fi.docx", "korsnas_sv.docx"):
        assert notes[("plan", rest)] == notes[("decision", rest)], rest


def test_the_attachment_of_a_draft_says_so_as_its_proposal_does(pohjanmaa: PlanFile,
                                                                tmp_path: Path) -> None:
    # Korsnäs's handling is marked tila: luonnos, Vaasa's is ready: the attachment names the
    # board and meeting either way, so a draft's says UTKAST on every page and in its title,
    # or it could be sent on or published as the final one
    from docx_text import all_text, body_paragraphs

    result = build(pohjanmaa, tmp_path, BuildOptions(key=KEY, for_each_party=True,
                                                     drafts=True, matrix=False))
    plans = {e.path: tmp_path / e.path for e in result.entries if e.kind == "plan"}
    korsnas = plans["yhdyspintasuunnitelma_korsnas_sv.docx"].read_bytes()
    vaasa = plans["yhdyspintasuunnitelma_vaasa_sv.docx"].read_bytes()
    doc = Document(io.BytesIO(korsnas))
    assert doc.core_properties.title == "UTKAST – Österbottens gränsytsplan 2026–2029"
    assert [p.text for p in doc.sections[0].header.paragraphs][1] == \
        "UTKAST\tKommunstyrelsen 20.4.2026"
    assert body_paragraphs(korsnas)[1] == "UTKAST\tKommunstyrelsen 20.4.2026"
    assert "UTKAST" not in all_text(vaasa) and "LUONNOS" not in all_text(vaasa)
    title = Document(io.BytesIO(vaasa)).core_properties.title
    assert title == "Österbottens gränsytsplan 2026–2029"
    assert plan_context(pohjanmaa, "fi", party="korsnas")["draft"] is True
    assert plan_context(pohjanmaa, "fi", party="vaasa")["draft"] is False


def test_a_plan_not_attached_is_made_once(pohjanmaa: PlanFile, tmp_path: Path) -> None:
    # with liita_suunnitelma: false the plan is no party's attachment: one plan document a
    # language, not a copy headed by each party's name
    alone = pohjanmaa.model_copy(update={"item": pohjanmaa.item.model_copy(
        update={"attach_plan": False})})
    options = BuildOptions(key=KEY, for_each_party=True, drafts=True, matrix=False,
                           open_data=False)
    result = build(alone, tmp_path, options)
    assert sorted(e.path for e in result.entries if e.kind == "plan") == [
        "yhdyspintasuunnitelma_fi.docx", "yhdyspintasuunnitelma_sv.docx"]
    assert count_documents(alone, options) == len(
        [e for e in result.entries if e.path.endswith(".docx")])
