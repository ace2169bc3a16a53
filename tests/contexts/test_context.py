"""The decision context: pure data, formatted the Finnish way, complete or clearly refused."""

from __future__ import annotations

import re

import pytest

from helpers import context_text
from yhdyspinta_docs.contexts import decision_context, format_date, format_section
from yhdyspinta_docs.contexts._blocks import parse_blocks
from yhdyspinta_docs.errors import PlanError
from yhdyspinta_docs.plan import PlanFile, parse_plan

COUNTY = "    toimielin: aluehallitus\n"
COUNTY_DRAFT = COUNTY + "    tila: luonnos\n"


def test_dates_and_sections_are_written_one_way() -> None:
    import datetime as dt

    assert format_date(dt.date(2022, 10, 4)) == "4.10.2022"
    assert format_date(dt.date(2026, 1, 1)) == "1.1.2026"
    assert format_date(None) == ""
    assert format_section(80) == "§\u00a080"


def test_references_render_as_date_and_section(example_plan: PlanFile) -> None:
    text = context_text(decision_context(example_plan))
    assert "aluevaltuustossa sopimus hyväksyttiin 4.10.2022 (§\u00a089)." in text
    assert "hyväksyi sopimuksen kokouksessaan 4.11.2025 (§\u00a080)." in text
    assert "Sydämellä-tapahtumassa 24.10.2025" in text
    assert "kuntakokouksessa 18.2.2026" in text
    assert "(89 §)" not in text and "{" not in text


def test_working_group_and_measures_come_from_the_data(example_plan: PlanFile) -> None:
    ctx = decision_context(example_plan)
    blocks = [b for s in ctx["explanation"] for b in s["blocks"]]
    lines = next(b for b in blocks if b["kind"] == "lines")
    assert lines["items"][0] == "Matti Mäkinen, kunnanjohtaja, Hankasalmen kunta"
    assert lines["items"][4] == ("Lasse Leppä, konsernipalveluiden toimialajohtaja, "
                                 "Keski-Suomen hyvinvointialue")
    numbered = next(b for b in blocks if b["kind"] == "list")
    assert numbered["ordered"] is True
    assert numbered["items"] == [
        "Asumisen kehittämisen työryhmä",
        "Vuorovaikutuksen sekä ennakollisen yhteistyön lisääminen",
        "Tietopohjan sisällön määrittäminen tilannekuvan pohjaksi",
        "Yhteinen edunvalvonnan ydinviesti",
        "Maakunnallisen valmiusharjoituksen toteuttaminen",
    ]
    assert [s["heading"] for s in ctx["explanation"]] == [
        "Yleistä", "Strategista yhteistyösopimusta täydentävä yhdyspintasuunnitelma",
        "Strategian liittymäpinnan kuvaus"]


def test_handling_fields(example_plan: PlanFile) -> None:
    ctx = decision_context(example_plan)
    assert ctx["organisation"] == "Keski-Suomen hyvinvointialue"
    assert ctx["body"] == "Aluehallitus"
    assert ctx["competence"] == "Hallintosääntö 17 §"
    assert ctx["presenter"] == "Vt. hyvinvointialuejohtaja Kati Kallimo"
    assert ctx["proposal"] == [{"kind": "paragraph",
                                "text": "Aluehallitus päättää hyväksyä yhdyspintasuunnitelman."}]
    assert ctx["attachments"] == ["Liite 1 Keski-Suomen yhdyspintasuunnitelma 2026–2029"]
    assert ctx["draft"] is True and ctx["draft_reasons"] == ["kokouspäivä puuttuu"]
    assert ctx["date"] == "" and ctx["section"] == "" and ctx["dnro"] == ""


def test_a_complete_handling_marked_draft_says_so_and_not_draft_draft(
        example_source: str) -> None:
    from yhdyspinta_docs.contexts._decision import draft_note

    src = example_source.replace(COUNTY_DRAFT, COUNTY_DRAFT + "    kokouspaiva: 2026-03-02\n")
    pf = parse_plan(src)
    ctx = decision_context(pf)
    assert ctx["draft"] is True and ctx["draft_reasons"] == []
    assert draft_note(ctx) == {"draft": "merkitty luonnokseksi"}  # the output line's mark


