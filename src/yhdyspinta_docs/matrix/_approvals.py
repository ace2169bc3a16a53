"""The approval round as a workbook: one row per party that must approve, one per decision.

Sheet ``Hyväksyminen`` (``Godkännande``) lists every party with its body (that of its latest
decision, else the one whose meeting is planned, as the summary .docx), planned date, state
(written as text, never only as a colour), latest decision (date, §, outcome) and Käsittely
note; sheet ``Päätökset`` (``Beslut``) every recorded decision up to the status day (a later
one is counted nowhere). Both are Excel tables with a frozen header row, dates as real dates
shown ``d.m.yyyy``. The same plan gives the same bytes
(:func:`~._save.save_workbook`, dated on the status day). The web version (`public`) has the
plan's personal data replaced in every text, as every public version has (a Käsittely note may
name people).
"""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ..contexts import Localizer
from ..contexts._approvals import (
    OUTCOME_LABELS,
    STATE_LABELS,
    ApprovalStatus,
    approval_status,
    body_name,
)
from ..contexts._localizer import party_loc
from ..contexts._minutes import WORDS, planned_body  # its rule: the summary .docx's own
from ..plan import Lang, PlanFile
from ._save import save_workbook

__all__ = ["approvals_workbook", "wrapped_lines"]

_SHEETS: dict[Lang, tuple[str, str]] = {"fi": ("Hyväksyminen", "Päätökset"),
                                         "sv": ("Godkännande", "Beslut")}  # confirm
_HEADERS: dict[Lang, dict[str, str]] = {
    "fi": {"id": "Tunnus", "date": "Päivämäärä", "section": "Pykälä", "outcome": "Päätös",
           "note": "Käsittely", "latest": "Viimeisin päätös"},
    "sv": {"id": "Id", "date": "Datum", "section": "Paragraf", "outcome": "Beslut",
           "note": "Behandling", "latest": "Senaste beslut"},  # confirm
}
_DATE = "d.m.yyyy"
_PLAN_KEYWORD: dict[Lang, str] = {"fi": "yhdyspintasuunnitelma", "sv": "gränsytsplan"}
_ROW_HEIGHT, _LINE_HEIGHT = 15.0, 12.0
"""Points of a one-line row of the default font (Calibri 11, in LibreOffice Carlito), and of
each further line of a wrapped text. LibreOffice sets a line at 11 points and keeps a row's
stored height (it fits only rows without one), so its rows and their PDF fit the text; Excel
sets a line at about 15 points: there a long note's last line may need the row made taller
(double-click the row's lower border)."""
# advance widths of the default font (Calibri, in LibreOffice its metric twin Carlito) in
# units of the digit '0', Excel's unit of column width; any other character counts as 1.0
_WIDTHS: dict[str, float] = {
    **dict.fromkeys("'il ", 0.45), "j": 0.47, ",": 0.49, "I": 0.5, ".": 0.5, ":": 0.53,
    ";": 0.53, **dict.fromkeys("f-()", 0.6), "J": 0.63, "!": 0.64, "t": 0.66, "r": 0.69,
    "/": 0.76, "s": 0.77, "z": 0.78, '"': 0.79, "c": 0.83, "L": 0.83, "x": 0.85, "v": 0.89,
    "y": 0.89, "k": 0.9, **dict.fromkeys("FS?", 0.91), "Z": 0.92, "g": 0.93,
    **dict.fromkeys("aåä", 0.95), **dict.fromkeys("ETY", 0.96), **dict.fromkeys("e–§", 0.98),
    **dict.fromkeys("PX", 1.02), "K": 1.03, **dict.fromkeys("bdhnopquö", 1.04), "C": 1.05,
    "B": 1.07, "R": 1.07, "V": 1.12, **dict.fromkeys("AÅÄ", 1.14), "D": 1.21, "H": 1.23,
    "G": 1.24, "N": 1.27, "U": 1.27, "O": 1.31, "Ö": 1.31, "Q": 1.33, "w": 1.41, "m": 1.58,
    "M": 1.69, "W": 1.76,
}


