"""What a Word template may use: the shape of every template context, as TypedDicts.

These are the single source of truth for template variables. :mod:`.template_check` checks a
template against them, ``tools/make_template_docs.py`` writes docs/templates.md from them, and
a test asserts that the contexts built from the bundled examples have exactly these keys, so
the three cannot drift apart.

The string after each key is its documentation (English, then the Finnish term); it is read
from this source by :func:`key_docs`. All keys always exist; an optional value is ``""`` or
``[]``. Every string is already formatted and sanitised: templates never format anything.
"""

from __future__ import annotations

import ast
import functools
import inspect
import types
import typing
from typing import TYPE_CHECKING, Any, Literal, TypedDict, Union, get_args, get_origin

if TYPE_CHECKING:
    from ..word import Figure

__all__ = [
    "CONTEXT_TYPES",
    "Agreement",
    "Block",
    "Chapter",
    "DecisionContext",
    "Event",
    "Labels",
    "LinesBlock",
    "ListBlock",
    "ParagraphBlock",
    "PlanContext",
    "PlanMeasure",
    "ReportContext",
    "ReportMeasure",
    "ReportRow",
    "ReportWords",
    "Section",
    "TableRow",
    "fields_of",
    "hints",
    "is_typeddict",
    "item_type",
    "key_docs",
    "mismatches",
    "type_label",
    "variants",
]


# --- shared shapes ------------------------------------------------------------------------------


class ParagraphBlock(TypedDict):
    """A paragraph of text (kappale)."""

    kind: Literal["paragraph"]
    """Always "paragraph" (lohkon laji: kappale)."""
    text: str
    """The paragraph's text; may contain \\n line breaks (kappaleen teksti)."""


class ListBlock(TypedDict):
    """A real Word list that restarts at 1 (luettelo)."""

    kind: Literal["list"]
    """Always "list" (lohkon laji: luettelo)."""
    ordered: bool
    """True for a numbered list, false for bullets (numeroitu luettelo)."""
    items: list[str]
    """The list items; write b['items'], not b.items (luettelon kohdat)."""


class LinesBlock(TypedDict):
    """Lines without bullets, one item per line, e.g. working-group members (rivit)."""

    kind: Literal["lines"]
    """Always "lines" (lohkon laji: rivit)."""
    items: list[str]
    """The lines; write b['items'], not b.items (rivit)."""


Block = ParagraphBlock | ListBlock | LinesBlock
"""One block of text: test ``b.kind`` before using ``b.text`` or ``b['items']``."""


class Labels(TypedDict):
    """Fixed label texts in the document language (kiinteät otsikot, formatting.LABELS)."""

    doc_type: str
    """Document type of a decision proposal (asiakirjan tyyppi)."""
    page: str
    """Page (sivu)."""
    dnro: str
    """Record number label (diaarinumero)."""
    previous: str
    """Earlier handling (aikaisempi käsittely)."""
    preparer: str
    """Preparer, one person (valmistelija)."""
    preparers: str
    """Preparers, several (valmistelijat)."""
    explanation: str
    """Explanation of the item (selostus asiasta)."""
    competence: str
    """Competence, the rule giving the power to decide (toimivalta)."""
    presenter: str
    """Presenter (esittelijä)."""
    proposal: str
    """Decision proposal (päätösehdotus)."""
    attachments: str
    """Attachments (liitteet)."""
    attachment: str
    """Attachment, one (liite)."""
    for_information: str
    """For information, recipients (tiedoksi)."""
    appeal: str
    """Appeal instructions (muutoksenhaku)."""
    draft: str
    """Draft marking (luonnos)."""
    meeting: str
    """Meeting (kokous)."""
    contact: str
    """Further information (lisätietoja)."""
    missing_date: str
    """Draft reason: no meeting date (kokouspäivä puuttuu)."""
    missing_presenter: str
    """Draft reason: no presenter (esittelijä puuttuu)."""
    missing_proposal: str
    """Draft reason: no proposal (päätösehdotus puuttuu)."""
    plan_doc_type: str
    """Document type of the plan (suunnitelma)."""
    report_doc_type: str
    """Document type of the follow-up report (seurantaraportti)."""
    measures: str
    """Measures (toimenpiteet)."""
    responsible: str
    """Responsible parties (vastuutahot)."""
    schedule: str
    """Schedule (aikataulu)."""
    indicators: str
    """Indicators (mittarit)."""
    working_group: str
    """Preparing working group (valmisteleva työryhmä)."""
    events: str
    """Stages of preparation (valmistelun vaiheet)."""
    followup: str
    """Principles of follow-up (seurannan periaatteet)."""
    agreement: str
    """Strategic cooperation agreement (strateginen yhteistyösopimus)."""
    legal_basis: str
    """Legal basis (lakiperuste)."""
    all_parties: str
    """All parties, as a responsible party (kaikki osapuolet)."""
    period: str
    """Plan period (suunnitelmakausi)."""
    strategy: str
    """Description of the strategy interface (strategian liittymäpinnan kuvaus)."""
    summary: str
    """Summary (tiivistelmä)."""
    measure: str
    """Measure, one (toimenpide)."""
    description: str
    """Description (kuvaus)."""
    number: str
    """Number column (numero)."""
    version: str
    """Version (versio)."""
    agreement_section: str
    """Heading: agreement and legal basis (sopimus ja lakiperuste)."""
    valid_from: str
    """Valid from (voimassa alkaen)."""
    valid_until: str
    """Valid until (voimassa saakka)."""
    approved: str
    """Approved (hyväksytty)."""
    approvals: str
    """Approval decisions (hyväksymispäätökset)."""
    replaces: str
    """Replaces (korvaa)."""
    replaces_until: str
    """Replaced agreement valid until (korvattava sopimus voimassa saakka)."""
    parties: str
    """Parties (osapuolet)."""
    measure_table_caption: str
    """Caption of the measure table (toimenpidetaulukon otsikko)."""
    goals: str
    """Goals (tavoitteet)."""
    lead: str
    """Lead party (päävastuutaho)."""
    theme: str
    """Theme (teema)."""
    preparation: str
    """Preparation (valmistelu)."""
    preparation_started: str
    """Preparation started (valmistelu aloitettu)."""
    report_chart_caption: str
    """Caption of the report's status chart (raportin kuvion otsikko)."""
    report_table_caption: str
    """Caption for one status table of all measures; the default report has a table per
    measure, captioned with words.table (raportin taulukon otsikko)."""


