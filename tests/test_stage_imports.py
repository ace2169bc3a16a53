"""Which stage imports which: a stage (plan, contexts, word, matrix, output) uses another
stage's public ``__init__`` names, and its private ``_modules`` only where ALLOWED_PRIVATE lists
it with a reason; the stage → stage directions are pinned in STAGE_EDGES. docs/api.md ("How the
stages depend on each other") says the same in words; change both together, deliberately.

The modules at the package's top (``_build``, ``approvals``, ``cli`` …) run the stages and may
use any of them; a stage uses only the shared helpers at the top (SHARED), never those.
"""

from __future__ import annotations

import ast
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pytest

import yhdyspinta_docs

PACKAGE = Path(yhdyspinta_docs.__file__).parent
STAGES = ("plan", "contexts", "word", "matrix", "output")
SHARED = {"errors", "_lazy", "_sanitize", "_inputs", "_arguments", "_assets"}
"""The top-level modules a stage may import: errors and small helpers, no pipeline."""

Kind = Literal["module", "local", "typing"]
"""Where an import runs: when the module is imported, inside a function (on first call), or
only for the type checker (``if TYPE_CHECKING:``)."""
_STRENGTH: dict[Kind, int] = {"typing": 0, "local": 1, "module": 2}

ALLOWED_PRIVATE: dict[str, set[str]] = {
    # contexts writes the model as template text with plan's text tools (Loc, references,
    # name inflection, the decisions and approval status, personal data), not for users
    "contexts → plan internals": {
        "contexts._appeal → plan._item",
        "contexts._approvals → plan._approval_status",
        "contexts._approvals → plan._decisions",
        "contexts._approvals → plan._inflect",
        "contexts._decision → plan._checks",
        "contexts._decision → plan._fields",
        "contexts._decision → plan._inflect",
        "contexts._decision → plan._item",
        "contexts._decision → plan._loader",
        "contexts._decision → plan._source",
        "contexts._decision → plan._text",
        "contexts._localizer → plan._checks",
        "contexts._localizer → plan._loader",
        "contexts._localizer → plan._personal",
        "contexts._localizer → plan._text",
        "contexts._minutes → plan._decisions",
        "contexts._minutes → plan._item",
        "contexts._minutes → plan._loader",
        "contexts._minutes → plan._text",
        "contexts._plan → plan._text",
        "contexts._report → plan._fields",
        "contexts._report → plan._item",
    },
    # the report shows the follow-up rows in the matrix's own words (status labels, NO_ENTRY)
    "contexts → matrix words": {
        "contexts._report → matrix._followup",
        "contexts._report → matrix._labels",
    },
    # a matrix names the plan file in its errors and checks parties/languages as plan does
    "matrix → plan internals": {
        "matrix._collect → plan._source",
        "matrix._replaced → plan._source",
        "matrix._returned → plan._source",
        "matrix._write → plan._checks",
        "matrix._write → plan._loader",
    },
    # the approvals workbook says what the approvals summary .docx says, in the same words
    "matrix → contexts approval words": {
        "matrix._approvals → contexts._approvals",
        "matrix._approvals → contexts._localizer",
        "matrix._approvals → contexts._minutes",
    },
    # an .xlsx to check for accessibility is hostile input: read through the matrix's guard
    "output → matrix guard": {
        "output._accessibility_read → matrix._guard",
    },
    # template checks compare a template with the context TypedDicts and example contexts
    "word → contexts types": {
        "word._check → contexts._minutes",
        "word._check → contexts._types",
        "word._variables → contexts._types",
    },
    # a user's matrix template is checked against the matrix layout (sheets, columns, lists)
    "word → matrix layout": {
        "word._check → matrix._followup",
        "word._lint_rules → matrix._followup",
        "word._lint_xlsx → matrix._followup",
    },
    # a .docx is written by the one deterministic zip writer and held to the alt-text rule
    "word → output zip and alt text": {
        "word._pictures → output._accessibility_drawings",
        "word._save → output._zip",
        "word._template → output._zip",
    },
}

