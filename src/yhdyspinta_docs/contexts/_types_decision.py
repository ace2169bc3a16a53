"""The context of a decision proposal (decision.docx), as TypedDicts.

The string after each key documents it (see :mod:`._types`).
"""

from __future__ import annotations

from typing import Literal, TypedDict

from ._types_blocks import Block, Labels

__all__ = [
    "DecisionContext",
    "ExplanationSection",
]


class ExplanationSection(TypedDict):
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
    explanation: list[ExplanationSection]
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
