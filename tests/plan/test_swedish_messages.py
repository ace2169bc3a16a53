"""Mistakes a Swedish-speaking preparer makes in a plan file, and what the messages tell them:
a party named by its Swedish name where the id is the Finnish one, an id written with å, ä or
ö, a date that is not in the calendar (tests/data/vastra_nyland_sv.yaml)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import line_of, plan_error
from yhdyspinta_docs.errors import PlanError
from yhdyspinta_docs.plan import parse_plan
from yhdyspinta_docs.plan._loader import check_languages

SOURCE = (Path(__file__).resolve().parents[1] / "data" / "vastra_nyland_sv.yaml").read_text(
    "utf-8")
MEASURE = "vastuutahot: [hyvinvointialue, siuntio, inkoo]"


def test_a_party_named_by_its_swedish_name_is_pointed_to_its_id() -> None:
    src = SOURCE.replace(MEASURE, "vastuutahot: [hyvinvointialue, sjundea, inga]")
    line = line_of(src, "vastuutahot: [hyvinvointialue, sjundea")
    issues = [str(i) for i in plan_error(src).issues]
    assert (f"plan.yaml:{line} suunnitelma.toimenpiteet[2].vastuutahot[1]: unknown party "
            "'sjundea'; did you mean 'siuntio' (Sjundeå kommun)? A party is named by its "
            "tunnus, not by its name") in issues
    assert any(i.startswith(f"plan.yaml:{line} suunnitelma.toimenpiteet[2].vastuutahot[2]: "
                            "unknown party 'inga'; did you mean 'inkoo' (Ingå kommun)?")
               for i in issues)


def test_a_mistyped_id_is_still_suggested_by_id_alone() -> None:
    src = SOURCE.replace(MEASURE, "vastuutahot: [hyvinvointialue, siunito, inkoo]")
    message = str(plan_error(src))
    assert "unknown party 'siunito'; did you mean 'siuntio'? Declared are: " in message
    assert "not by its name" not in message


def test_a_word_every_party_name_shares_is_no_hint() -> None:
    src = SOURCE.replace(MEASURE, "vastuutahot: [hyvinvointialue, kommun, inkoo]")
    message = str(plan_error(src))
    assert "unknown party 'kommun'; declared are: hyvinvointialue, raasepori" in message


def test_an_id_with_a_swedish_letter_is_told_the_id_to_write() -> None:
    src = SOURCE.replace("paavastuu: siuntio", "paavastuu: Sjundeå")
    line = line_of(src, "paavastuu: Sjundeå")
    assert (f"plan.yaml:{line} suunnitelma.toimenpiteet[2].paavastuu: 'Sjundeå' is not an id; "
            "ids use lower-case letters a-z (å, ä, ö as a, a, o), digits, - and _: write "
            "'sjundea'") in str(plan_error(src))


def test_a_day_not_in_the_calendar_is_told_as_such() -> None:
    src = SOURCE.replace("paivamaara: 2026-12-15\n", "paivamaara: 2026-12-32\n")
    line = line_of(src, "paivamaara: 2026-12-32")
    assert (f"plan.yaml:{line} paatokset.kirjatut[2].paivamaara: '2026-12-32' is not a date: "
            "month 12 of 2026 has no day 32 (it has 31 days); check the day and the month "
            "(year-month-day, e.g. 2026-03-02)") in str(plan_error(src))
    src = SOURCE.replace("kokouspaiva: 2026-12-14", "kokouspaiva: 2026-14-12")
    assert "'2026-14-12' is not a date: there is no month 14;" in str(plan_error(src))
    src = SOURCE.replace("maaraaika: 2028-06-30", "maaraaika: 2027-02-29")
    assert "month 2 of 2027 has no day 29 (it has 28 days)" in str(plan_error(src))


def test_a_date_without_leading_zeros_is_told_how_to_write_it() -> None:
    src = SOURCE.replace("maaraaika: 2028-06-30", "maaraaika: 2028-6-30")
    assert ("'2028-6-30' is not a date in the plan file's format; write it as 2028-06-30 (two "
            "digits for the month and the day)") in str(plan_error(src))


def test_problems_come_in_the_rounds_plan_file_md_describes() -> None:
    """A wrong date, an unknown party and a text missing in Swedish: the form first, then the
    reference, then the language, each round listing all of its kind."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "plan-file.md").read_text("utf-8")
    assert "Problems are listed\n  all at once, in rounds" in doc
    broken = (SOURCE.replace(MEASURE, "vastuutahot: [hyvinvointialue, sjundea, inkoo]")
              .replace("otsikko: Boendemiljöer för äldre", "otsikko: {fi: Asuinympäristöt}")
              .replace("maaraaika: 2028-06-30", "maaraaika: 30.6.2028"))
    first = [i.what for i in plan_error(broken).issues]
    assert len(first) == 1 and first[0].startswith("'30.6.2028' is not a date")
    broken = broken.replace("maaraaika: 30.6.2028", "maaraaika: 2028-06-30")
    second = [i.what for i in plan_error(broken).issues]
    assert second[0].startswith("unknown party 'sjundea'")
    assert second[1:] == [  # the same mistake, told where the lead party is named
        "lead party 'siuntio' is not among vastuutahot; add it to vastuutahot, or write one of "
        "hyvinvointialue, sjundea, inkoo"]
    pf = parse_plan(broken.replace("sjundea", "siuntio"))
    with pytest.raises(PlanError) as info:
        check_languages(pf, pf.languages)
    assert [str(i).split(" ", 1)[1] for i in info.value.issues] == [
        "suunnitelma.toimenpiteet[2].otsikko: no 'sv' text; add sv: '…' to this text"]


