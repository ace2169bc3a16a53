"""A Swedish-first plan (``kieli: sv``) of a bilingual region, as a developer who has never
seen the project writes it from docs/regions.md: what its messages and its Swedish sentences
say (tests/data/vastra_nyland_sv.yaml)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import line_of
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.contexts import decision_context, plan_context
from yhdyspinta_docs.contexts._minutes import approval_summary_context
from yhdyspinta_docs.errors import PlanError
from yhdyspinta_docs.plan import load_plan, missing_translations, parse_plan
from yhdyspinta_docs.plan._loader import check_languages

PLAN = Path(__file__).resolve().parents[1] / "data" / "vastra_nyland_sv.yaml"
SOURCE = PLAN.read_text("utf-8")

_WHERE = re.compile(r"^(?P<file>\S+):(?P<line>\d+) (?P<path>\S+)$")


def _missing_in_finnish(call: str) -> PlanError:
    pf = load_plan(PLAN)
    calls: dict[str, Callable[[], object]] = {
        "decision": lambda: decision_context(pf, lang="fi"),
        # a party without its own handling: a draft by its board
        "party": lambda: decision_context(pf, "hanko", lang="fi", allow_drafts=True),
        "plan": lambda: plan_context(pf, lang="fi"),
        "languages": lambda: check_languages(pf, ["sv", "fi"]),
    }
    with pytest.raises(PlanError) as info:
        calls[call]()
    return info.value


@pytest.mark.parametrize("call", ["decision", "party", "plan", "languages"])
def test_a_missing_finnish_text_is_told_as_validate_tells_it(call: str) -> None:
    """Whether the API's context or the build's check finds it, a text missing in Finnish is
    told the same way: file in the heading, file:line field path in the file's order, and for
    a plain (Swedish) string how to write it per language, never "add fi:" to a plain string."""
    err = _missing_in_finnish(call)
    assert str(err).startswith(f"{PLAN}: texts missing (")
    assert "documents are not made in mixed languages" in str(err).splitlines()[0]
    lines = []
    for issue in err.issues:
        m = _WHERE.match(issue.where)
        assert m is not None, issue.where
        assert m["file"] == str(PLAN)
        lines.append(int(m["line"]))
        assert issue.what == ("no 'fi' text; the text is only in 'sv'; write it per language: "
                              "{sv: '…', fi: '…'}")
    assert lines == sorted(lines)
    paths = [i.where.split(" ", 1)[1] for i in err.issues]
    assert "osapuolet[0].nimi" in paths
    assert not any(".toimielin" == p[-len(".toimielin"):] for p in paths)  # an id, not a text
    assert all(re.search(r"toimielimet\[\d+\]\.nimi$", p) for p in paths if "toimielim" in p)


def test_the_deciding_body_is_named_where_its_name_is_written() -> None:
    err = _missing_in_finnish("decision")
    body = f"{PLAN}:{line_of(SOURCE, 'nimi: Välfärdsområdesstyrelsen')} " \
           "osapuolet[0].toimielimet[1].nimi"
    council = f"{PLAN}:{line_of(SOURCE, 'nimi: Välfärdsområdesfullmäktige')} " \
              "osapuolet[0].toimielimet[0].nimi"
    wheres = [i.where for i in err.issues]
    assert body in wheres and council in wheres
    assert len(wheres) == len(set(wheres))


def test_a_text_given_per_language_is_told_which_key_to_add() -> None:
    source = SOURCE.replace("otsikko: Boendemiljöer för äldre",
                            "otsikko: {fi: Ikääntyneiden asuinympäristöt}")
    pf = parse_plan(source, name="plan.yaml")
    with pytest.raises(PlanError) as info:
        plan_context(pf, lang="sv")
    line = line_of(source, "otsikko: {fi: Ikääntyneiden")
    assert [str(i) for i in info.value.issues] == [
        f"plan.yaml:{line} suunnitelma.toimenpiteet[2].otsikko: no 'sv' text; add sv: '…' to "
        "this text"]
    assert str(info.value).startswith("plan.yaml: texts missing (1 in 'sv')")


@pytest.mark.parametrize(("overdue", "sentence"), [
    ("2026-12-10", "5 väntar, varav 1 är försenad."),
    ("2026-12-01", "5 väntar, varav 0 är försenade."),
    ("2026-12-15", "5 väntar, varav 2 är försenade."),
])
def test_the_swedish_count_of_overdue_parties_agrees_with_its_number(
        overdue: str, sentence: str) -> None:
    source = SOURCE[:SOURCE.index("\npaatokset:")] + f"""
