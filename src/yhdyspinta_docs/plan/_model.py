"""The plan as validated data: the cooperation agreement, the plan and its measures, and the
whole plan file (:class:`PlanFile`) with its parties (:mod:`._parties`) and decision item
(:mod:`._item`).

Attribute names are English; the plan file uses the Finnish aliases (``toimenpiteet``,
``vastuutahot``, ``esittelija`` …), which are also what the JSON Schema shows. No I/O here:
:mod:`yhdyspinta_docs.plan._loader` turns a file into a :class:`PlanFile`.

Every free text is a :data:`Text`: either a plain string in the plan's own language, or a
mapping ``{fi: "…", sv: "…"}``, so a Swedish version can be added later without changing the
shape of an existing file.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from ._decisions import Decisions
from ._fields import (
    ALL_PARTIES,
    Id,
    Lang,
    Name,
    PlanDate,
    PlanModel,
    SectionNumber,
    Text,
)
from ._item import DecisionItem
from ._parties import Party

__all__ = [
    "MAX_PARTIES",
    "Agreement",
    "AgreementChapter",
    "Approval",
    "Event",
    "Measure",
    "Member",
    "Plan",
    "PlanFile",
    "PlanPeriod",
    "Preparation",
    "PreviousAgreement",
]


MAX_PARTIES = 1_000
"""Parties of one plan (``osapuolet``). A plan is made for one wellbeing services county:
its region's municipalities (at most about thirty), the county and the regional council: a
few dozen parties; all of Finland has 308 municipalities. A thousand is far above any real
plan. Without a bound, a hostile plan of tens of thousands of parties that are responsible
for nothing (so that its follow-up matrix stays small) validated and ran
``build --for-each-party`` for hours; it is refused by the count alone, before any party is
validated."""


def _few_parties(value: Any) -> Any:
    """Refuse more than :data:`MAX_PARTIES` parties by their count alone."""
    if isinstance(value, list | tuple) and len(value) > MAX_PARTIES:
        raise PydanticCustomError(
            "too_many_parties",
            "the plan has {count} parties; a plan has at most {most} (one region's "
            "municipalities, county and regional council are a few dozen, all of Finland has "
            "308 municipalities): list only the parties of the agreement, one plan per region",
            {"count": f"{len(value):,}", "most": f"{MAX_PARTIES:,}"},
        )
    return value


class Approval(PlanModel):
    """A decision on record: a body of a party decided something on a date (``hyvaksynnat``)."""

    id: Id | None = Field(default=None, alias="tunnus")
    party: Id = Field(alias="osapuoli", description="Osapuolen tunnus.")
    body: Id = Field(alias="toimielin", description="Osapuolen toimielimen tunnus.")
    date: PlanDate = Field(alias="paivamaara")
    section: SectionNumber | None = Field(default=None, alias="pykala")


class PreviousAgreement(PlanModel):
    """The earlier framework agreement that the new one replaces (``korvaa``)."""

    name: Text = Field(alias="nimi")
    valid_until: PlanDate | None = Field(default=None, alias="voimassa_asti")
    approvals: tuple[Approval, ...] = Field(default=(), alias="hyvaksynnat")
    approved_when: Text | None = Field(default=None, alias="hyvaksytty_ajankohta")
    summary: Text | None = Field(default=None, alias="kuvaus")


class AgreementChapter(PlanModel):
    """A chapter of the agreement that the documents refer to, e.g. 7.1 Sopimusasiakirjat."""

    number: Annotated[str, StringConstraints(pattern=r"^\d+(\.\d+)*$")] = Field(alias="numero")
    title: Text = Field(alias="otsikko")
    content: Text | None = Field(default=None, alias="sisalto")


class Agreement(PlanModel):
    """The strategic cooperation agreement that the plan complements (``sopimus``)."""

    name: Text = Field(alias="nimi")
    valid_from: PlanDate = Field(alias="voimassa_alkaen")
    valid_until: PlanDate | None = Field(default=None, alias="voimassa_asti")
    replaces: PreviousAgreement | None = Field(default=None, alias="korvaa")
    approvals: tuple[Approval, ...] = Field(default=(), alias="hyvaksynnat")
    approved_when: Text | None = Field(
        default=None,
        alias="hyvaksytty_ajankohta",
        description="Milloin osapuolten valtuustot hyväksyivät, esim. 'marras-joulukuussa 2025'.",
    )
    chapters: tuple[AgreementChapter, ...] = Field(default=(), alias="luvut")


class Measure(PlanModel):
    """One measure (``toimenpiteet``) of the plan, with its responsible parties."""

    id: Id = Field(alias="tunnus", description="Pysyvä tunnus; seurantamatriisin rivit "
                   "yhdistetään tällä, joten sitä ei vaihdeta, vaikka otsikko muuttuu.")
    title: Text = Field(alias="otsikko")
    description: Text | None = Field(default=None, alias="kuvaus")
    responsible: tuple[Id, ...] = Field(
        alias="vastuutahot", min_length=1, description="Vastuussa olevien osapuolten tunnukset, "
        "tai [kaikki], kun toimenpide on kaikkien osapuolten yhteinen."
    )
    lead: Id | None = Field(default=None, alias="paavastuu", description="Koordinoiva osapuoli.")
    schedule: Text | None = Field(default=None, alias="aikataulu")
    deadline: PlanDate | None = Field(default=None, alias="maaraaika")
    indicators: tuple[Text, ...] = Field(default=(), alias="mittarit")
    goals: tuple[Text, ...] = Field(default=(), alias="tavoitteet")
    theme: Text | None = Field(default=None, alias="teema")


class Member(PlanModel):
    """A member of the preparing working group: ``Name, title, organisation``."""

    name: Name = Field(alias="nimi")
    title: Text = Field(alias="nimike")
    party: Id | None = Field(default=None, alias="osapuoli", description="Osapuolen tunnus, "
                             "jos jäsen edustaa osapuolta (nimi tulee osapuolen tiedoista).")
    organisation: Text | None = Field(default=None, alias="organisaatio",
                                      description="Muu organisaatio, jos ei osapuoli.")
    personal: bool = Field(default=False, alias="henkilotieto", description="Nimi on "
                           "henkilötieto, joka poistetaan verkkojulkaisusta kaikkialta, missä "
                           "suunnitelma nimeää saman henkilön (myös esittelijänä ja "
                           "valmistelijana).")


class Event(PlanModel):
    """A forum, meeting or network where the plan was discussed (``kasittelyt``)."""

    id: Id | None = Field(default=None, alias="tunnus")
    name: Text = Field(alias="nimi")
    date: PlanDate | None = Field(default=None, alias="paivamaara")
    description: Text | None = Field(default=None, alias="kuvaus")


class Preparation(PlanModel):
    """How the plan was prepared (``valmistelu``)."""

    started: Text | None = Field(default=None, alias="aloitettu")
    working_group: tuple[Member, ...] = Field(default=(), alias="tyoryhma")
    events: tuple[Event, ...] = Field(default=(), alias="kasittelyt")


class PlanPeriod(PlanModel):
    """The years the plan covers (``kausi``)."""

    start: int = Field(alias="alkuvuosi", ge=2000, le=2200)
    end: int = Field(alias="loppuvuosi", ge=2000, le=2200)


_LEGAL_BASIS: dict[Lang, str] = {"fi": "hyvinvointialuelaki 14 §",
                                 "sv": "14 § i lagen om välfärdsområden"}


class Plan(PlanModel):
    """The interface plan (``suunnitelma``): measures, responsibilities and follow-up."""

    id: Id = Field(alias="tunnus")
    name: Text = Field(alias="nimi")
    version: Annotated[str, StringConstraints(min_length=1, max_length=40)] = Field(
        default="1", alias="versio", description="Suunnitelman versio; seurantamatriisi "
        "tunnistetaan tällä."
    )
    period: PlanPeriod | None = Field(default=None, alias="kausi")
    date: PlanDate | None = Field(default=None, alias="paivays",
                                  description="Suunnitelma-asiakirjan päiväys (vvvv-kk-pp).")
    legal_basis: Text = Field(default=_LEGAL_BASIS, alias="lakiperuste")
    summary: Text | None = Field(default=None, alias="tiivistelma")
    measures: tuple[Measure, ...] = Field(alias="toimenpiteet", min_length=1)
    followup: Text | None = Field(default=None, alias="seurannan_periaatteet")
    preparation: Preparation = Field(default_factory=Preparation, alias="valmistelu")
    strategy_interface: Text | None = Field(default=None, alias="strategian_liittymapinta")

    def measure(self, measure_id: str) -> Measure | None:
        """Return the measure with `measure_id`, or None."""
        return next((m for m in self.measures if m.id == measure_id), None)


class PlanFile(PlanModel):
    """The whole plan file: everything the documents are made from."""

    schema_version: Literal[1] = Field(default=1, alias="muoto",
                                       description="Tiedostomuodon versio (1).")
    language: Lang = Field(default="fi", alias="kieli",
                           description="Kieli, jolla pelkät merkkijonot on kirjoitettu.")
    languages: tuple[Lang, ...] = Field(default=("fi",), alias="kielet", min_length=1,
                                        description="Kielet, joilla asiakirjat tehdään.")
    region: Text = Field(alias="alue", description="Alueen nimi, esim. 'Keski-Suomi'.")
    parties: Annotated[tuple[Party, ...], BeforeValidator(_few_parties)] = Field(
        alias="osapuolet", min_length=1, max_length=MAX_PARTIES)
    agreement: Agreement = Field(alias="sopimus")
    plan: Plan = Field(alias="suunnitelma")
    item: DecisionItem = Field(alias="asia")
    accepted_words: tuple[str, ...] = Field(default=(), alias="hyvaksytyt_sanat",
                                            description="Oikoluvun hyväksymät sanat.")
    personal_names: tuple[Name, ...] = Field(
        default=(), alias="henkilotiedot", max_length=500, description=(
            "Yksityishenkilöiden nimet, jotka julkiset versiot (julkinen/, avoin data) "
            "poistavat kaikkialta myös taivutettuina, vaikka henkilö ei ole työryhmässä "
            "(esim. selostuksessa mainittu asukas tai asiakas). Ei näy asiakirjoissa."))
    decisions: Decisions | None = Field(default=None, alias="paatokset", description="Osapuolten "
                                        "kirjatut päätökset suunnitelmasta (docs/decisions.md).")

    def party(self, party_id: str) -> Party | None:
        """Return the party with `party_id`, or None."""
        return next((p for p in self.parties if p.id == party_id), None)

    @property
    def lead(self) -> Party:
        """The party whose body handles the item (``asia.kasittely.osapuoli``), else the
        first party: it proposes the plan to every other."""
        return self.party(self.item.handling.party or "") or self.parties[0]

    @property
    def dated(self) -> dt.date:
        """The date a document or workbook without a date of its own carries: the plan's own
        date (``suunnitelma.paivays``), else the item's meeting date, else the agreement's
        start. Never the clock, so the same plan gives the same bytes."""
        return self.plan.date or self.item.handling.meeting_date or self.agreement.valid_from

    def responsible_parties(self, measure: Measure) -> list[Party]:
        """Return the parties responsible for `measure`, in the order the plan declares them."""
        if ALL_PARTIES in measure.responsible:
            return list(self.parties)
        by_id = {p.id: p for p in self.parties}
        return [by_id[pid] for pid in measure.responsible if pid in by_id]

