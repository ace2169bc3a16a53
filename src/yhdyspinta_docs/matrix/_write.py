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

**Languages.** A matrix is written in its recipient's language(s) (:func:`matrix_langs`: a
party's ``kielet``, else the plan's; ``langs`` overrides): the template's Finnish sheet names,
headers, statuses, instructions and notes are translated at write time (:mod:`._localize`,
:mod:`._labels`, :mod:`._help`) and the plan's texts taken in that language.

Every matrix embeds, on the very hidden ``Tiedot`` sheet, the plan id and version, the
follow-up period, the template version, the recipient, the BASE value sent for every input
cell and a signature over them made with the plan's key (:mod:`._signing`); the reader uses
these for a three-way merge and, by the signature, knows which party a returned copy was sent
to. The key itself is never written into a matrix. The combined copy is signed with the
recipient :data:`~yhdyspinta_docs.matrix._signing.COMBINED`, which no party has.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._arguments import key_argument, languages_argument
from ..contexts import Localizer
from ..errors import Issue, MatrixError, TemplateError
from ..plan import Lang, Measure, PlanFile
from ._conflict import Conflict
from ._fill import columns, fill_rows, load_template
from ._followup import (
    ARCHIVE_COLUMNS,
    COLUMNS,
    SHEET_ARCHIVE,
    SHEET_CONFLICTS,
    SHEET_DATA,
    SHEET_HELP,
    SHEET_META,
    SHEET_SUMMARY,
    FollowupData,
    FollowupRow,
    row_key,
)
from ._help import fill_help
from ._labels import Labels, matrix_languages, translate
from ._localize import (
    localize_headers,
    localize_sheets,
    protect,
    reason_text,
    status_sentence,
    status_text,
)
from ._meta import write_meta
from ._save import save_workbook
from ._sheets import (
    SUMMARY_COLUMNS,
    conflicts_line,
    put_notice,
    write_conflicts,
    write_summary,
)
from ._values import MAX_CELL_CHARS

__all__ = ["MatrixResult", "SentCells", "carry_over", "check_translations", "matrix_langs",
           "merge_date", "plan_cells", "plan_rows", "render_matrix", "write_matrix"]

CHART_ALT = ("Pylväskaavio: seurantarivien määrä tilanteen mukaan. Samat luvut ovat "
             "taulukossa kaavion vasemmalla puolella.")
_STATUS_LITERAL_RE = re.compile(r'"([^"]*)"')


@dataclass(frozen=True)
class MatrixResult:
    """A written matrix: the .xlsx bytes, what it holds, and the entries moved to Arkisto."""

    data: bytes
    followup: FollowupData
    archived: list[FollowupRow] = field(default_factory=list)


