from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.plan._loader import load_plan
from yhdyspinta_docs.plan._model import PlanFile

# -- hypothesis: "dev" (the default) keeps `python -m pytest` quick; "ci", fixed and
#    derandomised with many examples, is for the slow run:
#    HYPOTHESIS_PROFILE=ci python -m pytest -m slow --------------------------------------------
settings.register_profile(
    "ci", max_examples=300, derandomize=True, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("dev", max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

EXAMPLE = example_plan_path()

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _own_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs in its own empty directory: files a command writes next to the current
    directory (the bundled example's key file, a default ``out/``) never land in the checkout."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def example_source() -> str:
    return EXAMPLE.read_text("utf-8")


@pytest.fixture(scope="session")
def example_plan() -> PlanFile:
    return load_plan(EXAMPLE)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip LibreOffice tests where soffice is absent, except in CI, where that is a failure."""
    if shutil.which("soffice"):
        return
    if os.environ.get("CI"):
        return  # the tests themselves fail loudly: CI must have LibreOffice
    skip = pytest.mark.skip(reason="LibreOffice (soffice) is not installed")
    for item in items:
        if "libreoffice" in item.keywords:
            item.add_marker(skip)
