"""The YAML layer: plain data with the line of every key, merge keys, duplicate keys."""

from __future__ import annotations

import datetime as dt

import pytest
from ruamel.yaml import YAML

from yhdyspinta_docs.errors import PlanError
from yhdyspinta_docs.plan._source import as_written
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
    assert str(info.value) == ("p.yaml:3 a: YAML syntax error: the key 'a' appears twice in the "
                               "same mapping (first at line 1); remove one of them")


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


@pytest.mark.parametrize("brk", ["\u2028", "\u2029"])
def test_a_separator_in_a_text_does_not_move_the_lines_after_it(brk: str) -> None:
    """A line separator pasted from Word is a line break to the YAML library but not to an
    editor: every line named after it was one too far."""
    source = f"a: 'one{brk}two'\nz: \"three{brk}four\"\nb:\n  - x\n  - {{c: 1}}\n"
    _, lines = parse_yaml(source, "p.yaml", None)
    assert lines[("b",)] == 3 and lines[("b", 1)] == 5 and lines[("b", 1, "c")] == 5
    for broken, line in ((source + "d: [1, 2\n", 7), (source + "\td: 1\n", 6),
                         (source + "b: 2\n", 6)):
        with pytest.raises(PlanError) as info:
            parse_yaml(broken, "p.yaml", None)
        assert str(info.value).startswith(f"p.yaml:{line}"), (str(info.value), line)
        assert not str(info.value)[len(f"p.yaml:{line}")].isdigit()


def test_a_number_keeps_the_text_it_is_written_with() -> None:
    """1.10 is read as 1.1; a message quoting the version as 1.1 would name another one."""
    source = "a: 1.10\nb: [010, 0x1F, 1_000, 7, 1.5, True, true]\nc: '1.10'\n"
    data, lines = parse_yaml(source, "p.yaml", None)
    assert data == {"a": 1.1, "b": [10, 31, 1000, 7, 1.5, True, True], "c": "1.10"}
    assert lines.numbers == {("a",): ("1.10", 1.1), ("b", 0): ("010", 10),
                             ("b", 1): ("0x1F", 31), ("b", 2): ("1_000", 1000),
                             ("b", 5): ("True", True)}
    assert as_written(lines, ("a",), 1.1) == "1.10"
    assert as_written(lines, ("a",), 2.5) is None  # the plan changed after it was read
    assert as_written(lines, ("b", 1), 31.0) is None and as_written(lines, ("c",), 1.1) is None
    assert as_written(dict(lines), ("a",), 1.1) is None  # lines of a plan made in code


_NEL_WHAT = ("has the invisible control character NEL (U+0085), which YAML reads as a line "
             "break and so changes the text without a word (inside quotes, to a space); it is "
             "what a '…' of Windows-1252 text becomes when read as Latin-1: write … in its "
             "place, or delete it")


@pytest.mark.parametrize(("line", "changed"), [
    ('b: "Hallitus päättää hyväksyä\x85"', {"b": "Hallitus päättää hyväksyä "}),
    ("b: 'Hallitus päättää hyväksyä\x85'", {"b": "Hallitus päättää hyväksyä "}),
    ('b: "Hallitus\x85\x85päättää hyväksyä"', {"b": "Hallitus\npäättää hyväksyä"}),
    ("b: Hallitus päättää hyväksyä\x85", {"b": "Hallitus päättää hyväksyä"}),
    ("# Hallitus päättää hyväksyä\x85c: 2", {"c": 2}),
])
def test_a_nel_is_refused_naming_its_line_and_column(line: str, changed: dict[str, str]) -> None:
    """A NEL (U+0085, a Windows-1252 '…' read as Latin-1) is a line break to the YAML library:
    in quotes it became a space in silence (two of them a line break), at the end of a plain
    text it was dropped, and in a comment what followed it was read as a key."""
    source = f"a: 1\r\n{line}\r\nd: 3\n"
    column = line.index("\x85") + 1
    with pytest.raises(PlanError) as info:
        parse_yaml(source, "p.yaml", None)
    assert [str(i) for i in info.value.issues] == [f"p.yaml:2: column {column} {_NEL_WHAT}"]
    # what the YAML library would have read
    assert YAML(typ="safe").load(source) == {"a": 1, **changed, "d": 3}


def test_every_line_with_a_nel_is_named_and_after_twenty_counted() -> None:
    lines = ["a: 1", "b: 'x\x85y\x85'", "c: 2", "d: '\x85'", *(f"e{i}: 'x\x85'" for i in range(30))]
    source = "\r".join(lines) + "\n"  # old Mac line ends: editors count them too
    with pytest.raises(PlanError) as info:
        parse_yaml(source, "p.yaml", None)
    issues = [str(i) for i in info.value.issues]
    assert issues[:3] == [f"p.yaml:2: column 6 {_NEL_WHAT}", f"p.yaml:4: column 5 {_NEL_WHAT}",
                          f"p.yaml:5: column 7 {_NEL_WHAT}"]
    assert [i.split(":")[1] for i in issues[:20]] == ["2", "4", *(str(n) for n in range(5, 23))]
    assert issues[20:] == ["p.yaml: and 12 more line(s) have a NEL (U+0085): replace each one "
                           "(an editor's search with regular expressions finds it as \\x85 or "
                           "\\u0085)"]
    assert str(info.value).endswith(issues[20])  # listed, not counted away
    assert parse_yaml('a: "x\\x85y"\n', "p.yaml", None)[0] == {"a": "x\x85y"}  # an escape


_MEASURE = "toimenpiteet:\n  - tunnus: a\n    otsikko: {title}\n    paavastuu: x\n{extra}"


@pytest.mark.parametrize(("source", "line", "hint"), [
    # a closing quote left out: the text runs on to the next quote, where the library stops
    (_MEASURE.format(title='"Asuminen', extra="    kuvaus: \"Teksti.\"\n    teema: t\n"), 3,
     "did not find expected key; a text opened with a quote on this line is not closed on "
     "it, so it runs on to the next quote, 2 lines below: close it here"),
    (_MEASURE.format(title="'Asuminen", extra="    kuvaus: 'Teksti.'\n    teema: t\n"), 3,
     "a text opened with a quote on this line is not closed on it"),
    # a key indented deeper than the key above it, which has its value on its line
    (_MEASURE.format(title="Asuminen", extra="      aikataulu: 2027\n"), 5,
     "mapping values are not allowed in this context; 'aikataulu' is indented deeper than "
     "'paavastuu' on the line above, whose value is written after it: indent 'aikataulu' like "
     "'paavastuu' (with spaces)"),
    # a value with ': ' in it is still told to be quoted
    (_MEASURE.format(title="Osa 1: johdanto", extra=""), 3,
     "the value of 'otsikko' has ': ' in it, which YAML reads as another key: quote the "
     'whole value, otsikko: "Osa 1: johdanto"'),
    # a text quoted over lines on purpose, above an unrelated error, is not blamed
    (_MEASURE.format(title='"Asuminen\n      ja muutto"', extra="   teema: t\n"), 6,
     "the indentation does not fit the lines above"),
])
def test_a_syntax_error_is_told_where_it_was_made(source: str, line: int, hint: str) -> None:
    with pytest.raises(PlanError) as info:
        parse_yaml(source, "plan.yaml", None)
    [issue] = info.value.issues
    assert issue.where == f"plan.yaml:{line}"
    assert hint in issue.what, issue.what
