"""docs/plan-file.md, the page a developer from another region fills a plan with: every part
of the file described in Finnish like the rest of the schema, every allowed value explained."""

from __future__ import annotations

import re
from pathlib import Path

from yhdyspinta_docs.plan import plan_schema
from yhdyspinta_docs.plan._schema import MODEL_FI

DOC = (Path(__file__).resolve().parents[2] / "docs" / "plan-file.md").read_text("utf-8")


def test_every_part_of_the_plan_file_has_its_finnish_description() -> None:
    defs = plan_schema()["$defs"]
    assert sorted(set(defs) - set(MODEL_FI)) == []
    assert all(defs[name]["description"] == MODEL_FI[name] for name in defs)


def test_every_allowed_value_says_what_it_means() -> None:
    unexplained = re.findall(r"^\| `([^`]+)` \|\s*\|$", DOC, re.MULTILINE)
    assert unexplained == []
    assert "| `hyvaksytty_muutettuna` | hyväksytty muutettuna" in DOC
    assert "| `esitys_valtuustolle` | esitys valtuustolle" in DOC


def test_schema_bounds_are_json_schema_keywords_an_editor_knows() -> None:
    """pydantic writes a bound that sits outside a validator as a bare "gt", which JSON
    Schema does not have: an editor would then not tell that a section number must be
    positive."""
    text = str(plan_schema())
    assert "'gt'" not in text and "'ge'" not in text and "'lt'" not in text
    record = plan_schema()["$defs"]["DecisionRecord"]["properties"]["pykala"]
    number = next(b for b in record["anyOf"] if b.get("type") == "integer")
    assert number["exclusiveMinimum"] == 0
