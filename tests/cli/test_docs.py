"""Generated documentation cannot drift from the code it describes."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

import yhdyspinta_docs as yd

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("tool", ["make_plan_docs.py"])
def test_generated_docs_are_up_to_date(tool: str) -> None:
    proc = subprocess.run([sys.executable, str(REPO / "tools" / tool), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_plan_file_doc_lists_every_key() -> None:
    from yhdyspinta_docs.plan import plan_schema

    text = (REPO / "docs" / "plan-file.md").read_text("utf-8")
    schema = plan_schema()
    keys = set(schema["properties"])
    for node in schema["$defs"].values():
        keys |= set(node.get("properties", {}))
    assert [k for k in sorted(keys) if f"`{k}`" not in text] == []


def test_readme_commands_exist() -> None:
    from yhdyspinta_docs.cli import cli

    readme = (REPO / "README.md").read_text("utf-8")
    used = {line.split()[1] for line in readme.splitlines()
            if line.startswith("yhdyspinta-docs ") and len(line.split()) > 1}
    assert used and used <= set(cli.commands)


# -- docs/api.md shows only names that can be imported ------------------------------------------
#
# The convention of docs/api.md: a section headed ``## `yhdyspinta_docs.x` `` has a table whose
# first column lists that module's public names (`name`, `name(arguments)`, or several
# separated by commas); the table lists exactly the module's __all__. In ```python blocks,
# every ``from yhdyspinta_docs… import …`` and every ``yd.name`` must import.

_API = REPO / "docs" / "api.md"
_SECTION_RE = re.compile(r"^## `(yhdyspinta_docs[\w.]*)`\s*$", re.M)
_CELL_NAME_RE = re.compile(r"`([A-Za-z_]\w*)[^`]*`")


def _api_tables() -> dict[str, list[str]]:
    """Module → the names in the first column of its section's table, in order."""
    text = _API.read_text("utf-8")
    heads = list(_SECTION_RE.finditer(text))
    out: dict[str, list[str]] = {}
    for head, nxt in zip(heads, [*heads[1:], None], strict=True):
        body = text[head.end():nxt.start() if nxt else text.find("\n## ", head.end())]
        names = []
        for line in body.splitlines():
            cells = line.split("|")
            if line.startswith("| `") and len(cells) > 2:
                names += _CELL_NAME_RE.findall(cells[1])
        out[head.group(1)] = names
    return out


def _api_code_names() -> list[tuple[str, str]]:
    """(module, name) for every import and ``yd.name`` in the python blocks of docs/api.md."""
    text = _API.read_text("utf-8")
    found = []
    for block in re.findall(r"```python\n(.*?)```", text, re.S):
        for module, names in re.findall(r"^from (yhdyspinta_docs[\w.]*) import ([\w, ]+)$",
                                        block, re.M):
            found += [(module, n.strip()) for n in names.split(",")]
        found += [("yhdyspinta_docs", n) for n in re.findall(r"\byd\.(\w+)", block)]
    return found


def test_api_doc_sections_list_exactly_the_public_names() -> None:
    tables = _api_tables()
    assert set(tables) >= {"yhdyspinta_docs", "yhdyspinta_docs.plan",
                           "yhdyspinta_docs.contexts"}
    for module_name, names in tables.items():
        module = importlib.import_module(module_name)
        for name in names:
            assert hasattr(module, name), f"docs/api.md shows {module_name}.{name}"
        assert sorted(names) == sorted(module.__all__), module_name


def test_api_doc_examples_import() -> None:
    names = _api_code_names()
    assert ("yhdyspinta_docs", "build") in names
    assert ("yhdyspinta_docs.contexts", "decision_context") in names
    for module_name, name in names:
        assert hasattr(importlib.import_module(module_name), name), (module_name, name)


def test_api_doc_tree_names_every_subpackage() -> None:
    text = _API.read_text("utf-8")
    tree = re.search(r"```text\nsrc/yhdyspinta_docs/\n(.*?)```", text, re.S)
    assert tree is not None, "docs/api.md starts with the package tree"
    shown = set(re.findall(r"[├└]── (\w+)/", tree.group(1)))
    package = REPO / "src" / "yhdyspinta_docs"
    folders = {p.parent.name for p in package.glob("*/__init__.py")}
    assert shown == folders


# -- links in the documentation lead somewhere; docs/plan-file.md lists every allowed value -----

_LINK_RE = re.compile(r"(?<!\!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_CODE_RE = re.compile(r"```.*?```|`[^`\n]*`", re.S)


def _slug(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"`|\*\*|__", "", heading.strip()).lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = _CODE_RE.sub("", path.read_text("utf-8")) if path.suffix == ".md" else ""
    seen: dict[str, int] = {}
    out = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, re.M):
        slug = _slug(heading)
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


def _doc_links() -> list[tuple[Path, str]]:
    pages = sorted((REPO / "docs").glob("*.md")) + [REPO / "README.md"]
    links = []
    for page in pages:
        text = re.sub(r"```.*?```", "", page.read_text("utf-8"), flags=re.S)
        links += [(page, target) for target in _LINK_RE.findall(text)]
    return links


