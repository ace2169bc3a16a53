"""Approval status across the parties, the appeal rule of each recorded decision, the web
version's removal date, the plan document's approvals and the public extract."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers import context_strings
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.approvals import ApprovalState, approval_status, removal_date
from yhdyspinta_docs.contexts import plan_context
from yhdyspinta_docs.contexts._minutes import (
    approval_summary_context,
    minutes_appeal_kind,
    minutes_context,
)
from yhdyspinta_docs.plan import AppealKind, BodyKind, parse_plan
from yhdyspinta_docs.plan._decisions import DecisionOutcome, DecisionRecord

EXAMPLE = example_plan_path().read_text("utf-8")
BASE = EXAMPLE[:EXAMPLE.index("\npaatokset:")]
BILINGUAL = example_plan_path("pohjanmaa").read_text("utf-8") + """
paatokset:
  kirjatut:
    - {osapuoli: hyvinvointialue, toimielin: aluehallitus, paivamaara: 2026-03-09, pykala: 70,
       tulos: hyvaksytty}
    - {osapuoli: vaasa, toimielin: hallitus, paivamaara: 2026-03-09, pykala: 12,
       tulos: lahetetty_valtuustolle}
    - {osapuoli: vaasa, toimielin: valtuusto, paivamaara: 2026-03-30, pykala: 20,
       tulos: hyvaksytty}
    - {osapuoli: mustasaari, toimielin: hallitus, paivamaara: 2026-03-09, pykala: 30,
       tulos: poydatty}
