"""check-template also checks the document a Word template makes for what a screen reader
needs: a template restyled in LibreOffice, which drops every table's title, still works, and
is warned of (exit 0); the bundled templates make documents with nothing to warn of."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from yhdyspinta_docs._assets import default_template, example_plan_path
from yhdyspinta_docs.cli import main
from yhdyspinta_docs.word import KINDS, template_accessibility


def _without_table_titles(source: Path, target: Path) -> int:
    """`source` saved as `target` without its tables' titles, as LibreOffice saves it; the
    number of titles removed."""
    out = io.BytesIO()
    removed = 0
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                data, removed = re.subn(rb"<w:tblCaption\b[^>]*/>", b"", data)
            zout.writestr(info, data)
    target.write_bytes(out.getvalue())
    return removed


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "matrix"])
def test_the_bundled_templates_make_documents_with_nothing_to_warn_of(kind: str) -> None:
    assert template_accessibility(default_template(kind), kind) == []


def test_a_template_whose_tables_lost_their_titles_is_warned_of(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "suunnitelma.docx"
    assert _without_table_titles(default_template("plan"), template) >= 2
    found = template_accessibility(template)
    assert [i.where for i in found] == ["suunnitelma.docx (the document it makes): table 1",
                                        "suunnitelma.docx (the document it makes): table 2"]
    assert all("Alt Text → Title" in i.what for i in found)
    assert main(["check-template", str(template)]) == 0  # it works: a warning, not an error
    out, err = capsys.readouterr()
    assert out == f"{template}: ok (plan template)\n"
    assert err.count("Warning: suunnitelma.docx (the document it makes): table ") == 2


def test_a_matrix_template_is_left_to_check_accessibility() -> None:
    assert template_accessibility(default_template("matrix")) == []


def test_a_build_with_such_a_template_says_so(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """The region builds with its restyled template instead of checking it first: the build
    goes on (the template works) and warns, in build() and on the command line, as
    check-template would."""
    from helpers import KEY
    from yhdyspinta_docs._build import BuildOptions, build
    from yhdyspinta_docs.plan import load_plan

    template = tmp_path / "suunnitelma.docx"
    _without_table_titles(default_template("plan"), template)
    source = example_plan_path()
    pf = load_plan(source)
    result = build(pf, tmp_path / "out", BuildOptions(key=KEY, matrix=False,
                                                      templates={"plan": template}))
    tables = [w for w in result.warnings if "suunnitelma.docx (the document it makes): table"
              in w]
    assert len(tables) == 2 and all(w.endswith(
        f"check the plan template {template} (yhdyspinta-docs check-template)") for w in tables)
    assert not build(pf, tmp_path / "plain", BuildOptions(key=KEY, matrix=False)).warnings
    (tmp_path / "plan.yaml").write_bytes(source.read_bytes())
    (tmp_path / "plan.yaml.key").write_bytes(source.with_name("plan.yaml.key").read_bytes())
    code = main(["build", str(tmp_path / "plan.yaml"), "--template", f"plan={template}",
                 "--out", str(tmp_path / "cli")])
    err = capsys.readouterr().err
    assert code == 0, err
    assert err.count("Warning: suunnitelma.docx (the document it makes): table ") == 2
