"""The command line for a Swedish matrix of a plan written in Finnish only: refused before
anything is made, as a build is (no key file is left behind)."""

from __future__ import annotations

from pathlib import Path

import pytest

from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.cli import main


@pytest.mark.parametrize("args", [
    ["--lang", "sv", "--out", "m.xlsx"],
    ["--lang", "fi", "--lang", "sv", "--out", "m.xlsx"],
    ["--for-each-party", "--lang", "sv", "--out", "matriisit"],
])
def test_a_matrix_refused_for_missing_translations_makes_no_key(
        args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(example_plan_path().read_bytes())
    assert main(["matrix", str(plan), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"Error: {plan}: texts missing (")
    assert f"{plan}:14 alue: no 'sv' text" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]