def test_every_link_in_the_docs_leads_to_a_file_and_heading() -> None:
    links = _doc_links()
    assert len(links) > 20
    broken = []
    for page, target in links:
        if re.match(r"[a-z]+:", target):  # https:, mailto:
            continue
        file_part, _, anchor = target.partition("#")
        dest = (page.parent / file_part).resolve() if file_part else page
        if not dest.exists():
            broken.append(f"{page.name}: {target} (no such file)")
        elif anchor and dest.suffix == ".md" and anchor not in _anchors(dest):
            broken.append(f"{page.name}: {target} (no such heading)")
    assert broken == []


def test_slug_is_githubs() -> None:
    assert _slug("The plan file, field by field") == "the-plan-file-field-by-field"
    assert _slug("`yhdyspinta_docs.plan`") == "yhdyspinta_docsplan"
    assert _slug("Personal data in public versions") == "personal-data-in-public-versions"


def _enum_values() -> dict[str, list[str]]:
    """Every enumerated value the plan model allows, by the type or key that allows it."""
    import enum
    import typing

    from pydantic import BaseModel

    from yhdyspinta_docs.plan import PlanFile

    out: dict[str, list[str]] = {}
    done: set[type] = set()

    def walk(annotation: object, key: str) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation in done:
                return
            done.add(annotation)
            for name, info in annotation.model_fields.items():
                walk(info.annotation, info.alias or name)
        elif isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            out[annotation.__name__] = [str(m.value) for m in annotation]
        elif typing.get_origin(annotation) is typing.Literal:
            out.setdefault(key, []).extend(str(a) for a in typing.get_args(annotation))
        else:
            for arg in typing.get_args(annotation):
                walk(arg, key)

    walk(PlanFile, "")
    return out


def test_plan_file_doc_lists_every_allowed_value() -> None:
    values = _enum_values()
    assert {"AppealKind", "HandlingStatus", "PartyKind", "BodyKind", "kieli", "lisaa"} <= set(
        values)
    assert "ei_muutoksenhakua" in values["AppealKind"]
    text = (REPO / "docs" / "plan-file.md").read_text("utf-8")
    missing = [f"{where}: {v}" for where, vs in values.items() for v in vs
               if f"`{v}`" not in text]
    assert missing == []
    # each enumeration has a section of its own, which the fields' type column links to
    anchors = _anchors(REPO / "docs" / "plan-file.md")
    for name in values:
        if name[0].isupper():
            assert name.lower() in anchors, name


# -- the python examples of the README, docs/api.md and docs/regions.md run as shown ------------

def _python_blocks(page: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", page.read_text("utf-8"), re.S)


@pytest.mark.slow  # builds every party's documents through the examples: about 13 s
def test_python_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    from yhdyspinta_docs._assets import default_template, example_plan_path

    monkeypatch.chdir(tmp_path)
    example = example_plan_path().read_text("utf-8")
    Path("plan.yaml").write_text(example, "utf-8")
    Path("templates").mkdir()  # a region's own template, as docs/api.md checks and uses it
    Path("templates/decision.docx").write_bytes(default_template("decision").read_bytes())
    Path("pohjois-savo").mkdir()
    Path("pohjois-savo/plan.yaml").write_text(example, "utf-8")
    Path("examples/pohjanmaa").mkdir(parents=True)  # as in a checkout of the repository
    Path("examples/pohjanmaa/plan.yaml").write_text(
        example_plan_path("pohjanmaa").read_text("utf-8"), "utf-8")

    [readme] = _python_blocks(REPO / "README.md")
    exec(compile(readme, "README.md", "exec"), {})
    assert "paatosehdotus_joutsa_fi.docx" in capsys.readouterr().out
    # docs/api.md collects a returned copy; this one comes back as it was sent
    Path("palautetut").mkdir()
    Path("palautetut/joutsa.xlsx").write_bytes(
        Path("out/seuranta/seurantamatriisi_joutsa.xlsx").read_bytes())

    namespace: dict[str, object] = {}
    blocks = _python_blocks(_API)
    assert len(blocks) >= 5
    for i, block in enumerate(blocks):
        exec(compile(block, f"docs/api.md, python block {i + 1}", "exec"), namespace)
    from yhdyspinta_docs.matrix import CollectResult

    collected = namespace["result"]
    assert isinstance(collected, CollectResult)
    assert [s.file for s in collected.sources] == ["joutsa.xlsx"]
    assert Path("hyvaksyminen/manifest.json").is_file()
    # the own template checked clean (nothing printed) and built with; the report written
    assert "decision.docx" not in capsys.readouterr().out
    assert Path("out-own/paatosehdotus_hyvinvointialue_fi.docx").is_file()
    assert Path("koottu.xlsx").is_file()
    report = namespace["report"]
    assert isinstance(report, yd.BuildResult)
    assert {e.kind for e in report.entries} == {"report", "decision"}
    assert Path("raportti/manifest.json").is_file()

    [regions] = _python_blocks(REPO / "docs" / "regions.md")
    exec(compile(regions, "docs/regions.md", "exec"), {})
    assert Path("pohjois-savo/plan.yaml.key").is_file()
