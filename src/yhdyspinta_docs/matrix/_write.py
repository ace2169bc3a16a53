"""Writing the follow-up matrix (seurantamatriisi) from the committed template.

The workbook is always built from ``templates/matrix.xlsx`` (made by
``tools/make_matrix_template.py``): the template is loaded, N rows are written into its
pre-formatted region and every range that depends on N (table, dropdown, date check,
conditional formatting, print area, summary formulas) is set from N. Columns are found by
their header text, so the template may be restyled and its columns reordered in Excel. An
old returned matrix is never loaded and re-saved; its values are copied into a new one.

**One file per party.** A party's copy holds only the rows that party is responsible for,
with its input cells unlocked. Other parties' rows are left out rather than shown locked:

* the file is a form to fill in, and with 24 parties a copy with every row would be 95 %
  other people's rows; parties would have to filter before they could start, and a sorted
  or filtered copy hides which rows are theirs;
* other parties' entries in a copy are a snapshot that is stale by the time it returns;
  leaving them out means the copy can never carry (or seem to change) someone else's entry,
  even if a user removes the sheet protection, which has no password;
* parties' draft entries go to the coordinator, not to every other party, before they are
  combined.

The coordinator's combined matrix (``party=None``, and the result of
:func:`yhdyspinta_docs.matrix._collect.collect`) shows every row, all open for input.

Every matrix embeds, on the very hidden ``Tiedot`` sheet, the plan id and version, the
follow-up period, the template version, the recipient, the BASE value sent for every input
cell and a signature over them made with the plan's key (:mod:`.signing`); the reader uses
these for a three-way merge and, by the signature, knows which party a returned copy was sent
to. The key itself is never written into a matrix. The combined copy is signed with the
recipient :data:`~yhdyspinta_docs.matrix._signing.COMBINED`, which no party has.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from .._assets import default_template
from ..contexts import Localizer
from ..errors import Issue, MatrixError, TemplateError
from ..output._files import zip_parts
from ..plan import Measure, PlanFile
from ..word._lint import prepare_template, read_template
from ._fast import workbook_parts
from ._followup import (
    ARCHIVE_COLUMNS,
    COLUMNS,
    INPUT_FIELDS,
    MATRIX_FORMAT,
    MAX_CELL_CHARS,
    META_EXTRA_KEYS,
    META_KEYS,
    NAME_STATUS_LIST,
    SHEET_ARCHIVE,
    SHEET_DATA,
    SHEET_HELP,
    SHEET_LISTS,
    SHEET_META,
    SHEET_SUMMARY,
    TEMPLATE_VERSION,
    Column,
    Conflict,
    FollowupData,
    FollowupRow,
    Status,
    normalize_header,
    row_key,
    signature,
    value_text,
)
from ._sheets import fit_heights, put, write_conflicts, write_summary
from ._signing import COMBINED

__all__ = [
    "MatrixResult", "carry_over", "finish_workbook", "plan_rows", "render_matrix", "write_matrix",
]

CHART_ALT = ("Pylväskaavio: seurantarivien määrä tilanteen mukaan. Samat luvut ovat "
             "taulukossa kaavion vasemmalla puolella.")
_HELP_FIELD_RE = re.compile(r"\{(suunnitelma|versio|kausi|vastaanottaja)\}")


@dataclass(frozen=True)
class MatrixResult:
    """A written matrix: the .xlsx bytes, what it holds, and the entries moved to Arkisto."""

    data: bytes
    followup: FollowupData
    archived: list[FollowupRow] = field(default_factory=list)


def write_matrix(pf: PlanFile, *, key: bytes, party: str | None = None,
                 previous: FollowupData | None = None, period: str | None = None,
                 template: Path | None = None, date: dt.date | None = None) -> MatrixResult:
    """Return the follow-up matrix of `pf` as .xlsx bytes.

    `key` is the plan's key (:func:`._signing.load_or_create_key`); the copy is
    signed with it, and collect verifies the returned copy with the same key.
    `party`: a party id for that party's own copy (only its rows), None for the
    coordinator's combined copy with every row. `previous`: follow-up data of an earlier matrix
    (from :func:`yhdyspinta_docs.matrix._collect.read_matrix` or ``collect(...).data``); its entries
    are carried over by row key, and entries whose row is no longer in the plan go to the
    ``Arkisto`` sheet (and to ``result.archived``). `period`: the follow-up period shown and
    recorded, e.g. ``"2026"`` (default: the year of `date`).
    `date`: the creation date stored in the file (default today); the same inputs and date
    give the same bytes. Raises :class:`MatrixError` for an unknown party or a `previous`
    from another plan, :class:`TemplateError` for a template that does not fit.
    """
    when = date or dt.date.today()
    if party is not None and pf.party(party) is None:
        known = ", ".join(p.id for p in pf.parties)
        raise MatrixError([Issue("", f"unknown party '{party}'; expected one of: {known}")])
    rows = plan_rows(pf, party)
    if not rows:
        raise MatrixError([Issue("", f"party '{party}' is not responsible for any measure of "
                                 f"plan '{pf.plan.id}'; there is nothing to follow up")])
    archived: list[FollowupRow] = []
    if previous is not None:
        if previous.plan_id != pf.plan.id:
            raise MatrixError([Issue("", f"the previous follow-up data is of plan "
                                     f"'{previous.plan_id}', not '{pf.plan.id}'")])
        rows, archived = carry_over(pf, rows, previous, party, when)
    data = FollowupData(
        plan_id=pf.plan.id, plan_version=pf.plan.version,
        period=period or str(when.year),
        recipient=party, rows=rows, archived_rows=archived,
    )
    new_archived = [r for r in archived if previous is None or r not in previous.archived_rows]
    return MatrixResult(render_matrix(pf, data, key=key, template=template, date=when), data,
                        new_archived)


def _text(pf: PlanFile, value: Any) -> str:
    """A plan text as the documents show it: Finnish if there is one, else the plan's own
    language; references expanded (``{{`` is a literal brace) and sanitised, like
    :class:`~yhdyspinta_docs.contexts.Localizer` does for the Word documents."""
    for lang in ("fi" if "fi" in pf.languages else pf.language, pf.language):
        loc = Localizer(pf, lang)
        text = loc.text(value, ())
        if not loc.missing:
            return text
    return ""


def plan_rows(pf: PlanFile, party: str | None = None) -> list[FollowupRow]:
    """Return the empty rows of `pf` (one per measure and responsible party), plan order.

    Raises :class:`MatrixError` naming the plan field when a measure title or party name is
    too long for a cell (pitfall X7; openpyxl would cut it silently).
    """
    titles = {m.id: _cell_text(pf, m.title, ("suunnitelma", "toimenpiteet", i, "otsikko"))
              for i, m in enumerate(pf.plan.measures)}
    names = {p.id: _cell_text(pf, p.name, ("osapuolet", i, "nimi"))
             for i, p in enumerate(pf.parties)}
    out = []
    for m in pf.plan.measures:
        for p in pf.responsible_parties(m):
            if party is None or p.id == party:
                out.append(FollowupRow(key=row_key(m.id, p.id), measure_id=m.id, party_id=p.id,
                                       measure=titles[m.id], party=names[p.id]))
    return out


def _cell_text(pf: PlanFile, value: Any, loc: tuple[str | int, ...]) -> str:
    text = _text(pf, value)
    if len(text) > MAX_CELL_CHARS:
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
        raise MatrixError([Issue(where, f"text of {len(text)} characters does not fit in a "
                                 f"matrix cell (at most {MAX_CELL_CHARS}); shorten it")])
    return text


def carry_over(pf: PlanFile, rows: list[FollowupRow], previous: FollowupData,
               party: str | None, when: dt.date) -> tuple[list[FollowupRow], list[FollowupRow]]:
    """Copy `previous` entries into `rows` by key; return the rows and the archive.

    The archive keeps every earlier archived entry and adds each previous row with entries
    whose key is no longer in the plan (for a party copy: only that party's).
    """
    old = previous.by_key()
    out = [r.model_copy(update=old[r.key].inputs()) if r.key in old else r for r in rows]
    in_plan = {r.key for r in plan_rows(pf)}
    measures = {m.id for m in pf.plan.measures}
    archived = [r for r in previous.archived_rows if party is None or r.party_id == party]
    for r in previous.rows:
        if r.key in in_plan or not r.has_entries or (party is not None and r.party_id != party):
            continue
        reason = ("Toimenpide ei ole enää suunnitelmassa" if r.measure_id not in measures
                  else "Vastuutaho ei enää vastaa toimenpiteestä")
        archived.append(r.model_copy(update={"archived_on": when, "archive_reason": reason}))
    return out, archived


# -- rendering ---------------------------------------------------------------------------------


def _columns(ws: Worksheet, spec: tuple[Column, ...], sheet: str) -> dict[str, int]:
    """Map field → column number from the header row of a template sheet."""
    by_header = {normalize_header(c.header): c for c in spec}
    found: dict[str, int] = {}
    for cell in ws[1]:
        col = by_header.get(normalize_header(cell.value))
        if col is not None and col.field not in found:
            found[col.field] = cell.column
    missing = [c.header for c in spec if c.required and c.field not in found]
    if missing:
        raise TemplateError([Issue(f"{sheet}!1", f"missing column(s) {', '.join(missing)}")],
                            header="the matrix template does not fit this program")
    return found


def _load_template(template: Path | None) -> Workbook:
    path = template or default_template("matrix")
    try:
        raw = prepare_template(read_template(path), str(path))  # linted and scrubbed
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(io.BytesIO(raw))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateError([Issue(str(path), f"cannot read the matrix template ({exc})")],
                            path) from exc
    issues = [Issue(str(path), f"sheet '{name}' is missing")
              for name in (SHEET_HELP, SHEET_DATA, SHEET_SUMMARY, SHEET_LISTS, SHEET_META)
              if name not in wb.sheetnames]
    if not issues:
        if SHEET_DATA not in wb[SHEET_DATA].tables:
            issues.append(Issue(f"{path}: {SHEET_DATA}", f"no Excel table '{SHEET_DATA}'"))
        listed = [c.value for c in wb[SHEET_LISTS]["A"][1:len(Status) + 1]]
        if listed != [s.value for s in Status] or NAME_STATUS_LIST not in wb.defined_names:
            issues.append(Issue(f"{path}: {SHEET_LISTS}", "the status list or its defined name "
                                f"'{NAME_STATUS_LIST}' does not match the program"))
        meta = _meta_rows(wb[SHEET_META])
        if wb[SHEET_META].cell(meta.get("template_version", 1), 2).value != TEMPLATE_VERSION:
            issues.append(Issue(f"{path}: {SHEET_META}", f"template version is not "
                                f"{TEMPLATE_VERSION}; regenerate it with "
                                "tools/make_matrix_template.py"))
    if issues:
        raise TemplateError(issues, path, header="the matrix template does not fit this program")
    return wb


def _meta_rows(ws: Worksheet) -> dict[str, int]:
    return {str(ws.cell(r, 1).value): r for r in range(1, len(META_KEYS) + len(META_EXTRA_KEYS)
                                                         + 1)}


def _style_row(ws: Worksheet) -> dict[int, Any]:
    return {c: copy(ws.cell(2, c)._style) for c in range(1, ws.max_column + 1)}


def _fill_rows(ws: Worksheet, cols: dict[str, int], spec: tuple[Column, ...],
               values: list[dict[str, object]]) -> int:
    """Write `values` from row 2 with the style row's formats; fit every range; return last row."""
    styles = _style_row(ws)
    last = max(2, len(values) + 1)
    fields = [(c.field, cols[c.field]) for c in spec if c.field in cols]
    others = [(col, style) for col, style in styles.items() if col not in cols.values()]
    for r, row in enumerate(values, start=2):
        for name, col in fields:
            put(_cell(ws, r, col, styles[col]), row.get(name), sheet=ws.title)
        for col, style in others:
            _cell(ws, r, col, style)
    fit_heights(ws, range(2, len(values) + 2))
    width = get_column_letter(ws.max_column)
    for table in ws.tables.values():
        table.ref = f"A1:{width}{last}"
        if table.autoFilter is not None:
            table.autoFilter.ref = table.ref
    for dv in ws.data_validations.dataValidation:
        dv.sqref = _extend(dv.sqref, last)
    old = ws.conditional_formatting
    ws.conditional_formatting = ConditionalFormattingList()
    for cf in old:
        for rule in cf.rules:
            ws.conditional_formatting.add(str(_extend(cf.sqref, last)), rule)
    ws.print_area = f"A1:{width}{last}"
    return last


def _extend(sqref: Any, last: int) -> str:
    """Stretch every range of `sqref` that covers the style row (2) down to `last`."""
    out = []
    for rng in getattr(sqref, "ranges", [sqref]):
        cr = CellRange(str(rng))
        if cr.min_row == 2:
            cr = CellRange(min_col=cr.min_col, min_row=2, max_col=cr.max_col, max_row=last)
        out.append(cr.coord)
    return " ".join(out)


def _measure_values(pf: PlanFile, m: Measure | None) -> dict[str, object]:
    if m is None:
        return {}
    schedule = _text(pf, m.schedule)
    if m.deadline:
        d = m.deadline
        schedule = "\n".join(s for s in (schedule, f"Määräaika {d.day}.{d.month}.{d.year}") if s)
    return {"schedule": schedule or None,
            "indicators": "\n".join(_text(pf, i) for i in m.indicators) or None}


def render_matrix(pf: PlanFile, data: FollowupData, *, key: bytes,
                  conflicts: Sequence[Conflict] = (), template: Path | None = None,
                  date: dt.date | None = None) -> bytes:
    """Return the .xlsx bytes of `data` (rows as given) built from the template, signed
    with the plan's `key`.

    `conflicts` adds a ``Ristiriidat`` sheet. Used by :func:`write_matrix` and by collect.
    """
    when = date or dt.date.today()
    wb = _load_template(template)
    ws = wb[SHEET_DATA]
    cols = _columns(ws, COLUMNS, SHEET_DATA)
    party_name = _text(pf, p.name) if data.recipient and (p := pf.party(data.recipient)) else ""
    measures: dict[str, dict[str, object]] = {}
    for r in data.rows:
        if r.measure_id not in measures:
            measures[r.measure_id] = _measure_values(pf, pf.plan.measure(r.measure_id))
    # dict(r) is r.model_dump() for these flat rows (strings, a status, dates)
    values = [{**dict(r), **measures[r.measure_id]} for r in data.rows]
    last = _fill_rows(ws, cols, COLUMNS, values)
    write_summary(wb[SHEET_SUMMARY], pf, data, cols, last, _text(pf, pf.plan.name))
    _fill_help(wb[SHEET_HELP], {
        "suunnitelma": _text(pf, pf.plan.name), "versio": pf.plan.version,
        "kausi": data.period or "–",
        "vastaanottaja": party_name or "koordinaattorille (kaikki vastuutahot)",
    })
    if SHEET_ARCHIVE in wb.sheetnames:
        if data.archived_rows:
            arch = wb[SHEET_ARCHIVE]
            _fill_rows(arch, _columns(arch, ARCHIVE_COLUMNS, SHEET_ARCHIVE), ARCHIVE_COLUMNS,
                       [r.model_dump() for r in data.archived_rows])
        else:
            wb.remove(wb[SHEET_ARCHIVE])
    elif data.archived_rows:
        raise TemplateError([Issue(SHEET_ARCHIVE, "the template has no Arkisto sheet, and "
                                   "there are archived entries to keep")])
    if conflicts:
        write_conflicts(wb, conflicts, wb.sheetnames.index(SHEET_SUMMARY) + 1)
    _write_meta(wb[SHEET_META], data, when, key)
    props = wb.properties
    period = f" {data.period}" if data.period else ""
    props.title = f"Seurantamatriisi{period}: {_text(pf, pf.plan.name)}" + (
        f" – {party_name}" if party_name else "")
    props.subject = "Yhdyspintasuunnitelman seuranta"
    props.creator = "yhdyspinta-docs"
    props.keywords = "seurantamatriisi; yhdyspintasuunnitelma"
    props.language = "fi-FI"
    props.lastModifiedBy = None
    wb.active = 0
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = sheet is wb.worksheets[0]
    return _finish_parts(workbook_parts(wb), when, chart_alt=CHART_ALT)


def _fill_help(ws: Worksheet, fields: dict[str, str]) -> None:
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and _HELP_FIELD_RE.search(cell.value):
                put(cell, _HELP_FIELD_RE.sub(lambda m: fields[m.group(1)], cell.value))


def _write_meta(ws: Worksheet, data: FollowupData, when: dt.date, key: bytes) -> None:
    """The metadata, its signature and the base table, at the rows the reader expects
    (labels in column A in the order of META_KEYS and META_EXTRA_KEYS, values in B)."""
    meta = {"format": MATRIX_FORMAT, "template_version": TEMPLATE_VERSION,
            "plan_id": data.plan_id, "plan_version": data.plan_version,
            "period": data.period or "", "recipient": data.recipient or COMBINED}
    values = {**meta, "signature": signature(key, meta, data.rows),
              "created": when.isoformat(), "rows": str(len(data.rows))}
    for r, (label, value) in enumerate(values.items(), start=1):
        put(ws.cell(r, 1), label)
        put(ws.cell(r, 2), value)
    start = len(META_KEYS) + len(META_EXTRA_KEYS) + 2
    for c, name in enumerate(("key", *INPUT_FIELDS), start=1):
        put(ws.cell(start, c), name)
    for r, row in enumerate(data.rows, start=start + 1):
        put(_cell(ws, r, 1), row.key)
        for c, name in enumerate(INPUT_FIELDS, start=2):
            put(_cell(ws, r, c), value_text(getattr(row, name)))


def _cell(ws: Worksheet, row: int, column: int, style: Any = None) -> Cell:
    """``ws.cell(row, column)``; a cell it makes gets `style` (a copy), as if set after."""
    cell: Cell | None = ws._cells.get((row, column))  # noqa: SLF001
    if cell is None:
        cell = Cell(ws, row=row, column=column, style_array=style)
        ws._add_cell(cell)  # noqa: SLF001
    elif style is not None:
        cell._style = copy(style)  # noqa: SLF001
    return cell


_CORE_DATE_RE = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")
_CNVPR_RE = re.compile(rb'<(xdr:)?cNvPr id="(\d+)" name="(Chart \d+)"\s*/>')


def finish_workbook(data: bytes, when: dt.date, *, chart_alt: str | None = None) -> bytes:
    """Return openpyxl output made deterministic: fixed core dates, chart alt text, zip.

    openpyxl overwrites ``modified`` with the time of saving; both dates become `when`.
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    return _finish_parts([(name, src.read(name)) for name in src.namelist()], when,
                         chart_alt=chart_alt)


def _finish_parts(parts: Sequence[tuple[str, bytes]], when: dt.date, *,
                  chart_alt: str | None = None) -> bytes:
    """:func:`finish_workbook` for the parts of a workbook (name, content), in zip order."""
    stamp = f"{when.isoformat()}T00:00:00Z".encode()
    alt = quoteattr(chart_alt or "").encode()
    out = []
    for name, part in parts:
        if name == "docProps/core.xml":
            part = _CORE_DATE_RE.sub(lambda m: m.group(1) + stamp + m.group(3), part)
        elif name.startswith("xl/drawings/drawing") and chart_alt:
            part = _CNVPR_RE.sub(lambda m: m.group(0)[:-2].rstrip() + b" descr=" + alt
                                 + b"/>", part)
        out.append((name, part))
    return zip_parts(out)