def test_a_party_listed_twice_is_named() -> None:
    src = SOURCE.replace(MEASURE, "vastuutahot: [hyvinvointialue, siuntio, inkoo, siuntio]")
    line = line_of(src, "vastuutahot: [hyvinvointialue, siuntio, inkoo, siuntio]")
    assert (f"plan.yaml:{line} suunnitelma.toimenpiteet[2].vastuutahot: party 'siuntio' is "
            "listed twice; write each party once") in str(plan_error(src))


def test_a_key_written_in_swedish_is_told_its_finnish_key() -> None:
    src = SOURCE.replace("    nimi: Hangö stad", "    namn: Hangö stad")
    line = line_of(src, "namn: Hangö stad")
    assert (f"plan.yaml:{line} osapuolet[2].namn: unknown key 'namn'; the keys are Finnish: "
            "write 'nimi'. Allowed keys here: tunnus, nimi, tyyppi,") in str(plan_error(src))
    src = SOURCE.replace("kielet: [sv]", "språk: [sv]")
    assert ("unknown key 'språk'; the keys are Finnish: write 'kieli' or 'kielet'. Allowed "
            "keys here: muoto, kieli, kielet,") in str(plan_error(src))
    src = SOURCE.replace("      mittarit:\n        - Kartläggningen",
                         "      Mätare:\n        - Kartläggningen")
    assert ("suunnitelma.toimenpiteet[2].Mätare: unknown key 'Mätare'; the keys are Finnish: "
            "write 'mittarit'.") in str(plan_error(src))


@pytest.mark.parametrize(("finnish", "swedish", "value"), [
    ("    tyyppi: kunta\n", "    tyyppi: kommun\n", "kunta"),
    ("    tyyppi: kunta\n", "    tyyppi: Stad\n", "kaupunki"),
    ("tyyppi: hallitus", "tyyppi: styrelsen", "hallitus"),
    ("    tila: valmis", "    tila: klar", "valmis"),
    ("      tulos: hyvaksytty\n", "      tulos: godkänd\n", "hyvaksytty"),
])
def test_a_value_written_in_swedish_is_told_its_finnish_value(finnish: str, swedish: str,
                                                                value: str) -> None:
    src = SOURCE.replace(finnish, swedish, 1)
    assert src != SOURCE
    line = line_of(src, swedish.strip())
    word = swedish.split(": ")[1].strip()
    assert re.search(rf"plan\.yaml:{line} \S+: the text '{word}' is not allowed here; the "
                     rf"values are Finnish: write '{value}' \(one of '[^)]*'\)$",
                     str(plan_error(src)), re.MULTILINE), str(plan_error(src))


def test_a_value_that_is_no_swedish_word_gets_the_plain_message() -> None:
    src = SOURCE.replace("    tyyppi: kunta\n", "    tyyppi: kunda\n", 1)
    assert ("the text 'kunda' is not allowed here; write one of 'kunta', 'kaupunki', "
            "'maakunnan_liitto', 'hyvinvointialue' or 'muu'") in str(plan_error(src))


def test_an_unknown_key_without_a_hint_reads_as_two_sentences() -> None:
    src = SOURCE.replace("    nimi: Hangö stad", "    nimi: Hangö stad\n    xyz: 1")
    assert "unknown key 'xyz'; allowed keys here: tunnus, nimi," in str(plan_error(src))
    src = SOURCE.replace("    tyyppi: kunta\n", "    typ: kunta\n", 1)
    assert "unknown key 'typ'; did you mean 'tyyppi'? Allowed keys here:" in str(plan_error(src))


