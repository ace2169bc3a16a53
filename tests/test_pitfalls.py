"""Known traps of the libraries under this project, each with a test that shows it is avoided.

Traps of docxtpl and Jinja: an ``&`` in a title escaped twice in the core properties; a template
variable silently empty when missing; a large plan too slow to build; two builds a few seconds
apart differing in zip timestamps or in openpyxl's "modified" stamp.

Traps of python-docx: its default parts and properties (thumbnail, custom XML, author
"python-docx") left in the output; the language written on every run instead of once in the
document defaults; page fields that make Word ask to update them; styles, list numbering or
table grids referred to but not defined.

Traps of openpyxl: template features it drops on load and save; tables that Excel repairs
(duplicate names, headers not text, merged cells inside); inline dropdown lists over 255
characters, and values typed over a dropdown; text longer than a cell cut silently; XML
entities in a returned file; an untested openpyxl release.

Traps of LibreOffice: exit code 0 without a PDF; two conversions sharing a user profile;
fonts that are not embedded or not metric-compatible; numbered lists that continue across
lists in the PDF.

Reading back and merging: two coordinators' copies (one sorted, one with inserted and
deleted rows) merged without losing an entry, a cell both changed kept as a conflict.

Other tests for the same traps live next to the code they cover (tests/word, tests/matrix,
tests/output, tests/cli).
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import io
import json
import re
import shutil
import subprocess
import threading
import time
import tomllib
import warnings
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from lxml import etree
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from helpers import KEY, column_letter
from yhdyspinta_docs._assets import default_template, example_plan_path
from yhdyspinta_docs._build import (
    BuildOptions,
    make_decisions,
    make_documents,
    make_plan_documents,
    make_report,
)
from yhdyspinta_docs.contexts._decision import decision_context
from yhdyspinta_docs.contexts._plan import plan_context
from yhdyspinta_docs.contexts._report import report_context
from yhdyspinta_docs.errors import ConversionError, MatrixError, MergeConflictError, TemplateError
from yhdyspinta_docs.matrix._collect import collect
from yhdyspinta_docs.matrix._followup import FollowupData, FollowupRow, Status
from yhdyspinta_docs.matrix._write import write_matrix
from yhdyspinta_docs.output import _pdf as convert
from yhdyspinta_docs.output._pdf import convert_to_pdf
from yhdyspinta_docs.plan._loader import load_plan
from yhdyspinta_docs.plan._model import PlanFile
from yhdyspinta_docs.word import DocProperties, WordTemplate, template_variables

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
STRICT = etree.XMLParser(recover=False, resolve_entities=False)
WHEN = dt.date(2026, 3, 2)

# -- shared inputs ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pf() -> PlanFile:
    return load_plan(example_plan_path())


def _plan(edit: Any) -> PlanFile:
    data = load_plan(example_plan_path()).model_dump(by_alias=True, mode="json")
    edit(data)
    return PlanFile.model_validate(data)


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def _xml(data: bytes, name: str) -> etree._Element:
    return etree.fromstring(_parts(data)[name], STRICT)


@pytest.fixture(scope="module")
def word_documents(pf: PlanFile) -> dict[str, bytes]:
    """Every kind of Word document the program makes: proposal, plan, report (+ its proposal)."""
    docs = {o.kind: o.data for o in make_decisions(pf, BuildOptions())}
    docs["plan"] = make_plan_documents(pf, BuildOptions())[0].data
    followup = write_matrix(pf, key=KEY, date=WHEN).followup
    for out in make_report(pf, followup, BuildOptions(), on=WHEN):
        docs["report" if out.kind == "report" else "report-decision"] = out.data
    del docs["opendata"]
    return docs


# -- docxtpl ------------------------------------------------------------------------------------


def test_core_title_with_ampersand_is_escaped_once(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["asia"]["otsikko"] = "Yhdyspintasuunnitelma & <liite> \"A\" 'B'"
        data["suunnitelma"]["nimi"] = "Suunnitelma & seuranta"

    outputs = make_documents(_plan(edit), BuildOptions(matrix=False))
    titles = {o.kind: o.data for o in outputs if o.path.endswith(".docx")}
    assert set(titles) == {"decision", "plan"}
    expected = {"decision": "LUONNOS – Aluehallitus: Yhdyspintasuunnitelma & <liite> \"A\" 'B'",
                "plan": "LUONNOS – Suunnitelma & seuranta"}
    for kind, data in titles.items():
        core = Document(io.BytesIO(data)).core_properties
        assert core.title == expected[kind]
        raw = _parts(data)["docProps/core.xml"].decode()
        assert "&amp;amp;" not in raw and "&amp;" in raw and "&amp;lt;" not in raw


def test_every_template_variable_is_required(pf: PlanFile) -> None:
    before = write_matrix(pf, key=KEY, date=WHEN).followup
    rows = list(before.rows)  # a change since the previous period, so every branch renders
    rows[0] = rows[0].model_copy(update={"status": Status.DONE, "description": "Valmis.",
                                         "updated": WHEN})
    now = before.model_copy(update={"rows": rows})
    dated = pf.model_copy(update={"plan": pf.plan.model_copy(update={"date": WHEN})})
    contexts = {"decision": decision_context(pf, allow_drafts=True), "plan": plan_context(dated),
                "report": report_context(pf, now, "fi", previous=before, on=WHEN)}
    assert contexts["report"]["changes"] and contexts["decision"]["draft"]
    for kind, ctx in contexts.items():
        template = WordTemplate(default_template(kind))
        used = template_variables(default_template(kind))
        assert len(used) > 10 and used <= set(ctx)
        for key in sorted(used):
            partial = {k: v for k, v in ctx.items() if k != key}
            with pytest.raises(TemplateError, match=f"'{key}' is undefined"):
                template.render(partial, DocProperties(title="x"))


@pytest.mark.slow
def test_500_measures_build_and_read_back_within_a_minute(pf: PlanFile) -> None:
    def edit(data: dict[str, Any]) -> None:
        first = data["suunnitelma"]["toimenpiteet"][0]
        data["suunnitelma"]["toimenpiteet"] = [
            dict(first, tunnus=f"t{i}", otsikko=f"Toimenpide {i}", aikataulu="2026",
                 kuvaus=f"Kuvaus {i}\n\n- yksi\n- kaksi", mittarit=[f"Mittari {i}"])
            for i in range(500)]

    big = _plan(edit)
    start = time.perf_counter()
    outputs = make_documents(big, BuildOptions(key=KEY))
    elapsed = time.perf_counter() - start
    assert elapsed < 60, f"500 measures took {elapsed:.1f} s"
    docs = {o.kind: o.data for o in outputs}
    table = _xml(docs["plan"], "word/document.xml").find(".//w:tbl", NS)
    assert table is not None and len(table.findall("w:tr", NS)) == 501
    items = [p for p in _xml(docs["decision"], "word/document.xml").iter(f"{{{W}}}p")
             if "".join(p.itertext()).startswith("Toimenpide ")]
    assert len(items) == 500 and all(p.find("w:pPr/w:numPr", NS) is not None for p in items)
    start = time.perf_counter()
    wb = load_workbook(io.BytesIO(docs["matrix"]))
    assert wb["Seuranta"].max_row == 500 * 24 + 1
    assert time.perf_counter() - start < 60


@pytest.mark.slow
def test_builds_seconds_apart_are_byte_identical(pf: PlanFile) -> None:
    """Zip timestamps have a 2-second resolution and openpyxl stamps 'modified' with the
    clock: two builds more than 2 s apart must still give the same bytes."""
    options = BuildOptions(key=KEY, for_each_party=False)
    first = {o.path: o.data for o in make_documents(pf, options)}
    time.sleep(2.2)
    second = {o.path: o.data for o in make_documents(pf, options)}
    assert {p.rsplit(".", 1)[-1] for p in first} >= {"docx", "xlsx", "json"}
    assert first == second
    for path, data in first.items():
        if path.endswith((".docx", ".xlsx")):
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            core = _parts(data)["docProps/core.xml"].decode()
            stamps = re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core)
            assert len(stamps) == 2 and len(set(stamps)) == 1, stamps


# -- python-docx --------------------------------------------------------------------------------


def test_no_python_docx_default_parts_or_properties(word_documents: dict[str, bytes]) -> None:
    for kind, data in word_documents.items():
        parts = _parts(data)
        assert "docProps/thumbnail.jpeg" not in parts, kind
        assert not any(name.startswith("customXml/") for name in parts), kind
        core = Document(io.BytesIO(data)).core_properties
        assert core.title and core.author and core.author != "python-docx", kind
        assert core.last_modified_by != "python-docx" and core.language == "fi-FI", kind
        assert core.created is not None and core.created.year >= 2025, kind
        assert core.modified == core.created and core.revision == 1, kind
        app = parts["docProps/app.xml"].decode()
        assert "python-docx" not in app, kind


def _lang_elements(data: bytes) -> dict[str, list[str]]:
    """Where w:lang occurs: part name → the paths of its parents (docDefaults expected)."""
    out: dict[str, list[str]] = {}
    for name, blob in _parts(data).items():
        if name.startswith("word/") and name.endswith(".xml"):
            root = etree.fromstring(blob, STRICT)
            tree = root.getroottree()
            found = [tree.getpath(el) for el in root.iter(f"{{{W}}}lang")]
            if found:
                out[name] = found
    return out


def test_language_only_in_document_defaults(word_documents: dict[str, bytes],
                                               pf: PlanFile) -> None:
    for kind, data in word_documents.items():
        langs = _lang_elements(data)
        assert list(langs) == ["word/styles.xml"], (kind, langs)
        assert langs["word/styles.xml"] == [
            "/w:styles/w:docDefaults/w:rPrDefault/w:rPr/w:lang"], kind
        lang = _xml(data, "word/styles.xml").find(".//w:docDefaults//w:lang", NS)
        assert lang.get(f"{{{W}}}val") == "fi-FI"
    swedish = load_plan(example_plan_path("pohjanmaa"))
    sv = next(o for o in make_decisions(swedish, BuildOptions(languages=["sv"]))
              if o.kind == "decision")
    assert list(_lang_elements(sv.data)) == ["word/styles.xml"]
    lang = _xml(sv.data, "word/styles.xml").find(".//w:docDefaults//w:lang", NS)
    assert lang.get(f"{{{W}}}val") == "sv-FI"


def test_page_fields_without_an_update_prompt(word_documents: dict[str, bytes]) -> None:
    for kind, data in word_documents.items():
        settings = _xml(data, "word/settings.xml")
        assert settings.find("w:updateFields", NS) is None, kind
        headers = [n for n in _parts(data) if re.match(r"word/header\d*\.xml$", n)]
        instr = " ".join(t.text or "" for n in headers
                         for t in _xml(data, n).iter(f"{{{W}}}instrText", f"{{{W}}}fldSimple"))
        instr += " ".join(el.get(f"{{{W}}}instr", "") for n in headers
                          for el in _xml(data, n).iter(f"{{{W}}}fldSimple"))
        assert "PAGE" in instr and "NUMPAGES" in instr, kind


def test_styles_numbering_and_table_grids_exist(word_documents: dict[str, bytes]) -> None:
    for kind, data in word_documents.items():
        parts = _parts(data)
        styles = _xml(data, "word/styles.xml")
        defined = {(s.get(f"{{{W}}}type"), s.get(f"{{{W}}}styleId"))
                   for s in styles.findall("w:style", NS)}
        nums = ({n.get(f"{{{W}}}numId") for n in _xml(data, "word/numbering.xml").findall(
            "w:num", NS)} if "word/numbering.xml" in parts else set())
        for name in parts:
            if not re.match(r"word/(document|header\d*|footer\d*|footnotes)\.xml$", name):
                continue
            root = _xml(data, name)
            for tag, style_type in (("pStyle", "paragraph"), ("rStyle", "character"),
                                    ("tblStyle", "table")):
                for el in root.iter(f"{{{W}}}{tag}"):
                    assert (style_type, el.get(f"{{{W}}}val")) in defined, (kind, name, tag)
            for el in root.iter(f"{{{W}}}numId"):
                assert el.get(f"{{{W}}}val") in nums | {"0"}, (kind, name)
            for table in root.iter(f"{{{W}}}tbl"):
                grid = table.findall("w:tblGrid/w:gridCol", NS)
                assert grid and all(int(g.get(f"{{{W}}}w")) > 0 for g in grid), (kind, name)
                for row in table.findall("w:tr", NS):
                    cells = row.findall("w:tc", NS)
                    span = sum(int(c.find("w:tcPr/w:gridSpan", NS).get(f"{{{W}}}val"))
                               if c.find("w:tcPr/w:gridSpan", NS) is not None else 1
                               for c in cells)
                    assert span == len(grid), (kind, name)
                    assert all(c.find("w:tcPr/w:tcW", NS) is not None for c in cells), kind


def test_matrix_styles_used_by_the_code_exist() -> None:
    source = "".join(path.read_text("utf-8") for path in
                     (ROOT / "src" / "yhdyspinta_docs" / "matrix").glob("*.py"))
    used = set(re.findall(r'"(YP [^"]+)"', source))
    assert len(used) >= 4
    assert used <= set(load_workbook(default_template("matrix")).named_styles)


# -- openpyxl -----------------------------------------------------------------------------------

_LOSSY = (b"<extLst", b"x14:", b"legacyDrawing", b"<drawing", b"mc:AlternateContent")


def test_matrix_template_has_only_features_that_survive_load_and_save(pf: PlanFile) -> None:
    template = default_template("matrix")
    parts = _parts(template.read_bytes())
    assert not any(n.startswith(("xl/media/", "xl/drawings/", "xl/comments", "xl/vba"))
                   for n in parts)
    for name, blob in parts.items():
        assert not any(marker in blob for marker in _LOSSY), name
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        source = load_workbook(template)
    previous = FollowupData(plan_id=pf.plan.id, plan_version="1", rows=[
        FollowupRow.from_key("poistettu/joutsa", status="Valmis")])
    made = load_workbook(io.BytesIO(write_matrix(pf, key=KEY, previous=previous, date=WHEN).data))
    assert set(source.defined_names) <= set(made.defined_names)
    for ws in source.worksheets:
        out = made[ws.title]
        assert out.sheet_state == ws.sheet_state, ws.title
        added = {"Yhteenveto_osapuolet", "Yhteenveto_tilat"} if ws.title == "Yhteenveto" else set()
        assert set(out.tables) == set(ws.tables) | added, ws.title  # the summary's blocks
        assert len(out.data_validations.dataValidation) == len(
            ws.data_validations.dataValidation), ws.title
        assert len(list(out.conditional_formatting)) == len(
            list(ws.conditional_formatting)), ws.title
        assert (out.freeze_panes, out.print_title_rows) == (ws.freeze_panes,
                                                            ws.print_title_rows), ws.title
        assert bool(out.protection.sheet) == bool(ws.protection.sheet), ws.title
        for c in ws[1]:
            assert out.cell(1, c.column).value == c.value, ws.title
    assert made.security is not None and made.security.lockStructure


def _tiedostot(pf: PlanFile, tmp_path: Path) -> dict[str, Workbook]:
    """A party copy, the coordinator's copy, and a merged matrix with conflicts and archive."""
    sent = write_matrix(pf, key=KEY, date=WHEN).data
    files = []
    for n, text in enumerate(("Ensimmäinen", "Toinen")):
        wb = load_workbook(io.BytesIO(sent))
        ws = wb["Seuranta"]
        head = {c.value: c.column for c in ws[1]}
        ws.cell(2, head["Tilannekuvaus"]).value = text
        path = tmp_path / f"palautus{n}.xlsx"
        wb.save(path)
        files.append(path)
    previous = FollowupData(plan_id=pf.plan.id, plan_version="1", rows=[
        FollowupRow.from_key("poistettu/joutsa", status="Valmis")])
    merged = collect(pf, files, key=KEY, date=WHEN, allow_combined=True).workbook
    party = write_matrix(pf, key=KEY, party="joutsa", date=WHEN).data
    return {"party": load_workbook(io.BytesIO(party)),
            "coordinator": load_workbook(io.BytesIO(sent)),
            "archive": load_workbook(io.BytesIO(write_matrix(pf, key=KEY, previous=previous,
                                                             date=WHEN).data)),
            "conflicts": load_workbook(io.BytesIO(merged))}


