"""Pure functions: recorded decisions → the county board's approval summary and the minutes
extract (pöytäkirjanote) of one decision.

The extract shows the item as minutes do: the explanation of the party's proposal (naming
the body that decided where the plan writes ``{toimielin}``), the presenter's Päätösehdotus
(when the decision is that handling's body's), then Käsittely (if any) and Päätös
("Päätösehdotus hyväksyttiin." when it was made as proposed), so that a reader sees what an
amendment or a vote changed; the appeal instructions that fit the body and the
outcome (:mod:`._appeal`), Tiedoksi, and the certified-copy lines ("Pöytäkirjan
tarkastus", "Otteen oikeaksi todistaa", with lines to sign where the plan has no names). Its
public version leaves out personal data as every public version does and says the day after
which it comes off the web: the end of the appeal period (:func:`removal_date`).
"""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from ..errors import Issue, PlanError
from ..plan import AppealKind, BodyKind, Handling, Lang, PlanFile
from ..plan._decisions import DecisionOutcome, DecisionRecord
from ..plan._item import DecisionKind
from ..plan._loader import proposal_languages
from ..plan._text import Loc
from ._appeal import APPEAL_HEADINGS, appeal_kind, extract_appeal_text
from ._approvals import (
    OUTCOME_LABELS,
    STATE_LABELS,
    ApprovalState,
    ApprovalStatus,
    approval_status,
    body_name,
    council_names,
    decision_line,
    handling_line,
    lead_party,
)
from ._blocks import parse_blocks
from ._deadlines import period_end
from ._decision import decision_context, handling_for
from ._formatting import format_date, format_elative, format_section
from ._localizer import Localizer, party_loc
from ._minutes_words import SENTENCES, WORDS, party_count
from ._types_approvals import ApprovalRow, ApprovalSummaryContext, MinutesContext
from ._types_blocks import Block

__all__ = [
    "APPEAL_DAYS",
    "DEEMED_RECEIPT_DAYS",
    "WORDS",
    "approval_summary_context",
    "minutes_context",
    "minutes_appeal_kind",
    "plan_approvals",
    "planned_body",
    "removal_date",
]

APPEAL_DAYS: dict[AppealKind, int] = {
    AppealKind.RECTIFICATION: 14,
    AppealKind.APPEAL: 30,
}
"""Days to make a rectification request or an appeal after the decision is deemed received."""

DEEMED_RECEIPT_DAYS = 7
"""A member of the municipality or county is deemed to have received a decision seven days
after the minutes were put on the web."""


def _party_name(loc: Localizer, party_id: str) -> str:
    party = loc.pf.party(party_id)
    return loc.text(party.name, party_loc(loc.pf, party_id) + ("nimi",)) if party else party_id


def planned_body(pf: PlanFile, party_id: str) -> str | None:
    """The id of the body that is to decide for `party_id` (None: the plan does not say)."""
    party = pf.party(party_id) if party_id != pf.item.handling.party else pf.item
    handling = party.handling if party is not None else None
    return handling.body if handling is not None else None


