"""The days of recorded decisions (``paatokset.kirjatut``) as a board secretary records them.

A decision after the status day is counted in no output of the round and each command says
so; a decision dated before the plan, before the lead party's meeting, or far after the
deadline (setting the status day) is warned of with its line; a Swedish-speaking party's
certifier line is needed in Swedish only, as its Päätös is.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest

from docx_text import body_paragraphs
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.cli import main
from yhdyspinta_docs.plan import parse_plan
from yhdyspinta_docs.plan._decision_dates import approval_date_warnings

DATA = Path(__file__).resolve().parents[1] / "data"
JAMSA = ("    - {osapuoli: jamsa, toimielin: hallitus, paivamaara: 2026-03-23, pykala: 77,\n"
         "       tulos: hyvaksytty}\n")


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("Warning: ")]


def _line(text: str, marker: str) -> int:
    return text[:text.index(marker)].count("\n") + 1


def _jamsa_after_the_status_day(tmp_path: Path) -> tuple[Path, str]:
    """The Keski-Suomi example (tilanne: 2026-03-20) with Jämsä's board decision of 23.3
    recorded last, the status day left where it was."""
    text = example_plan_path().read_text("utf-8").rstrip("\n") + "\n" + JAMSA
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, "utf-8")
    return plan, text


def test_a_decision_after_the_status_day_is_named_by_validate(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan, text = _jamsa_after_the_status_day(tmp_path)
    code, out, err = _run(["validate", "plan.yaml"], capsys)
    assert code == 0 and "plan.yaml: ok" in out, err
    assert _warnings(err) == [
        f"Warning: plan.yaml:{_line(text, JAMSA)} paatokset.kirjatut[6].paivamaara: the decision "
        "of jamsa (hallitus 23.3.2026 § 77) is dated after the status day 20.3.2026 "
        "(paatokset.tilanne), so it is not counted: the status, the summary (.docx, .xlsx), "
        "the plan document's Hyväksymispäätökset and the open data leave it out, and it gets "
        "no minutes extract; to count it, move paatokset.tilanne to 2026-03-23 or later (or "
        "give that day as --as-of)"]


def test_every_output_of_decisions_counts_the_same_decisions(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The status table, the summary .docx and .xlsx, the open data and the extracts all
    leave out the decision after the status day, and the command says which it is."""
    plan, _ = _jamsa_after_the_status_day(tmp_path)
    code, out, err = _run(["decisions", "plan.yaml", "--out", "h", "--extracts"], capsys)
    assert code == 0, err
    warnings = _warnings(err)
    assert len(warnings) == 1 and "the decision of jamsa (hallitus 23.3.2026 § 77) is dated " \
        "after the status day 20.3.2026 (paatokset.tilanne)" in warnings[0], err
    row = next(line for line in out.splitlines() if line.startswith("Jämsän kaupunki"))
    assert "Odottaa" in row and "23.3.2026" not in row
    out_dir = tmp_path / "h"
    assert not list(out_dir.glob("poytakirjanote_jamsa_*"))
    assert len(list(out_dir.glob("poytakirjanote_*.docx"))) == 6
    data = json.loads((out_dir / "avoin-data" / "hyvaksyminen.json").read_text("utf-8"))
    assert [d["party"] for d in data["decisions"]] == [
        "hyvinvointialue", "maakuntaliitto", "joutsa", "jyvaskyla", "muurame", "laukaa"]
    jamsa = next(p for p in data["parties"] if p["id"] == "jamsa")
    assert jamsa["decisions"] == []
    book = openpyxl.load_workbook(io.BytesIO((out_dir / "hyvaksyminen_fi.xlsx").read_bytes()))
    sheet = [row for row in book["Päätökset"].iter_rows(min_row=2, values_only=True)]
    assert [r[1] for r in sheet] == [d["party"] for d in data["decisions"]]
    paragraphs = body_paragraphs((out_dir / "hyvaksyminen_fi.docx").read_bytes())
    assert not any(p.startswith("Jämsän kaupunki:") for p in paragraphs)

    # with the status day moved to the meeting, it is counted everywhere and not warned of
    code, out, err = _run(["decisions", "plan.yaml", "--as-of", "2026-03-23", "--out", "h2",
                           "--extracts"], capsys)
    assert code == 0 and _warnings(err) == [], err
    assert (tmp_path / "h2" / "poytakirjanote_jamsa_hallitus_2026-03-23_77_fi.docx").is_file()
    data = json.loads((tmp_path / "h2" / "avoin-data" / "hyvaksyminen.json").read_text("utf-8"))
    assert data["decisions"][-1]["party"] == "jamsa"
    assert next(p for p in data["parties"] if p["id"] == "jamsa")["state"] == "hyvaksytty"


