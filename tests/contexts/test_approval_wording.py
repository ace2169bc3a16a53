"""What the approval round's documents say in words: the summary names every party that
rejected the plan (body, date, §, Käsittely note), and a council's minutes extract names the
council, not the board, where the plan's explanation writes ``{toimielin}``."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers import context_text
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.approvals import approval_status
from yhdyspinta_docs.contexts._minutes import approval_summary_context, minutes_context
from yhdyspinta_docs.plan import parse_plan

EXAMPLE = example_plan_path().read_text("utf-8")
BASE = EXAMPLE[:EXAMPLE.index("\npaatokset:")]
BILINGUAL = example_plan_path("pohjanmaa").read_text("utf-8") + """
paatokset:
  tilanne: 2026-04-01
  kirjatut:
    - {osapuoli: hyvinvointialue, toimielin: aluehallitus, paivamaara: 2026-03-09, pykala: 70,
       tulos: hyvaksytty}
    - {osapuoli: vaasa, toimielin: hallitus, paivamaara: 2026-03-09, pykala: 12,
       tulos: lahetetty_valtuustolle}
    - {osapuoli: vaasa, toimielin: valtuusto, paivamaara: 2026-03-30, pykala: 20,
       tulos: hyvaksytty}
    - {osapuoli: mustasaari, toimielin: hallitus, paivamaara: 2026-03-09, pykala: 30,
       tulos: hylatty}
    - osapuoli: narpio
      toimielin: hallitus
      paivamaara: 2026-03-10
      pykala: 61
      tulos: hylatty
      kasittely:
        fi: Äänestyksen jälkeen kaupunginhallitus hylkäsi päätösehdotuksen äänin 6–5.
        sv: Efter omröstning förkastade stadsstyrelsen beslutsförslaget med rösterna 6–5.
    - {osapuoli: pietarsaari, toimielin: hallitus, paivamaara: 2026-03-02, pykala: 8,
       tulos: hylatty}
    - {osapuoli: pietarsaari, toimielin: hallitus, paivamaara: 2026-03-23, pykala: 19,
       tulos: hyvaksytty}
