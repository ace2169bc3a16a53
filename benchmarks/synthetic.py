"""Synthetic plans and filled matrices for the benchmarks (built from the bundled example).

``synthetic_plan(parties=30, measures=200)`` is the Keski-Suomi plan with its parties kept
(up to `parties`) and more municipalities added, and its measures replaced by `measures`
measures that every party is responsible for: ``parties × measures`` matrix rows and
`parties` decision proposals (one per party, drafts where handling data is missing).
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.plan._loader import load_plan, parse_plan
from yhdyspinta_docs.plan._model import PlanFile

__all__ = ["KEY", "example_plan", "fill_matrices", "synthetic_plan"]

KEY = bytes(range(32))
"""The plan key the benchmarks sign matrices with (a real one is random: signing.py)."""

# parties the example's texts refer to (working group, approvals, the item's handling)
_KEEP = ("hyvinvointialue", "maakuntaliitto", "hankasalmi", "jyvaskyla", "muurame")


def example_plan() -> PlanFile:
    """The bundled Keski-Suomi plan (24 parties, 5 measures)."""
    return load_plan(example_plan_path())


def _municipality(i: int) -> dict[str, Any]:
    return {
        "tunnus": f"kunta-{i:03d}",
        "nimi": f"Testikunta {i}",
        "tyyppi": "kunta",
        "toimielimet": [
            {"tunnus": "valtuusto", "nimi": "Kunnanvaltuusto", "tyyppi": "valtuusto"},
            {"tunnus": "hallitus", "nimi": "Kunnanhallitus", "tyyppi": "hallitus"},
        ],
    }


def synthetic_plan(parties: int, measures: int | None = None) -> PlanFile:
    """The example with `parties` parties and (if given) `measures` measures for all."""
    if parties < len(_KEEP):
        raise ValueError(f"at least {len(_KEEP)} parties")
    yaml = YAML()
    data = yaml.load(example_plan_path().read_text("utf-8"))
    kept = [p for p in data["osapuolet"] if p["tunnus"] in _KEEP]
    others = [p for p in data["osapuolet"] if p["tunnus"] not in _KEEP]
    chosen = kept + others[: parties - len(kept)]
    chosen += [_municipality(i) for i in range(parties - len(chosen))]
    data["osapuolet"] = chosen
    ids = {p["tunnus"] for p in chosen}
    decisions = data.get("paatokset")
    if decisions is not None:  # the recorded decisions of the parties left out go too
        decisions["kirjatut"] = [r for r in decisions.get("kirjatut", [])
                                 if r["osapuoli"] in ids]
        if "hyvaksyjat" in decisions:
            decisions["hyvaksyjat"] = [pid for pid in decisions["hyvaksyjat"] if pid in ids]
    if measures is not None:
        data["suunnitelma"]["toimenpiteet"] = [
            {"tunnus": f"toimenpide-{i:03d}",
             "otsikko": f"Toimenpide {i}: yhteisen palveluketjun kehittäminen",
             "vastuutahot": ["kaikki"]}
            for i in range(measures)]
    out = io.StringIO()
    yaml.dump(data, out)
    return parse_plan(out.getvalue(), name=f"synthetic-{parties}x{measures}.yaml")


def fill_matrices(pf: PlanFile, directory: Path, count: int) -> list[Path]:
    """Party copies of the matrix for the first `count` parties, filled in as a party would
    (status, description, date on every row), saved by openpyxl into `directory`."""
    from openpyxl import load_workbook

    from yhdyspinta_docs.matrix._write import write_matrix

    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for party in pf.parties[:count]:
        made = write_matrix(pf, key=KEY, party=party.id, date=dt.date(2026, 1, 15))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(io.BytesIO(made.data))
        ws = wb["Seuranta"]
        column = {cell.value: cell.column for cell in ws[1]}
        for row in range(2, ws.max_row + 1):
            ws.cell(row, column["Tilanne"]).value = "Käynnissä"
            ws.cell(row, column["Tilannekuvaus"]).value = f"Edennyt suunnitellusti ({party.id})"
            ws.cell(row, column["Päivitetty"]).value = dt.date(2026, 5, 4)
        path = directory / f"seurantamatriisi_{party.id}.xlsx"
        wb.save(path)
        paths.append(path)
    return paths
