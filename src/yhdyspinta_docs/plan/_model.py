"""The plan as validated data: parties, the cooperation agreement, the plan and the decision item.

Attribute names are English; the plan file uses the Finnish aliases (``toimenpiteet``,
``vastuutahot``, ``esittelija`` …), which are also what the JSON Schema shows. No I/O here:
:mod:`yhdyspinta_docs.plan._loader` turns a file into a :class:`PlanFile`.

Every free text is a :data:`Text`: either a plain string in the plan's own language, or a
mapping ``{fi: "…", sv: "…"}``, so a Swedish version can be added later without changing the
shape of an existing file.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, field_validator

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

__all__ = [
    "Agreement",
    "AgreementChapter",
    "AppealKind",
    "Approval",
    "Attachment",
    "Body",
    "BodyKind",
    "DecisionItem",
    "DecisionKind",
    "Event",
    "Handling",
    "HandlingStatus",
    "Inflection",
    "Insert",
    "Measure",
    "Member",
    "Party",
    "PartyKind",
    "PartySection",
    "Person",
    "Plan",
    "PlanFile",
    "PlanPeriod",
    "Preparation",
    "PreviousAgreement",
    "Section",
]


class PartyKind(StrEnum):
    """What kind of organisation a party is."""

    MUNICIPALITY = "kunta"
    CITY = "kaupunki"
    REGIONAL_COUNCIL = "maakunnan_liitto"
    WELLBEING_COUNTY = "hyvinvointialue"
    OTHER = "muu"


class BodyKind(StrEnum):
    """What kind of decision-making body."""

    COUNCIL = "valtuusto"
    BOARD = "hallitus"
    COMMITTEE = "lautakunta"
    OFFICE_HOLDER = "viranhaltija"
    OTHER = "muu"


Form = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class Inflection(PlanModel):
    """Inflected forms of a party's or body's name (``taivutus``), where the derived ones are
    wrong. The Finnish forms are derived from the last word of the name (kunta → kunnan,
    kaupunki → kaupungin, liitto → liiton, hyvinvointialue → hyvinvointialueen, hallitus →
    hallituksen …); the Swedish genitive adds -s (none after s, x or z)."""

    genitive: Form | None = Field(default=None, alias="genetiivi",
                                  description="Suomeksi: kenen? esim. 'Jyväskylän kaupungin'.")
    allative: Form | None = Field(default=None, alias="allatiivi",
                                  description="Suomeksi: kenelle? esim. 'Jyväskylän kaupungille'.")
    adessive: Form | None = Field(default=None, alias="adessiivi",
                                  description="Suomeksi: kenellä? esim. 'Jyväskylän kaupungilla'.")
    ablative: Form | None = Field(default=None, alias="ablatiivi",
                                  description="Suomeksi: keneltä? esim. 'Jyväskylän kaupungilta'.")
    elative: Form | None = Field(default=None, alias="elatiivi",
                                 description="Suomeksi: mistä? esim. 'Jyväskylän kaupungista'.")
    inessive: Form | None = Field(default=None, alias="inessiivi",
                                  description="Suomeksi: missä? esim. 'Jyväskylän kaupungissa'.")
    illative: Form | None = Field(default=None, alias="illatiivi",
                                  description="Suomeksi: mihin? esim. 'Jyväskylän kaupunkiin'.")
    sv_genitive: Form | None = Field(default=None, alias="genitiv",
                                     description="Ruotsiksi genetiivi, esim. 'Vasa stads'.")


class Body(PlanModel):
    """A decision-making body of a party (``toimielimet``)."""

    id: Id = Field(alias="tunnus")
    name: Text = Field(alias="nimi", description="Toimielimen nimi, esim. 'Aluehallitus'.")
    kind: BodyKind = Field(alias="tyyppi", description="valtuusto, hallitus, lautakunta, …")
    inflection: Inflection | None = Field(default=None, alias="taivutus",
                                          description="Nimen taivutusmuodot, jos johdetut "
                                          "ovat väärin.")


class Party(PlanModel):
    """A party of the agreement: a municipality, the regional council or the county."""

    id: Id = Field(alias="tunnus")
    name: Text = Field(alias="nimi", description="Virallinen nimi, esim. 'Muuramen kunta'.")
    kind: PartyKind = Field(alias="tyyppi")
    bodies: tuple[Body, ...] = Field(default=(), alias="toimielimet")
    languages: tuple[Lang, ...] | None = Field(
        default=None, alias="kielet",
        description="Osapuolen kieli tai kielet: sv, fi tai [fi, sv]. Seurantamatriisi tehdään "
        "tällä kielellä (kaksikielinen, kun kieliä on kaksi); oletuksena suunnitelman kielet.",
    )
    inflection: Inflection | None = Field(default=None, alias="taivutus",
                                          description="Nimen taivutusmuodot, jos johdetut "
                                          "ovat väärin.")
    explanation: tuple[PartySection, ...] = Field(
        default=(), alias="selostus",
        description="Tämän osapuolen oma selostus: jaksot, jotka korvaavat asian selostuksen "
        "jakson (korvaa: jakson tunnus), tulevat jonkin jakson jälkeen (jalkeen: tunnus) tai "
        "loppuun.")
    handling: Handling | None = Field(
        default=None,
        alias="kasittely",
        description="Tämän osapuolen oma käsittely (toimielin, kokous, esittelijä, "
        "päätösehdotus …) osapuolikohtaista päätösehdotusta varten.",
    )

    def body(self, body_id: str) -> Body | None:
        """Return the body with `body_id`, or None."""
        return next((b for b in self.bodies if b.id == body_id), None)

    @field_validator("languages", mode="before")
    @classmethod
    def _one_language(cls, value: Any) -> Any:
        """``kielet: sv`` is ``kielet: [sv]``."""
        return [value] if isinstance(value, str) else value


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
    legal_basis: Text = Field(default="hyvinvointialuelaki 14 §", alias="lakiperuste")
    summary: Text | None = Field(default=None, alias="tiivistelma")
    measures: tuple[Measure, ...] = Field(alias="toimenpiteet", min_length=1)
    followup: Text | None = Field(default=None, alias="seurannan_periaatteet")
    preparation: Preparation = Field(default_factory=Preparation, alias="valmistelu")
    strategy_interface: Text | None = Field(default=None, alias="strategian_liittymapinta")

    def measure(self, measure_id: str) -> Measure | None:
        """Return the measure with `measure_id`, or None."""
        return next((m for m in self.measures if m.id == measure_id), None)


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
                                "tämä jakso tulee.")
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


class PlanFile(PlanModel):
    """The whole plan file: everything the documents are made from."""

    schema_version: Literal[1] = Field(default=1, alias="muoto",
                                       description="Tiedostomuodon versio (1).")
    language: Lang = Field(default="fi", alias="kieli",
                           description="Kieli, jolla pelkät merkkijonot on kirjoitettu.")
    languages: tuple[Lang, ...] = Field(default=("fi",), alias="kielet", min_length=1,
                                        description="Kielet, joilla asiakirjat tehdään.")
    region: Text = Field(alias="alue", description="Alueen nimi, esim. 'Keski-Suomi'.")
    parties: tuple[Party, ...] = Field(alias="osapuolet", min_length=1)
    agreement: Agreement = Field(alias="sopimus")
    plan: Plan = Field(alias="suunnitelma")
    item: DecisionItem = Field(alias="asia")
    accepted_words: tuple[str, ...] = Field(default=(), alias="hyvaksytyt_sanat",
                                            description="Oikoluvun hyväksymät sanat.")
    decisions: Decisions | None = Field(default=None, alias="paatokset", description="Osapuolten "
                                        "kirjatut päätökset suunnitelmasta (docs/decisions.md).")

    def party(self, party_id: str) -> Party | None:
        """Return the party with `party_id`, or None."""
        return next((p for p in self.parties if p.id == party_id), None)

    def responsible_parties(self, measure: Measure) -> list[Party]:
        """Return the parties responsible for `measure`, in the order the plan declares them."""
        if ALL_PARTIES in measure.responsible:
            return list(self.parties)
        by_id = {p.id: p for p in self.parties}
        return [by_id[pid] for pid in measure.responsible if pid in by_id]


PartySection.model_rebuild()
Party.model_rebuild()
