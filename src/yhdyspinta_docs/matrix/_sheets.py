"""Cell writing, and the ``Yhteenveto`` (summary) and ``Ristiriidat`` (conflicts) sheets.

The summary counts rows by status and by responsible party with live formulas over the
``Seuranta`` ranges (COUNTIFS; SUMPRODUCT for a party name that COUNTIFS would read as a
pattern), so it stays right when a party fills in its rows, and shows a native bar chart with
a title and alt text. Cells use the template's named styles (``YP …``), so a restyled
template restyles the summary too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from unicodedata import is_normalized

from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from .._sanitize import sanitize_text
from ..errors import Issue, MatrixError
from ..plan import Lang, PlanFile
from ._book import Sheet
from ._conflict import Conflict
from ._followup import (
    NO_ENTRY,
    SHEET_CONFLICTS,
    SHEET_DATA,
    SHEET_SUMMARY,
    FollowupData,
    Status,
    normalize_header,
)
from ._heights import (
    CHARS_PER_WIDTH,
    DEFAULT_SIZE,
    count_lines,
    fit_height,
    fit_heights,
    font_size,
    line_height,
    line_widths,
)
from ._labels import Labels, finnish_label, forms, resolved_name, translate
from ._values import MAX_CELL_CHARS, cell_ref, cell_text, excel_text

__all__ = [
    "CONFLICT_KEY_HEADERS",
    "SUMMARY_COLUMNS",
    "add_table",
    "conflicts_line",
    "put",
    "put_notice",
    "read_choices",
    "write_conflicts",
    "write_summary",
]

FORMULA_START = ("=", "+", "-", "@")

TOTAL = "Yhteensä"
FINNISH = Labels(("fi",))
STATUS_TOP = 4
PARTY_TOP = 23
SUMMARY_COLUMNS = 9
"""Columns A to I: the summary's printed width."""
PARTY_ROWS_ON_FIRST_PAGE = 5
"""A landscape page holds the summary's first 30 or so rows: a table by party of at most
this many parties is printed below the chart, a longer one starts a page of its own."""


def put(cell: Cell, value: object, where: str = "", *, sheet: str | None = None) -> None:
    """Write `value` to `cell`; text is sanitised and always stored as text, never a formula,
    and so that Excel shows it as it is (a literal ``_x0041_`` is written ``_x005F_x0041_``,
    :func:`._values.excel_text`; the reader decodes it: :func:`._values.cell_text`).

    `where` names the cell in an error (default: its coordinate, after ``sheet!`` if given).
    """
    if isinstance(value, str):
        if type(value) is str and value.isprintable() and is_normalized("NFC", value):
            text = value  # what sanitize_text returns for it: no break, control character or
            # surrogate to replace (those are not printable), and already in NFC form
        else:
            text = sanitize_text(value)
        if len(text) > MAX_CELL_CHARS:
            where = where or (cell_ref(sheet, cell.coordinate) if sheet else cell.coordinate)
            raise MatrixError([Issue(where, f"text of {len(text)} characters does not fit in a "
                                     f"cell (at most {MAX_CELL_CHARS})")])
        cell.value = excel_text(text)
        cell.data_type = "s"  # text, even when it looks like a formula or an error value
        if text.startswith(FORMULA_START):
            cell.quotePrefix = True
    elif value is None:
        cell.value = None
    else:
        cell.value = value