"""


def _plan(body: str):  # type: ignore[no-untyped-def]
    return parse_plan(BASE + "\npaatokset:\n" + body)


def _state(status, party: str) -> ApprovalState:  # type: ignore[no-untyped-def]
    return next(p.state for p in status.parties if p.party == party)


def test_example_counts_and_names() -> None:
    pf = parse_plan(EXAMPLE)
    status = approval_status(pf)
    assert status.as_of == dt.date(2026, 3, 20)
    assert len(status.parties) == 24
    approved = [p.party for p in status.parties if p.state is ApprovalState.APPROVED]
    assert approved == ["hyvinvointialue", "maakuntaliitto", "laukaa", "muurame"]
    assert [p.party for p in status.parties if p.state is ApprovalState.OVERDUE] == ["joutsa"]
    assert status.count(ApprovalState.PENDING) == 19 and status.open == 20
    assert not status.approved
    assert _state(status, "jyvaskyla") is ApprovalState.PENDING  # forwarded: the council next


def test_overdue_against_the_planned_date_on_the_status_day_never_the_clock() -> None:
    pf = parse_plan(EXAMPLE)
    # Joutsa's own handling is planned for 16.3.2026; the round's deadline is 31.3.2026
    assert _state(approval_status(pf, dt.date(2026, 3, 16)), "joutsa") is ApprovalState.PENDING
    assert _state(approval_status(pf, dt.date(2026, 3, 17)), "joutsa") is ApprovalState.OVERDUE
    assert _state(approval_status(pf, dt.date(2026, 3, 31)), "hankasalmi") \
        is ApprovalState.PENDING
    late = approval_status(pf, dt.date(2026, 4, 1))
    assert _state(late, "hankasalmi") is ApprovalState.OVERDUE
    assert _state(late, "jyvaskyla") is ApprovalState.OVERDUE  # council past the deadline
    # decisions after the status day do not count yet
    early = approval_status(pf, dt.date(2026, 3, 5))
    assert _state(early, "hyvinvointialue") is ApprovalState.PENDING
    assert _state(early, "muurame") is ApprovalState.APPROVED


def test_without_status_day_the_latest_decision_and_no_due_date_is_never_overdue() -> None:
    pf = _plan("  kirjatut:\n"
               "    - {osapuoli: muurame, toimielin: hallitus, paivamaara: 2026-05-02, "
               "pykala: 4, tulos: hyvaksytty}\n")
    status = approval_status(pf)
    assert status.as_of == dt.date(2026, 5, 2)
    assert _state(status, "joutsa") is ApprovalState.OVERDUE  # its handling: 16.3.2026
    assert _state(status, "hankasalmi") is ApprovalState.PENDING  # no date planned at all


def test_rejected_returned_council_and_approvers() -> None:
    pf = _plan("  hyvaksyjat: [joutsa, jyvaskyla, muurame]\n  kirjatut:\n"
               "    - {osapuoli: joutsa, toimielin: hallitus, paivamaara: 2026-03-02, "
               "pykala: 4, tulos: hylatty}\n"
               "    - {osapuoli: jyvaskyla, toimielin: hallitus, paivamaara: 2026-03-02, "
               "pykala: 5, tulos: lahetetty_valtuustolle}\n"
               "    - {osapuoli: jyvaskyla, toimielin: valtuusto, paivamaara: 2026-03-23, "
               "pykala: 6, tulos: hyvaksytty}\n"
               "    - {osapuoli: muurame, toimielin: hallitus, paivamaara: 2026-03-02, "
               "pykala: 7, tulos: palautettu}\n")
    status = approval_status(pf)
    assert [p.party for p in status.parties] == ["joutsa", "jyvaskyla", "muurame"]
    assert [p.state for p in status.parties] == [
        ApprovalState.REJECTED, ApprovalState.APPROVED, ApprovalState.PENDING]
    assert status.decided == 2 and not status.approved
    everyone = _plan("  hyvaksyjat: [jyvaskyla]\n  kirjatut:\n"
                     "    - {osapuoli: jyvaskyla, toimielin: valtuusto, paivamaara: "
                     "2026-03-23, pykala: 6, tulos: hyvaksytty_muutettuna, paatos: Muutettu.}\n")
    assert approval_status(everyone).approved


def _record(outcome: DecisionOutcome) -> DecisionRecord:
    return DecisionRecord(party="joutsa", body="hallitus", date=dt.date(2026, 3, 2), section=1,
                          outcome=outcome)


@pytest.mark.parametrize(("outcome", "body", "kind"), [
    (DecisionOutcome.APPROVED, BodyKind.BOARD, AppealKind.RECTIFICATION),
    (DecisionOutcome.AMENDED, BodyKind.BOARD, AppealKind.RECTIFICATION),
    (DecisionOutcome.REJECTED, BodyKind.BOARD, AppealKind.RECTIFICATION),
    (DecisionOutcome.APPROVED, BodyKind.COUNCIL, AppealKind.APPEAL),
    (DecisionOutcome.FORWARDED, BodyKind.BOARD, AppealKind.NONE_PREPARATORY),
    (DecisionOutcome.TABLED, BodyKind.BOARD, AppealKind.NONE_PREPARATORY),
    (DecisionOutcome.RETURNED, BodyKind.COUNCIL, AppealKind.NONE_PREPARATORY),
])
def test_appeal_rule_by_outcome_and_body(outcome: DecisionOutcome, body: BodyKind,
                                         kind: AppealKind) -> None:
    assert minutes_appeal_kind(_record(outcome), body) is kind


@pytest.mark.parametrize(("index", "heading", "words"), [
    (0, "Oikaisuvaatimusohje", "hyvinvointialuelaki"),   # the county's board
    (1, "Oikaisuvaatimusohje", "kuntalaki 134\u00a0§"),      # the regional council's board
    (2, "Muutoksenhaku", "ei saa hakea muutosta"),      # tabled
    (3, "Muutoksenhaku", "kuntalaki 136\u00a0§"),            # forwarded to the council
])
def test_extract_carries_the_appeal_text_that_fits(index: int, heading: str,
                                                   words: str) -> None:
    ctx = minutes_context(parse_plan(EXAMPLE), index, "fi")
    assert ctx["appeal_heading"] == heading
    assert words in " ".join(ctx["appeal"])


@pytest.mark.parametrize(("index", "heading", "words", "decision"), [
    (0, "Anvisning om rättelseyrkande", "lagen om välfärdsområden",
     "Beslutsförslaget godkändes."),
    (1, "Sökande av ändring", "Ändring i beslutet får inte sökas",
     "föreslår för stadsfullmäktige att stadsfullmäktige"),
    (2, "Besvärsanvisning", "kommunalbesvär", "beslöt godkänna"),
    (3, "Sökande av ändring", "Ändring i beslutet får inte sökas", "Ärendet bordlades."),
])
def test_swedish_extract_appeal_and_decision(index: int, heading: str, words: str,
                                             decision: str) -> None:
    ctx = minutes_context(parse_plan(BILINGUAL), index, "sv")
    assert ctx["doc_type"] == "Protokollsutdrag"
    assert ctx["appeal_heading"] == heading
    assert words in " ".join(ctx["appeal"])
    assert decision in " ".join(context_strings(ctx["decision"]))


def test_council_decision_gets_the_valitusosoitus_and_the_board_in_its_history() -> None:
    pf = _plan("  kirjatut:\n"
               "    - {osapuoli: jyvaskyla, toimielin: hallitus, paivamaara: 2026-03-02, "
               "pykala: 5, tulos: lahetetty_valtuustolle}\n"
               "    - {osapuoli: jyvaskyla, toimielin: valtuusto, paivamaara: 2026-03-23, "
               "pykala: 6, tulos: hyvaksytty}\n")
    ctx = minutes_context(pf, 1, "fi")
    assert ctx["appeal_heading"] == "Valitusosoitus"
    assert "kunnallisvalituksella" in ctx["appeal"][0]
    assert ctx["history"] == ["Kaupunginhallitus 2.3.2026 §\u00a05"]
    assert ctx["body"] == "Kaupunginvaltuusto" and ctx["section"] == "§\u00a06"
    assert ctx["decision"][0]["kind"] == "paragraph"
    assert ctx["decision"][0]["text"] == ("Kaupunginvaltuusto päätti hyväksyä "
                                          "yhdyspintasuunnitelman.")
    forwarded = minutes_context(pf, 0, "fi")
    assert forwarded["decision"][0] == {  # the council by its name, as minutes write it
        "kind": "paragraph", "text": "Kaupunginhallitus esittää kaupunginvaltuustolle, että "
        "kaupunginvaltuusto hyväksyy yhdyspintasuunnitelman."}
    # a council whose name is several words (it may start with a proper noun): the generic
    # word, not a name lower-cased mid-sentence
    records = ("\npaatokset:\n  kirjatut:\n    - {osapuoli: jyvaskyla, toimielin: hallitus, "
               "paivamaara: 2026-03-02, pykala: 5, tulos: lahetetty_valtuustolle}\n")
    assert BASE.count("{tunnus: valtuusto, nimi: Kaupunginvaltuusto") == 1  # Jyväskylä's
    renamed = parse_plan(BASE.replace("nimi: Kaupunginvaltuusto",
                                      "nimi: Jyväskylän kaupunginvaltuusto") + records)
    assert minutes_context(renamed, 0, "fi")["decision"][0]["text"] == (
        "Kaupunginhallitus esittää valtuustolle, että valtuusto hyväksyy "
        "yhdyspintasuunnitelman.")


def test_outcome_texts_and_decision_defaults() -> None:
    pf = parse_plan(EXAMPLE)
    county = minutes_context(pf, 0, "fi")
    # made as proposed: the proposal above it, the decision says so as minutes do
    assert county["proposal"] == [{"kind": "paragraph",
                                   "text": "Aluehallitus päättää hyväksyä "
                                   "yhdyspintasuunnitelman."}]
    assert county["presenter"] == "Vt. hyvinvointialuejohtaja Kati Kallimo"
    assert county["decision"] == [{"kind": "paragraph", "text": "Päätösehdotus hyväksyttiin."}]
    assert county["handling"] == [] and county["doc_type"] == "Pöytäkirjanote"
    amended = minutes_context(pf, 1, "fi")
    assert amended["outcome"] == "hyväksytty muutettuna"
    assert amended["handling"][0]["kind"] == "paragraph"
    assert "Ehdotusta kannatettiin" in amended["handling"][0]["text"]
    tabled = minutes_context(pf, 2, "fi")
    assert tabled["decision"][0] == {"kind": "paragraph", "text": "Asia pantiin pöydälle."}
    # certified-copy lines: placeholders where the plan has no names
    assert county["certification"][-1] == "(nimi ja virka-asema)"
    assert county["inspection"][0] == "Pöytäkirja on tarkastettu 11.3.2026."
    assert "pöytäkirjantarkastaja" in county["inspection"][-1]


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_web_extract_has_no_blanks_to_sign_or_fill_in(lang: str) -> None:
    """A web version is read on screen, often aloud: no '____' lines to sign on and no
    '(nimi ja virka-asema)' to fill in; an extract of minutes not yet inspected says so."""
    pf = parse_plan(BILINGUAL)
    for i in range(len(pf.decisions.records) if pf.decisions else 0):
        web = minutes_context(pf, i, lang, public=True)
        lines = [*web["inspection"], *web["certification"]]
        assert not any("_" in line or "(" in line for line in lines), lines
        assert web["inspection"][0] in ("Pöytäkirjaa ei ole vielä tarkastettu.",
                                        "Protokollet har ännu inte justerats.")
        assert web["certification"][0] == web["organisation"]
        paper = minutes_context(pf, i, lang)
        assert any("___" in line for line in [*paper["inspection"], *paper["certification"]])


@pytest.mark.parametrize(("published", "kind", "end"), [
    (dt.date(2026, 3, 12), AppealKind.RECTIFICATION, dt.date(2026, 4, 2)),  # Thu + 21 = Thu
    (dt.date(2026, 3, 12), AppealKind.APPEAL, dt.date(2026, 4, 20)),  # Sat 18.4. → Mon
    (dt.date(2026, 3, 5), AppealKind.NONE_PREPARATORY, dt.date(2026, 3, 26)),
    (dt.date(2026, 3, 7), AppealKind.RECTIFICATION, dt.date(2026, 3, 30)),  # Sat 28.3. → Mon
    # Good Friday 3.4.2026 → Easter Monday is closed too → Tuesday
    (dt.date(2026, 3, 13), AppealKind.RECTIFICATION, dt.date(2026, 4, 7)),
    # Midsummer Eve, Fri 19.6.2026 → Mon 22.6.
    (dt.date(2026, 5, 29), AppealKind.RECTIFICATION, dt.date(2026, 6, 22)),
    # Independence Day, Mon 6.12.2027 → Tue
    (dt.date(2027, 11, 15), AppealKind.RECTIFICATION, dt.date(2027, 12, 7)),
    # Christmas Eve Thu 24.12.2026, Christmas Day, Boxing Day, Sunday → Mon 28.12.
    (dt.date(2026, 11, 17), AppealKind.APPEAL, dt.date(2026, 12, 28)),
    # Ascension Day Thu 14.5.2026 → Fri
    (dt.date(2026, 4, 23), AppealKind.RECTIFICATION, dt.date(2026, 5, 15)),
    # May Day Fri 1.5.2026 → Mon 4.5.
    (dt.date(2026, 4, 10), AppealKind.RECTIFICATION, dt.date(2026, 5, 4)),
    # New Year's Day Fri 1.1.2027 → Epiphany is Wednesday, so Mon 4.1.
    (dt.date(2026, 12, 11), AppealKind.RECTIFICATION, dt.date(2027, 1, 4)),
])
def test_removal_date_is_the_end_of_the_appeal_period(published: dt.date, kind: AppealKind,
                                                      end: dt.date) -> None:
    assert removal_date(published, kind) == end


def test_summary_flags_the_amended_approval_with_its_handling_note() -> None:
    ctx = approval_summary_context(parse_plan(EXAMPLE))
    assert ctx["title"] == "Yhdyspintasuunnitelman hyväksyminen osapuolissa"
    assert ctx["summary"][0] == ("Suunnitelman hyväksyy 24 osapuolta. Tilanne 20.3.2026: "
                                 "hyväksynyt 4, hylännyt 0, odottaa 20, joista myöhässä 1.")
    assert len(ctx["amended"]) == 1
    assert ctx["amended"][0].startswith("Keski-Suomen liitto (Maakuntahallitus 2.3.2026 "
                                        "§\u00a025) hyväksyi suunnitelman muutettuna. "
                                        "Käsittely: Jäsen ehdotti")
    assert ctx["overdue"] == ["Joutsan kunta: suunniteltu 16.3.2026; Kunnanhallitus "
                              "16.3.2026 §\u00a060: pantu pöydälle"]


def test_summary_lists_the_recorded_decisions_as_the_meetings_were_held() -> None:
    """The example records Keski-Suomen hyvinvointialue (9.3.) first and Joutsa (16.3.)
    before Jyväskylä (9.3.): the summary lists them by date, on one day in party order."""
    parties = [line.split(":")[0] for line in approval_summary_context(parse_plan(EXAMPLE))[
        "decisions"]]
    assert parties == ["Keski-Suomen liitto", "Muuramen kunta", "Keski-Suomen hyvinvointialue",
                       "Jyväskylän kaupunki", "Laukaan kunta", "Joutsan kunta"]


def test_plan_document_lists_every_recorded_approval() -> None:
    ctx = plan_context(parse_plan(EXAMPLE), "fi")
    assert ctx["plan_approvals"] == [
        "Keski-Suomen hyvinvointialue: Aluehallitus 9.3.2026 §\u00a070",
        "Keski-Suomen liitto: Maakuntahallitus 2.3.2026 §\u00a025 (hyväksytty muutettuna)",
        "Laukaan kunta: Kunnanhallitus 10.3.2026 §\u00a052",
        "Muuramen kunta: Kunnanhallitus 2.3.2026 §\u00a041",
    ]
    assert ctx["plan_approved"] == ("Suunnitelman on 20.3.2026 mennessä hyväksynyt 4 osapuolta "
                                    "24:stä.")
    done = _plan("  hyvaksyjat: [muurame]\n  kirjatut:\n"
                 "    - {osapuoli: muurame, toimielin: hallitus, paivamaara: 2026-03-02, "
                 "pykala: 41, tulos: hyvaksytty}\n")
    assert plan_context(done, "fi")["plan_approved"] == (
        "Suunnitelma on hyväksytty kaikissa osapuolissa.")
    assert plan_context(parse_plan(BASE), "fi")["plan_approvals"] == []


def test_public_extract_has_no_marked_personal_data_in_any_part() -> None:
    text = BASE.replace(
        "      - {nimi: Matti Mäkinen, nimike: kunnanjohtaja, osapuoli: hankasalmi}",
        "      - {nimi: Matti Mäkinen, nimike: kunnanjohtaja, osapuoli: hankasalmi, "
        "henkilotieto: true}")
    text = text.replace("    esittelija:\n      nimi: Kati Kallimo\n",
                        "    esittelija:\n      nimi: Kati Kallimo\n      sahkoposti: "
                        "kati.kallimo@example.fi\n")
    assert "henkilotieto: true" in text and "kati.kallimo@" in text
    pf = parse_plan(text + "\npaatokset:\n  kirjatut:\n"
                    "    - osapuoli: hyvinvointialue\n      toimielin: aluehallitus\n"
                    "      paivamaara: 2026-03-09\n      pykala: 70\n"
                    "      tulos: hyvaksytty_muutettuna\n"
                    "      kasittely: Matti Mäkinen (kati.kallimo@example.fi) ehdotti muutosta.\n"
                    "      paatos: Aluehallitus hyväksyi suunnitelman Matti  MÄKISEN "
                    "ehdotuksen mukaan muutettuna.\n"
                    "      tarkastajat: [Matti Mäkinen]\n"
                    "      julkaistu: 2026-03-12\n")
    full = " ".join(context_strings(minutes_context(pf, 0, "fi")))
    assert "Matti Mäkinen" in full and "kati.kallimo@example.fi" in full
    web = minutes_context(pf, 0, "fi", public=True)
    text_web = " ".join(context_strings(web))
    assert "Mäkinen" not in text_web and "kati.kallimo" not in text_web
    # the name inflected, as minutes write it, goes too
    assert web["decision"] == [{"kind": "paragraph", "text": "Aluehallitus hyväksyi "
                                "suunnitelman (henkilötieto poistettu) ehdotuksen mukaan "
                                "muutettuna."}]
    assert web["handling"] == [{"kind": "paragraph", "text": "(henkilötieto poistettu) "
                                "(henkilötieto poistettu) ehdotti muutosta."}]
    assert web["remove_after"] == ("Tämä verkkoversio poistetaan yleisestä tietoverkosta "
                                   "2.4.2026 jälkeen (muutoksenhakuajan päättyminen).")
    assert minutes_context(pf, 0, "fi")["remove_after"] == ""


def test_extract_of_an_amended_decision_shows_the_proposal_it_changed() -> None:
    pf = parse_plan(EXAMPLE)
    amended = minutes_context(pf, 1, "fi")
    assert amended["proposal"] == [{"kind": "paragraph", "text": "Maakuntahallitus päättää "
                                    "hyväksyä yhdyspintasuunnitelman."}]
    assert amended["decision"][0]["text"].startswith("Maakuntahallitus päätti hyväksyä "
                                                     "yhdyspintasuunnitelman muutettuna")
    assert amended["outcome"] == "hyväksytty muutettuna"
    # tabled, rejected, forwarded: the proposal is printed, the decision says what happened
    tabled = minutes_context(pf, 2, "fi")
    assert tabled["proposal"][0]["text"] == "Kunnanhallitus päättää hyväksyä " \
        "yhdyspintasuunnitelman."
    assert tabled["decision"] == [{"kind": "paragraph", "text": "Asia pantiin pöydälle."}]
    swedish = parse_plan(BILINGUAL)
    county = minutes_context(swedish, 0, "sv", public=True)
    assert county["proposal"][0] == {"kind": "paragraph",
                                     "text": "Välfärdsområdesstyrelsen beslutar"}
    assert county["presenter"] == "Välfärdsområdesdirektör Olli Oletus"
    assert county["decision"] == [{"kind": "paragraph", "text": "Beslutsförslaget godkändes."}]


def test_council_decision_prints_no_proposal_of_the_board() -> None:
    """The plan's proposal is the board's: a council's extract does not print it as the
    council's own, and its decision says what the council decided."""
    pf = _plan("  kirjatut:\n"
               "    - {osapuoli: jyvaskyla, toimielin: hallitus, paivamaara: 2026-03-02, "
               "pykala: 5, tulos: lahetetty_valtuustolle}\n"
               "    - {osapuoli: jyvaskyla, toimielin: valtuusto, paivamaara: 2026-03-23, "
               "pykala: 6, tulos: hyvaksytty}\n")
    council = minutes_context(pf, 1, "fi")
    assert council["proposal"] == [] and council["presenter"] == ""
    assert council["decision"][0]["text"] == ("Kaupunginvaltuusto päätti hyväksyä "
                                              "yhdyspintasuunnitelman.")
    board = minutes_context(pf, 0, "fi")
    assert board["proposal"] != []
    assert "Päätösehdotus hyväksyttiin." not in context_strings(board["decision"])


