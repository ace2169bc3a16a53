"""A handling written in the plan that `build` refuses is known when the plan is read:
`validate` warns of it with file and line, and says which parties' proposals can only be drafts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from yhdyspinta_docs.cli import main
from yhdyspinta_docs.contexts import decision_context
from yhdyspinta_docs.errors import PlanError
from yhdyspinta_docs.plan import HandlingStatus, PlanFile, handling_gaps, load_plan
from yhdyspinta_docs.plan._item import DecisionKind

ROOT = Path(__file__).resolve().parents[2]
POHJANMAA = ROOT / "examples" / "pohjanmaa" / "plan.yaml"


def _handled(pf: PlanFile, party_id: str, **update: Any) -> PlanFile:
    """`pf` with `party_id`'s handling changed by `update` (model field names)."""
    parties = tuple(p.model_copy(update={"handling": p.handling.model_copy(update=update)})
                    if p.id == party_id and p.handling is not None else p for p in pf.parties)
    return pf.model_copy(update={"parties": parties})


def _refused(pf: PlanFile, party_id: str | None) -> list[str]:
    """The keys that the decision proposal of `party_id` is refused for (no drafts)."""
    try:
        decision_context(pf, party_id)
    except PlanError as exc:
        return [i.where.rpartition(".")[2] for i in exc.issues]
    return []


@pytest.fixture(scope="module")
def pohjanmaa() -> PlanFile:
    return load_plan(POHJANMAA)


def _variants(pf: PlanFile) -> list[PlanFile]:
    """The example, and its handlings made incomplete in each way a plan file can be."""
    ready = next(p.id for p in pf.parties if p.handling is not None and p.handling.status
                 is HandlingStatus.FINAL and p.id != pf.item.handling.party)
    shared_gone = pf.model_copy(update={"item": pf.item.model_copy(
        update={"party_proposal": None})})
    return [pf,
            _handled(pf, ready, presenter=None),
            _handled(pf, ready, meeting_date=None, presenter=None),
            _handled(pf, ready, proposal=None),
            _handled(shared_gone, ready, proposal=None),
            _handled(shared_gone, ready, proposal=None, decision_kind=DecisionKind.TO_COUNCIL),
            _handled(pf, ready, presenter=None, status=HandlingStatus.DRAFT),
            pf.model_copy(update={"item": pf.item.model_copy(update={"handling": (
                pf.item.handling.model_copy(update={"presenter": None}))})})]


def test_the_gaps_are_what_the_proposals_are_refused_for(pohjanmaa: PlanFile) -> None:
    seen = set()
    for pf in _variants(pohjanmaa):
        gaps = {party: missing for _, party, missing in handling_gaps(pf)}
        for p in pf.parties:
            if p.handling is None and p.id != pf.item.handling.party:
                continue  # no handling written: a draft or nothing, never a gap
            assert gaps.get(p.id, []) == _refused(pf, p.id), p.id
            seen.update(gaps.get(p.id, []))
    assert seen == {"kokouspaiva", "esittelija", "paatosehdotus"}


def test_a_board_proposing_to_its_council_needs_no_proposal_of_its_own(
        pohjanmaa: PlanFile) -> None:
    shared_gone = pohjanmaa.model_copy(update={"item": pohjanmaa.item.model_copy(
        update={"party_proposal": None})})
    party = next(p.id for p in pohjanmaa.parties if p.handling is not None
                 and p.handling.status is HandlingStatus.FINAL
                 and p.id != pohjanmaa.item.handling.party)
    alone = _handled(shared_gone, party, proposal=None)
    assert [(party, ["paatosehdotus"])] == [(p, m) for _, p, m in handling_gaps(alone)]
    forwarding = _handled(shared_gone, party, proposal=None,
                          decision_kind=DecisionKind.TO_COUNCIL)
    assert handling_gaps(forwarding) == []


def test_validate_warns_of_what_build_refuses(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    text = POHJANMAA.read_text("utf-8")
    # the first party's handling, ready for its meeting, loses its presenter
    start = text.index("    kasittely:\n      toimielin: hallitus\n      kokouspaiva: 2026-04-13")
    block_end = text.index("\n  - tunnus:", start)
    block = text[start:block_end]
    lines = block.split("\n")
    first = next(i for i, line in enumerate(lines) if line.strip() == "esittelija:")
    end = next(i for i in range(first + 1, len(lines))
               if len(lines[i]) - len(lines[i].lstrip()) <= 6)
    plan = tmp_path / "plan.yaml"
    plan.write_text(text[:start] + "\n".join(lines[:first] + lines[end:]) + text[block_end:],
                    "utf-8")
    assert main(["validate", str(plan)]) == 0
    err = capsys.readouterr().err
    line = text[:start].count("\n") + 1  # the kasittely key: esittelija is missing under it
    assert (f"Warning: {plan}:{line} osapuolet[2].kasittely.esittelija: missing for party "
            "'vaasa', so its decision proposal is not ready for its meeting: build "
            "--for-each-party refuses it") in err, err
    assert "Note: 13 parties have no handling data (kasittely) yet: maakuntaliitto," in err
    # and build does refuse it, naming the same field
    assert main(["build", str(plan), "--for-each-party", "-o", str(tmp_path / "out")]) == 2
    assert "osapuolet[2].kasittely.esittelija: missing for party 'vaasa'" in (
        capsys.readouterr().err)


def test_validate_of_the_examples_warns_of_no_handling(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(ROOT / "examples" / "keski-suomi" / "plan.yaml")]) == 0
    err = capsys.readouterr().err
    assert "missing for party" not in err
    assert "Note: 22 parties have no handling data (kasittely) yet: maakuntaliitto, " in err


def test_a_field_missing_in_a_bilingual_plan_is_one_problem(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the county's proposal is made in Finnish and in Swedish: the field it lacks is told once
    plan = tmp_path / "plan.yaml"
    text = POHJANMAA.read_text("utf-8")
    assert text.count("    kokouspaiva: 2026-03-23\n") == 1
    plan.write_text(text.replace("    kokouspaiva: 2026-03-23\n", ""), "utf-8")
    assert main(["build", str(plan), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: 1 problem(s) in the handling data"), err
    assert err.count("asia.kasittely.kokouspaiva: missing for party 'hyvinvointialue'") == 1
