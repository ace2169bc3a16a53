"""Every message about a plan file says, in words, where (file:line and the key path) and what
to write: many broken plans, each field broken in every way a person can break it."""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from helpers import line_of, plan_error
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs._build import BuildOptions, build
from yhdyspinta_docs.cli import main
from yhdyspinta_docs.contexts import decision_context
from yhdyspinta_docs.errors import Issue, PlanError
from yhdyspinta_docs.plan import load_plan, parse_plan
from yhdyspinta_docs.plan._loader import check_languages, validate_data
from yhdyspinta_docs.plan._text import Loc, field_path
from yhdyspinta_docs.plan._yaml import parse_yaml

PYDANTIC = ("Input should", "valid string", "Tuple should", "Field required", "type=",
            "For further information visit", "valid dictionary", "instance of", "NoneType",
            "ScalarFloat", "Scalar", "{value", "after validation", "String should")


CROSS_REFERENCE = (r"unknown reference|unknown party|party '[^']+' has no body|unknown "
                   r"decision|missing: which party|no section '[^']+' in ")


def _examples() -> list[tuple[str, Any, dict[Loc, int]]]:
    out = []
    for region in ("keski-suomi", "pohjanmaa"):
        source = example_plan_path(region).read_text("utf-8")
        data, lines = parse_yaml(source, "plan.yaml", None)
        out.append((region, data, lines))
    return out


EXAMPLES = _examples()


def _paths(node: Any, loc: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    """Every field path of `node` (the first item of each list stands for the others)."""
    yield loc, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, loc + (key,))
    elif isinstance(node, list) and node:
        yield from _paths(node[0], loc + (0,))


def _changed(data: Any, loc: Loc, change: Callable[[Any, str | int], None]) -> Any:
    out = copy.deepcopy(data)
    parent = out
    for part in loc[:-1]:
        parent = parent[part]
    change(parent, loc[-1])
    return out


def _put(value: Any) -> Callable[[Any, str | int], None]:
    def change(parent: Any, key: str | int) -> None:
        parent[key] = value
    return change


def _broken(data: Any) -> Iterator[tuple[str, Loc, Any]]:
    """(what was done, where, the broken data): every key left out, every value of the wrong
    type or empty, every list empty, every enumerated value and date wrong, unknown keys."""
    for loc, value in _paths(data):
        if not loc:
            continue
        if isinstance(loc[-1], str):
            yield "missing", loc, _changed(data, loc, lambda p, k: p.pop(k))
        if isinstance(value, dict):
            yield "unknown key", loc, _changed(
                data, loc, lambda p, k: p[k].__setitem__("tuntematon", 1))
            for wrong in ("teksti", ["a"], None):
                yield f"{wrong!r} for a mapping", loc, _changed(data, loc, _put(wrong))
        elif isinstance(value, list):
            for wrong in ([], "teksti", {"a": 1}, None):
                yield f"{wrong!r} for a list", loc, _changed(data, loc, _put(wrong))
        else:
            for wrong in (None, {"a": "b"}, {"Hallitus päättää": None}, ["a"], "xyz zy", "",
                          12.5, 7, True, "x" * 400):
                yield f"{wrong!r} for a value", loc, _changed(data, loc, _put(wrong))
            if isinstance(value, dt.date):
                for wrong in ("31.2.2026", "huomenna", "2026-02-30"):
                    yield f"{wrong!r} for a date", loc, _changed(data, loc, _put(wrong))


def _issues(data: Any, lines: dict[Loc, int]) -> list[Issue]:
    """The issues of validating `data` (none when it is a valid plan)."""
    try:
        validate_data(data, lines)
    except PlanError as exc:
        return exc.issues or [Issue("", "a PlanError without issues")]
    return []


def _check(issue: Issue, loc: Loc) -> None:
    text = str(issue)
    assert re.match(r"plan\.yaml:\d+ \S", issue.where), text  # file:line and the key path
    assert not any(phrase in text for phrase in PYDANTIC), text
    assert issue.what and issue.what[0].islower() or issue.what[0] in "'{", text


# the bilingual example's walk (about 6 s) in the slow run
@pytest.mark.parametrize(("region", "data", "lines"), [
    pytest.param(*e, id=e[0], marks=[pytest.mark.slow] * (e[0] == "pohjanmaa")) for e in EXAMPLES])
