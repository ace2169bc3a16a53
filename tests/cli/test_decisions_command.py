"""``yhdyspinta-docs decisions``: the table, the counts and names, the files and manifest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from yhdyspinta_docs.cli import main


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_table_counts_and_names(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["decisions"], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == ("Suunnitelman hyväksyy 24 osapuolta. Tilanne 20.3.2026: hyväksynyt 4, "
                        "hylännyt 0, odottaa 20, joista myöhässä 1.")
    assert lines[1] == "Suunnitelmaa ei ole vielä hyväksytty kaikissa osapuolissa."
    assert lines[2].split() == ["Osapuoli", "Toimielin", "Suunniteltu", "Tila", "Päätös"]
    rows = {line.split("  ")[0]: line for line in lines[3:27]}
    assert len(rows) == 24
    assert "Myöhässä" in rows["Joutsan kunta"] and "pantu pöydälle" in rows["Joutsan kunta"]
    assert "Hyväksytty" in rows["Keski-Suomen liitto"]
    assert "Odottaa" in rows["Jyväskylän kaupunki"]
    assert sum("Hyväksytty" in row for row in rows.values()) == 4
    assert lines[27].startswith("Muutettuna hyväksyneet: Keski-Suomen liitto (Maakuntahallitus")


def test_as_of_moves_the_overdue_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["decisions", "--as-of", "2026-04-01"], capsys)
    assert code == 0
    assert "odottaa 20, joista myöhässä 20." in out.splitlines()[0]


def test_out_writes_summary_extracts_and_manifest(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["decisions", "--out", "h", "--extracts", "--public"], capsys)
    assert code == 0, err
    manifest = json.loads((tmp_path / "h" / "manifest.json").read_text("utf-8"))
    by_path = {f["path"]: f for f in manifest["files"]}
    assert by_path["hyvaksyminen_fi.docx"]["kind"] == "approvals"
    assert by_path["hyvaksyminen_fi.xlsx"]["kind"] == "approvals"
    web = by_path["julkinen/poytakirjanote_jyvaskyla_hallitus_2026-03-09_110_fi.docx"]
    assert web["extra"] == {"remove_after": "2026-04-02"}
    assert all((tmp_path / "h" / p).is_file() for p in by_path)
    assert sum(f["kind"] == "extract" for f in manifest["files"]) == 12


def test_extracts_without_out_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["decisions", "--extracts"], capsys)
    assert code == 2 and "give --out DIR" in err and "Traceback" not in err


def test_a_mistake_in_paatokset_is_one_line_with_file_and_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from yhdyspinta_docs._assets import example_plan_path

    text = example_plan_path().read_text("utf-8").replace("tulos: poydatty", "tulos: poydattu")
    (tmp_path / "plan.yaml").write_text(text, "utf-8")
    code, _, err = _run(["decisions", "plan.yaml"], capsys)
    line = text[:text.index("poydattu")].count("\n") + 1
    assert code != 0 and "Traceback" not in err
    assert f"plan.yaml:{line} paatokset.kirjatut[2].tulos: 'poydattu' is not allowed" in err


@pytest.mark.libreoffice
def test_pdf_of_every_document_keeps_the_removal_day(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["decisions", "--out", "h", "--extracts", "--public", "--pdf"], capsys)
    assert code == 0, err
    manifest = json.loads((tmp_path / "h" / "manifest.json").read_text("utf-8"))
    by_path = {f["path"]: f for f in manifest["files"]}
    docx = [p for p in by_path if p.endswith(".docx")]
    assert len(docx) == 13
    for path in docx:
        pdf = path.removesuffix(".docx") + ".pdf"
        assert (tmp_path / "h" / pdf).read_bytes().startswith(b"%PDF"), pdf
        assert by_path[pdf].get("extra") == by_path[path].get("extra")
    web = by_path["julkinen/poytakirjanote_jyvaskyla_hallitus_2026-03-09_110_fi.pdf"]
    assert web["extra"] == {"remove_after": "2026-04-02"}
