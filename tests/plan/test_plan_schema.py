"""The plan file's JSON Schema, as an editor checks a plan file with it: what the schema flags,
validation refuses, and what validation accepts, the schema does not flag."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.plan import parse_plan, plan_schema
from yhdyspinta_docs.plan._fields import SectionNumber
from yhdyspinta_docs.plan._yaml import parse_yaml

SECTIONS = [80, 1, 0, -3, "80", " 80 ", "080", "0", "00", "", "§ 80", "80 §", "80a", "8 0",
            "-1", "0x10", 8.5, None]
LENIENT = ["+1", "1_000", "1.0"]
"""Texts validation also reads as a section number (pydantic's reading of a number in a text),
which the schema, that a person reads, need not offer."""


def _as_editor_reads(value: Any) -> Any:
    """The plan file's data as JSON, as an editor's YAML extension reads it: a date unquoted
    (2026-03-02) is text to it (YAML 1.2 has no dates)."""
    if isinstance(value, dict):
        return {key: _as_editor_reads(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_editor_reads(item) for item in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def _accepts(node: dict[str, Any], value: Any) -> bool:
    """Whether the section number's schema `node` accepts `value` (the few keywords it uses,
    as JSON Schema means them; a JSON value true is no integer)."""
    if "anyOf" in node:
        return any(_accepts(branch, value) for branch in node["anyOf"])
    kinds = {"integer": type(value) is int, "string": isinstance(value, str),
             "null": value is None}
    assert set(node) <= {"type", "exclusiveMinimum", "pattern", "description", "title",
                         "default"}, node
    if not kinds[node["type"]]:
        return False
    if "exclusiveMinimum" in node and not value > node["exclusiveMinimum"]:
        return False
    return "pattern" not in node or re.search(node["pattern"], value) is not None


def _validates(value: Any, optional: bool) -> bool:
    adapter: TypeAdapter[Any] = TypeAdapter(SectionNumber | None if optional else SectionNumber)
    try:
        adapter.validate_python(value)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize(("model", "optional"), [("DecisionRecord", False),
                                                 ("Approval", True), ("Handling", True)])
def test_the_schema_of_a_section_number_accepts_what_validation_does(model: str,
                                                                     optional: bool) -> None:
    """A section number is a whole number above 0; its digits in quotes (pykala: "80", as a
    user writes who fills the quoted placeholder of init) are the same number. The schema said
    integer only, so an editor flagged pykala: "80", which validation accepts."""
    node = plan_schema()["$defs"][model]["properties"]["pykala"]
    told = {value: (_accepts(node, value), _validates(value, optional)) for value in SECTIONS}
    assert {value: schema for value, (schema, valid) in told.items() if schema != valid} == {}
    assert all(_validates(value, optional) for value in LENIENT if _accepts(node, value))
    assert _accepts(node, "80") and _accepts(node, 80) and not _accepts(node, 0)
    integer = next(branch for branch in _branches(node) if branch.get("type") == "integer")
    assert integer["exclusiveMinimum"] == 0  # the bound an editor knows, not pydantic's "gt"


@pytest.mark.parametrize("value", [True, False])
def test_true_is_no_section_number(value: bool) -> None:
    """pydantic reads true as 1; a plan author who wrote pykala: true meant no section."""
    assert not _validates(value, optional=False)
    node = plan_schema()["$defs"]["DecisionRecord"]["properties"]["pykala"]
    assert not _accepts(node, value)


def _branches(node: dict[str, Any]) -> list[dict[str, Any]]:
    if "anyOf" not in node:
        return [node]
    return [leaf for branch in node["anyOf"] for leaf in _branches(branch)]


@pytest.mark.parametrize("region", ["keski-suomi", "pohjanmaa"])
def test_the_examples_and_a_quoted_section_number_pass_the_schema(region: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    source = example_plan_path(region).read_text("utf-8")
    validator = jsonschema.Draft202012Validator(plan_schema())
    sections = re.findall(r"pykala: (\d+)", source)
    assert sections  # each example writes section numbers
    quoted = re.sub(r"pykala: (\d+)", r'pykala: "\1"', source)
    for text in (source, quoted):
        parse_plan(text)  # valid
        data = _as_editor_reads(parse_yaml(text, "plan.yaml", None)[0])
        assert [error.message for error in validator.iter_errors(data)] == []
    zero = re.sub(r"pykala: (\d+)", 'pykala: "0"', source, count=1)
    data = _as_editor_reads(parse_yaml(zero, "plan.yaml", None)[0])
    assert list(validator.iter_errors(data))  # flagged, as validation refuses it
