"""The forms in which a preparer types personal data into a free text: a personal identity
code (henkilötunnus), a mobile number written in any of the usual ways, a marked name with an
invisible character inside, a marked name split over two lines. Public versions replace each
with a note, and the warnings name each one, on one line, with file:line and field path.

Other numbers (dates, years, section numbers, money, a business ID) stay as written."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from yhdyspinta_docs.cli import main
from yhdyspinta_docs.contexts._localizer import redact_public
from yhdyspinta_docs.plan import PlanFile, parse_plan, personal_data_warnings
from yhdyspinta_docs.plan._personal import normalise_name

REPO = Path(__file__).resolve().parents[2]
POHJANMAA = REPO / "examples" / "pohjanmaa" / "plan.yaml"
NOTE = {"fi": "(henkilötieto poistettu)", "sv": "(personuppgift borttagen)"}
# the county's explanation, in the Finnish and the Swedish text: a new paragraph goes before
_BEFORE = {"fi": "            Sopimuksen mukaan sitä",
           "sv": "            Enligt avtalet kompletteras"}
FIELD = "asia.selostus[0].sisalto[0]"
MARKED = "suunnitelma.valmistelu.tyoryhma[0].nimi"  # Essi Esimerkki, marked henkilotieto
MOBILE = "a mobile phone number, which is a person's"
HETU = "a Finnish personal identity code, which is a person's"


def _source(text: str, lang: str = "fi") -> str:
    """The Pohjanmaa example with `text` as the first paragraph of the county's explanation
    (a line break in `text` stays one in the plan's text)."""
    source = POHJANMAA.read_text("utf-8")
    before = _BEFORE[lang]
    assert source.count(before) == 1
    indented = text.replace("\n", "\n            ")
    return source.replace(before, f"            {indented}\n\n{before}")


@cache
def _plan() -> PlanFile:
    return parse_plan(POHJANMAA.read_text("utf-8"))


def _redact(text: str, lang: str = "fi") -> str:
    return redact_public(_plan(), lang, text)


def _block_line(source: str) -> int:
    """The line where the plan gives the county's Finnish explanation (warnings name it)."""
    lines = source.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(_BEFORE["fi"]))
    return max(i for i in range(at) if lines[i].strip() == "- fi: |-") + 1


def _text_warnings(text: str, lang: str = "fi") -> list[str]:
    """The warnings about the paragraph `text` of the county's explanation."""
    return [w for w in personal_data_warnings(parse_plan(_source(text, lang)))
            if w.startswith(FIELD)]


def _warning(shown: str, what: str) -> str:
    return (f"{FIELD}: the text contains '{shown}', {what}; public versions replace it with a "
            "note; write the text without it")


# -- 1. the personal identity code ----------------------------------------------------------

_CODES = ["010190-123A", "311299+123B", "150505A123C", "290200-9876", "010101Y987H",
          "121212W001N", "040190-123A", "050190U123P"]


def test_identity_codes_are_replaced_in_both_languages() -> None:
    text = "Henkilötunnukset: " + ", ".join(_CODES) + "."
    for lang in ("fi", "sv"):
        assert _redact(text, lang) == "Henkilötunnukset: " + ", ".join(
            [NOTE[lang]] * len(_CODES)) + "."
    # a wrong check character is still an identity code, also one no code can have (a G, an
    # O typed for a zero)
    assert _redact("hetu 010190-1234, 010190-123a") == f"hetu {NOTE['fi']}, {NOTE['fi']}"
    assert _redact("hetu 070780-111G, 010190-12OO") == f"hetu {NOTE['fi']}, 010190-12OO"
    assert _redact("hetu 010190-123Z.") == f"hetu {NOTE['fi']}."


def test_identity_codes_are_warned_about_one_by_one() -> None:
    text = "Asukas (hetu " + ", ".join(_CODES) + ")."
    assert _text_warnings(text) == [_warning(code, HETU) for code in _CODES]
    assert _text_warnings(f"Personbeteckning {_CODES[0]}.", "sv") == [_warning(_CODES[0], HETU)]


@given(day=st.integers(1, 31), month=st.integers(1, 12), year=st.integers(0, 99),
       century=st.sampled_from("+-ABCDEFYXWVU"), number=st.integers(0, 999),
       check=st.sampled_from("0123456789ABCDEFHJKLMNPRSTUVWXY"))
