"""Pure function: validated plan → the context of the plan document (the attachment, "Liite").

The shape is documented in docs/templates.md. Like the decision context, every value is a
formatted, sanitised string (or a list of them), so templates never format anything.
"""

from __future__ import annotations

from ..errors import PlanError
from ..plan import ALL_PARTIES, Handling, HandlingStatus, Lang, Party, PlanFile, readiness
from ..plan._text import Loc
from ._decision import handling_for
from ._formatting import format_date, format_period, format_schedule, format_section, labels
from ._localizer import Localizer, member_lines
from ._minutes import plan_approvals
from ._types_plan import Chapter, PlanContext, PlanEvent, PlanMeasure

__all__ = ["measure_responsible", "plan_context"]

# a chapter of the agreement is quoted, not made a heading of the plan document
_CHAPTER_REFERENCE: dict[Lang, tuple[str, str]] = {
    "fi": ("Sopimuksen kohta {number} ”{title}”", "Sopimuksen kohta ”{title}”"),
    "sv": ("Avtalets punkt {number} ”{title}”", "Avtalets avsnitt ”{title}”"),
}


def _chapter_reference(lang: Lang, number: str, title: str) -> str:
    numbered, plain = _CHAPTER_REFERENCE[lang]
    return (numbered if number else plain).format(number=number, title=title)


def measure_responsible(loc: Localizer, measure_index: int) -> str:
    """``Jyväskylän kaupunki, Muuramen kunta`` or ``kaikki osapuolet`` for a measure."""
    pf = loc.pf
    measure = pf.plan.measures[measure_index]
    if ALL_PARTIES in measure.responsible:
        return labels(loc.lang)["all_parties"]
    names = []
    for pid in measure.responsible:
        party = pf.party(pid)
        if party is not None:
            index = pf.parties.index(party)
            names.append(loc.text(party.name, ("osapuolet", index, "nimi")))
    return ", ".join(names)


