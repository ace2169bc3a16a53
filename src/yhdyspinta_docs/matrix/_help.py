"""The instructions sheet (``Ohjeet``): the template's text in the matrix's language(s), per round.

The bundled template's lines are known here by their Finnish text; each is written in the
language(s) of the matrix (one line per language in a bilingual one) and names the sheets by
the names this copy has. The line about the other sheets mentions ``Arkisto`` and
``Ristiriidat`` only when the copy has them. A line the coordinator wrote in a restyled
template is kept as written (its ``{suunnitelma}``, ``{versio}``, ``{kausi}`` and
``{vastaanottaja}`` filled in, in the matrix's first language).

What the instructions promise is what the sheet protection allows (see
:func:`._localize.protect`): filtering rows, widening, narrowing and hiding columns, and row
heights; not sorting (Excel does not sort a protected sheet's locked cells) and not adding
sheets (the workbook structure is locked so that no sheet the reader needs is removed).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from openpyxl.worksheet.worksheet import Worksheet

from ..plan import Lang
from ._heights import fit_heights
from ._labels import Labels
from ._sheets import put

__all__ = ["HELP_FIELDS", "fill_help"]

HELP_FIELDS = ("suunnitelma", "versio", "kausi", "vastaanottaja")
_FIELD_RE = re.compile(r"\{(" + "|".join(HELP_FIELDS) + r")\}")

_T = dict[Lang, str]

# the bundled template's lines (Finnish, as in templates/matrix.xlsx) → the text written
_LINES: dict[str, _T] = {
    "Seurantamatriisin täyttöohje": {
        "fi": "Seurantamatriisin täyttöohje",
        "sv": "Anvisning för ifyllning av uppföljningsmatrisen"},
    "Suunnitelma: {suunnitelma} (versio {versio})": {
        "fi": "Suunnitelma: {suunnitelma} (versio {versio})",
        "sv": "Plan: {suunnitelma} (version {versio})"},
    "Seurantakausi: {kausi}": {
        "fi": "Seurantakausi: {kausi}", "sv": "Uppföljningsperiod: {kausi}"},
    "Tiedosto on tehty: {vastaanottaja}": {
        "fi": "Vastaanottaja: {vastaanottaja}", "sv": "Mottagare: {vastaanottaja}"},
    "Näin täytät matriisin": {"fi": "Näin täytät matriisin", "sv": "Så här fyller du i matrisen"},
    "1. Avaa välilehti Seuranta. Jokaisella rivillä on yksi toimenpide ja sen vastuutaho.": {
        "fi": "1. Avaa välilehti {Seuranta}. Jokaisella rivillä on yksi toimenpide ja sen "
              "vastuutaho.",
        "sv": "1. Öppna fliken {Seuranta}. Varje rad har en åtgärd och dess ansvariga part."},
    "2. Täytä omat rivisi. Täytettävät sarakkeet ovat Tilanne, Tilannekuvaus, Seuraavat "
    "toimenpiteet, Päivitetty ja Yhteyshenkilö. Niissä on vaalea taustaväri. Muut solut on "
    "lukittu.": {
        "fi": "2. Täytä omat rivisi. Täytettävät sarakkeet ovat Tilanne, Tilannekuvaus, "
              "Seuraavat toimenpiteet, Päivitetty ja Yhteyshenkilö. Niissä on vaalea "
              "taustaväri. Muut solut on lukittu. Rivi kasvaa kirjoitetun tekstin mukaan.",
        "sv": "2. Fyll i dina egna rader. Kolumnerna som fylls i är Läge, Lägesbeskrivning, "
              "Nästa steg, Uppdaterad och Kontaktperson. De har en ljus bakgrundsfärg. Övriga "
              "celler är låsta. Raden blir högre när texten blir längre."},
    "3. Valitse Tilanne luettelosta: Ei aloitettu, Käynnissä, Valmis tai Viivästynyt.": {
        "fi": "3. Valitse Tilanne luettelosta: {statuses_fi}.",
        "sv": "3. Välj Läge i listan: {statuses_sv}."},
    "4. Kerro Tilannekuvauksessa lyhyesti, mitä on tehty ja mitä sillä on saatu aikaan. Kerro "
    "Seuraavissa toimenpiteissä, mitä tehdään seuraavaksi.": {
        "fi": "4. Kerro Tilannekuvauksessa lyhyesti, mitä on tehty ja mitä sillä on saatu "
              "aikaan. Kerro Seuraavissa toimenpiteissä, mitä tehdään seuraavaksi. Älä "
              "kirjoita näihin asiakkaiden tai muiden yksityishenkilöiden nimiä tai "
              "yhteystietoja: seurantaraportti julkaistaan.",
        "sv": "4. Berätta kort i Lägesbeskrivning vad som har gjorts och vad det har lett "
              "till. Berätta i Nästa steg vad som görs härnäst. Skriv inte klienters eller "
              "andra privatpersoners namn eller kontaktuppgifter här: uppföljningsrapporten "
              "publiceras."},
    "5. Kirjoita Päivitetty-sarakkeeseen päivämäärä, esimerkiksi 1.7.2026.": {
        "fi": "5. Kirjoita Päivitetty-sarakkeeseen päivämäärä, esimerkiksi 1.7.2026.",
        "sv": "5. Skriv datumet i kolumnen Uppdaterad, till exempel 1.7.2026."},
    "6. Tallenna tiedosto Excel-työkirjana (.xlsx) ilman salasanaa ja palauta se "
    "koordinaattorille. Tiedoston nimen saa muuttaa.": {
        "fi": "6. Tallenna tiedosto Excel-työkirjana (.xlsx) ilman salasanaa ja palauta se "
              "koordinaattorille. Tiedoston nimen saa muuttaa.",
        "sv": "6. Spara filen som Excel-arbetsbok (.xlsx) utan lösenord och skicka den "
              "tillbaka till koordinatorn. Du får byta namn på filen."},
    "Hyvä tietää": {"fi": "Hyvä tietää", "sv": "Bra att veta"},
    "Älä muuta Tunnus-saraketta. Vastaukset yhdistetään sen avulla.": {
        "fi": "Älä muuta Tunnus-saraketta. Vastaukset yhdistetään sen avulla.",
        "sv": "Ändra inte kolumnen Kod. Svaren sammanförs med hjälp av den."},
    "Voit lajitella ja suodattaa rivejä, leventää ja piilottaa sarakkeita ja lisätä oman "
    "välilehden. Älä lisää äläkä poista rivejä.": {
        "fi": "Voit suodattaa rivejä sekä leventää, kaventaa ja piilottaa sarakkeita. "
              "Lukittuja soluja ei voi muuttaa, eikä rivejä tai välilehtiä voi lisätä tai "
              "poistaa. Lukittujen sarakkeiden muutokset (esimerkiksi Aikataulu ja Mittari) "
              "jätetään huomiotta; kerro ne Tilannekuvauksessa.",
        "sv": "Du kan filtrera rader samt göra kolumner bredare, smalare och dölja dem. Låsta "
              "celler kan inte ändras, och rader eller flikar kan inte läggas till eller tas "
              "bort. Ändringar i låsta kolumner (till exempel Tidtabell och Mätare) beaktas "
              "inte; berätta om dem i Lägesbeskrivning."},
    "Jos toimenpide ei koske teitä, kirjoita se Tilannekuvaukseen.": {
        "fi": "Jos toimenpide ei koske teitä, kirjoita se Tilannekuvaukseen.",
        "sv": "Om åtgärden inte gäller er, skriv det i Lägesbeskrivning."},
    "Välilehti Yhteenveto laskee rivit tilanteen ja vastuutahon mukaan. Välilehdellä Arkisto "
    "ovat aiemmat merkinnät toimenpiteistä, jotka eivät enää ole suunnitelmassa.": {
        "fi": "Välilehti {Yhteenveto} laskee rivit tilanteen ja vastuutahon mukaan.",
        "sv": "Fliken {Yhteenveto} räknar raderna efter läge och ansvarig part."},
    "Tiedostossa on piilotettu välilehti, jossa ovat tiedoston tunnistetiedot. Se tarvitaan "
    "vastausten yhdistämiseen.": {
        "fi": "Tiedostossa on piilotettu välilehti, jossa ovat tiedoston tunnistetiedot. Se "
              "tarvitaan vastausten yhdistämiseen.",
        "sv": "Filen har en dold flik med filens identifieringsuppgifter. Den behövs för att "
              "sammanföra svaren."},
}

_SUMMARY_LINE = next(k for k in _LINES if k.startswith("Välilehti Yhteenveto"))
_ARCHIVE: _T = {
    "fi": "Välilehdellä {Arkisto} ovat aiemmat merkinnät toimenpiteistä ja vastuista, jotka "
          "eivät enää ole suunnitelmassa.",
    "sv": "På fliken {Arkisto} finns tidigare anteckningar om åtgärder och ansvar som inte "
          "längre finns i planen."}
_CONFLICTS: _T = {
    "fi": "Välilehdellä {Ristiriidat} ovat solut, joita eri palautetuissa tiedostoissa "
          "muutettiin eri tavoin; ohje on välilehden ensimmäisellä rivillä.",
    "sv": "På fliken {Ristiriidat} finns celler som ändrades på olika sätt i olika "
          "returnerade filer; anvisningen står på flikens första rad."}


def fill_help(ws: Worksheet, labels: Labels, fields: Mapping[Lang, Mapping[str, str]],
              sheets: Mapping[str, str], statuses: Callable[[Lang], str]) -> None:
    """Write the instructions of `ws` in the matrix's language(s).

    `fields` are the values of ``{suunnitelma}`` … per language; `sheets` the name each
    sheet of this copy has, by its Finnish name (only the sheets the copy has);
    `statuses(lang)` the status list as a sentence names it.
    """
    names = {"Seuranta": "", "Yhteenveto": "", "Arkisto": "", "Ristiriidat": "", **sheets}
    first = fields[labels.lang]
    for row in ws.iter_rows():
        for cell in row:
            if not isinstance(cell.value, str):
                continue
            texts = _LINES.get(cell.value)
            if texts is None:  # a line of the coordinator's own: kept, its fields filled in
                if _FIELD_RE.search(cell.value):
                    put(cell, _fill_fields(cell.value, first))
                continue
            out: dict[Lang, str] = {}
            for lang in labels.langs:
                parts = [texts[lang]]
                if cell.value == _SUMMARY_LINE:
                    parts += [extra[lang] for name, extra in (("Arkisto", _ARCHIVE),
                                                              ("Ristiriidat", _CONFLICTS))
                              if name in sheets]
                text = " ".join(parts)
                text = text.replace("{statuses_fi}", statuses("fi")).replace(
                    "{statuses_sv}", statuses("sv"))
                for fi, name in names.items():
                    text = text.replace("{" + fi + "}", name)
                out[lang] = _fill_fields(text, fields[lang])
            put(cell, labels.lines(out))
    fit_heights(ws, range(1, ws.max_row + 1))  # the text in full, in any language


def _fill_fields(text: str, values: Mapping[str, str]) -> str:
    def field(m: re.Match[str]) -> str:
        return values[m.group(1)]
    return _FIELD_RE.sub(field, text)