"""


@pytest.mark.parametrize(("lang", "heading", "counted", "rejected"), [
    ("fi", "Hylänneet", "hylännyt 2,", [
        "Närpiön kaupunki (Kaupunginhallitus 10.3.2026 §\u00a061) hylkäsi suunnitelman. "
        "Käsittely: Äänestyksen jälkeen kaupunginhallitus hylkäsi päätösehdotuksen äänin 6–5.",
        "Mustasaaren kunta (Kunnanhallitus 9.3.2026 §\u00a030) hylkäsi suunnitelman.",
    ]),
    ("sv", "Parter som förkastat planen", "2 har förkastat,", [
        "Närpes stad (Stadsstyrelsen 10.3.2026 §\u00a061) förkastade planen. "
        "Behandling: Efter omröstning förkastade stadsstyrelsen beslutsförslaget med "
        "rösterna 6–5.",
        "Korsholms kommun (Kommunstyrelsen 9.3.2026 §\u00a030) förkastade planen.",
    ]),
])
def test_summary_names_every_party_that_rejected_the_plan(lang: str, heading: str,
                                                          counted: str,
                                                          rejected: list[str]) -> None:
    """In the plan's party order, with the body, date and § of the rejecting decision and its
    Käsittely note where one is recorded; a party that rejected and later approved (Jakobstad
    / Pietarsaari) is no longer among them."""
    ctx = approval_summary_context(parse_plan(BILINGUAL), lang)
    assert ctx["words"]["rejected"] == heading
    assert ctx["rejected"] == rejected
    assert ctx["amended"] == []
    assert counted in ctx["summary"][0]  # the count and the names agree
    # a rejection is an outcome, not a wait: no "not yet approved" ("vielä", "ännu")
    assert ctx["summary"][1] == {
        "fi": "Suunnitelmaa ei ole hyväksytty kaikissa osapuolissa.",
        "sv": "Planen har inte godkänts av alla parter."}[lang]


def test_summary_without_rejections_has_none_to_name() -> None:
    ctx = approval_summary_context(parse_plan(EXAMPLE))
    assert ctx["rejected"] == []
    assert len(ctx["amended"]) == 1  # the amended approval is still flagged
    assert approval_summary_context(parse_plan(BASE))["rejected"] == []


def test_rejected_as_of_the_status_day_only() -> None:
    """On 9.3.2026 Jakobstad (Pietarsaari) had rejected the plan and not yet approved it, and
    Närpes (Närpiö) had not yet rejected it."""
    pf = parse_plan(BILINGUAL)
    early = approval_summary_context(pf, "fi", status=approval_status(pf, dt.date(2026, 3, 9)))
    assert [line.split(" (")[0] for line in early["rejected"]] == [
        "Pietarsaaren kaupunki", "Mustasaaren kunta"]


# the plan's explanation for the parties (asia.osapuolten_selostus) says what
# "{toimielin}" decides; the board forwarded the plan, the council decided it
_BILINGUAL_SENTENCES = {
    "fi": ("Kaupunginhallitus päättää suunnitelman hyväksymisestä Vaasan kaupungin osalta.",
           "Kaupunginvaltuusto päättää suunnitelman hyväksymisestä Vaasan kaupungin osalta."),
    "sv": ("Stadsstyrelsen beslutar om godkännandet av planen för Vasa stads del.",
           "Stadsfullmäktige beslutar om godkännandet av planen för Vasa stads del."),
}


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("public", [False, True])
def test_councils_extract_names_the_council_not_the_board(lang: str, public: bool) -> None:
    pf = parse_plan(BILINGUAL)
    board_says, council_says = _BILINGUAL_SENTENCES[lang]
    council = context_text(minutes_context(pf, 2, lang, public=public)["explanation"])
    assert council_says in council
    assert board_says not in council
    # the board's own extract keeps the sentence about the board, as its proposal has it
    board = context_text(minutes_context(pf, 1, lang, public=public)["explanation"])
    assert board_says in board and council_says not in board


def test_councils_extract_names_the_council_in_the_partys_own_section_too() -> None:
    """Jyväskylä's own explanation ("{toimielin} käsittelee suunnitelmaa nyt …") and a party
    without handling data of its own (Hankasalmi, a draft by its board) read the same way;
    everything else in the explanation is the board's, word for word."""
    pf = parse_plan(BASE + "\npaatokset:\n  kirjatut:\n"
                    "    - {osapuoli: jyvaskyla, toimielin: hallitus, paivamaara: 2026-03-02, "
                    "pykala: 5, tulos: lahetetty_valtuustolle}\n"
                    "    - {osapuoli: jyvaskyla, toimielin: valtuusto, paivamaara: 2026-03-23, "
                    "pykala: 6, tulos: hyvaksytty}\n"
                    "    - {osapuoli: hankasalmi, toimielin: valtuusto, paivamaara: "
                    "2026-03-23, pykala: 9, tulos: hyvaksytty}\n")
    board = context_text(minutes_context(pf, 0, "fi")["explanation"])
    council = context_text(minutes_context(pf, 1, "fi")["explanation"])
    assert "Kaupunginvaltuusto käsittelee suunnitelmaa nyt Jyväskylän kaupungin osalta." \
        in council
    assert "Kaupunginvaltuusto päättää suunnitelman hyväksymisestä Jyväskylän kaupungin " \
        "osalta." in council
    assert "Kaupunginhallitus" not in council
    assert council == board.replace("Kaupunginhallitus", "Kaupunginvaltuusto")
    hankasalmi = context_text(minutes_context(pf, 2, "fi")["explanation"])
    assert "Kunnanvaltuusto päättää suunnitelman hyväksymisestä Hankasalmen kunnan osalta." \
        in hankasalmi
    assert "Kunnanhallitus päättää" not in hankasalmi