def test_public_extract_presenter_without_a_name_marked_personal() -> None:
    text = BILINGUAL.replace(
        "      - nimi: Essi Esimerkki\n",
        "      - nimi: Olli Oletus\n"
        "        nimike: {fi: hyvinvointialuejohtaja, sv: välfärdsområdesdirektör}\n"
        "        osapuoli: hyvinvointialue\n        henkilotieto: true\n"
        "      - nimi: Essi Esimerkki\n", 1)
    assert "henkilotieto: true" in text
    pf = parse_plan(text)
    assert minutes_context(pf, 0, "fi")["presenter"] == "Hyvinvointialuejohtaja Olli Oletus"
    for lang, title in (("fi", "Hyvinvointialuejohtaja"), ("sv", "Välfärdsområdesdirektör")):
        web = minutes_context(pf, 0, lang, public=True)
        assert web["presenter"] == title
        assert "Oletus" not in " ".join(context_strings(web))
        assert web["proposal"]


_FORWARDING = """      - {tunnus: hallitus, nimi: Kaupunginhallitus, tyyppi: hallitus}
    kasittely:
      toimielin: hallitus
      paatoslaji: esitys_valtuustolle
      paatosehdotus: >-
        Kaupunginhallitus esittää valtuustolle, että valtuusto hyväksyy
        yhdyspintasuunnitelman.
      tila: luonnos
"""


