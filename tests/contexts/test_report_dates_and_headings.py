"""The follow-up report's lists and its date.

- "Viivästyneet" lists exactly the rows the results count as Viivästynyt; the rows whose
  measure's deadline has passed without being done have a heading of their own, "Määräaika
  umpeutunut" ("Tidsfristen har gått ut"), in the report and in its decision proposal.
- A report date before the follow-up period, before the latest entry, or outside the years of
  the plan's follow-up is warned of, saying to check or give --date (``on=``).

Follow-up data is built by hand from the Pohjanmaa example, whose measures have deadlines:
opiskeluhuolto 31.12.2026, tietopohja 30.9.2026, hyvinvointikertomus 30.6.2027.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from docx_text import styled_paragraphs
from yhdyspinta_docs._assets import default_template, example_plan_path
from yhdyspinta_docs._build import BuildOptions
from yhdyspinta_docs._documents import write_report
from yhdyspinta_docs.cli import main
from yhdyspinta_docs.contexts._report import report_context, report_decision_context
from yhdyspinta_docs.contexts._report_dates import report_date_warnings
from yhdyspinta_docs.matrix._followup import FollowupData, FollowupRow
from yhdyspinta_docs.plan._loader import load_plan
from yhdyspinta_docs.plan._model import PlanFile
from yhdyspinta_docs.word import DocProperties, WordTemplate

ON = dt.date(2027, 2, 12)
SCHOOL = "Opiskeluhuollon yhteinen toimintamalli kouluissa"
DATA = "Hyvinvointitiedon yhteinen tietopohja"


@pytest.fixture(scope="module")
def pf() -> PlanFile:
    return load_plan(example_plan_path("pohjanmaa"))


def _data(pf: PlanFile, rows: list[FollowupRow], period: str = "2027") -> FollowupData:
    return FollowupData(plan_id=pf.plan.id, plan_version=str(pf.plan.version), period=period,
                        rows=rows)


def _rows() -> list[FollowupRow]:
    """Nothing marked delayed but one row; three rows past their deadline and not done."""
    return [
        FollowupRow.from_key("opiskeluhuolto/vaasa", status="Käynnissä", updated=ON),
        FollowupRow.from_key("opiskeluhuolto/mustasaari", status="Valmis", updated=ON),
        FollowupRow.from_key("opiskeluhuolto/pietarsaari"),  # no entry at all
        FollowupRow.from_key("tietopohja/maakuntaliitto", status="Viivästynyt", updated=ON),
        FollowupRow.from_key("hyvinvointikertomus/vaasa", status="Käynnissä", updated=ON),
    ]


# --- F1: the delayed rows and the passed deadlines ---------------------------------------------


def test_delayed_lists_what_the_results_count_and_passed_deadlines_have_their_own_list(
        pf: PlanFile) -> None:
    ctx = report_context(pf, _data(pf, _rows()), "fi", on=ON)
    summary = [item for block in ctx["summary"] if block["kind"] == "list"
               for item in block["items"]]
    assert "Viivästynyt: 1" in summary
    assert ctx["late"] == [f"{DATA}: Pohjanmaan liitto"]  # as many as counted
    assert ctx["words"]["late"] == "Viivästyneet"
    assert ctx["words"]["overdue"] == "Määräaika umpeutunut"
    assert ctx["overdue"] == [
        f"{SCHOOL} – Vaasan kaupunki: määräaika 31.12.2026 on umpeutunut (Käynnissä)",
        f"{SCHOOL} – Pietarsaaren kaupunki: määräaika 31.12.2026 on umpeutunut (Ei merkintää)",
        f"{DATA} – Pohjanmaan liitto: määräaika 30.9.2026 on umpeutunut (Viivästynyt)",
    ]  # not the row done (Mustasaari), nor the measure whose deadline is still ahead


def test_the_swedish_words(pf: PlanFile) -> None:
    ctx = report_context(pf, _data(pf, _rows()), "sv", on=ON)
    assert ctx["words"]["late"] == "Försenade"
    assert ctx["words"]["overdue"] == "Tidsfristen har gått ut"
    assert ("Gemensam verksamhetsmodell för elevhälsan i skolorna – Vasa stad: tidsfristen "
            "31.12.2026 har gått ut (Pågår)") in ctx["overdue"]
    assert not any("passerat" in line for line in ctx["overdue"])


def _headings_and_bullets(ctx: Any) -> tuple[list[str], list[str]]:
    docx = WordTemplate(default_template("report")).render(
        ctx, DocProperties(title=ctx["title"], language=f"{ctx['lang']}-FI"))
    styled = styled_paragraphs(docx)
    return ([text for style, text in styled if style == "Heading 2"],
            [text for style, text in styled if style == "List Bullet"])


def test_the_report_shows_the_passed_deadlines_under_their_own_heading(pf: PlanFile) -> None:
    ctx = report_context(pf, _data(pf, _rows()), "fi", on=ON)
    headings, bullets = _headings_and_bullets(ctx)
    assert headings == ["Seurannan tulokset", "Tilanne vastuutahoittain", "Viivästyneet",
                        "Määräaika umpeutunut", "Tilanne toimenpiteittäin"]
    for line in ctx["late"] + ctx["overdue"]:
        assert line in bullets
    assert not any("ohitettu" in b for b in bullets)


def test_no_passed_deadline_no_heading(pf: PlanFile) -> None:
    rows = [FollowupRow.from_key("opiskeluhuolto/vaasa", status="Käynnissä",
                                 updated=dt.date(2026, 5, 1))]
    ctx = report_context(pf, _data(pf, rows, "2026"), "fi")
    assert ctx["late"] == [] and ctx["overdue"] == []
    headings, _ = _headings_and_bullets(ctx)
    assert "Määräaika umpeutunut" not in headings
    assert "Viivästyneet" in headings  # with its sentence: no row is marked delayed


def test_the_decision_proposal_has_the_same_two_lists(pf: PlanFile) -> None:
    ctx = report_context(pf, _data(pf, _rows()), "fi", on=ON)
    sections = {s["heading"]: s["blocks"]
                for s in report_decision_context(pf, ctx)["explanation"]}
    assert list(sections) == ["Seurannan tulokset", "Viivästyneet", "Määräaika umpeutunut"]
    assert sections["Viivästyneet"] == [{"kind": "list", "ordered": False,
                                          "items": ctx["late"]}]
    assert sections["Määräaika umpeutunut"] == [{"kind": "list", "ordered": False,
                                                  "items": ctx["overdue"]}]


# --- F3: the report's date ---------------------------------------------------------------------


def test_a_date_that_fits_gives_no_warning(pf: PlanFile) -> None:
    assert report_date_warnings(pf, _data(pf, _rows())) == []
    assert report_date_warnings(pf, _data(pf, _rows()), dt.date(2027, 3, 1)) == []
    assert report_date_warnings(pf, _data(pf, [])) == []  # no date at all


def test_a_date_before_the_period_and_the_latest_entry(pf: PlanFile) -> None:
    assert report_date_warnings(pf, _data(pf, _rows()), dt.date(2026, 12, 1)) == [
        "the report's date 1.12.2026 (given with --date) is before follow-up period '2027' "
        "begins (1.1.2027); the deadlines the report lists as passed are those before its "
        "date, so check the date given with --date (on= in Python)",
        "the report's date 1.12.2026 (given with --date) is before the latest Päivitetty "
        "date, 12.2.2027 of row opiskeluhuolto/vaasa: the report would be dated before "
        "entries it shows; give a later --date (on= in Python), or check the year of that "
        "entry",
    ]


def test_a_mistyped_year_in_an_entry_is_warned_of(pf: PlanFile) -> None:
    rows = [*_rows(), FollowupRow.from_key("valmius/narpio", status="Käynnissä",
                                           updated=dt.date(2062, 5, 5))]
    assert report_date_warnings(pf, _data(pf, rows)) == [
        "the report's date 5.5.2062 (the latest Päivitetty date, of row valmius/narpio) is "
        "outside the years of the plan's follow-up (2025–2030); check the year of that entry "
        "in the matrix, or give the report's date with --date (on= in Python)"]
    # a right --date does not hide the entry dated after it
    assert report_date_warnings(pf, _data(pf, rows), ON) == [
        "the report's date 12.2.2027 (given with --date) is before the latest Päivitetty "
        "date, 5.5.2062 of row valmius/narpio: the report would be dated before entries it "
        "shows; give a later --date (on= in Python), or check the year of that entry"]


def test_a_date_given_after_the_plans_years(pf: PlanFile) -> None:
    assert report_date_warnings(pf, _data(pf, _rows()), dt.date(2031, 1, 1)) == [
        "the report's date 1.1.2031 (given with --date) is outside the years of the plan's "
        "follow-up (2025–2030); check the date given with --date (on= in Python)"]


def test_write_report_returns_the_warnings(pf: PlanFile, tmp_path: Path) -> None:
    result = write_report(pf, _data(pf, _rows()), tmp_path / "r",
                          BuildOptions(matrix=False, languages=("fi",)),
                          on=dt.date(2026, 12, 1))
    # the rows the plan has and these few do not are named first (the matrix was never
    # collected, too), then the dates
    assert len(result.warnings) == 4
    assert result.warnings[0].startswith("48 row(s) of the plan were not in the matrix")
    assert result.warnings[1].startswith("no party's copy was collected into this matrix")
    assert "before follow-up period '2027' begins" in result.warnings[2]


def test_the_report_command_prints_the_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    plan = str(example_plan_path("pohjanmaa"))
    key = ["--key", str(tmp_path / "k.key")]
    assert main(["matrix", plan, "--out", "koottu.xlsx", "--period", "2027", *key]) == 0
    capsys.readouterr()
    code = main(["report", plan, "--followup", "koottu.xlsx", "--out", "r", "--lang", "fi",
                 "--date", "2026-12-01", *key])
    err = capsys.readouterr().err
    assert code == 0, err
    assert ("Warning: the report's date 1.12.2026 (given with --date) is before follow-up "
            "period '2027' begins (1.1.2027)") in err
    made = json.loads((tmp_path / "r" / "manifest.json").read_text("utf-8"))
    assert any(f["kind"] == "report" for f in made["files"])  # written all the same


def test_the_reports_pdfs_are_dated_as_the_report(pf: PlanFile, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDFs (and PDF/A) of a report carry the report's date, as its .docx and its page
    header do: `on`, else the latest entry; never the plan's date, a year before the data."""
    from yhdyspinta_docs.output import _package

    dated: list[dt.date] = []
    monkeypatch.setattr(_package, "make_pdfs",
                        lambda out, when, **_: dated.append(when) or [])
    options = BuildOptions(matrix=False, languages=("fi",), pdf=True)
    write_report(pf, _data(pf, _rows()), tmp_path / "a", options)
    write_report(pf, _data(pf, _rows()), tmp_path / "b", options, on=dt.date(2027, 3, 1))
    assert dated == [ON, dt.date(2027, 3, 1)]
    assert pf.plan.date != ON


