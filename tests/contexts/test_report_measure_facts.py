"""Under each measure's heading the follow-up report shows its schedule with the deadline and
its indicators, as the plan document labels them, so that a board reads a status against
them; a measure without them shows no line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from docx_text import styled_paragraphs
from yhdyspinta_docs.contexts import report_context
from yhdyspinta_docs.contexts._formatting import format_schedule, labels
from yhdyspinta_docs.plan import load_plan
from yhdyspinta_docs.word import DocProperties, WordTemplate
from yhdyspinta_docs.word._check import sample_followup

ROOT = Path(__file__).resolve().parents[2]


def _report(example: str, lang: str) -> tuple[dict, list[tuple[str, str]]]:  # type: ignore[type-arg]
    pf = load_plan(ROOT / "examples" / example / "plan.yaml")
    data, _ = sample_followup(pf)
    ctx = report_context(pf, data, lang)  # type: ignore[arg-type]
    docx = WordTemplate(ROOT / "templates" / "report.docx").render(
        ctx, DocProperties(title=ctx["title"], language=f"{lang}-FI"))
    return dict(ctx), styled_paragraphs(docx)


def test_schedule_deadline_and_indicators_under_the_heading() -> None:
    ctx, styled = _report("pohjanmaa", "fi")
    first, second = ctx["measures"][:2]
    assert first["facts"] == ("Aikataulu: 2026–2027, määräaika 30.6.2027 · Mittarit: Kaikki "
                              "kunnat ovat käyttäneet yhteistä rakennetta "
                              "hyvinvointikertomuksessaan.")
    # two indicators: a space after one that ends its sentence, else a semicolon
    assert second["facts"].endswith("Mittarit: Toimintamalli on käytössä kaikissa "
                                    "vastuukuntien kouluissa. Opiskeluhuollon palveluihin "
                                    "pääsyn odotusaika")
    for measure in ctx["measures"]:
        at = styled.index(("Heading 3", f"{measure['number']} {measure['title']}"))
        assert styled[at + 1] == ("Body Text", measure["facts"])
        assert styled[at + 2] == ("Body Text", f"Tilanne: {measure['counts'] or '–'}")


def test_in_swedish_with_the_plan_documents_labels() -> None:
    ctx, _ = _report("pohjanmaa", "sv")
    assert ctx["measures"][0]["facts"].startswith(
        "Tidtabell: 2026–2027, tidsfrist 30.6.2027 · Mätare: ")


def test_a_measure_without_them_has_no_line() -> None:
    ctx, styled = _report("keski-suomi", "fi")
    measure = ctx["measures"][0]
    assert measure["facts"] == ""
    at = styled.index(("Heading 3", f"{measure['number']} {measure['title']}"))
    assert styled[at + 1] == ("Body Text", f"Tilanne: {measure['counts']}")


@pytest.mark.parametrize(("schedule", "deadline", "lang", "shown"), [
    ("syyslukukausi 2026", dt.date(2026, 12, 31), "fi",
     "syyslukukausi 2026, määräaika 31.12.2026"),
    ("", dt.date(2026, 12, 31), "fi", "Määräaika 31.12.2026"),
    ("höstterminen 2026", dt.date(2026, 12, 31), "sv", "höstterminen 2026, tidsfrist 31.12.2026"),
    ("", dt.date(2027, 1, 5), "sv", "Tidsfrist 5.1.2027"),
    ("2026", None, "fi", "2026"), ("", None, "sv", ""),
])
def test_a_deadline_is_named_as_one(schedule: str, deadline: dt.date | None, lang: str,
                                    shown: str) -> None:
    # the plan document's Aikataulu column and the report's line alike
    assert format_schedule(schedule, deadline, labels(lang)) == shown  # type: ignore[arg-type]