def add_table(ws: Worksheet, name: str, ref: str) -> None:
    """Add an Excel table `name` over `ref` (header row first) with a plain style."""
    table = Table(displayName=name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
    ws.add_table(table)


def put_notice(ws: Worksheet, row: int, text: str, last_col: int) -> None:
    """Write the long line `text` at the start of `row`, wrapped within columns A to
    `last_col` (merged into one cell above the tables) and high enough to show it.

    A line left to run on would go past the printed width: the page, fitted to its width,
    would shrink to unreadable, or the end of the line would be cut off.
    """
    cell = ws.cell(row, 1)
    put(cell, text)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    size = font_size(cell)
    # characters a line holds at 11 points (as line_widths counts them), fewer for a larger
    # or bold font and for the words that do not fit at the end of a line
    width = sum(ws.column_dimensions[get_column_letter(c)].width or 8.43
                for c in range(1, last_col + 1))
    per_line = width * CHARS_PER_WIDTH * DEFAULT_SIZE / size
    per_line = max(1, int(per_line * (0.9 if cell.font is not None and cell.font.b else 1)))
    lines = count_lines(text, per_line)
    ws.row_dimensions[row].height = lines * line_height(size)


def _styler(wb: Workbook) -> Callable[[Cell, str], None]:
    """``cell.style = name`` for the named styles the template has; others are left out."""
    names = set(wb.named_styles)

    def style(cell: Cell, name: str) -> None:
        if name in names:
            cell.style = name
    return style


def write_summary(ws: Worksheet, pf: PlanFile, data: FollowupData, cols: dict[str, int],
                  last: int, plan_name: str, labels: Labels = FINNISH,
                  data_sheet: str = SHEET_DATA) -> None:
    """Fill the summary sheet for data rows 2..`last` of the Seuranta sheet (named
    `data_sheet` in this copy), in the language(s) of `labels`."""
    sheet = quote_sheetname(data_sheet)

    def rng(field: str) -> str:
        letter = get_column_letter(cols[field])
        return f"{sheet}!${letter}$2:${letter}${last}"

    status_rng, party_rng = rng("status"), rng("party")
    style = _styler(ws.parent)
    if ws["A1"].value == SHEET_SUMMARY:
        put(ws["A1"], labels(SHEET_SUMMARY))
    put(ws["A2"], f"{plan_name}, {labels('seurantakausi')} {data.period or '–'}")

    top = STATUS_TOP
    for c, text in enumerate((labels("Tilanne"), labels("Rivejä")), start=1):
        put(ws.cell(top, c), text)
        style(ws.cell(top, c), "YP Sarakeotsikko")
    for i, label in enumerate([s.value for s in Status] + [NO_ENTRY, TOTAL], start=top + 1):
        put(ws.cell(i, 1), labels(label))
        style(ws.cell(i, 1), "YP Teksti")
        if label == NO_ENTRY:
            formula = f"=COUNTBLANK({status_rng})"
        elif label == TOTAL:
            formula = f"=ROWS({status_rng})"
        else:
            formula = f"=COUNTIFS({status_rng},A{i})"
        ws.cell(i, 2).value = formula
        style(ws.cell(i, 2), "YP Luku")
    # each block a defined table, so that a screen reader names the column of every count
    add_table(ws, "Yhteenveto_tilat", f"A{top}:B{top + len(Status) + 2}")

    chart = BarChart()
    chart.type = "col"
    chart.title = labels("Rivit tilanteen mukaan")
    chart.y_axis.title = labels("Rivejä")
    chart.y_axis.majorGridlines = None
    # both axes shown, said outright: a chart that leaves out whether an axis is deleted
    # shows it in LibreOffice but may show no axis (no status names, no counts) in Excel
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend = None
    chart.width, chart.height = 13, 7.5
    chart.add_data(Reference(ws, min_col=2, min_row=top, max_row=top + len(Status) + 1),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=top + 1,
                                   max_row=top + len(Status) + 1))
    ws.add_chart(chart, f"D{top}")

    top = PARTY_TOP
    put(ws.cell(top - 1, 1), labels("Rivit vastuutahoittain"))
    style(ws.cell(top - 1, 1), "YP Väliotsikko")
    heads = [labels(h) for h in ("Vastuutaho", *(s.value for s in Status), NO_ENTRY, TOTAL)]
    for c, text in enumerate(heads, start=1):
        put(ws.cell(top, c), text)
        style(ws.cell(top, c), "YP Sarakeotsikko")
    names: list[str] = []
    for row in data.rows:
        if row.party and row.party not in names:
            names.append(row.party)
    total_col = get_column_letter(len(heads))
    first, last_status = get_column_letter(2), get_column_letter(len(Status) + 1)
    for r, name in enumerate(names, start=top + 1):
        put(ws.cell(r, 1), name)
        style(ws.cell(r, 1), "YP Teksti")
        literal = name.startswith(("<", ">", "=")) or any(ch in name for ch in "*?~")
        for c in range(2, len(Status) + 2):
            head = f"{get_column_letter(c)}${top}"
            ws.cell(r, c).value = (
                f"=SUMPRODUCT(--({party_rng}=$A{r}),--({status_rng}={head}))" if literal
                else f"=COUNTIFS({party_rng},$A{r},{status_rng},{head})")
        ws.cell(r, len(Status) + 2).value = f"={total_col}{r}-SUM({first}{r}:{last_status}{r})"
        ws.cell(r, len(heads)).value = (f"=SUMPRODUCT(--({party_rng}=$A{r}))" if literal
                                        else f"=COUNTIFS({party_rng},$A{r})")
        for c in range(2, len(heads) + 1):
            style(ws.cell(r, c), "YP Luku")
    if names:
        add_table(ws, "Yhteenveto_osapuolet", f"A{top}:{total_col}{top + len(names)}")
    # headers and party names wrap (both languages in a bilingual matrix): rows high enough
    per_line = line_widths(ws)
    for r in (STATUS_TOP, top):
        fit_height(ws, r, [(cell.value, per_line[c], font_size(cell))
                           for c in range(1, len(heads) + 1)
                           for cell in (ws.cell(r, c),) if cell.value is not None])
    for r in range(STATUS_TOP + 1, top + len(names) + 1):
        fit_height(ws, r, [(ws.cell(r, 1).value, per_line[1], font_size(ws.cell(r, 1)))])
    right = get_column_letter(SUMMARY_COLUMNS)
    ws.print_area = f"A1:{right}{top + max(1, len(names))}"
    if len(names) > PARTY_ROWS_ON_FIRST_PAGE:
        # the table by party starts a printed page, so that its header is not left at the
        # foot of the first page and its rows on the next
        ws.row_breaks.append(Break(id=top - 2))


