"""The context of the plan document (plan.docx), as TypedDicts.

The string after each key documents it (see :mod:`._types`).
"""

from __future__ import annotations

from typing import Literal, TypedDict

from ._types_blocks import Block, Labels

__all__ = [
    "Chapter",
    "PlanAgreement",
    "PlanContext",
    "PlanEvent",
    "PlanMeasure",
]


class Chapter(TypedDict):
    """A chapter of the agreement (sopimuksen luku)."""

    number: str
    """Chapter number, or "" (luvun numero)."""
    title: str
    """Chapter title (luvun otsikko)."""
    reference: str
    """The chapter cited as a part of the agreement, not as a heading of this document, e.g.
    "Sopimuksen kohta 7.1 ”Sopimusasiakirjat”" (viittaus sopimuksen kohtaan)."""
    content: list[Block]
    """Chapter text (luvun sisältö)."""


class PlanAgreement(TypedDict):
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


class PlanEvent(TypedDict):
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
    attachment: str
    """The attachment mark, e.g. "Liite 1", or "" when the item does not attach the plan
    (liitteen numero)."""
    item: str
    """The decision item the plan is attached to: body, meeting date and section, e.g.
    "Aluehallitus 23.3.2026 § 64"; "" when not attached (asia, jonka liite)."""
    dnro: str
    """Record number of that item with its label, e.g. "Dnro 118/2026", or "" (diaarinumero)."""
    draft: bool
    """True when the proposal the plan is attached to is a draft: the header then shows
    ``labels.draft`` (LUONNOS) as the proposal's does (luonnos)."""
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
    agreement: PlanAgreement
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
    events: list[PlanEvent]
    """Stages of preparation (valmistelun vaiheet)."""
    strategy: list[Block]
    """Description of the strategy interface (strategian liittymäpinta)."""
    plan_approvals: list[str]
    """The parties' recorded approvals of the plan: party, body, date, § (hyväksymispäätökset)."""
    plan_approved: str
    """Whether every party that must approve has approved, or "" without records
    (hyväksymisen tila)."""
