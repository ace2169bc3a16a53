"""The decision item (``asia``): its explanation sections, attachments and how a body handles it.

A :class:`Handling` names the deciding body, the meeting, the presenter and preparers
(:class:`Person`) and the proposal's wording; the item's own handling is the lead party's, and
a party may have its own (:class:`~._parties.Party`). Attribute names are English; the plan
file's keys are their Finnish aliases. :mod:`._model` puts the item into the
:class:`~._model.PlanFile`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from ._fields import Id, Name, PlanDate, PlanModel, SectionNumber, Text

__all__ = [
    "AppealKind",
    "Attachment",
    "DecisionItem",
    "DecisionKind",
    "Handling",
    "HandlingStatus",
    "Insert",
    "PartySection",
    "Person",
    "Section",
]


class Insert(PlanModel):
    """Content generated from the plan data at this point of a text (``lisaa``)."""

    insert: Literal[
        "tyoryhma", "toimenpiteet", "kasittelyt", "strategian_liittymapinta",
        "seurannan_periaatteet", "tiivistelma",
    ] = Field(alias="lisaa", description="Mitä suunnitelman tiedoista lisätään tähän kohtaan.")


class Section(PlanModel):
    """A sub-heading of "Selostus asiasta" with its content."""

    id: Id | None = Field(default=None, alias="tunnus",
                          description="Jakson tunnus, johon osapuolen oma selostus viittaa "
                          "(korvaa, jalkeen).")
    heading: Text = Field(alias="otsikko")
    level: Literal[2, 3] = Field(default=3, alias="taso")
    content: tuple[Text | Insert, ...] = Field(default=(), alias="sisalto")
    parties: tuple[Id, ...] | None = Field(
        default=None, alias="osapuolet",
        description="Vain näiden osapuolten päätösehdotuksiin, esim. [hyvinvointialue] "
        "hyvinvointialueen omalle, minä-muodossa kirjoitetulle strategiatekstille. Ilman tätä "
        "jakso tulee kaikkiin; lisaa: strategian_liittymapinta tulee oletuksena vain asian "
        "käsittelijän (asia.kasittely.osapuoli) päätösehdotukseen.")


class PartySection(Section):
    """A section of a party's own explanation (``osapuolet[].selostus``) or of every other
    party's (``asia.osapuolten_selostus``)."""

    replaces: Id | None = Field(default=None, alias="korvaa",
                                description="Asian selostuksen jakson tunnus, jonka tilalle "
                                "tämä jakso tulee (osapuolen omassa selostuksessa myös "
                                "asia.osapuolten_selostus-jakson tunnus).")
    after: Id | None = Field(default=None, alias="jalkeen",
                             description="Asian selostuksen jakson tunnus, jonka jälkeen tämä "
                             "jakso tulee (ilman korvaa- ja jalkeen-kenttää jakso tulee "
                             "loppuun).")


class Person(PlanModel):
    """A presenter or preparer. E-mail and phone are personal data left out of web versions."""

    name: Name = Field(alias="nimi")
    title: Text = Field(alias="nimike")
    email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = (
        Field(default=None, alias="sahkoposti")
    )
    phone: Annotated[str, StringConstraints(min_length=3, max_length=40)] | None = Field(
        default=None, alias="puhelin"
    )


class Attachment(PlanModel):
    """An attachment listed under "Liitteet"."""

    name: Text = Field(alias="nimi")
    public: bool = Field(default=True, alias="julkinen",
                         description="false: liite luetellaan, mutta sitä ei julkaista verkossa.")


class AppealKind(StrEnum):
    """Which appeal instructions the item gets."""

    RECTIFICATION = "oikaisuvaatimus"
    APPEAL = "valitus"
    NONE_PREPARATORY = "ei_muutoksenhakua"


class DecisionKind(StrEnum):
    """What kind of decision the proposal asks for; it chooses the appeal instructions."""

    OWN = "oma_paatos"
    """The body's own final decision: oikaisuvaatimus."""
    TO_COUNCIL = "esitys_valtuustolle"
    """A proposal forwarded to the council: preparation, no appeal."""
    FOR_INFORMATION = "tiedoksi"
    """A note for information ("merkitsee tiedoksi"): no appeal."""
    COUNCIL = "valtuuston_paatos"
    """A council's decision: kunnallisvalitus or aluevalitus."""


