"""What a party's agenda item says of the matter's earlier handling, and where its presenter
goes when the plan names none yet."""

from __future__ import annotations

from pathlib import Path

from yhdyspinta_docs.approvals import minutes_context
from yhdyspinta_docs.contexts import decision_context
from yhdyspinta_docs.plan import parse_plan

REPO = Path(__file__).resolve().parents[2]
KESKI_SUOMI = REPO / "examples" / "keski-suomi" / "plan.yaml"
# Joutsa's board tabled the matter on 16.3.2026 (§ 60, recorded in the example)
JOUTSA_MEETING = "      kokouspaiva: 2026-03-16\n      tila: luonnos\n"


def _joutsa_again(meeting: str = "2026-04-13") -> str:
    source = KESKI_SUOMI.read_text("utf-8")
    assert source.count(JOUTSA_MEETING) == 1
    return source.replace(JOUTSA_MEETING, f"      kokouspaiva: {meeting}\n      pykala: 61\n"
                          "      tila: luonnos\n")


def test_an_item_handled_again_names_its_earlier_handling() -> None:
    """A matter tabled (or returned for preparation) comes back to the board with its
    history: "Aikaisempi käsittely: Kunnanhallitus 16.3.2026 § 60", as its minutes extract
    says."""
    pf = parse_plan(_joutsa_again())
    ctx = decision_context(pf, "joutsa", "fi", allow_drafts=True)
    assert ctx["history"] == ["Kunnanhallitus 16.3.2026 §\u00a060"]
    # the extract of the first handling has no history of its own; neither item twice
    records = pf.decisions.records if pf.decisions else []
    tabled = next(i for i, r in enumerate(records) if r.party == "joutsa")
    assert minutes_context(pf, tabled, "fi")["history"] == []


def test_the_first_handling_has_no_history() -> None:
    pf = parse_plan(KESKI_SUOMI.read_text("utf-8"))
    assert decision_context(pf, "joutsa", "fi", allow_drafts=True)["history"] == []
    # a decision recorded after the item's meeting is not its history
    assert decision_context(parse_plan(_joutsa_again("2026-03-16")), "joutsa", "fi",
                            allow_drafts=True)["history"] == []


def test_a_later_extract_names_each_earlier_handling_once() -> None:
    source = _joutsa_again().replace(
        "      kasittely: Kunnanhallitus päätti yksimielisesti panna asian pöydälle.\n",
        "      kasittely: Kunnanhallitus päätti yksimielisesti panna asian pöydälle.\n"
        "    - {osapuoli: joutsa, toimielin: hallitus, paivamaara: 2026-04-13, pykala: 61,\n"
        "       tulos: hyvaksytty}\n", 1)
    pf = parse_plan(source)
    records = pf.decisions.records if pf.decisions else []
    later = next(i for i, r in enumerate(records) if r.party == "joutsa" and r.section == 61)
    assert minutes_context(pf, later, "fi")["history"] == ["Kunnanhallitus 16.3.2026 §\u00a060"]


def test_a_draft_without_presenter_shows_where_the_presenter_goes() -> None:
    """The board secretary fills it in; the Esittelijä row stays in its place."""
    pf = parse_plan(KESKI_SUOMI.read_text("utf-8"))
    assert decision_context(pf, "joutsa", "fi", allow_drafts=True)["presenter"] == \
        "(esittelijä puuttuu)"
    assert decision_context(pf, None, "fi")["presenter"] == \
        "Vt. hyvinvointialuejohtaja Kati Kallimo"


def test_a_minutes_extract_names_no_presenter_the_plan_does_not_name() -> None:
    pf = parse_plan(KESKI_SUOMI.read_text("utf-8"))
    records = pf.decisions.records if pf.decisions else []
    jyvaskyla = next(i for i, r in enumerate(records) if r.party == "jyvaskyla")
    assert minutes_context(pf, jyvaskyla, "fi")["presenter"] == ""
