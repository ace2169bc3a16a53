"""yhdyspinta-docs: board documents and follow-up matrices for Finnish cooperation plans.

Usage::

    import yhdyspinta_docs as yd

    plan = yd.load_plan("plan.yaml")            # validated model; errors name file and line
    key = yd.plan_key("plan.yaml")              # the plan's key (plan.yaml.key), signs matrices
    result = yd.build(plan, "out", yd.BuildOptions(key=key))  # proposals, plan, matrix, manifest

Names are imported lazily, so ``import yhdyspinta_docs`` and the command line start fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    "BuildOptions": "_build",
    "BuildResult": "_build",
    "ConversionError": "errors",
    "MatrixError": "errors",
    "MergeConflictError": "errors",
    "OutputError": "errors",
    "PlanError": "errors",
    "PlanFile": "plan._model",
    "TemplateError": "errors",
    "YhdyspintaError": "errors",
    "build": "_build",
    "decision_context": "contexts._decision",
    "load_plan": "plan._loader",
    "parse_plan": "plan._loader",
    "plan_key": "matrix._signing",
    "sanitize_text": "_sanitize",
}

__all__ = [
    "BuildOptions",
    "BuildResult",
    "ConversionError",
    "MatrixError",
    "MergeConflictError",
    "OutputError",
    "PlanError",
    "PlanFile",
    "TemplateError",
    "YhdyspintaError",
    "__version__",
    "build",
    "decision_context",
    "load_plan",
    "parse_plan",
    "plan_key",
    "sanitize_text",
]

if TYPE_CHECKING:
    from ._build import BuildOptions, BuildResult, build
    from ._sanitize import sanitize_text
    from .contexts._decision import decision_context
    from .errors import (
        ConversionError,
        MatrixError,
        MergeConflictError,
        OutputError,
        PlanError,
        TemplateError,
        YhdyspintaError,
    )
    from .matrix._signing import plan_key
    from .plan._loader import load_plan, parse_plan
    from .plan._model import PlanFile


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'yhdyspinta_docs' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