def test_every_workbook_table_is_one_excel_keeps(pf: PlanFile, tmp_path: Path) -> None:
    books = _tiedostot(pf, tmp_path)
    assert "Ristiriidat" in books["conflicts"].sheetnames
    assert "Arkisto" in books["archive"].sheetnames
    for label, wb in books.items():
        names = [t.displayName for ws in wb.worksheets for t in ws.tables.values()]
        assert len(names) == len(set(names)) and names, label
        for ws in wb.worksheets:
            for table in ws.tables.values():
                cells = ws[table.ref]
                headers = [c.value for c in cells[0]]
                assert all(isinstance(h, str) and h for h in headers), (label, ws.title)
                assert headers == [c.name for c in table.tableColumns], (label, ws.title)
                assert table.autoFilter is None or table.autoFilter.ref == table.ref
                for merged in ws.merged_cells.ranges:
                    assert not (set(merged.cells) & {(c.row, c.column) for row in cells
                                                      for c in row}), (label, ws.title)


def test_no_inline_list_over_255_and_off_list_values_refused(pf: PlanFile,
                                                                tmp_path: Path) -> None:
    for label, wb in _tiedostot(pf, tmp_path).items():
        lists = [dv for ws in wb.worksheets for dv in ws.data_validations.dataValidation
                 if dv.type == "list"]
        assert lists, label
        for dv in lists:
            formula = dv.formula1 or ""
            if formula.startswith('"'):
                assert len(formula) - 2 <= 255, (label, formula)
            else:
                name = formula.lstrip("=")
                target = wb.defined_names[name].attr_text
                assert wb[target.split("!")[0].strip("'")].sheet_state != "visible", label
    wb = load_workbook(io.BytesIO(write_matrix(pf, key=KEY, party="joutsa", date=WHEN).data))
    ws = wb["Seuranta"]
    head = {c.value: c.column for c in ws[1]}
    ws.cell(3, head["Tilanne"]).value = "Melkein valmis"  # pasted over the dropdown
    path = tmp_path / "joutsa.xlsx"
    wb.save(path)
    with pytest.raises(MatrixError) as info:
        collect(pf, [path], key=KEY, date=WHEN)
    cell = f"{ws.cell(3, head['Tilanne']).coordinate}"
    assert any(str(i).startswith(f"joutsa.xlsx: Seuranta!{cell}: Tilanne: 'Melkein valmis' "
                                 "is not a status") for i in info.value.issues)


