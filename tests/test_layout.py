"""The package's modules stay small enough to read (none is over 400 lines), and the
repository's top level holds the project's folders only (no scratch file committed)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import yhdyspinta_docs

PACKAGE = Path(yhdyspinta_docs.__file__).parent
MOST_LINES = 400
ROOT = Path(__file__).resolve().parents[1]
TOP_LEVEL = {".ci", ".gitignore", "README.md", "benchmarks", "docs", "examples",
             "pyproject.toml", "src", "templates", "tests", "tools"}
"""What the repository's top level tracks (docs/development.md lists it)."""

def _line_counts() -> dict[str, int]:
    return {path.relative_to(PACKAGE).as_posix(): len(path.read_text("utf-8").splitlines())
            for path in sorted(PACKAGE.rglob("*.py"))}


def test_no_module_is_over_400_lines() -> None:
    counts = _line_counts()
    assert len(counts) > 20, f"found only {sorted(counts)} under {PACKAGE}"
    too_long = {name: n for name, n in counts.items() if n > MOST_LINES}
    assert not too_long, (f"modules over {MOST_LINES} lines: {too_long}; split each into "
                          "cohesive private modules")


def test_the_top_level_holds_the_projects_folders_only() -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.splitlines()
    assert len(tracked) > 100
    extra = sorted({name.split("/")[0] for name in tracked} - TOP_LEVEL)
    assert not extra, (f"files at the top level that the layout does not have: {extra}; "
                       "move them into a folder, or add them to TOP_LEVEL deliberately")
