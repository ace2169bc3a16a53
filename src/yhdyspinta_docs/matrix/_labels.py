"""The words of a matrix in Finnish, in Swedish, or in both.

The template and the program name everything in Finnish (sheets, headers, statuses); a matrix
is written in the language(s) of its recipient (:func:`matrix_languages`) by translating those
Finnish words at write time (:class:`Labels`), and the reader accepts every form a matrix can
have (:func:`forms`): Finnish, Swedish and the bilingual forms, compared as
:func:`~._followup.normalize_header` compares headers.

A bilingual workbook (``("fi", "sv")`` or ``("sv", "fi")``) shows both languages, the first
one first: headers, statuses and short labels as ``Tilanne / Läge``, sheet names as
``Seuranta – Uppföljning`` (a sheet name cannot hold ``/``), longer texts (instructions,
conflict notes) as two lines, one per language. The status list offers the bilingual forms,
so a status chosen from it is read the same as one typed in either language.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ..plan import Lang

__all__ = ["SV", "Labels", "book_languages", "find_sheet", "finnish_label", "forms",
           "label_languages", "languages_of", "matrix_languages", "normalize_label",
           "resolved_name", "translate"]

SV: dict[str, str] = {
    # sheets
    "Ohjeet": "Anvisningar",
    "Seuranta": "Uppföljning",
    "Yhteenveto": "Sammandrag",
    "Arkisto": "Arkiv",
    "Ristiriidat": "Konflikter",
    "Luettelot": "Listor",
    # columns of Seuranta and Arkisto (the words of the report, docs/languages.md)
    "Tunnus": "Kod",
    "Toimenpide": "Åtgärd",
    "Vastuutaho": "Ansvarig part",
    "Aikataulu": "Tidtabell",
    "Mittari": "Mätare",
    "Tilanne": "Läge",
    "Tilannekuvaus": "Lägesbeskrivning",
    "Seuraavat toimenpiteet": "Nästa steg",
    "Päivitetty": "Uppdaterad",
    "Yhteyshenkilö": "Kontaktperson",
    "Arkistoitu": "Arkiverad",
    "Syy": "Orsak",
    # statuses (as the report names them)
    "Ei aloitettu": "Inte påbörjad",
    "Käynnissä": "Pågår",
    "Valmis": "Klar",
    "Viivästynyt": "Försenad",
    "Ei merkintää": "Ingen anteckning",
    # summary
    "Yhteensä": "Totalt",
    "Rivejä": "Rader",
    "Rivit vastuutahoittain": "Rader per ansvarig part",
    "Rivit tilanteen mukaan": "Rader efter läge",
    "seurantakausi": "uppföljningsperiod",
    # conflicts
    "Sarake": "Kolumn",
    "Lähetetty arvo": "Skickat värde",
    "Nro": "Nr",
    "Tiedosto": "Fil",
    "Solu": "Cell",
    "Arvo": "Värde",
    "Valinta": "Val",
    "Voimassa": "Gäller",
    "(koordinaattori)": "(koordinatorn)",
    # archive reasons
    "Toimenpide ei ole enää suunnitelmassa": "Åtgärden finns inte längre i planen",
    "Vastuutaho ei enää vastaa toimenpiteestä": "Den ansvariga parten ansvarar inte längre "
                                                "för åtgärden",
    "Rivi ei ole suunnitelmassa": "Raden finns inte i planen",
    # page footer, document properties
    "Sivu": "Sida",
    "Seurantamatriisi": "Uppföljningsmatris",
    "Yhdyspintasuunnitelman seuranta": "Uppföljning av gränsytsplanen",
    "seurantamatriisi; yhdyspintasuunnitelma": "uppföljningsmatris; gränsytsplan",
    "koordinaattori (kaikki vastuutahot)": "koordinatorn (alla ansvariga parter)",
    "Määräaika": "Tidsfrist",
    "Pylväskaavio: seurantarivien määrä tilanteen mukaan. Samat luvut ovat taulukossa kaavion "
    "vasemmalla puolella.": "Stapeldiagram: antalet uppföljningsrader efter läge. Samma tal "
    "finns i tabellen till vänster om diagrammet.",
}
"""Swedish for every Finnish word and sentence a matrix shows (instructions: :mod:`._help`)."""

def translate(fi: str, lang: Lang) -> str:
    """The Finnish text `fi` in `lang` (Finnish as it is)."""
    return fi if lang == "fi" else SV[fi]


def forms(fi: str) -> list[str]:
    """Every form a matrix may show the Finnish word `fi` in: fi, sv, fi / sv, sv / fi, and
    the sheet-name forms with a dash."""
    sv = SV.get(fi, fi)
    out = [fi, sv]
    for sep in (" / ", " – ", " - "):
        out += [f"{fi}{sep}{sv}", f"{sv}{sep}{fi}"]
    return list(dict.fromkeys(out))


def normalize_label(text: object) -> str:
    """Return `text` as compared with a header name: NFKC, single spaces, casefolded."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = " ".join(text.split()).strip(" *:")
    return text.casefold()


