"""The context of a decision proposal (decision.docx), as TypedDicts.

The string after each key documents it (see :mod:`._types`).
"""

from __future__ import annotations

from typing import Literal, TypedDict

from ._types_blocks import Block, Labels

__all__ = [
    "DecisionContext",
    "ExplanationSection",
    "NameForms",
]


class NameForms(TypedDict):
    """A name and its inflected forms; in Swedish only the genitive differs (taivutusmuodot)."""

    nominative: str
    """The name as written, e.g. "Jyväskylän kaupunki" (nominatiivi)."""
    genitive: str
    """"Jyväskylän kaupungin", Swedish "Vasa stads" (genetiivi)."""
    allative: str
    """"Jyväskylän kaupungille" (allatiivi)."""
    adessive: str
    """"Jyväskylän kaupungilla" (adessiivi)."""
    ablative: str
    """"Jyväskylän kaupungilta" (ablatiivi)."""
    elative: str
    """"Jyväskylän kaupungista" (elatiivi)."""
    inessive: str
    """"Jyväskylän kaupungissa" (inessiivi)."""
    illative: str
    """"Jyväskylän kaupunkiin" (illatiivi)."""


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
    organisation_forms: NameForms
    """The organisation's name inflected, e.g. organisation_forms.genitive (osapuolen
    taivutusmuodot)."""
    body: str
    """Deciding body (toimielin)."""
    body_forms: NameForms
    """The body's name inflected, e.g. body_forms.allative (toimielimen taivutusmuodot)."""
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
    """Appeal instructions chosen by the kind of decision, printed under labels.appeal, which
    is their heading (Oikaisuvaatimusohje, Valitusosoitus, Muutoksenhaku); may be ""
    (muutoksenhaku)."""
    decision_kind: Literal["oma_paatos", "esitys_valtuustolle", "tiedoksi",
                           "valtuuston_paatos"]
    """Kind of decision that chose the appeal text (päätöslaji)."""
    contact: list[str]
    """Contact lines, organisation first; may be [] (lisätietoja)."""