def approval_summary_context(pf: PlanFile, lang: Lang | None = None, *,
                             as_of: dt.date | None = None,
                             status: ApprovalStatus | None = None) -> ApprovalSummaryContext:
    """The county board's summary "Yhdyspintasuunnitelman hyväksyminen osapuolissa": counts,
    whether the plan is approved everywhere, every party that rejected it and every party
    that approved it amended (naming the party, its body, the date and § of the decision and
    its Käsittely note), the overdue parties and one row per party that must approve."""
    lang = lang or pf.languages[0]
    loc = Localizer(pf, lang)
    words, say = WORDS[lang], SENTENCES[lang]
    status = status or approval_status(pf, as_of)
    lead = lead_party(pf)
    rows: list[ApprovalRow] = []
    rejected: list[str] = []
    amended: list[str] = []
    overdue: list[str] = []
    for row in status.parties:
        name = _party_name(loc, row.party)
        latest = row.latest
        body_id = latest.body if latest else planned_body(pf, row.party)
        rows.append({
            "party": name,
            "body": body_name(loc, row.party, body_id) if body_id else "–",
            "planned": format_date(row.due) or "–",
            "state": STATE_LABELS[lang][row.state],
            "decision": _short_decision(loc, latest) if latest else "–",
        })
        if latest is not None and (row.amended is not None
                                   or row.state is ApprovalState.REJECTED):
            # named in words with the decision's body, date and § and its Käsittely note
            # (an amendment without one says so: what was changed is not recorded)
            i = row.records[-1][0]
            note = loc.text(latest.handling_note, ("paatokset", "kirjatut", i, "kasittely"))
            key = "amended" if row.amended is not None else "rejected"
            line = say[key].format(party=name,
                                   decision=_short_decision(loc, latest, outcome=False))
            if note or key == "amended":
                line += " " + (f"{words['handling']}: {note}" if note else say["no_note"])
            (amended if key == "amended" else rejected).append(line)
        if row.state is ApprovalState.OVERDUE:
            last = f"; {decision_line(loc, latest)}" if latest else ""
            overdue.append(say["overdue"].format(party=name, due=format_date(row.due),
                                                 latest=last))
    # the decisions up to the status day (as every output of the round), as the meetings
    # were held (in the plan's party order on one day), whatever the order they were
    # recorded in
    order = {p.id: i for i, p in enumerate(pf.parties)}
    decisions = [f"{_party_name(loc, r.party)}: {decision_line(loc, r)}"
                 for _, r in sorted(status.counted, key=lambda item: (
                     item[1].date, order.get(item[1].party, len(order))))]
    summary = [say["counts"].format(
        parties=party_count(lang, len(status.parties)),
        date=f" {format_date(status.as_of)}" if status.as_of else "",  # no status day: none
        approved=status.count(ApprovalState.APPROVED),
        rejected=status.count(ApprovalState.REJECTED), pending=status.open,
        overdue=status.count(ApprovalState.OVERDUE),
        late="är försenad" if status.count(ApprovalState.OVERDUE) == 1 else "är försenade"),
        say["approved"] if status.approved else
        say["open_rejected" if status.count(ApprovalState.REJECTED) else "open"]]
    ctx: ApprovalSummaryContext = {
        "lang": lang,
        "words": words.copy(),
        "organisation": _party_name(loc, lead.id),
        "body": body_name(loc, lead.id, pf.item.handling.body),
        "doc_type": words["summary_doc_type"],
        "date": format_date(status.as_of),
        "title": words["summary_title"],
        "summary": summary,
        "approved": status.approved,
        "rejected": rejected,
        "amended": amended,
        "overdue": overdue,
        "rows": rows,
        "decisions": decisions,
    }
    loc.check()
    return ctx


def _short_decision(loc: Localizer, record: DecisionRecord, *, outcome: bool = True) -> str:
    text = f"{format_date(record.date)} {format_section(record.section)}"
    if not outcome:
        return f"{body_name(loc, record.party, record.body)} {text}"
    return f"{text}: {OUTCOME_LABELS[loc.lang][record.outcome]}"


def removal_date(published: dt.date, kind: AppealKind) -> dt.date:
    """The last day of the appeal period of minutes put on the web on `published`: deemed
    received seven days later, then 14 days (rectification request, and decisions with no
    appeal: the minutes' own period) or 30 days (appeal); a period ending on a Saturday,
    Sunday or public holiday ends on the next working day (:func:`._deadlines.period_end`).
    The web version comes off the web after this day."""
    return period_end(published + dt.timedelta(days=DEEMED_RECEIPT_DAYS
                                               + APPEAL_DAYS.get(kind, 14)))


def minutes_appeal_kind(record: DecisionRecord, body_kind: BodyKind,
                        handling: Handling | None = None) -> AppealKind:
    """The appeal instructions of a recorded decision: a decision that only prepares the
    matter (forwarded to the council, returned, tabled) has none; a final decision (approved,
    amended, rejected) is the council's own (valitus) or the body's own (oikaisuvaatimus),
    chosen by the proposals' own rule (:func:`._appeal.appeal_kind`) from `handling` when the
    decision is that handling's body's (its ``paatoslaji`` and ``muutoksenhaku`` count)."""
    if not record.outcome.final:
        return AppealKind.NONE_PREPARATORY
    kind = DecisionKind.COUNCIL if body_kind is BodyKind.COUNCIL else DecisionKind.OWN
    if handling is None:
        return appeal_kind(Handling(body=record.body), kind)
    if handling.decision_kind in (DecisionKind.OWN, DecisionKind.COUNCIL):
        kind = handling.decision_kind
    return appeal_kind(handling, kind)


