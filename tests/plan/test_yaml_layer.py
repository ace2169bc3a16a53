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


@pytest.mark.parametrize(("source", "shown", "line"), [
    ("a: !oma teksti\n", "!oma", "p.yaml:1 a"),
    ("a: 1\nb: !include muu.yaml\n", "!include", "p.yaml:2 b"),
    ("a: !!python/object/apply:os.system [echo]\n", "!!python/object/apply:os.system",
     "p.yaml:1 a"),
    ("a:\n  - !!binary aGVp\n", "!!binary", "p.yaml:2 a[0]"),
    ("a: !!set {x, y}\n", "!!set", "p.yaml:1 a"),
    ("!juuri {a: 1}\n", "!juuri", "p.yaml:1"),
])
def test_a_tag_that_is_not_a_kind_of_value_is_refused_naming_it(source: str, shown: str,
                                                                 line: str) -> None:
    with pytest.raises(PlanError) as info:
        parse_yaml(source, "p.yaml", None)
    assert str(info.value) == (f"{line}: the YAML tag {shown} is not used in a plan file (a "
                               "plan file does not run code or include other files); remove "
                               "it, or quote the value ('…') if the ! belongs to the text")


def test_yamls_own_tags_and_quoted_exclamation_marks_are_values() -> None:
    source = "a: !!str 2026\nb: '!oma teksti'\nc: !!int 7\ne: !!int abc\n"
    data, _ = parse_yaml(source, "p.yaml", None)
    assert data == {"a": "2026", "b": "!oma teksti", "c": 7, "e": "abc"}


@pytest.mark.parametrize("brk", ["\u2028", "\u2029", "\x85"])
def test_a_separator_in_a_text_does_not_move_the_lines_after_it(brk: str) -> None:
    """A line separator pasted from Word, or a NEL (a Windows-1252 '…' read as Latin-1), is a
    line break to the YAML library but not to an editor: every line named after it was one too
    far."""
    source = f"a: 'one{brk}two'\nz: \"three{brk}four\"\nb:\n  - x\n  - {{c: 1}}\n"
    _, lines = parse_yaml(source, "p.yaml", None)
    assert lines[("b",)] == 3 and lines[("b", 1)] == 5 and lines[("b", 1, "c")] == 5
    for broken, line in ((source + "d: [1, 2\n", 7), (source + "\td: 1\n", 6),
                         (source + "b: 2\n", 6)):
        with pytest.raises(PlanError) as info:
            parse_yaml(broken, "p.yaml", None)
        assert str(info.value).startswith(f"p.yaml:{line}: "), (str(info.value), line)