def test_plan_text_longer_than_a_cell_is_our_error(pf: PlanFile) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["suunnitelma"]["toimenpiteet"][0]["otsikko"] = "x" * 40000

    long_title = _plan(edit)
    message = (r"suunnitelma\.toimenpiteet\[0\]\.otsikko: text of 40000 characters does not "
               r"fit in a matrix cell \(at most 32767\)")
    with pytest.raises(MatrixError, match=message):
        write_matrix(long_title, key=KEY, date=WHEN)
    with pytest.raises(MatrixError, match=message):
        make_documents(long_title, BuildOptions(key=KEY, plan_document=False))
    # text typed into a cell of a returned file: test_collect.py, 'pitka.xlsx'


def test_external_entity_is_refused_without_reading_it(pf: PlanFile, tmp_path: Path) -> None:
    """XXE: an entity pointing at a local file (billion laughs and zip bombs: test_collect)."""
    secret = tmp_path / "salainen.txt"
    secret.write_text("SALAINEN-ARVO", "utf-8")
    doctype = f'<!DOCTYPE w [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'.encode()
    parts = _parts(write_matrix(pf, key=KEY, party="joutsa", date=WHEN).data)
    sheet = next(n for n, blob in parts.items()
                 if n.startswith("xl/worksheets/") and b"asuminen/joutsa" in blob)
    parts[sheet] = parts[sheet].replace(b"<worksheet", doctype + b"<worksheet", 1).replace(
        b"asuminen/joutsa", b"&xxe;", 1)
    path = tmp_path / "xxe.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in parts.items():
            z.writestr(name, blob)
    with pytest.raises(MatrixError) as info:
        collect(pf, [path], key=KEY, date=WHEN)
    text = str(info.value)
    assert "xxe.xlsx: Seuranta: contains XML entity or DTD declarations" in text
    assert "SALAINEN-ARVO" not in text


