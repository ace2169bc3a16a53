"""docs/open-data.md stays true: its field tables list exactly the fields `build
--for-each-party --drafts` and `decisions --extracts --public` write under avoin-data/ for both
examples, every code value they can hold, and its examples are excerpts of real files."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from helpers import KEY
from yhdyspinta_docs._build import BuildOptions, build
from yhdyspinta_docs.approvals import ApprovalState, DecisionOutcome, write_decisions
from yhdyspinta_docs.plan import load_plan

REPO = Path(__file__).resolve().parents[2]
PAGE = REPO / "docs" / "open-data.md"
EXAMPLES = ("keski-suomi", "pohjanmaa")
LANGUAGE_KEYED = ("title", "hypertext")  # objects whose keys are the language codes


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Every avoin-data file both commands write for both examples, as `<example>/<command>/
    <file name>` → the parsed JSON."""
    out: dict[str, dict[str, Any]] = {}
    for example in EXAMPLES:
        pf = load_plan(REPO / "examples" / example / "plan.yaml")
        folder = tmp_path_factory.mktemp(example)
        build(pf, folder / "build", BuildOptions(for_each_party=True, drafts=True, key=KEY,
                                                 matrix=False, plan_document=False))
        write_decisions(pf, folder / "decisions", extracts=True, public=True)
        for command in ("build", "decisions"):
            for path in sorted((folder / command / "avoin-data").glob("*.json")):
                out[f"{example}/{command}/{path.name}"] = json.loads(path.read_text("utf-8"))
    return out


def _fields(value: Any, path: str = "") -> set[str]:
    """The field paths of a JSON value as the page writes them: ``case.attachments[].name``,
    a language key as ``<lang>`` (``case.title.<lang>``)."""
    found = {path} if path and not path.endswith("[]") else set()
    if isinstance(value, dict):
        for key, item in value.items():
            if path.rsplit(".", 1)[-1] in LANGUAGE_KEYED and key in ("fi", "sv"):
                key = "<lang>"
            found |= _fields(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for item in value:
            found |= _fields(item, f"{path}[]")
    return found


def _section(name: str) -> str:
    """The text of the page's ``##`` section whose heading holds `name`."""
    text = PAGE.read_text("utf-8")
    start = next(m.end() for m in re.finditer(r"^## .*$", text, re.M) if name in m.group())
    end = text.find("\n## ", start)
    return text[start:end if end >= 0 else len(text)]


def _documented(section: str) -> list[str]:
    """The first column of every field table (a table headed ``| field |``) of a section."""
    fields, in_table = [], False
    for line in section.splitlines():
        if line.startswith("| field |"):
            in_table = True
        elif not line.startswith("|"):
            in_table = False
        elif in_table and (cell := re.fullmatch(r"\| `([^`]+)` \|.*", line)):
            fields.append(cell.group(1))
    return fields


def _excerpt_of(part: Any, whole: Any) -> bool:
    """Whether `part` is `whole` shortened: objects with fewer keys, lists with their first
    items, a text cut off with "…"."""
    if isinstance(part, dict):
        return isinstance(whole, dict) and all(k in whole and _excerpt_of(v, whole[k])
                                               for k, v in part.items())
    if isinstance(part, list):
        return (isinstance(whole, list) and len(part) <= len(whole)
                and all(_excerpt_of(p, w) for p, w in zip(part, whole, strict=False)))
    if isinstance(part, str) and part.endswith("…"):
        return isinstance(whole, str) and whole.startswith(part[:-1])
    return bool(part == whole and type(part) is type(whole))


SECTIONS = {"paatosehdotus_": "paatosehdotus_<party>_<lang>.json",
            "hyvaksyminen.json": "hyvaksyminen.json"}


@pytest.mark.parametrize("kind", list(SECTIONS))
def test_the_page_lists_exactly_the_fields_written(kind: str,
                                                   written: dict[str, dict[str, Any]]) -> None:
    files = {name: data for name, data in written.items() if name.split("/")[-1].startswith(
        kind)}
    assert {n.split("/")[0] for n in files} == set(EXAMPLES)
    real = set().union(*(_fields(data) for data in files.values()))
    documented = _documented(_section(SECTIONS[kind]))
    assert len(documented) == len(set(documented)), "a field is listed twice"
    assert sorted(real - set(documented)) == [], "written but not on docs/open-data.md"
    assert sorted(set(documented) - real) == [], "on docs/open-data.md but never written"


def test_the_page_lists_every_code_value(written: dict[str, dict[str, Any]]) -> None:
    proposals = _section(SECTIONS["paatosehdotus_"])
    types = {c["type"] for name, data in written.items() if "paatosehdotus_" in name
             for c in data["action"]["content"]}
    assert types == {"reasons", "presenter", "draft resolution"}
    assert [t for t in sorted(types) if f"| `{t}` |" not in proposals] == []
    approvals = _section(SECTIONS["hyvaksyminen.json"])
    codes = [s.value for s in ApprovalState] + [o.value for o in DecisionOutcome]
    assert [c for c in codes if f"| `{c}` |" not in approvals] == []


def test_the_examples_are_excerpts_of_the_keski_suomi_files(
        written: dict[str, dict[str, Any]]) -> None:
    for kind, source in (("paatosehdotus_", "build/paatosehdotus_hyvinvointialue_fi.json"),
                         ("hyvaksyminen.json", "decisions/hyvaksyminen.json")):
        [block] = re.findall(r"```json\n(.*?)```", _section(SECTIONS[kind]), re.S)
        assert _excerpt_of(json.loads(block), written[f"keski-suomi/{source}"]), source


def test_excerpt_of_refuses_what_the_file_does_not_hold() -> None:
    whole = {"a": [{"b": "text", "c": None}, {"b": "more"}], "n": 1}
    assert _excerpt_of({"a": [{"b": "te…"}]}, whole)
    assert not _excerpt_of({"a": [{"b": "other"}]}, whole)
    assert not _excerpt_of({"a": [{"d": 1}]}, whole)
    assert not _excerpt_of({"n": True}, whole)
    assert not _excerpt_of({"a": [{}, {}, {}]}, whole)
