"""The shapes every template context shares: text blocks and the fixed labels.

The string after each key documents it (see :mod:`._types`).
"""

from __future__ import annotations

from typing import Literal, TypedDict

__all__ = [
    "Block",
    "Labels",
    "LinesBlock",
    "ListBlock",
    "ParagraphBlock",
]


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
    not_public: str
    """After a non-public attachment's name in a public version, in brackets (ei julkinen)."""
    for_information: str
    """For information, recipients (tiedoksi)."""
    appeal: str
    """Heading of the appeal instructions; a decision proposal's is the one its kind of
    decision uses, e.g. Oikaisuvaatimusohje (muutoksenhaku)."""
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
    marked_draft: str
    """Draft reason: the handling is marked a draft in the plan (merkitty luonnokseksi)."""
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
    deadline: str
    """A measure's deadline, before its date (määräaika 31.12.2026)."""
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
    event_date: str
    """Column of the preparation-stage table: when (ajankohta)."""
    event_step: str
    """Column of the preparation-stage table: the stage (vaihe)."""
    report_chart_caption: str
    """Caption of the report's status chart (raportin kuvion otsikko)."""
    report_table_caption: str
    """Caption for one status table of all measures; the default report has a table per
    measure, captioned with words.table (raportin taulukon otsikko)."""
