"""Shared by several test modules: loading a module from a file (test data, tools)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def load_module(name: str, path: Path) -> ModuleType:
    """Import the Python file `path` as module `name` (tests/data and tools are no packages)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def decision_context_data() -> ModuleType:
    """tests/data/decision_context.py: a sample decision context and its variants."""
    return sys.modules.get("decision_context_data") or load_module(
        "decision_context_data", ROOT / "tests" / "data" / "decision_context.py")


KEY = bytes(range(32))
"""The plan key the tests sign follow-up matrices with (a real key is random, see signing.py)."""