def test_every_identity_code_form_is_replaced(day: int, month: int, year: int, century: str,
                                              number: int, check: str) -> None:
    code = f"{day:02}{month:02}{year:02}{century}{number:03}{check}"
    assert _redact(f"Asiakas {code}, kiitos.") == f"Asiakas {NOTE['fi']}, kiitos."


@pytest.mark.parametrize("text", [
    "320190-123A", "011390-123A", "000190-123A", "010090-123A",  # no such day or month
    "1010190-123A", "010190-123AB", "x010190-123A", "010190-1234567",  # inside a longer run
    "010190G123A", "010190-12O4",  # no such century sign; a letter in the number
])
def test_what_is_no_identity_code_stays(text: str) -> None:
    assert _redact(f"Tunnus {text}.") == f"Tunnus {text}."


def _validated(text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
               ) -> tuple[Path, int, str]:
    """`validate` of the example with `text` in the explanation: the plan file, the text's
    line in it, and what validate told (stderr)."""
    source = _source(text)
    plan = tmp_path / "plan.yaml"
    plan.write_text(source, "utf-8")
    assert main(["validate", str(plan)]) == 0
    return plan, _block_line(source), capsys.readouterr().err


def test_identity_codes_are_warned_about_with_file_and_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan, line, err = _validated("Asukkaan henkilötunnus on 010190-123A.", tmp_path, capsys)
    assert f"Warning: {plan}:{line} {FIELD}: the text contains '010190-123A', {HETU};" in err


# the hyphen of the 1900s as a word processor writes it, and a code with an invisible character
# pasted inside: each reads as the code it shows
_DASHED = ["010190\u2011123A", "010190\u2013123A", "010190\u2010123A", "010190\u2012123A",
           "010190\u2212123A", "0101\u200b90-123A", "010190-\u00ad123A"]


@pytest.mark.parametrize("code", _DASHED, ids=["nb-hyphen", "en-dash", "hyphen", "figure-dash",
                                               "minus", "zero-width-space", "soft-hyphen"])
def test_an_identity_code_with_another_hyphen_or_an_invisible_character_is_replaced(
        code: str) -> None:
    for lang in ("fi", "sv"):
        assert _redact(f"Asiakas {code}, kiitos.", lang) == f"Asiakas {NOTE[lang]}, kiitos."
    shown = code.replace("\u200b", "\\u200b").replace("\u00ad", "\\u00ad")
    assert _text_warnings(f"Asiakas {code}.") == [_warning(shown, HETU)]


@pytest.mark.parametrize(("text", "shown", "what"), [
    ("maija.malli\u200b@example.fi", "maija.malli\\u200b@example.fi",
     "the contact detail of a person at osapuolet[2].kasittely.valmistelijat[0].sahkoposti"),
    ("mikael\u00ad.malli@example.fi", "mikael\\u00ad.malli@example.fi",
     "the contact detail of a person at "),
    ("040\u200b123 4567", "040\\u200b123 4567", MOBILE),
], ids=["plan-email-zwsp", "plan-email-soft-hyphen", "mobile-zwsp"])
def test_contact_details_with_an_invisible_character_inside_are_replaced(
        text: str, shown: str, what: str) -> None:
    """A zero-width space or soft hyphen pasted into an e-mail address or a phone number
    hides nothing: the public versions replace it whole, and the warning shows where the
    invisible character is."""
    assert _redact(f"Yhteys {text}, kiitos.") == f"Yhteys {NOTE['fi']}, kiitos."
    warnings = _text_warnings(f"Yhteys {text}.")
    assert len(warnings) == 1 and warnings[0].startswith(
        f"{FIELD}: the text contains '{shown}', "), warnings
    assert what in warnings[0]


@pytest.mark.parametrize("address", [
    "maija.malli(at)example.fi", "maija.malli [at] example.fi", "maija.malli(a)example.fi",
    "Maija.Malli(AT)example.fi", "maija.malli (ät) example.fi", "essi.esimerkki(at)vaasa.fi",
    "matti_meikalainen[a]kunta.fi"])