def write_matrix(pf: PlanFile, *, key: bytes, party: str | None = None,
                 previous: FollowupData | None = None, period: str | None = None,
                 template: Path | None = None, date: dt.date | None = None,
                 archive_date: dt.date | None = None,
                 langs: Sequence[Lang] | None = None) -> MatrixResult:
    """Return the follow-up matrix of `pf` as .xlsx bytes.

    `key` is the plan's key (:func:`._signing.load_or_create_key`); the copy is
    signed with it, and collect verifies the returned copy with the same key.
    `party`: a party id for that party's own copy (only its rows), None for the
    coordinator's combined copy with every row. `previous`: follow-up data of an earlier matrix
    (from :func:`yhdyspinta_docs.matrix._collect.read_matrix` or ``collect(...).data``); its entries
    are carried over by row key, and entries whose row is no longer in the plan go to the
    ``Arkisto`` sheet (and to ``result.archived``). `period`: the follow-up period shown and
    recorded, e.g. ``"2026"`` (default: the year of `date`).
    `date`: the creation date stored in the file (default the plan's date,
    :attr:`~yhdyspinta_docs.plan.PlanFile.dated`: never the clock); the same inputs and date
    give the same bytes. `archive_date`: the date entries moved to ``Arkisto`` now are
    archived on (the date of this merge); default the latest of `date`, the date of the
    previous matrix and the latest ``Päivitetty`` date in it, so an entry is never archived
    before the date it was written. `langs`: the language(s) of the matrix (``("sv",)``,
    ``("fi", "sv")`` for a bilingual one); default the party's ``kielet``, for the combined
    copy (and a party without its own) the plan's ``kielet``. Raises :class:`MatrixError` for
    an unknown party or a `previous` from another plan, :class:`TemplateError` for a template
    that does not fit.
    """
    key = key_argument(key, "write_matrix(key=…)")
    langs = languages_argument(langs, "write_matrix(langs=…)")
    when = date or pf.dated
    if party is not None and pf.party(party) is None:
        from ..plan._checks import unknown_party

        raise MatrixError([Issue("", unknown_party(party, pf))])
    chosen = matrix_langs(pf, party, langs)
    check_translations(pf, chosen)
    rows = plan_rows(pf, party, chosen)
    if not rows:
        raise MatrixError([Issue("", f"party '{party}' is not responsible for any measure of "
                                 f"plan '{pf.plan.id}'; there is nothing to follow up")])
    archived: list[FollowupRow] = []
    if previous is not None:
        if previous.plan_id != pf.plan.id:
            raise MatrixError([Issue("", f"the previous follow-up data is of plan "
                                     f"'{previous.plan_id}', not '{pf.plan.id}'")])
        rows, archived = carry_over(pf, rows, previous, party,
                                    archive_date or merge_date(previous, when))
    data = FollowupData(
        plan_id=pf.plan.id, plan_version=pf.plan.version,
        period=period or str(when.year),
        recipient=party, rows=rows, archived_rows=archived,
    )
    new_archived = [r for r in archived if previous is None or r not in previous.archived_rows]
    return MatrixResult(render_matrix(pf, data, key=key, template=template, date=when,
                                      langs=chosen), data, new_archived)


def matrix_langs(pf: PlanFile, party: str | None = None,
                 langs: Sequence[Lang] | None = None) -> tuple[Lang, ...]:
    """The language(s) of a matrix of `pf` for `party` (None: the combined copy): `langs` if
    given, else the party's ``kielet``, else the plan's ``kielet``."""
    p = pf.party(party) if party else None
    return matrix_languages(pf.languages, p.languages if p else None, langs)


def check_translations(pf: PlanFile, langs: Sequence[Lang]) -> None:
    """Raise :class:`~yhdyspinta_docs.errors.PlanError` listing every text of `pf` missing in
    one of `langs` (with file and line), as a build does: a matrix is not made in mixed
    languages (the parties' own handling and decisions, which it does not show, aside)."""
    from ..plan._loader import check_languages

    check_languages(pf, langs, proposals=False, extracts=False)


def _text(pf: PlanFile, value: Any, langs: Sequence[Lang] = ("fi",)) -> str:
    """A plan text as the documents show it, in each of `langs` (`` / `` between two that
    differ); a language the text lacks falls back to the plan's own language, then Finnish;
    references expanded (``{{`` is a literal brace) and sanitised, like
    :class:`~yhdyspinta_docs.contexts.Localizer` does for the Word documents."""
    out: list[str] = []
    for want in langs:
        order: tuple[Lang, ...] = (want, pf.language, "fi", "sv")
        for lang in dict.fromkeys(order):
            loc = Localizer(pf, lang)
            text = loc.text(value, ())
            if not loc.missing:
                out.append(text)
                break
    return " / ".join(t for t in dict.fromkeys(out) if t)


def plan_rows(pf: PlanFile, party: str | None = None,
              langs: Sequence[Lang] | None = None) -> list[FollowupRow]:
    """Return the empty rows of `pf` (one per measure and responsible party), plan order,
    with measure titles and party names in `langs` (default the plan's first language).

    Raises :class:`MatrixError` naming the plan field when a measure title or party name is
    too long for a cell (openpyxl would cut it silently at 32,767 characters).
    """
    langs = tuple(langs or pf.languages[:1])
    titles = {m.id: _cell_text(pf, m.title, ("suunnitelma", "toimenpiteet", i, "otsikko"), langs)
              for i, m in enumerate(pf.plan.measures)}
    names = {p.id: _cell_text(pf, p.name, ("osapuolet", i, "nimi"), langs)
             for i, p in enumerate(pf.parties)}
    out = []
    for m in pf.plan.measures:
        for p in pf.responsible_parties(m):
            if party is None or p.id == party:
                out.append(FollowupRow(key=row_key(m.id, p.id), measure_id=m.id, party_id=p.id,
                                       measure=titles[m.id], party=names[p.id]))
    return out