def test_a_status_day_given_on_the_command_line_is_named_as_such(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["decisions", "--as-of", "2026-03-09"], capsys)
    assert code == 0, err
    warnings = _warnings(err)
    assert [w.split(": ", 2)[1].split()[1] for w in warnings] == [
        "paatokset.kirjatut[2].paivamaara", "paatokset.kirjatut[5].paivamaara"]
    assert ("the decision of joutsa (hallitus 16.3.2026 § 60) is dated after the status day "
            "9.3.2026 (--as-of), so it is not counted") in warnings[0]
    assert warnings[0].endswith("to count it, give --as-of 2026-03-16 or later")


def test_the_library_reports_the_same_warnings(tmp_path: Path) -> None:
    from yhdyspinta_docs.approvals import write_decisions
    from yhdyspinta_docs.plan import load_plan

    plan, text = _jamsa_after_the_status_day(tmp_path)
    result = write_decisions(load_plan(plan), tmp_path / "h")
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith(
        f"{plan}:{_line(text, JAMSA)} paatokset.kirjatut[6].paivamaara: the decision of jamsa")


POHJANMAA_ROUND = """
paatokset:
  maaraaika: 2026-04-30
  kirjatut:
    - {osapuoli: hyvinvointialue, toimielin: aluehallitus, paivamaara: 2026-03-23, pykala: 64,
       tulos: hyvaksytty}
    - {osapuoli: vaasa, toimielin: hallitus, paivamaara: 2025-04-13, pykala: 112,
       tulos: hyvaksytty}
    - {osapuoli: narpio, toimielin: hallitus, paivamaara: 2026-03-16, pykala: 61,
       tulos: hyvaksytty}
    - {osapuoli: laihia, toimielin: hallitus, paivamaara: 2027-04-13, pykala: 12,
       tulos: hyvaksytty}
"""


