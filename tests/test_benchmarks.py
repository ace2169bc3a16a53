"""The benchmark script still works (not its timings), and the command line starts light.

``benchmarks/bench.py --quick`` runs every section with tiny sizes; it exits non-zero when an
operation fails or gives a wrong result. The start-up tests (section e of the benchmark, as
assertions) check that ``--help`` and ``import yhdyspinta_docs`` import none of the document
libraries, which take most of the start-up time.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks" / "bench.py"
HEAVY = {"docx", "docxtpl", "openpyxl", "lxml"}


def _imported(code: str) -> set[str]:
    """Top-level names of the modules `code` imports, from ``python -X importtime``."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", code],
                          capture_output=True, text=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    names = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                names.add(name.split(".")[0])
    assert "click" in names or "yhdyspinta_docs" in names  # the output was understood
    return names


def test_help_imports_no_document_library() -> None:
    code = "import sys; from yhdyspinta_docs.cli import main; sys.exit(main(['--help']))"
    assert not HEAVY & _imported(code)


def test_import_of_the_package_is_light() -> None:
    assert not HEAVY & _imported("import yhdyspinta_docs")


def test_build_and_output_import_the_libraries_only_when_used() -> None:
    names = _imported("import yhdyspinta_docs._build, yhdyspinta_docs.output")
    assert not HEAVY & names


@pytest.mark.slow  # about a minute: builds, batches and collects at tiny sizes, in children
def test_quick_benchmark_runs_every_section(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    proc = subprocess.run([sys.executable, str(BENCH), "--quick", "--json", str(out)],
                          capture_output=True, text=True, check=False, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    rows = [line for line in proc.stdout.splitlines() if re.match(r"^[a-fv] ", line)]
    for section in "abcdefv":
        lines = [line for line in rows if line.startswith(f"{section} ")]
        assert lines, f"section {section} printed nothing:\n{proc.stdout}"
        for line in lines:  # ours, plain, then the ratio
            assert re.search(r"\s\d+\.\d\d\s", line), f"no ratio in: {line}"
    results = json.loads(out.read_text("utf-8"))
    assert results["quick"] is True
    assert {r["section"] for r in results["rows"]} == set("abcdefv")
    assert all(r["ratio"] is not None and r["ratio"] > 0 for r in results["rows"])
    assert results["machine"]["nproc"] >= 1
    start_up = [r for r in results["rows"] if r["section"] == "e"]
    assert all(r["ok"] for r in start_up), start_up
