"""Hints that must not lead to another error: a "did you mean" after a duplicate party id, the
id advised for one with an accented letter, placeholders inside a text, and the list of
placeholders of a fresh plan (the user's to-do list) shown whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import line_of, plan_error
from yhdyspinta_docs.cli import main
from yhdyspinta_docs.errors import PlanError
from yhdyspinta_docs.plan import init_region, load_plan, parse_plan
from yhdyspinta_docs.plan._loader import MAX_LISTED_PLACEHOLDERS
from yhdyspinta_docs.plan._scaffold import find_placeholders, template_text
from yhdyspinta_docs.plan._yaml import parse_yaml

ROOT = Path(__file__).resolve().parents[2]
SOURCE = (ROOT / "examples" / "keski-suomi" / "plan.yaml").read_text("utf-8")
JOUTSA = "  - tunnus: joutsa\n"
RECORD = "    - osapuoli: joutsa\n"
MEASURE = "      vastuutahot: [kaikki]\n"


def _issues(source: str) -> list[str]:
    return [str(i) for i in plan_error(source).issues]


# -- 1. a reference to a party whose id another party has too ---------------------------------


def test_a_reference_to_the_old_id_of_a_duplicated_party_does_not_point_to_the_other_party(
) -> None:
    src = (SOURCE.replace(JOUTSA, "  - tunnus: hankasalmi\n", 1)
           .replace(MEASURE, "      vastuutahot: [hyvinvointialue, joutsa]\n", 1))
    shared = ("the party named Joutsan kunta (osapuolet[3]) has tunnus 'hankasalmi', which "
              "osapuolet[2] (Hankasalmen kunta) has too: give each party a tunnus of its own, "
              "and write the tunnus of Joutsan kunta here")
    moved = "  - tunnus: hankasalmi\n    nimi: Joutsan kunta"
    assert _issues(src) == [
        f"plan.yaml:{line_of(src, moved)} osapuolet[3].tunnus: party id 'hankasalmi' is used "
        "twice (first at osapuolet[2].tunnus); ids must be unique",
        f"plan.yaml:{line_of(src, 'vastuutahot: [hyvinvointialue, joutsa]')} "
        f"suunnitelma.toimenpiteet[0].vastuutahot[1]: unknown party 'joutsa'; {shared}",
        f"plan.yaml:{line_of(src, RECORD)} paatokset.kirjatut[2].osapuoli: unknown party "
        f"'joutsa'; {shared}",
    ]
    assert "did you mean 'hankasalmi'" not in str(plan_error(src))


def test_a_close_id_that_two_parties_have_is_not_suggested() -> None:
    # Kivijärven kunta takes Kyyjärvi's id: its old id is close to that id and to its name
    src = SOURCE.replace("{tunnus: kivijarvi,", "{tunnus: kyyjarvi,", 1)
    old_id = _issues(src.replace(RECORD, "    - osapuoli: kivijarvi\n", 1))[-1]
    assert old_id.endswith(
        "unknown party 'kivijarvi'; the party named Kivijärven kunta (osapuolet[10]) has tunnus "
        "'kyyjarvi', which osapuolet[12] (Kyyjärven kunta) has too: give each party a tunnus "
        "of its own, and write the tunnus of Kivijärven kunta here"), old_id
    typo = _issues(src.replace(RECORD, "    - osapuoli: kyyjarvii\n", 1))[-1]
    assert typo.endswith(
        "unknown party 'kyyjarvii'; it is close to 'kyyjarvi', but that is the tunnus of "
        "osapuolet[10] (Kivijärven kunta), osapuolet[12] (Kyyjärven kunta): give each party a "
        "tunnus of its own, and write the tunnus of the party meant here"), typo
    assert "did you mean" not in old_id + typo


def test_a_name_written_for_a_party_whose_id_is_duplicated_says_so() -> None:
    src = (SOURCE.replace(JOUTSA, "  - tunnus: hankasalmi\n", 1)
           .replace(RECORD, "    - osapuoli: Joutsan kunta\n", 1))
    assert _issues(src) == [
        f"plan.yaml:{line_of(src, '- osapuoli: Joutsan kunta')} paatokset.kirjatut[2].osapuoli: "
        "'Joutsan kunta' is not an id; the party named Joutsan kunta (osapuolet[3]) has tunnus "
        "'hankasalmi', which osapuolet[2] (Hankasalmen kunta) has too: give each party a "
        "tunnus of its own, and write the tunnus of Joutsan kunta here"]


# -- 2. the id advised for one with a non-ASCII letter is another party's ----------------------


def test_an_id_whose_plain_form_another_party_has_is_not_advised() -> None:
    src = SOURCE.replace("{tunnus: kannonkoski,", "{tunnus: jämsä,", 1)
    assert _issues(src) == [
        f"plan.yaml:{line_of(src, '{tunnus: jämsä,')} osapuolet[6].tunnus: 'jämsä' is not a "
        "valid id; ids use lower-case letters a-z (å, ä, ö as a, a, o), digits, - and _, but "
        "'jamsa' is taken: osapuolet[5] (Jämsän kaupunki) has it; choose an id that no other "
        "party has"]
    assert "write 'jamsa'" not in str(plan_error(src))


def test_a_second_party_siilinjarvi_with_the_letter_a_umlaut() -> None:
    src = SOURCE.replace("{tunnus: kannonkoski, nimi: Kannonkosken kunta",
                         "{tunnus: siilinjarvi, nimi: Siilinjärven kunta", 1).replace(
        "{tunnus: karstula, nimi: Karstulan kunta", "{tunnus: siilinjärvi, nimi: Siilinjärvi 2",
        1)
    message = str(plan_error(src))
    assert ("osapuolet[7].tunnus: 'siilinjärvi' is not a valid id; ids use lower-case letters "
            "a-z (å, ä, ö as a, a, o), digits, - and _, but 'siilinjarvi' is taken: "
            "osapuolet[6] (Siilinjärven kunta) has it; choose an id that no other party has"
            in message), message


def test_two_ids_that_become_the_same_are_both_told() -> None:
    src = (SOURCE.replace("{tunnus: kannonkoski,", "{tunnus: Kännonkoski,", 1)
           .replace("{tunnus: karstula,", "{tunnus: kännonkoski,", 1))
    assert [i.split(": ", 1)[1] for i in _issues(src)] == [
        "'Kännonkoski' is not a valid id; ids use lower-case letters a-z (å, ä, ö as a, a, o), "
        "digits, - and _, but osapuolet[7] (Karstulan kunta) has 'kännonkoski', which would "
        "become 'kannonkoski' too; give each party an id of its own",
        "'kännonkoski' is not a valid id; ids use lower-case letters a-z (å, ä, ö as a, a, o), "
        "digits, - and _, but osapuolet[6] (Kannonkosken kunta) has 'Kännonkoski', which would "
        "become 'kannonkoski' too; give each party an id of its own"]


def test_a_body_id_is_compared_with_the_bodies_of_its_own_party_only() -> None:
    src = SOURCE.replace("{tunnus: aluevaltuusto, nimi: Aluevaltuusto",
                         "{tunnus: aluehällitus, nimi: Aluevaltuusto", 1)
    assert _issues(src) == [
        f"plan.yaml:{line_of(src, 'aluehällitus')} osapuolet[0].toimielimet[0].tunnus: "
        "'aluehällitus' is not a valid id; ids use lower-case letters a-z (å, ä, ö as a, a, o), "
        "digits, - and _, but 'aluehallitus' is taken: osapuolet[0].toimielimet[1] "
        "(Aluehallitus) has it; choose an id that no other body of this party has"]
    # 'hallitus' is the id of other parties' bodies: free for the region's own
    free = SOURCE.replace("{tunnus: aluevaltuusto, nimi: Aluevaltuusto",
                          "{tunnus: hällitus, nimi: Aluevaltuusto", 1)
    assert _issues(free)[0].endswith("write 'hallitus'")


@pytest.mark.parametrize(("old", "new", "advice"), [
    # the party's own id with a capital: no other party has the plain form
    ("{tunnus: kannonkoski,", "{tunnus: Kannonkoski,", "write 'kannonkoski'"),
    # a reference names a party: the plain form is the party meant
    (RECORD, "    - osapuoli: jöutsa\n", "write 'joutsa'"),
])
def test_a_free_id_or_a_reference_is_still_advised(old: str, new: str, advice: str) -> None:
    assert _issues(SOURCE.replace(old, new, 1))[0].endswith(advice)


# -- 3. a placeholder inside a text -----------------------------------------------------------


@pytest.mark.parametrize(("written", "word"), [
    ('"Pohjois-Savo (TÄYTÄ: tarkista)"', "TÄYTÄ"),
    ("'Keski-Suomi, täytä: alueen nimi'", "TÄYTÄ"),
    ('"Österbotten (fyll i: kontrollera)"', "FYLL I"),
])
def test_a_placeholder_inside_a_text_does_not_validate(written: str, word: str) -> None:
    src = SOURCE.replace("alue: Keski-Suomi\n", f"alue: {written}\n", 1)
    error = plan_error(src)
    text = written.strip("'\"")
    assert [str(i) for i in error.issues] == [
        f"plan.yaml:{line_of(src, 'alue: ')} alue: not filled in yet: {text}"]
    assert f"1 placeholder(s) to fill in; replace each '{word}: …' with the real value" in str(
        error)


@pytest.mark.parametrize("text", ["Päätöksen täytäntöönpano: kunnanhallitus",
                                  "Keski-Suomi (täytäntöön pantava)",
                                  "Fyll i blanketten: Keski-Suomi"])
def test_ordinary_words_are_no_placeholders(text: str) -> None:
    assert parse_plan(SOURCE.replace("alue: Keski-Suomi\n", f'alue: "{text}"\n', 1)).region \
        == text


# -- 4. every placeholder of a fresh plan is listed ----------------------------------------------


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_validate_lists_every_placeholder_of_a_fresh_plan(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str) -> None:
    path = init_region(tmp_path, region="Pohjois-Savo", language=lang)  # type: ignore[arg-type]
    source = path.read_text("utf-8")
    found = find_placeholders(parse_yaml(source, str(path), path)[0])
    assert 20 < len(found) <= MAX_LISTED_PLACEHOLDERS
    with pytest.raises(PlanError) as info:
        load_plan(path)
    lines = str(info.value).splitlines()
    assert lines[0] == (f"{path}: {len(found)} placeholder(s) to fill in; replace each "
                        f"'{ {'fi': 'TÄYTÄ', 'sv': 'FYLL I'}[lang]}: …' with the real value")
    assert len(lines) == 1 + len(found) and "more" not in lines[-1]
    assert [line.split(": not filled in yet: ", 1)[1] for line in lines[1:]] == [
        " ".join(text.split()) if "\n" in text else text for _, text in found]
    # what the command line prints, as docs/regions.md says: each one, with line and field path
    assert main(["validate", str(path)]) == 2
    printed = capsys.readouterr().err
    assert len(re.findall(rf"^{re.escape(str(path))}:\d+ \S+: not filled in yet: ", printed,
                          re.MULTILINE)) == len(found)


def test_the_regions_guide_says_validate_lists_each_placeholder() -> None:
    guide = " ".join((ROOT / "docs" / "regions.md").read_text("utf-8").split())
    assert "lists each placeholder still to fill, with its line and field path" in guide


def test_thousands_of_placeholders_give_a_bounded_message() -> None:
    parties = "".join(f'  - {{tunnus: p{i}, nimi: "TÄYTÄ: nimi {i}", tyyppi: kunta}}\n'
                      for i in range(1000))
    source = template_text().replace("osapuolet:\n", "osapuolet:\n" + parties, 1)
    error = plan_error(source)
    lines = str(error).splitlines()
    assert len(error.issues) > 1000
    assert len(lines) == 1 + MAX_LISTED_PLACEHOLDERS + 1
    assert lines[-1] == f"... and {len(error.issues) - MAX_LISTED_PLACEHOLDERS} more"


def test_other_errors_are_still_cut_at_twenty() -> None:
    refs = ", ".join(f"x{i}" for i in range(30))
    lines = str(plan_error(SOURCE.replace(MEASURE, f"      vastuutahot: [{refs}]\n", 1))
                ).splitlines()
    assert len(lines) == 1 + 20 + 1 and lines[-1] == "... and 10 more"


# -- 5. a body written by its name ------------------------------------------------------------


JOUTSA_HANDLING = "    kasittely:\n      toimielin: hallitus\n"


@pytest.mark.parametrize("written", ["Kunnanhallitus", "kunnan hallitus"])
def test_a_body_written_by_its_name_points_to_its_tunnus(written: str) -> None:
    """The advice was "write 'kunnanhallitus'", which no body is; the next round then said
    "party 'joutsa' has no body 'kunnanhallitus'"."""
    src = SOURCE.replace(JOUTSA_HANDLING, f"    kasittely:\n      toimielin: {written}\n", 1)
    assert _issues(src) == [
        f"plan.yaml:{line_of(src, f'toimielin: {written}')} osapuolet[3].kasittely.toimielin: "
        f"'{written}' is not an id; did you mean 'hallitus' (Kunnanhallitus)? A body is named "
        "by its tunnus, not by its name"]


def test_a_body_id_no_body_of_the_party_has_is_not_advised() -> None:
    src = SOURCE.replace(RECORD + "      toimielin: hallitus\n",
                         RECORD + "      toimielin: Joutsan hallitus\n", 1)
    assert _issues(src) == [
        f"plan.yaml:{line_of(src, 'toimielin: Joutsan hallitus')} paatokset.kirjatut[2]."
        "toimielin: 'Joutsan hallitus' is not an id; the bodies of party 'joutsa' are "
        "'valtuusto' (Kunnanvaltuusto), 'hallitus' (Kunnanhallitus): write the tunnus of one "
        "of them, or add the body under osapuolet[3].toimielimet"]


def test_a_body_id_in_capitals_is_still_written_in_lower_case() -> None:
    src = SOURCE.replace(JOUTSA_HANDLING, "    kasittely:\n      toimielin: Hallitus\n", 1)
    assert _issues(src)[0].endswith("'Hallitus' is not an id; ids use lower-case letters a-z "
                                    "(å, ä, ö as a, a, o), digits, - and _: write 'hallitus'")
