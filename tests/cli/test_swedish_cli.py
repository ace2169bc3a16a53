"""The command line in Swedish: a Swedish-speaking region starts its plan with `init --lang
sv`; a Swedish matrix of a plan written in Finnish only is refused before anything is made,
as a build is (no key file is left behind)."""

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


def test_init_in_swedish_writes_the_swedish_template(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "osterbotten"
    assert main(["init", str(target), "--lang", "sv", "--region", "Österbotten"]) == 0
    out = capsys.readouterr().out
    plan = target / "plan.yaml"
    assert out.splitlines() == [f"wrote     {plan}", "next:     fill in every 'FYLL I: …', "
                                f"then run: yhdyspinta-docs validate {plan}"]
    text = plan.read_text("utf-8")
    assert text.startswith("# Planfil för en gränsytsplan (mall)\n")
    assert "\nkieli: sv\n" in text and '\nalue: "Österbotten"\n' in text
    assert main(["validate", str(plan)]) == 2
    err = capsys.readouterr().err
    assert "placeholder(s) to fill in; replace each 'FYLL I: …' with the real value" in err
    assert "TÄYTÄ" not in err