def test_forwarding_to_the_council_as_proposed_is_the_proposal_approved() -> None:
    """A board whose proposal asks it to forward the plan to the council (``paatoslaji:
    esitys_valtuustolle``) and that did so: the extract prints that proposal, and its
    Päätös says the proposal was approved, as minutes do; a board whose proposal asked it
    to decide, and that forwarded instead, gets what it decided."""
    head = "      - {tunnus: hallitus, nimi: Kaupunginhallitus, tyyppi: hallitus}\n"
    assert BASE.count(head) == 1  # Jyväskylä's bodies, the first city listed
    pf = parse_plan(BASE.replace(head, _FORWARDING) + "\npaatokset:\n  kirjatut:\n"
                    "    - {osapuoli: jyvaskyla, toimielin: hallitus, paivamaara: 2026-03-02, "
                    "pykala: 5, tulos: lahetetty_valtuustolle}\n"
                    "    - {osapuoli: muurame, toimielin: hallitus, paivamaara: 2026-03-02, "
                    "pykala: 41, tulos: lahetetty_valtuustolle}\n")
    jkl = minutes_context(pf, 0, "fi")
    assert jkl["proposal"] == [{"kind": "paragraph", "text": "Kaupunginhallitus esittää "
                                "valtuustolle, että valtuusto hyväksyy yhdyspintasuunnitelman."}]
    assert jkl["decision"] == [{"kind": "paragraph", "text": "Päätösehdotus hyväksyttiin."}]
    muurame = minutes_context(pf, 1, "fi")
    assert "päättää hyväksyä" in " ".join(context_strings(muurame["proposal"]))
    assert muurame["decision"] == [{"kind": "paragraph", "text": "Kunnanhallitus esittää "
                                    "kunnanvaltuustolle, että kunnanvaltuusto hyväksyy "
                                    "yhdyspintasuunnitelman."}]