STAGE_EDGES: dict[tuple[str, str], Kind] = {
    ("contexts", "plan"): "module",
    ("contexts", "matrix"): "module",
    ("contexts", "word"): "local",  # the report's chart, drawn with word.Figure
    ("matrix", "plan"): "module",
    ("matrix", "contexts"): "module",
    ("matrix", "output"): "module",
    ("matrix", "word"): "local",  # the template's lint; word imports matrix
    ("output", "matrix"): "local",  # the xlsx guard; matrix imports output
    ("plan", "output"): "local",  # init writes a region's files; loading a plan does not
    ("word", "plan"): "module",
    ("word", "contexts"): "module",
    ("word", "matrix"): "module",
    ("word", "output"): "module",
}
"""Every stage → stage import direction, with where its strongest import runs."""


@dataclass(frozen=True)
class StageImport:
    importer: str
    """The importing module, without ``yhdyspinta_docs.``: ``contexts._report``."""
    imported: str
    """What it imports from: ``matrix`` (the public package) or ``matrix._followup``."""
    kind: Kind


def stage_of(module: str) -> str | None:
    head = module.split(".")[0]
    return head if head in STAGES else None


def is_private(module: str) -> bool:
    return any(part.startswith("_") for part in module.split(".")[1:])


def _imported(module: str, is_package: bool, node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        targets = [alias.name for alias in node.names]
    else:
        if node.level:
            base = ["yhdyspinta_docs", *module.split(".")] if module else ["yhdyspinta_docs"]
            if not is_package:
                base = base[:-1]
            base = base[: len(base) - (node.level - 1)]
            target = ".".join([*base, *([node.module] if node.module else [])])
        else:
            target = node.module or ""
        # `from .. import matrix` and `from ..matrix import _guard` name modules
        names = [alias.name for alias in node.names]
        if target == "yhdyspinta_docs":
            targets = [f"{target}.{name}" for name in names]
        elif target.count(".") == 1 and any(name.startswith("_") for name in names):
            targets = [f"{target}.{name}" if name.startswith("_") else target for name in names]
        else:
            targets = [target]
    prefix = "yhdyspinta_docs."
    return [t[len(prefix):] for t in targets if t.startswith(prefix)]


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING"
            or isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_of(source: str, module: str, is_package: bool = False) -> list[StageImport]:
    """The imports of `module` (dotted, without ``yhdyspinta_docs.``) with its `source`, each
    from a stage other than its own."""
    found: list[StageImport] = []

    def visit(node: ast.AST, kind: Kind) -> None:
        if isinstance(node, ast.Import | ast.ImportFrom):
            for target in _imported(module, is_package, node):
                if stage_of(target) is not None and stage_of(target) != stage_of(module):
                    found.append(StageImport(module, target, kind))
            return
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            kind = "local"
        if isinstance(node, ast.If) and _is_type_checking(node.test) and kind == "module":
            for child in node.body:
                visit(child, "typing")
            for child in node.orelse:
                visit(child, kind)
            return
        for inner in ast.iter_child_nodes(node):
            visit(inner, kind)

    visit(ast.parse(source, module), "module")
    return found


def scan(package: Path = PACKAGE) -> list[StageImport]:
    """Every import in the package at `package` from a stage other than the importer's own."""
    found: list[StageImport] = []
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        found += imports_of(path.read_text("utf-8"), ".".join(parts), is_package)
    return found


def private_imports(imports: Iterable[StageImport]) -> set[str]:
    """``importer → imported`` of each stage's import of another stage's private module."""
    return {f"{i.importer} → {i.imported}" for i in imports
            if stage_of(i.importer) is not None and is_private(i.imported)}


def stage_edges(imports: Iterable[StageImport]) -> dict[tuple[str, str], Kind]:
    edges: dict[tuple[str, str], Kind] = {}
    for i in imports:
        source, target = stage_of(i.importer), stage_of(i.imported)
        if source is None or target is None:
            continue
        kept = edges.get((source, target))
        if kept is None or _STRENGTH[i.kind] > _STRENGTH[kept]:
            edges[(source, target)] = i.kind
    return edges


def unlisted(imports: Iterable[StageImport]) -> set[str]:
    """The private cross-stage imports that ALLOWED_PRIVATE does not list."""
    return private_imports(imports) - set().union(*ALLOWED_PRIVATE.values())


@pytest.fixture(scope="module")
def imports() -> list[StageImport]:
    found = scan()
    assert len(found) > 50, f"found only {len(found)} cross-stage imports under {PACKAGE}"
    return found


def test_a_stage_uses_another_stages_private_module_only_where_listed(
        imports: list[StageImport]) -> None:
    new = unlisted(imports)
    assert not new, ("a stage imports another stage's private module: "
                     f"{sorted(new)}; import the public name from the stage's package "
                     "(`from ..matrix import FollowupData`), or add it to ALLOWED_PRIVATE "
                     "with its reason (and to docs/api.md)")


def test_every_listed_private_import_is_still_made(imports: list[StageImport]) -> None:
    stale = set().union(*ALLOWED_PRIVATE.values()) - private_imports(imports)
    assert not stale, f"ALLOWED_PRIVATE lists imports no module makes: {sorted(stale)}"


def test_the_stages_depend_on_each_other_as_pinned(imports: list[StageImport]) -> None:
    assert stage_edges(imports) == STAGE_EDGES, (
        "a stage → stage dependency was added, removed or moved to import time; if meant, "
        "update STAGE_EDGES and docs/api.md ('How the stages depend on each other')")


def test_a_stage_uses_only_the_shared_helpers_at_the_top() -> None:
    used: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).with_suffix("").parts
        if module[0] not in STAGES:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == len(module):  # `..`: the top
                top = node.module.split(".")[0] if node.module else None
                names = [top] if top else [alias.name for alias in node.names]
                for name in names:
                    used.setdefault(name, set()).add(".".join(module))
    assert "errors" in used
    assert set(used) - set(STAGES) <= SHARED, {
        name: sorted(modules) for name, modules in used.items()
        if name not in SHARED and name not in STAGES}