# --- decision proposal --------------------------------------------------------------------------


class Section(TypedDict):
    """A section of the explanation (selostuksen jakso)."""

    heading: str
    """Section heading, may be "" (jakson otsikko)."""
    level: int
    """Heading level, 2 or 3 (otsikkotaso)."""
    blocks: list[Block]
    """The section's text (jakson teksti)."""


class DecisionContext(TypedDict):
    """A decision proposal, decision.docx (päätösehdotus, esityslistan asia)."""

    lang: Literal["fi", "sv"]
    """Document language (asiakirjan kieli)."""
    labels: Labels
    """Fixed label texts (kiinteät otsikot)."""
    organisation: str
    """Deciding organisation, header line 1 (organisaatio)."""
    body: str
    """Deciding body (toimielin)."""
    doc_type: str
    """Document type shown in the header (asiakirjan tyyppi)."""
    date: str
    """Meeting date d.m.yyyy, or "" (kokouspäivä)."""
    dnro: str
    """Record number with its label, or "" (diaarinumero)."""
    section: str
    """Section of the item, or "" (pykälä)."""
    title: str
    """Item title, Heading 1 (asian otsikko)."""
    draft: bool
    """True for a visibly marked draft (luonnos)."""
    draft_reasons: list[str]
    """What is missing from a draft (luonnoksen puutteet)."""
    history: list[str]
    """Earlier handling, one line each (aikaisempi käsittely)."""
    preparers: list[str]
    """Preparers with contact details (valmistelijat)."""
    explanation: list[Section]
    """The explanation of the item (selostus asiasta)."""
    competence: str
    """Competence, or "" (toimivalta)."""
    presenter: str
    """Title and name of the presenter, or "" (esittelijä)."""
    proposal: list[Block]
    """The decision proposal (päätösehdotus)."""
    attachments: list[str]
    """Attachments with their numbers (liitteet)."""
    for_information: list[str]
    """Recipients for information (tiedoksi)."""
    appeal: str
    """Kind of appeal instructions, or "" (muutoksenhaku)."""
    contact: list[str]
    """Contact lines, organisation first; may be [] (lisätietoja)."""


# --- plan document ------------------------------------------------------------------------------


class Chapter(TypedDict):
    """A chapter of the agreement (sopimuksen luku)."""

    number: str
    """Chapter number, or "" (luvun numero)."""
    title: str
    """Chapter title (luvun otsikko)."""
    content: list[Block]
    """Chapter text (luvun sisältö)."""


class Agreement(TypedDict):
    """The strategic cooperation agreement the plan completes (strateginen yhteistyösopimus)."""

    name: str
    """Name of the agreement (sopimuksen nimi)."""
    valid_from: str
    """Valid from d.m.yyyy, or "" (voimassa alkaen)."""
    valid_until: str
    """Valid until d.m.yyyy, or "" (voimassa saakka)."""
    approved_when: str
    """When it was approved, free text, or "" (hyväksytty)."""
    approvals: list[str]
    """Approval decisions, one line per party (hyväksymispäätökset)."""
    chapters: list[Chapter]
    """Chapters of the agreement (luvut)."""
    replaces: str
    """Name of the agreement it replaces, or "" (korvattava sopimus)."""
    replaces_until: str
    """End of the replaced agreement, or "" (korvattava sopimus voimassa saakka)."""
    replaces_summary: list[Block]
    """What the replaced agreement said (korvattavan sopimuksen kuvaus)."""