def test_implausible_decision_days_are_warned_of_with_their_lines(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A year typo before the plan's date, a decision before the county board's meeting and
    one a year after the deadline (which, with no tilanne, makes the status day and every
    party still waiting late): warnings, not errors."""
    text = example_plan_path("pohjanmaa").read_text("utf-8") + POHJANMAA_ROUND
    (tmp_path / "plan.yaml").write_text(text, "utf-8")
    code, out, err = _run(["validate", "plan.yaml"], capsys)
    assert code == 0 and "plan.yaml: ok" in out, err
    warnings = [w for w in _warnings(err) if "paatokset" in w]
    assert warnings == [
        f"Warning: plan.yaml:{_line(text, 'paivamaara: 2025-04-13')} "
        "paatokset.kirjatut[1].paivamaara: the decision of vaasa (hallitus 13.4.2025 § 112) "
        "is dated before the plan itself (2.3.2026, suunnitelma.paivays): it would count as "
        "approving a plan not yet written; check the year",
        f"Warning: plan.yaml:{_line(text, 'paivamaara: 2026-03-16')} "
        "paatokset.kirjatut[2].paivamaara: the decision of narpio (hallitus 16.3.2026 § 61) "
        "is dated before the lead party's own meeting on the plan (hyvinvointialue "
        "23.3.2026, asia.kasittely.kokouspaiva); check the year of both dates",
        f"Warning: plan.yaml:{_line(text, 'paivamaara: 2027-04-13')} "
        "paatokset.kirjatut[3].paivamaara: the decision of laihia (hallitus 13.4.2027 § 12) "
        "is dated 348 days after the deadline 30.4.2026 (paatokset.maaraaika), and the plan "
        "has no paatokset.tilanne, so its date is the status day: on it 12 parties still "
        "waiting count as late (Myöhässä): maakuntaliitto, pietarsaari, uusikaarlepyy, "
        "kristiinankaupunki, kaskinen, mustasaari and 6 more; if the date is a typo, correct "
        "it, else write the day the status is for as paatokset.tilanne"]
    # the decisions command says the same, with its status table as the dates have it
    code, out, err = _run(["decisions", "plan.yaml"], capsys)
    assert code == 0 and "Tilanne 13.4.2027" in out
    assert [w for w in _warnings(err) if "paatokset" in w] == warnings
    # a status day of the plan's own: the late decision is not counted, and said so
    (tmp_path / "plan.yaml").write_text(text.replace(
        "  maaraaika: 2026-04-30\n", "  tilanne: 2026-04-20\n  maaraaika: 2026-04-30\n"),
        "utf-8")
    code, _, err = _run(["validate", "plan.yaml"], capsys)
    later = [w for w in _warnings(err) if "paatokset.kirjatut[3]" in w]
    assert code == 0 and len(later) == 1 and "after the status day 20.4.2026" in later[0]


def test_no_warning_for_plausible_days() -> None:
    """The examples and the test rounds; a decision held before the meeting the plan gives
    for the county board when the board itself met earlier (its recorded decision); a late
    decision not far after the deadline."""
    pohjanmaa = example_plan_path("pohjanmaa").read_text("utf-8")
    for text in (example_plan_path().read_text("utf-8"), pohjanmaa,
                 pohjanmaa + "\n" + (DATA / "pohjanmaa_decisions.yaml").read_text("utf-8"),
                 (DATA / "vastra_nyland_sv.yaml").read_text("utf-8")):
        assert approval_date_warnings(parse_plan(text)) == []
    plausible = POHJANMAA_ROUND.replace("2025-04-13", "2026-04-13").replace(
        "2027-04-13", "2026-05-20").replace("paivamaara: 2026-03-23", "paivamaara: 2026-03-09")
    assert approval_date_warnings(parse_plan(pohjanmaa + plausible)) == []


def test_a_swedish_speaking_partys_certifier_is_needed_in_swedish_only(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Korsnäs (``kielet: sv``): its record's Päätös, Tiedoksi and certifier written in
    Swedish alone, as its extract is Swedish only, pass validate and a build in both
    languages; the certifier is in its Swedish extract."""
    record = """
    - osapuoli: korsnas
      toimielin: hallitus
      paivamaara: 2026-04-14
      pykala: 30
      tulos: hyvaksytty_muutettuna
      kasittely: {fi: Jäsen ehdotti muutosta., sv: En ledamot föreslog en ändring.}
      paatos: Kommunstyrelsen beslöt godkänna planen med ändringar.
      tiedoksi: [Österbottens välfärdsområde]
      oikeaksi_todistaa: förvaltningssekreterare Sara Sekreterare
"""
    text = (example_plan_path("pohjanmaa").read_text("utf-8") + "\n"
            + (DATA / "pohjanmaa_decisions.yaml").read_text("utf-8") + record)
    (tmp_path / "plan.yaml").write_text(text, "utf-8")
    code, _, err = _run(["validate", "plan.yaml"], capsys)
    assert code == 0, err
    code, _, err = _run(["build", "plan.yaml", "--out", "o", "--lang", "fi", "--lang", "sv"],
                        capsys)
    assert code == 0, err
    code, _, err = _run(["decisions", "plan.yaml", "--out", "d", "--extracts"], capsys)
    assert code == 0, err
    extract = tmp_path / "d" / "poytakirjanote_korsnas_hallitus_2026-04-14_30_sv.docx"
    assert "förvaltningssekreterare Sara Sekreterare" in body_paragraphs(extract.read_bytes())
    assert not (tmp_path / "d" / "poytakirjanote_korsnas_hallitus_2026-04-14_30_fi.docx"
                ).exists()