def test_openpyxl_has_a_lower_bound_and_no_cap() -> None:
    # only openpyxl's public API is used, so a newer release is allowed; 3.1 is the oldest
    # whose defined names are dict-like, and 3.1.2 the first that prints no sheet titles
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    pins = [d for d in project["dependencies"] if d.startswith("openpyxl")]
    assert pins == ["openpyxl>=3.1.2"]
    major, minor = (int(p) for p in importlib.metadata.version("openpyxl").split(".")[:2])
    assert (major, minor) >= (3, 1)
    wb = load_workbook(default_template("matrix"))
    assert wb.defined_names["Tilat"].attr_text  # 3.1's dict-like defined names


# -- LibreOffice --------------------------------------------------------------------------------


def _fake_soffice(monkeypatch: pytest.MonkeyPatch, writes: bool, tmp_path: Path) -> Path:
    """Put a fake soffice in place: it logs each command (one JSON list a line, in the file
    returned) and writes the PDFs only if `writes`, always exiting 0 as LibreOffice does for a
    file it cannot load."""
    from helpers import fake_soffice

    log = tmp_path / "fake-soffice.jsonl"
    monkeypatch.setattr(convert, "soffice_path",
                        lambda: str(fake_soffice(tmp_path, "write" if writes else "nothing",
                                                 log)))
    return log


