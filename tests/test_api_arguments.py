"""The API called wrongly, as people do: a path where the plan goes, options as a dict, and
arguments a type checker lets through or a script gets wrong (a ``datetime`` for a day, a
language as one text, the key read as text, a record number out of range). Each is the
library's own error naming the argument and what to give, or, for a ``datetime``, its day;
nothing is written."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import pytest

import yhdyspinta_docs as yd
from helpers import KEY
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.approvals import approval_status, minutes_context, write_decisions
from yhdyspinta_docs.contexts import decision_context, labels
from yhdyspinta_docs.matrix import FollowupData, collect, read_matrix, render_matrix, write_matrix
from yhdyspinta_docs.word import check_template

POHJANMAA = Path(__file__).parents[1] / "examples" / "pohjanmaa" / "plan.yaml"
RECORDS = Path(__file__).parent / "data" / "pohjanmaa_decisions.yaml"


@pytest.fixture(scope="module")
def bilingual() -> yd.PlanFile:
    return yd.load_plan(POHJANMAA)


@pytest.fixture(scope="module")
def recorded() -> yd.PlanFile:
    """The bilingual example with its recorded decisions."""
    from yhdyspinta_docs.plan import parse_plan

    korsnas = ("    - {osapuoli: korsnas, toimielin: hallitus, paivamaara: 2026-04-09, "
               "pykala: 33,\n       tulos: hyvaksytty}\n")  # Swedish-speaking: kielet: sv
    return parse_plan(POHJANMAA.read_text("utf-8") + "\n" + RECORDS.read_text("utf-8")
                      + korsnas)


def _party_copy(plan: yd.PlanFile) -> FollowupData:
    return write_matrix(plan, key=KEY, party="joutsa").followup


def _merged(pf: yd.PlanFile) -> FollowupData:
    return write_matrix(pf, key=KEY, date=dt.date(2026, 3, 2)).followup


def _returned(pf: yd.PlanFile, folder: Path) -> Path:
    path = folder / "joutsa.xlsx"
    path.write_bytes(write_matrix(pf, key=KEY, party="joutsa", date=dt.date(2026, 3, 2)).data)
    return path


Call = Callable[[yd.PlanFile, Path], object]
WRONG: dict[str, tuple[Call, type[Exception], str]] = {
    "plan as its path": (lambda pf, out: yd.build("plan.yaml", out, yd.BuildOptions(key=KEY)),
                         yd.PlanError, "build() takes the plan as a PlanFile, not the path "
                         "'plan.yaml': plan = yhdyspinta_docs.load_plan('plan.yaml')"),
    "options as a dict": (lambda pf, out: yd.build(pf, out, {"key": KEY}),
                          yd.YhdyspintaError, "options is a yhdyspinta_docs.BuildOptions(…), "
                          "not a dict"),
    "no outdir": (lambda pf, out: yd.build(pf, None, yd.BuildOptions(key=KEY)),
                  yd.OutputError, "outdir is the folder to write into, e.g. 'out', not None"),
    "template kind mistyped": (lambda pf, out: yd.build(pf, out, yd.BuildOptions(
        key=KEY, templates={"decisions": "oma.docx"})), yd.TemplateError,
        "unknown document kind 'decisions' (did you mean 'decision'?); use one of"),
    "no key": (lambda pf, out: yd.build(pf, out), yd.MatrixError,
               "give BuildOptions(key=yhdyspinta_docs.plan_key('plan.yaml'))"),
    "key as text": (lambda pf, out: yd.build(pf, out, yd.BuildOptions(key=KEY.hex())),
                    yd.MatrixError, "BuildOptions(key=…) is the plan's key, bytes (at least 16), "
                    "not a str: key = yhdyspinta_docs.plan_key('plan.yaml')"),
    "languages as text": (lambda pf, out: yd.build(pf, out, yd.BuildOptions(
        key=KEY, languages="fi")), yd.PlanError, "BuildOptions(languages=…) is a list of "
        "languages, each 'fi' or 'sv', e.g. ['fi'], not 'fi'"),
    "unknown language": (lambda pf, out: yd.build(pf, out, yd.BuildOptions(
        key=KEY, languages=["en"])), yd.PlanError, "not ['en']"),
    "templates as options": (lambda pf, out: yd.build(pf, out, yd.BuildOptions(
        key=KEY, templates=["decision=oma.docx"])), yd.TemplateError,
        "maps a kind to a file"),
    "period as a number": (lambda pf, out: yd.build(pf, out, yd.BuildOptions(
        key=KEY, period=2026)), yd.MatrixError, "period='2026', not 2026"),
    "report of a party's copy": (lambda pf, out: yd.write_report(pf, _party_copy(pf), out),
                                 yd.MatrixError, "is the copy sent to 'joutsa'"),
    "report of the plan's path": (lambda pf, out: yd.write_report(
        "plan.yaml", _party_copy(pf), out), yd.PlanError, "write_report() takes the plan"),
    "a day as text": (lambda pf, out: approval_status(pf, "2026-04-20"),  # type: ignore[arg-type]
                      yd.YhdyspintaError, "approval_status(as_of=…) is a day, e.g. "
                      "datetime.date(2026, 4, 20), not a str: "
                      "datetime.date.fromisoformat('2026-04-20')"),
    "a day as a number": (lambda pf, out: write_decisions(pf, out, as_of=20260420),  # type: ignore[arg-type]
                          yd.YhdyspintaError, "write_decisions(as_of=…) is a day, e.g. "
                          "datetime.date(2026, 4, 20), not an int"),
    "languages as one text": (lambda pf, out: write_decisions(pf, out, languages="sv"),
                              yd.PlanError, "write_decisions(languages=…) is a list of "
                              "languages, each 'fi' or 'sv', e.g. ['sv'], not 'sv'"),
    "an unknown language": (lambda pf, out: write_matrix(pf, key=KEY, langs=("en",)),  # type: ignore[arg-type]
                            yd.PlanError, "write_matrix(langs=…) is a list of languages, each "
                            "'fi' or 'sv', e.g. ['fi', 'sv'], not ('en',)"),
    "matrix languages as one text": (lambda pf, out: write_matrix(pf, key=KEY, langs="fi"),
                                     yd.PlanError, "write_matrix(langs=…) is a list of "
                                     "languages, each 'fi' or 'sv', e.g. ['fi'], not 'fi'"),
    "the key as text": (lambda pf, out: write_matrix(pf, key=KEY.hex()),  # type: ignore[arg-type]
                        yd.MatrixError, "write_matrix(key=…) is the plan's key, bytes (at least "
                        "16), not a str: key = yhdyspinta_docs.plan_key('plan.yaml') reads it"),
    "no key for the matrix": (lambda pf, out: write_matrix(pf, key=None),  # type: ignore[arg-type]
               yd.MatrixError, "write_matrix(key=…) is the plan's key, bytes (at least 16), "
               "not None"),
    "a short key": (lambda pf, out: render_matrix(pf, write_matrix(pf, key=KEY).followup,
                                                  key=b"abc"),
                    yd.MatrixError, "render_matrix(key=…) is the plan's key, bytes (at least "
                    "16), not 3 bytes"),
    "collect with the key as text": (
        lambda pf, out: collect(pf, [_returned(pf, out.parent)], key="abc"),  # type: ignore[arg-type]
        yd.MatrixError, "collect(key=…) is the plan's key, bytes (at least 16), not a str"),
    "read with the key as text": (
        lambda pf, out: read_matrix(_returned(pf, out.parent), pf, key=KEY.hex()),  # type: ignore[arg-type]
        yd.MatrixError, "read_matrix(key=…) is the plan's key, bytes (at least 16), not a str"),
    "the report of a path": (lambda pf, out: yd.write_report(pf, "koottu.xlsx", out),  # type: ignore[arg-type]
                             yd.MatrixError, "write_report(followup=…) is the merged follow-up "
                             "data (FollowupData): collect(...).data, or read_matrix(path, plan, "
                             "key=…) of the merged matrix, not a str"),
    "the previous report of a path": (
        lambda pf, out: yd.write_report(pf, _merged(pf), out, previous="viime.xlsx"),  # type: ignore[arg-type]
        yd.MatrixError, "write_report(previous=…) is the merged follow-up data"),
    "a section with its sign": (
        lambda pf, out: yd.write_report(pf, _merged(pf), out, section="§ 150"),  # type: ignore[arg-type]
        yd.PlanError, "write_report(section=…) is the section's number, e.g. section=150 "
        "(documents add the § sign), not '§ 150'"),
    "a meeting day as text": (
        lambda pf, out: yd.write_report(pf, _merged(pf), out, meeting_date="2026-12-07"),  # type: ignore[arg-type]
        yd.YhdyspintaError, "write_report(meeting_date=…) is a day, e.g. datetime.date(2026, 4, "
        "20), not a str: datetime.date.fromisoformat('2026-12-07')"),
    "a template of another function": (
        lambda pf, out: yd.build(pf, out, yd.BuildOptions(matrix=False, templates={
            "approvals": "oma.docx"})),
        yd.TemplateError, "'approvals' is a template of the 'decisions' command "
        "(write_decisions(templates=…)); use one of decision, plan, report, matrix"),
    "labels in another language": (lambda pf, out: labels("en"),  # type: ignore[arg-type]
                                   yd.PlanError, "labels(lang=…) is one of 'fi', 'sv', not 'en'"),
    "no recorded decisions": (lambda pf, out: minutes_context(yd.load_plan(POHJANMAA), 0),
                              yd.PlanError,
                              "minutes_context(index=…) is the number of a recorded decision, "
                              "not 0: the plan has no recorded decisions (paatokset.kirjatut)"),
    "plan file given as its bytes": (lambda pf, out: yd.load_plan(b"alue: x\n"), yd.PlanError,
                                     "load_plan(path) is a file's path, a str or pathlib.Path, "
                                     "not a bytes; plan YAML held as text is read with "
                                     "parse_plan(text)"),
    "no plan file": (lambda pf, out: yd.load_plan(None), yd.PlanError,  # type: ignore[arg-type]
                     "load_plan(path) is a file's path, a str or pathlib.Path, not None"),
    "matrix given as bytes": (lambda pf, out: read_matrix(b"PK\x03\x04", pf, key=KEY),
                              yd.MatrixError, "read_matrix(path) is a file's path, a str or "
                              "pathlib.Path, not a bytes; a returned workbook held in memory is "
                              "written to a file first"),
    "matrix given as a file object": (
        lambda pf, out: read_matrix(io.BytesIO(b"PK"), pf, key=KEY),  # type: ignore[arg-type]
        yd.MatrixError, "read_matrix(path) is a file's path, a str or pathlib.Path, not a "
        "BytesIO"),
    "returned copy as bytes": (lambda pf, out: collect(pf, [b"PK"], key=KEY),  # type: ignore
                               yd.MatrixError, "collect(paths[0]) is a file's path"),
    "base as bytes": (lambda pf, out: collect(pf, [_returned(pf, out.parent)], key=KEY,
                                              base=b"PK"),  # type: ignore[arg-type]
                      yd.MatrixError, "collect(base=…) is a file's path"),
    "template as None": (lambda pf, out: check_template(None),  # type: ignore[arg-type]
                         yd.TemplateError, "check_template(path) is a file's path, a str or "
                         "pathlib.Path, not None; a template held in memory is written to a "
                         "file first"),
}


@pytest.mark.parametrize("case", sorted(WRONG))
def test_a_wrong_argument_is_the_librarys_error_naming_it(
        case: str, example_plan: yd.PlanFile, tmp_path: Path) -> None:
    call, error, words = WRONG[case]
    with pytest.raises(error) as caught:
        call(example_plan, tmp_path / "out")
    assert words in str(caught.value)
    assert KEY.hex() not in str(caught.value)  # a key given as text is never repeated
    assert not (tmp_path / "out").exists()


def test_a_record_number_out_of_range_names_the_numbers_there_are(recorded: yd.PlanFile
                                                                   ) -> None:
    pf = recorded
    assert pf.decisions is not None
    count = len(pf.decisions.records)
    for index in (count, -1, "0"):
        with pytest.raises(yd.PlanError) as caught:
            minutes_context(pf, index)  # type: ignore[arg-type]
        assert str(caught.value).endswith(
            f"minutes_context(index=…) is the number of a recorded decision, not {index!r}: "
            f"the plan has {count} recorded decision(s): give 0–{count - 1}")


def test_a_datetime_counts_as_its_day(recorded: yd.PlanFile, tmp_path: Path) -> None:
    """``datetime.now()`` is what a script passes: the status, the documents and their files
    are those of its day, the time of day not used."""
    pf = recorded
    day = dt.date(2026, 5, 4)
    assert approval_status(pf, dt.datetime(2026, 5, 4, 16, 30)) == approval_status(pf, day)
    by_time = write_decisions(pf, tmp_path / "a", as_of=dt.datetime(2026, 5, 4, 9, 5))
    by_day = write_decisions(pf, tmp_path / "b", as_of=day)
    assert [(e.path, e.sha256) for e in by_time.entries] == [
        (e.path, e.sha256) for e in by_day.entries]


def test_a_partys_proposal_is_in_its_own_language_unless_another_is_asked(
        bilingual: yd.PlanFile) -> None:
    """As ``build`` makes it: Korsnäs (kielet: sv) gets its proposal in Swedish, the county
    (both languages) in the plan's first; `lang` chooses."""
    korsnas = decision_context(bilingual, "korsnas", allow_drafts=True)
    assert korsnas["lang"] == "sv"
    assert korsnas["organisation"].startswith("Korsnäs kommun")
    assert decision_context(bilingual, allow_drafts=True)["lang"] == "fi"
    assert decision_context(bilingual, "korsnas", "fi", allow_drafts=True)["lang"] == "fi"