def test_every_broken_field_is_told_in_words_with_file_line_and_key(
        region: str, data: Any, lines: dict[Loc, int]) -> None:
    told = 0
    for what, loc, broken in _broken(data):
        issues = _issues(broken, lines)
        for issue in issues:
            _check(issue, loc)
        if issues:
            # the key that was broken (or a key inside it, or the list holding it) is named;
            # or, where what it named is gone, each place that still refers to it
            path = field_path(loc)
            assert any(path in i.where or i.where.split(" ", 1)[1] in path or path in i.what
                       for i in issues) or all(
                re.match(CROSS_REFERENCE, i.what) for i in issues), (what, path, issues)
            told += 1
    assert told > 500


def test_a_text_ending_in_a_colon_is_told_to_be_quoted(example_source: str) -> None:
    src = example_source.replace("      sisalto:\n        - |-\n",
                                 "      sisalto:\n        - Hallitus toteaa seuraavaa:\n"
                                 "        - |-\n", 1)
    err = plan_error(src)
    line = line_of(src, "- Hallitus toteaa seuraavaa:")
    assert [str(i) for i in err.issues] == [
        f"plan.yaml:{line} asia.selostus[0].sisalto[0]: the text 'Hallitus toteaa seuraavaa:' "
        "ends with ':', so YAML reads it as a key with no value; quote the whole text: "
        "'Hallitus toteaa seuraavaa:'"]
    src = example_source.replace(
        "    paatosehdotus: Aluehallitus päättää hyväksyä yhdyspintasuunnitelman.",
        "    paatosehdotus:\n      Aluehallitus päättää:")
    assert "quote the whole text: 'Aluehallitus päättää:'" in str(plan_error(src))
    assert "unknown language" not in str(plan_error(src))


def test_an_empty_party_list_says_what_to_list(example_source: str) -> None:
    src = re.sub(r"osapuolet:\n(?:  .*\n)+", "osapuolet: []\n", example_source, count=1)
    err = plan_error(src)
    line = line_of(src, "osapuolet: []")
    assert (f"plan.yaml:{line} osapuolet: the list is empty; write at least one item: list the "
            "parties of the agreement, each with tunnus, nimi and tyyppi") in str(err)
    assert not any(p in str(err) for p in PYDANTIC)


def test_a_number_where_text_belongs_is_told_to_be_quoted(example_source: str) -> None:
    src = example_source.replace("  versio: \"1\"", "  versio: 1.5")
    line = line_of(src, "versio: 1.5")
    assert (f"plan.yaml:{line} suunnitelma.versio: expected text here, got the number 1.5; "
            "quote it ('1.5') if it is meant as text") in str(plan_error(src))


@pytest.mark.parametrize(("old", "new", "where", "what"), [
    ('  versio: "1"', "  versio: 1.10", "suunnitelma.versio",
     "expected text here, got the number 1.10; quote it ('1.10') if it is meant as text"),
    ('  versio: "1"', "  versio: 010", "suunnitelma.versio",
     "expected text here, got the number 010; quote it ('010') if it is meant as text"),
    ("alue: Keski-Suomi", "alue: 2.50", "alue",  # a text of one language or several
     "expected text here, got the number 2.50; quote it ('2.50') if it is meant as text"),
    ("alue: Keski-Suomi", "alue: {fi: 2.50}", "alue.fi",
     "expected the fi text here, got the number 2.50; quote it ('2.50') if it is meant as "
     "text"),
    ("[Osapuolet, Keski-Suomen liitto]", "[Osapuolet, 1.10]", "paatokset.kirjatut[0].tiedoksi[1]",
     "expected text here, got the number 1.10; quote it ('1.10') if it is meant as text"),
    ("alue: Keski-Suomi", "alue: True", "alue",
     "expected text here, got the value True; quote it ('True') if it is meant as text"),
    ("alkuvuosi: 2026,", "alkuvuosi: 2026.50,", "suunnitelma.kausi.alkuvuosi",
     "expected a whole number here, got the number 2026.50"),
])
def test_a_number_is_quoted_back_as_written(example_source: str, old: str, new: str,
                                            where: str, what: str) -> None:
    """YAML reads 1.10 as the number 1.1 (and 010 as 10): a message saying 'got the number
    1.1' would name another version than the one written."""
    src = example_source.replace(old, new, 1)
    assert f"plan.yaml:{line_of(src, new.strip())} {where}: {what}" in [
        str(i) for i in plan_error(src).issues]