CONFLICT_HEADERS = ("Tunnus", "Sarake", "Lähetetty arvo", "Nro", "Tiedosto", "Solu", "Arvo",
                    "Valinta", "Voimassa")
CONFLICT_WIDTHS = (24, 22, 24, 6, 28, 16, 40, 16, 10)
CONFLICT_KEY_HEADERS = ("Tunnus", "Sarake", "Valinta")
"""The headers by which the reader finds a conflict's rows and the choice typed for it (in
Finnish; the reader accepts each in every form of :func:`._labels.forms`)."""
CONFLICT_TOP = 3
"""Header row of the ``Ristiriidat`` table; row 1 says what state the conflicts are in."""
CHOSEN_MARK = "✓"
COORDINATOR = "(koordinaattori)"

_RESOLVED: dict[Lang, str] = {
    "fi": "Ristiriidat on ratkaistu. Kaikki arvot ovat tallessa alla; voimaan jäänyt arvo on "
          "merkitty sarakkeeseen {Voimassa} ({mark}).",
    "sv": "Konflikterna är lösta. Alla värden finns kvar nedan; det värde som gäller är "
          "markerat i kolumnen {Voimassa} ({mark}).",
}
_UNRESOLVED: dict[Lang, str] = {
    "fi": "{count} ratkaisematta: katso {Ristiriidat}-välilehti. Kirjoita sarakkeeseen "
          "{Valinta} voimaan jäävän arvon {Nro} (0 = lähetetty arvo) tai uusi arvo, tallenna ja "
          "aja: yhdyspinta-docs resolve SUUNNITELMA tämä-tiedosto --out {resolved}. "
          "Ennen sitä raportti ja seuraavan vuoden matriisi eivät käytä tätä tiedostoa.",
    "sv": "{count}: se fliken {Ristiriidat}. Skriv i kolumnen {Valinta} numret "
          "({Nro}) på det värde som ska gälla (0 = det skickade värdet) eller ett nytt värde, "
          "spara och kör: yhdyspinta-docs resolve PLAN den-här-filen --out {resolved}. Innan "
          "dess används filen inte för rapporten eller nästa års matris.",
}


def conflicts_line(unresolved: int, labels: Labels = FINNISH) -> str:
    """The line at the top of the ``Ristiriidat`` sheet (and the summary) of a merged matrix,
    one line per language of `labels`."""
    out: dict[Lang, str] = {}
    for lang in labels.langs:
        if not unresolved:
            text = _RESOLVED[lang].format(Voimassa=translate("Voimassa", lang), mark=CHOSEN_MARK)
        else:
            if lang == "fi":
                count = "1 ristiriita" if unresolved == 1 else f"{unresolved} ristiriitaa"
            else:
                count = ("1 olöst konflikt" if unresolved == 1
                         else f"{unresolved} olösta konflikter")
            text = _UNRESOLVED[lang].format(
                count=count, Ristiriidat=labels.sheet(SHEET_CONFLICTS),
                resolved=resolved_name((lang,)),
                **{w: translate(w, lang) for w in ("Valinta", "Nro")})
        out[lang] = text
    return labels.lines(out)