_BY_FORM = {normalize_label(form): fi for fi in SV for form in forms(fi)}


def finnish_label(text: str) -> str:
    """The Finnish word of a label in any of its :func:`forms` (`text` itself if it is not
    one): ``Läge``, ``Tilanne / Läge`` and ``tilanne`` all give ``Tilanne``."""
    return _BY_FORM.get(normalize_label(text), text)


@dataclass(frozen=True)
class Labels:
    """The words of one matrix in its language(s), the first one first."""

    langs: tuple[Lang, ...] = ("fi",)

    @property
    def lang(self) -> Lang:
        """The first (main) language."""
        return self.langs[0]

    @property
    def bilingual(self) -> bool:
        return len(self.langs) > 1

    def __call__(self, fi: str) -> str:
        """A short Finnish label in this matrix's language(s): ``Tilanne / Läge``."""
        return " / ".join(dict.fromkeys(translate(fi, lang) for lang in self.langs))

    def sheet(self, fi: str) -> str:
        """A sheet name: ``Seuranta – Uppföljning`` (at most 31 characters, no ``/``)."""
        return " – ".join(dict.fromkeys(translate(fi, lang) for lang in self.langs))[:31]

    def lines(self, texts: dict[Lang, str]) -> str:
        """A longer text given per language: one line per language of this matrix."""
        return "\n".join(dict.fromkeys(texts[lang] for lang in self.langs))

    @property
    def language_tag(self) -> str:
        """The document language (of the first language): ``fi-FI`` or ``sv-FI``."""
        return f"{self.lang}-FI"


_ORDERS: tuple[tuple[Lang, ...], ...] = (("fi",), ("sv",), ("fi", "sv"), ("sv", "fi"))


def languages_of(title: str, fi: str) -> tuple[Lang, ...] | None:
    """The language(s) of a matrix by the name its sheet `fi` (Finnish name) has: ``Uppföljning``
    is ``("sv",)``, ``Seuranta – Uppföljning`` ``("fi", "sv")``; None if it is not one."""
    for langs in _ORDERS:
        if normalize_label(title) == normalize_label(Labels(langs).sheet(fi)):
            return langs
    return None


def label_languages(text: object, fi: str) -> tuple[Lang, ...] | None:
    """The language(s) of a matrix by the form its header `fi` (Finnish) has: ``Kod`` is
    ``("sv",)``, ``Tunnus / Kod`` ``("fi", "sv")``; None if `text` is not one."""
    return next((langs for langs in _ORDERS
                 if normalize_label(text) == normalize_label(Labels(langs)(fi))), None)


def book_languages(sheetnames: Sequence[str], sheets: Sequence[str]) -> tuple[Lang, ...] | None:
    """The language(s) of a workbook by the first of its `sheetnames` that is one of `sheets`
    (Finnish names) in some language (:func:`languages_of`); None when none is."""
    return next((langs for title in sheetnames for fi in sheets
                 if (langs := languages_of(title, fi)) is not None), None)


_RESOLVED_NAMES: dict[Lang, str] = {"fi": "ratkaistu.xlsx", "sv": "avgjord.xlsx"}


def resolved_name(langs: Sequence[Lang] | None) -> str:
    """The file name the ``resolve`` command a matrix in `langs` suggests gives its result,
    in its first language (``ratkaistu.xlsx``, ``avgjord.xlsx``: a word without letters a
    keyboard may lack, not ``löst`` written ``lost``), on its conflict sheet and in the
    messages about it alike."""
    return _RESOLVED_NAMES[langs[0] if langs else "fi"]


def find_sheet(sheetnames: list[str], fi: str) -> str | None:
    """The name the sheet `fi` (its Finnish name) has in a matrix of any language."""
    wanted = {normalize_label(form) for form in forms(fi)}
    return next((n for n in sheetnames if normalize_label(n) in wanted), None)


def matrix_languages(plan_languages: Sequence[Lang], party_languages: Sequence[Lang] | None,
                     chosen: Sequence[Lang] | None = None) -> tuple[Lang, ...]:
    """The language(s) of a matrix: `chosen` (``--lang``) if given, else the party's own
    languages, else the plan's ``kielet``; each once, in the order given."""
    for langs in (chosen, party_languages, plan_languages):
        if langs:
            return tuple(dict.fromkeys(langs))
    return ("fi",)