@pytest.mark.parametrize("key", ["1.10", "010", "1e3", "0x1F", ".inf", "true", "~"])
def test_a_key_is_quoted_back_as_written(example_source: str, key: str) -> None:
    """A mistaken key that YAML reads as a number (or true, or nothing) was told as Python
    writes the value: ``1.10:`` as unknown key '1.1', ``1e3:`` as '1000.0', ``~:`` as 'None',
    none of which the author can find in the file."""
    src = example_source.replace('  versio: "1"\n', f'  versio: "1"\n  {key}: x\n', 1)
    [issue] = plan_error(src).issues
    assert str(issue).startswith(f"plan.yaml:{line_of(src, f'  {key}: x')} "
                                 f"suunnitelma.{key}: unknown key '{key}'; allowed keys here: "
                                 "tunnus, nimi, versio"), str(issue)


@pytest.mark.parametrize(("old", "new", "message"), [
    ("alue: Keski-Suomi", "alue: {fi: Keski-Suomi, 1.10: x}", "alue: unknown language '1.10'"),
    ('  versio: "1"', "  versio: {010: x}",
     "suunnitelma.versio: expected text here, got a mapping (keys: 010)"),
    ("[Osapuolet, Keski-Suomen liitto]", "[Osapuolet, 1.10: ]",
     "paatokset.kirjatut[0].tiedoksi[1]: the text '1.10:' ends with ':', so YAML reads it as a "
     "key with no value; quote the whole text: '1.10:'"),
])
def test_other_messages_name_a_key_as_written(example_source: str, old: str, new: str,
                                              message: str) -> None:
    src = example_source.replace(old, new, 1)
    assert message in str(plan_error(src))


def test_keys_written_alike_as_numbers_are_two_keys(example_source: str) -> None:
    """``1.10:`` and ``1.1:`` are one number, but two keys as written: each is named on its
    own line (was: "a key appears twice", naming neither)."""
    src = example_source.replace('  versio: "1"\n', '  versio: "1"\n  1.10: x\n  1.1: y\n', 1)
    found = [str(i).split("; ")[0] for i in plan_error(src).issues]
    assert found == [f"plan.yaml:{line_of(src, '1.10: x')} suunnitelma.1.10: unknown key '1.10'",
                     f"plan.yaml:{line_of(src, '1.1: y')} suunnitelma.1.1: unknown key '1.1'"]


def test_a_number_changed_after_reading_is_told_as_it_is_now(example_source: str) -> None:
    src = example_source.replace('  versio: "1"', "  versio: 1.10")
    data, lines = parse_yaml(src, "plan.yaml", None)
    data["suunnitelma"]["versio"] = 2.5
    with pytest.raises(PlanError) as info:
        validate_data(data, lines)
    assert "suunnitelma.versio: expected text here, got the number 2.5;" in str(info.value)


def test_missing_swedish_texts_are_told_with_their_lines(example_source: str) -> None:
    pf = parse_plan(example_source)
    with pytest.raises(PlanError) as info:
        check_languages(pf, ["fi", "sv"])
    first = info.value.issues[0]
    assert first.where == f"plan.yaml:{line_of(example_source, 'alue:')} alue"
    assert first.what == ("no 'sv' text; the text is only in 'fi'; write it per language: "
                          "{fi: '…', sv: '…'}")
    assert all(re.match(r"plan\.yaml:\d+ \S", i.where) for i in info.value.issues)


def test_missing_handling_data_is_told_with_its_line(example_plan_file: Any) -> None:
    pf = load_plan(example_plan_file)
    source = example_plan_file.read_text("utf-8")
    with pytest.raises(PlanError) as info:
        decision_context(pf, "jyvaskyla")
    line = line_of(source, "- tunnus: jyvaskyla")
    assert str(info.value.issues[0]).startswith(
        f"{example_plan_file}:{line} osapuolet[4].kasittely: party 'jyvaskyla' has no "
        "handling data")
    assert "allow_drafts=True" in str(info.value) and "--drafts" not in str(info.value)


