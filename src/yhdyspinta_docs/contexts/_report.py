"""Pure functions: plan + collected follow-up → the annual report and its decision proposal.

The report shows every field a party fills in the matrix (status, description, next steps,
date of the entry and contact; the contact not in a public version) by measure and party,
what is marked delayed (as many rows as the summary counts), what is past its measure's
deadline and not done (a list of its own), what changed since the previous period (when one
is given: statuses, measures new in the plan and those that left it, :mod:`._report_changes`),
the parties that did not return their copy (when the merged matrix records whom it heard
from; marked on their rows too), each party's rows counted by status (``by_party``) and a
chart of the statuses with alt text. Statuses are counted in the matrix's
workflow order (the order of :class:`~yhdyspinta_docs.matrix._followup.Status`, the matrix's
status list) and a row without a status has the matrix's wording ("Ei merkintää").

An entry is *carried over* (not updated in this period) when, with a previous period given,
every value a party fills in equals that period's; without the previous period's entry to
compare with, when its date is before the start of the period (the period's leading year,
e.g. ``2026`` → 1.1.2026). An entry that differs from the previous period's is an update,
whatever its date. The decision proposal
asks the board to take the report as information ("merkitsee tiedoksi").
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from ..matrix import FollowupData, FollowupRow, Status
from ..matrix._followup import NO_ENTRY
from ..matrix._labels import translate
from ..plan import HandlingStatus, Lang, PlanFile
from ..plan._fields import LANGS
from ..plan._item import DecisionKind
from ._decision import decision_context
from ._formatting import format_date, labels
from ._localizer import Localizer
from ._report_changes import (
    new_measure_line,
    new_row_line,
    not_returned,
    not_returned_sentence,
    removed_lines,
    status_change_line,
)
from ._report_facts import measure_facts
from ._report_words import ONE_ROW, WORDS
from ._types_blocks import Block, ListBlock, ParagraphBlock
from ._types_decision import DecisionContext, ExplanationSection
from ._types_report import (
    ReportContext,
    ReportMeasure,
    ReportParty,
    ReportRow,
    ReportWords,
    StatusCounts,
    StatusNames,
    TableRow,
)

__all__ = [
    "STATUS_LABELS",
    "STATUS_ORDER",
    "carried_over",
    "period_start",
    "report_context",
    "report_decision_context",
    "status_label",
]

STATUS_ORDER: tuple[Status | None, ...] = (*Status, None)
"""Statuses in the matrix's workflow order (its status list), then "no entry"."""

STATUS_LABELS: dict[Lang, dict[Status | None, str]] = {
    lang: {**{s: translate(s.value, lang) for s in Status}, None: translate(NO_ENTRY, lang)}
    for lang in LANGS
}
"""The statuses and "no entry" as the matrix names them (one vocabulary: ``Ei merkintää`` /
``Ingen anteckning``), the sv words to be confirmed like the rest (docs/languages.md)."""


def status_label(status: Status | None, lang: Lang) -> str:
    """The status as text in `lang` (a missing status is the matrix's "Ei merkintää")."""
    return STATUS_LABELS[lang][status]


def _status_names(lang: Lang) -> StatusNames:
    names = STATUS_LABELS[lang]
    return {"not_started": names[Status.NOT_STARTED], "in_progress": names[Status.IN_PROGRESS],
            "done": names[Status.DONE], "delayed": names[Status.DELAYED], "no_entry": names[None]}


def _status_counts(counts: Counter[Status | None]) -> StatusCounts:
    return {"not_started": counts[Status.NOT_STARTED], "in_progress": counts[Status.IN_PROGRESS],
            "done": counts[Status.DONE], "delayed": counts[Status.DELAYED],
            "no_entry": counts[None]}


_PAGE_LINES = 40
"""Lines of table text a row may have and still be kept on one page (an A4 page holds some
55 lines of it below the repeated header row, less the heading and caption above a table)."""