def test_an_address_with_its_at_written_against_harvesters_is_replaced(address: str) -> None:
    """Web pages of public bodies write the @ of their staff's addresses as (at), [at] or
    (a), and preparers copy them so: such an address is a person's as the @ form is."""
    assert _redact(f"Yhteys {address}, kiitos.") == f"Yhteys {NOTE['fi']}, kiitos."
    assert _redact(f"Kontakt: {address}.", "sv") == f"Kontakt: {NOTE['sv']}."
    warnings = _text_warnings(f"Yhteys {address}.")
    assert len(warnings) == 1 and f"the text contains '{address}'" in warnings[0], warnings


@pytest.mark.parametrize("text", ["Kohdat (a) ja (at) pysyvät.", "kirjaamo(at)vaasa.fi",
                                  "info [at] vaasa.fi", "Malli (a) vaasa"])
def test_an_organisations_address_and_letters_in_brackets_stay(text: str) -> None:
    assert _redact(text) == text


# -- 2. mobile numbers as people write them; 7. a business ID is not one ----------------------

_WRITTEN = ["040 - 123 4567", "040 – 123 4567", "040–1234567", "(040) 123 4567", "040.123.4567",
            "040/123 4567", "+358 (40) 123 4567", "358 40 1234567", "+358 (0)40 123 4567",
            "00358 40 123 4567", "050 765 4321", "045-1234567"]


@pytest.mark.parametrize("number", _WRITTEN)
def test_a_mobile_number_in_the_usual_forms_is_replaced_and_warned_about(number: str) -> None:
    assert _redact(f"Lisätietoja puh. {number}, kiitos.") == \
        f"Lisätietoja puh. {NOTE['fi']}, kiitos."
    assert _redact(f"Mer information: tfn {number}.", "sv") == \
        f"Mer information: tfn {NOTE['sv']}."
    assert _text_warnings(f"Lisätietoja puh. {number}.") == [_warning(number, MOBILE)]


_SEPARATORS = st.sampled_from([" ", "-", " - ", " – ", "–", ".", "/", "", "\u00a0"])
_PREFIXES = st.sampled_from(["0{}", "(0{})", "+358 {}", "+358 ({})", "+358 (0){}",
                             "358 {}", "00358 {}", "+358-{}", "+358{}"])


@given(prefix=_PREFIXES, area=st.sampled_from(["40", "41", "42", "43", "44", "45", "46", "49",
                                               "50"]),
       digits=st.text("0123456789", min_size=5, max_size=7), cuts=st.lists(
           st.integers(1, 6), max_size=2, unique=True), seps=st.lists(_SEPARATORS, min_size=3,
                                                                     max_size=3))
def test_every_usual_form_of_a_mobile_number_is_replaced(
        prefix: str, area: str, digits: str, cuts: list[int], seps: list[str]) -> None:
    groups, start = [], 0
    for cut in sorted(c for c in cuts if c < len(digits)):
        groups.append(digits[start:cut])
        start = cut
    groups.append(digits[start:])
    number = prefix.format(area) + seps[0] + "".join(
        g + (seps[i + 1] if i + 1 < len(groups) else "") for i, g in enumerate(groups))
    assume(not re.fullmatch(r"\d{7}-\d", number))  # a business ID, see below
    assert _redact(f"Soita: {number}, kiitos.") == f"Soita: {NOTE['fi']}, kiitos."


@pytest.mark.parametrize("text", [
    "Y-tunnus 0450443-1", "FO-nummer 0450443-1.", "y-tunnukset 0504431-2 ja 0412345-6",
    "vuosina 2026–2029", "31.12.2025", "1.4.2026–31.3.2029", "§ 45", "45 §:n mukaan",
    "1 358 450 000 euroa", "0,45 €", "vaihde 06 218 9111", "puhelin 09 310 1234",
    "ikä 0–45 vuotta", "2040 - 2045", "Diaari 04/2026-15",
])
def test_other_numbers_stay_as_written(text: str) -> None:
    assert _redact(text) == text
    assert _text_warnings(text) == []


# -- 3. a marked name with an invisible character inside --------------------------------------

_HIDDEN = {  # as typed → True if it is the marked name itself, not an inflected form
    "Essi\u200bEsimerkki": False, "Essi\u2060Esimerkin": False, "Essi Esimer\u00adkin": False,
    "Es\u200csi Esimerkki": True, "Essi Esimerk\u200dki": True, "Essi\ufeffEsimerkille": False,
    "Essi \u200bEsimerkki": True, "ESSI ESI\u00adMERKIN": False}