def write_conflicts(wb: Workbook, conflicts: Sequence[Conflict], index: int,
                    labels: Labels = FINNISH) -> None:
    """Add the ``Ristiriidat`` sheet at `index`: a line saying how many conflicts are
    unresolved, then one row per conflicting value (numbered, ``Nro``), a ``Valinta`` column
    for the coordinator's choice and, once resolved, the value in force marked ``Voimassa``
    (a value typed by the coordinator has its own row); in the language(s) of `labels`."""
    ws = wb.create_sheet(labels.sheet(SHEET_CONFLICTS), index)
    style = _styler(wb)
    unresolved = sum(c.chosen is None for c in conflicts)
    top = CONFLICT_TOP
    for c, (text, width) in enumerate(zip(CONFLICT_HEADERS, CONFLICT_WIDTHS, strict=True),
                                      start=1):
        put(ws.cell(top, c), labels(text))
        style(ws.cell(top, c), "YP Sarakeotsikko")
        ws.column_dimensions[get_column_letter(c)].width = width
    style(ws.cell(1, 1), "YP Väliotsikko")
    put_notice(ws, 1, conflicts_line(unresolved, labels), len(CONFLICT_HEADERS))
    r = top
    for conflict in sorted(conflicts, key=lambda c: c.chosen is not None):
        rows: list[tuple[object, ...]] = [
            (n, value.file, value.cell, value.value) for n, value in
            enumerate(conflict.values, start=1)]
        if conflict.chosen is not None and all(v.value != conflict.chosen
                                               for v in conflict.values):
            rows.append(("", labels(COORDINATOR), "", conflict.chosen))
        column = conflict.column_in(labels.langs)
        statuses = conflict.field == "status"  # stored in Finnish, shown as the matrix does
        for nro, file, where, value in rows:
            r += 1
            chosen = conflict.chosen is not None and value == conflict.chosen
            row = (conflict.key, column, _status(conflict.base, labels) if statuses else
                   conflict.base, nro, file, where,
                   _status(value, labels) if statuses else value,
                   None, CHOSEN_MARK if chosen else None)
            for c, item in enumerate(row, start=1):
                put(ws.cell(r, c), item)
                style(ws.cell(r, c), "YP Teksti")
    add_table(ws, SHEET_CONFLICTS,
              f"A{top}:{get_column_letter(len(CONFLICT_HEADERS))}{max(r, top + 1)}")
    fit_heights(ws, range(top, r + 1))
    ws.oddHeader.center.text = "&A"
    ws.oddFooter.right.text = f"{labels('Sivu')} &P / &N"
    ws.freeze_panes = f"A{top + 1}"
    ws.print_title_rows = f"{top}:{top}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _status(value: object, labels: Labels) -> object:
    """A status stored in Finnish (``Valmis``) in the language(s) of `labels`."""
    return labels(value) if value in _STATUSES else value


_STATUSES = frozenset(s.value for s in Status)


def read_choices(ws: Sheet) -> dict[tuple[str, str], list[tuple[str, Any]]] | None:
    """The ``Valinta`` cells of the ``Ristiriidat`` sheet by (row key, column header in
    Finnish), found by header text in any language (the coordinator may sort or filter the
    sheet); the first cell of each conflict is listed first even when empty, so a missing
    choice can be named. None when no row has the headers."""
    wanted = {normalize_header(form): fi for fi in CONFLICT_KEY_HEADERS for form in forms(fi)}
    head = None
    for r in range(1, min(ws.max_row, CONFLICT_TOP + 7) + 1):
        found: dict[str, int] = {}
        for c in range(1, ws.max_column + 1):
            fi = wanted.get(normalize_header(ws.cell(r, c).value))
            if fi is not None:
                found.setdefault(fi, c)
        if len(found) == len(CONFLICT_KEY_HEADERS):
            head = r, found
            break
    if head is None:
        return None
    top, found = head
    col = [found[h] for h in CONFLICT_KEY_HEADERS]
    out: dict[tuple[str, str], list[tuple[str, Any]]] = {}
    for r in range(top + 1, ws.max_row + 1):
        key, header, choice = (ws.cell(r, c).value for c in col)
        if not isinstance(key, str) or not isinstance(header, str):
            continue
        cell = ws.cell(r, col[2])
        out.setdefault((key.strip(), normalize_header(finnish_label(header))), []).append(
            (cell_ref(ws.title, cell.coordinate), cell_text(choice)))
    return out