def test_languages_md_quotes_these_messages_as_they_are() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "languages.md").read_text("utf-8")
    section = " ".join(doc.split("## A Swedish-first plan", 1)[1].split("\n## ", 1)[0].split())
    quotes = {
        "unknown party 'sjundea'; did you mean 'siuntio' (Sjundeå kommun)?":
            SOURCE.replace(MEASURE, "vastuutahot: [hyvinvointialue, sjundea, inkoo]"),
        "'Sjundeå' is not an id;": SOURCE.replace("paavastuu: siuntio", "paavastuu: Sjundeå"),
        "write 'sjundea'": SOURCE.replace("paavastuu: siuntio", "paavastuu: Sjundeå"),
        "unknown key 'namn'; the keys are Finnish: write 'nimi'":
            SOURCE.replace("    nimi: Hangö stad", "    namn: Hangö stad"),
        "the text 'kommun' is not allowed here; the values are Finnish: write 'kunta'":
            SOURCE.replace("    tyyppi: kunta\n", "    tyyppi: kommun\n", 1),
    }
    for quote, src in quotes.items():
        assert quote in section, quote
        assert quote in str(plan_error(src)), quote


def test_a_recorded_decision_and_the_approvers_get_the_same_hints() -> None:
    src = SOURCE.replace("    - osapuoli: hanko\n", "    - osapuoli: hango\n")
    assert ("paatokset.kirjatut[2].osapuoli: unknown party 'hango'; did you mean 'hanko'?"
            in str(plan_error(src)))
    src = SOURCE.replace("  maaraaika: 2026-12-31\n  kirjatut:",
                         "  maaraaika: 2026-12-31\n  hyvaksyjat: [hyvinvointialue, inga, inga]\n"
                         "  kirjatut:")
    message = str(plan_error(src))
    assert ("paatokset.hyvaksyjat[1]: unknown party 'inga'; did you mean 'inkoo' (Ingå "
            "kommun)?") in message
    assert "paatokset.hyvaksyjat: party 'inga' is listed twice; write each party once" in message


def test_a_party_written_by_its_whole_name_is_pointed_to_its_id() -> None:
    src = SOURCE.replace(MEASURE, 'vastuutahot: [hyvinvointialue, "Sjundeå kommun", inkoo]')
    line = line_of(src, '"Sjundeå kommun"')
    assert [str(i) for i in plan_error(src).issues] == [
        f"plan.yaml:{line} suunnitelma.toimenpiteet[2].vastuutahot[1]: 'Sjundeå kommun' is not "
        "an id; did you mean 'siuntio' (Sjundeå kommun)? A party is named by its tunnus, not by "
        "its name"]
    # written as an id, it is an unknown party with the same pointer
    src = SOURCE.replace(MEASURE, "vastuutahot: [hyvinvointialue, sjundea-kommun, inkoo]")
    assert ("unknown party 'sjundea-kommun'; did you mean 'siuntio' (Sjundeå kommun)?"
            in str(plan_error(src)))


def test_a_missing_key_in_a_swedish_plan_is_named_without_its_finnish_description() -> None:
    src = SOURCE.replace("      vastuutahot: [kaikki]\n", "", 1)
    line = line_of(SOURCE, "    - tunnus: beredskap")
    issues = [str(i) for i in plan_error(src).issues]
    assert issues == [f"plan.yaml:{line} suunnitelma.toimenpiteet[1].vastuutahot: missing "
                      "required key 'vastuutahot'"], issues
    # a plan whose plain texts are Finnish keeps the description
    finnish = str(plan_error(src.replace("\nkieli: sv\n", "\nkieli: fi\n")))
    assert "missing required key 'vastuutahot' (Vastuussa olevien osapuolten" in finnish


def test_swedish_for_all_parties_is_told_to_write_kaikki() -> None:
    src = SOURCE.replace("      vastuutahot: [kaikki]\n", "      vastuutahot: [alla]\n", 1)
    line = line_of(src, "vastuutahot: [alla]")
    assert [str(i) for i in plan_error(src).issues] == [
        f"plan.yaml:{line} suunnitelma.toimenpiteet[1].vastuutahot[0]: unknown party 'alla'; "
        "the values are Finnish: write [kaikki] for every party, or list the parties' ids"]
    src = SOURCE.replace("  maaraaika: 2026-12-31\n  kirjatut:",
                         "  maaraaika: 2026-12-31\n  hyvaksyjat: [samtliga]\n  kirjatut:")
    assert ("paatokset.hyvaksyjat[0]: unknown party 'samtliga'; the values are Finnish: write "
            "[kaikki]") in str(plan_error(src))
    # where kaikki is no value, 'alla' is only an unknown party
    src = SOURCE.replace("paavastuu: siuntio", "paavastuu: alla")
    assert "paavastuu: unknown party 'alla'; declared are:" in str(plan_error(src))