@pytest.mark.parametrize("name", _HIDDEN)
def test_a_marked_name_with_an_invisible_character_is_replaced_whole(name: str) -> None:
    for lang in ("fi", "sv"):
        assert _redact(f"Työryhmää johti {name}, ja se kokoontui.", lang) == \
            f"Työryhmää johti {NOTE[lang]}, ja se kokoontui."


def test_a_marked_name_with_an_invisible_character_is_warned_about_visibly() -> None:
    """Each form with an invisible character is a warning of its own, the character shown as
    its code; the plain name once."""
    warnings = _text_warnings("Johtajat: " + ", ".join(_HIDDEN) + ", Essi Esimerkki.")
    shown = [re.sub("[\u00ad\u200b-\u200d\u2060\ufeff]",
                    lambda m: f"\\u{ord(m.group(0)):04x}", name) for name in _HIDDEN]
    what = ["marked" if same else "a form of the name marked" for same in _HIDDEN.values()]
    assert warnings == [
        *(_warning(s, f"{w} henkilotieto at {MARKED}") for s, w in zip(shown, what, strict=True)),
        _warning("Essi Esimerkki", f"marked henkilotieto at {MARKED}")]
    assert "'Essi\\u200bEsimerkki'" in warnings[0]


def test_an_invisible_character_is_nothing_in_a_name_but_makes_no_other_name() -> None:
    assert normalise_name("Essi Esimer\u00adkki") == normalise_name("essi esimerkki")
    assert _redact("Essie\u200bEsimerkki ja Essi\u200bEsim") == \
        "Essie\u200bEsimerkki ja Essi\u200bEsim"


# -- 6. a name split over a line break: one warning, on one line ------------------------------

def test_a_name_over_a_line_break_is_one_warning_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan, line, err = _validated("Työryhmää johti Essi\nEsimerkki, ja hetu oli 010190-123A.",
                                 tmp_path, capsys)
    # every line a message of its own (the note of parties without handling data is one)
    assert all(s.startswith(("Warning: ", "Note: ")) for s in err.splitlines())
    assert (f"Warning: {plan}:{line} {FIELD}: the text contains 'Essi\\nEsimerkki', marked "
            f"henkilotieto at {plan}:") in err
    assert _redact("johti Essi\nEsimerkki, ja") == f"johti {NOTE['fi']}, ja"


# -- 7. a double name written with another hyphen ---------------------------------------------

_HYPHENATED = "Anna-Liisa Esimerkki"


@cache
def _hyphen_plan(marked: str) -> PlanFile:
    """The example with its marked member named `marked` (a double name)."""
    return parse_plan(POHJANMAA.read_text("utf-8").replace("Essi Esimerkki", marked, 1))


@pytest.mark.parametrize("marked", [_HYPHENATED, "Anna\u2011Liisa Esimerkki"])
@pytest.mark.parametrize("hyphen", ["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2212"])
def test_a_double_name_is_replaced_whatever_its_hyphen(marked: str, hyphen: str) -> None:
    """Word writes a non-breaking hyphen for Ctrl+Shift+-, and pasted text brings Unicode
    hyphens and dashes: the marked name is the same name with any of them, either way."""
    pf = _hyphen_plan(marked)
    for lang in ("fi", "sv"):
        written = f"Anna{hyphen}Liisa Esimerkki (040 555 0555) ja Anna{hyphen}Liisa Esimerkin"
        assert redact_public(pf, lang, f"Ryhmässä {written}.") == \
            f"Ryhmässä {NOTE[lang]} {NOTE[lang]} ja {NOTE[lang]}."  # the brackets go too
    warned = [w for w in personal_data_warnings(parse_plan(_source(
        f"Ryhmää johti Anna{hyphen}Liisa Esimerkki.").replace("Essi Esimerkki", marked, 1)))
        if w.startswith(FIELD)]
    assert len(warned) == 1 and "marked henkilotieto" in warned[0]
    assert normalise_name(f"Anna{hyphen}Liisa  ESIMERKKI") == normalise_name(_HYPHENATED)