def plan_cells(pf: PlanFile, party: str | None, langs: Sequence[Lang]
               ) -> dict[str, dict[str, str | None]]:
    """What a matrix of `pf` for `party` in `langs` shows in its locked columns (measure,
    party, schedule, indicators), by row key: the reader compares a returned file with it."""
    out: dict[str, dict[str, str | None]] = {}
    measures: dict[str, dict[str, object]] = {}
    for r in plan_rows(pf, party, langs):
        if r.measure_id not in measures:
            measures[r.measure_id] = _measure_values(pf, pf.plan.measure(r.measure_id), langs)
        values = {"measure": r.measure, "party": r.party, **measures[r.measure_id]}
        out[r.key] = {k: v if isinstance(v, str) else None for k, v in values.items()}
    return out


class SentCells:
    """What matrices of one plan show in their locked columns (measure, party, schedule,
    indicators), by row key, for every party at once: made once per language and kept, so
    that reading many returned files does not repeat it for each (see :func:`plan_cells`)."""

    def __init__(self, pf: PlanFile) -> None:
        self._pf = pf
        self._by_langs: dict[tuple[Lang, ...], dict[str, dict[str, str | None]]] = {}

    def __call__(self, langs: tuple[Lang, ...]) -> dict[str, dict[str, str | None]]:
        if langs not in self._by_langs:
            self._by_langs[langs] = plan_cells(self._pf, None, langs)
        return self._by_langs[langs]


def _cell_text(pf: PlanFile, value: Any, loc: tuple[str | int, ...],
               langs: Sequence[Lang]) -> str:
    text = _text(pf, value, langs)
    if len(text) > MAX_CELL_CHARS:
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
        raise MatrixError([Issue(where, f"text of {len(text)} characters does not fit in a "
                                 f"matrix cell (at most {MAX_CELL_CHARS}); shorten it")])
    return text


def merge_date(previous: FollowupData, when: dt.date) -> dt.date:
    """The date of a merge that carries `previous` into a matrix dated `when`: the latest of
    `when`, the previous matrix's own date and its latest entry date (inputs, not the clock)."""
    dates = [when, previous.created, *(r.updated for r in previous.rows)]
    return max(d for d in dates if d is not None)


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


def _measure_values(pf: PlanFile, m: Measure | None, langs: Sequence[Lang]
                    ) -> dict[str, object]:
    if m is None:
        return {}
    schedule = _text(pf, m.schedule, langs)
    if m.deadline:
        d = m.deadline
        when = " / ".join(dict.fromkeys(translate("Määräaika", lang) for lang in langs))
        schedule = "\n".join(s for s in (schedule, f"{when} {d.day}.{d.month}.{d.year}") if s)
    return {"schedule": schedule or None,
            "indicators": "\n".join(_text(pf, i, langs) for i in m.indicators) or None}