def test_a_minutes_extract_is_in_its_partys_own_language(recorded: yd.PlanFile) -> None:
    """As ``decisions --extracts`` makes it: a Swedish-speaking party's extract in Swedish."""
    assert recorded.decisions is not None
    parties = {p.id: p.languages for p in recorded.parties}
    made = {}
    for index, record in enumerate(recorded.decisions.records):
        own = [lang for lang in recorded.languages if lang in (parties[record.party] or ())]
        made[record.party] = minutes_context(recorded, index)["lang"]
        assert made[record.party] == (own or recorded.languages)[0]
    assert made["korsnas"] == "sv" and made["hyvinvointialue"] == "fi", made


def test_make_documents_is_the_build_in_memory(tmp_path: Path) -> None:
    plan = yd.load_plan(example_plan_path())
    options = yd.BuildOptions(key=KEY, for_each_party=True, drafts=True, public=True)
    files = yd.make_documents(plan, options)
    assert not list(tmp_path.rglob("*.*"))  # nothing written
    written = yd.build(plan, tmp_path / "out", options)
    assert {f.path: f.sha256 for f in files} == {
        e.path: e.sha256 for e in written.entries if e.kind != "manifest"}
    with pytest.raises(yd.PlanError, match=r"make_documents\(\) takes the plan as a PlanFile"):
        yd.make_documents(str(example_plan_path()), options)  # type: ignore[arg-type]
