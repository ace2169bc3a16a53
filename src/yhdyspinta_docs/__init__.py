"""yhdyspinta-docs: board documents and follow-up matrices for Finnish cooperation plans.

Usage::

    import yhdyspinta_docs as yd

    plan = yd.load_plan("plan.yaml")            # validated model; errors name file and line
    key = yd.plan_key("plan.yaml")              # the plan's key (plan.yaml.key), signs matrices
    result = yd.build(plan, "out", yd.BuildOptions(key=key))  # proposals, plan, matrix, manifest
    files = yd.make_documents(plan, yd.BuildOptions(key=key))  # the same, in memory

The stages have their own public names: :mod:`yhdyspinta_docs.plan` (the plan file as a
model) and :mod:`yhdyspinta_docs.contexts` (what the templates show); docs/api.md lists them.
:func:`write_report` makes the follow-up report, :func:`check_template` checks a region's
own template, as the commands ``report`` and ``check-template`` do.
Names are imported lazily, so ``import yhdyspinta_docs`` and the command line start fast.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

from ._lazy import lazy_exports

try:
    __version__ = version("yhdyspinta-docs")
except PackageNotFoundError:  # a source checkout that was never installed
    __version__ = "0+unknown"

_EXPORTS: dict[str, str] = {
    "BuildOptions": "_build",
    "BuildResult": "_build",
    "ConversionError": "errors",
    "Issue": "errors",
    "MatrixError": "errors",
    "MergeConflictError": "errors",
    "OutputError": "errors",
    "PlanError": "errors",
    "PlanFile": "plan",
    "TemplateError": "errors",
    "YhdyspintaError": "errors",
    "build": "_build",
    "check_template": "word._check",
    "decision_context": "contexts",
    "load_plan": "plan",
    "make_documents": "_build",
    "parse_plan": "plan",
    "plan_key": "matrix._signing",
    "sanitize_text": "_sanitize",
    "write_report": "_documents",
}

__all__ = [
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
]

if TYPE_CHECKING:
    from ._build import BuildOptions, BuildResult, build, make_documents
    from ._documents import write_report
    from ._sanitize import sanitize_text
    from .contexts import decision_context
    from .errors import (
        ConversionError,
        Issue,
        MatrixError,
        MergeConflictError,
        OutputError,
        PlanError,
        TemplateError,
        YhdyspintaError,
    )
    from .matrix._signing import plan_key
    from .plan import PlanFile, load_plan, parse_plan
    from .word._check import check_template

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