def test_a_glued_ending_in_a_swedish_text_is_told_in_swedish_terms() -> None:
    from yhdyspinta_docs.plan._checks import placeholder_warnings

    pf = parse_plan(SOURCE.replace("för {osapuoli_genetiivi} del", "för {osapuoli}s del"))
    [warning] = placeholder_warnings(pf)
    assert warning == (
        "asia.osapuolten_selostus[0].sisalto[0]: '{osapuoli}s' glues an ending to the name; "
        "the Swedish genitive is not always -s (nothing after s, x or z, ':s' after an "
        "abbreviation: 'r.f:s'); write {osapuoli_genetiivi} instead")
    # the Finnish text of a bilingual plan keeps the Finnish advice and forms
    old = ("        - >-\n          Enligt avtalet godkänns planen av parternas styrelser. "
           "{toimielin} beslutar om\n          godkännandet av planen för {osapuoli_genetiivi} "
           "del.\n")
    assert old in SOURCE
    pf = parse_plan(SOURCE.replace("kielet: [sv]", "kielet: [sv, fi]").replace(
        old, "        - {fi: '{osapuoli}n osalta.', sv: 'för {osapuoli}s del.'}\n"))
    warnings = placeholder_warnings(pf)
    assert len(warnings) == 2, warnings
    assert ("'{osapuoli}n' glues an ending to the name; the name is not inflected that way (e.g. "
            "'kaupunkin'); write {osapuoli_genetiivi} instead (forms: ") in warnings[0]
    assert "'{osapuoli}s' glues an ending to the name; the Swedish genitive" in warnings[1]


def test_an_amended_decision_without_its_text_is_told_the_key_not_a_finnish_word() -> None:
    src = SOURCE.replace("      tulos: hyvaksytty\n", "      tulos: hyvaksytty_muutettuna\n", 1)
    message = str(plan_error(src))
    assert ("paatos: missing: the decision as amended; write its text under paatos (and what "
            "was changed in kasittely)") in message, message
    assert "Päätös" not in message


def test_a_swedish_speaking_partys_own_texts_are_needed_in_swedish_only() -> None:
    """Korsnäs (kielet: sv) gets its proposal and its minutes extracts in Swedish only, so its
    recorded Päätös written only in Swedish is enough for validate and build, as it is for
    decisions; the same text of a party whose proposal is made in Finnish too is not."""
    root = Path(__file__).resolve().parents[2]
    plan = (root / "examples" / "pohjanmaa" / "plan.yaml").read_text("utf-8")
    records = (Path(__file__).resolve().parents[1] / "data" / "pohjanmaa_decisions.yaml"
               ).read_text("utf-8")
    record = ("    - {{osapuoli: {party}, toimielin: hallitus, paivamaara: 2026-04-21, "
              "pykala: 40, tulos: hyvaksytty_muutettuna,\n"
              "       kasittely: {{fi: Muutettiin., sv: Ändrades.}},\n"
              "       paatos: Kommunstyrelsen godkände planen med ändringen.}}\n")
    pf = parse_plan(plan + "\n" + records + record.format(party="korsnas"))
    check_languages(pf, pf.languages)  # nothing missing: Korsnäs reads Swedish only
    with pytest.raises(PlanError) as info:  # a build in Finnish alone makes it in Finnish
        check_languages(pf, ["fi"])
    assert any("paatokset.kirjatut[7].paatos: no 'fi' text" in str(i)
               for i in info.value.issues), info.value.issues
    # a build shows no Päätös (only minutes extracts do), a matrix no party's own texts
    check_languages(pf, ["fi"], extracts=False)
    check_languages(pf, ["fi"], proposals=False, extracts=False)
    pf = parse_plan(plan + "\n" + records + record.format(party="vaasa"))  # fi and sv
    with pytest.raises(PlanError) as info:
        check_languages(pf, pf.languages)
    assert [str(i).split(" ", 1)[1] for i in info.value.issues] == [
        "paatokset.kirjatut[7].paatos: no 'fi' text; the text is only in 'sv'; write it per "
        "language: {sv: '…', fi: '…'}"]