def _is_long(entry: ReportRow) -> bool:
    """Whether the row's tallest cell, in the default report's column widths, has more than
    :data:`_PAGE_LINES` lines: such a row breaks across pages (Word shows of a row kept whole
    only what fits on one page)."""
    def lines(text: str, width: int) -> int:
        return sum(max(1, -(-len(line) // width)) for line in text.split("\n"))

    party = lines(entry["party"], 16) + (lines(entry["contact"], 16) if entry["contact"] else 0)
    return max(party, lines(entry["description"], 24), lines(entry["next_steps"], 22)
               ) > _PAGE_LINES


def period_start(period: str | None) -> dt.date | None:
    """The first day of a follow-up period named by its year (``"2026"``, ``"2026–2027"``,
    ``"2026 syksy"``): 1 January of its leading year; None for a period without one."""
    m = re.match(r"\s*(\d{4})(?!\d)", period or "")
    if m is None or not 1900 <= int(m.group(1)) <= 9999:
        return None
    return dt.date(int(m.group(1)), 1, 1)


def carried_over(row: FollowupRow | None, start: dt.date | None,
                 old: FollowupRow | None) -> bool:
    """True when `row` was not updated in this period: it has entries, and every value a
    party fills in equals the previous period's `old`, or, without entries of the previous
    period to compare with, its date is before the period's `start`.

    An entry that differs from the previous period's was updated in this period, whatever
    its date says: a party that rewrites the description often leaves the date as it was.
    """
    if row is None or not row.has_entries:
        return False
    if old is not None and old.has_entries:
        return old.inputs() == row.inputs()
    return start is not None and row.updated is not None and row.updated < start


def _is_overdue(row: FollowupRow, deadline: dt.date | None, on: dt.date | None) -> bool:
    """True when the measure's `deadline` is before the report's date `on` and the row is not
    done, whatever its status (also one marked delayed, or without an entry)."""
    return (deadline is not None and on is not None and deadline < on
            and row.status is not Status.DONE)


def _organisation(pf: PlanFile, loc: Localizer) -> str:
    lead = pf.party(pf.item.handling.party or "")
    if lead is None:
        return loc.text(pf.region, ("alue",))
    return loc.text(lead.name, ("osapuolet", pf.parties.index(lead), "nimi"))


def _report_title(pf: PlanFile, loc: Localizer, period: str) -> str:
    name = loc.text(pf.plan.name, ("suunnitelma", "nimi"))
    word = WORDS[loc.lang]["title"].lower()
    return f"{name}: {word} {period}".strip()


def report_context(pf: PlanFile, data: FollowupData, lang: Lang | None = None, *,
                   previous: FollowupData | None = None, on: dt.date | None = None,
                   public: bool = False) -> ReportContext:
    """Return the report context. `on` is the report's date (for deadlines); default: the
    latest ``Päivitetty`` date in the data, so the same input gives the same report.
    `public`: the web version, without the contacts parties typed and with the plan's
    personal data replaced by a note."""
    from ..word import Figure
    from ._chart import bar_chart_png

    lang = lang or pf.languages[0]
    loc = Localizer(pf, lang)
    words, lab = WORDS[lang], labels(lang)
    on = on or max((r.updated for r in data.rows if r.updated), default=None)
    period = data.period or ""
    by_key = data.by_key()
    before = previous.by_key() if previous else {}
    # rows that the previous follow-up's plan did not have (its version differs: a plan
    # changes its version when its measures change); else a row it lacks had no entry
    plan_changed = previous is not None and previous.plan_version != pf.plan.version
    before_measures = ({r.measure_id for r in before.values()} if plan_changed
                       else {m.id for m in pf.plan.measures})
    parties = {p.id: (i, p) for i, p in enumerate(pf.parties)}
    start = period_start(data.period)
    carried = 0
    missing_ids = not_returned(pf, data)
    by_party: dict[str, Counter[Status | None]] = {}
    filled: set[str] = set()  # parties with an entry on a row of the plan

    measures: list[ReportMeasure] = []
    table: list[TableRow] = []
    late: list[str] = []
    overdue: list[str] = []
    changes: list[str] = []
    counts: Counter[Status | None] = Counter()
    for mi, m in enumerate(pf.plan.measures):
        title = loc.text(m.title, ("suunnitelma", "toimenpiteet", mi, "otsikko"))
        rows: list[ReportRow] = []
        delayed: list[str] = []  # its parties marked Viivästynyt, as counted
        for party in pf.responsible_parties(m):
            pi = parties[party.id][0]
            party_name = loc.text(party.name, ("osapuolet", pi, "nimi"))
            key = f"{m.id}/{party.id}"
            row, old = by_key.get(key), before.get(key)
            status = row.status if row else None
            counts[status] += 1
            by_party.setdefault(party.id, Counter())[status] += 1
            if row is not None and row.has_entries:
                filled.add(party.id)
            if status is Status.DELAYED:
                delayed.append(party_name)
            is_carried = carried_over(row, start, old)
            carried += is_carried
            entry: ReportRow = {"party": party_name, "status": status_label(status, lang),
                     "description": (row.description or "") if row else "",
                     "next_steps": (row.next_steps or "") if row else "",
                     "updated": format_date(row.updated) if row else "",
                     "contact": (row.contact or "") if row and not public else "",
                     "carried_over": is_carried, "not_returned": party.id in missing_ids,
                     "long": False}
            entry["long"] = _is_long(entry)
            rows.append(entry)
            table.append(TableRow(measure=f"{mi + 1}. {title}", **entry))
            if row is not None and _is_overdue(row, m.deadline, on):
                passed = words["deadline_passed"].format(date=format_date(m.deadline))
                overdue.append(f"{title} – {party_name}: {passed} ({entry['status']})")
            if previous is None or m.id not in before_measures:  # a new measure: below
                continue
            if plan_changed and key not in before:  # newly responsible, not "no entry" →
                changes.append(new_row_line(title, party_name, entry["status"], lang))
            elif (old.status if old else None) != status:
                changes.append(status_change_line(
                    title, party_name, status_label(old.status if old else None, lang),
                    entry["status"], words["not_returned_mark"] if entry["not_returned"]
                    and not (row and row.has_entries) else ""))
        if delayed:  # one line a measure with its parties
            late.append(f"{title}: {', '.join(delayed)}")
        measure_counts = Counter(r["status"] for r in rows)
        measures.append({"number": str(mi + 1), "title": title, "rows": rows,
                         "facts": measure_facts(m, mi, loc, lab),
                         "counts": ", ".join(
                             f"{name} {measure_counts[name]}" for name in
                             (status_label(s, lang) for s in STATUS_ORDER)
                             if measure_counts[name])})
        if previous is not None and m.id not in before_measures:
            changes.append(new_measure_line(title, measures[-1]["counts"], lang))
    if previous is not None:  # what left the plan since, with its entries in the archive
        changes += removed_lines(pf, data, previous, loc)
    missing = [loc.text(p.name, ("osapuolet", i, "nimi"))
               for i, p in enumerate(pf.parties) if p.id in missing_ids]
    party_rows: list[ReportParty] = [
        {"party": loc.text(p.name, ("osapuolet", i, "nimi")),
         "counts": _status_counts(by_party[p.id]),
         "total": sum(by_party[p.id].values()), "not_returned": p.id in missing_ids,
         "returned_empty": p.id in (data.returned or ()) and p.id not in filled}
        for i, p in enumerate(pf.parties) if p.id in by_party]
    total_row: ReportParty = {"party": words["total"], "counts": _status_counts(counts),
                              "total": len(table), "not_returned": False,
                              "returned_empty": False}

    bars = [(status_label(s, lang), counts[s]) for s in STATUS_ORDER
            if counts[s] or s is not None]
    counts_text = ", ".join(f"{name} {n}" for name, n in bars)
    chart_title = f"{words['chart']} {period}".strip()
    ctx: ReportContext = {
        "lang": lang,
        "labels": lab,
        "words": ReportWords(**words),
        "organisation": _organisation(pf, loc),
        "doc_type": lab["report_doc_type"],
        "date": format_date(on),
        "title": _report_title(pf, loc, period),
        "period": period,
        "summary": [ParagraphBlock(kind="paragraph", text=ONE_ROW[lang] if len(table) == 1
                                    else words["rows"].format(n=len(table))),
                    ListBlock(kind="list", ordered=False,
                              items=[f"{name}: {n}" for name, n in bars]),
                    *([ParagraphBlock(kind="paragraph", text=not_returned_sentence(
                        missing, len(party_rows), lang))] if data.returned is not None else []),
                    *([ParagraphBlock(kind="paragraph",
                                      text=words["carried_rows"].format(n=carried))]
                      if carried else [])],
        "chart": Figure(bar_chart_png(chart_title, bars), 150,
                        words["alt"].format(counts=counts_text)),
        "chart_alt": words["alt"].format(counts=counts_text),
        "measures": measures,
        "status_names": _status_names(lang),
        "by_party": party_rows,
        "by_party_total": total_row,
        "table": table,
        "late": late,
        "overdue": overdue,
        "changes": changes,
        "not_returned": missing,
        "has_previous": previous is not None,
        "archived": len(data.archived_rows),
        "carried_over": carried,
        "public": public,
    }
    loc.check()
    return loc.redact(ctx) if public else ctx


LISTED_CHANGES = 12
"""The most changes since the previous follow-up that the proposal lists; of more, it says how
many there are and that the report, its attachment, lists them (a board reads a page)."""


def report_decision_context(pf: PlanFile, report: ReportContext, *,
                            meeting_date: dt.date | None = None, section: int | None = None,
                            allow_drafts: bool = True, public: bool = False
                            ) -> DecisionContext:
    """A decision proposal that takes the report as information, for the item's own body.

    The handling (body, presenter, competence) is the plan item's; the wording comes from the
    plan's ``asia.seurannan_paatosehdotus`` or, without one, the default formula. With
    `public`, the web version (of the report's web version `report`): contact details and
    marked names left out, as in :func:`~._decision.decision_context`.
    """
    lang: Lang = report["lang"]
    words = report["words"]
    handling = pf.item.handling.model_copy(update={
        "meeting_date": meeting_date, "section": section, "dnro": None, "history": (),
        "proposal": pf.item.followup_proposal or {lang: words["proposal"]},
        "decision_kind": DecisionKind.FOR_INFORMATION, "appeal": None, "appeal_text": None,
        "status": HandlingStatus.FINAL if meeting_date else HandlingStatus.DRAFT})
    item = pf.item.model_copy(update={"title": {lang: report["title"]}, "explanation": (),
                                      "attach_plan": False, "attachments": (),
                                      "handling": handling})
    ctx = decision_context(pf.model_copy(update={"item": item}), None, lang,
                           allow_drafts=allow_drafts, public=public)
    late: list[Block] = ([ListBlock(kind="list", ordered=False, items=report["late"])]
                         if report["late"] else
                         [ParagraphBlock(kind="paragraph", text=words["no_late"])])
    ctx["explanation"] = [
        ExplanationSection(heading=words["results"], level=3, blocks=report["summary"]),
        ExplanationSection(heading=words["late"], level=3, blocks=late),
    ]
    if overdue := report.get("overdue"):  # a heading of its own: not all are marked delayed
        ctx["explanation"].append(ExplanationSection(
            heading=words["overdue"], level=3,
            blocks=[ListBlock(kind="list", ordered=False, items=overdue)]))
    if report["has_previous"]:  # many changes: the report (the attachment) lists them
        n = len(report["changes"])
        changes: list[Block] = (
            [ListBlock(kind="list", ordered=False, items=report["changes"])]
            if 0 < n <= LISTED_CHANGES else [ParagraphBlock(kind="paragraph", text=words[
                "changes_attached"].format(n=n) if n else words["no_changes"])])
        ctx["explanation"].append(ExplanationSection(heading=words["changes"], level=3,
                                                     blocks=changes))
    ctx["attachments"] = [f"{ctx['labels']['attachment']} 1 {report['title']}"]
    return ctx
