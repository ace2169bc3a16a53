"""The approval round as a workbook: one row per party that must approve, one per decision.

Sheet ``Hyväksyminen`` (``Godkännande``) lists every party with its planned date, state
(written as text, never only as a colour), latest decision (date, §, outcome) and Käsittely
note; sheet ``Päätökset`` (``Beslut``) every recorded decision. Both are Excel tables with a
frozen header row, dates as real dates shown ``d.m.yyyy``. The same plan gives the same bytes
(:func:`~._save.save_workbook`, dated on the status day).
"""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ..contexts._approvals import (
    OUTCOME_LABELS,
    STATE_LABELS,
    ApprovalStatus,
    approval_status,
    body_name,
)
from ..contexts._localizer import Localizer, party_loc
from ..contexts._minutes import WORDS
from ..plan._fields import Lang
from ..plan._model import PlanFile
from ._save import save_workbook

__all__ = ["approvals_workbook"]

_SHEETS: dict[Lang, tuple[str, str]] = {"fi": ("Hyväksyminen", "Päätökset"),
                                         "sv": ("Godkännande", "Beslut")}  # confirm
_HEADERS: dict[Lang, dict[str, str]] = {
    "fi": {"id": "Tunnus", "date": "Päivämäärä", "section": "Pykälä", "outcome": "Päätös",
           "note": "Käsittely", "latest": "Viimeisin päätös"},
    "sv": {"id": "Id", "date": "Datum", "section": "Paragraf", "outcome": "Beslut",
           "note": "Behandling", "latest": "Senaste beslut"},  # confirm
}
_DATE = "d.m.yyyy"


def _write_table(ws: Worksheet, name: str, header: list[str], rows: list[list[object]],
                 widths: list[int]) -> None:
    ws.append(header)
    for row in rows:
        ws.append(row)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for row in ws.iter_rows(min_row=2):
        lines = 1
        for cell, width in zip(row, widths, strict=False):
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if isinstance(cell.value, dt.date):
                cell.number_format = _DATE
            elif isinstance(cell.value, str):  # a wrapped text's rows, as the printout needs
                lines = max(lines, -(-len(cell.value) // max(width - 2, 1)))
        ws.row_dimensions[row[0].row].height = 15 * lines
    last = f"{get_column_letter(len(header))}{max(ws.max_row, 2)}"
    table = Table(displayName=name, ref=f"A1:{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
    ws.add_table(table)
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"  # one page wide, as many long as it takes
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def approvals_workbook(pf: PlanFile, lang: Lang | None = None, *, as_of: dt.date | None = None,
                       status: ApprovalStatus | None = None) -> bytes:
    """The .xlsx bytes of the approval round of `pf` on `as_of` (see :mod:`this module`)."""
    lang = lang or pf.languages[0]
    loc = Localizer(pf, lang)
    words, heads = WORDS[lang], _HEADERS[lang]
    status = status or approval_status(pf, as_of)

    def party_name(pid: str) -> str:
        party = pf.party(pid)
        return loc.text(party.name, party_loc(pf, pid) + ("nimi",)) if party else pid

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _SHEETS[lang][0]
    rows: list[list[object]] = []
    for p in status.parties:
        latest = p.latest
        note = (loc.text(latest.handling_note, ("paatokset", "kirjatut", p.records[-1][0],
                                                "kasittely")) if latest else "")
        rows.append([
            party_name(p.party), p.party,
            body_name(loc, p.party, latest.body) if latest else "",
            p.due, STATE_LABELS[lang][p.state],
            latest.date if latest else None, latest.section if latest else None,
            OUTCOME_LABELS[lang][latest.outcome] if latest else "", note,
        ])
    _write_table(ws, "Hyvaksyminen", [
        words["party"], heads["id"], words["body"], words["planned"], words["state"],
        heads["latest"], heads["section"], heads["outcome"], heads["note"],
    ], rows, [32, 16, 20, 13, 12, 16, 9, 28, 60])

    decisions = wb.create_sheet(_SHEETS[lang][1])
    records = pf.decisions.records if pf.decisions else ()
    _write_table(decisions, "Paatokset", [
        words["party"], heads["id"], words["body"], heads["date"], heads["section"],
        heads["outcome"], heads["note"],
    ], [[party_name(r.party), r.party, body_name(loc, r.party, r.body), r.date, r.section,
         OUTCOME_LABELS[lang][r.outcome],
         loc.text(r.handling_note, ("paatokset", "kirjatut", i, "kasittely"))]
        for i, r in enumerate(records)], [32, 16, 20, 13, 9, 28, 60])
    loc.check()

    lead = pf.party(pf.item.handling.party or "") or pf.parties[0]
    props = wb.properties
    props.title = words["summary_title"]
    props.creator = party_name(lead.id)
    props.lastModifiedBy = props.creator
    props.language = f"{lang}-FI"
    when = status.as_of or pf.plan.date or pf.agreement.valid_from
    return save_workbook(wb, when)