class PlanMeasure(TypedDict):
    """A measure of the plan (toimenpide)."""

    number: str
    """Running number 1, 2, … in plan order (järjestysnumero)."""
    id: str
    """Permanent id, as in the follow-up matrix (tunnus)."""
    title: str
    """Title of the measure (otsikko)."""
    description: list[Block]
    """Description (kuvaus)."""
    responsible: str
    """Responsible parties, comma-separated (vastuutahot)."""
    lead: str
    """Coordinating party, or "" (päävastuutaho)."""
    schedule: str
    """Schedule and deadline, or "" (aikataulu)."""
    indicators: list[str]
    """Indicators (mittarit)."""
    goals: list[str]
    """Goals (tavoitteet)."""
    theme: str
    """Theme, or "" (teema)."""


class Event(TypedDict):
    """A stage of preparation (valmistelun vaihe)."""

    name: str
    """Name of the event (nimi)."""
    date: str
    """Date d.m.yyyy, or "" (päivämäärä)."""
    description: list[Block]
    """Description (kuvaus)."""


class PlanContext(TypedDict):
    """The plan document, plan.docx (yhdyspintasuunnitelma, päätösehdotuksen liite)."""

    lang: Literal["fi", "sv"]
    """Document language (asiakirjan kieli)."""
    labels: Labels
    """Fixed label texts (kiinteät otsikot)."""
    organisation: str
    """The handling party, header line 1 (organisaatio)."""
    region: str
    """The region (alue)."""
    doc_type: str
    """Document type shown in the header (asiakirjan tyyppi)."""
    date: str
    """The plan's date d.m.yyyy, or "" (päiväys)."""
    title: str
    """Name of the plan, Heading 1 (suunnitelman nimi)."""
    version: str
    """Plan version (versio)."""
    period: str
    """Plan period, or "" (suunnitelmakausi)."""
    legal_basis: str
    """Legal basis (lakiperuste)."""
    summary: list[Block]
    """Summary (tiivistelmä)."""
    agreement: Agreement
    """The agreement the plan completes (sopimus)."""
    parties: list[str]
    """Party names in plan order (osapuolet)."""
    measures: list[PlanMeasure]
    """Measures in plan order (toimenpiteet)."""
    followup: list[Block]
    """Principles of follow-up (seurannan periaatteet)."""
    preparation_started: str
    """When preparation started, or "" (valmistelu aloitettu)."""
    working_group: list[str]
    """Working-group members, one per line (valmisteleva työryhmä)."""
    events: list[Event]
    """Stages of preparation (valmistelun vaiheet)."""
    strategy: list[Block]
    """Description of the strategy interface (strategian liittymäpinta)."""


# --- follow-up report ---------------------------------------------------------------------------


class ReportWords(TypedDict):
    """Fixed words of the report in the document language (raportin kiinteät sanat)."""

    title: str
    """Report title word (seurantaraportti)."""
    results: str
    """Heading: results (seurannan tulokset)."""
    late: str
    """Heading: delayed measures (viivästyneet)."""
    changes: str
    """Heading: changes since the previous follow-up (muutokset)."""
    by_measure: str
    """Heading: status by measure (tilanne toimenpiteittäin)."""
    chart: str
    """Chart title (tilanteet)."""
    no_late: str
    """Sentence: nothing is late (ei viivästyneitä)."""
    no_changes: str
    """Sentence: nothing changed (ei muutoksia)."""
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
    """Phrase with {date}: deadline passed (määräaika ohitettu)."""
    table: str
    """Caption word of a table, before its number (taulukko)."""


class ReportRow(TypedDict):
    """One responsible party's entry for a measure (vastuutahon seurantatieto)."""

    party: str
    """Responsible party (vastuutaho)."""
    status: str
    """Status text, "Ei raportoitu" when missing (tilanne)."""
    description: str
    """Status description, or "" (tilannekuvaus)."""
    next_steps: str
    """Next steps, or "" (seuraavat toimenpiteet)."""
    updated: str
    """Date of the entry d.m.yyyy, or "" (päivitetty)."""