def test_a_record_number_is_no_mobile_number() -> None:
    """A record number or reference whose first digits look like a mobile number's
    (0412/00.04.01/2026) stays; a mobile number before a full stop or a comma is replaced."""
    for text in ("Dnro 0412/00.04.01/2026", "viite 0401/2026/12345", "VAA/0450/10.03.00/2025"):
        assert _redact(text) == text
        assert _text_warnings(text) == []
    assert _redact("Soita 040 555 0555. Tai 0405550555, kiitos.") == \
        f"Soita {NOTE['fi']}. Tai {NOTE['fi']}, kiitos."


# -- 8. a private person named only in a text -------------------------------------------------

def test_a_private_person_listed_under_henkilotiedot_is_left_out_of_public_versions() -> None:
    """A resident named in the explanation is no working-group member: listed under
    henkilotiedot, the name (also inflected) is replaced in public versions and warned of, and
    no document shows the list."""
    from yhdyspinta_docs._build import BuildOptions
    from yhdyspinta_docs._documents import make_decisions

    text = "Asukasraadissa puhui Ville Asukas, ja Ville Asukkaan ehdotus hyväksyttiin."
    source = _source(text).replace("kielet: [fi, sv]", "kielet: [fi, sv]\nhenkilotiedot: "
                                   "[Ville Asukas]", 1)
    pf = parse_plan(source)
    assert pf.personal_names == ("Ville Asukas",)
    assert redact_public(pf, "fi", text) == (f"Asukasraadissa puhui {NOTE['fi']}, ja "
                                             f"{NOTE['fi']} ehdotus hyväksyttiin.")
    assert [w for w in personal_data_warnings(pf) if w.startswith(FIELD)] == [
        _warning("Ville Asukas", "marked henkilotieto at henkilotiedot[0]")]
    docs = {f.path: f.data for f in make_decisions(pf, BuildOptions(public=True,
                                                                    languages=["fi"]))}
    from docx_text import all_text

    internal = all_text(docs["paatosehdotus_hyvinvointialue_fi.docx"])
    public = all_text(docs["julkinen/paatosehdotus_hyvinvointialue_fi.docx"])
    assert "Ville Asukas" in internal and "Asuk" not in public.replace("Asukasraadissa", "")
    assert "Asukkaan" not in docs["avoin-data/paatosehdotus_hyvinvointialue_fi.json"].decode()


def test_a_marked_name_written_surname_first_is_replaced() -> None:
    """Lists of those present often write the surname first; that order is the same person
    (the first name also inflected, but not another first name that begins the same way)."""
    for lang in ("fi", "sv"):
        assert _redact("Läsnä: Esimerkki Essi, ESIMERKKI  ESSI.", lang) == \
            f"Läsnä: {NOTE[lang]}, {NOTE[lang]}."
    assert _redact("Esimerkkinen Essi ja Esimerkki Essie") == \
        "Esimerkkinen Essi ja Esimerkki Essie"
    assert _text_warnings("Läsnä: Esimerkki Essi.") == [
        _warning("Esimerkki Essi", f"a form of the name marked henkilotieto at {MARKED}")]


@pytest.mark.parametrize("text", [
    "Essi K. Esimerkki", "Essi Kaarina Esimerkki", "Essi Anna-Maria Esimerkin", "E. Esimerkki",
    "E.Esimerkin", "Esimerkki, Essi", "Esimerkki Essin", "Esimerkki Essille", "esimerkki essiä"])
def test_a_marked_name_with_a_middle_name_an_initial_or_in_a_list_is_replaced(text: str) -> None:
    """Minutes and letters add a middle initial or name, shorten the first name to its initial,
    or list the surname first with a comma or with the first name inflected: the same person."""
    for lang in ("fi", "sv"):
        assert _redact(f"Puheenvuoro: {text} totesi.", lang) == \
            f"Puheenvuoro: {NOTE[lang]} totesi."
    assert len(_text_warnings(f"Puheenvuoro: {text}.")) == 1


@pytest.mark.parametrize("text", [
    "Essi ja Esimerkki", "Esimerkki esitti", "Esimerkki Essie", "Essi-Maria Esimerkki",
    "K. Esimerkki"])
def test_words_around_a_marked_name_that_make_no_form_of_it_stay(text: str) -> None:
    # a word in lower case is no middle name, a verb no first name, another first name no
    # inflection of the marked one, another initial another person
    assert _redact(f"Puheenvuoro: {text} totesi.") == f"Puheenvuoro: {text} totesi."
