"""Cross-reference checks of the recorded decisions (``paatokset``) that a schema cannot express.

Each finding is ``(field path, message)`` like :func:`~._checks.check_plan`'s; the loader adds
file and line. An unknown party or body lists the declared ones.
"""

from __future__ import annotations

from collections import Counter

from ._checks import Problem, _suggest, _unique, reference_ids, unknown_party
from ._decisions import DecisionOutcome
from ._fields import ALL_PARTIES
from ._hints import MAX_HINTED
from ._model import PlanFile
from ._parties import BodyKind
from ._text import Loc

__all__ = ["check_decisions"]


def check_decisions(pf: PlanFile) -> list[Problem]:
    """Return every problem of `pf`'s ``paatokset`` (empty when there is none)."""
    decisions = pf.decisions
    if decisions is None:
        return []
    out: list[Problem] = []
    parties = {p.id: p for p in pf.parties}
    base: Loc = ("paatokset",)
    for j, pid in enumerate(decisions.approvers):
        if pid == ALL_PARTIES:
            if len(decisions.approvers) > 1:
                out.append((base + ("hyvaksyjat", j), f"'{ALL_PARTIES}' means every party; "
                            "write it alone, or list the parties instead"))
        elif pid not in parties:
            out.append((base + ("hyvaksyjat", j),
                        unknown_party(pid, pf, close=len(out) < MAX_HINTED, every=True)))
    twice = sorted(p for p, n in Counter(decisions.approvers).items() if n > 1)
    if twice:
        out.append((base + ("hyvaksyjat",), f"party '{twice[0]}' is listed twice; write each "
                    "party once"))

    ids = [(base + ("kirjatut", i, "tunnus"), r.id) for i, r in enumerate(decisions.records)]
    out += _unique(ids, "decision id")
    taken = reference_ids(pf)
    out += [(loc, f"id '{rid}' is already used by a decision or event of the agreement or "
             "preparation; choose another") for loc, rid in ids if rid in taken]
    seen: dict[tuple[str, str, object, int], int] = {}
    for i, r in enumerate(decisions.records):
        loc = base + ("kirjatut", i)
        party = parties.get(r.party)
        if party is None:
            out.append((loc + ("osapuoli",),
                        unknown_party(r.party, pf, close=len(out) < MAX_HINTED)))
            continue
        body = party.body(r.body)
        if body is None:
            out.append((loc + ("toimielin",), f"party '{r.party}' has no body '{r.body}'"
                        + _suggest(r.body, [b.id for b in party.bodies],
                                   close=len(out) < MAX_HINTED)))
            continue
        key = (r.party, r.body, r.date, r.section)
        if key in seen:
            out.append((loc, f"the same decision (§ {r.section}, {r.date.isoformat()}) is "
                        f"recorded twice (first at paatokset.kirjatut[{seen[key]}]); remove one"))
        seen.setdefault(key, i)
        if r.outcome is DecisionOutcome.FORWARDED:
            council = next((b for b in party.bodies if b.kind is BodyKind.COUNCIL), None)
            if body.kind is BodyKind.COUNCIL:
                out.append((loc + ("tulos",), "a council decides itself; "
                            "'lahetetty_valtuustolle' is for a board that proposes the plan to "
                            "its council: write hyvaksytty, hyvaksytty_muutettuna, palautettu, "
                            "poydatty or hylatty"))
            elif council is None:
                out.append((loc + ("tulos",), f"party '{r.party}' has no body of tyyppi: "
                            "valtuusto to forward the plan to; add its council under "
                            f"osapuolet[{list(parties).index(r.party)}].toimielimet"))
        if r.outcome is DecisionOutcome.AMENDED and r.decision is None:
            out.append((loc + ("paatos",), "missing: the decision as amended; write its text "
                        "under paatos (and what was changed in kasittely)"))
        for key_, when, what in (("tarkastettu", r.inspected, "inspected"),
                                 ("julkaistu", r.published, "published")):
            if when is not None and when < r.date:
                out.append((loc + (key_,), f"{when.isoformat()} is before the meeting "
                            f"({r.date.isoformat()}); write the day the minutes were {what}"))
    return out
