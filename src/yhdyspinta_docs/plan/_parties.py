"""The parties of the plan and their decision-making bodies, with the names' inflected forms.

Attribute names are English; the plan file's keys are their Finnish aliases (``osapuolet``,
``toimielimet``, ``taivutus`` …). :mod:`._model` puts them into the :class:`~._model.PlanFile`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, StringConstraints, field_validator

from ._fields import LANGS, Id, Lang, PlanModel, SchemaAlso, Text
from ._item import Handling, PartySection

__all__ = [
    "Body",
    "BodyKind",
    "Inflection",
    "Party",
    "PartyKind",
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


_Languages = Annotated[tuple[Lang, ...], SchemaAlso({"type": "string", "enum": list(LANGS)})]
"""A party's languages: a list, or one language alone (``kielet: sv``, read as ``[sv]`` by
:meth:`Party._one_language`, and so in the JSON Schema)."""


class Party(PlanModel):
    """A party of the agreement: a municipality, the regional council or the county."""

    id: Id = Field(alias="tunnus")
    name: Text = Field(alias="nimi", description="Virallinen nimi, esim. 'Muuramen kunta'.")
    kind: PartyKind = Field(alias="tyyppi")
    bodies: tuple[Body, ...] = Field(default=(), alias="toimielimet")
    languages: _Languages | None = Field(
        default=None, alias="kielet",
        description="Osapuolen kieli tai kielet: sv, fi tai [fi, sv]. Seurantamatriisi tehdään "
        "tällä kielellä (kaksikielinen, kun kieliä on kaksi) ja osapuolen oma päätösehdotus "
        "näillä kielillä; oletuksena suunnitelman kielet.",
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