# -- the checker itself catches what it must --------------------------------------------------

@pytest.mark.parametrize(("module", "source"), [
    ("word._new", "from ..matrix._guard import check_xlsx\n"),
    ("word._new", "def f():\n    from ..matrix._guard import check_xlsx\n"),
    ("word._new", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                  "    from ..matrix._guard import XlsxRefused\n"),
    ("word._new", "from ..matrix import _guard\n"),
    ("word._new", "import yhdyspinta_docs.matrix._guard\n"),
    ("word._new", "from yhdyspinta_docs.matrix._guard import check_xlsx\n"),
    ("word", "from ..matrix._guard import check_xlsx\n"),
])
def test_the_checker_flags_a_new_private_import(module: str, source: str) -> None:
    found = imports_of(source, module, is_package=module == "word")
    assert unlisted(found) == {f"{module} → matrix._guard"}


def test_the_checker_allows_public_and_own_stage_imports() -> None:
    source = ("from ..matrix import FollowupData\nfrom ._lint import lint_template\n"
              "from ..errors import Issue\nfrom .._sanitize import sanitize_text\n")
    found = imports_of(source, "word._new")
    assert unlisted(found) == set()
    assert stage_edges(found) == {("word", "matrix"): "module"}


def test_the_checker_sees_a_new_direction_and_a_local_import_made_eager() -> None:
    edges = stage_edges(imports_of("from ..word import Figure\n", "plan._new"))
    assert edges == {("plan", "word"): "module"}
    assert ("plan", "word") not in STAGE_EDGES
    assert STAGE_EDGES[("matrix", "word")] == "local"
    eager = stage_edges(imports_of("from ..word import prepare_template\n", "matrix._new"))
    assert eager[("matrix", "word")] == "module"


def test_a_private_import_added_to_a_copy_of_the_package_fails(tmp_path: Path) -> None:
    copy = tmp_path / "yhdyspinta_docs"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert unlisted(scan(copy)) == set()
    target = copy / "plan" / "_fields.py"
    target.write_text(target.read_text("utf-8") + "\nfrom ..matrix._guard import check_xlsx\n",
                      "utf-8")
    assert unlisted(scan(copy)) == {"plan._fields → matrix._guard"}
    assert stage_edges(scan(copy))[("plan", "matrix")] == "module"
