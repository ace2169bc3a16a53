"""``yhdyspinta-docs decisions``: the table, the counts and names, the files and manifest."""

from __future__ import annotations

import json
import re
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


def test_rejections_are_named_before_amended_approvals(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from yhdyspinta_docs._assets import example_plan_path

    source = example_plan_path().read_text("utf-8")
    plan = tmp_path / "plan.yaml"
    first = source.index("\n    - ", source.index("\npaatokset:"))
    plan.write_text(source[:first] + "\n    - {osapuoli: hankasalmi, toimielin: hallitus, "
                    "paivamaara: 2026-03-10, pykala: 44, tulos: hylatty}" + source[first:],
                    "utf-8")
    code, out, err = _run(["decisions", str(plan)], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[1] == "Suunnitelmaa ei ole hyväksytty kaikissa osapuolissa."
    assert lines[27] == ("Hylänneet: Hankasalmen kunta (Kunnanhallitus 10.3.2026 §\u00a044) "
                         "hylkäsi suunnitelman.")
    assert lines[28].startswith("Muutettuna hyväksyneet: Keski-Suomen liitto")


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


def test_public_without_extracts_writes_the_summarys_web_version(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The summary goes on the web with the county board's agenda: ``--public`` alone makes
    its web version (.docx, .xlsx) under julkinen/, listed in the manifest, without the
    marked name its Käsittely note quotes (inflected, as minutes write it) and without a
    removal day (it is not minutes); the summary for the board stays as it was."""
    from docx_text import all_text
    from yhdyspinta_docs._assets import example_plan_path

    member = "      - {nimi: Matti Mäkinen, nimike: kunnanjohtaja, osapuoli: hankasalmi}\n"
    note = "Ehdotusta kannatettiin."
    source = example_plan_path().read_text("utf-8")
    assert source.count(member) == 1 and source.count(note) == 1
    plan = tmp_path / "plan.yaml"
    plan.write_text(source.replace(member, member[:-2] + ", henkilotieto: true}\n")
                    .replace(note, "Matti Mäkisen ehdotusta kannatettiin."), "utf-8")
    code, out, err = _run(["decisions", str(plan), "--out", "h", "--public"], capsys)
    assert code == 0, err
    assert "approvals h/julkinen/hyvaksyminen_fi.docx" in out.splitlines()
    # the person publishing the summary is told what it leaves out, as by build --public
    assert any(line.startswith(f"Warning: {plan}:") and "paatokset.kirjatut[" in line
               and "the text contains 'Matti Mäkisen'" in line for line in err.splitlines()), err
    manifest = json.loads((tmp_path / "h" / "manifest.json").read_text("utf-8"))
    by_path = {f["path"]: f for f in manifest["files"]}
    assert sorted(p for p in by_path if p.startswith("julkinen/")) == [
        "julkinen/hyvaksyminen_fi.docx", "julkinen/hyvaksyminen_fi.xlsx"]
    for suffix in ("docx", "xlsx"):
        web, full = by_path[f"julkinen/hyvaksyminen_fi.{suffix}"], \
            by_path[f"hyvaksyminen_fi.{suffix}"]
        assert (web["kind"], web["party"], web["title"]) == (full["kind"], full["party"],
                                                             full["title"])
        assert not web.get("extra")  # no removal day
    assert not any(f["kind"] == "extract" for f in manifest["files"])
    web_text = all_text((tmp_path / "h" / "julkinen" / "hyvaksyminen_fi.docx").read_bytes())
    full_text = all_text((tmp_path / "h" / "hyvaksyminen_fi.docx").read_bytes())
    assert "Matti Mäkisen ehdotusta kannatettiin." in full_text
    assert "Mäki" not in web_text
    assert web_text == full_text.replace("Matti Mäkisen", "(henkilötieto poistettu)")
    assert "Keski-Suomen liitto (Maakuntahallitus 2.3.2026 §\u00a025)" in web_text
    code, _, err = _run(["decisions", str(plan), "--out", "board"], capsys)
    assert code == 0, err
    assert "Matti Mäkisen" not in err  # nothing for the web, nothing left out
    board = json.loads((tmp_path / "board" / "manifest.json").read_text("utf-8"))
    assert {f["path"]: f["sha256"] for f in board["files"]} == {
        p: f["sha256"] for p, f in by_path.items() if not p.startswith("julkinen/")}


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
    assert (f"plan.yaml:{line} paatokset.kirjatut[2].tulos: the text 'poydattu' is not "
            "allowed") in err


# slow run: LibreOffice converts 13 documents; PDF conversion itself is tested in the quick run
@pytest.mark.slow
@pytest.mark.libreoffice
def test_pdf_of_every_document_keeps_the_removal_day(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["decisions", "--out", "h", "--extracts", "--public", "--pdf"], capsys)
    assert code == 0, err
    manifest = json.loads((tmp_path / "h" / "manifest.json").read_text("utf-8"))
    by_path = {f["path"]: f for f in manifest["files"]}
    docx = [p for p in by_path if p.endswith(".docx")]
    assert len(docx) == 14  # the summary, 6 extracts, and the web version of each
    for path in docx:
        pdf = path.removesuffix(".docx") + ".pdf"
        assert (tmp_path / "h" / pdf).read_bytes().startswith(b"%PDF"), pdf
        assert by_path[pdf].get("extra") == by_path[path].get("extra")
    web = by_path["julkinen/poytakirjanote_jyvaskyla_hallitus_2026-03-09_110_fi.pdf"]
    assert web["extra"] == {"remove_after": "2026-04-02"}
    assert not by_path["julkinen/hyvaksyminen_fi.pdf"].get("extra")


def test_pdfa_without_pikepdf_is_refused_before_any_work(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pikepdf", None)  # import pikepdf raises ImportError
    code, out, err = _run(["decisions", "--out", "h", "--extracts", "--pdfa"], capsys)
    assert code == 7 and out == ""
    assert "PDF/A needs pikepdf" in err and "pip install 'yhdyspinta-docs[pdf]'" in err
    assert list(tmp_path.iterdir()) == []
    code, _, err = _run(["decisions", "--pdfa"], capsys)
    assert code == 2 and "--pdfa writes files: give --out DIR" in err


# slow run: LibreOffice converts 7 documents as PDF/A
@pytest.mark.slow
@pytest.mark.libreoffice
def test_pdfa_of_every_document_is_archival_and_listed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import hashlib

    pikepdf = pytest.importorskip("pikepdf")
    code, _, err = _run(["decisions", "--out", "h", "--extracts", "--pdfa"], capsys)
    assert code == 0, err
    manifest = json.loads((tmp_path / "h" / "manifest.json").read_text("utf-8"))
    by_path = {f["path"]: f for f in manifest["files"]}
    docx = [p for p in by_path if p.endswith(".docx")]
    assert len(docx) == 7  # the summary and 6 extracts
    for path in docx:
        pdf = tmp_path / "h" / (path.removesuffix(".docx") + ".pdf")
        assert hashlib.sha256(pdf.read_bytes()).hexdigest() == by_path[
            pdf.relative_to(tmp_path / "h").as_posix()]["sha256"]
        with pikepdf.open(pdf) as document:
            meta = document.open_metadata()
            assert (meta["pdfaid:part"], meta["pdfaid:conformance"], meta["pdfuaid:part"]) == (
                "2", "B", "1"), path
            assert "/OutputIntents" in document.Root and "/StructTreeRoot" in document.Root


# -- a region's own templates for the summary and the extracts ---------------------------------

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _restyled(kind: str, path: Path) -> Path:
    """The bundled template of `kind` with its Normal style in Georgia 12 pt (python-docx)."""
    from docx import Document
    from docx.shared import Pt

    document = Document(str(TEMPLATES / f"{kind}.docx"))
    normal = document.styles["Normal"]
    normal.font.name = "Georgia"  # type: ignore[union-attr]
    normal.font.size = Pt(12)  # type: ignore[union-attr]
    document.save(str(path))
    return path


def _edited(kind: str, path: Path, old: str, new: str, part: str = "word/document.xml") -> Path:
    """The bundled template of `kind` with `old` replaced by `new` in `part`."""
    import zipfile

    with zipfile.ZipFile(TEMPLATES / f"{kind}.docx") as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == part:
                text = data.decode("utf-8")
                assert old in text
                data = text.replace(old, new.replace("'", "&apos;"), 1).encode("utf-8")
            dst.writestr(info, data)
    return path


def _styles(docx: Path) -> str:
    import zipfile

    with zipfile.ZipFile(docx) as package:
        return package.read("word/styles.xml").decode("utf-8")


def test_own_restyled_templates_render(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    from docx_text import all_text

    summary = _restyled("approvals", tmp_path / "oma-yhteenveto.docx")
    extract = _restyled("extract", tmp_path / "oma-ote.docx")
    code, _, err = _run(["decisions", "--out", "own", "--extracts", "--template",
                         f"approvals={summary}", "--template", f"extract={extract}"], capsys)
    assert code == 0, err
    code, _, err = _run(["decisions", "--out", "bundled", "--extracts"], capsys)
    assert code == 0, err
    note = "poytakirjanote_hyvinvointialue_aluehallitus_2026-03-09_70_fi.docx"
    for name in ("hyvaksyminen_fi.docx", note):
        own, bundled = tmp_path / "own" / name, tmp_path / "bundled" / name
        assert 'w:ascii="Georgia"' in _styles(own)
        assert "Georgia" not in _styles(bundled)
        assert all_text(own.read_bytes()) == all_text(bundled.read_bytes())  # same content
    assert "Oikaisuvaatimusohje" in all_text((tmp_path / "own" / note).read_bytes())


@pytest.mark.parametrize(("kind", "old", "new", "hint"), [
    ("approvals", "{{ r.party }}", "{{ r.partty }}", "did you mean 'r.party'?"),
    ("approvals", "{{ words.amended }}", "{{ words.ammended }}",
     "did you mean 'words.amended'?"),
    ("extract", "{{ appeal_heading }}", "{{ apeal_heading }}",
     "did you mean 'appeal_heading'?"),
])
def test_unknown_variable_in_an_own_template_is_refused(
        kind: str, old: str, new: str, hint: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    bad = _edited(kind, tmp_path / "pohja.docx", old, new)
    code, out, err = _run(["check-template", str(bad), "--kind", kind], capsys)
    assert code == 3 and "Traceback" not in err
    # located as Word shows it: a paragraph or a table cell, with its text
    assert re.search(r"pohja\.docx: (paragraph \d+|table \d+, row \d+, column \d+) \(\"",
                     err) and hint in err, err
    flags = ["--extracts"] if kind == "extract" else []
    code, out, err = _run(["decisions", "--out", "h", *flags, "--template", f"{kind}={bad}"],
                          capsys)
    assert code == 3 and hint in err and f"template pohja.docx ({kind})" in err, err
    assert "nothing was written" in err
    assert out == ""  # refused before the status table is printed
    assert not (tmp_path / "h").exists()


def test_kind_of_an_own_template_is_inferred_from_its_title() -> None:
    from yhdyspinta_docs.word import infer_kind

    assert infer_kind(TEMPLATES / "approvals.docx") == "approvals"
    assert infer_kind(TEMPLATES / "extract.docx") == "extract"
    assert infer_kind(Path("Pöytäkirjanote.docx")) == "extract"


def test_a_hostile_own_template_is_refused(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    marker = tmp_path / "marker"
    payload = f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"
    evil = _edited("extract", tmp_path / "evil.docx", "{{ title }}", "{{ title }} " + payload)
    code, _, err = _run(["check-template", str(evil), "--kind", "extract"], capsys)
    assert code == 3 and 'evil.docx: paragraph 6 ("' in err, err
    assert "unsafe attribute '__" in err
    code, _, err = _run(["decisions", "--out", "h", "--extracts", "--template",
                         f"extract={evil}"], capsys)
    assert code == 3 and "Traceback" not in err
    assert "template evil.docx (extract) cannot be used" in err, err
    assert "unsafe attribute '__" in err
    assert not marker.exists()
    assert not (tmp_path / "h").exists()


def test_own_templates_belong_to_their_command(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["decisions", "--out", "h", "--template",
                         f"decision={TEMPLATES / 'decision.docx'}"], capsys)
    assert code == 3
    assert "unknown document kind 'decision'; 'decision' is a template of the 'build' " \
           "command; use one of approvals, extract" in err
    code, _, err = _run(["build", "--out", "b", "--template",
                         f"extract={TEMPLATES / 'extract.docx'}"], capsys)
    assert code == 3
    assert "'extract' is a template of the 'decisions' command" in err
    code, _, err = _run(["decisions", "--template", f"extract={TEMPLATES / 'extract.docx'}"],
                        capsys)
    assert code == 2 and "give --out DIR" in err


def test_table_in_the_language_asked_for(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    data = Path(__file__).resolve().parents[1] / "data" / "pohjanmaa_decisions.yaml"
    plan = tmp_path / "plan.yaml"
    plan.write_text((TEMPLATES.parent / "examples" / "pohjanmaa" / "plan.yaml").read_text("utf-8")
                    + "\n" + data.read_text("utf-8"), "utf-8")
    code, out, err = _run(["decisions", str(plan), "--lang", "sv"], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("Planen ska godkännas av 16 parter. Läget 15.4.2026:")
    assert lines[2].split() == ["Part", "Organ", "Planerat", "Status", "Beslut"]
    county = next(line for line in lines if line.startswith("Österbottens välfärdsområde"))
    # the longest body name keeps its column: the next one starts after it
    assert "Välfärdsområdesstyrelsen  23.3.2026  Godkänd" in county
    assert lines[2].index("Planerat") == county.index("23.3.2026")


def test_summary_docx_and_xlsx_name_the_same_bodies(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A party whose meeting is planned but not yet held: the .docx and the .xlsx summary both
    name the body that will decide (the .xlsx left the cell empty)."""
    from docx import Document
    from openpyxl import load_workbook

    from yhdyspinta_docs._assets import example_plan_path

    source = example_plan_path("keski-suomi").read_text("utf-8")
    planned = ("    toimielimet: &kunta\n"
               "      - {tunnus: valtuusto, nimi: Kunnanvaltuusto, tyyppi: valtuusto}\n"
               "      - {tunnus: hallitus, nimi: Kunnanhallitus, tyyppi: hallitus}\n")
    assert planned in source
    plan = tmp_path / "plan.yaml"
    plan.write_text(source.replace(planned, planned + "    kasittely:\n"
                                   "      toimielin: valtuusto\n"
                                   "      kokouspaiva: 2026-03-30\n"
                                   "      tila: luonnos\n", 1), "utf-8")
    code, _, err = _run(["decisions", str(plan), "--out", "h"], capsys)
    assert code == 0, err
    table = Document(str(tmp_path / "h" / "hyvaksyminen_fi.docx")).tables[0]
    in_docx = {row.cells[0].text: row.cells[1].text for row in table.rows[1:]}
    sheet = load_workbook(tmp_path / "h" / "hyvaksyminen_fi.xlsx")["Hyväksyminen"]
    in_xlsx = {str(r[0]): r[2] or "–" for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert in_docx["Hankasalmen kunta"] == "Kunnanvaltuusto"
    assert in_xlsx["Hankasalmen kunta"] == "Kunnanvaltuusto"
    assert in_xlsx == in_docx
    assert in_docx["Kannonkosken kunta"] == "–"  # no meeting planned, no decision