def test_final_handling_without_meeting_date_is_an_error(example_source: str) -> None:
    pf = parse_plan(example_source.replace(COUNTY_DRAFT, COUNTY))
    with pytest.raises(PlanError, match=r"asia\.kasittely\.kokouspaiva: missing for party "
                                        r"'hyvinvointialue'"):
        decision_context(pf)
    assert decision_context(pf, allow_drafts=True)["draft"] is True


def test_complete_handling_is_final(example_source: str) -> None:
    src = example_source.replace(
        COUNTY_DRAFT, COUNTY +
        "    kokouspaiva: 2026-03-02\n    pykala: 51\n    dnro: 123/00.04.01/2026\n"
        "    aikaisempi_kasittely: [av-2025-80]\n"
        "    valmistelijat:\n      - {nimi: Lasse Leppä, nimike: konsernipalveluiden "
        "toimialajohtaja, sahkoposti: lasse.leppa@example.fi, puhelin: '+358 40 123 4567'}\n")
    pf = parse_plan(src)
    ctx = decision_context(pf)
    assert ctx["draft"] is False
    assert (ctx["date"], ctx["section"], ctx["dnro"]) == ("2.3.2026", "§\u00a051",
                                                         "Dnro 123/00.04.01/2026")
    assert ctx["history"] == ["Aluevaltuusto 4.11.2025 §\u00a080"]
    assert ctx["preparers"] == ["Lasse Leppä, konsernipalveluiden toimialajohtaja, "
                                "lasse.leppa@example.fi, +358 40 123 4567"]
    public = decision_context(pf, public=True)
    assert "lasse.leppa@example.fi" not in context_text(public)
    assert "+358 40 123 4567" not in context_text(public)
    assert "Kati Kallimo" in context_text(public)


def test_missing_swedish_texts_are_listed_by_path(example_plan: PlanFile) -> None:
    with pytest.raises(PlanError) as info:
        decision_context(example_plan, lang="sv")
    paths = [i.where.split(" ", 1)[1] for i in info.value.issues]
    assert "asia.otsikko" in paths
    assert "suunnitelma.toimenpiteet[0].otsikko" in paths
    # a plan read from a file: each missing text with its file and line
    assert all(re.fullmatch(r".*plan\.yaml:\d+ \S+", i.where) for i in info.value.issues)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yksi.\n\nKaksi.", [{"kind": "paragraph", "text": "Yksi."},
                             {"kind": "paragraph", "text": "Kaksi."}]),
        ("Rivi\ntoinen", [{"kind": "paragraph", "text": "Rivi\ntoinen"}]),
        ("- a\n- b", [{"kind": "list", "ordered": False, "items": ["a", "b"]}]),
        ("1. a\n2) b", [{"kind": "list", "ordered": True, "items": ["a", "b"]}]),
        ("- a\nnot a list", [{"kind": "paragraph", "text": "- a\nnot a list"}]),
        ("A\r\nB\x0bC\x00D", [{"kind": "paragraph", "text": "A\nB\nCD"}]),
    ],
)
def test_parse_blocks(text: str, expected: list[dict[str, object]]) -> None:
    assert parse_blocks(text) == expected


def _containers(value: object) -> list[object]:
    """Every dict and list inside `value` (labels excepted: one shared table per language)."""
    found: list[object] = []

    def walk(v: object) -> None:
        if isinstance(v, dict):
            found.append(v)
            for k, x in v.items():
                if k != "labels":
                    walk(x)
        elif isinstance(v, list):
            found.append(v)
            for x in v:
                walk(x)

    walk(value)
    return found


@pytest.mark.parametrize("example", ["keski-suomi", "pohjanmaa"])
def test_contexts_made_together_equal_contexts_made_apart(example: str) -> None:
    from pathlib import Path

    from yhdyspinta_docs.contexts import decision_contexts
    from yhdyspinta_docs.plan import load_plan

    pf = load_plan(Path(__file__).resolve().parents[2] / "examples" / example / "plan.yaml")
    differs = 0
    for lang in pf.languages:
        for pid in [None, *(p.id for p in pf.parties)]:
            full, public = decision_contexts(pf, pid, lang, allow_drafts=True)
            assert full == decision_context(pf, pid, lang, allow_drafts=True)
            assert public == decision_context(pf, pid, lang, public=True, allow_drafts=True)
            differs += full != public
            # nothing mutable is shared: changing one context cannot change the other
            assert not {id(c) for c in _containers(full)} & {id(c) for c in _containers(public)}
    if example == "pohjanmaa":  # personal data in the working group, preparers, attachments
        assert differs == len(pf.languages) * (len(pf.parties) + 1)