def _default_decision(loc: Localizer, record: DecisionRecord, proposal: list[Block],
                      forwards: bool) -> list[Block]:
    """The Päätös when the plan has no ``paatos``: a decision made as proposed says so
    ("Päätösehdotus hyväksyttiin.") under the proposal the extract prints above it (approved,
    or forwarded to the council where that is what the proposal asked: `forwards`); without
    that proposal (another body's decision) it says what was decided."""
    say = SENTENCES[loc.lang]
    outcome = record.outcome
    if proposal and (outcome is DecisionOutcome.APPROVED
                     or (outcome is DecisionOutcome.FORWARDED and forwards)):
        return parse_blocks(say["as_proposed"])
    key = {DecisionOutcome.APPROVED: "approve", DecisionOutcome.AMENDED: "approve",
           DecisionOutcome.FORWARDED: "forward", DecisionOutcome.RETURNED: "return",
           DecisionOutcome.TABLED: "table", DecisionOutcome.REJECTED: "reject"}[outcome]
    council, to_council = council_names(loc, record.party)
    return parse_blocks(say[key].format(toimielin=body_name(loc, record.party, record.body),
                                        valtuusto=council, valtuustolle=to_council))


def minutes_context(pf: PlanFile, index: int, lang: Lang | None = None, *,
                    public: bool = False) -> MinutesContext:
    """The minutes extract of the decision ``paatokset.kirjatut[index]`` in `lang`.

    `public` is the web version: personal data left out as in every public version
    (e-mail and phone never, names marked ``henkilotieto`` nowhere), and the day after which
    it comes off the web stated (from ``julkaistu``).
    """
    records = pf.decisions.records if pf.decisions is not None else []
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(records):
        has = (f"has {len(records)} recorded decision(s): give 0–{len(records) - 1}" if records
               else "has no recorded decisions (paatokset.kirjatut)")
        raise PlanError([Issue("", f"minutes_context(index=…) is the number of a recorded "
                               f"decision, not {index!r}: the plan {has}")])
    record = records[index]
    rloc: Loc = ("paatokset", "kirjatut", index)
    lang = lang or proposal_languages(pf, record.party, pf.languages)[0]  # the party's own
    loc = Localizer(pf, lang)
    say = SENTENCES[lang]
    party, handling, hloc = handling_for(pf, record.party, allow_drafts=True)
    same_body = handling.body == record.body
    base = decision_context(pf, record.party, lang, public=public, allow_drafts=True)
    body = body_name(loc, record.party, record.body)
    org = base["organisation"]
    loc.names = {"toimielin": body, "osapuoli": org}
    proposal = base["proposal"] if same_body else []
    decision = (loc.blocks(record.decision, rloc + ("paatos",)) if record.decision is not None
                else _default_decision(loc, record, proposal,
                                       handling.decision_kind is DecisionKind.TO_COUNCIL))
    body_kind = next(b.kind for b in party.bodies if b.id == record.body)
    kind = minutes_appeal_kind(record, body_kind, handling if same_body else None)
    own_text = handling.appeal_text if same_body and record.outcome.final else None
    own_blocks = (loc.blocks(own_text, hloc + ("muutoksenhakuohje",))
                  if own_text is not None else [])
    appeal = ([b["text"] if b["kind"] == "paragraph" else "\n".join(b["items"])
               for b in own_blocks] if own_text is not None
              else extract_appeal_text(lang, kind, party))
    earlier = [r for i, r in enumerate(records) if i != index
               and r.party == record.party and (r.date, r.section) < (record.date, record.section)]
    # the item's history without the party's recorded decisions (the item's meeting may be
    # later than this one), then those before this one
    own = {handling_line(loc, r) for r in records if r.party == record.party}
    history = [h for h in (base["history"] if same_body else []) if h not in own] + [
        handling_line(loc, r) for r in sorted(earlier, key=lambda r: (r.date, r.section))]
    for_information = ([loc.text(t, rloc + ("tiedoksi", i))
                        for i, t in enumerate(record.for_information)]
                       if record.for_information else list(base["for_information"]))
    certifier = loc.text(record.certifier, rloc + ("oikeaksi_todistaa",))
    if public:  # read on the web, often aloud: no blanks to fill in or sign on
        inspection = [say["inspected"].format(date=format_date(record.inspected))
                      if record.inspected else say["not_inspected"]]
        certification = [org] + ([certifier] if certifier else [])
    else:
        inspection = [say["inspected"].format(date=format_date(record.inspected)
                                              if record.inspected else say["blank_date"])]
        certification = [f"{org} {say['blank_date']}", f"\n{say['signature']}",
                         certifier or say["certifier"]]
    if record.inspectors:
        inspection.append(say["inspectors"].format(names=", ".join(record.inspectors)))
    elif not public:
        # a blank line to sign on above each line, one inspector under the other
        inspection += [f"\n{say['signature']}\n{say['inspector_lines']}"] * 2
    remove_after = ""
    if public:
        remove_after = (say["remove"].format(date=format_date(removal_date(record.published,
                                                                           kind)))
                        if record.published else say["not_published"])
    ctx: MinutesContext = {
        "lang": lang,
        "labels": base["labels"],
        "words": WORDS[lang].copy(),
        "organisation": org,
        "body": body,
        "doc_type": WORDS[lang]["extract_doc_type"],
        "date": format_date(record.date),
        "dnro": base["dnro"] if same_body else "",
        "section": format_section(record.section),
        "title": base["title"],
        "history": history,
        "preparers": base["preparers"] if same_body else [],
        "explanation": base["explanation"],
        "competence": base["competence"] if same_body else "",
        # a record of what was presented: no presenter where the plan names none
        "presenter": base["presenter"] if same_body and handling.presenter is not None else "",
        "proposal": proposal,
        "handling": loc.blocks(record.handling_note, rloc + ("kasittely",)),
        "decision": decision,
        "outcome": OUTCOME_LABELS[lang][record.outcome],
        "attachments": base["attachments"],
        "for_information": for_information,
        "appeal_heading": APPEAL_HEADINGS[lang][kind],
        "appeal": appeal,
        "inspection": inspection,
        "certification": certification,
        "remove_after": remove_after,
        "contact": base["contact"],
    }
    loc.check()
    if not same_body:
        # every text the copy reads was read from `pf` above and checked, so a problem is
        # reported with the plan file's line, which the copy does not know
        ctx["explanation"] = decision_context(
            _decided_by(pf, record.party, record.body), record.party, lang, public=public,
            allow_drafts=True)["explanation"]
    return loc.redact(ctx) if public else ctx


