"""Generated documentation cannot drift from the code it describes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("tool", ["make_plan_docs.py"])
def test_generated_docs_are_up_to_date(tool: str) -> None:
    proc = subprocess.run([sys.executable, str(REPO / "tools" / tool), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_plan_file_doc_lists_every_key() -> None:
    from yhdyspinta_docs.plan._schema import plan_schema

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