def _text_width(text: str) -> float:
    """The width of `text` in the default font, in Excel's column-width units."""
    return sum(_WIDTHS.get(c, 1.0) for c in text)


def wrapped_lines(text: str, width: float) -> int:
    """How many lines `text` takes in a wrapping cell of column width `width`: wrapped between
    words as Excel and LibreOffice do (a word longer than the line is broken), each line
    break starting a new line. An estimate of the default font's widths, never the clock or
    the machine's fonts, so the same text gives the same height."""
    room = max(width - 0.5, 1.0)  # the cell's margins
    lines = 0
    for part in text.split("\n"):
        used, count = 0.0, 1
        for word in part.split(" "):
            size = _text_width(word)
            gap = _text_width(" ") if used else 0.0
            if used and used + gap + size > room:
                count, used, gap = count + 1, 0.0, 0.0
            while size > room:  # a word wider than the line breaks inside it
                count, size = count + 1, size - room
            used += gap + size
        lines += count
    return lines


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
            elif isinstance(cell.value, str):
                lines = max(lines, wrapped_lines(cell.value, width))
        # every row's height set: LibreOffice's own fit of a row without one can differ from
        # its rendering by a line (blank space under a one-line row)
        ws.row_dimensions[row[0].row].height = _ROW_HEIGHT + _LINE_HEIGHT * (lines - 1)
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
                       status: ApprovalStatus | None = None, public: bool = False) -> bytes:
    """The .xlsx bytes of the approval round of `pf` on `as_of` (see :mod:`this module`);
    `public`: its web version, the plan's personal data replaced with a note."""
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
        # the body of the latest decision, else the body whose meeting is planned: the same
        # as the summary .docx names (an empty cell where it has '–')
        body_id = latest.body if latest else planned_body(pf, p.party)
        rows.append([
            party_name(p.party), p.party,
            body_name(loc, p.party, body_id) if body_id else "",
            p.due, STATE_LABELS[lang][p.state],
            latest.date if latest else None, latest.section if latest else None,
            OUTCOME_LABELS[lang][latest.outcome] if latest else "", note,
        ])
    if public:
        rows = loc.redact(rows)
    _write_table(ws, "Hyvaksyminen", [
        words["party"], heads["id"], words["body"], words["planned"], words["state"],
        heads["latest"], heads["section"], heads["outcome"], heads["note"],
    ], rows, [32, 16, 26, 13, 12, 16, 9, 34, 60])

    decisions = wb.create_sheet(_SHEETS[lang][1])
    made: list[list[object]] = [  # up to the status day, as the summary's list
        [party_name(r.party), r.party, body_name(loc, r.party, r.body), r.date, r.section,
         OUTCOME_LABELS[lang][r.outcome],
         loc.text(r.handling_note, ("paatokset", "kirjatut", i, "kasittely"))]
        for i, r in status.counted]
    _write_table(decisions, "Paatokset", [
        words["party"], heads["id"], words["body"], heads["date"], heads["section"],
        heads["outcome"], heads["note"],
    ], loc.redact(made) if public else made, [32, 16, 26, 13, 9, 34, 60])
    loc.check()

    lead = pf.lead
    props = wb.properties
    # the same properties as the summary .docx: author the lead party, created on the status day
    props.title = props.subject = words["summary_title"]
    props.creator = party_name(lead.id)
    props.lastModifiedBy = props.creator
    props.language = f"{lang}-FI"
    props.category = words["summary_doc_type"]
    props.keywords = (f"{body_name(loc, lead.id, pf.item.handling.body)}; "
                      f"{words['summary_doc_type']}; {_PLAN_KEYWORD[lang]}")
    when = status.as_of or pf.plan.date or pf.agreement.valid_from
    return save_workbook(wb, when)