def render_matrix(pf: PlanFile, data: FollowupData, *, key: bytes,
                  conflicts: Sequence[Conflict] = (), template: Path | None = None,
                  date: dt.date | None = None, langs: Sequence[Lang] | None = None,
                  sent: Sequence[FollowupRow] | None = None,
                  returned: Sequence[str] = (), collected: Sequence[str] = (),
                  taken: Mapping[str, Mapping[str, str]] | None = None) -> bytes:
    """Return the .xlsx bytes of `data` (rows as given) built from the template, signed
    with the plan's `key`, in the language(s) `langs` (default: the recipient's, see
    :func:`matrix_langs`): sheet names, headers, statuses and their list, instructions,
    summary, conflicts and document properties (see :mod:`._labels`).

    `conflicts` adds a ``Ristiriidat`` sheet (first, and a line on the summary, while any is
    unresolved) and is signed on the metadata sheet, so a merged matrix with unresolved
    conflicts is refused until they are resolved. Used by :func:`write_matrix`, by collect
    and by resolve.

    `sent` is stored (and signed) as the values sent, by default `data`'s rows: a merged
    matrix keeps what this round's copies were sent with, so that an entry collected this
    round can be told from one carried over from the last. `returned` (a merged matrix's) is
    stored and signed as the parties whose copies were collected into it, `collected` as
    those copies' SHA-256 digests, `taken` as the record of the cells taken from them
    (:mod:`._taken`).
    """
    key = key_argument(key, "render_matrix(key=…)")
    langs = languages_argument(langs, "render_matrix(langs=…)")
    when = date or pf.dated
    labels = Labels(matrix_langs(pf, data.recipient, langs))
    wb = load_template(template)
    names = localize_sheets(wb, labels, archive=bool(data.archived_rows))
    ws = wb[names[SHEET_DATA]]
    cols = columns(ws, COLUMNS, SHEET_DATA)
    party = pf.party(data.recipient) if data.recipient else None
    party_name = _text(pf, party.name, labels.langs) if party else ""
    measures: dict[str, dict[str, object]] = {}
    for r in data.rows:
        if r.measure_id not in measures:
            measures[r.measure_id] = _measure_values(pf, pf.plan.measure(r.measure_id),
                                                     labels.langs)
    # dict(r) is r.model_dump() for these flat rows (strings, a status, dates)
    values = [{**dict(r), **measures[r.measure_id], "status": status_text(r.status, labels)}
              for r in data.rows]
    last = fill_rows(ws, cols, COLUMNS, values)
    localize_headers(ws, cols, COLUMNS, labels)
    plan_name = _text(pf, pf.plan.name, labels.langs)
    write_summary(wb[names[SHEET_SUMMARY]], pf, data, cols, last, plan_name, labels,
                  names[SHEET_DATA])
    if SHEET_ARCHIVE in names:
        if data.archived_rows:
            arch = wb[names[SHEET_ARCHIVE]]
            arch_cols = columns(arch, ARCHIVE_COLUMNS, SHEET_ARCHIVE)
            fill_rows(arch, arch_cols, ARCHIVE_COLUMNS,
                      [{**r.model_dump(), "status": status_text(r.status, labels),
                        "archive_reason": reason_text(r.archive_reason, labels)}
                       for r in data.archived_rows])
            localize_headers(arch, arch_cols, ARCHIVE_COLUMNS, labels)
    elif data.archived_rows:
        raise TemplateError([Issue(SHEET_ARCHIVE, "the template has no Arkisto sheet, and "
                                   "there are archived entries to keep")])
    unresolved = sum(c.chosen is None for c in conflicts)
    if conflicts:
        # unresolved conflicts come first, so the file opens on them; resolved ones are
        # history, after the summary
        write_conflicts(wb, conflicts,
                        0 if unresolved else wb.sheetnames.index(names[SHEET_SUMMARY]) + 1,
                        labels)
        names[SHEET_CONFLICTS] = labels.sheet(SHEET_CONFLICTS)
    if unresolved:
        put_notice(wb[names[SHEET_SUMMARY]], 3, conflicts_line(unresolved, labels),
                   SUMMARY_COLUMNS)
    fields = {lang: {"suunnitelma": _text(pf, pf.plan.name, (lang,)), "versio": pf.plan.version,
                     "kausi": data.period or "–",
                     "vastaanottaja": (_text(pf, party.name, (lang,)) if party else
                                       translate("koordinaattori (kaikki vastuutahot)", lang))}
              for lang in labels.langs}
    fill_help(wb[names[SHEET_HELP]], labels, fields,
              {fi: name for fi, name in names.items() if name in wb.sheetnames},
              lambda lang: status_sentence(lang, labels))
    write_meta(wb[SHEET_META], data, when, key, conflicts, sent=sent, returned=returned,
               collected=collected, taken=taken)
    protect(wb)
    props = wb.properties
    period = f" {data.period}" if data.period else ""
    props.title = f"{labels('Seurantamatriisi')}{period}: {plan_name}" + (
        f" – {party_name}" if party_name else "")
    props.subject = labels("Yhdyspintasuunnitelman seuranta")
    organiser = pf.lead
    # the organisation that keeps the follow-up, named in the first language
    props.creator = _text(pf, organiser.name, labels.langs[:1])
    props.keywords = labels("seurantamatriisi; yhdyspintasuunnitelma")
    props.language = labels.language_tag
    props.lastModifiedBy = None
    wb.active = 0
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = sheet is wb.worksheets[0]
    return save_workbook(wb, when, chart_alt=labels.lines(
        {lang: translate(CHART_ALT, lang) for lang in labels.langs}))
