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