def test_without_a_status_day_the_sentences_name_no_date() -> None:
    """A plan with no decisions recorded and no `paatokset.tilanne` has no status day: the
    counts say 'Tilanne:' (not 'Tilanne –:') and the plan document no empty date."""
    pf = parse_plan(BASE)
    assert approval_status(pf).as_of is None
    assert approval_summary_context(pf)["summary"][0] == (
        "Suunnitelman hyväksyy 24 osapuolta. Tilanne: hyväksynyt 0, hylännyt 0, odottaa 24, "
        "joista myöhässä 0.")
    assert plan_context(pf, "fi")["plan_approved"] == ""  # no round of approvals at all
    round_started = _plan("  maaraaika: 2026-03-31\n")  # a deadline, nothing decided yet
    assert approval_status(round_started).as_of is None
    assert plan_context(round_started, "fi")["plan_approved"] == (
        "Suunnitelman on hyväksynyt 0 osapuolta 24:stä.")
    swedish = parse_plan(example_plan_path("pohjanmaa").read_text("utf-8")
                         + "paatokset:\n  maaraaika: 2026-03-31\n")
    assert approval_summary_context(swedish, "sv")["summary"][0] == (
        "Planen ska godkännas av 16 parter. Läget: 0 har godkänt, 0 har förkastat, 16 väntar, "
        "varav 0 är försenade.")
    assert plan_context(swedish, "sv")["plan_approved"] == (
        "0 av 16 parter har godkänt planen.")