def test_a_marked_name_is_left_out_of_every_public_role(example_source: str) -> None:
    """Marked once in the working group, a name is personal as a preparer and contact too,
    compared ignoring case, spacing and Unicode composition; its title stays."""
    import unicodedata

    from yhdyspinta_docs.contexts import plan_context

    member = "{nimi: Matti Mäkinen, nimike: kunnanjohtaja, osapuoli: hankasalmi}"
    assert member in example_source
    decomposed = unicodedata.normalize("NFD", "MATTI  MÄKINEN")
    src = example_source.replace(member, member[:-1] + ", henkilotieto: true}").replace(
        COUNTY_DRAFT, COUNTY_DRAFT + "    valmistelijat:\n      - {nimi: '" + decomposed
        + "', nimike: kunnanjohtaja, puhelin: '040 765 4321'}\n")
    pf = parse_plan(src)
    full, public = decision_context(pf), decision_context(pf, public=True)
    assert full["preparers"] == [f"{decomposed}, kunnanjohtaja, 040 765 4321"]
    assert "Matti Mäkinen, kunnanjohtaja, Hankasalmen kunta" in context_text(full)
    # the whole line goes: "kunnanjohtaja, Hankasalmen kunta" would still name the person
    assert public["preparers"] == [] and public["contact"] == []
    web = unicodedata.normalize("NFC", context_text(public)).casefold()
    assert "mäkinen" not in web and "765" not in web
    assert "hankasalmen kunta" not in web and "(henkilötieto poistettu)" in web
    assert "Jarkko Määttänen, kunnanjohtaja, Muuramen kunta" in context_text(public)  # unmarked
    assert public["presenter"] == "Vt. hyvinvointialuejohtaja Kati Kallimo"  # not marked
    plan_web = unicodedata.normalize("NFC", context_text(plan_context(pf, public=True))).casefold()
    assert "mäkinen" not in plan_web and "kunnanjohtaja, hankasalmen kunta" not in plan_web


def test_personal_data_in_a_free_text_is_replaced_in_public_versions(example_source: str
                                                                      ) -> None:
    from yhdyspinta_docs.plan import personal_data_warnings

    src = example_source.replace(
        "    esittelija:\n      nimi: Kati Kallimo\n",
        "    esittelija:\n      nimi: Kati Kallimo\n      puhelin: '+358 40 111 2222'\n").replace(
        "Aluehallitus päättää hyväksyä yhdyspintasuunnitelman.",
        "Aluehallitus päättää hyväksyä yhdyspintasuunnitelman. Lisätietoja numerosta "
        "040-111 2222.")
    pf = parse_plan(src)
    full = decision_context(pf)["proposal"][0]["text"]
    assert full.endswith("Lisätietoja numerosta 040-111 2222.")
    public = decision_context(pf, public=True)
    web = public["proposal"][0]["text"]
    assert web.endswith("Lisätietoja numerosta (henkilötieto poistettu).")
    assert public["presenter"] == "Vt. hyvinvointialuejohtaja Kati Kallimo"
    assert personal_data_warnings(pf) == [
        "asia.kasittely.paatosehdotus: the text contains '040-111 2222', the contact detail of "
        "a person at asia.kasittely.esittelija.puhelin; public versions replace it with a note; "
        "write the text without it"]


def test_decision_context_is_told_a_path_or_an_unknown_language() -> None:
    """A path where the plan goes failed with AttributeError, lang='se' with KeyError."""
    import pytest

    from yhdyspinta_docs._assets import example_plan_path
    from yhdyspinta_docs.contexts import decision_context
    from yhdyspinta_docs.errors import PlanError
    from yhdyspinta_docs.plan import load_plan

    with pytest.raises(PlanError, match=r"the plan is a PlanFile, not a str: plan = "
                       r"yhdyspinta_docs\.load_plan\('plan\.yaml'\)"):
        decision_context(str(example_plan_path()))  # type: ignore[arg-type]
    with pytest.raises(PlanError, match="lang is one of 'fi', 'sv', not 'se'"):
        decision_context(load_plan(example_plan_path()), lang="se")  # type: ignore[arg-type]
