"""The plan file: validation, cross-references and messages that name file, line and field."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from helpers import line_of, plan_error
from yhdyspinta_docs.errors import PlanError
from yhdyspinta_docs.plan import ALL_PARTIES, HandlingStatus, PlanFile, load_plan, parse_plan


def test_example_models_every_fact_of_the_reference(example_plan: PlanFile) -> None:
    pf = example_plan
    assert pf.region == "Keski-Suomi"
    county = pf.party("hyvinvointialue")
    assert county is not None and county.name == "Keski-Suomen hyvinvointialue"
    assert len([p for p in pf.parties if p.kind in ("kunta", "kaupunki")]) == 22
    assert pf.agreement.valid_from == dt.date(2026, 1, 1)
    old = pf.agreement.replaces
    assert old is not None and old.valid_until == dt.date(2025, 12, 31)
    assert [(a.date, a.section) for a in old.approvals] == [(dt.date(2022, 10, 4), 89)]
    assert [(a.date, a.section) for a in pf.agreement.approvals] == [(dt.date(2025, 11, 4), 80)]
    assert pf.agreement.chapters[0].number == "7.1"
    assert [m.name for m in pf.plan.preparation.working_group] == [
        "Matti Mäkinen", "Jarkko Määttänen", "Iiris Asunmaa", "Pirjo Peräaho", "Lasse Leppä",
        "Anna-Liisa Heiskala"]
    assert len(pf.plan.measures) == 5
    assert pf.plan.measures[0].responsible == (ALL_PARTIES,)
    assert len(pf.responsible_parties(pf.plan.measures[0])) == 24
    dates = {e.date for e in pf.plan.preparation.events if e.date}
    assert dates == {dt.date(2025, 10, 24), dt.date(2026, 2, 18)}
    h = pf.item.handling
    assert (h.party, h.body, h.competence) == ("hyvinvointialue", "aluehallitus",
                                               "Hallintosääntö 17 §")
    assert h.presenter is not None and h.presenter.name == "Kati Kallimo"
    assert h.proposal == "Aluehallitus päättää hyväksyä yhdyspintasuunnitelman."
    # unknown in the reference: left empty, so the item is a draft
    assert h.meeting_date is None and h.section is None and h.dnro is None
    assert h.status is HandlingStatus.DRAFT


def test_example_has_the_reference_misspellings_corrected(example_source: str) -> None:
    assert "hyvinvointialuuen" not in example_source
    assert "tavoittetta" not in example_source
    assert "oikea aikaisesti" not in example_source


def test_unknown_party_names_line_path_and_suggestion(example_source: str) -> None:
    src = example_source.replace("osapuoli: muurame}", "osapuoli: muurme}")
    err = plan_error(src)
    line = line_of(src, "osapuoli: muurme")
    assert f"plan.yaml:{line} suunnitelma.valmistelu.tyoryhma[1].osapuoli" in str(err)
    assert "unknown party 'muurme'" in str(err) and "did you mean 'muurame'" in str(err)


def test_unknown_responsible_party(example_source: str) -> None:
    src = example_source.replace("vastuutahot: [kaikki]", "vastuutahot: [jyvaskyl]", 1)
    err = plan_error(src)
    assert re.search(r"plan\.yaml:\d+ suunnitelma\.toimenpiteet\[0\]\.vastuutahot\[0\]: "
                     r"unknown party 'jyvaskyl'; did you mean 'jyvaskyla'", str(err))


def test_finnish_date_in_date_field_says_how_to_write_it(example_source: str) -> None:
    src = example_source.replace("voimassa_alkaen: 2026-01-01", "voimassa_alkaen: 31.12.2025")
    err = plan_error(src)
    line = line_of(src, "voimassa_alkaen")
    assert f"plan.yaml:{line} sopimus.voimassa_alkaen: '31.12.2025'" in str(err)
    assert "write it as 2025-12-31" in str(err)


def test_missing_required_field(example_source: str) -> None:
    src = example_source.replace("      otsikko: Asumisen kehittämisen työryhmä\n", "")
    err = plan_error(src)
    assert "suunnitelma.toimenpiteet[0].otsikko: missing required key 'otsikko'" in str(err)


def test_broken_yaml_names_the_line(example_source: str) -> None:
    src = example_source.replace("  tunnus: keski-suomi-2026", "  tunnus: keski: suomi")
    err = plan_error(src)
    line = line_of(src, "tunnus: keski: suomi")
    assert f"plan.yaml:{line}: YAML syntax error" in str(err)


def test_duplicate_key_is_an_error(example_source: str) -> None:
    src = example_source.replace("  versio: \"1\"\n", "  versio: \"1\"\n  versio: \"2\"\n")
    line = line_of(src, 'versio: "2"')
    assert (f"plan.yaml:{line} suunnitelma.versio: YAML syntax error: the key 'versio' appears "
            f"twice in the same mapping (first at line {line - 1}); remove one of them"
            ) in str(plan_error(src))


def test_unknown_key_suggests_the_right_one(example_source: str) -> None:
    src = example_source.replace("  seurannan_periaatteet:", "  seurannan_periatteet:")
    msg = str(plan_error(src))
    assert "unknown key 'seurannan_periatteet'; did you mean 'seurannan_periaatteet'" in msg


def test_section_number_with_sign_is_explained(example_source: str) -> None:
    src = example_source.replace("pykala: 80", "pykala: '§ 80'")
    assert "write the section number as a plain number (80)" in str(plan_error(src))


def test_unknown_reference_in_text(example_source: str) -> None:
    src = example_source.replace("{av-2025-80}", "{av-2025-08}")
    msg = str(plan_error(src))
    assert "unknown reference {av-2025-08}; did you mean 'av-2025-80'" in msg


def test_union_errors_report_only_the_branch_the_user_wrote(example_source: str) -> None:
    src = example_source.replace("- lisaa: tyoryhma", "- lisaa: tyoryhmä")
    err = plan_error(src)
    assert len(err.issues) == 1
    assert "'tyoryhmä' is not allowed here; write one of 'tyoryhma'" in str(err)
    src = example_source.replace("otsikko: Sopimusasiakirjat", "otsikko: {fi: a, en: b}")
    assert "unknown language 'en'" in str(plan_error(src))


def test_body_must_belong_to_the_party(example_source: str) -> None:
    src = example_source.replace("toimielin: aluehallitus", "toimielin: kunnanhallitus")
    msg = str(plan_error(src))
    assert "asia.kasittely.toimielin: party 'hyvinvointialue' has no body 'kunnanhallitus'" in msg


def test_duplicate_measure_id(example_source: str) -> None:
    src = example_source.replace("tunnus: tietopohja", "tunnus: asuminen")
    assert "measure id 'asuminen' is used twice" in str(plan_error(src))


def test_all_problems_are_reported_at_once(example_source: str) -> None:
    src = (example_source.replace("osapuoli: muurame}", "osapuoli: muurme}")
           .replace("osapuoli: hankasalmi}", "osapuoli: hankasalm}"))
    assert len(plan_error(src).issues) == 2


def test_load_plan_file_errors(tmp_path: pytest.TempPathFactory) -> None:
    from pathlib import Path

    base = Path(str(tmp_path))
    with pytest.raises(PlanError, match="no such file"):
        load_plan(base / "missing.yaml")
    with pytest.raises(PlanError, match="is a directory"):
        load_plan(base)
    bad = base / "latin1.yaml"
    bad.write_bytes("# Keski-Suomi\nalue: Äänekoski".encode("latin-1"))
    with pytest.raises(PlanError, match="not UTF-8") as info:
        load_plan(bad)
    assert info.value.issues[0].where == f"{bad}:2"  # the line to look at, in words
    assert "byte 0xC4 in column 7" in info.value.issues[0].what
    half = base / "half.yaml"
    half.write_bytes(b"\xff\xfe\x41")  # a UTF-16 mark, then an odd byte
    with pytest.raises(PlanError, match="is not UTF-16 text, though it starts as such"):
        load_plan(half)
    scalar = base / "scalar.yaml"
    scalar.write_text("just text\n")
    with pytest.raises(PlanError, match="must be a mapping"):
        load_plan(scalar)


def test_text_may_be_given_per_language(example_source: str) -> None:
    src = example_source.replace(
        "otsikko: Sopimusasiakirjat", "otsikko: {fi: Sopimusasiakirjat, sv: Avtalshandlingar}")
    pf = parse_plan(src)
    assert pf.agreement.chapters[0].title == {"fi": "Sopimusasiakirjat", "sv": "Avtalshandlingar"}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_a_plan_saved_as_unicode_by_notepad_is_read(tmp_path: Path, encoding: str) -> None:
    """Windows Notepad's "Unicode" is UTF-16 with a byte order mark; YAML allows it, and its
    line numbers are those of the text."""
    from yhdyspinta_docs._assets import example_plan_path

    text = example_plan_path().read_text("utf-8")
    path = tmp_path / "plan.yaml"
    bom = {"utf-16-be": "\ufeff"}.get(encoding, "")
    path.write_bytes((bom + text).encode(encoding))
    assert load_plan(path) == load_plan(example_plan_path())
    path.write_bytes((bom + text.replace("osapuoli: jyvaskyla", "osapuoli: jyvaskula", 1))
                     .encode(encoding))
    with pytest.raises(PlanError) as info:
        load_plan(path)
    line = line_of(text, "osapuoli: jyvaskyla")
    assert [i.where.split()[0] for i in info.value.issues] == [f"{path}:{line}"]


@pytest.mark.parametrize(("encoding", "order"), [("utf-16-le", "little-endian"),
                                                 ("utf-16-be", "big-endian"),
                                                 ("utf-32-le", "little-endian"),
                                                 ("utf-32-be", "big-endian")])
def test_a_plan_saved_as_utf16_without_a_byte_order_mark_is_told_so(
        tmp_path: Path, encoding: str, order: str) -> None:
    """Without its mark, UTF-16 text was told to be Windows-1252 (at its first ä) or, with no
    letter outside ASCII, a YAML error about the character #x0000."""
    from yhdyspinta_docs._assets import example_plan_path

    text = example_plan_path().read_text("utf-8")
    what = (f"is UTF-{encoding[4:6]} ({order}) text without a byte order mark, not UTF-8; save "
            "it as UTF-8 "
            "(in Notepad: File > Save as, Encoding: UTF-8; in VS Code: click the encoding on "
            "the status bar, Save with Encoding, UTF-8)")
    for name, plan in (("plan.yaml", text), ("ascii.yaml", "alue: Keski-Suomi\n"),
                       ("dashes.yaml", "alue: Keski-Suomi – 2026…\n" * 3)):
        path = tmp_path / name
        path.write_bytes(plan.encode(encoding))
        with pytest.raises(PlanError) as info:
            load_plan(path)
        assert [(i.where, i.what) for i in info.value.issues] == [(str(path), what)], name
    # a UTF-8 file with a stray NUL byte is not taken for UTF-16
    stray = tmp_path / "stray.yaml"
    stray.write_bytes(text.encode("utf-8").replace(b"alue:", b"alue:\0", 1))
    with pytest.raises(PlanError) as info:
        load_plan(stray)
    assert [(i.where, i.what) for i in info.value.issues] == [(
        f"{stray}:14", "column 6 has the invisible character U+0000 (NUL), which a plan file "
        "may not have (it comes from pasting from another program or a damaged save): delete "
        "it (an editor's search with regular expressions finds it as \\x00)")]


@pytest.mark.parametrize("given", ["plan.yaml", " examples/keski-suomi/plan.yaml\n",
                                   Path("plan.yaml"), b"alue: Keski-Suomi\n"])
def test_parse_plan_given_a_file_name_says_to_use_load_plan(given: object) -> None:
    """parse_plan takes the YAML text; a file name was read as YAML ("must be a mapping of
    keys") and a Path failed inside the YAML layer."""
    with pytest.raises(PlanError) as info:
        parse_plan(given)  # type: ignore[arg-type]
    [issue] = info.value.issues
    assert issue.what.startswith("parse_plan() takes the plan's YAML text, not ")
    assert issue.what.endswith(": read a plan file with load_plan(path)")