def test_the_api_names_its_parameters_and_the_cli_its_options(
        example_plan_file: Any, tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    pf = load_plan(example_plan_file)
    with pytest.raises(PlanError) as info:
        build(pf, tmp_path / "out", BuildOptions(for_each_party=True, matrix=False))
    api = str(info.value)
    assert "BuildOptions(drafts=True)" in api and "--drafts" not in api
    assert "allow_drafts" not in api
    code = main(["build", str(example_plan_file), "--out", str(tmp_path / "cli"),
                 "--for-each-party"])
    err = capsys.readouterr().err
    assert code == 2 and "--drafts" in err and "drafts=True" not in err
    assert re.search(r"plan\.yaml:\d+ osapuolet\[4\]\.kasittely: party 'jyvaskyla'", err)


@pytest.fixture
def example_plan_file(tmp_path: Any, example_source: str) -> Any:
    path = tmp_path / "plan.yaml"
    path.write_text(example_source, "utf-8")
    return path


def test_build_warnings_about_personal_data_name_file_and_line(tmp_path: Any) -> None:
    plan = example_plan_path("pohjanmaa")
    result = build(load_plan(plan), tmp_path / "out",
                   BuildOptions(public=True, matrix=False, plan_document=False))
    assert result.warnings
    assert all(re.match(rf"{re.escape(str(plan))}:\d+ \S+: ", w) for w in result.warnings)


@pytest.mark.parametrize(("wrong", "hint"), [
    ("\ttunnus: keski-suomi-2026", "the line has a tab: indent with spaces only"),
    ("  tunnus: 'keski-suomi-2026", "a text opened with a quote here is never closed"),
    ("  tunnus: *eiole", "*eiole repeats a value marked &eiole earlier in the file, and "
                         "there is none"),
    ("  tunnus: @keski", "a value cannot start with a character YAML reserves (such as @ "
                         "or `): quote the value"),
    ("  tunnus: keski: suomi", "the value of 'tunnus' has ': ' in it, which YAML reads as "
                               'another key: quote the whole value, tunnus: "keski: suomi"'),
    ('  tunnus: Hallitus "päättää": näin', 'quote the whole value, tunnus: "Hallitus '
                                          '\\"päättää\\": näin"'),
    ("  tunnus: [keski: suomi, x]: y", "a value that contains ': ' or starts with a special "
                                       "character must be quoted"),
])
def test_yaml_syntax_errors_say_what_to_do_on_the_line_to_fix(
        example_source: str, wrong: str, hint: str) -> None:
    src = example_source.replace("  tunnus: keski-suomi-2026", wrong)
    err = plan_error(src)
    line = line_of(src, wrong)
    assert str(err).startswith(f"plan.yaml:{line}: YAML syntax error: ")
    assert hint in str(err)


def test_bad_indentation_is_told_as_indentation(example_source: str) -> None:
    src = example_source.replace("    toimielin: aluehallitus\n", "   toimielin: aluehallitus\n",
                                 1)
    assert "the indentation does not fit the lines above" in str(plan_error(src))


def test_a_name_ending_in_a_colon_is_told_to_be_quoted(example_source: str) -> None:
    src = example_source.replace("      nimi: Kati Kallimo", "      nimi:\n        Kati Kallimo:")
    err = plan_error(src)
    assert "asia.kasittely.esittelija.nimi: the text 'Kati Kallimo:' ends with ':'" in str(err)


@pytest.mark.parametrize(("written", "advice"), [
    ("kielet: [fi]", "kielet: fi, sv"), ("vastuutahot: [kaikki]", "vastuutahot: kaikki"),
    ("vastuutahot: [kaikki]", "vastuutahot: muurame, laukaa")])
def test_a_list_written_without_brackets_is_shown_with_them(example_source: str, written: str,
                                                            advice: str) -> None:
    """`kielet: fi, sv` (as a party's kielet may be written) was told only that a list has one
    item per line starting with '- '."""
    src = example_source.replace(written, advice, 1)
    assert written in example_source and advice in src
    key, items = advice.split(": ")
    assert (f"expected a list (one item per line, each starting with '- ') here, got the text "
            f"'{items}': write it in brackets, [{items}]") in str(plan_error(src))


def test_henkilotieto_on_a_presenter_says_where_a_person_is_marked() -> None:
    """A preparer marks the presenter directly; the marking belongs to the working group."""
    source = example_plan_path().read_text("utf-8")
    person = "      nimi: Kati Kallimo\n      nimike: Vt. hyvinvointialuejohtaja\n"
    assert person in source
    error = plan_error(source.replace(person, person + "      henkilotieto: true\n", 1))
    assert [(i.where, i.what) for i in error.issues] == [(
        f"plan.yaml:{line_of(source, 'nimike: Vt. hyvinvointialuejohtaja') + 1} "
        "asia.kasittely.esittelija.henkilotieto",
        "unknown key 'henkilotieto': a person is marked once, in the working group "
        "(suunnitelma.valmistelu.tyoryhma, henkilotieto: true), and is then personal wherever "
        "the plan names them; add the person there if they are not in it")]