class ReportMeasure(TypedDict):
    """A measure with its parties' entries (toimenpiteen seuranta)."""

    number: str
    """Running number (järjestysnumero)."""
    title: str
    """Title of the measure (toimenpide)."""
    counts: str
    """Statuses counted, e.g. "Valmis 2, Käynnissä 5" (tilanteet lukumäärineen)."""
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
    """Row count and statuses (yhteenveto)."""
    chart: Figure
    """Status bar chart with alt text; write {{ chart }} alone in a paragraph (kaavio)."""
    chart_alt: str
    """The chart's alt text, also usable as a caption (kaavion kuvaus)."""
    measures: list[ReportMeasure]
    """Measures with their entries (toimenpiteet)."""
    table: list[TableRow]
    """One row per measure and party, for one table of all measures; the default report
    makes a table per measure from measures[].rows (taulukko)."""
    late: list[str]
    """Delayed measures, one line each (viivästyneet)."""
    changes: list[str]
    """Status changes since the previous follow-up (muutokset)."""
    has_previous: bool
    """True when a previous period was given (edellinen seuranta annettu)."""
    archived: int
    """Rows kept in the archive sheet (arkistoidut rivit)."""


CONTEXT_TYPES: dict[str, type] = {
    "decision": DecisionContext,
    "plan": PlanContext,
    "report": ReportContext,
}
"""Document kind → its context type. The report's decision proposal is a ``decision``."""


# --- reading the types --------------------------------------------------------------------------


def _figure() -> type:
    from ..word import Figure

    return Figure


def is_typeddict(tp: Any) -> bool:
    """True for a TypedDict class."""
    return isinstance(tp, type) and typing.is_typeddict(tp)


@functools.cache
def hints(td: type) -> dict[str, Any]:
    """Key → type of the TypedDict `td` (forward references resolved)."""
    return typing.get_type_hints(td, localns={"Figure": _figure()})


def variants(tp: Any) -> tuple[Any, ...]:
    """The members of a union type, or ``(tp,)``."""
    if get_origin(tp) in (Union, types.UnionType):
        return get_args(tp)
    return (tp,)


def fields_of(tp: Any) -> dict[str, Any] | None:
    """Key → type for a TypedDict or a union of them (keys of any variant), else None."""
    members = variants(tp)
    if not all(is_typeddict(v) for v in members):
        return None
    out: dict[str, Any] = {}
    for variant in members:
        for key, value in hints(variant).items():
            out[key] = value if key not in out or out[key] == value else Any
    return out


def item_type(tp: Any) -> Any:
    """The type a ``for`` loop over `tp` yields (Any when unknown)."""
    if get_origin(tp) is list:
        return get_args(tp)[0]
    if tp is str:
        return str
    if fields_of(tp) is not None:
        return str  # iterating a dict yields its keys
    return Any


def type_label(tp: Any) -> str:
    """A short name of `tp` for messages and docs: ``text``, ``list of Measure`` …"""
    if tp is Block or set(variants(tp)) == {ParagraphBlock, ListBlock, LinesBlock}:
        return "Block"
    if get_origin(tp) is list:
        return f"list of {type_label(get_args(tp)[0])}"
    if get_origin(tp) is Literal:
        return " | ".join(f'"{a}"' for a in get_args(tp))
    names = {str: "text", bool: "true/false", int: "number"}
    if tp in names:
        return names[tp]
    return getattr(tp, "__name__", str(tp))


@functools.cache
def key_docs(td: type) -> dict[str, str]:
    """Key → the documentation string written after it in the class body."""
    tree = ast.parse(inspect.getsource(td))
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    docs: dict[str, str] = {}
    for stmt, after in zip(body, body[1:], strict=False):
        if (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
                and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)):
            docs[stmt.target.id] = " ".join(after.value.value.split())
    return docs


def mismatches(value: Any, tp: Any, path: str = "") -> list[str]:
    """Where `value` does not have exactly the shape `tp`: keys, list items, scalar types."""
    members = variants(tp)
    if len(members) > 1:
        found = [mismatches(value, v, path) for v in members]
        return [] if any(not f for f in found) else min(found, key=len)
    if tp is Any:
        return []
    if is_typeddict(tp):
        if not isinstance(value, dict):
            return [f"{path or 'context'}: expected a dict, got {type(value).__name__}"]
        spec = hints(tp)
        out = [f"{path}.{k}: not in {tp.__name__}" for k in value if k not in spec]
        out += [f"{path}.{k}: missing ({tp.__name__})" for k in spec if k not in value]
        for key in spec.keys() & value.keys():
            out += mismatches(value[key], spec[key], f"{path}.{key}")
        return out
    if get_origin(tp) is list:
        if not isinstance(value, list):
            return [f"{path}: expected a list, got {type(value).__name__}"]
        return [m for i, v in enumerate(value) for m in mismatches(v, get_args(tp)[0],
                                                                    f"{path}[{i}]")]
    if get_origin(tp) is Literal:
        return [] if value in get_args(tp) else [f"{path}: {value!r} not one of {get_args(tp)}"]
    if tp is int and isinstance(value, bool):
        return [f"{path}: expected a number, got a bool"]
    return [] if isinstance(value, tp) else [
        f"{path}: expected {type_label(tp)}, got {type(value).__name__}"]
