"""The matrix package's public surface, and how it uses openpyxl."""

from __future__ import annotations

import ast
from pathlib import Path

import yhdyspinta_docs.matrix as matrix

PACKAGE = Path(matrix.__file__).parent

EXPORTED = [
    "CollectResult",
    "Conflict",
    "ConflictValue",
    "FollowupData",
    "FollowupRow",
    "MatrixResult",
    "SourceSummary",
    "Status",
    "collect",
    "default_key_path",
    "load_key",
    "load_or_create_key",
    "plan_key",
    "plan_rows",
    "read_matrix",
    "render_matrix",
    "resolve",
    "write_matrix",
]


def test_exported_members() -> None:
    assert matrix.__all__ == EXPORTED
    assert sorted(matrix.__all__) == matrix.__all__
    for name in EXPORTED:
        member = getattr(matrix, name)
        assert member.__module__.startswith("yhdyspinta_docs.matrix."), name
    public = {n for n in vars(matrix) if not n.startswith("_")}
    # besides the exported names, only what the lazy-import set-up itself needs
    assert public - set(EXPORTED) <= {"annotations", "TYPE_CHECKING", "lazy_exports"}


def _openpyxl_imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) of every import from openpyxl in `path`."""
    out: list[tuple[str, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openpyxl"):
            out += [(node.module or "", alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            out += [(alias.name, "") for alias in node.names
                    if alias.name.startswith("openpyxl")]
    return out


def test_openpyxl_is_used_through_its_public_modules_only() -> None:
    seen = []
    for path in sorted(PACKAGE.glob("*.py")):
        for module, name in _openpyxl_imports(path):
            seen.append(module)
            private = [part for part in [*module.split("."), name] if part.startswith("_")]
            assert not private, f"{path.name} imports {module} {name}"
    assert "openpyxl" in seen  # the check looked at something


def test_modules_are_short() -> None:
    lengths = {p.name: len(p.read_text(encoding="utf-8").splitlines())
               for p in PACKAGE.glob("*.py")}
    assert lengths and max(lengths.values()) < 400, lengths


def test_a_file_name_where_a_list_or_a_path_is_expected_is_told_so(tmp_path: Path) -> None:
    """collect(plan, "a.xlsx") read every character as a file name; plan_key(plan) failed
    inside the library."""
    import pytest

    from helpers import KEY
    from yhdyspinta_docs._assets import example_plan_path
    from yhdyspinta_docs.errors import MatrixError
    from yhdyspinta_docs.plan import load_plan

    pf = load_plan(example_plan_path())
    for given in ("palautus.xlsx", tmp_path / "palautus.xlsx"):
        with pytest.raises(MatrixError) as info:
            matrix.collect(pf, given, key=KEY)  # type: ignore[arg-type]
        assert [(i.where, i.what) for i in info.value.issues] == [
            (str(given), f"give the returned files as a list, e.g. collect(plan, "
             f"[{str(given)!r}], key=…)")]
    with pytest.raises(MatrixError, match=r"plan_key\(\) takes the plan file's path, e\.g\. "
                       r"plan_key\('plan\.yaml'\), not a PlanFile"):
        matrix.plan_key(pf)  # type: ignore[arg-type]
