"""Inflected party and body names: abbreviations, place names, guesses and their warnings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from yhdyspinta_docs.plan import parse_plan
from yhdyspinta_docs.plan._inflect import guessed_names, name_forms, swedish_genitive

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = {name: REPO / "examples" / name / "plan.yaml" for name in ("keski-suomi", "pohjanmaa")}
CASES = ("genetiivi", "allatiivi", "adessiivi", "ablatiivi", "elatiivi", "inessiivi",
         "illatiivi")


def _forms(name: str) -> tuple[str, ...]:
    forms = name_forms(name, "fi")
    assert forms[""] == name
    return tuple(forms[case] for case in CASES)


# -- abbreviations and acronyms -----------------------------------------------------------------

def _colon(written: str, front: bool, illative: str) -> tuple[str, ...]:
    """The seven forms of a name read letter by letter: `written` and a colon, the endings of
    front or back vowels, and the illative ending."""
    a = "ä" if front else "a"
    return tuple(f"{written}:{end}" for end in ("n", "lle", f"ll{a}", f"lt{a}", f"st{a}",
                                                 f"ss{a}", illative))


@pytest.mark.parametrize(("name", "expected"), [
    ("Kuopion Vesi Oy", _colon("Kuopion Vesi Oy", True, "hyn")),
    ("Kuopion Vesi Oy.", _colon("Kuopion Vesi Oy", True, "hyn")),
    ("Yhtiö OY", _colon("Yhtiö OY", True, "hyn")),
    ("Pörssiyhtiö Oyj", _colon("Pörssiyhtiö Oyj", True, "hin")),
    ("Kylätoiminta ry", _colon("Kylätoiminta ry", True, "hyn")),
    ("Kylätoiminta r.y.", _colon("Kylätoiminta r.y", True, "hyn")),
    ("Konsultointi Ky", _colon("Konsultointi Ky", True, "hyn")),
    ("Kvarkenrådet rf", _colon("Kvarkenrådet rf", True, "ään")),
    ("Kvarkenrådet r.f.", _colon("Kvarkenrådet r.f", True, "ään")),
    ("KSSHP", _colon("KSSHP", True, "hen")),
    ("EU", _colon("EU", False, "hun")),
    ("YK", _colon("YK", False, "hon")),
    ("Hanke 2030", _colon("Hanke 2030", True, "een")),
    ("Hanke 8", _colon("Hanke 8", False, "aan")),
    ("Hanke 100", _colon("Hanke 100", False, "aan")),
    # written out once, as a reader checks them
    ("Oy", ("Oy:n", "Oy:lle", "Oy:llä", "Oy:ltä", "Oy:stä", "Oy:ssä", "Oy:hyn")),
])
def test_an_abbreviation_takes_colon_endings_as_it_is_read(name: str,
                                                            expected: tuple[str, ...]) -> None:
    assert _forms(name) == expected


# -- place names --------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "genitive", "adessive", "illative"), [
    ("Siilinjärvi", "Siilinjärven", "Siilinjärvellä", "Siilinjärveen"),
    ("Lapinlahti", "Lapinlahden", "Lapinlahdella", "Lapinlahteen"),
    ("Suonenjoki", "Suonenjoen", "Suonenjoella", "Suonenjokeen"),
    ("Pielavesi", "Pielaveden", "Pielavedellä", "Pielaveteen"),
    ("Rautalampi", "Rautalammen", "Rautalammella", "Rautalampeen"),
    ("Iisalmi", "Iisalmen", "Iisalmella", "Iisalmeen"),
    ("Kärsämäki", "Kärsämäen", "Kärsämäellä", "Kärsämäkeen"),
    ("Tuusniemi", "Tuusniemen", "Tuusniemellä", "Tuusniemeen"),
    ("Kangasniemi", "Kangasniemen", "Kangasniemellä", "Kangasniemeen"),
    ("Kemiönsaari", "Kemiönsaaren", "Kemiönsaarella", "Kemiönsaareen"),
    ("Äänekoski", "Äänekosken", "Äänekoskella", "Äänekoskeen"),
    ("Kolinvuori", "Kolinvuoren", "Kolinvuorella", "Kolinvuoreen"),
    ("Kirkkonummi", "Kirkkonummen", "Kirkkonummella", "Kirkkonummeen"),
    ("Lahti", "Lahden", "Lahdella", "Lahteen"),
    ("Pihtipudas", "Pihtiputaan", "Pihtiputaalla", "Pihtiputaaseen"),
    ("Pitkäkangas", "Pitkäkankaan", "Pitkäkankaalla", "Pitkäkankaaseen"),
    ("Lappeenranta", "Lappeenrannan", "Lappeenrannalla", "Lappeenrantaan"),
    ("Pyhäselkä", "Pyhäselän", "Pyhäselällä", "Pyhäselkään"),
    ("Hämeenlinna", "Hämeenlinnan", "Hämeenlinnalla", "Hämeenlinnaan"),
    ("Sodankylä", "Sodankylän", "Sodankylällä", "Sodankylään"),
    ("Keminmaa", "Keminmaan", "Keminmaalla", "Keminmaahan"),
    ("Kaavi", "Kaavin", "Kaavilla", "Kaaviin"),  # no table part: regular
    ("Laukaa", "Laukaan", "Laukaalla", "Laukaaseen"),
    # the organisation words still win: longest match
    ("Jyväskylän kaupunki", "Jyväskylän kaupungin", "Jyväskylän kaupungilla",
     "Jyväskylän kaupunkiin"),
    ("Siilinjärven kunta", "Siilinjärven kunnan", "Siilinjärven kunnalla",
     "Siilinjärven kuntaan"),
    ("Keski-Suomen liitto", "Keski-Suomen liiton", "Keski-Suomen liitolla",
     "Keski-Suomen liittoon"),
    ("Kunnanhallitus", "Kunnanhallituksen", "Kunnanhallituksella", "Kunnanhallitukseen"),
    ("Sivistyslautakunta", "Sivistyslautakunnan", "Sivistyslautakunnalla",
     "Sivistyslautakuntaan"),
    ("Kuopion Vesi", "Kuopion Veden", "Kuopion Vedellä", "Kuopion Veteen"),
])
def test_a_place_name_part_has_its_own_stem(name: str, genitive: str, adessive: str,
                                            illative: str) -> None:
    forms = name_forms(name, "fi")
    assert (forms["genetiivi"], forms["adessiivi"], forms["illatiivi"]) == (
        genitive, adessive, illative)


def test_every_case_of_a_place_name() -> None:
    assert _forms("Siilinjärvi") == (
        "Siilinjärven", "Siilinjärvelle", "Siilinjärvellä", "Siilinjärveltä", "Siilinjärvestä",
        "Siilinjärvessä", "Siilinjärveen")
    assert _forms("Pihtipudas") == (
        "Pihtiputaan", "Pihtiputaalle", "Pihtiputaalla", "Pihtiputaalta", "Pihtiputaasta",
        "Pihtiputaassa", "Pihtiputaaseen")


# -- words in no table: a guess, never a colon ---------------------------------------------------

@pytest.mark.parametrize(("name", "expected"), [
    ("Joroinen", ("Joroisen", "Joroiselle", "Joroisella", "Joroiselta", "Joroisesta",
                  "Joroisessa", "Joroiseen")),
    ("Korsnäs", ("Korsnäsin", "Korsnäsille", "Korsnäsillä", "Korsnäsiltä", "Korsnäsistä",
                 "Korsnäsissä", "Korsnäsiin")),
    ("Kuntien kehitys", ("Kuntien kehityksen", "Kuntien kehitykselle",
                         "Kuntien kehityksellä", "Kuntien kehitykseltä",
                         "Kuntien kehityksestä", "Kuntien kehityksessä",
                         "Kuntien kehitykseen")),
])
def test_a_word_ending_in_a_consonant_takes_no_colon(name: str,
                                                     expected: tuple[str, ...]) -> None:
    assert _forms(name) == expected


# -- Swedish ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "genitive"), [
    ("Kvarkenrådet r.f.", "Kvarkenrådet r.f:s"), ("Kvarkenrådet rf", "Kvarkenrådet rf:s"),
    ("Bolaget Ab", "Bolaget Ab:s"), ("Bolaget Abp", "Bolaget Abp:s"),
    ("Vattenbolaget Oy", "Vattenbolaget Oy:s"), ("Bolaget Oyj", "Bolaget Oyj:s"),
    ("KSSHP", "KSSHP:s"), ("EU", "EU:s"), ("Projekt 2030", "Projekt 2030:s"),
    ("Vasa stad", "Vasa stads"), ("Närpes", "Närpes"), ("Malax", "Malax"),
    ("Korsnäs kommun", "Korsnäs kommuns"),
])
def test_swedish_genitive_of_abbreviations_and_words(name: str, genitive: str) -> None:
    assert swedish_genitive(name) == genitive
    assert name_forms(name, "sv")["genetiivi"] == genitive


# -- guessed names and their warnings -----------------------------------------------------------

def _keski_suomi(replace: dict[str, str]) -> str:
    source = EXAMPLES["keski-suomi"].read_text("utf-8")
    for old, new in replace.items():
        assert old in source, old
        source = source.replace(old, new, 1)
    return source


def test_guessed_names_lists_party_and_body_names_by_field_path() -> None:
    source = _keski_suomi({"nimi: Joutsan kunta": "nimi: Joroinen",
                           "nimi: Kunnanhallitus,": "nimi: Kunnanjohto,"})
    found = guessed_names(parse_plan(source))
    assert found[0] == (("osapuolet", 2, "toimielimet", 1, "nimi"), "Kunnanjohto",
                        "Kunnanjohton")
    assert (("osapuolet", 3, "nimi"), "Joroinen", "Joroisen") in found
    # the body list is an alias (*kunta): every party repeating it
    assert {loc for loc, name, _ in found if name == "Kunnanjohto"} == {
        ("osapuolet", i, "toimielimet", 1, "nimi") for i, p in enumerate(
            parse_plan(source).parties) if p.kind.value == "kunta"}


def test_a_genitive_in_taivutus_or_no_finnish_document_means_no_guess() -> None:
    source = _keski_suomi({"nimi: Joutsan kunta\n": "nimi: Joroinen\n    taivutus: "
                           "{genetiivi: Joroisten}\n"})
    assert guessed_names(parse_plan(source)) == []
    source = _keski_suomi({"nimi: Joutsan kunta\n": "nimi: Joroinen\n    taivutus: "
                           "{allatiivi: Joroisille}\n"})
    assert [name for _, name, _ in guessed_names(parse_plan(source))] == ["Joroinen"]


def test_a_per_language_name_is_checked_in_finnish_only() -> None:
    source = EXAMPLES["pohjanmaa"].read_text("utf-8").replace(
        "nimi: {fi: Närpiön kaupunki, sv: Närpes stad}", "nimi: {fi: Närpiö, sv: Närpes}")
    assert guessed_names(parse_plan(source)) == [(("osapuolet", 5, "nimi"), "Närpiö",
                                                  "Närpiön")]
    # a Swedish-only plan: the Finnish-only municipalities are in Swedish too
    only_sv = source.replace("kielet: [fi, sv]", "kielet: [sv]", 1).replace(
        "kielet: fi, ", "")
    assert guessed_names(parse_plan(only_sv)) == []


@pytest.mark.parametrize("example", ["keski-suomi", "pohjanmaa"])
def test_the_examples_have_no_guessed_name(example: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from yhdyspinta_docs.cli import main

    assert guessed_names(parse_plan(EXAMPLES[example].read_text("utf-8"))) == []
    assert main(["validate", str(EXAMPLES[example])]) == 0
    assert "are a guess" not in capsys.readouterr().err


def test_validate_warns_of_a_guessed_name_with_file_and_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from yhdyspinta_docs.cli import main

    source = _keski_suomi({"nimi: Joutsan kunta": "nimi: Joroinen",
                           "nimi: Kunnanhallitus,": "nimi: Kunnanjohto,"})
    plan = tmp_path / "plan.yaml"
    plan.write_text(source, "utf-8")
    assert main(["validate", str(plan)]) == 0
    err = capsys.readouterr().err
    lines = source.splitlines()
    joroinen = next(i for i, text in enumerate(lines, 1) if "nimi: Joroinen" in text)
    body = next(i for i, text in enumerate(lines, 1) if "nimi: Kunnanjohto" in text)
    assert re.search(rf"Warning: {re.escape(str(plan))}:{joroinen} osapuolet\[3\]\.nimi: the "
                     r"Finnish forms of 'Joroinen' are a guess \('Joroisen', …\); check them in "
                     r"the documents, or give the right ones under its taivutus \(genetiivi: …",
                     err), err
    # a name an alias repeats is named once, where it is written first
    assert len(re.findall("'Kunnanjohto' are a guess", err)) == 1
    assert re.search(rf"{re.escape(str(plan))}:{body} osapuolet\[2\]\.toimielimet\[1\]\.nimi: "
                     r"the Finnish forms of 'Kunnanjohto' are a guess \('Kunnanjohton', …\) "
                     r"\(the same name is at \d+ more places\)", err), err
