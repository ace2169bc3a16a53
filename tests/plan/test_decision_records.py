"""The recorded decisions (paatokset): every outcome is read, every mistake named by line."""

from __future__ import annotations

import datetime as dt

import pytest

from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.errors import PlanError
from yhdyspinta_docs.plan import parse_plan
from yhdyspinta_docs.plan._decisions import DecisionOutcome

EXAMPLE = example_plan_path().read_text("utf-8")
BASE = EXAMPLE[:EXAMPLE.index("\npaatokset:")]


def _plan(records: str, head: str = "") -> str:
    return BASE + "\npaatokset:\n" + head + "  kirjatut:\n" + records


def _errors(text: str) -> str:
    with pytest.raises(PlanError) as info:
        parse_plan(text, name="plan.yaml")
    return info.value.message


@pytest.mark.parametrize("outcome", list(DecisionOutcome))
def test_every_outcome_is_read(outcome: DecisionOutcome) -> None:
    extra = "      paatos: Muutettu päätös.\n" if outcome is DecisionOutcome.AMENDED else ""
    pf = parse_plan(_plan("    - osapuoli: muurame\n      toimielin: hallitus\n"
                          "      paivamaara: 2026-03-02\n      pykala: 41\n"
                          f"      tulos: {outcome.value}\n" + extra))
    assert pf.decisions is not None
    record = pf.decisions.records[0]
    assert record.outcome is outcome
    assert (record.party, record.body, record.date, record.section) == (
        "muurame", "hallitus", dt.date(2026, 3, 2), 41)


def test_the_example_records_an_amended_a_tabled_and_a_forwarded_decision() -> None:
    pf = parse_plan(EXAMPLE)
    assert pf.decisions is not None
    outcomes = {r.party: r.outcome for r in pf.decisions.records}
    assert outcomes["maakuntaliitto"] is DecisionOutcome.AMENDED
    assert outcomes["joutsa"] is DecisionOutcome.TABLED
    assert outcomes["jyvaskyla"] is DecisionOutcome.FORWARDED
    assert pf.decisions.as_of == dt.date(2026, 3, 20)


def test_unknown_party_and_body_name_the_line_and_list_the_declared_ones() -> None:
    text = _plan("    - {osapuoli: muurme, toimielin: hallitus, paivamaara: 2026-03-02, "
                 "pykala: 4, tulos: hyvaksytty}\n"
                 "    - {osapuoli: joutsa, toimielin: halitus, paivamaara: 2026-03-02, "
                 "pykala: 5, tulos: hyvaksytty}\n")
    message = _errors(text)
    line = text[:text.index("muurme")].count("\n") + 1
    assert f"plan.yaml:{line} paatokset.kirjatut[0].osapuoli: unknown party 'muurme'; " \
           "did you mean 'muurame'?" in message
    assert "declared are: hyvinvointialue, maakuntaliitto, hankasalmi" in message
    assert f"plan.yaml:{line + 1} paatokset.kirjatut[1].toimielin: party 'joutsa' has no " \
           "body 'halitus'; did you mean 'hallitus'? declared are: valtuusto, hallitus" \
           in message


def test_a_council_cannot_forward_and_an_amended_approval_needs_its_decision() -> None:
    message = _errors(_plan(
        "    - {osapuoli: joutsa, toimielin: valtuusto, paivamaara: 2026-03-02, pykala: 4, "
        "tulos: lahetetty_valtuustolle}\n"
        "    - {osapuoli: joutsa, toimielin: hallitus, paivamaara: 2026-03-02, pykala: 5, "
        "tulos: hyvaksytty_muutettuna}\n"))
    assert "paatokset.kirjatut[0].tulos: a council decides itself" in message
    assert "paatokset.kirjatut[1].paatos: missing: the decision as amended" in message


def test_forwarding_needs_a_council_and_dates_follow_the_meeting() -> None:
    text = BASE.replace("  - {tunnus: kinnula, nimi: Kinnulan kunta, tyyppi: kunta, "
                        "toimielimet: *kunta}",
                        "  - {tunnus: kinnula, nimi: Kinnulan kunta, tyyppi: kunta, "
                        "toimielimet: [{tunnus: hallitus, nimi: Kunnanhallitus, "
                        "tyyppi: hallitus}]}")
    assert text != BASE
    message = _errors(text + "\npaatokset:\n  kirjatut:\n"
                      "    - {osapuoli: kinnula, toimielin: hallitus, paivamaara: 2026-03-02, "
                      "pykala: 4, tulos: lahetetty_valtuustolle, julkaistu: 2026-03-01}\n")
    assert "party 'kinnula' has no body of tyyppi: valtuusto" in message
    assert "paatokset.kirjatut[0].julkaistu: 2026-03-01 is before the meeting" in message


def test_twice_recorded_unknown_outcome_and_unknown_approver() -> None:
    record = ("    - {osapuoli: joutsa, toimielin: hallitus, paivamaara: 2026-03-02, "
              "pykala: 5, tulos: hyvaksytty}\n")
    message = _errors(_plan(record + record, "  hyvaksyjat: [joutsa, jyvaskila]\n"))
    assert "paatokset.kirjatut[1]: the same decision (§ 5, 2026-03-02) is recorded twice" \
           in message
    assert "paatokset.hyvaksyjat[1]: unknown party 'jyvaskila'; did you mean 'jyvaskyla'?" \
           in message
    bad = _errors(_plan(record.replace("hyvaksytty", "hyvaksytt")))
    assert "paatokset.kirjatut[0].tulos: 'hyvaksytt' is not allowed here; write one of " \
           "'hyvaksytty'" in bad