def _decided_by(pf: PlanFile, party_id: str, body_id: str) -> PlanFile:
    """`pf` with `party_id`'s handling made by its body `body_id`, everything else as it is:
    made from it, the explanation in the extract of another body's decision (a council's after
    its board forwarded the plan) names the body that decided where the plan's texts write
    ``{toimielin}`` ("Kaupunginvaltuusto päättää …"), not the board whose handling the plan
    has."""
    _, handling, _ = handling_for(pf, party_id, allow_drafts=True)
    handling = handling.model_copy(update={"body": body_id})
    if party_id == pf.item.handling.party:
        return pf.model_copy(update={"item": pf.item.model_copy(update={"handling": handling})})
    return pf.model_copy(update={"parties": tuple(
        p.model_copy(update={"handling": handling}) if p.id == party_id else p
        for p in pf.parties)})


class _PlanApprovals(TypedDict):
    plan_approvals: list[str]
    plan_approved: str


def plan_approvals(pf: PlanFile, loc: Localizer,
                   before: dt.date | None = None) -> _PlanApprovals:
    """The plan document's list of approvals: every recorded decision that approved the
    plan (party: body date §, "muutettuna" when amended), and whether every party that must
    approve has (on the round's status day; with `before`, the date of the meeting the plan
    is attached for, on the day before it: a decision of that meeting or after is not yet
    made). Empty without ``paatokset``."""
    if pf.decisions is None:
        return {"plan_approvals": [], "plan_approved": ""}
    round_day = approval_status(pf).as_of
    if before is not None and round_day is not None and before <= round_day:
        status = approval_status(pf, before - dt.timedelta(days=1))
    else:
        status = approval_status(pf)
    say = SENTENCES[loc.lang]
    lines = []
    for row in status.parties:
        for _, r in row.records:
            if r.outcome.approves:
                amended = (f" ({OUTCOME_LABELS[loc.lang][r.outcome]})"
                           if r.outcome is DecisionOutcome.AMENDED else "")
                lines.append(f"{_party_name(loc, r.party)}: {body_name(loc, r.party, r.body)} "
                             f"{format_date(r.date)} {format_section(r.section)}{amended}")
    approved = (say["plan_approved"] if status.approved else say[
        "plan_open" if status.as_of else "plan_open_undated"].format(
        date=format_date(status.as_of), approved=status.count(ApprovalState.APPROVED),
        approved_parties=party_count(loc.lang, status.count(ApprovalState.APPROVED)),
        parties=party_count(loc.lang, len(status.parties)),
        total_from=format_elative(len(status.parties))))
    return {"plan_approvals": lines, "plan_approved": approved}
