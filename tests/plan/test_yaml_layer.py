"""The YAML layer: plain data with the line of every key, merge keys, duplicate keys."""

from __future__ import annotations

import datetime as dt

import pytest

from yhdyspinta_docs.errors import PlanError
from yhdyspinta_docs.plan._yaml import parse_yaml


def test_values_are_plain_python_with_the_line_of_each_key() -> None:
    data, lines = parse_yaml("a: 1.5\nb:\n  - x\n  - {c: 2026-03-02}\n", "p.yaml", None)
    assert data == {"a": 1.5, "b": ["x", {"c": dt.date(2026, 3, 2)}]}
    assert type(data["a"]) is float and type(data["b"][0]) is str
    assert lines[("a",)] == 1 and lines[("b", 1)] == 4 and lines[("b", 1, "c")] == 4


def test_merge_keys_merge_and_own_keys_win() -> None:
    source = "base: &b {x: 1, y: 2}\nitem:\n  <<: *b\n  y: 3\n"
    data, _ = parse_yaml(source, "p.yaml", None)
    assert data["item"] == {"y": 3, "x": 1}


def test_a_key_twice_names_the_second_line() -> None:
    with pytest.raises(PlanError) as info:
        parse_yaml("a: 1\nb: 2\na: 3\n", "p.yaml", None)
    assert str(info.value) == ("p.yaml:3: YAML syntax error: a key appears twice in the same "
                               "mapping; remove one of them")


def test_a_tag_of_its_own_is_kept_as_the_text() -> None:
    data, _ = parse_yaml("a: !oma teksti\n", "p.yaml", None)
    assert data == {"a": "teksti"}