@pytest.mark.parametrize(("lang", "heading", "sentence"), [
    ("fi", "Muutokset edelliseen seurantaan",
     "Muutoksia edelliseen seurantaan on {n}; ne luetellaan liitteenä olevassa "
     "seurantaraportissa."),
    ("sv", "Förändringar sedan föregående uppföljning",
     "Förändringarna sedan föregående uppföljning är {n}; de förtecknas i den bifogade "
     "uppföljningsrapporten.")])
def test_the_proposal_lists_a_few_changes_and_counts_many(lang: str, heading: str,
                                                          sentence: str) -> None:
    """The board reads the proposal, the report is its attachment: a round where many rows
    changed (here every one) gives the proposal one sentence with their number, not pages of
    lines, while the report lists each; a few changes the proposal lists as they are."""
    from yhdyspinta_docs.contexts._report import LISTED_CHANGES
    from yhdyspinta_docs.word._check import sample_followup

    pf = load_plan(example_plan_path("pohjanmaa"))
    now, previous = sample_followup(pf)
    report = report_context(pf, now, lang, previous=previous, on=ON)  # type: ignore[arg-type]
    n = len(report["changes"])
    assert n > LISTED_CHANGES

    def changes_section(ctx: Any) -> list[Any]:
        return next(s["blocks"] for s in ctx["explanation"] if s["heading"] == heading)

    assert changes_section(report_decision_context(pf, report)) == [
        {"kind": "paragraph", "text": sentence.format(n=n)}]
    few = {**report, "changes": report["changes"][:3]}
    assert changes_section(report_decision_context(pf, few)) == [  # type: ignore[arg-type]
        {"kind": "list", "ordered": False, "items": report["changes"][:3]}]
