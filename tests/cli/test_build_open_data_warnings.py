"""A build always writes the open data, which is made from the public version: what that
version leaves out is told whether or not --public is given, so the preparer who hands
avoin-data/ to the web team knows what the texts there lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from yhdyspinta_docs.cli import main

REPO = Path(__file__).resolve().parents[2]
KESKI_SUOMI = REPO / "examples" / "keski-suomi" / "plan.yaml"
TEXT = "          Keski-Suomen kunnilla, Keski-Suomen liitolla"


@pytest.mark.parametrize("public", [False, True], ids=["open-data-only", "public"])
def test_build_tells_what_the_open_data_leaves_out(tmp_path: Path, public: bool,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    source = KESKI_SUOMI.read_text("utf-8")
    assert source.count(TEXT) == 1
    plan = tmp_path / "plan.yaml"
    plan.write_text(source.replace(TEXT, "          Asiakas 010190-123A.\n\n" + TEXT), "utf-8")
    args = ["build", str(plan), "--out", str(tmp_path / "out"), *(["--public"] * public)]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "the text contains '010190-123A', a Finnish personal identity code" in err
    data = (tmp_path / "out" / "avoin-data" / "paatosehdotus_hyvinvointialue_fi.json").read_text(
        "utf-8")
    assert "010190-123A" not in data and "(henkilötieto poistettu)" in data
