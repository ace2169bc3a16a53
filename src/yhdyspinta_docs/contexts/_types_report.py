"""The context of the follow-up report (report.docx), as TypedDicts.

The string after each key documents it (see :mod:`._types`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, TypedDict

from ._types_blocks import Block, Labels

if TYPE_CHECKING:
    from ..word import Figure

__all__ = [
    "ReportContext",
    "ReportMeasure",
    "ReportParty",
    "ReportRow",
    "ReportWords",
    "StatusCounts",
    "StatusNames",
    "TableRow",
]


class ReportWords(TypedDict):
    """Fixed words of the report in the document language (raportin kiinteät sanat)."""

    title: str
    """Report title word (seurantaraportti)."""
    results: str
    """Heading: results (seurannan tulokset)."""
    late: str
    """Heading: rows marked delayed (viivästyneet)."""
    overdue: str
    """Heading: rows past their measure's deadline and not done (määräaika umpeutunut)."""
    changes: str
    """Heading: changes since the previous follow-up (muutokset)."""
    by_measure: str
    """Heading: status by measure (tilanne toimenpiteittäin)."""
    by_party: str
    """Heading: statuses counted by party (tilanne vastuutahoittain)."""
    by_party_caption: str
    """Caption of that table, after its number (vastuutahojen rivit tilanteen mukaan)."""
    total: str
    """Column: rows of a party in all (yhteensä)."""
    not_returned_mark: str
    """Mark of a party, and of its rows, when it did not return its copy of the matrix
    (matriisi palauttamatta)."""
    returned_empty_mark: str
    """Mark of a party that returned its copy with every row empty (palautettu ilman
    merkintöjä)."""
    chart: str
    """Chart title (tilanteet)."""
    no_late: str
    """Sentence: no row is marked delayed (ei viivästyneitä)."""
    no_changes: str
    """Sentence: nothing changed (ei muutoksia)."""
    changes_attached: str
    """Sentence with {n}: how many changes the report lists (the proposal's, when many)."""
    rows: str
    """Sentence with {n}, the number of rows (rivimäärä)."""
    alt: str
    """Chart alt text with {counts} (kaavion vaihtoehtoinen teksti)."""
    proposal: str
    """Decision formula with {toimielin} (päätöskaava)."""
    party: str
    """Column: responsible party (vastuutaho)."""
    status: str
    """Column: status (tilanne)."""
    description: str
    """Column: status description (tilannekuvaus)."""
    measure: str
    """Column: measure (toimenpide)."""
    deadline_passed: str
    """Phrase with {date}: the deadline has passed (määräaika on umpeutunut)."""
    table: str
    """Caption word of a table, before its number (taulukko)."""
    next_steps: str
    """Column: next steps (seuraavat toimenpiteet)."""
    updated: str
    """Column: date of the entry (päivitetty)."""
    contact: str
    """Label: contact person (yhteyshenkilö)."""
    carried_over: str
    """Mark under the date of an entry carried over from an earlier period (aiempi kausi)."""
    carried_rows: str
    """Sentence with {n}: rows carried over without an update (siirtyneet rivit)."""
    carried_note: str
    """Sentence: what the mark under a carried-over entry's date means (merkinnän selitys)."""


class ReportRow(TypedDict):
    """One responsible party's entry for a measure (vastuutahon seurantatieto)."""

    party: str
    """Responsible party (vastuutaho)."""
    status: str
    """Status text, the matrix's "Ei merkintää" when missing (tilanne)."""
    description: str
    """Status description, or "" (tilannekuvaus)."""
    next_steps: str
    """Next steps, or "" (seuraavat toimenpiteet)."""
    updated: str
    """Date of the entry d.m.yyyy, or "" (päivitetty)."""
    contact: str
    """Contact the party typed, or ""; always "" in a public version (yhteyshenkilö)."""
    carried_over: bool
    """True when the entry was not updated in this period: dated before the period's start,
    or equal to the previous period's entry (siirtynyt aiemmalta kaudelta)."""
    not_returned: bool
    """True when the party did not return its copy of the matrix (as
    ReportContext.not_returned; palauttamatta)."""
    long: bool
    """True when the row would not fit on one page (its texts some 40 lines long): the
    default report lets such a row break across pages and keeps every other row whole
    (pitkä rivi)."""


class StatusNames(TypedDict):
    """The statuses as the matrix names them, and its word for a row without one
    (tilanteiden nimet)."""

    not_started: str
    """Ei aloitettu."""
    in_progress: str
    """Käynnissä."""
    done: str
    """Valmis."""
    delayed: str
    """Viivästynyt."""
    no_entry: str
    """Ei merkintää."""


class StatusCounts(TypedDict):
    """Rows counted by status, keys as in StatusNames (tilanteet lukumäärinä)."""

    not_started: int
    """Rows not started (ei aloitettu)."""
    in_progress: int
    """Rows in progress (käynnissä)."""
    done: int
    """Rows done (valmis)."""
    delayed: int
    """Rows delayed (viivästynyt)."""
    no_entry: int
    """Rows without a status (ei merkintää)."""


