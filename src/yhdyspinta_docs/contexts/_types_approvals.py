"""The contexts of the approval summary (approvals.docx) and the minutes extract
(extract.docx), as TypedDicts.

The string after each key documents it (see :mod:`._types`).
"""

from __future__ import annotations

from typing import Literal, TypedDict

from ._types_blocks import Block, Labels
from ._types_decision import ExplanationSection

__all__ = ["ApprovalRow", "ApprovalSummaryContext", "ApprovalWords", "MinutesContext"]


class ApprovalWords(TypedDict):
    """Fixed texts of the approval summary and the minutes extract (kiinteät tekstit)."""

    summary_title: str
    """Title of the summary (yhteenvedon otsikko)."""
    summary_doc_type: str
    """Document type of the summary (asiakirjan tyyppi)."""
    extract_doc_type: str
    """Document type of an extract (pöytäkirjanote)."""
    status: str
    """Heading: the situation (tilanne)."""
    party: str
    """Column: party (osapuoli)."""
    body: str
    """Column: deciding body (toimielin)."""
    planned: str
    """Column: planned date (suunniteltu)."""
    state: str
    """Column: state (tila)."""
    decision_column: str
    """Column: decision (päätös)."""
    table_caption: str
    """Caption of the table of parties (taulukon otsikko)."""
    rejected: str
    """Heading: parties that rejected the plan (hylänneet)."""
    amended: str
    """Heading: approvals with amendments (muutettuna hyväksytyt)."""
    overdue: str
    """Heading: overdue parties (myöhässä)."""
    decisions: str
    """Heading: every recorded decision (hyväksymispäätökset)."""
    decision: str
    """Label: the decision (päätös)."""
    handling: str
    """Label: the handling note (käsittely)."""
    inspection: str
    """Label: inspection of the minutes (pöytäkirjan tarkastus)."""
    certify: str
    """Label: certified copy (otteen oikeaksi todistaa)."""
    remove_after: str
    """Label: when the web version comes off the web (poistetaan verkosta)."""


class ApprovalRow(TypedDict):
    """One party in the summary's table (osapuolen rivi)."""

    party: str
    """Party name (osapuoli)."""
    body: str
    """The body that decided last, or the planned one (toimielin)."""
    planned: str
    """Planned date d.m.yyyy, or "–" (suunniteltu)."""
    state: str
    """Hyväksytty, Hylätty, Odottaa or Myöhässä (tila)."""
    decision: str
    """Latest decision: date, § and outcome, or "–" (päätös)."""


class ApprovalSummaryContext(TypedDict):
    """The county board's summary of the approval round (approvals.docx)."""

    lang: Literal["fi", "sv"]
    """Document language (asiakirjan kieli)."""
    words: ApprovalWords
    """Fixed texts (kiinteät tekstit)."""
    organisation: str
    """The lead party, header line 1 (organisaatio)."""
    body: str
    """The lead party's deciding body (toimielin)."""
    doc_type: str
    """Document type (asiakirjan tyyppi)."""
    date: str
    """The status day d.m.yyyy, or "" (tilannepäivä)."""
    title: str
    """Title, Heading 1 (otsikko)."""
    summary: list[str]
    """Counts and whether the plan is approved, one paragraph each (yhteenveto)."""
    approved: bool
    """True when every party that must approve has approved (hyväksytty kaikissa)."""
    rejected: list[str]
    """Each party whose latest decision rejected the plan: the body, date and § of that
    decision and its Käsittely note if recorded; [] when none has (hylänneet)."""
    amended: list[str]
    """Each party that approved amended, with its Käsittely note (muutettuna hyväksyneet)."""
    overdue: list[str]
    """Each overdue party with its planned date (myöhässä olevat)."""
    rows: list[ApprovalRow]
    """Every party that must approve (osapuolet)."""
    decisions: list[str]
    """Every recorded decision: party, body, date, § and outcome (kirjatut päätökset), by
    date, and on one day in the plan's party order."""


class MinutesContext(TypedDict):
    """A minutes extract of one recorded decision (extract.docx, pöytäkirjanote)."""

    lang: Literal["fi", "sv"]
    """Document language (asiakirjan kieli)."""
    labels: Labels
    """The decision proposal's fixed labels (kiinteät otsikot)."""
    words: ApprovalWords
    """Fixed texts of the extract (kiinteät tekstit)."""
    organisation: str
    """The deciding party (organisaatio)."""
    body: str
    """The deciding body (toimielin)."""
    doc_type: str
    """Pöytäkirjanote (asiakirjan tyyppi)."""
    date: str
    """Meeting date d.m.yyyy (kokouspäivä)."""
    dnro: str
    """Record number with its label, or "" (diaarinumero)."""
    section: str
    """Section, e.g. § 25 (pykälä)."""
    title: str
    """Item title, Heading 1 (asian otsikko)."""
    history: list[str]
    """Earlier handling, one line each (aikaisempi käsittely)."""
    preparers: list[str]
    """Preparers (valmistelijat)."""
    explanation: list[ExplanationSection]
    """The explanation of the item (selostus asiasta)."""
    competence: str
    """Competence, or "" (toimivalta)."""
    presenter: str
    """Presenter's title and name (the title only where the name is personal data in a public
    version), or "" (esittelijä)."""
    proposal: list[Block]
    """The presenter's decision proposal as the minutes print it before Käsittely and Päätös;
    [] when another body decided (päätösehdotus)."""
    handling: list[Block]
    """The Käsittely note: amendments, votes; may be [] (käsittely)."""
    decision: list[Block]
    """The decision as made; "Päätösehdotus hyväksyttiin." when made as proposed (päätös)."""
    outcome: str
    """The outcome in words, e.g. hyväksytty muutettuna (päätöksen laji)."""
    attachments: list[str]
    """Attachments with their numbers (liitteet)."""
    for_information: list[str]
    """Recipients for information (tiedoksi)."""
    appeal_heading: str
    """Oikaisuvaatimusohje, Valitusosoitus or Muutoksenhakukielto (muutoksenhaun otsikko)."""
    appeal: list[str]
    """The appeal instructions, one paragraph each (muutoksenhakuohje)."""
    inspection: list[str]
    """Inspection lines, names or signature lines; a web version has no blanks to sign
    (pöytäkirjan tarkastus)."""
    certification: list[str]
    """Certified-copy lines (otteen oikeaksi todistaa)."""
    remove_after: str
    """Web versions: the day after which it comes off the web, or "" (poistetaan verkosta)."""
    contact: list[str]
    """Contact lines; may be [] (lisätietoja)."""
