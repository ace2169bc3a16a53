"""What the follow-up report says of who did not answer and of how the plan's rows changed.

*Not returned*: the parties responsible for rows of the plan that the merged matrix did not
hear from (:attr:`~yhdyspinta_docs.matrix._followup.FollowupData.returned`: a copy collected
into it in any collect with ``--base``, or rows changed from what the round's copies were sent
with, as collect's "waiting" line counts them). A matrix that records no collection (one
never collected) names nobody: nothing is guessed.

*Changes since the previous follow-up*: a status that changed, a measure new in the plan
(once, with its statuses counted) or a party newly responsible for a measure (marked new,
not as a change from "Ei merkintää"), and a measure, or a party's row of one, that left the
plan, with how many of its entries went to the archive sheet (``Arkisto``). A row is new when
the previous follow-up was made for another version of the plan (a plan changes its version
when its measures change; collect warns otherwise) and does not have it; with the same
version, a row the previous data lacks had no entry then.
"""

from __future__ import annotations

from ..matrix import FollowupData, FollowupRow
from ..plan import Lang, PlanFile
from ._localizer import Localizer

__all__ = ["new_measure_line", "new_row_line", "not_returned", "not_returned_sentence",
           "removed_lines", "status_change_line"]

_PHRASES: dict[Lang, dict[str, str]] = {
    "fi": {"returned": "Vastuutahoista {n}/{total} palautti seurantamatriisin.",
           "not_returned": "Seurantamatriisia eivät palauttaneet: {parties}.",
           "not_returned_one": "Seurantamatriisia ei palauttanut: {parties}.",
           "new_measure": "{title}: uusi toimenpide ({counts})",
           "new_party": "{title} – {party}: uusi vastuutaho ({status})",
           "removed_measure": "{title}: poistettu suunnitelmasta",
           "removed_party": "{title} – {party}: vastuutaho poistettu toimenpiteestä",
           "archived": "{n} merkintää siirretty arkistoon",
           "archived_one": "1 merkintä siirretty arkistoon"},
    "sv": {"returned": "Av de ansvariga parterna har {n}/{total} returnerat "
                       "uppföljningsmatrisen.",
           "not_returned": "Följande parter har inte returnerat uppföljningsmatrisen: "
                           "{parties}.",
           "not_returned_one": "Följande part har inte returnerat uppföljningsmatrisen: "
                               "{parties}.",
           "new_measure": "{title}: ny åtgärd ({counts})",
           "new_party": "{title} – {party}: ny ansvarig part ({status})",
           "removed_measure": "{title}: struken ur planen",
           "removed_party": "{title} – {party}: inte längre ansvarig part för åtgärden",
           "archived": "{n} anteckningar har flyttats till arkivet",
           "archived_one": "1 anteckning har flyttats till arkivet"},
}  # the sv strings should be confirmed by a Swedish-speaking official (docs/languages.md)


def not_returned(pf: PlanFile, data: FollowupData) -> set[str]:
    """The ids of the parties responsible for rows of the plan that the merged `data` did
    not hear from; none when it records no collection."""
    if data.returned is None:
        return set()
    heard = set(data.returned)
    return {p.id for m in pf.plan.measures for p in pf.responsible_parties(m)} - heard


def not_returned_sentence(names: list[str], responsible: int, lang: Lang) -> str:
    """How many of the `responsible` parties returned their copy, and the parties `names`
    that did not: "Vastuutahoista 21/24 palautti seurantamatriisin. Seurantamatriisia eivät
    palauttaneet: …"."""
    words = _PHRASES[lang]
    count = words["returned"].format(n=responsible - len(names), total=responsible)
    if not names:
        return count
    return count + " " + words["not_returned_one" if len(names) == 1 else "not_returned"].format(
        parties=", ".join(names))


def status_change_line(title: str, party: str, old: str, new: str, mark: str = "") -> str:
    """A row whose status changed: ``Toimenpide – Osapuoli: Käynnissä → Valmis``; `mark`, in
    brackets after it, says why (a party that did not return its copy: its entry is not a
    new status but one missing)."""
    return f"{title} – {party}: {old} → {new}" + (f" ({mark})" if mark else "")


def new_measure_line(title: str, counts: str, lang: Lang) -> str:
    """A measure that the previous follow-up did not have, with its statuses counted."""
    return _PHRASES[lang]["new_measure"].format(title=title, counts=counts)


def new_row_line(title: str, party: str, status: str, lang: Lang) -> str:
    """A party newly responsible for a measure the previous follow-up had."""
    return _PHRASES[lang]["new_party"].format(title=title, party=party, status=status)


def removed_lines(pf: PlanFile, data: FollowupData, previous: FollowupData,
                  loc: Localizer) -> list[str]:
    """The measures, and the rows of measures still in the plan, that `previous` had and the
    plan no longer has (in `previous`'s order), each with the number of its entries in
    `data`'s archive sheet."""
    words = _PHRASES[loc.lang]
    in_plan = {f"{m.id}/{p.id}" for m in pf.plan.measures for p in pf.responsible_parties(m)}
    measures = {m.id for m in pf.plan.measures}
    gone: dict[str, list[FollowupRow]] = {}  # by measure id, or by row key of a kept measure
    for row in previous.rows:
        if row.key not in in_plan:
            gone.setdefault(row.measure_id if row.measure_id not in measures else row.key,
                            []).append(row)
    lines = []
    for what, rows in gone.items():
        keys = {r.key for r in rows}
        n = sum(r.key in keys for r in data.archived_rows)
        title = rows[0].measure or rows[0].measure_id
        if "/" in what:  # a row of a measure still in the plan
            party = pf.party(rows[0].party_id)
            name = (loc.text(party.name, ("osapuolet", pf.parties.index(party), "nimi"))
                    if party is not None else rows[0].party or rows[0].party_id)
            index = next(i for i, m in enumerate(pf.plan.measures)
                         if m.id == rows[0].measure_id)
            title = loc.text(pf.plan.measures[index].title,
                             ("suunnitelma", "toimenpiteet", index, "otsikko"))
            line = words["removed_party"].format(title=title, party=name)
        else:
            line = words["removed_measure"].format(title=title)
        if n:
            line += f" ({words['archived_one'] if n == 1 else words['archived'].format(n=n)})"
        lines.append(line)
    return lines