class ReportParty(TypedDict):
    """A responsible party's rows counted by status (vastuutahon tilanteet)."""

    party: str
    """Responsible party (vastuutaho)."""
    counts: StatusCounts
    """Its rows by status (tilanteittain)."""
    total: int
    """Its rows in all (yhteensä)."""
    not_returned: bool
    """True when it did not return its copy of the matrix (palauttamatta)."""
    returned_empty: bool
    """True when it returned its copy with none of its rows filled in: as good as no reply,
    but not the same (palautettu ilman merkintöjä)."""


class ReportMeasure(TypedDict):
    """A measure with its parties' entries (toimenpiteen seuranta)."""

    number: str
    """Running number (järjestysnumero)."""
    title: str
    """Title of the measure (toimenpide)."""
    facts: str
    """Its schedule with the deadline and its indicators, as the plan document labels them,
    "Aikataulu: 2026, 31.10.2026 · Mittarit: …"; "" when it has none (aikataulu ja
    mittarit)."""
    counts: str
    """Statuses counted in the matrix's workflow order, e.g. "Käynnissä 5, Valmis 2"
    (tilanteet lukumäärineen)."""
    rows: list[ReportRow]
    """One entry per responsible party (vastuutahojen rivit)."""


class TableRow(TypedDict):
    """A row of the report's data table: one measure and party (taulukon rivi)."""

    measure: str
    """Number and title of the measure (toimenpide)."""
    party: str
    """Responsible party (vastuutaho)."""
    status: str
    """Status text (tilanne)."""
    description: str
    """Status description, or "" (tilannekuvaus)."""
    next_steps: str
    """Next steps, or "" (seuraavat toimenpiteet)."""
    updated: str
    """Date of the entry, or "" (päivitetty)."""
    contact: str
    """Contact the party typed, or ""; always "" in a public version (yhteyshenkilö)."""
    carried_over: bool
    """True when the entry was not updated in this period (siirtynyt aiemmalta kaudelta)."""
    not_returned: bool
    """True when the party did not return its copy of the matrix (palauttamatta)."""
    long: bool
    """True when the row would not fit on one page (pitkä rivi)."""


class ReportContext(TypedDict):
    """The annual follow-up report, report.docx (seurantaraportti)."""

    lang: Literal["fi", "sv"]
    """Document language (asiakirjan kieli)."""
    labels: Labels
    """Fixed label texts (kiinteät otsikot)."""
    words: ReportWords
    """Fixed words of the report (raportin sanat)."""
    organisation: str
    """The plan item's deciding party (organisaatio)."""
    doc_type: str
    """Document type shown in the header (asiakirjan tyyppi)."""
    date: str
    """Report date d.m.yyyy, or "" (päiväys)."""
    title: str
    """Report title (otsikko)."""
    period: str
    """Follow-up period, or "" (seurantakausi)."""
    summary: list[Block]
    """Row count, statuses, the parties that did not return their copy and the number of
    carried-over rows (yhteenveto)."""
    chart: Figure
    """Status bar chart with alt text; write {{ chart }} alone in a paragraph (kaavio)."""
    chart_alt: str
    """The chart's alt text, also usable as a caption (kaavion kuvaus)."""
    measures: list[ReportMeasure]
    """Measures with their entries (toimenpiteet)."""
    status_names: StatusNames
    """The statuses as the matrix names them: the column headings of by_party (tilanteiden
    nimet)."""
    by_party: list[ReportParty]
    """Every party responsible for a row, plan order, its rows counted by status; the
    default report shows it as table 1 (tilanne vastuutahoittain)."""
    by_party_total: ReportParty
    """The rows of all parties counted by status, named words.total: the total row of
    table 1 (yhteensä)."""
    table: list[TableRow]
    """One row per measure and party, for one table of all measures; the default report
    makes a table per measure from measures[].rows (taulukko)."""
    late: list[str]
    """Rows whose status is delayed, as counted in the summary: a line per measure that has
    any, its title and the parties, "Toimenpide: Osapuoli, Osapuoli" (viivästyneet)."""
    overdue: list[str]
    """Rows whose measure's deadline is before the report's date and that are not done,
    whatever their status, one line each with the deadline and the status (määräaika
    umpeutunut)."""
    changes: list[str]
    """Changes since the previous follow-up, one line each: status changes, measures new in
    the plan (marked new) or a party newly responsible for one, and measures or rows that
    left the plan, with how many of their entries went to the archive sheet (muutokset)."""
    not_returned: list[str]
    """The parties responsible for rows that did not return their copy of the matrix (not
    collected into the merged matrix), plan order; [] when none, or when the merged matrix
    records no collection; the summary names them in a sentence (palauttamatta)."""
    has_previous: bool
    """True when a previous period was given (edellinen seuranta annettu)."""
    archived: int
    """Rows kept in the archive sheet (arkistoidut rivit)."""
    carried_over: int
    """Entries not updated in this period, carried over from an earlier one (siirtyneet)."""
    public: bool
    """True in the web version: no contacts, personal data replaced (julkinen versio)."""