def test_exit_code_zero_without_a_pdf_is_a_failure(monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    _fake_soffice(monkeypatch, writes=False, tmp_path=tmp_path)
    source = tmp_path / "paatos.docx"
    with zipfile.ZipFile(source, "w") as z:  # a package, so the fake soffice is reached
        z.writestr("[Content_Types].xml", "<Types/>")
    stale = tmp_path / "out" / "paatos.pdf"
    stale.parent.mkdir()
    stale.write_bytes(b"%PDF old")  # a PDF from an earlier run must not pass for a new one
    with pytest.raises(ConversionError, match=r"exit code 0\) made no PDF for: paatos\.docx"):
        convert_to_pdf([source], tmp_path / "out")
    assert not stale.exists()


def test_every_conversion_has_its_own_profile(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    log = _fake_soffice(monkeypatch, writes=True, tmp_path=tmp_path)
    source = tmp_path / "a.docx"
    with zipfile.ZipFile(source, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    convert_to_pdf([source], tmp_path / "one")
    convert_to_pdf([source], tmp_path / "two")
    commands = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    assert len(commands) == 2
    profiles = [next(a for a in c if a.startswith("-env:UserInstallation=")) for c in commands]
    assert len(set(profiles)) == 2
    assert all("--norestore" in c and "--headless" in c for c in commands)


@pytest.fixture(scope="module")
def lo_inputs(pf: PlanFile, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("lo")
    out = {}
    for o in make_documents(pf, BuildOptions(key=KEY)):
        if o.kind in ("decision", "matrix"):
            out[o.kind] = folder / Path(o.path).name
            out[o.kind].write_bytes(o.data)
    return out


@pytest.mark.libreoffice
def test_unescaped_ampersand_is_a_conversion_error(lo_inputs: dict[str, Path],
                                                      tmp_path: Path) -> None:
    broken = tmp_path / "rikki.docx"
    with zipfile.ZipFile(lo_inputs["decision"]) as src, zipfile.ZipFile(broken, "w") as dst:
        for name in src.namelist():
            blob = src.read(name)
            if name == "word/document.xml":
                blob = blob.replace(b"Keski-Suomen", b"Keski & Suomen", 1)
            dst.writestr(name, blob)
    with pytest.raises(ConversionError, match=r"made no PDF for: rikki\.docx"):
        convert_to_pdf([broken], tmp_path / "pdf")


@pytest.mark.libreoffice
def test_a_text_file_named_docx_is_not_a_document(tmp_path: Path) -> None:
    fake = tmp_path / "paatos.docx"
    fake.write_text("tämä ei ole Word-asiakirja\n", "utf-8")
    with pytest.raises(ConversionError, match="paatos.docx"):
        convert_to_pdf([fake], tmp_path / "pdf")


@pytest.mark.libreoffice
@pytest.mark.slow
def test_parallel_conversions_do_not_collide(lo_inputs: dict[str, Path],
                                                tmp_path: Path) -> None:
    results: dict[int, list[Path] | BaseException] = {}

    def work(n: int) -> None:
        try:
            results[n] = convert_to_pdf([lo_inputs["decision"]], tmp_path / f"pdf{n}")
        except BaseException as exc:  # reported below
            results[n] = exc

    threads = [threading.Thread(target=work, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    for n in range(2):
        assert isinstance(results[n], list), results[n]
        (pdf,) = results[n]  # type: ignore[misc]
        assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.libreoffice
def test_pdf_fonts_are_embedded_metric_compatible_ones(lo_inputs: dict[str, Path],
                                                      tmp_path: Path) -> None:
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    pdfs = convert_to_pdf([lo_inputs["decision"], lo_inputs["matrix"]], tmp_path)
    for pdf in pdfs:
        listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                                 check=True).stdout.splitlines()[2:]
        assert listing, pdf.name
        for line in listing:
            name = line.split()[0].split("+")[-1]
            assert name.startswith(("Liberation", "Carlito", "Caladea")), (pdf.name, line)
            assert line.split()[-5] == "yes", (pdf.name, line)  # emb sub uni object ID


@pytest.mark.libreoffice
def test_each_numbered_list_starts_at_one_in_the_pdf(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["asia"]["selostus"][0]["sisalto"] = [
            "Ensimmäinen luettelo:\n\n1. Alfa\n2. Beeta",
            "Toinen luettelo:\n\n1. Gamma\n2. Delta\n3. Epsilon"]

    docs = {o.kind: o for o in make_decisions(_plan(edit), BuildOptions())}
    source = tmp_path / "paatos.docx"
    source.write_bytes(docs["decision"].data)
    (pdf,) = convert_to_pdf([source], tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    numbers = {word: int(n) for n, word in re.findall(
        r"^\s*(\d+)\.\s+(Alfa|Beeta|Gamma|Delta|Epsilon)\b", text, re.M)}
    assert numbers == {"Alfa": 1, "Beeta": 2, "Gamma": 1, "Delta": 2, "Epsilon": 3}, text


# -- reading back and merging ---------------------------------------------------------------------


def _edit(sent: bytes, edits: dict[str, dict[str, str]], path: Path, *, sort: bool = False,
          insert_at: int | None = None, delete_key: str | None = None) -> Path:
    wb = load_workbook(io.BytesIO(sent))
    ws = wb["Seuranta"]
    head = {c.value: c.column for c in ws[1]}
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    for key, values in edits.items():
        for header, value in values.items():
            ws.cell(rows[key], head[header]).value = value
    if delete_key is not None:
        ws.delete_rows(rows[delete_key])
    if sort:
        width = ws.max_column
        values = [[ws.cell(r, c).value for c in range(1, width + 1)]
                  for r in range(2, ws.max_row + 1)]
        values.sort(key=lambda row: str(row[0]), reverse=True)
        for r, row in enumerate(values, start=2):
            for c, value in enumerate(row, start=1):
                ws.cell(r, c).value = value
    if insert_at is not None:
        ws.insert_rows(insert_at, 2)  # blank rows for the coordinator's own notes
    wb.save(path)
    return path


def test_merge_of_two_coordinators_copies_loses_no_entry(pf: PlanFile, tmp_path: Path) -> None:
    """Two coordinators edit different cells of one row; one sorts, one inserts rows and
    deletes a row; a cell both changed differently is a conflict with both values."""
    sent = write_matrix(pf, key=KEY, date=WHEN).data
    a = _edit(sent, {"asuminen/joutsa": {"Tilanne": "Valmis"},
                     "tietopohja/laukaa": {"Tilannekuvaus": "Aineisto koottu"},
                     "edunvalvonta/muurame": {"Seuraavat toimenpiteet": "Kokous syksyllä"}},
              tmp_path / "a.xlsx", sort=True)
    b = _edit(sent, {"asuminen/joutsa": {"Tilannekuvaus": "Työryhmä koottu",
                                         "Päivitetty": "1.7.2026"},
                     "edunvalvonta/muurame": {"Seuraavat toimenpiteet": "Kokous keväällä"}},
              tmp_path / "b.xlsx", insert_at=10, delete_key="tietopohja/laukaa")
    result = collect(pf, [a, b], key=KEY, date=WHEN, allow_combined=True)  # coordinators
    rows = result.data.by_key()
    joutsa = rows["asuminen/joutsa"]
    assert (joutsa.status.value if joutsa.status else None, joutsa.description,
            joutsa.updated) == ("Valmis", "Työryhmä koottu", dt.date(2026, 7, 1))
    assert rows["tietopohja/laukaa"].description == "Aineisto koottu"  # a missing row is kept
    assert rows["edunvalvonta/muurame"].next_steps is None  # ours (the value sent) is kept
    (conflict,) = result.conflicts
    assert (conflict.key, conflict.column) == ("edunvalvonta/muurame", "Seuraavat toimenpiteet")
    assert sorted((v.file, v.value) for v in conflict.values) == [
        ("a.xlsx", "Kokous syksyllä"), ("b.xlsx", "Kokous keväällä")]
    next_steps = column_letter("Seuraavat toimenpiteet")
    assert all(re.fullmatch(rf"Seuranta!{next_steps}\d+", v.cell) for v in conflict.values)
    merged = load_workbook(io.BytesIO(result.workbook))
    listed = {tuple(c.value for c in row) for row in merged["Ristiriidat"].iter_rows(min_row=4)}
    assert {(r[0], r[4], r[6]) for r in listed} == {
        ("edunvalvonta/muurame", "a.xlsx", "Kokous syksyllä"),
        ("edunvalvonta/muurame", "b.xlsx", "Kokous keväällä")}
    with pytest.raises(MergeConflictError, match="edunvalvonta/muurame"):
        result.raise_for_conflicts()
    assert sum(r.has_entries for r in result.data.rows) == 2
    provenance = {s.file: s.changed_cells for s in result.sources}
    assert provenance == {"a.xlsx": 3, "b.xlsx": 3}
    json.loads(result.data.model_dump_json())
