"""The public surface is pinned: the names of the package and of its documented subpackages.

A name added to or removed from an ``__all__`` must be added here too, on purpose.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

import yhdyspinta_docs as yd

PUBLIC: dict[str, list[str]] = {
    "yhdyspinta_docs": [
        "BuildOptions",
        "BuildResult",
        "ConversionError",
        "Issue",
        "MatrixError",
        "MergeConflictError",
        "OutputError",
        "PlanError",
        "PlanFile",
        "TemplateError",
        "YhdyspintaError",
        "__version__",
        "build",
        "check_template",
        "decision_context",
        "load_plan",
        "make_documents",
        "parse_plan",
        "plan_key",
        "sanitize_text",
        "write_report",
    ],
    "yhdyspinta_docs.plan": [
        "ALL_PARTIES",
        "Agreement",
        "AgreementChapter",
        "AppealKind",
        "Approval",
        "Attachment",
        "Body",
        "BodyKind",
        "DecisionItem",
        "Event",
        "Handling",
        "HandlingStatus",
        "Insert",
        "Lang",
        "Measure",
        "Member",
        "Misspelling",
        "Party",
        "PartyKind",
        "Person",
        "Plan",
        "PlanFile",
        "PlanPeriod",
        "Preparation",
        "PreviousAgreement",
        "ProofreadReport",
        "Section",
        "Text",
        "handling_gaps",
        "init_region",
        "line_map",
        "load_plan",
        "missing_translations",
        "parse_plan",
        "personal_data_warnings",
        "plan_schema",
        "proofread",
        "proofread_report",
        "readiness",
        "voikko_available",
    ],
    "yhdyspinta_docs.approvals": [
        "ApprovalState",
        "ApprovalStatus",
        "DecisionOutcome",
        "DecisionRecord",
        "Decisions",
        "PartyApproval",
        "approval_documents",
        "approval_status",
        "approval_summary_context",
        "minutes_context",
        "removal_date",
        "write_decisions",
    ],
    "yhdyspinta_docs.contexts": [
        "Block",
        "Chapter",
        "DecisionContext",
        "ExplanationSection",
        "Labels",
        "LinesBlock",
        "ListBlock",
        "Localizer",
        "ParagraphBlock",
        "PlanAgreement",
        "PlanContext",
        "PlanEvent",
        "PlanMeasure",
        "ReportContext",
        "ReportMeasure",
        "ReportRow",
        "ReportWords",
        "TableRow",
        "decision_context",
        "decision_contexts",
        "decision_open_data",
        "format_date",
        "format_section",
        "labels",
        "plan_context",
        "report_context",
        "report_decision_context",
    ],
}


@pytest.mark.parametrize("package", sorted(PUBLIC))
def test_all_is_the_pinned_sorted_list(package: str) -> None:
    module = importlib.import_module(package)
    assert module.__all__ == PUBLIC[package]
    assert PUBLIC[package] == sorted(PUBLIC[package])


@pytest.mark.parametrize("package", sorted(PUBLIC))
def test_every_exported_name_is_importable_and_no_module(package: str) -> None:
    module = importlib.import_module(package)
    for name in module.__all__:
        value = getattr(module, name)
        assert not isinstance(value, types.ModuleType), f"{package}.{name} is a module"
        exec(f"from {package} import {name}", {})
    assert set(dir(module)) >= set(module.__all__)
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        _ = module.nothing_here


def test_build_is_the_function_and_build_options_the_class() -> None:
    assert inspect.isfunction(yd.build) and yd.build.__name__ == "build"
    assert inspect.isclass(yd.BuildOptions) and yd.BuildOptions.__name__ == "BuildOptions"
    assert inspect.signature(yd.build).parameters.keys() >= {"pf", "outdir", "options"}


def test_no_module_shadows_a_public_name_after_every_module_is_imported() -> None:
    """Importing any module of the package (as docs/api.md's examples do) leaves every
    public name the function or class it was, e.g. ``yd.build`` after ``from
    yhdyspinta_docs._build import BuildOptions``."""
    before = {(package, name): getattr(importlib.import_module(package), name)
              for package, names in PUBLIC.items() for name in names}
    for info in pkgutil.walk_packages(yd.__path__, "yhdyspinta_docs."):
        if info.name != "yhdyspinta_docs.__main__":
            importlib.import_module(info.name)
    for (package, name), value in before.items():
        assert getattr(importlib.import_module(package), name) is value, f"{package}.{name}"


def test_readme_example_works_after_importing_build_options_from_its_module(
        tmp_path: Path) -> None:
    """In a fresh interpreter, the order of the old bug: the module import first."""
    code = ("import yhdyspinta_docs as yd\n"
            "from yhdyspinta_docs._build import BuildOptions\n"
            "import yhdyspinta_docs._build\n"
            "plan = yd.load_plan(__import__('yhdyspinta_docs._assets', fromlist=['x'])"
            ".example_plan_path())\n"
            f"result = yd.build(plan, {str(tmp_path)!r}, BuildOptions(matrix=False, "
            "plan_document=False, for_each_party=False))\n"
            "print(sorted({e.kind for e in result.entries}))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "'decision'" in proc.stdout


def test_version_comes_from_the_package_metadata() -> None:
    from importlib.metadata import version

    assert yd.__version__ == version("yhdyspinta-docs")


@pytest.mark.slow  # mypy from a cold cache: about 12 s
def test_a_users_script_type_checks_and_its_mistakes_are_found(tmp_path: Path) -> None:
    """mypy --strict on a script that uses the documented API: template files as text pass,
    and the mistakes above are type errors (each ``type: ignore`` must be needed)."""
    script = tmp_path / "oma.py"
    script.write_text("""\
import datetime as dt
from pathlib import Path

import yhdyspinta_docs as yd
from yhdyspinta_docs.contexts import DecisionContext
from yhdyspinta_docs.matrix import CollectResult, collect


def run() -> None:
    plan = yd.load_plan("plan.yaml")
    key = yd.plan_key("plan.yaml")
    options = yd.BuildOptions(key=key, languages=["fi"], templates={
        "decision": "templates/decision.docx", "plan": Path("templates/plan.docx")})
    issues: list[yd.Issue] = yd.check_template("templates/decision.docx")
    result: yd.BuildResult = yd.build(plan, "out", options)
    ctx: DecisionContext = yd.decision_context(plan, lang="fi", allow_drafts=True)
    merged: CollectResult = collect(plan, ["a.xlsx"], key=key, date=dt.date(2026, 10, 1))
    report: yd.BuildResult = yd.write_report(plan, merged.data, "raportti",
                                             meeting_date=dt.date(2026, 11, 2), section=12)
    print(issues, result.entries[0].sha256, ctx["title"], report.manifest)
    yd.build("plan.yaml", "out", options)  # type: ignore[arg-type]
    yd.plan_key(plan)  # type: ignore[arg-type]
    yd.BuildOptions(key=key.hex())  # type: ignore[arg-type]
    yd.BuildOptions(languages=["en"])  # type: ignore[list-item]
""", "utf-8")
    proc = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir",
                           str(tmp_path / "cache"), str(script)],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
