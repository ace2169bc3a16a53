"""After the meetings: each party's recorded decision on the plan (``paatokset``).

The plan is approved not once but by every party's own body. ``paatokset`` in the plan file
records, for each handling, the outcome, meeting date, section (§), body, the optional
Käsittely note and the Päätös text; with the planned schedule (each party's ``kasittely``
meeting date, or ``paatokset.maaraaika``) the package tells which parties have decided, which
are pending and which are overdue on the day ``paatokset.tilanne`` (never the clock).

A record has the same keys as an agreement's approval (:class:`~._model.Approval`:
``tunnus``, ``osapuoli``, ``toimielin``, ``paivamaara``, ``pykala``) plus what the minutes say.
``sopimus.hyvaksynnat`` stays the list of decisions on the *agreement*; ``paatokset`` is the
plan's own approval round. Only :mod:`._fields` is imported here, so that :mod:`._model` can
import this module; the cross-reference checks are in :mod:`._decision_checks`.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from ._fields import ALL_PARTIES, Id, Name, PlanDate, PlanModel, SectionNumber, Text

__all__ = ["DecisionOutcome", "DecisionRecord", "Decisions"]


class DecisionOutcome(StrEnum):
    """What a body decided on the plan (``tulos``)."""

    APPROVED = "hyvaksytty"
    """hyväksytty ehdotuksen mukaisesti"""
    AMENDED = "hyvaksytty_muutettuna"
    """hyväksytty muutettuna (the Päätös text says how; Käsittely says what was changed)"""
    RETURNED = "palautettu"
    """palautettu uudelleen valmisteltavaksi"""
    TABLED = "poydatty"
    """pantu pöydälle"""
    REJECTED = "hylatty"
    """hylätty"""
    FORWARDED = "lahetetty_valtuustolle"
    """the board proposes the plan to its council, which decides (a preparatory decision)"""

    @property
    def approves(self) -> bool:
        """True for the outcomes that approve the plan (as proposed or amended)."""
        return self in (DecisionOutcome.APPROVED, DecisionOutcome.AMENDED)

    @property
    def final(self) -> bool:
        """True when the party's handling is over (approved, amended or rejected)."""
        return self.approves or self is DecisionOutcome.REJECTED


class DecisionRecord(PlanModel):
    """One body's decision on the plan, as its minutes record it (``paatokset.kirjatut``)."""

    id: Id | None = Field(default=None, alias="tunnus")
    party: Id = Field(alias="osapuoli", description="Osapuolen tunnus.")
    body: Id = Field(alias="toimielin", description="Päättäneen toimielimen tunnus.")
    date: PlanDate = Field(alias="paivamaara", description="Kokouspäivä (vvvv-kk-pp).")
    section: SectionNumber = Field(alias="pykala")
    outcome: DecisionOutcome = Field(
        alias="tulos", description="hyvaksytty (ehdotuksen mukaisesti), hyvaksytty_muutettuna, "
        "palautettu, poydatty, hylatty tai lahetetty_valtuustolle (hallitus esittää "
        "valtuustolle).")
    handling_note: Text | None = Field(
        default=None, alias="kasittely", description="Käsittely: muutosehdotukset, "
        "kannatukset, äänestykset tekstinä.")
    decision: Text | None = Field(
        default=None, alias="paatos", description="Päätös. Oletus: päätösehdotus, kun "
        "ehdotus hyväksyttiin sellaisenaan; muutettuna hyväksytyssä pakollinen.")
    for_information: tuple[Text, ...] = Field(
        default=(), alias="tiedoksi", description="Kenelle päätös annetaan tiedoksi. Oletus: "
        "osapuolen käsittelyn tiedoksi-luettelo.")
    inspected: PlanDate | None = Field(
        default=None, alias="tarkastettu", description="Pöytäkirjan tarkastuspäivä.")
    inspectors: tuple[Name, ...] = Field(
        default=(), alias="tarkastajat", description="Pöytäkirjan tarkastajat. Puuttuessa "
        "otteeseen jätetään allekirjoitusviivat.")
    certifier: Text | None = Field(
        default=None, alias="oikeaksi_todistaa", description="Otteen oikeaksi todistaja "
        "nimikkeineen, esim. 'hallintosihteeri Maija Meikäläinen'.")
    published: PlanDate | None = Field(
        default=None, alias="julkaistu", description="Päivä, jona pöytäkirja pantiin "
        "nähtäväksi yleiseen tietoverkkoon; tästä lasketaan, milloin verkkoversio poistetaan.")


class Decisions(PlanModel):
    """The plan's approval round: who must approve, the day of the status, the records."""

    as_of: PlanDate | None = Field(
        default=None, alias="tilanne", description="Päivä, jonka tilanteen päätösluettelo "
        "kertoo: suunniteltu käsittely ennen tätä päivää ilman päätöstä on myöhässä; tätä "
        "myöhempiä päätöksiä ei lasketa (niistä varoitetaan). Oletus: viimeisimmän kirjatun "
        "päätöksen päivä.")
    deadline: PlanDate | None = Field(
        default=None, alias="maaraaika", description="Mihin mennessä osapuolten on määrä "
        "päättää, kun osapuolen omassa käsittelyssä ei ole kokouspäivää.")
    approvers: tuple[Id, ...] = Field(
        default=(ALL_PARTIES,), alias="hyvaksyjat", min_length=1, description="Osapuolet, "
        "joiden on hyväksyttävä suunnitelma, tai [kaikki]. Oletus: kaikki.")
    records: tuple[DecisionRecord, ...] = Field(
        default=(), alias="kirjatut", description="Kirjatut päätökset kokousten jälkeen.")
