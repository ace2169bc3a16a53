"""The open-data record of a decision proposal (avoin-data/paatosehdotus_*.json) holds data,
not the document's presentation of it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from yhdyspinta_docs._build import BuildOptions
from yhdyspinta_docs._documents import make_decisions
from yhdyspinta_docs.plan import parse_plan

POHJANMAA = Path(__file__).resolve().parents[2] / "examples" / "pohjanmaa" / "plan.yaml"
# a second attachment that is not public and names a person marked henkilotieto
EXTRA = ("    - nimi: {fi: Essi Esimerkin muistio 12/2025, sv: Essi Esimerkkis promemoria "
         "12/2025}\n      julkinen: false\n")


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_attachment_name_is_the_plans_name_without_number_or_publicity(lang: str) -> None:
    source = POHJANMAA.read_text("utf-8")
    line = "    - nimi: {fi: Seurantamatriisin malli, sv: Modell för uppföljningsmatrisen}\n"
    assert source.count(line) == 1
    pf = parse_plan(source.replace(line, line + EXTRA), "plan.yaml")
    [record] = [json.loads(f.data) for f in make_decisions(pf, BuildOptions(languages=[lang]))
                if f.kind == "opendata"]
    removed = {"fi": "(henkilötieto poistettu)", "sv": "(personuppgift borttagen)"}[lang]
    names = {"fi": ["Pohjanmaan yhdyspintasuunnitelma 2026–2029", "Seurantamatriisin malli",
                    f"{removed} muistio 12/2025"],
             "sv": ["Österbottens gränsytsplan 2026–2029", "Modell för uppföljningsmatrisen",
                    f"{removed} promemoria 12/2025"]}[lang]
    assert record["case"]["attachments"] == [
        {"name": names[0], "number": 1, "public": True},
        {"name": names[1], "number": 2, "public": True},
        {"name": names[2], "number": 3, "public": False}]


def test_the_record_number_is_the_one_the_public_document_shows() -> None:
    """case.register_id is the Dnro as the public proposal shows it: personal data in it is
    replaced there, so it is in the open data too."""
    source = POHJANMAA.read_text("utf-8")
    assert source.count("dnro: 118/00.04.01/2026\n") == 1
    pf = parse_plan(source.replace("dnro: 118/00.04.01/2026\n",
                                   "dnro: 118/00.04.01/2026 040 205 0205\n"), "plan.yaml")
    [record] = [json.loads(f.data) for f in make_decisions(pf, BuildOptions(languages=["fi"]))
                if f.kind == "opendata"]
    assert record["case"]["register_id"] == "118/00.04.01/2026 (henkilötieto poistettu)"
    [plain] = [json.loads(f.data) for f in make_decisions(
        parse_plan(source, "plan.yaml"), BuildOptions(languages=["fi"])) if f.kind == "opendata"]
    assert plain["case"]["register_id"] == "118/00.04.01/2026"


def test_a_draft_without_a_presenter_has_no_presenter_in_its_record() -> None:
    """A draft's "(esittelijä puuttuu)" is the document's note, not a presenter: the record
    has no presenter, and action.draft says what it lacks."""
    from yhdyspinta_docs._assets import example_plan_path

    pf = parse_plan(example_plan_path().read_text("utf-8"), "plan.yaml")
    records = {f.party: json.loads(f.data) for f in make_decisions(
        pf, BuildOptions(for_each_party=True, drafts=True)) if f.kind == "opendata"}
    drafts = [r for r in records.values() if r["action"]["draft"]]
    assert drafts
    for record in records.values():
        presenters = [c for c in record["action"]["content"] if c["type"] == "presenter"]
        shown = [v for c in presenters for v in c["hypertext"].values()]
        assert not [v for v in shown if "puuttuu" in v or "saknas" in v]
    lead = records[pf.lead.id]
    assert [c["type"] for c in lead["action"]["content"]].count("presenter") == 1