paatokset:
  tilanne: {overdue}
  maaraaika: 2026-12-31
  kirjatut: []
"""
    ctx = approval_summary_context(parse_plan(source), "sv")
    assert ctx["summary"][0].endswith(sentence), ctx["summary"][0]
    assert "av dem" not in ctx["summary"][0]


def test_languages_md_shows_the_message_the_build_gives() -> None:
    """docs/languages.md quotes the first lines of the build's message for the Keski-Suomi
    example built in Swedish; they are what the build says."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "languages.md").read_text("utf-8")
    block = doc.split("```text\n", 1)[1].split("```", 1)[0].splitlines()
    pf = parse_plan(example_plan_path().read_text("utf-8"), name="plan.yaml")
    with pytest.raises(PlanError) as info:
        check_languages(pf, ["sv"])
    assert block == ("Error: " + str(info.value)).splitlines()[:len(block)]


def test_a_non_public_attachment_is_marked_in_swedish_in_the_public_version() -> None:
    """A web version names an attachment that is not published with the note in the
    document's language: "(inte offentlig)", not the Finnish "(ei julkinen)"."""
    source = SOURCE.replace("  liita_suunnitelma: true\n", "  liita_suunnitelma: true\n"
                            "  liitteet:\n    - nimi: Revisionens utlåtande\n"
                            "      julkinen: false\n", 1)
    pf = parse_plan(source)
    public = decision_context(pf, public=True)
    assert public["attachments"][1] == "Bilaga 2 Revisionens utlåtande (inte offentlig)"
    assert not any("julkinen" in a for a in public["attachments"])
    assert decision_context(pf)["attachments"][1] == "Bilaga 2 Revisionens utlåtande"


def test_the_swedish_appeal_sentence_is_written_as_finland_swedish_minutes_write_it() -> None:
    """A rectification request is made *hos* (with) the body, not *till* it (the Finnish
    allative "toimielimelle"), by a party and the members of the county (not by anyone
    "missnöjd"), and a law is cited as "139 § i lagen om välfärdsområden", not in the Finnish
    order "lagen om välfärdsområden 139 §"."""
    ctx = decision_context(load_plan(PLAN))
    assert ctx["labels"]["appeal"] == "Anvisning om rättelseyrkande"
    assert ctx["appeal"] == (
        "Rättelse i beslutet kan yrkas skriftligt hos det organ som fattat beslutet inom 14 "
        "dagar från delfåendet av beslutet; rättelseyrkande får framställas av part samt av "
        "medlemmarna i välfärdsområdet (139\u00a0§ i lagen om välfärdsområden). Anvisning om "
        "rättelseyrkande fogas till protokollet.")


def test_the_default_legal_basis_is_in_the_documents_language() -> None:
    """A plan without ``lakiperuste`` names the law in Swedish in a Swedish document and in
    Finnish in a Finnish one; a plan in both languages needs no translation of the default."""
    source = re.sub(r"(?m)^  lakiperuste:.*\n", "", SOURCE)
    assert "lakiperuste" not in source
    pf = parse_plan(source, name=str(PLAN))
    assert plan_context(pf, lang="sv")["legal_basis"] == "14 § i lagen om välfärdsområden"
    assert ("suunnitelma", "lakiperuste") not in missing_translations(pf, "fi")
    kept = parse_plan(SOURCE, name=str(PLAN))  # written in Swedish only: missing in Finnish
    assert ("suunnitelma", "lakiperuste") in missing_translations(kept, "fi")
    finnish = load_plan(example_plan_path())
    assert plan_context(finnish.model_copy(update={"plan": finnish.plan.model_copy(
        update={"legal_basis": type(finnish.plan).model_fields["legal_basis"].default})}),
        lang="fi")["legal_basis"] == "hyvinvointialuelaki 14 §"


def test_every_missing_translation_is_listed_not_the_first_twenty() -> None:
    """Adding Finnish to a Swedish plan is a to-do list of some 60 texts: the error lists every
    one, so the translator needs one round, not four."""
    err = _missing_in_finnish("languages")
    assert len(err.issues) > 20
    lines = str(err).splitlines()
    assert not any(line.startswith("... and") for line in lines)
    assert [line for line in lines if "no 'fi' text" in line] == [str(i) for i in err.issues]