def plan_context(pf: PlanFile, lang: Lang | None = None, *, public: bool = False,
                 party: str | None = None) -> PlanContext:
    """Return the plan-document context of `pf` in `lang` (default: the first of ``kielet``).

    `public` (the web version) leaves out every name marked ``henkilotieto`` and replaces any
    personal name, e-mail address or phone number in a free text with a note, as
    :func:`~yhdyspinta_docs.contexts.decision_context` does. `party`: the party whose
    decision proposal the plan is attached to (default: the party whose body handles the
    item); its name, body, meeting and record number head the document.
    """
    lang = lang or pf.languages[0]
    loc = Localizer(pf, lang)
    lab = labels(lang)
    plan, agreement = pf.plan, pf.agreement
    ploc: Loc = ("suunnitelma",)

    measures: list[PlanMeasure] = []
    for i, m in enumerate(plan.measures):
        mloc = ploc + ("toimenpiteet", i)
        lead = pf.party(m.lead) if m.lead else None
        schedule = format_schedule(loc.text(m.schedule, mloc + ("aikataulu",)), m.deadline, lab)
        measures.append({
            "number": str(i + 1),
            "id": m.id,
            "title": loc.text(m.title, mloc + ("otsikko",)),
            "description": loc.blocks(m.description, mloc + ("kuvaus",)),
            "responsible": measure_responsible(loc, i),
            "lead": loc.text(lead.name, ("osapuolet", pf.parties.index(lead), "nimi"))
            if lead else "",
            "schedule": schedule,
            "indicators": [loc.text(t, mloc + ("mittarit", j)) for j, t in enumerate(m.indicators)],
            "goals": [loc.text(t, mloc + ("tavoitteet", j)) for j, t in enumerate(m.goals)],
            "theme": loc.text(m.theme, mloc + ("teema",)),
        })

    approvals: list[str] = []
    for a in agreement.approvals:
        approver = pf.party(a.party)
        body = approver.body(a.body) if approver else None
        if approver is None or body is None:
            continue
        pi = pf.parties.index(approver)
        approvals.append(" ".join(p for p in (
            loc.text(approver.name, ("osapuolet", pi, "nimi")) + ":",
            loc.text(body.name, ("osapuolet", pi, "toimielimet", a.body, "nimi")),
            format_date(a.date), format_section(a.section)) if p))

    events: list[PlanEvent] = []
    for i, e in enumerate(plan.preparation.events):
        name = loc.text(e.name, ploc + ("valmistelu", "kasittelyt", i, "nimi"))
        events.append({"name": name, "date": format_date(e.date),
                       "description": loc.blocks(e.description,
                                                 ploc + ("valmistelu", "kasittelyt", i, "kuvaus"))})

    chapters: list[Chapter] = []
    for i, c in enumerate(agreement.chapters):
        chapter_title = loc.text(c.title, ("sopimus", "luvut", i, "otsikko"))
        chapters.append({"number": c.number, "title": chapter_title,
                         "reference": _chapter_reference(lang, c.number, chapter_title),
                         "content": loc.blocks(c.content, ("sopimus", "luvut", i, "sisalto"))})
    replaces = agreement.replaces
    # the plan is attachment 1 of the item (the decision lists it first), headed as such:
    # by the deciding party's body, meeting and record number
    lead_party, handling, hloc = _attached_to(pf, party)
    item_line = ""
    if pf.item.attach_plan and handling is not None:
        body = lead_party.body(handling.body) if handling.body else None
        item_line = " ".join(p for p in (
            loc.text(body.name, (*hloc, "toimielin")) if body else "",
            format_date(handling.meeting_date), format_section(handling.section)) if p)
    ctx: PlanContext = {
        "lang": lang,
        "labels": lab,
        "organisation": loc.text(lead_party.name,
                                 ("osapuolet", pf.parties.index(lead_party), "nimi")),
        "region": loc.text(pf.region, ("alue",)),
        "doc_type": lab["plan_doc_type"],
        "attachment": f"{lab['attachment']} 1" if pf.item.attach_plan else "",
        "item": item_line,
        # the attachment of a draft proposal is marked as the proposal is
        "draft": pf.item.attach_plan and handling is not None and (
            handling.status is HandlingStatus.DRAFT
            or bool(readiness(pf, lead_party.id, handling).missing)),
        "dnro": f"{lab['dnro']} {handling.dnro}"
        if pf.item.attach_plan and handling is not None and handling.dnro else "",
        "date": format_date(plan.date),
        "title": loc.text(plan.name, ploc + ("nimi",)),
        "version": plan.version,
        "period": format_period(plan.period.start, plan.period.end) if plan.period else "",
        "legal_basis": loc.text(plan.legal_basis, ploc + ("lakiperuste",)),
        "summary": loc.blocks(plan.summary, ploc + ("tiivistelma",)),
        "agreement": {
            "name": loc.text(agreement.name, ("sopimus", "nimi")),
            "valid_from": format_date(agreement.valid_from),
            "valid_until": format_date(agreement.valid_until),
            "approved_when": loc.text(agreement.approved_when, ("sopimus", "hyvaksytty_ajankohta")),
            "approvals": approvals,
            "chapters": chapters,
            "replaces": loc.text(replaces.name, ("sopimus", "korvaa", "nimi")) if replaces else "",
            "replaces_until": format_date(replaces.valid_until) if replaces else "",
            "replaces_summary": loc.blocks(replaces.summary, ("sopimus", "korvaa", "kuvaus"))
            if replaces else [],
        },
        "parties": [loc.text(p.name, ("osapuolet", i, "nimi")) for i, p in enumerate(pf.parties)],
        "measures": measures,
        "followup": loc.blocks(plan.followup, ploc + ("seurannan_periaatteet",)),
        "preparation_started": loc.text(plan.preparation.started,
                                        ploc + ("valmistelu", "aloitettu")),
        "working_group": member_lines(loc, public=public),
        "events": events,
        "strategy": loc.blocks(plan.strategy_interface, ploc + ("strategian_liittymapinta",)),
        **plan_approvals(pf, loc, handling.meeting_date if handling is not None else None),
    }
    loc.check()
    return loc.redact(ctx) if public else ctx


def _attached_to(pf: PlanFile, party_id: str | None) -> tuple[Party, Handling | None, Loc]:
    """The party whose decision the plan is attached to, its handling (a draft one by its
    board when it has none, None when it has no board either) and the handling's path."""
    try:
        return handling_for(pf, party_id, allow_drafts=True)
    except PlanError:  # no handling and no board: the party's name alone heads the plan
        party = pf.party(party_id or "")
        if party is None:
            raise
        return party, None, ()