class HandlingStatus(StrEnum):
    """Whether a handling is a draft (missing meeting data allowed, visibly marked)."""

    DRAFT = "luonnos"
    FINAL = "valmis"


class Handling(PlanModel):
    """How one party's body handles the item: meeting, people and the proposal wording."""

    party: Id | None = Field(default=None, alias="osapuoli",
                             description="Osapuolen tunnus (osapuolen omassa käsittelyssä "
                             "oletuksena se osapuoli).")
    body: Id = Field(alias="toimielin", description="Päättävän toimielimen tunnus.")
    meeting_date: PlanDate | None = Field(default=None, alias="kokouspaiva")
    section: SectionNumber | None = Field(default=None, alias="pykala")
    dnro: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] | None = Field(
        default=None, alias="dnro", description="Diaarinumero ilman 'Dnro'-sanaa."
    )
    history: tuple[Id, ...] = Field(default=(), alias="aikaisempi_kasittely",
                                    description="Hyväksyntöjen tunnukset.")
    competence: Text | None = Field(default=None, alias="toimivalta")
    presenter: Person | None = Field(default=None, alias="esittelija")
    preparers: tuple[Person, ...] = Field(default=(), alias="valmistelijat")
    proposal: Text | None = Field(default=None, alias="paatosehdotus")
    for_information: tuple[Text, ...] = Field(default=(), alias="tiedoksi")
    decision_kind: DecisionKind | None = Field(
        default=None, alias="paatoslaji",
        description="oma_paatos (oikaisuvaatimusohje), esitys_valtuustolle tai tiedoksi (ei "
        "muutoksenhakua, koska päätös koskee vain valmistelua) tai valtuuston_paatos "
        "(valitusosoitus). Oletus: valtuustossa valtuuston_paatos, muualla oma_paatos.")
    appeal: AppealKind | None = Field(
        default=None, alias="muutoksenhaku",
        description="Muutoksenhakuohjeen laji, jos se on eri kuin päätöslajin mukainen.")
    appeal_text: Text | None = Field(
        default=None, alias="muutoksenhakuohje",
        description="Oma muutoksenhakuteksti vakiotekstin tilalle.")
    status: HandlingStatus = Field(default=HandlingStatus.FINAL, alias="tila")


class DecisionItem(PlanModel):
    """The agenda item (``asia``): its content and the lead party's handling."""

    title: Text = Field(alias="otsikko")
    explanation: tuple[Section, ...] = Field(default=(), alias="selostus")
    party_explanation: tuple[PartySection, ...] = Field(
        default=(), alias="osapuolten_selostus",
        description="Jaksot kaikkien muiden osapuolten kuin asian käsittelijän "
        "päätösehdotuksiin (korvaa, jalkeen tai loppuun), esim. mitä kunnanhallitus päättää; "
        "osapuolen oma selostus tulee näiden jälkeen.")
    attach_plan: bool = Field(default=True, alias="liita_suunnitelma",
                              description="Suunnitelma-asiakirja liitteeksi 1.")
    attachments: tuple[Attachment, ...] = Field(default=(), alias="liitteet")
    handling: Handling = Field(alias="kasittely")
    followup_proposal: Text | None = Field(
        default=None, alias="seurannan_paatosehdotus",
        description="Päätösehdotus seurantaraportin käsittelyyn, esim. '{toimielin} merkitsee "
        "tiedoksi yhdyspintasuunnitelman seurantaraportin.'"
    )
    party_proposal: Text | None = Field(
        default=None, alias="osapuolten_paatosehdotus",
        description="Talotyylin mukainen päätösehdotus osapuolille, joiden kasittely ei anna "
        "omaa, esim. '{toimielin} päättää hyväksyä yhdyspintasuunnitelman.' ({toimielin} = "
        "päättävän toimielimen nimi, {osapuoli} = osapuolen nimi)."
    )

