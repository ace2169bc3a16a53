"""Every party's proposal in its own voice: its own explanation, inflected names, the appeal
text its kind of decision takes, capitalised titles."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, cast

import pytest

import yhdyspinta_docs as yd
from docx_text import all_text
from helpers import context_text
from yhdyspinta_docs.contexts import decision_context
from yhdyspinta_docs.errors import PlanError
from yhdyspinta_docs.plan import parse_plan
from yhdyspinta_docs.plan._checks import placeholder_warnings
from yhdyspinta_docs.plan._inflect import name_forms, swedish_genitive

if TYPE_CHECKING:
    from yhdyspinta_docs.contexts._types_report import ReportContext

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = {name: REPO / "examples" / name / "plan.yaml" for name in ("keski-suomi", "pohjanmaa")}
STRATEGY_FIRST_PERSON = ("Tarvitsemme", "meille tärkeää", "Viestimme avoimesti", "asetamme",
                         "vahvistamme")


# -- inflected names ----------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "genitive", "allative", "adessive"), [
    ("Jyväskylän kaupunki", "Jyväskylän kaupungin", "Jyväskylän kaupungille",
     "Jyväskylän kaupungilla"),
    ("Juupajoen kunta", "Juupajoen kunnan", "Juupajoen kunnalle", "Juupajoen kunnalla"),
    ("Pirkanmaan liitto", "Pirkanmaan liiton", "Pirkanmaan liitolle", "Pirkanmaan liitolla"),
    ("Keski-Suomen hyvinvointialue", "Keski-Suomen hyvinvointialueen",
     "Keski-Suomen hyvinvointialueelle", "Keski-Suomen hyvinvointialueella"),
    ("Kainuun sote-kuntayhtymä", "Kainuun sote-kuntayhtymän", "Kainuun sote-kuntayhtymälle",
     "Kainuun sote-kuntayhtymällä"),
    ("Jämsän seutukunta", "Jämsän seutukunnan", "Jämsän seutukunnalle",
     "Jämsän seutukunnalla"),
    ("Kunnanhallitus", "Kunnanhallituksen", "Kunnanhallitukselle", "Kunnanhallituksella"),
    ("Aluevaltuusto", "Aluevaltuuston", "Aluevaltuustolle", "Aluevaltuustolla"),
    ("Sivistyslautakunta", "Sivistyslautakunnan", "Sivistyslautakunnalle",
     "Sivistyslautakunnalla"),
])
def test_finnish_head_nouns_are_inflected(name: str, genitive: str, allative: str,
                                          adessive: str) -> None:
    forms = name_forms(name, "fi")
    assert (forms[""], forms["genetiivi"], forms["allatiivi"], forms["adessiivi"]) == (
        name, genitive, allative, adessive)


@pytest.mark.parametrize(("name", "genitive"), [
    ("Vasa stad", "Vasa stads"), ("Korsnäs kommun", "Korsnäs kommuns"),
    ("Österbottens välfärdsområde", "Österbottens välfärdsområdes"),
    ("Österbottens förbund", "Österbottens förbunds"), ("Närpes", "Närpes"),
    ("Kommunstyrelsen", "Kommunstyrelsens"), ("Larsmo kommun", "Larsmo kommuns"),
])
def test_swedish_genitive(name: str, genitive: str) -> None:
    assert swedish_genitive(name) == genitive
    assert name_forms(name, "sv")["genetiivi"] == genitive
    assert name_forms(name, "sv")["allatiivi"] == name  # Swedish uses prepositions


def test_the_plan_overrides_a_form() -> None:
    source = EXAMPLES["pohjanmaa"].read_text("utf-8").replace(
        "    nimi: {fi: Kristiinankaupungin kaupunki, sv: Kristinestads stad}\n",
        "    nimi: {fi: Kristiinankaupungin kaupunki, sv: Kristinestads stad}\n"
        "    taivutus: {genetiivi: Kristiinankaupungin, genitiv: Kristinestads}\n")
    pf = parse_plan(source)
    fi = decision_context(pf, "kristiinankaupunki", "fi", allow_drafts=True)
    sv = decision_context(pf, "kristiinankaupunki", "sv", allow_drafts=True)
    assert fi["organisation_forms"]["genitive"] == "Kristiinankaupungin"
    assert fi["organisation_forms"]["allative"] == "Kristiinankaupungin kaupungille"  # derived
    assert sv["organisation_forms"]["genitive"] == "Kristinestads"
    assert "hyväksymisestä Kristiinankaupungin osalta" in context_text(fi)
    assert "för Kristinestads del" in context_text(sv)


_WRONG = re.compile(r"\b\w+(?:kaupunkin|kuntan|liitton|alue n|aluen|kaupunki:n|kunta:n)\b"
                    r"|\b(?:kaupunkin|kuntan|liitton|aluen)\b")


@pytest.mark.parametrize("example", ["keski-suomi", "pohjanmaa"])
def test_every_party_proposal_inflects_the_genitive(example: str, tmp_path: Path) -> None:
    """A house-style proposal with the genitive placeholder, rendered for every party."""
    source = EXAMPLES[example].read_text("utf-8")
    if example == "keski-suomi":
        old = 'osapuolten_paatosehdotus: "{toimielin} päättää hyväksyä yhdyspintasuunnitelman."'
        new = ('osapuolten_paatosehdotus: "{toimielin} päättää hyväksyä '
               'yhdyspintasuunnitelman {osapuoli_genetiivi} osalta."')
    else:
        old = ('    fi: "{toimielin} päättää hyväksyä Pohjanmaan yhdyspintasuunnitelman 2026–2029 '
               'osaltaan."\n    sv: "{toimielin} beslutar för sin del godkänna Österbottens '
               'gränsytsplan 2026–2029."')
        new = ('    fi: "{toimielin} päättää hyväksyä suunnitelman {osapuoli_genetiivi} '
               'osalta."\n    sv: "{toimielin} beslutar godkänna planen för '
               '{osapuoli_genetiivi} del."')
    assert old in source
    pf = parse_plan(source.replace(old, new))
    result = yd.build(pf, tmp_path / "out", yd.BuildOptions(
        for_each_party=True, drafts=True, matrix=False, open_data=False, plan_document=False,
        key=b"k" * 32))
    docs = [e for e in result.entries if e.kind == "decision"]
    # every party's proposal in each of the plan's languages, a party with its own kielet
    # (Korsnäs: sv) only in those
    assert len(docs) == sum(len(p.languages or pf.languages) for p in pf.parties)
    seen = 0
    for entry in docs:
        text = all_text((tmp_path / "out" / entry.path).read_bytes()
                        if not Path(entry.path).is_absolute() else Path(entry.path).read_bytes())
        assert not _WRONG.search(text), (entry.path, _WRONG.search(text))
        party = pf.party(entry.party or "")
        assert party is not None
        if entry.party == pf.item.handling.party:
            continue
        name = party.name if isinstance(party.name, str) else party.name[entry.lang]
        if entry.lang == "sv":
            assert f"för {swedish_genitive(name)} del" in text, entry.path
        else:
            assert f"{name_forms(name, 'fi')['genetiivi']} osalta" in text, entry.path
        seen += 1
    assert seen >= len(pf.parties) - 1
    if example == "keski-suomi":
        jkl = decision_context(pf, "jyvaskyla", allow_drafts=True)
        assert "hyväksyä yhdyspintasuunnitelman Jyväskylän kaupungin osalta" in context_text(jkl)
        liitto = decision_context(pf, "maakuntaliitto", allow_drafts=True)
        assert "Keski-Suomen liiton osalta" in context_text(liitto)
    else:
        vaasa = decision_context(pf, "korsnas", "sv", allow_drafts=True)
        assert "för Korsnäs kommuns del" in context_text(vaasa)


def test_validate_warns_where_an_ending_is_glued_to_a_placeholder() -> None:
    source = EXAMPLES["keski-suomi"].read_text("utf-8").replace(
        'osapuolten_paatosehdotus: "{toimielin} päättää hyväksyä yhdyspintasuunnitelman."',
        'osapuolten_paatosehdotus: "{toimielin} päättää hyväksyä suunnitelman {osapuoli}n '
        'osalta ja lähettää sen {toimielin}lle."')
    pf = parse_plan(source)
    warnings = placeholder_warnings(pf)
    assert len(warnings) == 2
    assert warnings[0].startswith("asia.osapuolten_paatosehdotus: '{osapuoli}n' glues an ending")
    assert "write {osapuoli_genetiivi} instead" in warnings[0]
    assert "write {toimielin_allatiivi} instead" in warnings[1]
    assert placeholder_warnings(parse_plan(EXAMPLES["keski-suomi"].read_text("utf-8"))) == []


def test_validate_names_file_and_line_of_a_glued_ending(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    from yhdyspinta_docs.cli import main

    source = EXAMPLES["pohjanmaa"].read_text("utf-8").replace(
        "för {osapuoli_genetiivi} del.", "för {osapuoli}s del.")
    plan = tmp_path / "plan.yaml"
    plan.write_text(source, "utf-8")
    assert main(["validate", str(plan)]) == 0
    err = capsys.readouterr().err
    line = next(i for i, text in enumerate(source.splitlines(), 1)
                if "otsikko: {fi: Päätettävä asia" in text) + 2  # the text's "- fi:" line
    assert re.search(rf"Warning: {re.escape(str(plan))}:{line} asia\.osapuolten_selostus"
                     r"\[0\]\.sisalto\[0\]: '\{osapuoli\}s' glues an ending.*"
                     r"write \{osapuoli_genetiivi\} instead", err), err


# -- per-party content --------------------------------------------------------------------------

def test_jyvaskyla_speaks_as_its_own_board() -> None:
    pf = parse_plan(EXAMPLES["keski-suomi"].read_text("utf-8"))
    county = context_text(decision_context(pf, allow_drafts=True))
    jkl_ctx = decision_context(pf, "jyvaskyla", allow_drafts=True)
    jkl = context_text(jkl_ctx)
    assert all(s in county for s in STRATEGY_FIRST_PERSON)  # the county's own text stays
    for party in pf.parties[1:]:
        text = context_text(decision_context(pf, party.id, allow_drafts=True))
        assert not [s for s in STRATEGY_FIRST_PERSON if s in text], party.id
    headings = [s["heading"] for s in jkl_ctx["explanation"]]
    assert headings == ["Yleistä", "Jyväskylän kaupungin osallistuminen valmisteluun",
                        "Strategista yhteistyösopimusta täydentävä yhdyspintasuunnitelma",
                        "Päätettävä asia"]
    assert "Kaupunginhallitus päättää suunnitelman hyväksymisestä Jyväskylän kaupungin " \
           "osalta." in jkl
    assert "Päätettävä asia" not in county and "Jyväskylän kaupungin osallistuminen" not in county
    muurame = decision_context(pf, "muurame", allow_drafts=True)
    assert "Kunnanhallitus päättää suunnitelman hyväksymisestä Muuramen kunnan osalta." in \
        context_text(muurame)
    assert "Jyväskylän kaupungin osallistuminen" not in context_text(muurame)


def test_a_party_section_replaces_a_section_and_the_strategy_default() -> None:
    source = EXAMPLES["keski-suomi"].read_text("utf-8")
    source = source.replace("      osapuolet: [hyvinvointialue]\n", "")  # the default alone
    source = source.replace("        jalkeen: yleista\n", "        korvaa: yleista\n")
    pf = parse_plan(source)
    jkl = decision_context(pf, "jyvaskyla", allow_drafts=True)
    headings = [s["heading"] for s in jkl["explanation"]]
    assert headings[0] == "Jyväskylän kaupungin osallistuminen valmisteluun"
    assert "Yleistä" not in headings and "Strategian liittymäpinnan kuvaus" not in headings
    county = decision_context(pf, allow_drafts=True)
    assert "Strategian liittymäpinnan kuvaus" in [s["heading"] for s in county["explanation"]]


def test_unknown_section_and_party_are_reported_with_line() -> None:
    source = EXAMPLES["keski-suomi"].read_text("utf-8")
    source = source.replace("        jalkeen: yleista\n", "        jalkeen: yleist\n").replace(
        "      osapuolet: [hyvinvointialue]\n", "      osapuolet: [hyvinvointialu]\n")
    with pytest.raises(PlanError) as info:
        parse_plan(source)
    message = str(info.value)
    assert "osapuolet[4].selostus[0].jalkeen: no section 'yleist' in asia.selostus or " \
           "asia.osapuolten_selostus; did you mean 'yleista'?" in message
    assert "asia.selostus[2].osapuolet[0]: unknown party 'hyvinvointialu'; did you mean " \
           "'hyvinvointialue'?" in message
    assert re.search(r":\d+ osapuolet\[4\]\.selostus\[0\]\.jalkeen", message), message


def test_a_partys_own_section_takes_the_place_of_one_every_other_party_gets() -> None:
    """``korvaa`` in a party's own explanation may name a section of
    ``asia.osapuolten_selostus`` too: that party's proposal shows its own section there, the
    others the shared one."""
    source = EXAMPLES["keski-suomi"].read_text("utf-8").replace(
        "  osapuolten_selostus:\n    - otsikko: Päätettävä asia\n",
        "  osapuolten_selostus:\n    - tunnus: paatettava\n      otsikko: Päätettävä asia\n")
    own = ("    selostus:\n      - otsikko: Päätettävä asia\n        korvaa: paatettava\n"
           "        sisalto:\n          - Jyväskylässä suunnitelman hyväksyy kaupunginvaltuusto.\n")
    assert source.count("    selostus:\n      - otsikko: Jyväskylän kaupungin") == 1
    pf = parse_plan(source.replace("    selostus:\n      - otsikko: Jyväskylän kaupungin",
                                   own + "      - otsikko: Jyväskylän kaupungin"))
    jkl = context_text(decision_context(pf, "jyvaskyla", allow_drafts=True))
    assert "Jyväskylässä suunnitelman hyväksyy kaupunginvaltuusto." in jkl
    assert "Sopimuksen luvun 7.1 mukaan" not in jkl and jkl.count("Päätettävä asia") == 1
    muurame = context_text(decision_context(pf, "muurame", allow_drafts=True))
    assert "Sopimuksen luvun 7.1 mukaan" in muurame and "Jyväskylässä" not in muurame
    with pytest.raises(PlanError) as info:  # the shared section's id, misspelt
        parse_plan(source.replace("korvaa: paatettava", "korvaa: paatettav").replace(
            "    selostus:\n      - otsikko: Jyväskylän kaupungin",
            own.replace("paatettava", "paatettav") + "      - otsikko: Jyväskylän kaupungin"))
    assert ("osapuolet[4].selostus[0].korvaa: no section 'paatettav' in asia.selostus or "
            "asia.osapuolten_selostus; did you mean 'paatettava'?") in str(info.value)


# -- appeal text by kind of decision ------------------------------------------------------------

_APPEAL = {
    ("fi", "oma_paatos", "hyvinvointialue"): (
        "Oikaisuvaatimusohje", "oikaisuvaatimuksen", "hyvinvointialuelaki 139\u00a0§"),
    ("fi", "oma_paatos", "muurame"): ("Oikaisuvaatimusohje", "oikaisuvaatimuksen",
                                      "kuntalaki 134\u00a0§"),
    ("fi", "esitys_valtuustolle", "hyvinvointialue"): (
        "Muutoksenhaku", "Päätökseen ei saa hakea muutosta, koska se koskee vain asian "
        "valmistelua", "hyvinvointialuelaki 141\u00a0§"),
    ("fi", "esitys_valtuustolle", "muurame"): (
        "Muutoksenhaku", "Päätökseen ei saa hakea muutosta, koska se koskee vain asian "
        "valmistelua", "kuntalaki 136\u00a0§"),
    ("fi", "tiedoksi", "muurame"): ("Muutoksenhaku", "ei saa hakea muutosta",
                                    "kuntalaki 136\u00a0§"),
    ("fi", "valtuuston_paatos", "hyvinvointialue"): ("Valitusosoitus", "aluevalituksella",
                                                     "hyvinvointialuelaki 140\u00a0§"),
    ("fi", "valtuuston_paatos", "muurame"): ("Valitusosoitus", "kunnallisvalituksella",
                                             "kuntalaki 135\u00a0§"),
    ("sv", "oma_paatos", "hyvinvointialue"): (
        "Anvisning om rättelseyrkande", "rättelseyrkande", "139\u00a0§ i lagen om välfärdsområden"),
    ("sv", "oma_paatos", "korsnas"): ("Anvisning om rättelseyrkande", "rättelseyrkande",
                                      "134\u00a0§ i kommunallagen"),
    ("sv", "esitys_valtuustolle", "hyvinvointialue"): (
        "Sökande av ändring", "Ändring i beslutet får inte sökas, eftersom beslutet endast "
        "gäller beredning", "141\u00a0§ i lagen om välfärdsområden"),
    ("sv", "tiedoksi", "korsnas"): ("Sökande av ändring", "får inte sökas",
                                    "136\u00a0§ i kommunallagen"),
    ("sv", "valtuuston_paatos", "hyvinvointialue"): (
        "Besvärsanvisning", "välfärdsområdesbesvär", "140\u00a0§ i lagen om välfärdsområden"),
    ("sv", "valtuuston_paatos", "korsnas"): ("Besvärsanvisning", "kommunalbesvär",
                                             "135\u00a0§ i kommunallagen"),
}


@pytest.mark.parametrize(("lang", "kind", "party"), sorted(_APPEAL))
def test_the_appeal_text_follows_the_kind_of_decision(lang: str, kind: str, party: str) -> None:
    example = "keski-suomi" if lang == "fi" and party == "muurame" else "pohjanmaa"
    source = EXAMPLES[example].read_text("utf-8")
    if party == "hyvinvointialue":
        anchor = "    tila: valmis\n" if example == "pohjanmaa" else "    tila: luonnos\n"
        source = source.replace(anchor, anchor + f"    paatoslaji: {kind}\n", 1)
        if example == "pohjanmaa":
            source = source.replace("    muutoksenhaku: oikaisuvaatimus\n", "")
    elif party == "korsnas":
        anchor = "      kokouspaiva: 2026-04-20\n"
        source = source.replace(anchor, anchor + f"      paatoslaji: {kind}\n")
    else:
        source = source.replace(
            "  - {tunnus: muurame, nimi: Muuramen kunta, tyyppi: kunta, toimielimet: *kunta}",
            "  - {tunnus: muurame, nimi: Muuramen kunta, tyyppi: kunta, toimielimet: *kunta,\n"
            f"     kasittely: {{toimielin: hallitus, tila: luonnos, paatoslaji: {kind}}}}}")
    pf = parse_plan(source)
    ctx = decision_context(pf, party, "sv" if lang == "sv" else "fi", allow_drafts=True)
    heading, words, law = _APPEAL[(lang, kind, party)]
    assert ctx["decision_kind"] == kind
    assert ctx["labels"]["appeal"] == heading
    assert words in ctx["appeal"] and law in ctx["appeal"], ctx["appeal"]


def test_default_kinds_and_a_party_override() -> None:
    pf = parse_plan(EXAMPLES["pohjanmaa"].read_text("utf-8"))
    vaasa = decision_context(pf, "vaasa", "fi")
    assert vaasa["decision_kind"] == "oma_paatos"
    assert vaasa["labels"]["appeal"] == "Oikaisuvaatimusohje"
    source = EXAMPLES["pohjanmaa"].read_text("utf-8").replace(
        "      dnro: VAA/301/00.04.01/2026\n",
        "      dnro: VAA/301/00.04.01/2026\n      toimielin: valtuusto\n"
        "      muutoksenhakuohje: {fi: Oma ohje., sv: Egen anvisning.}\n").replace(
        "      toimielin: hallitus\n      kokouspaiva: 2026-04-13\n",
        "      kokouspaiva: 2026-04-13\n")
    pf = parse_plan(source)
    council = decision_context(pf, "vaasa", "sv")
    assert council["decision_kind"] == "valtuuston_paatos"
    assert council["labels"]["appeal"] == "Besvärsanvisning"
    assert council["appeal"] == "Egen anvisning."


def test_the_followup_report_decision_takes_no_appeal() -> None:
    from yhdyspinta_docs.contexts import report_decision_context
    from yhdyspinta_docs.contexts._report_words import WORDS

    for lang, sentence in (("fi", "Päätökseen ei saa hakea muutosta"),
                           ("sv", "Ändring i beslutet får inte sökas")):
        pf = parse_plan(EXAMPLES["pohjanmaa"].read_text("utf-8"))
        report = {"lang": lang, "words": WORDS[lang], "title": "Seurantaraportti",
                  "summary": [], "late": [], "changes": [], "has_previous": False}
        ctx = report_decision_context(pf, cast("ReportContext", report))
        assert ctx["decision_kind"] == "tiedoksi"
        assert sentence in ctx["appeal"]
        assert "rättelseyrkande" not in ctx["appeal"] and "oikaisu" not in ctx["appeal"]


# -- titles ---------------------------------------------------------------------------------------

def test_a_presenter_title_starts_with_a_capital() -> None:
    pf = parse_plan(EXAMPLES["pohjanmaa"].read_text("utf-8"))
    assert decision_context(pf, None, "fi")["presenter"] == "Hyvinvointialuejohtaja Olli Oletus"
    assert decision_context(pf, None, "sv")["presenter"] == "Välfärdsområdesdirektör Olli Oletus"
    assert decision_context(pf, "vaasa", "sv")["presenter"] == "Stadsdirektör Mats Modell"


@pytest.mark.parametrize(("example", "party", "lang", "anchor", "expected"), [
    ("keski-suomi", "jamsa", "fi", None,
     "Kaupunginhallitus esittää kaupunginvaltuustolle, että kaupunginvaltuusto hyväksyy "
     "yhdyspintasuunnitelman."),
    ("pohjanmaa", "korsnas", "sv", "      kokouspaiva: 2026-04-20\n",
     "Kommunstyrelsen föreslår för kommunfullmäktige att kommunfullmäktige godkänner "
     "gränsytsplanen."),
], ids=["fi", "sv"])
def test_a_board_proposing_to_its_council_is_not_given_the_shared_approval(
        example: str, party: str, lang: str, anchor: str | None, expected: str) -> None:
    """A party's board whose handling is `paatoslaji: esitys_valtuustolle` and has no proposal
    of its own proposes the plan to its council: the shared proposal of the parties ("…
    päättää hyväksyä …") would contradict the appeal text, which says the decision only
    prepares the matter."""
    source = EXAMPLES[example].read_text("utf-8")
    if anchor is None:
        line = ("  - {tunnus: jamsa, nimi: Jämsän kaupunki, tyyppi: kaupunki, "
                "toimielimet: *kaupunki}")
        assert line in source
        source = source.replace(line, line[:-1] + ",\n     kasittely: {toimielin: hallitus, "
                                "kokouspaiva: 2026-03-30, pykala: 88, paatoslaji: "
                                "esitys_valtuustolle}}")
    else:
        assert anchor in source
        source = source.replace(anchor, anchor + "      paatoslaji: esitys_valtuustolle\n")
    pf = parse_plan(source)
    ctx = decision_context(pf, party, lang, allow_drafts=True)  # type: ignore[arg-type]
    assert expected in context_text(ctx["proposal"])
    assert "hyväksyä" not in context_text(ctx["proposal"])
    assert ctx["decision_kind"] == "esitys_valtuustolle"
    assert "paatosehdotus" not in " ".join(ctx["draft_reasons"])
    # a party that decides itself keeps the shared proposal
    own = decision_context(parse_plan(EXAMPLES[example].read_text("utf-8")), party, lang,
                           allow_drafts=True)  # type: ignore[arg-type]
    assert "esittää" not in context_text(own["proposal"])
    assert "föreslår" not in context_text(own["proposal"])
